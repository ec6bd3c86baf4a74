"""A sentence of words and formulas: each printer sets the formulas in its own notation."""


class Sentence(tuple):
    """Words (str) and formulas (sympy expressions), in reading order."""

    def __new__(cls, *parts):
        return super().__new__(cls, parts)

    def __add__(self, other):
        return Sentence(*self, *(other if isinstance(other, tuple) else (other,)))

    def __radd__(self, other):
        return Sentence(*(other if isinstance(other, tuple) else (other,)), *self)

    def __str__(self):
        from .notation import text
        return render(self, text)


def parts(sentence):
    """[(is_formula, part)] of a Sentence, or of plain words."""
    return [(not isinstance(p, str), p) for p in (sentence if isinstance(sentence, Sentence) else (sentence,))]


def render(sentence, fmt, words=lambda s: s):
    """A Sentence (or plain words) as one string: formulas by `fmt`, words by `words` (an escaper)."""
    return "".join(fmt(p) if is_formula else words(p) for is_formula, p in parts(sentence))
