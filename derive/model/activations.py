"""Activation functions: each is one small definition.

`formula(t)` is sigma(t) itself; `law(s, t)`, when given, writes sigma'(t) through
s = sigma(t) (the kernel re-derives it from `formula` before trusting it). relu has no derivative
at 0: its sigma' is the step function H, whose value at 0 is left unknown (KINK), so that nothing
is proved by a convention there (with H(0) = 1/2, the chain rule through relu(relu(t)) at t = 0
gives 1/4 where the symmetric difference gives 1/2).
"""
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from sympy import (Abs, DiracDelta, Dummy, Heaviside, Integer, Max, Min, Symbol, cancel, diff, exp, expand, log, nan,
                   oo, sign, tanh, zoo)

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


class KinkError(ValueError):
    """sympy's derivative may be wrong where a step function in it is at its jump, and derive cannot tell."""


def at_kinks(dg, g, q):
    """dg, sympy's derivative of g by q, checked where sgn of q, or the DiracDelta of H' and sgn', is at its jump:
    sympy's formula holds off the jumps. H's own value there is KINK (no value), so that its jumps need no check.
    Of c q (c a nonzero number) the jump is at q = 0: there DiracDelta(c q) is written 0 and the rest is the
    derivative when it is continuous there (at every value of the other quantities that makes its two sides
    agree, its value is theirs), or there is none (its sides, or g's, differ). A KinkError when neither is shown
    (b sgn(b)^2 has the derivative 1 at b = 0, where sgn(b)^2 is 0), and for sgn of another argument holding q,
    whose jump derive does not place (|b + |b|| - |b - |b|| is 2b, and sympy writes 0 at b = 0). A DiracDelta of
    another argument stays (no value at its jump), and beside one of c q leaves the sides unknown."""
    steps = [e for e in dg.atoms(DiracDelta, sign) if e.args[0].has(q)]
    deltas, signs = [e for e in steps if isinstance(e, DiracDelta)], [e for e in steps if isinstance(e, sign)]
    odd = next((e.args[0] for e in signs if not _of(e.args[0], q)), None)
    if odd is not None:
        raise KinkError(f"the derivative where {odd} = 0")
    if not signs and not any(_of(e.args[0], q) for e in deltas):
        return dg                               # H, and DiracDelta of another argument: no value at their jumps
    rest = dg.replace(lambda e: isinstance(e, DiracDelta) and _of(e.args[0], q), lambda e: Integer(0))
    sides = _sides(rest, q)
    if sides is not None:
        above, below = sides
        gap, off = expand(above - below), expand(rest.xreplace({q: 0}) - above)
        if off == 0 or gap != 0 and _finite(cancel(off / gap)):
            return rest
    jumps = _sides(g, q)
    if jumps is not None and (jumps[0] - jumps[1]).is_zero is False:
        return rest
    raise KinkError(f"the derivative where {q} = 0")


def kinks_across(g, parts, kinked=(), stepped=()):
    """A part (of the quantities through which the variable moves g) is inside sgn or |.| while another part moves
    too. at_kinks checks each part's kinks with the others held still; where another moves with the variable a
    jump or kink may vanish, and the chain rule's value there is sgn's 0: sgn(b)^2 z is b where z = b, with the
    derivative 1 at b = 0, where the chain rule gives sgn(0)^2 = 0. (H at its jump has no value: no such risk.)
    So, too, for `kinked` parts, which may lack a derivative themselves (a sum of |w|, C under L1): beside another
    kinked part (|w| - (|w| + w sgn(w)^2), two sums, is -w) or not added to the other parts (times z) they are
    refused, and so is sgn or |.| of a kinked part, alone too (P - |P| with P = |b| + b is 0, and the chain rule
    gives 1 at b = 0, where both kinks meet); added to smooth parts they keep their kink. A `stepped` part (whose
    derivative holds H: relu(z) + relu(-z) + z) is refused inside sgn or |.| too (H(z) - H(-z) is 0 at z = 0)."""
    inside = [p for p in parts if any(e.has(p) for e in g.atoms(sign, Abs))]
    if set(inside) & set(stepped):
        return True
    kinked = [p for p in parts if p in kinked]
    if set(inside) & set(kinked):
        return True
    if len(parts) < 2:
        return False
    return bool(inside) or len(kinked) > 1 or any(derivative(g, p).has(*(set(parts) - {p})) for p in kinked)


def _of(t, q):
    """t is c q, c a nonzero number."""
    c, rest = t.as_coeff_Mul()
    return c != 0 and rest == q


def _sides(e, q):
    """e's values as q comes to 0 from above and from below (every other quantity kept), or None when a step
    function stays at its jump or a value is not finite."""
    h = Dummy(positive=True)
    out = []
    for s in (1, -1):
        near = e.xreplace({q: s * h})
        if any(t.args[0].has(h) for t in near.atoms(sign, Heaviside, DiracDelta)):
            return None
        out.append(expand(near.xreplace({h: 0})))
    return None if any(t.has(nan, zoo, oo, -oo) for t in out) else out


@lru_cache(maxsize=None)
def _has_kink(formula):
    return formula(T).has(Max, Min, Abs, sign, Heaviside)


def _finite(k):
    """k is finite wherever its symbols have values: no denominator but a nonzero number."""
    return k.as_numer_denom()[1].is_number and k.as_numer_denom()[1] != 0 and not k.has(nan, zoo, oo, -oo)


@dataclass(frozen=True)
class Activation:
    name: str
    formula: Optional[Callable] = None        # t -> sigma(t); None: generic sigma
    law: Optional[Callable] = None            # (s, t) -> sigma'(t) with s = sigma(t)
    about: str = ""

    @property
    def generic(self):
        return self.formula is None

    @property
    def kinked(self):
        """The formula has a kink or a jump (relu: max(0, t)): its sigma' is a step function."""
        return not self.generic and _has_kink(self.formula)


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
