"""Activation functions: each is one small definition.

`formula(t)` is sigma(t) itself; `law(s, t)`, when given, writes sigma'(t) through
s = sigma(t) (the kernel re-derives it from `formula` before trusting it). relu has no derivative
at 0: its sigma' is the step function H, whose value at 0 is left unknown (KINK), so that nothing
is proved by a convention there (with H(0) = 1/2, the chain rule through relu(relu(t)) at t = 0
gives 1/4 where the symmetric difference gives 1/2).
"""
from dataclasses import dataclass
from typing import Callable, Optional

from sympy import DiracDelta, Heaviside, Indexed, Integer, Max, Symbol, diff, exp, log, tanh

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


def flat(expr):
    """expr with sympy's DiracDelta(c q), the derivative of H and of sgn at a weighted input, bias or weight q
    (c a nonzero number), written 0: where q != 0 it is 0, and at q = 0 there is none (a side that holds it
    has no value there). Of any other argument it stays (H(a - sigma(z)) is at its jump wherever a is sigma(z))."""
    if not expr.has(DiracDelta):
        return expr
    return expr.replace(lambda e: isinstance(e, DiracDelta) and _free(e.args[0]), lambda e: Integer(0))


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
