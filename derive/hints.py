"""Hints for a failed step: which classic mistake makes it right when undone.

Each pattern proposes a corrected right-hand side; the kernel's symbolic check says
whether the correction holds. The first correction that holds names the mistake.

A hint is a `Hint`: words and formulas (sympy expressions), so that every printer sets the
formulas in its own notation (text, LaTeX, MathML) instead of reading them out of a string.
"""
from sympy import Indexed, Symbol, preorder_traversal

from .model.symbols import dsigma, j, k, kind, l, layer, w, z


class Hint(tuple):
    """A sentence: a tuple of words (str) and formulas (sympy expressions)."""

    def __new__(cls, *parts):
        return super().__new__(cls, parts)

    def __add__(self, other):
        return Hint(*self, *(other if isinstance(other, tuple) else (other,)))

    def __radd__(self, other):
        return Hint(*(other if isinstance(other, tuple) else (other,)), *self)

    def __str__(self):
        from .printing.notation import text
        return render(self, text)


def parts(sentence):
    """[(is_formula, part)] of a Hint, or of plain words."""
    return [(not isinstance(p, str), p) for p in (sentence if isinstance(sentence, Hint) else (sentence,))]


def render(sentence, fmt, words=lambda s: s):
    """A Hint (or plain words) as one string: formulas by `fmt`, words by `words` (an escaper)."""
    return "".join(fmt(p) if is_formula else words(p) for is_formula, p in parts(sentence))


def hint(before, after, domain, kernel):
    """The Hint naming the mistake, or None."""
    def holds(candidate):
        try:
            return kernel.symbolic_equal(before, candidate, domain)
        except Exception:
            return False

    quantities = sorted({q for q in after.atoms(Indexed) if kind(q) in ("w", "b", "z", "a", "delta")}, key=str)
    for q in sorted({t for e in (before, after) for t in e.atoms(Indexed) if kind(t) in ("z", "a", "delta", "b")},
                    key=str):
        s = dsigma(z[layer(q), q.indices[1]])
        if not after.has(s) and holds(after * s):
            return Hint("missing ", s, ": the activation's derivative is left out")
    ws = [q for q in quantities if kind(q) == "w"]
    if ws and holds(after.xreplace({q: q.base[q.indices[0], q.indices[2], q.indices[1]] for q in ws})):
        return Hint("transposed weight: the two neuron indices of w are swapped (", w[l, j, k],
                    " joins neuron k of layer l-1 to neuron j of layer l)")
    for q in quantities:
        for shift in (1, -1):
            moved = q.base[(layer(q) + shift,) + tuple(q.indices[1:])]
            if holds(after.xreplace({q: moved})):
                return Hint("wrong layer: ", q, " should be ", moved)
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
                    return Hint("wrong index: ", q, " should be ", fixed)
    free_b, free_a = _free(before), _free(after)
    if free_b != free_a:
        odd = sorted(free_b ^ free_a, key=str)
        return Hint(f"index {', '.join(map(str, odd))} is free on one side only: it is not summed over, "
                    f"or a sum is missing")
    return None


def _free(e):
    return {s for s in e.free_symbols if s.is_integer and s.name not in ("l", "L")}
