"""JSON: every step with its expressions (text and LaTeX), rule, conditions and checks."""
from ..hints import render
from .common import network_text, sections, summary
from .explain import conditions, reason
from .notation import condition, latex, text


def proof_json(proof, names=None):
    ident = proof.identity
    steps = []
    for heading, sub, verdicts in sections(proof):
        for step, verdict in zip(sub.steps, verdicts):
            steps.append({
                "case": heading,
                "before": text(step.before), "after": text(step.after), "after_latex": latex(step.after),
                "rule": step.rule, "reason": reason(step, text, names),
                "conditions": conditions(step, text, condition),
                "passed": verdict.passed, "checks": verdict.checks, "message": render(verdict.reason, text) or None,
                "counterexample": verdict.counterexample,
            })
    return {
        "identity": ident.name, "title": ident.title,
        "lhs": text(ident.lhs), "rhs": text(ident.rhs) if ident.rhs is not None else None,
        "latex": f"{latex(ident.lhs)} = {latex(ident.rhs)}" if ident.rhs is not None else None,
        "domain": [[str(s), text(lo), text(hi)] for s, lo, hi in ident.domain],
        "network": {"widths": list(proof.network.widths) if proof.network.concrete else None,
                    "activation": proof.network.activation.name, "cost": proof.network.cost.name,
                    "description": network_text(proof.network)},
        "verdict": proof.verdict.status, "message": summary(proof),
        "every_instance": (proof.verdict.reason or None) if proof.network.concrete else None,
        "counterexample": proof.verdict.counterexample, "steps": steps,
    }
