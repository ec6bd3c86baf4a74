"""The engine's derivations, as the kernel judges them, and what they must contain."""
from sympy import Integer, Piecewise, Sum, preorder_traversal

from derive import Network, prove, prove_all
from derive.api import kernel_for
from derive.engine.strategy import derive
from derive.kernel.check import Kernel
from derive.model.instances import instantiate
from derive.model.numeric import Point
from derive.model.network import infer_domain
from derive.model.proof import RULES, Identity
from derive.model.symbols import C, L, Partial, a, b, delta, dsigma, i, j, k, l, n, sigma, w, y, z


def rules_of(proof):
    return [s.rule for s in proof.derivation.steps]


def summary(proof):
    from derive.printing import words
    from derive.printing.notation import text
    from derive.printing.sentence import render
    return render(words.summary(proof.verdict), text)


KERNEL_KINDS = ("rewriting", "chain-rule", "identity", "cases", "instances", "vacuous")


def test_every_identity_is_proved_for_any_size(generic_all):
    assert set(generic_all) >= {"bp1", "bp2", "bp3", "bp4", "cost-gradient", "output-error"}
    for name, proof in generic_all.items():
        assert proof.proved, (name, proof.verdict.problems, proof.verdict.first_failure())
        assert proof.verdict.status == "proved" and not proof.verdict.problems
        assert len(proof.verdict.steps) == len(proof.derivation.steps)
        assert all(s.passed is True and s.status == "proved" for s in proof.verdict.steps)
        # every step names a rule of the catalogue, the step where the two rewritten sides meet too:
        # algebra, which the kernel confirms (a meeting the engine cannot see as algebra names none)
        for step, record in zip(proof.derivation.steps, proof.verdict.steps):
            assert record.step is step
            assert step.rule in RULES and record.justified is True, (name, step)


def test_no_derivation_takes_a_detour(generic_all, sigmoid_ce_all):
    """A chain never passes through one expression twice: the left side's rewriting that reaches
    the right side (BP1-general's chain rule) ends there, rather than going on and coming back."""
    for proof in (*generic_all.values(), *sigmoid_ce_all.values()):
        for chain in proof.derivation.chains():
            seen = [chain.start] + [s.after for s in chain.steps]
            assert len(seen) == len(set(seen)), (proof.identity.name, chain.case)
    assert len(generic_all["bp1-general"].derivation.steps) == 2


def test_every_step_is_checked_symbolically_then_numerically(generic_all):
    """The kernel's own check comes first; the numbers are evidence (advisory) after it."""
    for proof in generic_all.values():
        for record in proof.verdict.steps:
            first = record.checks[0]
            assert first.kind in KERNEL_KINDS and not first.evidence
            numbers = [c for c in record.checks if c.kind == "numbers"]
            assert len(numbers) == 1 and numbers[0].evidence
            data = numbers[0].data
            assert data["instances"] > 0 and data["nets"]
            assert 0 <= data["max_error"] < 1e-9


def test_bp3_shows_the_kronecker_collapse_and_its_range_condition(generic_all):
    proof = generic_all["bp3"]
    rules = rules_of(proof)
    assert rules[0] == "chain-rule"
    assert "kronecker" in rules and "range" in rules
    assert rules.index("range") == rules.index("kronecker") + 1
    collapse = proof.derivation.steps[rules.index("kronecker")]
    assert collapse.after.has(Piecewise)                   # the guard is stated ...
    assert not proof.derivation.steps[-1].after.has(Piecewise)    # ... and discharged
    assert collapse.conditions == (("range", j, 1, n(l)),)
    assert proof.derivation.steps[-1].after == delta[l, j]


def test_chain_rule_steps_name_their_intermediates(generic_all):
    step = generic_all["bp3"].derivation.steps[0]
    assert step.detail["via"] == z[l, step.detail["over"][0]]
    assert step.conditions[0][0] == "separates"


def test_bp4_follows_the_wiki_induction(generic_all):
    d = generic_all["bp4"].derivation
    assert [label for label, _ in d.cases] == ["base case l = L", "inductive step l < L"]
    base, step = d.cases[0][1], d.cases[1][1]
    assert base.lhs == Partial(C, w[L, j, k])
    assert any(s.rule == "identity" and s.detail["name"] == "bp1" for s in base.steps)
    assert any(s.rule == "identity" and s.detail["name"] == "bp2" for s in step.steps)
    # the wiki's formula appears: (sum_i dC/da^{l+1}_i sigma'(z^{l+1}_i) w^{l+1}_{ij}) sigma'(z^l_j) a^{l-1}_k
    wiki = [s.after for s in step.steps if s.after.has(Partial(C, a[l + 1, i]))
            and s.after.has(dsigma(z[l + 1, i])) and s.after.has(w[l + 1, i, j])
            and not s.after.has(Partial(a[l + 1, i], a[l, j]))]
    assert wiki, "the wiki's intermediate line is missing"


def test_cost_and_activation_change_the_derived_steps(generic_all, sigmoid_ce_all):
    assert generic_all["output-error"].identity.rhs == (a[L, j] - y[j]) * dsigma(z[L, j])
    assert sigmoid_ce_all["output-error"].identity.rhs == a[L, j] - y[j]
    assert sigmoid_ce_all["output-error"].proved
    assert "activation" in rules_of(sigmoid_ce_all["output-error"])
    assert "activation" not in rules_of(generic_all["output-error"])
    tanh = {p.identity.name: p for p in prove_all(Network(activation="tanh"))}
    assert all(p.proved for p in tanh.values())
    assert tanh["hidden-error"].identity.rhs != sigmoid_ce_all["hidden-error"].identity.rhs
    assert [str(s.after) for s in tanh["hidden-error"].derivation.steps] != \
           [str(s.after) for s in sigmoid_ce_all["hidden-error"].derivation.steps]


def test_a_concrete_network_is_checked_on_every_instance():
    widths = [2, 3, 2]
    proofs = {p.identity.name: p for p in prove_all(Network(widths))}
    assert all(p.proved for p in proofs.values())
    biases = sum(widths[1:])
    weights = sum(u * v for u, v in zip(widths, widths[1:]))
    for name, count in (("bp3", biases), ("bp4", weights), ("bp1", widths[-1])):
        checks = [c for c in proofs[name].verdict.checks if c.kind == "every-instance"]
        assert len(checks) == 1, proofs[name].verdict.checks
        data = checks[0].data
        assert tuple(data["widths"]) == tuple(widths)
        assert data["instances"] == data["symbolic"] == data["numeric"] == count
        assert data["max_error"] < 1e-9 and not data["skipped"]
        assert f"all {count} instances symbolically, every instance numerically" in summary(proofs[name])


def test_bp2_on_a_two_layer_net_is_vacuous():
    proof = prove("bp2", Network([2, 2]))
    assert proof.proved
    assert [(c.kind, tuple(c.data["widths"])) for c in proof.verdict.checks] == [("vacuous", (2, 2))]
    assert "vacuous: no instance on [2, 2]" in summary(proof)


def test_prove_one_identity_proves_what_it_cites():
    proof = prove("bp4")
    assert proof.proved and proof.identity.name == "bp4"


def test_bound_indices_never_clash_with_free_ones():
    """sympy issue 21891: a sum that reuses the variable's index differentiates wrongly.
    Free indices named k and i (the engine's favourite bound names) must still prove."""
    net = Network()
    claim = Identity("bp3-k", "bias with k", Partial(C, b[l, k]), delta[l, k], infer_domain(Partial(C, b[l, k])))
    proof = derive(claim, net)
    assert Kernel(net).check(claim, proof).proved
    for step in proof.steps:
        for s in preorder_traversal(step.after):
            if isinstance(s, Sum):
                assert s.limits[0][0] not in (k, l)


def test_a_false_claim_is_not_proved():
    """The engine is untrusted: its bridge for a false claim is a step that names no rule. The
    kernel alone cannot confirm it (undecided); with evidence it is refuted, at a counterexample
    the kernel evaluated itself."""
    net = Network()
    lhs, rhs = Partial(C, b[l, j]), delta[l, j] * sigma(z[l, j])
    claim = Identity("wrong", "wrong", lhs, rhs, infer_domain(lhs, rhs))
    derivation = derive(claim, net)
    alone = Kernel(net).check(claim, derivation)
    assert alone.status == "undecided" and not alone.proved
    assert alone.first_failure().problem.kind == "unconfirmed"
    verdict = kernel_for(net).check(claim, derivation)
    assert verdict.status == "refuted" and "wrong" not in kernel_for(net).proved
    bad = verdict.first_failure()
    assert bad.status == "refuted" and bad.passed is False and bad.problem.kind == "differ"
    cex = bad.counterexample
    assert cex["lhs"] != cex["rhs"]
    # the numbers are the step's own sides at the counterexample, re-evaluated independently
    point = Point(cex.widths, net, cex.seed)
    env = {s: Integer(cex.indices[s.name]) for s in (l, j) if s.name in cex.indices}
    assert set(env) == {l, j}
    before = float(point.value(instantiate(bad.step.before, env, cex.widths)))
    after = float(point.value(instantiate(bad.step.after, env, cex.widths)))
    assert abs(before - cex.lhs) <= 1e-12 * max(1.0, abs(cex.lhs))
    assert abs(after - cex.rhs) <= 1e-12 * max(1.0, abs(cex.rhs))
    assert abs(before - after) > 1e-9 * max(abs(before), abs(after))


def test_proofs_and_verdicts_render_themselves(generic_all):
    from rich.console import Console
    proof = generic_all["bp3"]
    assert proof._repr_latex_().startswith("$\\displaystyle \\begin{aligned}")
    assert "\\frac{\\partial C}{\\partial b^l_j}" in proof._repr_latex_()
    assert proof._repr_markdown_().startswith("### BP3")
    console = Console(width=100, record=True, no_color=True)
    console.print(proof)
    shown = console.export_text()
    assert "Kronecker-delta collapse" in shown and "PROVED by the kernel: 6 steps confirmed symbolically" in shown
    assert shown.count("✓") == len(proof.verdict.steps)
    assert "PROVED" in proof._repr_markdown_() and "✓" in proof._repr_markdown_()
    assert "<math" in proof._repr_html_() and "PROVED" in proof._repr_html_()
