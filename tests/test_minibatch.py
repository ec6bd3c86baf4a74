"""The mini-batch network (the chapter-2 problem's fully matrix-based form): its library is derived by
the generic engine and proved by the kernel, wrong variants are refuted with a counterexample that
names the size of the batch, and quantities of the wrong kind are refused."""
import mpmath
import pytest
from sympy import Integer, KroneckerDelta, Piecewise, Sum

from derive.api import kernel_for, prove_all
from derive.model.network import Network, NetworkError, infer_domain
from derive.model.numeric import BatchPoint, Point, point
from derive.kernel.check import Kernel
from derive.model.proof import Identity, Step
from derive.model.symbols import C, L, M, Partial, a, b, delta, dsigma, i, j, k, l, n, s, w, x, y, z
from derive.parsing.parse import ParseError
from derive.verify import claim_of, verify_now

BATCH = Network(batch=True)


def mean(e):
    return Sum(e, (s, 1, M)) / M


def verdict(lhs, rhs, network=BATCH):
    claim = Identity("claim", "test", lhs, rhs, infer_domain(lhs, rhs))
    return verify_now(claim, network, kernel_for(network), []).verdict


@pytest.mark.parametrize("options", [{}, {"output": "softmax", "cost": "log-likelihood", "regularization": "l2"},
                                     {"activation": "sigmoid", "cost": "cross-entropy", "regularization": "l1"},
                                     {"output": "softmax"}, {"output": "softmax", "cost": "cross-entropy"}])
def test_every_identity_of_a_mini_batch_network_is_proved(options):
    proofs = prove_all(Network(batch=True, **options))
    assert proofs and all(p.verdict.status == "proved" for p in proofs), \
        [(p.identity.name, p.verdict.status) for p in proofs if not p.verdict.proved]


def test_the_library_states_the_matrix_forms_by_components():
    by_name = {p.identity.name: p.identity for p in prove_all(BATCH)}
    assert by_name["bp4"].rhs == mean(a[l - 1, k, s] * delta[l, j, s])          # (1/M) Δ^l (A^{l-1})^T
    assert by_name["bp3"].rhs == mean(delta[l, j, s])
    assert by_name["bp2"].lhs == delta[l, j, s]


def test_softmax_with_log_likelihood_gives_each_sample_its_own_error():
    by_name = {p.identity.name: p for p in prove_all(Network(batch=True, output="softmax", cost="log-likelihood"))}
    assert by_name["output-error"].verdict.proved
    assert by_name["output-error"].identity.rhs == a[L, j, s] - y[j, s]        # sum_k y_ks = 1, sample by sample


WRONG = {      # false on a mini-batch, each next to its true control
    "bp4 without 1/M": (Partial(C, w[l, j, k]), Sum(a[l - 1, k, s] * delta[l, j, s], (s, 1, M))),
    "bp3 at one sample": (Partial(C, b[l, j]), delta[l, j, 1]),
    "bp2 mixing samples": (delta[l, j, s], Sum(w[l + 1, k, j] * delta[l + 1, k, 1] * dsigma(z[l, j, s]),
                                               (k, 1, n(l + 1)))),
    "bp1 without M": (delta[L, j, s], Partial(C, a[L, j, s]) * dsigma(z[L, j, s])),
    "z of two samples as one": (Partial(z[l, j, s], z[l, j, i]), Integer(1)),
    "a^1 of another sample": (a[1, j, s], x[j, 1]),
    "a guard zero on batches below 4": (Partial(C, b[l, j]), mean(delta[l, j, s])
                                        + Sum(delta[l, j, s] * Piecewise((1, s >= 4), (0, True)), (s, 1, M))),
    "the chain rule through one sample": (Partial(C, w[l, j, k]),
                                          Sum(Partial(C, z[l, i, 1]) * Partial(z[l, i, 1], w[l, j, k]), (i, 1, n(l)))),
}
TRUE = {
    "bp4": (Partial(C, w[l, j, k]), mean(a[l - 1, k, s] * delta[l, j, s])),
    "bp2": (delta[l, j, s], Sum(w[l + 1, k, j] * delta[l + 1, k, s] * dsigma(z[l, j, s]), (k, 1, n(l + 1)))),
    "bp1": (delta[L, j, s], M * Partial(C, a[L, j, s]) * dsigma(z[L, j, s])),
    "z of two samples": (Partial(z[l, j, s], z[l, j, i]), KroneckerDelta(s, i)),
    "a^1 is x, sample by sample": (a[1, j, s], x[j, s]),
    "dC/da^1 through layer 2": (Partial(C, a[1, k, s]), Sum(delta[2, i, s] * w[2, i, k], (i, 1, n(2))) / M),
    "the chain rule through every sample": (Partial(C, w[l, j, k]), Sum(Sum(
        Partial(C, z[l, i, s]) * Partial(z[l, i, s], w[l, j, k]), (i, 1, n(l))), (s, 1, M))),
}


@pytest.mark.parametrize("name", WRONG)
def test_a_wrong_mini_batch_identity_is_refuted_at_a_batch_it_names(name):
    v = verdict(*WRONG[name])
    assert v.status == "refuted" and v.counterexample is not None
    assert v.counterexample.indices["M"] >= 3 and abs(v.counterexample.difference) > 1e-9


def test_a_guard_on_large_batches_is_seen_by_a_batch_large_enough():
    v = verdict(*WRONG["a guard zero on batches below 4"])
    assert v.counterexample.indices["M"] >= 4


@pytest.mark.parametrize("name", TRUE)
def test_its_true_control_is_proved(name):
    assert verdict(*TRUE[name]).status == "proved"


def test_a_quantity_of_the_wrong_kind_is_never_proved_and_is_bad_input_to_verify():
    assert verdict(Partial(C, b[l, j]), delta[l, j]).status != "proved"                  # one input's delta
    assert verdict(Partial(C, b[l, j]), delta[l, j, s], Network()).status != "proved"    # a sample, no batch
    with pytest.raises(ParseError, match="sample index"):
        claim_of("dC/db[l,j] = delta[l,j]", BATCH)
    with pytest.raises(ParseError, match="sample index"):
        claim_of("dC/db[l,j] = delta[l,j,s]", Network())


def test_a_mini_batch_is_index_level_and_batch_is_a_flag():
    with pytest.raises(NetworkError, match="index-level"):
        Network([2, 3, 2], batch=True)
    with pytest.raises(NetworkError):
        Network(batch="yes")


def test_the_batch_cost_averages_the_samples_costs_and_its_gradient_theirs():
    widths, seed, size = (2, 3, 2), 7, 3
    batch = point(widths, BATCH, seed, size)
    assert isinstance(batch, BatchPoint) and isinstance(point(widths, Network(), seed), Point)
    samples = batch.samples
    assert len({tuple(p.raw["x"]) for p in samples}) == size                # each sample its own input
    assert mpmath.almosteq(batch.value(C), mpmath.fsum(p.value(C) for p in samples) / size, 1e-12)
    grad = batch.value(Partial(C, w[3, 2, 1]))
    assert mpmath.almosteq(grad, mpmath.fsum(p.value(Partial(C, w[3, 2, 1])) for p in samples) / size, 1e-12)
    assert mpmath.almosteq(batch.value(a[3, 1, 2]), samples[1].value(a[3, 1]), 1e-12)
    with pytest.raises(ValueError):
        batch.value(a[3, 1, 4])                                               # beyond the batch
    with pytest.raises(ValueError):
        batch.value(a[3, 1])                                                  # one input's quantity


@pytest.mark.parametrize("options", [{"activation": "sigmoid"},
                                     {"activation": "sigmoid", "output": "softmax", "cost": "log-likelihood"},
                                     {"activation": "tanh", "regularization": "l2"}])
def test_the_lowered_mini_batch_gradient_is_the_average_of_the_examples(options):
    """Lowered from the mini-batch library (sums over the samples, 1/M), the gradient and the cost are
    the per-example lowering's sums divided by m (the penalty counted once, as C adds it once)."""
    import numpy as np
    from derive.lower import compile_forward, compile_gradient
    rng = np.random.default_rng(5)
    widths, m = [4, 5, 3], 6
    weights = [rng.uniform(-1, 1, (widths[t + 1], widths[t])) for t in range(2)]
    biases = [rng.uniform(-1, 1, (widths[t + 1], 1)) for t in range(2)]
    x, y = rng.uniform(-1, 1, (4, m)), rng.uniform(0.05, 0.95, (3, m))
    y = y / y.sum(axis=0) if options.get("cost") == "log-likelihood" else y
    constants = {"lam": 0.3, "N": 7.0} if "regularization" in options else {}
    one, batch = Network(**options), Network(batch=True, **options)
    summed = compile_gradient(one)(weights, biases, x, y, **constants)
    averaged = compile_gradient(batch)(weights, biases, x, y, **constants)
    for u, v in zip(summed[0] + summed[1], averaged[0] + averaged[1]):
        assert v.shape == u.shape and np.allclose(u / m, v, rtol=1e-12, atol=1e-15)
    cost = compile_forward(batch)(weights, biases, x, y, **constants)
    assert np.isclose(cost, compile_forward(one)(weights, biases, x, y, **constants) / m, rtol=1e-12)


def run(capsys, *argv):
    from derive.cli import main
    code = main(["--no-color", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_commands_take_batch(capsys, tmp_path):
    code, out, _ = run(capsys, "verify", r"\frac{\partial C}{\partial w^l} = \frac{1}{M} \Delta^l (A^{l-1})^T",
                       "--batch")
    assert code == 0 and "PROVED" in out and "batches of M = 3" in out
    code, out, _ = run(capsys, "verify", "dC/dw[l,j,k] = sum(s=1, M, a[l-1,k,s]*delta[l,j,s])", "--batch")
    assert code == 1 and "missing 1/M" in out and "M = 3" in out
    rerun = next(line for line in out.splitlines() if "re-run:" in line).split("re-run: derive ")[1]
    import shlex
    code, out, _ = run(capsys, *shlex.split(rerun))
    assert code == 1 and "they differ" in out                     # the counterexample re-runs as printed
    code, out, _ = run(capsys, "prove", "bp4", "--batch", "--format", "proof")
    assert code == 0 and "batch=yes" in out and "s = 1..M" in out
    document = tmp_path / "bp4.proof"
    document.write_text(out)
    code, out, _ = run(capsys, "check", str(document))                 # its header makes the network
    assert code == 0 and "PROVED" in out
    code, out, _ = run(capsys, "prove", "bp3", "--batch", "--format", "json")
    assert code == 0 and json_of(out)["network"]["batch"] is True


def json_of(text):
    import json
    return json.loads(text)


@pytest.mark.parametrize("argv", [["verify", "dC/db[l,j] = delta[l,j]", "--batch"],
                                  ["verify", "dC/db[l,j] = delta[l,j,s]"],
                                  ["prove", "bp4", "--batch", "--widths", "2,3,2"],
                                  ["prove", "bp1-matrix", "--batch"],
                                  ["evaluate", "dC/db[l,j] = sum(s=1, M, delta[l,j,s])/M", "--batch", "--widths",
                                   "2,3,2", "--at", "l=2,j=1"],
                                  ["evaluate", "dC/db[l,j] = sum(s=1, M, delta[l,j,s])/M", "--batch", "--widths",
                                   "2,3,2", "--at", "l=2,j=1,M=0"]])
def test_bad_mini_batch_input_is_one_line_and_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_the_latex_export_of_a_mini_batch_library_compiles(capsys, tmp_path):
    """derive export all --batch through pdflatex (CI installs it; skipped without it elsewhere)."""
    from test_export import compile_latex, need
    need("pdflatex")
    target = tmp_path / "batch.tex"
    code, out, err = run(capsys, "export", "all", "--batch", "--to", "latex", "-o", str(target))
    assert code == 0 and err == f"wrote {target}\n"
    tex = target.read_text()
    assert "a mini-batch of $M$ inputs" in tex and r"\delta^l_{js}" in tex
    compile_latex(tex, tmp_path / "build", "batch")


def test_an_ill_formed_step_of_a_batch_is_refuted_where_its_quantity_is_missing(capsys, tmp_path):
    """The witness runs batches too: the instance it names has every sample quantity but the one
    out of its neuron range."""
    document = tmp_path / "e.proof"
    document.write_text("# network: activation=generic cost=quadratic batch=yes\n"
                        "claim: dC/db[l,j] = sum(s=1, M, delta[l,j,s])/M\n"
                        "  = sum(s=1, M, sum(k=1, n(l-1), dC/dz[l,k,s]*dz[l,k,s]/db[l,j]))   [by chain rule]\n")
    code, out, _ = run(capsys, "check", str(document))
    assert code == 1 and "z^l_{ks} is not defined everywhere" in out and "M = 3" in out


def test_the_batch_size_is_one_input_s_business_only():
    """M on a network of one input is bad input (no number could test it), and never proved."""
    with pytest.raises(ParseError, match="M is the size of a mini-batch"):
        claim_of("M*dC/db[l,j] = delta[l,j]", Network())
    assert verdict(M * Partial(C, b[l, j]), M * delta[l, j], Network()).status != "proved"


def test_a_sample_named_only_through_x_or_y_sizes_the_batch():
    v = verdict(Sum(y[k, 4], (k, 1, n(L))), Integer(1))                 # not a fact of the quadratic cost
    assert v.status == "refuted" and v.counterexample.indices["M"] >= 4
    likelihood = Network(batch=True, output="softmax", cost="log-likelihood")
    assert verdict(Sum(y[k, 4], (k, 1, n(L))), Integer(1), likelihood).status == "proved"   # its control


def test_a_range_guard_inside_a_sum_is_read_not_an_internal_error():
    """u if c else v is [c] (u - v) + v in the kernel's normal form (sympy folds a guard into such
    a Piecewise): bp1-general with the softmax derivative written out, a guard in one of its
    terms, is proved by the rules alone; the same with a guard that drops k = 1 is not."""
    softmax = Network(batch=True, output="softmax", cost="log-likelihood")
    kernel = Kernel(softmax)                                  # no evidence: the rules alone
    for guard, status in (("[1<=k<=n(L)]", "proved"), ("[2<=k<=n(L)]", "undecided")):
        claim = claim_of(f"delta[L,j,s] = M*sum(k=1, n(L), dC/da[L,k,s]*([j=k]*exp(z[L,k,s])/"
                         f"(sum(p=1, n(L), exp(z[L,p,s]))) - (exp(z[L,j,s])*exp(z[L,k,s])*{guard})/"
                         f"(sum(p=1, n(L), exp(z[L,p,s])))^2))", softmax)
        record = kernel.step(Step(claim.lhs, claim.rhs, ""), claim.domain)
        assert record.status == status and (record.problem is None) == (status == "proved")


def test_a_samples_inputs_are_drawn_apart_from_the_weights_and_biases():
    """numpy's PCG64([seed, 0]) draws what PCG64(seed) draws: sample 1's inputs were the biases of layer 2, so no
    sample net could refute x_j1 = b^2_j (the red team of stop 45). Every sample's x and y differ from every
    parameter of the point now, and the claim is refuted."""
    import numpy as np
    from derive.verify import verify
    for seed in (0, 5, 100):
        batch = BatchPoint((3, 4, 5), Network(batch=True), seed, 3)
        parameters = np.concatenate([np.ravel(v) for key in ("W", "b") for v in batch.raw[key].values()])
        for sample in batch.samples:
            for key in ("x", "y"):
                assert not np.isin(np.round(sample.raw[key], 12), np.round(parameters, 12)).any(), (seed, key)
    assert verify("x[j,1] = b[2,j]", Network(batch=True)).verdict.status == "refuted"
