"""Check a user's derivation: every step by the kernel, a hint for each failed step, and
whether a chain reaches the claim."""
import re
from dataclasses import dataclass, field
from typing import Optional

from .hints import hint
from .kernel.canon import Canon
from .kernel.check import Kernel
from .model.network import DomainError, infer_domain
from .model.proof import Step

RULE_WORDS = (("chain", "chain-rule"), ("kronecker", "kronecker"), ("collapse", "kronecker"),
              ("range", "range"), ("defin", "definition"), ("deriv", "derivative"), ("bp", "identity"),
              ("algebra", "algebra"))


@dataclass
class StepReport:
    line: int
    before: object
    after: object
    justification: str
    passed: Optional[bool]
    checks: list = field(default_factory=list)
    reason: str = ""
    hint: Optional[str] = None
    counterexample: Optional[dict] = None
    given: bool = False
    chain: int = 0


@dataclass
class Report:
    path: str
    claim: object
    steps: list
    reaches_claim: Optional[bool]
    verdict: str                      # proved | refuted | undecided
    message: str
    network: object = None
    counterexample: Optional[dict] = None     # where the claim fails on a concrete net


def check_document(doc, network, path="", kernel=None, on_step=None, steps_out=None):
    """Check every step of `doc` with the kernel on `network`; `steps_out` collects the step
    reports as they are made (so a caller that runs out of time still has them)."""
    kernel = kernel or Kernel(network)
    _prove_cited(doc, network, kernel)
    claim = doc.claim.exprs if doc.claim and len(doc.claim.exprs) == 2 else None
    steps = [] if steps_out is None else steps_out
    for number, chain in enumerate(doc.chains):
        pairs = _pairs(chain)
        exprs = [e for _, b, a, _ in pairs for e in (b, a)] + (list(claim) if claim else [])
        try:
            domain = infer_domain(*exprs) if exprs else ()
        except DomainError:
            domain = ()
        for row, before, after, why in pairs:
            if on_step:
                on_step(row.line)
            report = _check(row, before, after, why, domain, kernel, chain.given)
            report.chain = number
            steps.append(report)
    reaches = _reaches(doc, claim, steps, network) if claim else None
    report = _summarise(path, claim, steps, reaches, network)
    if report.verdict == "proved" and claim is not None and network.concrete:
        _every_instance(report, claim, kernel)
    return report


def _every_instance(report, claim, kernel):
    """On a concrete net, the claim the steps reach is also checked by the kernel at every instance."""
    from .model.proof import Identity
    identity = Identity("claim", "the document's claim", claim[0], claim[1], infer_domain(*claim))
    ok, checked, cex = kernel.every_instance(identity)
    if ok:
        report.message += f"; every instance checked: {checked}"
        return
    report.verdict = "refuted" if ok is False else "undecided"
    report.message = f"every step holds, but the claim {'fails' if ok is False else 'is not confirmed'}: {checked}"
    report.counterexample = cex


def _pairs(chain):
    """(row, before, after, justification) for each equality in the chain, in order."""
    out, previous = [], None
    for row in chain.rows:
        exprs = ([previous] if row.continues and previous is not None else []) + list(row.exprs)
        for before, after in zip(exprs, exprs[1:]):
            out.append((row, before, after, row.justification))
        previous = exprs[-1] if exprs else previous
    return out


def _check(row, before, after, why, domain, kernel, given):
    if row.issues:
        message = "; ".join(m for m, _ in row.issues)
        return StepReport(row.line, before, after, why, False, [], "the step has no meaning as written",
                          message, None, given)
    rule = next((r for word, r in RULE_WORDS if word in why.lower()), "algebra")
    cited = _cited(why)
    detail = {"name": cited} if cited else {}
    rule = "identity" if cited else rule
    verdict = kernel.check_step(Step(before, after, rule, detail), domain)
    tip = hint(before, after, domain, kernel) if verdict.passed is False else None
    return StepReport(row.line, before, after, why, verdict.passed, verdict.checks, verdict.reason, tip,
                      verdict.counterexample, given)


def _reaches(doc, claim, steps, network):
    """A chain of passed steps leads from the claim's left side to its right side, or, for an
    induction on l, one does for l = L and one for l < L."""
    from .model.symbols import L, l
    lhs, rhs = claim
    reached = set()
    for chain in doc.chains:
        pairs = _pairs(chain)
        if chain.given or not pairs:
            continue
        goal = (lhs.xreplace({l: L}), rhs.xreplace({l: L})) if chain.case == "l=L" else (lhs, rhs)
        domain = infer_domain(*goal)
        if chain.case == "l<L":
            domain = tuple(d if d[0] != l else d.func(l, d[1], L - 1) for d in domain)
        canon = Canon(network, domain)
        lines = {row.line for row, _, _, _ in pairs}
        if canon.equal(pairs[0][1], goal[0]) and canon.equal(pairs[-1][2], goal[1]) and \
                all(s.passed is True for s in steps if s.line in lines and not s.given):
            reached.add(chain.case or "all")
    return "all" in reached or {"l=L", "l<L"} <= reached


def _summarise(path, claim, steps, reaches, network):
    failed = [s for s in steps if s.passed is False]
    if failed:
        first = failed[0]
        message = f"step on line {first.line} fails" + (f": {first.hint}" if first.hint else f": {first.reason}")
        verdict = "refuted"
    elif any(s.passed is None for s in steps):
        message, verdict = "some steps could not be confirmed", "undecided"
    elif claim is not None and not reaches:
        message, verdict = "every step holds, but no chain reaches the claim", "undecided"
    else:
        message = "every step holds" + (" and the chain reaches the claim" if claim is not None else "")
        verdict = "proved"
    return Report(path, claim, steps, reaches, verdict, message, network)


def _cited(justification):
    """The library identity a justification names ("by BP1", "bp4", "cost-gradient"), or None."""
    m = re.search(r"\b(bp[1-4]|cost-gradient|output-error|hidden-error)\b", justification.lower())
    return m.group(1) if m else None


def _prove_cited(doc, network, kernel):
    """Library identities a justification names are proved first, by the kernel."""
    from .api import names, prove
    cited = {_cited(row.justification) for chain in doc.chains for row in chain.rows} - {None}
    for name in names(network):
        if name in cited:
            prove(name, network, kernel=kernel)


def as_proofs(report):
    """The report as Proof-like objects, one per chain of equalities, for the exporters:
    each step keeps its justification as its rule and its mark, reason, hint and counterexample."""
    from .api import Proof
    from .kernel.verdict import StepVerdict, Verdict
    from .model.proof import Derivation, Identity
    out = []
    chains = sorted({s.chain for s in report.steps})
    for number in chains:
        mine = [s for s in report.steps if s.chain == number]
        first, last = mine[0], mine[-1]
        try:
            domain = infer_domain(first.before, *[s.after for s in mine])
        except DomainError:
            domain = ()
        lines = f"line {first.line}" if first.line == last.line else f"lines {first.line}-{last.line}"
        title = f"{report.path or 'derivation'}, {lines}" + (" (a stated fact)" if first.given else "")
        ident = Identity(f"chain-{number + 1}", title, first.before, last.after, domain)
        steps = [Step(s.before, s.after, s.justification or "as written", {}) for s in mine]
        verdicts = [StepVerdict(step, s.passed, s.checks,
                                (s.reason + "; " if s.reason else "") + "hint: " + s.hint if s.hint else s.reason,
                                s.counterexample) for step, s in zip(steps, mine)]
        status = "proved" if all(s.passed is True for s in mine) else (
            "rejected" if any(s.passed is False for s in mine) else "unconfirmed")
        verdict = Verdict(ident, status, verdicts, "" if status == "proved" else report.message, report.network)
        out.append(Proof(ident, Derivation(first.before, last.after, domain, steps), verdict, report.network))
    return out
