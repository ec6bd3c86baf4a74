"""The kernel's check of every instance of a claim on a user's concrete network."""
import pytest
from sympy import KroneckerDelta

from derive import Network
from derive.identities import catalogue
from derive.kernel.numeric import Numeric
from derive.kernel.probe import Probe
from derive.kernel.sweep import Sweep
from derive.network import infer_domain
from derive.proof import Identity
from derive.symbols import C, Partial, a, b, delta, j, k, l, w, z


def stated(network, name):
    return next(c for c in catalogue(network) if c.name == name)


def claim(lhs, rhs, name="claim"):
    return Identity(name, name, lhs, rhs, infer_domain(lhs, rhs))


@pytest.mark.parametrize("activation,cost", [("generic", "quadratic"), ("sigmoid", "cross-entropy"),
                                             ("relu", "quadratic"), ("tanh", "quadratic")])
def test_bp1_to_bp4_hold_at_every_instance(activation, cost):
    net = Network([3, 2, 4, 2], activation, cost)
    sweep = Sweep(net, seed=0)
    for name in ("bp1", "bp2", "bp3", "bp4"):
        ok, report, env, _ = sweep.check(stated(net, name))
        assert ok is True, (name, report, env)


def test_a_claim_wrong_at_a_single_instance_is_found():
    """Exhaustive, not sampled: only l = 2, j = 3 is wrong among the 12 weights of [2, 3, 2]."""
    net = Network([2, 3, 2])
    lhs = Partial(C, w[l, j, k])
    wrong = claim(lhs, a[l - 1, k] * delta[l, j] * (1 + KroneckerDelta(j, 3) * KroneckerDelta(l, 2)))
    ok, report, env, _ = Sweep(net, seed=0).check(wrong)
    assert ok is False and "symbolically" in report
    assert int(env[l]) == 2 and int(env[j]) == 3


@pytest.mark.parametrize("activation,cost", [("sigmoid", "cross-entropy"), ("relu", "quadratic"),
                                             ("generic", "quadratic"), ("softplus", "quadratic")])
def test_complex_step_derivatives_agree_with_40_digit_finite_differences(activation, cost):
    net = Network([3, 4, 2], activation, cost)
    numeric = Numeric(net.widths, net.activation, net.cost, seed=5)
    grad = Probe(net.widths, net.activation, net.cost, seed=5).gradient()
    widths = net.widths
    for t in range(2, len(widths) + 1):                 # every w, b and z of every layer
        assert grad["w", t].shape == (widths[t - 1], widths[t - 2])
        assert grad["b", t].shape == grad["z", t].shape == (widths[t - 1],)
    bases = {"w": w, "b": b, "z": z, "a": a}
    for key in [("w", 2, 3, 1), ("b", 3, 2), ("z", 2, 4), ("a", 2, 1), ("w", 3, 1, 4), ("a", 1, 2)]:
        fd = float(numeric.partial(C, bases[key[0]][key[1:]], None))
        got = grad[key[:2]][tuple(i - 1 for i in key[2:])]
        assert abs(got - fd) <= 1e-9 * max(abs(fd), 1e-12), (key, got, fd)
