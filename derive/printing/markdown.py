"""Markdown with $$ math: renders on GitHub and in Jupyter.

Every display formula is a `$$` block on lines of its own (the form GitHub documents), a step's
after a `<!-- by: reason -->` note that derive check reads; the rules and side conditions are
list items with inline `$...$` math; plain words have the characters Markdown would read as
emphasis or HTML escaped.
"""
import re

from ..model.network import DomainError, infer_domain
from ..model.symbols import L, l
from . import words
from .common import case_of, domain_text, network_options, relations_as_math, sections
from .explain import conditions, reason, unexplained
from .proofdoc import network_header
from .latex import LE, SEP, merge, split_marks
from .latex import _marker as latex_marker
from .latex import _reason as latex_reason
from .notation import ascii, latex
from .sentence import parts

ICON = {True: "✓", False: "✗", None: "?"}
SAYS_BELOW = re.compile(r"\$\s*(?:\d+\s*(?:<=|\\le)\s*)?(?:l|\\ell)\s*(?:<|\\lt|\\le|\\leq|\\ne|\\neq)\s*"
                        r"L\s*(?:-\s*1)?\s*\$[\s.)]*$")          # a reason that ends with its layers, l < L



def plain(s):
    """Words (not math) safe in Markdown: no emphasis, no HTML, no math delimiters ($ and $$ in a code span,
    which a renderer shows as it is: &#36; is $ to MathJax), on one line (a line break in a file's name would end
    its block)."""
    s = re.sub(r"\s", " ", s)
    s = re.sub(r"([\\*_`])", r"\\\1", s)
    s = s.replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"\$+", lambda m: f"`{m.group(0)}`", s)


def _display(tex):
    """A $$ block; a formula that starts with a sign is set in brackets: `- b` on a line of its own opens a
    list item (which ends the display on GitHub and in Jupyter), and a display that starts with a sign reads as
    going on with the formula before it (derive check refuses it)."""
    return ["$$", f"\\left({tex}\\right)" if tex.startswith(("-", "+")) else tex, "$$", ""]


def _by(step, names):
    """The note derive check reads as the reason of the display after it (unseen when rendered)."""
    why = reason(step, ascii, names).replace("--", "- -")
    return f"<!-- by: {why[3:] if why.startswith('by ') else why} -->"


def _below_top(step, record):
    """The kernel checked the step for l <= L - 1 alone (the claim's or a case's range) while its own formulas allow
    l = L: a row in a display of its own, its reason then says so on the page (hidden notes never do)."""
    tops = [[e[2] for e in domain if e[0] == l] for domain in (record.domain or (), _own_domain(step))]
    return tops[0] == [L - 1] and tops[1] == [L]


def _own_domain(step):
    try:
        return infer_domain(step.before, step.after)
    except DomainError:
        return ()


def _marker():
    """fmt and cond for explain.py (LaTeX's), and `render` that turns its sentences into
    Markdown: the formulas as inline math, the words between them made safe."""
    marks, fmt, cond = latex_marker()

    def render(sentence):
        return "".join(f"${t}$" if is_math else plain(t) for is_math, t in merge(split_marks(sentence, marks)))
    return fmt, cond, render


def network_markdown(network):
    sizes = ("widths " + ",".join(map(str, network.widths))) if network.concrete else "any depth $L$ and widths $n_l$"
    return f"{sizes}; {network_options(network, plain, lambda t: f'${t}$')}"


def _counterexample(cex):
    return "; ".join(f"`{line}`" for line in words.counterexample(cex))


def _words(sentence):
    """A Sentence in Markdown: formulas as inline math (those only =, .., <= separate joined), words made safe."""
    pieces = [(True, latex(p)) if is_formula else (False, p) for is_formula, p in parts(sentence)]
    return "".join(f"${t}$" if is_math else plain(t) for is_math, t in merge(pieces))


def proof_markdown(proof, names=None):
    ident = proof.identity
    hints = getattr(proof, "hints", {})
    domain = domain_text(ident.domain, latex, le=LE, sep=SEP)
    claim = f"{latex(ident.lhs)} = {latex(ident.rhs)}" if ident.rhs is not None else latex(ident.lhs)
    out = [f"### {plain(ident.title)}", "",                    # inline: a display would be read as a step
           (f"**Claim:** ${claim}$" + (f" for ${domain}$" if domain else "") if ident.lhs is not None else
            "**No claim:** each chain is checked on its own") + ";",
           f"network: {network_markdown(proof.network)}.", ""]
    for section in sections(proof):
        if section.heading:
            where = domain_text(section.domain, latex, le=LE, sep=SEP)
            case = case_of(section.heading)             # a note derive check reads: the case of the display after it
            out += ([f"<!-- case: {case} -->"] if case else []) + (["<!-- given: -->"] if section.given else []) + \
                [f"**{relations_as_math(section.heading, plain)}**" + (f" (${where}$)" if where else ""), ""]
        if section.lhs is not None:
            out += _display(latex(section.lhs))
        for number, step, record in section.steps:
            if _below_top(step, record) and not unexplained(step):
                why = latex_reason(step, names)
                if not SAYS_BELOW.search(step.detail.get("text", "")):        # (a file's own words may say it)
                    why += ", for $l < L$"
                out += _display(f"\\begin{{aligned}}&= {latex(step.after)} && \\text{{({why})}}\\end{{aligned}}")
            else:
                out += ([] if unexplained(step) else [_by(step, names)]) + _display(f"= {latex(step.after)}")
            fmt, cond, render = _marker()
            out.append(f"{number}. {ICON[record.passed]} *{render(reason(step, fmt, names))}*")
            for text in conditions(step, fmt, cond, le="≤"):
                out.append(f"   - side condition: {render(text)}")
            for c in record.checks:
                out.append(f"   - {_words(words.check(c, names))}")
            message = words.reason(record, names, hints.get(number - 1))
            if message is not None:
                out.append(f"   - **kernel: {_words(message)}**")
            if record.counterexample:
                out.append(f"   - {_counterexample(record.counterexample)}")
            out.append("")
    out += [f"**{_words(words.summary(proof.verdict, names, hints))}**", ""]
    if proof.verdict.counterexample is not None:
        out += [_counterexample(proof.verdict.counterexample), ""]
    return "\n".join(out)


def document(proofs, names=None):
    """The proofs with the notes derive check reads back (HTML comments, unseen when rendered): the
    network first, and each proof's claim before it."""
    notes = [f"<!-- network: {' '.join(network_header(proofs[0].network))} -->", ""] if proofs else []
    return "\n".join(notes + [_claim_note(p.identity) + proof_markdown(p, names) for p in proofs])


def _claim_note(ident):
    return f"<!-- claim: {latex(ident.lhs)} = {latex(ident.rhs)} -->\n\n" if ident.rhs is not None else ""
