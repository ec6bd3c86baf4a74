"""A counterexample, evaluated by the kernel: both sides of an equality instantiated on a concrete
net at the point of a seed (model/numeric.py, 40 digits), their common terms cancelled; what is
left counts when it exceeds 1e-12 of the terms' sizes and 1e-15."""
import mpmath
from sympy import Add, expand

from ..model.instances import Undefined, contains, instantiate
from ..model import numeric
from ..model.symbols import M
from .verdict import Counterexample

RELATIVE, ABSOLUTE = 1e-12, 1e-15   # two numbers differ beyond both


def evaluate(network, lhs, rhs, domain, candidate):
    """The Counterexample at candidate (widths, {index: value}, seed), or None."""
    widths, env, seed = candidate
    widths = tuple(widths)
    if not contains(domain, widths, env):
        return None
    try:
        u, v = instantiate(lhs, env, widths), instantiate(rhs, env, widths)
        point = numeric.point(widths, network, seed, env.get(M))
        terms = [point.value(t) for t in Add.make_args(expand(u - v))]
        left, right = point.value(u), point.value(v)
    except (Undefined, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not all(isinstance(t, mpmath.mpf) and mpmath.isfinite(t) for t in terms + [left, right]):
        return None
    difference = mpmath.fsum(terms)
    if abs(difference) <= RELATIVE * mpmath.fsum(abs(t) for t in terms) or abs(difference) <= ABSOLUTE:
        return None
    params = point.parameters() if sum(a * b + a for a, b in zip(widths[1:], widths)) <= 200 else None
    return Counterexample(widths, {str(s): int(t) for s, t in env.items()}, seed, network.activation.name,
                          network.cost.name, float(left), float(right), float(difference), params)
