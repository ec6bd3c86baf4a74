"""The lowered gradient of chapter 3's networks: a softmax output with the log-likelihood cost, and
L2 and L1 regularization (lambda and N given at call time), against hand-written numpy and finite
differences of the lowered cost."""
import numpy as np
import pytest

from derive import Network
from derive.lower import LoweringError, compile_forward, compile_gradient

SHAPE, M = [4, 5, 3], 6


def sig(t):
    return 1 / (1 + np.exp(-t))


def reference(weights, biases, x, y, reg=None, lam=0.0, N=1.0):
    """Softmax output, log-likelihood cost, sigmoid hidden layers: delta^L = a^L - y, one example
    at a time, summed over the batch; each example's cost adds lambda/N times the penalty."""
    nb = [np.zeros_like(v) for v in biases]
    nw = [np.zeros_like(v) for v in weights]
    for e in range(x.shape[1]):
        acts = [x[:, e:e + 1]]
        for t, (W, bv) in enumerate(zip(weights, biases)):
            z = W @ acts[-1] + bv
            if t == len(weights) - 1:
                ez = np.exp(z - z.max())
                acts.append(ez / ez.sum())
            else:
                acts.append(sig(z))
        d = acts[-1] - y[:, e:e + 1]
        for t in range(len(weights) - 1, -1, -1):
            nb[t] += d
            nw[t] += d @ acts[t].T
            if reg == "l2":
                nw[t] += lam / N * weights[t]
            elif reg == "l1":
                nw[t] += lam / N * np.sign(weights[t])
            if t:
                d = (weights[t].T @ d) * acts[t] * (1 - acts[t])
    return nb, nw


def problem(seed, scale=1.0):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0, 1, (SHAPE[t + 1], SHAPE[t])) for t in range(len(SHAPE) - 1)]
    biases = [rng.normal(0, 1, (SHAPE[t + 1], 1)) for t in range(len(SHAPE) - 1)]
    x = scale * rng.normal(0, 1, (SHAPE[0], M))
    y = np.zeros((SHAPE[-1], M))
    y[rng.integers(0, SHAPE[-1], M), np.arange(M)] = 1          # one-hot columns
    return weights, biases, x, y


def close(got, want, tol=1e-10):
    for g, w in zip(got[0] + got[1], want[0] + want[1]):
        assert g.shape == w.shape
        assert np.max(np.abs(g - w)) <= tol * max(1.0, np.max(np.abs(w)))


@pytest.mark.parametrize("reg", [None, "l2", "l1"])
def test_softmax_log_likelihood_gradient_matches_the_reference(reg):
    net = Network(activation="sigmoid", output="softmax", cost="log-likelihood", regularization=reg)
    grad = compile_gradient(net)
    weights, biases, x, y = problem(1)
    constants = {"lam": 0.7, "N": 50.0} if reg else {}
    close(grad(weights, biases, x, y, **constants), reference(weights, biases, x, y, reg, 0.7, 50.0))
    assert str(grad.identities["output-error"].rhs) == "a[L, j] - y[j]"
    assert ("weight-gradient" in grad.identities) == (reg is not None)


@pytest.mark.parametrize("reg", [None, "l2"])
def test_the_gradient_is_the_derivative_of_the_lowered_cost(reg):
    net = Network(activation="sigmoid", output="softmax", cost="log-likelihood", regularization=reg)
    grad, cost = compile_gradient(net), compile_forward(net)
    weights, biases, x, y = problem(2)
    constants = {"lam": 0.3, "N": 10.0} if reg else {}
    _, nw = grad(weights, biases, x, y, **constants)
    h = 1e-6
    for t, (r, c) in ((0, (1, 2)), (1, (2, 0))):
        up = [w.copy() for w in weights]
        down = [w.copy() for w in weights]
        up[t][r, c] += h
        down[t][r, c] -= h
        slope = (cost(up, biases, x, y, **constants) - cost(down, biases, x, y, **constants)) / (2 * h)
        assert slope == pytest.approx(nw[t][r, c], rel=1e-6, abs=1e-8)


def test_large_inputs_stay_finite():
    """z is shifted by each example's largest before exp: outputs of 1e3 do not overflow."""
    grad = compile_gradient(Network(activation="identity", output="softmax", cost="log-likelihood"))
    weights, biases, x, y = problem(3, scale=1e3)
    nb, nw = grad(weights, biases, x, y)
    assert all(np.isfinite(v).all() for v in nb + nw)
    a_last = weights[1] @ (weights[0] @ x + biases[0]) + biases[1]
    e = np.exp(a_last - a_last.max(axis=0))
    assert np.allclose(nb[1], (e / e.sum(axis=0) - y).sum(axis=1, keepdims=True))


def test_a_regularized_network_needs_lambda_and_n():
    grad = compile_gradient(Network(activation="sigmoid", output="softmax", cost="log-likelihood",
                                    regularization="l2"))
    weights, biases, x, y = problem(4)
    with pytest.raises(LoweringError, match="lam"):
        grad(weights, biases, x, y)
    with pytest.raises(LoweringError, match="lam"):
        grad(weights, biases, x, y, lam=-1.0, N=10)
    plain = compile_gradient(Network(activation="sigmoid", output="softmax", cost="log-likelihood"))
    with pytest.raises(LoweringError, match="no regularization"):
        plain(weights, biases, x, y, lam=1.0, N=10)


@pytest.mark.parametrize("batch", [False, True])
def test_a_target_that_is_not_a_probability_vector_is_refused(batch):
    """The softmax output error a - y is proved with sum_k y_k = 1, the log-likelihood cost's premise: a y whose
    columns sum to 2, or to 0 (a padding column), gave a gradient that is not the lowered cost's (the red team of
    stop 44). The gradient refuses such a y, one-line; a one-hot y (the control) is read as before."""
    network = Network(activation="sigmoid", output="softmax", cost="log-likelihood", batch=batch)
    grad = compile_gradient(network)
    weights, biases, x, y = problem(3)
    assert np.isfinite(grad(weights, biases, x, y)[0][0]).all()
    for bad, words in [(2 * y, "a column sums to 2"), (0 * y, "a column sums to 0"), (y - 0.5 * (y == 0), "negative")]:
        with pytest.raises(LoweringError, match=words) as err:
            grad(weights, biases, x, bad)
        assert "\n" not in str(err.value)
    assert np.isfinite(compile_forward(network)(weights, biases, x, 2 * y))      # the cost is the cost of any y
