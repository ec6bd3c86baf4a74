"""Every instance of a claim on a user's concrete network, symbolically and numerically.

Symbolically: both sides of each instance on the network's graph (z and a as symbols,
kernel/adjoint.py), compared exactly. The cost of an instance grows with the quantities in it
(a sum over a layer has one term a neuron): above BUDGET quantities in all, a seeded sample
(the first, the last and random instances) is checked, and the report says so. Numerically:
both sides at every instance at once (kernel/grid.py) at a random point, every dC/dq a
complex-step derivative (kernel/probe.py), to a relative 1e-9 of the sum of the terms' sizes.
"""
import random

import numpy as np

from sympy import Indexed

from ..model.symbols import C
from .adjoint import Graph, same
from .concrete import Undefined, count, each, instantiate, pick
from .grid import Grid, Unsupported
from .numeric import evaluate
from .probe import Probe, too_large

BUDGET, SAMPLE_SYMBOLIC = 120_000, 2_000      # quantities compared symbolically; largest sample
TOLERANCE = 1e-9                 # relative to the sum of |terms|, or 1e-13 of the largest dC/dq
POINTS = 20                      # seeds tried for a point where the cost is defined


class Sweep:
    """One concrete network: check(claim) -> (True | False | None, report, failing env, seed)."""

    def __init__(self, network, seed):
        self.network, self.seed = network, seed
        self.widths = network.widths
        self.graph = Graph(self.widths, network.cost, network.activation.law)
        self._point = None

    def check(self, claim):
        total = count(claim.domain, self.widths)
        size = self._size(claim)
        sampled = total * size > BUDGET
        envs = pick(claim.domain, self.widths, max(2, min(SAMPLE_SYMBOLIC, BUDGET // size // 5)),
                    random.Random(self.seed)) if sampled else each(claim.domain, self.widths)
        pairs = []
        for env in envs:
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
        where = list(self.widths)
        if not pairs:
            return True, f"vacuous: the left side has no instance on {where}", None, None
        if sampled:
            symbolic = (f"a seeded sample of {len(pairs):,} of {total:,} instances on {where} symbolically "
                        f"(the first, the last and random ones: all of them hold about {total * size:,} "
                        f"quantities, more than the {BUDGET:,} compared in full)")
        else:
            symbolic = (f"all {len(pairs):,} instances" if len(pairs) > 1 else "the one instance") + \
                f" on {where} symbolically"
        large = too_large(self.widths)
        if large:
            return True, f"{symbolic}; numerically not on this net ({large}): the steps' numbers stand", None, None
        point = self.point()
        if point is None:
            return None, (f"{symbolic}; numerically not confirmed: the cost is not defined at {POINTS} random "
                          f"points (e.g. a log of a number outside (0, 1))"), None, None
        probe, grad = point
        try:
            ok, worst, checked, env = self._grid(claim, probe, grad)
        except Unsupported:
            ok, worst, checked, env = self._one_by_one(pairs, probe, grad)
        if not ok:
            return False, "the two sides differ numerically", env, probe.seed
        if not checked:
            return True, (f"{symbolic}; numerically not on this net (its sides need derivatives other "
                          f"than dC/dq: the steps' numbers stand)"), None, None
        numbers = ("numerically at every instance" if checked == total else
                   f"numerically at {checked:,} of {total:,} instances") + \
            f" (complex-step derivatives, max rel. error {worst:.1g})"
        if probe.sampled:
            numbers += "; weights probed at a seeded sample: " + ", ".join(
                f"{k:,} of {m:,} of layer {t}" for t, (k, m) in sorted(probe.sampled.items()))
        return True, f"{symbolic}; {numbers}", None, None

    def _size(self, claim):
        """Quantities (w, b, z, a, ...) in both sides of the claim's first instance."""
        env = next(each(claim.domain, self.widths), None)
        try:
            sides = [instantiate(e, env, self.widths) for e in (claim.lhs, claim.rhs)] if env is not None else []
        except Undefined:
            sides = []
        return max(1, sum(len(e.atoms(Indexed)) for e in sides))

    def point(self):
        """(probe, dC/dq arrays) at the first seed where the cost is defined, or None."""
        if self._point is None:
            self._point = next((p for p in map(self._at, range(POINTS)) if p is not None), False)
        return self._point or None

    def _at(self, t):
        probe = Probe(self.widths, self.network.activation, self.network.cost, self.seed + 100 + t)
        return (probe, probe.gradient()) if probe.defined() else None

    def _grid(self, claim, probe, grad):
        """Both sides at every instance at once: (ok, worst error, instances compared, failing env)."""
        grid, floor = Grid(probe, grad), _floor(grad)
        worst, checked = 0.0, 0
        for layers, neurons in grid.layers(claim.domain, (claim.lhs, claim.rhs)):
            u = grid.evaluate(claim.lhs, layers, neurons)
            v = grid.evaluate(claim.rhs, layers, neurons)
            scale = np.maximum(grid.evaluate(claim.lhs, layers, neurons, magnitude=True),
                               grid.evaluate(claim.rhs, layers, neurons, magnitude=True))
            known = np.isfinite(u) & np.isfinite(v)
            err = np.where(known, np.abs(u - v) / np.maximum(scale, 1e-300), 0.0)
            bad = known & (err > TOLERANCE) & (np.abs(u - v) > floor)
            if bad.any():
                at = np.unravel_index(int(np.argmax(bad)), bad.shape)
                env = {**layers, **{s: lo + int(i) for (s, (lo, _)), i in zip(neurons.items(), at)}}
                return False, 0.0, checked, env
            checked += int(known.sum())
            significant = known & (np.maximum(np.abs(u), np.abs(v)) > 1e3 * floor)
            worst = max(worst, float(np.where(significant, err, 0.0).max(initial=0.0)))
        return True, worst, checked, None

    def _one_by_one(self, pairs, probe, grad):
        """The instances of the symbolic check, each evaluated on its own."""
        values, hooks, floor = _Values(probe), _Hooks(probe, grad), _floor(grad)
        worst, checked = 0.0, 0
        for env, lhs, rhs in pairs:
            try:
                u, v = complex(evaluate(lhs, values, hooks)), complex(evaluate(rhs, values, hooks))
            except _NotProbed:
                continue
            err = abs(u - v) / max(abs(u), abs(v), 1e-300)
            if not (err <= TOLERANCE or abs(u - v) <= floor):
                return False, 0.0, checked, env
            checked += 1
            worst = max(worst, err if max(abs(u), abs(v)) > 1e3 * floor else 0.0)
        return True, worst, checked, None


def _floor(grad):
    """Differences below this are rounding: 1e-13 of the largest dC/dq probed."""
    return 1e-13 * max(float(np.nanmax(np.abs(v))) if v.size else 0.0 for v in grad.values())


class _NotProbed(ValueError):
    """A weight the probe left out (sampled) or a derivative it does not take."""


class _Values:
    """The probe's point as the {key: value} mapping that `evaluate` reads."""

    def __init__(self, probe):
        self.probe = probe

    def __contains__(self, key):
        return isinstance(key, tuple) or key == "C"

    def __getitem__(self, key):
        return self.probe.C.real if key == "C" else float(self.probe.value(key))


class _Hooks:
    """What `evaluate` asks of a network: sigma, sigma' and dC/dq (looked up, never recomputed)."""

    def __init__(self, probe, grad):
        self.sig, self.dsig, self.grad = probe.sigma, probe.dsigma, grad

    def partial(self, f, v, override):
        if f != C or override or v.base.name not in ("w", "b", "z", "a"):
            raise _NotProbed("only dC/dq is looked up")
        t, index = int(v.indices[0]), tuple(int(i) - 1 for i in v.indices[1:])
        value = float(self.grad[v.base.name, t][index])
        if value != value:
            raise _NotProbed(f"dC/d{v} was not probed")
        return value
