"""Hints for a failed step: which classic mistake makes it right when undone.

Each pattern proposes a corrected right-hand side; the kernel's symbolic check says
whether the correction holds. The first correction that holds names the mistake.

A hint is a `Sentence`: words and formulas (sympy expressions), so that every printer sets the
formulas in its own notation (text, LaTeX, MathML) instead of reading them out of a string.
"""
from sympy import Indexed, Symbol, preorder_traversal

from .model.symbols import dsigma, j, k, kind, l, layer, w, z
from .printing.sentence import Sentence


def hint(before, after, domain, kernel):
    """The Sentence naming the mistake, or None."""
    def holds(candidate):
        """The correction holds: numbers on a sample net first (cheap, and most fail there), then
        the kernel's symbolic check."""
        try:
            if kernel.evidence is not None and kernel.evidence.numbers(before, candidate, domain, kernel.network,
                                                                       thorough=False)[1]:
                return False
            return kernel.symbolic_equal(before, candidate, domain)
        except Exception:
            return False

    quantities = sorted({q for q in after.atoms(Indexed) if kind(q) in ("w", "b", "z", "a", "delta")}, key=str)
    for q in sorted({t for e in (before, after) for t in e.atoms(Indexed) if kind(t) in ("z", "a", "delta", "b")},
                    key=str):
        s = dsigma(z[layer(q), q.indices[1]])
        if not after.has(s) and holds(after * s):
            return Sentence("missing ", s, ": the activation's derivative is left out")
    ws = [q for q in quantities if kind(q) == "w"]
    if ws and holds(after.xreplace({q: q.base[q.indices[0], q.indices[2], q.indices[1]] for q in ws})):
        return Sentence("transposed weight: the two neuron indices of w are swapped (", w[l, j, k],
                    " joins neuron k of layer l-1 to neuron j of layer l)")
    for q in quantities:
        for shift in (1, -1):
            moved = q.base[(layer(q) + shift,) + tuple(q.indices[1:])]
            if holds(after.xreplace({q: moved})):
                return Sentence("wrong layer: ", q, " should be ", moved)
    names = sorted({s for e in (before, after) for s in preorder_traversal(e)
                    if isinstance(s, Symbol) and s.is_integer and s.name not in ("l", "L")}, key=str)
    for q in quantities:
        for t, idx in enumerate(q.indices[1:], 1):
            for other in names:
                if other == idx:
                    continue
                new = list(q.indices)
                new[t] = other
                fixed = q.base[tuple(new)]
                if holds(after.xreplace({q: fixed})):
                    return Sentence("wrong index: ", q, " should be ", fixed)
    free_b, free_a = _free(before), _free(after)
    if free_b != free_a:
        odd = sorted(free_b ^ free_a, key=str)
        return Sentence(f"index {', '.join(map(str, odd))} is free on one side only: it is not summed over, "
                    f"or a sum is missing")
    return None


def _free(e):
    return {s for s in e.free_symbols if s.is_integer and s.name not in ("l", "L")}
