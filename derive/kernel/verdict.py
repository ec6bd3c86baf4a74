"""The kernel's verdicts: immutable, and made by the kernel alone (in the spirit of HOL Light's thm).

A Verdict says "proved", "refuted" or "undecided" about a claim. It holds structured records:
each step's StepRecord, the Checks (what was checked, on which nets, the largest error; evidence
marked as such), the Problems (what stands in the way), and for a refutation the Counterexample
the kernel evaluated itself. Printers word them; nothing outside derive/kernel constructs a
Verdict (its constructor refuses unless the kernel's `mint` calls it, and `mint` refuses a caller
outside derive/kernel).
"""
import sys
from dataclasses import asdict, dataclass
from typing import Optional

STATUSES = ("proved", "refuted", "undecided")


@dataclass(frozen=True)
class Check:
    """One thing checked. kind: rewriting | chain-rule | identity | cases | instances | vacuous
    (the kernel's own), numbers | every-instance (evidence: advisory, never a proof)."""
    kind: str
    data: dict

    @property
    def evidence(self):
        return self.kind in ("numbers", "every-instance")


@dataclass(frozen=True)
class Problem:
    """What keeps a step or a proof from being proved; kind names it, data holds its particulars."""
    kind: str
    data: dict


@dataclass(frozen=True)
class Counterexample:
    """Where the two sides differ: a net, an instance, the point of a seed, and the numbers (mpmath's)."""
    widths: tuple
    indices: dict
    seed: int
    activation: str
    cost: str
    lhs: object
    rhs: object
    difference: object
    parameters: Optional[dict] = None

    def __getitem__(self, name):
        return getattr(self, name)

    def get(self, name, default=None):
        return getattr(self, name, default)

    def as_dict(self):
        out = asdict(self)
        out["widths"] = list(self.widths)
        return out


@dataclass(frozen=True)
class StepRecord:
    """One step: its status, what checked it, and whether the rule it cites justifies it
    (None when it cites none)."""
    step: object
    status: str
    checks: tuple = ()
    problem: Optional[Problem] = None
    counterexample: Optional[Counterexample] = None
    justified: Optional[bool] = None
    chain: int = 0
    domain: Optional[tuple] = None          # where it was checked

    @property
    def passed(self):
        return {"proved": True, "refuted": False}.get(self.status)


@dataclass(frozen=True)
class Verdict:
    """The kernel's verdict on a claim (None for a document without one)."""
    claim: object
    status: str
    steps: tuple = ()
    problems: tuple = ()
    checks: tuple = ()
    counterexample: Optional[Counterexample] = None
    network: object = None
    uses: tuple = ()
    handed: object = None                   # what it judged, as model/proof.handed gives it (None: no proof)

    def __init_subclass__(cls, **kwargs):
        raise TypeError("a Verdict has no subclasses: one could make itself without the kernel")

    def __post_init__(self):
        if sys._getframe(2).f_code is not mint.__code__:       # the caller of __init__: mint alone
            raise TypeError("only the kernel creates verdicts")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def proved(self):
        return self.status == "proved"

    def first_failure(self):
        """The first step that is not proved, or None."""
        return next((s for s in self.steps if s.status != "proved"), None)

    def __repr__(self):
        what = f"{len(self.steps)} step{'' if len(self.steps) == 1 else 's'}"
        return f"<Verdict {self.status.upper()}: {getattr(self.claim, 'name', 'document')}, {what}>"


def mint(**fields):
    """A Verdict; for the kernel's own modules (a caller from anywhere else is refused)."""
    if not sys._getframe(1).f_globals.get("__name__", "").startswith(__name__.rsplit(".", 1)[0] + "."):
        raise TypeError("only the kernel creates verdicts")
    return Verdict(**fields)
