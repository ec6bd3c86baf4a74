"""Parse errors: one line that says what is wrong and where (a bracket never closed, a known word
where it cannot stand and what it needs, an unknown word, an unexpected character)."""
import re

from lark.exceptions import UnexpectedToken


class ParseError(ValueError):
    """Input that is not an expression of the notation; `column` is 1-based."""

    def __init__(self, message, column=None):
        self.message, self.column = message, column
        super().__init__(f"column {column}: {message}" if column else message)


KNOWN = ("C, C_0, w, b, z, a, y, x, \\delta, \\sigma, \\sigma', \\frac, \\partial, \\sum, n, \\lambda, N, M, "
         "\\operatorname{sgn}, A, Z, \\Delta, X, Y")
KNOWN_WORDS = frozenset(re.findall(r"\\?[A-Za-z]+'?", KNOWN)) - {"operatorname"}
# what a known word needs, said when it stands where the grammar cannot take it
USAGE = {
    "\\partial": "\\partial stands only inside a derivative: \\frac{\\partial C}{\\partial b^l_j}, "
                 "\\partial C/\\partial b^l_j or \\frac{\\partial}{\\partial b^l_j}(...)",
    "∂": "∂ stands only inside a derivative: ∂C/∂b^l_j or ∂/∂b^l_j (...)",
    "\\frac": "\\frac takes two groups: \\frac{...}{...}",
    "\\sum": "\\sum takes its index and a body: \\sum_k ... or \\sum_{k=1}^{n_l} ...",
    "Σ": "Σ takes its index and a body: Σ_{k=1}^{n_l} ...",
    "sum": "sum takes its index and a body: sum(k, ...) or sum(k=1, n(l), ...)",
    "\\delta": "\\delta takes a layer and an index (\\delta^l_j, the error) or two indices (\\delta_{jk})",
    "delta": "delta takes a layer and an index: delta[l,j] (and a sample in a mini-batch: delta[l,j,s])",
    "n": "n takes a layer: n_l or n(l); in a guard it stands on the right, after a number: [3 <= n(l)]",
    "w": "w takes a layer and two neuron indices: w^l_{jk} or w[l,j,k]",
    "b": "b takes a layer and a neuron index: b^l_j or b[l,j]",
    **{q: f"{q} takes a layer and a neuron index: {q}^l_j or {q}[l,j] (and a sample in a mini-batch: {q}^l_{{js}})"
       for q in ("z", "a", "δ")},
    **{q: f"{q} takes a neuron index: {q}_j or {q}[j] (and a sample in a mini-batch: {q}_{{js}})" for q in ("y", "x")},
    **{q: f"{q} takes a layer: {q}^l, the matrix of a mini-batch" for q in ("A", "Z", "\\Delta", "Delta", "Δ")},
    **{f: f"{f} takes its argument in parentheses: {f}(...)"
       for f in ("\\sigma", "\\sigma'", "sigma", "sigma'", "σ", "σ'", "\\exp", "exp", "\\log", "log", "\\ln", "ln",
                 "\\tanh", "tanh", "abs", "norm")},
}
HIGHER_DERIVATIVE = "derive takes first derivatives only: \\partial^2 (∂^2), a second derivative, is not supported"
WORD = re.compile(r"\\[a-zA-Z]+'?|[a-zA-Z]+'?|[σδ]'?|[∂Σ]")
PAIRS = {"(": ")", "{": "}", "[": "]"}


def not_a_bound(raw, column):
    """The error for a sum's bound that is none of the notation's (n(l)+1, n_l+1)."""
    return ParseError(f"{raw!r} is not a width or a layer (use n_l, n_{{l+1}}, n(l), L, M or a number)", column)


def syntax_error(text, e):
    """One line that says what is wrong: a bracket never closed (or closing nothing), a known
    word where it cannot stand (and what it needs), an unknown word, a sum's bound that is no width or
    layer (n(l)+1), or the unexpected character."""
    unbalanced = _unbalanced(text)
    if unbalanced:
        return unbalanced
    column = getattr(e, "column", None)
    if isinstance(e, UnexpectedToken) and e.token.type == "$END" or column is None or column < 1:
        last = WORD.findall(text)
        if last and text.rstrip().endswith(last[-1]) and last[-1] in USAGE:
            return ParseError(f"the expression ends too early: {USAGE[last[-1]]}", len(text))
        return ParseError("the expression ends too early", len(text))
    rest = text[e.pos_in_stream:] if getattr(e, "pos_in_stream", None) is not None else text[column - 1:]
    word = WORD.match(rest)
    if word:
        w_ = word.group(0)
        usage = USAGE.get(w_) or USAGE.get(w_.rstrip("'"))
        if usage:
            return ParseError(usage, column)
        what = "command" if w_.startswith("\\") else "symbol"
        if w_ in KNOWN_WORDS:               # a known word where the grammar cannot take it (\frac\delta N)
            return ParseError(f"'{w_}' cannot stand here: write what it belongs to in braces ({{...}})", column)
        return ParseError(f"unknown {what} '{w_}' (known: {KNOWN})", column)
    before = re.search(r"(" + WORD.pattern + r")\s*$", text[:len(text) - len(rest)])
    if before and before.group(1) in ("\\partial", "∂") and rest.startswith("^"):
        return ParseError(HIGHER_DERIVATIVE, column)
    if before and (USAGE.get(before.group(1)) or USAGE.get(before.group(1).rstrip("'"))):
        return ParseError(USAGE.get(before.group(1)) or USAGE[before.group(1).rstrip("'")], before.start(1) + 1)
    bound = re.search(r"\bsum\(\s*\w+\s*=\s*(?:[^,()]*,\s*)?(n\([^()]*\)|[^,()\s]+)\s*$", text[:len(text) - len(rest)])
    if bound and rest[:1] in ("+", "-", "*", "/"):      # sum(k=1, n(l)+1, ...): as the LaTeX reader says it
        return not_a_bound(bound.group(1) + re.match(r"[^,]*", rest).group(0).rstrip(), bound.start(1) + 1)
    shown = rest[:1] if rest else "end of input"
    if re.search(r"\[[^\[\]]*$", text[:len(text) - len(rest)]) and re.match(r"[^\[\]]*\]", rest):
        return ParseError(f"unexpected {shown!r} in a bracket: {GUARD}", column)     # [l<L], [l=L-1]
    return ParseError(f"unexpected {shown!r}", column)


GUARD = ("a guard is [j=k] (two indices or numbers), or [lo<=t<=hi] with lo a whole number and hi a whole number, "
         "a width n(l) or L ([2<=l<=L], [1<=j<=n(l)]); a claim's own ranges need none")


def _unbalanced(text):
    """A ParseError for the first bracket that closes nothing or is never closed, else None."""
    opened = []
    for t, ch in enumerate(text):
        if t and text[t - 1] == "\\" and ch in "{}":
            continue                                   # \{ and \} are characters, not groups
        if ch in PAIRS:
            opened.append((ch, t))
        elif ch in PAIRS.values():
            if not opened:
                return ParseError(f"'{ch}' closes no bracket", t + 1)
            op, at = opened.pop()
            if PAIRS[op] != ch:
                return ParseError(f"'{ch}' does not close the '{op}' at column {at + 1}", t + 1)
    if opened:
        op, at = opened[-1]
        owner = _owner(text, at)
        what = f"the '{op}' of {owner}" if owner else f"the '{op}'"
        return ParseError(f"{what} at column {at + 1} is not closed", at + 1)
    return None


def _owner(text, at):
    """The command whose group opens at `at` (\\frac for the second '{' of \\frac{1}{2), or None."""
    t = at
    while True:
        while t and text[t - 1].isspace():
            t -= 1
        if not (t and text[t - 1] == "}"):
            break
        depth, t = 0, t - 1
        while t >= 0:
            depth += {"}": 1, "{": -1}.get(text[t], 0)
            if depth == 0:
                break
            t -= 1
    m = re.search(r"(\\[a-zA-Z]+)$", text[:t])
    return m.group(1) if m else None
