"""Soundness. A false statement is never PROVED and a true one is never REFUTED: every class of
defect found in review (issue 10) has its cases here, each with its true control, so every test
can fail. Steps: each classic mistake is refuted with a counterexample whose numbers differ (and
a re-run reproduces them) while the correct step is proved. Claims and files: the kernel decides
on the claim's own domain, independence is decided not assumed, evidence is chosen per claim,
justifications mean something and a claim cannot prove itself. The trust boundary: only the
kernel makes verdicts, and it imports only the model, sympy, mpmath and numpy."""
import ast
import json
import dataclasses
import math
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Optional

import mpmath
import pytest
from sympy import And, Dummy, Integer, KroneckerDelta, Piecewise, Rational, Sum, Symbol, Tuple

import derive
from derive import prove, prove_all
from derive.api import kernel_for
from derive.checkdoc import check_document
from derive.cli import main
from derive.documents import DocumentError, read
from derive.kernel.check import Kernel
from derive.kernel.verdict import Verdict, mint
from derive.model.instances import Undefined, instantiate
from derive.model.network import Network, infer_domain
from derive.model.numeric import Point
from derive.model.proof import Cases, Chain, Derivation, Identity, Step
from derive.model.symbols import C, L, M, Partial, a, b, delta, dsigma, guard, i, j, k, l, n, s, sigma, w, z
from derive.parsing.parse import parse_expression, parse_identity
from derive.verify import verify
from conftest import NETWORKS

GENERIC = Network()
ALL_LAYERS = (Tuple(l, 2, L), Tuple(j, 1, n(l)))          # l = 2..L, j = 1..n(l)
WIDE = (3, 2, 4, 2)   # n(l - 1) < n(l) at l = 3: exposes sums and guards over the wrong range


def z_def(lay, row, bound):
    """z[lay, row] written by its definition, with bound index `bound`."""
    return Sum(w[lay, row, bound] * a[lay - 1, bound], (bound, 1, n(lay - 1))) + b[lay, row]


# --- the cases: (before, the right after, a wrong after) ------------------------------------
@dataclass(frozen=True)
class Case:
    id: str
    before: object
    right: object                      # the correct step's right side (the positive control)
    wrong: object                      # the mistake
    rule: str
    domain: Optional[tuple] = None     # None: infer_domain(before, after)
    widths: Optional[tuple] = None     # a concrete network (every instance checked) or the generic one

    @property
    def network(self):
        return Network(list(self.widths)) if self.widths else GENERIC

    def step(self, after):
        return Step(self.before, after, self.rule)

    def domain_for(self, after):
        return self.domain if self.domain is not None else infer_domain(self.before, after)


BP1_KRON = Sum(dsigma(z[L, k]) * KroneckerDelta(j, k) * Partial(C, a[L, k]), (k, 1, n(L)))
BP2_KRON = dsigma(z[l, j]) * Sum(delta[l + 1, k] * Sum(KroneckerDelta(i, j) * w[l + 1, k, i], (i, 1, n(l))),
                                 (k, 1, n(l + 1)))
BP2_RHS = Sum(w[l + 1, k, j] * delta[l + 1, k] * dsigma(z[l, j]), (k, 1, n(l + 1)))

CASES = [
    # wrong index
    Case("bp3-delta-wrong-index", Partial(C, b[l, j]), delta[l, j], delta[l, k], "identity"),
    Case("bp4-activation-wrong-index", Partial(C, w[l, j, k]), a[l - 1, k] * delta[l, j],
         a[l - 1, j] * delta[l, j], "identity"),
    # missing sigma'
    Case("bp1-without-dsigma", delta[L, j], Partial(C, a[L, j]) * dsigma(z[L, j]), Partial(C, a[L, j]), "identity"),
    Case("bp2-without-dsigma", delta[l, j], BP2_RHS,
         Sum(w[l + 1, k, j] * delta[l + 1, k], (k, 1, n(l + 1))), "identity"),
    Case("da/dz-without-dsigma", Partial(a[l, k], z[l, j]), dsigma(z[l, j]) * KroneckerDelta(j, k),
         KroneckerDelta(j, k), "derivative"),
    # wrong layer
    Case("bp3-delta-of-next-layer", Partial(C, b[l, j]), delta[l, j], delta[l + 1, j], "identity"),
    Case("bp4-delta-of-next-layer", Partial(C, w[l, j, k]), a[l - 1, k] * delta[l, j],
         a[l - 1, k] * delta[l + 1, j], "identity"),
    Case("bp4-activation-of-own-layer", Partial(C, w[l, j, k]), a[l - 1, k] * delta[l, j],
         a[l, k] * delta[l, j], "identity"),
    Case("bp2-weight-of-own-layer", delta[l, j], BP2_RHS,
         Sum(w[l, k, j] * delta[l + 1, k] * dsigma(z[l, j]), (k, 1, n(l + 1))), "identity"),
    # transposed weight
    Case("bp2-transposed-weight", delta[l, j], BP2_RHS,
         Sum(w[l + 1, j, k] * delta[l + 1, k] * dsigma(z[l, j]), (k, 1, n(l + 1))), "identity"),
    # sum over the wrong range
    Case("bp2-sum-over-n(l)", delta[l, j], BP2_RHS,
         Sum(w[l + 1, k, j] * delta[l + 1, k] * dsigma(z[l, j]), (k, 1, n(l))), "identity"),
    Case("chain-rule-sum-over-n(l-1)", Partial(C, b[l, j]),
         Sum(Partial(C, z[l, k]) * Partial(z[l, k], b[l, j]), (k, 1, n(l))),
         Sum(Partial(C, z[l, k]) * Partial(z[l, k], b[l, j]), (k, 1, n(l - 1))), "chain-rule",
         domain=ALL_LAYERS, widths=WIDE),
    # chain rule through intermediates that do not separate V from C
    Case("chain-rule-through-previous-activations", Partial(C, b[l, j]),
         Sum(Partial(C, z[l, k]) * Partial(z[l, k], b[l, j]), (k, 1, n(l))),
         Sum(Partial(C, a[l - 1, k]) * Partial(a[l - 1, k], b[l, j]), (k, 1, n(l - 1))), "chain-rule",
         domain=ALL_LAYERS),
    Case("chain-rule-through-previous-z", Partial(C, b[l, j]),
         Sum(Partial(C, a[l, k]) * Partial(a[l, k], b[l, j]), (k, 1, n(l))),
         Sum(Partial(C, z[l - 1, k]) * Partial(z[l - 1, k], b[l, j]), (k, 1, n(l - 1))), "chain-rule",
         domain=(Tuple(l, 3, L), Tuple(j, 1, n(l)))),
    Case("chain-rule-dC/da-through-z-of-same-layer", Partial(C, a[l, j]),
         Sum(Partial(C, z[l + 1, k]) * Partial(z[l + 1, k], a[l, j]), (k, 1, n(l + 1))),
         Sum(Partial(C, z[l, k]) * Partial(z[l, k], a[l, j]), (k, 1, n(l))), "chain-rule",
         domain=(Tuple(l, 2, L - 1), Tuple(j, 1, n(l)))),
    Case("chain-rule-dC/dw-through-previous-activations", Partial(C, w[l, j, k]),
         Sum(Partial(C, a[l, i]) * Partial(a[l, i], w[l, j, k]), (i, 1, n(l))),
         Sum(Partial(C, a[l - 1, i]) * Partial(a[l - 1, i], w[l, j, k]), (i, 1, n(l - 1))), "chain-rule"),
    Case("chain-rule-local-factor-wrong-index", Partial(C, b[l, j]),
         Sum(Partial(C, z[l, k]) * Partial(z[l, k], b[l, j]), (k, 1, n(l))),
         Sum(Partial(C, z[l, k]) * Partial(z[l, k], b[l, k]), (k, 1, n(l))), "chain-rule"),
    # Kronecker collapse with the wrong term kept
    Case("kronecker-keeps-the-summed-index", Sum(KroneckerDelta(j, i) * delta[l, i], (i, 1, n(l))),
         delta[l, j], delta[l, k], "kronecker",
         domain=(Tuple(l, 2, L), Tuple(j, 1, n(l)), Tuple(k, 1, n(l)))),
    Case("kronecker-bp1-wrong-neuron-kept", BP1_KRON, dsigma(z[L, j]) * Partial(C, a[L, j]),
         dsigma(z[L, j]) * Partial(C, a[L, 1]), "kronecker"),
    Case("kronecker-bp2-collapses-the-outer-sum", BP2_KRON,
         dsigma(z[l, j]) * Sum(delta[l + 1, k] * w[l + 1, k, j], (k, 1, n(l + 1))),
         dsigma(z[l, j]) * Sum(delta[l + 1, j] * w[l + 1, j, i], (i, 1, n(l))), "kronecker",
         domain=(Tuple(l, 2, L - 1), Tuple(j, 1, n(l)))),
    Case("kronecker-bp2-transposes", BP2_KRON,
         dsigma(z[l, j]) * Sum(delta[l + 1, k] * w[l + 1, k, j], (k, 1, n(l + 1))),
         dsigma(z[l, j]) * Sum(delta[l + 1, k] * w[l + 1, j, k], (k, 1, n(l + 1))), "kronecker",
         domain=(Tuple(l, 2, L - 1), Tuple(j, 1, n(l)))),
    Case("kronecker-drops-the-delta", BP2_KRON,
         dsigma(z[l, j]) * Sum(delta[l + 1, k] * w[l + 1, k, j], (k, 1, n(l + 1))),
         dsigma(z[l, j]) * Sum(delta[l + 1, k] * Sum(w[l + 1, k, i], (i, 1, n(l))), (k, 1, n(l + 1))), "kronecker"),
    Case("kronecker-range-ignored", Sum(KroneckerDelta(j, k) * delta[l, k], (k, 1, n(l - 1))),
         Piecewise((delta[l, j], And(j >= 1, j <= n(l - 1))), (Integer(0), True)), delta[l, j], "kronecker",
         domain=ALL_LAYERS, widths=WIDE),
    Case("range-condition-that-does-not-hold", Piecewise((delta[l, j], And(j >= 1, j <= n(l - 1))), (Integer(0), True)),
         Sum(KroneckerDelta(j, k) * delta[l, k], (k, 1, n(l - 1))), delta[l, j], "range",
         domain=ALL_LAYERS, widths=WIDE),
    # a definition differentiated wrongly
    Case("dz/db-is-one", Partial(z[l, k], b[l, j]), KroneckerDelta(j, k), Integer(1), "derivative",
         domain=(Tuple(l, 2, L), Tuple(j, 1, n(l)), Tuple(k, 1, n(l)))),
    Case("dz/db-of-unfolded-definition-is-one", Partial(z_def(l, k, i), b[l, j]), KroneckerDelta(j, k), Integer(1),
         "derivative", domain=(Tuple(l, 2, L), Tuple(j, 1, n(l)), Tuple(k, 1, n(l)))),
    Case("dz/dw-wrong-activation-index", Partial(z[l, j], w[l, j, k]), a[l - 1, k], a[l - 1, j], "derivative",
         domain=(Tuple(l, 2, L), Tuple(j, 1, n(l)), Tuple(k, 1, n(l - 1)))),
    Case("da/dz-of-sigma-without-delta", Partial(sigma(z[L, k]), z[L, j]), dsigma(z[L, k]) * KroneckerDelta(j, k),
         dsigma(z[L, k]), "derivative", domain=(Tuple(j, 1, n(L)), Tuple(k, 1, n(L)))),
]
CASE_IDS = [c.id for c in CASES]
_records = {}


def record_of(case, which):
    """The kernel's record of the right ('right') or wrong ('wrong') step of a case, made once."""
    if (case.id, which) not in _records:
        after = getattr(case, which)
        _records[case.id, which] = kernel_for(case.network).step(case.step(after), case.domain_for(after))
    return _records[case.id, which]


def differ(u, v):
    return not math.isclose(u, v, rel_tol=1e-9, abs_tol=1e-12)


def assert_refuted(r):
    """Refuted concretely: numbers that differ, an instance where a quantity the step names does not
    exist (a step that is not defined on the claim's whole domain), or a derivative it writes that has no
    meaning."""
    assert r.status == "refuted", (r.status, r.problem, r.checks)
    if r.problem.kind == "ill-formed":
        found = r.problem.data
        env = {Symbol(name, integer=True): Integer(value) for name, value in found["indices"].items()}
        with pytest.raises(Undefined):
            for side in (r.step.before, r.step.after):
                instantiate(side, env, found["widths"])
        return
    if r.problem.kind == "not-a-function":      # a derivative the step writes has no meaning (z^l by a^l)
        written = Partial(r.problem.data["f"], r.problem.data["v"])
        assert r.step.before.has(written) or r.step.after.has(written), r.problem
        return
    assert r.counterexample is not None, r.problem
    cex = r.counterexample
    assert all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for v in (cex.lhs, cex.rhs)), cex
    assert differ(cex.lhs, cex.rhs) and abs(cex.difference) > 0, cex
    assert cex.widths and "seed" in cex.as_dict()


def rerun(step, cex, network):
    """Both sides recomputed from the counterexample alone: widths, indices and seed."""
    widths = tuple(cex["widths"])
    env = {Symbol(name, integer=True): Integer(value) for name, value in cex["indices"].items()}
    point = Point(widths, network, cex["seed"])
    return (float(point.value(instantiate(step.before, env, widths))),
            float(point.value(instantiate(step.after, env, widths))))


# --- single steps --------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_the_correct_step_is_proved(case):
    r = record_of(case, "right")
    assert r.status == "proved", (r.problem, r.checks)
    assert r.counterexample is None
    assert any(c.kind == "numbers" for c in r.checks) and any(not c.evidence for c in r.checks)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_the_wrong_step_is_refuted_with_a_counterexample(case):
    assert_refuted(record_of(case, "wrong"))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_counterexample_rerun_gives_two_different_numbers(case):
    r = record_of(case, "wrong")
    if r.problem.kind in ("ill-formed", "not-a-function"):
        pytest.skip("refuted where a quantity does not exist, or for a derivative with no meaning (checked above)")
    assert r.counterexample is not None, r.problem
    cex = r.counterexample
    assert set(cex["indices"]) == {str(d[0]) for d in case.domain_for(case.wrong) if d[0].is_Symbol}
    lhs, rhs = rerun(case.step(case.wrong), cex, case.network)
    assert differ(lhs, rhs), (lhs, rhs)
    assert math.isclose(lhs, cex.lhs, rel_tol=1e-9, abs_tol=1e-12), (lhs, cex.lhs)
    assert math.isclose(rhs, cex.rhs, rel_tol=1e-9, abs_tol=1e-12), (rhs, cex.rhs)
    right_lhs, right_rhs = rerun(case.step(case.right), cex, case.network)     # the same instance, right step
    assert not differ(right_lhs, right_rhs), (right_lhs, right_rhs)


def test_the_chain_rule_through_the_next_layer_is_proved_below_the_output_layer():
    before = Partial(C, b[l, j])
    after = Sum(Partial(C, z[l + 1, k]) * Partial(z[l + 1, k], b[l, j]), (k, 1, n(l + 1)))
    r = Kernel(GENERIC).step(Step(before, after, "chain-rule"), (Tuple(l, 2, L - 1), Tuple(j, 1, n(l))))
    assert r.status == "proved", r.problem


NOT_A_FUNCTION = [
    ("db/dz-is-zero", Partial(b[l, j], z[L, j]), Integer(0)),
    ("db/dz-is-one", Partial(b[L, j], z[L, j]), Integer(1)),
    ("db/dz-is-a-kronecker-delta", Partial(b[L, j], z[L, k]), KroneckerDelta(j, k)),
    ("chain-rule-through-db/dz", Partial(C, b[l, j]), Partial(C, z[L, j]) * Partial(b[l, j], z[L, j])),
    ("chain-rule-with-the-local-factor-upside-down", Partial(C, b[l, j]),
     Sum(Partial(C, z[l, k]) * Partial(b[l, j], z[l, k]), (k, 1, n(l)))),
    ("dw/da", Partial(w[l, k, j], a[l, j]), Integer(0)),
]


@pytest.mark.parametrize("before, after", [c[1:] for c in NOT_A_FUNCTION], ids=[c[0] for c in NOT_A_FUNCTION])
def test_a_parameter_differentiated_by_a_variable_is_refuted(before, after):
    r = Kernel(GENERIC).step(Step(before, after, "derivative"), infer_domain(before, after))
    assert r.status == "refuted" and r.problem.kind == "not-a-function", (r.status, r.problem)


def test_a_parameter_differentiated_by_itself_is_a_kronecker_delta():
    before = Partial(b[l, j], b[l, k])
    r = Kernel(GENERIC).step(Step(before, KroneckerDelta(j, k), "derivative"), infer_domain(before))
    assert r.status == "proved", r.problem


@pytest.mark.parametrize("before, after", [
    (Partial(C, b[l, j]), Sum(Partial(C, z[l + 1, k]) * Partial(z[l + 1, k], b[l, j]), (k, 1, n(l + 1)))),
    (delta[l, j], BP2_RHS),
], ids=["chain-rule-through-layer-l+1-claimed-up-to-l=L", "bp2-claimed-up-to-l=L"])
def test_a_step_through_a_layer_past_the_output_is_not_proved(before, after):
    r = Kernel(GENERIC).step(Step(before, after, "chain-rule"), ALL_LAYERS)
    assert r.status != "proved", r.checks


def test_a_chain_rule_summed_past_the_width_is_not_proved_on_the_generic_network():
    before = Partial(C, b[l, j])
    after = Sum(Partial(C, z[l, k]) * Partial(z[l, k], b[l, j]), (k, 1, n(l - 1)))
    r = kernel_for(GENERIC).step(Step(before, after, "chain-rule"), ALL_LAYERS)
    assert r.status != "proved", r.checks


def test_a_correct_step_at_layer_L_minus_1_is_proved():
    before = delta[L - 1, j]
    after = Sum(w[L, k, j] * delta[L, k] * dsigma(z[L - 1, j]), (k, 1, n(L)))
    r = Kernel(GENERIC).step(Step(before, after, ""), infer_domain(before, after))
    assert r.status == "proved", r.problem


# --- whole derivations -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def bp3():
    proof = prove("bp3", GENERIC)
    assert proof.proved, proof.verdict.problems
    return proof


def test_the_engine_derivation_of_bp3_is_proved(bp3):
    verdict = Kernel(GENERIC).check(bp3.identity, bp3.derivation)
    assert verdict.proved and not verdict.problems


def test_a_derivation_whose_chain_stops_short_of_the_claim_is_not_proved(bp3):
    d = bp3.derivation
    short = Derivation(d.lhs, d.rhs, d.domain, d.steps[:-1])        # ends at the guarded Piecewise
    assert short.steps[-1].after != bp3.identity.rhs
    verdict = Kernel(GENERIC).check(bp3.identity, short)
    assert verdict.status == "undecided"
    assert [p.kind for p in verdict.problems] == ["wrong-end"]
    assert all(s.status == "proved" for s in verdict.steps)          # every step is right, the chain is not


def test_a_derivation_of_a_different_right_hand_side_does_not_prove_the_claim(bp3):
    d = bp3.derivation
    claim = replace(bp3.identity, rhs=delta[l + 1, j], domain=infer_domain(Partial(C, b[l, j]), delta[l + 1, j]))
    verdict = Kernel(GENERIC).check(claim, Derivation(claim.lhs, claim.rhs, claim.domain, d.steps))
    assert not verdict.proved
    assert "wrong-end" in [p.kind for p in verdict.problems]


def test_a_derivation_with_a_broken_link_is_not_proved(bp3):
    d = bp3.derivation
    steps = list(d.steps)
    steps[2] = replace(steps[2], before=steps[2].before.xreplace({delta[l, k]: delta[l + 1, k]}))
    verdict = Kernel(GENERIC).check(bp3.identity, Derivation(d.lhs, d.rhs, d.domain, steps))
    assert not verdict.proved
    assert verdict.steps[2].problem.kind == "link"


def test_a_derivation_with_a_wrong_derivative_step_is_refuted_at_that_step(bp3):
    """dC/db^l_j = sum_k delta^l_k: the chain rule is right, dz^l_k/db^l_j = 1 is not."""
    d = bp3.derivation
    unfolded = next(t for t, s in enumerate(d.steps) if s.rule == "derivative")
    keep = d.steps[:unfolded]
    wrong_after = Sum(delta[l, k], (k, 1, n(l)))
    bad = Step(keep[-1].after, wrong_after, "derivative", {"of": z[l, k], "by": b[l, j]})
    claim = replace(bp3.identity, rhs=wrong_after)
    verdict = kernel_for(GENERIC).check(claim, Derivation(claim.lhs, claim.rhs, claim.domain, keep + [bad]))
    assert verdict.status == "refuted"
    assert [s.status for s in verdict.steps[:-1]] == ["proved"] * len(keep)
    assert verdict.first_failure() is verdict.steps[-1]
    assert_refuted(verdict.steps[-1])


def test_a_derivation_with_a_wrong_chain_rule_is_refuted(bp3):
    """The first step goes through the activations of layer l - 1, which do not separate b^l from C."""
    d = bp3.derivation
    first = d.steps[0]
    wrong = first.after.xreplace({z[l, k]: a[l - 1, k], n(l): n(l - 1)})
    steps = [replace(first, after=wrong, detail={"via": a[l - 1, k], "over": (k, 1, n(l - 1))})]
    claim = replace(bp3.identity, rhs=wrong)
    verdict = kernel_for(GENERIC).check(claim, Derivation(claim.lhs, claim.rhs, claim.domain, steps))
    assert verdict.status == "refuted"
    assert_refuted(verdict.steps[0])


@pytest.fixture(scope="module")
def bp4():
    kernel = Kernel(GENERIC)
    proof = prove("bp4", GENERIC, kernel=kernel)
    assert proof.proved, proof.verdict.problems
    return proof, kernel.fork([name for name in kernel.proved if name != "bp4"])


def _kernel_knowing(lemmas):
    """A fresh kernel that starts with what `lemmas` (a kernel) proved."""
    return lemmas.fork(list(lemmas.proved))


def test_an_induction_with_a_third_case_is_not_proved(bp4):
    """Its first two cases are the engine's (each step is proved: the positive control), the third is extra."""
    proof, lemmas = bp4
    assert set(lemmas.proved) == {"bp1-general", "bp1", "bp2"}
    d = proof.derivation
    extra = Cases(d.lhs, d.rhs, d.domain, d.variable, list(d.cases) + [d.cases[1]])
    verdict = _kernel_knowing(lemmas).check(proof.identity, extra)
    assert not verdict.proved
    assert "cases" in [p.kind for p in verdict.problems]
    assert all(s.status == "proved" for s in verdict.steps)


def test_an_induction_whose_inductive_step_stops_short_is_not_proved(bp4):
    proof, lemmas = bp4
    d = proof.derivation
    label, step = d.cases[1]
    short = Derivation(step.lhs, step.rhs, step.domain, step.steps[:-1])   # before citing BP2
    verdict = _kernel_knowing(lemmas).check(proof.identity, Cases(d.lhs, d.rhs, d.domain, d.variable,
                                                                  [d.cases[0], (label, short)]))
    assert not verdict.proved
    assert "wrong-end" in [p.kind for p in verdict.problems]


@pytest.mark.parametrize("pick", [lambda cases: list(reversed(cases)), lambda cases: cases[1:]],
                         ids=["cases-swapped", "base-case-missing"])
def test_an_induction_with_its_cases_out_of_place_is_not_proved(bp4, pick):
    proof, lemmas = bp4
    d = proof.derivation
    broken = Cases(d.lhs, d.rhs, d.domain, d.variable, pick(list(d.cases)))
    verdict = _kernel_knowing(lemmas).check(proof.identity, broken)
    assert not verdict.proved


# --- claims: every class of false PROVED found in review, each with its true control ------------
@lru_cache(maxsize=None)
def verdict_on(text, widths=None, activation="generic", cost="quadratic"):
    return verify(text, Network(list(widths) if widths else None, activation, cost)).verdict


FALSE = [   # (class, identity, network): never proved, and refuted with numbers that differ
    ("independence-assumed", "[3<=j<=n(L)]*d(5*a[l,j])/dz[L,j] = 0", {}),
    ("independence-assumed", "d(a[l,j])/dz[L,j] = 0", {}),
    ("independence-assumed", "d(z[l,j])/db[L,j] = 0", {}),
    ("independence-assumed", "d(a[l-1,k])/dz[l-1,k] = 0", {}),
    ("guard-beyond-small-nets", "dC/dw[l,j,k] = a[l-1,k]*delta[l,j]*(1 + [3<=j<=3]*[17<=k<=17])", {}),
    ("guard-beyond-small-nets", "dC/db[l,j] = delta[l,j]*(1 + [5<=j<=5])", {}),
    ("guard-beyond-small-nets", "dC/da[L,j] = (a[L,j] - y[j])*(1 + [4<=j<=4])", {}),
    ("guard-narrower-than-the-domain", "delta[l,j] = [1<=j<=n(l-1)]*delta[l,j]", {}),
    ("guard-narrower-than-the-domain", "delta[l,j] = [1<=j<=n(l+1)]*delta[l,j]", {}),
    ("one-bound-guard", "[3<=n(l)]*b[l,1] = b[l,1]", {}),
    ("one-bound-guard", "[j<=n(l-1)]*b[l,j] = b[l,j]", {}),
    ("one-bound-guard", "[3<=L]*b[2,1] = b[2,1]", {}),
    ("one-bound-guard", "[3<=n(l)]*b[l,1] = b[l,1]", {"widths": (2, 3, 2)}),
    ("large-common-term", "100000000000000*b[l,j] + dC/db[l,j] + 1/1000 = 100000000000000*b[l,j] + delta[l,j]", {}),
    ("large-common-term", "100000000000000*w[l,j,k] + dC/dw[l,j,k] = 100000000000000*w[l,j,k] + a[l,k]*delta[l,j]", {}),
    ("every-instance-on-a-concrete-net",
     "dC/dw[l,j,k] = a[l-1,k]*delta[l,j]*(1 + [3<=j<=3]*[17<=k<=17])", {"widths": (25, 25, 25)}),
    ("every-instance-on-a-concrete-net", "dC/db[l,j] = delta[l,j]*(1 + [7<=j<=7])", {"widths": (3, 8, 2)}),
    ("vector-captures-a-free-index", "b^l_j z^l = b^l \\odot z^l", {}),
    ("vector-captures-a-free-index", "z^l_k a^l = a^l \\odot z^l", {}),
    ("nested-derivative", "d(dC/da[L,j])/da[L,j] = 2", {}),
    ("wrong-layer", "dC/dw[l,j,k] = a[l,k]*delta[l,j]", {}),
    ("activation-formula", "sigma'(z[l,j]) = 1 + tanh(z[l,j])^2", {"activation": "tanh"}),
    ("empty-sum", "sum(k=3, n(l), 1) = n(l) - 2", {}),
    ("nested-sums", "sum(k, [j=k]*delta[l,k]*sum(j, w[l,k,j]*a[l-1,j])) = 2*delta[l,j]*sum(i, w[l,j,i]*a[l-1,i])", {}),
    ("nested-sums", "sum(k, sum(i, w[l,k,i]*a[l-1,i]*delta[l,k])) = 2*sum(i, sum(k, w[l,k,i]*delta[l,k])*a[l-1,i])",
     {}),
    ("condition-on-each-layer", "dC/db[l,2] = 5*delta[l,2]", {"widths": (2, 3, 2)}),
    ("bracket-then-division", "[1<=j<=n(l)]/b[l,j] = b[l,j]", {}),
    ("bracket-then-division", "\\delta^L_j = [1 \\le j \\le n_L] / \\sigma'(z^L_j) \\cdot \\frac{\\partial C}{\\partial a^L_j}",
     {}),
    ("condition-on-each-layer", "z[l,3] = b[l,3]", {"widths": (2, 3, 4, 3)}),
    ("sums-exchanged", "sum(j=1, n(l), sum(k=1, n(l), b[l,j]*b[l,k]^2)) = sum(k=1, n(l), sum(j=1, n(l), b[l,k]^3))", {}),
    ("sums-exchanged", "sum(j=1, n(l), sum(k=1, n(l-1), w[l,j,k]^2)) = sum(k=1, n(l-1), sum(j=1, n(l), w[l,j,k]^3))",
     {}),
    ("sums-exchanged", "sum(m=2, L, sum(j=1, n(l), b[m,1]*b[l,j])) = sum(j=1, n(l), sum(m=2, L, b[m,1]*b[l,1]))", {}),
    ("sums-exchanged", "sum(j=1, n(l), sum(k=1, n(l-1), [j=5]*w[l,j,k]^2)) = 0", {}),     # a guard past small nets
]
TRUE = [    # their controls, and true statements once refuted or left undecided: proved
    ("independence-decided", "[3<=j<=n(L)]*d(5*a[L,j])/dz[L,j] = 5*[3<=j<=n(L)]*sigma'(z[L,j])", {}),
    ("independence-decided", "d(a[l,j])/dw[l,k,i] = [j=k]*sigma'(z[l,j])*a[l-1,i]", {}),
    ("independence-decided", "d(a[l,j])/dz[l,j] = sigma'(z[l,j])", {}),
    ("guard-that-holds", "dC/db[l,j] = [1<=j<=n(l)]*delta[l,j]", {}),
    ("one-bound-guard", "[2<=l]*b[l,1] = b[l,1]", {}),
    ("one-bound-guard", "[l<=L]*b[l,1] = b[l,1]", {}),
    ("one-bound-guard", "[3<=n(l)]*b[l,1] = b[l,1]", {"widths": (2, 3, 3)}),
    ("large-common-term", "100000000000000*b[l,j] + dC/db[l,j] = 100000000000000*b[l,j] + delta[l,j]", {}),
    ("every-instance-on-a-concrete-net", "dC/dw[l,j,k] = a[l-1,k]*delta[l,j]", {"widths": (25, 25, 25)}),
    ("every-instance-on-a-concrete-net", "dC/db[l,j] = [1<=j<=n(l-1)]*delta[l,j]", {"widths": (3, 3, 3)}),
    ("vector-forms", "b^l \\odot z^l = z^l \\odot b^l", {}),
    ("vector-forms", "\\delta^l = ((w^{l+1})^T \\delta^{l+1}) \\odot \\sigma'(z^l)", {}),
    ("nested-derivative", "d(dC/da[L,j])/da[L,j] = 1", {}),
    ("one-side-zero", "dC/dw[l,j,k] - a[l-1,k]*delta[l,j] = 0", {}),
    ("one-side-zero", "delta[L,j] - dC/da[L,j]*sigma'(z[L,j]) = 0", {}),
    ("one-side-zero", "delta[l,j] - sum(k, w[l+1,k,j]*delta[l+1,k]*sigma'(z[l,j])) = 0", {}),
    ("activation-formula", "a[l,j] = z[l,j]", {"activation": "identity"}),
    ("activation-formula", "sigma'(z[l,j]) = 1", {"activation": "identity"}),
    ("activation-formula", "sigma'(z[l,j]) = 1 - tanh(z[l,j])^2", {"activation": "tanh"}),
    ("activation-formula", "a[l,j] = 1/(1 + exp(-z[l,j]))", {"activation": "sigmoid"}),
    ("sides-swapped", "sigma(z[L-1,j]) = a[L-1,j]", {}),
    ("sides-swapped", "a[L-1,j] = sigma(z[L-1,j])", {}),
    ("numbers-for-indices", "dC/db[l,1] = delta[l,1]", {}),
    ("numbers-for-indices", "\\frac{\\partial C}{\\partial w^3_{21}} = a^2_1 \\delta^3_2", {}),
    ("constant-factor", "d(3*C)/db[l,j] = 3*delta[l,j]", {}),
    ("congruence", "(dC/dw[l,j,k])^2 = (a[l-1,k]*delta[l,j])^2", {}),
    ("empty-sum", "sum(k=1, n(l), 1) = n(l)", {}),
    ("nested-sums", "sum(k, [j=k]*delta[l,k]*sum(j, w[l,k,j]*a[l-1,j])) = delta[l,j]*sum(i, w[l,j,i]*a[l-1,i])", {}),
    ("nested-sums", "sum(k, sum(i, w[l,k,i]*a[l-1,i]*delta[l,k])) = sum(i, sum(k, w[l,k,i]*delta[l,k])*a[l-1,i])",
     {}),
    ("condition-on-each-layer", "dC/db[l,2] = delta[l,2]", {"widths": (2, 3, 2)}),
    ("bracket-then-division", "[1<=j<=n(l)]/b[l,j] = 1/b[l,j]", {}),
    ("bracket-then-division", "\\delta^L_j = [1 \\le j \\le n_L] / 2 \\cdot 2 \\frac{\\partial C}{\\partial a^L_j} \\sigma'(z^L_j)",
     {}),
    ("condition-on-each-layer", "dC/dw[l,3,1] = a[l-1,1]*delta[l,3]", {"widths": (2, 3, 4, 3)}),
    ("sums-exchanged", "sum(j=1, n(l), sum(k=1, n(l-1), w[l,j,k]^2)) = sum(k=1, n(l-1), sum(j=1, n(l), w[l,j,k]^2))",
     {}),
    ("sums-exchanged", "sum(m=2, L, sum(j=1, n(l), b[m,1]*b[l,j])) = sum(j=1, n(l), sum(m=2, L, b[m,1]*b[l,j]))", {}),
    ("sums-exchanged", "sum(k=1, n(l-1), sum(j=1, n(l), [j=5]*w[l,j,k]^2)) = sum(k=1, n(l-1), w[l,5,k]^2)", {}),
    ("sums-exchanged", "sum(j=1, n(l), sum(k=1, n(l), b[l,j]*b[l,k]^2)) = sum(k=1, n(l), sum(j=1, n(l), b[l,j]*b[l,k]^2))",
     {}),
]


@pytest.mark.parametrize("kind, text, net", FALSE, ids=[f"{c}:{t}" for c, t, _ in FALSE])
def test_a_false_identity_is_refuted_with_numbers_that_differ(kind, text, net):
    v = verdict_on(text, **net)
    assert v.status == "refuted", (v.status, v.problems, [(s.status, s.problem) for s in v.steps])
    cex = v.counterexample or next(s.counterexample for s in v.steps if s.counterexample)
    assert differ(cex.lhs, cex.rhs) or abs(cex.difference) > 1e-12, cex
    if net.get("widths"):
        assert tuple(cex.widths) == tuple(net["widths"])        # found on the user's own net


@pytest.mark.parametrize("kind, text, net", TRUE, ids=[f"{c}:{t}" for c, t, _ in TRUE])
def test_a_true_identity_is_proved(kind, text, net):
    v = verdict_on(text, **net)
    assert v.status == "proved", (v.status, v.problems, [(s.status, s.problem) for s in v.steps])


def test_a_sum_of_a_sum_keeps_every_index_when_read():
    """sympy flattens Sum(Sum(f)) into one Sum with two indices: none may be lost on the way."""
    from derive.parsing.parse import parse_expression
    for text in ("sum(k, sum(i, w[l,k,i]*a[l-1,i]*delta[l,k]))", "\\sum_k \\sum_i w^l_{ki} a^{l-1}_i \\delta^l_k"):
        e = parse_expression(text)
        assert {s for s in e.free_symbols if s.is_integer} == {l}, (text, e)


def test_a_claims_domain_does_not_depend_on_the_order_of_its_sides():
    for lhs, rhs in [(sigma(z[L - 1, j]), a[L - 1, j]), (Partial(C, w[l, j, k]), a[l, k] * delta[l, j]),
                     (Partial(C, w[3, 2, 1]), a[2, 1] * delta[3, 2])]:
        assert infer_domain(lhs, rhs) == infer_domain(rhs, lhs)


def by_the_rules(text):
    """The status of `lhs = rhs` as one step the kernel checks by its rules alone (no numbers to refute it)."""
    lhs, rhs = parse_identity(text)
    return Kernel(Network()).step(Step(lhs, rhs, ""), infer_domain(lhs, rhs)).status


@pytest.mark.parametrize("text", [
    "0 = sum(k=1, n(l), sum(m=1, n(l), [m<=40]*(b[l,m] - b[l,k])))",
    "-sum(k=1, n(l), sum(m=1, n(l), [m<=40]*([k=m]*b[l,m] - b[l,k]/n(l)))) = 0",
    "0 = sum(k=1, n(l), 2*sum(m=1, n(l), [m<=40]*(b[l,m] - b[l,k])))",
    "0 = sum(k=1, n(l), -sum(m=1, n(l), [40<=m]*(b[l,m] - b[l,k])))",
])
def test_a_guard_is_never_folded_out_of_the_sum_that_binds_its_index(text):
    """Found by the red team: sympy's Sum folds a guard out of an inner sum when its term names the outer index,
    bound index and all (sympy issue 12631). The kernel's normal form rebuilt Σ_k -Σ_m [m ≤ 40] (b_m - b_k) as
    Σ_k [m ≤ 40] (-Σ_m (b_m - b_k)), whose sum over k is 0: PROVED, although the sides differ once n_l > 40,
    beyond every sample net. By the rules alone (no numbers), each stays unproved; the controls are proved."""
    lhs, rhs = parse_identity(text)
    assert not (lhs - rhs).free_symbols & {k, Symbol("m", integer=True)}
    assert by_the_rules(text) != "proved"


@pytest.mark.parametrize("text", [
    "sum(k=3, n(l), exp(sum(m=1, n(l), [151<=m]*b[l,k]))) = sum(k=3, n(l), exp(sum(m=1, n(l), [151<=m]*b[l,m])))",
    "sum(k=3, n(l), exp(sum(m=151, n(l), b[l,k]))) = sum(k=3, n(l), exp(sum(m=151, n(l), b[l,m])))",
    "sum(k=3, n(l), exp(sum(m=3, n(l), b[l,k]))) = sum(k=3, n(l), exp(sum(m=3, n(l), b[l,m])))",
])
def test_an_index_is_never_captured_by_the_product_sympy_writes_for_exp_of_a_sum(text):
    """Found by the red team: sympy's expand writes exp(Σ_m f) as Π_m e^f, and the renaming of bound indices knew
    only sums: Σ_k (Π_m e^(b_k) - Π_m e^(b_m)) had its k renamed to the product's own index, so the two terms met
    and cancelled: PROVED (by algebra in a check document too), though false once n_l > 150, beyond every sample
    net. By the rules alone, each stays unproved; the controls are proved."""
    assert by_the_rules(text) != "proved"


@pytest.mark.parametrize("text", [
    "sum(k=1, n(l), exp(sum(m=1, n(l), b[l,m]))) = n(l)*exp(sum(m=1, n(l), b[l,m]))",
    "sum(k=1, n(l), exp(sum(m=1, n(l), b[l,k]*b[l,m]))) = sum(k=1, n(l), exp(b[l,k]*sum(m=1, n(l), b[l,m])))",
])
def test_its_true_controls_with_exp_of_a_sum_are_proved(text):
    assert by_the_rules(text) == "proved"


def test_renaming_bound_indices_renames_a_products_too():
    """rename_bound gives each bound index a name by depth; a product binds its index as a sum does, so a sum's
    index renamed is never captured by a product inside it (here one whose index already has the name a
    renaming gives: how the red team's claim met it)."""
    from sympy import Product, exp
    from derive.model.symbols import rename_bound
    mm = Symbol("_b0", integer=True)
    inner = Product(exp(b[l, k]), (mm, 3, n(l))) - Product(exp(b[l, mm]), (mm, 3, n(l)))
    renamed = rename_bound(Sum(inner, (k, 3, n(l))))
    products = renamed.function.atoms(Product)
    assert len(products) == 2 and all(t.limits[0][0] != renamed.limits[0][0] for t in products)


def test_substitution_keeps_what_a_sum_or_a_product_binds():
    """Found by reading the code (the red team could not reach it from input): substitute put a replacement for
    m into the range of an inner limit of Σ_m Σ_{k ≤ m}, where m is the outer limit's, and captured an index in
    a product (sympy's form of exp of a sum). Each stays bound; the free j is replaced."""
    from sympy import Product, exp
    from derive.model.symbols import substitute
    mm, X, Y = (Symbol(t, integer=True) for t in ("m", "X", "Y"))
    double = Sum(b[l, k] * b[l, j], (k, 1, mm), (mm, 1, n(l)))
    assert substitute(double, {mm: X, j: Y}) == Sum(b[l, k] * b[l, Y], (k, 1, mm), (mm, 1, n(l)))
    product = substitute(Sum(Product(exp(b[l, j]), (mm, 1, k)), (k, 1, n(l))), {j: mm})
    inner = next(iter(product.atoms(Product)))
    assert inner.limits[0][0] != mm and mm in inner.function.free_symbols


def test_a_guard_beyond_34_neurons_is_exercised_by_the_numbers():
    """The sample nets were at most 34 wide, so a guard such as [m <= 40] was 1 at every instance the numbers
    saw: nothing could veto the false PROVED above. They are now as wide as every number up to 100 needs: the
    claim is refuted at an instance of a net wider than 40; its control, true, is not."""
    v = verify("0 = sum(k=1, n(l), sum(m=1, n(l), [m<=40]*(b[l,m] - b[l,k])))", GENERIC).verdict
    assert v.status == "refuted" and max(v.counterexample.widths) > 40
    v = verify("0 = sum(k=1, n(l), sum(m=1, n(l), [m<=40]*[k<=40]*(b[l,m] - b[l,k])))", GENERIC).verdict
    assert v.status != "refuted"


@pytest.mark.parametrize("text", [
    "0 = sum(k=1, n(l), sum(m=1, n(l), (b[l,m] - b[l,k])))",
    "sum(k=1, n(l), sum(m=1, n(l), [m<=40]*b[l,m])) = n(l)*sum(m=1, n(l), [m<=40]*b[l,m])",
])
def test_its_true_controls_with_and_without_a_guard_are_proved(text):
    assert by_the_rules(text) == "proved"


def test_a_guard_that_only_a_wide_net_exercises_is_refuted_at_its_instance():
    v = verdict_on("dC/dw[l,j,k] = a[l-1,k]*delta[l,j]*(1 + [3<=j<=3]*[17<=k<=17])")
    assert v.counterexample.indices["j"] == 3 and v.counterexample.indices["k"] == 17


def test_the_identity_activations_law_is_a_number_not_an_internal_error(capsys):
    assert main(["verify", "sigma'(z[l,j]) = 1", "--activation", "identity", "--no-color"]) == 0
    assert "PROVED" in capsys.readouterr().out


# --- files: the kernel decides on the claim's domain; justifications mean something ----------
def check_text(tmp_path, content, name="mine.proof", strict=False, **net):
    path = tmp_path / name
    path.write_text(content)
    return check_document(read(path), Network(**net), str(path), strict=strict)


def test_a_link_the_algebra_wrongly_allows_to_the_claims_other_side_is_vetoed_by_numbers(tmp_path, monkeypatch):
    """Found by the red team: a chain's last line meets the claim's other side by algebra alone, and no number
    checked that link as they check a step. Should the algebra err there (simulated: it calls a false pair the
    same), the link's numbers veto it and the claim is not proved; the control, a true link, still proves."""
    from derive.kernel.canon import Canon
    text = "claim: dC/db[l,j]*a[l-1,k] = {}\n  = delta[l,j]*a[l-1,k]   [by BP3]\n"
    true, false = "delta[l,j]*(a[l-1,k] + 1) - delta[l,j]", "delta[l,j]*(a[l-1,k] + 2) - delta[l,j]"
    assert check_text(tmp_path, text.format(false)).verdict.status != "proved"       # the kernel as it is
    assert check_text(tmp_path, text.format(true)).verdict.status == "proved"
    original, wrong = Canon.equal, {parse_expression("delta[l,j]*a[l-1,k]"), parse_expression(false)}
    monkeypatch.setattr(Canon, "equal", lambda self, u, v: {u, v} == wrong or original(self, u, v))
    verdict = check_text(tmp_path, text.format(false)).verdict
    assert verdict.status == "undecided" and [p.kind for p in verdict.problems] == ["no-chain"]
    assert [r.status for r in verdict.steps] == ["proved"]
    assert check_text(tmp_path, text.format(true)).verdict.status == "proved"


def test_a_step_that_holds_only_on_part_of_the_claims_domain_does_not_prove_it(tmp_path):
    proof = check_text(tmp_path, "claim: delta[l,j] = [1<=j<=n(l-1)]*delta[l,j]\n"
                                 "  = dz[l-1,j]/dz[l-1,j]*delta[l,j]   [by algebra]\n"
                                 "  = [1<=j<=n(l-1)]*delta[l,j]        [by algebra]\n")
    assert proof.verdict.status == "refuted"
    first = proof.verdict.steps[0]
    assert first.problem.kind == "ill-formed" and first.problem.data["indices"]["l"] == 2


def test_the_same_steps_on_a_domain_where_they_hold_are_proved(tmp_path):
    proof = check_text(tmp_path, "claim: delta[l,j] = [1<=j<=n(l)]*delta[l,j]\n"
                                 "  = dz[l,j]/dz[l,j]*delta[l,j]   [by definition]\n"
                                 "  = [1<=j<=n(l)]*delta[l,j]        [by definition]\n")
    assert proof.verdict.status == "proved", [(s.status, s.problem) for s in proof.verdict.steps]


@pytest.mark.parametrize("widths", [(2, 3, 2), (3, 4, 4, 3)])
@pytest.mark.parametrize("content", [
    "dC/db[l,2] = 5\n",                                             # no claim: the chain on its own
    "a[l-1,2] = 0\n",
    "# network: widths=2,3,2\nclaim: dC/db[l,j] = delta[l,j]\n"    # a true claim, and a stray false chain
    "  = sum(k=1, n(l), dC/dz[l,k]*dz[l,k]/db[l,j])   [by chain rule]\n"
    "  = sum(k=1, n(l), delta[l,k]*[j=k])   [by definition]\n"
    "  = delta[l,j]   [by kronecker]\n"
    "dC/db[l,2] = 5 = 7*delta[l,3]   [by algebra]\n",
    "given: dC/db[l,2] = 5\nclaim: dC/db[l,1] = delta[l,1]\n  = delta[l,1]   [by definition]\n",
])
def test_a_neuron_number_with_a_free_layer_is_checked_at_every_layer_of_a_concrete_net(tmp_path, content, widths):
    """b^l_2 needs 2 <= n(l): a condition on each layer l, not on the net. Read as a requirement on the
    net alone it could not be decided, the step had no instance and was proved as vacuous."""
    content = content.replace("widths=2,3,2", "widths=" + ",".join(map(str, widths)))     # the net its note states
    proof = check_text(tmp_path, content, widths=list(widths))
    assert proof.verdict.status == "refuted", [(s.status, s.problem) for s in proof.verdict.steps]


def test_the_instances_of_a_neuron_number_with_a_free_layer_are_the_layers_that_have_it():
    from derive.model.instances import contains, count, each
    domain = infer_domain(b[l, 3], Integer(0))                   # l = 2..L where 3 <= n(l)
    assert count(domain, (2, 3, 4, 3)) == 3 and [e[l] for e in each(domain, (2, 3, 4, 3))] == [2, 3, 4]
    assert count(domain, (2, 3, 2, 3)) == 2 and [e[l] for e in each(domain, (2, 3, 2, 3))] == [2, 4]
    assert contains(domain, (2, 3, 2, 3), {l: Integer(4)}) and not contains(domain, (2, 3, 2, 3), {l: Integer(3)})
    assert count(domain, (2, 2, 2)) == 0


def test_a_step_about_a_quantity_the_concrete_net_lacks_is_not_proved(tmp_path):
    proof = check_text(tmp_path, "dC/db[2,4] = 7\n", widths=[2, 3, 2])          # b^2_4 needs n(2) >= 4
    assert proof.verdict.status != "proved"
    assert check_text(tmp_path, "dC/db[2,3] = delta[2,3]\n", widths=[2, 3, 2]).verdict.status == "proved"


@pytest.mark.parametrize("content, words", [
    ("claim: dC/db[l,j] = 0 = 1\n", "one equality"),
    ("claim: dC/db[l,j] = delta[l,j]\n", "no step"),
    ("claim: dC/db[l,j] = \n  = delta[l,j]\n", "line 1"),
    ("case: l=L\nclaim: dC/db[l,j] = delta[l,j]\n  = delta[l,j]\n", "comes after the 'claim:' line"),
])
def test_a_malformed_claim_or_a_file_without_steps_is_bad_input(tmp_path, capsys, content, words):
    path = tmp_path / "bad.proof"
    path.write_text(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err


BP4_IN_ONE = "claim: dC/dw[l,j,k] = a[l-1,k]*delta[l,j]\n  = a[l-1,k]*delta[l,j]   [{}]\n"


@pytest.mark.parametrize("reason, status, problem", [
    ("by obviousness", "undecided", "unknown-rule"),
    ("by BP4", "undecided", "circular"),
    ("by chain rule", "proved", None),
    ("chain rule", "proved", None),
    ("by definition", "proved", "wrong-reason"),
    # found in review at stop 24: a rule's word inside another word, and 'meet' anywhere, named a rule
    ("by an unchained leap of faith", "undecided", "unknown-rule"),
    ("by an undefined appeal to intuition", "undecided", "unknown-rule"),
    ("by obviousness; we meet it in every textbook", "undecided", "unknown-rule"),
    ("by the two sides, each rewritten, meet here", "proved", None),       # the engine's words: no rule named
    ("by the Chain-Rule", "proved", None),
    ("derived by hand", "undecided", "unknown-rule"),            # ... and a word that only starts as one did
    ("definitely", "undecided", "unknown-rule"),
    ("by chains of thought", "undecided", "unknown-rule"),
    ("non-linear", "undecided", "unknown-rule"),
    ("probably", "undecided", "unknown-rule"),
    # found in review at stop 25: a rule's word that a hyphen joins to another word named the rule
    ("by chain-free guesswork", "undecided", "unknown-rule"),
    ("by algebra-free magic", "undecided", "unknown-rule"),
    ("by definition-less intuition", "undecided", "unknown-rule"),
    ("by the chain-rule", "proved", None),                       # the controls: words that join a rule's
    ("by the Kronecker-delta collapse", "proved", "wrong-reason"),
])
def test_a_justification_is_checked_and_a_claim_cannot_prove_itself(tmp_path, reason, status, problem):
    proof = check_text(tmp_path, BP4_IN_ONE.format(reason))
    step = proof.verdict.steps[0]
    assert proof.verdict.status == status, (step.status, step.problem)
    assert (step.problem.kind if step.problem else None) == problem
    strict = check_text(tmp_path, BP4_IN_ONE.format(reason), strict=True).verdict.status
    if problem == "wrong-reason":               # --strict fails a step that holds, but not by its reason
        assert step.justified is False and strict == "refuted"
    elif status == "proved" and step.justified is None:     # ... or that names no rule (stop 27)
        assert strict == "refuted"
    else:                                       # and leaves an unknown or circular reason undecided, not false
        assert strict == status


@pytest.mark.parametrize("step, status, justified", [
    ("d(2*a[l,j])/dz[l,j] = 2*da[l,j]/dz[l,j]", "proved", True),           # a number moves out of d/dV
    ("d(n(l)*a[l,j] + C)/dz[l,j] = n(l)*da[l,j]/dz[l,j] + dC/dz[l,j]", "proved", True),   # and a size; sums split
    ("d(sum(k=1, n(l), a[l,k]))/dz[l,j] = sum(k=1, n(l), da[l,k]/dz[l,j])", "proved", True),
    ("d(2*x[j])/da[1,j] = 2*dx[j]/da[1,j]", "proved", True),                # x is a^1: a function of it
    ("d(2*a[l,j])/dz[l,j] = 3*da[l,j]/dz[l,j]", "refuted", None),
    ("d(n(l)*a[l,j])/dz[l,j] = n(l-1)*da[l,j]/dz[l,j]", "refuted", None),    # a size of another layer
    ("d(a[l,j]*a[l,j])/dz[l,j] = a[l,j]*da[l,j]/dz[l,j]", "refuted", None),  # a is no constant: 2 a sigma'
    ("d(b[l,j]*a[l,j])/dz[l,j] = b[l,j]*da[l,j]/dz[l,j]", "proved", False),   # true, by the derivative rule
])
def test_linearity_of_the_derivative_is_a_reason_for_constants_alone(tmp_path, step, status, justified):
    lhs, rhs = step.split(" = ")
    proof = check_text(tmp_path, f"claim: {step}\n  = {rhs}   [by linearity]\n")
    record = proof.verdict.steps[0]
    assert proof.verdict.status == status, (record.status, record.problem)
    if status == "proved":
        assert record.justified is justified


def test_x_differentiated_by_a_of_layer_1_is_read_as_a_1(tmp_path, capsys):
    """x is a^1 for the kernel's rules, so dx_j/da^1_k = [j = k] is meaningful, and so is a step that
    writes it; x by another layer's a is no function of it (bad input)."""
    proof = check_text(tmp_path, "claim: d(2*x[j])/da[1,j] = 2\n  = 2*d(x[j])/da[1,j]   [by linearity]\n"
                                 "  = 2   [by derivative]\n")
    assert proof.verdict.status == "proved", [(s.status, s.problem) for s in proof.verdict.steps]
    assert verdict_on("d(x[j])/da[1,k] = [j=k]").status == "proved"
    assert verdict_on("d(x[j])/da[1,j] = 2").status == "refuted"
    assert main(["verify", "d(x[j])/da[2,j] = 0"]) == 2
    assert "not a function of" in capsys.readouterr().err
    assert main(["verify", "d(x[j])/da[L-1,j] = 1", "--widths", "2,2"]) == 0        # a^(L-1) is a^1 on this net
    assert main(["verify", "d(x[j])/da[L-1,j] = 1", "--widths", "2,2,2"]) == 1      # and a^2 on this one
    capsys.readouterr()


@pytest.mark.parametrize("claim", ["dC/dw[l-1,j,k] = a[l-2,k]*delta[l-1,j]", "dC/db[l+1,k] = delta[l+1,k]",
                                   "dC/dw[l,k,j] = a[l-1,j]*delta[l,k]"])
def test_a_claim_restating_an_identity_with_its_indices_shifted_cannot_cite_it(tmp_path, claim):
    lhs, rhs = claim.split(" = ")
    name = "BP4" if "dw" in lhs else "BP3"
    proof = check_text(tmp_path, f"claim: {claim}\n  = {rhs}   [by {name}]\n")
    assert proof.verdict.steps[0].problem.kind == "circular" and proof.verdict.status != "proved"
    # the identity restated up to a constant factor, or with its terms moved across, is as circular
    for restated in (f"2*{lhs} = 2*{rhs}", f"{lhs} - {rhs} = 0"):
        scaled = check_text(tmp_path, f"claim: {restated}\n  = {restated.split(' = ')[1]}   [by {name}]\n")
        assert scaled.verdict.steps[0].problem.kind == "circular" and scaled.verdict.status != "proved"
    # ... or up to a factor that is a size or a constant of the net (n_l, 1/n_l, lambda), or with delta
    # written by its definition (dC/db = dC/dz is BP3): found by the document red team of stop 27
    for restated in (f"n(l-1)*{lhs} = n(l-1)*{rhs}", f"{lhs}/n(l) = {rhs}/n(l)", f"lambda*{lhs} = lambda*{rhs}",
                     f"sum(i=1, n(l), {lhs}) = n(l)*{rhs}"):         # a sum of copies (the second red team)
        scaled = check_text(tmp_path, f"claim: {restated}\n  = {restated.split(' = ')[1]}   [by {name}]\n")
        assert scaled.verdict.steps[0].problem.kind == "circular" and scaled.verdict.status != "proved"
    unfolded = rhs.replace("delta[", "dC/dz[")
    through = check_text(tmp_path, f"claim: {lhs} = {unfolded}\n  = {rhs}   [by {name}]\n  = {unfolded}   [by definition]\n")
    assert through.verdict.steps[0].problem.kind == "circular" and through.verdict.status != "proved"
    # the true control: a claim that uses the identity at a shifted layer, and restates nothing
    used = check_text(tmp_path, f"claim: {lhs}*y[1] = {rhs}*y[1]\n  = {rhs}*y[1]   [by {name}]\n")
    assert used.verdict.status == "proved", [(s.status, s.problem) for s in used.verdict.steps]
    used = check_text(tmp_path, f"claim: {lhs}*y[1] = {unfolded}*y[1]\n  = {rhs}*y[1]   [by {name}]\n"
                                f"  = {unfolded}*y[1]   [by definition]\n")
    assert used.verdict.status == "proved", [(s.status, s.problem) for s in used.verdict.steps]


def test_a_claim_cannot_cite_itself_by_the_title_derive_prints_for_it(tmp_path):
    """A reason may name an identity by its printed title; the claim it states is still circular."""
    proof = check_text(tmp_path, "claim: dC/da[L,j] = a[L,j] - y[j]\n"
                                 "  = a[L,j] - y[j]   [by the gradient of the quadratic cost]\n")
    assert proof.verdict.steps[0].problem.kind == "circular" and proof.verdict.status != "proved"
    used = check_text(tmp_path, "claim: dC/da[L,j]*y[1] = (a[L,j] - y[j])*y[1]\n"
                                "  = (a[L,j] - y[j])*y[1]   [by the gradient of the quadratic cost]\n")
    assert used.verdict.status == "proved" and used.verdict.steps[0].justified is True


@pytest.mark.parametrize("claim", ["dC/dw[l,1,k] = a[l-1,k]*delta[l,1]", "dC/dw[L,j,k] = a[L-1,k]*delta[L,j]"])
def test_an_instance_of_a_proved_identity_may_cite_it(tmp_path, claim):
    """At a number or at the output layer L (a size, not an index), the claim is an instance."""
    rhs = claim.split(" = ")[1]
    proof = check_text(tmp_path, f"claim: {claim}\n  = {rhs}   [by BP4]\n")
    assert proof.verdict.status == "proved" and proof.verdict.steps[0].justified is True


def test_nor_may_an_identity_proved_from_the_claim(tmp_path):
    proof = check_text(tmp_path, "claim: delta[L,j] = dC/da[L,j]*sigma'(z[L,j])\n"
                                 "  = (a[L,j] - y[j])*sigma'(z[L,j])   [by output-error]\n"
                                 "  = dC/da[L,j]*sigma'(z[L,j])   [by cost-gradient]\n")
    assert proof.verdict.steps[0].problem.kind == "circular"        # output-error is proved from BP1
    assert proof.verdict.status != "proved"


def test_the_definition_of_z_is_proved_on_a_concrete_net(tmp_path):
    proof = check_text(tmp_path, "claim: z[l,k] = sum(i, w[l,k,i]*a[l-1,i]) + b[l,k]\n"
                                 "  = sum(i, w[l,k,i]*a[l-1,i]) + b[l,k]   [by definition]\n", widths=[2, 3, 2])
    assert proof.verdict.status == "proved", [(s.status, s.problem) for s in proof.verdict.steps]


# --- found in review at stop 16 -------------------------------------------------------------
# A constant such as exp(1) on both sides once kept every counterexample from being evaluated,
# which let two faults of the concrete-net comparer through: a derivative of dC/dq by another
# parameter taken as 0, and sigma(z^L) read as a^L on a softmax output.
REVIEW_FALSE = [   # (identity, network options): never proved, refuted with numbers
    ("d(dC/dz[2,1])/db[2,2] + exp(1) = exp(1)", {"widths": [2, 3, 2]}),
    ("d(dC/dz[2,1])/db[2,2] + exp(1) = exp(1)", {"widths": [2, 3, 2], "activation": "identity"}),
    ("d(dC/dw[2,1,1])/db[2,2] + exp(1) = exp(1)", {"widths": [2, 3, 2]}),
    ("a[L,j] + exp(1) = sigma(z[L,j]) + exp(1)", {"widths": [2, 3, 2], "output": "softmax"}),
    ("delta[l,j] + exp(1) = 2*delta[l,j] + exp(1)", {}),
    # x is a^1: differentiating by an activation of layer 1 moves x too
    ("d(x[1] - a[1,1])/da[1,1] = -1", {}),
    ("d(x[1]*a[1,1])/da[1,1] = x[1]", {"widths": [2, 2]}),
    ("d(x[j]*a[1,j])/da[1,j] = x[j]", {}),
    ("d(x[j]*a[l,j])/da[l,j] = x[j]", {}),                # false at l = 1
]
REVIEW_TRUE = [    # their controls
    ("dC/db[3,1] + exp(1) = delta[3,1] + exp(1)", {"widths": [2, 3, 2]}),
    ("d(3*C)/db[2,1] + exp(1) = 3*delta[2,1] + exp(1)", {"widths": [2, 3, 2]}),
    ("d(z[3,1])/db[2,2] + exp(1) = w[3,1,2]*sigma'(z[2,2]) + exp(1)", {"widths": [2, 3, 2]}),
    ("a[L-1,j] + exp(1) = sigma(z[L-1,j]) + exp(1)", {"widths": [2, 3, 2], "output": "softmax"}),
    ("delta[l,j] + exp(1) = delta[l,j]*1 + exp(1)", {}),
    ("d(x[1] - a[1,1])/da[1,1] = 0", {}),
    ("d(x[1]*a[1,1])/da[1,1] = 2*x[1]", {"widths": [2, 2]}),
    ("d(x[j]*a[1,j])/da[1,j] = 2*x[j]", {}),
    ("d(x[j]*a[l,j])/da[l,j] = x[j]*(1 + [l=1])", {}),
    ("d(sigma'(z[l,j]))/dz[l,j] = -2*a[l,j]*sigma'(z[l,j])", {"activation": "tanh"}),   # tanh's law, not any sigma's
]


@pytest.mark.parametrize("text, net", REVIEW_FALSE, ids=[f"{t} {n}" for t, n in REVIEW_FALSE])
def test_a_constant_on_both_sides_hides_no_difference(text, net):
    v = verify(text, Network(**net)).verdict
    assert v.status == "refuted", (v.status, v.problems, [(s.status, s.problem) for s in v.steps])


@pytest.mark.parametrize("text, net", REVIEW_TRUE, ids=[f"{t} {n}" for t, n in REVIEW_TRUE])
def test_the_same_constant_beside_a_true_identity_is_proved(text, net):
    v = verify(text, Network(**net)).verdict
    assert v.status == "proved", (v.status, v.problems, [(s.status, s.problem) for s in v.steps])


@pytest.mark.parametrize("text, net", [
    ("d(dC/dz[2,1])/db[2,2] = 0", {"widths": [2, 3, 2]}),
    ("d(dC/dw[2,1,1])/db[2,2] = 0", {"widths": [2, 3, 2], "activation": "identity"}),
    ("a[L,j] = sigma(z[L,j])", {"widths": [2, 3, 2], "output": "softmax"}),
    ("d(C^2)/db[2,1] = 0", {"widths": [2, 3, 2]}),                 # C is no constant either
    ("d(3*C)/db[2,1] = 0", {"widths": [2, 3, 2]}),
    ("d(x[1]*C)/db[2,1] = 0", {"widths": [2, 3, 2]}),
    ("d(x[1]*a[1,1])/da[1,1] = x[1]", {"widths": [2, 2]}),
    ("d(x[1]*a[1,1])/da[1,1] = x[1]", {}),
])
def test_the_concrete_net_comparer_alone_does_not_prove_them(text, net):
    """Without evidence (no counterexample can refute first), the kernel's own comparison on the
    user's net must not confirm these false steps."""
    lhs, rhs = parse_identity(text)
    record = Kernel(Network(**net)).step(Step(lhs, rhs, ""), infer_domain(lhs, rhs))
    assert record.status != "proved", record.checks


def test_a_sum_that_an_inner_sum_shadows_is_read_with_its_own_range():
    """Sum(f, (j, 1, n(3)), (j, 1, n(2))), built in code, is n(2) times the inner sum over j <= n(3):
    the outer limit is summed outermost (it once took the inner one's range)."""
    shadowed = Sum(a[3, j], (j, 1, n(3)), (j, 1, n(2)))
    deep = (Tuple(L, 3, L),)
    kernel = kernel_for(Network())
    right = kernel.step(Step(shadowed, n(2) * Sum(a[3, k], (k, 1, n(3))), "algebra"), deep)
    swapped = kernel.step(Step(shadowed, n(3) * Sum(a[3, k], (k, 1, n(3))), "algebra"), deep)
    assert right.status == "proved", right.problem
    assert swapped.status == "refuted"


# --- found in review at stop 17 -------------------------------------------------------------
# An inner sum that binds the outer sum's index again, with a range between them that names the
# outer index (sum(m, sum(k=1, n(m), sum(m, ...)))): the parser once renamed the range's m too, and
# every reader took the flattened Sum's first limit outermost, so both sides were misread alike.
NESTED = "sum(m=2, L, sum(k=1, n(m), sum(m=2, L, b[m,1])))"


@pytest.mark.parametrize("other", ["sum(m=2, L, sum(k=1, n(m), sum(p=2, L, b[m,1])))",
                                   "a[l,j]*" + "sum(m=2, L, sum(k=1, n(m), sum(p=2, L, b[m,1])))"])
def test_a_range_between_two_sums_over_one_index_keeps_the_outer_index(other):
    text = ("a[l,j]*" + NESTED if other.startswith("a[") else NESTED) + " = " + other
    v = verify(text, Network()).verdict
    assert v.status == "refuted", v.problems


def test_its_true_control_is_proved():
    assert verify(f"{NESTED} = sum(p=2, L, b[p,1])*sum(m=2, L, n(m))", Network()).verdict.status == "proved"


EXP_OF_A_SUM = ("sum(j=1, n(l), a[l,j]/sum(i=1, n(l-1), exp(sum(k=1, n(l-1), [i=j]*w[l,j,i])))) = "
                "sum(j=1, n(l), a[l,j]/sum(i=1, n(l-1), exp(sum(k=1, n(l-1), [i=j]*w[l,j,i]/2) + "
                "sum(p=1, n(l-1), [i=j]*w[l,j,i]/{}))))")


def test_a_sum_inside_exp_is_read_by_the_kernel_not_turned_into_a_product():
    """sympy's expand once wrote exp(sum) as a Product, which the kernel cannot read (an internal
    error, undecided): the true identity is proved, its twin with a third for a half refuted."""
    proved = verify(EXP_OF_A_SUM.format(2), Network()).verdict
    assert proved.status == "proved", [(s.status, s.problem) for s in proved.steps]
    assert verify(EXP_OF_A_SUM.format(3), Network()).verdict.status == "refuted"


def test_the_outermost_limit_of_a_flattened_sum_follows_sympys_order():
    """Sum(f, (j, 1, n(l)), (k, 1, n(j))) sums k outermost, and the j of n(j) is free (sympy's
    reading): it is never the j the inner limit binds."""
    from derive.model.symbols import outer
    var, lo, hi, body = outer(Sum(a[l, j] * b[l, k], (j, 1, n(l)), (k, 1, n(j))))
    assert (var, hi, body) == (k, n(j), Sum(a[l, j] * b[l, k], (j, 1, n(l))))
    var, _, _, _ = outer(Sum(a[l, j] * b[l, k], (j, 1, n(l)), (k, 1, n(l - 1))))
    assert var == j                                      # independent ranges: the written order
    lhs, _ = parse_identity(f"{NESTED} = 0")            # the inner sum's m renamed, the range's m kept
    m = Symbol("m", integer=True)
    inner = lhs.function.indices[0]
    assert lhs.limits[-1][0] == m and (k, 1, n(m)) in lhs.limits and inner not in (m, k)
    assert (inner, 2, L) in lhs.limits


def test_cases_on_two_different_indices_do_not_cover_the_claim():
    """l = L and j < n(l) leave out l < L, j = n(l), where this claim is false; the same split on
    l alone (its control) proves it."""
    rhs = delta[l, j] * (1 + KroneckerDelta(j, n(l)) * (1 - KroneckerDelta(L, l)))
    claim = Identity("mixed", "cases", delta[l, j], rhs, infer_domain(delta[l, j], rhs))
    top = Chain((Step(delta[L, j], rhs.xreplace({l: L}), "algebra"),), delta[L, j], (l, "top"))
    kernel = Kernel(Network())
    mixed = kernel.check(claim, [top, Chain((Step(delta[l, j], rhs, "algebra"),), delta[l, j], (j, "below"))])
    assert mixed.status != "proved" and [p.kind for p in mixed.problems] == ["no-chain"]
    true = Identity("guard", "cases", delta[l, j], delta[l, j] * (1 + 0 * KroneckerDelta(L, l)),
                    infer_domain(delta[l, j], delta[l, j]))
    same = kernel.check(true, [Chain((Step(delta[L, j], delta[L, j], "algebra"),), delta[L, j], (l, "top")),
                               Chain((Step(delta[l, j], delta[l, j], "algebra"),), delta[l, j], (l, "below"))])
    assert same.status == "proved", same.problems


def test_a_proofs_claim_cannot_be_replaced_after_the_kernel_judged_it():
    proof = prove("bp3")
    with pytest.raises(dataclasses.FrozenInstanceError):
        proof.identity = replace(proof.identity, rhs=2 * delta[l, j])


def test_a_softmax_of_one_output_with_the_cross_entropy_is_refused(capsys):
    """a^L = 1 always, so ln(1 - a^L) is not defined anywhere on that net."""
    assert main(["prove", "output-error", "--widths", "1,1", "--output", "softmax", "--cost", "cross-entropy"]) == 2
    assert "softmax of one output" in capsys.readouterr().err
    assert main(["evaluate", "dC/db[L,j] = a[L,j]/(1-a[L,j]) - y[j]/(1-a[L,j])", "--widths", "1,1",
                 "--output", "softmax", "--cost", "log-likelihood", "--at", "j=1"]) == 3     # 1/0: no number


def test_a_claims_domain_with_two_ranges_for_one_index_is_not_proved_by_cases():
    """With j in 1..n(l) and in 1..2, the case j = n(l) and the cases below once skipped j = 2,
    where this claim is false; the same claim with one range (its control) is refuted outright."""
    lhs = (j - n(l)) * KroneckerDelta(j, 2) * a[l, j]
    twice = (Tuple(l, 2, L), Tuple(j, 1, n(l)), Tuple(j, 1, 2))
    top = lhs.xreplace({j: n(l)})
    cases = Cases(lhs, Integer(0), twice, j, [("top", Derivation(top, Integer(0), (), [Step(top, Integer(0), "algebra")])),
                                              ("below", Derivation(lhs, Integer(0), (), [Step(lhs, Integer(0), "algebra")]))])
    kernel = kernel_for(Network())
    verdict = kernel.check(Identity("twice", "two ranges", lhs, Integer(0), twice), cases)
    assert verdict.status != "proved" and [p.kind for p in verdict.problems] == ["domain"]
    once = (Tuple(l, 2, L), Tuple(j, 1, n(l)))
    plain = kernel.check(Identity("once", "one range", lhs, Integer(0), once),
                         Derivation(lhs, Integer(0), once, [Step(lhs, Integer(0), "algebra")]))
    assert plain.status == "refuted"


def test_prove_refuses_a_kernel_of_another_network():
    """A kernel's identities hold for its own network: lent to another, it once proved that
    network's BP1 with the quadratic cost's lemma."""
    quadratic = kernel_for(Network(activation="sigmoid"))
    prove("cost-gradient", Network(activation="sigmoid"), kernel=quadratic)
    with pytest.raises(ValueError, match="the kernel checks"):
        prove("output-error", Network(activation="sigmoid", cost="cross-entropy"), kernel=quadratic)
    assert prove("output-error", Network(activation="sigmoid"), kernel=quadratic).proved


def test_a_width_that_is_a_boolean_is_refused():
    with pytest.raises(Exception, match="whole number"):
        Network([True, 2])


def test_inside_a_shadowed_sum_an_index_has_the_inner_sums_range():
    """Where a lemma may apply is judged with the range of the sum that binds the index there."""
    from derive.model.symbols import walk
    shadowed = Sum(a[3, j], (j, 1, n(3)), (j, 1, n(2)))
    ranges = [limits[j] for sub, limits in walk(shadowed, {}) if sub == a[3, j]]
    assert ranges == [(1, n(3))]


INDUCTION_TOP = ("claim: dC/dz[l-1,k] = sum(j, w[l,j,k]*delta[l,j])*sigma'(z[l-1,k])\n"
                 "case: l = L\n"
                 "  = sum(j, w[L,j,k]*delta[L,j])*{}\n"
                 "case: l < L\n"
                 "  = sum(j, w[l,j,k]*delta[l,j])*sigma'(z[l-1,k])\n")


def test_a_case_at_the_top_of_a_range_keeps_the_ranges_lower_bound(tmp_path):
    """The claim holds for 3 <= l <= L: in its case l = L, L >= 3, so z^{L-1} exists."""
    proof = check_text(tmp_path, INDUCTION_TOP.format("sigma'(z[L-1,k])"))
    assert proof.verdict.status == "proved", [(s.status, s.problem) for s in proof.verdict.steps]


def test_a_wrong_step_in_the_top_case_is_still_refuted(tmp_path):
    proof = check_text(tmp_path, INDUCTION_TOP.format("sigma'(z[L,k])"))
    assert proof.verdict.status == "refuted"


TWO_CLAIMS = {
    ".proof": "claim: dC/db[l,j] = {0}*delta[l,j]\n  = dC/dz[l,j]   [by chain rule]\n  = {0}*delta[l,j]   [by {1}]\n"
              "claim: dC/db[l,j]*a[l-1,k] = dC/dw[l,j,k]\n  = delta[l,j]*a[l-1,k]   [by BP3]\n"
              "  = dC/dw[l,j,k]   [by BP4]\n",
    ".tex": "% claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = {0} \\delta^l_j\n"
            "\\begin{{align*}} \\frac{{\\partial C}}{{\\partial b^l_j}} &= \\frac{{\\partial C}}{{\\partial z^l_j}} "
            "&& \\text{{(chain rule)}} \\\\ &= {0} \\delta^l_j && \\text{{({1})}} \\end{{align*}}\n"
            "% claim: \\frac{{\\partial C}}{{\\partial b^l_j}} a^{{l-1}}_k = \\frac{{\\partial C}}{{\\partial w^l_{{jk}}}}\n"
            "\\begin{{align*}} \\frac{{\\partial C}}{{\\partial b^l_j}} a^{{l-1}}_k &= \\delta^l_j a^{{l-1}}_k "
            "&& \\text{{(BP3)}} \\\\ &= \\frac{{\\partial C}}{{\\partial w^l_{{jk}}}} && \\text{{(BP4)}} \\end{{align*}}\n",
}


@pytest.mark.parametrize("suffix", sorted(TWO_CLAIMS))
def test_each_claim_of_a_file_is_checked_by_its_own_chains(tmp_path, capsys, suffix):
    """Each claim once overwrote the one before (only the last was checked), then a second claim was
    bad input; now the chains after a claim, up to the next, prove it, and each claim gets its verdict:
    a false first claim beside a true second one is refuted, and its true control is proved."""
    path = tmp_path / f"two{suffix}"
    path.write_text(TWO_CLAIMS[suffix].format(2, "definition of delta"))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.count("REFUTED") == 1 and out.count("PROVED") == 1 and "claim on line 1" in out
    path.write_text(TWO_CLAIMS[suffix].format(1, "definition of delta"))
    assert main(["check", "--strict", str(path)]) == 0
    assert capsys.readouterr().out.count("PROVED") == 2


def test_a_cited_identity_that_plays_no_part_is_no_reason(tmp_path):
    """[by bp2] on a step that BP2 has nothing to do with holds, but not by that reason: --strict
    refutes it; the identity that does the work is a reason."""
    decorative = check_text(tmp_path, "claim: dC/db[l,j] = delta[l,j]\n"
                                      "  = sum(k=1, n(l), delta[l,k]*[j=k])   [by chain rule]\n"
                                      "  = delta[l,j]   [by bp2]\n", strict=True)
    assert decorative.verdict.status == "refuted"
    assert [s.justified for s in decorative.verdict.steps] == [True, False]
    used = check_text(tmp_path, "claim: dC/db[l,j]*y[1] = delta[l,j]*y[1]\n  = delta[l,j]*y[1]   [by bp3]\n",
                      strict=True)
    assert used.verdict.status == "proved" and used.verdict.steps[0].justified is True


def test_a_range_that_moves_with_a_summed_index_is_reported_not_an_internal_error(capsys):
    assert main(["verify", "sum(m=2, L, [m=l]*dC/db[m,j]) = delta[l,j]"]) == 3
    assert "b^m_j is not defined everywhere it is used" in capsys.readouterr().out
    assert verdict_on("sum(m=2, L, [m=l]*dC/db[m,1]) = delta[l,1]").status == "proved"


@pytest.mark.parametrize("claim, widths", [("dC/db[3,3] = 0", [2, 3, 2]), ("dC/db[l,3] = 0", [2, 2, 2]),
                                           ("dC/dw[l,3,3] = 7", [2, 2, 2]), ("dC/db[l,3] = 5*delta[l,3]", [3, 1, 1])])
def test_a_claim_with_no_instance_on_the_users_net_is_not_proved(claim, widths):
    """b^3_3 on a net of width 2, or b^l_3 at every layer of it: the claim is about nothing the net has."""
    v = verify(claim, Network(widths)).verdict
    assert v.status == "undecided" and "no-instance" in [p.kind for p in v.problems]
    assert verify("dC/db[3,2] = delta[3,2]", Network([2, 3, 2])).verdict.status == "proved"
    assert verify("dC/db[l,3] = delta[l,3]", Network([2, 3, 2])).verdict.status == "proved"     # at l = 2


def test_a_step_about_a_quantity_no_layer_has_is_not_proved_in_a_file(tmp_path):
    proof = check_text(tmp_path, "claim: dC/db[l,3] = 42\n  = 42   [by algebra]\n", widths=[2, 2, 2])
    assert proof.verdict.status == "undecided"
    assert check_text(tmp_path, "claim: dC/db[l,2] = delta[l,2]\n  = delta[l,2]   [by BP3]\n",
                      widths=[2, 2, 2]).verdict.status == "proved"


def test_a_step_with_no_instance_on_the_net_is_not_shown_by_it(tmp_path):
    """b^{l+1} on a net without hidden layers: the claim's range is empty there, so the net's instances
    show nothing about '= 7'; a step proved for every size still proves it (BP2 below)."""
    proof = check_text(tmp_path, "claim: dC/db[l,1]*b[l+1,1] = 7\n  = 7\n", widths=[2, 2])
    assert proof.verdict.status == "undecided"
    assert check_text(tmp_path, "claim: dC/db[l,1]*b[l+1,1] = delta[l,1]*b[l+1,1]\n  = delta[l,1]*b[l+1,1]   [by BP3]\n",
                      widths=[2, 2]).verdict.status == "proved"


def test_an_identity_about_layers_a_net_does_not_have_is_vacuous_on_it():
    """BP2 is claimed for the hidden layers: a net with none has no instance of it, and its proof
    for every size stands."""
    v = prove("bp2", Network([2, 2])).verdict
    assert v.status == "proved" and [c.kind for c in v.checks] == ["vacuous"]


# --- found in review at stop 22 -------------------------------------------------------------
@pytest.mark.parametrize("options", [["--output", "softmax", "--cost", "log-likelihood"], ["--batch"],
                                     ["--output", "softmax", "--cost", "log-likelihood", "--widths", "2,3,2"]])
@pytest.mark.parametrize("claim", ["d(exp(64)^4 + b[l,j])/db[l,j] = {}", "d(999999999999999 + b[l,j])/db[l,j] = {}"])
def test_a_large_constant_under_a_derivative_costs_the_numbers_no_digits(claim, options, capsys):
    """The 40-digit central difference of F = 1e15 + b lost the change of b: where the float64 grid
    cannot read a claim (a softmax output, a mini-batch), a true claim was REFUTED, its left side
    printed as 0.0 or 0.99999999999565; the false control stays refuted."""
    assert main(["verify", claim.format(1), *options]) == 0
    assert main(["verify", claim.format(2), *options]) == 1
    capsys.readouterr()
    assert main(["evaluate", claim.format(1), "--widths", "2,2", "--at", "l=2,j=1"]) == 0
    assert "left side  = 1.0" in capsys.readouterr().out


@pytest.mark.parametrize("claim, options", [
    ("d((z[l,j]-b[l,j])^40)/db[l,j] = {}", []),
    ("d((z[l,j]-b[l,j])^40)/db[l,j] = {}", ["--widths", "3,4,5"]),
    ("d(1000000000000*(z[l,j,s]-b[l,j])^2)/db[l,j] = {}", ["--batch"]),
    ("d(1000000000000*(z[L,j]-b[L,j])^2)/db[L,j] = {}", ["--output", "softmax", "--cost", "log-likelihood"]),
])
def test_large_terms_that_cancel_under_a_derivative_are_differenced_with_more_digits(claim, options):
    """z - b does not move with b, but its 40th power expands into terms of 10^11 (binomial
    coefficients) whose 40-digit central differences left 1e-12 of noise: a true claim was REFUTED.
    A difference of 1e-9 is still found."""
    assert main(["verify", claim.format(0), *options]) == 0
    assert main(["verify", claim.format("1/1000000000"), *options]) == 1


MARKDOWN_CLAIM = ("<!-- network: activation=sigmoid cost=cross-entropy -->\nNetwork: activation sigmoid; cost cross-entropy.\n\n"
                  "<!-- claim: \\frac{{\\partial C}}{{\\partial a^L_j}} = {0} -->\n\n"
                  "$$\n\\frac{{\\partial C}}{{\\partial a^L_j}} = {0}\n$$\n")


def test_markdown_notes_are_read_from_standard_input_and_never_dropped_in_latex(tmp_path, monkeypatch):
    """Standard input was read as LaTeX, where <!-- claim: --> and <!-- network: --> are text: a false
    step on the sigmoid and cross-entropy network was PROVED on the default network. Standard input
    with an HTML comment is now read as Markdown, and a .tex file with such a note is bad input."""
    import io
    wrong, right = "a^L_j - y_j", "\\frac{a^L_j - y_j}{a^L_j (1 - a^L_j)}"
    for text, code in ((MARKDOWN_CLAIM.format(wrong), 1), (MARKDOWN_CLAIM.format(right), 0)):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        assert main(["check", "-"]) == code
        (tmp_path / "same.md").write_text(text)
        assert main(["check", str(tmp_path / "same.md")]) == code
        (tmp_path / "same.tex").write_text(text)
        assert main(["check", str(tmp_path / "same.tex")]) == 2


@pytest.mark.parametrize("claim, options", [
    ("10^14*d(log(a[L,j]+10^14))/da[L,j] = 10^14/(a[L,j]+10^14){}", ["--output", "softmax", "--cost", "log-likelihood"]),
    ("d(exp(2000*a[L,j])*sigma(a[L,j]) + exp(2000*a[L,j])*sigma(-a[L,j]) - exp(2000*a[L,j]))/da[L,j] = 0{}",
     ["--activation", "sigmoid", "--output", "softmax", "--cost", "log-likelihood"]),
])
def test_a_difference_that_rounding_made_is_no_counterexample(claim, options):
    """log(a + 10^14) cancels 14 digits inside a term of size 32, and exp(2000 a) terms reach 1e537:
    the 40-digit numbers differed and a true claim was REFUTED. A counterexample now holds at 40, 80
    and 120 digits, the last two agreeing; 1e-9 off is still refuted."""
    assert main(["verify", claim.format(""), *options]) == 0
    assert main(["verify", claim.format(" + 1/10^9"), *options]) == 1


STDIN_TWO_WAYS = [
    "% <!-- draft -->\nNetwork: activation sigmoid; cost cross-entropy. % network: activation=sigmoid cost=cross-entropy\n"
    "The gradient. % claim: \\frac{\\partial C}{\\partial a^L_j} = a^L_j - y_j\n"
    "\\begin{align*}\n\\frac{\\partial C}{\\partial a^L_j} &= a^L_j - y_j && \\text{(derivative)}\n\\end{align*}\n",
    "Twice the error. % claim: \\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j\n"
    "\\begin{align*}\n\\frac{\\partial C}{\\partial b^l_j} &= \\delta^l_j && \\text{(BP3)}\n\\end{align*}\n"
    "\\verb|<!--| opens an HTML comment.\n",
]


@pytest.mark.parametrize("text, as_file", [(STDIN_TWO_WAYS[0], 1), (STDIN_TWO_WAYS[1], 3)])
def test_standard_input_that_reads_two_ways_is_bad_input(text, as_file, tmp_path, monkeypatch):
    """Standard input with '<!--' anywhere was read as Markdown, where LaTeX's % notes are text: the
    network or the claim vanished and the document was PROVED. Text that reads one way as LaTeX and
    another as Markdown is now bad input; the same text in a .tex file keeps its verdict."""
    import io
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["check", "-"]) == 2
    (tmp_path / "mine.tex").write_text(text)
    assert main(["check", str(tmp_path / "mine.tex")]) == as_file


def test_a_markdown_note_over_several_lines_in_latex_is_bad_input(tmp_path):
    """<!--, claim: and --> on lines of their own were text to the LaTeX reader: the claim and the
    network vanished unseen from a .tex file, and a false step was PROVED on the default network."""
    text = ("<!--\nnetwork: activation=sigmoid cost=cross-entropy\n-->\nNetwork: activation sigmoid; cost cross-entropy.\n\n<!--\n"
            "claim: \\frac{\\partial C}{\\partial a^L_j} = a^L_j - y_j\n-->\n\n"
            "$$\n\\frac{\\partial C}{\\partial a^L_j} = a^L_j - y_j\n$$\n")
    (tmp_path / "mine.tex").write_text(text)
    assert main(["check", str(tmp_path / "mine.tex")]) == 2
    (tmp_path / "mine.md").write_text(text)
    assert main(["check", str(tmp_path / "mine.md")]) == 1


# --- the trust boundary ---------------------------------------------------------------------
def test_only_the_kernel_makes_a_verdict():
    with pytest.raises(TypeError):
        Verdict(None, "proved")
    made = kernel_for(GENERIC).no_proof(None, "nothing")
    with pytest.raises(TypeError):
        dataclasses.replace(made, status="proved")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.status = "proved"
    with pytest.raises(TypeError):              # the kernel's own door, refused to a caller outside it
        mint(claim=None, status="proved")
    with pytest.raises(TypeError, match="no subclasses"):    # a subclass skipping the check made a PROVED verdict
        type("Forged", (Verdict,), {"__post_init__": lambda self: None})   # for a false claim (red team of stop 51)


def test_a_proof_prints_a_verdict_beside_the_claim_and_network_it_judged():
    """dataclasses.replace (or Proof(...)) put the PROVED verdict on BP3 beside a false claim, and
    every printer showed that claim PROVED."""
    from derive.api import Proof
    from derive.verify import claim_of
    proof = prove("bp3", GENERIC)
    false = claim_of("dC/db[l,j] = 2*delta[l,j]", GENERIC)
    with pytest.raises(TypeError):
        dataclasses.replace(proof, identity=false)
    with pytest.raises(TypeError):
        Proof(false, proof.derivation, proof.verdict, proof.network)
    with pytest.raises(TypeError):
        dataclasses.replace(proof, network=Network(activation="sigmoid"))
    assert dataclasses.replace(proof, hints={}).proved          # the control: the same claim and network


def test_a_proof_prints_a_verdict_beside_the_proof_it_judged():
    """The red team of stop 45: BP4's PROVED verdict beside Cases labelled 'case l = 2' and 'case l = 3' (domain
    3 <= l <= 3), or beside a derivation with another step, printed those headings, domains and steps as PROVED:
    the printers read them from the Proof's derivation. A Proof takes only the proof its verdict judged."""
    from derive.api import Proof
    proof = prove("bp4", GENERIC)
    cases = proof.derivation
    relabelled = Cases(cases.lhs, cases.rhs, cases.domain, cases.variable,
                       [("case l = 2", cases.cases[0][1]), ("case l = 3", replace(cases.cases[1][1], domain=((l, 3, 3),)))])
    with pytest.raises(TypeError):
        Proof(proof.identity, relabelled, proof.verdict, proof.network)
    bp3 = prove("bp3", GENERIC)
    steps = list(bp3.derivation.steps)
    steps[1] = replace(steps[1], after=2 * steps[1].after)
    with pytest.raises(TypeError):
        Proof(bp3.identity, replace(bp3.derivation, steps=steps), bp3.verdict, bp3.network)
    copied = replace(cases, cases=list(cases.cases))              # the control: an equal proof
    assert Proof(proof.identity, copied, proof.verdict, proof.network).proved


def test_a_proof_prints_its_cases_as_the_kernel_took_them():
    """The second red team of stop 45: a Proof's cases changed after it was made (a label, a case's domain) printed
    beside PROVED, and cases handed with their labels swapped were proved (the kernel takes them by place: l = L,
    then l < L) and printed under the swapped labels and domains. A changed proof is not printed; a case is labelled
    and bounded as the kernel took it; the control prints as before."""
    from derive.export import render
    from derive.model.symbols import j as j_
    proof = prove("bp4", GENERIC)
    before = render([proof], "markdown")
    label, first = proof.derivation.cases[0]
    proof.derivation.cases[0] = ("base case l = 7 (made up)", first)
    with pytest.raises(TypeError, match="changed after the kernel judged it"):
        render([proof], "markdown")
    proof.derivation.cases[0] = (label, first)
    assert render([proof], "markdown") == before
    cases = proof.derivation
    swapped = Cases(cases.lhs, cases.rhs, cases.domain, cases.variable,
                    [("inductive step l < L", replace(cases.cases[0][1], domain=((j_, 5, 3),))), cases.cases[1]])
    verdict = kernel_for(GENERIC).check(proof.identity, swapped)
    shown = render([derive.api.Proof(proof.identity, swapped, verdict, GENERIC)], "markdown")
    assert "**case $l = L$**" in shown and "5 \\le j" not in shown
    assert shown.count("<!-- case: l < L -->") == 1


def test_cases_below_L_are_labelled_by_the_top_of_their_range():
    """The API red team of stop 51: cases of a claim for 2 <= l <= L - 1, the first at l = L - 1, labelled 'l = L' and
    'l < L', printed those labels beside PROVED (in text and JSON): a case is labelled by the top of its variable's
    range, and a .proof file's 'case: l = L' is never written for it."""
    from derive.export import render
    from derive.printing.proofdoc import proof_document
    lhs, rhs, domain = delta[l, j], Partial(C, z[l, j]), ((l, 2, L - 1), (j, 1, n(l)))
    top = Derivation(lhs.xreplace({l: L - 1}), rhs.xreplace({l: L - 1}), (),
                     [Step(lhs.xreplace({l: L - 1}), rhs.xreplace({l: L - 1}), "definition")])
    below = Derivation(lhs, rhs, (), [Step(lhs, rhs, "definition")])
    claim = Identity("c", "c", lhs, rhs, domain)
    cases = Cases(lhs, rhs, domain, l, [("base case l = L", top), ("inductive step l < L", below)])
    proof = derive.api.Proof(claim, cases, kernel_for(GENERIC).check(claim, cases), GENERIC)
    assert proof.proved
    shown = render([proof], "text")
    assert "case l = L - 1" in shown and "case l < L - 1" in shown and not re.search(r"l [=<] L(?! - 1)", shown)
    assert "case:" not in proof_document(proof)
    assert "case l = L" in render([prove("bp4", GENERIC)], "text")        # the control: the engine's cases at L


def test_what_a_steps_detail_says_it_does_is_so():
    """The API red team of stop 51: a chain rule's range in a hand-built step (k = 1..n_l through z^{l+1}_k) was
    printed in its reason beside PROVED, though the kernel never read it: the reason is wrong unless the sum runs over
    the whole family it names; so is a Kronecker collapse whose delta [over = at] the step does not have, and a detail
    the kernel cannot read (a range that is no range)."""
    bp3 = prove("bp3", GENERIC)
    chain = next(t for t, s in enumerate(bp3.derivation.steps) if s.rule == "chain-rule")
    detail = bp3.derivation.steps[chain].detail
    collapse = next(t for t, s in enumerate(bp3.derivation.steps) if s.rule == "kronecker")
    for t, wrong in ((chain, {"over": (detail["over"][0], 1, n(detail["via"].indices[0] + 1))}),
                     (collapse, {"at": Symbol("q", integer=True)}), (chain, {"over": k}), (None, {})):
        steps = list(bp3.derivation.steps)
        if t is not None:
            steps[t] = replace(steps[t], detail={**steps[t].detail, **wrong})
        verdict = kernel_for(GENERIC).check(bp3.identity, replace(bp3.derivation, steps=steps))
        assert verdict.status == "proved"                               # the steps hold
        assert [r.justified for r in verdict.steps] == [r is not (verdict.steps[t] if t is not None else None)
                                                        for r in verdict.steps], wrong


def test_a_derivative_by_a_variable_derive_does_not_differentiate_by_is_never_refuted():
    """The red team of stop 45: dC/dx_j = sum_k w^2_kj delta^2_k and dC/dy_j = y_j - a^L_j, both true, handed to the
    kernel through the API, were REFUTED ('no meaning'): derive differentiates by weights, biases, weighted inputs and
    activations alone (the CLI refuses x and y as bad input), which makes them undecided, not false. The control:
    the same claim by a^1 = x is proved."""
    from derive.model.symbols import x, y
    for lhs, rhs, domain in [(Partial(C, x[j]), Sum(w[2, k, j] * delta[2, k], (k, 1, n(2))), ((j, 1, n(1)),)),
                             (Partial(C, y[j]), y[j] - a[L, j], ((j, 1, n(L)),))]:
        claim = Identity("c", "c", lhs, rhs, domain)
        verdict = kernel_for(GENERIC).check(claim, Derivation(lhs, rhs, domain, [Step(lhs, rhs, "")]))
        assert verdict.status == "undecided", (lhs, verdict.steps[0].problem)
    assert verify("dC/da[1,j] = sum(k=1, n(2), w[2,k,j]*delta[2,k])", GENERIC).verdict.status == "proved"


def test_a_document_is_checked_on_the_network_its_note_states(tmp_path):
    """The red team of stop 45: check_document (the API) on a file whose note says activation=sigmoid, handed the
    generic network, REFUTED its true derivation of sigma' = a(1 - a); derive check reads the note itself. A network
    other than the note's is bad input; on the note's network the file is proved (the control)."""
    path = tmp_path / "sig.proof"
    path.write_text("# network: activation=sigmoid\nclaim: sigma'(z[l,j]) = a[l,j]*(1-a[l,j])\n"
                    "  = sigma(z[l,j])*(1-sigma(z[l,j]))   [by activation]\n  = a[l,j]*(1-a[l,j])   [by definition]\n")
    with pytest.raises(DocumentError, match="network note says activation=sigmoid"):
        check_document(read(path), GENERIC)
    assert check_document(read(path), Network(activation="sigmoid")).verdict.status == "proved"
    assert main(["check", str(path)]) == 0


def _edited_output_error(tmp_path, suffix, options, old, new, count, capsys):
    """derive's BP1 for the output layer on the network of `options`, as a page (.tex, .md) or a .proof file, with
    `old` replaced by `new` (`count` times; -1: everywhere)."""
    path = tmp_path / f"oe{suffix}"
    if suffix == ".proof":
        assert main(["prove", "output-error", *options, "--format", "proof"]) == 0
        path.write_text(capsys.readouterr().out)
    else:
        assert main(["export", "output-error", *options, "-o", str(path)]) == 0
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, count))
    capsys.readouterr()
    return path


@pytest.mark.parametrize("suffix", [".tex", ".md", ".proof"])
@pytest.mark.parametrize("options, old, new", [
    ((), "BP1 for the quadratic cost", "BP1 for the cross-entropy cost"),
    (("--activation", "sigmoid", "--cost", "cross-entropy"), "BP1 for the cross-entropy cost", "BP1 for the quadratic cost"),
    ((), "BP1 for the quadratic cost", "BP1 for the quadratic cost"),             # the control: the title as exported
])
def test_a_title_names_the_network_it_is_about(suffix, options, old, new, tmp_path, capsys):
    """An export of BP1 for the quadratic cost, its title edited to 'BP1 for the cross-entropy cost' (a claim false
    there), was PROVED on the hidden note's network (the API red team of stop 49): derive read what the page says of its
    network in a 'Network:' line alone. A title, a heading, or a .proof file's first line names the network too."""
    path = _edited_output_error(tmp_path, suffix, options, old, new, -1, capsys)
    assert main(["check", str(path)]) == (0 if old == new else 2)
    assert ("the page says" in capsys.readouterr().err) == (old != new)


@pytest.mark.parametrize("suffix, old, new, code", [
    # round 2: headings in HTML, in a quote, over two lines, with groups in groups, \paragraph, a short title, the
    # title on a .proof file's second line, other words for a choice, a title that claims any activation
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer",
     "<h1>BP1 for the quadratic cost and the sigmoid output layer</h1>", 2),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer",
     "> # BP1 for the quadratic cost and the sigmoid output layer", 2),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer",
     "BP1 for the sigmoid output layer\nand the quadratic cost\n==========", 2),
    (".tex", "\\section*{BP1 for the cross-entropy cost",
     "\\section*{BP1 for the \\textbf{\\emph{quadratic}} cost", 2),
    (".tex", "\\section*{BP1 for the cross-entropy cost", "\\paragraph{BP1 for the quadratic cost", 2),
    (".tex", "\\section*{BP1 for the cross-entropy cost", "\\section[the MSE cost]{BP1 for the cross-entropy cost", 2),
    (".proof", "# BP1 for the cross-entropy cost", "#\n# BP1 for the quadratic cost", 2),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid", "# BP1 for the mean squared error and ReLUs", 2),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer", "# BP1 for any activation", 2),
    # round 3: the preamble's \\title, the identity activation, a .proof title after the note, L^2 in TeX
    (".tex", "\\begin{document}", "\\title{BP1 for the quadratic cost}\n\\begin{document}\n\\maketitle", 2),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer",
     "# BP1 for the cross-entropy cost and the identity activation", 2),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer",
     "# BP1 for the cross-entropy cost with $L^2$ regularization", 2),
    # round 4: a quote's heading after spaces, a short title with brackets, an invisible mark in a word, other words
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer",
     ">   # BP1 for the quadratic cost and the sigmoid output layer", 2),
    (".tex", "\\section*{BP1 for the cross-entropy cost", "\\section[{BP1 [sigmoid]}]{BP1 for the quadratic cost", 2),
    (".md", "# BP1 for the cross-entropy cost", "# BP1 for the quad\u2063ratic cost", 2),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid", "# BP1 for the squared loss and the sigmoid", 2),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid", "# BP1 for the cross-entropy cost and the hard sigmoid",
     2),
    # the controls: the words as exported; an L2 norm is no regularization, nor is an L2 loss
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer",
     "# BP1 for the cross-entropy cost and the sigmoid output layer", 0),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer",
     "# BP1 for the cross-entropy (not the L2 loss) and the sigmoid", 0),
    (".md", "# BP1 for the cross-entropy cost and the sigmoid output layer",
     "# BP1, and the L2 norm of the output error, for the cross-entropy cost", 0),
])
def test_a_title_names_the_network_in_any_form_a_reader_sees(suffix, old, new, code, tmp_path, capsys):
    """The titles of the document red team of stop 49 (round 2), each on a page checked for the sigmoid and the
    cross-entropy cost, were PROVED: a heading in HTML, in a quote, over two lines, with a group in a group, \\paragraph,
    a short title, a .proof title after a bare #, other words for a choice (mean squared error, ReLUs), or a title that
    claims the result for any activation. A title that names an L2 norm was read as L2 regularization."""
    options = ("--activation", "sigmoid", "--cost", "cross-entropy")
    path = _edited_output_error(tmp_path, suffix, options, old, new, 1, capsys)
    assert main(["check", str(path)]) == code
    assert ("the page says" in capsys.readouterr().err) == (code == 2)


@pytest.mark.parametrize("said, code", [
    ("Network: any widths (we draw widths 2,3,2 only as an example).", 2),
    ("Network: widths 2,3,2 or larger.", 2), ("Network: not only widths 2,3,2 but any widths.", 2),
    ("Network: widths 2,3,2, though any other widths work as well.", 2),
    ("Network: widths 2,3,2; activation sigmoid (or any other activation).", 2),
    ("Network: widths 2,3,2; cost quadratic, or any other cost.", 2),
    ("Network: widths 2,3,2 and every cost.", 2),
    ("Network: widths 2,3,2.", 0),                                  # the controls: the one network, as exported
    ("Network: widths 2,3,2; any activation; cost quadratic.", 0),  # the generic activation is any activation
    ("Network: widths 2,3,2, every one of its neurons generic.", 0),
])
def test_a_network_paragraph_that_widens_a_choice_says_more_than_one_network(said, code, tmp_path, capsys):
    """A page checked on widths 2,3,2 whose 'Network:' line says the widths are only an example, or 'or any other
    cost', showed n_L/2 delta = delta (true for n_L = 2 alone) as PROVED for any widths (document red team of stop
    51); such words next to a choice are bad input, the choice itself as before."""
    path = tmp_path / "widened.tex"
    path.write_text(f"% network: widths=2,3,2\n{said}\n\n"
                    "% claim: \\frac{\\partial C}{\\partial b^l_j} = \\frac{n_L}{2} \\delta^l_j\n"
                    "\\begin{align*}\n\\frac{\\partial C}{\\partial b^l_j} &= \\delta^l_j && \\text{(BP3)} \\\\\n"
                    "&= \\frac{n_L}{2} \\delta^l_j && \\text{(algebra)}\n\\end{align*}\n")
    assert main(["check", str(path)]) == code
    err = capsys.readouterr().err
    assert ("wider than one network" in err) == (code == 2), err


BP3_ROWS_TEX = ("\\begin{align*}\n\\frac{\\partial C}{\\partial b^l_j} &= \\sum_k \\frac{\\partial C}{\\partial z^l_k} "
                "\\frac{\\partial z^l_k}{\\partial b^l_j} && \\text{(chain rule)} \\\\\n"
                "&= \\sum_k \\delta^l_k \\delta_{kj} && \\text{(definitions)} \\\\\n"
                "&= \\delta^l_j && \\text{(Kronecker-delta collapse)}\n\\end{align*}\n")
BP3_ROWS_MD = ("$$\n\\begin{aligned}\n\\frac{\\partial C}{\\partial b^l_j} &= \\sum_k \\frac{\\partial C}{\\partial z^l_k} "
               "\\frac{\\partial z^l_k}{\\partial b^l_j} && \\text{(chain rule)} \\\\\\\\\n"
               "&= \\sum_k \\delta^l_k \\delta_{kj} && \\text{(definitions)} \\\\\\\\\n"
               "&= \\delta^l_j && \\text{(Kronecker-delta collapse)}\n\\end{aligned}\n$$\n")   # (\\\\: GitHub's row break)
BP3_LHS, BP3_RHS = "\\frac{\\partial C}{\\partial b^l_j}", "\\delta^l_j"


@pytest.mark.parametrize("suffix, said, code", [
    # the claim goes on past its formula
    (".tex", "Claim: $L = R$ $+ R$.", 2), (".tex", "Claim: $L = R$ + 1.", 2), (".tex", "Claim: $L = R$\\relax+\\relax1.", 2),
    (".tex", "Claim: $L = R$\\relax$\\sigma'(z^l_j)$.", 2), (".tex", "Claim: $L = R$\\,$\\cdot 2$.", 2),
    (".tex", "Claim: $L = R$\\textsuperscript{2}.", 2), (".tex", "Claim: $L = R$${}^2$.", 2),
    (".tex", "Claim: $L = R$ times 2.", 2), (".md", "**Claim:** $L = R$ $+ R$.", 2),
    (".md", "**Claim:** $L = R$<sup>2</sup>.", 2), (".md", "**Claim:** $L = R\\,$&times;&nbsp;2.", 2),
    # a relation between two formulas that a reader sees and derive did not read
    (".tex", "Claim: $L$ \u2261 $2R$.", 2), (".md", "**Claim:** $L$ \u2a75 $2R$.", 2), (".md", "**Claim:** $L$ \u2550 $2R$.", 2),
    (".md", "**Claim:** $L$ \ua78a $2R$.", 2), (".md", "**Claim:** $L$ \u30a0 $2R$.", 2),
    (".tex", "Claim: $L$ \\relax= $2R$.", 2), (".tex", "Claim: $L$ \\fbox{=} $2R$.", 2),
    (".tex", "Claim: $L$ \\textnormal{=} $2R$.", 2), (".tex", "Claim: $L$ \\verb|=| $2R$.", 2),
    (".tex", "Claim: $L$ \\url{=} $2R$.", 2), (".tex", "We prove $L$\\null=$2R$ below.", 2),
    (".md", "**Claim:** $L$ `=` $2R$.", 2),
    # round 2 (red team E of stop 52): what stands beside the formula, whatever shows it
    (".tex", "Claim: $L = R$\\unskip\\,+1.", 2), (".tex", "Claim: $L = R$\\label{eq}+1.", 2),
    (".tex", "Claim: $L = R$ \\fbox{$\\times 2$}.", 2), (".tex", "Claim: $L = R$ \\texttt{+1}.", 2),
    (".tex", "Claim: 2$L = R$.", 2), (".tex", "Claim: twice $L = R$.", 2), (".tex", "Claim: $L = R$ (all $\\times 2$).", 2),
    (".md", "**Claim:** $L = R$ \u00b2.", 2), (".md", "**Claim:** $L = R$ \uff0b 1.", 2), (".md", "**Claim:** $L = R$ (all \u00d72).", 2),
    (".md", "**Claim:** \u2212$L = R$.", 2),
    (".md", "**Claim:** $L$ \u2254 $2R$.", 2), (".md", "**Claim:** $L$ &colone; $2R$.", 2),
    (".md", "**Claim:** $L$ \U0001f7f0 $2R$.", 2), (".tex", "Claim: $L$ \\char\"003D $2R$.", 2),
    (".tex", "Claim: $L$ \\symbol{'75} $2R$.", 2), (".tex", "Claim: $L$ = \\label{" + "x" * 50 + "}$2R$.", 2),
    (".md", "**Claim:** $L$ =" + " " * 450 + "$2R$.", 2),
    # a condition beside the claim is one as a whole (final review of stop 52: both were PROVED)
    (".tex", "Claim: $L = R$ $(2 \\le l \\le L) + 1$.", 2), (".tex", "Claim: $L = R$ $2 \\le l \\le L, + \\delta^l_j$.", 2),
    # a claim stated in words between its formulas (stop 53: PROVED)
    (".md", "**Claim:** $L$ equals $2R$.", 2), (".tex", "Claim: $L$ is the same as $2R$.", 2),
    (".md", "**Claim:** $L$ => $2R$.", 2),
    # the controls: the true claim in the same forms, and words after the formula
    (".tex", "Claim: $L = R$ for $2 \\le l \\le L$.", 0), (".tex", "Claim: $L = R$ (BP3).", 0),
    (".tex", "Claim: $L = R$ $(2 \\le l \\le L)$.", 0), (".tex", "Claim: $L = R$ -- (BP3).", 0),
    (".tex", "Claim: $L = R$ for layers $2$--$L$.", 0), (".tex", "Claim: ``$L = R$''.", 0),
    (".md", "**Claim:** $L = R$ <sup>[1]</sup>", 0), (".md", "**Claim:** $L$ \u2254 $R$.", 0),
    (".tex", "Claim: $L$ \u2261 $R$.", 0), (".tex", "Claim: $L$ \\relax= $R$.", 0), (".tex", "Claim: $L$ \\verb|=| $R$.", 0),
    (".md", "**Claim:** $L = R$, the identity.", 0), (".md", "**Claim:** $L$ `=` $R$.", 0),
    (".md", "**Claim:** $L = R$ <!-- a note --> for every layer $l$.", 0),
])
def test_a_claim_the_page_shows_is_read_as_a_reader_sees_it(suffix, said, code, tmp_path, capsys):
    """Pages whose hidden claim note is BP3 and whose visible claim is false were PROVED (the document red team of stop
    52): the claim went on past its formula ('$...$ $+ \\delta$', '\\textsuperscript{2}', '$\\cdot 2$'), or a relation
    between two formulas was typed in a character derive did not take for one (≡, ⩵, ═, ゠), a command (\\relax=,
    \\fbox{=}) or verbatim text (\\verb|=|, a code span). Each is bad input; the true claim in the same form is PROVED."""
    said = said.replace("L", BP3_LHS, 1).replace("2R", "2" + BP3_RHS).replace("R", BP3_RHS, 1) \
        if "$L" in said else said
    note = f"<!-- claim: {BP3_LHS} = {BP3_RHS} -->" if suffix == ".md" else f"% claim: {BP3_LHS} = {BP3_RHS}"
    path = tmp_path / f"page{suffix}"
    path.write_text(f"{note}\n{said}\n\n" + (BP3_ROWS_MD if suffix == ".md" else BP3_ROWS_TEX))
    assert main(["check", str(path)]) == code, capsys.readouterr()
    assert ("error" in capsys.readouterr().err) == (code == 2)


@pytest.mark.parametrize("suffix, said, code", [
    # an equation stated without a claim word goes on beside its formula (red team E of stop 52: PROVED)
    (".tex", "We prove that $L = R$ $+ R$.", 2), (".tex", "We prove that $L = R$\\unskip+1.", 2),
    (".tex", "We prove that $L = R$\\textsuperscript{2}.", 2), (".tex", "We prove that $L = R$ \\fbox{$\\times 2$}.", 2),
    (".tex", "We prove that 2$L = R$.", 2), (".tex", "We prove that twice $L = R$.", 2),
    (".tex", "We prove that $L = R$ times 2.", 2), (".tex", "We show 2($L = R$).", 2), (".tex", "We show ($L = R$)$^2$.", 2),
    (".tex", "We show that $-$$L = R$.", 2), (".tex", "We show $L = R$\\kern1pt$^2$.", 2),
    (".md", "We prove that $L = R$ $+ R$.", 2), (".md", "We prove that $L = R$<sup>2</sup>.", 2),
    (".md", "We prove that \u2212$L = R$.", 2), (".md", "Our claim - $L = R$ $+R$.", 2),
    (".md", "We show ($L = R$)<sup>2</sup>.", 2),
    # the controls: words, a stop, a list's mark, a dash, a condition, a table's cells, markup beside it
    (".tex", "We prove that $L = R$ for $2 \\le l \\le L$.", 0), (".tex", "Summing over $k = 1, \\dots, n_l$ gives $L = R$ (BP3).", 0),
    (".tex", "\\begin{itemize}\\item $L = R$ \\item $R = R$\\end{itemize}", 0),
    (".md", "- $L = R$ in every layer $l$", 0),
    (".md", "1. $L = R$, the identity.", 0), (".tex", "The identity -- $L = R$ -- holds.", 0),
    (".tex", "Since $L = R$ $(2 \\le l \\le L)$, we are done.", 0), (".md", "| $L = R$ | BP3 |", 0),
    (".tex", "\\textbf{$L = R$} holds.", 0), (".tex", "Hence $L = R$\\footnote{See Nielsen.}.", 0),
    (".md", "> $L = R$", 0), (".tex", "We show ($L = R$), so.", 0), (".tex", "We show ``$L = R$''.", 0),
    (".md", "Forward: $z^l_j$ -> $a^l_j$ -> $C$.", 0), (".md", "Forward: $z^l_j$ => $a^l_j$.", 0),   # arrows
    # red team P of stop 53: words of arithmetic past a stop, an index alone right beside it, a chain that goes on,
    # the line before, words, an item's label, a table's cells, a macro of the page's own, a footnote's mark
    (".tex", "Claim: $L = R$, plus one.", 2), (".tex", "Claim: $L = R$, doubled.", 2),
    (".md", "**Claim:** $L = R$ (then squared).", 2), (".tex", "We prove that $L = R$, plus one.", 2),
    (".tex", "Claim: $2$\\,$L = R$.", 2), (".tex", "Claim: $L = R$ $N$.", 2), (".tex", "We prove that $L = R$ $N$.", 2),
    (".tex", "We prove that $2^{-1}$ $L = R$.", 2), (".tex", "Claim: $L = R$ $+ 1 \\le L$.", 2),
    (".tex", "We prove that $L = R$ $+ 1 \\le L$.", 2), (".tex", "Claim: $L$ equals $2R$ for $1 < l$.", 2),
    (".tex", "We prove that twice\n$L = R$.", 2), (".tex", "We prove that $L = R$ x 2.", 2),
    (".tex", "Claim: $L = R$ less one.", 2), (".tex", "Claim: thrice $L = R$.", 2),
    (".tex", "Claim: the negative of $L = R$.", 2),
    (".tex", "\\begin{itemize}\\item[$2\\times$] $L = R$.\\end{itemize}", 2),
    (".tex", "\\begin{tabular}{l@{}l} $L = R$ & $+R$ \\end{tabular}", 2), (".md", "| $L = R$ | $+1$ |", 2),
    (".tex", "\\newcommand{\\plusone}{${}+1$}We prove that $L = R$\\plusone.", 2),
    (".tex", "\\renewcommand{\\thefootnote}{$+1$}Claim: $L = R$\\footnote{From Nielsen.}", 2),
    (".tex", "Claim: $2^{-1}$\\,$L$ = $R$.", 2),
    (".tex", "Claim: $L = R$, i.e.\\ twice that.", 2), (".md", "**Claim:** $L = R$, i.e. $2R$ in total.", 2),
    (".tex", "Claim: $L = R$ for $2 \\le l \\le L$ (e.g. $l = 2$ when $L = 3$).", 0),    # an example is no condition
    (".tex", "Claim: $L = R$ for $l$ from $3$ to $L$.", 2), (".tex", "Claim: $L = R$ for every hidden layer $l$.", 2),
    (".tex", "Claim: $L = R$ for $2 \\le l < L$, and the output layer too.", 2),       # layers said in words
    (".tex", "Claim: $L = R$ for $l$ from $2$ to $L$.", 0), (".tex", "Claim: $L = R$ for every layer $l$.", 0),
    (".tex", "We prove $L = R$ $R = R$.", 2), (".tex", "We prove $L = R$ and $R = R$.", 0),   # two equations side by side
    (".tex", "\\begin{itemize}\\item[$2\\times$] Claim: $L = R$.\\end{itemize}", 2),
    # and its controls: conditions with other signs, a set, every index
    (".tex", "Claim: $L = R$ for $l \\ge 2$.", 0), (".tex", "Claim: $L = R$ for all $l \\in \\{2,\\dots,L\\}$.", 0),
    (".tex", "Claim: for all $l$ and $j$, $L = R$.", 0), (".md", "| $L = R$ | BP3 |\n| $R = R$ | algebra |", 0),
])
def test_an_equation_the_page_states_is_read_whole_with_or_without_a_claim_word(suffix, said, code, tmp_path, capsys):
    """A page whose hidden claim is BP3 and whose words state it in inline math with more beside the formula ('We
    prove that $...$ $+ \\delta$', '2($...$)', '($...$)$^2$') was PROVED: only a claim sentence was read whole. Every
    equation the page states, as derive checks it, now stands alone in what it shows; the true one as before."""
    test_a_claim_the_page_shows_is_read_as_a_reader_sees_it(suffix, said, code, tmp_path, capsys)


@pytest.mark.parametrize("suffix, said, code", [
    # red team P2 of stop 53: words beside a claim's formula that change what it says (all were PROVED)
    (".tex", "Claim: $L = R$ is false.", 2), (".tex", "Claim: it is not true that $L = R$.", 2),
    (".tex", "Claim: $L = R$ fails for some networks.", 2), (".tex", "Claim: never $L = R$.", 2),
    (".tex", "Claim: $L = R$ after scaling the right side by two.", 2), (".tex", "Claim: $L = R$ up to sign.", 2),
    (".tex", "Claim: $L = R$, but only in absolute value.", 2), (".tex", "Claim: the logarithm of $L = R$.", 2),
    (".tex", "Claim: $L = R$, scaled by $2$.", 2), (".tex", "Claim: $L = R$ per $N$.", 2),
    (".tex", "Claim: $L = R$ mod $2$.", 2), (".tex", "Claim: $L = R$, in units of $2$.", 2),
    (".tex", "Claim: $L = R$, where delta denotes the error of the next layer.", 2),
    (".tex", "Claim: $L = R$ for every layer $l$ but the output layer.", 2),
    (".md", "**Claim:** $L = R$ up to sign.", 2), (".md", "**Claim:** ~~$L = R$~~", 2),
    (".md", "**Claim:** <del>$L = R$</del>", 2), (".tex", "Claim: \\sout{$L = R$}.", 2),
    # a claim with no formula, or after its word nothing: what it claims is words derive does not read
    (".tex", "Claim: dC/db equals 2 delta.", 2), (".tex", "Claim: the bias gradient is twice the error.", 2),
    (".tex", "Claim: \\texttt{dC/db = 2*delta}.", 2), (".md", "**Claim:** `dC/db = 2*delta`", 2),
    (".tex", "Claim:\n\n$L = R$, i.e. twice that.", 2),
    (".tex", "Theorem 1 (BP3). For every layer $l$ and neuron $j$, the rate of change is the error.", 2),
    # a claim in words of its own, or as a fact, or in a theorem environment thmtools declares
    (".tex", "We prove that $L$ equals $2R$.", 2), (".tex", "Fact: $L$ equals $2R$.", 2),
    (".md", "We show that $L$ equals $2R$.", 2), (".tex", "We disprove that $L = R$.", 2),
    (".tex", "We prove that $L = R$ (both sides $\\times 2$).", 2),
    (".tex", "\\declaretheorem{thm}\\begin{thm}$L$ equals $2R$.\\end{thm}", 2),
    # a condition in the claim's paragraph outside its sentence, and a neuron that does not exist
    (".tex", "Claim: $L = R$ for $2 \\le l \\le L$. It holds for $l = 1$ as well.", 2),
    (".tex", "Let $l = L + 1$. Claim: $L = R$.", 2), (".tex", "Claim: $L = R$ for $j > n_l$.", 2),
    (".tex", "Claim: $L = R$ for $2 \\le l \\le L$ and $1 \\le j \\le n_{l+1}$.", 2),
    (".md", "**Claim:** $L = R$ for $j \\in \\{1, \\dots, n_{l-1}\\}$.", 2),
    # red team P of stop 54: another word for a claim, words before it, a footnote's or a citation's, dots, a
    # condition derive did not read, words that widen the network, a claim in an environment of the page's own
    (".md", "**Claim** $L = R$ with the sign of the right side flipped.", 2),
    (".md", "### Claim\n\n$L = R$ with the sign of the right side flipped.", 2),
    (".tex", "\\textbf{Claim} $L = R$ up to sign.", 2), (".tex", "\\paragraph{Claim} $L = R$ for $j > n_l$.", 2),
    (".tex", "Claim (BP3) $L = R$ up to sign.", 2), (".md", "**Claim**, $L = R$ up to sign.", 2),
    (".tex", "So let us show that $L = R$ up to sign.", 2), (".tex", "We derive $L = R$ up to sign.", 2),
    (".tex", "It follows that $L = R$ with the sign of the right side flipped.", 2),
    (".tex", "Up to sign, we prove that $L = R$.", 2), (".tex", "At the input layer, we prove that $L = R$.", 2),
    (".tex", "Claim: $L = R$\\footnote{This claim is false}.", 2),
    (".tex", "Claim: $L = R$\\footnote[2]{See Nielsen.}", 2),
    (".tex", "Claim: $L = R$.\\footnote{This claim is false.}", 2),
    (".tex", "Claim: $L = R$.\\footnote{See Nielsen, ch.~2.}", 0),
    (".tex", "Claim: $L = R$ \\cite[where the right side is doubled]{nielsen}.", 2),
    (".tex", "Claim: $L = R$... or rather twice that.", 2), (".md", "**Claim:** $L = R$. . . twice.", 2),
    (".tex", "Claim: $L = R$ for $j = n_l + 1$.", 2), (".tex", "Claim: $L = R$ for $l = L + L$.", 2),
    (".tex", "Claim: $L = R$ for $L = l$.", 2), (".tex", "Claim: $L = R$ for $l = 1 \\cdot L$.", 2),
    (".tex", "Claim: $L = R$ for $j := n_l + 1$.", 2), (".tex", "Claim: $L = R$ for $l \\equiv 1$.", 2),
    (".tex", "Claim: $L = R$ with other costs.", 2), (".tex", "Claim: $L = R$ for any network.", 2),
    (".tex", "Claim: $L = R$ for every input neuron $j$.", 2),
    (".tex", "\\newenvironment{clm}{\\par\\noindent\\textbf{Claim.}}{\\par}\\begin{clm} $L = R$ in absolute value. "
             "\\end{clm}", 2),
    (".tex", "\\newenvironment{clm}{\\par\\noindent\\textbf{Claim.}}{\\par}\\begin{clm} $L = R$ for $j > n_l$. "
             "\\end{clm}", 2),
    (".tex", "\\newtheorem*{theorem*}{Theorem}\\begin{theorem*}$L = R$ up to sign.\\end{theorem*}", 2),
    (".tex", "\\newtheorem{thm}{Theorem}\\begin{thm}$L = R$\\end{thm}\\noindent up to a factor of two.", 2),
    (".tex", "\\newtheorem{thm}{Theorem}\\begin{thm}[for $j > n_l$] $L = R$.\\end{thm}", 2),
    # red team P3 of stop 54: the claim in a display with words after it, an index's value in words, a stop in a
    # comment, letters in other shapes
    (".tex", "Claim: $$L = R$$ up to sign.", 2),
    (".md", "**Claim:**\n$$L = R$$\nwith the sign of the right side flipped.", 2),
    (".tex", "Claim: $L = R$ if $l$ is $1$.", 2), (".tex", "Claim: $L = R$ for every $l$ in $1, \\dots, L$.", 2),
    (".tex", "Claim: $L = R$ for $l$ = $1$.", 2),
    (".md", "**Claim:** $L = R$<!-- . --> with the sign of the right side flipped.", 2),
    (".tex", "Claim: $L = R$ is \u24d5\u24d0\u24db\u24e2\u24d4.", 2),
    (".tex", "We get $L - R = 0$ with the sign of the right side flipped.", 2),
    # and the controls
    (".tex", "\\newtheorem{theorem}{Theorem}\\begin{theorem}[BP3] $L = R$ for $2 \\le l \\le L$. \\end{theorem}", 0),
    (".tex", "Claim: $L = R$ (BP3 in Nielsen's book).", 0), (".md", "- **Claim:** $L = R$.", 0),
    (".tex", "We now prove BP3: $L = R$.", 0), (".tex", "Claim: $L = R$ (Nielsen, Chapter 2).", 0),
    (".tex", "Let us show how the chain rule gives BP3.", 0),
    (".tex", "It follows that $L = R$ for every layer $l$.", 0),
    (".tex", "Claim: $L = R$ for each layer $l$ and each activation.", 0),
    (".tex", "Note that $\\frac{\\partial z^l_k}{\\partial b^l_j} = [j = k]$, not 1.", 0),
    # the controls: the words of a claim, its conditions, its network, a reference
    (".tex", "Claim: $L = R$, for every layer $l \\geq 2$ and neuron $j$.", 0),
    (".tex", "Claim: $L = R$ (equation (BP3) in Nielsen).", 0),
    (".tex", "Claim: $L = R$, with $j$ any neuron of layer $l$.", 0),
    (".md", "**Claim:** $L = R$ (see [Nielsen](http://neuralnetworksanddeeplearning.com/chap2.html)).", 0),
    (".tex", "Claim: $L = R$ for $2 \\le l \\le L$ and $1 \\le j \\le n_l$.", 0),
    (".md", "**Claim:** $L = R$ for $j \\in \\{1, \\dots, n_l\\}$.", 0),
    (".tex", "We prove that $L = R$ for every layer $l$, i.e. $2 \\le l \\le L$.", 0),
    (".tex", "Claim: for the quadratic cost and any activation, $L = R$ holds.", 0),
    (".tex", "\\declaretheorem{thm}\\begin{thm}$L = R$.\\end{thm}", 0),
    (".tex", "Claim: $L = R$ for $2 \\le l \\le L$. It is Nielsen's BP3.", 0),
])
def test_a_claim_says_only_what_derive_reads(suffix, said, code, tmp_path, capsys):
    """A claim's sentence was read by the words that change it, a list that cannot be finished: 'is false', 'up to
    sign', 'per $N$', a strike-out, a claim in words with no formula, 'We prove that $X$ equals $2Y$' without a claim
    word, a condition in the next sentence, a neuron j > n_l (the document red team P2 of stop 53: each PROVED on the
    true hidden note). A claim's sentence now holds only its formula, its conditions (every index's range read) and
    the words of a claim; the true claim in such words is proved."""
    test_a_claim_the_page_shows_is_read_as_a_reader_sees_it(suffix, said, code, tmp_path, capsys)


@pytest.mark.parametrize("name, shown, code", [
    ("bp2", "2 \\le l \\le L - 1", 0), ("bp2", "2 \\le l < L", 0),       # the export's, and the same in other signs
    ("bp2", "2 \\le l \\le L", 2),                # BP2 at l = L, where w^{L+1} is none: was PROVED (red team Q, stop 53)
    ("bp2", "3 \\le l \\le L - 1", 2),            # narrower than derive checks it
    ("bp3", "2 \\le l \\le L", 0), ("bp3", "2 \\le \\ell \\le L", 0),
    ("bp3", "2 \\le l \\le L - 1", 2), ("bp3", "l < L", 2), ("bp3", "1 \\le l \\le L", 2),
    ("bp3", "l = L", 2), ("bp3", "\\ell = L - 1", 2),        # one layer: it was read as the claim's formula
    ("bp2", "l = 2, \\dots, L", 2), ("bp2", "2 \\le l", 2), ("bp2", "\\forall l", 2),   # red team P: a list, a bound
    ("bp2", "2 \\le l \\le L-1+1", 2),                                       # not said, every l, a bound not read
    ("bp2", "L - 1 \\ge l \\ge 2", 0), ("bp2", "l \\in \\{2, \\dots, L-1\\}", 0), ("bp3", "l \\ge 2", 0),
    ("bp2", "l \\ge 2$ and $l < L", 0), ("bp2", "2 \\le l \\le L - 1$ and also for $l = L", 2),   # together
    ("bp2", "l \\in \\{2,3,\\dots,L\\}", 2), ("bp2", "l \\in [2, L]", 2), ("bp2", "l \\in \\{2, 3\\}", 2),  # red team
    ("bp2", "2 \\le l \\le L - 1$, i.e.\\ for $2 \\le l \\le L", 2), ("bp2", "l = 2, ..., L", 2),      # P2: sets,
    ("bp2", "l = 2, 3, \\dots, L-1", 0), ("bp2", "\\forall l \\in \\{2,\\dots,L-1\\}", 0),              # i.e., ...
    ("bp2", "\\forall\\, 2\\le l\\le L-1", 0), ("bp2", "l \\ge 2$, $l \\ne L", 0),
])
def test_a_claim_states_the_layers_derive_checks(name, shown, code, tmp_path, capsys):
    """An export whose claim's condition is edited to other layers than the claim's domain, where derive checks it:
    BP2 'for 2 <= l <= L' was PROVED, though w^{l+1} is none at l = L; a narrower range beside a claim was ignored
    (and a derivation true on it refuted). Either is bad input; the layers derive checks, however written, as before."""
    path = tmp_path / f"{name}.tex"
    assert main(["export", name, "-o", str(path)]) == 0
    text = path.read_text()
    exported = "2 \\le l \\le L - 1" if name == "bp2" else "2 \\le l \\le L"
    assert f"for ${exported}," in text
    path.write_text(text.replace(f"for ${exported},", f"for ${shown},", 1))
    capsys.readouterr()
    assert main(["check", str(path)]) == code
    err = capsys.readouterr().err
    assert ("state the layers derive checks" in err or "a range of l derive does not read" in err) == (code == 2), err


@pytest.mark.parametrize("said, code", [
    ("Network: activation is a rescaled sigmoid, $2s(2t)-1$ where $s$ is the logistic sigmoid.", 2),
    ("Network: activation sigmoid of $2t$, times 2, minus 1.", 2),
    ("Network: activation ta\\relax nh, not the sigmoid.", 2), ("Network: activation t\\kern0pt anh.", 2),
    ("Network: activation sigmoid\\footnote{Read: tanh.}.", 2),
    ("Network: activation $2s(2z)-1$, where $s$ is the sigmoid.", 2), ("Network: activation one minus the sigmoid.", 2),
    ("Network: activation twice the sigmoid.", 2), ("Network: activation the derivative of the sigmoid.", 2),
    ("Network: activation \\vphantom{sigmoid} t\\hspace{0pt}anh.", 2), ("Network: activation \\char116 anh.", 2),
    ("Network: activation sigmoid; cost quadratic, doubled.", 2),
    ("Network: activation sigmoid; we use its mirror image.", 2), ("Network: activation sigmoid, reflected.", 2),
    ("Network: activation sigmoid (after a final doubling).", 2),
    ("Network: activation sigmoid.", 0), ("Network: activation sigmoid\\footnote{As in chapter 1.}.", 0),
    ("Network: any depth $L$ and widths $n_l$; activation sigmoid.", 0),
    ("Network: logistic sigmoid neurons, like the book's.", 0),
])
def test_a_network_paragraph_is_read_as_tex_shows_it_and_an_activation_changed_is_another(said, code, tmp_path,
                                                                                          capsys):
    """A page checked for the sigmoid proved sigma'(z) = a (1 - a) under a Network paragraph that named tanh as TeX
    shows it (ta\\relax nh, t\\kern0pt anh, in a footnote) or a changed sigmoid ('a rescaled sigmoid, 2s(2t) - 1',
    which is tanh) (document red team of stop 52). Each is bad input; the sigmoid said plainly is PROVED."""
    path = tmp_path / "act.tex"
    path.write_text(f"% network: activation=sigmoid\n{said}\n\n"
                    "% claim: \\sigma'(z^l_j) = a^l_j (1 - a^l_j)\n"
                    "\\begin{align*}\n\\sigma'(z^l_j) &= \\sigma(z^l_j) (1 - \\sigma(z^l_j)) && \\text{(activation)} \\\\\n"
                    "&= a^l_j (1 - a^l_j) && \\text{(definition of $a^l_j$)}\n\\end{align*}\n")
    assert main(["check", str(path)]) == code, capsys.readouterr()
    assert ("error" in capsys.readouterr().err) == (code == 2)


@pytest.mark.parametrize("said, options, code", [
    ("Claim: for every cost function, $L = R$.", (), 2), ("Claim: $L = R$ (BP3), whatever the loss.", (), 2),
    ("Claim: $L = R$ for any activation.", ("--activation", "sigmoid"), 2),
    ("Claim: $L = R$ for all widths.", ("--widths", "2,3,2"), 2),
    ("Claim: $L = R$ for any activation.", (), 0),                 # the controls: the generic sigma is any
    ("Claim: $L = R$ for all widths.", (), 0),                     # index level: every size
    ("Claim: for the quadratic cost, $L = R$.", (), 0),
])
def test_a_claim_names_the_network_it_is_about(said, options, code, tmp_path, capsys):
    """A claim sentence 'for every cost function and every activation' was not read, and the page was PROVED on the
    one network derive checked (document red team of stop 51, left open then): a claim names its network as a title
    does, and one wider than the network checked is bad input."""
    said = said.replace("L = R", f"{BP3_LHS} = {BP3_RHS}")
    path = tmp_path / "claim.tex"
    path.write_text(f"% claim: {BP3_LHS} = {BP3_RHS}\n{said}\n\n{BP3_ROWS_TEX}")
    assert main(["check", str(path), *options]) == code, capsys.readouterr()
    assert ("the page says it holds for every" in capsys.readouterr().err) == (code == 2)


def test_a_proof_files_title_after_its_network_note_names_the_network(tmp_path, capsys):
    """A .proof file whose first line is its network note had no title read: '# BP1 for the quadratic cost' on the
    next line of a file checked for the cross-entropy cost was PROVED (the document red team of stop 49, round 3)."""
    assert main(["prove", "output-error", "--activation", "sigmoid", "--cost", "cross-entropy", "--format", "proof"]) == 0
    title, rest = capsys.readouterr().out.split("\n", 1)
    note = next(line for line in rest.split("\n") if line.startswith("# network:"))
    path = tmp_path / "oe.proof"
    for said, code in (("quadratic", 2), ("cross-entropy", 0)):
        path.write_text(note + "\n" + title.replace("cross-entropy", said) + "\n" + rest.replace(note + "\n", ""))
        assert main(["check", str(path)]) == code
        assert ("the page says" in capsys.readouterr().err) == (code == 2)


def test_the_reasons_of_a_display_are_no_statement_of_the_network(tmp_path, capsys):
    """A 'Network:' line with no blank line before its display was read with the display's reasons ('by the gradient
    of the quadratic cost'), and a page that says cost cross-entropy there was refused as saying both, on the line of
    'Network:' (the API red team of stop 49): it is refused for what it says, cross-entropy, on the quadratic cost."""
    path = tmp_path / "oe.tex"
    assert main(["export", "output-error", "-o", str(path)]) == 0
    text = path.read_text().replace("cost quadratic.", "cost cross-entropy.").replace(
        "BP1 for the quadratic cost and the generic output layer", "BP1")
    path.write_text(text)
    capsys.readouterr()
    assert main(["check", str(path)]) == 2
    assert "the page says the network's cost is cross-entropy" in capsys.readouterr().err


def test_a_network_note_is_compared_by_what_it_states(tmp_path, capsys):
    """'# network: widths=02,3,2' built the network [2, 3, 2] and was then refused as another network than [2, 3, 2]
    (the check red team of stop 49): the note's widths are compared as numbers; other widths are still refused."""
    path = tmp_path / "bp3.proof"
    path.write_text((PROOFS / "bp3.proof").read_text().replace("cost=quadratic\n", "cost=quadratic widths=02,3,2\n"))
    assert main(["check", str(path)]) == 0
    capsys.readouterr()
    assert check_document(read(path), Network(widths=(2, 3, 2))).verdict.status == "proved"
    with pytest.raises(DocumentError, match="network note says widths=02,3,2"):
        check_document(read(path), Network(widths=(2, 3, 3)))


def test_a_claim_on_an_empty_domain_is_proved_as_vacuous_and_says_so():
    """The red team of stop 45: delta [j <= n_l] = delta [j >= n_l + 1] for j from n_l + 1 to n_l (no instance), made
    through the API, was PROVED with no word that it holds at no instance, and 'numbers agreeing' where no number was
    compared. It is proved as vacuous now, and says so; the control, on j's own range, is refuted."""
    from derive.printing.words import summary
    lhs, rhs = delta[l, j] * guard(j <= n(l)), delta[l, j] * guard(j >= n(l) + 1)
    for domain, empty in ((((l, 2, L), (j, n(l) + 1, n(l))), True), (((l, 2, L), (j, 1, n(l))), False)):
        claim = Identity("c", "c", lhs, rhs, domain)
        verdict = kernel_for(GENERIC).check(claim, Derivation(lhs, rhs, domain, [Step(lhs, rhs, "algebra")]))
        if empty:
            assert verdict.status == "proved" and [c.kind for c in verdict.checks] == ["vacuous"]
            said = str(summary(verdict))
            assert "vacuous: no instance" in said and "numbers agreeing" not in said
        else:
            assert verdict.status == "refuted"


def test_a_network_cannot_be_changed_once_built():
    """net.widths = (2, 1) after the constructor checked the widths would give a softmax of one
    output with the cross-entropy, which the constructor refuses."""
    with pytest.raises(Exception):
        Network([2, 1], output="softmax", cost="cross-entropy")
    net = Network([2, 2], output="softmax", cost="cross-entropy")
    with pytest.raises(AttributeError):
        net.widths = (2, 1)
    assert net.widths == (2, 2)


KERNEL_DIR = Path(derive.__file__).resolve().parent / "kernel"
ALLOWED = ("derive.kernel", "derive.model", "sympy", "mpmath", "numpy")
STDLIB = set(sys.stdlib_module_names)


def imported_modules(source, package):
    """Every module an import in `source` names (relative ones resolved against `package`),
    including the submodule spelled by `from pkg import sub` and __import__ / import_module calls."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            out.append(module)
            out += [f"{module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ("__import__", "import_module") and node.args and isinstance(node.args[0], ast.Constant):
                out.append(str(node.args[0].value))
    return out


def outside(modules):
    """The modules the kernel may not import: anything but itself, the model, sympy, mpmath, numpy
    and the standard library."""
    return [m for m in modules if not any(m == p or m.startswith(p + ".") for p in ALLOWED)
            and m.split(".")[0] not in STDLIB]


def test_the_import_checker_catches_every_spelling():
    pkg = "derive.kernel"
    assert outside(imported_modules("from ..engine import rules", pkg)) == ["derive.engine", "derive.engine.rules"]
    assert outside(imported_modules("from .. import cli", pkg)) == ["derive", "derive.cli"]
    assert outside(imported_modules("import derive.printing.text as t", pkg)) == ["derive.printing.text"]
    assert outside(imported_modules("def f():\n    from derive.evidence import Evidence", pkg))
    assert outside(imported_modules("import importlib\nimportlib.import_module('rich')", pkg)) == ["rich"]
    assert not outside(imported_modules("from ..model.network import Network\nfrom .canon import Canon\n"
                                        "import mpmath\nfrom itertools import count", pkg))


def test_the_kernel_imports_only_the_model_sympy_mpmath_and_numpy():
    files = sorted(KERNEL_DIR.rglob("*.py"))
    assert {"check.py", "canon.py", "facts.py", "graph.py", "verdict.py"} <= {f.name for f in files}
    for path in files:
        package = "derive." + ".".join(path.relative_to(KERNEL_DIR.parent).parent.parts)
        assert not outside(imported_modules(path.read_text(), package)), (path.name, outside(
            imported_modules(path.read_text(), package)))


def test_nothing_outside_the_kernel_mints_a_verdict():
    root = KERNEL_DIR.parent
    for path in root.rglob("*.py"):
        if KERNEL_DIR in path.parents:
            continue
        tree = ast.parse(path.read_text())
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | \
            {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} | \
            {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        assert not names & {"mint", "_minting"}, path


def test_a_kernels_network_is_fixed_when_it_is_made():
    """The red team of stop 45: a kernel that proved sigma' = sigma (1 - sigma) for the sigmoid, its network then set to
    the generic sigma (one assignment to a public attribute; a fork the same), PROVED it there from its kept answers.
    A kernel's network (and the graph of its concrete net) cannot be set anew; a fresh generic kernel does not prove
    the law, the sigmoid's does (the control)."""
    lhs, rhs = dsigma(z[l, j]), sigma(z[l, j]) * (1 - sigma(z[l, j]))
    claim = Identity("law", "law", lhs, rhs, ((l, 2, L), (j, 1, n(l))))
    proof = Derivation(lhs, rhs, claim.domain, [Step(lhs, rhs, "activation")])
    kernel = Kernel(Network(activation="sigmoid"))
    assert kernel.check(claim, proof).status == "proved"
    for target in (kernel, kernel.fork([])):
        for name in ("network", "graph"):
            with pytest.raises(AttributeError):
                setattr(target, name, Network() if name == "network" else None)
    assert kernel.network.options == Network(activation="sigmoid").options
    assert Kernel(Network()).check(claim, proof).status != "proved"


def test_the_concrete_comparer_differentiates_every_node_as_finite_differences_do():
    """Every du/dv the concrete-net comparer writes out (kernel/graph.py) against the numbers of the
    one evaluator: a term counted twice (a false PROVED on a concrete net) cannot hide here."""
    from derive.kernel.graph import Graph
    network = Network([2, 3, 2])
    graph, point = Graph(network), Point((2, 3, 2), network, 5)
    nodes = [q for t in (2, 3) for r in range(1, 4 if t == 2 else 3) for q in (z[t, r], a[t, r])]
    nodes += [w[2, 1, 2], w[3, 2, 3], b[3, 2], a[1, 1]]
    for u in (q for q in nodes if q.base.name in ("z", "a")):
        for v in nodes:
            exact = float(point.value(graph.written(Partial(u, v))))
            assert math.isclose(exact, float(point.value(Partial(u, v))), rel_tol=1e-9, abs_tol=1e-12), (u, v)


# --- a document's rows: none is dropped, whatever display or line it stands in --------------------
HIDDEN = [   # (file name, content): the false row (a^l_k for a^{l-1}_k, or 2 delta) must be checked
    ("own-display.tex", "\\begin{equation*}\n\\frac{\\partial C}{\\partial w^l_{jk}}\n\\end{equation*}\n"
                        "\\begin{equation*}\n= a^{l}_k \\delta^l_j\n\\end{equation*}\n"),
    ("after-text.tex", "% claim: \\frac{\\partial C}{\\partial w^l_{jk}} = a^{l-1}_k \\delta^l_j\n"
                       "\\[ \\frac{\\partial C}{\\partial w^l_{jk}} = a^{l-1}_k \\delta^l_j \\]\nand therefore\n"
                       "\\[ = a^{l}_k \\delta^l_j \\]\n"),
    ("dollars.md", "$$\n\\frac{\\partial C}{\\partial b^l_j}\n$$\n\n$$\n= 2 \\delta^l_j\n$$\n"),
    ("flalign.tex", "\\begin{flalign*}\n\\frac{\\partial C}{\\partial w^l_{jk}} &= a^{l}_k \\delta^l_j &&\n"
                    "\\end{flalign*}\n\\[ \\delta^l_j = \\frac{\\partial C}{\\partial z^l_j} \\]\n"),
    ("alignat.tex", "\\begin{alignat*}{2}\n\\frac{\\partial C}{\\partial b^l_j} &= 2 \\delta^l_j\n\\end{alignat*}\n"
                    "\\[ \\delta^l_j = \\frac{\\partial C}{\\partial z^l_j} \\]\n"),
    ("after-given.proof", "given: dC/db[l,j] = delta[l,j]\n  = 2*delta[l,j]\n"),
    ("percent.md", "$$ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j $$\n\nWith 100% certainty: $$ = 2\\delta^l_j $$\n"),
    ("html-in-latex.tex", "$$ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j $$\n<!-- $$ = 2\\delta^l_j $$ -->\n"),
    ("fence.md", "$$ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j $$\n\n```math\n= 2\\delta^l_j\n```\n"),
    ("tilde-fence.md", "> ~~~ math\n> \\frac{\\partial C}{\\partial b^l_j} = 2 \\delta^l_j\n> ~~~\n"),
    ("aligned.md", "$$\n\\begin{aligned}\n\\frac{\\partial C}{\\partial b^l_j} &= \\delta^l_j \\\\\\\\\n&= 2\\delta^l_j\n"
                   "\\end{aligned}\n$$\n"),
]


@pytest.mark.parametrize("name, content", HIDDEN, ids=[h[0] for h in HIDDEN])
def test_a_row_in_a_display_or_line_of_its_own_is_checked(tmp_path, name, content):
    proof = check_text(tmp_path, content, name=name)
    assert proof.verdict.status == "refuted", [(s.status, s.problem) for s in proof.verdict.steps]
    right = content.replace("a^{l}_k", "a^{l-1}_k").replace("2 \\delta", "\\delta").replace("2*delta", "delta")
    right = right.replace("2\\delta", "\\delta")
    assert check_text(tmp_path, right, name=name).verdict.status == "proved"


UNSEEN = [   # (file name, content): the false row is never shown as math, so it is no step of the file
    ("code-block.md", "    $$ = 2\\delta^l_j $$\n"),
    ("code-fence.md", "```latex\n$$ = 2\\delta^l_j $$\n<!-- claim: \\delta^l_j = 2\\delta^l_j -->\n```\n"),
    ("reference.md", "[//]: # ($$ = 2\\delta^l_j $$)\n"),
    ("code-span.md", "Not `$$ = 2\\delta^l_j $$` but this.\n"),
    ("verbatim.tex", "\\begin{verbatim}\n\\[ = 2\\delta^l_j \\] % claim: \\delta^l_j = 2\\delta^l_j\n\\end{verbatim}\n"),
    ("iffalse.tex", "\\iffalse\n\\[ = 2\\delta^l_j \\]\n\\fi\n"),
    ("pre.md", "<pre>\n$$ = 2\\delta^l_j $$\n</pre>\n"),
    ("footnote-in-code.md", "```\n[^1]: $$ = 2\\delta^l_j $$\n```\n"),
    ("fancyvrb.tex", "\\begin{Verbatim}\n\\[ = 2\\delta^l_j \\]\n\\end{Verbatim}\n"),
    ("filecontents.tex", "\\begin{filecontents*}[overwrite]{old.tex}\n\\[ = 2\\delta^l_j \\]\n\\end{filecontents*}\n"),
]


@pytest.mark.parametrize("name, content", UNSEEN, ids=[u[0] for u in UNSEEN])
def test_math_a_reader_never_sees_as_math_is_not_read(tmp_path, name, content):
    """A chain that is shown is checked as shown: code, a comment idiom or \\iffalse adds no step or claim
    to it (then a file would be judged on rows its reader cannot see); written as math, the row is read."""
    display = "$$ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j $$\n\n" if name.endswith(".md") else \
        "\\[ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\]\n"
    proof = check_text(tmp_path, display + content, name=name)
    assert proof.verdict.status == "proved" and len(proof.verdict.steps) == 1
    assert read(tmp_path / name).claim is None
    shown = display + ("$$ = 2\\delta^l_j $$\n" if name.endswith(".md") else "\\[ = 2\\delta^l_j \\]\n")
    assert check_text(tmp_path, shown, name=name).verdict.status == "refuted"


AS_SHOWN = [   # (file name, false, true): derive reads what TeX or CommonMark shows, so the first is refuted
    ("split.tex", "\\begin{equation}\\begin{split}\nDC &= \\delta^l_j \\\\\n&\\quad + \\delta^l_j\n\\end{split}\\end{equation}\n",
     "\\begin{equation}\\begin{split}\nDC &= \\delta^l_j + \\delta^l_j \\\\\n&\\quad - \\delta^l_j\n\\end{split}\\end{equation}\n"),
    ("multline.tex", "\\begin{multline*}\nDC = \\delta^l_j \\\\\n+ \\delta^l_j\n\\end{multline*}\n",
     "\\begin{multline*}\nDC = 2\\delta^l_j \\\\\n- \\delta^l_j\n\\end{multline*}\n"),
    ("else.tex", "\\iffalse An old draft. \\else\n\\[ DC = 2\\delta^l_j \\]\n\\fi\n",
     "\\iffalse An old draft. \\else\n\\[ DC = \\delta^l_j \\]\n\\fi\n"),
    ("nested.tex", "\\iffalse\nold (\\ifx\\a\\b nested\\fi):\n\\[ DC = \\delta^l_j \\]\n\\fi\n\\[ DC = 2\\delta^l_j \\]\n",
     "\\iffalse\nold (\\ifx\\a\\b nested\\fi):\n\\[ DC = 2\\delta^l_j \\]\n\\fi\n\\[ DC = \\delta^l_j \\]\n"),
    ("url.tex", "See \\url{http://example.com/a%20b} for it: \\[\nDC = 2\\delta^l_j\n\\]\n",
     "See \\url{http://example.com/a%20b} for it: \\[\nDC = \\delta^l_j\n\\]\n"),
    ("escaped-comment.md", "Raw comments start \\<!-- here:\n\n$$\nDC = 2 \\delta^l_j\n$$\n\nand end -->.\n",
     "Raw comments start \\<!-- here:\n\n$$\nDC = \\delta^l_j\n$$\n\nand end -->.\n"),
    ("backticks.md", "## the bias `b^l_j\n$$\nDC = 2 \\delta^l_j\n$$\n## the error `\\delta^l_j\n",
     "## the bias `b^l_j\n$$\nDC = \\delta^l_j\n$$\n## the error `\\delta^l_j\n"),
    ("html-backticks.md", 'Hence <span title="`"></span>\n$$\nDC = 2 \\delta^l_j\n$$\n<span title="`"></span>\n',
     'Hence <span title="`"></span>\n$$\nDC = \\delta^l_j\n$$\n<span title="`"></span>\n'),
    ("autolinks.md", "See <http://x.org/`>\n$$\nDC = 2\\delta^l_j\n$$\nand <http://y.org/`>.\n",
     "See <http://x.org/`>\n$$\nDC = \\delta^l_j\n$$\nand <http://y.org/`>.\n"),
    ("comment-backticks.md", "Hence <!-- ` -->\n$$\nDC = 2\\delta^l_j\n$$\nagain <!-- ` --> done.\n",
     "Hence <!-- ` -->\n$$\nDC = \\delta^l_j\n$$\nagain <!-- ` --> done.\n"),
    ("end-document.tex", "\\begin{document}\n\\[ DC = \\delta^l_j \\]\n\\[ DC = 2\\delta^l_j \\]\n\\end{document}\n",
     "\\begin{document}\n\\[ DC = \\delta^l_j \\]\n\\end{document}\n\\[ DC = 2\\delta^l_j \\]\n"),
    ("preamble.tex", "\\iffalse\n\\[ DC = \\delta^l_j \\]\n\\fi\n\\begin{document}\n\\[ DC = 2\\delta^l_j \\]\n\\end{document}\n",
     "\\iffalse\n\\[ DC = 2\\delta^l_j \\]\n\\fi\n\\begin{document}\n\\[ DC = \\delta^l_j \\]\n\\end{document}\n"),
    ("url-bars.tex", "See \\url|http://a.b/%| and \\[ DC = 2\\delta^l_j \\]\n",
     "See \\url|http://a.b/%| and \\[ DC = \\delta^l_j \\]\n"),
    ("url-braces.tex", "See \\url{http://a.b/{x}%} and \\[ DC = 2\\delta^l_j \\]\n",
     "See \\url{http://a.b/{x}%} and \\[ DC = \\delta^l_j \\]\n"),
    ("iff.tex", "Since $p \\iff q$:\n\\[ DC = 2\\delta^l_j \\]\n", "Since $p \\iff q$:\n\\[ DC = \\delta^l_j \\]\n"),
    ("small-group.tex", "Prose with $\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}$.\n{\\small\n\\[ DC = 2\\delta^l_j \\]\n}\n",
     "Prose with $\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}$.\n{\\small\n\\[ DC = \\delta^l_j \\]\n}\n"),
    ("full-stop.tex", "\\begin{align*}\nDC &= 2\\delta^l_j \\text{.}\n\\end{align*}\n",
     "\\begin{align*}\nDC &= \\delta^l_j \\text{.}\n\\end{align*}\n"),
    ("words-reason.tex", "\\begin{align*}\nDC &= 2\\delta^l_j \\quad\\text{by definition}\n\\end{align*}\n",
     "\\begin{align*}\nDC &= \\delta^l_j \\quad\\text{by definition}\n\\end{align*}\n"),
    ("starred-break.tex", "\\begin{align*}\nDC &= \\delta^l_j \\\\*\n&= 2\\delta^l_j\n\\end{align*}\n",
     "\\begin{align*}\nDC &= \\delta^l_j \\\\*\n&= \\delta^l_j\n\\end{align*}\n"),
    ("multline-equation.tex", "\\begin{multline*}\nDC = 3\\delta^l_j \\\\\n- \\delta^l_j = \\delta^l_j\n\\end{multline*}\n",
     "\\begin{multline*}\nDC = 2\\delta^l_j \\\\\n- \\delta^l_j = \\delta^l_j\n\\end{multline*}\n"),
]


@pytest.mark.parametrize("name, opening, closing", [
    ("gather.tex", "\\begin{gather*}", "\\end{gather*}"), ("align.tex", "\\begin{align*}", "\\end{align*}"),
    ("gathered.md", "$$\n\\begin{gathered}", "\\end{gathered}\n$$"),
])
def test_a_row_that_starts_with_an_operator_is_an_equation_of_its_own_in_gather_or_without_a_column(
        tmp_path, name, opening, closing):
    """gather sets each row as an equation, and so does align a row with no &: '-δ = δ' below
    '∂C/∂b = 2δ' is not the end of the row above to derive (read so, the two false rows proved ∂C/∂b = δ; found by
    the document red team of stop 27), though the page shows it going on (stop 38): bad input. The control: the same
    rows in multline are one formula."""
    rows = "\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j \\\\\n-\\delta^l_j = \\delta^l_j"
    shown = rows.replace("\\\\", "\\\\\\\\") if name.endswith(".md") else rows    # GitHub: \\\\ is \\
    with pytest.raises(DocumentError, match="starts with -"):
        check_text(tmp_path, f"{opening}\n{shown}\n{closing}\n", name=name)
    one = check_text(tmp_path, f"\\begin{{multline*}}\n{rows}\n\\end{{multline*}}\n", name="multline.tex")
    assert one.verdict.status == "proved"


@pytest.mark.parametrize("name, content", [
    ("gather-aligned.tex", "\\begin{gather*}\nROW \\\\\n\\begin{aligned}\n&- \\delta^l_j = \\delta^l_j\n\\end{aligned}\n\\end{gather*}\n"),
    ("gather-split.tex", "\\begin{gather*}\nROW \\\\\n\\begin{split}\n&- \\delta^l_j = \\delta^l_j\n\\end{split}\n\\end{gather*}\n"),
    ("align-aligned.tex", "\\begin{align*}\nROW \\\\\n\\begin{aligned}&- \\delta^l_j = \\delta^l_j\\end{aligned}\n\\end{align*}\n"),
    ("gathered-aligned.md", "$$\\begin{gathered}\nROW \\\\\\\\\n\\begin{aligned}&- \\delta^l_j = \\delta^l_j\\end{aligned}\n\\end{gathered}$$\n"),
])
def test_the_first_row_of_a_block_set_inside_a_display_reads_two_ways(tmp_path, name, content):
    """aligned or split inside gather (or align) starts rows of its own: its first row '&- δ = δ' was
    joined to the row above it, and two false equations proved ∂C/∂b = δ (the second red team of stop 27).
    It shows as the end of the formula above or as an equation of its own: bad input."""
    row = "\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j"
    with pytest.raises(DocumentError, match="reads two ways"):
        check_text(tmp_path, content.replace("ROW", row), name=name)


@pytest.mark.parametrize("content, status", [
    ("\\begin{gather*}\n\\begin{split}\nDC &= \\delta^l_j \\\\\n&\\quad + \\delta^l_j = \\delta^l_j\n\\end{split}\n\\end{gather*}\n",
     "refuted"),                                                       # a split in gather: its rows continue
    ("\\begin{gather*}\n\\begin{split}\nDC &= 2\\delta^l_j \\\\\n&\\quad - \\delta^l_j = \\delta^l_j\n\\end{split}\n\\end{gather*}\n",
     "proved"),
    ("\\begin{align*}\nDC &= \\delta^l_j \\\\\n&\\quad + \\delta^l_j = \\delta^l_j \\\\\n"
     "\\begin{gathered} \\delta^l_j = \\delta^l_j \\end{gathered}\n\\end{align*}\n", "refuted"),   # a block below
    ("\\begin{multline*}\nDC = \\begin{aligned}\\delta^l_j\\end{aligned} \\\\\n+ \\delta^l_j = \\delta^l_j\n\\end{multline*}\n",
     "refuted"),                                                       # a block within a row
])
def test_each_row_is_read_as_the_block_it_stands_in_sets_it(tmp_path, content, status):
    """A block anywhere in a display once set how every row of it was read: a split in gather stopped its
    continuation rows, an aligned in multline, or a gathered row in align, did too (the third red team
    of stop 27). Each row is now read by the block it stands in."""
    dc = "\\frac{\\partial C}{\\partial b^l_j}"
    assert check_text(tmp_path, content.replace("DC", dc), name="blocks.tex").verdict.status == status


@pytest.mark.parametrize("lead", ["", "\\quad ", "\\; ", "\\displaystyle ", "{} "])
def test_a_left_column_that_shows_nothing_is_empty(tmp_path, lead):
    """'\\quad &+ δ' shows as '&+ δ' does: it continues the row above (it started a step of its own, and a
    false row was never checked; the second red team of stop 27). The control is proved either way."""
    dc = "\\frac{\\partial C}{\\partial b^l_j}"
    false = f"\\begin{{align*}}\n{dc} &= \\delta^l_j \\\\\n{lead}&+ \\delta^l_j \\\\\n&= \\delta^l_j\n\\end{{align*}}\n"
    assert check_text(tmp_path, false, name="lead.tex").verdict.status == "refuted"
    true = false.replace("&= \\delta^l_j \\\\", "&= \\frac{\\delta^l_j}{2} \\\\").replace("&+ \\delta^l_j", "&+ \\frac{\\delta^l_j}{2}")
    assert check_text(tmp_path, true, name="lead.tex").verdict.status == "proved"


@pytest.mark.parametrize("name, false, true", AS_SHOWN, ids=[a[0] for a in AS_SHOWN])
def test_a_document_is_read_as_it_is_typeset(tmp_path, name, false, true):
    """A row that continues the formula above it, a conditional's shown branch, a % inside a URL,
    an escaped comment and unmatched backticks: derive checks the formulas a reader sees."""
    dc = "\\frac{\\partial C}{\\partial b^l_j}"
    assert check_text(tmp_path, false.replace("DC", dc), name=name).verdict.status == "refuted"
    assert check_text(tmp_path, true.replace("DC", dc), name=name).verdict.status == "proved"


@pytest.mark.parametrize("name, content, words", [
    ("lead.tex", "\\[ = a^{l-1}_k \\delta^l_j \\]\n", "continues no equality"),
    ("lead.proof", "  = 2*delta[l,j]\nclaim: dC/db[l,j] = delta[l,j]\n", "continues no equality"),
    ("spaces.tex", "% network: activation = sigmoid, cost = cross-entropy\n"
                   "\\[ \\delta^L_j = (a^L_j - y_j) \\sigma'(z^L_j) \\]\n", "sigmoid,"),
    ("unknown.proof", "# network: cots=cross-entropy\nclaim: dC/db[l,j] = delta[l,j]\n  = delta[l,j]\n", "'cots=cross"),
    ("twice.tex", "% network: cost=cross-entropy\n\\[ C = C \\]\n% network: activation=sigmoid\n", "a second network"),
    ("spaced.tex", "\\begin{equation}\n\\delta^l_j = \\delta^l_j\n\\end{equation}\n\\begin {equation}\n"
                   "\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j\n\\end {equation}\n", "without a space"),
    ("dmath.tex", "\\[ \\delta^l_j = \\delta^l_j \\]\n\\begin{dmath}\n\\delta^l_j = 2\\delta^l_j\n\\end{dmath}\n",
     "does not read \\begin{dmath}"),
    ("shown.md", "# network: cost=cross-entropy\n$$ C = C $$\n", "write it as a note"),
    ("claims.tex", "% claims: \\delta^l_j = 2\\delta^l_j\n\\[ C = C \\]\n", "reads 'claim: ...'"),
    ("two-notes.md", "<!-- claim: \\delta^l_j = 2\\delta^l_j --> <!-- by: definition -->\n$$ C = C $$\n", "two notes"),
    ("percent-note.md", "% claim: \\delta^l_j = 2\\delta^l_j\n$$ C = C $$\n", "write it as a note: <!-- claim"),
    ("columns.tex", "\\begin{align*}\n\\delta^l_j &= 2 & \\frac{1}{2}\\delta^l_j &= \\delta^l_j\n\\end{align*}\n",
     "side by side"),
    ("reason-math.tex", "\\begin{align*}\n\\delta^l_j &= \\delta^l_j \\text{ $\\times 2$ (algebra)}\n\\end{align*}\n",
     "only in words"),
    ("reason-operator.tex", "\\begin{align*}\n\\delta^l_j &= \\delta^l_j \\mbox{ + 1 (definition)}\n\\end{align*}\n",
     "only in words"),
    ("text-row.tex", "\\begin{align*}\n\\delta^l_j &= \\delta^l_j \\\\\n&\\text{$+\\delta^l_j$}\n\\end{align*}\n",
     "a row of text alone"),
    ("alignat-math.tex", "\\begin{alignat*}{2}\n\\delta^l_j &= \\delta^l_j &&\\text{${}\\cdot 2$ (definition)}\n"
                         "\\end{alignat*}\n", "alignat sets the reason"),
    ("juxtaposed.tex", "\\[ \\delta^l_j = \\delta^l_j + 2 0 \\delta^l_j \\]\n", "as one number"),
    ("let-if.tex", "\\begin{document}\n\\let\\hide\\iffalse\n\\[ \\delta^l_j = \\delta^l_j \\]\n\\end{document}\n",
     "redefines what derive reads"),
    ("unless.tex", "\\unless\\iffalse\n\\[ \\delta^l_j = 2\\delta^l_j \\]\n\\fi\n\\[ C = C \\]\n", "uses \\unless"),
    ("catcode.tex", "\\catcode`\\%=9\n\\[ \\delta^l_j = \\delta^l_j % \\cdot 2\n\\]\n", "uses \\catcode"),
    ("input.tex", "\\[ C = C \\]\n\\input{steps}\n", "uses \\input"),
    ("def-verb.tex", "\\def\\verb{}\n\\[ C = C \\]\n", "redefines what derive reads"),
    ("control-symbol.tex", "\\def\\!{2}\n\\[ \\delta^l_j = \\!\\delta^l_j \\]\n", "is defined in this document"),
    ("group.tex", "\\newcommand{\\hide}[1]{}\n\\[ C = C \\]\n\\hide{\n\\[ \\delta^l_j = 2\\delta^l_j \\]\n}\n",
     "inside a group"),
    ("inline-steps.tex", "\\[ C = C \\]\n$\\displaystyle\\begin{aligned} \\delta^l_j &= 2\\delta^l_j \\end{aligned}$\n",
     "inline math"),
    ("setext.md", "$$\n\\delta^l_j\n=\n2\\delta^l_j\n$$\n", "does not close"),
    ("namedef.tex", "\\makeatletter\n\\@namedef{delta}{2\\Delta}\n\\makeatother\n\\[ \\delta^l_j = \\delta^l_j \\]\n",
     "uses \\makeatletter"),
    ("mathsymbol.tex", "\\DeclareMathSymbol{1}{\\mathord}{operators}{\"32}\n\\[ \\delta^l_j = 1\\delta^l_j \\]\n",
     "uses \\DeclareMathSymbol"),
    ("command-copy.tex", "\\RenewCommandCopy{\\delta}{\\epsilon}\n\\[ \\delta^l_j = \\delta^l_j \\]\n", "uses \\RenewCommandCopy"),
    ("white.tex", "\\[ C = C \\]\n{\\color{white}\n\\[ \\delta^l_j = 2\\delta^l_j \\]\n}\n", "uses \\color"),
    ("box.tex", "\\[ C = C \\]\n\\setbox0\\vbox\\bgroup\n\\[ \\delta^l_j = 2\\delta^l_j \\]\n\\egroup\n", "uses \\setbox"),
    ("own-environment.tex", "\\newenvironment{scratch}{\\par}{\\par}\n\\[ C = C \\]\n\\begin{scratch}\n"
                            "\\[ \\delta^l_j = 2\\delta^l_j \\]\n\\end{scratch}\n", "inside \\begin{scratch}"),
    ("excludecomment.tex", "\\excludecomment{draft}\n\\[ C = C \\]\n\\begin{draft}\n\\[ \\delta^l_j = 2\\delta^l_j \\]\n"
                           "\\end{draft}\n", "inside \\begin{draft}"),
    ("environ.tex", "\\NewEnviron{comment}{\\BODY}\n\\[ C = C \\]\n", "defines its own comment"),
    ("entity-dollars.md", "$$ C = C $$\n\n&dollar;&dollar; \\delta^l_j = 2\\delta^l_j &dollar;&dollar;\n", "&dollar;"),
    ("escaped-dollars.md", "$$ C = C $$\n\n\\$\\$ \\delta^l_j = 2\\delta^l_j \\$\\$\n", "&dollar;"),
    ("Math.md", "```Math\n\\delta^l_j = 2\\delta^l_j\n```\n$$ C = C $$\n", "lowercase"),
    ("plain-rows.md", "$$\n\\delta^l_j = 2\\delta^l_j \\\\\\\\\n-\\delta^l_j = \\delta^l_j\n$$\n", "reads two ways"),
    ("equation-number.tex", "\\[\n\\delta^l_j = \\tfrac{1}{2}\\delta^l_j \\qquad (2)\n\\]\n", "equation number"),
    ("equation-number-spaced.tex", "\\[\n\\delta^l_j = \\tfrac{1}{2}\\delta^l_j \\;(2)\\;\n\\]\n", "equation number"),
    ("equation-number-braced.tex", "\\[\n\\delta^l_j = \\tfrac{1}{2}\\delta^l_j \\; {(2)}\n\\]\n", "equation number"),
    ("equation-number-left.tex", "\\[\n\\delta^l_j = \\tfrac{1}{2}\\delta^l_j \\;\\left(2\\right)\n\\]\n", "equation number"),
    ("equation-number-dotted.tex", "\\[\n\\delta^l_j = \\tfrac{10}{21}\\delta^l_j \\; (2.1)\n\\]\n", "equation number"),
    ("equation-number-thin.tex", "\\[\n\\delta^l_j = \\tfrac{1}{2}\\delta^l_j \\;(\\,2\\,)\n\\]\n", "equation number"),
    ("equation-number-big.tex", "\\[\n\\delta^l_j = \\tfrac{1}{2}\\delta^l_j \\;\\bigl(2\\bigr)\n\\]\n", "equation number"),
    ("equation-number-brace-inside.tex", "\\[\n({2})\\;\\; \\delta^l_j = 2\\delta^l_j\n\\]\n", "equation number"),
    ("equation-number-leqno.tex", "\\[\n(2)\\;\\; \\delta^l_j = 2\\delta^l_j\n\\]\n", "equation number"),
    ("equation-number-align.tex", "\\begin{align*}\n\\delta^l_j &= \\tfrac{1}{2}\\delta^l_j \\;\\; (2)\n\\end{align*}\n",
     "equation number"),
    ("lone-row.tex", "\\begin{align*}\n\\delta^l_j &= \\delta^l_j \\\\\n&\\qquad 2\n\\end{align*}\n", "a row with no '='"),
    ("lead-operator.tex", "\\begin{align*}\n&+ \\delta^l_j\n\\end{align*}\n\\[ C = C \\]\n", "continues no formula"),
    ("macro-if.tex", "\\newcommand{\\draft}{\\iffalse}\n\\draft\n\\[ \\delta^l_j = 2\\delta^l_j \\]\n\\fi\n\\[ C = C \\]\n",
     "may take as its argument"),
    ("ifx.tex", "\\ifx\\a\\b\n\\[ \\delta^l_j = 2\\delta^l_j \\]\n\\fi\n\\[ C = C \\]\n", "which branch"),
    ("own-comment.tex", "\\newenvironment{comment}{\\par}{\\par}\n\\begin{comment}\\[ \\delta^l_j = 2\\delta^l_j \\]"
                        "\\end{comment}\n\\[ C = C \\]\n", "defines its own comment"),
    ("renewed.tex", "\\renewcommand{\\delta}{2\\Delta}\n\\[ \\delta^l_j = \\delta^l_j \\]\n", "is defined in this document"),
    ("let.tex", "\\let\\sigma\\tanh\n\\[ \\sigma(z^l_j) = \\sigma(z^l_j) \\]\n", "is defined in this document"),
    ("fence-dollars.md", "```math\n$$ C = C $$\n```\n$$ \\delta^l_j = 2\\delta^l_j $$\n", "math fence holds $$"),
])
def test_a_row_or_header_that_would_be_dropped_is_bad_input(tmp_path, capsys, name, content, words):
    path = tmp_path / name
    path.write_text(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err, err


def test_a_network_header_with_spaces_around_its_equals_signs_is_read(tmp_path):
    """δ^L = (a - y) σ' is BP1 for the quadratic cost and false for sigmoid with cross-entropy (δ^L = a - y)."""
    content = ("% network: activation = sigmoid cost = cross-entropy\n% Claim : \\delta^L_j = {}\nNetwork: activation sigmoid; cost cross-entropy.\n"
               "\\[ \\delta^L_j = {} \\]\n")
    false, true = "(a^L_j - y_j) \\sigma'(z^L_j)", "a^L_j - y_j"
    path = tmp_path / "header.tex"
    path.write_text(content.replace("{}", false))
    assert read(path).claim is not None and read(path).network == {"activation": "sigmoid", "cost": "cross-entropy"}
    assert main(["check", str(path)]) == 1
    path.write_text(content.replace("{}", true))
    assert main(["check", str(path)]) == 0


def test_a_comment_after_a_line_break_is_a_comment(tmp_path):
    """\\\\% is a line break, then a comment: the % is not escaped."""
    proof = check_text(tmp_path, "\\begin{align*}\n\\frac{\\partial C}{\\partial b^l_j} &= \\delta^l_j \\\\% by: definition\n"
                                 "&= \\delta^l_j\n\\end{align*}\n", name="break.tex")
    assert proof.verdict.status == "proved"


def test_an_identity_is_applied_only_where_every_occurrence_lies_in_its_domain():
    """delta^m_1 stands in a sum up to L - 1, where BP2 holds, and in one up to L, where it does not
    (there is no layer L + 1): BP2 may not be put in for it in both, as a match at the first once was."""
    from derive.kernel.canon import Canon
    from derive.kernel.facts import Facts
    kernel = kernel_for(GENERIC)
    assert prove("bp2", GENERIC, kernel=kernel).proved
    lemma, m = kernel.proved["bp2"][0], Symbol("m", integer=True)
    applied = lambda top: Sum(lemma.rhs.xreplace({l: m, j: 1}), (m, 2, top))     # noqa: E731
    facts = Facts(())
    canon = Canon(GENERIC, facts)
    inner, whole = Sum(delta[m, 1], (m, 2, L - 1)), Sum(delta[m, 1], (m, 2, L))
    assert not kernel._by_identity(inner + whole, applied(L - 1) + applied(L), facts, canon, "bp2")
    assert kernel._by_identity(inner, applied(L - 1), facts, canon, "bp2")       # the control: inside it, it applies


# --- found in review at stop 23 -------------------------------------------------------------
def test_a_guard_on_a_free_index_says_nothing_about_a_sum_that_binds_the_name_again():
    """[k = 1] outside a sum over k = 1..n_1 + 5 bounds the free k, not the sum's k: w^2_{1k} inside
    needs k <= n_1 for every k of the sum, which the guard's fact k <= 1 once vouched for."""
    from derive.kernel.facts import Facts
    from derive.kernel.formed import undefined
    guarded = lambda top: Piecewise((Sum(w[2, 1, k], (k, 1, top)), And(k >= 1, k <= 1)), (0, True))  # noqa: E731
    domain = Facts((Tuple(k, 1, n(1)),))
    assert undefined(guarded(n(1) + 5), Integer(0), domain) is not None
    assert undefined(guarded(n(1)), Integer(0), domain) is None        # the control: the sum within k's range


@pytest.mark.parametrize("true, false", [
    ("a[2,j] = sigma(b[2,j] + sum(k=1, n(1), w[2,j,k]*x[k]))",
     "a[2,j] = sigma(b[2,j] + sum(k=1, n(1), w[2,j,k]*x[k]) + [3<=j<=3])"),
    ("z[3,j] = b[3,j] + sum(k=1, n(2), w[3,j,k]*sigma(b[2,k] + sum(i=1, n(1), w[2,k,i]*x[i])))",
     "z[3,j] = b[3,j] + sum(k=1, n(2), w[3,j,k]*sigma(b[2,k] + sum(i=1, n(1), w[2,k,i]*x[i])))"
     " + sum(k=1, n(2), [4<=k<=4]*w[3,j,k])"),
])
def test_a_definition_written_down_to_the_inputs_is_proved(true, false):
    """x is the activation of layer 1: a side written with x unfolds the other's z down to it (it
    was undecided); the same with a term that is zero on small nets is not proved."""
    assert main(["verify", true]) == 0
    assert main(["verify", false]) == 1


@pytest.mark.parametrize("claim", [
    "C*x[1] = x[1]*sum(j=1,n(L), (sigma(b[L,j] + sum(k=1,n(L-1), w[L,j,k]*a[L-1,k]))-y[j])^2)/2",
    "x[1]*z[30,1] = x[1]*(b[30,1] + sum(k=1,n(29), w[30,1,k]*a[29,k]))"])
def test_x_beside_other_layers_unfolds_no_deeper_than_they_need(claim):
    """With x counted as layer 1 in every case, a[L-1] beside x left the depth undecided (nothing
    was unfolded: undecided), and z^30 beside x was unfolded thirty layers down (minutes)."""
    assert main(["verify", claim, "--timeout", "120"]) == 0


@pytest.mark.parametrize("verbatim", ["\\Verb|bp%3|", "\\Verb*|a%b|", "\\Verb[fontsize=\\small]|a%b|",
                                      "\\nolinkurl{a%b}", "\\mintinline{python}|a%b|", "\\spverb|a%b|",
                                      "\\lstinline[language=C]{a%b}", "\\newverbatimcmd|50%|"])
@pytest.mark.parametrize("hidden", ["\\[ DC = 2\\delta^l_j \\]", "$$ = 2\\delta^l_j $$", "\\\\ &= 2\\delta^l_j",
                                    "= 2\\delta^l_j", "\\begin{equation*} DC = 2\\delta^l_j"])
def test_a_percent_that_may_be_typeset_hides_no_math(tmp_path, verbatim, hidden):
    """A % in the argument of a verbatim command is text to TeX, so the math after it is typeset:
    derive took it as a comment and proved the visible step alone. The commands derive knows are
    read as verbatim (the hidden step is read and refuted); after another, math after a % that
    follows text is bad input; a comment on its own line, a note, and prose are not."""
    claim = "% claim: \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j\n"
    shown = "\\[ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\]\n"
    path = tmp_path / "hidden.tex"
    path.write_text(claim + shown + f"See {verbatim} and {hidden}\n")
    code = main(["check", str(path)])
    if any(opener in hidden for opener in ("\\[", "$$", "\\begin")):
        assert code in (1, 2)               # a display TeX shows: read and refuted, or bad input
    else:                                   # prose: nothing to read; after a command derive does not know, bad input
        assert code == (2 if verbatim.startswith("\\newverbatimcmd") else 0)
    path.write_text(claim + shown + f"% See {verbatim} and {hidden}\nSee \\Verb|x| % a remark, 50 percent\n")
    assert main(["check", str(path)]) == 0          # the controls: a whole-line comment, a remark in words


@pytest.mark.parametrize("hidden", [
    "See \\Verb|%| \\begin {{equation*}}\n{false}\nand \\Verb|%| \\end {{equation*}}\n",
    "See \\Verb|%by:| \\begin {{equation*}} {false} \\end {{equation*}}\n",
    "See \\Verb|%| \\begin\n{{equation*}} {false} \\end{{equation*}}\n",
    "See \\Verb|\\end{{document}}| and\n\\[ {false} \\]\n",
    "See \\Verb|\\iffalse| and\n\\[ {false} \\]\n\\Verb|\\fi|\n",
    "\\displaymath {false} \\enddisplaymath\n",
    "\\equation {false} \\endequation\n"])
def test_a_display_a_verbatim_command_or_a_command_form_hides_is_not_dropped(tmp_path, hidden):
    """Found in review: displays behind \\Verb (a space or a line break in \\begin {...}, a note
    keyword, \\end{document} or \\iffalse as its text) and displays set by a command
    (\\displaymath) were dropped, and the visible step alone was PROVED."""
    claim = "% claim: \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j\n\\[ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\]\n"
    path = tmp_path / "hidden.tex"
    path.write_text(claim + hidden.format(false="\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j"))
    assert main(["check", str(path)]) in (1, 2)
    path.write_text(claim + hidden.format(false="\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j"))
    assert main(["check", str(path)]) != 0 or "\\Verb" in hidden       # the control: \\Verb's text, read


@pytest.mark.parametrize("text", [
    "\\documentclass{{article}}\n\\usepackage{{amsmath}} % for \\begin{{align*}} and $x$\n\\begin{{document}}\n{body}\\end{{document}}\n",
    "{body}Prose. % by: the chain rule through $z^l_k$\n"])
def test_a_comment_in_the_preamble_or_a_note_with_inline_math_is_read(tmp_path, text):
    """The controls of the rule above: the preamble is never typeset, and a note may quote math."""
    body = "% claim: \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j\n\\[ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\]\n"
    path = tmp_path / "fine.tex"
    path.write_text(text.format(body=body))
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize("guard", ["[l=9]", "[9<=l<=L]", "[7<=l]*[j=2]", "[7<=n(l)]", "[12<=n(l)]"])
def test_a_number_in_a_guard_on_a_layer_makes_the_sample_nets_that_deep(guard):
    """[l = 9] names a layer, not a neuron: the sample nets were 3 and 4 layers deep, where it is 0,
    so the false claim was left undecided; they now reach it and refute it. [7 <= n(l)] names a
    width, though l is a layer: the nets are that wide."""
    assert main(["verify", f"dC/db[l,j] = delta[l,j]*(1 + {guard})"]) == 1
    assert main(["verify", f"dC/db[l,j]*(1 + {guard}) = delta[l,j]*(1 + {guard})"]) == 0     # the control


def test_a_chain_is_printed_from_where_the_kernel_checked_it():
    """A Proof whose derivation was swapped for one that starts at 2 dC/db printed that start above
    the kernel's ticked steps; a chain starts where the kernel's first step of it does, and (stop 45) a Proof takes
    only the derivation its verdict judged."""
    from derive.export import render
    proof = prove("bp3", GENERIC)
    with pytest.raises(TypeError):
        dataclasses.replace(proof, derivation=dataclasses.replace(proof.derivation, lhs=2 * proof.derivation.lhs))
    assert render([proof], "markdown").count("\\frac{\\partial C}{\\partial b^l_j}") >= 1


@pytest.mark.parametrize("claim", [
    "dC/db[L,j] = (a[L,j]-y[j])*sigma'(z[L,j]) + [40<=j]*b[L,j]",
    "z[3,j]*x[1] = x[1]*(b[3,j]+sum(k=1,n(2),w[3,j,k]*sigma(b[2,k]+sum(i=1,n(1),w[2,k,i]*x[i])))) + [40<=j]*x[1]",
    "a[2,j] = sigma(b[2,j] + sum(k=1, n(1), w[2,j,k]*x[k])) + [40<=n(1)]*x[1]"])
def test_a_guard_beyond_every_sample_net_is_not_proved_through_this_stops_routes(claim):
    """The library's route in verify (then one step to the user's right side) and the unfolding
    down to x: a term that is zero on every sample net, true nowhere else, is never PROVED."""
    assert main(["verify", claim, "--timeout", "120"]) != 0


# --- found in review at stop 24 -------------------------------------------------------------
@pytest.mark.parametrize("claim, code", [
    ("dC/db[l,j] = sum(s=1,M,delta[l,j,s])/3", 1),      # M = 3, the batch the numbers used, agrees
    ("dC/db[l,j] = sum(s=1,M,delta[l,j,s])/5", 1),
    ("dC/db[l,j] = sum(s=1,M,delta[l,j,s])/M", 0),      # the control
])
def test_a_constant_of_the_claim_sizes_the_batch_of_the_numbers(claim, code):
    """A false mini-batch claim true at M = 3 alone was left undecided: the numbers used 3 samples."""
    assert main(["verify", claim, "--batch"]) == code


@pytest.mark.parametrize("claim, code", [
    ("|2 |b^l_j| - 1| = 2 b^l_j", 2),                  # read |2| b |-1|: PROVED, though false at b = 1
    ("|a^l_j |b^l_j| - 1| = |a^l_j| b^l_j", 2),
    ("|b^l_j| Σ_k a^{l-1}_k |w^l_{jk}| (b^l_j) = b^l_j |b^l_j| Σ_k a^{l-1}_k |w^l_{jk}|", 2),
    ("|2 * |b^l_j| - 1| = |2 \\cdot |b^l_j| - 1|", 0),  # the controls: an operator says how the bars pair
    ("|b^l_j| b^l_j = b^l_j |b^l_j|", 0),
    ("\\frac{\\partial C}{\\partial y} = y - a^L", 2),     # dC/dy has no meaning: bad input, not REFUTED
])
def test_bars_that_pair_up_two_ways_are_asked_about_not_guessed(claim, code):
    assert main(["verify", claim]) == code


def test_derive_prints_no_bars_that_pair_up_two_ways():
    """|2·|b| - 1| printed as |2 |b^l_j| - 1|, which read back as |2| b |-1|: beside another |.|,
    the text notation writes abs(...)."""
    from derive.parsing.parse import parse_expression
    from derive.printing.notation import ascii, latex, text
    for written in ("|2 * |b^l_j| - 1|", "abs(a[l,j])*abs(b[l,j])*b[l,j]", "|a^l_j| b^l_j",
                    "|-|b^l_j||", "abs(-abs(b[l,j]))"):         # sympy's Abs(Abs(b)) printed abs(abs(b)), read Abs(b)
        e = parse_expression(written)
        for notation in (text, latex, ascii):
            assert parse_expression(notation(e)) == e, (written, notation(e))
    assert text(parse_expression("|a^l_j| b^l_j")) == "|a^l_j| b^l_j"     # one |.| keeps its bars


@pytest.mark.parametrize("claim, options", [
    ("b[2,3] + b[2,2] = b[2,3] + b[2,2]*[3<=n(3)]", []),            # false where n_3 <= 2
    ("delta[l,j,2]*[2<=M] = delta[l,j,2]*[3<=M]", ["--batch"]),     # false at M = 2, the smallest batch
    ("x[2]*b[3,1] + x[1]*b[2,1] = x[2]*b[3,1] + x[1]*b[2,1]*[4<=L]", []),   # false at L = 3
])
def test_a_requirement_the_domain_drops_as_implied_never_proves_a_guard_away(claim, options):
    """The domain leaves out a requirement another implies (2 <= M beside 3 <= M): guards at the
    edge of what remains are never proved away."""
    assert main(["verify", claim, *options]) != 0


# --- found at stop 25 -----------------------------------------------------------------------
@pytest.mark.parametrize("claim, code", [
    ("delta[l,j,2]*[2<=M] = delta[l,j,2]*[3<=M]", 1),      # false at M = 2 alone: it was UNDECIDED
    ("b[l,j]*[1<=M] = b[l,j]*[2<=M]", 1),                  # false at M = 1
    ("delta[l,j,2]*[2<=M] = delta[l,j,2]*[1<=M]", 0),      # the controls: true at every batch (where sample 2 is,
    ("delta[l,j,1]*[1<=M] = delta[l,j,1]", 0),             # as the factor both sides share needs; M read as 1
])                                                         # needs a quantity of a batch left)
def test_a_guard_on_the_batch_is_tried_at_the_smallest_batch_the_domain_allows(claim, code):
    """The numbers used one batch beyond every constant of the claim, where a guard on M is 1."""
    assert main(["verify", claim, "--batch"]) == code


@pytest.mark.parametrize("claim, code", [
    ("|2\\,||b^l_j|| - 1| = 2 |b^l_j|", 2),            # TeX's thin space hid the bar that closes: PROVED, false at b < 0
    ("|a^l_j\\,|b^l_j|\\,z^l_j| = |a^l_j| * b^l_j * |z^l_j|", 2),
    ("\\|a^l_j\\;\\|b^l_j\\|\\!z^l_j\\| = |a^l_j| * b^l_j * |z^l_j|", 2),
    ("|a^l_j\\right.|b^l_j|z^l_j| = |a^l_j| * b^l_j * |z^l_j|", 2),
    ("|2 ||b^l_j|| - 1| + " + "|" * 102 + "b^l_j" + "|" * 102 + " = 3 |b^l_j|", 2),   # one group past the nesting
    ("|b^l_j\\,| = |b^l_j|", 0),                        # the controls: thin spaces where bars pair up one way
    ("|a^l_j|\\,|b^l_j| = |a^l_j| |b^l_j|", 0),
])
def test_bars_are_paired_as_tex_shows_them_thin_spaces_and_all(claim, code):
    """Bars that pair up two ways were counted on the text as typed, where a thin space (\\, \\; \\! \\ )
    or \\right. before a bar hid that it may close a group; and a group nested past the limit left
    its side unchecked."""
    assert main(["verify", claim]) == code



@pytest.mark.parametrize("claim, code", [
    ("|a^l_j\t|b^l_j|\nz^l_j| = |a^l_j| * b^l_j * |z^l_j|", 2),   # two ways across a tab and a line break
    ("|a^l_j|\t|b^l_j| = |a^l_j| |b^l_j|", 0),                     # the control: one way
])
def test_bars_across_white_space_pair_up_as_across_spaces(claim, code):
    assert main(["verify", claim]) == code


# --- found at stop 26 -----------------------------------------------------------------------
@pytest.mark.parametrize("claim, code", [
    ("sum(k=2, n(1), 1/(n(1)-1)) = 1", 1),                     # 0 = 1 on a net of one input: it was PROVED
    ("sum(k=2, n(1), 1/(n(1)-1))*dC/db[l,j] = delta[l,j]", 1),
    ("sum(k=2, n(1), x[k]/sum(i=2, n(1), x[i])) = 1", 1),      # S/S = 1 with S an empty sum
    ("sum(m=3, L, 1/sum(p=3, L, 1))*b[l,4] = b[l,4]", 1),      # false at L = 2
    ("sum(k=1, n(1), 1/n(1)) = 1", 0),                         # the controls: a range never empty,
    ("sum(k=2, n(1), 1) = n(1) - 1", 0),                       # a term with a value everywhere
    ("sum(k=2, n(1), (n(1)-1)*b[l,j]) = (n(1)-1)^2*b[l,j]", 0),
    ("sum(k=1, n(L), a[L,k]/sum(i=1, n(L), a[L,i])) = 1", 0),
])
def test_a_sum_that_may_be_empty_is_never_counted_into_a_term_without_a_value_there(claim, code):
    """sum_{k=2}^{n_1} t = (n_1 - 1) t for a t free of k: at n_1 = 1 the sum is 0 whatever t is, so a t
    with a division (1/(n_1 - 1)) must not cancel the count; nor may S/S = 1 for a sum S over that range."""
    assert main(["verify", claim]) == code


@pytest.mark.parametrize("content, code", [
    ("claim: sum(m=l+1, L, [l=m]*b[m,1]) = 0\n  = 0  [by Kronecker]\n", 2),     # l has no range: it was REFUTED
    ("claim: sum(m=2, L, b[m,1]) = sum(m=2, l, b[m,1]) + sum(m=l+1, L, b[m,1])\n"
     "  = sum(m=2, l, b[m,1]) + sum(m=l+1, L, b[m,1])  [by algebra]\n", 2),
    ("claim: sum(m=l, L, [l=m]*b[m,1]) = b[l,1]\n  = b[l,1]  [by Kronecker]\n", 0),   # the control: b[l,1] gives l a range
])
def test_a_claim_whose_index_has_no_range_is_bad_input_as_in_verify(tmp_path, content, code):
    path = tmp_path / "mine.proof"
    path.write_text(content)
    assert main(["check", str(path)]) == code


@pytest.mark.parametrize("claim, code", [
    ("dC/db[l,j] = delta[l,j] + d(2*b[l,j])/dz[L,j]", 2),       # 2b is no function of z^L: it was PROVED
    ("dC/db[l,j] = delta[l,j] + d(b[l,j]^2)/dz[L,j]", 2),
    ("d(sigma(b[l,j]))/dz[L,j] = 0", 2),
    ("d(x[j]^2)/dz[2,j] = 0", 2),
    ("d(2*a[l,j])/dz[l+1,k] = 0", 2),
    ("\\frac{\\partial}{\\partial z^L_j}(\\sum_k w^L_{jk} a^{L-1}_k + b^L_j) = 0", 2),     # inside a sum too
    ("\\frac{\\partial}{\\partial w^l_{jk}} \\sum_{m=2}^{L} \\sum_i \\sum_p (w^m_{ip})^2 = 2 w^l_{jk}", 0),  # m takes l
    ("d(b[l,j]^2)/db[l,j] = 2*b[l,j]", 0),                        # the controls: functions of the variable
    ("d(w[l,j,k]*a[l-1,k])/da[l-1,k] = w[l,j,k]", 0),
    ("d(x[j]^2)/da[1,j] = 2*x[j]", 0),
    ("d(b[l,j] + z[L,j])/dz[L,j] = 1", 0),
])
def test_a_derivative_of_an_expression_in_no_function_of_the_variable_has_no_meaning(claim, code):
    """db^l_j/dz^L_j is bad input (the seed question's mistake), and so is d(2 b^l_j)/dz^L_j."""
    assert main(["verify", claim]) == code


@pytest.mark.parametrize("claim, equal", [
    ("sum(k=2, n(1), 1/(n(1)-1)) = 1", False),
    ("sum(k=2, n(1), x[k]/sum(i=2, n(1), x[i])) = 1", False),
    ("sum(k=1, n(1), 1/n(1)) = 1", True),
    ("sum(k=2, n(1), (n(1)-1)*b[l,j]) = (n(1)-1)^2*b[l,j]", True),
    ("sum(k=2, n(l), 1/n(l)) = (n(l)-1)/n(l)", True),             # a division by what is positive has a value
    ("sum(k=2, n(l), b[l,1]/N) = (n(l)-1)*b[l,1]/N", True),
])
def test_the_rules_alone_never_count_a_possibly_empty_sum_into_a_term_without_a_value(claim, equal):
    """The kernel's own rules, without the numbers that veto (a net of one input now among them)."""
    from derive.kernel.canon import Canon
    from derive.kernel.facts import Facts
    lhs, rhs = parse_identity(claim)
    assert Canon(GENERIC, Facts(infer_domain(lhs, rhs))).equal(lhs, rhs) is equal


def test_the_concrete_graph_holds_z_when_it_differentiates_by_a():
    """graph.py wrote sigma(z) as a before differentiating: d(a sigma(z))/da became 2a (PROVED on a net
    too large for numbers), and d H(a - sigma(z))/da, a jump at the point, became dH(0)/da = 0."""
    from sympy import Heaviside
    from derive.kernel.graph import Graph
    graph = Graph(Network([2, 3, 2]))
    product = Partial(a[2, 1] * sigma(z[2, 1]), a[2, 1])
    assert graph.same(product, a[2, 1]) and not graph.same(product, 2 * a[2, 1])
    assert not graph.same(Partial(Heaviside(a[2, 1] - sigma(z[2, 1])), a[2, 1]), Integer(0))
    assert graph.same(Partial(sigma(z[2, 1]) ** 2, z[2, 1]), 2 * a[2, 1] * dsigma(z[2, 1]))   # values: sigma(z) is a


@pytest.mark.parametrize("claim, code", [
    ("exp(exp(10000)) = 0", 2),                    # exit 4 after minutes: no number was printed, no limit held
    ("exp(10^6)*b[2,1] = 0", 1),                   # (now bad input: e^t of a number beyond 10^6); e^(10^6) has a number
    ("10^14*a[2,1] - 10^14*sigma(z[2,1]) = 1", 3),  # 0 = 1, within the rounding of 10^14: it said "agree", exit 0
    ("a[2,1] = sigma(z[2,1])", 0),                 # the controls
    ("a[2,1] = 2*sigma(z[2,1])", 1),
    ("exp(sigma(0))*b[2,1] = b[2,1]*exp(sigma(0))", 0),   # e^sigma(0): no number to bound (exit 4, stop 45's red team)
    ("exp(sigma(0))*b[2,1] = b[2,1]", 1),
])
def test_evaluate_says_agree_only_when_the_sides_agree(claim, code, capsys):
    assert main(["evaluate", claim, "--widths", "2,2", "--timeout", "30"]) == code
    assert "agree" not in capsys.readouterr().out or code == 0



# --- found at stop 27 -----------------------------------------------------------------------
KINKED = "z[2,1] - b[2,1] - w[2,1,1]*x[1] - w[2,1,2]*x[2] - w[2,1,3]*x[3]"     # 0 at every point of a net of 3 inputs


@pytest.mark.parametrize("claim", ["sigma'(0) = 1/2", "sigma'(0) = 0", "H(0) = 1/2", "H(0)^2 = H(0)"])
def test_relu_has_no_derivative_at_its_kink_so_nothing_is_proved_by_a_convention_there(claim, capsys):
    """With relu'(0) = 1/2 the chain rule through relu(relu(t)) at t = 0 gave 1/4 where the symmetric
    difference gives 1/2, so steps proved by the chain rule and by the formula chained into a claim
    false at the kink (sigma'(U) = sigma'(sigma(U)) sigma'(U), U = 0 on every net of 3 inputs). The step
    function's value at 0 is now no number: a claim about it is neither proved nor refuted."""
    assert main(["verify", claim, "--activation", "relu", "--timeout", "60"]) == 3
    assert main(["verify", "sigma'(1) = 1", "--activation", "relu"]) == 0        # the controls: off the kink
    assert main(["verify", "sigma'(-1) = 1", "--activation", "relu"]) == 1
    capsys.readouterr()


def test_a_kink_has_no_number_so_it_is_no_counterexample(tmp_path, capsys):
    """The numbers at the kink were 0.5 against 0.25: the kernel confirmed them as a counterexample to
    what it had proved (a "kernel error" veto). At the kink both sides now have no value."""
    claim = f"sigma'({KINKED}) = sigma'(sigma({KINKED}))*sigma'({KINKED})"
    assert main(["evaluate", claim, "--activation", "relu", "--widths", "3,1", "--seed", "1"]) == 3
    assert "not a finite real number" in capsys.readouterr().out
    path = tmp_path / "kink.proof"
    path.write_text(f"# network: activation=relu\nclaim: {claim}\n"
                    f"  = d(sigma(sigma({KINKED})))/dz[2,1]   [by derivative]\n"
                    f"  = sigma'(sigma({KINKED}))*sigma'({KINKED})   [by derivative]\n")
    for widths in ([], ["--widths", "3,1"]):
        assert main(["check", str(path), *widths, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["problems"] == []
    # off the kink (a net of 4 inputs, where U is w^2_{14} x_4), the sides of H(U) = H(U)^2 have numbers
    square = f"sigma'({KINKED}) = sigma'({KINKED})^2"
    assert main(["evaluate", square, "--activation", "relu", "--widths", "3,1", "--seed", "1"]) == 3
    assert main(["evaluate", square, "--activation", "relu", "--widths", "4,1", "--seed", "1"]) == 0


@pytest.mark.parametrize("claim, code", [
    ("sum(k, (1-[k=j])*a[L,k])/(1 - a[L,j]) = 1", 3),       # true wherever the left side has a value (n_L >= 2)
    ("sum(k=2, n(L), a[L,k])/(1 - a[L,1]) = 1", 3),
    ("sum(k=2, n(L), a[L,k])/(1 - a[L,1]) = 2", 1),         # the control: false wherever it has a value
    ("dC/db[l,j] + 1/(1 - sigma(80)) = 2*delta[l,j] + 1/(1 - sigma(80))", 1),   # 1 - sigma(80) is 1.8e-35, not 0
])
def test_a_division_by_zero_that_an_empty_sum_hides_is_no_counterexample(claim, code, capsys):
    """On a net of one softmax output a^L_1 = 1, so the left side divides by 0; written out, its empty sum
    made it sympy's 0 (0 / 0 is 0 there), and 0 against 1 refuted a true claim (found by the chapter-3 red
    team of stop 27)."""
    assert main(["verify", claim, "--output", "softmax", "--cost", "log-likelihood", "--activation", "sigmoid",
                 "--timeout", "120"]) == code
    capsys.readouterr()


@pytest.mark.parametrize("argv", [
    ["sigma(z[2,1]) = z[2,1]", "--activation", "relu", "--widths", "2,3,2"],          # false only where z < 0
    ["dC/dw[3,1,2] = dC0/dw[3,1,2] + lambda/N*sgn(w[2,1,2])", "--regularization", "l1", "--widths", "2,2,2"],
])
def test_a_claim_false_at_part_of_a_concrete_nets_points_is_refuted(argv, capsys):
    """The search on a user's net tried one point, where every z was positive (and two weights had one
    sign): these were left undecided (found by the concrete-net red team of stop 27). It tries several."""
    assert main(["verify", *argv, "--timeout", "120"]) == 1
    assert main(["verify", "a[2,1] = sigma(z[2,1])", *argv[1:]]) == 0                 # the control
    capsys.readouterr()


@pytest.mark.parametrize("row, column", [("delta[l,j] + (z[l-1,1] - z[l-1,1])", 17), ("delta[l,j] + 0*a[l-2,1]", 18),
                                         ("delta[l,j] + sum(k, z[l-1,k]) - sum(k, z[l-1,k])", 25),
                                         ("delta[l,j] + sum(m=2, L, z[m-1,1]) - sum(m=2, L, z[m-1,1])", 25),
                                         ("delta[l,j] + sum(k=1, 5, z[l,k]) - sum(k=1, 5, z[l,k])", 25),
                                         ("delta[l,j] + sum(m=1, L, z[m,1]) - sum(m=1, L, z[m,1])", 25),
                                         # the same quantity is left, over another range (stop 30)
                                         ("delta[l,j] + sum(m=3, L, z[m-1,1]) + sum(m=2, L, z[m-1,1]) -"
                                          " sum(m=2, L, z[m-1,1])", 50),
                                         ("delta[l,j] + sum(m=2, L, sum(k=1, n(m), z[m,k])) + sum(m=1, L,"
                                          " sum(k=1, n(m), z[m,k])) - sum(m=1, L, sum(k=1, n(m), z[m,k]))", 79)])
def test_a_quantity_that_cancels_as_it_is_read_is_bad_input(tmp_path, capsys, row, column):
    """sympy cancels as it reads: the step was checked, and printed, as delta, so whether z^{l-1}_1 exists
    where it is used (not at l = 2) was never asked (found by the document red team of stop 27)."""
    path = tmp_path / "cancel.proof"
    path.write_text(f"claim: dC/db[l,j] = delta[l,j]\n  = {row}   [by algebra]\n")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cancels as the formula is read" in err and err.count("\n") == 1
    assert main(["verify", "dC/db[l,j] = delta[l,j] + 0*a[l-2,1]"]) == 2     # the same in verify
    assert main(["verify", "dC/db[l,j] = delta[l,j]"]) == 0                   # the control
    assert main(["verify", "dC/db[l,j] + sum(k, z[l-1,k]) = delta[l,j] + sum(k, z[l-1,k])"]) == 0    # a sum kept
    assert main(["verify", "dC/db[l,j] + sum(m=3, L, z[m-1,1]) + sum(m=3, L, z[m-1,1]) - sum(m=3, L, z[m-1,1])"
                 " = delta[l,j] + sum(m=3, L, z[m-1,1])"]) == 0          # the same quantities over the same range
    capsys.readouterr()


# --- found at stop 28 -----------------------------------------------------------------------
@pytest.mark.parametrize("claim, control", [
    ("delta[l,j]*b[l-2,1] = sigma'(z[l,j])*(a[l,j]-y[j])*b[l-2,1]",     # BP1 off the last layer
     "delta[l,j]*b[l-2,1] = dC/dz[l,j]*b[l-2,1]"),
    ("a[l-3,k]*b[l,1] = x[k]*b[l,1]", "a[l-3,k]*b[l,1] = [l=4]*x[k]*b[l,1] + [5<=l]*a[l-3,k]*b[l,1]"),
    ("dC/dw[l-2,j,k]*b[l,1] = x[k]*delta[l-2,j]*b[l,1]", "dC/dw[l-2,j,k]*b[l,1] = a[l-3,k]*delta[l-2,j]*b[l,1]"),
    ("sum(k=6, n(l), b[l,k]) = 0", "sum(k=6, n(l), 2*b[l,k]) = 2*sum(k=6, n(l), b[l,k])"),   # a sum of 0 is 0
    ("sum(m=6, L, b[m,1]) = 0", "sum(m=6, L, 2*b[m,1]) = 2*sum(m=6, L, b[m,1])"),            # over any range
])
def test_the_sample_nets_reach_the_layers_and_sums_a_claim_names(claim, control, capsys):
    """A claim naming l and l-2 has l >= 4: on nets of 4 layers only l = L was tried, so what fails below
    L was never seen; a sum from 6 was empty on every sample net (at most 5 wide, 4 deep). These false
    claims were left undecided (found by the index-level red team of stop 28); the nets now reach them.
    The sums' controls were undecided too: their difference is a sum of 0 over a range that may be empty,
    which the normal form kept."""
    assert main(["verify", claim, "--timeout", "120"]) == 1
    assert main(["verify", control, "--timeout", "120"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("argv", [
    ["sgn(1 - sigma(1000*(1+b[2,1]^2))) = 1", "--widths", "2,3,2", "--activation", "sigmoid"],
    ["sgn(1 - sigma(exp(10)*(1+b[l,j]^2))) = 1", "--activation", "sigmoid"],
    ["sgn(log(1+exp(-exp(10)*(1+b[2,1]^2)))) = 1", "--widths", "2,3,2"],
])
def test_a_jump_within_rounding_of_zero_has_no_number_so_it_is_no_counterexample(argv, capsys):
    """1 - sigma(1090) is 1e-474, but exactly 0 at 40, 80 and 120 digits alike, so sgn of it was 0 at every
    precision and a true claim was refuted (found by the concrete-net red team of stop 28). sgn, like the
    step function, has no number within rounding of its jump."""
    assert main(["verify", *argv, "--timeout", "120"]) == 3
    false = [argv[0].replace(") = 1", ") = -1").replace("1000*", "10*").replace("exp(10)*", "10*")]
    assert main(["verify", *false, *argv[1:], "--timeout", "120"]) == 1     # the control: off the jump
    capsys.readouterr()


@pytest.mark.parametrize("claim", ["dC/db[l,j] = delta[l,j] + exp(exp(exp(exp(4))))",
                                   "C + e^{e^{e^{e^4}}} = 0", "dC/db[l,j] = delta[l,j] + b[l,j]*exp(exp(exp(4)))"])
def test_a_number_beyond_every_evaluator_is_bad_input(claim, tmp_path, capsys):
    """Printing the verdict ordered the terms of a sum, which evaluates their numbers: e^(e^(e^(e^4)))
    ran for hours, outside every time budget (found by the concrete-net red team of stop 28)."""
    assert main(["verify", claim, "--timeout", "10"]) == 2
    assert "beyond reckoning" in capsys.readouterr().err
    path = tmp_path / "huge.proof"
    path.write_text(f"claim: {claim}\n")
    assert main(["check", str(path)]) == 2
    assert main(["verify", "dC/db[l,j] = delta[l,j] + exp(exp(4))", "--timeout", "60"]) == 1   # the control
    capsys.readouterr()


@pytest.mark.parametrize("quantity", ["b[l,j]", "z[l,j]", "a[l,j]", "delta[l,j]", "dC/db[l,j]", "sigma(z[l,j])", "C"])
def test_the_absolute_value_of_an_exponential_is_read_as_it(quantity, capsys):
    """sympy writes |e^t| as e^(re(t)) for a t it does not know to be real: the claim printed re(...), which
    derive does not read back, a false claim was left undecided and evaluate ended in an internal error
    (found by the round-trip red team of stop 28). Every quantity is real: |e^t| is e^t."""
    assert parse_expression(f"abs(exp({quantity}))") == parse_expression(f"exp({quantity})")
    assert parse_expression(f"|2*exp({quantity})*x[1]|") == parse_expression(f"2*exp({quantity})*abs(x[1])")
    capsys.readouterr()


def test_a_claim_with_the_absolute_value_of_an_exponential_gets_its_verdict(capsys):
    assert main(["verify", "abs(exp(b[l,j])) = 2*exp(b[l,j])"]) == 1
    assert main(["evaluate", "abs(exp(b[l,j])) = exp(b[l,j])", "--widths", "3,4,5", "--at", "l=2,j=1"]) == 0
    assert main(["verify", "dC/db[l,j]*abs(exp(b[l,j])) = delta[l,j]*abs(exp(b[l,j]))"]) == 0     # the control
    out = capsys.readouterr().out
    assert "re(" not in out and "re\\left(" not in out


@pytest.mark.parametrize("claim, true", [
    (r"\frac{\partial}{\partial a^L_j}\left(\frac12{(a^L_j - y_j)}^2\right) = \frac{1}{2}(a^L_j - y_j)",
     r"\frac{\partial}{\partial a^L_j}\left(\frac12{(a^L_j - y_j)}^2\right) = a^L_j - y_j"),
    (r"\frac12{\delta^l_j}^2 = \frac{1}{4}(\delta^l_j)^2", r"\frac12{\delta^l_j}^2 = \frac{1}{2}(\delta^l_j)^2"),
    (r"\frac12 N^2 b^l_j = \frac{N^2}{4} b^l_j", r"\frac12 N^2 b^l_j = \frac{N^2}{2} b^l_j"),
])
def test_a_power_after_frac12_raises_the_factor_alone_as_tex_sets_it(claim, true, capsys):
    """\\frac12{X}^2 was read (X/2)^2: the factor after \\frac12 was taken into the fraction, so these false
    claims were PROVED (found by the red team of stop 28 in this stop's own \\frac1N). TeX takes one token
    for each argument of \\frac; what follows is a factor of its own."""
    assert main(["verify", claim, "--regularization", "l2", "--timeout", "120"]) == 1
    assert main(["verify", true, "--regularization", "l2", "--timeout", "120"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("argv", [
    ["verify", "sgn(exp(365)*(log(exp(b[l,j])) - b[l,j]) + 1) = 1"],
    ["evaluate", "sgn(exp(300)*(log(exp(b[2,1])) - b[2,1]) + 1) = 1", "--widths", "2,3,2", "--seed", "186"],
])
def test_a_jump_of_an_argument_that_rounding_moves_is_no_counterexample(argv, capsys):
    """log(e^b) - b is 0, but e^365 times its rounding is -1e117 at 40 digits, -1e77 at 80, -1e37 at 120: sgn
    of it was -1 at every precision, and a true claim was refuted (found by the red team of stop 28). The
    argument of a jump must settle with the digits, as the difference must."""
    assert main([*argv, "--timeout", "120"]) in (0, 3)
    assert main(["verify", "sgn(b[l,j]^2 + 1) = -1"]) == 1                  # the control: a settled argument
    capsys.readouterr()


@pytest.mark.parametrize("bound", [l, Symbol("m", integer=True)])
def test_the_chain_rule_reads_a_sum_by_its_own_index_not_by_a_free_one_of_the_same_name(bound):
    """A layer sum binding the name of the free l: the chain rule's path differentiated inside it without
    fresh bound names, so dz^2_1/db^l_1 was decided on the free l's range (l >= 3) and the sum, which is 1,
    taken as 0: a false step citing the chain rule was PROVED (found by the kernel red team of stop 28;
    built in code, since the parser refuses sum(l=...))."""
    inner = Sum(Partial(z[2, 1], b[bound, 1]), (bound, 2, L))          # only the term at layer 2 moves z^2_1
    rhs = b[l - 1, 1] * delta[l, 1]
    lhs = b[l - 1, 1] * Partial(C, b[l, 1]) + inner
    domain = infer_domain(lhs, rhs)
    assert Kernel(Network()).step(Step(lhs, rhs, "chain-rule"), domain).status != "proved"
    control = Kernel(Network()).step(Step(lhs - inner, rhs, "chain-rule"), domain)
    assert control.status == "proved"


@pytest.mark.parametrize("name, text", [
    ("power.tex", "\\documentclass{article}\n\\begin{document}\n\\[ N^31 = N^30 N \\]\n\\end{document}\n"),
    ("power.md", "$$ e^10 = e^5 e^5 $$\n"),
    ("indexed.tex", "\\begin{document}\n\\[ b[l,j]^21 = b[l,j]^20 b[l,j] \\]\n\\end{document}\n"),
])
def test_a_display_is_read_as_tex_sets_it_even_when_it_looks_like_ascii(name, text, tmp_path, capsys):
    """A display row with no backslash, _ or { was read by the ASCII rule, ^31 a power, where TeX shows ^3
    followed by 1: N^3 1 = N^3 0 N was PROVED (found by the red team of stop 28)."""
    path = tmp_path / name
    path.write_text(text)
    assert main(["check", str(path)]) == 2
    assert "TeX reads ^" in capsys.readouterr().err
    path.write_text(text.replace("^31", "^{31}").replace("^30", "^{30}").replace("^10", "^{10}")
                    .replace("^5", "^{5}").replace("^21", "^{21}").replace("^20", "^{20}"))
    assert main(["check", str(path)]) == 0                                       # the control, braced
    capsys.readouterr()


@pytest.mark.parametrize("claim, control", [
    ("{1}2 b^l_j = 2 b^l_j", "{1}\\cdot 2 b^l_j = 2 b^l_j"),              # TeX shows 12 b = 2 b
    ("2{5} b^l_j = 10 b^l_j", "2\\cdot{5} b^l_j = 10 b^l_j"),            # 25 b = 10 b
    ("{2}{5} b^l_j = 10 b^l_j", "{2}\\cdot{5} b^l_j = 10 b^l_j"),
    ("2\\frac12 b^l_j = b^l_j", "2 \\cdot \\frac12 b^l_j = b^l_j"),        # 2½ b = b
    ("\\frac{2 b^l_j}\\,2 = b^l_j", "\\frac{2 b^l_j}2 = b^l_j"),          # TeX takes \, for the denominator
    ("\\frac1\\,2 N = N/2", "\\frac12 N = N/2"),
    ("\\lambdaN = N\\lambda", "\\lambda N = N\\lambda"),                  # \lambdaN is no command of TeX's
    ("2\\timesN = 2N", "2\\times N = 2N"),
])
def test_what_tex_shows_otherwise_is_bad_input(claim, control, capsys):
    """Each claim was PROVED as derive read it, while TeX shows another formula, false (found by the red team
    of stop 28 in this stop's own TeX readings): braces are invisible, so {1}2 is 12; a number before a
    fraction of numbers is a mixed number; \\\\frac takes a spacing command for an argument; a command's
    letters run to the last one."""
    assert main(["verify", claim]) == 2
    assert main(["verify", control]) == 0
    capsys.readouterr()


def test_a_relu_jump_of_an_argument_that_rounding_moves_is_no_counterexample(capsys):
    """relu's sigma' is the step function inside sigma', where the settling of jumps did not look: a true
    claim was refuted (found by the red team of stop 28)."""
    claim = "sigma'(exp(365)*(log(exp(b[l,j])) - b[l,j]) + 1) = sigma'(1)"
    assert main(["verify", claim, "--activation", "relu", "--timeout", "120"]) in (0, 3)
    assert main(["verify", "sigma'(b[l,j]^2 + 1) = 0", "--activation", "relu"]) == 1        # the control
    capsys.readouterr()


# --- found at stop 29 -----------------------------------------------------------------------
@pytest.mark.parametrize("claim", [
    r"\sum_{N=1}^{n_l} N a^l_N = \frac{1}{n_l} \sum_{k=1}^{n_l} a^l_k \sum_{N=1}^{n_l} N",
    "sum(C=1, n(l), C*a[l,C]) = 1/n(l)*sum(k=1, n(l), a[l,k]*sum(C=1, n(l), C))",
    "\\sum_{\u03bb=1}^{n_l} \u03bb a^l_\u03bb = \\frac{1}{n_l} \\sum_{k=1}^{n_l} a^l_k \\sum_{\u03bb=1}^{n_l} \u03bb",
    r"\sum_{N=1}^{2} N = 3",                                # true as written, and was refuted
])
def test_a_sum_index_that_is_also_a_constant_is_bad_input(claim, capsys):
    """A sum over N, C or a Unicode λ read the letter in its term as the constant N, the cost C or λ, while
    TeX and derive's own printout show the index: Σ_k k a_k = (n+1)/2 Σ_k a_k was PROVED as N Σ a = N Σ a
    (found by the printing red team of stop 29)."""
    assert main(["verify", claim]) == 2
    assert "index" in capsys.readouterr().err
    assert main(["verify", r"\sum_{i=1}^{n_l} a^l_i = \sum_{k=1}^{n_l} a^l_k"]) == 0          # the control
    capsys.readouterr()


@pytest.mark.parametrize("claim, options", [
    ("exp(400)*abs(1-sigma(400+z[l,j])) = exp(400)*abs(sigma(-400-z[l,j]))", ["--activation", "sigmoid"]),
    ("exp(300)*abs(log(exp(exp(-300)*b[l,j]))) = abs(b[l,j])", []),
    ("exp(300)*abs(tanh(exp(-300)*b[l,j])) = exp(300)*abs((exp(2*exp(-300)*b[l,j])-1)/(exp(2*exp(-300)*b[l,j])+1))",
     []),
])
def test_a_value_that_rounds_to_its_limit_at_every_precision_is_no_counterexample(claim, options, capsys):
    """1 - sigma(400) is exactly 0 at 40, 80 and 120 digits, and so is e^(1e-130) - 1: the digits settled on
    a difference that rounding made, and true identities were refuted (found by the numbers red team of stop
    29). The kernel now adds the digits such arguments need."""
    assert main(["verify", claim, *options, "--timeout", "120"]) in (0, 3)
    false = claim.replace(" = ", " = 1.0001*", 1)
    assert main(["verify", false, *options, "--timeout", "120"]) == 1                     # the control
    capsys.readouterr()


def test_evaluate_has_the_digits_of_the_kernel(capsys):
    """The central difference of sigma at 400 rounded to 0: evaluate said the sides of a PROVED claim differ."""
    claim = "exp(400)*d(sigma(400+b[l,j]))/db[l,j] = exp(400)*sigma'(400+b[l,j])"
    options = ["--activation", "sigmoid", "--widths", "3,4,5", "--at", "l=2,j=1"]
    assert main(["verify", claim, "--activation", "sigmoid"]) == 0
    assert main(["evaluate", claim, *options]) == 0
    assert main(["evaluate", claim.replace(" = ", " = 1.0001*"), *options]) == 1          # the control
    capsys.readouterr()


@pytest.mark.parametrize("reason", ["by algebra, as in BP3", "by algebra and BP3"])
def test_an_identity_named_beside_a_rule_that_plays_no_part_is_no_reason(reason, tmp_path, capsys):
    """--strict: naming any identity beside an algebra word let the step use the definitions, and the rule
    word counted as its reason (found by the derivations red team of stop 29)."""
    path = tmp_path / "launder.proof"
    path.write_text(f"claim: delta[l,j]*y[1] = dC/dz[l,j]*y[1]\n  = dC/dz[l,j]*y[1]   [{reason}]\n")
    assert main(["check", str(path), "--strict"]) == 1
    assert main(["check", str(path)]) == 0                                       # it holds
    path.write_text("claim: delta[l,j]*y[1] = dC/dz[l,j]*y[1]\n  = dC/dz[l,j]*y[1]   [by definition]\n")
    assert main(["check", str(path), "--strict"]) == 0                           # the control
    capsys.readouterr()


@pytest.mark.parametrize("suffix, old, new, strict", [
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule through a(L,k), k = 1..n(L)]", 1),
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule through z(l+1,k), k = 1..n(l+1)]", 1),
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]",
     "[by chain rule through the activations of layer l]", 1),
    (".tex", "chain rule through z(l,k), k = 1..n(l)", "chain rule through $a^L_k$", 1),
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule through $z_k^{l+1}$]", 1),   # round 3
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule through $\\mathbf{a}^{l}$]", 1),
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule via the outputs of layer l]", 1),
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule through the activations a(L,k)]", 1),
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule through a_{L,k}]", 1),     # round 4
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule through z(l + 0, k)]", 0),
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule through the weighted inputs of layer "
                                                              "$l + 0$]", 0),
    # the controls: the family the step goes through, however written; no family named
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule through z^l_k]", 0),
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by the chain rule through the weighted inputs of "
                                                              "layer l]", 0),
    (".proof", "[by chain rule through z(l,k), k = 1..n(l)]", "[by chain rule]", 0),
    (".tex", "chain rule through z(l,k), k = 1..n(l)", "chain rule through $z^l_k$, $k = 1, \\ldots, n_l$", 0),
])
def test_the_family_a_chain_rule_names_is_the_one_it_goes_through(suffix, old, new, strict, tmp_path, capsys):
    """--strict passed BP3 with 'chain rule through a(L,k)' on its step through z(l,k), the family a reason names
    being read as no part of it (the check red team of stop 49): the kernel now tries the chain rule through the
    family a step names, and the step holds, but not by its reason, when it does not go through it."""
    path = tmp_path / f"bp3{suffix}"
    if suffix == ".proof":
        path.write_text((PROOFS / "bp3.proof").read_text())
    else:
        assert main(["export", str(PROOFS / "bp3.proof"), "-o", str(path)]) == 0
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert ("holds, but not by the reason given" in capsys.readouterr().out) == bool(strict)
    assert main(["check", str(path), "--strict"]) == strict
    assert ("but not by chain rule through the" in capsys.readouterr().out) == bool(strict)


def test_a_chain_rule_the_definitions_show_holds_by_its_named_family(tmp_path, capsys):
    """dC/dw^L_{jk} = dC/da^L_j da^L_j/dw^L_{jk}, 'chain rule through a(L,j)', failed --strict (the check red team of
    stop 49, round 4): the definitions show the step without the chain rule, and the kernel, told to go through a^L
    alone, found no sum over it to write. A step the definitions show holds by its reason, as a chain rule with no
    family named does."""
    path = tmp_path / "out.proof"
    path.write_text("claim: dC/dw[L,j,k] = a[L-1,k]*delta[L,j]\n"
                    "  = dC/da[L,j]*da[L,j]/dw[L,j,k]   [by chain rule through a(L,j)]\n"
                    "  = dC/da[L,j]*a[L-1,k]*sigma'(z[L,j])   [by derivative of the definition]\n"
                    "  = a[L-1,k]*delta[L,j]   [by BP1]\n")
    assert main(["check", str(path), "--strict"]) == 0
    capsys.readouterr()


def test_a_chain_rule_through_one_samples_nodes_is_one(capsys):
    """The engine's chain rule through a^L_{ks}, k = 1..n_L, for a node of sample s held (by rewriting), but not by the
    chain rule, which the kernel tried through every sample's nodes: it goes through the sample's own."""
    assert main(["prove", "bp1-general", "--batch", "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "chain rule through a^L_{ks}" in out and "by the chain rule through the activations of layer L" in out
    assert "not by the reason" not in out


def test_the_row_after_a_given_line_of_one_expression_needs_a_reason(tmp_path, capsys):
    """--strict: a `given:` line with one expression made the row after it its own equality, exempt from a
    reason (found by the derivations red team of stop 29)."""
    proof = ("claim: dC/db[l,j] = delta[l,j]\n  = sum(k=1, n(l), delta[l,k]*[j=k])   [by chain rule]\n"
             "  = delta[l,j]   [by Kronecker]\ngiven: dC/dw[l,j,k]\n  = a[l-1,k]*delta[l,j]{}\n")
    path = tmp_path / "given.proof"
    path.write_text(proof.format(""))
    assert main(["check", str(path), "--strict"]) == 1
    path.write_text(proof.format("   [by chain rule]"))
    assert main(["check", str(path), "--strict"]) == 0                           # the control
    capsys.readouterr()


def test_a_claim_cannot_be_changed_after_the_kernel_proved_it():
    """An Identity was a plain dataclass: changed after its verdict, the kernel's lemma changed with it,
    and a false claim was PROVED by citing it (found by the API red team of stop 29)."""
    proof = prove("bp3", GENERIC, kernel=kernel_for(GENERIC))
    with pytest.raises(dataclasses.FrozenInstanceError):
        proof.identity.rhs = 2 * delta[l, j]
    assert proof.identity.rhs == delta[l, j] and proof.proved


@pytest.mark.parametrize("name", ["_p2", "_c_p1", "_b0"])
def test_an_index_named_as_the_kernel_names_its_own_is_refused(name):
    """The kernel renames bound indices _p1, _p2, ... and the chain rule's _c_p1: a free index of the same
    name was captured, and sum_k a_{_p2} a_k = sum_k a_k^2 was PROVED (found by the API red team of stop 29)."""
    index = Symbol(name, integer=True)
    for named, proved in ((index, False), (j, False)):
        lhs, rhs = Sum(a[l, named] * a[l, k], (k, 1, n(l))), Sum(a[l, k] ** 2, (k, 1, n(l)))
        claim = Identity("cap", "cap", lhs, rhs, (Tuple(l, 2, L), Tuple(named, 1, n(l))))
        verdict = Kernel(GENERIC).check(claim, [Chain((Step(lhs, rhs, "algebra"),), lhs)])
        assert verdict.proved is proved, (name, named, verdict.status)
    lhs, rhs = Sum(a[l, j] * a[l, k], (k, 1, n(l))), a[l, j] * Sum(a[l, k], (k, 1, n(l)))
    claim = Identity("control", "control", lhs, rhs, (Tuple(l, 2, L), Tuple(j, 1, n(l))))
    assert Kernel(GENERIC).check(claim, [Chain((Step(lhs, rhs, "algebra"),), lhs)]).proved      # the control


def test_a_claims_domain_is_sympys_whatever_the_caller_gave():
    """A domain of plain ints made the check of reserved names raise AttributeError, and a list as the
    domain could be widened after the proof (found by the red team of stop 29 on its own fixes)."""
    claim = Identity("bp3", "bp3", Partial(C, b[l, j]), delta[l, j], [[l, 2, L], [j, 1, n(l)]])
    assert claim.domain == ALL_LAYERS and isinstance(claim.domain, tuple)
    lhs, rhs = Partial(C, b[2, 1]), delta[2, 1]
    concrete = Identity("bp3 at 2, 1", "bp3", lhs, rhs, ())
    assert kernel_for(GENERIC).check(concrete, [Chain((Step(lhs, rhs, "chain-rule"),), lhs)]).proved


def test_a_kronecker_delta_collapses_only_onto_a_whole_number():
    """sum_k [k = j/2] = 1 was PROVED by the collapse: at odd j no whole k is j/2 (found by the API red team
    of stop 29)."""
    domain = (Tuple(l, 2, L), Tuple(j, 2, n(l)))
    for other, proved in ((j / 2, False), (j, True), (2 * j, False)):
        lhs, rhs = Sum(KroneckerDelta(k, other), (k, 1, n(l))), Integer(1)
        claim = Identity("half", "half", lhs, rhs, domain)
        verdict = Kernel(GENERIC).check(claim, [Chain((Step(lhs, rhs, "kronecker"),), lhs)])
        assert verdict.proved is proved, (other, verdict.status)
    half = Sum(KroneckerDelta(k, 2 * j), (k, 1, n(l)))            # [2j <= n_l], a whole number
    claim = Identity("double", "double", half, guard(2 * j <= n(l)), domain)
    assert Kernel(GENERIC).check(claim, [Chain((Step(half, guard(2 * j <= n(l)), "kronecker"),), half)]).proved


def test_a_step_built_by_hand_prints_without_its_rules_particulars():
    """A chain-rule or Kronecker step without `detail` was checked, then every printer raised KeyError
    (found by the API red team of stop 29)."""
    lhs, rhs = Sum(KroneckerDelta(k, j) * b[l, k], (k, 1, n(l))), b[l, j]
    claim = Identity("collapse", "collapse", lhs, rhs, ALL_LAYERS)
    chains = [Chain((Step(lhs, rhs, "kronecker"),), lhs)]
    verdict = kernel_for(GENERIC).check(claim, chains)
    proof = derive.api.Proof(claim, chains, verdict, GENERIC)
    assert verdict.proved and "Kronecker" in proof._repr_markdown_() and proof._repr_latex_()


P8 = "*".join(f"w[{m},{p},{q}]" for m in (2, 3) for p in (1, 2) for q in (1, 2))      # about 1e-3 at seed 100


@pytest.mark.parametrize("claim, options", [
    (f"sqrt(sqrt(1+({P8})^64) - 1)/({P8})^32 = 1/sqrt(sqrt(1+({P8})^64)+1)", ["--batch"]),
    (f"tanh(log(1+({P8})^64)/2)/({P8})^64 = 1/(2+({P8})^64)", []),
])
def test_a_term_a_sum_absorbs_is_no_counterexample(claim, options, capsys):
    """1 + P^64 is exactly 1 at 40, 80 and 120 digits when P^64 is 1e-191: true identities that divide by
    P^64 were refuted, left 0 and right 0.7 (found by the red team of stop 29 on this stop's digits)."""
    assert main(["verify", claim, *options, "--timeout", "120"]) in (0, 3)
    false = claim.replace(" = ", " = 2*", 1)
    assert main(["verify", false, *options, "--timeout", "120"]) == 1                     # the control
    capsys.readouterr()


def test_a_saturated_term_that_only_adds_keeps_the_counterexample(capsys):
    """tanh(10000) - 1 needs more digits than the kernel adds, and it disabled every counterexample: a false
    claim that was refuted became undecided, though the term changes nothing (found by the same red team)."""
    assert main(["verify", "dC/db[l,j] = 2*delta[l,j] + tanh(10000) - 1"]) == 1
    assert main(["verify", "dC/db[l,j] = delta[l,j] + 0*(tanh(10000) - 1)"]) == 0       # the control
    capsys.readouterr()


@pytest.mark.parametrize("claim, control", [
    (r"(b^2_1)^\,12 = (b^2_1)^{12}", r"(b^2_1)^{12} = (b^2_1)^{12}"),        # TeX shows (b^2_1) 12
    (r"z^2_\,12 = 2 z^2_1", r"z^2_{1} \cdot 2 = 2 z^2_1"),
])
def test_a_spacing_command_as_a_script_is_bad_input(claim, control, capsys):
    """TeX takes \\, for the script, and the digits after it for a factor: the power 12 was read (found by
    the same red team: the rule for two-digit scripts did not see past the space)."""
    assert main(["verify", claim]) == 2
    assert main(["verify", control]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("window", ["([2<=M]-[3<=M])*delta[l,j,1]", "([4<=M]-[5<=M])*b[l,j]",
                                    "(H(M-3/2) - H(M-5/2))*b[l,j]", "(1 - abs(M-2))*b[l,j]"])
def test_a_batch_claim_false_at_one_small_batch_is_refuted(window, capsys):
    """The numbers tried the largest batch and the smallest the domain allows: a guard that is 1 at M = 2
    alone left a false claim undecided (found by the concrete-net red team of stop 29)."""
    bp3 = "dC/db[l,j] = (1/M)*sum(s, delta[l,j,s])"
    assert main(["verify", f"{bp3} + {window}", "--batch"]) == 1
    assert main(["verify", bp3, "--batch"]) == 0                                  # the control
    capsys.readouterr()


# --- found at stop 30 -----------------------------------------------------------------------
@pytest.mark.parametrize("claim, option", [("dC/db[l,j] = delta[l,j]", ["--batch"]),
                                           ("dC/db[l,j] = sum(s=1, M, delta[l,j,s])/M", [])])
def test_a_claim_the_network_does_not_have_is_bad_input_in_check_as_in_verify(claim, option, tmp_path, capsys):
    """A claim naming what its network lacks (no sample index on a mini-batch net, M on a net of one input)
    was REFUTED by check, where verify says bad input (found by the document red team of stop 30)."""
    path = tmp_path / "claim.proof"
    path.write_text(f"claim: {claim}\n  = {claim.split(' = ', 1)[1]}\n")
    assert main(["verify", claim, *option]) == 2
    capsys.readouterr()
    assert main(["check", str(path), *option]) == 2
    err = capsys.readouterr().err
    assert "line 1: the claim has no meaning on this network" in err and err.count("\n") == 1
    other = [] if option else ["--batch"]
    assert main(["check", str(path), *other]) == 0                          # the control: its own network
    bare = tmp_path / "chain.proof"                 # no claim line: the chain's ends are its claim (stop 30)
    bare.write_text(f"{claim.split(' = ')[0]}\n  = {claim.split(' = ', 1)[1]}   [by chain rule]\n")
    assert main(["check", str(bare), *option]) == 2
    assert main(["check", str(bare), *other]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("claim", ["dC/db[l,j] = delta[l,j]*sgn(n(L+1))", "dC/db[l,j] = [1<=n(L+1)]*delta[l,j]",
                                   "dC/db[l,j] = delta[l,j] + 0*n(L+1)", "dC/db[l,j] = delta[l,j]*H(n(L+1))",
                                   "dC/db[l,j] = delta[l,j]*n(0)^0", "dC/db[l,j] = delta[l,j]*sgn(n(l-5))",
                                   "dC/db[l,j] + 0*n(l+1) = delta[l,j]",
                                   r"\frac{\partial C}{\partial b^l_j} = \operatorname{sgn}(n_{L+1}) \delta^l_j"])
def test_a_width_that_cancels_as_it_is_read_is_bad_input(claim, capsys):
    """sympy reads sgn(n), H(n) and [1 <= n] as 1 and 0 n as 0: n_{L+1}, which no network has, was dropped
    and the claim PROVED; n_{l+1} dropped widened the claim to l = L (found by the index-level red team
    of stop 30)."""
    assert main(["verify", claim]) == 2
    assert "cancels as the formula is read" in capsys.readouterr().err
    assert main(["verify", "dC/db[l,j] = delta[l,j]*n(l+1)/n(l+1)"]) == 2            # the same for n/n
    assert main(["verify", "dC/db[l,j] = delta[l,j]*n(L)/n(L)*sgn(n(2))"]) == 0     # widths every net has
    kept = "dC/db[l,j] = delta[l,j]*sum(k=1, n(l+1), 1)/n(l+1)"     # the control: it stays as it is read (l < L),
    assert infer_domain(*parse_identity(kept))[0] == (l, 2, L - 1)
    assert main(["verify", kept]) == 2                # and as a factor of 1 that narrows the claim it is bad input
    assert "a factor of 1" in capsys.readouterr().err  # (stop 46)


def test_a_width_kept_keeps_its_layer_out_of_the_domain(capsys):
    """Hidden layers are elementwise under a softmax output: true for l < L, which n_{l+1} says; the width
    read as 1 made the claim one for l = L too, and it was REFUTED there (same red team)."""
    options = ["--output", "softmax", "--cost", "log-likelihood"]
    assert main(["verify", "dC/dz[l,j] = sgn(n(l+1))*dC/da[l,j]*sigma'(z[l,j])", *options]) == 2
    assert main(["verify", "dC/dz[l,j] = dC/da[l,j]*sigma'(z[l,j])*sum(k=1, n(l+1), 1)/n(l+1)", *options]) == 2
    assert "a factor of 1" in capsys.readouterr().err      # a factor of 1 that narrows the claim (stop 46)
    assert main(["verify", "dC/dz[l,j] = dC/da[l,j]*sigma'(z[l,j])", *options]) == 1     # false at l = L
    capsys.readouterr()


TANH_TAIL = "exp(90)*abs(1 - tanh(50+b[l,j]))", "2*exp(90)/(exp(100+2*b[l,j])+1)"     # true: 1 - tanh(u) = 2/(e^2u + 1)


@pytest.mark.parametrize("lhs, rhs, options", [
    ("exp(800)*sigma'(400+b[l,j])", "exp(800)*(sigma'(200+b[l,j]/2)/(2 - sigma'(200+b[l,j]/2)))^2",
     ["--activation", "tanh", "--output", "softmax", "--cost", "log-likelihood"]),          # sech^2 t = (...)^2
    ("exp(800)*abs(1 - tanh(400+b[l,j])^2)",
     "exp(800)*(abs(1 - tanh(200+b[l,j]/2)^2)/(2 - abs(1 - tanh(200+b[l,j]/2)^2)))^2", ["--batch"]),
    ("exp(2000)*abs(sigma'(exp(-1000)*b[l,j]) - 1)", "exp(2000)*tanh(exp(-1000)*b[l,j])^2",
     ["--activation", "tanh", "--output", "softmax", "--cost", "log-likelihood"]),
])
def test_a_value_of_the_second_order_gets_its_digits(lhs, rhs, options, capsys):
    """1 - tanh(t)^2 is 4e^(-2t), and 1 - sech^2(e) is e^2: the kernel gave them the digits of the first order
    (|t|/ln 10, -log10 e), so they were exactly 0 at every precision it tried, and true identities were
    REFUTED (found by the concrete-net red team of stop 30)."""
    claim = f"{TANH_TAIL[0]} + {lhs} = {TANH_TAIL[1]} + {rhs}"
    assert main(["verify", claim, *options, "--timeout", "120"]) in (0, 3)
    assert main(["verify", f"{TANH_TAIL[0]} = {TANH_TAIL[1]} + 1", *options]) == 1      # the control: false
    capsys.readouterr()


@pytest.mark.parametrize("claim, wrong, options", [
    ("C = 1/2*(y[1]-a[3,1])^2", "C = (y[1]-a[3,1])^2", ["--widths", "2,2,1"]),
    ("C = -y[1]*log(a[2,1]) - y[2]*log(a[2,2])", "C = -y[1]*log(a[2,1])",
     ["--output", "softmax", "--cost", "log-likelihood", "--widths", "2,2"]),
    ("C = C0 + lambda/(2*N)*(w[2,1,1]^2 + w[2,1,2]^2)", "C = C0 + lambda/(2*N)*w[2,1,1]^2",
     ["--regularization", "l2", "--widths", "2,1"]),
])
def test_the_cost_written_out_on_a_concrete_net_is_proved(claim, wrong, options, capsys):
    """The graph compared dC/dq but never wrote C itself: the cost of a [2,1] net, written out, was
    UNDECIDED while its index-level form was PROVED (found by the concrete-net red team of stop 30)."""
    assert main(["verify", claim, *options]) == 0
    assert main(["verify", wrong, *options]) == 1          # the control: a term or a factor wrong
    capsys.readouterr()


def _api_verdict(lhs, rhs, domain, rule="algebra", network=None):
    network = network or Network()
    claim = Identity("claim", "claim", lhs, rhs, domain)
    return kernel_for(network).check(claim, [Chain((Step(lhs, rhs, rule),), lhs)]).status


@pytest.mark.parametrize("foreign", [Symbol("C", positive=True), Symbol("C", real=True), Dummy("C")])
def test_a_cost_symbol_that_is_not_derives_proves_nothing(foreign):
    """A Symbol named C with an assumption is another symbol: the kernel took it for a constant and PROVED
    dC/db = 0, printed as derive's ∂C/∂b^l_j = 0 (found by the API red team of stop 30)."""
    domain = (Tuple(l, 2, L), Tuple(j, 1, n(l)))
    assert _api_verdict(Partial(foreign, b[l, j]), Integer(0), domain, "definition") == "undecided"
    assert _api_verdict(Partial(C, b[l, j]), Integer(0), domain, "definition") == "refuted"      # derive's C
    assert _api_verdict(Partial(C, b[l, j]), delta[l, j], domain, "chain-rule") == "proved"    # the control


@pytest.mark.parametrize("free", [Symbol("k", integer=True, positive=True), Symbol("k"), Dummy("k", integer=True)])
def test_an_index_that_prints_as_another_proves_nothing(free):
    """A free k that is not the sum's k printed as Σ_k a^l_k = n_l a^l_k, which is false, while the kernel
    proved a sum of a constant (same red team)."""
    lhs, rhs = Sum(a[l, free], (k, 1, n(l))), n(l) * a[l, free]
    assert _api_verdict(lhs, rhs, (Tuple(l, 2, L), Tuple(free, 1, n(l)))) == "undecided"
    control = Sum(a[l, k] * a[l, j], (k, 1, n(l))), a[l, j] * Sum(a[l, k], (k, 1, n(l)))
    assert _api_verdict(*control, (Tuple(l, 2, L), Tuple(j, 1, n(l)))) == "proved"


def test_derives_names_on_other_objects_prove_nothing():
    """A batch size, a weight base or an activation named as derive's but not derive's (same red team: a
    foreign M REFUTED the true mini-batch BP3)."""
    from sympy import Function, IndexedBase
    domain = (Tuple(l, 2, L), Tuple(j, 1, n(l)))
    bp3 = lambda size: (Partial(C, b[l, j]), Sum(delta[l, j, s], (s, 1, size)) / size)     # noqa: E731
    batch = Network(batch=True)
    assert _api_verdict(*bp3(Symbol("M", positive=True)), domain, "chain-rule", batch) == "undecided"
    assert _api_verdict(*bp3(M), domain, "chain-rule", batch) == "proved"                 # the control
    assert _api_verdict(IndexedBase("w")[l, j, 1], w[l, j, 1], domain + (Tuple(Integer(1), 1, n(l - 1)),)) == "undecided"
    assert _api_verdict(Function("sigma")(z[l, j]), a[l, j], domain, "definition") == "undecided"
    assert _api_verdict(sigma(z[l, j]), a[l, j], domain, "definition") == "proved"


@pytest.mark.parametrize("claim, options", [
    ("dC/db[l,j] + sum(k, z[3,k]) - sum(k, z[3,k]) = delta[l,j]", ["--widths", "3,4"]),    # no layer 3 there
    ("dC/db[l,j] + sum(k, z[3,k]) - sum(k, z[3,k]) = delta[l,j]", []),
    ("dC/db[l,j] + sum(k, w[l,k,j]) - sum(k, w[l,k,j]) = [1<=j<=n(l-1)]*delta[l,j]", []),     # j <= n_{l-1}
    ("dC/db[l,j] = delta[l,j] + sum(s, z[l,j,s]) - sum(s, z[l,j,s])", []),                  # a sample index
    ("dC/db[l,j] = delta[l,j] + M - M", []), ("dC/db[l,j] = delta[l,j]*sgn(M)", []),         # M without a batch
    (r"\delta^L = \Sigma'(z^L) \nabla_a C + 0 (w^{L+1})^T \delta^{L+1}", []),              # a vector: no layer L+1
    # the sum's range is another quantity's, a quantity of the other kind of network, M in a guard
    ("dC/db[l,j] + sum(k, a[l,k] + 0*z[L,k]) = delta[l,j] + sum(k, a[l,k])", []),
    ("dC/db[l,j] + sum(k, a[l,k] + 0*z[k,1]) = delta[l,j] + sum(k, a[l,k])", []),
    ("dC/db[l,j] = sum(s=1,M,delta[l,j,s])/M + 0*x[1]", ["--batch"]),
    (r"\frac{\partial C}{\partial w^l} = \delta^l (a^{l-1})^T + 0 \Delta^l (A^{l-1})^T", []),
    ("dC/db[l,j] = delta[l,j]*[1<=M]", []),
])
def test_a_quantity_of_a_sum_without_bounds_or_of_a_vector_that_cancels_is_bad_input(claim, options, capsys):
    """A sum without bounds runs over its index's own range, but the quantity's other indices may name what
    does not exist: z^3 on a net of two layers was PROVED, and REFUTED where the claim was true; so were M and
    vectors that cancel (found by the red team of stop 30 on this stop's cancellation check)."""
    assert main(["verify", claim, *options]) == 2
    assert "cancels as the formula is read" in capsys.readouterr().err
    assert main(["verify", "dC/db[l,j] + sum(k, a[L,k]) - sum(k, a[L,k]) = delta[l,j]"]) == 0   # every net has a^L_k
    capsys.readouterr()


def test_a_kronecker_delta_in_every_term_of_a_sum_collapses(capsys):
    """[s = t] in each term of an inner sum's body was not found, so the chain rule of a mini-batch softmax
    output (bp1-general) was UNDECIDED and `prove all --batch --output softmax` exited 3 (found by the
    chapter-3 red team of stop 30)."""
    lhs = "sum(s=1,M,sum(k=1,n(L),[s=t]*(y[k,s]+a[L,k,s]^2)))"
    assert main(["verify", f"{lhs} = sum(k=1,n(L),y[k,t]+a[L,k,t]^2)", "--batch"]) == 0
    assert main(["verify", f"{lhs} = sum(k=1,n(L),y[k,t]+a[L,k,t])", "--batch"]) == 1      # the control: false
    other = "sum(s=1,M,sum(k=1,n(L),[s=t]*y[k,s] + [s=2]*a[L,k,s]))"          # not one delta in every term
    assert main(["verify", f"{other} = sum(k=1,n(L),y[k,t]+a[L,k,t])", "--batch"]) == 1
    capsys.readouterr()


def test_a_steps_particulars_cannot_change_after_its_verdict():
    """Step is frozen, but its detail was a dict: [by bp1] could become [by bp2] beside the unchanged PROVED
    (found by the API red team of stop 30)."""
    proof = prove("bp1")
    step = next(s for s in proof.derivation.steps if s.detail)
    with pytest.raises(TypeError):
        step.detail["name"] = "bp2"
    assert dict(step.reversed().reversed().detail) == dict(step.detail)      # the control: a copy is made


def test_an_object_of_the_callers_own_class_proves_nothing():
    """A subclass of tanh renamed, whose derivative is 1, printed as tanh and was checked by its own fdiff
    (found by the red team of stop 30 on the API guard)."""
    from sympy import S, tanh

    class tanh2(tanh):
        def fdiff(self, argindex=1):
            return S.One
    domain = (Tuple(l, 2, L), Tuple(j, 1, n(l)))
    assert _api_verdict(Partial(tanh2(z[l, j]), z[l, j]), Integer(1), domain, "derivative") == "undecided"
    assert _api_verdict(Partial(tanh(z[l, j]), z[l, j]), 1 - tanh(z[l, j]) ** 2, domain, "derivative") == "proved"


def test_a_proof_says_numbers_agree_only_when_numbers_were_compared():
    """A kernel without evidence proved a step and the summary said "numbers agreeing" (found by the API
    red team of stop 30)."""
    from derive.printing import words
    from derive.printing.notation import text
    lhs, rhs = Partial(C, b[l, j]), delta[l, j]
    claim = Identity("claim", "claim", lhs, rhs, (Tuple(l, 2, L), Tuple(j, 1, n(l))))
    chains = [Chain((Step(lhs, rhs, "chain-rule"),), lhs)]
    bare, backed = Kernel(Network()).check(claim, chains), kernel_for(Network()).check(claim, chains)
    assert bare.proved and backed.proved
    from derive.printing.sentence import render
    assert "numbers agreeing" not in render(words.summary(bare), text)
    assert "numbers agreeing" in render(words.summary(backed), text)            # the control: evidence ran


# --- found at stop 31 -----------------------------------------------------------------------
DY_DA = """claim: dC/da[L,j] = a[L,j] - y[j]
= d(1/2*sum(k, (y[k] - a[L,k])^2))/da[L,j]  [by definition]
= sum(k, (y[k] - a[L,k])*(dy[k]/da[L,j] - da[L,k]/da[L,j]))  [by derivative]
= sum(k, (y[k] - a[L,k])*({dy} - [j=k]))  [by derivative]
= a[L,j] - y[j]  [by Kronecker]
"""
DW_DB = """claim: d(w[l,j,k]+b[l,j])/db[l,j] = 1
= d(w[l,j,k])/db[l,j] + d(b[l,j])/db[l,j] [by linearity]
= {dw} + 1 [by derivative]
= 1 [by algebra]
"""


@pytest.mark.parametrize("text, true, false", [(DY_DA, {"dy": "0"}, {"dy": "1"}), (DW_DB, {"dw": "0"}, {"dw": "1"})])
def test_a_derivative_of_data_or_of_a_parameter_by_a_parameter_is_a_delta_or_0(text, true, false, tmp_path, capsys):
    """The student's dy_k/da^L_j = 0 (y is the target) and dw/db = 0 (parameters are independent), written on
    their own by linearity, were REFUTED as having no meaning, while the kernel took them as 0 inside a
    derivative (found by the red team of stop 31). A parameter by a node z or a keeps no meaning."""
    path = tmp_path / "steps.proof"
    path.write_text(text.format(**true))
    assert main(["check", str(path)]) == 0
    path.write_text(text.format(**false))
    assert main(["check", str(path)]) == 1                  # the control: the wrong value is refuted
    capsys.readouterr()
    for before, right, wrong in [(Partial(b[l, j], b[L, j]), KroneckerDelta(l, L), Integer(1)),
                                 (Partial(w[l, j, k], b[l, j]), Integer(0), Integer(1)),
                                 (Partial(derive.model.symbols.y[k], a[L, j]), Integer(0), KroneckerDelta(j, k))]:
        domain = infer_domain(before, right)
        assert kernel_for(GENERIC).step(Step(before, right, "derivative"), domain).status == "proved", before
        assert kernel_for(GENERIC).step(Step(before, wrong, "derivative"), domain).status == "refuted", before
    r = Kernel(GENERIC).step(Step(Partial(b[l, j], z[L, j]), Integer(0), "derivative"), ALL_LAYERS)
    assert r.status == "refuted" and r.problem.kind == "not-a-function"


def test_a_claim_without_a_meaning_is_never_proved_by_a_chain_without_steps():
    """A claim whose derivative has no meaning, with no step (or one by algebra), was PROVED by comparing the
    chain's ends, which skips the checks a step gets (found by the document red team of stop 31)."""
    meaningless = Partial(b[l, j], z[L, j])
    for lhs, rhs in [(meaningless, meaningless), (2 * meaningless, meaningless + meaningless),
                     (Partial(C, b[l, j]) + KroneckerDelta(j, 0) * meaningless, Partial(C, b[l, j]))]:
        claim = Identity("claim", "claim", lhs, rhs, infer_domain(lhs, rhs))
        for kernel in (Kernel(GENERIC), kernel_for(GENERIC)):
            verdict = kernel.check(claim, [Chain((), lhs)])
            assert verdict.status == "refuted" and verdict.problems[0].kind == "not-a-function", verdict
    lhs, rhs = Partial(b[l, j], b[L, j]), KroneckerDelta(l, L)       # the control: it has a meaning
    claim = Identity("claim", "claim", lhs, rhs, infer_domain(lhs, rhs))
    assert kernel_for(GENERIC).check(claim, [Chain((Step(lhs, rhs, "derivative"),), lhs)]).proved


@pytest.mark.parametrize("text", [
    "claim: sum(k=1, n(l), [j=k]*delta[l,k]) = delta[l,j]\n",                       # no step at all
    "claim: dC/db[l,j] = delta[l,j]\n  = dC/dz[l,j]   [by chain rule]\n"
    "  = sum(k=1,n(l),[j=k]*delta[l,k])  [by definition]\n"])                       # an end met by algebra
def test_strict_asks_a_reason_for_how_a_chain_meets_the_claims_sides(text, tmp_path, capsys):
    """Under --strict, a claim with no step was PROVED "the claim holds": its sides meet by algebra no step
    states (found by the document red team of stop 31)."""
    path = tmp_path / "loose.proof"
    path.write_text(text + "claim: dC/db[l,j]*y[1] = delta[l,j]*y[1]\n  = delta[l,j]*y[1]   [by BP3]\n")
    assert main(["check", str(path)]) == 0
    assert main(["check", str(path), "--strict", "--json"]) == 1
    assert "only by algebra that no step states" in capsys.readouterr().out
    exact = tmp_path / "exact.proof"                 # the control: every link is a step with its reason
    exact.write_text("claim: dC/db[l,j] = delta[l,j]\n  = dC/dz[l,j]   [by chain rule]\n"
                     "  = sum(k=1,n(l),[j=k]*delta[l,k])  [by definition]\n  = delta[l,j]  [by Kronecker]\n")
    assert main(["check", str(exact), "--strict"]) == 0
    capsys.readouterr()


def test_a_chain_may_run_from_the_claims_right_side_to_its_left(tmp_path, capsys):
    """δ^l_j = ... = ∂C/∂b^l_j proves ∂C/∂b^l_j = δ^l_j; it was UNDECIDED (found by the document red team of
    stop 31)."""
    steps = ("delta[l,j] = dC/dz[l,j]   [by definition]\n  = sum(k=1, n(l), dC/dz[l,k]*[j=k])   [by Kronecker]\n"
             "  = sum(k=1, n(l), dC/dz[l,k]*dz[l,k]/db[l,j])   [by derivative]\n  = {end}   [by chain rule]\n")
    path = tmp_path / "reversed.proof"
    path.write_text("claim: dC/db[l,j] = delta[l,j]\n" + steps.format(end="dC/db[l,j]"))
    assert main(["check", str(path)]) == 0
    path.write_text("claim: dC/db[l,j] = 2*delta[l,j]\n" + steps.format(end="dC/db[l,j]"))
    assert main(["check", str(path)]) == 3                  # the controls: it does not reach a false claim,
    path.write_text("claim: dC/db[l,j] = delta[l,j]\n" + steps.format(end="2*dC/db[l,j]"))
    assert main(["check", str(path)]) == 1                  # and a false step still fails
    capsys.readouterr()


@pytest.mark.parametrize("claim, status", [("da[3,1]/dz[3,2] = -[L<=3]*a[3,1]*a[3,2]", 0),
                                           ("da[2,1]/dz[2,2] = -[L<=2]*a[2,1]*a[2,2]", 0),
                                           ("dC/dz[3,1] = [L<=3]*(a[3,1]-y[1]) + [4<=L]*dC/dz[3,1]", 0),
                                           ("da[3,1]/dz[3,2] = -[L<=4]*a[3,1]*a[3,2]", 1),
                                           ("dC/dz[3,1] = [L<=3]*(a[3,1]-y[1]) + [4<=L]*2*dC/dz[3,1]", 1)])
def test_a_split_on_L_knows_the_networks_own_L_in_its_base_case(claim, status, capsys):
    """In the case L = 3 of a split, the softmax output and the cost were still written at a symbolic L, so
    every split asked again and true claims stayed UNDECIDED (found by the index-level red team of stop 31)."""
    assert main(["verify", claim, "--output", "softmax", "--cost", "log-likelihood"]) == status
    capsys.readouterr()


@pytest.mark.parametrize("claim, options", [("sum(m=4, L, [m=4]*b[3,5]) = b[3,5]", []),
                                            ("H(9 - sum(k=1,n(l),1))*b[l,j] = b[l,j]", []),
                                            ("H(5 - sum(m=2, L, 1))*b[l,j] = b[l,j]", []),
                                            ("a[7,1] = sigma(z[7,1])", ["--output", "softmax", "--cost",
                                                                        "log-likelihood"])])
def test_the_sample_nets_reach_the_deepest_layer_named_and_the_numbers_set_against_a_width(claim, options, capsys):
    """False only where L is the deepest layer named, or past a number inside H: no sample net had that
    depth or width, so the numbers saw no difference and the kernel alone stood between the claim and a
    PROVED (found by the red teams of stop 31)."""
    assert main(["verify", claim, *options]) == 1
    capsys.readouterr()
    assert main(["verify", "sum(m=4, L, [m=4]*b[3,5]) = [4<=L]*b[3,5]"]) == 0          # the control
    capsys.readouterr()


@pytest.mark.parametrize("claim", ["d(y[j]*b[l,j])/dz[L,j] = 0", "d(b[l,j] + y[j])/dz[L,j] = 0",
                                   "d(y[j]*w[l,j,k])/da[l,k] = 0", "d(y[j]*x[k])/da[2,k] = 0",
                                   "sum(k, dC/dz[L,k]*d(b[l,j]+y[k])/dz[L,k]) = 0"])
def test_an_expression_of_parameters_and_data_alone_has_no_derivative_by_a_node(claim, tmp_path, capsys):
    """With y a constant, y b^l_j by z^L_j was read as a function of z and PROVED 0: it is the seed question's
    db/dz with y beside it; in a document, and through the API, even before (found by the red team of
    stop 31 on its own change)."""
    assert main(["verify", claim]) == 2
    assert "has no meaning" in capsys.readouterr().err
    path = tmp_path / "step.proof"                   # in a document, with the claim's own indices
    path.write_text("claim: dC/db[l,j] = delta[l,j]\n= delta[l,j] + " + claim.split(" = ")[0].replace("k", "j") +
                    "  [by derivative]\n= delta[l,j]  [by algebra]\n")
    assert main(["check", str(path)]) == 1
    assert "parameters and data, and of nodes before" in capsys.readouterr().out
    lhs = Partial(2 * b[l, j], z[L, j])
    r = Kernel(GENERIC).step(Step(lhs, Integer(0), "derivative"), infer_domain(lhs))
    assert r.status == "refuted" and r.problem.kind == "not-a-function"
    for control in ["d(y[j]*x[k])/da[1,k] = y[j]", "d(b[l,j]*a[l,j])/da[l,j] = b[l,j]",     # x is a^1; a node
                    "d(y[j]*b[l,j])/db[L,j] = y[j]*[l=L]",                                 # by a parameter
                    "d(y[j]*w[l+1,j,k])/da[l,k] = 0"]:                     # a parameter after the node: 0
        assert main(["verify", control]) == 0, control
    capsys.readouterr()


def test_a_strict_guard_with_a_fraction_is_not_read_as_a_stronger_fact():
    """[j < 3/2] was the fact j + 1 <= 3/2, j <= 1/2, which no j >= 1 meets, so b^l_{2j} under it was taken to
    exist wherever it is used (at j = 1 it needs n_l >= 2): the step was proved (found by the red team of
    stop 31, through the API; the reader takes whole numbers alone)."""
    from sympy import Rational, StrictLessThan
    inside = guard(StrictLessThan(j, Rational(3, 2)))
    r = Kernel(GENERIC).step(Step(inside * b[l, 2 * j], inside * b[l, 2 * j], "algebra"), ALL_LAYERS)
    assert r.status != "proved" and r.problem.kind == "ill-formed"
    r = Kernel(GENERIC).step(Step(inside * b[l, j], inside * b[l, j], "algebra"), ALL_LAYERS)
    assert r.status == "proved"                                   # the control: b^l_j exists


@pytest.mark.parametrize("text", [
    "claim: sum(k, delta[l+1,k]*w[l+1,k,j]) = sum(i, w[l+1,i,j]*delta[l+1,i])\n"
    "sum(k, delta[l+1,k]*w[l+1,k,j]) = sum(i, w[l+1,i,j]*delta[l+1,i])  [by algebra]\n",
    "claim: sum(k, [j=k]*delta[l,k]) = delta[l,j]\nsum(k, [j=k]*delta[l,k]) = delta[l,j]  [by kronecker]\n",
    "claim: sum(k, [j=k]*delta[l,k]) = delta[l,j]\ndelta[l,j] = sum(k, [j=k]*delta[l,k])  [by kronecker]\n"])
def test_a_claim_whose_sides_meet_by_algebra_is_proved_by_a_chain_that_states_the_step(text, tmp_path, capsys):
    """The claim line's own chain, with no step, met such a claim by algebra: --strict refuted it although
    another chain states the step exactly; a chain run backwards was linked to the wrong side (found by
    the document red team of stop 31 on its own change)."""
    path = tmp_path / "stated.proof"
    path.write_text(text)
    assert main(["check", str(path)]) == 0
    assert main(["check", str(path), "--strict"]) == 0
    path.write_text(text.split("\n")[0] + "\nclaim: dC/db[l,j]*y[1] = delta[l,j]*y[1]\n  = delta[l,j]*y[1]   [by BP3]\n")
    assert main(["check", str(path), "--strict"]) == 1           # the control: no step states the first claim
    capsys.readouterr()


SECOND = "sigma'(z[L,j])^2 + (a[L,j]-y[j])*sigma'(z[L,j])*(1-2*a[L,j])"


@pytest.mark.parametrize("claim", [f"d(dC/db[L,j])/dz[L,j] = {SECOND}", "d(dC/db[L,j])/dz[L,j] = d(dC/dz[L,j])/dz[L,j]",
                                   f"d(dC/dw[L,j,k])/dz[L,j] = a[L-1,k]*({SECOND})",
                                   "d(dC/db[L,j])/da[L,j] = sigma'(z[L,j])"])
def test_a_derivative_by_b_inside_a_derivative_by_z_still_moves_z(claim, capsys):
    """The numbers pinned z^L_j at its moved value, so that moving b^L_j inside left it there: d(dC/db)/dz
    was 0 and true claims were REFUTED against the kernel's own proof (found by the red team of stop 31).
    A node is now shifted, and what else moves it still does."""
    assert main(["verify", claim, "--activation", "sigmoid"]) == 0
    assert main(["verify", claim.split(" = ")[0] + " = 0", "--activation", "sigmoid"]) == 1     # the control
    capsys.readouterr()


@pytest.mark.parametrize("claim", ["da[1,j]/dz[L,j] = 0", "d(b[l,j]*a[1,j])/dz[L,j] = 0", "dz[l,j]/dz[L,k] = [l=L]*[j=k]",
                                   "d(2*a[l,j])/dz[L,k] = 2*[l=L]*[j=k]*sigma'(z[L,k])",
                                   "da[l,k]/da[L,j] = [l=L]*[j=k]"])
def test_a_node_has_no_derivative_by_a_node_after_it_where_the_layers_are_symbolic_too(claim, capsys):
    """The reader refused a^1_j by z^3_j or by b^3_1 (it comes before them), but with the layer gap symbolic, or
    through the API, the kernel took it as 0 and PROVED such claims (found by the red teams of stop 31)."""
    assert main(["verify", claim]) == 1
    assert "has no meaning" in capsys.readouterr().out
    for control in ["dz[L,j]/dw[L,k,i] = [j=k]*a[L-1,i]", "da[l,j]/dz[l,k] = [j=k]*sigma'(z[l,j])",
                    "d(z[l,j]*z[L,j])/dz[L,j] = z[l,j] + [l=L]*z[L,j]", "da[2,1]/dw[3,1,1] = 0",
                    "dz[l,j]/db[l,j] = 1", "dz[l,j]/db[L,j] = [l=L]",       # a later parameter: 0 by a node
                    "da[l,k]/dw[L,j,i] = [l=L]*[j=k]*sigma'(z[L,k])*a[L-1,i]"]:
        assert main(["verify", control]) == 0, control
    capsys.readouterr()


def test_a_derivative_with_no_meaning_is_named_as_written():
    """The kernel named the inner derivative it had reduced, with its own bound names (Σ_{_p1=1} ...), which
    derive does not read back (found by the red team of stop 31)."""
    r = kernel_for(GENERIC).step(Step(Partial(Partial(z[l, j], z[l - 1, k]), z[l, 1]), Integer(0), "derivative"),
                                 infer_domain(Partial(Partial(z[l, j], z[l - 1, k]), z[l, 1])))
    assert r.status == "refuted" and r.problem.kind == "not-a-function"
    assert r.problem.data["f"] == Partial(z[l, j], z[l - 1, k]), r.problem.data


def test_a_backward_chain_cannot_cite_the_claim_nor_hide_a_guard_that_vanishes_on_small_nets(tmp_path, capsys):
    """Chains may now run from the claim's right side to its left: that way too a claim citing itself is
    circular, and a term under [4 <= n_l] (zero on small nets) is not lost (final read of stop 31)."""
    path = tmp_path / "backward.proof"
    path.write_text("claim: dC/db[l,j] = delta[l,j]\ndelta[l,j] = dC/db[l,j]  [by BP3]\n")
    assert main(["check", str(path)]) == 3
    assert "circular" in capsys.readouterr().out
    path.write_text("claim: dC/db[l,j] = delta[l,j] + [4<=n(l)]*b[l,j]\n"
                    "delta[l,j] + [4<=n(l)]*b[l,j] = dC/dz[l,j] + [4<=n(l)]*b[l,j]  [by definition]\n"
                    "  = dC/db[l,j]  [by chain rule]\n")
    assert main(["check", str(path)]) == 1
    path.write_text("claim: dC/db[l,j] = delta[l,j]\ndelta[l,j] = dC/dz[l,j]  [by definition]\n"
                    "  = dC/db[l,j]  [by chain rule]\n")
    assert main(["check", str(path)]) == 0                        # the control
    capsys.readouterr()


# --- found at stop 32 -----------------------------------------------------------------------
@pytest.mark.parametrize("claim", ["db[l+1,k]/dz[l,j] = 0", "dz[l,j]/db[l+1,k] = 0", "dw[l+1,k,i]/da[l,j] = 0",
                                   "dz[l,j]/dw[L,k,i] = [l=L]*[j=k]*a[L-1,i]"])
def test_a_quantity_has_a_derivative_by_what_is_not_computed_from_it(claim, capsys):
    """dF/dV has no meaning exactly when V is computed from F. A parameter after a node is 0 by it, as a node is
    by a later layer's parameter; the kernel refused the first (a parameter by any node) and took the second
    as 0 where the layers were numbers (a^2 by w^3): one rule now, as the forward pass runs."""
    assert main(["verify", claim]) == 0, claim
    wrong = claim.split(" = ")[0] + " = 1"
    assert main(["verify", wrong]) == 1, wrong                                # the control: a false value
    for meaningless in ["db[l,j]/dz[l,j] = 0", "dw[l,j,k]/da[l,j] = 0", "db[l,j]/dz[L,j] = 0"]:   # computed from
        assert main(["verify", meaningless]) == 2, meaningless
    capsys.readouterr()


def test_a_students_chain_through_the_next_layers_bias_is_proved(tmp_path, capsys):
    """dz^(l+1)_k/dz^l_j by linearity holds db^(l+1)_k/dz^l_j, which a student writes 0: it was refused as a
    parameter differentiated by a node, so the true derivation was REFUTED."""
    path = tmp_path / "bp2.proof"
    text = ("claim: dz[l+1,k]/dz[l,j] = w[l+1,k,j]*sigma'(z[l,j])\n"
            "  = d(sum(i, w[l+1,k,i]*a[l,i]))/dz[l,j] + db[l+1,k]/dz[l,j]   [by definition]\n"
            "  = w[l+1,k,j]*sigma'(z[l,j]) + db[l+1,k]/dz[l,j]   [by derivative]\n"
            "  = w[l+1,k,j]*sigma'(z[l,j])   [by derivative]\n")
    path.write_text(text)
    assert main(["check", str(path), "--strict"]) == 0
    path.write_text(text.replace("[by derivative]\n  = w[l+1,k,j]*sigma'(z[l,j])   [by derivative]",
                                 "[by derivative]\n  = w[l+1,k,j]*sigma'(z[l,j]) + 1   [by derivative]"))
    assert main(["check", str(path)]) == 1                                    # the control: db/dz written 1
    capsys.readouterr()


@pytest.mark.parametrize("claim, widths, code", [("dz[2,j]/dz[L-1,j] = 1", "2,2,2", 0), ("dz[2,j]/dz[L-1,j] = 1", "2,2,2,2", 1),
                                                 ("dz[2,j]/dz[L-1,j] = 0", "2,2,2", 1),
                                                 ("da[L-1,j]/dz[2,j] = sigma'(z[2,j])", "2,3,2", 0)])
def test_a_concrete_network_has_its_own_depth(claim, widths, code, capsys):
    """On a concrete network the kernel split L into L = 3 and L > 3 and refuted z^2 by z^(L-1) as no function
    of it in the second case, which has no instance on [2, 2, 2], where z^(L-1) is z^2 (a false REFUTED):
    L is the network's depth there."""
    assert main(["verify", claim, "--widths", widths]) == code
    capsys.readouterr()


@pytest.mark.parametrize("claim, options", [
    ("d(2*z[l,1])/dz[L,1] = 2*dz[l,1]/dz[L,1]", []), ("db[l,1]/dz[L-1,1] = db[l,1]/dz[L-1,1]", []),
    ("dz[l,1]/dz[L,1] = dz[l,1]/dz[L,1]", ["--widths", "2,2,2"]),
    ("sum(m=2, l, dz[m,1]/dz[l,1]) = sum(m=2, l, dz[m,1]/dz[l,1])", []),          # in a sum over layers
    ("sum(m=2, 3, db[m,1]/dz[2,1]) = 0", ["--widths", "2,2,2"]), ("sum(m=2, l, dz[m,1]/dz[l,1]) = 1", ["--widths", "2,2,2"]),
    ("d(sum(m=2, l, b[m,1]))/dz[l,1] = 0", ["--widths", "2,2,2"])])
def test_a_derivative_with_no_meaning_at_some_instances_is_refuted_whatever_the_step(claim, options, tmp_path, capsys):
    """A derivative that has no meaning where l < L (z^l by z^L) was taken as meaningful wherever the domain did
    not decide the layers' order, and only a rewriting by the definitions, which splits the case, refused it: by
    algebra, by linearity or with two equal sides, or in a sum over layers (whose range the rule did not use),
    such claims were PROVED (found by the red team of stop 32). An instance where it has no meaning refutes it."""
    assert main(["verify", claim, *options]) == 1, claim
    assert "no meaning" in capsys.readouterr().out
    path = tmp_path / "linear.proof"
    lhs, rhs = claim.split(" = ")
    path.write_text(f"claim: {claim}\n  = {rhs}   [by linearity]\n")
    assert main(["check", str(path), *options]) == 1
    capsys.readouterr()


@pytest.mark.parametrize("claim, options", [
    ("d(2*z[L,1])/dz[l,1] = 2*dz[L,1]/dz[l,1]", []), ("sum(m=l, L, dz[m,1]/dz[l,1]) = sum(m=l, L, dz[m,1]/dz[l,1])", []),
    ("sum(m=3, 3, db[m,1]/dz[2,1]) = 0", ["--widths", "2,2,2"]), ("dz[l,j]/db[L,j] = [l=L]", []),
    ("db[l+1,1]/dz[l,1] = db[l+1,1]/dz[l,1]", [])])
def test_a_derivative_with_a_meaning_at_every_instance_is_still_proved(claim, options, tmp_path, capsys):
    """The controls of the test above: the derivatives are meaningful wherever the claim's indices range."""
    path = tmp_path / "linear.proof"
    path.write_text(f"claim: {claim}\n  = {claim.split(' = ', 1)[1]}   [by linearity]\n")
    assert main(["check", str(path), *options]) == 0, claim
    capsys.readouterr()


def test_only_what_has_no_meaning_at_another_depth_is_asked_again_at_the_networks_own(capsys):
    """Pinning L in every step of a concrete network left a step of the L2 weight gradient to the instances on
    [2, 2] (C's penalty was written at L = 2, the step's own sum was not; found by the red team of stop 32):
    a step is asked again with L the network's depth only when it has no meaning at another depth, and its
    check then says at which depth it holds."""
    assert main(["prove", "weight-gradient", "--regularization", "l2", "--widths", "2,2"]) == 0
    assert "not by the reason given" not in capsys.readouterr().out
    assert main(["verify", "dz[2,j]/dz[L-1,j] = 1", "--widths", "2,2,2"]) == 0
    assert "all widths at depth 3" in capsys.readouterr().out


def test_the_chain_rule_through_the_output_layer_is_the_chain_rule(tmp_path, capsys):
    """z^L (and a^L) separate every b^l from C, but the kernel offered the families of V's layer and the next
    alone, so a student's dC/db^l_j = sum_k dC/dz^L_k dz^L_k/db^l_j was UNDECIDED, and REFUTED under --strict
    as "not by chain rule" (found by the red team of stop 32)."""
    path = tmp_path / "output.proof"
    path.write_text("claim: dC/db[l,j] = sum(k=1, n(L), dC/dz[L,k]*dz[L,k]/db[l,j])\n"
                    "  = sum(k=1, n(L), dC/dz[L,k]*dz[L,k]/db[l,j])   [by chain rule]\n")
    assert main(["check", str(path), "--strict"]) == 0
    assert main(["verify", "dC/dw[l,j,k] = sum(i=1, n(L), dC/da[L,i]*da[L,i]/dw[l,j,k])"]) == 0
    assert main(["verify", "dC/db[l,j] = sum(k=1, n(L), delta[L,k]*dz[L,k]/db[l,j])", "--output", "softmax",
                 "--cost", "log-likelihood"]) == 0
    for wrong in ["dC/db[l,j] = sum(k=1, n(L), delta[L,k]*dz[L,k]/db[l,j]) + [3<=n(L)]*b[l,j]",
                  "dC/db[l,j] = sum(k=1, n(L-1), dC/dz[L-1,k]*dz[L-1,k]/db[l,j])",       # not past b^L
                  "dC/da[L,j] = sum(k=1, n(L), dC/dz[L,k]*dz[L,k]/da[L,j])"]:             # z^L is before a^L
        assert main(["verify", wrong]) != 0, wrong
    capsys.readouterr()


def test_a_step_checked_at_the_networks_depth_takes_its_identities_and_ranges_there(tmp_path, capsys):
    """A step checked again with L = 3 on [2, 2, 2] no longer matched BP1 stated at L (REFUTED under --strict as
    "not by bp1"), kept y's range n_L against its sums' n_3 (UNDECIDED), and a chain that ends at the claim's
    side written with 3 for L did not reach it (found by the red team of stop 32)."""
    path = tmp_path / "depth.proof"
    path.write_text("# network: widths=2,2,2\nclaim: dC/db[L,1] = dC/da[L,1]*sigma'(z[L,1])\n  = delta[L,1]   [by BP3]\n"
                    "  = delta[L,1] + a[L-1,1] - sigma(z[L-1,1])   [by definition]\n"
                    "  = dC/da[L,1]*sigma'(z[L,1]) + a[L-1,1] - sigma(z[L-1,1])   [by BP1]\n"
                    "  = dC/da[L,1]*sigma'(z[L,1])   [by definition]\n")
    assert main(["check", str(path), "--strict"]) == 0
    path.write_text("# network: widths=2,2,2\nclaim: dC/db[2,1] = sigma'(z[2,1])*sum(k, w[L,k,1]*(a[L,k]-y[k])*sigma'(z[L,k]))\n"
                    "  = delta[2,1]   [by BP3]\n  = sigma'(z[L-1,1])*sum(k, w[L,k,1]*delta[L,k])   [by BP2]\n"
                    "  = sigma'(z[L-1,1])*sum(k, w[L,k,1]*(a[L,k]-y[k])*sigma'(z[L,k]))   [by output-error]\n"
                    "  = sigma'(z[2,1])*sum(k, w[L,k,1]*(a[L,k]-y[k])*sigma'(z[L,k]))   [by algebra]\n")
    assert main(["check", str(path)]) == 0
    path.write_text("# network: widths=2,2,2\nclaim: dC/db[L,1] = dC/da[L,1]*sigma'(z[L,1])\n  = delta[3,1]   [by BP3]\n"
                    "  = dC/da[3,1]*sigma'(z[3,1])   [by definition]\n")
    assert main(["check", str(path)]) == 0
    assert main(["check", str(path), "--widths", "2,2,2,2"]) != 0           # the control: L is 4 there
    capsys.readouterr()


@pytest.mark.parametrize("claim, options", [
    ("d(b[l,1] + sum(m=l+1, L, a[L,1]))/dz[L,1] = sum(m=l+1, L, sigma'(z[L,1]))", []),      # a sum empty at l = L
    ("d(b[L,j] + [j=1]*a[L,1])/dz[L,1] = [j=1]*sigma'(z[L,1])", []),                       # a guard that vanishes
    ("d(b[l,1] + [3<=l]*a[L,1])/dz[L,1] = [3<=l]*sigma'(z[L,1])", []),
    ("d(b[l,j] + [l=1]*z[L,j])/dz[L,j] = 0", []),                                          # ... on the whole domain
    ("d(b[L,1] + (n(L)-1)*a[L,1])/dz[L,1] = (n(L)-1)*sigma'(z[L,1])", ["--widths", "3,1"])])   # a width 1
def test_an_expression_whose_node_vanishes_at_some_instance_has_no_derivative_there(claim, options, capsys):
    """b + (what holds z^L) by z^L was read as a function of z^L even where the node's term vanishes (an empty
    sum, a guard, a factor n_L - 1 on a layer of width 1): there it is the seed question's db/dz, and such
    claims were PROVED (found by the red team of stop 32). An instance where it vanishes refutes it."""
    assert main(["verify", claim, *options]) == 1, claim
    assert "no meaning" in capsys.readouterr().out
    control = claim.replace("m=l+1", "m=l").replace("[j=1]*", "").replace("[3<=l]*", "").replace("n(L)-1", "n(L)")
    if "[l=1]" not in claim:
        assert main(["verify", control, *options]) == 0, control
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[l,j] + [3<=l]*C)/dz[L,j] = [3<=l]*delta[L,j]", [], 1),                 # the part with V is C
    ("d(b[l,1] + sum(m=l+1, L, C))/dz[L,1] = sum(m=l+1, L, delta[L,1])", [], 1),
    ("d(b[L,j] + [j=1]*dC/da[L,1])/dz[L,1] = [j=1]*d(dC/da[L,1])/dz[L,1]", [], 1),
    ("d(b[L,1] + (n(L)-1)*C)/dz[L,1] = (n(L)-1)*delta[L,1]", ["--widths", "3,1"], 1),
    ("d(b[l,1] + [l<=4]*a[L,1])/dz[L,1] = [l<=4]*sigma'(z[L,1])", [], 3),       # vanishes past the witness nets
    ("d(b[l,1] + [l<=4]*a[L,1])/dz[L,1] = [l<=4]*sigma'(z[L,1])", ["--widths", "2,2,2,2,2"], 1),
    ("d(b[l,j] + C)/dz[L,j] = delta[L,j]", [], 0), ("d(z[l,j] - b[l,j])/dz[l,j] = 1", [], 0)])    # the controls
def test_a_part_with_v_that_may_vanish_is_never_taken_as_there(claim, options, code, capsys):
    """The search for an instance where the part with V vanishes skipped C and derivatives, and a part that
    vanishes only past the witness nets (l >= 5) was accepted, so such claims were PROVED (found by the red team
    of stop 32): a part that the facts do not show to stay is searched, and without a witness left UNDECIDED."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


def test_a_claim_whose_domain_runs_past_the_network_gets_a_verdict():
    """A claim built through the API with l up to L + 1 made the kernel raise (n_{L+1} is no width) instead of
    returning a verdict (found by the red team of stop 32); it is not proved."""
    from derive.model.proof import Identity
    claim = Identity("past", "past", Partial(C, b[l, j]), delta[l, j], ((l, 2, L + 1), (j, 1, n(l))))
    verdict = kernel_for(GENERIC).check(claim, Derivation(claim.lhs, claim.rhs, claim.domain,
                                                          [Step(claim.lhs, claim.rhs, "")]))
    assert verdict.status != "proved" and verdict.problems
    inside = Identity("inside", "inside", Partial(C, b[l, j]), delta[l, j], ALL_LAYERS)       # the control
    assert kernel_for(GENERIC).check(inside, Derivation(inside.lhs, inside.rhs, inside.domain,
                                                        [Step(inside.lhs, inside.rhs, "")])).status == "proved"


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[L,j] + a[L,j] - a[L,1])/dz[L,j] = sigma'(z[L,j]) - [j=1]*sigma'(z[L,1])", [], 1),   # cancels at j = 1
    ("d(b[L,j] + (a[L,j] - a[L,1])^2)/dz[L,j] = 2*(a[L,j]-a[L,1])*sigma'(z[L,j])", [], 1),
    ("d(z[l,j] - z[l,k] + b[l,j])/dz[l,j] = 1 - [j=k]", ["--widths", "2,2,2"], 1),
    ("d(b[l,j] + z[l,j,s] - z[l,j,t])/dz[l,j,s] = 1 - [s=t]", ["--batch"], 1),
    ("d(b[l+1,k] + b[l,j])/dz[l,j] = 0", [], 2),           # b^(l+1) is not computed from z^l: it is not V's part
    ("d(w[l+1,k,j]*b[l,j])/dz[l,j] = 0", [], 2), ("d(b[3,1] + b[2,1])/dz[2,1] = 0", ["--widths", "2,2,2"], 2),
    ("d(b[l+1,k] + z[l,j])/dz[l,j] = 1", [], 0), ("d(y[j]*b[l+1,j])/dz[l,j] = 0", [], 0)])     # the controls
def test_the_part_with_v_is_what_is_computed_from_v_and_it_may_cancel(claim, options, code, capsys):
    """The part with V of a mixed expression cancelled at an instance where two indices agree (a^L_j - a^L_1 at
    j = 1), and a later layer's parameter (b^(l+1), 0 by z^l) was counted as a part with V: such claims, the
    seed question's db/dz there or everywhere, were PROVED (found by the red team of stop 32)."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[l,j] + exp([l=L]*z[l,j]))/dz[l,j] = [l=L]*exp([l=L]*z[l,j])", [], 1),       # a guard inside exp
    ("d(b[2,1] + exp((n(2)-1)*z[2,1]))/dz[2,1] = 0", ["--widths", "2,1,2"], 1),
    ("d(b[l,j] + z[l,k])/dz[l,j] = [j=k]", [], 3),          # z^l_k is not computed from z^l_j where k != j
    ("d(b[L,1] + a[L,2])/dz[L,1] = 0", [], 3), ("d(b[l,j] + z[l,j,t])/dz[l,j,s] = [s=t]", ["--batch"], 3),
    ("d(b[L,j] + a[L,k])/dz[L,j] = a[L,k]*([j=k]-a[L,j])", ["--output", "softmax", "--widths", "2,3"], 0),
    ("d(b[l,j] + z[l+1,k])/dz[l,j] = w[l+1,k,j]*sigma'(z[l,j])", [], 0)])                # the controls
def test_vs_part_is_what_v_computes_at_every_instance(claim, options, code, capsys):
    """V's part was taken by the layers' order alone: a node of V's own layer (z^l_k by z^l_j), another sample's
    node, or V inside a function whose argument a guard or n_l - 1 switches off, made b + (that) a function of V,
    and such claims were PROVED (found by the red team of stop 32)."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[L,1] + (n(L)*x[1] - x[1])*a[L,1])/dz[L,1] = (n(L)*x[1] - x[1])*sigma'(z[L,1])", ["--widths", "3,1"], 1),
    ("d(b[L,j] + ([j=1]*b[2,1] + [j=2]*b[2,2])*z[L,j])/dz[L,j] = [j=1]*b[2,1] + [j=2]*b[2,2]", ["--widths", "2,2,3"], 1),
    ("d(b[L,j] + z[L,j]*sum(k=1, n(2), [k=j]*b[2,k]))/dz[L,j] = sum(k=1, n(2), [k=j]*b[2,k])", [], 1),
    ("d(b[L,1] + a[L,1]*x[1])/dz[L,1] = x[1]*sigma'(z[L,1])", ["--widths", "3,1"], 0),        # the controls
    ("d(b[l+1,k]*z[l,j] + b[l,j])/dz[l,j] = b[l+1,k]", [], 0)])
def test_a_factor_of_quantities_that_may_be_0_switches_vs_part_off(claim, options, code, capsys):
    """A factor beside V's part that holds quantities skipped the zero check: n_L x_1 - x_1 on a layer of width 1,
    [j=1] b_1 + [j=2] b_2 at j = 3, a sum of guarded terms, made b + (that) V a function of V there, and such
    claims were PROVED (found by the red team of stop 32)."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


# --- found at stop 33 -----------------------------------------------------------------------
@pytest.mark.parametrize("claim, options, code", [
    ("d(b[2,1]*dC/da[L,j])/dz[L,k] = [j=k]*b[2,1]*sigma'(z[L,j])", [], 3),      # a^L_j - y_j: free of z^L_k
    ("d(b[2,1] + dC/dz[L,j])/dz[L,k] = [j=k]", ["--activation", "identity"], 3),
    ("d(b[2,1]*da[L,j]/dz[L,j])/dz[L,k] = [j=k]*b[2,1]*sigma'(z[L,j])*(1-2*sigma(z[L,j]))",
     ["--activation", "sigmoid"], 3),
    ("d(b[l,j] + dC/dw[L,j,1])/dz[L,k] = [j=k]*a[L-1,1]", ["--activation", "identity"], 3),
    ("d(b[2,1]*dC/da[L,j,s])/dz[L,k,t] = [j=k]*[s=t]*b[2,1]*sigma'(z[L,j,s])/M", ["--batch"], 3),
    ("d(b[2,1]*C)/dz[L,j] = b[2,1]*delta[L,j]", [], 0),                                           # the controls
    ("d(b[2,1]*C)/dz[L,j] = b[2,1]*delta[L,j]", ["--regularization", "l2"], 0),
    ("d(b[2,1]*(a[L,j] - y[j]))/dz[L,j] = b[2,1]*sigma'(z[L,j])", [], 0)])
def test_a_derivative_as_vs_part_may_be_free_of_v(claim, options, code, capsys):
    """V's one place in a mixed expression was a derivative, taken for V's part without a look: dC/da^L_j is
    a^L_j - y_j under the quadratic cost, free of z^L_k at k != j, where b^2_1 dC/da^L_j is the seed question's
    db/dz; such claims were PROVED (found by the red team of stop 33). C, which every node computes, stays one."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("lhs", [Partial(C, b[2 * l - 2, j]), Partial(C, b[L + 2 - l, j])])
def test_an_index_that_is_not_one_index_plus_a_constant_is_a_domain_error(lhs):
    """Through the API, b^(2l-2) got the domain 2 <= l <= ... with bounds that named l itself, and the kernel then
    raised Undefined ("4 - l is not a width") instead of answering (found by the red team of stop 33); the reader
    refuses such a layer, and so now does the domain."""
    from derive.model.network import DomainError, infer_domain
    with pytest.raises(DomainError, match="not one index plus a constant"):
        infer_domain(lhs, delta[l, j])
    assert infer_domain(Partial(C, b[l - 1, j]), delta[l - 1, j]) == ((l, 3, L + 1), (j, 1, n(l - 1)))   # the control


@pytest.mark.parametrize("claim, options, code", [
    ("d(dC/dz[L,j])/da[L,k] = [j=k]*sigma'(z[L,j])", [], 3),       # (a^L_j - y_j) σ'(z^L_j): free of a^L_k, k != j
    ("d(dC/db[L,j])/da[L,k] = [j=k]*sigma'(z[L,j])", [], 3),
    ("d(dC/dz[L,1])/da[L,2] = 0", ["--widths", "2,2,2"], 3),
    ("d(dC/dw[L,j,1])/dz[L,k] = [j=k]*a[L-1,1]", ["--activation", "identity"], 3),
    ("d(dC/dz[L,j])/da[L,j] = sigma'(z[L,j])", [], 0),                                            # the controls
    ("d(dC/dw[L,j,k])/dz[L,j] = a[L-1,k]*(sigma'(z[L,j])^2 + (a[L,j]-y[j])*sigma'(z[L,j])*(1-2*a[L,j]))",
     ["--activation", "sigmoid"], 0)])
def test_a_derivative_whose_value_mixes_is_judged_as_written_out(claim, options, code, capsys):
    """dC/dz^L_j is (a^L_j - y_j) σ'(z^L_j): by a^L_k it mixes z^L_j, which comes before a^L_k, with a part with
    a^L_k that is there only at k = j. Written out, such a claim was UNDECIDED; written as a derivative, nothing
    looked at what it mixes, and it was PROVED (found by the red team of stop 33)."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[2,1] + sigma(-b[2,1]^2)*a[L,j])/dz[L,j] = 0", ["--activation", "relu"], 3),     # relu(-b^2) is 0
    ("d(b[2,1] + sigma(b[2,1])*sigma(-b[2,1])*C)/dz[L,j] = sigma(b[2,1])*sigma(-b[2,1])*delta[L,j]",
     ["--activation", "relu"], 3),
    ("d(b[2,1] + log(abs(sgn(b[2,1])))*a[L,j])/dz[L,j] = log(abs(sgn(b[2,1])))*sigma'(z[L,j])", [], 3),
    ("d(b[2,1] + sigma(b[2,1])*C)/dz[L,j] = sigma(b[2,1])*delta[L,j]", ["--activation", "relu"], 0),   # controls
    ("d(b[2,1] + exp(b[2,1])*a[L,j])/dz[L,j] = exp(b[2,1])*sigma'(z[L,j])", [], 0)])
def test_a_factor_that_is_0_for_every_value_switches_vs_part_off(claim, options, code, capsys):
    """relu(-b^2), relu(b) relu(-b) and log |sgn b| are 0 for every b (almost): beside V's part they make b + (that)
    the seed question's db/dz, and such claims were PROVED: only a guard, a sum or a difference counted as a
    factor that may be 0 (found by the red team of stop 33)."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


def test_a_sum_over_samples_of_guarded_terms_is_differentiated_branch_by_branch(capsys):
    """The second derivative of a mini-batch's cost left a Piecewise that the kernel differentiated by itself
    without end: UNDECIDED, "RecursionError" (found by the red team of stop 33)."""
    second = "(sigma'(z[L,j,s])^2 + (a[L,j,s]-y[j,s])*sigma'(z[L,j,s])*(1-2*a[L,j,s]))/M"
    options = ["--batch", "--activation", "sigmoid"]
    assert main(["verify", f"d(dC/dz[L,j,s])/dz[L,k,t] = [j=k]*[s=t]*{second}", *options]) == 0
    assert main(["verify", f"d(dC/dz[L,j,s])/dz[L,k,t] = [j=k]*{second}", *options]) == 1       # the control
    capsys.readouterr()


def test_a_product_over_an_index_is_kept_whole(tmp_path, capsys):
    """On a concrete softmax net, sympy wrote e^(a sum) as a Product, whose limits the kernel rewrote as if they
    were terms: "the kernel could not read this step", UNDECIDED, for a false step (found by the red team of
    stop 33)."""
    chain = "sum(i=1, n(l+1), dC/da[l+1,i]*da[l+1,i]/da[l,j])*a[l-1,k]"
    path = tmp_path / "twice.proof"
    path.write_text(f"# network: output=softmax cost=log-likelihood\nclaim: {chain} = {chain}*2\n"
                    f"  = {chain}*2   [by algebra]\n")
    assert main(["check", str(path), "--widths", "2,3,2"]) == 1
    path.write_text(f"# network: output=softmax cost=log-likelihood\n"               # the control
                    f"claim: dC/da[l,j]*sigma'(z[l,j])*a[l-1,k] = {chain.replace('*a[l-1,k]', '')}*sigma'(z[l,j])"
                    f"*a[l-1,k]\n  = {chain.replace('*a[l-1,k]', '')}*sigma'(z[l,j])*a[l-1,k]   [by chain rule]\n")
    assert main(["check", str(path), "--widths", "2,3,2"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[l,j] + a[l,j]/sigma(z[l,j]))/dz[l,j] = 0", [], 3),                       # a^l_j / σ(z^l_j) is 1
    ("d(b[l,j] + a[l,j]*(1+exp(-z[l,j])))/dz[l,j] = 0", ["--activation", "sigmoid"], 3),
    ("d(b[l,j] + a[l,j]*exp(-log(sigma(z[l,j]))))/dz[l,j] = 0", [], 2),      # stop 48: e^(-ln u) is 1/u: bad input
    ("d(b[l,j] + z[l,j]*(a[l,j] - sigma(z[l,j])))/dz[l,j] = 0", [], 3),
    ("d(b[l,j] + a[l,j]*sigma'(z[l,j]))/dz[l,j] = sigma'(z[l,j])^2 + a[l,j]*sigma'(z[l,j])*(1-2*a[l,j])",
     ["--activation", "sigmoid"], 0)])                                                          # the control
def test_factors_with_v_that_may_cancel_do_not_carry_it(claim, options, code, capsys):
    """Several factors that hold V may cancel one another (a^l_j / σ(z^l_j) = 1): b + (that) is b, and the first
    version of the rule that replaced the one-place rule at stop 33 PROVED such claims, which the old rule left
    UNDECIDED (found in review). Several factors stay accepted only as polynomials in V's places, σ and σ' of them."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[2,1] + sigma(-z[L,j]^2))/dz[L,j] = 0", ["--activation", "relu"], 3),                # relu(-z^2) is 0
    ("d(b[2,1] + sgn(z[L,j])^2)/dz[L,j] = 0", [], 3),                                         # sgn(z)^2 is 1
    ("d(b[2,1] + abs(sgn(z[L,j])))/dz[L,j] = 0", [], 3),
    ("d(b[2,1] + sigma'(z[L,j]))/dz[L,j] = 0", ["--activation", "identity"], 3),               # σ' is 1
    ("d(b[2,1] + sigma(z[L,j]))/dz[L,j] = sigma'(z[L,j])", ["--activation", "relu"], 0),      # the controls
    ("d(b[2,1] + sigma(sigma(z[L,j] - b[2,1])))/dz[L,j] = sigma'(z[L,j] - b[2,1])*sigma'(sigma(z[L,j] - b[2,1]))",
     ["--activation", "relu"], 0)])
def test_a_function_that_stays_put_does_not_carry_v(claim, options, code, capsys):
    """V inside a function counted as V's part whatever the function: relu(-z^2), sgn(z)^2, |sgn z| and the
    identity's σ' stay put as z moves, so b + (that) is b, the seed question's db/dz; such claims were PROVED
    (found in review at stop 33)."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


def test_a_difference_across_a_kink_is_no_counterexample(capsys):
    """a^L_3 is relu(z^L_3) = 0 exactly at seed 100 on [3, 4, 5]: the central difference of relu(a^L_3) there,
    (relu(h) - relu(-h))/2h = 1/2, refuted d relu(a^L_j)/da^L_j = 1, true wherever it has a value (found by the
    red team of stop 33). A difference whose kink argument changes sign, or is 0, has no value."""
    assert main(["verify", "d(sigma(a[L,j]))/da[L,j] = 1", "--activation", "relu"]) == 3
    assert main(["evaluate", "d(sigma(a[L,j]))/da[L,j] = sigma'(z[L,j])", "--widths", "3,4,5", "--seed", "100",
                 "--activation", "relu", "--at", "j=3"]) == 3
    assert main(["verify", "d(sigma(a[l,j]))/da[l,j] = 1", "--activation", "relu"]) == 1     # the control: at
    capsys.readouterr()                                                                     # l = 1, x < 0 there


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[l,j] + a[l,j]*sigma(-z[l,j]))/dz[l,j] = sigma'(z[l,j])*sigma(-z[l,j]) - a[l,j]*sigma'(-z[l,j])",
     ["--activation", "relu"], 3),                                                  # relu(z) relu(-z) is 0
    ("d(b[l,j] + z[l,j]*sigma(-z[l,j]^2))/dz[l,j] = 0", ["--activation", "relu"], 3),
    ("d(b[l,j] + sigma(z[l,j])*sigma(-z[l,j]))/dz[l,j] = sigma'(z[l,j])*sigma(-z[l,j]) - sigma(z[l,j])*sigma'(-z[l,j])",
     ["--activation", "sigmoid"], 0),                                               # the control: sigmoid moves
    ("d(b[2,1] + a[2,1])/dz[2,1] = 0", ["--output", "softmax", "--widths", "3,1"], 3),   # one softmax output is 1
    ("d(b[L,j] + C)/dz[L,j] = delta[L,j]", ["--output", "softmax", "--cost", "log-likelihood"], 0),    # C reads
    ("d(b[L,j] + a[L,k])/dz[L,j] = a[L,k]*([j=k]-a[L,j])", ["--output", "softmax"], 3),
    ("d(b[2,1] + a[2,1])/dz[2,1] = a[2,1]*(1-a[2,1])", ["--output", "softmax", "--widths", "3,2"], 0),  # controls
    ("d(b[L,j] + C)/da[L,j] = -y[j]/a[L,j]", ["--output", "softmax", "--cost", "log-likelihood"], 0)])
def test_relu_factors_and_a_softmax_of_one_output_do_not_carry_v(claim, options, code, capsys):
    """Two factors with V under relu may have no common support (relu(z) relu(-z) is 0), and a softmax output layer
    of one is 1 whatever z^L is: b + (that) is b, and such claims were PROVED, at index level (n_L = 1 is in the
    domain) and on --widths 3,1 (found by the red team of stop 33). C stays a function of every node, a constant
    one there: dC/dz^L_j is δ^L_j, 0 on such a layer, and the library's L2 proofs write C as C0 + the penalty."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[2,1] + a[L,1] - sigma(z[2,1]))/dz[L,1] = [3<=L]*sigma'(z[L,1])", [], 3),       # b^2_1 where L = 2
    ("d(b[2,1] + a[L,1]/sigma(z[2,1]))/dz[L,1] = [3<=L]*sigma'(z[L,1])/sigma(z[2,1])", [], 3),
    ("d(b[2,1] + a[L-1,1] - sigma(z[2,1]))/dz[L-1,1] = [4<=L]*sigma'(z[L-1,1])", [], 3),
    ("d(b[2,1] + a[l,1] - tanh(z[2,1]))/dz[l,1] = [3<=l]*(1 - a[l,1]^2)", ["--activation", "tanh", "--widths",
                                                                             "1,1,1"], 3),
    ("d(b[2,1] + a[L,1])/dz[L,1] = sigma'(z[L,1])", [], 0)])                                    # the control
def test_a_node_that_is_v_at_some_instances_may_cancel_vs_part(claim, options, code, capsys):
    """σ(z^2_1) is σ(z^L_1) where L = 2, and cancels a^L_1 there: b + a^L_1 - σ(z^2_1) is b. A node whose order
    against V the domain does not decide was taken for one before V, never for V's part, and such claims were
    PROVED by cases on L (found by the red team of stop 33)."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


def test_a_unit_relu_has_switched_off_is_no_kink(capsys):
    """Where a^L_1 = relu(z^L_1) is 0 at both ends of the difference (z^L_1 = -0.61 at seed 1 on [2, 2]), |a^L_1| is
    flat, not at a kink, and its derivative 0 is a counterexample to d|a^L_1|/db^L_1 = 1, which the kink check of
    this stop had thrown away (found by the red team of stop 33)."""
    assert main(["evaluate", "d(abs(a[L,1]))/db[L,1] = 1", "--widths", "2,2", "--seed", "1",
                 "--activation", "relu"]) == 1
    assert main(["verify", "d(abs(a[L,1]))/db[L,1] = 1", "--activation", "relu"]) == 1
    assert main(["evaluate", "d(abs(a[L,1]))/db[L,1] = 1", "--widths", "2,2", "--seed", "4",      # the control: a
                 "--activation", "relu"]) == 0                                                     # live unit
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(C - C0)/dz[l,j] = 0", ["--regularization", "l2"], 3),           # the penalty alone: the weights' λ w^2/2N
    ("d(C0 - C)/dz[l,j] = 0", ["--regularization", "l1"], 3),
    ("d(C - C0)/dz[l,j] = 0", ["--regularization", "l2", "--widths", "2,2,2"], 3),
    ("d(C - C0 + z[l,j])/dz[l,j] = 1", ["--regularization", "l2"], 3),
    ("d(C - sum(k=1,n(L),(a[L,k]-y[k])^2)/2)/dz[L,j] = 0", ["--regularization", "l2"], 3),        # C0 written out
    ("d(C + sum(k=1,n(L),y[k]*log(a[L,k])))/dz[L,j] = 0", ["--regularization", "l2", "--output", "softmax",
                                                           "--cost", "log-likelihood"], 3),
    ("d(C - sum(p=1,n(L),(a[L,p]-y[p])^2)/2)/dw[L,j,k] = lambda/N*w[L,j,k]", ["--regularization", "l2"], 0),
    ("dC/db[l,j] = delta[l,j]", ["--regularization", "l2"], 0)])                               # the controls
def test_the_two_costs_cancel_vs_part(claim, options, code, capsys):
    """C - C0 is the penalty on the weights, a function of w alone, in which V's part of C and of C0 cancel; with no
    quantity named, nothing looked at the mix, and such claims were PROVED (found by the red team of stop 33)."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[L,j] + log(y[j])*z[L,j])/dz[L,j] = log(y[j])", ["--output", "softmax", "--cost", "log-likelihood",
                                                          "--widths", "2,1"], 3),        # y_1 = 1: log y_1 = 0
    ("d(b[L,j] + log(y[j])*z[L,j])/dz[L,j] = log(y[j])", ["--activation", "sigmoid", "--cost", "log-likelihood"], 3),
    ("d(b[L,j] + y[j]*z[L,j])/dz[L,j] = y[j]", ["--output", "softmax", "--cost", "log-likelihood"], 0)])  # control
def test_log_of_a_probability_vector_of_one_is_0(claim, options, code, capsys):
    """Under the log-likelihood y is a probability vector, and one of one output is 1: log y_1 beside V's part made
    b + 0 z^L_1 a function of z^L_1, PROVED (found by the red team of stop 33)."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


# --- found at stop 34 -----------------------------------------------------------------------

SOFTMAX_LL = ["--output", "softmax", "--cost", "log-likelihood"]


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[L,1] + sum(k=1, n(L), z[L,1]*(a[L,k]-1/n(L))))/dz[L,1] = 0", ["--output", "softmax"], 3),
    ("d(b[L,1] + sum(k=1, n(L), z[L,1]*(a[L,k]-y[k])))/dz[L,1] = 0", SOFTMAX_LL, 3),
    ("d(b[L,1] + sum(k=1, n(L), z[L,1]*(a[L,k]-y[k])))/dz[L,1] = 0", ["--widths", "2,3", *SOFTMAX_LL], 3),
    ("d(b[l,j] + sum(k=1,n(l-1),w[l,j,k]*z[l,j]))/dz[l,j] = sum(k=1,n(l-1),w[l,j,k])", [], 0)])     # the control
def test_terms_of_a_sum_that_cancel_do_not_carry_v(claim, options, code, capsys):
    """Σ_k a^L_k = 1 under softmax: b + z^L_1 Σ_k (a^L_k - 1/n_L) is b. Each term carried V, and the sum was taken
    to carry it, PROVED (found by the red team of stop 34). V's places in a sum must now be free of its index."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("d(b[2,1] + z[2,1]*(a[2,1]-1))/dz[2,1] = 0", ["--widths", "2,1", *SOFTMAX_LL], 3),
    ("d(w[2,1,1] + z[2,1]*(a[2,1]-y[1]))/dz[2,1] = 0", ["--widths", "2,1", *SOFTMAX_LL], 3),
    ("d(b[L,1] + z[L,1]*(a[L,1]-1))/dz[L,1] = a[L,1] - 1 + z[L,1]*a[L,1]*(1-a[L,1])", ["--output", "softmax"], 3),
    ("d(b[L,1] + z[L,1]*(a[L,1]-1)^2)/dz[L,1] = (a[L,1] - 1)^2 + 2*z[L,1]*(a[L,1]-1)*a[L,1]*(1-a[L,1])",
     ["--output", "softmax", "--activation", "sigmoid", "--cost", "cross-entropy"], 3),
    ("d(b[2,1] + z[2,1]*(a[2,1]-1))/dz[2,1] = a[2,1] - 1 + z[2,1]*a[2,1]*(1-a[2,1])",       # the controls: two
     ["--widths", "2,2", "--output", "softmax"], 0),                                        # outputs, a node
    ("d(z[l,j]*z[L,j])/dz[L,j] = z[l,j] + [l=L]*z[L,j]", [], 0)])
def test_a_factor_with_v_that_is_0_somewhere_does_not_carry_it(claim, options, code, capsys):
    """a^L_1 - 1 is 0 on a softmax output layer of one: b + z^L_1 (a^L_1 - 1) is b there. Beside a factor that
    carries V, the product's other factors with V were asked to be `plain` alone, and such claims were PROVED
    (found by the red team of stop 34). Each must now carry V too, or be never 0."""
    assert main(["verify", claim, *options]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("claim, code", [
    ("sum(k=5, 2, b[l,1]) = 0*b[l,1]", 0), ("sum(m=l+2, l, b[m,1])*b[l,1] = 0*b[l,1]", 0),
    ("sum(k=5, 2, [k=j])*b[l,j] = 0*b[l,j]", 0),
    ("sum(k=5, 2, b[l,1]) = -2*b[l,1]", 1), ("sum(m=l+2, l, b[m,1])*b[l,1] = -b[l+1,1]*b[l,1]", 1),   # sympy's
    ("sum(k=5, 2, b[l,1]) + sum(k=3, 4, b[l,1]) = 0*b[l,1]", 1)])              # (Karr's) reversed sums: false
def test_a_sum_over_a_range_shown_empty_is_0(claim, code, capsys):
    """A sum whose upper bound lies below its lower bound by two or more was kept, and such true claims were
    UNDECIDED (found by the red team of stop 34). Such a sum is 0, as every empty sum is in derive's notation,
    never sympy's reversed sum."""
    assert main(["verify", claim]) == code, claim
    capsys.readouterr()


@pytest.mark.parametrize("suffix, code", [(" [l=L-1]", 2), (" [by the way this is false]", 2), (" [j<=k]", 2),
                                          ("", 0)])                                             # the control
def test_a_claim_line_drops_nothing(tmp_path, suffix, code, capsys):
    """A trailing bracket on a .proof claim line was split off as a reason and dropped: `claim: dC/dz[l,j] =
    delta[l,j] [l=L-1]`, false as written, was PROVED, under --strict too (found by the red team of stop 34). It
    is now bad input, as it is in .tex and .md claims."""
    path = tmp_path / "claim.proof"
    path.write_text(f"claim: dC/dz[l,j] = delta[l,j]{suffix}\n  = delta[l,j]   [by definition of delta]\n")
    assert main(["check", str(path), "--strict"]) == code
    assert ("takes no reason" in capsys.readouterr().err) == (code == 2)


@pytest.mark.parametrize("claim, step, why, code", [
    ("exp(b[l,j])*dC/db[l,j] = exp(b[l,j])*delta[l,j]", "exp(b[l,j])*delta[l,j]", "BP3", 3),
    ("(1+a[l,j]^2)*dC/db[l,j] = (1+a[l,j]^2)*delta[l,j]", "(1+a[l,j]^2)*delta[l,j]", "BP3", 3),
    ("(1+a[l-1,k]^2)*dC/dw[l,j,k] = (1+a[l-1,k]^2)*a[l-1,k]*delta[l,j]", "(1+a[l-1,k]^2)*a[l-1,k]*delta[l,j]", "BP4", 3),
    ("dC/db[l,1] = delta[l,1]", "delta[l,1]", "BP3", 0)])          # the control: an instance of BP3 may cite it
def test_a_restatement_scaled_by_a_quantity_cannot_cite_itself(tmp_path, claim, step, why, code, capsys):
    """e^(b^l_j) dC/db^l_j = e^(b^l_j) δ^l_j is BP3 wherever e^b is not 0, that is everywhere: a proof of it that
    cites BP3 was PROVED (found by the red team of stop 34). A factor with the network's quantities that is 0 at
    no value of them, like a constant one, now makes the claim a restatement (y_1 dC/db = y_1 δ, which says less,
    may still cite BP3: the test of shifted restatements holds that control)."""
    path = tmp_path / "scaled.proof"
    path.write_text(f"claim: {claim}\n  = {step}   [by {why}]\n")
    assert main(["check", str(path), "--strict"]) == code
    assert ("circular" in capsys.readouterr().out) == (code == 3)


def test_an_identity_built_from_two_may_cite_both(tmp_path, capsys):
    """The control of the class above: a δ^l_j = dC/dw restates neither BP3 nor BP4."""
    path = tmp_path / "both.proof"
    path.write_text("claim: a[l-1,k]*dC/db[l,j] = dC/dw[l,j,k]\n  = a[l-1,k]*delta[l,j]   [by BP3]\n"
                    "  = dC/dw[l,j,k]   [by BP4]\n")
    assert main(["check", str(path), "--strict"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("activation, rhs, code", [
    ("identity", "1", 0), ("identity", "2", 1),                        # σ' is 1: b + z is what is differentiated
    ("relu", "1", 3)])                                                 # σ' is 0 below 0: b + 0 there
def test_the_identitys_sigma_prime_beside_v_is_a_plain_factor(activation, rhs, code, capsys):
    """z σ'(z) under the identity is z, and b + z σ'(z) mixes b with V's part: left UNDECIDED as σ' never moves
    (red team of stop 34). As a factor it is 1, so it cannot cancel another; under relu it is 0 below 0."""
    claim = f"d(b[2,1] + z[2,1]*sigma'(z[2,1]))/dz[2,1] = {rhs}"
    assert main(["verify", claim, "--activation", activation]) == code
    capsys.readouterr()


@pytest.mark.parametrize("widths, index, domain, status", [
    ([2, 2, 2], (Rational(5, 2), 1), (), "undecided"),                      # no layer 5/2
    ([2, 3, 2], (2, Rational(3, 2)), (), "undecided"),                      # no neuron 3/2
    (None, ((L + 2) / 2, 1), (), "undecided"),                              # a layer at even L only
    (None, (L, (j + 1) / 2), ((j, 1, n(L)),), "undecided"),                 # a neuron at odd j only
    ([2, 2, 2], (2, 1), (), "proved")])                                     # the control
def test_an_index_that_is_no_whole_number_has_no_meaning(widths, index, domain, status):
    """dC/db^(5/2)_1 = δ^(5/2)_1 built through the API was PROVED: the kernel checked that each index lies in its
    range, never that it is a whole number (found by the red team of stop 34; the reader builds no such index)."""
    network = Network(widths) if widths else Network()
    lhs, rhs = Partial(C, b[index]), delta[index]
    claim = Identity("c", "c", lhs, rhs, domain)
    derivation = Derivation(lhs, rhs, claim.domain, [Step(lhs, rhs, "chain-rule")])
    assert kernel_for(network).check(claim, derivation).status == status


def test_a_proof_can_be_deep_copied():
    """copy.deepcopy of a Proof raised TypeError (a step's read-only detail): a copy is the same proof."""
    import copy
    proof = prove("bp3")
    again = copy.deepcopy(proof)
    assert again.proved and again.derivation.steps == proof.derivation.steps


CASE_L_WRITTEN_l = """claim: dC/db[l,j] = delta[l,j]
case: l = L
= dC/dz[l,j]  [by chain rule]
= {top}  [by definition]
case: l < L
= dC/dz[l,j]  [by chain rule]
= delta[l,j]  [by definition]
"""

CASE_L_WRITTEN_l_TEX = r"""% claim: \frac{\partial C}{\partial b^l_j} = \delta^l_j
% case: l = L
\begin{align*}
\frac{\partial C}{\partial b^l_j} &= \frac{\partial C}{\partial z^l_j} && \text{(chain rule)} \\
&= TOP && \text{(definition)}
\end{align*}
% case: l < L
\begin{align*}
\frac{\partial C}{\partial b^l_j} &= \frac{\partial C}{\partial z^l_j} && \text{(chain rule)} \\
&= \delta^l_j && \text{(definition)}
\end{align*}
"""

HIDDEN_CASE_MD = """<!-- claim: \\frac{\\partial C}{\\partial w^l_{jk}} = a^{l-1}_k \\delta^l_j -->

FIRST
<!-- case: l = L -->
$$
\\begin{aligned}
\\frac{\\partial C}{\\partial w^X_{jk}}
 &= \\frac{\\partial C}{\\partial a^X_j} \\sigma'(z^X_j) a^{X-1}_k \\\\\\\\
 &= (a^X_j - y_j) \\sigma'(z^X_j) a^{X-1}_k \\\\\\\\
 &= a^{X-1}_k \\delta^X_j
\\end{aligned}
$$

And also:
<!-- case: l < L -->
$$
\\begin{aligned}
\\frac{\\partial C}{\\partial w^l_{jk}}
 &= \\frac{\\partial C}{\\partial a^l_j} \\sigma'(z^l_j) a^{l-1}_k \\\\\\\\
 &= a^{l-1}_k \\delta^l_j
\\end{aligned}
$$
"""


@pytest.mark.parametrize("first, base, proved", [
    ("For every layer:", "l", False),                           # (a^l - y) sigma'(z^l) a^{l-1}: true at l = L only
    ("For $l = L$:", "l", False),                               # words, which a page may hide, say no more
    ("For every layer:\\phantom{Case $l = L$:}", "l", False),    # (red team of stop 43: so it did)
    ("For every layer:", "L", True)])                           # the control: the base case written at L
def test_a_step_that_holds_only_in_a_hidden_case_is_bad_input(tmp_path, first, base, proved):
    """A case note (<!-- case: l = L -->, % case: ...) is hidden on the page, and its display was checked for that
    case alone: under 'For every layer:' a page showed dC/dw^l = (a^l - y) sigma'(z^l) a^{l-1}, true at l = L only,
    in a file derive PROVED (found by the red team of stop 42). Each step under a hidden case must also hold as the
    page shows it, wherever its formulas have a meaning (a row of layer l + 1 has none at l = L: it says l < L)."""
    text = HIDDEN_CASE_MD.replace("FIRST", first).replace("X", base)
    if proved:
        assert check_text(tmp_path, text, name="case.md").verdict.status == "proved"
    else:
        with pytest.raises(DocumentError, match="which only a note hidden on the page says"):
            check_text(tmp_path, text, name="case.md")


def test_a_step_that_holds_only_in_a_hidden_inductive_step_is_bad_input(tmp_path):
    """The same under a hidden l < L: dC/dw^l = dC/dw^l (1 - [l = L]) holds for l < L and has a meaning at l = L,
    where it is false; the page shows it for every l."""
    text = HIDDEN_CASE_MD.replace("FIRST", "Base case.").replace("X", "L")
    guarded = text.replace("&= \\frac{\\partial C}{\\partial a^l_j} \\sigma'(z^l_j) a^{l-1}_k \\\\\\\\\n &= a^{l-1}_k",
                           "&= (1 - [l = L]) \\frac{\\partial C}{\\partial a^l_j} \\sigma'(z^l_j) a^{l-1}_k \\\\\\\\\n "
                           "&= (1 - [l = L]) a^{l-1}_k", 1)
    assert guarded != text and check_text(tmp_path, text, name="plain.md").verdict.status == "proved"
    with pytest.raises(DocumentError, match="which only a note hidden on the page says"):
        check_text(tmp_path, guarded, name="guarded.md")


HIDDEN_NARROWED = {   # name: (text with X, the bad X, the control's X): a hidden claim or case narrows what is checked
    "continued": ("% claim: \\frac{\\partial C}{\\partial w^l_{jk}} = a^{l-1}_k \\delta^l_j\nBase case:\n% case: l = L\n"
                  "\\begin{align*}\n\\frac{\\partial C}{\\partial w^L_{jk}} &= \\frac{\\partial C}{\\partial a^L_j} "
                  "\\sigma'(z^L_j) a^{L-1}_k && \\text{(derivative of the definition)} \\\\\n"
                  "&= a^{L-1}_k \\delta^L_j && \\text{(BP1)}\n\\end{align*}\nFor every layer $l$:\n% case: l < L\n"
                  "\\begin{align*}\n\\frac{\\partial C}{\\partial w^l_{jk}} &= \\frac{\\partial C}{\\partial a^l_j} "
                  "\\frac{\\partial a^l_j}{\\partial w^l_{jk}} + X && \\text{(chain rule)} \\\\\n"
                  "&= \\frac{\\partial C}{\\partial a^l_j} \\sigma'(z^l_j) a^{l-1}_k && \\text{(derivative)}\n"
                  "\\end{align*}\nand, below the output layer,\n\\begin{align*}\n"
                  "&= \\left(\\sum_{i=1}^{n_{l+1}} w^{l+1}_{ij} \\delta^{l+1}_i\\right) \\sigma'(z^l_j) a^{l-1}_k && "
                  "\\text{(chain rule)} \\\\\n&= a^{l-1}_k \\delta^l_j && \\text{(BP2)}\n\\end{align*}\n",
                  "\\frac{\\partial a^l_j}{\\partial b^L_1}", "0"),
    "same-line": ("For a hidden layer:\n% case: l < L\n\\[ \\sum_{k=1}^{n_{l+1}} \\frac{\\partial C}{\\partial z^{l+1}_k} "
                  "w^{l+1}_{kj} = \\frac{\\partial C}{\\partial a^l_j} \\] \\[ = X \\]\n",   # two displays, one line
                  "\\sum_{k=1}^{n_L} \\frac{\\partial C}{\\partial z^L_k} \\frac{\\partial z^L_k}{\\partial a^l_j}",
                  "\\frac{\\partial C}{\\partial a^l_j} \\cdot 1"),
    "same-line-first": ("For a hidden layer:\n% case: l < L\n\\[ \\frac{\\partial z^l_i}{\\partial b^L_j} = X \\] "
                        "\\[ = \\frac{\\partial z^l_i}{\\partial b^{l+1}_1} \\]\n",          # its red team: the row of
                        "0", "\\frac{\\partial z^l_i}{\\partial b^L_j}"),          # the first display on the line
    "unranged": ("% claim: \\frac{\\partial z^l_i}{\\partial b^L_j} = [l = L][i = j]\n% case: l = L\n\\begin{align*}\n"
                 "\\frac{\\partial z^L_i}{\\partial b^L_j} &= [i = j] && \\text{(derivative of the definition)}\n"
                 "\\end{align*}\n% case: l < L\n\\begin{align*}\n\\frac{\\partial z^l_i}{\\partial b^L_j} &= [i = j]\\,"
                 "\\frac{\\partial z^l_1}{\\partial b^{l+1}_1}\n\\end{align*}\nNext,\n\\begin{align*}\n"
                 "&= [i = j]\\,X \\\\\n&= 0 \\\\\n&= [l = L][i = j]\n\\end{align*}\n",   # its red team: a display that
                 "\\frac{\\partial z^l_1}{\\partial b^L_1}", "\\frac{\\partial z^l_1}{\\partial b^{l+1}_1}")}  # ranges no j


@pytest.mark.parametrize("name", sorted(HIDDEN_NARROWED))
def test_a_step_checked_where_a_hidden_note_narrows_it_is_checked_as_its_display_shows_it(tmp_path, name):
    """Found by the red team of stop 43: a case's display about layer l alone was continued by a '= ...' display of
    layer l + 1: the page showed a row false for some instance in a PROVED file (as did hidden claims that raised
    l's lowest layer or narrowed j, bad input now: test_a_guard_that_is_0_wherever_...). Each step is
    checked again on the domain its own display's formulas give; the control (a true row) proves. Two displays
    that start on one line are two (stop 44: the first's l + 1 made the second's row false at l = L about l < L)."""
    text, bad, good = HIDDEN_NARROWED[name]
    assert check_text(tmp_path, text.replace("X", good), name="good.tex").verdict.status == "proved"
    with pytest.raises(DocumentError, match="which only a note hidden on the page says"):
        check_text(tmp_path, text.replace("X", bad), name="bad.tex")


@pytest.mark.parametrize("row, proved", [
    ("\\sum_{k=1}^{n_L} \\frac{\\partial C}{\\partial z^L_k} \\frac{\\partial z^L_k}{\\partial a^l_i}", False),
    ("\\frac{\\partial C}{\\partial a^l_i} \\cdot 1", True)])                  # the control: true at every l
def test_a_row_whose_display_ranges_no_index_is_checked_as_its_chain_shows_it(tmp_path, row, proved):
    """Found by review (stop 44): a Markdown row whose display names j only in [i = j] gave its display no domain,
    and such a step was not checked again: under a hidden case l < L the page showed, as general, a row that is
    false at l = L (there dz^L_k/da^L_i is 0). The row is checked on the domain of its chain's formulas then."""
    text = ("For a hidden layer:\n\n<!-- case: l < L -->\n\n$$\n\\frac{\\partial C}{\\partial a^l_j} = \\sum_{i=1}^{n_l}"
            " [i = j] \\frac{\\partial C}{\\partial a^l_i}\n$$\n\n$$\n= \\sum_{i=1}^{n_l} [i = j] ROW\n$$\n")
    if proved:
        assert check_text(tmp_path, text.replace("ROW", row), name="row.md").verdict.status == "proved"
    else:
        with pytest.raises(DocumentError, match="which only a note hidden on the page says"):
            check_text(tmp_path, text.replace("ROW", row), name="row.md")


def test_a_network_line_in_an_environment_does_not_say_the_network(tmp_path, capsys):
    """An environment the page defines may drop its body (xparse's +b: the red team's \\begin{netnote}): a network
    line inside any environment but the document says nothing; outside it, it does (the control)."""
    page = ("\\documentclass{article}\n\\usepackage{amsmath}\n\\NewDocumentEnvironment{netnote}{+b}{}{}\n"
            "\\begin{document}\n% network: activation=identity\nLINE\nFor the output layer,\n\\begin{align*}\n"
            "\\frac{\\partial C}{\\partial b^L_j} &= \\frac{\\partial C}{\\partial a^L_j} \\sigma'(z^L_j) && "
            "\\text{(chain rule)} \\\\\n&= a^L_j - y_j && \\text{(definition)}\n\\end{align*}\n\\end{document}\n")
    line = "Network: activation identity."
    inside = page.replace("LINE", f"\\begin{{netnote}}\n{line}\n\\end{{netnote}}")
    assert main(["check", str(_write(tmp_path / "in.tex", inside))]) == 2
    assert "which the page must say too" in capsys.readouterr().err
    assert main(["check", str(_write(tmp_path / "out.tex", page.replace("LINE", line)))]) == 0


@pytest.mark.parametrize("wrapped, shown", [
    ("Text <ruby>x<rp>\nLINE\n</rp></ruby>", False),      # <rp> is not displayed (the red team of stop 43)
    ("<template>\nLINE\n</template>", False),
    ("<noscript>\nLINE\n</noscript>", False),               # hidden where scripts run, as MathJax needs
    ("<details><summary>more</summary>\n\nLINE\n\n</details>", False),
    ("LINE <sup>1</sup>", False),
    ("LINE", True),                                          # the controls: a paragraph, a quote, emphasis
    ("> LINE", True),
    ("**Network:** activation identity.", True)])
def test_a_markdown_network_line_in_html_says_nothing(tmp_path, capsys, wrapped, shown):
    """A browser does not display the text of many HTML elements (<rp>, <template>, <noscript>, a closed <details>):
    a network line in any element, or on a line with a tag, says nothing; in a paragraph or a quote it does."""
    page = ("<!-- network: activation=identity -->\n\nWRAPPED\n\n<!-- claim: \\delta^L_j = \\frac{\\partial C}"
            "{\\partial a^L_j} -->\n\n$$\n\\begin{aligned}\n\\delta^L_j &= \\frac{\\partial C}{\\partial a^L_j} "
            "\\sigma'(z^L_j) && \\text{BP1} \\\\\\\\\n&= \\frac{\\partial C}{\\partial a^L_j} && \\text{activation}\n"
            "\\end{aligned}\n$$\n")
    text = page.replace("WRAPPED", wrapped.replace("LINE", "Network: activation identity."))
    assert main(["check", str(_write(tmp_path / "page.md", text))]) == (0 if shown else 2)
    assert ("which the page must say too" in capsys.readouterr().err) is not shown


@pytest.mark.parametrize("reason, proved", [
    ("chain rule", False),
    ("chain rule, $l = L$", False),                  # a case l < L: l = L in the reason changes nothing
    ("chain rule, $l < L$", True),                   # the row's own reason says its layers: the page shows them
    ("chain rule, for $l \\le L - 1$", True),
    ("chain rule, false at $l < L$", False),         # words before the condition deny it (stop 44)
    ("chain rule, not only for $l < L$", False),
    ("chain rule; it holds at $l = L$ as well, not only for $l < L$", False),      # the red team of stop 44
    ("chain rule, except, $l < L$", False),
    ("chain rule, $l$<$L$", False),                  # not one formula: TeX's text font sets l¡L (stop 44)
    ("chain rule, l<L", False),
    ("chain rule outside $l < L$", False),
    ("chain rule for $l < L$", True),                # the red team's student forms (stop 44)
    ("chain rule, since $\\ell < L$", True),
    ("chain rule, $2 \\le l < L$", True),
    ("chain rule, $l \\neq L$", True),
    ("chain rule through the output layer, $l < L$", True),
    ("chain rule save for $l < L$", False),          # words that deny or widen it (the red team of stop 44)
    ("chain rule cannot hold for $l < L$", False),
    ("chain rule even for $l < L$", False),
    ("chain rule, for all $l < L$", True),           # a quantifier and the network's words (stop 45)
    ("chain rule for every hidden layer $l < L$", True),
    ("chain rule, for all but $l < L$", False),      # the controls: other words still deny it
    ("chain rule, for not all $l < L$", False),
    ("chain rule, for all layers except $l < L$", False),
    ("chain rule through $z^L_k$, for $l < L$", True),        # a quantity set as math (Markdown exports, stop 46)
    ("chain rule through $a^{l+1}_k$ for $l < L$", True),
    ("chain rule save $z^L_k$, for $l < L$", False),         # the controls: words beside it still deny it
    ("chain rule through $z^L_k = 0$, for $l < L$", False),   # a formula, not a quantity
    ("chain rule through $l \\ne L$, for $l < L$", False),
    ("chain rule $\\neg$ for $l < L$", False),               # a command, not a quantity (its second red team)
    ("chain rule through $z^L_k$ $\\forall$ $l$ $\\le$ $L$, for $l < L$", False),
    ("chain rule through $a^{all l}_k$, for $l < L$", False),   # words in a script
    ("chain rule through $z^L_k$ with $\\infty$ $l$; for $l < L$", False),
    ("chain rule, for every output layer $l < L$", False),    # 'output' no longer joins the condition
    ("chain rule through $\\delta^{l+1}_{k}$, for $l < L$", True),
    ("chain rule \u039d\u039f\u03a4 for $l < L$", False),       # NOT in Greek capitals (its third red team)
    ("chain rule \uff2e\uff2f\uff34 for $l < L$", False),       # and in fullwidth letters
    ("chain rule \u2200 $L$ and for $l < L$", False)])
def test_a_rows_reason_may_say_the_layers_it_holds_for(tmp_path, reason, proved):
    """dC/da^l_j = sum_k dC/dz^L_k dz^L_k/da^l_j holds for l < L alone (at l = L it is 0) and names no quantity of layer
    l + 1: under a hidden case l < L it was refused as bad input whatever the page said (the red team of stop 43,
    a true row a student writes). A condition in the row's own reason, beside the formula, is shown with it."""
    text = ("For a hidden layer:\n% case: l < L\n\\begin{align*}\n\\frac{\\partial C}{\\partial a^l_j} &= "
            "\\sum_{k=1}^{n_L} \\frac{\\partial C}{\\partial z^L_k} \\frac{\\partial z^L_k}{\\partial a^l_j} && "
            f"\\text{{({reason})}}\n\\end{{align*}}\n")
    if proved:
        assert check_text(tmp_path, text, name="reason.tex").verdict.status == "proved"
    else:
        with pytest.raises(DocumentError, match="say the layers in the row's reason"):
            check_text(tmp_path, text, name="reason.tex")


@pytest.mark.parametrize("name, text, proved", [
    ("note.tex", "% case: l = L\n\\begin{align}\n\\delta^l_j &= (a^l_j - y_j)\\sigma'(z^l_j) % by: definition, $l = L$\n"
                 "\\end{align}\n", False),
    ("note.md", "<!-- case: l = L -->\n\n<!-- by: definition, $l = L$ -->\n$$\\delta^l_j = (a^l_j - y_j)\\sigma'(z^l_j)$$\n",
     False),
    ("shown.tex", "% case: l = L\n\\begin{align}\n\\delta^l_j &= (a^l_j - y_j)\\sigma'(z^l_j) && "
                  "\\text{(definition, $l = L$)}\n\\end{align}\n", True),
    ("denied.tex", "% case: l = L\n\\begin{align}\n\\delta^l_j &= (a^l_j - y_j)\\sigma'(z^l_j) && "      # stop 44
                   "\\text{(definition, for every layer, not only $l = L$)}\n\\end{align}\n", False),
    ("every.tex", "% case: l = L\n\\begin{align}\n\\delta^l_j &= (a^l_j - y_j)\\sigma'(z^l_j) && "         # its red team
                  "\\text{(definition; for every layer $l$, $l = L$)}\n\\end{align}\n", False),
    ("save.tex", "% case: l = L\n\\begin{align}\n\\delta^l_j &= (a^l_j - y_j)\\sigma'(z^l_j) && "
                 "\\text{(definition save for $l = L$)}\n\\end{align}\n", False)])
def test_a_hidden_reason_says_no_layers(tmp_path, name, text, proved):
    """A by: note is hidden on the page as the case note is: its `$l = L$` left a row in l, false for l < L, checked
    at l = L alone (the red team of stop 43). Only a reason the page shows says the layers (the control), and only
    as its last words, after a comma or for, at, when, if or where: 'not only $l = L$' denies it."""
    if proved:
        assert check_text(tmp_path, text, name=name).verdict.status == "proved"
    else:
        with pytest.raises(DocumentError, match="which only a note hidden on the page says"):
            check_text(tmp_path, text, name=name)


@pytest.mark.parametrize("name, text", [
    ("c3.tex", "% claim: \\frac{\\partial C}{\\partial a^l_j} = \\sum_k w^{l+1}_{kj} \\delta^{l+1}_k\n% case: l = L\n"
               "\\begin{align*}\n\\frac{\\partial C}{\\partial a^{L-1}_j} &= \\sum_k \\frac{\\partial C}{\\partial z^{L}_k} "
               "\\frac{\\partial z^{L}_k}{\\partial a^{L-1}_j} && \\text{(chain rule)} \\\\\n&= \\sum_k w^{L}_{kj} "
               "\\delta^{L}_k && \\text{(definitions)}\n\\end{align*}\n% case: l < L\n\\begin{align*}\n"
               "\\frac{\\partial C}{\\partial a^l_j} &= \\sum_k \\frac{\\partial C}{\\partial z^{l+1}_k} \\frac{\\partial "
               "z^{l+1}_k}{\\partial a^l_j} && \\text{(chain rule)} \\\\\n&= \\sum_k w^{l+1}_{kj} \\delta^{l+1}_k && "
               "\\text{(definitions)}\n\\end{align*}\n"),
    ("ab.proof", "claim: dC/da[l,j] = sum(k=1, n(l+1), w[l+1,k,j]*delta[l+1,k])\ncase: l < L\n"
                 "  = sum(k=1, n(l+1), dC/dz[l+1,k]*dz[l+1,k]/da[l,j])   [by chain rule]\n"
                 "  = sum(k=1, n(l+1), w[l+1,k,j]*delta[l+1,k])   [by definitions]\n")])
def test_a_case_of_a_claim_whose_l_stops_below_L_is_bad_input(tmp_path, name, text):
    """The kernel splits a claim at the top of l's range: a claim about l <= L - 1 (a quantity of layer l + 1) had its
    'case l = L' checked at l = L - 1 and its 'case l < L' for l <= L - 2, PROVED under labels that said otherwise
    (the red team of stop 45). Such a case is bad input; the control, one chain, is proved."""
    with pytest.raises(DocumentError, match="of a claim split at l = L, and the claim is about l <= L - 1"):
        check_text(tmp_path, text, name=name)
    if name.endswith(".proof"):
        assert check_text(tmp_path, text.replace("case: l < L\n", ""), name=name).verdict.status == "proved"


def test_an_inductive_step_says_its_case_by_its_own_rows(tmp_path):
    """The wiki's inductive step needs no words for l < L: its display names quantities of layer l + 1, which have no
    meaning at l = L, so it is about l < L as a whole (as is a claim's chain that ends at a claim of layer l + 1)."""
    text = (Path(__file__).parent.parent / "proofs" / "wiki-bp4-induction.tex").read_text()
    quiet = text.replace("Inductive step, $l < L$.", "Inductive step.", 1)
    assert quiet != text and check_text(tmp_path, quiet, name="wiki.tex").verdict.status == "proved"


@pytest.mark.parametrize("note, words, proved", [
    ("activation=identity", "For every activation:", False),           # a = sigma(z) = z shows as if for every sigma
    ("activation=identity", "Linearity and the identity activation.", False),   # words (red team: 'linearity' did)
    ("activation=identity", "\\phantom{Network: activation identity.}", False),   # hidden in a group
    ("activation=identity", "\\newcommand{\\hide}[1]{}\\hide{\nNetwork: activation identity.\n}", False),
    ("activation=identity", "Network: activation sigmoid.", False),
    ("widths=2,3,2", "This solves exercises 1, 2, 3, 2b, for every network.", False),  # numbers that say nothing
    ("activation=identity", "Network: activation identity.", True),     # the controls: the page's network line
    ("activation=identity widths=2,3,2", "{\\small Network: widths 2, 3, 2; activation identity.\\par}", True),
    ("widths=2,3,2 activation=sigmoid cost=cross-entropy regularization=l2", "Network: widths 2,3,2; activation "
     "sigmoid; cost cross-entropy; regularization l2.", True)])         # (as derive's exports write it)
def test_a_network_only_a_note_states_is_bad_input(tmp_path, capsys, note, words, proved):
    """The network note is hidden on the page: under 'For every activation:' a page showed a = sigma(z) = z, true
    for the identity activation alone, in a file derive PROVED (the hidden case's class, stop 43). The page must
    say each choice the note makes in a network line of its own, as derive's exports write it (words anywhere
    did not do: the red team hid them, or wrote them to say something else)."""
    rows = "\\[ a^l_j = \\sigma(z^l_j) = z^l_j \\]\n" if "identity" in note else \
        "\\[ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\]\n"
    claim = "a^l_j = z^l_j" if "identity" in note else "\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j"
    tex = f"% network: {note}\n% claim: {claim}\n{words}\n{rows}"
    markdown = f"<!-- network: {note} -->\n<!-- claim: {claim} -->\n{words}\n{rows}".replace("\\[", "$$").replace(
        "\\]", "$$")
    for name, text in [("net.tex", tex)] + ([("net.md", markdown)] if words[0].isalpha() and "\\" not in words else []):
        assert main(["check", str(_write(tmp_path / name, text))]) == (0 if proved else 2)
        assert ("which the page must say too" in capsys.readouterr().err) is not proved


@pytest.mark.parametrize("suffix, text, code", [
    (".proof", CASE_L_WRITTEN_l.format(top="delta[l,j]"), 0),
    (".tex", CASE_L_WRITTEN_l_TEX.replace("TOP", r"\delta^l_j"), 0),
    (".proof", CASE_L_WRITTEN_l.format(top="2*delta[l,j]"), 1),                  # the controls: a false step
    (".tex", CASE_L_WRITTEN_l_TEX.replace("TOP", r"2\delta^l_j"), 1)])             # in the case l = L
def test_the_case_l_equals_L_may_write_l(tmp_path, suffix, text, code, capsys):
    """In the case l = L a student writes l as often as L: the l of its steps was a free index (REFUTED in a
    .proof) or its chain did not start at the claim (UNDECIDED in LaTeX), found by the red team of stop 34. The
    case's rows now read l as L, and are printed so."""
    path = tmp_path / f"case{suffix}"
    path.write_text(text)
    assert main(["check", str(path)]) == code
    assert "free in this step" not in capsys.readouterr().out


@pytest.mark.parametrize("widths, part, status", [
    (None, lambda: delta[L, 1], "undecided"), ([2, 1], lambda: delta[L, 1], "undecided"),
    (None, lambda: Partial(C, z[L, 1]), "undecided"),
    (None, lambda: Integer(1), "proved")])                     # the control: b + z^L_1, a mix whose part carries z
def test_delta_beside_v_is_a_derivative_that_may_be_0(widths, part, status):
    """δ^L_1 is 0 at every value on a softmax output layer of one: d(b^l_1 + z^L_1 δ^L_1)/dz^L_1 is db/dz there.
    Built through the API, δ passed as a factor never 0 and the claim was PROVED, while the same with dC/dz^L_1 was
    UNDECIDED (found by the red team of stop 34)."""
    from derive.verify import verify_now
    network = Network(widths, output="softmax", cost="log-likelihood")
    f = Partial(b[l, 1] + z[L, 1] * part(), z[L, 1])
    claim = Identity("claim", "api", f, f, infer_domain(f, f))
    assert verify_now(claim, network, kernel_for(network), []).verdict.status == status


# --- stop 35 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("claim, code", [
    ("sum(k=1, n(2), sum(i=3, n(2), [i=k]*b[2,i])) = sum(k=3, n(2), b[2,k])", 0),
    ("b[l,1] + sum(m=2, L, sum(t=l, L, [m=t]*b[t,1]*b[m,1])) = b[l,1] + sum(m=l, L, b[m,1]^2)", 0),
    ("sum(k=1, n(l), [5<=k]*b[l,k]) = sum(k=5, n(l), b[l,k])", 0),      # the guard may leave the range empty
    ("sum(k=1, n(l), [3<=k]*[k<=2]*b[l,k]) = 0", 0),
    ("sum(k=1, n(2), sum(i=3, n(2), [i=k]*b[2,i])) = sum(k=2, n(2), b[2,k])", 1),    # the controls: one end
    ("b[l,1] + sum(m=2, L, sum(t=l, L, [m=t]*b[t,1]*b[m,1])) = b[l,1] + sum(m=2, L, b[m,1]^2)", 1),   # too
    ("sum(k=2, n(l), [1<=k]*b[l,k]) = sum(k=1, n(l), b[l,k])", 1),         # far: a guard below the range
    ("sum(k=1, n(l), [5<=k]*b[l,k]) = sum(k=6, n(l), b[l,k])", 1),          # narrows nothing
    ("sum(k=1, n(l-1), sum(i=2, n(l), [i=k]*b[l,i])) = sum(k=2, n(l), b[l,k])", 1),   # the guard's upper end
    ("sum(k=1, n(l), sum(i=1, n(l), [i=k]*[3<=i]*b[l,i])) = sum(k=3, n(l), b[l,k])", 0)])   # n(l) is not the range's
def test_a_guard_on_a_sums_index_narrows_its_range(claim, code, capsys):
    """Σ_{k=1}^{n} Σ_{i=3}^{n} [i = k] f(i) collapses to Σ_{k=1}^{n} [3 ≤ k] f(k), which is Σ_{k=3}^{n} f(k): a
    Kronecker collapse in nested sums with different lower bounds was UNDECIDED. A bound c ≤ k of the guard now
    moves the sum's lower end to c where the domain shows lo ≤ c (and k ≤ c its upper end where c ≤ hi)."""
    assert main(["verify", claim]) == code, claim
    capsys.readouterr()


HIDDEN_IF = ("\\begin{document}\n\\begin{align*}\n"
             "\\frac{\\partial C}{\\partial b^l_j} &= \\delta^l_j && \\text{(BP3)}\n\\end{align*}\n"
             "\\iffalse IF \\fi\n"
             "\\begin{align*}\n\\frac{\\partial C}{\\partial b^l_j} &= 2 \\delta^l_j\n\\end{align*}\n"
             "END\\end{document}\n")


@pytest.mark.parametrize("inside, end, outcome", [
    ("\\ifblah", "", "bad input"),                  # TeX does not count \ifblah: its \fi ends \iffalse
    ("\\ifstrequal{a}{b}", "", "bad input"),       # a macro of etoolbox, no conditional to TeX
    ("\\ifx\\a\\b", "", "bad input"),              # TeX counts \ifx: then no \fi closes the \iffalse
    ("\\ifx\\a\\b", "\\fi\n", "proved"),           # the controls: both displays skipped, or
    ("", "", "refuted")])                           # the false one shown
def test_a_conditional_that_tex_does_not_count_is_not_taken_to_nest(tmp_path, inside, end, outcome):
    """`\\iffalse \\ifblah \\fi` then a false display: TeX's \\iffalse ends at that \\fi and shows the display,
    while derive counted \\ifblah as a conditional, took the rest of the file as skipped and PROVED it (found by
    the red team of stop 35). A name in skipped text that may not be a conditional, and skipped text that no \\fi
    ends (TeX stops with an error), are now bad input."""
    text = HIDDEN_IF.replace("IF", inside).replace("END", end)
    _read_as(tmp_path, "hidden.tex", text, outcome)


def _write(path, text):
    path.write_text(text)
    return path


def _read_as(tmp_path, name, text, outcome):
    """The file is bad input (a DocumentError), refused once checked, or checks to the verdict `outcome`."""
    if outcome == "bad input":
        with pytest.raises(DocumentError):
            read(_write(tmp_path / name, text))
    elif outcome == "refused":                      # read, and bad input once checked: what it states does not hold
        with pytest.raises(DocumentError):
            check_text(tmp_path, text, name=name)
    else:
        assert check_text(tmp_path, text, name=name).verdict.status == outcome


@pytest.mark.parametrize("claim, code", [
    ("d(sigma'(z[l,j]))/dz[l,j] = 0*z[l,j]", 0), ("d(sgn(z[l,j]))/dz[l,j] = 0*z[l,j]", 0),
    ("d(z[l,j]*sigma'(z[l,j]))/dz[l,j] = sigma'(z[l,j])", 0),
    ("d(sigma'(z[l,j]))/dz[l,j] = 1 + 0*z[l,j]", 1), ("d(sgn(z[l,j]))/dz[l,j] = 1 + 0*z[l,j]", 1),   # the
    ("d(z[l,j]*sigma'(z[l,j]))/dz[l,j] = 2*sigma'(z[l,j])", 1)])                                    # controls
def test_the_derivative_of_a_step_is_0_where_it_has_one(claim, code, capsys):
    """relu's σ' is the step function H: its derivative, and sgn's, is 0 wherever it exists (at 0 there is none,
    and a side that holds one has no value there). sympy writes it DiracDelta, and such true claims were
    UNDECIDED."""
    assert main(["verify", claim, "--activation", "relu"]) == code, claim
    capsys.readouterr()


TRUE_ROW, FALSE_ROW = "\\[ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\]", \
    "\\[ \\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j \\]"


@pytest.mark.parametrize("body, outcome", [
    (f"\\iffalse \\verb|\\else|\n{FALSE_ROW}\n\\fi\n", "bad input"),      # TeX skips \verb, | and reads \else
    (f"\\iffalse \\url{{\\fi}}\n{FALSE_ROW}\n\\fi\n", "bad input"),
    (f"\\iftrue\\else\\else\n{TRUE_ROW}\n\\fi\n{FALSE_ROW}\n", "refuted"),   # \iftrue's \else skips to its \fi
    (f"\\iffalse\\else {TRUE_ROW} \\else {FALSE_ROW} \\fi\n", "bad input"),  # TeX: "Extra \else"
    ("^^5c[ \\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j ^^5c]\n", "bad input"),    # ^^5c is \
    (f"\\iffalse ^^5celse\n{FALSE_ROW}\n\\fi\n", "bad input"),
    (f"\\verb|\\else| \\iffalse\n{FALSE_ROW}\n\\fi\n", "bad input"),        # \\else in a \\verb: refused
    (f"\\verb|x| \\iffalse\n{FALSE_ROW}\n\\fi\n", "proved"),                 # the controls: shown verbatim,
    (f"\\iftrue\\else\n{FALSE_ROW}\n\\fi\n", "proved"),                      # skipped as TeX skips
    (f"\\iffalse {FALSE_ROW} \\else\n{TRUE_ROW}\n\\fi\n", "proved")])
def test_what_tex_skips_is_read_as_tex_skips_it(tmp_path, body, outcome):
    """TeX skips a conditional's text token by token: \\verb and \\url do not run there, so \\verb|\\else| ends an
    \\iffalse; \\iftrue's \\else branch runs to its \\fi past a second \\else; ^^5c is a backslash. derive read each
    otherwise, and a document that shows a false display was PROVED (found by the red team of stop 35)."""
    text = f"\\begin{{document}}\n{TRUE_ROW}\n{body}\\end{{document}}\n"
    _read_as(tmp_path, "skip.tex", text, outcome)


ALIGNED = ("\\frac{\\partial C}{\\partial b^l_j} &= \\sum_k \\frac{\\partial C}{\\partial z^l_k}\\frac{\\partial z^l_k}"
           "{\\partial b^l_j} && \\text{(chain rule)}\\\\\n&= \\sum_k \\delta^l_k \\delta_{kj} && \\text{(definition)}\\\\\n"
           "&= \\delta^l_j && REASON\n")


def _overlaid(name, reason="\\text{(Kronecker)}", after="", before="", block="aligned"):
    """A true three-row derivation of BP3 (align* in LaTeX, aligned in a $$ display in Markdown) whose last reason,
    the text after it or (LaTeX) the preamble `before` may draw `· 2` beside its last row."""
    rows = ALIGNED.replace("REASON", reason)
    if name.endswith(".md"):
        return (f"<!-- claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = \\delta^l_j -->\n\n$$\n"
                f"\\begin{{{block}}}{'{2}' if block == 'alignedat' else ''}\n"
                f"{rows.replace(chr(92) * 2 + chr(10), chr(92) * 4 + chr(10))}\\end{{{block}}}\n$$\n\n{after}\n")
    return (f"\\documentclass{{article}}\n\\usepackage{{amsmath,mathtools}}\n{before}\\begin{{document}}\n"
            f"% claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = \\delta^l_j\n\\begin{{align*}}\n{rows}\\end{{align*}}\n"
            f"{after}\n\\end{{document}}\n")


@pytest.mark.parametrize("name, reason, after, outcome, before, block", [(*case, *("", "aligned")[len(case) - 4:]) for case in [
    ("mathllap.tex", "\\text{$\\mathllap{{}\\cdot 2\\qquad\\qquad\\qquad\\quad\\;}$(Kronecker)}", "", "bad input"),
    ("negthickspace.tex", "\\text{$\\negthickspace\\negthickspace\\cdot 2$ (Kronecker)}", "", "bad input"),
    ("tag-after-reason.tex", "\\text{(Kronecker)} \\tag{$\\cdot 2$}", "", "bad input"),
    ("vbox-to-0pt.tex", "\\text{(Kronecker)}",
     "\\noindent\\vbox to 0pt{\\vss\\hbox{\\hspace{4.05cm}$\\cdot\\, 2$}\\vskip 24pt}%\nwhich completes the proof.",
     "bad input"),
    ("kern.md", "\\text{$\\kern-6em\\cdot 2\\kern5em$ (Kronecker)}", "", "bad input"),
    ("style.md", "\\text{(Kronecker)}", "which ends the proof $\\style{position:relative; top:-2.2em; left:5em}"
                                       "{\\cdot 2}$.", "bad input"),
    ("rule.md", "\\text{$\\rule{-2em}{0em}{}= 2\\delta^l_j$ by definition}", "", "bad input"),
    ("space.md", "\\text{$\\Space{-2em}{0em}{0em}\\cdot 2$ by definition}", "", "bad input"),
    ("mmltoken.md", "\\text{$\\mmlToken{mspace}[width=\"-2em\"]{}\\cdot 2$ by definition}", "", "bad input"),
    ("math-first.md", "\\text{${}= 2\\delta^l_j$ by definition}", "", "bad input"),   # the column's gap alone
    ("scalebox.tex", "\\text{(Kronecker\\scalebox{0}{, and more})}", "", "bad input"),        # graphicx's boxes
    ("resizebox.tex", "\\text{(Kronecker\\resizebox{0pt}{0pt}{, and more})}", "", "bad input"),    # (stop 44)
    ("raisebox.tex", "\\text{(Kronecker\\raisebox{9em}{, and more})}", "", "bad input"),
    ("alignedat.md", "\\text{(Kronecker: the term $k = j$)}", "", "bad input", "", "alignedat"),   # no gap: words
    ("styled-html.md", "\\text{(Kronecker)}", "<div style=\"margin-top:-2.9em;margin-left:9.5em\">= 2 &delta;</div>",
     "bad input"),
    ("marginpar.tex", "\\text{(Kronecker)}", "\\marginpar{\\begin{tabular}[t]{@{}l@{}}\\rule{0pt}{2.86cm}\\\\ "
                                              "\\hspace*{5.13cm}/ \\end{tabular}}", "bad input"),
    ("fancyhead.tex", "\\text{(Kronecker)}", "", "bad input",
     "\\usepackage{fancyhdr}\\pagestyle{fancy}\\fancyhead[L]{\\begin{tabular}[t]{@{}l@{}}\\rule{0pt}{5.12cm}\\\\ "
     "\\hspace*{2.4cm}= $2\\delta^l_j$\\end{tabular}}\n"),
    ("tagform.tex", "\\text{(Kronecker)} \\tag{2}", "", "bad input",
     "\\newtagform{bare}{}{}\n\\usetagform{bare}\n\\setlength{\\mathindent}{1.6em}\n"),
    ("theequation.tex", "\\text{(Kronecker)}", "", "bad input", "\\renewcommand{\\theequation}{$-$}\n"),
    ("vspace-EM.tex", "\\text{(Kronecker)}", "\\vspace*{-2.5EM}\\noindent\\hspace*{20.6ex}$/2$\\par\\vspace*{1.3EM}",
     "bad input"),                                          # page: the last row reads delta/2
    ("unitlength.tex", "\\text{(Kronecker)}", "\\vspace*{-25\\unitlength}\\noindent\\hspace*{20.6ex}$/2$\\par",
     "bad input"),
    ("comma.tex", "\\text{(Kronecker)}", "\\vspace*{-2,5em}\\noindent\\hspace*{20.6ex}$/2$\\par", "bad input"),
    ("dimexpr.tex", "\\text{(Kronecker)}", "\\vspace*{\\dimexpr 5pt*-5\\relax}\\noindent\\hspace*{20.6ex}$/2$\\par",
     "bad input"),
    ("parbox-0pt.tex", "\\text{(Kronecker)}",
     "\\noindent\\parbox[t][0pt][b]{\\linewidth}{\\hspace*{20.6ex}$/2$\\par\\vspace*{1.75em}}", "bad input"),
    ("lineskiplimit.tex", "\\text{(Kronecker)}",
     "{\\baselineskip=0pt \\lineskiplimit=-\\maxdimen \\noindent\\hspace*{20.6ex}$/2$\\par}", "bad input"),
    ("shrink.tex", "\\text{(Kronecker)}", "\\vspace{0pt minus 1000pt}\\noindent\\hspace*{20.6ex}$/2$\\par", "bad input"),
    ("negative-fill.tex", "\\text{(Kronecker)}", "\\vspace{0pt plus -1fill}\\noindent\\hspace*{20.6ex}$/2$\\par",
     "bad input"),
    ("ensuremath.tex", "\\text{(Kronecker)}", "\\hspace*{17.45ex}\\ensuremath{{}= 2\\delta^l_j}\\par", "bad input"),
    ("centred.tex", "\\text{(Kronecker)}",
     "\\begin{center}$\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j$\\end{center}", "bad input"),
    ("brace-relation.tex", "\\text{(Kronecker)}", "\\noindent\\hspace*{69.4pt}${=}\\,2\\delta^l_j$", "bad input"),
    ("mathrel.tex", "\\text{(Kronecker)}", "\\noindent$\\mathrel{=} 2\\delta^l_j$", "bad input"),
    ("phantom.tex", "\\text{(Kronecker)}", "\\noindent$\\hphantom{\\frac{\\partial C}{\\partial b}} = 2\\delta^l_j$",
     "bad input"),
    ("not-equal.tex", "\\text{(Kronecker)}", "\\noindent$\\ne \\delta^l_j$", "bad input"),
    ("mathchar.tex", "\\text{(Kronecker)}", "\\noindent$\\mathchar\"303D 2\\delta^l_j$", "bad input"),
    ("inline-chain.tex", "\\text{(Kronecker)}",
     "Hence $\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\mathrel{=} 2\\delta^l_j$.", "bad input"),
    ("typed-relation.tex", "\\text{(Kronecker)}", "\\noindent\\hspace*{69.4pt}= $2\\delta^l_j$", "bad input"),
    ("centred-ne.tex", "\\text{(Kronecker)}",
     "\\begin{center}$\\frac{\\partial C}{\\partial b^l_j} \\neq \\delta^l_j$\\end{center}", "bad input"),
    ("centred-text.tex", "\\text{(Kronecker)}",
     "\\begin{center}$\\displaystyle\\frac{\\partial C}{\\partial b^l_j}$ = $2\\delta^l_j$\\end{center}", "bad input"),
    ("inline-step.md", "\\text{(Kronecker)}", "$= 2\\delta^l_j$", "bad input"),
    ("centred-step.md", "\\text{(Kronecker)}", "<p align=\"center\">$\\displaystyle = 2\\delta^l_j$</p>", "bad input"),
    ("github-inline.md", "\\text{(Kronecker)}", "$`= 2\\delta^l_j`$", "bad input"),
    ("typed-relation.md", "\\text{(Kronecker)}", "= $2\\delta^l_j$", "bad input"),
    ("thepage.tex", "\\text{(Kronecker)}", "\\par\\vspace{-\\thepage 6pt}\\noindent\\hspace{88.6pt}$/2$", "bad input"),
    ("multiply.tex", "\\text{(Kronecker)}",
     "\\par\\skip0=16.97pt\\multiply\\skip0 -1\\vspace{\\skip0}\\noindent\\hspace{88.6pt}$/2$", "bad input"),
    ("p-align-center.md", "\\text{(Kronecker)}",
     "<p align=\"center\">$\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j$</p>", "bad input"),
    ("div-align-right.md", "\\text{(Kronecker)}",
     "<div align=\"right\">\n\n$\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j$\n\n</div>", "bad input"),
    ("centred-words.md", "\\text{(Kronecker)}", "<div align=\"center\" id=\"end\">\n\nThe end.\n\n</div>\n\n"
                                              "So $z^l_j = b^l_j + \\sum_k w^l_{jk} a^{l-1}_k$ as before.", "proved"),
    ("mathcal.tex", "\\text{(Kronecker)}", "\\noindent\\hspace{7.2em}$\\mathcal{} = 2\\delta^l_j$", "bad input"),
    ("null.tex", "\\text{(Kronecker)}", "\\noindent\\hspace{7.2em}$\\null = 2\\delta^l_j$", "bad input"),
    ("hspace-in-math.tex", "\\text{(Kronecker)}", "\\noindent$\\hspace{7.2em} = 2\\delta^l_j$", "bad input"),
    ("greek-first.tex", "\\text{(Kronecker)}", "where $\\lambda = 2$ and $\\text{cost} = C$.", "proved"),
    ("range.md", "\\text{(Kronecker)}", "for $1 \\le j \\le n_l$ and $z^l_j = b^l_j + \\sum_k w^l_{jk} a^{l-1}_k$.",
     "proved"),                                             # the controls: a range, a definition in prose
    ("prose-math.tex", "\\text{(Kronecker)}", "Note that $\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j$ is false.",
     "refused"),                                          # stop 48: an equation a page states must hold,
    ("prose-ne.tex", "\\text{(Kronecker)}", "Note that $\\frac{\\partial C}{\\partial b^l_j} \\ne 2\\delta^l_j$.",
     "proved"),                                             # and a wrong one is quoted with \ne
    ("vspace.tex", "\\text{(Kronecker)}", "\\vspace{1em}which completes the proof.", "proved"),
    ("minipage.tex", "\\text{(Kronecker)}", "\\begin{minipage}[t]{0.5\\linewidth}which completes the proof."
                                          "\\end{minipage}", "proved"),
    ("plain.tex", "\\text{(Kronecker)}", "which completes the proof.", "proved"),     # the controls
    ("leftskip.tex", "\\text{(Kronecker)}", "\\leftskip=30cm\nText past the paper's edge.\n\n\\leftskip=0pt", "bad input"),
    ("parshape.tex", "\\text{(Kronecker)}", "\\parshape 1 30cm 5cm Text past the paper's edge.", "bad input"),
    ("parindent.tex", "\\text{(Kronecker)}", "", "proved", "\\setlength{\\parindent}{0pt}\n\\parindent=1em\n"),
    ("tag-number.tex", "\\text{(Kronecker)} \\tag{2}", "", "proved"),
    ("plain.md", "\\text{(Kronecker)}", "which ends the proof.", "proved"),
    ("math-after-words.md", "\\text{(Kronecker: the term $k = j$)}", "", "proved"),
    ("alignedat-plain.md", "\\text{(Kronecker)}", "", "proved", "", "alignedat"),
    *[(f"prose-{n}.{kind}", "\\text{(Kronecker)}", after, "bad input") for n, (kind, after) in enumerate([   # stop 45:
        ("tex", "{=} $2\\delta^l_j$"), ("tex", "\\texttt{=} $2\\delta^l_j$"), ("tex", "\\mbox{=} $2\\delta^l_j$"),  # = as
        ("tex", "\\ = $2\\delta^l_j$"), ("tex", "= \\relax $2\\delta^l_j$"), ("tex", "= 2$\\delta^l_j$"),   # text,
        ("tex", "=\n$2\\delta^l_j$"), ("tex", "= %\n$2\\delta^l_j$"), ("tex", "= \\quad $2\\delta^l_j$"),  # the red
        ("tex", "So $\\overset{}{=} 2\\delta^l_j$."), ("tex", "So $\\buildrel{}\\over{=} 2\\delta^l_j$."),   # team's
        ("tex", "So $\\Relbar 2\\delta^l_j$."), ("tex", "So $\\mathrel{\\Relbar} 2\\delta^l_j$."),
        ("tex", "So $\\overset{\\text{}}{=} 2\\delta^l_j$."),
        ("tex", "\\hfill $\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j$ \\hfill\\null"),    # an equation
        ("tex", "\\hspace*{\\fill}$\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j$\\hspace*{\\fill}"),  # alone
        ("tex", "{\\leftskip=0pt plus 1fil \\rightskip=0pt plus 1fil \\parfillskip=0pt $\\frac{\\partial C}"
                "{\\partial b^l_j} = 2\\delta^l_j$\\par}"),
        ("tex", "\\symbol{61} $2\\delta^l_j$"), ("tex", "\\char61\\ $2\\delta^l_j$"),        # stop 45's second
        ("tex", "\\verb|=| $2\\delta^l_j$"), ("tex", "Hence $\\text{=}\\; 2\\delta^l_j$ as well."),   # red team:
        ("tex", "Hence $\\char61\\; 2\\delta^l_j$ as well."), ("tex", "\\footnote{Hi}= $2\\delta^l_j$"),  # glyphs,
        ("tex", "\\typeout{w}= $2\\delta^l_j$"), ("tex", "Thus\\linebreak[4] = $2\\delta^l_j$"),  # words unseen,
        ("tex", "Thus\\penalty-10000\\ = $2\\delta^l_j$"), ("tex", "\\section*{Result}= $2\\delta^l_j$"),  # breaks,
        ("tex", "\\begin{itemize}\\item[=] $2\\delta^l_j$\\end{itemize}"),                       # items, cells
        ("tex", "\\begin{itemize}\\item = $2\\delta^l_j$\\end{itemize}"),
        ("tex", "\\begin{tabular}{l} = $2\\delta^l_j$\\end{tabular}"),
        ("tex", "\\begin{tabular}{ll}Then & = $2\\delta^l_j$\\end{tabular}"),
        ("tex", "\\begin{minipage}{0.5\\linewidth}= $2\\delta^l_j$\\end{minipage}"),
        ("tex", "\\hfill $\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j$ \\hfill (A)"),
        ("md", "＝ $2\\delta^l_j$"), ("md", "≔ $2\\delta^l_j$"), ("md", "Thus</br>= $2\\delta^l_j$"),
        ("md", "Thus<p>= $2\\delta^l_j$"), ("md", "| Words |\n|---|\n| = $2\\delta^l_j$ |"),
        ("md", "<p>= $2\\delta^l_j$</p>"), ("md", "Hence $\\text{=}\\; 2\\delta^l_j$ too."),
        ("md", "Hence $\\unicode{x3D} 2\\delta^l_j$ too."),
        ("tex", "= two $\\delta^l_j$"), ("tex", "== $2\\delta^l_j$"), ("md", "= twice $\\delta^l_j$"),  # review
        ("md", "\\= $2\\delta^l_j$"), ("md", "&#61; $2\\delta^l_j$"), ("md", "&equals; $2\\delta^l_j$"),
        ("md", "**=** $2\\delta^l_j$"), ("md", "`=` $2\\delta^l_j$"), ("md", "<span>=</span> $2\\delta^l_j$"),
        ("md", "&nbsp;= $2\\delta^l_j$"), ("md", "- = $2\\delta^l_j$"), ("md", "# = $2\\delta^l_j$"),
        ("md", "| = $2\\delta^l_j$ |"), ("md", "So $\\overset{}{=} 2\\delta^l_j$."), ("md", "So $\\Relbar 2\\delta^l_j$.")])],
    *[(f"prose-honest-{n}.{kind}", "\\text{(Kronecker)}", after, "proved") for n, (kind, after) in enumerate([
        ("tex", "where $L$ = 4 is the number of layers."), ("md", "where $L$ = 4 is the number of layers."),  # what
        ("tex", "\\subsection*{$l = L$}"), ("md", "## $l = L$"), ("md", "- $a^1_j = x_j$"),   # students write:
        ("tex", "Thus\\\\ $\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j$"),   # an equation on a line, set
        ("md", "$\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j$"),                  # apart by no glue
        ("tex", "Here $\\text{cost} = C$ and $\\mathrm{d}C = 0$."),
        ("tex", "=== Answer ===\nHere $z^l_j$ is the weighted input.")])],     # a rule of = signs (the seed's)
    ("item.tex", "\\text{(Kronecker)}", "\\begin{itemize}\\item $a^l_j = \\sigma(z^l_j)$\\end{itemize}", "proved"),
    ("assignment.tex", "\\text{(Kronecker)}", "\\parindent=0pt Here $z^l_j$ is the weighted input.", "proved"),
    ("sentence.md", "\\text{(Kronecker)}", "- the weighted input is $z^l_j = b^l_j + \\sum_k w^l_{jk} a^{l-1}_k$",
     "proved"),                                                                  # the controls
]])
def test_what_a_page_may_draw_over_a_row_is_refused(tmp_path, name, reason, after, outcome, before, block):
    """Found by the red team: a reason's \\text{$\\mathllap{\\cdot 2 ...}$} (or \\negthickspace, MathJax's \\kern,
    \\rule of a negative width, \\Space or \\mmlToken, or math that starts the reason: ${}= 2\\delta$ reads as the next
    row, and alignedat sets no gap before it), a \\tag with math after &&, a \\vbox to 0pt, a margin note or a header
    hanging over the display, a tag form or \\theequation that sets a factor before the formula, and MathJax's \\style
    or an HTML style in a paragraph, set `· 2` beside the last row, so the page showed dC/db = 2 delta, and derive
    PROVED what it read. Each is bad input now; the controls still prove."""
    _read_as(tmp_path, name, _overlaid(name, reason, after, before, block), outcome)


@pytest.mark.parametrize("definition", ["\\require{mathtools}\\DeclarePairedDelimiter{\\textstyle}{2}{}",
                                        "\\DeclarePairedDelimiterX{\\textstyle}[1]{}{}{2#1}",
                                        "\\DeclarePairedDelimiterXPP{\\textstyle}[1]{2}{}{}{}{#1}",
                                        "\\require{extpfeil}\\Newextarrow{\\textstyle}{0,0}{0x2260}"])
def test_a_token_derive_skips_is_never_defined_by_any_definer(tmp_path, definition):
    """Found by the red team: mathtools' \\DeclarePairedDelimiter (X, XPP) and extpfeil's \\Newextarrow in a paragraph's
    math define a macro for the whole page, as \\newcommand does, and derive did not know them: \\textstyle, which the
    grammar skips, became `2` (or ≠), so the page showed `= 2 delta` where derive PROVED `= delta`. The control: the
    same page without the definition proves."""
    rows = ALIGNED.replace("&= \\delta^l_j && REASON", "&= \\textstyle \\delta^l_j && \\text{(Kronecker)}")
    page = ("<!-- claim: \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j -->\n\nWe write sizes as in the book.${}$\n\n"
            f"$$\n\\begin{{aligned}}\n{rows.replace(chr(92) * 2 + chr(10), chr(92) * 4 + chr(10))}\\end{{aligned}}\n$$\n")
    _read_as(tmp_path, "defined.md", page.replace("${}$", f"${definition}$"), "bad input")
    _read_as(tmp_path, "plain.md", page.replace("${}$", ""), "proved")


MD_TRUE, MD_FALSE = "$$ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j $$", \
    "$$ \\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j $$"
SHOWN_NOT_READ = [   # (file name, what follows a true display, outcome): TeX or a page shows the false one
    ("alltt.tex", f"\\begin{{alltt}}\n% {FALSE_ROW}\n\\end{{alltt}}\n", "bad input"),         # % is text there
    ("mathescape.tex", f"\\begin{{lstlisting}}[mathescape]\n${FALSE_ROW[3:-3]}$\n\\end{{lstlisting}}\n", "bad input"),
    ("escapeinside.tex", f"\\begin{{lstlisting}}[escapeinside={{(*}}{{*)}}]\n(*{FALSE_ROW}*)\n\\end{{lstlisting}}\n",
     "bad input"),
    ("after-verbatim.tex", f"\\begin{{verbatim}}\nx\n\\end{{verbatim}} \\begin{{comment}}\n{FALSE_ROW}\n"
                           f"\\begin{{verbatim}}\ny\n\\end{{verbatim}} \\end{{comment}}\n", "bad input"),
    ("endinput.tex", f"\\endinput Hence {FALSE_ROW}\n", "bad input"),              # TeX reads the rest of the line
    ("string.tex", f"It ends with \\string\\end{{document}}. Hence\n{FALSE_ROW}\n", "bad input"),
    ("hook.tex", f"\\AtEndDocument{{{FALSE_ROW}}}\n", "bad input"),
    ("macro.tex", f"\\newcommand{{\\foo}}{{{FALSE_ROW}}}\nHence \\foo\n", "bad input"),
    ("let-begin.tex", f"\\let\\op\\begin\n\\op{{equation*}} {FALSE_ROW[3:-3]} \\end{{equation*}}\n", "bad input"),
    ("empty-comment.md", f"<!--> {MD_FALSE} <!-- x -->\n", "bad input"),         # <!--> is a whole comment
    ("bang-comment.md", f"Then <!-- old --!> {MD_FALSE}\n", "bad input"),   # no comment to markdown-it: text
    ("empty-inline.md", f"Then <!--> {MD_FALSE}\n", "refuted"),
    ("entity.md", f"Then &#92;[ {FALSE_ROW[3:-3]} &#92;]\n", "bad input"),          # \[ once the page is HTML
    ("wbr.md", f"Then $<wbr>$ {FALSE_ROW[3:-3]} $<wbr>$\n", "bad input"),           # $$ to MathJax
    ("footnote.md", f"See the note.[^1]\n\n[^1]: Written out:\n\n    {MD_FALSE}\n", "bad input"),   # GitHub
    ("template.md", f"<template>\n{MD_FALSE}\n</template>\n", "bad input"),           # hidden, or not
    ("macro-proof.tex", "\\newenvironment{sol}{\\begin{proof}}{\\end{proof}}\n", "proved"),    # the controls
    ("listing.tex", f"\\begin{{lstlisting}}[language=Python]\n{FALSE_ROW}\n\\end{{lstlisting}}\n", "proved"),
    ("code.md", f"    {MD_FALSE}\n", "proved"),
    ("comment.md", f"<!-- {MD_FALSE} -->\n", "proved")]


@pytest.mark.parametrize("name, after, outcome", SHOWN_NOT_READ, ids=[c[0] for c in SHOWN_NOT_READ])
def test_what_tex_or_a_page_shows_is_what_derive_reads(tmp_path, name, after, outcome):
    """Each file shows a false display after a true one while derive read only the true one (or read math the
    page hides), and was PROVED (found by the red team of stop 35): % is text in alltt; listings typeset math
    with mathescape or escapeinside; the verbatim package drops what follows \\end{verbatim}; TeX reads the
    line of \\endinput to its end; \\string makes a command text; hooks and macros set displays; HTML5 ends a
    comment at <!--> and --!>; &#92; is a backslash and MathJax reads $<wbr>$ as $$; GitHub reads a footnote's
    indented paragraph; an HTML block may hide its math. Each is now read as shown, or is bad input."""
    if name.endswith(".md"):
        text = f"{MD_TRUE}\n\n{after}"
    else:
        text = f"\\documentclass{{article}}\n\\usepackage{{listings,comment}}\n\\begin{{document}}\n{TRUE_ROW}\n{after}" \
               f"\\end{{document}}\n"
    _read_as(tmp_path, name, text, outcome)


@pytest.mark.parametrize("preamble, outcome", [
    (f"\\title{{Notes {FALSE_ROW}}}\n", "bad input"),         # \maketitle typesets it
    (f"\\iffalse\n{FALSE_ROW}\n\\fi\n", "proved"),            # the controls: skipped, or no argument of a
    ("\\title{Notes}\n", "proved")])                          # command
def test_a_display_in_a_preambles_command_is_not_left_unread(tmp_path, preamble, outcome):
    """The preamble is never typeset, but a command's argument there may be: \\title{... \\[ 2δ \\]} shows the
    false display at \\maketitle while derive blanked the preamble (found by the red team of stop 35)."""
    text = f"\\documentclass{{article}}\n{preamble}\\begin{{document}}\n\\maketitle\n{TRUE_ROW}\n\\end{{document}}\n"
    _read_as(tmp_path, "title.tex", text, outcome)


WHOLE = [   # (file name, text, outcome): derive must read what TeX or the page shows, or refuse the file
    ("spaced-start.tex", f"\\documentclass{{article}}\n\\begin {{document}}\n{FALSE_ROW}\n"
                         f"\\newcommand\\unused{{\\begin{{document}}}}\n{TRUE_ROW}\n\\end{{document}}\n", "bad input"),
    ("group-end.tex", f"\\begin{{document}}\n{TRUE_ROW}\n{{\\end{{document}}}}\n{FALSE_ROW}\n", "bad input"),  # TeX
    ("typeout-end.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\typeout{{\\end{{document}}}}\n{FALSE_ROW}\n"   # ends at
                        f"\\end{{document}}\n", "bad input"),                                   # one, not the other
    ("end-in-macro.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\newcommand{{\\finish}}{{\\end{{document}}}}\n"  # may end
                         f"{FALSE_ROW}\n\\end{{document}}\n", "bad input"),                            # it anywhere
    ("stop.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\stop\n{FALSE_ROW}\n\\end{{document}}\n", "bad input"),
    ("verbatim-command.tex", f"\\def\\Verbatim{{}}\n\\begin{{document}}\n{TRUE_ROW}\n\\begin{{Verbatim}}\n{FALSE_ROW}\n"
                             f"\\end{{Verbatim}}\n\\end{{document}}\n", "bad input"),   # no fancyvrb: it is typeset
    ("dashes.md", f"{MD_TRUE}\n\nHence <!--a\n{MD_FALSE}\nb---> as claimed.\n", "bad input"),   # GitHub: text
    ("double-dash.md", f"{MD_TRUE}\n\nHence <!-- a -- {MD_FALSE} -->\n", "bad input"),
    ("nolinkurl.tex", f"\\newcommand\\nolinkurl[1]{{#1}}\n\\begin{{document}}\n{TRUE_ROW}\n"
                      f"\\nolinkurl{{{FALSE_ROW}}}\n\\end{{document}}\n", "bad input"),
    ("theorem-comment.tex", f"\\newtheorem{{comment}}{{Remark}}\n\\begin{{document}}\n{TRUE_ROW}\n"
                            f"\\begin{{comment}}\n{FALSE_ROW}\n\\end{{comment}}\n\\end{{document}}\n", "bad input"),
    ("theorem.tex", f"\\newtheorem{{remark}}{{Remark}}\n\\begin{{document}}\n"          # the control: a theorem
                    f"\\begin{{remark}}\n{FALSE_ROW}\n\\end{{remark}}\n\\end{{document}}\n", "refuted"),  # shows it
    ("local.tex", f"\\usepackage{{notation}}\n\\begin{{document}}\n{TRUE_ROW}\n\\end{{document}}\n", "bad input"),
    ("amsmath.tex", f"\\usepackage{{amsmath}}\n\\begin{{document}}\n{TRUE_ROW}\n\\end{{document}}\n", "proved"),
    ("link.md", f"{MD_TRUE}\n\nSee [the book](<https://x.org/{MD_FALSE}>).\n", "bad input"),   # in the href
    ("image.md", f"{MD_TRUE}\n\n![{MD_FALSE}](x.png)\n", "bad input"),                        # the alt text
    ("plain-link.md", f"{MD_TRUE}\n\nSee [the book](https://x.org/).\n", "proved"),
    ("verb-bracket.tex", f"\\begin{{document}}\n{TRUE_ROW}\nIt ends with \\verb[\\end{{document}}[. Hence\n"
                         f"{FALSE_ROW}\n\\end{{document}}\n", "bad input"),        # [ is \verb's delimiter: \end in it
    ("verb-bracket-text.tex", f"\\begin{{document}}\n{TRUE_ROW}\nIt ends with \\verb[x[. Hence\n"
                              f"{FALSE_ROW}\n\\end{{document}}\n", "refuted"),
    ("entity-letter.md", f"{MD_TRUE}\n\nHence\n\\b&#101;gin{{equation}} {FALSE_ROW[3:-3]} \\end{{equation}}\n",
     "bad input"),                                                       # \begin once the page is HTML
    ("cr.tex", f"\\begin{{document}}\n{TRUE_ROW}\n% a remark\r{FALSE_ROW}\n\\end{{document}}\n", "bad input"),
    ("dollar-comment.tex", f"\\begin{{document}}\n{TRUE_ROW}\nand so $%\n$ {FALSE_ROW[3:-3]} $%\n$ as claimed.\n"
                           f"\\end{{document}}\n", "bad input"),                # TeX joins $% and $ into $$
    ("csdef-comment.tex", f"\\csdef{{comment}}{{\\par}}\n\\begin{{document}}\n{TRUE_ROW}\n\\begin{{comment}}\n{FALSE_ROW}\n"
                          f"\\end{{comment}}\n\\end{{document}}\n", "bad input"),      # etoolbox defines \comment
    ("robust-cdot.tex", "\\renewrobustcmd{\\cdot}{+}\n\\begin{document}\n"
                        "\\[ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\cdot 1 \\]\n\\end{document}\n",
     "bad input"),
    ("tikz-path.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\path (0,0) node {{{FALSE_ROW}}} (1,1);\n\\end{{document}}\n",
     "bad input"),                                               # TikZ's \path, no url: a node's text may be hidden
    ("delimited-def.tex", f"\\def\\hide#1\\stophide{{}}\n\\begin{{document}}\n{TRUE_ROW}\n\\hide\n{FALSE_ROW}\n"
                          f"\\stophide\n\\end{{document}}\n", "bad input"),        # it swallows the display
    ("comment-end.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\begin{{comment}}\nold \\end{{comment}}\n{FALSE_ROW}\n"
                        f"\\end{{comment}}\n\\end{{document}}\n", "bad input"),   # the package ends at a line's start
    ("table.md", f"{MD_TRUE}\n\n| a | b |\n| --- | --- |\n| `x | {MD_FALSE} | y` | z |\n", "bad input"),   # GitHub's cells
    ("bare-aligned.md", f"{MD_TRUE}\n\nSo also\n\\begin{{aligned}}\n{FALSE_ROW[3:-3]}\n\\end{{aligned}}\n", "bad input"),
    ("mathjax-macro.md", "Notation: $\\def\\cdot{+}$ a dot.\n\n"                  # MathJax keeps it for the page
                         "$$ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\cdot 1 $$\n", "bad input"),
    ("numcases.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\begin{{numcases}}{{\\frac{{\\partial C}}{{\\partial b^l_j}} =}}"
                     f" 2\\delta^l_j & always \\end{{numcases}}\n\\end{{document}}\n", "bad input"),
    ("excludeversion.tex", f"\\excludeversion{{aside}}\n\\begin{{document}}\n\\begin{{aside}}\n{TRUE_ROW}\n"
                           f"\\end{{aside}}\n\\end{{document}}\n", "bad input"),      # hidden, and read
    ("pdfliteral.tex", f"\\begin{{document}}\n\\pdfliteral direct{{3 Tr}}\n{TRUE_ROW}\n\\end{{document}}\n", "bad input"),
    ("tikz-node.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\node at (0,0) {{{FALSE_ROW}}};\n\\end{{document}}\n",
     "bad input"),                                                        # opacity=0 may hide it
    ("beamer-only.tex", f"\\begin{{document}}\n\\only<2>{{{TRUE_ROW}}}\n\\end{{document}}\n", "bad input"),
    ("verbatimout.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\begin{{VerbatimOut}}{{junk.txt}}\n\\end{{document}}\n"
                        f"\\end{{VerbatimOut}}\n{FALSE_ROW}\n\\end{{document}}\n", "bad input"),     # written to a file
    ("saveverb.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\SaveVerb{{junk}}|\\end{{document}}|\n{FALSE_ROW}\n"
                     f"\\end{{document}}\n", "bad input"),
    ("itemize.tex", f"\\begin{{document}}\n\\begin{{itemize}}\n\\item {TRUE_ROW}\n\\end{{itemize}}\n"     # the control
                    f"\\end{{document}}\n", "proved"),
    ("comment-package.tex", f"\\documentclass{{article}}\n\\usepackage{{easyReview}}\n\\begin{{document}}\n{TRUE_ROW}\n"
                            f"\\begin{{comment}}{{}}{{}}\n{FALSE_ROW}\n\\end{{comment}}\n\\end{{document}}\n",
     "bad input"),                                          # easyReview's \comment takes two arguments, then typesets
    ("comment-unloaded.tex", f"\\documentclass{{article}}\n\\begin{{document}}\n{TRUE_ROW}\n\\begin{{comment}}\n"
                             f"{FALSE_ROW}\n\\end{{comment}}\n\\end{{document}}\n", "bad input"),
    ("comment-loaded.tex", f"\\documentclass{{article}}\n\\usepackage{{comment}}\n\\begin{{document}}\n{TRUE_ROW}\n"   # the
                           f"\\begin{{comment}}\n{FALSE_ROW}\n\\end{{comment}}\n\\end{{document}}\n", "proved"),    # control
    ("preamble-iffalse.tex", f"\\documentclass{{article}}\n\\iffalse\n\\begin{{document}}\n{TRUE_ROW}\n\\end{{document}}\n"
                             f"\\verb|\\fi\\begin{{document}}|\n{FALSE_ROW}\n\\end{{document}}\n", "bad input"),  # TeX shows
    ("crlf.tex", f"\\begin{{document}}\r\n{TRUE_ROW}\r\n% a remark\r\n\\end{{document}}\r\n", "proved")]   # a line


@pytest.mark.parametrize("name, text, outcome", WHOLE, ids=[c[0] for c in WHOLE])
def test_documents_are_read_where_tex_starts_and_ends_them(tmp_path, name, text, outcome):
    """TeX reads \\begin {document} as \\begin{document}, ends at {\\end{document}} but not at
    \\typeout{\\end{document}}, and stops at \\stop; a redefined \\nolinkurl or \\Verbatim, a theorem named
    comment, or a package next to the file changes what it shows; a page shows no math in a link's target or an
    image's text, and GitHub shows <!--a ... b---> as text; \\verb takes [ as its delimiter; a page decodes
    \\b&#101;gin to \\begin; a lone carriage return ends a line for TeX and CommonMark; TeX joins $% and $
    into $$; etoolbox's \\csdef and \\renewrobustcmd define commands; TikZ's \\path is no url; a macro with
    delimited parameters swallows text; the comment package ends only at a line's start; GitHub splits a
    table's cells at every |; MathJax typesets an environment outside $$ and keeps a macro for the page;
    numcases sets a display; \\excludeversion, a node's text, \\only<2> and \\pdfliteral may hide one;
    fancyvrb's VerbatimOut and \\SaveVerb keep text TeX never runs; \\begin{comment} typesets what it holds
    without the comment package, or beside a package whose \\comment is a command; an \\iffalse in the
    preamble may hide the first \\begin{document}. derive read each otherwise, PROVED a file that
    shows a false display or checked rows no reader sees (found by the red team of stop 35)."""
    if name == "local.tex":
        (tmp_path / "notation.sty").write_text("\\renewcommand\\delta{2\\olddelta}\n")
    _read_as(tmp_path, name, text, outcome)


# --- stop 36 ----------------------------------------------------------------------------------
ARGUMENTS = [   # (file name, text, outcome): a verbatim command's argument, as its package ends it
    ("hyperref-url.tex", f"\\usepackage{{hyperref}}\n\\begin{{document}}\n{TRUE_ROW}\nSee \\url|{FALSE_ROW}| too.\n"
                         f"\\end{{document}}\n", "bad input"),             # hyperref's \url takes braces only
    ("lstinline-braces.tex", f"\\usepackage{{listings}}\n\\begin{{document}}\n{TRUE_ROW}\nSee \\lstinline{{a{{b}}"
                             f"{FALSE_ROW}\\verb|}}| too.\n\\end{{document}}\n", "bad input"),   # ends at the first }
    ("href-options.tex", f"\\usepackage{{hyperref}}\n\\begin{{document}}\n{TRUE_ROW}\nSee \\href[pdfnewwindow]"
                         f"{{https://x.org}}{{notes}} {FALSE_ROW} as in [1].\n\\end{{document}}\n", "bad input"),
    ("lstinline-bars.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNot \\lstinline|{FALSE_ROW}| but this.\n"
                           f"\\end{{document}}\n", "bad input"),           # no listings loaded: typeset
    ("url-unloaded.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\url{{{FALSE_ROW}}}\n\\end{{document}}\n", "bad input"),
    ("indented-comment-end.tex", f"\\usepackage{{comment}}\n\\begin{{document}}\n{TRUE_ROW}\n\\begin{{comment}}\n"
                                 f"  \\end{{comment}}\n{TRUE_ROW}\n\\end{{comment}}\n\\end{{document}}\n", "bad input"),
    ("verb-in-argument.tex", f"\\newcommand{{\\id}}[1]{{#1}}\n\\begin{{document}}\n{TRUE_ROW}\nHence \\id{{\\verb|"
                             f"{MD_FALSE}|}}| and so on.\n\\end{{document}}\n", "bad input"),   # tokens already: typeset
    ("verb-math.tex", f"\\begin{{document}}\n{TRUE_ROW}\nType \\verb|{FALSE_ROW}| for it.\n\\end{{document}}\n",
     "bad input"),
    ("plain-url.tex", f"\\usepackage{{hyperref}}\n\\begin{{document}}\n{TRUE_ROW}\nSee \\url{{https://x.org/a%20b}}"
                      f" and \\verb|$x$|.\n\\end{{document}}\n", "proved"),          # the controls
    ("processing-instruction.md", f"{MD_TRUE}\n\nHence <?`?> {MD_FALSE} `, as shown.\n", "refuted"),   # raw HTML:
    ("cdata.md", f"{MD_TRUE}\n\nHence <![CDATA[`]]> {MD_FALSE} `, as shown.\n", "refuted"),            # no code
    ("declaration.md", f"{MD_TRUE}\n\nHence <!DOCTYPE `> {MD_FALSE} `, as shown.\n", "refuted"),       # span
    ("email.md", f"{MD_TRUE}\n\nHence <a`b@example.com> {MD_FALSE} `, as shown.\n", "refuted"),
    ("closing-tag.md", f"{MD_TRUE}\n\nHence </a x=\"`\"> {MD_FALSE} `, as shown.\n", "proved"),  # no tag: a span
    ("pre-line.md", f"{MD_TRUE}\n\n<pre>note</pre> {MD_FALSE}\n", "bad input"),      # MathJax typesets it
    ("pre-attributes.md", f"{MD_TRUE}\n\n<pre>\ncode</pre x>\n{MD_FALSE}\n</pre>\n", "bad input"),   # ends it
    ("link-backtick.md", f"See [the notes](/notes`v2) first:\n{MD_FALSE}\nand `{MD_TRUE}` too.\n", "bad input"),
    ("title-backtick.md", f"See [the notes](/n \"a`b\") first:\n{MD_FALSE}\nand `{MD_TRUE}` too.\n", "bad input"),
    ("bang-backtick.md", f"Hence <!-- x --!> {MD_TRUE} ` --> so {MD_FALSE} `{MD_TRUE}`\n", "bad input"),
    ("dashes-backtick.md", f"Hence <!-- a -- ` --> {MD_TRUE} ` and so {MD_FALSE} `\n", "bad input"),   # GitHub: text
    ("path-iffalse.tex", f"\\usepackage{{url}}\n\\begin{{document}}\nThe switch is \\path!\\iffalse! here.\n"
                         f"{FALSE_ROW}\nIt ends at \\path!\\fi! there.\n{TRUE_ROW}\n\\end{{document}}\n", "bad input"),
    ("url-command.tex", f"\\usepackage{{url}}\n\\DeclareUrlCommand\\cmd{{\\urlstyle{{tt}}}}\n\\begin{{document}}\n"
                        f"{TRUE_ROW}\n\\end{{document}}\n", "bad input"),
    ("tikz-path-draw.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\path[draw] (0,0) -- (1,1);\n\\end{{document}}\n",
     "proved"),
    ("pre.md", f"{MD_TRUE}\n\n<pre>\n{MD_FALSE}\n</pre>\n", "proved"),               # the controls
    ("code-span.md", f"{MD_TRUE}\n\nWrite `{MD_FALSE}` for a display.\n", "proved"),
    ("title-comment.md", f"{MD_TRUE}\n\nHence, by [BP3](u \"<!--\"), {MD_FALSE} -->\n", "bad input"),  # no comment
    ("attribute-comment.md", f"{MD_TRUE}\n\nHence <abbr title=\"<!--\">BP3</abbr> {MD_FALSE} -->\n", "bad input"),
    ("image-code.md", f"{MD_TRUE}\n\nSee ![a `x` b](i.png) and `y`.\n", "proved"),     # a span in an image's text
    ("note.md", f"{MD_TRUE} <!-- by: BP3 -->\n", "proved"),
    ("later-table.md", f"{MD_TRUE}\n\nResults:\na | b\n--|--\n`x | {MD_FALSE} | y`\n", "bad input"),  # GitHub
    ("footnote-title.md", f"{MD_TRUE}\n\nOften mis-stated[^1][z].\n\n[^1]: see \"\n{MD_FALSE}\n\"\n", "bad input"),
    ("pre-dash.md", f"{MD_TRUE}\n\n<pre-x>\n{MD_FALSE}\n</pre-x>\n", "bad input"),          # no <pre>
    ("footnote-fence.md", f"{MD_TRUE}\n\nOften mis-stated[^1].\n\n[^1]: Note:\n\n    ```math\n    "
                          f"{MD_FALSE[3:-3]}\n    ```\n", "bad input"),
    ("math-backtick.md", f"{MD_TRUE}\n\nWrite a quote as $\\text{{`}}$ in math; the step\n{MD_FALSE}\nis wrong, "
                         f"and $\\text{{`}}$ closes it.\n", "bad input"),      # Jupyter reads math first
    ("math-comment.md", f"{MD_TRUE}\n\nSo $a <!-- b$ and\n{MD_FALSE}\nand $c --> d$.\n", "bad input"),
    ("textarea.md", f"{MD_TRUE}\n\n<textarea>\n{MD_FALSE}\n</textarea>\n", "bad input"),   # GitHub: text
    ("bare-url.md", f"{MD_TRUE}\n\nSee https://x.org/q?{MD_FALSE} and more.\n", "bad input"),
    ("gobble-iffalse.tex", f"\\newcommand\\gobble[1]{{}}\n\\begin{{document}}\n{TRUE_ROW}\nMoreover, \\gobble\\iffalse\n"
                           f"{FALSE_ROW}\n\\gobble\\fi\nwhich ends it.\n\\end{{document}}\n", "bad input"),   # TeX: no \\iffalse
    ("gobble-end.tex", f"\\newcommand\\gobbletwo[2]{{}}\n\\begin{{document}}\n{TRUE_ROW}\n\\gobbletwo\\end{{document}}\n"
                       f"{FALSE_ROW}\n\\end{{document}}\n", "bad input"),
    ("hide-argument.tex", f"\\newcommand\\hide[2]{{}}\n\\begin{{document}}\nVisible.\n\\hide x{{\n{FALSE_ROW}\n}}\n"
                          f"{TRUE_ROW}\n\\end{{document}}\n", "bad input"),    # {...} is \\hide's second argument
    ("verb-in-display.tex", "\\begin{document}\n\\[ \\frac{\\partial C}{\\partial b^l_j} = \\verb|2|\\delta^l_j \\]\n"
                            "\\end{document}\n", "bad input"),           # TeX typesets the 2
    ("filecontents-sty.tex", f"\\begin{{filecontents}}{{notes.sty}}\n\\AtBeginDocument{{{FALSE_ROW}}}\n"
                             f"\\end{{filecontents}}\n\\documentclass{{article}}\n\\usepackage{{notes}}\n"
                             f"\\begin{{document}}\n{TRUE_ROW}\n\\end{{document}}\n", "bad input"),
    ("span-in-display.md", f"{MD_TRUE}\n\nHence $$ \\frac{{\\partial C}}{{\\partial b^l_j}} = `2` \\delta^l_j $$\n",
     "bad input"),                                              # Jupyter shows the 2 as part of the math
    ("comment-in-display.md", f"{MD_TRUE}\n\nHence $$ \\frac{{\\partial C}}{{\\partial b^l_j}} = <!-- 2 --> "
                              f"\\delta^l_j $$\n", "bad input"),
    ("row-note.md", "$$\n\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j <!-- by: chain rule -->\n$$\n",
     "proved"),                                                 # the control: a row's reason at its end
    ("heading-table.md", f"{MD_TRUE}\n\na | b | c\n--|---|--\n`x | {MD_FALSE} | y`\n===\n", "bad input"),  # GFM: a table
    ("wbr-escaped.md", f"{MD_TRUE}\n\nSo \\$<wbr>\\$ {MD_FALSE[3:-3]} \\$<wbr>\\$ holds.\n", "bad input"),  # MathJax: $$
    ("spaced-option.tex", f"\\usepackage{{listings}}\n\\begin{{document}}\n{TRUE_ROW}\nCode: \\lstinline [language=C]"
                          f"|\\iffalse|\n{FALSE_ROW}\nCode: \\lstinline [language=C]|\\fi|\n\\end{{document}}\n", "bad input"),
    ("path-paren.tex", f"\\usepackage{{url}}\n\\begin{{document}}\n{TRUE_ROW}\nSee \\path(\\iffalse(\n{FALSE_ROW}\n"
                       f"and \\path(\\fi(\n\\end{{document}}\n", "bad input"),    # url's \path takes ( too
    ("spaced-listing.tex", f"\\usepackage{{listings}}\n\\begin{{document}}\n{TRUE_ROW}\nCode: \\lstinline [language=C]|x|"
                           f".\n\\end{{document}}\n", "proved"),                 # the control: read as verbatim
    ("ftp-backtick.md", f"{MD_TRUE}\n\nMirror: ftp://example.com/` and so {MD_FALSE} holds `.\n", "bad input"),
    ("list-footnote.md", f"{MD_TRUE}\n\nSee the note[^1].\n\n- [^1]: Also\n\n      {MD_FALSE}\n\n      That is all.\n",
     "bad input"),                                              # GitHub: the footnote's text
    ("tex-row-note.md", "$$\n\\begin{aligned}\n\\frac{\\partial C}{\\partial b^l_j} &= \\delta^l_j <!-- by: BP3 \\\\ "
                        "\\frac{\\partial C}{\\partial b^l_j} &= 2 \\delta^l_j --> \\\\\n&= \\delta^l_j\n\\end{aligned}\n$$\n",
     "bad input"),                                              # Jupyter typesets the note's row
    ("shell-fence.md", f"{MD_TRUE}\n\n```sh\n$ derive check x.md\n```\n", "proved"),   # Jupyter keeps a fence's $
    ("shell-indented.md", f"{MD_TRUE}\n\n    $ derive check x.md\n", "bad input"),     # but not an indented block's
    ("long-comment.md", f"{MD_TRUE}\n<!-- draft:\n$$\n-->\n$$ = 2\\delta^l_j $$\n", "bad input"),   # Jupyter pairs
    ("comment-dollars.md", f"{MD_TRUE}\n\nNote <!-- draft $$ --> {MD_FALSE[3:-3]} {MD_TRUE}\n", "bad input"),  # its $$
    ("reference-dollars.md", f"{MD_TRUE}\n\n[//]: $$\n{MD_FALSE[3:-3]} {MD_TRUE}\n", "bad input"),
    ("escaped-span.md", f"{MD_TRUE}\n\nNote \\\\`$$` {MD_FALSE[3:-3]} {MD_TRUE}\n", "bad input"),
    ("one-column-table.md", f"{MD_TRUE}\n\nTable\n:-:\n`{MD_FALSE} | `\n", "bad input"),        # GitHub: a table
    ("url-backtick.md", f"{MD_TRUE}\n\nSee www.example.com/` {MD_FALSE} `\n", "bad input"),      # the link takes `
    ("quoted-footnote.md", f"{MD_TRUE}\n\n> [^1]: {MD_FALSE.replace(' ', '')}\n", "bad input"),
    ("defined-displaymath.tex", f"\\newcommand\\dm{{\\displaymath}}\\newcommand\\edm{{\\enddisplaymath}}\n"
                                f"\\begin{{document}}\n{TRUE_ROW}\n\\dm {FALSE_ROW[3:-3]} \\edm\n\\end{{document}}\n", "bad input"),
    ("defined-dollar.tex", f"\\newcommand\\md{{$}}\n\\begin{{document}}\n{TRUE_ROW}\n\\md$ {FALSE_ROW[3:-3]} $\\md\n"
                           f"\\end{{document}}\n", "bad input"),             # \\md$ is $$
    ("starred-bare.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\displaymath*x {FALSE_ROW[3:-3]} \\enddisplaymath\n"
                         f"\\end{{document}}\n", "bad input"),
    ("bare-dmath.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\dmath {FALSE_ROW[3:-3]} \\enddmath\n\\end{{document}}\n",
     "bad input"),
    ("url-in-argument.tex", f"\\usepackage{{url}}\n\\begin{{document}}\n{TRUE_ROW}\n\\mbox{{\\url{{a%}}}}$$\n\\url|}}}}|$$"
                            f" {FALSE_ROW[3:-3]} $$\\mbox{{\\url{{b%}}}}$$\n\\url|}}}}|\n\\end{{document}}\n", "bad input"),
    ("url-in-footnote.tex", f"\\usepackage{{url}}\n\\begin{{document}}\n{TRUE_ROW}\nSee\\footnote{{\\url{{https://x.org/a}}}}"
                            f".\n\\end{{document}}\n", "proved"),           # the control: no % or brace in it
    ("defined-inline.tex", f"\\newcommand\\R{{$\\mathbb{{R}}$}}\n\\begin{{document}}\n{TRUE_ROW}\nIn \\R.\n"
                           f"\\end{{document}}\n", "proved"),                   # the control: $ in pairs
    ("image-footnote.md", f"{MD_TRUE}\n\nBy ![see [^1]](p.png)\n\n[^1]: Also \"\n{MD_FALSE}\n\"\n", "bad input"),
    ("inline-dollars.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNote that $p{MD_FALSE}q$ is false.\n\\end{{document}}\n",
     "proved"),                                                  # TeX: $p$, $...$, $q$: three inline formulas
    ("display-dollars.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNote that $p$ {MD_FALSE} $q$.\n\\end{{document}}\n",
     "refuted")]


@pytest.mark.parametrize("name, text, outcome", ARGUMENTS, ids=[c[0] for c in ARGUMENTS])
def test_verbatim_arguments_and_code_spans_end_where_the_reader_ends_them(tmp_path, name, text, outcome):
    """hyperref's \\url takes braces only, \\lstinline{ ends at the first }, \\href's [ opens options, and an
    undefined \\url typesets its argument: derive blanked a false display as the command's argument. The
    comment package does not end at an indented \\end{comment}. CommonMark reads <?...?>, <![CDATA[...]]>,
    <!DOCTYPE ...> and an email autolink as raw HTML whose backtick opens no code span, and no closing tag
    with attributes; a line after </pre> is typeset. derive read each otherwise, and PROVED a file that shows
    a false display (found by the red team of stop 36); so did a backtick in a link's target or title, or after a
    comment's --!> (derive's code spans were not markdown-it's), </pre x> (it ends the <pre>), a backtick in a
    comment GitHub shows as text, and url's \\path!\\iffalse! (any mark delimits it). Math or a conditional in a
    package's verbatim argument, and \\DeclareUrlCommand, are now bad input, and derive's code spans must be
    markdown-it's. Then a <!-- in a link's title or a tag's attribute (no comment to markdown-it) and \\verb in a
    macro's argument (TeX has read the argument's tokens: its $$ are a display): derive's comments must start
    markdown-it's and its $$ be as many as markdown-it's text holds, and \\verb holds no math. And a true file was
    refuted: TeX reads $p$$...$$q$ as three inline formulas, derive read a display; it pairs $ as TeX does now.
    Then a command defined as \\displaymath, \\equation or a lone $ (\\md$ is $$), a bare \\displaymath*x or
    \\dmath, and a footnote read as a link title with math, referenced in an image's text. Then \\url{a%} inside
    \\mbox{...}: TeX has read the argument, so its % hides the rest of the line (and a $$ in it), and braces in
    \\url|}}| close groups; a verbatim command inside another command's argument may hold none of % { } $ now.
    And as GitHub or Jupyter show them: a table that starts after a paragraph's first line, a footnote that
    CommonMark reads as a link definition, <pre-x> (no <pre>), a math fence in a footnote's indented block, a
    backtick or a comment inside math (Jupyter takes math out first), a <textarea>, and a bare address with $.
    Then a defined command that takes \\iffalse or \\end as its argument (\\gobble\\iffalse), a group that is a
    command's second argument (\\hide x{...}), a one-column table, a backtick in a bare address, and a footnote
    inside a blockquote. And a $$ in a comment, a [//]: line or a code span Jupyter does not protect (after \\\\):
    Jupyter pairs it with a $$ outside, so text derive does not read may hold no odd number of $$ or $. Then
    \\verb|2| in a display (TeX typesets it), a filecontents that writes a package the document loads, and a code
    span or comment (but a row's by: note) inside a $$ display, which Jupyter shows as part of the math; a table
    that CommonMark reads as a setext heading, and \\$<wbr>\\$ (a page turns \\$ into $, and MathJax reads $$).
    Then a space before a verbatim command's [options], url's \\path(...(, an ftp:// address with a backtick, a
    footnote defined in a list item, and a row's by: note holding TeX (Jupyter typesets it as rows)."""
    _read_as(tmp_path, name, text, outcome)


@pytest.mark.parametrize("claim, options, true", [
    ("d(b[l,j]*sgn(b[l,j])^2)/db[l,j] = sgn(b[l,j])^2", [], False),      # b sgn(b)^2 is b: 1 at b = 0, not 0
    ("d(z[l,j]*sgn(z[l,j])^2)/dz[l,j] = sgn(z[l,j])^2", [], False),
    ("d(w[l,j,k]*abs(sgn(w[l,j,k])))/dw[l,j,k] = abs(sgn(w[l,j,k]))", [], False),
    ("d(abs(w[l,j,k])*sgn(w[l,j,k]))/dw[l,j,k] = sgn(w[l,j,k])^2", ["--regularization", "l1"], False),
    ("d(b[2,1]*sgn(b[2,1])^2)/db[2,1] = sgn(b[2,1])^2", ["--widths", "2,2"], False),
    ("d(abs(b[l,j] + abs(b[l,j])) - abs(b[l,j] - abs(b[l,j])))/db[l,j] = (1 + sgn(b[l,j]))*sgn(b[l,j] + abs(b[l,j]))"
     " - (1 - sgn(b[l,j]))*sgn(b[l,j] - abs(b[l,j]))", [], False),           # it is 2b: 2 at b = 0, not 0
    ("d(b[l,j]*sgn(b[l,j])^2 + abs(b[l,j] - b[l,j]^2) - abs(b[l,j] + b[l,j]^2))/db[l,j] = (2*b[l,j] - 1)*"
     "sgn(b[l,j]^2 - b[l,j]) - (2*b[l,j] + 1)*sgn(b[l,j]^2 + b[l,j]) + sgn(b[l,j])^2", [], False),   # b - 2b|b|
    ("d(abs(z[2,1] + abs(z[2,1])) - abs(z[2,1] - abs(z[2,1])))/db[2,1] = (1 + sgn(z[2,1]))*sgn(z[2,1] + abs(z[2,1]))"
     " - (1 - sgn(z[2,1]))*sgn(z[2,1] - abs(z[2,1]))", ["--widths", "2,2"], False),
    ("d(abs(z[l,j])*sgn(b[l,j]))/db[l,j] = sgn(z[l,j])*sgn(b[l,j])", [], False),   # |z| sgn(b) is b where z = b
    ("d(abs(z[2,1])*sgn(b[2,1]))/db[2,1] = sgn(z[2,1])*sgn(b[2,1])", ["--widths", "2,2"], False),
    ("d(sgn(b[l,j])^2*z[l,j])/db[l,j] = sgn(b[l,j])^2", [], False),       # sgn(b)^2 z is b where z = b
    ("d(sgn(b[2,1])^2*z[2,1])/db[2,1] = sgn(b[2,1])^2", ["--widths", "3,1"], False),
    ("d(sgn(w[l,j,k])^2*z[l,j])/dw[l,j,k] = sgn(w[l,j,k])^2*a[l-1,k]", [], False),
    ("d(sgn(b[l,j])^2*a[l,j])/db[l,j] = sgn(b[l,j])^2*(1 - a[l,j]^2)", ["--activation", "tanh"], False),
    ("d(sgn(z[l,j])^2*b[l,j])/db[l,j] = sgn(z[l,j])^2", [], False),
    ("d(abs(b[l,j])*z[l,j])/db[l,j] = sgn(b[l,j])*z[l,j] + abs(b[l,j])", [], None),   # true: no longer taken
    ("d(sgn(b[l,j]))/db[l,j] = 0*b[l,j]", [], True),                       # the controls: a jump, a kink (|b|),
    ("d(b[l,j]*sgn(b[l,j]))/db[l,j] = sgn(b[l,j])", [], True),             # a derivative continuous at 0 (b|b|)
    ("d(b[l,j]^2*sgn(b[l,j]))/db[l,j] = 2*b[l,j]*sgn(b[l,j])", [], True),
    ("d(b[2,1]*sgn(b[2,1]))/db[2,1] = sgn(b[2,1])", ["--widths", "2,2"], True),
    ("d(z[l,j]*sigma'(z[l,j]))/dz[l,j] = sigma'(z[l,j])", ["--activation", "relu"], True)])
def test_a_step_functions_derivative_is_0_only_where_that_leaves_the_derivative(claim, options, true, capsys):
    """d(b sgn(b)^2)/db is sgn(b)^2 + 4 b sgn(b) DiracDelta(b); writing the delta 0 left sgn(b)^2, which is 0 at
    b = 0, where b sgn(b)^2 = b has the derivative 1: the false claim was PROVED (found by the red team of stop
    36). The delta is now written 0 only where the rest is the derivative at 0 (continuous there) or there is
    none (the rest or the function jumps there). So were claims whose sgn(...) sympy writes 0 at a kink that two
    |.| cancel (|b + |b|| - |b - |b|| is 2b), or whose sides at b = 0 sympy read as sgn(0) (sgn(h - h^2)):
    sympy's derivative is now checked where each sgn in it jumps, and one of another argument is not taken; nor is
    one with sgn or |.| of a quantity beside another that moves with V (|z| sgn(b) and sgn(b)^2 z are b where z = b).
    A true claim of that kind is UNDECIDED (None)."""
    _verified_as(claim, options, true, capsys)


def _verified_as(claim, options, true, capsys):
    """`derive verify` of the claim: PROVED when true (True), never PROVED when false (False), UNDECIDED (None)."""
    code = main(["verify", claim, *options])
    capsys.readouterr()
    assert code == {True: 0, False: code if code in (1, 3) else "not proved", None: 3}[true], claim


GIVEN_PROOF = ("claim: dC/db[l,j] = delta[l,j]\n"
               "given: dC/db[l,j] = sum(k=1, n(l), dC/dz[l,k]*dz[l,k]/db[l,j])\n"
               "  = sum(k=1, n(l), delta[l,k]*dz[l,k]/db[l,j])   [by definition]\n"
               "  = sum(k=1, n(l), delta[l,k]*[j=k])   [by derivative]\n"
               "  = delta[l,j]   [by Kronecker]\n")


@pytest.mark.parametrize("suffix", [".tex", ".md"])
def test_an_exported_given_chain_reads_back_as_given(tmp_path, suffix, capsys):
    """A stated fact (`given:`) never reaches the claim, so this file is UNDECIDED; exported to LaTeX or Markdown
    it lost its given mark and read back as a proof, PROVED (found by the red team of stop 36). A `given:`
    note before the display now keeps it, and the claim line alone prints no empty display."""
    source = _write(tmp_path / "given.proof", GIVEN_PROOF)
    assert check_document(read(source), Network(), str(source)).verdict.status == "undecided"
    out = tmp_path / f"given{suffix}"
    assert main(["export", str(source), "-o", str(out)]) == 3         # the exit code of its verdict
    capsys.readouterr()
    document = read(out)
    assert [chain.given for chain in document.chains] == [True]
    assert check_document(document, Network(), str(out)).verdict.status == "undecided"


@pytest.mark.parametrize("text", [
    f"% given: {TRUE_ROW}\n{TRUE_ROW}\n",                        # the fact is the display after the note
    f"{TRUE_ROW}\n% given:\n",                                   # a note before no display
    f"{TRUE_ROW}\n% given:\n\\[ = \\delta^l_j \\]\n"])           # before a display that continues another
def test_a_given_note_marks_the_one_display_after_it(tmp_path, text):
    with pytest.raises(DocumentError):
        read(_write(tmp_path / "note.tex", text))



def test_a_file_tex_may_load_from_the_documents_folder_is_refused(tmp_path):
    """article loads size10.clo, graphics loads graphics.cfg, from the document's folder first: such a file may
    typeset a display no reader of the source sees (found by the red team of stop 36)."""
    text = f"\\documentclass{{article}}\n\\begin{{document}}\n{TRUE_ROW}\n\\end{{document}}\n"
    _read_as(tmp_path, "plain.tex", text, "proved")
    (tmp_path / "size10.clo").write_text(f"\\AtBeginDocument{{{FALSE_ROW}}}\n")
    _read_as(tmp_path, "plain.tex", text, "bad input")

def test_no_name_the_kernel_made_is_printed(capsys):
    """The chain rule through a^L_k inside a sum over j separates z^L_j, which the kernel names z^L_{_p0}
    once it renames the sum's index: that name was printed (found by the red team of stop 36)."""
    claim = "sum(j, delta[L,j]) = sum(j, a[L,j]*y[j]) - 1"
    assert main(["verify", claim, "--activation", "sigmoid", "--cost", "log-likelihood", "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "by the chain rule through the activations of layer L" in out and "_p" not in out


# --- stop 37 ----------------------------------------------------------------------------------
NL = "\n"
ALIGN_ROWS = ("\\frac{{\\partial C}}{{\\partial b^l_j}} &= \\delta^l_j && \\text{{(chain rule){0}}} \\\\\\\\\n"
              "&= 2\\delta^l_j && \\text{{(algebra){1}}}")      # the second row is false
PAIRED = [   # (file name, text, outcome): the $ of inline math as TeX pairs them, and what they may hold
    ("minipage-in-math.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNote $\\begin{{minipage}}{{5cm}}{FALSE_ROW}"
                             f"\\end{{minipage}}$ holds.\n\\end{{document}}\n", "bad input"),
    ("vbox-in-math.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNote $\\vbox spread 0pt{{{FALSE_ROW}}}$ holds.\n\\end{{document}}\n",
     "bad input"),
    ("align-in-paren-math.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNote \\(\\begin{{minipage}}{{5cm}}\\begin{{align*}} "
                                f"\\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j \\end{{align*}}"
                                f"\\end{{minipage}}\\) holds.\n\\end{{document}}\n", "bad input"),
    ("column-spec.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\begin{{tabular}}{{>{{$}}c}}\na$ \\\\\nb$\n\\end{{tabular}}\n"
                        f"{FALSE_ROW}\nwhere $z$ is as above.\n\\end{{document}}\n", "bad input"),
    ("label-dollar.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\label{{bp3$}}\n{FALSE_ROW}\nwhere $z$ is as above.\n"
                         f"\\end{{document}}\n", "bad input"),
    ("typeout-dollar.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\typeout{{cost in $}}\n{FALSE_ROW}\nwhere $z$ is.\n"
                           f"\\end{{document}}\n", "bad input"),
    ("unpaired-dollar.tex", f"\\begin{{document}}\n{TRUE_ROW}\nA lone $ here.\n\\end{{document}}\n", "bad input"),
    ("math-in-groups.tex", f"\\begin{{document}}\n\\textbf{{$x$}}, \\mbox{{$y_{{j}}$}} and \\(z\\).\n{TRUE_ROW}\n"
                           f"\\end{{document}}\n", "proved"),                        # the controls: $ in its group,
    ("false-after-math.tex", f"\\begin{{document}}\n\\textbf{{$x$}} and $y$.\n{FALSE_ROW}\n\\end{{document}}\n",
     "refuted"),                                                                   # a display after inline math
    ("paren-closes-dollar.tex", f"\\begin{{document}}\n{TRUE_ROW}\nLet $a\\) be given:\n{MD_FALSE}\nand \\(b$ too.\n"
                                f"\\end{{document}}\n", "refuted"),        # \) closes $, \( opens: $$ is a display
    ("dollars-in-minipage.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNote $\\begin{{minipage}}{{5cm}}{MD_FALSE}"
                                f"\\end{{minipage}}$ holds.\n\\end{{document}}\n", "bad input"),
    ("dollars-in-parbox.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNote $\\parbox{{5cm}}{{{MD_FALSE}}}$ holds.\n"
                              f"\\end{{document}}\n", "bad input"),
    ("paren-column-spec.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\begin{{tabular}}{{>{{\\(}}p{{6cm}}<{{\\)}}}}\n"
                              f"a$ {MD_FALSE} $b\n\\end{{tabular}}\n\\end{{document}}\n", "bad input"),
    ("defined-as-paren.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\newcommand{{\\mc}}{{\\)}}\nText $a\\mc{{}} {MD_FALSE} "
                             f"\\(b$.\n\\end{{document}}\n", "bad input"),
    ("bare-equation-in-math.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNote $\\parbox{{8cm}}{{\\equation "
                                  f"{FALSE_ROW[3:-3]} \\endequation}}$ holds.\n\\end{{document}}\n", "bad input"),
    ("p-column-in-math.tex", f"\\begin{{document}}\n{TRUE_ROW}\nNote $\\begin{{array}}{{p{{5cm}}}}{MD_FALSE}"
                             f"\\end{{array}}$ holds.\n\\end{{document}}\n", "bad input"),
    ("fvextra-braces.tex", f"\\begin{{document}}\n{TRUE_ROW}\nIn code: \\Verb{{a\\{{b}} $ \\}}\nand so\n{MD_FALSE}\n"
                           f"as code: \\Verb{{c\\{{d}} $ \\}}\n\\end{{document}}\n", "bad input"),
    ("lstinline-braces.tex", f"\\begin{{document}}\n{TRUE_ROW}\nIn code \\lstinline{{a{{b}} $ \\}}\ny$, so\n"
                             f"{MD_FALSE}\nand \\lstinline{{c{{d}} $ \\}}\nz$.\n\\end{{document}}\n", "bad input"),
    ("lstinline.tex", f"\\begin{{document}}\n{TRUE_ROW}\nIn code \\lstinline{{a $ b}} and $x$.\n"
                      f"\\end{{document}}\n", "proved"),                         # the control: no inner brace
    ("twice-dollar.tex", f"\\newcommand{{\\twice}}[1]{{#1#1}}\n\\begin{{document}}\n{TRUE_ROW}\nMoreover \\twice$"
                         f"{FALSE_ROW[3:-3]}\\twice$ holds.\n\\end{{document}}\n", "bad input"),   # \twice$ is $$
    ("environment-dollar.tex", f"\\newenvironment{{m}}{{$}}{{$}}\n\\begin{{document}}\n{TRUE_ROW}\nMoreover "
                               f"\\begin{{m}}${FALSE_ROW[3:-3]}$\\end{{m}} holds.\n\\end{{document}}\n", "bad input"),
    ("wrapper-of-math.tex", f"\\newcommand{{\\m}}[1]{{$#1$}}\n\\begin{{document}}\n{TRUE_ROW}\nMoreover "
                            f"\\m{{${FALSE_ROW[3:-3]}$}} holds.\n\\end{{document}}\n", "bad input"),      # $$...$$
    ("wrapper-of-words.tex", f"\\newcommand{{\\m}}[1]{{$#1$}}\n\\begin{{document}}\nFor \\m{{x}}:\n{TRUE_ROW}\n"
                             f"\\end{{document}}\n", "proved"),                 # the control: no math in its argument
    ("xparse-lone-dollar.tex", f"\\NewDocumentCommand{{\\x}}{{}}{{$}}\n\\begin{{document}}\n{TRUE_ROW}\nSo \\x a\\x.\n"
                               f"\\end{{document}}\n", "bad input"),             # its body, not its spec, is read
    ("macro-before-dollar.tex", f"\\newcommand{{\\R}}{{\\mathbb{{R}}}}\n\\begin{{document}}\nFor $x \\in \\R$:\n"
                                f"{TRUE_ROW}\n\\end{{document}}\n", "proved"),   # the control: \R takes nothing
    ("endlinechar.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\endlinechar=-1\nMoreover $\n${FALSE_ROW[3:-3]}$\n$ holds.\n"
                        f"\\end{{document}}\n", "bad input"),
    ("xparse-verbatim.tex", f"\\NewDocumentCommand{{\\code}}{{v}}{{\\texttt{{#1}}}}\n\\begin{{document}}\n{TRUE_ROW}\n"
                            f"The code \\code|%| shows.\n\\end{{document}}\n", "bad input"),
    ("comment-bare-equation.tex", f"\\begin{{document}}\n{TRUE_ROW}\nSee the code % \\equation \\delta^l_j "
                                  f"\\mathchar\"303D 2\\delta^l_j \\endequation\n\\end{{document}}\n", "bad input"),
    ("long-s-begin.md", f"<!-- \\begin{{\u017f}} -->\n\\begin{{align}}\n{ALIGN_ROWS.format('', '').replace(NL, NL + '<pre>' + NL)}"
                        f"\n</pre>\n\\end{{align}}\n", "bad input"),          # Python's re.I reads \u017f as s
    ("text-in-math.tex", f"\\begin{{document}}\n$f = 1 \\text{{ if $x > 0$}}$, \\(y\\) and "
                         f"$\\begin{{pmatrix}} 1 \\end{{pmatrix}}$.\n{TRUE_ROW}\n\\end{{document}}\n", "proved"),
    ("reference-tab.md", f"{MD_TRUE}\n\n[//]: # ({MD_FALSE})\t\n", "bad input"),
    ("reference-escaped-paren.md", f"{MD_TRUE}\n\n[//]: # (note \\( {MD_FALSE})\n", "bad input"),
    ("reference-escaped-quote.md", f"{MD_TRUE}\n\n[//]: # 'note \\' {MD_FALSE}'\n", "bad input"),
    ("reference-tab-before.md", f"{MD_TRUE}\n\n[//]:\t# ({MD_FALSE})\n", "bad input"),
    ("reference-note.md", f"{MD_TRUE}\n\n[//]: # ({MD_FALSE})\n", "proved"),      # the controls: every reader
    ("reference-quoted.md", f"{MD_TRUE}\n\n[//]: # \"a {MD_FALSE}\"\n", "proved"),  # hides these
    ("fence-tilde-backtick.md", f"{MD_TRUE}\n\n~~~\n~~~`\n{MD_FALSE}\n~~~\n", "bad input"),
    ("fence-backtick-tilde.md", f"{MD_TRUE}\n\n```\n```~\n{MD_FALSE}\n```\n", "bad input"),
    ("fence.md", f"{MD_TRUE}\n\n~~~\n{MD_FALSE}\n~~~\n", "proved"),
    ("comment-in-align.md", f"\\begin{{align}}\n{ALIGN_ROWS.format(' <!--', ' -->')}\n\\end{{align}}\n", "bad input"),
    ("code-in-align.md", f"\\begin{{align}}\n{ALIGN_ROWS.format(' `', ' `')}\n\\end{{align}}\n", "bad input"),
    ("fence-in-align.md", f"\\begin{{align}}\n{ALIGN_ROWS.format('', '').replace(NL, NL + '```' + NL)}\n```\n"
                          f"\\end{{align}}\n", "bad input"),
    ("align.md", f"\\begin{{align}}\n{ALIGN_ROWS.format('', '')}\n\\end{{align}}\n", "refuted"),   # the control
    ("byte-order-mark.md", f"\ufeff    {MD_FALSE}\n\n{MD_TRUE}\n", "bad input"),
    ("no-byte-order-mark.md", f"    {MD_FALSE}\n\n{MD_TRUE}\n", "proved"),       # the control: indented code
    ("math-marker.md", f"{MD_TRUE}\n\n<!-- {MD_FALSE} -->\n\nSo @@1\\@@ follows.\n", "bad input"),   # \\@ is @
    ("math-marker-entity.md", f"{MD_TRUE}\n\n    {MD_FALSE}\n\nSo @&#64;1@@ follows.\n", "bad input"),
    ("entity-paren.md", f"Note \\\\&#40; $$\n{MD_TRUE[3:-3]}\n$$ x $$\n{MD_TRUE[3:-3]}\n$$\n", "bad input"),  # \( on the page
    ("dollar-runs.md", f"For a cost in $n$$\n{MD_TRUE[3:-3]}\n$$$\n{MD_FALSE[3:-3]}\n$$\n{MD_TRUE[3:-3]}\n$$\n",
     "bad input"),                 # MathJax: $n$, then $...$ inline, then the false row as the only display
    ("dollars-apart.md", f"For a cost in $n$:\n$$\n{MD_TRUE[3:-3]}\n$$\n", "proved"),     # the control
    ("line-separator.md", f"\\begin{{align}}\n{ALIGN_ROWS.format('', '').replace(NL, chr(0x2028) + NL)}\n\\end{{align}}\n",
     "bad input")]


@pytest.mark.parametrize("name, text, outcome", PAIRED, ids=[c[0] for c in PAIRED])
def test_inline_math_and_hidden_lines_are_read_as_every_reader_reads_them(tmp_path, name, text, outcome):
    """derive blanked inline math whole, and paired its $ across groups: a display in a minipage or \\vbox inside
    $...$ is typeset, and a $ in a column spec, \\label or \\typeout is no math shift, so TeX showed a false display
    derive had blanked; a [//]: line with a tab, an escaped parenthesis or quote is a paragraph to marked
    (Jupyter), and ~~~` ends a ~~~ fence there: each PROVED a file that shows a false display (found by the red
    team of stop 37); so did $a\\) (\\) closes $), $$ in a minipage or \\parbox inside $...$, >{\\(} in a column
    spec, a command defined as \\), a bare \\equation in a \\parbox in $...$, and a lone $ after a braced verbatim
    argument whose end packages place otherwise (\\lstinline{a{b} $ \\}, fvextra's \\Verb{a\\{b}}). Inline math is now paired within its group by every math shift ($, \\(, \\),
    \\begin{math}), holds no display or environment but a matrix's, and every shift is closed. And a comment,
    code span or fence inside \\begin{align} (Jupyter takes the display out whole before it reads Markdown, and
    shows the rows after it), and a byte-order mark (Jupyter shows it, so the first line is no indented code); then
    text the page shows as @@1@@ (@@1\\@@), where Jupyter puts back math it took out of a comment or code, and a
    line break U+2028, which Python reads as one and JavaScript does not; and $n$$ ... $$$ (MathJax ends an inline $
    at the first $ of $$, so its one display was the false row). Then \\twice$ (a command that takes the $
    as its argument makes $$), \\endlinechar, an xparse verbatim argument (its % is text), a bare \\equation after a
    % that may be text, and \\begin{\u017f}, which Python's re.I matched as an environment and JavaScript's /i
    does not. Then an environment defined as {$}{$} beside a $ in the text, and math given to \\m{...} defined as
    $#1$ (both TeX's $$); a
    [//]: line with math must read as a definition everywhere, and a fence may hold no line that starts as one."""
    _read_as(tmp_path, name, text, outcome)


@pytest.mark.parametrize("claim, options, true", [
    ("d(sum(p=1, n(l-1), [p=k]*abs(w[l,j,p])) - sum(q=1, n(l-1), [q=k]*(abs(w[l,j,q]) + w[l,j,q]*sgn(w[l,j,q])^2)))"
     "/dw[l,j,k] = -sgn(w[l,j,k])^2", [], False),                 # the two sums are -w sgn(w)^2 = -w: -1 at w = 0
    ("d(sum(p=1, n(l), [p=j]*abs(b[l,p])) - sum(q=1, n(l), [q=j]*(abs(b[l,q]) + b[l,q]*sgn(b[l,q])^2)))/db[l,j]"
     " = -sgn(b[l,j])^2", [], False),
    ("d(C - lambda/N*sum(q=1, n(l-1), [q=k]*(abs(w[l,j,q]) + w[l,j,q]*sgn(w[l,j,q])^2)))/dw[l,j,k] = "
     "dC0/dw[l,j,k] - lambda/N*sgn(w[l,j,k])^2", ["--regularization", "l1"], False),   # C's |w| and the sum's cancel
    ("d(sum(p=1, n(l), [p=j]*sgn(b[l,p])^2)*z[l,j])/db[l,j] = sum(p=1, n(l), [p=j]*sgn(b[l,p])^2)", [], False),
    ("d([1<=j<=n(l)]*(abs(b[l,j]) + b[l,j]) - abs([1<=j<=n(l)]*(abs(b[l,j]) + b[l,j])))/db[l,j] = "
     "(1 - sgn(abs(b[l,j]) + b[l,j]))*(1 + sgn(b[l,j]))", [], False),      # P - |P| is 0: the chain rule gives 1
    ("d([1<=k<=n(l-1)]*(abs(w[l,j,k]) + w[l,j,k]) - abs([1<=k<=n(l-1)]*(abs(w[l,j,k]) + w[l,j,k])))/dw[l,j,k] = "
     "(1 - sgn(abs(w[l,j,k]) + w[l,j,k]))*(1 + sgn(w[l,j,k]))", ["--widths", "2,2"], False),
    ("d(C - abs(C))/dw[l,j,k] = (1 - sgn(C))*(a[l-1,k]*delta[l,j] + lambda/N*sgn(w[l,j,k]))",
     ["--regularization", "l1", "--cost", "cross-entropy", "--activation", "sigmoid"], None),   # |C| of C's |w|
    ("d([2<=l]*(a[l,j] + sigma(-z[l,j]) + z[l,j]) - abs([2<=l]*(a[l,j] + sigma(-z[l,j]) + z[l,j])))/dz[l,j] = "
     "(1 - sgn([2<=l]*(a[l,j] + sigma(-z[l,j]) + z[l,j])))*(sigma'(z[l,j]) - sigma'(-z[l,j]) + 1)*[2<=l]",
     ["--activation", "relu"], False),             # relu(z) + relu(-z) + z is 2 relu(z): H(0) - H(0) gave 0 at z = 0
    ("d(sum(p=1, n(l), [p=j]*sgn(b[l,p])^2)*sum(q=1, n(l), [q=j]*b[l,q]))/db[l,j] = sgn(b[l,j])^2", [], False),
    ("d([3<=j]*sum(p=1, n(l), [p=j]*sgn(b[l,p])^2)*b[l,j])/db[l,j] = [3<=j]*sgn(b[l,j])^2", [], False),  # 0 on small nets
    ("d(sum(p=1, n(l), [p=j]*abs(b[l,p]))*sum(q=1, n(l), [q=j]*b[l,q]))/db[l,j] = sgn(b[l,j])*b[l,j] + "
     "abs(b[l,j])", [], True),                                         # |b| b: 2|b|, at 0 too
    ("d(sum(p=1, n(l), [p=j]*abs(b[l,p])) + b[l,j]^2)/db[l,j] = sgn(b[l,j]) + 2*b[l,j]", [], True),   # the controls:
    ("d(sum(p=1, n(l), [p=j]*abs(b[l,p])) + z[l,j])/db[l,j] = sgn(b[l,j]) + 1", [], True)])   # one kink, added
def test_a_kink_inside_a_sum_or_the_cost_counts_as_a_kink(claim, options, true, capsys):
    """sgn or |.| inside a sum (or inside C, under L1) was not seen by the rule that refuses a kink beside another
    part that moves with V: two sums whose kinks cancel (|w| - (|w| + w sgn(w)^2) is -w) were each given sympy's
    value at the kink, and the false claims were PROVED (found by the red team of stop 37). A part that holds a
    kink is refused beside another such part, or where it is not added to the others; and (found next) sgn or |.|
    of a part with a kink of its own, alone too: P - |P| with P = |b| + b (a guard made P one part) is 0, and the
    chain rule gave 1 at b = 0. A claim true of such a part, where C's kink may meet |C|, is UNDECIDED (None)."""
    _verified_as(claim, options, true, capsys)


ONE_LINE_ROWS = ("<!-- claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = \\delta^l_j -->\n\n"
                 "$$ \\frac{{\\partial C}}{{\\partial b^l_j}} $$\n\n<!-- by: {0} -->\n"
                 "$$ = \\sum_{{k=1}}^{{n_l}} \\frac{{\\partial C}}{{\\partial z^l_k}} \\frac{{\\partial z^l_k}}"
                 "{{\\partial b^l_j}} $$\n\n<!-- by: definition -->\n$$ = \\sum_{{k=1}}^{{n_l}} \\delta^l_k "
                 "\\delta_{{kj}} $$\n\n<!-- by: Kronecker -->\n$$ = \\delta^l_j $$\n")


@pytest.mark.parametrize("reason, code", [("chain rule", 0), ("Kronecker", 1)])
def test_a_reason_before_a_one_line_display_is_its_rows(tmp_path, reason, code, capsys):
    """A <!-- by: ... --> note on its own line before a one-line $$ ... $$ display was dropped: under --strict the
    true file was REFUTED (no reason), and a wrong reason went unchecked (found by the red team of stop 37)."""
    path = _write(tmp_path / "one-line.md", ONE_LINE_ROWS.format(reason))
    assert main(["check", "--strict", str(path)]) == code
    capsys.readouterr()


BP3_CLAIM = "\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j"
NOTED = [   # (file name, text, outcome): notes as derive reads them, and the claim a note states
    ("note-beside-reason.tex", f"% claim: {BP3_CLAIM}\n\\begin{{align*}}\n\\frac{{\\partial C}}{{\\partial b^l_j}} "
                               f"&= \\delta^l_j \\text{{(by BP3)}} % by: chain rule\n\\end{{align*}}\n", "bad input"),
    ("reason-shown.tex", f"% claim: {BP3_CLAIM}\n\\begin{{align*}}\n\\frac{{\\partial C}}{{\\partial b^l_j}} "
                         f"&= \\delta^l_j \\text{{(by BP3)}}\n\\end{{align*}}\n", "undecided"),   # the control: circular
    ("note-two-rows.tex", f"% claim: {BP3_CLAIM}\n\\begin{{align*}}\n\\frac{{\\partial C}}{{\\partial b^l_j}} "
                          f"&= \\delta^l_j \\text{{(by BP3)}} \\\\ &= \\delta^l_j % by: algebra\n\\end{{align*}}\n",
     "bad input"),
    ("claim-in-footnote.md", f"Text [^1]\n\n[^1]: <!-- claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j -->"
                             f"\n\n{MD_TRUE}\n", "bad input"),
    ("claim-in-link-line.md", f"[//]: # (claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j)\n\n{MD_TRUE}\n",
     "bad input"),
    ("claim-second-line.md", f"<!-- note\nclaim: \\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j -->\n\n{MD_TRUE}\n",
     "bad input"),
    ("claim-after-words.tex", f"% We prove the claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j\n"
                              f"{TRUE_ROW}\n", "bad input"),
    ("claim-note.md", f"<!-- claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j -->\n\n{MD_TRUE}\n",
     "undecided"),                                   # the control: the claim is read, and no chain reaches it
    ("reason-on-continuation.tex", f"% claim: {BP3_CLAIM}\n\\begin{{align*}}\n\\frac{{\\partial C}}{{\\partial b^l_j}} "
                                   f"&= \\delta^l_j && \\text{{(BP3)}} \\\\\n &\\quad + 0 && \\text{{(chain rule)}}\n"
                                   f"\\end{{align*}}\n", "bad input"),      # which reason is the formula's?
    ("reason-before-continuation.tex", f"% claim: {BP3_CLAIM}\n\\begin{{align*}}\n\\frac{{\\partial C}}{{\\partial "
                                       f"b^l_j}} &= \\delta^l_j && \\text{{(BP3)}} \\\\\n &\\quad + 0\n\\end{{align*}}\n",
     "undecided"),                                               # the control: one reason, circular
    ("dressed-claim.tex", f"% **claim**: \\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j\n{TRUE_ROW}\n",
     "bad input"),
    ("parenthesised-claim.md", f"<!-- (claim): \\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j -->\n\n"
                               f"{MD_TRUE}\n",
     "bad input"),
    ("cyrillic-claim.tex", f"% \u0441laim: \\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j\n{TRUE_ROW}\n",
     "bad input"),                                                  # a Cyrillic с
    ("dressed-network.tex", f"% (network): cost=cross-entropy\n{TRUE_ROW}\n", "bad input"),
    ("proclaim.tex", f"% We proclaim: this holds.\n{TRUE_ROW}\n", "proved"),    # the control: no note named
    ("claim-over-two-comments.tex", f"% claim: {BP3_CLAIM}\n%        + 1\n{TRUE_ROW}\n", "bad input"),
    ("claim-over-two-comments.md", f"<!-- claim: {BP3_CLAIM} -->\n<!--        + 1 -->\n\n{MD_TRUE}\n", "bad input"),
    ("claim-then-given.tex", f"% claim: {BP3_CLAIM}\n% given:\n{TRUE_ROW}\n", "undecided"),   # the control: a note
    ("network-over-two-comments.tex", f"% network: activation=sigmoid\n%          cost=cross-entropy\n{TRUE_ROW}\n",
     "bad input"),
    ("plural-network.tex", f"% networks: cost=cross-entropy\n{TRUE_ROW}\n", "bad input"),
    ("bracket-instruction.md", f"{MD_TRUE}\n\n\\\\<?x?>[ \\delta^l_j = 7 \\\\<?x?>]\n", "bad input"),  # a browser's
    ("bracket-end-tag.md", f"{MD_TRUE}\n\n\\\\</foo>[ \\delta^l_j = 7 \\\\</foo>]\n", "bad input"),  # comment, or none
    ("code-in-empty-item.md", f"{MD_TRUE}\n\n- \n        {MD_FALSE}\n", "bad input"),     # marked: a paragraph
    ("fence-after-tab-item.md", f"{MD_TRUE}\n- \tx\n  ~~~\n{MD_FALSE}\n", "bad input"),
    ("begin-comment-name.tex", f"\\begin{{document}}\n{TRUE_ROW}\n\\begin{{equa%\ntion*}}\n{FALSE_ROW[3:-3]}\n"
                               f"\\end{{equa%\ntion*}}\n\\end{{document}}\n", "bad input"),   # TeX: equation*
    ("begin-macro-name.tex", f"\\newcommand{{\\m}}{{equation*}}\n\\begin{{document}}\n{TRUE_ROW}\n\\begin{{\\m}}\n"
                             f"{FALSE_ROW[3:-3]}\n\\end{{\\m}}\n\\end{{document}}\n", "bad input"),
    ("comment-then-code.md", f"{MD_TRUE}\n\na\n  <!-- x\n-->\n    {MD_FALSE}\n", "bad input"),   # marked: one paragraph
    ("tag-then-fence.md", f"{MD_TRUE}\n\n- a\n<b>\n```\n{MD_FALSE}\n```\n", "bad input"),      # marked: an HTML block
    ("begin-wbr.md", f"{MD_TRUE}\n\n\\begin<wbr>{{aligned}} \\delta^l_j &= 0 \\end{{aligned}}\n", "bad input"),
    ("begin-nbsp.md", f"{MD_TRUE}\n\n\\begin&nbsp;{{aligned}} \\delta^l_j &= 0 \\end{{aligned}}\n", "bad input"),
    ("claim-in-comment-environment.tex", f"\\usepackage{{verbatim}}\n\\begin{{document}}\n\\begin{{comment}}\n"
                                         f"% claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = 2\\delta^l_j\n"
                                         f"\\end{{comment}}\n{TRUE_ROW}\n\\end{{document}}\n", "bad input"),
    ("phantom-reason.tex", f"% claim: {BP3_CLAIM}\n\\begin{{align*}}\n\\frac{{\\partial C}}{{\\partial b^l_j}} &= "
                           f"\\delta^l_j && \\text{{(algebra\\phantom{{ BP3}})}}\n\\end{{align*}}\n", "bad input"),
    ("note-before-bracket.tex", f"% by: chain rule\n{TRUE_ROW}\n", "bad input"),      # a note no row takes
    ("note-after-blank.md", f"<!-- by: chain rule -->\n\n$$\n{BP3_CLAIM}\n$$\n", "bad input"),
    ("note-in-list.md", f"- <!-- by: chain rule -->\n\n$$\n{BP3_CLAIM}\n$$\n", "bad input")]


@pytest.mark.parametrize("name, text, outcome", NOTED, ids=[c[0] for c in NOTED])
def test_a_note_is_read_where_it_stands_or_refused(tmp_path, name, text, outcome):
    """A % by: note replaced the reason a row shows (so a circular [by BP3] passed --strict), and a note on a line
    where two rows start was both rows' reason; a claim: in a footnote, a [//]: line, a comment's second line or
    after other words was dropped, and the steps were PROVED without it (found by the red team of stop 37). A by:
    note that no row takes (before \\[, after a blank line, in a list) was dropped too; it is bad input now. So are a
    claim or network note dressed as **claim**:, (network): or with a Cyrillic letter, which were dropped."""
    _read_as(tmp_path, name, text, outcome)


def test_a_note_on_a_rows_later_line_is_its_reason(tmp_path, capsys):
    """A row written over two lines took a % by: note only from its first line: under --strict the true file was
    REFUTED, naming no reason (found by the red team of stop 37)."""
    text = (f"% claim: {BP3_CLAIM}\n\\begin{{align}}\n\\frac{{\\partial C}}{{\\partial b^l_j}}\n &= \\delta^l_j "
            f"% by: REASON\n\\end{{align}}\n")
    assert main(["check", "--strict", str(_write(tmp_path / "later.tex", text.replace("REASON", "chain rule")))]) == 0
    assert main(["check", "--strict", str(_write(tmp_path / "wrong.tex", text.replace("REASON", "Kronecker")))]) == 1
    capsys.readouterr()


@pytest.mark.parametrize("reason, suffix", [("$x$", ".md"), ("$$x$$", ".md"), ("$$x$$", ".tex"), ("$ $", ".tex")])
def test_a_reason_with_dollars_exports_to_a_page_that_reads_back(tmp_path, capsys, reason, suffix):
    """A reason with $ was exported to Markdown as &#36;, which a page shows as $ (MathJax then sets math), so
    derive check refused its own export (found by the red team of stop 37); it is a code span now. In LaTeX, $$ (an
    empty formula) was written as it was, a display in the row's \\text, and check refused derive's own export (red
    team D of stop 52): it is words now."""
    source = _write(tmp_path / "dollar.proof", GIVEN_PROOF.replace("given: ", "").replace("[by definition]",
                                                                                            f"[by definition {reason}]"))
    out = tmp_path / f"dollar{suffix}"
    code = main(["export", str(source), "-o", str(out)])
    assert "&#36;" not in out.read_text()
    assert main(["check", str(out)]) == code == 0
    capsys.readouterr()


def test_a_case_note_on_its_displays_first_line_holds_for_it(tmp_path):
    """`\\begin{align*} % case: l = L` was read as no case at all: the induction's base case was lost and the true
    file UNDECIDED (found by the red team of stop 37)."""
    text = (Path(__file__).parent.parent / "proofs" / "wiki-bp4-induction.tex").read_text()
    moved = text.replace("% case: l = L\n\\begin{align*}", "\\begin{align*} % case: l = L", 1)
    assert moved != text
    assert check_text(tmp_path, moved, name="moved.tex").verdict.status == "proved"
    dropped = text.replace("% case: l = L\n", "", 1)                     # the control: without the note
    assert check_text(tmp_path, dropped, name="dropped.tex").verdict.status != "proved"


def test_a_claim_note_on_a_displays_first_line_owns_it(tmp_path):
    """`\\begin{align*} % claim: ...` gave its display to the claim before it (found by the red team of stop 37):
    a wrong step there would have refuted the other claim."""
    text = (f"% claim: {BP3_CLAIM}\n{TRUE_ROW}\n\\begin{{align*}} % claim: \\frac{{\\partial C}}{{\\partial z^l_j}} = "
            f"\\delta^l_j\n\\frac{{\\partial C}}{{\\partial z^l_j}} &= \\delta^l_j\n\\end{{align*}}\n")
    path = _write(tmp_path / "two.tex", text)
    from derive.documents import read_all
    docs = read_all(path)
    assert [len(d.chains) for d in docs] == [1, 1]

ENVIRONMENT_USE = "Moreover \\begin{{m}}${false}$\\end{{m}} holds."
DEFINED_SHIFTS = [   # (what line 1 defines, the text's use, outcome): TeX reads the math shifts as TeX tokens
    ("\\newenvironment{m}[1][x\ny]{$}{$}", ENVIRONMENT_USE, "bad input"),       # a default on two lines
    ("\\newenvironment{m}[1][{]}]{$}{$}", ENVIRONMENT_USE, "bad input"),        # a default holding ]
    ("\\newcommand{\\m}[0\n]{$}", "Moreover \\m${false}$\\m holds.", "bad input"),
    ("\\newenvironment{m}{{\\let\\q\\\\}$}{$}\n\\newcommand{\\z}{\\\\{}}", ENVIRONMENT_USE, "bad input"),   # \\} is }
    ("\\newenvironment{m}{\\let\\q\\\\$}{$\\let\\q\\\\${}$}", ENVIRONMENT_USE, "bad input"),             # \\$ is $
    ("\\NewDocumentEnvironment{m}{+b}{$#1$}{}", ENVIRONMENT_USE, "bad input"),
    ("\\newenvironment{m}[1][$]{\\def\\x{#1}#1}{\\x}", ENVIRONMENT_USE, "bad input"),     # a default holding $
    ("\\newenvironment{m}{\\begin{center}}{\\end{center}}", "Moreover \\begin{{m}}$x$\\end{{m}} holds.", "proved")]


@pytest.mark.parametrize("definition, use, outcome", DEFINED_SHIFTS, ids=[str(t) for t in range(len(DEFINED_SHIFTS))])
def test_a_definitions_math_shifts_are_counted_as_tex_reads_them(tmp_path, definition, use, outcome):
    """derive read a definition's groups wrongly where an optional default held a line break or a ], where \\\\
    stood before a brace or a $ (\\\\ is a control symbol: the } or $ after it is TeX's), and read no $ in a
    default or in an xparse body argument set as $#1$: TeX read $$ beside the text's $ and showed a false
    display derive did not see (found by the red team of stop 37)."""
    text = (f"{definition}\n\\begin{{document}}\n{TRUE_ROW}\n{use.format(false=FALSE_ROW[3:-3])}\n"
            f"\\end{{document}}\n")
    _read_as(tmp_path, "defined.tex", text, outcome)


def test_a_proof_files_comment_that_names_a_claim_is_refused(tmp_path):
    """`# claim: ...` in a .proof file was a comment: the claim was dropped, its step joined the claim before, and
    the file was PROVED (found by the red team of stop 37)."""
    text = GIVEN_PROOF.replace("given: ", "")
    _read_as(tmp_path, "plain.proof", text, "proved")
    with pytest.raises(DocumentError):
        read(_write(tmp_path / "second.proof", text + "# claim: dC/dw[l,j,k] = 2*a[l-1,k]*delta[l,j]\n"
                                                      "dC/dw[l,j,k] = a[l-1,k]*delta[l,j]   [by BP4]\n"))


MADE = [   # (preamble, body): a math shift or display made where derive reads no definition
    ("\\usepackage{amsthm}\\usepackage{thmtools}\n\\declaretheorem[postheadhook=$${false}$$]{thm}",
     "\\begin{thm} As shown. \\end{thm}"),                      # a display in an option of the preamble
    ("\\newcommand *\\m{$}", "\\m${false}$\\m"),                # a space before the star
    ("\\providecommand\n*{\\m}{$}", "\\m${false}$\\m"),
    ("\\usepackage{etoolbox}\\preto\\sum{2}", "$\\sum_k x_k$"),   # every sum shown is twice what derive reads
    ("\\usepackage[english]{babel}\\addto\\sum{2}", "$\\sum_k x_k$"),
    ("", "\\UseName{[}{false}\\UseName{]}"),
    ("\\usepackage{etoolbox}", "\\csuse{[}{false}\\csuse{]}"),
    ("\\usepackage{etoolbox}\\letcs{\\m}{[}\\letcs{\\n}{]}", "\\m {false}\\n"),
    ("\\DeclareTextCommandDefault{\\m}{$}", "\\m${false}$\\m"),
    ("\\newtoks\\m \\m={$}", "\\the\\m${false}$\\the\\m"),
    ("\\def~{$}", "~${false}$~"),
    ("\\let~=$", "~${false}$~"),
    ("\\usepackage[english]{babel}\\useshorthands*{\"}\\defineshorthand{\"}{$}", "\"${false}$\""),
    ("\\newread\\rdin", "\\openin\\rdin=rdx.dat \\read\\rdin to\\rdline \\rdline")]


@pytest.mark.parametrize("preamble, body", MADE, ids=[str(t) for t in range(len(MADE))])
def test_a_command_made_by_name_or_an_active_character_is_refused(tmp_path, preamble, body):
    """\\UseName, \\csuse, \\letcs, \\DeclareTextCommand, a token register, ~ defined by \\def or \\let, a babel
    shorthand and \\read made $, \\[ or \\] where derive read no definition, and TeX showed a false display
    (found by the red team of stop 37)."""
    text = (f"{preamble}\n\\begin{{document}}\n{TRUE_ROW}\nMoreover "
            f"{body.replace('{false}', FALSE_ROW[3:-3])} holds.\n\\end{{document}}\n")
    _read_as(tmp_path, "made.tex", text, "bad input")
    _read_as(tmp_path, "plain.tex", f"\\def\\defn{{x}}\\let\\lets\\relax\n\\begin{{document}}\n{TRUE_ROW}\n"
                                    f"\\end{{document}}\n", "proved")      # the control: \\def and \\let of names


@pytest.mark.parametrize("text", [
    "claim: delta[L,j] = dC/da[L,j]*sigma'(z[L,j])\n     + 1\n"
    "delta[L,j] = dC/da[L,j]*sigma'(z[L,j])   [by BP1]\n",                       # the claim goes on: + 1 was dropped
    "# network: activation=sigmoid\n#          cost=cross-entropy\nclaim: dC/da[L,j] = a[L,j] - y[j]\n",
    "# network cost=cross-entropy\nclaim: dC/da[L,j] = a[L,j] - y[j]\n"])
def test_a_proof_file_line_that_goes_on_is_refused(tmp_path, text):
    """A claim continued on a second line, and a network header continued in a second comment (or written without
    its colon), were dropped in part, and a false claim was PROVED (found by the red team of stop 37)."""
    with pytest.raises(DocumentError):
        read(_write(tmp_path / "on.proof", text))


@pytest.mark.parametrize("text, said", [
    ("claim: dC/db[l,j] = delta[l,j]\n  = delta[l,j]  (by chain rule)\n", "a reason is written in brackets"),
    ("claim: dC/db[l,j] = delta[l,j]\n[by algebra]\n", "a reason alone on its line"),
    ("claim:\n", "a 'claim:' line with nothing after it"), ("given:\n", "a 'given:' line with nothing after it"),
    ("Claim: dC/db[l,j] = delta[l,j]\n  = delta[l,j]   [by BP3]\n", "write 'claim:'"),
])
def test_a_proof_file_line_written_otherwise_says_how_to_write_it(tmp_path, text, said):
    """A reason in parentheses or alone on its line, an empty claim and 'Claim:' were read as formulas, and the error
    named a symbol ('y takes a neuron index', "unknown symbol 'laim'": red team Q of stop 53)."""
    with pytest.raises(DocumentError, match=re.escape(said)):
        read(_write(tmp_path / "written.proof", text))


@pytest.mark.parametrize("text", [
    "# network:\nclaim: delta[L,j] = a[L,j] - y[j]\ndelta[L,j] = a[L,j] - y[j]   [by BP1]\n"
    "# network: activation=sigmoid cost=cross-entropy\n",                  # an empty header names the defaults
    "dC/db[l,j] = delta[l,j]   [by BP3]\n    - delta[l,j] = -delta[l,j]   [by algebra]\n"])   # the formula goes on
def test_a_proof_files_second_header_or_indented_operator_line_is_refused(tmp_path, text):
    """An empty first # network: header let a different second one through (the claim was checked on the second's
    network), and an indented line starting with - was a new equality, though a reader takes it for the formula
    above going on (found by the red team of stop 37)."""
    with pytest.raises(DocumentError):
        read(_write(tmp_path / "two.proof", text))


# --- stop 38


LOADED = [   # (preamble, body): a package or class derive does not know shows a display derive does not read
    ("\\usepackage{import}", "\\subimport{./}{part}"),            # reads part.tex
    ("\\usepackage{import}", "\\inputfrom{./}{part}"),
    ("\\usepackage{catchfile}\\CatchFileDef{\\partx}{part.tex}{}", "\\partx"),
    ("\\usepackage{verbdef}", "\\verbdef\\x|\\iffalse| {false} \\verbdef\\y|\\fi|"),   # TeX prints \iffalse
    ("\\usepackage%\n{catchfile}", ""),                            # a comment between the command and its name
    ("\\usepackage{amsmath,\n standalone}", ""),
    ("\\RequirePackage{import}", ""),
    ("\\usepackage\\pkgname", ""),                                 # a name derive cannot read
    ("\\usepackage{\\pkgname}", "")]


@pytest.mark.parametrize("preamble, body", LOADED, ids=[str(t) for t in range(len(LOADED))])
def test_a_package_derive_does_not_know_is_refused(tmp_path, preamble, body):
    """import's \\subimport and \\inputfrom, catchfile's \\CatchFileDef and verbdef's \\verbdef (TeX prints the
    \\iffalse derive took as a conditional) showed a false display derive never read (found by the red team of
    stop 38). derive reads only the classes and packages it knows."""
    (tmp_path / "part.tex").write_text(f"{FALSE_ROW}\n")
    text = (f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{TRUE_ROW}\n"
            f"{body.replace('{false}', FALSE_ROW)}\n\\end{{document}}\n")
    _read_as(tmp_path, "loads.tex", text, "bad input")
    control = f"\\documentclass{{amsart}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage{{amsmath, amssymb,}}\n" \
              f"\\begin{{document}}\n{TRUE_ROW}\n\\end{{document}}\n"
    _read_as(tmp_path, "known.tex", control, "proved")


@pytest.mark.parametrize("cls", ["ltxdoc", "l3doc", "beamer"])
def test_a_class_derive_does_not_know_is_refused(tmp_path, cls):
    """ltxdoc makes | a short \\verb: |\\iffalse| is text to TeX, a conditional to derive, and the false display
    derive skipped was shown (found by the red team of stop 38)."""
    text = (f"\\documentclass{{{cls}}}\n\\begin{{document}}\n{TRUE_ROW}\nIt starts with |\\iffalse| and\n"
            f"{FALSE_ROW}\nends with |\\fi|.\n\\end{{document}}\n")
    _read_as(tmp_path, "class.tex", text, "bad input")
    _read_as(tmp_path, "article.tex", text.replace(cls, "article").replace("|", ""), "proved")  # TeX skips it too
    _read_as(tmp_path, "plain.tex", f"\\documentclass{{report}}\n\\begin{{document}}\n{TRUE_ROW}\n\\end{{document}}\n",
             "proved")


LATE_NETWORK = [   # (name, text): a network note after the claim it changes
    ("late.tex", "% claim: a[l,j] = z[l,j]\nNetwork: activation identity.\n\\begin{align*}\na^l_j &= \\sigma(z^l_j) && \\text{(definition)}\\\\\n"
                 "&= z^l_j && \\text{(definition)}\n\\end{align*}\n% network: activation=identity\n"),
    ("late.md", "<!-- claim: a[l,j] = z[l,j] -->\nNetwork: activation identity.\n\n$$\n\\begin{aligned}\na^l_j &= \\sigma(z^l_j) && "
                "\\text{(definition)}\\\\\\\\\n&= z^l_j && \\text{(definition)}\n\\end{aligned}\n$$\n\n"
                "<!-- network: activation=identity -->\n"),
    ("late.proof", "claim: a[l,j] = z[l,j]\na[l,j] = sigma(z[l,j])   [by definition]\n  = z[l,j]   [by definition]\n"
                   "# network: activation=identity\n")]


@pytest.mark.parametrize("name, text", LATE_NETWORK, ids=[name for name, _ in LATE_NETWORK])
def test_a_network_note_after_the_claim_is_refused(tmp_path, name, text):
    """A network note at a file's end (after \\end{document} too) changed the network of the claims before it:
    a = z, false for any other activation, was PROVED though the reader met the claim on the default network
    (found by the red team of stop 38). The note comes first; there it is read (the control)."""
    _read_as(tmp_path, name, text, "bad input")
    note = text.strip().splitlines()[-1]
    first = _write(tmp_path / f"first-{name}", note + "\n" + text.replace(note + "\n", ""))
    assert main(["check", str(first)]) == 0 and main(["check", str(first), "--activation", "sigmoid"]) == 2


def test_the_readme_lists_the_classes_and_packages_derive_knows():
    """The README's lists are the reader's: a package added to or dropped from derive's is added or dropped there."""
    import re
    from derive.documents.loads import CLASSES, KNOWN
    readme = " ".join((Path(derive.__file__).resolve().parent.parent / "README.md").read_text().split())
    listed = re.search(r"Classes: (.*?)\. Packages: (.*?)\. Any other", readme)
    assert [{name.strip() for name in group.split(",")} for group in listed.groups()] == [CLASSES, KNOWN]


@pytest.mark.parametrize("claim", ["\\partial C/\\partial b^l_j^2 = (\\delta^l_j)^2", "dC/db[l,j]^2 = delta[l,j]^2",
                                   "d(C)/db[l,j]^3 = delta[l,j]^3", "a^l_j^2 = (a^l_j)^2", "a_j^l^2 = (a^l_j)^2",
                                   "w^l_{jk}^2 = (w^l_{jk})^2"])
def test_a_power_after_a_superscript_or_a_derivatives_variable_is_bad_input(claim):
    """b^l_j^2 is a double superscript, which TeX refuses, and ∂C/∂b^l_j^2 reads as ∂C/∂(b^2) too (δ/2b, not δ²):
    derive read both as a power of what stands before, and proved the second (found by the red team of stop 38)."""
    assert main(["verify", claim]) == 2
    written = claim.replace("\\partial C/\\partial b^l_j^2", "(\\partial C/\\partial b^l_j)^2") \
        .replace("dC/db[l,j]^2", "(dC/db[l,j])^2").replace("d(C)/db[l,j]^3", "(d(C)/db[l,j])^3") \
        .replace("a^l_j^2", "(a^l_j)^2").replace("a_j^l^2", "(a_j^l)^2").replace("w^l_{jk}^2", "(w^l_{jk})^2")
    assert main(["verify", written]) == 0                   # the control: the power written around what is raised


OPTIONS = [   # (package, opening): a verbatim environment's options that TeX typesets, holding a display
    ("listings", "\\begin{lstlisting}[title={\\parbox{\\linewidth}{Hence {false}}}]"),
    ("listings", "\\begin{lstlisting}[caption={Hence $$ {inner} $$}]"),
    ("listings", "\\begin{lstlisting}[title={\\begin{minipage}{5cm}\\begin{equation*} {inner} \\end{equation*}"
                 "\\end{minipage}}]"),
    ("fancyvrb", "\\begin{Verbatim}[frame=single,label={\\parbox{8cm}{{false}}}]"),
    ("minted", "\\begin{minted}[label={\\parbox{8cm}{{false}}},frame=single]{python}"),
    ("listings", "\\begin{lstlisting}[title={Hence},\ncaption={\\parbox{5cm}{{false}}}]"),   # options go on
    ("listings", "\\begin{lstlisting}\n[title={\\parbox{5cm}{{false}}}]")]                   # on the next line


@pytest.mark.parametrize("package, opening", OPTIONS, ids=[str(t) for t in range(len(OPTIONS))])
def test_a_display_in_a_verbatim_environments_options_is_refused(tmp_path, package, opening):
    """derive blanked a listing from \\begin to \\end, its [title=...], [caption=...] or [label=...] too, which TeX
    typesets: a box there showed a false display derive never read (found by the red team of stop 38)."""
    end = re.match(r"\\begin\{(\w+)\}", opening).group(1)
    shown = opening.replace("{false}", FALSE_ROW).replace("{inner}", FALSE_ROW[3:-3])
    text = (f"\\documentclass{{article}}\n\\usepackage{{{package}}}\n\\begin{{document}}\n{TRUE_ROW}\n{shown}\n"
            f"x = 1\n\\end{{{end}}}\n\\end{{document}}\n")
    _read_as(tmp_path, "options.tex", text, "bad input")
    plain = re.sub(r"\s*\[.*\]", "[frame=single, title={Code in a \\\\parbox{3cm}{box}}]", opening, flags=re.S)
    _read_as(tmp_path, "plain.tex", text.replace(shown, plain), "proved")     # the control: options without math


@pytest.mark.parametrize("claim, control", [
    ("\\frac{\\partial C}{\\partial b^l_j} = ৪ \\delta^l_j/4", "\\frac{\\partial C}{\\partial b^l_j} = 4 \\delta^l_j/4"),
    ("2٠5 b^l_j = 205 b^l_j", "205 b^l_j = 205 b^l_j"),             # a Bengali 4 looks like 8; an Arabic 0, a dot
    ("(b^l_j)^৪ = (b^l_j)^4", "(b^l_j)^4 = (b^l_j)^4"),
    ("\\frac{\\partial C}{\\partial w^l_{jk}} = a^{l-1}_k \\delta^l_j + 2\\lambda/2 N \\frac{1}{N^2} w^l_{jk}",
     "\\frac{\\partial C}{\\partial w^l_{jk}} = a^{l-1}_k \\delta^l_j + (2\\lambda/2) N \\frac{1}{N^2} w^l_{jk}"),
    ("b^l_j/N\\lambda = \\frac{\\lambda b^l_j}{N}", "(b^l_j/N)\\lambda = \\frac{\\lambda b^l_j}{N}"),
    ("b^l_j/n_l N = \\frac{N b^l_j}{n_l}", "b^l_j N/n_l = \\frac{N b^l_j}{n_l}"),
    ("\\lambda/N b^l_j = \\frac{\\lambda}{N b^l_j}", "\\lambda/(N b^l_j) = \\frac{\\lambda}{N b^l_j}"),  # true as shown
    ("\\frac{\\partial C \\cdot C}{\\partial b^l_j} = 2 C \\delta^l_j",
     "\\frac{\\partial (C \\cdot C)}{\\partial b^l_j} = 2 C \\delta^l_j"),
    ("\\frac{\\partial b^l_j b^l_j}{\\partial b^l_j} = 2 b^l_j", "\\frac{\\partial (b^l_j b^l_j)}{\\partial b^l_j} = 2 b^l_j"),
    ("(b^l_j)^(2) = (b^l_j)^2", "(b^l_j)^{(2)} = (b^l_j)^2"),       # TeX takes the ( alone as the script
    ("e^(z^L_j) = \\exp(z^L_j)", "e^{(z^L_j)} = \\exp(z^L_j)"),
    ("\\sqrt(b^l_j)^2 = b^l_j", "\\sqrt{b^l_j}^3 = b^l_j")])       # (a control ^2: (√b)^2 reads as b, bad input)
def test_a_formula_tex_shows_otherwise_than_derive_reads_is_bad_input(claim, control):
    """Digits of other scripts (৪ is 4 to Python, 8 to a reader), a factor after a divisor (TeX shows λ/2 N as
    λ/2N: λ/(2N)?), a product above \\partial's bar (∂C·C/∂b: (∂C/∂b) C?), and ^( and \\sqrt( (TeX takes the ( alone)
    were read one way and shown another, and false claims as shown were PROVED (found by the red team of stop 38)."""
    assert main(["verify", claim, "--regularization", "l2"]) == 2
    assert main(["verify", control, "--regularization", "l2"]) in (0, 1)     # the control: read, and decided


@pytest.mark.parametrize("claim, control", [
    ("\\frac{\\partial}{\\partial a^L_j}\\left(\\frac{1}{2}(a^L_j - y_j)^2\\right)(a^L_j - y_j) = "
     "\\frac{3}{2}(a^L_j - y_j)^2", "\\frac{\\partial}{\\partial a^L_j}\\left(\\frac{1}{2}(a^L_j - y_j)^2\\right) = "
                                   "a^L_j - y_j"),        # TeX shows (∂/∂a (½(a - y)²)) (a - y): its brackets end it
    ("\\frac{\\partial}{\\partial b^l_j}\\left(C\\right) C = 2 C \\delta^l_j",
     "\\frac{\\partial}{\\partial b^l_j} C C = 2 C \\delta^l_j"),
    ("\\frac{\\partial}{\\partial w^l_{jk}} 1/2 N \\lambda (w^l_{jk})^2 = N \\lambda w^l_{jk}",
     "\\frac{\\partial}{\\partial w^l_{jk}} \\frac{1}{2} N \\lambda (w^l_{jk})^2 = N \\lambda w^l_{jk}"),   # 1/(2N)?
    ("1 / \\frac{1}{2} a^L_j = 2 a^L_j", "(1 / \\frac{1}{2}) a^L_j = 2 a^L_j"),
    ("\\frac{\\partial}{\\partial b^l_j}{(C)} C = 2 C \\delta^l_j", "\\frac{\\partial}{\\partial b^l_j}{(C C)} = 2 C \\delta^l_j"),
    ("\\frac{\\partial}{\\partial a^L_j}\\frac{1}{2}\\left(a^L_j - y_j\\right)^2 (a^L_j - y_j) = \\frac{3}{2}(a^L_j - y_j)^2",
     "\\frac{\\partial}{\\partial a^L_j}\\frac{1}{2}\\left(a^L_j - y_j\\right)^2 = a^L_j - y_j"),
    ("\\lambda w^l_{jk} \\cdot 1/2^1 N = \\frac{\\lambda N w^l_{jk}}{2}", "\\lambda w^l_{jk} \\cdot N/2^1 = \\frac{\\lambda N w^l_{jk}}{2}"),
    ("\\frac{\\partial}{\\partial b^l_j} \\frac{1}{N} (C) C = \\frac{2}{N} C \\delta^l_j",
     "\\frac{\\partial}{\\partial b^l_j} \\frac{1}{N} (C C) = \\frac{2}{N} C \\delta^l_j"),   # a constant, then (C) C
    ("\\frac{\\partial}{\\partial b^l_j}\\ln(C) b^l_j = \\frac{\\delta^l_j b^l_j}{C} + \\ln(C)",
     "\\frac{\\partial}{\\partial b^l_j}\\left(\\ln(C) b^l_j\\right) = \\frac{\\delta^l_j b^l_j}{C} + \\ln(C)"),  # (∂ ln C) b?
    ("\\partial C/\\partial b^l_j N = N \\delta^l_j", "N \\partial C/\\partial b^l_j = N \\delta^l_j"),   # ∂b^l_jN
    ("dC/db[l,j] N = N*delta[l,j]", "dC/db[l,j]*N = N*delta[l,j]"),
    ("{dC/db[l,j]} N = N*delta[l,j]", "{dC/db[l,j]}*N = N*delta[l,j]"),     # braces TeX sets as nothing (stop 44)
    ("\\sum_v a^L_v [v = ν] = a^L_ν", "\\sum_v a^L_v [v = \\zeta] = a^L_\\zeta")])   # ν looks like v in italics
def test_an_operand_divisor_or_index_tex_shows_otherwise_is_bad_input(claim, control):
    """∂/∂v (f) g was read as ∂(f g)/∂v, 1/2 N as N/2 (TeX shows 1/2N, which derive refuses as λ/(2N)?), and ν
    beside v as another index: false claims as shown were PROVED (found by the red team of stop 38)."""
    assert main(["verify", claim, "--regularization", "l2"]) == 2
    assert main(["verify", control, "--regularization", "l2"]) in (0, 1)


@pytest.mark.parametrize("row, bad", [("∂C/∂b^l_j N", True), ("{∂C/∂b^l_j} N", True), ("N ∂C/∂b^l_j", False)])
def test_a_factor_after_a_typed_partial_slash_in_a_display_is_bad_input(tmp_path, row, bad):
    """A display typesets ∂C/∂b^l_j N as ∂C/∂b^l_jN (N in the divisor?), as it does \\partial C/\\partial b^l_j N, which
    was refused: typed with the character ∂ it was read as N dC/db (the red team of stop 44). In a display it is bad
    input now; the terminal's text (and verify's input), which sets the space, still reads it as it prints it."""
    text = ("<!-- claim: N \\frac{\\partial C}{\\partial b^l_j} = \\frac{\\partial C}{\\partial b^l_j} N -->\n\n$$\n"
            f"N \\frac{{\\partial C}}{{\\partial b^l_j}}\n$$\n\n<!-- by: algebra -->\n$$\n= {row}\n$$\n")
    _read_as(tmp_path, "row.md", text, "bad input" if bad else "proved")
    assert main(["verify", f"{row} = N δ^l_j"]) == 0


SHOWN_ROWS = [   # (name, display): what the page shows beside the steps derive reads
    ("moved.md", "$$\n= " + "\\!" * 540 + " 2 " + "\\;" * 324 + " \\delta^l_j\n$$"),     # the 2 off the page
    ("tagged.md", "$$\n= 2 \\delta^l_j \\tag*{$\\cdot 0$}\n$$"),                          # the tag shows · 0
    ("factorial.md", "$$\n= 0 \\! + 2 \\delta^l_j\n$$"),                                 # GitHub shows 0! + 2δ
    ("footnote.md", "[^a]: $$ = 3 \\delta^l_j <!-- by: algebra --> $$"),                    # a page drops the line
    ("tagged.tex", "\\begin{align*}\n\\delta^l_j + \\delta^l_j &= 2 \\delta^l_j \\tag*{$\\cdot 0$} && \\text{(algebra)}\n"
                   "\\end{align*}")]


@pytest.mark.parametrize("name, display", SHOWN_ROWS, ids=[name for name, _ in SHOWN_ROWS])
def test_spacing_that_moves_a_factor_and_math_in_a_tag_are_refused(tmp_path, name, display):
    """A run of \\! moved a factor off the page, \\tag*{$\\cdot 0$} showed math derive dropped, and GitHub showed
    \\! as a factorial: the page showed δ + δ = δ, 2δ·0 or 0! + 2δ, and derive proved δ + δ = 2δ (found by the red
    team of stop 38)."""
    note = "<!-- claim: \\delta^l_j + \\delta^l_j = 2 \\delta^l_j -->" if name.endswith(".md") else \
        "% claim: \\delta^l_j + \\delta^l_j = 2 \\delta^l_j"
    first = "$$\n\\delta^l_j + \\delta^l_j\n$$\n\n<!-- by: algebra -->\n" if name.endswith(".md") else ""
    text = f"{note}\n\n{first}{display}\n"
    _read_as(tmp_path, name, text, "bad input")
    plain = re.sub(r"(\\[!;])+", " ", text).replace("\\tag*{$\\cdot 0$}", "\\tag{BP1}") \
        .replace("[^a]: $$ = 3 \\delta^l_j <!-- by: algebra --> $$", "$$\n= 2 \\delta^l_j\n$$")
    _read_as(tmp_path, "plain-" + name, plain, "proved")      # the control: the same steps, spaced and tagged plainly


@pytest.mark.parametrize("display", [
    "\\begin{equation*}\n{a} \\\\\n{b}\n\\end{equation*}", "\\[\n{a} \\\\\n{b}\n\\]", "$$\n{a} \\\\\n{b}\n$$",
    "\\begin{equation*}\n\\begin{gathered}{a}\\end{gathered} \\\\ {b}\n\\end{equation*}",
    "\\begin{multline*}\n{a} \\\\\n{b}\n\\end{multline*}"])
def test_rows_tex_sets_as_one_formula_are_not_two_steps(tmp_path, display):
    """\\\\ in equation, \\[...\\] or $$ breaks no line (and multline sets one formula): TeX showed ∂C/∂b = ∂C/∂z
    ∂C/∂z = δ, that is δ = δ², and derive proved two steps (found by the red team of stop 38)."""
    a, b = "\\frac{\\partial C}{\\partial b^l_j} = \\frac{\\partial C}{\\partial z^l_j}", \
        "\\frac{\\partial C}{\\partial z^l_j} = \\delta^l_j"
    text = (f"% claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = \\delta^l_j\n"
            f"{display.replace('{a}', a).replace('{b}', b)}\n")
    assert check_text(tmp_path, text, name="rows.tex").verdict.status == "refuted" if "multline" in display else \
        _read_as(tmp_path, "rows.tex", text, "bad input") is None
    aligned = f"% claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = \\delta^l_j\n\\begin{{align*}}\n{a} \\\\\n{b}\n" \
              f"\\end{{align*}}\n"
    _read_as(tmp_path, "aligned.tex", aligned, "proved")           # the control: the rows in align*


OPTIONED = [   # (preamble, line): a display in an option, which TeX sets elsewhere or nowhere
    ("", "\\paragraph[{row}]{}"), ("", "\\section[{row}]{The bias}"),
    ("\\newcommand{\\note}[1][]{}", "\\note[{row}]"),
    ("\\usepackage{xparse}\\NewDocumentCommand{\\note}{d()}{}", "\\note({row})"),
    ("\\usepackage{xparse}\\NewDocumentCommand{\\note}{mo}{#1}", "\\note{Hence}[{row}]"),      # }[: an option
    ("\\usepackage{caption}", "\\captionof{figure}[{row}]{Hence}"),
    ("\\usepackage{xparse}\\NewDocumentCommand{\\note}{so}{}", "\\note *[{row}]Hence"),
    ("\\newcommand{\\rightnote}[1][]{}", "\\rightnote[{row}]Hence")]                     # not \\right[


@pytest.mark.parametrize("preamble, line", OPTIONED, ids=[str(t) for t in range(len(OPTIONED))])
def test_a_display_in_an_option_is_refused(tmp_path, preamble, line):
    """derive read \\[...\\] inside \\paragraph[...] or \\section[...] (a TOC's text) or a command's option as a
    step where it stood, and the \\[ = ... \\] after it continued it there, while the page showed the chain
    without it (found by the red team of stop 38)."""
    row = "\\[ \\frac{\\partial C}{\\partial b^l_j} = \\frac{\\partial C}{\\partial z^l_j} \\]"
    text = (f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n% claim: \\frac{{\\partial C}}{{\\partial "
            f"b^l_j}} = \\delta^l_j\n\\[ \\frac{{\\partial C}}{{\\partial w^l_{{jk}}}} = \\frac{{\\partial C}}{{\\partial "
            f"z^l_j}} a^{{l-1}}_k \\]\n{line.replace('{row}', row)}\n\\[ = \\delta^l_j \\]\n\\end{{document}}\n")
    _read_as(tmp_path, "option.tex", text, "bad input")
    shown = text.replace(line.replace("{row}", row), row).replace(preamble + "\n", "\n")
    _read_as(tmp_path, "shown.tex", shown, "proved")        # the control: the display in the text


@pytest.mark.parametrize("suffix", [".bbl", ".toc", ".aux"])
def test_a_display_in_a_file_tex_wrote_beside_the_document_is_refused(tmp_path, suffix):
    """doc.bbl (\\bibliography) or doc.toc (\\tableofcontents) beside the document showed a false display in the
    PDF that derive never read (found by the red team of stop 38); \\bibliography reads a .bib derive does not."""
    text = f"\\documentclass{{article}}\n\\begin{{document}}\n{TRUE_ROW}\n\\tableofcontents\n\\end{{document}}\n"
    (tmp_path / f"doc{suffix}").write_text(f"\\bibitem{{n}} Hence\n{FALSE_ROW}\n")
    _read_as(tmp_path, "doc.tex", text, "bad input")
    (tmp_path / f"doc{suffix}").write_text("\\contentsline {section}{\\numberline {1}The bias}{1}{}%\n")
    _read_as(tmp_path, "doc.tex", text, "proved")                 # the control: the file without a display
    _read_as(tmp_path, "bib.tex", text.replace("\\tableofcontents", "\\bibliography{refs}"), "bad input")


TEXTS = [   # a display whose \text shows a number, an operation or a prime beside the formula
    "\\begin{equation*}\nDC = \\\\ \\text{2} \\\\ + \\delta^l_j\n\\end{equation*}",       # = 2 + δ: one formula
    "\\begin{align*}\nDC &= \\\\ &\\text{2} \\\\ &+ \\delta^l_j\n\\end{align*}",
    "\\begin{equation*}\nDC = \\\\ \\text{two} \\\\ + \\delta^l_j\n\\end{equation*}",
    "\\begin{multline*}\nDC = \\delta^l_j \\\\ \\text{hence}\n\\end{multline*}",            # words in one formula
    "\\begin{align*}\nDC &= \\delta^l_j\\text{ times 2, by definition}\n\\end{align*}",   # δ times 2
    "\\begin{align*}\nDC &= \\delta^l_j\\text{'}\n\\end{align*}",                         # a prime
    "\\begin{alignat*}{2}\nDC &= \\delta^l_j && \\text{ squared, by definition}\n\\end{alignat*}"]


@pytest.mark.parametrize("display", TEXTS, ids=[str(t) for t in range(len(TEXTS))])
def test_text_that_reads_as_part_of_the_formula_is_refused(tmp_path, display):
    """A row of \\text{2} alone was dropped (TeX set DC = 2 + δ in one line), and a reason right against the
    formula read as arithmetic (δ times 2), or a \\text{'} as a prime: derive proved DC = δ (found by the red team
    of stop 38)."""
    claim = "% claim: \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j\n"
    text = claim + display.replace("DC", "\\frac{\\partial C}{\\partial b^l_j}") + "\n"
    _read_as(tmp_path, "texts.tex", text, "bad input")
    plain = claim + "\\begin{align*}\n\\frac{\\partial C}{\\partial b^l_j} &= \\delta^l_j \\quad\\text{(by definition)}\n" \
                    "\\end{align*}\n"
    _read_as(tmp_path, "plain.tex", plain, "proved")          # the control: a reason in words, set apart


HIDDEN_OR_SHOWN = [   # (body): a display TeX moves off the page, or inline math set as a step derive does not read
    "\\setlength{\\unitlength}{1pt}\n\\begin{picture}(0,0)(3000,0)\n\\begin{minipage}{10cm}\n{true}\n"
    "\\end{minipage}\n\\end{picture}",                                       # 3000pt to the left
    "\\noindent\\hspace*{-60cm}\\begin{minipage}{\\linewidth}\n{true}\n\\end{minipage}",
    "{true}\n\\begin{center}$\\displaystyle = 2\\delta^l_j$\\end{center}",     # shows as the chain's next step
    "{true}\n\\begin{tabular}{rcl} $\\delta^l_j$ & $=$ & $2\\delta^l_j$ \\end{tabular}",
    "{true}\n$\\begin{array}{rcl} a & = & b \\\\ b & = & 2c \\end{array}$",
    "\\fontsize{0.2}{0.2}\\selectfont\n{true}\n\\normalsize",                # a speck of dots
    "\\noindent\\hspace*{-40\\parindent}\\begin{minipage}{5cm}\n{true}\n\\end{minipage}",
    "\\noindent\\hspace*{19cm}\\begin{minipage}{5cm}\n{true}\n\\end{minipage}",   # past the page's edge
    "Text\\vspace{-3\\baselineskip}\n{true}",                                    # over the text above
    "{true}\n\\begin{center}$\\displaystyle {}= 2\\delta^l_j$\\end{center}",
    "{true}\n\\begin{center}$\\displaystyle\\quad= 2\\delta^l_j$\\end{center}",
    "{true}\n\\begin{center}$\\displaystyle a = b$\\end{center}",                  # an equation set as a display
    "{true}\nSo $a^l_j = b^l_j = 2 c^l_j$.",                                         # a chain in prose
    "{true}\n\\begin{center}\\raisebox{2.55em}[0pt][0pt]{\\hspace{4.9em}$\\cdot\\, 2$}\\end{center}",  # onto it
    "{true}\n\\hspace{4.6em}\\smash{\\begin{tabular}[b]{@{}l@{}}$\\cdot\\, 2$\\\\[0.55em] \\\\\\end{tabular}}",
    "\\begin{equation} \\frac{\\partial C}{\\partial b_j^l} = \\delta^l_j \\tag*{2} \\end{equation}"]   # 2 ∂C/∂b, leqno


@pytest.mark.parametrize("body", HIDDEN_OR_SHOWN, ids=[str(t) for t in range(len(HIDDEN_OR_SHOWN))])
def test_a_display_moved_off_the_page_or_a_step_in_inline_math_is_refused(tmp_path, body):
    """A picture's offset or \\hspace*{-60cm} moved the checked chain off the page, and inline math set as a step
    (\\displaystyle, $=$ in a tabular, an array of equations) showed a false chain derive never read: PROVED
    (found by the red team of stop 38)."""
    true = "\\[ \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\]"
    text = f"\\documentclass{{article}}\n\\begin{{document}}\n{body.replace('{true}', true)}\n\\end{{document}}\n"
    _read_as(tmp_path, "moved.tex", text, "bad input")
    plain = f"\\documentclass{{article}}\n\\begin{{document}}\n\\vspace{{2ex}}\n\\begin{{minipage}}{{\\linewidth}}\n" \
            f"{true}\nwhere $\\delta^l_j$ is the error and $x = 2$ a number.\n\\end{{minipage}}\n\\end{{document}}\n"
    _read_as(tmp_path, "plain.tex", plain, "proved")            # the control: a minipage in place, prose math


@pytest.mark.parametrize("row, control", [
    ("\\begin{gathered}\n\\delta^l_j + \\delta^l_j = 2 \\delta^l_j \\\\ + 2 \\delta^l_j = 2 \\delta^l_j\n\\end{gathered}",
     "\\begin{gathered}\n\\delta^l_j + \\delta^l_j = 2 \\delta^l_j \\\\\\\\ 2 \\delta^l_j = 2 \\delta^l_j\n\\end{gathered}"),
    ("\\delta^l_j + \\delta^l_j = 1*2 \\delta^l_j + 0*\\delta^l_j", "\\delta^l_j + \\delta^l_j = 2 \\delta^l_j"),
    ("\\delta^l_j + \\delta^l_j = \\frac{1}{2} \\: 4 \\delta^l_j", "\\delta^l_j + \\delta^l_j = \\frac{1}{2} 4 \\delta^l_j")])
def test_markdown_escapes_github_reads_in_a_display_are_refused(tmp_path, row, control):
    """GitHub reads Markdown's escapes inside $$ before MathJax: \\\\ is \\ (two rows joined: δ+δ = 2δ + 2δ = 2δ),
    a*b*c emphasis, \\: a colon; derive read TeX and proved what the page did not show (found by the red team of
    stop 38)."""
    note = "<!-- claim: \\delta^l_j + \\delta^l_j = 2 \\delta^l_j -->\n\n"
    _read_as(tmp_path, "escaped.md", f"{note}$$\n{row}\n$$\n", "bad input")
    _read_as(tmp_path, "plain.md", f"{note}$$\n{control}\n$$\n", "proved")     # the control: written for both readers


@pytest.mark.parametrize("between", ["\\delta^l_j + \\delta^l_j = 3 \\delta^l_j\n", ""])
def test_markdown_displays_with_no_blank_line_between_are_refused(tmp_path, between):
    """An emphasis (}_j ... l_{) or a strikethrough (~~) across two $$ displays on GitHub takes a $$ into a tag, and
    MathJax pairs the next ones: the line between showed as the display δ + δ = 3δ, derive checked others (found by
    the red team of stop 38). So displays stand apart, and ~ in one is bad input."""
    note = "<!-- claim: \\delta^l_j + \\delta^l_j = 2 \\delta^l_j -->\n\n$$\n\\delta^l_j + \\delta^l_j\n$$\n\n"
    rows = f"$$\n= \\delta^{{l}}_j + \\delta^l_{{j}} <!-- by: algebra -->\n$$\n{between}$$\n= 2 \\delta^l_j <!-- by: algebra -->\n$$\n"
    _read_as(tmp_path, "together.md", note + rows, "bad input")
    _read_as(tmp_path, "tilde.md", note + "$$\n= 2 \\delta^l_j~~ <!-- by: algebra -->\n$$\n", "bad input")
    apart = rows.replace(f"$$\n{between}$$", "$$\n\n$$") if not between else rows.replace(between, "\n")
    _read_as(tmp_path, "apart.md", note + apart, "proved")       # the control: a blank line between the displays


@pytest.mark.parametrize("rows", ["2 C \\delta^l_j &= \\frac{\\partial}{\\partial b^l_j} C \\\\\n&\\quad \\cdot C",
                                  "2 C \\delta^l_j &= \\sum_k [j = k] \\frac{\\partial C}{\\partial b^l_k} \\\\\n&\\quad \\cdot 2 C"])
def test_a_product_continued_on_the_next_row_of_an_operator_or_sum_is_refused(tmp_path, rows):
    """The operator ∂/∂v (or a sum) takes the rest of its product, the next row's '· C' too, though the line break
    shows an end: the page read (∂C/∂b) C = 2Cδ, false, and derive proved ∂(C²)/∂b = 2Cδ (found by the red team of
    stop 38)."""
    claim = "% claim: 2 C \\delta^l_j = \\frac{\\partial}{\\partial b^l_j} (C C)\n" if "partial}{" in rows else \
        "% claim: 2 C \\delta^l_j = \\sum_k [j = k] \\frac{\\partial C}{\\partial b^l_k} (2 C)\n"
    _read_as(tmp_path, "continued.tex", f"{claim}\\begin{{align*}}\n{rows}\n\\end{{align*}}\n", "bad input")
    one = rows.replace(" \\\\\n&\\quad \\cdot", " \\cdot").replace("} C \\cdot C", "} (C C)") \
        .replace("} \\cdot 2 C", "} (2 C)")
    _read_as(tmp_path, "one.tex", f"{claim}\\begin{{align*}}\n{one}\n\\end{{align*}}\n", "proved")   # the control


@pytest.mark.parametrize("rows", [
    "\\frac{\\partial C}{\\partial b^l_j} = \\sum_k \\frac{\\partial C}{\\partial z^l_k} \\frac{\\partial z^l_k}"
    "{\\partial b^l_j} \\\\\n+ \\sum_k \\frac{\\partial C}{\\partial z^l_k} \\frac{\\partial z^l_k}{\\partial b^l_j} = "
    "\\delta^l_j",                                                     # + Σ ... shows as going on: 2Σ = δ
    "\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j \\text{ over N, by Kronecker}"])     # shows δ/N
def test_a_row_that_starts_with_plus_or_a_reason_that_divides_is_refused(tmp_path, rows):
    """In gather (or align without & before it) a row '+ Σ ... = δ' is an equation of its own to derive, and sympy
    dropped the +; and 'over N' was no arithmetic word: the page read ∂C/∂b = 2δ and δ/N, and derive proved
    ∂C/∂b = δ (found by the red team of stop 38). The control: 1 - σ is no length that moves text."""
    claim = "% claim: \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j\n"
    _read_as(tmp_path, "plus.tex", f"{claim}\\begin{{gather*}}\n{rows}\n\\end{{gather*}}\n", "bad input")
    control = "% claim: a^l_j (1 - \\sigma(z^l_j)) = a^l_j - a^l_j \\sigma(z^l_j)\n\\begin{align*}\n" \
              "a^l_j (1 - \\sigma(z^l_j)) &= a^l_j - a^l_j \\sigma(z^l_j) && \\text{(algebra)}\n\\end{align*}\n"
    _read_as(tmp_path, "minus.tex", control, "proved")


@pytest.mark.parametrize("name, text", [
    ("far-row.tex", "\\begin{align*}\nDC &= 2\\delta^l_j \\\\[-40cm]\n&\\quad \\cdot \\frac{1}{2}\n\\end{align*}"),  # off the page
    ("long-row.tex", "\\begin{align*}\nDC &= 2\\delta^l_j \\\\[40cm]\n&\\quad \\cdot \\frac{1}{2}\n\\end{align*}"),
    ("paper.tex", "\\documentclass{article}\n\\usepackage[paperwidth=2.05cm,textwidth=20cm]{geometry}\n"
                  "\\begin{document}\n\\[ DC = 2\\delta^l_j \\cdot \\frac{1}{2} \\]\n\\end{document}"),
    ("minus-row.tex", "\\begin{gather*}\nDC = \\delta^l_j \\\\\n- \\delta^l_j + 2\\delta^l_j = \\delta^l_j\n\\end{gather*}"),
    ("stop-row.tex", "\\begin{align*}\nDC &= 2\\delta^l_j. \\\\\n&\\quad - \\delta^l_j\n\\end{align*}"),   # a sentence ends
    ("plus-line.proof", "claim: dC/db[l,j] = delta[l,j]\n= delta[l,j]  [by BP3]\n+ delta[l,j] = 2*delta[l,j]  [by algebra]")])
def test_a_row_moved_clipped_or_shown_going_on_is_refused(tmp_path, name, text):
    """A row's \\\\[-40cm] (or 40cm) set '· 1/2' off the page, geometry's paper clipped it, a row starting with -
    showed as going on with the row above (sympy read -δ + 2δ as δ), a row after a full stop continued the
    sentence's formula, and a .proof line starting with + read as an equation of its own: the page showed
    ∂C/∂b = 2δ, derive proved ∂C/∂b = δ (found by the red team of stop 38)."""
    claim = "claim: dC/db[l,j] = delta[l,j]\n" if name.endswith(".proof") else \
        "% claim: \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j\n"
    body = text.replace("DC", "\\frac{\\partial C}{\\partial b^l_j}")
    body = body if name.endswith(".proof") else (body.replace("\\begin{document}\n", "\\begin{document}\n" + claim)
                                                 if "documentclass" in body else claim + body)
    _read_as(tmp_path, name, body + "\n", "bad input")
    control = claim + "\\begin{align*}\n\\frac{\\partial C}{\\partial b^l_j} &= 2\\delta^l_j \\\\[2pt]\n" \
                      "&\\quad \\cdot \\frac{1}{2}\n\\end{align*}\n"
    _read_as(tmp_path, "control.tex", control.replace("claim: dC/db[l,j] = delta[l,j]",
                                                      "% claim: \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j"),
             "proved")                                                 # the control: a small row spacing


# --- stop 39
@pytest.mark.parametrize("claim, row, reason", [
    ("dC/db[L,j] = dC/da[L,j]*sigma'(z[L,j])", "dC/da[L,j]*sigma'(z[L,j])", "bp1"),
    ("dC/db[l,j] = sum(k=1, n(l+1), w[l+1,k,j]*delta[l+1,k]*sigma'(z[l,j]))",
     "sum(k=1, n(l+1), w[l+1,k,j]*delta[l+1,k]*sigma'(z[l,j]))", "bp2")])
def test_an_identity_applies_with_delta_written_by_its_definition(tmp_path, claim, row, reason):
    """BP1 and BP2 applied where their delta^l_j stands as dC/dz^l_j were "true, but not by bp1" (--strict
    refuted a true step with its true reason; found by the red team of stop 39). The class it must not open: the
    same step made false (a factor 2), or the identity's delta form cited where it does not apply (BP1 at l < L),
    is refuted, or holds but not by that reason."""
    text = f"claim: {claim}\n  = dC/dz[{claim[6]},j]   [by bp3]\n  = {row}   [by {reason}]\n"
    right = check_text(tmp_path, text, strict=True)
    assert right.verdict.status == "proved" and [s.justified for s in right.verdict.steps] == [True, True]
    wrong = check_text(tmp_path, text.replace(f"  = {row}", f"  = 2*{row}"), strict=True)
    assert wrong.verdict.status == "refuted" and wrong.verdict.steps[1].status == "refuted"
    elsewhere = check_text(tmp_path, "claim: dC/db[l,j] = sum(k=1, n(l+1), w[l+1,k,j]*delta[l+1,k]*sigma'(z[l,j]))\n"
                                     "  = dC/dz[l,j]   [by bp3]\n"
                                     "  = sum(k=1, n(l+1), w[l+1,k,j]*delta[l+1,k]*sigma'(z[l,j]))   [by bp1]\n",
                           strict=True)
    assert elsewhere.verdict.status == "refuted" and elsewhere.verdict.steps[1].justified is False


@pytest.mark.parametrize("inner, name", [(Partial(C, b[L, j]), "output-bias-gradient"),
                                         (Partial(C, z[L, j]), "output-error")])
def test_an_identity_is_not_applied_inside_a_derivative_by_a_z_or_an_a(inner, name):
    """dC/db^L_j = a^L_j - y_j (sigmoid, cross-entropy) rests on a = sigma(z): a derivative by a^L_j moves a alone,
    and there the sides' derivatives differ (0.82 and 1 at seed 1); the kernel applied the identity inside it, and
    (n_L - 1)...(n_L - 5) times the step, 0 on every sample net, was PROVED (found by the red team of stop 39).
    Checked by the kernel alone (no numbers); the control: inside a derivative by a parameter it applies."""
    from derive import prove_all
    from derive.model.symbols import y
    net = Network(activation="sigmoid", cost="cross-entropy")
    kernel = Kernel(net)
    prove_all(net, kernel=kernel)
    domain = (Tuple(j, 1, n(L)),)
    for v in (a[L, j], z[L, j], b[L, j]):      # by z^L_j the step is true, but not by the identity
        step = Step(Partial(inner, v), Partial(a[L, j] - y[j], v), "identity", {"name": name})
        record = kernel.step(step, domain)
        assert bool(record.justified) is (v == b[L, j]) and (record.status == "proved") is (v != a[L, j]), (v, record)


def test_a_factor_zero_on_narrow_nets_is_seen_by_the_numbers(tmp_path):
    """A number beside a width ((n_L - 5) b) chooses nets wider than it, as a guard's number does: the step above
    scaled by (n_L - 1)...(n_L - 5) is refuted by its numbers; the control, the true step so scaled, is proved."""
    factor = "(n(L)-1)*(n(L)-2)*(n(L)-3)*(n(L)-4)*(n(L)-5)"
    text = (f"claim: {factor}*d(dC/db[L,j])/d{{v}}[L,j] = {factor}*{{rhs}}\n"
            f"  = {factor}*d(a[L,j] - y[j])/d{{v}}[L,j]   [by output-bias-gradient]\n  = {factor}*{{rhs}}   [by derivative]\n")
    net = dict(activation="sigmoid", cost="cross-entropy")
    assert check_text(tmp_path, text.format(v="a", rhs="1"), **net).verdict.status == "refuted"
    assert check_text(tmp_path, text.format(v="b", rhs="sigma'(z[L,j])"), **net).verdict.status == "proved"


def test_a_factor_zero_on_every_width_difference_of_the_nets_is_seen_by_the_numbers():
    """The sample nets' neighbouring widths differed by -2, -1, 0 or 2 alone: a false claim times
    (n_l - n_(l+1))(n_l - n_(l+1) + 1)(n_l - n_(l+1) + 2)(n_l - n_(l+1) - 2) agreed on every one of them (found by
    the red team of stop 39; the kernel left it undecided). A net whose widths differ more refutes it; the
    control, a true claim so scaled, is proved."""
    factor = "(n(l)-n(l+1))*(n(l)-n(l+1)+1)*(n(l)-n(l+1)+2)*(n(l)-n(l+1)-2)"
    assert verdict_on(f"{factor}*b[l,j] = 0").status == "refuted"
    assert verdict_on(f"{factor}*dC/db[l,j] = {factor}*delta[l,j]").status == "proved"


@pytest.mark.parametrize("widths, factor, status, justified", [
    ("2,3,2", "", "proved", True),             # layer 3 is the output layer: BP1 itself
    ("2,3,2", "2*", "refuted", None),          # the same step made false
    ("2,3,3,2", "", "refuted", False)])        # layer 3 is hidden: true, but not by BP1
def test_on_a_concrete_network_an_identity_applies_at_its_depth(tmp_path, widths, factor, status, justified):
    """On [2, 3, 2], BP1 cited for dC/dz^3_1 = dC/da^3_1 sigma'(z^3_1) was "true, but not by bp1" (the claim's L was
    not pinned to the network's depth, so delta^L never matched layer 3; --strict refuted it; found by the red
    team of stop 39)."""
    text = (f"# network: widths={widths}\nclaim: dC/dz[3,1]*y[1] = {factor}dC/da[3,1]*sigma'(z[3,1])*y[1]\n"
            f"  = {factor}dC/da[3,1]*sigma'(z[3,1])*y[1]   [by bp1]\n")
    proof = check_text(tmp_path, text, strict=True, widths=[int(v) for v in widths.split(",")])
    assert proof.verdict.status == status and proof.verdict.steps[0].justified is justified, proof.verdict.steps[0]


def test_on_a_concrete_network_an_identity_applies_as_stated_too(tmp_path):
    """Taken at the network's depth alone, BP3 no longer matched the delta^L_j a step writes with L (found by the
    red team of stop 39): --strict refuted BP1 and BP3 cited for their own statements on [2, 3, 2], and derive's own
    proofs there said "holds, but not by bp1". Each step of the library's proofs on [2, 3, 2] holds by its reason."""
    proof = check_text(tmp_path, "claim: dC/db[L,j] = dC/da[L,j]*sigma'(z[L,j])\n  = delta[L,j]   [by BP3]\n"
                                 "  = dC/da[L,j]*sigma'(z[L,j])   [by BP1]\n", strict=True, widths=[2, 3, 2])
    assert proof.verdict.status == "proved" and all(r.justified for r in proof.verdict.steps)
    from derive import prove_all
    unjustified = [(p.identity.name, r.step.rule) for p in prove_all(Network([2, 3, 2])) for r in p.verdict.steps
                   if r.justified is False]
    assert not unjustified


def test_what_the_kernel_proved_is_extended_by_the_kernel_alone():
    """kernel.proved was a plain dict: one assignment from outside made a false identity citable, and a claim
    citing it was PROVED by a kernel without numbers (found by the red team of stop 39). It is a read-only view;
    the kernel still records what it proves, and forks start with what they are given."""
    from derive import prove_all
    dom = (Tuple(l, 2, L), Tuple(j, 1, n(l)))
    kernel = Kernel(Network())
    with pytest.raises(TypeError):
        kernel.proved["fake"] = (Identity("fake", "fake", b[l, j], w[l, j, 1], dom), ())
    with pytest.raises((TypeError, AttributeError)):
        kernel.proved.update({"fake": None})
    prove_all(Network(), kernel=kernel)
    assert {"bp1", "bp2", "bp3", "bp4"} <= set(kernel.proved) and set(kernel.fork(["bp3"]).proved) == {"bp3"}


def test_a_proof_shows_its_verdict_beside_the_very_claim_and_network_judged():
    """A subclass of Identity whose == says yes to anything, or of Network with another's key, put a PROVED verdict
    beside a false claim (∂C/∂b = 2δ) or another network (found by the red team of stop 39): a Proof takes the
    claim and network of the verdict's own types only. The control: the claim and network judged."""
    from derive.api import Proof

    class Agreeable(Identity):
        __eq__ = lambda self, other: True            # noqa: E731
        __ne__ = lambda self, other: False           # noqa: E731
        __hash__ = Identity.__hash__

    p = prove("bp3")
    with pytest.raises(TypeError):
        Proof(Agreeable("bp3", "", p.identity.lhs, 2 * delta[l, j], p.identity.domain), p.derivation, p.verdict,
              p.network)
    net = Network(activation="sigmoid", cost="cross-entropy")
    r = prove("output-error", net)

    class Borrowed(Network):
        key = property(lambda self: net.key)

    with pytest.raises(TypeError):
        Proof(r.identity, r.derivation, r.verdict, Borrowed(activation="sigmoid", cost="quadratic"))
    assert Proof(p.identity, p.derivation, p.verdict, p.network).proved


@pytest.mark.parametrize("net", [GENERIC, Network(widths=(2, 3, 2))], ids=["index level", "[2,3,2]"])
def test_a_try_of_a_proof_search_is_never_proved_by_what_it_skips(net):
    """verify drops a try of its proof search that does not prove, so a try ends at its first step the rules
    do not prove, with no search for a counterexample to it (the softmax mini-batch output bias gradient spent
    80 s so in a try verify then dropped). Such a try is never PROVED: a false step first or last, or a step
    that names what it may not (circular), leaves it refuted or undecided, the steps after it not checked. The control:
    a true derivation gets the same verdict as the full check, step by step."""
    lhs, rhs = Partial(C, b[l, j]), delta[l, j]
    claim = Identity("claim", "", lhs, rhs, ALL_LAYERS)
    wrong_first = Derivation(lhs, rhs, ALL_LAYERS, [Step(lhs, 2 * rhs, "algebra"), Step(2 * rhs, rhs, "algebra")])
    wrong_last = Derivation(lhs, rhs + b[l, j], ALL_LAYERS, [Step(lhs, rhs, "identity", {"name": "bp3"}),
                                                             Step(rhs, rhs + b[l, j], "algebra")])
    circular = Derivation(lhs, rhs, ALL_LAYERS, [Step(lhs, rhs, "identity", {"name": "bp3"})])   # it states BP3
    for derivation, undecided in ((wrong_first, [0, 1]), (wrong_last, [1]), (circular, [0])):
        kernel = kernel_for(net)
        prove_all(net, kernel=kernel)
        claim = replace(claim, rhs=derivation.rhs)
        tried = kernel.check(claim, derivation, attempt=True)
        assert tried.status in ("refuted", "undecided")
        assert [t for t, r in enumerate(tried.steps) if r.status != "proved"] == undecided
        assert all(r.problem.kind == "not-checked" for r in tried.steps[undecided[0] + 1:])
        assert kernel.check(claim, derivation).status != "proved"
    true = prove("bp3", net)
    kernel = kernel_for(net)
    tried, full = (kernel.check(true.identity, true.derivation, attempt=t) for t in (True, False))
    assert tried.status == full.status == "proved"
    assert [(r.status, r.problem, r.justified) for r in tried.steps] == \
        [(r.status, r.problem, r.justified) for r in full.steps]


@pytest.mark.parametrize("activation, law, wrong", [
    ("sigmoid", "a[l,j]*(1-a[l,j])", "a[l,j]*(1+a[l,j])"),
    ("softplus", "(1-exp(-a[l,j]))", "(1-exp(a[l,j]))"),
    ("tanh", "(1-a[l,j]^2)", "(1+a[l,j]^2)"),
])
def test_every_instance_of_a_net_reads_sigma_prime_by_the_activation_law(activation, law, wrong):
    """BP2 with sigma' written by the activation's law (a(1 - a) for the sigmoid) on [3, 4, 4, 3]: the kernel proved
    it for every size, then its check of every instance of the net wrote each side down to the weights and ran
    out of any budget (over 120 s). The graph now reads sigma' by the law first (the law as sympy derives it from
    the formula). The control: the law with a wrong sign is refuted."""
    net = Network(widths=(3, 4, 4, 3), activation=activation)
    bp2 = "delta[l,j] = sum(k=1,n(l+1), w[l+1,k,j]*delta[l+1,k])*"
    proof = verify(bp2 + law, net, timeout=60)
    assert proof.verdict.status == "proved"
    assert any(c.kind == "every-instance" for c in proof.verdict.checks)
    assert verify(bp2 + wrong, net, timeout=60).verdict.status == "refuted"


@pytest.mark.parametrize("claim, vacuous", [
    ("delta[l,j] = [l=L]*(a[l,j]-y[j]) + (1-[l=L])*sum(i=1,n(l+1), w[l+1,i,j]*delta[l+1,i])*sigma'(z[l,j])", True),
    ("delta[l,j] = [l=L]*dC/da[l,j]*sigma'(z[l,j]) + (1-[l=L])*sum(i=1,n(l+1), w[l+1,i,j]*delta[l+1,i])*"
     "sigma'(z[l,j])", True),                                  # [l = L] is 1 at l = L, where its term has a meaning
    ("dC/db[l,j] = delta[l,j] + [j <= 0]*b[l,j]", False),      # 0 wherever it has a meaning, and narrows nothing:
    ("dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + [l = 1]*w[l,j,k]", False),      # left to the kernel (it proves them)
    ("delta[l,j] = [l=L]*(a[l,j]-y[j])*sigma'(z[l,j]) + (1-[l=L])*delta[l,j]", False),   # the controls: each guard
    ("d(a[l,j])/dz[l,k] = [j=k]*sigma'(z[l,j])", False),                                  # is 1 at some instance
    ("dC/db[l,j] = delta[l,j]*(1 + [3<=j<=n(L)]*[l=L])", False),
    ("dC/db[l,j] = delta[l,j] + [l = 2]*a[l-2,1]", True),     # two hidden claims of the red team of stop 43
    ("dC/db[l,j] = delta[l,j] + [j = 0]*b[2,j]", True),
    ("delta[l,j] = sum(m=L,L,[l=m])*(a[l,j]-y[j])*sigma'(z[l,j]) + (1 - sum(m=L,L,[l=m]))*sum(i=1, n(l+1), "   # in
     "w[l+1,i,j]*delta[l+1,i])*sigma'(z[l,j])", True),                                    # disguise (stop 44)
    ("delta[l,j] = (1-[l<=L])*(a[l,j]+5*y[j]) + sum(i=1, n(l+1), w[l+1,i,j]*delta[l+1,i])*sigma'(z[l,j])", True),
    ("dC/db[l,j] = delta[l,j] + a[l-2,1]*db[l,1]/db[2,1]", True),
    ("sum(k=1,n(l),[k=j]*b[l,k]) = b[l,j]", False),          # the control: a Kronecker delta a sum collapses
    ("delta[l,j] = sum(k=1, n(l+1), w[l+1,k,j]*delta[l+1,k]*sigma'(z[l,j]) + [l=L]*[k=j]*(a[l,j]-y[j])*"   # inside a
     "sigma'(z[l,j]))", True),                                                              # sum (stop 45)
    ("dC/db[l,j] = sum(k=1, n(l), [k=j]*delta[l,k] + [k <= 0]*b[l,k])", False),   # 0 at every k, narrows
    ("dC/db[l,j] = sum(k=1, n(l), [k=j]*(delta[l,k] + b[l,k])) - b[l,j]", False)])    # nothing; 1 at k = j
def test_a_guard_that_is_0_wherever_the_claim_has_a_meaning_is_bad_input(tmp_path, capsys, claim, vacuous):
    """Found by the red team of stop 43, left then: a claim is checked where each quantity it names has a meaning, so
    w^{l+1} beside 1 - [l = L] (and y_j under [l = L]) made the piecewise BP1/BP2 one about l < L and j <= n_L, where
    [l = L] is 0: PROVED, for a domain that leaves out the very case its guard states. A term of a sum that the
    kernel's rules show 0 there is bad input, in verify and in a document (the claim's line), when it is not 0 where
    its own quantities have a meaning, or narrows the domain itself (two hidden claims of stop 43 narrowed l or j so);
    in disguise too (a sum of one Kronecker delta, 1 - [l <= L], a derivative of one parameter by another: the red
    team of stop 44), and a term inside a sum, at every value of the index the sum binds (stop 45). A guard 1
    somewhere, or a term 0 wherever it has a meaning that narrows nothing, is read as before."""
    assert (main(["verify", claim]) == 2) is vacuous
    assert ("is 0 wherever each quantity of the claim has a meaning" in capsys.readouterr().err) is vacuous
    assert (main(["check", str(_write(tmp_path / "v.proof", f"claim: {claim}\n  = {claim.split(' = ', 1)[1]}   "
                                      "[by algebra]\n"))]) == 2) is vacuous
    assert ("line 1: " in capsys.readouterr().err) is vacuous


CE_PAGE = ("% claim: \\frac{{\\partial C}}{{\\partial a^L_j}} = {rhs}\n{note}Network: {said}.\n\n\\begin{{align*}}\n"
           "\\frac{{\\partial C}}{{\\partial a^L_j}} &= {rhs} && \\text{{(definition)}}\n\\end{{align*}}\n")
QUADRATIC, CROSS = "a^L_j - y_j", "\\frac{a^L_j - y_j}{a^L_j (1 - a^L_j)}"


@pytest.mark.parametrize("name, said, rhs, net, proved", [
    ("ce.tex", "cost cross-entropy", QUADRATIC, {}, None),                  # the red team of stop 46: PROVED for the
    ("ce.md", "cost cross-entropy", QUADRATIC, {}, None),                   # quadratic cost the page does not say
    ("sig.tex", "activation sigmoid; cost cross-entropy", QUADRATIC, {}, None),
    ("l2.tex", "regularization l2", QUADRATIC, {}, None),
    ("softmax.tex", "output softmax; cost log-likelihood", QUADRATIC, {}, None),
    ("generic.tex", "activation generic; cost quadratic", QUADRATIC, {"activation": "sigmoid"}, None),
    ("words.tex", "sigmoid neurons, cross-entropy cost", QUADRATIC, {}, None),  # a choice in words derive does not read
    ("two.tex", "cost quadratic.\n\nNetwork: cost cross-entropy", QUADRATIC, {}, None),
    ("same.tex", "activation sigmoid; cost cross-entropy", CROSS, {"activation": "sigmoid", "cost": "cross-entropy"},
     True),                                                                 # the controls: the page says what is checked
    ("wrong.tex", "activation sigmoid; cost cross-entropy", QUADRATIC,
     {"activation": "sigmoid", "cost": "cross-entropy"}, False),
    ("default.tex", "any depth $L$ and widths $n_l$; activation generic; cost quadratic", QUADRATIC, {}, True),
    ("prose.tex", "the one of chapter 2", QUADRATIC, {}, True),
    ("spaced.tex", "cost cross entropy", QUADRATIC, {}, None),             # its second red team: other spellings,
    ("dash.tex", "cost cross\\-en\\-tropy", QUADRATIC, {}, None),          # markup, a line break, a lookalike N
    ("markup.tex", "cost c\\emph{ross-entropy}", QUADRATIC, {}, None),
    ("broken.tex", "cost\ncross-entropy", QUADRATIC, {}, None),
    ("second.tex", "activation generic. Cost cross-entropy", QUADRATIC, {}, None),
    ("tag.md", "cost <b>cross-entropy</b>", QUADRATIC, {}, None),
    ("entity.md", "cost cross&#45;entropy", QUADRATIC, {}, None),
    ("bold.tex", "cost~cross-entropy", CROSS, {"activation": "sigmoid", "cost": "cross-entropy"}, True),
    ("emdash.tex", "cost cross\u2014entropy", QUADRATIC, {}, None),         # its third red team
    ("log.tex", "cost the negative $\\log$-likelihood", QUADRATIC, {}, None),
    ("plural.md", "trained on mini-batches of $M$ inputs", QUADRATIC, {}, None),
    ("soft.md", "a soft-max output", QUADRATIC, {}, None),
    ("code.md", "cost `cross-entropy`", QUADRATIC, {}, None)])          # a code span (the review of stop 46)
def test_the_page_network_line_is_the_network_checked(tmp_path, name, said, rhs, net, proved):
    """A page's own 'Network: cost cross-entropy.' line, with no note or a note that sets less, was read by no one:
    dC/da^L_j = a^L_j - y_j, false for the cross-entropy the page states, was PROVED for the quadratic cost (and a true
    sigmoid derivation REFUTED for the generic sigma). A choice the page says is the network's, or the file is bad
    input; a page that names no choice is checked on the network of its options."""
    text = CE_PAGE.format(rhs=rhs, said=said, note="")
    if name == "bold.tex":                                  # the controls: markup around the word Network
        text = text.replace("Network:", "\\noindent\\textbf{Network:}")
    if name == "spaced.tex":
        text = text.replace("Network:", "\u039detwork:")      # a Greek capital Nu
    if name.endswith(".md"):
        text = ("<!-- claim: \\frac{\\partial C}{\\partial a^L_j} = " + rhs + " -->\n\nNetwork: " + said + ".\n\n$$\n"
                "\\frac{\\partial C}{\\partial a^L_j} = " + rhs + "\n$$\n")
    if proved is None:
        with pytest.raises(DocumentError, match="the page says|the page's network line says"):
            check_text(tmp_path, text, name=name, **net)
    else:
        assert (check_text(tmp_path, text, name=name, **net).verdict.status == "proved") is proved


@pytest.mark.parametrize("claim, options", [
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sigma(z[l-1,1]) - a[l-1,1]", ()),       # the red team of stop 46: PROVED
    ("dC/db[l,j] = sum(m=l+1, L, [m=L])*delta[l,j] + sigma(z[l+1,1]) - a[l+1,1]", ()),   # for l >= 3 (l < L), false
    ("dC/db[l,j] = [1<=j<=n(l-1)]*delta[l,j] + sigma(z[l-1,j]) - a[l-1,j]", ()),          # at l = 2 (l = L, j > n_2)
    ("dC/db[l,j] = [1<=j<=n(l-1)]*delta[l,j] + a[l-1,j]*sigma(z[l-1,j]) - sigma(z[l-1,j])^2", ()),
    ("dC/db[l,j]*dz[l-1,1]/dz[l-1,1] = [3<=l]*delta[l,j]", ()),                # a factor of 1
    ("dC/db[l,j]*db[l+1,1]/db[l+1,1] = sum(m=l+1, L, [m=L])*delta[l,j]", ()),
    ("dC/db[l,j]*da[1,j]/da[1,j] = [1<=j<=n(1)]*delta[l,j]", ()),
    ("dC/db[l,j]*(1 + (a[l-1,j]-sigma(z[l-1,j]))) = [1<=j<=n(l-1)]*delta[l,j]", ()),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sigma(z[l-1,1]) - a[l-1,1]", ("--widths", "2,3,3,2")),
    ("dC/db[l,j] = [2<=M]*sum(s=1,M,delta[l,j,s])/M + sigma(z[l,j,2]) - a[l,j,2]", ("--batch",)),
    ("[3<=l]*delta[L,j] + sigma(z[l-1,1])*sigma(z[l,1]) - a[l-1,1]*a[l,1] = delta[L,j]", ()),   # l in a guard alone
    ("dC/db[l,j] = [3<=l]*delta[l,j] + dz[l-1,1]/db[l-1,1] - 1", ()),                        # (its second red team)
])
def test_parts_that_cancel_may_not_narrow_the_claim(claim, options, capsys):
    """A zero spread over two terms, or a factor of 1, needs its own quantities: sigma(z^{l-1}_1) - a^{l-1}_1 left l = 2
    out of the claim, where [3 <= l] delta^l_j is 0 and dC/db^2_j is not, and the claim was PROVED for 3 <= l <= L
    (the red team of stop 46; one such term alone was bad input already). The sides written by the definitions have a
    meaning on a wider domain, where derive does not show the claim: bad input."""
    assert main(["verify", claim, *options]) == 2
    assert "parts of it that cancel, or a factor of 1" in capsys.readouterr().err


def test_parts_that_cancel_in_a_documents_claim(tmp_path):
    """The same class in a document: the claim note's parts that cancel leave l = 2 out (the second red team of
    stop 46 PROVED it with the rows [3 <= l] delta^L_j, then delta^L_j by the range)."""
    text = ("% claim: [3 \\le l]\\delta^L_j + \\sigma(z^{l-1}_1)\\sigma(z^l_1) - a^{l-1}_1 a^l_1 = \\delta^L_j\n"
            "\\begin{align*}\n[3 \\le l]\\delta^L_j + \\sigma(z^{l-1}_1)\\sigma(z^l_1) - a^{l-1}_1 a^l_1 "
            "&= [3 \\le l]\\delta^L_j && \\text{(definition)} \\\\\n&= \\delta^L_j && \\text{(range)}\n\\end{align*}\n")
    with pytest.raises(DocumentError, match="parts of it that cancel, or a factor of 1"):
        check_text(tmp_path, text, name="g.tex")


@pytest.mark.parametrize("claim, code", [
    ("dC/db[l,j] = [3<=l]*delta[l,j]", 1),                  # the guard said as a guard: refuted at l = 2
    ("d(b[l,j] + C)/dz[L,j] = delta[L,j]", 0),              # b^l_j is needed, and the claim holds wherever z^L_j is
    ("d(b[l+1,k]*z[l,j] + b[l,j])/dz[l,j] = b[l+1,k]", 0),  # a derivative by z^l_j needs it, though its value does not
    ("a[l,j] - sigma(z[l,j]) = 0", 0), ("da[2,1]/dw[3,1,1] = 0", 0),
    ("dC/dw[l,j,k] = a[l-1,k]*delta[l,j]", 0), ("dC/db[l,j]*a[l-1,1] = delta[l,j]*a[l-1,1]", 0)])
def test_parts_that_cancel_the_controls(claim, code, capsys):
    """The controls of the class above: a claim whose narrower domain is its own (a derivative's quantities, a claim
    that holds on the wider domain, a claim of constants) is checked as before."""
    assert main(["verify", claim]) == code
    capsys.readouterr()


@pytest.mark.parametrize("options", NETWORKS + [("generic", "quadratic", None, None, True),
                                                ("generic", "log-likelihood", "softmax", None, True)],
                         ids=lambda o: "-".join(str(v) for v in o if v))
def test_no_statement_of_the_library_is_taken_for_a_narrowed_claim(options):
    """Every statement derive list prints, as a user would type it, passes the checks of what a claim says."""
    from derive.model.identities import catalogue
    from derive.vacuous import vacuous
    act, cost, output, reg, *batch = options
    network = Network(activation=act, cost=cost, output=output, regularization=reg, batch=bool(batch))
    for identity in catalogue(network):
        if identity.rhs is not None:
            assert vacuous(identity.lhs, identity.rhs, identity.domain, network) == "", identity.name


@pytest.mark.parametrize("claim, code", [
    ("dC/db[l,j] = 1.0000000001*delta[l,j]", 1), ("tanh(log(2))*b[l,j] = 0.6000000001*b[l,j]", 1),
    ("tanh(log(2))*b[l,j] = 0.6*b[l,j]", 3), ("dC/db[l,j] = (1 + 1/10^14)*delta[l,j]", 3)])
def test_a_difference_below_float64s_tolerance_is_looked_at_with_40_digits(claim, code, capsys):
    """A relative difference of 1e-10 is below what float64 sums are compared to (1e-9): the claims were UNDECIDED,
    while `derive evaluate` showed them differ at 40 digits (the red team of stop 46). A search for a counterexample
    now compares the instance of the largest error at 40 digits too; the controls: tanh(ln 2) = 3/5 exactly is not
    refuted, nor a difference below the 40-digit tolerance (1e-12)."""
    assert main(["verify", claim]) == code
    out = capsys.readouterr().out
    assert ("difference = " in out) == (code == 1)


@pytest.mark.parametrize("claim, control", [
    ("[3<=l]*delta[l,j] + z[l-1,1] = dC/db[l,j] + z[l-1,1]", "delta[l,j] + z[l-1,1] = dC/db[l,j] + z[l-1,1]"),
    ("[3<=l]*(delta[l,j] + z[l-1,1]) = dC/db[l,j] + z[l-1,1]",
     "dC/db[l,j] + sum(k, z[l-1,k]) = delta[l,j] + sum(k, z[l-1,k])"),
    ("[4<=l]*delta[l,j]*b[l-2,1] = dC/dz[l,j]*b[l-2,1]", "delta[l,j]*b[l-2,1] = dC/dz[l,j]*b[l-2,1]"),
    ("([3<=l]*delta[l,j] + z[l-1,1])*b[l,1] = (dC/db[l,j] + z[l-1,1])*b[l,1]",
     "(delta[l,j] + z[l-1,1])*b[l,1] = (dC/db[l,j] + z[l-1,1])*b[l,1]"),
    ("[3<=l]*z[l-1,1]*delta[l,j] = [2<=l]*z[l-1,1]*dC/db[l,j]", "z[l-1,1]*delta[l,j] = z[l-1,1]*dC/db[l,j]"),
    # inside a sum, a power, a function; exp of a sum multiplied out
    ("sum(k, [3<=l]*delta[l,k] + z[l-1,1]) = sum(k, dC/db[l,k] + z[l-1,1])",
     "sum(k, delta[l,k] + z[l-1,1]) = sum(k, dC/db[l,k] + z[l-1,1])"),
    ("([3<=l]*delta[l,j] + z[l-1,1])^2 = (dC/db[l,j] + z[l-1,1])^2",
     "(delta[l,j] + z[l-1,1])^2 = (dC/db[l,j] + z[l-1,1])^2"),
    ("sigma([3<=l]*delta[l,j] + z[l-1,1]) = sigma(dC/db[l,j] + z[l-1,1])",
     "sigma(delta[l,j] + z[l-1,1]) = sigma(dC/db[l,j] + z[l-1,1])"),
    ("exp([3<=l]*delta[l,j] + z[l-1,1]) = exp(dC/db[l,j])*exp(z[l-1,1])",
     "exp(delta[l,j] + z[l-1,1]) = exp(dC/db[l,j])*exp(z[l-1,1])"),
])
def test_what_both_sides_share_may_not_narrow_a_claim(claim, control, tmp_path, capsys):
    """[3<=l] delta^l_j + z^{l-1}_1 = dC/db^l_j + z^{l-1}_1 was PROVED for l >= 3, where z^{l-1}_1 has a meaning, and
    without it the claim is false at l = 2 (left open by stop 46). A term or a factor both sides share, a guard's own
    parts too, says nothing: without it (at the top, in the one argument of a sum, power or function that differs, and
    with exp of a sum multiplied out) the claim must hold where the rest has a meaning, proved there, or it is bad
    input. The controls hold where the rest has a meaning (BP3, the definition of delta)."""
    assert main(["verify", claim, "--timeout", "120"]) == 2
    assert "both sides have" in capsys.readouterr().err
    assert main(["verify", control, "--timeout", "120"]) == 0
    capsys.readouterr()
    path = tmp_path / "shared.proof"
    path.write_text(f"claim: {claim}\n  = {claim.split(' = ')[1]}   [by algebra]\n")
    assert main(["check", str(path)]) in (2, 3)     # the step is not proved by algebra alone, or the claim refused
    lhs, rhs = claim.split(" = ")
    if "dC/dz" in rhs:                              # a chain the kernel proves: refused for what it shares
        path.write_text(f"claim: {claim}\n  = {lhs.replace('[4<=l]*', '')}   [by range condition discharged]\n"
                        f"  = {rhs}   [by definition of delta]\n")
        assert main(["check", str(path)]) == 2
        assert "both sides have" in capsys.readouterr().err
        path.write_text(f"claim: {control}\n  = {rhs}   [by definition of delta]\n")
        assert main(["check", str(path)]) == 0
    capsys.readouterr()


PROOFS = Path(__file__).parent.parent / "proofs"
OFF_PAGE = ("\\documentclass{{article}}\\usepackage{{amsmath}}\\begin{{document}}\n"
            "% claim: \\frac{{\\partial C}}{{\\partial b^l_j}} = \\delta^l_j\nBase case.\n% case: l = L\n\\begin{{align*}}\n"
            "\\frac{{\\partial C}}{{\\partial b^l_j}}\n&= \\frac{{\\partial C}}{{\\partial z^l_j}} && \\text{{(chain rule)}} \\\\\n"
            "&= \\sigma'(z^l_j) (a^l_j - y_j) && \\text{{(definition)}}{0}\\text{{for $l = L$}} \\\\\n"
            "&= \\delta^l_j && \\text{{(BP1)}}{0}\\text{{for $l = L$}}\n\\end{{align*}}\nInductive step.\n% case: l < L\n"
            "\\begin{{align*}}\n\\frac{{\\partial C}}{{\\partial b^l_j}}\n&= \\sum_k \\frac{{\\partial C}}{{\\partial z^l_k}}"
            "\\frac{{\\partial z^l_k}}{{\\partial b^l_j}} && \\text{{(chain rule)}}\\\\\n&= \\sum_k \\delta^l_k \\delta_{{kj}} "
            "&& \\text{{(definition)}}\\\\\n&= \\delta^l_j && \\text{{(Kronecker)}}\n\\end{{align*}}\\end{{document}}\n")


@pytest.mark.parametrize("space, code", [("\\qquad" * 40, 2), ("\\quad" * 5, 2), ("\\qquad\\quad" * 2, 2),
                                         ("\\text{ }" * 300, 2), ("\\mbox{}" * 5, 2),
                                         ("\\text{" + " and chain rule" * 30 + "}", 2),
                                         ("\\quad", 0), ("\\qquad\\qquad", 0), ("\\text{ }", 0)])
def test_a_reasons_condition_pushed_off_the_page_is_bad_input(space, code, tmp_path, capsys):
    """Forty \\qquad between a reason's \\text groups put 'for l = L' 28 cm right of the page, which showed
    sigma'(z^l_j)(a^l_j - y_j) = dC/dz^l_j as if for every l: PROVED (the document red team of stop 47). More than four
    quads of space in a reason is bad input; so are three hundred empty \\text groups, and the condition of a reason of
    450 characters is not read (round 2); the controls, a quad or two between its groups, read as before."""
    path = tmp_path / "off.tex"
    path.write_text(OFF_PAGE.format(space))
    assert main(["check", str(path)]) == code
    err = capsys.readouterr().err
    assert ("quads of space" in err or "hidden on the page" in err) == (code == 2)


TWICE = ("\\delta^l_j$ for", "2\\delta^l_j$ for")


@pytest.mark.parametrize("suffix, edits, code", [
    (".tex", [("\\delta^l_j$ for", "\\delta^{l-1}_j$ for")], 2), (".md", [("\\delta^l_j$ for", "\\delta^{l-1}_j$ for")], 2),
    (".md", [("**Claim:** $", "**Claim:** $2")], 2),
    # round 2: other words for a claim, a second formula, a Markdown line with a tag, a claim in a quote
    (".tex", [("Claim:", "Theorem 1."), TWICE], 2), (".tex", [("Claim:", "Claim (BP3):"), TWICE], 2),
    (".md", [("**Claim:**", "**Theorem:**"), TWICE], 2), (".md", [("**Claim:**", "<b>Claim:</b>"), TWICE], 2),
    (".tex", [("\\delta^l_j$ for", "\\delta^l_j$, that is, $\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j$ for")], 2),
    (".md", [("\\delta^l_j$ for", "\\delta^l_j$ for $1 < l$ and"), TWICE], 2),
    (".tex", [("\\noindent Claim:", "\\begin{quote}\nClaim:"), ("n_l$.\\\\", "n_l$.\n\\end{quote}"), TWICE], 2),
    # round 3: a theorem environment, other spellings of the word, a second formula derive cannot read
    (".tex", [("\\begin{document}", "\\newtheorem{theorem}{Theorem}\n\\begin{document}"),
              ("\\noindent Claim: $", "\\begin{theorem}$"), ("n_l$.\\\\", "n_l$.\\end{theorem}"), TWICE], 2),
    (".tex", [("\\noindent Claim:", "\\textsc{claim}:"), TWICE], 2),
    (".tex", [("\\noindent Claim:", "\\textbf{Claim 1}\\enspace"), TWICE], 2),
    (".tex", [("\\noindent Claim:", "Claim~1.1:"), TWICE], 2),
    (".tex", [("\\delta^l_j$ for", "\\delta^l_j$, that is, $\\frac{\\partial C}{\\partial b^l_j} = \\mathrm{2}\\delta^l_j$ for")],
     2),
    (".md", [("**Claim:**", "**Claim**<br>"), TWICE], 2), (".md", [("**Claim:**", "Claim&#58;"), TWICE], 2),
    # round 4: the bold word right after \noindent, \par and a numbered theorem in bold
    (".tex", [("\\noindent Claim:", "\\noindent\\textbf{Claim:}"), TWICE], 2),
    (".tex", [("\\noindent Claim:", "\\par\\textbf{Theorem 1 (BP3).}"), TWICE], 2),
    (".tex", [("\\delta^l_j$ for", "\\delta^l_j$, that is, $\\frac{\\partial C}{\\partial b^l_j} \\equiv 2\\delta^l_j$ for")],
     2),                                                                             # a relation derive does not read
    # the controls: GitHub's $`...`$, the claim in words around its formula, its sides the other way round, a definition
    # after it, a formula that is no equality of quantities
    (".md", [("**Claim:** $", "**Claim:** $`"), ("\\delta^l_j$ for", "\\delta^l_j`$ for")], 0),
    (".tex", [("Claim: $", "Claim: the derivative $")], 0),
    (".tex", [("$\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j$ for", "$\\delta^l_j = \\frac{\\partial C}{\\partial b^l_j}$ for")], 0),
    (".md", [("\\delta^l_j$ for", "\\delta^l_j$, where $\\delta^l_j = \\frac{\\partial C}{\\partial z^l_j}$, for")], 0),
    (".tex", [("\\delta^l_j$ for", "\\delta^l_j$ (with $k = j$) for")], 0),
])
def test_the_claim_a_page_shows_is_the_claim_checked(suffix, edits, code, tmp_path, capsys):
    """derive's own export shows 'Claim: $...$' beside the hidden claim note: an export whose shown claim was edited
    to a false one (dC/db^l_j = delta^{l-1}_j) was PROVED on its note (the document red team of stop 47); so were
    'Theorem 1.', 'Claim (BP3):', <b>Claim:</b>, a false second formula, a Markdown line with a '<' and a claim in a
    quote (round 2), and a theorem environment, \\textsc{claim}:, 'Claim 1' and a space, Claim~1.1:, an entity for the
    colon, a second formula derive cannot read (round 3). A formula with '=' that a page shows after such a word, in
    its paragraph up to a display environment, or in a theorem environment, must read as a claim a note states; the
    controls are proved."""
    path = _edited_export(tmp_path, suffix, edits, capsys)
    assert main(["check", str(path)]) == code
    err = capsys.readouterr().err
    assert ("the page shows the claim" in err or "unknown command" in err) == (code == 2)


def _edited_export(tmp_path, suffix, edits, capsys):
    """derive's export of proofs/bp3.proof (.tex or .md), proved as it is, with each (old, new) of `edits` made once."""
    path = tmp_path / f"bp3{suffix}"
    assert main(["export", str(PROOFS / "bp3.proof"), "-o", str(path)]) == 0
    assert main(["check", str(path)]) == 0
    text = path.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text)
    capsys.readouterr()
    return path


PERCENT_DISPLAY = "We have\n\n$$\n\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j\n$$\n\n% $$\\frac{\\partial C}" \
                  "{\\partial b^l_j} = 2\\delta^l_j$$\n\nand so on.\n"


def test_a_page_is_read_as_its_name_says_and_standard_input_both_ways(tmp_path, monkeypatch, capsys):
    """A line that starts with % is a comment in LaTeX and text in Markdown: the same bytes were PROVED from standard
    input or as .qmd, .Rmd, .mdx or .txt (read as LaTeX) and REFUTED as .md (the document red team of stop 47). Another
    name is bad input (Quarto, R Markdown and MDX pages show what their code makes, which derive does not run), and
    standard input whose LaTeX comments hold math, or that holds \\iffalse, a comment environment or a ``` fence, is
    read both ways, which must agree, and both must read it. The control: a LaTeX fragment whose comments are derive's
    notes reads as LaTeX."""
    import io
    for suffix, code in ((".md", 1), (".markdown", 1), (".qmd", 2), (".Rmd", 2), (".mdx", 2), (".tex", 0), (".ltx", 0),
                         (".txt", 2), ("", 2)):
        path = tmp_path / f"page{suffix}"
        path.write_text(PERCENT_DISPLAY)
        assert main(["check", str(path)]) == code, suffix
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PERCENT_DISPLAY.encode())))
    assert main(["check", "-"]) == 2
    assert "reads one way as LaTeX and another as Markdown" in capsys.readouterr().err
    noted = "% claim: \\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j\n" + PERCENT_DISPLAY.split("% $$")[0]
    for hidden in ("% $$ = 2\\delta^l_j $$\n", "\\iffalse\n$$ = 2\\delta^l_j $$\n\\fi\n", "```math\n= 2\\delta^l_j\n```\n",
                   "\\begin{comment}\n$$ = 2\\delta^l_j $$\n\\end{comment}\n"):     # Markdown fails on the % note
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((noted + hidden).encode())))
        assert main(["check", "-"]) == 2, hidden
        assert "reads one way only" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(noted.encode())))
    assert main(["check", "-"]) == 0                        # the control: nothing Markdown would show besides
    fragment = "% claim: \\delta^l_j = \\frac{\\partial C}{\\partial z^l_j}\n\\begin{align*}\n\\delta^l_j &= " \
               "\\frac{\\partial C}{\\partial z^l_j} && \\text{(definition)} % a comment in words\n\\end{align*}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(fragment.encode())))
    assert main(["check", "-"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("claim, control", [
    ("dC/db[l,j] + dz[L,1]/db[l,j] + x[1] + y[1] + b[l,j] = [3<=l]*delta[l,j] + sigma(z[l-1,1]) - a[l-1,1] + "
     "dz[L,1]/db[l,j] + x[1] + y[1] + b[l,j]",
     "dC/db[l,j] + dz[L,1]/db[l,j] + x[1] + y[1] + b[l,j] = delta[l,j] + dz[L,1]/db[l,j] + x[1] + y[1] + b[l,j]"),
    ("[3<=l]*delta[l,j] + a[l-1,1] = dC/db[l,j] + sigma(z[l-1,1])", "delta[l,j] + a[l-1,1] = dC/db[l,j] + sigma(z[l-1,1])"),
    ("[3<=l]*delta[l,j] + z[l-1,1] = dC/db[l,j] + b[l-1,1] + sum(k, w[l-1,1,k]*a[l-2,k])",
     "delta[l,j] + z[l-1,1] = dC/db[l,j] + b[l-1,1] + sum(k, w[l-1,1,k]*a[l-2,k])"),
])
def test_parts_that_cancel_are_seen_beside_a_term_the_domain_does_not_decide_and_across_sides(claim, control, capsys):
    """sigma(z^{l-1}_1) - a^{l-1}_1 beside [3<=l] delta^l_j was bad input in a short claim, and PROVED for l >= 3 in one
    of eight terms with dz^L_1/db^l_j, which the rules write only once l = L is decided: the normal form of the whole
    side failed, and nothing was compared (the verify red team of stop 47). Each term is now written alone where it can
    be. Parts the rules show equal, one on each side (a^{l-1}_1 and sigma(z^{l-1}_1), z^{l-1}_1 and its definition),
    narrow a claim as shared ones do. The controls hold for every l."""
    assert main(["verify", claim, "--timeout", "120"]) == 2
    capsys.readouterr()
    assert main(["verify", control, "--timeout", "120"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("claim, options, code", [
    ("dC/db[l,j] = [3<=l]*delta[l,j] + d(z[l-1,1])/db[L-1,1] - [l=L]", (), 2),   # 1 - 1 at l = L, 0 - 0 below
    ("dC/db[l,j] = [3<=l]*delta[l,j] + d(z[l-1,1])/db[L-1,1] - d(b[l-1,1])/db[L-1,1]", (), 2),
    ("dC/db[l,j]*(1 + d(z[l-1,1])/db[L-1,1] - [l=L]) = [3<=l]*delta[l,j]", (), 2),     # a factor of 1
    ("dC/db[l,j] = [3<=l]*delta[l,j]*exp(d(z[l-1,1])/db[L-1,1] - [l=L])", (), 2),     # (g / e^u left e^u e^-u)
    ("dC/db[l,j]*exp(d(z[l-1,1])/db[L-1,1] - [l=L]) = [3<=l]*delta[l,j]", (), 2),
    ("[3<=l]*delta[l,j] + d(z[l-1,1])/db[L-1,1] = dC/db[l,j] + [l=L]", (), 2),          # across the sides
    ("dC/dw[l,j,k] = [3<=l]*a[l-1,k]*delta[l,j] + d(z[l-1,1])/db[L-1,1] - [l=L]", (), 2),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + d(z[l-1,1])/db[L-1,1] - [l=L]", ("--widths", "2,3,4", "--activation", "sigmoid"), 2),
    ("delta[l,j] = (1-[l=L])*sigma'(z[l,j])*dC/da[l,j] + d(z[l+1,1])/db[L,1] - d(b[l+1,1])/db[L,1]",   # hides l = L
     ("--output", "softmax"), 2),
    # the controls: a zero that narrows nothing is left to the kernel; one that is not zero is refuted
    ("dC/db[l,j] = delta[l,j] + d(z[l,1])/db[L,1] - [l=L]", (), 0),
    ("dC/db[l,j] + [l=L] = delta[l,j] + d(z[l,1])/db[L,1]", (), 0),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + d(z[l-1,1])/db[L-1,1] - 2*[l=L]", (), 1),
    ("dC/db[l,j] = [3<=l]*delta[l,j]*exp(d(z[l,1])/db[L,1] - [l=L])", (), 1),
])
def test_a_zero_the_rules_show_by_cases_may_not_narrow_a_claim(claim, options, code, capsys):
    """dz^{l-1}_1/db^{L-1}_1 - [l = L] is 0 (1 - 1 at l = L, 0 - 0 below), and needs l >= 3: beside [3 <= l] delta^l_j
    it left l = 2 out of dC/db^l_j = [3 <= l] delta^l_j, false there, and the claim was PROVED for 3 <= l <= L (the
    verify red team of stop 49). The rules show such a part 0 only on the cases l = L and l < L, which the kernel splits
    a step into and the reading of what a claim says did not: it splits them now, as the kernel does. A factor e^u of
    1 was not seen at all: the claim without it was read as g / e^u, e^u e^-u, which still names u's quantities."""
    assert main(["verify", claim, *options, "--timeout", "120"]) == code
    assert ("each quantity" in capsys.readouterr().err) == (code == 2)


@pytest.mark.parametrize("claim, options", [
    # 0 by the activation's law or formula, which the kernel also writes sigma by
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sigma'(z[l-1,1]) - sigma(z[l-1,1])*(1-sigma(z[l-1,1]))", ("--activation", "sigmoid")),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sigma'(z[l-1,1]) - 1 + sigma(z[l-1,1])^2", ("--activation", "tanh")),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sigma'(z[l-1,1]) - H(z[l-1,1])", ("--activation", "relu")),
    ("dC/db[l,j]*sigma'(z[l-1,1]) = [3<=l]*delta[l,j]", ("--activation", "identity")),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sigma(z[l-1,1]) - tanh(z[l-1,1])", ("--activation", "tanh")),
    ("dC/db[l,j] = (1-[l=L])*delta[l,j] + sigma'(z[l+1,1]) - 1 + sigma(z[l+1,1])^2", ("--activation", "tanh")),
    # 0 by cases, in a sum of more than six terms, in factors whose product is 1, under a derivative
    ("dC/db[l,j] = [3<=l]*delta[l,j] + d(z[l-1,1])/db[L-1,1] - [l=L] + a[l,j] - sigma(z[l,j]) + a[l,1] - "
     "sigma(z[l,1])", ()),
    ("dC/db[l,j]*(1 + d(z[l-1,1])/db[L-1,1])/(1 + [l=L]) = [3<=l]*delta[l,j]", ()),
    ("dC/db[l,j] = [3<=L]*delta[l,j]*(1 + d(z[3,1])/db[L,1])/(1 + [L=3])", ()),                   # hides L = 2
    ("d(C*(1 + d(z[l-1,1])/db[L-1,1] - [l=L]))/db[l,j] = [3<=l]*delta[l,j]", ()),
    ("d(C*exp(d(z[l-1,1])/db[L-1,1] - [l=L]))/db[l,j] = [3<=l]*delta[l,j]", ()),
    ("d(C + (d(z[l-1,1])/db[L-1,1] - [l=L])*b[l,j])/db[l,j] = [3<=l]*delta[l,j]", ()),
    # round 3: the law across the two sides, the formula written another way, a zero among seven terms
    ("dC/db[l,j] + sigma(z[l-1,1])^2 = [3<=l]*delta[l,j] + 1 - sigma'(z[l-1,1])", ("--activation", "tanh")),
    ("dC/db[l,j] + sigma'(z[l-1,1]) = [3<=l]*delta[l,j] + H(z[l-1,1])", ("--activation", "relu")),
    ("dC/db[l,j] + sigma(z[l-1,1]) = [3<=l]*delta[l,j] + z[l-1,1]", ("--activation", "identity")),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sigma'(z[l-1,1]) - 1/(1+exp(-z[l-1,1]))", ("--activation", "softplus")),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sigma(z[l-1,1]) - exp(z[l-1,1])/(1+exp(z[l-1,1]))", ("--activation", "sigmoid")),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + exp(z[l-1,1])/(1+exp(z[l-1,1])) - 1/(1+exp(-z[l-1,1])) + (x[1]+1)^2 - "
     "x[1]^2 - 2*x[1] - 1", ()),
])
def test_a_part_the_kernel_writes_away_by_a_law_or_by_cases_may_not_narrow_a_claim(claim, options, capsys):
    """Each of these hid l = 2 (or l = L, or L = 2), where it is false, and was PROVED for what is left (the verify red
    team of stop 49, round 2): what a claim says was written with sigma any function alone, a term the domain did not
    decide was kept as it is, parts were looked for in sums of at most six terms, factors one at a time, none inside a
    derivative. The sides are now written as the kernel writes a step (the activation's law and formula too, split
    into cases where the domain does not decide), and factors are looked at together. Round 3: parts compared across
    the sides, and parts that cancel, with sigma any function alone; a zero among seven terms. Parts are now compared
    as the kernel writes sigma too, each side is also written at once, and a long sum's parts are looked for among its
    terms with a quantity that narrows the claim and those with none. The controls are
    test_a_zero_the_rules_show_by_cases_may_not_narrow_a_claim's and test_parts_that_cancel_the_controls'."""
    assert main(["verify", claim, *options, "--timeout", "120"]) == 2
    assert "each quantity" in capsys.readouterr().err


@pytest.mark.parametrize("widths", ["1,1", "2,2"])
def test_a_root_and_an_absolute_value_on_a_formula_activation_end_at_once(widths, capsys):
    """sympy's simplify of sqrt(tanh(u)^2) - |tanh(u)| ran for minutes (82 s on [1, 1], more than 400 s on [2, 2]), so
    this true claim ran out of the time budget, and the API, which has none, waited (the verify red team of stop 47).
    The kernel's last resort leaves such a difference to the other rules: not confirmed, at once."""
    assert main(["verify", "(a[L,j]^2)^(1/2) = abs(a[L,j])", "--activation", "tanh", "--widths", widths,
                 "--timeout", "30"]) == 3
    assert "ran out" not in capsys.readouterr().out
    assert main(["verify", "(a[L,j]^2)^(1/2) = 2*abs(a[L,j])", "--activation", "tanh", "--widths", widths]) == 1


def test_evaluate_gives_no_number_to_a_derivative_with_no_meaning_at_the_point(capsys):
    """dz^l_k/da^{L-1}_j at l = 2 on [3, 4, 5, 3] is dz^2_1/da^3_1, which has no meaning (z^2 comes before a^3): evaluate
    gave it the value 0, and verify printed that 0 in a counterexample, while the same derivative written with numbers
    is bad input (the verify red team of stop 47). The control: at l = L it is w^L_{kj}."""
    assert main(["evaluate", "dz[l,k]/da[L-1,j] = 0", "--widths", "3,4,5,3", "--at", "l=2,j=1,k=1"]) == 2
    assert "has no meaning" in capsys.readouterr().err
    assert main(["evaluate", "dz[l,k]/da[L-1,j] = w[L,k,j]", "--widths", "3,4,5,3", "--at", "l=4,j=1,k=1"]) == 0
    capsys.readouterr()
    assert main(["verify", "dz[l,k]/da[L-1,j] = w[L,k,j]"]) == 1      # refuted as having no meaning, not by a 0
    out = capsys.readouterr().out
    assert "has no meaning" in out and "left side" not in out


@pytest.mark.parametrize("claim, options", [
    ("[3<=l]*delta[l,j]*a[l-1,1] = dC/db[l,j]*sigma(z[l-1,1])", []),
    ("[3<=l]*delta[l,j]*a[l-1,1] = dC/db[l,j]*sigma(z[l-1,1])", ["--widths", "3,4,5"]),
    ("[3<=l]*delta[l,j]/a[l-1,1] = dC/db[l,j]/sigma(z[l-1,1])", []),
    ("[3<=l]*delta[l,j]*(z[l-1,1]+1)^2 = dC/db[l,j]*(z[l-1,1]^2+2*z[l-1,1]+1)", []),
    ("[3<=l]*delta[l,j]*z[l-1,1] = dC/db[l,j]*(b[l-1,1] + sum(k, w[l-1,1,k]*a[l-2,k]))", []),
    ("[3<=l]*delta[l,j]*sum(k, z[l-1,k]) = dC/db[l,j]*sum(i, z[l-1,i])", []),
    ("[j<=n(l-1)]*delta[l,j]*a[l-1,j] = dC/db[l,j]*sigma(z[l-1,j])", []),
    ("[3<=L]*delta[L,j]*a[L-2,1] = dC/dz[L,j]*sigma(z[L-2,1])", []),
    ("[3<=l]*delta[l,j] + 2*a[l-1,1] + b[l,1] = dC/db[l,j] + sigma(z[l-1,1]) + a[l-1,1] + b[l,1]", []),
    ("([3<=l]*delta[l,j] + a[l-1,1])^3 = (dC/db[l,j] + sigma(z[l-1,1]))^3", []),
    ("2*([3<=l]*delta[l,j] + z[l-1,1])^3 = 2*(dC/db[l,j] + z[l-1,1])^3", []),
    ("d(C*exp(z[l-1,1]))/db[l,j] = [3<=l]*delta[l,j]*exp(z[l-1,1])", []),
    ("sum(k, [3<=l]*delta[l,k]*z[l-1,1]) = z[l-1,1]*sum(k, dC/db[l,k])", []),
    ("[3<=l]*delta[l,j] + z[l-1,1] = dC/dz[l,j] + z[l-1,1]", []),
    ("[3<=L]*delta[L,j]*a[L-1,1] = (a[L,j] - y[j])*sigma(z[L-1,1])", ["--output", "softmax", "--cost",
                                                                      "log-likelihood"]),
    ("[2<=M]*sum(s=1,M,delta[l,j,s])/M * a[l,1,2] = dC/db[l,j]*sigma(z[l,1,2])", ["--batch"]),
    # round 3: a shared factor multiplied out on one side, more than six terms with z and its definition, a large claim
    ("[3<=l]*delta[l,j]*(1 + z[l-1,1]) = dC/db[l,j] + dC/db[l,j]*z[l-1,1]", []),
    ("[3<=l]*delta[l,j]*(z[l-1,1]^2 - 1) = dC/db[l,j]*(z[l-1,1]-1)*(z[l-1,1]+1)", []),
    ("[3<=l]*delta[l,j] + z[l-1,1] + z[l-1,2] = dC/db[l,j] + sum(k, w[l-1,1,k]*a[l-2,k]) + b[l-1,1] + "
     "sum(k, w[l-1,2,k]*a[l-2,k]) + b[l-1,2]", []),
    ("(b[l,1]+1)*(b[l,1]+2)*(b[l,1]+3)*(b[l,1]+4)*(b[l,1]+5)*(b[l,1]+6)*(b[l,1]+7)*(b[l,1]+8)*(b[l,1]+9)*(b[l,1]+10)*(b[l,1]+11)*(b[l,1]+12)*(b[l,1]+13)*(b[l,1]+14)*(b[l,1]+15)*(b[l,1]+16)*(b[l,1]+17)*(b[l,1]+18) + [3<=l]*delta[l,j]*exp(z[l-1,1] + b[l,1]) = (b[l,1]+1)*(b[l,1]+2)*(b[l,1]+3)*(b[l,1]+4)*(b[l,1]+5)*(b[l,1]+6)*(b[l,1]+7)*(b[l,1]+8)*(b[l,1]+9)*(b[l,1]+10)*(b[l,1]+11)*(b[l,1]+12)*(b[l,1]+13)*(b[l,1]+14)*(b[l,1]+15)*(b[l,1]+16)*(b[l,1]+17)*(b[l,1]+18) + dC/db[l,j]*exp(z[l-1,1])*exp(b[l,1])", []),
    # the review after round 4: an upper bound (a^{l+1} needs l <= L - 1) and [l = L] as a Kronecker delta
    ("(1 - [l=L])*dC/db[l,j]*a[l+1,1] = delta[l,j]*sigma(z[l+1,1])", []),
])
def test_what_both_sides_share_written_two_ways_may_not_narrow_a_claim(claim, options, capsys):
    """A factor both sides share written two ways (a^{l-1}_1 and sigma(z^{l-1}_1), a square and its expansion, z and its
    definition, a sum with its index renamed), more than six terms, a shared part inside a power under a number or inside
    a derivative, a factor taken out of a sum on one side: each hid that [3<=l] delta^l_j = dC/db^l_j is false at l = 2,
    and was PROVED (the verify red team of stop 47, round 2). Parts of the two sides the rules show equal, where one
    names a quantity that needs a lower bound of the domain that another does not, are now shared too, in the sides
    as written and as the rules write them (guards kept); the rest is refuted where it has a meaning. Round 3: a common
    factor is taken out, z is written by its definition, and what both sides share as written is left out first, so
    that a large claim is read the other ways too."""
    assert main(["verify", claim, *options, "--timeout", "120"]) == 2
    capsys.readouterr()


@pytest.mark.parametrize("claim", ["delta[l,j]*b[l-2,1] = dC/dz[l,j]*b[l-2,1]",
                                   "[2<=l]*delta[l,j]*b[l-2,1] = dC/dz[l,j]*b[l-2,1]",
                                   "dC/dw[l,j,k]*b[l-2,1] = a[l-1,k]*delta[l,j]*b[l-2,1]",
                                   "delta[l,j] + a[l-1,1] = dC/db[l,j] + sigma(z[l-1,1])",
                                   "a[l-3,k]*b[l,1] = [l=4]*x[k]*b[l,1] + [5<=l]*a[l-3,k]*b[l,1]",
                                   "delta[l,j]*a[l-1,1] = dC/db[l,j]*sigma(z[l-1,1])",
                                   "dC/dz[l,j]*a[l+1,1] = delta[l,j]*sigma(z[l+1,1])",
                                   "dC/db[l,j]*w[l+1,1,1] = delta[l,j]*w[l+1,1,1]"])
def test_what_both_sides_share_where_the_rest_holds_is_proved(claim, capsys):
    """The controls of the classes above: what is left without the shared parts holds wherever it has a meaning."""
    assert main(["verify", claim, "--timeout", "120"]) == 0
    capsys.readouterr()


DEFINITION = "\\delta^l_j = {}\\,\\partial C/\\partial z^l_j"
NOTATION = "Notation: the error of neuron $j$ is $" + DEFINITION + "$.\n\n"
CLAIM_WORDS = {".tex": "\\noindent Claim:", ".md": "**Claim:**"}


@pytest.mark.parametrize("suffix, edits, code", [
    # a definition the page states in its own math: its claim means dC/db = 2 dC/dz
    (".tex", [("\\noindent Claim:", NOTATION.format(2) + "\\noindent Claim:")], 2),
    (".md", [("**Claim:**", NOTATION.format(2) + "**Claim:**")], 2),
    # the claim shown with another relation
    (".tex", [("} = \\delta^l_j$ for", "} \\neq \\delta^l_j$ for")], 2),
    (".tex", [("} = \\delta^l_j$ for", "} < \\delta^l_j$ for")], 2),
    (".md", [("} = \\delta^l_j$ for", "} ≠ \\delta^l_j$ for")], 2),
    # words for a claim that derive does not take for one
    (".tex", [("\\noindent Claim:", "\\noindent Cl\\relax aim:"), TWICE], 2),
    (".tex", [("\\noindent Claim:", "\\paragraph{Claim}"), TWICE], 2),
    (".tex", [("\\noindent Claim:", "\\noindent PROPOSITION:"), TWICE], 2),
    (".md", [("**Claim:**", "**Сlaim:**"), TWICE], 2),                       # a Cyrillic С
    (".md", [("**Claim:**", "**Cla\u200bim:**"), TWICE], 2),
    # round 2: = typed between two formulas, \le or a clause beside the equation, the preamble, GitHub's $`...`$, words
    (".tex", [("} = \\delta^l_j$ for", "}$ = $2\\delta^l_j$ for")], 2),
    (".md", [("} = \\delta^l_j$ for", "}$ = $2\\delta^l_j$ for")], 2),
    (".tex", [("\\noindent Claim:", "Notation: $\\delta^l_j = 2\\frac{\\partial C}{\\partial z^l_j}\\,[1 \\le j \\le n_l]$."
                                    "\n\n\\noindent Claim:")], 2),
    (".tex", [("\\noindent Claim:", "Recall $\\delta^l_j = \\sum_k w^{l+1}_{kj}\\delta^{l+1}_k, \\; l < L$.\n\n"
                                    "\\noindent Claim:")], 2),
    (".tex", [("\\begin{document}", "\\title{BP3, where $" + DEFINITION.format(2) + "$}\n\\begin{document}")], 2),
    (".md", [("**Claim:**", "Notation: $`" + DEFINITION.format(2) + "`$.\n\n**Claim:**")], 2),
    (".md", [("**Claim:**", "Notation: `delta[l,j] = 2*dC/dz[l,j]`.\n\n**Claim:**")], 2),
    # round 3: spacing around the relation, a factor or spacing typed between formulas, \$, a ≠ before an =, words
    *[(".tex", [("\\noindent Claim:", before + "\n\n\\noindent Claim:")], 2) for before in (
        "Here $\\delta^l_j \\;=\\; 2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Here $\\delta^l_j \\quad=\\quad 2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Here $\\delta^l_j =\\mathrel{} 2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Here $\\delta^l_j = \\text{}2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Here $\\delta^l_j \\coloneq 2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Here $\\delta^l_j$ = 2$\\frac{\\partial C}{\\partial z^l_j}$.",
        "It cost \\$5, and $\\delta^l_j = 2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Some think $\\frac{\\partial C}{\\partial b^l_j} \\ne 2\\delta^l_j$ fails.\n\n"
        "In fact $\\frac{\\partial C}{\\partial b^l_j} = 2\\delta^l_j$.",
        "Here \\texttt{delta[l,j] = 2*dC/dz[l,j]}.", "Here (recall delta[l,j] = 2*dC/dz[l,j]).",
        "Here \\verb|delta[l,j] = 2*dC/dz[l,j]|.")],
    *[(".md", [("**Claim:**", before + "\n\n**Claim:**")], 2) for before in (
        "Here _delta[l,j] = 2*dC/dz[l,j]_.", "Here <code>delta[l,j] = 2*dC/dz[l,j]</code>.",
        "| note | kind |\n|---|---|\n|delta[l,j] = 2*dC/dz[l,j]|error|")],
    # round 4: markup or spacing around a typed relation, TeX's = by its code, \tag, \boxed, words before a formula,
    # other operators after one, a command glued to its first word, a sentence the page sets for one network alone
    *[(".tex", [("\\noindent Claim:", before + "\n\n\\noindent Claim:")], 2) for before in (
        "Here $\\delta^l_j$ \\textbf{=} $2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Here $\\delta^l_j$" + " " * 45 + "\n   = $2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Here $\\delta^l_j$ \\symbol{61} $2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Here $\\delta^l_j = 2\\frac{\\partial C}{\\partial z^l_j} \\tag{1}$.",
        "Here $\\boxed{\\delta^l_j = 2\\frac{\\partial C}{\\partial z^l_j}}$.",
        "Here $\\left(\\delta^l_j \\hspace{2pt}=\\hspace{2pt} 2\\frac{\\partial C}{\\partial z^l_j}\\right)$.",
        "Since 2 * dC/dz[l,j] = delta[l,j], the rest follows.", "Here delta[l,j] = dC/dz[l,j] \u22c5 2.",
        "\\footnote{delta[l,j] = 2*dC/dz[l,j]}", "Here \\lstinline|delta[l,j] = 2*dC/dz[l,j]| holds.",
        "Here $\\delta^l_j = \\text{2}\\frac{\\partial C}{\\partial z^l_j}$.")],
    *[(".md", [("**Claim:**", before + "\n\n**Claim:**")], 2) for before in (
        "Here $\\delta^l_j$ **=** $2\\frac{\\partial C}{\\partial z^l_j}$.",
        "Here $\\delta^l_j$ <!-- " + "x" * 60 + " --> = $2\\frac{\\partial C}{\\partial z^l_j}$.",
        "For w[l,j,k] <0 we have delta[l,j] = 2*dC/dz[l,j] and y[j]> 0.",
        "A comment opens with `<!--`. Here delta[l,j] = 2*dC/dz[l,j] holds. It closes with `-->`.",
        "Here 2\\*dC/dz[l,j] = delta[l,j] holds.")],
    (".md", [("**Claim:**", "Here $\\delta^L_j = 2\\frac{\\partial C}{\\partial z^L_{js}}$.\n\n**Claim:**")], 2),
    # the controls: a worked example's values at one instance, definitions with \coloneqq in one formula
    (".md", [("**Claim:**", "In the example $\\delta^3_1 = 0.12$ and $C = 0.25$.\n\n**Claim:**")], 0),
    (".md", [("**Claim:**", "Here $a^l_j \\coloneqq \\sigma(z^l_j), \\quad \\delta^l_j \\coloneqq \\frac{\\partial C}"
                            "{\\partial z^l_j}$.\n\n**Claim:**")], 0),
    # the controls: a draft TeX or the page hides, an approximation, a worked example's values
    *[(".tex", [("\\noindent Claim:", before + "\n\n\\noindent Claim:")], 0) for before in (
        "\\iffalse Draft: $\\delta^l_j = 2\\frac{\\partial C}{\\partial z^l_j}$. \\fi",
        "When the output saturates, $\\delta^L_j \\approx 0$.", "For instance $a^2_1 = 0.7$ and $w^3_{12} = 0$.",
        "In code, \\verb|nabla_b[-1] = delta| and \\verb|w = w - eta * nabla_w|.")],
    (".md", [("**Claim:**", "<!-- draft: $\\delta^l_j = 2\\frac{\\partial C}{\\partial z^l_j}$ -->\n\n**Claim:**")], 0),
    # in a row's reason (round 2)
    (".tex", [("{(definition of delta(l,k), read right to left)}", "{(definition: $" + DEFINITION.format(2) + "$)}")],
     2),
    # the controls: a definition that holds, a wrong formula quoted with \\ne, relations of indices alone, a formula
    # derive does not read
    (".tex", [("\\noindent Claim:", "A common mistake: $\\partial C/\\partial b^l_j \\ne \\delta^{l+1}_j$.\n\n"
                                    "\\noindent Claim:")], 0),
    (".tex", [("{(definition of delta(l,k), read right to left)}", "{(definition: $" + DEFINITION.format(1) + "$)}")],
     0),
    (".tex", [("\\noindent Claim:", NOTATION.format(1) + "\\noindent Claim:")], 0),
    (".md", [("**Claim:**", NOTATION.format("") + "**Claim:**")], 0),
    (".tex", [("\\noindent Claim:", "Here $l < L$ and $k \\ne j$; $\\mathcal{X} = 2$.\n\n\\noindent Claim:")], 0),
])
def test_every_equation_a_page_states_must_hold(suffix, edits, code, tmp_path, capsys):
    """A page that states, in its own inline math, what its symbols mean (Notation: $\\delta^l_j = 2 \\partial C/
    \\partial z^l_j$) or its claim with \\ne, < or ≠, or after words derive does not take for a claim (Cl\\relax aim:,
    \\paragraph{Claim}, PROPOSITION:, a Cyrillic С, a zero-width space), was PROVED on its hidden note (the document red
    team of stop 48). Each equation a page states that names a quantity must not be refuted by the kernel, and another
    relation between quantities is bad input; the controls, a definition that holds and relations of indices, read."""
    path = _edited_export(tmp_path, suffix, edits, capsys)
    assert main(["check", str(path)]) == code
    err = capsys.readouterr().err
    assert ("the document states" in err or "goes on" in err or "no claim note states" in err) == (code == 2), err


@pytest.mark.parametrize("comment, code", [
    ("# notation: delta[l,j] = 2*dC/dz[l,j] (the 2 cancels the 1/2 of the quadratic cost)\n", 2),
    ("# we use delta[l,j] = 2*dC/dz[l,j] throughout\n", 2),
    ("# notation: a[l,j] = sigma(z[l,j]), delta[l,j] = 2*dC/dz[l,j]\n", 2),   # round 2: a second formula, another
    ("# note: dC/db[l,j] != delta[l,j]\n", 2), ("# notation: delta[l,j] = dC/dz[l,j] · 2\n", 2),   # relation, one
    ("# a common mistake: dC/db[l,j] != delta[l+1,j]\n", 0),                  # that goes on; a wrong one quoted
    ("# BP2: delta[l,j] = sum(k=1, n(l+1), w[l+1,k,j]*delta[l+1,k])\n", 2),    # round 3: derive's own notation with
    ("# note: (here delta[l,j] = 2*dC/dz[l,j])\n", 2), ('# note: "delta[l,j] = 2*dC/dz[l,j]"\n', 2),   # spaces, marks
    ("# worked example: a[2,1] = 0.7, y[1] = 1\n", 0),                        # the control: an example's values
    ("# notation: delta[l,j] = dC/dz[l,j] (the book's)\n", 0),        # the controls: one that holds, no formula
    ("# see activation=generic, widths = any\n", 0),
    ("# note: delta[l,j] = dC/dz[l,j] \u2013 5\n", 2),              # round 2 of stop 49: an en dash, a minus there
    *[(f"# note: delta[l,j] = dC/dz[l,j] {tail}\n", 2) for tail in ("\uff0d 5", "\u2010 5", "\u2215 2")],   # round 3
    ("# note: delta[l,j] = (dC/dz[l,j])\u00b2\n", 2), ("# note: delta[l,j] = 2*dC/dz[l,j]!\n", 2),
    *[(f"# note: delta[l,j] = {formula}\n", 2) for formula in ("2\u00b7dC/dz[l,j]", "2\u00d7dC/dz[l,j]",      # round 4
                                                                "\u00bddC/dz[l,j]", "(dC/dz[l,j])\u2074",
                                                                "dC/dz[l,j] \u2014 5")],
    ("# note: delta[l,j] = dC/dz[l,j] \u2013 the book's notation\n", 0),    # a dash
])
def test_an_equation_a_proof_files_comment_states_must_hold(comment, code, tmp_path, capsys):
    """A .proof file's comment '# Notation: delta[l,j] = 2*dC/dz[l,j]' redefined delta for a reader, and the file was
    PROVED (the document red team of stop 48): the first formula of a comment that reads as an equation naming a
    quantity must not be refuted either."""
    path = tmp_path / "mine.proof"
    path.write_text(comment + (PROOFS / "bp3.proof").read_text())
    assert main(["check", str(path)]) == code
    err = capsys.readouterr().err
    assert ("the document states" in err or "goes on" in err) == (code == 2), err


@pytest.mark.parametrize("activation, stated, code", [
    ("sigmoid", "$0 < \\sigma(z^l_j) < 1$", 2),     # true, and an order derive does not check: bad input still
    ("sigmoid", "$\\sigma(z^l_j) < 0.99$", 2),       # false for large z; sampled numbers would not see it
    ("relu", "$\\sigma'(z^l_j) > 0$", 2),             # false wherever z < 0, where the sides are equal
    ("sigmoid", "$w^l_{jk} < w^l_{jk} - 10^{-20}$", 2),   # a side derive does not read
    *[("sigmoid", f"$\\sigma(z^l_j) {sign} -1$", 2) for sign in (
        "{<}", "\\mathrel{<}", "\\text{<}", "\\text{ < }", "\\mathrm{<}", "{\\le}", "\\leqq", "\u2a7d", "\u2266",
        "\\lneq", "\\lesssim", "\\prec", "\\not>", "\\not\\geq", "\u226e", "\uff1c")],
    ("sigmoid", "Note: `sigma(z[l,j]) < -1`.", 2), ("sigmoid", "Note: `0 <= sigma(z[l,j]) <= 1`.", 2),
    ("sigmoid", "Note: sigma(z[l,j]) =< -1.", 2),
    *[("sigmoid", f"$\\sigma(z^l_j) {sign} -1$", 2) for sign in ("\\eqslantless", "\\precsim", "\ufe64", "\u2a95",
                                                               "\u2aac", "\u02c2", "\u1438", "\u2039", "{{<}}",
                                                               "\\lhd", "\\sqsubset", "\\precneq",
                                                               "\\mathrel{\\mathrel{<}}")],   # rounds 3-4
    ("sigmoid", "$\\sigma(z^l_j)$ &lt; $-1$", 2),         # round 3: an entity, \\textless, between two formulas
    # the controls: relations of indices alone, an approximation
    ("sigmoid", "$1 \\le j \\le n_l$ and $l < L$", 0), ("sigmoid", "$\\sigma(z^L_j) \\approx 1$", 0),
])
def test_an_order_a_page_states_is_bad_input_however_it_is_written(activation, stated, code, tmp_path, capsys):
    """An order between quantities on a page is bad input (derive does not check it; the document red team of stop 49
    found that sampled numbers, tried for a while, let false ones through: bounds that fail for large values, a
    strict order where the sides are equal, an offset of 10^-20). It was not read at all where its sign was
    wrapped ({<}, \\mathrel{<}, \\text{<}), another command or character (\\leqq, ⩽, \\prec, \\not>, ＜, =<) or its
    other side something derive does not read; a < in a code span was taken out, so `0 <= a <= 1` read as 0 = a = 1."""
    path = tmp_path / "bp3.md"
    assert main(["export", "bp3", "--activation", activation, "-o", str(path)]) == 0
    text = path.read_text()
    assert "\nNetwork: any depth" in text
    path.write_text(text.replace("\nNetwork: any depth", f"\n{stated}\n\nNetwork: any depth", 1))
    capsys.readouterr()
    assert main(["check", str(path)]) == code
    err = capsys.readouterr().err
    assert ("a relation other than = and ≠" in err) == (code == 2), err


@pytest.mark.parametrize("text, code", [
    ("sqrt(b[l,j])^2 = |b[l,j]|", 2), ("exp(log(x[k])) = |x[k]|", 2), ("(b[l,j]^(1/4))^4 = |b[l,j]|", 2),
    ("(w[l,j,k]^(2/3))^(3/2) = |w[l,j,k]|", 2), ("sqrt(b[l,j])*sqrt(b[l,j]) = |b[l,j]|", 2),
    ("\\frac{\\sqrt{b^l_j}}{\\sqrt{b^l_j}} = 1", 2),
    ("e^(log(b[l,j])) = |b[l,j]|", 2), ("exp(log(b^l)) = sgn(b^l) ⊙ b^l", 2),          # round 2: e^, a vector's entries
    ("\\sqrt{e^{z^l_j}}^2 = e^{z^l_j}", 0), ("sqrt(2*C)^2 = 2*C", 0),                  # e^t and the cost are >= 0
    # the controls: sympy keeps every root, or its base is >= 0 (a square, a norm's)
    ("sqrt(4*b[l,j]) = 2*sqrt(b[l,j])", 0), ("sqrt(w[l,j,k]^2) = |w[l,j,k]|", 0), ("b[l,j]/b[l,j] = 1", 0),
    ("sqrt(b[l,j])^3 = b[l,j]*sqrt(b[l,j])", 0), ("C = 1/2*norm(y - a^L)^2", 0),
])
def test_a_root_or_log_that_sympy_would_drop_is_bad_input(text, code, capsys):
    """sympy reads (√b)^2, √b √b and e^(ln x) as b and x, which have a value where the side as typed has none: 'sqrt(b)^2
    = |b|' was REFUTED at b = -0.42, a negative square (the verify red team of stop 48), though a claim is checked where
    its sides have a value. Such input is bad input; the controls, where sympy keeps each root, read as before."""
    assert main(["verify", text, "--no-color"]) == code
    assert ("left out" in capsys.readouterr().err) == (code == 2)


@pytest.mark.parametrize("text", ["|log(b[l,j])| = |log(|b[l,j]|)|", "|log(b[l,j])|^2 = log(|b[l,j]|)^2",
                                  "H(sqrt(b[l,j]) + 1) = 1"])
def test_a_function_of_reals_has_no_value_at_a_complex_argument(text, capsys):
    """|ln b| = |ln |b|| was REFUTED at b < 0, where ln b has no real value and mpmath's abs() of the complex ln b is
    |ln|b| + i pi|, a real number; H(sqrt(b) + 1) = 1 ended in an internal error (the verify red team of stop 48).
    |.|, sgn, H, max and min of a complex number have no value, so no counterexample stands there."""
    assert main(["verify", text, "--no-color"]) in (0, 3)
    assert "REFUTED" not in capsys.readouterr().out


CHAIN_ZERO = "dC/dz[l-1,1] - sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1])"      # 0 by the chain rule alone


@pytest.mark.parametrize("claim, options, code", [
    (f"dC/db[l,j] = [3<=l]*delta[l,j] + {CHAIN_ZERO}", (), 2),
    ("dC/db[l,j] + dC/dz[l-1,1] = [3<=l]*delta[l,j] + sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1])", (), 2),  # across
    ("dC/db[l,j] = [3<=l]*delta[l,j]*dC/dz[l-1,1]/sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1])", (), 2),  # factors of 1
    (f"dC/db[l,j] = [3<=l]*delta[l,j]*exp({CHAIN_ZERO})", (), 2),
    ("dC/db[l,j] = 2*[3<=l]*delta[l,j]*dC/dz[l-1,1]/(sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1]) + dC/dz[l-1,1])",
     (), 2),                                                                # a factor of 1/2
    ("2*dC/db[l,j] = [3<=l]*delta[l,j]*(dC/dz[l-1,1]/sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1]) + 1)", (), 2),  # of 2
    (f"dC/db[l,j] = [3<=l]*delta[l,j] + ({CHAIN_ZERO})^2", (), 2),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sum(k, w[l,j,k]*(dC/dz[l-1,k] - sum(i, dC/da[l-1,i]*da[l-1,i]/dz[l-1,k])))",
     (), 2),                                                                # inside a sum, at each of its terms
    ("dC/db[l,j] = [3<=l]*delta[l,j] + dC/db[l-1,1] - delta[l-1,1]", (), 2),          # 0 by BP3 alone
    ("dC/db[l,j] = [3<=l]*delta[l,j] + dC/dw[l-1,1,1] - a[l-2,1]*delta[l-1,1]", (), 2),   # by BP4
    ("dC/db[l,j] = (1-[l=L])*delta[l,j] + delta[l+1,1] - sum(k, w[l+2,k,1]*delta[l+2,k])*sigma'(z[l+1,1])",
     (), 2),                                                                # by BP2, hiding l = L
    ("dC/db[l,j]*exp((dC/dz[l-1,1] + [j=1]*sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1]))/sum(k, dC/da[l-1,k]*"
     "da[l-1,k]/dz[l-1,1])) = [3<=l]*delta[l,j]*exp(1 + [j=1])", (), 2),    # 1 + [j = 1]: the indices' alone
    ("dC/db[l,j]*exp((dC/dz[l-1,1] + n(l)*sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1]))/sum(k, dC/da[l-1,k]*"
     "da[l-1,k]/dz[l-1,1])) = [3<=l]*delta[l,j]*exp(1 + n(l))", (), 2),
    # the red team of the numbers' pass: more than six such terms, a j range or L narrowed, sigma(0), equal factors on
    # the two sides, two parts that say nothing together, a part under a derivative by a bias, a factor both terms have
    ("dC/db[l,j] = [3<=l]*delta[l,j] + dC/db[l-1,1] - delta[l-1,1] + a[l-1,1] - sigma(z[l-1,1]) + z[l-1,1] - "
     "b[l-1,1] - sum(k, w[l-1,1,k]*a[l-2,k])", (), 2),
    ("dC/db[l,j] = [j<=n(l-1)]*delta[l,j] + dC/da[l-1,j] - sum(k, w[l,k,j]*delta[l,k])", (), 2),
    ("dC/db[l,j] = [j<=n(l-1)]*sum(s, delta[l,j,s])/M + dC/dw[l,j,j] - sum(s, a[l-1,j,s]*delta[l,j,s])/M",
     ("--batch",), 2),
    ("dC/dw[l,j,k] = [k<=n(l)]*a[l-1,k]*delta[l,j] + dC/db[l,k] - delta[l,k]", (), 2),
    ("dC/db[l,j] = [3<=L]*delta[l,j] + dC/db[3,1] - delta[3,1]", (), 2),
    ("sigma(0)*dC/db[l,j] = [3<=l]*delta[l,j]*sigma(dC/db[l-1,1] - delta[l-1,1])", (), 2),
    ("sigma(0)*dC/db[l,j] = [3<=l]*delta[l,j]*sigma(dC/db[l-1,1] - delta[l-1,1])", ("--activation", "softplus"), 2),
    ("dC/db[l,j]*dC/db[l-1,1] = [3<=l]*delta[l,j]*delta[l-1,1]", (), 2),
    ("dC/db[l,j]*exp(dC/db[l-1,1]) = [3<=l]*delta[l,j]*exp(delta[l-1,1])", ("--activation", "relu"), 2),
    ("dC/db[l,j]*(z[l-1,1] + n(l-1)) = [3<=l]*delta[l,j]*(z[l-1,1] + 3)", ("--widths", "2,3,3,2"), 2),
    ("dC/db[l,j] = [3<=l]*delta[l,j]*exp(dC/db[l-1,1] - delta[l-1,1]) + dC/db[l-1,1] - delta[l-1,1]", (), 2),
    ("d(C*(1 + (n(l-1)-3)*z[l-1,1]))/db[l,j] = [3<=l]*delta[l,j]", ("--widths", "2,3,3,2"), 2),
    ("dC/db[l,j]*dC/db[l-1,1] + 5*dC/db[l-1,1] = [3<=l]*delta[l,j]*delta[l-1,1] + 5*delta[l-1,1]", (), 2),
    # round 2: a zero mixed into a square, a factor written two ways, 1 + [j = 1], a factor of 1 under d/dz
    ("(dC/db[l,j])^2 = ([3<=l]*delta[l,j] + dC/dz[l-1,1])^2 - 2*[3<=l]*delta[l,j]*sum(k, dC/da[l-1,k]*"
     "da[l-1,k]/dz[l-1,1]) - (dC/dz[l-1,1])^2", (), 2),
    ("dC/db[l,j] = [3<=l]*delta[l,j]*(1+dC/dz[l-1,1]) - [3<=l]*dC/db[l,j]*sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1])",
     (), 2),
    ("dC/db[l,j] + [j=1]*delta[l,j] = [3<=l]*delta[l,j]*(dC/dz[l-1,1] + [j=1]*sum(k, dC/da[l-1,k]*da[l-1,k]/"
     "dz[l-1,1]))/sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1])", (), 2),
    ("dC/db[l,j] = [3<=l]*d(C*exp((n(l-1)-3)*z[l-1,1]))/dz[l,j]", ("--widths", "2,3,3,2"), 2),
    # round 3: a zero that needs two terms beside seven shared ones, inside a function both sides apply, a width's
    # zero under d/dz with nodes after z^l_j, a weight of z^l_j's own layer there
    ("dC/db[l,j] + dC/da[l-1,1] + sum(i, w[l,i,1]*delta[l,i]) + b[l,j] + z[l,j] + a[l,j] + w[l,j,1] = [3<=l]*"
     "delta[l,j] + 2*dC/dz[l-1,1]/sigma'(z[l-1,1]) + b[l,j] + z[l,j] + a[l,j] + w[l,j,1]", (), 2),
    ("exp(dC/db[l,j] + dC/dz[l-1,1]) = exp([3<=l]*delta[l,j] + sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1]))", (), 2),
    ("log(1 + (dC/db[l,j] + dC/db[l+1,1])^2) = log(1 + ((1-[l=L])*delta[l,j] + delta[l+1,1])^2)", (), 2),
    ("tanh(dC/db[l,j] + dC/dz[l-1,1]) = tanh([3<=l]*delta[l,j] + sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1]))",
     ("--activation", "relu"), 2),
    ("dC/db[l,j] = (1-[l=L])*d(C*exp((n(l+1)-3)*z[l+1,1]))/dz[l,j]", ("--widths", "2,3,3,3"), 2),
    ("dC/db[l,j] = [j<=n(l-1)]*d(C*exp((n(l-1)-3)*w[l,j,j]))/dz[l,j]", ("--widths", "3,3,3,4"), 2),
    # round 4: e^(u + v) against e^u e^v, sigma against its formula or law, sgn where the numbers leave out 0
    ("exp(dC/db[l,j] + dC/dz[l-1,1]) = exp([3<=l]*delta[l,j])*exp(sum(i, dC/da[l-1,i]*da[l-1,i]/dz[l-1,1]))", (), 2),
    ("sigma(dC/db[l,j] + dC/db[l-1,1]) = tanh([3<=l]*delta[l,j] + delta[l-1,1])", ("--activation", "tanh"), 2),
    ("sigma(dC/db[l,j] + dC/db[l-1,1]) = 1/(1+exp(-([3<=l]*delta[l,j] + delta[l-1,1])))", ("--activation", "sigmoid"),
     2),
    ("sigma'(dC/db[l,j] + dC/db[l-1,1]) = 1-tanh([3<=l]*delta[l,j] + delta[l-1,1])^2", ("--activation", "tanh"), 2),
    ("sgn(dC/db[l,j] + dC/db[l-1,1]) = sgn([3<=l]*delta[l,j] + delta[l-1,1])", (), 2),
    # round 5: a softmax's dC/dz^L_j = a^L_j - y_j held to 1e-16 alone (y added up to 1 in float64 only)
    ("dC/db[l,j]*dC/dz[L,j] = [j<=n(L)]*delta[l,j]*(a[L,j]-y[j])", ("--output", "softmax", "--cost", "log-likelihood"),
     2),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + n(l-2)*(dC/db[l,j] - delta[l,j])", (), 2),        # a width narrows too
    ("dC/db[l,j] = [3<=L]*delta[l,j] + n(3)*(dC/db[l,j] - delta[l,j])", (), 2),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + (n(l-1)-3)*z[l-1,1]", ("--widths", "2,3,3,2"), 2),     # 0 on the net alone
    ("dC/db[l,j] = [3<=l]*delta[l,j] + sum(k=4, n(l-1), z[l-1,k])", ("--widths", "2,3,3,2"), 2),   # an empty sum
    # the controls: a part that is not 0 is refuted; a claim true where the rest has a meaning is proved
    ("dC/db[l,j] = [3<=l]*delta[l,j] + dC/dz[l-1,1] - 2*sum(k, dC/da[l-1,k]*da[l-1,k]/dz[l-1,1])", (), 1),
    ("dC/db[l,j] = [3<=l]*delta[l,j] + (n(l-1)-3)*z[l-1,1]", ("--widths", "2,3,4,2"), 1),
    ("dC/db[l,j] = delta[l,j] + dC/db[l-1,1] - delta[l-1,1]", (), 0),
    ("dC/db[l,j] + a[l+1,1] = delta[l,j] + sigma(z[l+1,1])", (), 0),
    ("delta[l,j] = sum(k, w[l+1,k,j]*delta[l+1,k])*sigma'(z[l,j])", (), 0),
    ("delta[l,j]*b[l-2,1] = dC/dz[l,j]*b[l-2,1]", (), 0), ("dz[l,j]/da[l-1,k] = w[l,j,k]", (), 0),
    ("dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + lambda/N*w[l,j,k]", ("--regularization", "l2"), 0),
    ("dC/db[l,j]*(n(l+1)+1) = delta[l,j]*(n(l+1)+1)", (), 0), ("dC/db[l,j]*(n(l-2)+1) = delta[l,j]*(n(l-2)+1)", (), 0),
    ("dC/db[l,j]*dC/dz[L,j] = delta[l,j]*(a[L,j]-y[j])", ("--output", "softmax", "--cost", "log-likelihood"), 0),
    ("dC/db[l,j]*H(z[l-1,1]) = delta[l,j]*sigma'(z[l-1,1])", ("--activation", "relu"), 0),   # H/sigma' is 1 only
    ("dC/db[l,j]*sigma'(z[l-1,1]) = delta[l,j]*sigma'(z[l-1,1])", ("--activation", "relu"), 0),   # where z > 0
])
def test_a_zero_only_the_chain_rule_an_identity_or_the_net_shows_may_not_narrow_a_claim(claim, options, code, capsys):
    """dC/dz^{l-1}_1 - sum_k dC/da^{l-1}_k da^{l-1}_k/dz^{l-1}_1 is 0 by the chain rule, dC/db^{l-1}_1 - delta^{l-1}_1
    by BP3, (n_{l-1} - 3) z^{l-1}_1 on [2, 3, 3, 2] alone, and each needs l >= 3: beside [3 <= l] delta^l_j they left
    l = 2 out of a claim false there, which was PROVED for 3 <= l <= L (left open by stop 49: the reading of what a
    claim says uses the kernel's rewriting, not its chain rule, identities or instances). The numbers now look for
    such parts (one number, 0, 1 or 1/2, wherever the claim has a meaning), and the claim is bad input where the
    kernel refutes the rest on the wider domain, or where such a part has one value at each instance whatever the
    weights and biases (1 + [j = 1]: it depends on the indices alone); they only veto."""
    assert main(["verify", claim, *options, "--timeout", "120"]) == code
    err = capsys.readouterr().err
    alone = "depends on the indices alone" in err
    assert ("hide where it is false: " in err or "hides where it is false: derive verify '" in err or alone) == \
        (code == 2)
    assert ("--widths 2,3,3,2" in err) == ("2,3,3,2" in options and not alone and code == 2)


@pytest.mark.parametrize("guard, code", [("[3<=l]*", 2), ("", 0)])
def test_a_zero_only_an_identity_shows_may_not_narrow_a_documents_claim(guard, code, tmp_path, capsys):
    """The class above in a .proof file, whose steps the kernel proves by BP3 and the range (the control: the claim
    without the guard, true where the rest has a meaning)."""
    zero = "dC/db[l-1,1] - delta[l-1,1]"
    path = tmp_path / "hidden.proof"
    path.write_text(f"claim: dC/db[l,j] = {guard}delta[l,j] + {zero}\n  = delta[l,j] + {zero}   [by BP3]\n" +
                    (f"  = {guard}delta[l,j] + {zero}   [by range]\n" if guard else ""))
    assert main(["check", str(path)]) == code
    assert ("the claim hides where it is false" in capsys.readouterr().err) == (code == 2)


@pytest.mark.parametrize("claim, options", [
    ("dC/dw[l-1,k,i] - lambda/N*w[l-1,k,i] = a[l-2,i]*delta[l-1,k]", ("--regularization", "l2")),
    ("dz[l,j]/dz[l-1,k] = w[l,j,k]", ("--activation", "identity")),
])
def test_true_claims_the_red_team_saw_fail_are_proved_and_printed(claim, options, capsys):
    """Two true claims of the documents red team of stop 50: BP4 with L2 one layer down ended in an internal error
    (exit 4), as the Kronecker collapse over the layers m = 2..L at m = l - 1 left a guard [l - 1 <= L] that the
    notation cannot write (the collapse now leaves out what the domain shows, and says so); the identity activation's
    dz^l_j/dz^{l-1}_k = w^l_{jk} was bad input, as its sides written by the definitions lose z^{l-1}_k, which the
    derivative is by (a derivative's variable is the claim's own, whatever its value)."""
    assert main(["verify", claim, *options]) == 0
    out = capsys.readouterr().out
    assert "PROVED" in out
    if "lambda" in claim:
        assert "l - 1 ≤ L holds on the domain, so the guard leaves it out" in out


@pytest.mark.parametrize("widths, step, code", [
    ("2,2", "delta[2,j] = (a[2,j]-y[j])*sigma'(z[2,j])\n  = (a[2,j]-y[j])*sigma'(z[2,j])   [by output-error]", 0),
    ("2,2", "delta[2,j] = (a[2,j]-y[j])*sigma'(z[2,j])\n  = dC/da[2,j]*sigma'(z[2,j])   [by chain rule]\n"
            "  = (a[2,j]-y[j])*sigma'(z[2,j])   [by cost-gradient]", 0),
    ("2,2,2", "delta[2,j] = (a[2,j]-y[j])*sigma'(z[2,j])\n  = (a[2,j]-y[j])*sigma'(z[2,j])   [by output-error]", 1),
    ("3,2", "dC/dw[2,j,k] = a[1,k]*delta[2,j]*[k<=2]\n  = a[1,k]*delta[2,j]*[k<=2]   [by BP4]", 1),
])
def test_a_step_on_a_concrete_net_is_about_that_net(widths, step, code, tmp_path, capsys):
    """On widths 2,2 layer 2 is the output layer, and a step citing the output error there was vetoed by numbers on
    another net ([3, 4, 5], where layer 2 is hidden) and printed as a kernel error (red team Q of stop 54). A step on
    a concrete net is about that net; one false there is still refuted."""
    path = tmp_path / "net.proof"
    path.write_text(f"# network: widths={widths}\nclaim: {step}\n")
    assert main(["check", "--strict", str(path)]) == code, capsys.readouterr()
    assert "kernel error" not in capsys.readouterr().out


@pytest.mark.parametrize("claim, widths, code", [
    ("dC/db[2,1] = delta[2,1]*sigma'(z[3,1])", "2,2,2", 1), ("dC/db[2,1]*sigma'(z[4,1]) = dC/db[2,1]", "1,1,1,2", 1),
    ("a[3,1]*sigma'(z[2,1]) = a[3,1]", "1,2,1", 1),
    ("delta[2,1]*sigma'(z[2,1]) = delta[2,1]", "2,2,2", 3),       # true (relu's delta has the factor H(z)): never refuted
])
def test_a_relu_claim_false_for_one_sign_pattern_of_z_is_refuted(claim, widths, code, capsys):
    """A relu claim false only where z^3_1 < 0 while z^2_1 > 0 and z^3_2 > 0 was UNDECIDED on [2, 2, 2]: the six points
    of the user's net searched for a counterexample missed that sign pattern (red teams R of stop 53, V of stop 54).
    An activation whose sigma' steps now has 32 points searched."""
    assert main(["verify", claim, "--activation", "relu", "--widths", widths]) == code, capsys.readouterr().out
