"""Markdown with $$ math: renders on GitHub and in Jupyter.

Every display formula is a `$$` block on lines of its own (the form GitHub documents); the
rules and side conditions are list items with inline `$...$` math; plain words have the
characters Markdown would read as emphasis or HTML escaped.
"""
import re

from ..hints import render as render_hint
from .common import domain_text, sections
from .explain import conditions, reason, verdict_sentence
from .latex import LE, SEP, merge, split_marks
from .latex import _marker as latex_marker
from .notation import latex

ICON = {True: "✓", False: "✗", None: "?"}



def _plain(s):
    """Words (not math) safe in Markdown: no emphasis, no HTML, no math delimiters."""
    s = re.sub(r"([\\*_`])", r"\\\1", s)
    return s.replace("<", "&lt;").replace(">", "&gt;").replace("$", "&#36;")


def _display(tex):
    return ["$$", tex, "$$", ""]


def _marker():
    """fmt and cond for explain.py (LaTeX's), and `render` that turns its sentences into
    Markdown: the formulas as inline math, the words between them made safe."""
    marks, fmt, cond = latex_marker()

    def render(sentence):
        return "".join(f"${t}$" if is_math else _plain(t) for is_math, t in merge(split_marks(sentence, marks)))
    return fmt, cond, render


def network_markdown(network):
    sizes = ("widths " + ",".join(map(str, network.widths))) if network.concrete else "any depth $L$ and widths $n_l$"
    return f"{sizes}; activation {_plain(network.activation.name)}; cost {_plain(network.cost.name)}"


def _counterexample(cex):
    idx = ", ".join(f"${k} = {v}$" for k, v in cex.get("indices", {}).items()) or "none"
    return (f"counterexample: widths {_plain(str(cex.get('widths')))}, indices {idx}, activation "
            f"{_plain(str(cex.get('activation')))}, seed {_plain(str(cex.get('seed')))}: left side "
            f"`{cex.get('lhs')!r}`, right side `{cex.get('rhs')!r}`")


def proof_markdown(proof, names=None):
    ident = proof.identity
    domain = domain_text(ident.domain, latex, le=LE, sep=SEP)
    out = [f"### {_plain(ident.title)}", "", "**Claim**", ""]
    out += _display(f"{latex(ident.lhs)} = {latex(ident.rhs)}" if ident.rhs is not None else latex(ident.lhs))
    out += [(f"for ${domain}$; " if domain else "") + f"network: {network_markdown(proof.network)}.", ""]
    number = 0
    for heading, sub, verdicts in sections(proof):
        if heading:
            where = domain_text(sub.domain, latex, le=LE, sep=SEP)
            out += [f"**Case: {_plain(heading)}**" + (f" (${where}$)" if where else ""), ""]
        out += _display(latex(sub.lhs))
        for step, verdict in zip(sub.steps, verdicts):
            number += 1
            out += _display(f"= {latex(step.after)}")
            fmt, cond, render = _marker()
            out.append(f"{number}. {ICON[verdict.passed]} *{render(reason(step, fmt, names))}*")
            for text in conditions(step, fmt, cond, le="≤"):
                out.append(f"   - side condition: {render(text)}")
            if verdict.checks:
                out.append(f"   - kernel: {_plain('; '.join(verdict.checks))}")
            if verdict.reason:
                out.append(f"   - **kernel: {render_hint(verdict.reason, lambda e: f'${latex(e)}$', _plain)}**")
            if verdict.counterexample:
                out.append(f"   - {_counterexample(verdict.counterexample)}")
            out.append("")
    out += [f"**{render_hint(verdict_sentence(proof), lambda e: f'${latex(e)}$', _plain)}**", ""]
    return "\n".join(out)


def document(proofs, names=None):
    return "\n".join(proof_markdown(p, names) for p in proofs)
