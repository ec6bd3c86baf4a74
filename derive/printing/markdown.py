"""Markdown with $$ math: renders on GitHub and in Jupyter."""
from .common import domain_text, network_text, sections, summary
from .explain import conditions, reason
from .latex import LE, SEP
from .notation import condition, latex

ICON = {True: "✓", False: "✗", None: "?"}


def _inline(e):
    return f"${latex(e)}$"


def proof_markdown(proof, names=None):
    ident = proof.identity
    out = [f"### {ident.title}", "",
           f"**Claim** $${latex(ident.lhs)} = {latex(ident.rhs)}$$",
           f"for ${domain_text(ident.domain, latex, le=LE, sep=SEP)}$; network: {network_text(proof.network)}.", ""]
    number = 0
    for heading, sub, verdicts in sections(proof):
        if heading:
            out += [f"**Case: {heading}**", ""]
        out += [f"$${latex(sub.lhs)}$$", ""]
        for step, verdict in zip(sub.steps, verdicts):
            number += 1
            out.append(f"{number}. $$= {latex(step.after)}$$")
            out.append(f"   {ICON[verdict.passed]} *{reason(step, _inline, names)}*"
                       + (f": {'; '.join(verdict.checks)}" if verdict.checks else "")
                       + (f" — {verdict.reason}" if verdict.reason else ""))
            for c in conditions(step, _inline, lambda c: f"${condition(c, as_latex=True)}$", le="≤"):
                out.append(f"   - side condition: {c}")
            out.append("")
    out += [f"**{summary(proof)}**", ""]
    return "\n".join(out)


def document(proofs, names=None):
    return "\n".join(proof_markdown(p, names) for p in proofs)
