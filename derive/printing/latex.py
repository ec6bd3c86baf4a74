"""LaTeX: an align* chain, one line a step with its rule, side conditions and the verdict.

Needs amsmath and amssymb only (\\checkmark). Words go through `_text`, which escapes LaTeX's
special characters and spells the non-ASCII characters of the plain-text notation (σ, ≤, ∂, ...)
in LaTeX, so every output compiles with pdflatex.
"""
import re

from . import words
from .common import case_of, domain_text, network_options, relations_as_math, sections
from .proofdoc import network_header
from .explain import conditions, reason, unexplained
from .notation import condition, latex
from .sentence import parts

MARK = {True: "\\checkmark", False: "\\times", None: "?"}
LE, SEP = "\\le", ",\\ "
PACKAGES = "\\usepackage{amsmath,amssymb}"

# characters of the plain-text notation (and of kernel messages) spelled for pdflatex
UNICODE = {
    "σ": "$\\sigma$", "δ": "$\\delta$", "Σ": "$\\Sigma$", "∂": "$\\partial$", "≤": "$\\le$", "≥": "$\\ge$",
    "≠": "$\\ne$", "→": "$\\to$", "←": "$\\leftarrow$", "⇒": "$\\Rightarrow$", "·": "$\\cdot$", "×": "$\\times$",
    "−": "-", "–": "--", "—": "---", "…": "\\ldots{}", "✓": "$\\checkmark$", "✗": "$\\times$", "′": "'",
    "‘": "`", "’": "'", "“": "``", "”": "''", "ᵀ": "$^T$", "⊙": "$\\odot$", "∇": "$\\nabla$", "∈": "$\\in$",
    "²": "$^2$", "±": "$\\pm$", "∞": "$\\infty$", "≈": "$\\approx$", "α": "$\\alpha$", "β": "$\\beta$",
    "η": "$\\eta$", "λ": "$\\lambda$", "μ": "$\\mu$", "ε": "$\\varepsilon$", "τ": "$\\tau$",
}
# words between two formulas that belong to the formula: "$k$ = $1$..$n_L$" -> "$k = 1, \ldots, n_L$"
_JOIN = {" = ": " = ", "..": ", \\ldots, ", " \x01 ": " \\le ", "\x01": " \\le ", " ≤ ": " \\le "}


def _text(s):
    """Plain words inside \\text{} or a paragraph: special and non-ASCII characters made safe, a relation between two
    words set as one formula (common.relations_as_math)."""
    return relations_as_math(s, _safe)


def _safe(s):
    special = {"\\": "\\textbackslash{}", "^": "\\^{}", "~": "\\~{}", "<": "\\textless{}", ">": "\\textgreater{}",
               "|": "\\textbar{}"}
    s = re.sub(r"[\\&%$#_{}^~<>|]", lambda m: special.get(m.group(), "\\" + m.group()), s)
    return "".join(UNICODE.get(c, c) if ord(c) < 128 or c in UNICODE else f"[U+{ord(c):04X}]" for c in s)


def _mathjax_text(s):
    """Words for \\text{} read by MathJax (Jupyter), which shows them as they are: only the
    characters that would end the group or start a command are replaced."""
    return s.replace("\\", "/").replace("{", "(").replace("}", ")").replace("$", "")


def _words(sentence_parts, split=False):
    """A sentence mixing words and math: [(is_math, text)] -> LaTeX for use inside \\text{}
    (split: for math mode instead, the words in \\text{} and the formulas between them, the form
    MathJax renders without extensions).

    Words that only join two formulas (=, .., <=) are set as part of one formula."""
    escape = _mathjax_text if split else _text
    words = [(is_math, t if is_math else escape(t).replace("\x01", "$\\le$")) for is_math, t in merge(sentence_parts)]
    if split:
        return "".join(f"{{{t}}}" if is_math else f"\\text{{{t}}}" for is_math, t in words)
    return "".join(f"${t}$" if is_math else t for is_math, t in words)


def merge(sentence_parts):
    """[(is_math, text)] with the formulas that only words like =, .., <= separate joined into one."""
    merged = []
    for is_math, t in sentence_parts:
        if is_math and len(merged) >= 2 and merged[-2][0] and not merged[-1][0] and merged[-1][1] in _JOIN:
            joiner = _JOIN[merged.pop()[1]]
            merged[-1] = (True, merged[-1][1] + joiner + t)
        elif t or is_math:
            merged.append((is_math, t))
    return merged


def split_marks(sentence, marks):
    """'words \\x00 0 \\x00 words' -> [(is_math, text)]."""
    return [(t % 2 == 1, marks[int(p)] if t % 2 else p) for t, p in enumerate(sentence.split("\x00"))]


def _marker():
    marks = []

    def fmt(e):
        marks.append(latex(e))
        return f"\x00{len(marks) - 1}\x00"

    def cond(c):
        marks.append(condition(c, as_latex=True))
        return f"\x00{len(marks) - 1}\x00"
    return marks, fmt, cond


def _reason(step, names=None, split=False):
    """The rule in words, its math set as math (a file's own reason: its $...$ math as it was written, when each
    piece's braces balance and none is empty, which $$ would make a display; else all of it as words)."""
    text = step.detail.get("text")
    if text:
        pieces = text.split("$")
        math = len(pieces) % 2 == 1 and all(p.strip() and _balanced(p) for p in pieces[1::2])
        return _words([(t % 2 == 1, p) for t, p in enumerate(pieces)] if math else [(False, text)], split)
    marks, fmt, _ = _marker()
    return _words(split_marks(reason(step, fmt, names), marks), split)


def _balanced(tex):
    depth = 0
    for c in re.sub(r"\\.", "", tex):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def _sentence(sentence, split=False):
    """Words, or a Sentence with its formulas set as math."""
    return _words([(is_formula, latex(p) if is_formula else p) for is_formula, p in parts(sentence)], split)


def _conditions(step, split=False):
    marks, fmt, cond = _marker()
    return [_words(split_marks(s, marks), split) for s in conditions(step, fmt, cond, le="\x01")]


def _counterexample(cex, split=False):
    """The kernel's counterexample, in the words of printing/words.py."""
    return [_words([(False, line)], split) for line in words.counterexample(cex)]


def _number(v):
    s = repr(v)
    m = re.fullmatch(r"(-?[0-9.]+)e([+-]?)0*([0-9]+)", s)
    if m:
        return f"{m.group(1)} \\cdot 10^{{{'-' if m.group(2) == '-' else ''}{m.group(3)}}}"
    return s if re.fullmatch(r"-?[0-9.]+", s) else f"\\text{{{_text(s)}}}"


def network_latex(network):
    """The network in words with its symbols as math (the LaTeX twin of common.network_text)."""
    sizes = ("widths " + ",".join(map(str, network.widths))) if network.concrete else \
        "any depth $L$ and widths $n_l$"
    return f"{sizes}; {network_options(network, _text, lambda t: f'${t}$')}"


def _rows(proof, names=None, display=False):
    """The align* lines; `display` (for MathJax in Jupyter) keeps the formulas outside \\text{}."""
    return [row for section in sections(proof) for row in _section_rows(section, proof, names, display)]


def _section_rows(section, proof, names=None, display=False, heading=True):
    rows, hints = [], getattr(proof, "hints", {})
    if section.heading and heading:
        where = domain_text(section.domain, latex, le=LE, sep=SEP)
        rows.append(f"&\\textbf{{{_mathjax_text(section.heading)}}}\\text{{: }} {where}" if display else
                    f"&\\text{{\\textbf{{{_text(section.heading)}}}: }} {where}")
    if section.lhs is not None:
        rows.append(f"{latex(section.lhs)} &")
    for number, step, record in section.steps:
        why = _reason(step, names, display)
        extra = [(display, "side condition: ", c) for c in _conditions(step, display)]
        extra += [(display, "", _sentence(words.check(c, names), display)) for c in record.checks]
        message = words.reason(record, names, hints.get(number - 1))
        if message is not None:
            extra.append((display, "kernel: ", _sentence(message, display)))
        if record.counterexample:
            extra += [(display, "", c) for c in _counterexample(record.counterexample, display)]
        if display:
            tail = "".join("\\\\\n& &&\\qquad" + ((f"\\text{{{label}}}" if label else "") + c if split else
                                                f"\\text{{{label}{c}}}") for split, label, c in extra)
            rows.append(f"&= {latex(step.after)} && {MARK[record.passed]}\\ \\text{{(}}{why}\\text{{)}}{tail}")
        else:
            if unexplained(step):
                extra.insert(0, (display, "", why))
            tail = "".join(f"\\\\\n& &&\\qquad\\text{{\\small {label}{c}}}" for _, label, c in extra)
            mark = MARK[record.passed] + ("" if unexplained(step) else f"\\ \\text{{({why})}}")
            rows.append(f"&= {latex(step.after)} && {mark}{tail}")
    return rows


def _chains(proof, names=None):
    """The align* environments of a proof: one for its chain, or one a named chain (a case of an
    induction on l, after the `% case:` line that `derive check` reads; a file's chain by its lines, a stated
    fact after a `% given:` line),
    its name a paragraph before it (a row of text in the align* would read as a formula)."""
    out, rows = [], []
    for section in sections(proof):
        if section.heading is None:
            rows += _section_rows(section, proof, names)
            continue
        case = case_of(section.heading)
        where = domain_text(section.domain, latex, le=LE, sep=SEP)
        out += ([f"% case: {case}"] if case else []) + (["% given:"] if section.given else []) + \
            [f"\\noindent\\textbf{{{_text(section.heading)}}}" + (f": ${where}$" if where else ""),
             "\\begin{align*}", "\\\\\n".join(_section_rows(section, proof, names, heading=False)), "\\end{align*}"]
    return (["\\begin{align*}", "\\\\\n".join(rows), "\\end{align*}"] if rows else []) + out


def _verdict_paragraph(proof, names=None):
    first, *rest = verdict_lines(proof, names)
    return "\\noindent\\textbf{" + first + "}" + "".join("\\\\\n" + line for line in rest)


def verdict_lines(proof, names=None):
    """The kernel's verdict and, for a refuted claim, its counterexample, as paragraph text."""
    out = [_sentence(words.summary(proof.verdict, names, getattr(proof, "hints", {})))]
    if proof.verdict.counterexample is not None:
        out += _counterexample(proof.verdict.counterexample)
    return out


def _claim(ident):
    if ident.lhs is None:
        return "none (each chain is checked on its own)"
    if ident.rhs is None:
        return f"${latex(ident.lhs)}$ (no right-hand side was derived)"
    domain = domain_text(ident.domain, latex, le=LE, sep=SEP)
    return f"${latex(ident.lhs)} = {latex(ident.rhs)}$" + (f" for ${domain}$" if domain else "")


def proof_latex(proof, names=None, display=False):
    """The body of one proof: the `% claim:` line that `derive check` reads (the chains after it, up
    to the next claim, are its proof), claim, chains of steps (align*), verdict."""
    ident = proof.identity
    if display:
        return "\\begin{aligned}" + "\\\\\n".join(_rows(proof, names, display)) + "\\end{aligned}"
    return "\n".join([
        f"\\section*{{{_text(ident.title)}}}",
        *([claim_comment(ident)] if ident.rhs is not None else []),
        f"\\noindent Claim: {_claim(ident)}.\\\\",
        f"Network: {network_latex(proof.network)}.",
        *_chains(proof, names),
        _verdict_paragraph(proof, names), ""])


def claim_comment(ident):
    return f"% claim: {latex(ident.lhs)} = {latex(ident.rhs)}"


def proof_fragment(proof, names=None):
    """One proof as bare align* environments (for \\input into a document with amsmath and amssymb):
    the chain of steps (one align* a case of an induction), then the kernel's verdict as a paragraph
    (not a row: its words and formulas are no step)."""
    ident = proof.identity
    body = _chains(proof, names) or ["\\begin{align*}", f"{latex(ident.lhs)} &", "\\end{align*}"]
    head = [f"% {ident.title}".replace("\n", " ")] + ([claim_comment(ident)] if ident.rhs is not None else [])
    return "\n".join(head + body + ["{\\small " + _verdict_paragraph(proof, names) + "\\par}", ""])


def fragment(proofs, names=None):
    """The proofs as align* environments only; needs \\usepackage{amsmath,amssymb}. `derive check`
    reads it back: the `% network:` line (its network said in words too), and each proof's `% claim:` line."""
    shown = ["{\\small Network: " + network_latex(proofs[0].network) + ".\\par}"] if proofs else []
    return "\n".join([f"% derive: {len(proofs)} proof(s); needs {PACKAGES}", _network_comment(proofs)] + shown + [""]
                      + [proof_fragment(p, names) for p in proofs])


def document(proofs, names=None):
    """A complete LaTeX document (amsmath, amssymb) holding the proofs."""
    return "\n".join([
        "\\documentclass[11pt]{article}",
        "\\usepackage[margin=2cm,landscape]{geometry}",
        PACKAGES,
        "\\allowdisplaybreaks",
        _network_comment(proofs),
        "\\begin{document}", ""] + [proof_latex(p, names) for p in proofs]
        + ["\\end{document}", ""])


def _network_comment(proofs):
    """The `% network:` line that `derive check` reads (the network of the proofs)."""
    return "% network: " + " ".join(network_header(proofs[0].network)) if proofs else "%"
