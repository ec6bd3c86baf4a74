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
    counterexample: Optional[dict] = None       # where a concrete net's claim fails, if it does

    @property
    def proved(self):
        return self.status == "proved"

    def first_failure(self):
        return next((s for s in self.steps if s.passed is not True), None)

    def summary(self):
        """One line: the status and what decided it."""
        n = len(self.steps)
        if self.proved:
            steps = f"all {n} steps confirmed symbolically and numerically"
            return f"proved: {self.reason}" if not n else (f"proved: {steps}; {self.reason}" if self.reason else
                                                           f"proved: {steps}")
        bad = self.first_failure()
        return f"{self.status}: {bad.reason if bad else self.reason}"

    def _repr_markdown_(self):
        """Jupyter: the verdict and each step's checks (rendering lives outside the kernel)."""
        lines = [f"**{self.summary()}**", ""]
        for t, s in enumerate(self.steps, 1):
            mark = {True: "✓", False: "✗", None: "?"}[s.passed]
            lines.append(f"{t}. {mark} {s.step.rule}: {'; '.join(s.checks) or s.reason}")
            if s.counterexample:
                c = s.counterexample
                lines.append(f"   counterexample: widths {c['widths']}, indices {c['indices']}, seed {c['seed']}: "
                             f"{c['lhs']!r} ≠ {c['rhs']!r}")
        return "\n".join(lines)

    def __rich__(self):
        from rich.text import Text
        style = "bold green" if self.proved else ("bold red" if self.status == "rejected" else "bold yellow")
        return Text(self.summary(), style=style)
