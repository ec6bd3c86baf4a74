"""Where numbers look for a counterexample: sample nets and instances chosen for each claim.

The nets exercise every guard and constant of the claim: deeper than every layer number in it
(a sum's bounds included, and a number added to L) and than the layers l, l-2, ... it names need to leave l
below L, wider than every neuron number (in a guard, H, sgn, |.|, max or min too, and a number added to a
width: (n_L - 5) b is 0 on every net of 5 outputs), non-square, at least 3 outputs; then small ones, two with
layers of a single neuron (where a sum from 2 or more is empty; one of them the input layer), one of one layer
as wide as the first, one as wide whose output layer is the deepest layer named, and one whose neighbouring
layers differ by more than the others' ((n_l - n_(l+1))(n_l - n_(l+1) - 2) is 0 on all of those). The instances
include the ends of every range and every number the claim mentions (and its neighbours), then a seeded sample.
"""
import random
from functools import lru_cache

from sympy import (Abs, Add, Dummy, Heaviside, Indexed, Integer, KroneckerDelta, Max, Min, Rational, Sum,
                   preorder_traversal, sign)
from sympy.core.relational import Relational

from ..model.instances import Undefined, bound, count, each, free_entries, is_condition, meets
from ..model.symbols import L, kind, n

MAX_WIDTH, MAX_DEPTH, MAX_BATCH = 104, 12, 12


def numbers(exprs):
    """(the largest neuron number, the depth a net needs for every layer number) in exprs."""
    neuron, depth = 1, 2
    layers = {L} | {s for e in exprs for t in e.atoms(Indexed) if kind(t) in ("w", "b", "z", "a", "delta")
                    for s in t.indices[0].free_symbols}
    offsets = {}                                # a layer index l: the shifts c of the layers l + c named
    for e in exprs:
        for t in preorder_traversal(e):
            if isinstance(t, Sum):                # sum(k=6, n(l), ...), sum(m=6, L, ...): a bound is a number too
                for var, lo, hi in t.limits:
                    bounds = [abs(int(v)) for v in (lo.atoms(Integer) | hi.atoms(Integer))]
                    if var in layers:
                        depth = max([depth] + bounds)
                    else:
                        neuron = max([neuron] + bounds)
            if isinstance(t, Indexed) and kind(t) in ("x", "y"):          # a neuron, and a sample of a batch
                neuron = max([neuron] + [int(v) for v in t.indices if v.is_Integer])
            elif isinstance(t, Indexed) and kind(t) in ("w", "b", "z", "a", "delta"):
                lay = t.indices[0]
                if lay.is_Integer:
                    depth = max(depth, int(lay))
                elif (lay - L).is_Integer:
                    depth = max(depth, 2 - int(lay - L))
                else:
                    shift, s = lay.as_coeff_Add()                # l - 2: (-2, l)
                    if s.is_Symbol and shift.is_Integer:
                        offsets.setdefault(s, set()).add(int(shift))
                neuron = max([neuron] + [int(v) for v in t.indices[1:] if v.is_Integer])
            elif isinstance(t, COMPARISONS) and t.free_symbols & layers and not t.has(n):  # [l = 9], H(5 - L)
                depth = max([depth] + [abs(int(v)) for v in t.atoms(Integer)])
            elif isinstance(t, COMPARISONS):
                neuron = max([neuron] + [abs(int(v)) for v in t.atoms(Integer)])
            elif isinstance(t, Add):            # (n_L - 5) b, (L - 4) b: 0 on every net as narrow or as shallow
                beside, deep = _beside(t)
                neuron = max([neuron, *beside]) if t.has(n) else neuron
                depth = max([depth, *beside]) if deep else depth
    spans = [max(c) - min(c) for c in offsets.values()]
    depth = max([depth] + [2 + span for span in spans if span >= 2])   # l and l-2: l = 4 below L = 5 too
    return min(neuron, MAX_WIDTH - 4), min(depth, MAX_DEPTH - 2)


@lru_cache(maxsize=8192)
def _beside(t):
    """The numbers of a sum t that stand outside its quantities and widths, and whether L does (kept for this
    process: the same terms recur from step to step)."""
    plain = t.xreplace({q: Dummy() for q in t.atoms(Indexed, n)})
    return tuple(abs(int(v)) for v in plain.atoms(Integer)), L in plain.free_symbols


COMPARISONS = (KroneckerDelta, Relational, Heaviside, sign, Abs, Max, Min)     # what a number may be set against


def nets_for(exprs, domain, limit=None):
    """Sample nets (widths tuples) on which the domain has instances: the first `limit` of them."""
    c, d = numbers(exprs)
    deep, deeper = max(3, d + 1), max(4, d + 2)
    candidates = [tuple(c + 2 + t % 3 for t in range(deep)),
                  tuple(c + 2 + (t + 1) % 3 for t in range(deeper)),
                  (2, 3), (3, 2, 3), (2, 1, 3, 1), (1, 2, 2), (c + 2, c + 2),
                  tuple(c + 2 + (t + 2) % 3 for t in range(max(2, d))),     # L = the deepest layer named
                  tuple(min(MAX_WIDTH, c + 1 + (0, 7, 1, 6, 2, 9)[t % 6]) for t in range(deeper))]   # 6, -5, 4 apart
    out = []
    for w in dict.fromkeys(candidates):
        if len(out) == limit:
            break
        if _has_instances(domain, w):
            out.append(w)
    return out


def _has_instances(domain, widths):
    """The domain has an instance on this net (not when a range names a size the net lacks, such
    as M without a batch)."""
    try:
        return count(domain, widths) > 0
    except Undefined:
        return False


def batch_size(exprs, network):
    """The size of the batch a mini-batch network's numbers use: 3, or one more than every number
    the claim mentions (a neuron, or a small constant such as the 3 of 1/3, where M = 3 would agree);
    None on a network of one input."""
    if not network.batch:
        return None
    constants = [abs(int(v)) for e in exprs for r in e.atoms(Rational) for v in (r.p, r.q)]
    return max([3, numbers(exprs)[0] + 1] + [c + 1 for c in constants if c < MAX_BATCH])


def picks(domain, widths, exprs, limit, seed):
    """Up to `limit` instances: the first and the last, those whose indices all sit at a range end
    or at a number the claim mentions (or next to it), then seeded random ones."""
    wanted = {int(v) + s for e in exprs for v in e.atoms(Integer) for s in (-1, 0, 1) if 0 < abs(v) < 64}
    out, seen = [], set()

    def add(env):
        key = None if env is None else tuple(sorted((str(k), int(v)) for k, v in env.items()))
        if key is not None and key not in seen and len(out) < limit:
            seen.add(key)
            out.append(env)
    total = count(domain, widths)
    if not total:
        return []
    add(next(each(domain, widths)))
    add(next(each(domain, widths, reverse=True)))
    rng = random.Random(seed)
    if total <= 5000:
        everything = list(each(domain, widths))
        for env in [e for e in everything if all(int(v) in wanted | {1} for v in e.values())][:limit // 2]:
            add(env)
        for env in rng.sample(everything, min(total, limit)):
            add(env)
    else:
        for _ in range(3 * limit):
            add(_draw(domain, widths, rng))
    return out


def _draw(domain, widths, rng):
    """One instance, each index drawn in its range given the ones before it."""
    env = {}
    for sym, lo, hi in free_entries(domain, widths):
        if is_condition((sym, lo, hi)):
            if not meets((sym, lo, hi), env, widths):
                return None
            continue
        low, high = bound(lo, env, widths), bound(hi, env, widths)
        if high < low:
            return None
        env[sym] = Integer(rng.randint(low, high))
    return env
