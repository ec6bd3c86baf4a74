"""Proofs are data: steps (before, after, rule, side conditions), derivations and case splits.

The engine builds these objects, the kernel checks them, the printers render them.
"""
from dataclasses import dataclass, field
from types import MappingProxyType

from sympy import Tuple

# rule id -> the name printed for it
RULES = {
    "definition": "definition",
    "chain-rule": "chain rule",
    "derivative": "derivative of the definition",
    "kronecker": "Kronecker-delta collapse",
    "range": "range condition",
    "identity": "earlier identity",
    "activation": "derivative of the activation",
    "algebra": "algebra",
    "linearity": "a sum of terms, summed term by term (algebra)",
    "probability": "the targets add up to 1: y is a probability vector",
}


@dataclass(frozen=True)
class Step:
    """before = after by `rule`; `detail` holds the rule's data, `conditions` its side conditions.

    detail keys by rule: definition: of (the quantity), folded (bool);
    chain-rule: via (a member u[m, i] of the intermediate family), over ((i, 1, n(m)));
    kronecker: over (the summed index); range: holds (the condition discharged);
    identity: name, mapping; activation: name.
    """
    before: object
    after: object
    rule: str
    detail: dict = field(default_factory=dict)
    conditions: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "detail", MappingProxyType(dict(self.detail)))   # read only, as the step is

    def __reduce__(self):
        """Copied and pickled by its fields: copy.deepcopy and pickle refuse the read-only detail itself."""
        return Step, (self.before, self.after, self.rule, dict(self.detail), self.conditions)

    def reversed(self):
        """The same equality read right to left (a definition unfolded becomes folded)."""
        detail = dict(self.detail)
        if "folded" in detail:
            detail["folded"] = not detail["folded"]
        return Step(self.after, self.before, self.rule, detail, self.conditions)


@dataclass(frozen=True)
class Chain:
    """e0 = e1 = ... as stated: its steps, the first expression, and what it is about.

    case: () for the claim's whole domain; (l, "top") for the claim with l at the top of its range
    (the base case l = L), (l, "below") for the rest (l < L). given: a fact stated on its own.
    """
    steps: tuple
    start: object = None
    case: tuple = ()
    given: bool = False

    @property
    def end(self):
        return self.steps[-1].after if self.steps else self.start


@dataclass
class Derivation:
    """lhs = ... = rhs for every index in `domain` ((sym, lo, hi), ...)."""
    lhs: object
    rhs: object
    domain: tuple
    steps: list

    def chains(self):
        return (Chain(tuple(self.steps), self.lhs),)


@dataclass
class Cases:
    """A proof by cases on a layer variable: the wiki's induction on l from L down."""
    lhs: object
    rhs: object
    domain: tuple
    variable: object
    cases: list            # [(label, Derivation)]

    @property
    def steps(self):
        return [s for _, d in self.cases for s in d.steps]

    def chains(self):
        """The base case (the variable at the top of its range) first, then the rest."""
        ends = ("top", "below") + ("extra",) * max(0, len(self.cases) - 2)
        return tuple(Chain(tuple(d.steps), d.lhs, (self.variable, end)) for (_, d), end in zip(self.cases, ends))


@dataclass(frozen=True)
class Identity:
    """A claim lhs = rhs over `domain`, with the strategy the engine should follow."""
    name: str
    title: str
    lhs: object
    rhs: object
    domain: tuple
    route: str = "z"                   # chain rule through z (Nielsen) or a (the wiki)
    induction: bool = False            # split l = L / l < L as in the wiki's induction
    expand_cost: bool = False          # unfold C's definition (the cost-specific forms)
    use_activation: bool = False       # apply the activation's derivative law
    uses: tuple = ()                   # earlier identities the proof may cite

    def __post_init__(self):            # the domain as sympy's immutable Tuples, whatever the caller gave
        object.__setattr__(self, "domain", tuple(Tuple(*d) for d in self.domain))

    @property
    def short_title(self):
        """How a step cites it: BP3 for 'BP3: the rate of change ...', else the whole title."""
        return self.title.split(":")[0].strip()


def handed(proof):
    """A proof handed to the kernel (a Derivation, Cases, a file's chains) as values, to compare with the one a verdict
    judged: its sides, domains, case labels and steps (None for no proof)."""
    if proof is None or isinstance(proof, (tuple, list)) and not proof:
        return None
    if isinstance(proof, Cases):
        return (proof.lhs, proof.rhs, tuple(proof.domain), proof.variable,
                tuple((label, handed(d)) for label, d in proof.cases))
    if isinstance(proof, Derivation):
        return proof.lhs, proof.rhs, tuple(proof.domain), tuple(proof.steps)
    return tuple(proof)
