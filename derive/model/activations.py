"""Activation functions: each is one small definition.

`formula(t)` is sigma(t) itself; `law(s, t)`, when given, writes sigma'(t) through
s = sigma(t) (the kernel re-derives it from `formula` before trusting it). relu has no derivative
at 0: its sigma' is the step function H, whose value at 0 is left unknown (KINK), so that nothing
is proved by a convention there (with H(0) = 1/2, the chain rule through relu(relu(t)) at t = 0
gives 1/4 where the symmetric difference gives 1/2).
"""
from dataclasses import dataclass
from typing import Callable, Optional

from sympy import DiracDelta, Dummy, Heaviside, Indexed, Integer, Max, Symbol, diff, exp, expand, log, nan, oo, tanh, zoo

T = Symbol("t", real=True)
KINK = Symbol("H(0)")               # the step function's value at 0: unknown, no name a user can write


def step(t):
    """H(t): 1 for t > 0, 0 for t < 0, KINK at 0."""
    return Heaviside(t, KINK)


def derivative(f, v):
    """df/dv by sympy, with the step function it writes for max(0, t)' (H(0) = 1/2) given KINK at 0."""
    out = diff(f, v)
    if not out.has(Heaviside):                # the hot path: most derivatives have no step function
        return out
    return out.replace(lambda e: isinstance(e, Heaviside) and e.args[1] != KINK, lambda e: step(e.args[0]))


def flat(expr, f=None):
    """expr, the derivative of f, with sympy's DiracDelta(c q), the derivative of H and of sgn at a weighted input,
    bias or weight q (c a nonzero number), written 0 where that leaves the derivative: where q != 0 it is 0; at
    q = 0 the rest is the derivative when it is continuous there, and there is none when the rest or f jumps
    there. Else the delta stays: b sgn(b)^2 has the derivative 1 at b = 0, where sgn(b)^2 is 0. Of any other
    argument it stays too (H(a - sigma(z)) is at its jump wherever a is sigma(z))."""
    if not expr.has(DiracDelta):
        return expr
    for q in {e.args[0].as_coeff_Mul()[1] for e in expr.atoms(DiracDelta) if _free(e.args[0])}:
        rest = expr.replace(lambda e: isinstance(e, DiracDelta) and _free(e.args[0]) and e.args[0].has(q),
                            lambda e: Integer(0))
        if _continuous_or_none(rest, q) or f is not None and _jumps(f, q):
            expr = rest
    return expr


def _sides(e, q):
    """e's values as q comes to 0 from above and from below (every other quantity kept), or None."""
    h = Dummy(positive=True)
    out = [expand(e.xreplace({q: s * h}).xreplace({h: 0})) for s in (1, -1)]
    return None if any(t.has(nan, zoo, oo, -oo) for t in out) else out


def _continuous_or_none(g, q):
    """The derivative g (written for q != 0) is continuous at q = 0, so that g(0) is the derivative there if one
    exists; or its two sides differ there, so that none exists."""
    sides = _sides(g, q)
    if sides is None:
        return False
    above, below = sides
    return (above - below).is_zero is False or above == below and expand(g.xreplace({q: 0})) == above


def _jumps(f, q):
    """f has a jump at q = 0 (so no derivative there)."""
    sides = _sides(f, q)
    return sides is not None and (sides[0] - sides[1]).is_zero is False


def _free(t):
    """t is c q, c a nonzero number and q a weighted input, a bias or a weight: a variable of its own."""
    c, q = t.as_coeff_Mul()
    return c != 0 and isinstance(q, Indexed) and q.base.name in ("z", "b", "w")


@dataclass(frozen=True)
class Activation:
    name: str
    formula: Optional[Callable] = None        # t -> sigma(t); None: generic sigma
    law: Optional[Callable] = None            # (s, t) -> sigma'(t) with s = sigma(t)
    about: str = ""

    @property
    def generic(self):
        return self.formula is None


ACTIVATIONS = {
    act.name: act for act in [
        Activation("generic", about="any differentiable sigma (results hold for every sigma)"),
        Activation("sigmoid", lambda t: 1 / (1 + exp(-t)), lambda s, t: s * (1 - s),
                   "sigma(t) = 1/(1+e^-t)"),
        Activation("tanh", lambda t: tanh(t), lambda s, t: 1 - s ** 2, "sigma(t) = tanh t"),
        Activation("relu", lambda t: Max(0, t), lambda s, t: step(t), "sigma(t) = max(0, t)"),
        Activation("softplus", lambda t: log(1 + exp(t)), lambda s, t: 1 - exp(-s),
                   "sigma(t) = ln(1+e^t)"),
        Activation("identity", lambda t: t, lambda s, t: Integer(1), "sigma(t) = t"),
    ]
}
