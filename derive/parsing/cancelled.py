"""What sympy cancels as it reads a formula (z - z, 0 z, n/n, sgn(n_l), M/M): a quantity, width or M typed
and gone is bad input unless what is left still asks for its existence."""
from sympy import Indexed, Sum, Symbol, Tuple

from ..model.network import index_ranges
from ..model.symbols import SIZES, L, M, kind, layer, n, sample, x, y
from .common import show
from .errors import ParseError


def cancelled(builder, exprs, free):
    """A quantity, width or M typed in the formula that sympy cancelled or simplified away as it was read
    (z - z, 0 z, sgn(n_l) are 0 or 1) is a ParseError: the step would be checked, and printed, without it, so
    whether it exists where it is used would never be asked (z^{l-1} at l = 2, n_{L+1}, M on a network of
    one input), unless the same quantity is left over the same ranges of the sums around it (an inner sum's
    renamed index; not Σ_{m=3}^{L} z^{m-1}_1 for Σ_{m=2}^{L} z^{m-1}_1), or it exists on every network
    wherever it stood (a^L_k in a sum without bounds, which runs over k's own range). A vector or matrix
    must leave a quantity of its layer and kind of network; M, a quantity with a sample index (a mini-batch
    network). (A guard around what is left is not asked.)"""
    present = set()
    for e in exprs:
        _present(e, [], present)
    sampled = {sample(q) is not None for q in present if isinstance(q, Indexed) and kind(q) in SAMPLED}
    for q, column, position in builder.where:
        around = [(v, lo, builder.given.get(hi) or _need(q, v) if str(hi).startswith("_unknown_") else hi)
                  for v, lo, hi in builder.sums_around(position)]
        own = {v for v, lo, hi in around if lo == 1 and hi == _need(q, v)}     # over q's own range
        vanished = {t for t in q.free_symbols if t.is_Symbol and t.is_integer} - free - {v for v, _, _ in around} - SIZES
        if _over_ranges(q, around) not in present and not _always(q, own, vanished, sampled):
            _refuse(q, column)
    layers = {(q.base, layer(q) if kind(q) != "y" else None, sample(q) is not None) for e in exprs
              for q in e.atoms(Indexed)}
    for base, at, batched, column in builder.vectors:
        if (base, at, batched) not in layers:
            _refuse(base[Symbol("j")] if base in (x, y) else base[at, Symbol("j")], column)
    if builder.batch and not any(e.has(M) for e in exprs) and sampled != {True}:      # M of a network of one input?
        _refuse(M, builder.batch)


def _refuse(q, column):
    how = "n/n, sgn(n) and [1 <= n] are 1, 0 n is 0" if isinstance(q, n) else "x - x and 0 x are 0"
    raise ParseError(f"{show(q)} cancels as the formula is read ({how}), so derive would check the step "
                     f"without it: leave it out", column)


def _present(e, sums, out):
    """Add every quantity, width and M in e to out, over the ranges of the sums around it (`sums`:
    [(index, lo, hi)], the outermost first)."""
    if isinstance(e, (Indexed, n)) or e == M:
        out.add(_over_ranges(e, sums))
    elif isinstance(e, Sum):
        limits = list(reversed(e.limits))
        for t, (_, lo, hi) in enumerate(limits):
            out |= {_over_ranges(m, sums + limits[:t]) for m in Tuple(lo, hi).atoms(n)} | (
                {M} if Tuple(lo, hi).has(M) else set())
        _present(e.function, sums + limits, out)
    else:
        for t in e.args:
            _present(t, sums, out)


def _always(q, own, vanished, sampled):
    """q exists on every network wherever it stands: a width of layer 1, 2 or L, or a quantity of layer 2 or
    L (a of layer 1) each of whose neuron indices is 1, runs over its own range in a sum around it, or is
    one the formula no longer names (it is claimed for some value), as is its layer if not a number; one
    that may have a sample index has one exactly when those the formula keeps have (the network's kind:
    x_1 on a mini-batch network is none)."""
    if isinstance(q, n):
        return q.args[0] in (1, 2, L) or bool(q.free_symbols) and q.free_symbols <= vanished
    if not isinstance(q, Indexed) or kind(q) in SAMPLED and sampled != {sample(q) is not None}:
        return False
    at = layer(q)
    neurons = q.indices[1:] if at is not None and kind(q) != "x" else q.indices
    neurons = neurons[:-1] if sample(q) is not None else neurons
    return (at is None or at in (2, L) or at == 1 and kind(q) in ("a", "x") or
            bool(at.free_symbols) and at.free_symbols <= vanished) and \
        all(i == 1 or i in own | vanished for i in neurons) and (sample(q) is None or sample(q) in own | vanished)


SAMPLED = ("x", "y", "z", "a", "delta")      # what has a sample index on a mini-batch network


def _over_ranges(q, sums):
    """q with each index a sum binds written as the range it runs over ([(index, lo, hi)], the outermost
    sum first; the innermost binds): alike for the same quantities, whatever the names of bound indices."""
    ranges = {}
    for var, lo, hi in sums:
        ranges[var] = Symbol(f"_over({lo.xreplace(ranges)}, {hi.xreplace(ranges)})", integer=True)
    return q.xreplace(ranges)


def _need(q, var):
    """The top of var's range as an index of q (a sum without bounds runs over it)."""
    return next((hi for idx, _, hi in index_ranges(q)[1] if idx == var), Symbol("_unknown"))
