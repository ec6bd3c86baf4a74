"""Both sides of an equality at instances of a concrete network: in float64 on a grid (every
instance at once, grid.py) with derivatives by complex steps (probe.py), or one instance at a
time at 40 digits (model/numeric.py) when the grid cannot read the expression. An instance where
float64 sees a difference is compared again at 40 digits before it is proposed.

The sides are compared after cancelling their common terms: the difference's terms are
expanded at the index level first, then its value is set against the sum of its terms' sizes, so
neither a zero side nor a large common term hides a difference.
"""
import mpmath
import numpy as np
from sympy import Add, Pow, expand, expand_multinomial

from ..model.instances import Undefined, instantiate
from ..model.symbols import guards_as_factors
from .grid import Grid, Unsupported
from .probe import Probe

TOLERANCE = 1e-9                 # relative to the sum of |terms| ...
FLOOR = 1e-13                    # ... and beyond this part of the largest dC/dq
POINTS = 20                      # seeds tried for a point where the cost is defined
PRECISE, ABSOLUTE = 1e-12, 1e-15   # the same one instance at a time, at 40 digits


def defined_point(network, widths, seed):
    """(probe, dC/dq arrays) at the first seed from `seed` on where the cost is defined, or None."""
    for t in range(POINTS):
        probe = Probe(widths, network, seed + t)
        if probe.defined():
            return probe, probe.gradient() if on_grid(network) else None
    return None


def on_grid(network):
    """The grid's probe moves one output's cost term at a time: an elementwise output layer, one input."""
    return not network.output and not network.batch


def difference(lhs, rhs):
    """lhs - rhs with the terms the two sides share cancelled (guards kept as factors; exp of a sum kept
    whole, which sympy's expand writes as a Product that no evaluator reads)."""
    return expand(guards_as_factors(lhs - rhs), power_exp=False)


def compare(diff, domain, point, network, exact=None, closest=False):
    """(instances compared, the largest relative error, the first instance where they differ or None)
    on the probe's net: every instance at once on the grid, in float64 (Unsupported for a softmax
    output, which the grid does not read). With `exact` (a
    `model.numeric.Point` at the probe's seed), an instance where float64 sees a difference is
    compared again at 40 digits, and only a difference found there too (or where those digits
    give no number) is returned; the others count as compared. `closest` (a search for a counterexample): the instance
    of the largest error beyond rounding, below float64's tolerance, is compared at 40 digits too (0.6000000001
    against 0.6)."""
    if not on_grid(network):
        raise Unsupported("the grid reads elementwise output layers")
    probe, grad = point
    grid, floor = Grid(probe, grad), _floor(grad)
    worst, checked, near, nearest = 0.0, 0, 0.0, None
    for layers, neurons in grid.layers(domain, (diff,)):
        with np.errstate(all="ignore"):         # an overflow is a value that is not finite, not a warning
            u, scale = grid.evaluate(diff, layers, neurons)
            known = np.isfinite(u) & np.isfinite(scale)
            err = np.where(known, np.abs(u) / np.maximum(scale, 1e-300), 0.0)
        bad = known & (err > TOLERANCE) & (np.abs(u) > floor)
        for at in (zip(*np.nonzero(bad)) if bad.ndim else [()] * bool(bad)):
            env = {**layers, **{s: lo + int(i) for (s, (lo, _)), i in zip(neurons.items(), at)}}
            n, _, differ = compare_each(diff, [env], probe.widths, exact) if exact is not None else (0, 0.0, env)
            if differ is not None or not n:
                return checked, worst, env
            err[at] = 0.0
        checked += int(known.sum())
        significant = np.where(known & (scale > 1e3 * floor), err, 0.0)
        worst = max(worst, float(significant.max(initial=0.0)))
        beyond = np.where(np.abs(u) > floor, significant, 0.0) if closest else np.zeros(0)   # beyond rounding
        if beyond.size and float(beyond.max()) > max(near, PRECISE):
            at = np.unravel_index(int(np.argmax(beyond)), beyond.shape) if beyond.ndim else ()
            near, nearest = float(beyond.max()), {**layers, **{s: lo + int(i) for (s, (lo, _)), i in
                                                               zip(neurons.items(), at)}}
    if exact is not None and nearest is not None:
        if compare_each(diff, [nearest], probe.widths, exact)[2] is not None:
            return checked, worst, nearest
    return checked, worst, None


def compare_each(diff, envs, widths, point):
    """compare() one instance at a time, with mpmath (a `model.numeric.Point`), for what the grid
    cannot read (a derivative of a derivative) and for what float64 cannot decide."""
    worst, checked = 0.0, 0
    for env in envs:
        try:
            terms = [point.value(t) for t in Add.make_args(multiplied_out(instantiate(diff, env, widths)))]
        except (Undefined, ValueError, ZeroDivisionError, OverflowError):
            continue
        if not all(isinstance(t, mpmath.mpf) and mpmath.isfinite(t) for t in terms):
            continue
        u, scale = abs(mpmath.fsum(terms)), mpmath.fsum(abs(t) for t in terms)
        err = float(u / scale) if scale else 0.0
        if err > PRECISE and u > ABSOLUTE:
            return checked, worst, env
        checked += 1
        if scale > 1e3 * ABSOLUTE:      # a relative error of rounding next to an exact 0 tells nothing (as on the grid)
            worst = max(worst, err)
    return checked, worst, None


def multiplied_out(e):
    """e as a sum of terms: products, and whole positive powers, of sums multiplied out (as sympy's expand
    does), so that terms the two sides share cancel; a power of a sum in a denominator is kept whole
    (multiplied out, the square of a sum of n terms in the denominator of each of many terms costs
    seconds, and cancels no term)."""
    e = expand(e, multinomial=False)
    while True:                 # a power of a sum inside another is multiplied out in the next pass
        powers = {p: expand_multinomial(p, deep=False) for p in e.atoms(Pow)
                  if p.base.is_Add and p.exp.is_Integer and p.exp > 1}
        spread = expand(e.xreplace(powers), multinomial=False) if powers else e
        if spread == e:         # none left (or none that sympy multiplies out)
            return e
        e = spread


def _floor(grad):
    """Differences below this are rounding: 1e-13 of the largest dC/dq probed."""
    return FLOOR * max((float(np.nanmax(np.abs(v))) if v.size else 0.0 for v in grad.values()), default=0.0)
