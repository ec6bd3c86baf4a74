"""A softmax output layer and the log-likelihood cost (chapter 3 of the book).

The library for such a network is derived by the same engine and proved by the same kernel; the
mistakes students make with softmax are refuted with counterexamples next to their true controls,
on every size and on a concrete net (where the kernel compares every instance on its graph).
"""
import pytest
from sympy import Integer, KroneckerDelta, Symbol

from derive import prove, prove_all
from derive.cli import main
from derive.kernel.graph import Graph
from derive.model.instances import instantiate
from derive.model.network import Network, NetworkError
from derive.model.numeric import Point
from derive.model.symbols import C, L, Partial, a, j, k, y, z
from derive.verify import verify

SOFTMAX = {"output": "softmax", "cost": "log-likelihood"}


def test_the_library_for_softmax_and_log_likelihood_is_proved():
    proofs = {p.identity.name: p for p in prove_all(Network(**SOFTMAX))}
    assert all(p.proved for p in proofs.values()), {n: p.verdict.status for n, p in proofs.items()}
    assert "bp1" not in proofs and {"bp1-general", "softmax-derivative", "bp2", "bp3", "bp4"} <= set(proofs)
    assert proofs["softmax-derivative"].identity.rhs == a[L, j] * (KroneckerDelta(j, k) - a[L, k])
    assert proofs["output-error"].identity.rhs == a[L, j] - y[j]
    assert proofs["output-bias-gradient"].identity.rhs == a[L, j] - y[j]
    assert proofs["output-weight-gradient"].identity.rhs == a[L - 1, k] * (a[L, j] - y[j])
    rules = [s.rule for s in proofs["output-error"].derivation.steps]
    assert rules[-1] == "probability" and "kronecker" in rules and "linearity" in rules


def test_bp1_is_the_general_bp1_reduced_for_an_elementwise_output():
    p = prove("bp1", Network(activation="sigmoid"))
    assert p.proved
    steps = p.derivation.steps
    assert steps[0].rule == "identity" and steps[0].detail["name"] == "bp1-general"
    assert any(s.rule == "kronecker" for s in steps)


FALSE_AND_TRUE = [
    # an elementwise BP1 for softmax / the general BP1
    ("delta[L,j] = dC/da[L,j]*sigma'(z[L,j])", "delta[L,j] = sum(k, dC/da[L,k]*da[L,k]/dz[L,j])"),
    # softmax treated as elementwise, dropping the k != j terms / its derivative
    ("da[L,j]/dz[L,k] = a[L,j]*(1 - a[L,j])*[j=k]", "da[L,j]/dz[L,k] = a[L,j]*([j=k] - a[L,k])"),
    # the output error written as the cost's gradient / the cost's gradient
    ("dC/da[L,j] = a[L,j] - y[j]", "dC/da[L,j] = -y[j]/a[L,j]"),
    # Σ_k y_k = 1 forgotten / used
    ("delta[L,j] = a[L,j]*sum(k, y[k]) - y[j] + 1", "delta[L,j] = a[L,j] - y[j]"),
    ("sum(k, y[k]*y[k]) = 1", "sum(k, y[k]) = 1"),
    ("sum(k=2, n(L), y[k]) = 1", "sum(k, y[k]) = 1"),                  # not every output
]
# false for some size only: the bracket is 0 on every net with fewer than 5 outputs
GUARDED = ["sum(k, a[L,k]) = 1 + [5<=j<=5]*a[L,j]", "delta[L,j] = (a[L,j] - y[j])*(1 + [5<=j<=5])"]


@pytest.mark.parametrize("widths", [None, [2, 3, 3]], ids=["any size", "[2,3,3]"])
@pytest.mark.parametrize("false, true", FALSE_AND_TRUE, ids=[f for f, _ in FALSE_AND_TRUE])
def test_a_softmax_mistake_is_refuted_and_its_control_proved(false, true, widths):
    network = Network(widths, **SOFTMAX)
    wrong = verify(false, network)
    assert wrong.verdict.status == "refuted", wrong.verdict.problems
    cex = wrong.verdict.counterexample
    env = {Symbol(s, integer=True): Integer(v) for s, v in cex.indices.items()}
    point = Point(cex.widths, network, cex.seed)
    left, right = (float(point.value(instantiate(e, env, cex.widths))) for e in (wrong.identity.lhs, wrong.identity.rhs))
    assert left == pytest.approx(cex.lhs, rel=1e-9) and right == pytest.approx(cex.rhs, rel=1e-9)
    assert verify(true, network).verdict.status == "proved"


@pytest.mark.parametrize("claim", GUARDED)
def test_a_guard_that_vanishes_on_small_nets_does_not_hide_a_difference(claim):
    assert verify(claim, Network(**SOFTMAX)).verdict.status == "refuted"           # any size: j = 5 exists
    assert verify(claim, Network([2, 3, 3], **SOFTMAX)).verdict.status == "proved"  # on [2,3,3] it holds


def test_the_targets_add_up_to_one_only_for_a_probability_vector():
    assert verify("sum(k, y[k]) = 1", Network(**SOFTMAX)).verdict.status == "proved"
    assert verify("sum(k, y[k]) = 1", Network(output="softmax")).verdict.status == "refuted"


def test_the_graph_of_a_concrete_softmax_net_reads_every_weighted_input():
    g = Graph(Network([2, 3, 3], **SOFTMAX))
    one, two, three = (Integer(t) for t in (1, 2, 3))
    assert g.same(Partial(a[three, one], z[three, two]), -a[three, one] * a[three, two])
    assert not g.same(Partial(a[three, one], z[three, two]), Integer(0))
    assert g.same(Partial(C, z[three, one]), a[three, one] - y[one])
    assert not g.same(Partial(C, z[three, one]), a[three, one] - y[two])


@pytest.mark.parametrize("options, words", [
    ({"cost": "log-likelihood", "activation": "tanh"}, "outputs in (0, 1)"),
    ({"cost": "cross-entropy", "activation": "relu"}, "outputs in (0, 1)"),     # a dead unit's ln 0
    ({"cost": "cross-entropy", "activation": "identity"}, "outputs in (0, 1)"),
    ({"output": "softmax-ish"}, "unknown output"),
])
def test_a_combination_that_makes_no_sense_is_refused(options, words):
    with pytest.raises(NetworkError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Network(**options)


def test_the_cli_refuses_log_likelihood_without_unit_outputs(capsys):
    assert main(["verify", "dC/db[l,j] = delta[l,j]", "--cost", "log-likelihood", "--activation", "tanh"]) == 2
    err = capsys.readouterr().err.strip()
    assert "outputs in (0, 1)" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_bp1_without_an_elementwise_output_says_why(capsys):
    assert main(["prove", "bp1", "--output", "softmax", "--cost", "log-likelihood"]) == 2
    assert "bp1-general" in capsys.readouterr().err


@pytest.mark.parametrize("claim, words", [
    ("delta[L,j] = dC/da[L,j]*sigma'(z[L,j])", "softmax is not elementwise"),
    ("a[L,j]*sum(k, y[k]) - y[j] = a[L,j]*n(L) - y[j]", "y is a probability vector"),
])
def test_the_softmax_mistakes_get_their_hint(claim, words):
    from derive.printing.notation import text
    from derive.printing.sentence import render
    proof = verify(claim, Network(**SOFTMAX))
    assert proof.verdict.status == "refuted"
    assert any(words in render(h, text) for h in proof.hints.values()), proof.hints


def test_an_identity_cited_at_other_indices_says_which_index_stands_for_which(capsys):
    """The softmax output error cites the derivative of softmax with its j and k swapped: 'with j = k, k = j' read as
    the diagonal case j = k, which the step does not take (the red team of stop 44). It says 'with k for j, j for k'."""
    assert main(["prove", "output-error", "--output", "softmax", "--cost", "log-likelihood", "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "with k for j, j for k" in out and " with j = k" not in out
