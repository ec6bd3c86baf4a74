"""Algebra for display: constants moved into sums, fractions cancelled with tidy signs."""
from sympy import Add, Mul, Sum, cancel, count_ops, factor, fraction, together


def tidy(expr):
    """A readable equal form of expr: the shortest of itself, its cancelled and factored forms."""
    expr = expr.replace(lambda e: isinstance(e, Mul) and any(isinstance(f, Sum) for f in e.args),
                        _into_sum)
    if expr.atoms(Sum):
        return expr
    candidates = [expr, _signs(cancel(together(expr))), _signs(factor(expr))]
    return min(candidates, key=lambda e: (count_ops(e), len(str(e))))


def _signs(expr):
    """-p/(-q) -> p/q with the minus sign absorbed by a factor of the denominator."""
    num, den = fraction(expr)
    if den == 1:
        return expr
    if num.could_extract_minus_sign():
        num, den = -num, -den
    return num / _positive(factor(den))


def _positive(den):
    """-x (x - 1) -> x (1 - x): a leading minus sign absorbed into one factor."""
    coeff, rest = den.as_coeff_Mul()
    if coeff != -1:
        return den
    factors = list(Mul.make_args(rest))
    for t, f in enumerate(factors):
        if isinstance(f, Add):
            factors[t] = -f
            return Mul(*factors)
    return den


def _into_sum(product):
    sums = [f for f in product.args if isinstance(f, Sum)]
    if len(sums) != 1:
        return product
    s = sums[0]
    rest = Mul(*[f for f in product.args if f is not s])
    return Sum(rest * s.function, *s.limits)
