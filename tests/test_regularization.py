"""L1 and L2 regularization: C = C0 + lambda/N times a penalty on every weight (never a bias).

The weight gradient is derived and proved; each false variant that a student writes is refuted
with a counterexample that re-runs, next to its true control; the chain rule is never applied to
C itself for a weight (the penalty depends on the weight directly); the notation round-trips.
"""
import pytest
from sympy import Abs, Integer, Pow, Symbol, sign

from derive import prove
from derive.checkdoc import check_document
from derive.documents import read
from derive.model.instances import instantiate
from derive.model.network import Network, NetworkError
from derive.model.numeric import Point
from derive.model.symbols import C, C0, N, Partial, a, delta, j, k, l, lam, w
from derive.parsing.parse import ParseError, parse_expression
from derive.printing.notation import ascii, latex, text
from derive.verify import verify


def status(claim, **net):
    return verify(claim, Network(**net)).verdict


@pytest.mark.parametrize("reg, penalty", [("l2", w[l, j, k]), ("l1", sign(w[l, j, k]))])
def test_the_weight_gradient_is_derived_and_proved(reg, penalty):
    p = prove("weight-gradient", Network(activation="sigmoid", regularization=reg))
    assert p.proved, p.verdict.problems
    assert p.identity.lhs == Partial(C, w[l, j, k])
    assert p.identity.rhs == a[l - 1, k] * delta[l, j] + lam / N * penalty
    rules = [s.rule for s in p.derivation.steps]
    assert rules[:2] == ["definition", "derivative"] and "identity" in rules and "kronecker" in rules


@pytest.mark.parametrize("name", ["bp2", "bp3", "bp4"])
def test_a_regularized_derivation_never_divides_by_the_error(name):
    """dC0/dz was folded to delta as delta dC0/dz / (dC/dz): a step with no value where dC/dz = 0 (every
    negative z of relu). dC0/dz is dC/dz, which is delta, since the penalty does not depend on z (found by
    the chapter 3 red team of stop 29)."""
    p = prove(name, Network(activation="relu", output="softmax", cost="log-likelihood", regularization="l1"))
    assert p.proved, p.verdict.problems
    divisors = [f.base for s in p.derivation.steps for f in s.after.atoms(Pow) if f.exp.is_negative]
    assert not any(isinstance(d, Partial) for d in divisors), divisors
    assert any(s.rule == "definition" and s.after.has(delta) and not s.before.has(delta)
               for s in p.derivation.steps)                    # delta is still folded in


def test_the_library_states_bp4_for_c0_and_bp3_for_c():
    proofs = {p.identity.name: p for p in
              __import__("derive").prove_all(Network(activation="sigmoid", cost="cross-entropy", regularization="l2"))}
    assert all(p.proved for p in proofs.values()), {n: p.verdict.status for n, p in proofs.items()}
    assert proofs["bp4"].identity.lhs == Partial(C0, w[l, j, k])
    assert proofs["bp3"].identity.lhs.f == C
    assert "weight-gradient" in proofs


FALSE_AND_TRUE = [
    # (false claim, its true control, network options)
    ("dC/dw[l,j,k] = a[l-1,k]*delta[l,j]", "dC0/dw[l,j,k] = a[l-1,k]*delta[l,j]", {"regularization": "l2"}),
    ("dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + lambda/(2*N)*w[l,j,k]",
     "dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + lambda/N*w[l,j,k]", {"regularization": "l2"}),
    ("dC/db[l,j] = delta[l,j] + lambda/N*b[l,j]", "dC/db[l,j] = delta[l,j]", {"regularization": "l2"}),
    ("dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + lambda/N*w[l,j,k]",
     "dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + lambda/N*sgn(w[l,j,k])", {"regularization": "l1"}),
    ("dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + lambda/N*sgn(w[l,j,k])",
     "dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + lambda/N*w[l,j,k]", {"regularization": "l2", "widths": [2, 3, 2]}),
    ("dC/dw[l,j,k] = dC0/dw[l,j,k] + lambda/N*sgn(w[l,j,k])*(1 + [6<=k<=6])",      # zero on small nets
     "dC/dw[l,j,k] = dC0/dw[l,j,k] + lambda/N*sgn(w[l,j,k])", {"regularization": "l1"}),
    # a sum over layers whose inner range depends on the layer: the ranges are not interchangeable
    ("sum(m=2, L, sum(p=1, n(m), 1)) = sum(m=2, L, sum(p=1, n(m-1), 1))",
     "sum(m=2, L, sum(p=1, n(m), sum(q=1, n(m-1), w[m,p,q]))) = sum(m=2, L, sum(q=1, n(m-1), sum(p=1, n(m), w[m,p,q])))",
     {}),
]


@pytest.mark.parametrize("false, true, net", FALSE_AND_TRUE, ids=[f for f, _, _ in FALSE_AND_TRUE])
def test_a_false_variant_is_refuted_and_its_control_proved(false, true, net):
    network = Network(**net)
    wrong = verify(false, network).verdict
    assert wrong.status == "refuted", wrong.problems
    cex = wrong.counterexample
    assert cex is not None and abs(cex.difference) > 0
    claim = verify(false, network).identity
    env = {Symbol(s, integer=True): Integer(v) for s, v in cex.indices.items()}
    point = Point(cex.widths, network, cex.seed)
    left, right = (float(point.value(instantiate(e, env, cex.widths))) for e in (claim.lhs, claim.rhs))
    assert left == pytest.approx(cex.lhs, rel=1e-9) and right == pytest.approx(cex.rhs, rel=1e-9)
    if network.regularization:
        assert {"lambda", "N"} <= set(cex.parameters or {}) or cex.parameters is None
    assert verify(true, network).verdict.status == "proved"


CHAIN = """claim: dC/dw[l,j,k] = a[l-1,k]*delta[l,j]
  = sum(i, dC/dz[l,i]*dz[l,i]/dw[l,j,k])   [by chain rule]
  = dC/dz[l,j]*a[l-1,k]                      [by definition]
  = a[l-1,k]*delta[l,j]                      [by definition]
"""


def test_the_chain_rule_does_not_reach_c_through_z_for_a_weight(tmp_path):
    """dC/dw = sum_i dC/dz_i dz_i/dw holds for C0, not for C = C0 + penalty: the penalty depends
    on w itself, so z does not separate w from C."""
    path = tmp_path / "bp4.proof"
    path.write_text(CHAIN)
    wrong = check_document(read(path), Network(regularization="l2"), str(path))
    assert wrong.verdict.status == "refuted"
    assert wrong.verdict.steps[0].status == "refuted" and wrong.verdict.steps[0].counterexample is not None
    path.write_text(CHAIN.replace("dC/", "dC0/"))
    right = check_document(read(path), Network(regularization="l2"), str(path))
    assert right.verdict.status == "proved", [(s.status, s.problem) for s in right.verdict.steps]
    plain = check_document(read(tmp_path / "bp4.proof"), Network(), str(path))
    assert plain.verdict.status == "proved"


@pytest.mark.parametrize("source", [
    "dC0/dw[l,j,k] + lambda/N*sgn(w[l,j,k]) + lambda/(2*N)*abs(w[l,j,k])^2",
    r"\frac{\partial C_0}{\partial w^l_{jk}} + \frac{\lambda}{N} \mathrm{sgn}(w^l_{jk})",
    "d(C0 + lambda/N*sum(m=2, L, sum(p=1, n(m), sum(q=1, n(m-1), abs(w[m,p,q])))))/dw[l,j,k]",
    "[2<=l<=L]*lambda*w[l,j,k]",
])
def test_the_notation_round_trips(source):
    e = parse_expression(source)
    assert e.has(lam) or e.has(C0) or e.has(Abs)
    for printer in (text, latex, ascii):
        assert parse_expression(printer(e)) == e, printer(e)


def test_a_letter_as_a_layer_needs_a_sum_over_layers():
    with pytest.raises(ParseError, match="is not a layer"):
        parse_expression("w[m,j,k]")
    assert Symbol("m", integer=True) not in parse_expression("sum(m=2, L, b[m,1])").free_symbols


def test_an_unknown_regularization_is_refused():
    with pytest.raises(NetworkError, match="unknown regularization"):
        Network(regularization="l3")


def test_prove_weight_gradient_without_regularization_says_why():
    with pytest.raises(Exception, match="--regularization"):
        prove("weight-gradient", Network())


@pytest.mark.parametrize("claim, words, penalty", [
    ("dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + lambda/(2*N)*w[l,j,k]", "λ/(2N) where the gradient has λ/N", "l2"),
    ("dC/dw[l,j,k] = a[l-1,k]*delta[l,j] + lambda/(2*N)*sgn(w[l,j,k])", "whose derivative is sgn(w", "l1"),
    ("dC/db[l,j] = delta[l,j] + lambda/N*b[l,j]", "the biases are not regularized", "l2"),
])
def test_the_regularization_mistakes_get_their_hint(claim, words, penalty):
    """The hint names the network's own penalty (an L1 step was told of w^2's derivative, stop 30)."""
    from derive.printing.sentence import render
    proof = verify(claim, Network(regularization=penalty))
    assert proof.verdict.status == "refuted"
    assert any(words in render(h, text) for h in proof.hints.values()), proof.hints
