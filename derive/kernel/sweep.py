"""Every instance of a claim on a user's concrete network, symbolically and numerically.

Symbolically: both sides of each instance on the network's graph (z and a as symbols,
kernel/adjoint.py), compared exactly. Numerically: both sides of each instance at a random
point, every dC/dq a complex-step derivative (kernel/probe.py), to a relative 1e-9.
"""
import mpmath
from sympy import preorder_traversal

from ..symbols import C, Partial
from .adjoint import Graph, same
from .concrete import Undefined, assignments, instantiate
from .numeric import Numeric, evaluate, key
from .probe import Probe

TOLERANCE = 1e-9                 # relative, or 1e-13 of the largest dC/dq (rounding in sums)
POINTS = 5                       # seeds tried for a point where the cost is defined


class Sweep:
    """One concrete network: check(claim) -> (True | False | None, report, counterexample env)."""

    def __init__(self, network, seed):
        self.network, self.seed = network, seed
        self.widths = network.widths
        self.graph = Graph(self.widths, network.cost, network.activation.law)
        self._point = None

    def check(self, claim):
        pairs = []
        for env in assignments(claim.domain, self.widths):
            try:
                lhs = instantiate(claim.lhs, env, self.widths)
            except Undefined:
                continue                  # nothing is claimed where the left side does not exist
            try:
                rhs = instantiate(claim.rhs, env, self.widths)
            except Undefined as e:
                return False, f"the right side names what the network does not have ({e})", env, None
            if not same(self.graph, lhs, rhs):
                return False, "the two sides differ symbolically", env, None
            pairs.append((env, lhs, rhs))
        if not pairs:
            return True, f"vacuous: the left side has no instance on {list(self.widths)}", None, None
        count = f"all {len(pairs):,} instances" if len(pairs) != 1 else "the one instance"
        if any(isinstance(p, Partial) and p.f != C for _, l, r in pairs for e in (l, r)
               for p in preorder_traversal(e)):
            return True, f"{count} on {list(self.widths)} symbolically (numbers: at the points above)", None, None
        point = self.point()
        if point is None:
            return None, (f"{count} on {list(self.widths)} symbolically; numerically not confirmed: the cost is "
                          f"not defined at {POINTS} random points (e.g. a log of a number outside (0, 1))"), None, None
        seed, values, net = point
        floor = 1e-13 * max(map(abs, net.grad.values()), default=0.0)
        worst = 0.0
        for env, lhs, rhs in pairs:
            u, v = complex(evaluate(lhs, values, net)), complex(evaluate(rhs, values, net))
            err = _relative(u, v)
            if not (err <= TOLERANCE or abs(u - v) <= floor):
                return False, "the two sides differ numerically", env, seed
            worst = max(worst, err)
        return True, (f"{count} on {list(self.widths)} symbolically and numerically (complex-step "
                      f"derivatives, max rel. error {worst:.1g})"), None, None

    def point(self):
        """(seed, {key: value or dC/dq}, evaluator hooks) at the first seed where C is defined."""
        if self._point is None:
            self._point = next((p for p in map(self._at, range(POINTS)) if p is not None), False)
        return self._point or None

    def _at(self, t):
        seed = self.seed + 100 + t
        numeric = Numeric(self.widths, self.network.activation, self.network.cost, seed)
        probe = Probe(numeric)
        values = probe.forward()
        c = values["C"]
        if not (abs(c.imag) == 0 and mpmath.isfinite(c.real)):
            return None
        grad = probe.gradient()
        values = {k: (v.real if isinstance(v, complex) else v) for k, v in values.items()}
        return seed, values, _Hooks(numeric, grad)


class _Hooks:
    """What `evaluate` asks of a network: sigma, sigma' and dC/dq (looked up, never recomputed)."""

    def __init__(self, numeric, grad):
        self.sig, self.dsig, self.grad = numeric.sig, numeric.dsig, grad

    def partial(self, f, v, override):
        if f != C or override:
            raise ValueError("only dC/dq is looked up")
        return self.grad[key(v)]


def _relative(u, v):
    scale = max(abs(u), abs(v))
    return 0.0 if scale < 1e-300 else abs(u - v) / scale
