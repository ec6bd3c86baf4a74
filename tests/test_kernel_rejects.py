"""The trusted kernel against wrong steps: each classic mistake must be rejected, with a
counterexample whose two numbers differ (and that a re-run reproduces), while the matching
correct step passes, so that every test here can fail."""
import ast
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

import pytest
from sympy import And, Integer, KroneckerDelta, Piecewise, Sum, Symbol, Tuple

import derive
from derive import prove
from derive.kernel.check import Kernel
from derive.kernel.concrete import instantiate
from derive.kernel.numeric import Numeric
from derive.model.network import Network, infer_domain
from derive.model.proof import Cases, Derivation, Step
from derive.model.symbols import C, L, Partial, a, b, delta, dsigma, i, j, k, l, n, sigma, w, z

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
_verdicts = {}


def verdict_of(case, which):
    """The kernel's verdict on the right ('right') or wrong ('wrong') step of a case, computed once."""
    if (case.id, which) not in _verdicts:
        after = getattr(case, which)
        _verdicts[case.id, which] = Kernel(case.network).check_step(case.step(after), case.domain_for(after))
    return _verdicts[case.id, which]


def differ(u, v):
    return not math.isclose(u, v, rel_tol=1e-9, abs_tol=1e-12)


def assert_refuted(v):
    assert v.passed is False, (v.passed, v.reason, v.checks)
    assert v.counterexample is not None, v.reason
    cex = v.counterexample
    assert isinstance(cex["lhs"], float) and isinstance(cex["rhs"], float), cex
    assert differ(cex["lhs"], cex["rhs"]), cex
    assert cex["widths"] and cex["parameters"] and "seed" in cex


def rerun(step, cex, network):
    """Both sides recomputed from the counterexample alone: widths, indices and seed."""
    widths = tuple(cex["widths"])
    env = {Symbol(name, integer=True): Integer(value) for name, value in cex["indices"].items()}
    num = Numeric(widths, network.activation, network.cost, cex["seed"])
    return (float(num.value(instantiate(step.before, env, widths))),
            float(num.value(instantiate(step.after, env, widths))))


# --- single steps --------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_the_correct_step_passes(case):
    v = verdict_of(case, "right")
    assert v.passed is True, (v.reason, v.checks)
    assert v.counterexample is None
    assert any(c.startswith("numeric: max rel. error") for c in v.checks)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_the_wrong_step_is_refuted_with_a_counterexample(case):
    assert_refuted(verdict_of(case, "wrong"))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_counterexample_rerun_gives_two_different_numbers(case):
    v = verdict_of(case, "wrong")
    assert v.counterexample is not None, v.reason
    cex = v.counterexample
    assert set(cex["indices"]) == {str(d[0]) for d in case.domain_for(case.wrong)}   # one value per free index
    lhs, rhs = rerun(case.step(case.wrong), cex, case.network)
    assert differ(lhs, rhs), (lhs, rhs)
    assert math.isclose(lhs, cex["lhs"], rel_tol=1e-9, abs_tol=1e-12), (lhs, cex["lhs"])
    assert math.isclose(rhs, cex["rhs"], rel_tol=1e-9, abs_tol=1e-12), (rhs, cex["rhs"])
    # ... and the same instance of the correct step gives equal numbers
    right_lhs, right_rhs = rerun(case.step(case.right), cex, case.network)
    assert not differ(right_lhs, right_rhs), (right_lhs, right_rhs)


def test_the_chain_rule_through_the_next_layer_passes_below_the_output_layer():
    before = Partial(C, b[l, j])
    after = Sum(Partial(C, z[l + 1, k]) * Partial(z[l + 1, k], b[l, j]), (k, 1, n(l + 1)))
    v = Kernel(GENERIC).check_step(Step(before, after, "chain-rule"), (Tuple(l, 2, L - 1), Tuple(j, 1, n(l))))
    assert v.passed is True, v.reason


# --- d(parameter)/d(variable) ----------------------------------------------------------------
NOT_A_FUNCTION = [
    ("db/dz-is-zero", Partial(b[l, j], z[L, j]), Integer(0)),
    ("db/dz-is-one", Partial(b[L, j], z[L, j]), Integer(1)),
    ("db/dz-is-a-kronecker-delta", Partial(b[L, j], z[L, k]), KroneckerDelta(j, k)),
    ("chain-rule-through-db/dz", Partial(C, b[l, j]), Partial(C, z[L, j]) * Partial(b[l, j], z[L, j])),
    ("chain-rule-with-the-local-factor-upside-down", Partial(C, b[l, j]),
     Sum(Partial(C, z[l, k]) * Partial(b[l, j], z[l, k]), (k, 1, n(l)))),
    ("dw/da", Partial(w[l + 1, k, j], a[l, j]), Integer(0)),
]


@pytest.mark.parametrize("before, after", [c[1:] for c in NOT_A_FUNCTION], ids=[c[0] for c in NOT_A_FUNCTION])
def test_a_parameter_differentiated_by_a_variable_is_rejected(before, after):
    v = Kernel(GENERIC).check_step(Step(before, after, "derivative"), infer_domain(before, after))
    assert v.passed is False, (v.passed, v.reason)
    assert "parameter" in v.reason and "not a function" in v.reason, v.reason


def test_a_parameter_differentiated_by_itself_is_a_kronecker_delta():
    before = Partial(b[l, j], b[l, k])
    v = Kernel(GENERIC).check_step(Step(before, KroneckerDelta(j, k), "derivative"), infer_domain(before))
    assert v.passed is True, v.reason


# --- kernel bugs: an exception instead of a verdict -----------------------------------------
@pytest.mark.parametrize("before, after", [
    (Partial(C, b[l, j]), Sum(Partial(C, z[l + 1, k]) * Partial(z[l + 1, k], b[l, j]), (k, 1, n(l + 1)))),
    (delta[l, j], BP2_RHS),
], ids=["chain-rule-through-layer-l+1-claimed-up-to-l=L", "bp2-claimed-up-to-l=L"])
def test_a_step_through_a_layer_past_the_output_is_rejected(before, after):
    v = Kernel(GENERIC).check_step(Step(before, after, "chain-rule"), ALL_LAYERS)
    assert v.passed is not True, v.checks


def test_a_chain_rule_summed_past_the_width_is_rejected_on_the_generic_network():
    before = Partial(C, b[l, j])
    after = Sum(Partial(C, z[l, k]) * Partial(z[l, k], b[l, j]), (k, 1, n(l - 1)))
    v = Kernel(GENERIC).check_step(Step(before, after, "chain-rule"), ALL_LAYERS)
    assert v.passed is not True, v.checks


def test_a_correct_step_at_layer_L_minus_1_passes():
    before = delta[L - 1, j]
    after = Sum(w[L, k, j] * delta[L, k] * dsigma(z[L - 1, j]), (k, 1, n(L)))
    v = Kernel(GENERIC).check_step(Step(before, after, "identity"), infer_domain(before, after))
    assert v.passed is True, v.reason


# --- whole derivations -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def bp3():
    proof = prove("bp3", GENERIC)
    assert proof.proved, proof.verdict.reason
    return proof


def test_the_engine_derivation_of_bp3_is_proved(bp3):
    verdict = Kernel(GENERIC).check(bp3.identity, bp3.derivation)
    assert verdict.proved, verdict.reason
    assert verdict.reason == ""


def test_a_derivation_whose_chain_stops_short_of_the_claim_is_rejected(bp3):
    d = bp3.derivation
    short = Derivation(d.lhs, d.rhs, d.domain, d.steps[:-1])        # ends at the guarded Piecewise
    assert short.steps[-1].after != bp3.identity.rhs
    verdict = Kernel(GENERIC).check(bp3.identity, short)
    assert verdict.status == "rejected"
    assert "does not end" in verdict.reason
    assert all(s.passed is True for s in verdict.steps)              # every step is right, the chain is not


def test_a_derivation_of_a_different_right_hand_side_does_not_prove_the_claim(bp3):
    d = bp3.derivation
    claim = replace(bp3.identity, rhs=delta[l + 1, j], domain=infer_domain(Partial(C, b[l, j]), delta[l + 1, j]))
    verdict = Kernel(GENERIC).check(claim, Derivation(claim.lhs, claim.rhs, claim.domain, d.steps))
    assert verdict.status == "rejected"
    assert "does not end" in verdict.reason


def test_a_derivation_stated_for_another_claim_is_rejected(bp3):
    d = bp3.derivation
    claim = replace(bp3.identity, rhs=delta[l, k], domain=infer_domain(Partial(C, b[l, j]), delta[l, k]))
    verdict = Kernel(GENERIC).check(claim, d)
    assert verdict.status == "rejected"
    assert "does not prove the claim" in verdict.reason


def test_a_derivation_with_a_broken_link_is_rejected(bp3):
    d = bp3.derivation
    steps = list(d.steps)
    steps[2] = replace(steps[2], before=steps[2].before.xreplace({delta[l, k]: delta[l + 1, k]}))
    assert steps[2].before != steps[1].after
    verdict = Kernel(GENERIC).check(bp3.identity, Derivation(d.lhs, d.rhs, d.domain, steps))
    assert verdict.status == "rejected"
    assert verdict.steps[2].passed is False
    assert "does not start where the last one ended" in verdict.steps[2].reason


def test_a_derivation_with_a_wrong_derivative_step_is_rejected_at_that_step(bp3):
    """dC/db^l_j = sum_k delta^l_k: the chain rule is right, dz^l_k/db^l_j = 1 is not."""
    d = bp3.derivation
    unfolded = next(t for t, s in enumerate(d.steps) if s.rule == "derivative")
    keep = d.steps[:unfolded]
    wrong_after = Sum(delta[l, k], (k, 1, n(l)))
    bad = Step(keep[-1].after, wrong_after, "derivative", {"of": z[l, k], "by": b[l, j]})
    claim = replace(bp3.identity, rhs=wrong_after)
    verdict = Kernel(GENERIC).check(claim, Derivation(claim.lhs, claim.rhs, claim.domain, keep + [bad]))
    assert verdict.status == "rejected"
    assert [s.passed for s in verdict.steps[:-1]] == [True] * len(keep)
    assert verdict.first_failure() is verdict.steps[-1]
    assert_refuted(verdict.steps[-1])


def test_a_derivation_with_a_wrong_chain_rule_is_rejected(bp3):
    """The first step goes through the activations of layer l - 1, which do not separate b^l from C."""
    d = bp3.derivation
    first = d.steps[0]
    wrong = first.after.xreplace({z[l, k]: a[l - 1, k], n(l): n(l - 1)})
    steps = [replace(first, after=wrong, detail={"via": a[l - 1, k], "over": (k, 1, n(l - 1))})]
    claim = replace(bp3.identity, rhs=wrong)
    verdict = Kernel(GENERIC).check(claim, Derivation(claim.lhs, claim.rhs, claim.domain, steps))
    assert verdict.status == "rejected"
    assert_refuted(verdict.steps[0])


@pytest.fixture(scope="module")
def bp4():
    kernel = Kernel(GENERIC)
    proof = prove("bp4", GENERIC, kernel=kernel)
    assert proof.proved, proof.verdict.reason
    return proof, {name: c for name, c in kernel.proved.items() if name != "bp4"}


def _kernel_knowing(lemmas):
    kernel = Kernel(GENERIC)
    kernel.proved.update(lemmas)
    return kernel


def test_an_induction_with_a_third_case_is_rejected(bp4):
    """Its first two cases are the engine's (each step passes: the positive control), the third is extra."""
    proof, lemmas = bp4
    assert set(lemmas) == {"bp1", "bp2"}
    d = proof.derivation
    extra = Cases(d.lhs, d.rhs, d.domain, d.variable, list(d.cases) + [d.cases[1]])
    verdict = _kernel_knowing(lemmas).check(proof.identity, extra)
    assert verdict.status == "rejected"
    assert "do not cover" in verdict.reason
    assert all(s.passed is True for s in verdict.steps)              # both real cases are right


def test_an_induction_whose_inductive_step_stops_short_is_rejected(bp4):
    proof, lemmas = bp4
    d = proof.derivation
    label, step = d.cases[1]
    short = Derivation(step.lhs, step.rhs, step.domain, step.steps[:-1])   # before citing BP2
    verdict = _kernel_knowing(lemmas).check(proof.identity, Cases(d.lhs, d.rhs, d.domain, d.variable,
                                                                  [d.cases[0], (label, short)]))
    assert verdict.status == "rejected"
    assert "does not end" in verdict.reason


@pytest.mark.parametrize("pick", [lambda cases: list(reversed(cases)), lambda cases: cases[1:]],
                         ids=["cases-swapped", "base-case-missing"])
def test_an_induction_with_its_cases_out_of_place_is_rejected(bp4, pick):
    proof, lemmas = bp4
    d = proof.derivation
    broken = Cases(d.lhs, d.rhs, d.domain, d.variable, pick(list(d.cases)))
    verdict = _kernel_knowing(lemmas).check(proof.identity, broken)
    assert verdict.status == "rejected"


# --- the kernel's independence -----------------------------------------------------------------
KERNEL_DIR = Path(derive.__file__).resolve().parent / "kernel"
FORBIDDEN = ("derive.engine", "derive.cli")


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


def forbidden(modules):
    return [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


def test_the_import_checker_catches_every_spelling():
    pkg = "derive.kernel"
    assert forbidden(imported_modules("from ..engine import rules", pkg)) == ["derive.engine", "derive.engine.rules"]
    assert forbidden(imported_modules("from .. import cli", pkg)) == ["derive.cli"]
    assert forbidden(imported_modules("import derive.engine.strategy as s", pkg)) == ["derive.engine.strategy"]
    assert forbidden(imported_modules("def f():\n    from derive.cli import main", pkg))
    assert forbidden(imported_modules("import importlib\nimportlib.import_module('derive.engine')", pkg))
    assert not forbidden(imported_modules("from ..network import Network\nfrom .canon import Canon", pkg))
    assert not forbidden(imported_modules("from ..engineering import x", pkg))


def test_the_kernel_imports_nothing_from_the_engine_or_the_cli():
    files = sorted(KERNEL_DIR.rglob("*.py"))
    assert {"check.py", "canon.py", "concrete.py", "numeric.py"} <= {f.name for f in files}
    for path in files:
        package = "derive." + ".".join(path.relative_to(KERNEL_DIR.parent).parent.parts)
        modules = imported_modules(path.read_text(), package)
        assert not forbidden(modules), (path.name, forbidden(modules))
