"""The engine's derivations, as the kernel judges them, and what they must contain."""
from sympy import Piecewise, Sum, preorder_traversal

from derive import Network, prove
from derive.engine.strategy import derive
from derive.kernel.check import Kernel
from derive.model.network import infer_domain
from derive.model.proof import RULES, Identity
from derive.model.symbols import C, L, Partial, a, b, delta, dsigma, i, j, k, l, n, sigma, w, y, z


def rules_of(proof):
    return [s.rule for s in proof.derivation.steps]


def test_every_identity_is_proved_for_any_size(generic_all):
    assert set(generic_all) >= {"bp1", "bp2", "bp3", "bp4", "cost-gradient", "output-error"}
    for name, proof in generic_all.items():
        assert proof.proved, (name, proof.verdict.reason, proof.verdict.first_failure())
        assert all(s.passed is True for s in proof.verdict.steps)
        assert all(s.rule in RULES for s in proof.derivation.steps)


def test_every_step_is_checked_symbolically_then_numerically(generic_all):
    for proof in generic_all.values():
        for verdict in proof.verdict.steps:
            assert verdict.checks[0].startswith(("symbolic", "separation"))
            assert any(c.startswith("numeric: max rel. error") for c in verdict.checks)


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
    tanh = {p.identity.name: p for p in prove("all", Network(activation="tanh"))}
    assert all(p.proved for p in tanh.values())
    assert tanh["hidden-error"].identity.rhs != sigmoid_ce_all["hidden-error"].identity.rhs
    assert [str(s.after) for s in tanh["hidden-error"].derivation.steps] != \
           [str(s.after) for s in sigmoid_ce_all["hidden-error"].derivation.steps]


def test_a_concrete_network_is_checked_on_every_instance():
    widths = [2, 3, 2]
    proofs = {p.identity.name: p for p in prove("all", Network(widths))}
    assert all(p.proved for p in proofs.values())
    biases = sum(widths[1:])
    weights = sum(u * v for u, v in zip(widths, widths[1:]))
    for name, count in (("bp3", biases), ("bp4", weights), ("bp1", widths[-1])):
        reason = proofs[name].verdict.reason
        assert f"all {count} instances on {widths} symbolically; numerically at every instance" in reason


def test_bp2_on_a_two_layer_net_is_vacuous():
    proof = prove("bp2", Network([2, 2]))
    assert proof.proved and "vacuous" in proof.verdict.reason


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
    """The engine is untrusted: its bridge for a false claim is an 'algebra' step the kernel refuses."""
    net = Network()
    lhs, rhs = Partial(C, b[l, j]), delta[l, j] * sigma(z[l, j])
    claim = Identity("wrong", "wrong", lhs, rhs, infer_domain(lhs, rhs))
    verdict = Kernel(net).check(claim, derive(claim, net))
    assert verdict.status == "rejected"
    bad = verdict.first_failure()
    assert bad.counterexample["lhs"] != bad.counterexample["rhs"]


def test_proofs_and_verdicts_render_themselves(generic_all):
    from rich.console import Console
    proof = generic_all["bp3"]
    assert proof._repr_latex_().startswith("$\\displaystyle \\begin{aligned}")
    assert "\\frac{\\partial C}{\\partial b^l_j}" in proof._repr_latex_()
    assert proof._repr_markdown_().startswith("### BP3")
    console = Console(width=100, record=True, no_color=True)
    console.print(proof)
    console.print(proof.verdict)
    shown = console.export_text()
    assert "Kronecker-delta collapse" in shown and "proved: all 6 steps" in shown
    assert "✓" in proof.verdict._repr_markdown_()
