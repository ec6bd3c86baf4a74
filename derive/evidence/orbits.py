"""Instances of a claim on a concrete net that differ only by a renumbering of each layer's neurons.

A permutation of the neurons of one layer (with their inputs x or targets y, and the rows and
columns of the weights that touch them) maps the network's definitions and its cost to
themselves. So an instance of an equality holds exactly when the instance with the neurons it
names renumbered 1, 2, ... in each layer, in their order, holds: one check answers every instance
with the same renumbering. `key` gives that renumbering from the values of the free indices with
whole numbers alone, when every free index of the claim stands inside the indices of its
quantities, as a whole number plus whole multiples of free indices (no sum, width or guard uses
it); else None, and each instance is compared on its own.
"""
from sympy import Indexed

from ..model.instances import template, in_range
from ..model.symbols import L, M, kind

NEURONS = {"w": (1, 2), "x": (0,), "y": (0,)}       # the positions of neuron indices (else 1: z, a, b)


class Orbits:
    """The quantities of a claim (lhs, rhs) with their indices as affine forms of its free indices."""

    def __init__(self, lhs, rhs, free):
        self.forms = None
        templates = [template(e) for e in (lhs, rhs)]
        if any(named or sums for _, named, sums in templates):
            return
        free = set(free) | {L}
        if any(_outside_indices(e) & free for e, _, _ in templates):
            return
        quantities = sorted({q for e, _, _ in templates for q in e.atoms(Indexed)}, key=str)
        forms = [(kind(q), [_affine(i, free) for i in q.indices]) for q in quantities]
        if all(f is not None for _, idx in forms for f in idx):
            self.forms = forms

    def key(self, env, widths):
        """The renumbered indices of every quantity at env ({index: whole number}), or None when
        one does not exist on the net (the instance is undefined); only when self.forms is set."""
        values = {s.name: int(v) for s, v in env.items()}
        values["L"] = len(widths)
        batch = values.get(M.name)
        concrete = []
        for family, idx in self.forms:
            numbers = [c + sum(k * values[name] for name, k in terms) for c, terms in idx]
            if not in_range(family, numbers, widths, batch):
                return None
            concrete.append((family, numbers))
        used = {}
        for family, numbers in concrete:
            for layer, neuron in _neurons(family, numbers, len(widths)):
                used.setdefault(layer, set()).add(neuron)
        rank = {t: {v: r for r, v in enumerate(sorted(vs), 1)} for t, vs in used.items()}
        out = []
        for family, numbers in concrete:
            numbers = list(numbers)
            for (layer, neuron), position in zip(_neurons(family, numbers, len(widths)), NEURONS.get(family, (1,))):
                numbers[position] = rank[layer][neuron]
            out.append(tuple(numbers))
        return tuple(out)


def renumbered(lhs, rhs, depth):
    """Two instantiated sides with the neurons of each layer that they name renumbered 1, 2, ...
    in their order (both sides at once, every quantity of each), or the sides as they are when a
    quantity has an index that is not a whole number."""
    quantities = lhs.atoms(Indexed) | rhs.atoms(Indexed)
    if not all(i.is_Integer for q in quantities for i in q.indices):
        return lhs, rhs
    numbers = {q: [int(i) for i in q.indices] for q in quantities}
    used = {}
    for q in quantities:
        for layer, neuron in _neurons(kind(q), numbers[q], depth):
            used.setdefault(layer, set()).add(neuron)
    rank = {t: {v: r for r, v in enumerate(sorted(vs), 1)} for t, vs in used.items()}
    new = {}
    for q in quantities:
        idx = list(numbers[q])
        for (layer, neuron), position in zip(_neurons(kind(q), idx, depth), NEURONS.get(kind(q), (1,))):
            idx[position] = rank[layer][neuron]
        new[q] = q.base[tuple(idx)]
    return lhs.xreplace(new), rhs.xreplace(new)


def _neurons(family, numbers, depth):
    """((layer, neuron), ...) of a quantity's neuron indices, in NEURONS' order."""
    layers = {"w": (numbers[0], numbers[0] - 1), "x": (1,), "y": (depth,)}.get(family, (numbers[0],))
    return tuple((t, numbers[p]) for t, p in zip(layers, NEURONS.get(family, (1,))))


def _affine(e, free):
    """(constant, ((name, coefficient), ...)) when e is a whole number plus whole multiples of free
    indices; else None."""
    terms = e.as_coefficients_dict()
    if not all(c.is_Integer for c in terms.values()):
        return None
    if not all(t == 1 or t in free for t in terms):
        return None
    return int(terms.get(1, 0)), tuple((t.name, int(c)) for t, c in terms.items() if t != 1)


def _outside_indices(expr):
    """The symbols of expr that stand outside the indices of its quantities."""
    if isinstance(expr, Indexed):
        return set()
    if expr.is_Symbol:
        return {expr}
    return set().union(*[_outside_indices(t) for t in expr.args]) if expr.args else set()
