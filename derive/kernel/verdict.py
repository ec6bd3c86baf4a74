"""The kernel's verdicts. Only the kernel builds them; only a Verdict may say "proved"."""
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class StepVerdict:
    """One step: passed (True), failed (False) or not confirmed (None), with what was checked."""
    step: object
    passed: Optional[bool]
    checks: list = field(default_factory=list)
    reason: str = ""
    counterexample: Optional[dict] = None


@dataclass
class Verdict:
    """A whole derivation: 'proved', 'rejected' or 'unconfirmed'."""
    claim: object
    status: str
    steps: list
    reason: str = ""
    network: object = None

    @property
    def proved(self):
        return self.status == "proved"

    def first_failure(self):
        return next((s for s in self.steps if s.passed is not True), None)
