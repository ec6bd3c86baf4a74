"""Where an expression has a real value, and input whose value sympy would read with a root or a logarithm left out
((√u)^2, √u √u and e^(ln u) are u): the builder refuses it, as a claim is checked where its sides have a value."""
from sympy import Abs, Add, Basic, Mul, Pow, Sum, exp, log

from ..model.symbols import C, C0
from .errors import ParseError


def _conditions(e):
    """Where e has a real value, as the parts that sympy does not know to be >= 0 and must be: a root's (a power's that
    is not whole) and a logarithm's."""
    if not isinstance(e, Basic):
        return set()
    return {p.base for p in e.atoms(Pow) if p.exp.is_integer is not True and not nonnegative(p.base)} | \
        {g.args[0] for g in e.atoms(log) if g.args[0].is_positive is not True}


def nonnegative(e):
    """e >= 0 as derive's quantities are real: an even power, |.|, e^t, the cost (each of derive's is), and sums and
    products of them (a norm's square)."""
    if e.is_nonnegative or isinstance(e, (Abs, exp)) or e in (C, C0) or isinstance(e, Pow) and e.exp.is_even:
        return True
    if isinstance(e, Sum):
        return nonnegative(e.function)
    return isinstance(e, (Add, Mul)) and all(nonnegative(t) for t in e.args)


def values_kept(made, parts, meta, new=()):
    """made, the value sympy makes of the parts, unless it has fewer roots and logarithms that say where it has a real
    value than they have (with `new`, those of the operation): sympy reads (√u)^2, √u √u and e^(ln u) as u, which has a
    value where √u and ln u have none, so a claim would be checked, and refuted, where the side as typed has none."""
    needs = set(new).union(*(_conditions(p) for p in parts))
    if len(_conditions(made)) < len(needs):
        raise ParseError("sympy would read this with a root or logarithm left out ((√u)^2, √u √u and e^(ln u) are u), "
                         "and with it where the side has a real value: write it without them (u, or |u| for u >= 0)",
                         meta.column)
    return made
