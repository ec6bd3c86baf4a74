"""A network: its widths (concrete) or none (index level), its activation and its cost.

The definitions here are the single source of truth for the engine and the kernel:
z[l,j] = sum_k w[l,j,k] a[l-1,k] + b[l,j], a[l,j] = sigma(z[l,j]) (a[1,j] = x[j]),
C = cost(a[L, .], y), delta[l,j] = dC/dz[l,j].
"""
from sympy import Indexed, Integer, KroneckerDelta, Max, Min, Sum, Symbol, Tuple

from .activations import ACTIVATIONS
from .costs import COSTS
from .symbols import (C, L, Partial, a, b, fresh_index, kind, n, sigma, w, x, z)

MAX_WIDTH, MAX_LAYERS = 4096, 64


class NetworkError(ValueError):
    """A network that cannot be built from what was asked."""


class Network:
    """Nielsen's fully connected network; `widths=None` leaves L and n(l) symbolic."""

    def __init__(self, widths=None, activation="generic", cost="quadratic"):
        if activation not in ACTIVATIONS:
            raise NetworkError(f"unknown activation {activation!r} (choose from {', '.join(ACTIVATIONS)})")
        if cost not in COSTS:
            raise NetworkError(f"unknown cost {cost!r} (choose from {', '.join(COSTS)})")
        if widths is not None:
            widths = tuple(widths)
            if len(widths) < 2 or len(widths) > MAX_LAYERS:
                raise NetworkError(f"a network needs 2 to {MAX_LAYERS} layers, got {len(widths)}")
            if any(not isinstance(v, int) or v < 1 or v > MAX_WIDTH for v in widths):
                raise NetworkError(f"every width must be a whole number from 1 to {MAX_WIDTH}")
        self.widths = widths
        self.activation = ACTIVATIONS[activation]
        self.cost = COSTS[cost]

    def __repr__(self):
        sizes = list(self.widths) if self.widths else "any"
        return f"Network({sizes}, activation={self.activation.name!r}, cost={self.cost.name!r})"

    @property
    def concrete(self):
        return self.widths is not None

    def sizes(self):
        """Substitution of L and n(.) for a concrete network (empty at index level)."""
        if not self.concrete:
            return {}
        subs = {L: Integer(len(self.widths))}
        subs.update({n(Integer(t + 1)): Integer(v) for t, v in enumerate(self.widths)})
        return subs

    def definition(self, q, taken=()):
        """The defining expression of z, a, C or delta; bound indices avoid `taken`."""
        taken = set(taken) | q.free_symbols
        if q == C:
            return self.cost.definition(fresh_index(taken, "k"))
        t = kind(q)
        if t == "z":
            lay, row = q.indices
            p = fresh_index(taken, "k")
            return Sum(w[lay, row, p] * a[lay - 1, p], (p, 1, n(lay - 1))) + b[lay, row]
        if t == "a":
            lay, row = q.indices
            return x[row] if lay == 1 else sigma(z[lay, row])
        if t == "delta":
            return Partial(C, z[q.indices[0], q.indices[1]])
        raise KeyError(f"{q} is a parameter or data, it has no definition")


def index_ranges(q):
    """The layer range and the neuron-index ranges one quantity requires: (layer, lo, hi), [(idx, 1, hi)]."""
    t = kind(q)
    one = Integer(1)
    if t in ("w", "b", "z", "delta", "a"):
        lay = q.indices[0]
        neurons = [(q.indices[1], one, n(lay))]
        if t == "w":
            neurons.append((q.indices[2], one, n(lay - 1)))
        return (lay, Integer(1 if t == "a" else 2), L), neurons
    if t in ("x", "y"):
        return None, [(q.indices[0], one, n(one if t == "x" else L))]
    return None, []


class DomainError(ValueError):
    """A domain that cannot be formed."""


def infer_domain(*exprs):
    """The quantifier domain of free indices: ((l, lo, hi), (j, 1, n(l)), ...), layer first.

    A layer expression l + c within [lo, hi] bounds l to [lo - c, hi - c]; a neuron index
    used in several places ranges over the values where every use is defined (min of the widths);
    an index that appears only in a Kronecker delta takes the range of its partner.
    """
    layer_lo, layer_hi, ranges, deltas = {}, {}, {}, []
    for e in exprs:
        for q, bound in _occurrences(e, {}):
            if isinstance(q, KroneckerDelta):
                deltas.append((q, bound))
                continue
            lay, neurons = index_ranges(q)
            if lay is not None and (lay[0].free_symbols - {L}):
                sym = next(iter(lay[0].free_symbols - {L}))
                c = lay[0] - sym
                lo, hi = lay[1] - c, lay[2] - c
                layer_lo[sym] = Max(layer_lo.get(sym, lo), lo)
                layer_hi[sym] = Min(layer_hi.get(sym, hi), hi)
            for idx, lo, hi in neurons:
                if not isinstance(idx, Symbol) or idx in bound:
                    continue
                if idx in ranges and ranges[idx][1] != hi:
                    hi = Min(ranges[idx][1], hi)
                ranges[idx] = (lo, hi)
    for d, bound in deltas:
        for s, t in (d.args, d.args[::-1]):
            if isinstance(s, Symbol) and s not in bound and s not in ranges:
                partner = bound.get(t) or ranges.get(t)
                if partner:
                    ranges[s] = partner
    out = [(s, layer_lo[s], layer_hi[s]) for s in sorted(layer_lo, key=str)]
    out += [(s, lo, hi) for s, (lo, hi) in sorted(ranges.items(), key=lambda t: str(t[0]))]
    return tuple(Tuple(*d) for d in out)


def _occurrences(e, bound):
    """(quantity or Kronecker delta, {bound index: (lo, hi)} around it) for every one in e."""
    if isinstance(e, Indexed):
        return [(e, bound)]
    if isinstance(e, KroneckerDelta):
        return [(e, bound)]
    if isinstance(e, Sum):
        inner = dict(bound)
        for var, lo, hi in e.limits:
            inner[var] = (lo, hi)
        return _occurrences(e.function, inner)
    return [o for t in e.args for o in _occurrences(t, bound)]
