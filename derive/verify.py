"""Verify an identity typed by a user: proved (with the derivation), refuted (with a
counterexample anyone can re-run), or undecided. Numbers alone never make it "proved"."""
import shlex
from dataclasses import dataclass, field, replace
from typing import Optional

from .engine.strategy import EngineError, derive
from .kernel.check import Kernel
from .model.network import DomainError, infer_domain
from .parsing.parse import ParseError, parse_identity
from .model.proof import Identity, Step

# the engine's ways of looking for a proof, tried in turn
STRATEGIES = (dict(route="z", expand_cost=True, use_activation=True), dict(route="z"), dict(route="a"))


@dataclass
class Outcome:
    identity: str
    verdict: str                     # proved | refuted | undecided
    checks: list = field(default_factory=list)
    counterexample: Optional[dict] = None
    message: str = ""
    proof: object = None             # an api.Proof when proved

    def as_json(self):
        return {"identity": self.identity, "verdict": self.verdict, "checks": self.checks,
                "counterexample": self.counterexample, "message": self.message}


def claim_of(text):
    """The Identity a user's text states; ParseError when it cannot be read or makes no sense."""
    lhs, rhs = parse_identity(text)
    try:
        domain = infer_domain(lhs, rhs)
    except DomainError as e:
        raise ParseError(str(e)) from None
    return Identity("claim", text, lhs, rhs, domain)


def verify(text, network, kernel=None, timeout=None):
    """verify_now within a time budget: when it runs out the verdict is "undecided" with
    what had been checked by then."""
    from .budget import OutOfTime, time_budget
    progress = []
    claim = claim_of(text)                       # input errors are reported whatever the budget
    try:
        with time_budget(timeout):
            return verify_now(text, network, kernel, progress, claim)
    except (OutOfTime, RecursionError, MemoryError) as e:
        why = str(e) if isinstance(e, OutOfTime) else f"the problem is too large ({type(e).__name__})"
        return Outcome(text, "undecided", progress, None, f"{why}; checked so far: "
                       f"{'; '.join(progress) if progress else 'nothing'}")


def verify_now(text, network, kernel=None, progress=None, claim=None):
    """Prove `text` with the engine and the kernel, or refute it with a counterexample.

    A quick numeric screen comes first: if the sides differ at a random point, the kernel
    confirms the difference (symbolically on a concrete net where it can) and reports it.
    Otherwise the engine looks for a derivation and the kernel checks it.
    """
    from .api import Proof
    progress = [] if progress is None else progress
    claim = claim or claim_of(text)
    kernel = kernel or Kernel(network)
    whole = Step(claim.lhs, claim.rhs, "claim")
    ok, report, _ = kernel.numeric(whole, claim.domain)
    progress.append("numeric screen: " + ("the sides differ" if ok is False else report or "no instance"))
    if ok is False:
        return _refuted(text, network, kernel.check_step(whole, claim.domain))
    last = None
    for how in STRATEGIES:
        try:
            derivation = derive(replace(claim, **how), network)
        except (EngineError, RecursionError, ValueError, TypeError):
            continue
        last = kernel.check(claim, derivation)
        progress.append(f"derivation ({how.get('route')} route): {last.status}")
        if last.proved:
            checks = sorted({c for s in last.steps for c in s.checks})
            n = len(last.steps)
            return Outcome(text, "proved", checks, None, f"proved by the kernel in {n} step{'' if n == 1 else 's'}",
                           Proof(claim, derivation, last, network))
    verdict = kernel.check_step(whole, claim.domain)
    if verdict.passed is True:
        return Outcome(text, "proved", verdict.checks, None, "proved by the kernel directly from the definitions")
    if verdict.passed is False and verdict.counterexample:
        return _refuted(text, network, verdict)
    reason = verdict.reason or (last.reason if last else "no derivation found")
    return Outcome(text, "undecided", verdict.checks, None, f"neither proved nor refuted: {reason}")


def _refuted(text, network, verdict):
    cex = verdict.counterexample
    if cex is None:
        return Outcome(text, "undecided", verdict.checks, None, verdict.reason)
    cex = dict(cex, rerun=rerun_command(text, network, cex))
    return Outcome(text, "refuted", verdict.checks, cex, f"the two sides differ: {cex['lhs']!r} != {cex['rhs']!r} "
                                                         f"({verdict.reason})")


def rerun_command(text, network, cex):
    """The command that evaluates both sides at the counterexample."""
    at = ",".join(f"{k}={v}" for k, v in cex["indices"].items())
    parts = ["derive", "evaluate", text, "--widths", ",".join(map(str, cex["widths"])), "--seed", str(cex["seed"]),
             "--activation", network.activation.name, "--cost", network.cost.name]
    if at:
        parts += ["--at", at]
    return " ".join(shlex.quote(p) for p in parts)


def evaluate(text, network, widths, seed, at):
    """Both sides of `text` (or the one expression) on a concrete net at the kernel's random point."""
    from sympy import Integer, Symbol
    from .kernel.concrete import contains, instantiate
    from .kernel.numeric import Numeric
    from .parsing.parse import parse
    parsed = parse(text)
    if parsed.issues:
        raise ParseError(*parsed.issues[0])
    env = {Symbol(k, integer=True): Integer(v) for k, v in at.items()}
    try:
        domain = infer_domain(*parsed.exprs)
    except DomainError as e:
        raise ParseError(str(e)) from None
    missing = [str(d[0]) for d in domain if d[0] not in env]
    if missing:
        raise ParseError(f"give a value to every free index with --at (missing: {', '.join(missing)})")
    if not contains(domain, widths, env):
        raise ParseError(f"--at {at} lies outside the range of the indices on widths {list(widths)}")
    num = Numeric(widths, network.activation, network.cost, seed)
    return [num.value(instantiate(e, env, widths)) for e in parsed.exprs], num.params
