"""The lowered gradient: numpy code generated from the kernel-proved identities.

It must agree with central finite differences of the lowered forward pass, with an
independent backprop written out below, and with torch.autograd when torch is installed.

Cross-entropy needs outputs in (0, 1): of the concrete activations only sigmoid gives that, and
a network of tanh, relu, softplus or identity with it is refused.
"""
import io
import re
import tokenize
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import derive.lower as lower
import derive.translate as translate
from derive import Network
from derive.kernel.check import Kernel
from derive.lower import LoweringError, compile_forward, compile_gradient

PAIRS = [("sigmoid", "quadratic"), ("sigmoid", "cross-entropy"), ("tanh", "quadratic"),
         ("relu", "quadratic"), ("softplus", "quadratic"), ("identity", "quadratic")]
SHAPES = [[2, 3, 2], [3, 4, 4, 2], [5, 1, 3]]
M = 4                                   # examples in a batch

# --- an independent reference, written by hand ----------------------------------------

ACT = {
    "sigmoid": (lambda t: 1 / (1 + np.exp(-t)), lambda t: np.exp(-t) / (1 + np.exp(-t)) ** 2),
    "tanh": (np.tanh, lambda t: 1 / np.cosh(t) ** 2),
    "relu": (lambda t: np.maximum(t, 0), lambda t: (t > 0).astype(float)),
    "softplus": (lambda t: np.log1p(np.exp(t)), lambda t: 1 / (1 + np.exp(-t))),
    "identity": (lambda t: t, lambda t: np.ones_like(t)),
}
DCOST = {   # dC/da for one example, C summed over the output neurons
    "quadratic": lambda a_, y_: a_ - y_,
    "cross-entropy": lambda a_, y_: (a_ - y_) / (a_ * (1 - a_)),
}


def reference(act, cost, weights, biases, x, y):
    """Nielsen's backprop, one example (column) at a time, summed over the batch."""
    f, df = ACT[act]
    nb = [np.zeros_like(v) for v in biases]
    nw = [np.zeros_like(v) for v in weights]
    for e in range(x.shape[1]):
        acts, zs = [x[:, e:e + 1]], []
        for W, bv in zip(weights, biases):
            zs.append(W @ acts[-1] + bv)
            acts.append(f(zs[-1]))
        d = DCOST[cost](acts[-1], y[:, e:e + 1]) * df(zs[-1])
        for t in range(len(weights) - 1, -1, -1):
            nb[t] += d
            nw[t] += d @ acts[t].T
            if t:
                d = (weights[t].T @ d) * df(zs[t - 1])
    return nb, nw


def pre_activations(weights, biases, x, act):
    f = ACT[act][0]
    out, h = [], x
    for W, bv in zip(weights, biases):
        out.append(W @ h + bv)
        h = f(out[-1])
    return out


def random_problem(shape, act, cost, seed):
    """Parameters and a batch; for relu, no weighted input within 0.05 of the kink."""
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        weights = [rng.normal(0, 1, (shape[t + 1], shape[t])) for t in range(len(shape) - 1)]
        biases = [rng.normal(0, 1, (shape[t + 1], 1)) for t in range(len(shape) - 1)]
        x = rng.normal(0, 1, (shape[0], M))
        y = rng.uniform(0.05, 0.95, (shape[-1], M))
        if act != "relu" or min(np.abs(zz).min() for zz in pre_activations(weights, biases, x, act)) > 0.05:
            return weights, biases, x, y
    raise AssertionError("no sample away from relu's kink")


def rel(got, want):
    g, w_ = np.concatenate([v.ravel() for v in got]), np.concatenate([v.ravel() for v in want])
    return np.linalg.norm(g - w_) / max(np.linalg.norm(w_), 1e-300)


@pytest.fixture(scope="module", params=PAIRS, ids=["-".join(p) for p in PAIRS])
def lowered(request):
    act, cost = request.param
    if (act, cost) == ("sigmoid", "cross-entropy"):     # share conftest's proofs: the suite proves them once
        lower._PROOFS.setdefault(Network(activation=act, cost=cost).options, request.getfixturevalue("sigmoid_ce_all"))
    net = Network(activation=act, cost=cost)
    return act, cost, compile_gradient(net), compile_forward(net)


# --- agreement ------------------------------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_gradient_matches_finite_differences_and_reference(lowered, shape):
    act, cost, grad, forward = lowered
    weights, biases, x, y = random_problem(shape, act, cost, seed=len(shape) * 10 + shape[0])
    nb, nw = grad(weights, biases, x, y)
    assert [v.shape for v in nb] == [v.shape for v in biases]
    assert [v.shape for v in nw] == [v.shape for v in weights]
    assert all(v.dtype == np.float64 for v in nb + nw)

    rb, rw = reference(act, cost, weights, biases, x, y)
    assert rel(nb + nw, rb + rw) < 1e-12

    eps, fb, fw = 1e-6, [], []
    for params, out in ((biases, fb), (weights, fw)):
        for t, P in enumerate(params):
            g = np.zeros_like(P)
            for idx in np.ndindex(P.shape):
                old = P[idx]
                P[idx] = old + eps
                up = forward(weights, biases, x, y)
                P[idx] = old - eps
                down = forward(weights, biases, x, y)
                P[idx] = old
                g[idx] = (up - down) / (2 * eps)
            out.append(g)
    assert rel(nb + nw, fb + fw) < 1e-6


def test_forward_is_the_cost_summed_over_the_batch(lowered):
    act, cost, _, forward = lowered
    weights, biases, x, y = random_problem([3, 4, 2], act, cost, seed=7)
    f = ACT[act][0]
    h = x
    for W, bv in zip(weights, biases):
        h = f(W @ h + bv)
    want = (0.5 * (h - y) ** 2).sum() if cost == "quadratic" else \
        -(y * np.log(h) + (1 - y) * np.log(1 - h)).sum()
    assert forward(weights, biases, x, y) == pytest.approx(want, rel=1e-13)


def test_batch_gradient_is_the_sum_of_single_example_gradients(lowered):
    act, cost, grad, _ = lowered
    weights, biases, x, y = random_problem([3, 4, 4, 2], act, cost, seed=3)
    total = grad(weights, biases, x, y)
    parts = [grad(weights, biases, x[:, e:e + 1], y[:, e:e + 1]) for e in range(M)]
    for t in range(len(weights)):
        assert np.allclose(total[0][t], sum(p[0][t] for p in parts), rtol=1e-12, atol=1e-14)
        assert np.allclose(total[1][t], sum(p[1][t] for p in parts), rtol=1e-12, atol=1e-14)


def test_agrees_with_torch_autograd(lowered):
    torch = pytest.importorskip("torch")
    act, cost, grad, _ = lowered
    fns = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
           "softplus": torch.nn.functional.softplus, "identity": lambda t: t}
    for shape in SHAPES:
        weights, biases, x, y = random_problem(shape, act, cost, seed=sum(shape))
        tw = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in weights]
        tb = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in biases]
        h, ty = torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
        for W, bv in zip(tw, tb):
            h = fns[act](W @ h + bv)
        c = (0.5 * (h - ty) ** 2).sum() if cost == "quadratic" else \
            -(ty * torch.log(h) + (1 - ty) * torch.log(1 - h)).sum()
        c.backward()
        nb, nw = grad(weights, biases, x, y)
        want = [v.grad.numpy() for v in tb] + [v.grad.numpy() for v in tw]
        assert rel(nb + nw, want) < 1e-12, shape


def test_one_compiled_gradient_serves_every_depth_and_width():
    grad = compile_gradient(Network(activation="sigmoid"))
    for shape in ([1, 1], [2, 5, 3, 4, 2], [6, 2]):
        weights, biases, x, y = random_problem(shape, "sigmoid", "quadratic", seed=1)
        got = grad(weights, biases, x, y)
        want = reference("sigmoid", "quadratic", weights, biases, x, y)
        assert rel(got[0] + got[1], want[0] + want[1]) < 1e-12


def test_float32_on_request():
    grad = compile_gradient(Network(activation="tanh"), dtype=np.float32)
    weights, biases, x, y = random_problem([3, 4, 2], "tanh", "quadratic", seed=2)
    nb, nw = grad(weights, biases, x, y)
    assert all(v.dtype == np.float32 for v in nb + nw)
    want = reference("tanh", "quadratic", weights, biases, x, y)
    assert rel(nb + nw, want[0] + want[1]) < 1e-5


# --- it is generated from the proofs --------------------------------------------------

def _tampered(act, cost, name, **changes):
    """The cached proofs of (act, cost), with one of them changed. A verdict cannot be forged (only
    the kernel creates one), nor put beside another claim: `unproved` puts in the kernel's own
    undecided verdict, for no proof; `rhs` a stand-in object that holds the changed claim."""
    net = Network(activation=act, cost=cost)
    proofs = dict(lower._proofs(net))
    p = proofs[name]
    if "rhs" in changes:        # a stand-in: a Proof holds only the claim its verdict judged
        p = SimpleNamespace(identity=replace(p.identity, rhs=changes["rhs"]), verdict=p.verdict, proved=p.proved)
    if "unproved" in changes:
        p = replace(p, derivation=None, verdict=Kernel(net).no_proof(p.identity, changes["unproved"]))
    proofs[name] = p
    return proofs


def test_the_code_follows_the_proved_right_hand_sides(monkeypatch):
    """Doubling the hidden-error rhs doubles exactly the hidden layers' gradient."""
    proofs = _tampered("sigmoid", "quadratic", "hidden-error")
    rhs = proofs["hidden-error"].identity.rhs
    proofs = _tampered("sigmoid", "quadratic", "hidden-error", rhs=2 * rhs)
    weights, biases, x, y = random_problem([3, 4, 2], "sigmoid", "quadratic", seed=4)
    plain = compile_gradient(Network(activation="sigmoid"))(weights, biases, x, y)
    monkeypatch.setitem(lower._PROOFS, Network(activation="sigmoid").options, proofs)
    doubled = compile_gradient(Network(activation="sigmoid"))(weights, biases, x, y)
    assert np.allclose(doubled[0][0], 2 * plain[0][0]) and np.allclose(doubled[1][0], 2 * plain[1][0])
    assert np.array_equal(doubled[0][1], plain[0][1]) and np.array_equal(doubled[1][1], plain[1][1])


def test_cross_entropy_output_error_is_a_minus_y():
    ident = compile_gradient(Network(activation="sigmoid", cost="cross-entropy")).identities
    assert str(ident["output-error"].rhs) == "a[L, j] - y[j]"


# --- refusals -------------------------------------------------------------------------

def test_refuses_the_generic_activation():
    for build in (compile_gradient, compile_forward):
        with pytest.raises(LoweringError, match="generic") as err:
            build(Network())
        assert "\n" not in str(err.value)
    assert issubclass(LoweringError, ValueError)


@pytest.mark.parametrize("name", ["hidden-error", "bp4", "cost-gradient"])
def test_refuses_an_identity_the_kernel_did_not_prove(monkeypatch, name):
    """A used identity (hidden-error, bp4) or one they cite (cost-gradient)."""
    monkeypatch.setitem(lower._PROOFS, Network(activation="sigmoid").options,
                        _tampered("sigmoid", "quadratic", name, unproved="tampered with"))
    assert not lower._PROOFS[Network(activation="sigmoid").options][name].proved
    with pytest.raises(LoweringError, match=f"'{name}' is not proved") as err:
        compile_gradient(Network(activation="sigmoid"))
    assert "\n" not in str(err.value)


def test_the_refusal_says_why_the_kernel_did_not_prove_it(monkeypatch):
    """The kernel's reason (here its no-proof message) is part of the one-line error."""
    monkeypatch.setitem(lower._PROOFS, Network(activation="sigmoid").options,
                        _tampered("sigmoid", "quadratic", "bp4", unproved="tampered with"))
    with pytest.raises(LoweringError, match="'bp4' is not proved") as err:
        compile_gradient(Network(activation="sigmoid"))
    assert "tampered with" in str(err.value) and "\n" not in str(err.value)


def test_a_verdict_cannot_be_forged_to_make_it_lower():
    proofs = _tampered("sigmoid", "quadratic", "bp4", unproved="tampered with")
    with pytest.raises(TypeError):
        replace(proofs["bp4"].verdict, status="proved")


def test_refuses_when_the_prover_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(lower.api, "prove_all", broken)
    monkeypatch.delitem(lower._PROOFS, Network(activation="identity").options, raising=False)
    with pytest.raises(LoweringError, match="proving its identities failed"):
        compile_gradient(Network(activation="identity", cost="quadratic"))


def test_refuses_a_depth_other_than_the_networks():
    grad = compile_gradient(Network([3, 4, 2], activation="sigmoid"))
    weights, biases, x, y = random_problem([3, 4, 4, 2], "sigmoid", "quadratic", seed=5)
    with pytest.raises(LoweringError, match="weight matrices"):
        grad(weights, biases, x, y)


def test_refuses_a_batch_that_is_not_columns():
    grad = compile_gradient(Network(activation="sigmoid"))
    weights, biases, x, y = random_problem([3, 4, 2], "sigmoid", "quadratic", seed=6)
    with pytest.raises(LoweringError, match="2-d"):
        grad(weights, biases, x[:, 0], y[:, 0])


def test_arguments_numpy_would_broadcast_into_a_wrong_answer_are_refused():
    """Found by review: a bias of shape (n,) against m = n examples, a y of one row or one column, and weights of a
    concrete network's other widths were broadcast by numpy into a gradient of another problem, with no error; a
    transposed x, no example, or lam an array, ended in numpy's own errors. Each is a one-line LoweringError, and
    the arguments as given still give the gradient (the control)."""
    shape = [3, 4, 4]
    weights, biases, x, y = random_problem(shape, "sigmoid", "quadratic", seed=7)
    x, y = x[:, :4], y[:, :4]                       # m = n_2 = n_3: a bias of shape (n,) broadcasts along m
    for network in (Network(activation="sigmoid"), Network(shape, activation="sigmoid")):
        grad, forward = compile_gradient(network), compile_forward(network)
        assert np.isfinite(forward(weights, biases, x, y)) and grad(weights, biases, x, y)[0][0].shape == (4, 1)
        for bad, words in [((weights, [b.ravel() for b in biases], x, y), "biases[0] must have shape (4, 1)"),
                           ((weights, biases, x, y[:1]), "y must have shape (4, 4)"),
                           ((weights, biases, x, y[:, :1]), "y must have shape (4, 4)"),
                           ((weights, biases, x.T[:, :3], y), "x must have 3 rows"),
                           ((weights, biases, x[:, :0], y[:, :0]), "no example"),
                           (([weights[0][0], weights[1]], biases, x, y), "2-d" if network.widths is None else
                            "got weight matrices of shapes [(3,), (4, 4)]")]:
            for run in (grad, forward):
                with pytest.raises(LoweringError, match=re.escape(words)) as err:
                    run(*bad)
                assert "\n" not in str(err.value)
    with pytest.raises(LoweringError, match=re.escape("has widths [3, 5, 4]")):
        compile_gradient(Network([3, 5, 4], activation="sigmoid"))(weights, biases, x, y)
    l2 = compile_gradient(Network(activation="sigmoid", regularization="l2"))
    assert l2(weights, biases, x, y, lam=0.1, N=10)[1][0].shape == (4, 3)
    for lam, n in [(np.array([1.0, 2.0]), 10), (0.1, np.inf), (np.nan, 10), ("0.1", 10)]:
        with pytest.raises(LoweringError, match="lam"):
            l2(weights, biases, x, y, lam=lam, N=n)


@pytest.mark.parametrize("options", [dict(activation="sigmoid", cost="cross-entropy"),
                                     dict(activation="sigmoid", cost="log-likelihood"),
                                     dict(activation="sigmoid", output="softmax", cost="log-likelihood")])
def test_a_saturated_output_with_a_target_of_0_or_1_costs_a_number(options):
    """Found by review: at an output that rounds to 0 or 1 (z^L = 40, or ±800 under a softmax), y ln a with y = 0
    and a = 0 was 0 (-inf) = nan in numpy, so the cost of a one-hot target was nan; the term is 0 there, its limit
    (Nielsen's network2.py takes np.nan_to_num for it). The control: away from saturation, the cost as written."""
    forward = compile_forward(Network(**options))
    one = np.ones((1, 1))
    for z, target in ((40.0, 1.0), (800.0, 1.0), (-800.0, 0.0)):
        weights = [np.array([[z], [-z]])] if options.get("output") else [np.array([[z]])]
        y = np.array([[target], [1 - target]]) if options.get("output") else np.array([[target]])
        with np.errstate(divide="ignore", over="ignore"):          # numpy's ln 0 and e^800, as it says them
            assert forward(weights, [np.zeros((len(y), 1))], one, y) == pytest.approx(0.0, abs=1e-12)
    weights, y = ([np.array([[0.5], [-0.5]])], np.array([[1.0], [0.0]])) if options.get("output") else \
        ([np.array([[0.5]])], np.array([[1.0]]))
    a = 1 / (1 + np.exp(-weights[0])) if not options.get("output") else np.exp(weights[0]) / np.exp(weights[0]).sum()
    want = -(y * np.log(a)).sum() - (((1 - y) * np.log(1 - a)).sum() if options["cost"] == "cross-entropy" else 0.0)
    assert forward(weights, [np.zeros((len(y), 1))], one, y) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("activation", ["softplus", "sigmoid"])
def test_an_activation_at_a_large_input_has_a_number_for_its_value_and_gradient(activation):
    """Found by review: softplus, ln(1 + e^z), was inf from z = 710 on (e^z overflows), and its derivative
    e^z/(1 + e^z) was inf/inf = nan, so the gradient of a net with one such neuron was nan. They are computed
    as ln(1 + e^z) and 1/(1 + e^-z) without the overflow now (to rounding: sigmoid's a(1 - a) keeps 1e-15 of 1).
    The control: at moderate z, the formulas as written."""
    grad, forward = compile_gradient(Network(activation=activation)), compile_forward(Network(activation=activation))
    sigma = (lambda t: np.logaddexp(0.0, t)) if activation == "softplus" else (lambda t: 0.5 * (1 + np.tanh(t / 2)))
    slope = (lambda t: 0.5 * (1 + np.tanh(t / 2))) if activation == "softplus" else \
        (lambda t: 0.25 / np.cosh(t / 2) ** 2)
    x, y = np.ones((1, 1)), np.array([[0.25], [0.5]])
    for z in (800.0, -800.0, 30.0, -30.0, 0.5):
        weights, biases = [np.array([[z], [-z]])], [np.zeros((2, 1))]
        zs = np.array([[z], [-z]])
        with np.errstate(over="ignore"):
            nabla_b, nabla_w = grad(weights, biases, x, y)
            cost = forward(weights, biases, x, y)
        want = (sigma(zs) - y) * slope(zs)
        assert np.all(np.isfinite(nabla_b[0])) and np.isfinite(cost)
        assert nabla_b[0] == pytest.approx(want, rel=1e-12, abs=1e-15)
        assert nabla_w[0] == pytest.approx(want, rel=1e-12, abs=1e-15)
        assert cost == pytest.approx(0.5 * ((sigma(zs) - y) ** 2).sum(), rel=1e-12)


def test_lowering_uses_no_dynamic_code_or_string_parsing():
    banned = {"eval", "exec", "sympify", "parse_expr", "lambdify", "pickle"}
    for module in (lower, translate):                  # the lowering and its translator
        src = Path(module.__file__).read_text()
        names = {t.string for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type == tokenize.NAME}
        assert not names & banned


def test_arguments_that_are_not_finite_real_numbers_are_refused():
    """An integer dtype truncated every weight; complex x, strings, a masked array (its mask dropped), N = 0.5 and
    lam = True were read without a word (the red team of stop 44); N = 10**400 raised OverflowError (stop 45). Each
    is a one-line LoweringError; the control (float arrays, lam and N numbers) gives the gradient. (A nan gives a
    nan, as in numpy's own code.)"""
    import numpy.ma as ma
    shape = [3, 4, 2]
    weights, biases, x, y = random_problem(shape, "sigmoid", "quadratic", seed=3)
    network = Network(activation="sigmoid")
    for dtype in (np.int64, int, "U3"):
        with pytest.raises(LoweringError, match="floating-point"):
            compile_gradient(network, dtype=dtype)
    grad = compile_gradient(network)
    assert np.isfinite(grad(weights, biases, x, y)[1][0]).all()
    for bad, words in [((weights, biases, x + 1j, y), "x must hold real numbers"),
                       ((weights, biases, x.astype(str), y), "x must hold real numbers"),
                       ((weights, biases, ma.masked_array(x, mask=x > 0), y), "x is a masked array"),
                       (([weights[0], weights[1].astype(complex)], biases, x, y), "weights[1] must hold real numbers")]:
        with pytest.raises(LoweringError, match=re.escape(words)):
            grad(*bad)
    l2 = compile_gradient(Network(activation="sigmoid", regularization="l2"))
    assert np.isfinite(l2(weights, biases, x, y, lam=0.1, N=10)[1][0]).all()
    for lam, n in [(0.1, 0.5), (True, 10), (0.1, True), (0.1 + 1j, 10), (0.1, 10 ** 400)]:   # 10**400: OverflowError
        with pytest.raises(LoweringError, match="lam"):
            l2(weights, biases, x, y, lam=lam, N=n)


def test_softplus_derivative_keeps_its_digits_at_a_very_negative_input():
    """softplus's sigma' is lowered from its law, 1 - e^-a: at z = -35 (a about 6e-16) that lost 6% of the gradient,
    and at z = -40 all of it (the red team of stop 44). 1 - e^u is lowered as -expm1(u); the gradient keeps its
    relative digits against the closed form at 50 digits."""
    import mpmath as mp
    grad = compile_gradient(Network(activation="softplus"))
    for zv in (-1.0, -20.0, -35.0, -40.0):
        weights, biases = [np.array([[1.0]]), np.array([[1.0]])], [np.array([[zv]]), np.array([[0.0]])]
        nb, _ = grad(weights, biases, np.zeros((1, 1)), np.array([[1.0]]))
        with mp.workdps(50):
            a2 = mp.log(1 + mp.exp(zv))
            exact = (mp.log(1 + mp.exp(a2)) - 1) / (1 + mp.exp(-a2)) / (1 + mp.exp(-zv))
        assert abs(nb[0].item() - float(exact)) <= 1e-12 * abs(float(exact)), zv


@pytest.mark.parametrize("options", [dict(activation="sigmoid", cost="cross-entropy"),
                                     dict(activation="sigmoid", output="softmax", cost="log-likelihood"),
                                     dict(activation="sigmoid", output="softmax", cost="cross-entropy")])
def test_the_cost_of_a_confident_wrong_output_is_its_number(options):
    """ln a^L and ln(1 - a^L) were taken of a^L rounded to 0 or 1: a sigmoid output at z = 37 with y = 0 cost inf
    (its cost is 37), a softmax at a gap of 800 too (the red team of stop 44). They are taken from z^L now; the
    cost matches its closed form, at every gap."""
    forward = compile_forward(Network(**options))
    one = np.ones((1, 1))
    for gap in (0.5, 30.0, 37.0, 800.0):
        if options.get("output"):
            z, y = np.array([[gap], [0.0]]), np.array([[0.0], [1.0]])
            ln_a = z - np.logaddexp(z[0], z[1])
            ln_rest = ln_a[::-1]                      # 1 - a_k is the other output's a, with two outputs
        else:
            z, y = np.array([[gap]]), np.array([[0.0]])
            ln_a, ln_rest = -np.logaddexp(0, -z), -np.logaddexp(0, z)
        want = -(y * ln_a).sum() - (((1 - y) * ln_rest).sum() if options["cost"] == "cross-entropy" else 0.0)
        with np.errstate(over="ignore"):
            got = forward([z], [np.zeros_like(z)], one, y)
        assert got == pytest.approx(want, rel=1e-12), gap
