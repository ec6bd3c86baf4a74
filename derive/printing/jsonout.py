"""JSON: every step with its expressions (text and LaTeX), rule, conditions, the kernel's records
(as data: what was checked, on which nets, the largest error) and the words for them."""
import mpmath
from sympy import Basic

from . import words
from .common import domain_parts, network_text, sections
from .explain import conditions, reason
from .notation import condition, latex, text
from .sentence import render


def data(value):
    """A record's data as JSON values: formulas in the text notation."""
    if isinstance(value, Basic):
        return text(value)
    if isinstance(value, dict):
        return {str(k): data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [data(v) for v in value]
    if hasattr(value, "as_dict"):
        return data(value.as_dict())
    if isinstance(value, mpmath.mpf):           # a number float64 holds, else its digits (JSON has no inf)
        f = words.held(value)
        return f if f is not None else words.number(value)
    if hasattr(value, "kind") and hasattr(value, "data"):
        return {"kind": value.kind, **data(value.data)}
    return value


def step_json(number, step, record, names=None, hint=None, heading=None):
    why = words.reason(record, names, hint)
    return {
        "step": number, "line": step.detail.get("line"), "case": heading,
        "before": text(step.before), "after": text(step.after), "after_latex": latex(step.after),
        "rule": step.rule, "reason": reason(step, text, names), "conditions": conditions(step, text, condition),
        "status": record.status, "justified": record.justified,
        "checks": [data(c) for c in record.checks],
        "checked": [render(words.check(c, names), text) for c in record.checks],
        "problem": data(record.problem) if record.problem else None,
        "message": render(why, text) if why is not None else None,
        "hint": render(hint, text) if hint is not None else None,
        "counterexample": data(record.counterexample) if record.counterexample else None,
    }


def proof_json(proof, names=None):
    ident, v = proof.identity, proof.verdict
    hints = getattr(proof, "hints", {})
    steps = [step_json(number, step, record, names, hints.get(number - 1), section.heading)
             for section in sections(proof) for number, step, record in section.steps]
    every = next((c for c in v.checks if c.kind == "every-instance"), None)
    return {
        "identity": ident.name, "title": ident.title,
        "lhs": text(ident.lhs) if ident.lhs is not None else None,
        "rhs": text(ident.rhs) if ident.rhs is not None else None,
        "latex": f"{latex(ident.lhs)} = {latex(ident.rhs)}" if ident.rhs is not None else None,
        "domain": [[text(e), None if lo is None else text(lo), None if hi is None else text(hi)]   # min(u, v) is
                   for lo, e, hi in domain_parts(ident.domain)],                                   # two ranges
        "network": {"widths": list(proof.network.widths) if proof.network.concrete else None,
                    "activation": proof.network.activation.name, "cost": proof.network.cost.name,
                    "output": proof.network.output,
                    "regularization": proof.network.regularization.name if proof.network.regularization else None,
                    "batch": proof.network.batch,
                    "description": network_text(proof.network)},
        "verdict": v.status, "message": render(words.summary(v, names, hints), text),
        "problems": [data(p) for p in v.problems], "checks": [data(c) for c in v.checks],
        "every_instance": data(every.data) if every is not None else None,
        "counterexample": data(v.counterexample) if v.counterexample else None, "steps": steps,
    }

