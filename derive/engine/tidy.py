"""Algebra for display: products collected, fractions cancelled, sums kept as sums."""
from sympy import Add, Mul, Sum, cancel, expand, factor_terms, together


def tidy(expr):
    """A readable equal form: constants moved into sums, rational parts cancelled."""
    expr = expr.replace(lambda e: isinstance(e, Mul) and any(isinstance(f, Sum) for f in e.args),
                        _into_sum)
    if expr.atoms(Sum):
        return expr
    return factor_terms(cancel(together(expand(expr))))


def _into_sum(product):
    sums = [f for f in product.args if isinstance(f, Sum)]
    if len(sums) != 1:
        return product
    s = sums[0]
    rest = Mul(*[f for f in product.args if f is not s])
    return Sum(rest * s.function, *s.limits)
