"""Terminal output with rich: numbered steps, rules, side conditions, check marks, verdict."""
from rich.console import Group
from rich.text import Text

from . import words
from .common import domain_text, network_text, sections
from .explain import conditions, reason
from .notation import condition, text
from .sentence import render

MARK = {True: ("✓", "green"), False: ("✗", "bold red"), None: ("?", "yellow")}
STYLE = {"proved": "bold green", "refuted": "bold red", "undecided": "bold yellow"}


def proof_renderable(proof, names=None):
    """A rich renderable of one proof."""
    ident = proof.identity
    lines = [Text(ident.title, style="bold"),
             Text.assemble(("claim    ", "dim"), f"{text(ident.lhs)} = "
                                                  f"{text(ident.rhs) if ident.rhs is not None else '(not derived)'}"),
             Text.assemble(("for      ", "dim"), domain_text(ident.domain, text) or "all indices"),
             Text.assemble(("network  ", "dim"), network_text(proof.network))]
    hints = getattr(proof, "hints", {})
    for section in sections(proof):
        lines.append(Text(""))
        if section.heading:
            where = domain_text(section.domain, text)
            lines.append(Text.assemble(("case: " if section.domain else "", "bold cyan"), section.heading,
                                       (f"  ({where})" if where else "", "dim")))
        if section.lhs is not None:
            lines.append(Text("       " + text(section.lhs)))
        for number, step, record in section.steps:
            lines += step_lines(number, step, record, names, hints.get(number - 1))
    lines.append(Text(""))
    lines.append(Text(render(words.summary(proof.verdict, names, hints), text), style=STYLE[proof.verdict.status]))
    if proof.verdict.counterexample is not None:
        lines += [Text("  " + line) for line in words.counterexample(proof.verdict.counterexample)]
    return Group(*lines)


def step_lines(number, step, record, names=None, hint=None):
    pad = " " * 9
    out = [Text.assemble((f"{number:>4}.", "bold"), "  = ", text(step.after)),
           Text.assemble(pad, (reason(step, text, names), "cyan"))]
    for c in conditions(step, text, condition):
        out.append(Text.assemble(pad, ("side condition: ", "dim"), c))
    mark, style = MARK[record.passed]
    checks = "; ".join(render(words.check(c, names), text) for c in record.checks)
    line = Text.assemble(pad, (mark + " ", style), checks)
    why = words.reason(record, names, hint)
    if why is not None:
        line.append(("  " if checks else "") + render(why, text), style=style if record.passed is not True else "yellow")
    out.append(line)
    if record.counterexample:
        out += [Text.assemble(pad, "  ", line) for line in words.counterexample(record.counterexample)]
    return out
