"""LaTeX: an align* chain, one line a step with its rule, side conditions and the verdict."""
from .common import domain_text, network_text, sections, summary
from .explain import conditions, reason
from .notation import condition, latex

MARK = {True: "\\checkmark", False: "\\times", None: "?"}
LE, SEP = "\\le", ",\\ "


def _text(s):
    """Plain words inside \\text{}: LaTeX's special characters escaped."""
    for a, b in (("\\", "\\textbackslash{}"), ("&", "\\&"), ("%", "\\%"), ("$", "\\$"), ("#", "\\#"),
                 ("_", "\\_"), ("{", "\\{"), ("}", "\\}"), ("^", "\\^{}"), ("~", "\\~{}")):
        s = s.replace(a, b)
    return s


def _words(sentence_parts):
    """A sentence mixing words and math: [(is_math, text)] -> LaTeX for use inside \\text{}."""
    return "".join(f"${t}$" if is_math else _text(t) for is_math, t in sentence_parts)


def _reason(step, names=None):
    """The rule in words, its math set as math."""
    marks = []
    def fmt(e):
        marks.append(latex(e))
        return f"\x00{len(marks) - 1}\x00"
    words = reason(step, fmt, names)
    parts = words.split("\x00")
    return "".join(_text(p) if t % 2 == 0 else f"${marks[int(p)]}$" for t, p in enumerate(parts))


def _conditions(step):
    marks = []
    def fmt(e):
        marks.append(latex(e))
        return f"\x00{len(marks) - 1}\x00"
    def cond(c):
        marks.append(condition(c, as_latex=True))
        return f"\x00{len(marks) - 1}\x00"
    out = []
    for sentence in conditions(step, fmt, cond, le="\x01"):
        parts = sentence.split("\x00")
        out.append("".join(_text(p).replace("\x01", "$\\le$") if t % 2 == 0 else f"${marks[int(p)]}$"
                           for t, p in enumerate(parts)))
    return out


def proof_latex(proof, names=None, display=False):
    """The body of one proof: claim, chain of steps (align*), verdict."""
    ident = proof.identity
    rows = []
    for heading, sub, verdicts in sections(proof):
        if heading:
            rows.append(f"&\\text{{\\textbf{{{_text(heading)}}}: }} {domain_text(sub.domain, latex, le=LE, sep=SEP)}")
        rows.append(f"{latex(sub.lhs)} &")
        for step, verdict in zip(sub.steps, verdicts):
            why = _reason(step, names)
            conds = "".join(f"\\\\\n&\\qquad\\text{{\\small side condition: {c}}}" for c in _conditions(step))
            rows.append(f"&= {latex(step.after)} && {MARK[verdict.passed]}\\ \\text{{({why})}}{conds}")
    body = "\\\\\n".join(rows)
    if display:
        return "\\begin{aligned}" + body + "\\end{aligned}"
    return "\n".join([
        f"\\section*{{{_text(ident.title)}}}",
        f"\\noindent Claim: $\\displaystyle {latex(ident.lhs)} = {latex(ident.rhs)}$"
        f" for ${domain_text(ident.domain, latex, le=LE, sep=SEP)}$.\\\\",
        f"Network: {_text(network_text(proof.network))}.",
        "\\begin{align*}", body, "\\end{align*}",
        f"\\noindent\\textbf{{{_text(summary(proof))}}}", ""])


def document(proofs, names=None):
    """A complete LaTeX document (amsmath, amssymb) holding the proofs."""
    return "\n".join([
        "\\documentclass[11pt]{article}",
        "\\usepackage[margin=2cm,landscape]{geometry}",
        "\\usepackage{amsmath,amssymb}",
        "\\allowdisplaybreaks",
        "\\begin{document}", ""] + [proof_latex(p, names) for p in proofs] + ["\\end{document}", ""])
