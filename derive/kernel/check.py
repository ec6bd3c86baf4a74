"""The trusted kernel: it alone decides whether a claim is proved, refuted or undecided.

`check(claim, proof)`: every step of every chain is checked on the claim's own domain (a chain of
a case split on that case's part of it). A step must be well formed there, and its two sides equal
by the rule it cites, or by any rule when it cites none:
  algebra    finite sums, Kronecker deltas and guards, sum_k y_k = 1 for a probability vector y
             (kernel/sums.py, canon.py with definitions off);
  definition the network's definitions and their derivatives (canon.py);
  chain rule dC/dV = sum_i dC/du_i du_i/dV through a family u that lies after V and exists at
             every instance (every sample's u, on a mini-batch network; V's sample's, for a node of one
             sample), of V's layer or the next or of the output layer: in a layered network it
             separates V from C (from C0, when C also adds a penalty on the weights: definitions write
             dC/dV as dC0/dV + the penalty's); through the family the step names (its detail's "via")
             alone, when it names one (a step the definitions show without the chain rule holds by them);
  identity   an identity this kernel proved, at an instance inside its domain; never the claim
             itself or anything proved from it.
A question the domain does not decide splits it into cases. On a concrete network a step the rules
cannot confirm is compared at every instance (kernel/graph.py), never at a sample. The evidence a
caller hands in may only propose counterexamples, which the kernel evaluates itself (counterexample.py)
before anything is refuted, and a counterexample to a proved step vetoes the proof. The evidence's
quick numbers come first: a step they refute (with a counterexample the kernel evaluated) is not
searched for a proof.
"""
import copy
from dataclasses import replace
from types import MappingProxyType

from sympy import Tuple

from ..model.instances import count, lacks
from ..model.network import DomainError, infer_domain
from ..model.proof import handed
from ..model.symbols import L, kind, layer
from .canon import Canon, NotAFunction, Undecided, Unsupported
from .counterexample import evaluate
from .facts import Facts
from .graph import Graph
from .circular import Circularity
from .reasons import Reasons
from .holds import Holds, Power
from .verdict import Check, Problem, StepRecord, mint

ALGEBRA, DEFINITIONS, CHAIN, IDENTITY = "algebra", "definitions", "chain rule", "identity"
AT_ITS_DEPTH = ("not-a-function", "ill-formed")    # on a concrete network, asked again with L its depth
LEVELS = {"algebra": ALGEBRA, "kronecker": ALGEBRA, "range": ALGEBRA, "linearity": ALGEBRA, "probability": ALGEBRA,
          "definition": DEFINITIONS,
          "derivative": DEFINITIONS, "activation": DEFINITIONS, "chain-rule": CHAIN, "identity": IDENTITY}


class Kernel(Holds, Circularity, Reasons):
    """Checks proofs on one network; `proved` maps each identity it proved to (claim, cited names): a
    read-only view, which only the kernel extends."""

    def __init__(self, network, evidence=None, seed=0):
        self._network, self.evidence, self.seed = network, evidence, seed
        self._proved = {}
        self._graph = Graph(network) if network.concrete else None
        self._answers = {}          # a question about a step -> the kernel's answer, on this network (forks share it)
        self._points = {}           # the points of counterexamples it evaluated, on this network (forks share it)

    @property
    def network(self):
        """The network every answer, lemma and verdict of this kernel is about: fixed when it is made (a kernel whose
        network was set anew proved sigma' = sigma (1 - sigma) for a generic sigma from its kept answers)."""
        return self._network

    @property
    def graph(self):
        return self._graph

    def fork(self, names):
        """A kernel on the same network, evidence and graph that starts with the named identities
        this kernel proved, in the order given: what was proved is reused; every step handed to the
        new kernel is checked by it, and what it proves stays in it."""
        other = copy.copy(self)
        other._proved = {name: self._proved[name] for name in names if name in self._proved}
        return other

    @property
    def proved(self):
        return MappingProxyType(self._proved)

    # --- claims ---------------------------------------------------------------------------
    def check(self, claim, proof, strict=False, attempt=False):
        """The verdict on `proof` of `claim`: a Derivation or Cases from the engine (its chains must
        link the claim's sides), or a document's chains (those that start at one side of the claim and
        end at the other prove it; the others are checked each on its own); claim None: every chain on
        its own. `strict`: a step whose cited rule does not justify it fails, and so does a chain that
        meets the claim's sides only by algebra no step states. `attempt`: one try of a proof search,
        dropped unless it proves: a step the rules do not prove ends its chain (undecided, the steps
        after it not checked), with no search for a counterexample to it."""
        engine = hasattr(proof, "chains")
        chains = proof.chains() if engine else tuple(proof)
        problems, records, reached, exact, uses, loose = [], [], set(), set(), set(), []
        forbid = self._circular(claim) if claim is not None else set()
        definite = False                # a claim with no meaning, shown so: refuted
        if claim is not None:
            try:
                found, definite = self._ill_formed_claim(claim)
            except (RecursionError, MemoryError):
                raise
            except Exception as e:                  # noqa: BLE001  an untrusted claim the kernel cannot read
                found = [Problem("error", {"message": f"{type(e).__name__}: {e}"})]
            problems += found
        for number, chain in enumerate(chains):
            target = self._target(claim, chain) if claim is not None and not chain.given else None
            if target is None and claim is not None and not chain.given and engine:
                problems.append(Problem("cases" if chain.case else "wrong-start", {"chain": number}))
                continue
            if target is None:
                if not chain.steps:
                    continue
                try:
                    domain = infer_domain(chain.start, chain.end)
                except DomainError as e:
                    problems.append(Problem("domain", {"message": str(e), "chain": number}))
                    continue
                if chain.case and chain.case[1] == "below":      # a chain for l < L, on its own
                    domain = _below(domain, chain.case[0])
                start, end = chain.start, None
            else:
                start, end, domain = target
            mine = self._chain(chain, start, domain, forbid, number, uses, attempt)
            records += mine
            if end is not None and all(r.status == "proved" for r in mine):
                if chain.end == end or not engine and self._same(chain.end, end, domain):
                    reached.add(chain.case if chain.case else "all")
                    if (chain.start, chain.end) == (start, end):     # no link by algebra alone
                        exact.add(chain.case if chain.case else "all")
                    else:
                        loose.append(Problem("unstated", {"chain": number, "ends": (chain.start, chain.end),
                                                          "sides": (start, end)}))
                elif engine:
                    problems.append(Problem("wrong-end", {"chain": number, "end": chain.end, "rhs": end}))
        covered = _covers(reached)
        unstated = loose[:1] if strict and covered and not _covers(exact) else []    # --strict: a link stated
        if claim is not None and not covered and not problems and all(r.status == "proved" for r in records):
            problems.append(Problem("no-chain", {}))
        if claim is None and not records and not problems:      # nothing checked proves nothing
            problems.append(Problem("no-step", {}))
        stated = {id(s) for chain in chains if chain.given for t, s in enumerate(chain.steps)   # a given line's own
                  if s.detail.get("stated", t == 0)}                                    # equalities (else the first)
        return self._verdict(claim, records, problems + unstated, uses, strict, stated, definite or bool(unstated),
                             handed(proof))

    def _verdict(self, claim, records, problems, uses, strict, stated=(), definite=False, judged=None):
        if strict:                  # a step that holds, but not by the rule it names, or that names none (a given
            records = [replace(r, status="refuted", problem=r.problem or Problem("no-reason", {}))   # line may not)
                       if r.status == "proved" and not r.justified and not (r.justified is None and id(r.step) in stated)
                       else r for r in records]
        status = "refuted" if definite or any(r.status == "refuted" for r in records) else (
            "undecided" if problems or any(r.status != "proved" for r in records) else "proved")
        checks, cex = (), None
        if status == "proved" and claim is not None and not self.network.concrete:
            checks = _empty(claim.domain)
        if status == "proved" and claim is not None and self.network.concrete:
            checks, cex = self._every_instance(claim)
            if cex is not None:
                status, problems = "undecided", problems + [Problem("veto", {})]
        if status == "proved" and claim is not None:
            self._proved[claim.name] = (claim, tuple(sorted(uses)))
        return mint(claim=claim, status=status, steps=tuple(records), problems=tuple(problems), checks=checks,
                    counterexample=cex, network=self.network, uses=tuple(sorted(uses)), handed=judged)

    def no_proof(self, claim, why):
        """The verdict on a claim for which no proof was handed in."""
        return mint(claim=claim, status="undecided", problems=(Problem("no-proof", {"message": why}),),
                    network=self.network)

    def refute(self, claim, candidates):
        """A refuted verdict when one of the candidates ((widths, env, seed)) is a counterexample
        to the claim, as the kernel evaluates it; else None."""
        cex = self._confirmed(claim.lhs, claim.rhs, claim.domain, candidates)
        if cex is None:
            return None
        return mint(claim=claim, status="refuted", counterexample=cex, network=self.network,
                    problems=(Problem("differ", {}),))

    def _target(self, claim, chain):
        """(start, end, domain) a chain about the claim must link, or None for another chain."""
        start, end, domain = claim.lhs, claim.rhs, claim.domain
        if chain.case:
            var, end_ = chain.case
            entry = next((d for d in domain if d[0] == var), None)
            if entry is None or end_ not in ("top", "below"):
                return None
            if end_ == "top":                # var at the top of its range, which is not empty
                sub = {var: entry[2]}
                start, end = start.xreplace(sub), end.xreplace(sub)
                domain = tuple(d.xreplace(sub) for d in domain if d[0] != var) + (Tuple(entry[2], entry[1], entry[2]),)
            else:
                domain = _below(domain, var)
        sides = ((start, end), (end, start))         # a chain may run from either side to the other
        for start, end in [s for s in sides if chain.start == s[0]] + [s for s in sides if chain.start != s[0]]:
            if chain.start is not None and self._same(chain.start, start, domain):
                return start, end, domain
        return None

    def _same(self, u, v, domain, veto=True):
        """u = v on the domain by algebra (on a concrete network, at its depth), and (`veto`) no counterexample
        among the evidence's proposals: numbers veto a link as they veto a step."""
        if u == v:
            return True
        at = self._on_net(u, v, domain=domain) if self.network.concrete else (u, v, domain)
        try:
            same = Canon(self.network, Facts(at[2]), definitions=False).equal(at[0], at[1])
        except (Undecided, NotAFunction, Unsupported):
            return False
        return same and (not veto or self._numbers(*at, thorough=False)[1] is None)

    def _ill_formed_claim(self, claim):
        """([a Problem], definite) for a claim without a meaning on its domain (formed.well_formed: a quantity
        used outside its range, a derivative of what is not a function of its variable; definite when it is
        shown so), or, on a concrete network, that names a quantity the network does not have (b^3_3, or b^l_3
        at every layer, on a net of width 2; an empty range of a free index leaves the claim vacuous)."""
        indices = [d[0] for d in claim.domain if d[0].is_Symbol and d[0] != L]
        if len(indices) != len(set(indices)):      # a case at the top of one range would skip the other's
            return [Problem("domain", {"message": "an index has two ranges in the claim's domain"})], False
        problem, definite = self._well_formed(claim.lhs, claim.rhs, claim.domain)
        if problem is not None and problem.kind in AT_ITS_DEPTH and self.network.concrete:
            problem, definite = self._well_formed(*self._on_net(claim.lhs, claim.rhs, domain=claim.domain))
        if problem is None and self.network.concrete and lacks(claim.domain, self.network.widths):
            problem = Problem("no-instance", {"widths": tuple(self.network.widths)})
        return ([problem] if problem else []), definite

    def _on_net(self, *exprs, domain):
        """The expressions and their domain with L a concrete network's depth, as in the case L = c of a split:
        what has no meaning at another depth (z^2 by z^(L-1) where L > 3) may have one on [2, 2, 2]."""
        sub = {L: len(self.network.widths)}
        return (*(e.xreplace(sub) for e in exprs),
                tuple(d.xreplace(sub) for d in domain) + (Tuple(L, sub[L], sub[L]),))

    # --- chains and steps -----------------------------------------------------------------
    def _chain(self, chain, start, domain, forbid, number, uses, attempt=False):
        out, expr = [], start
        for step in chain.steps:
            if attempt and out and out[-1].status != "proved":
                record = StepRecord(step, "undecided", problem=Problem("not-checked", {}), chain=number)
            elif expr is not None and step.before != expr:
                record = StepRecord(step, "undecided", problem=Problem("link", {"expected": expr}), chain=number)
            else:
                record = self.step(step, domain, forbid, number, search=not attempt)
            out.append(replace(record, domain=domain))
            uses |= {c.data["name"] for c in record.checks if c.kind == "identity"} | set(_cited(step)[1])
            expr = step.after
        return out

    def step(self, step, domain, forbid=frozenset(), chain=0, search=True):
        """The record of one step on `domain`; never raises on what it is handed. `search`: when the rules
        do not prove it, the numbers look for a counterexample (else it is left undecided at once)."""
        try:
            return self._step(step, domain, forbid, chain, search)
        except (RecursionError, MemoryError):
            raise
        except Exception as e:                      # an untrusted step the kernel cannot read
            return StepRecord(step, "undecided", problem=Problem("error", {"message": f"{type(e).__name__}: {e}"}),
                              chain=chain)

    def _step(self, step, domain, forbid, chain, search):
        record = self._checked(step, step.before, step.after, domain, forbid, chain, search)
        if record.problem is not None and record.problem.kind in AT_ITS_DEPTH and self.network.concrete:
            record = self._checked(step, *self._on_net(step.before, step.after, domain=domain), forbid, chain, search)
            depth = {"depth": len(self.network.widths)}
            record = replace(record, checks=tuple(c if c.evidence else replace(c, data={**c.data, **depth})
                                                  for c in record.checks))
        return record

    def _checked(self, step, before, after, domain, forbid, chain, search=True):
        problem, definite = self._well_formed(before, after, domain)
        if problem is not None:
            return StepRecord(step, "refuted" if definite else "undecided", problem=problem, chain=chain)
        quick, cex = self._numbers(before, after, domain, thorough=False)
        if cex is not None:                         # a counterexample the kernel evaluated: no proof is looked for
            return StepRecord(step, "refuted", quick, Problem("differ", {}), cex, None, chain)
        rules, names, unknown, through = _cited(step)
        circular = sorted(set(names) & forbid)
        unknown += tuple(nm for nm in names if nm not in self.proved)
        everything = Power(names=tuple(nm for nm in self.proved if nm not in forbid))
        try:
            method, justified = None, None
            if (rules or names) and not unknown and not circular:
                method = self._holds(before, after, domain, _power(rules, names, through))
                justified = method is not None and (_by_lemma(method) or bool(rules) and (   # an identity named beside
                    not names or self._holds(before, after, domain, _power(rules, ())) is not None))  # a rule: unused
            if method is None:
                method = self._holds(before, after, domain, everything, concrete=True)
        except NotAFunction as e:                   # (by a variable derive does not differentiate by: not shown false)
            return StepRecord(step, "undecided" if e.why == "variable" else "refuted",
                              problem=Problem("not-a-function", {"f": e.f, "v": e.v, "why": e.why}), chain=chain)
        if method is None and not search:
            return StepRecord(step, "undecided", quick, Problem("unconfirmed", {"searched": False}), None, None, chain)
        checks = (method,) if method is not None else ()
        numbers, cex = self._numbers(before, after, domain, thorough=method is None)
        if method is not None and cex is not None:
            return StepRecord(step, "undecided", checks + numbers, Problem("veto", {}), cex, justified, chain)
        if method is None:
            if cex is not None:
                return StepRecord(step, "refuted", numbers, Problem("differ", {}), cex, None, chain)
            return StepRecord(step, "undecided", numbers, Problem("unconfirmed", {}), None, None, chain)
        if circular:
            return StepRecord(step, "undecided", checks + numbers, Problem("circular", {"names": circular}),
                              None, False, chain)
        if unknown:
            return StepRecord(step, "undecided", checks + numbers, Problem("unknown-rule", {"words": unknown}),
                              None, False, chain)
        of = step.detail.get("of") if "definition" in rules and not names else None
        if justified and rules and not names:       # a rule cited alone shows in the step (any of those cited), and
            try:                                    # a quantity defined is it
                justified = any(self._shown(rule, before, after, domain, method, step.detail) for rule in rules) and (
                    of is None or self._by_definition_of(before, after, domain, of) or
                    (len(rules) > 1 or isinstance(of, Tuple)) and self._uses_definitions_of(before, after, of))
            except (RecursionError, MemoryError):
                raise
            except Exception:                       # noqa: BLE001  a reason's detail the kernel cannot read: not shown
                justified = False
        chosen = self._other_network(step.detail.get("network", {}))
        if justified and chosen:                    # a reason that names another network's activation or cost
            justified = False
        named = {"family": kind(through), "layer": layer(through)} if through is not None else {}
        named.update({"network": chosen} if chosen else {})
        named.update({"of": of} if of is not None else {})
        problem = None if justified is not False else Problem("wrong-reason", {"rules": rules + names, **named})
        return StepRecord(step, "proved", checks + numbers, problem, None, justified, chain)

    # --- numbers -------------------------------------------------------------------------
    def _numbers(self, before, after, domain, thorough):
        """The evidence's numbers for a step, and a counterexample the kernel confirmed among its proposals."""
        if self.evidence is None:
            return (), None
        record, candidates = self.evidence.numbers(before, after, domain, self.network, thorough)
        return ((record,) if record else ()), self._confirmed(before, after, domain, candidates)

    def _every_instance(self, claim):
        if not count(claim.domain, self.network.widths):
            return (Check("vacuous", {"widths": self.network.widths}),), None
        if self.evidence is None:
            return (), None
        record, candidates = self.evidence.every_instance(claim, self.network)
        return ((record,) if record else ()), self._confirmed(claim.lhs, claim.rhs, claim.domain, candidates)

    def _confirmed(self, lhs, rhs, domain, candidates):
        """The first of the evidence's candidates that the kernel confirms as a counterexample, or None."""
        return next((c for c in (self.counterexample(lhs, rhs, domain, candidate)
                                 for candidate in candidates) if c is not None), None)

    def counterexample(self, lhs, rhs, domain, candidate):
        """A Counterexample at candidate (widths, {index: value}, seed), evaluated by the kernel
        (kernel/counterexample.py); on a concrete network only that net counts: what a step there says is said of
        it (delta^2 is an output error on [2, 2], a hidden layer's on [3, 4, 5]), and a veto from another net would
        undo a true proof."""
        widths = tuple(candidate[0])
        if self.network.concrete and widths != tuple(self.network.widths):
            return None
        at = (widths, tuple(candidate[1].items()), candidate[2])
        return self._kept(("counterexample", lhs, rhs, tuple(domain), at),
                          lambda: evaluate(self.network, lhs, rhs, domain, candidate, self._points))


def _empty(domain):
    """(Check("vacuous"),) when the rest of the domain shows an index's range empty at every instance (j from n_l + 1
    to n_l): what is proved there holds at no instance, and is said so; else ()."""
    for entry in domain:
        rest = Facts(tuple(d for d in domain if d is not entry))
        if rest.le(entry[2] + 1, entry[1]):
            return (Check("vacuous", {"empty": tuple(entry)}),)
    return ()


def _covers(reached):
    """The chains that reached the claim ("all", or (variable, "top" | "below") for a case) cover its domain:
    cases cover it only on one variable."""
    split = {var for var, _ in reached - {"all"}}
    return "all" in reached or len(split) == 1 and {(*split, "top"), (*split, "below")} <= reached


def _cited(step):
    """(rule levels, identity names, unknown words, the family its chain rule names or None) a step cites."""
    rules = step.detail.get("rules", (step.rule,) if step.rule else ())
    names = tuple(step.detail.get("names", (step.detail["name"],) if step.rule == "identity"
                                  and "name" in step.detail else ()))
    unknown = tuple(r for r in rules if r not in LEVELS and r != "identity")
    through = step.detail.get("via") if "chain-rule" in rules else None
    return tuple(r for r in rules if r in LEVELS and r != "identity"), names, unknown, through


def _below(domain, var):
    """The domain with var below the top of its range."""
    return tuple(d if d[0] != var else d.func(var, d[1], d[2] - 1) for d in domain)


def _power(rules, names, through=None):
    levels = {LEVELS[r] for r in rules}
    return Power(definitions=bool(levels - {ALGEBRA}) or bool(names), chain=CHAIN in levels, names=names, cited=True,
                 through=through)


def _by_lemma(check):
    """The check applied an identity (in one case of a split at least)."""
    return check.kind == "identity" or check.kind == "cases" and any(_by_lemma(c) for _, c in check.data["cases"])


