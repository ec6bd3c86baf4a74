"""Terminal output with rich: numbered steps, rules, side conditions, check marks, verdict."""
from rich.console import Group
from rich.text import Text

from .common import domain_text, network_text, sections, summary
from .explain import conditions, reason
from ..hints import render
from .notation import condition, text

MARK = {True: ("✓", "green"), False: ("✗", "bold red"), None: ("?", "yellow")}


def proof_renderable(proof, names=None):
    """A rich renderable of one proof."""
    ident = proof.identity
    lines = [Text(ident.title, style="bold"),
             Text.assemble(("claim    ", "dim"), f"{text(ident.lhs)} = "
                                                  f"{text(ident.rhs) if ident.rhs is not None else '(not derived)'}"),
             Text.assemble(("for      ", "dim"), domain_text(ident.domain, text) or "all indices"),
             Text.assemble(("network  ", "dim"), network_text(proof.network))]
    number = 0
    for heading, sub, verdicts in sections(proof):
        lines.append(Text(""))
        if heading:
            lines.append(Text.assemble(("case: ", "bold cyan"), heading, ("  (" + domain_text(sub.domain, text) + ")", "dim")))
        lines.append(Text("       " + text(sub.lhs)))
        for step, verdict in zip(sub.steps, verdicts):
            number += 1
            lines += step_lines(number, step, verdict, names)
    lines.append(Text(""))
    style = "bold green" if proof.verdict.proved else ("bold red" if proof.verdict.status == "rejected" else "bold yellow")
    lines.append(Text(summary(proof), style=style))
    return Group(*lines)


def step_lines(number, step, verdict, names=None):
    pad = " " * 9
    out = [Text.assemble((f"{number:>4}.", "bold"), "  = ", text(step.after)),
           Text.assemble(pad, (reason(step, text, names), "cyan"))]
    for c in conditions(step, text, condition):
        out.append(Text.assemble(pad, ("side condition: ", "dim"), c))
    mark, style = MARK[verdict.passed]
    checks = "; ".join(verdict.checks) if verdict.checks else ""
    line = Text.assemble(pad, (mark + " ", style), checks)
    if verdict.reason:
        line.append(("  " if checks else "") + render(verdict.reason, text), style=style)
    out.append(line)
    if verdict.counterexample:
        out += [Text.assemble(pad, ("  ", ""), l) for l in counterexample_lines(verdict.counterexample)]
    return out


def counterexample_lines(cex):
    """A counterexample a user can re-run: sizes, indices, parameters (seed), both sides."""
    idx = ", ".join(f"{k} = {v}" for k, v in cex["indices"].items()) or "none"
    return [f"counterexample: widths {cex['widths']}, indices {idx}, activation {cex['activation']}, seed {cex['seed']}",
            f"left side  = {cex['lhs']!r}",
            f"right side = {cex['rhs']!r}"]
