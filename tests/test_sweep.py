"""The kernel's check of every instance of a claim on a user's concrete network."""
import numpy as np
import pytest
from sympy import KroneckerDelta

from derive import Network
from derive.model.identities import catalogue
from derive.kernel.numeric import Numeric
from derive.kernel.probe import Probe
from derive.kernel.sweep import Sweep
from derive.model.network import infer_domain
from derive.model.proof import Identity
from derive.model.symbols import C, Partial, a, b, delta, j, k, l, w, z


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


def test_above_the_limit_a_documented_sample_is_checked_symbolically(monkeypatch):
    import derive.kernel.sweep as sweep_module
    monkeypatch.setattr(sweep_module, "BUDGET", 45)     # 20 instances of 3 quantities: a sample of 45 // 3 // 5
    monkeypatch.setattr(sweep_module, "SAMPLE_SYMBOLIC", 6)
    net = Network([3, 4, 2])
    ok, report, _, _ = Sweep(net, seed=0).check(stated(net, "bp4"))
    weights = 3 * 4 + 4 * 2
    assert ok is True
    assert f"a seeded sample of 3 of {weights} instances" in report and "numerically at every instance" in report


def test_a_layer_over_the_work_budget_is_probed_at_a_sample(monkeypatch):
    import derive.kernel.probe as probe_module
    monkeypatch.setattr(probe_module, "WORK", 1)
    monkeypatch.setattr(probe_module, "SAMPLE", 5)
    net = Network([3, 4, 2])
    probe = Probe(net.widths, net.activation, net.cost, seed=1)
    grad = probe.gradient()
    assert probe.sampled == {2: (5, 12), 3: (5, 8)}
    assert int(np.isfinite(grad["w", 2]).sum()) == 5 and np.isfinite(grad["b", 2]).all()
    ok, report, _, _ = Sweep(net, seed=0).check(stated(net, "bp4"))
    assert ok is True and "numerically at 10 of 20 instances" in report and "5 of 12 of layer 2" in report


def test_sides_the_grid_cannot_evaluate_are_checked_one_by_one():
    """da/dz is not a dC/dq: the grid declines, the symbolic check still covers every instance."""
    net = Network([2, 3, 2])
    local = claim(Partial(a[l, j], z[l, j]) * Partial(C, a[l, j]), delta[l, j])
    ok, report, _, _ = Sweep(net, seed=0).check(local)
    assert ok is True and "all 5 instances on [2, 3, 2] symbolically" in report
    assert "numerically not on this net" in report


def test_pick_lists_every_assignment_or_the_first_the_last_and_distinct_random_ones():
    import random
    from derive.kernel.concrete import assignments, count, pick
    net = Network([3, 4, 2])
    domain = stated(net, "bp4").domain
    every = assignments(domain, net.widths)
    assert count(domain, net.widths) == len(every) == 20
    assert pick(domain, net.widths, 20, random.Random(0)) == every
    few = pick(domain, net.widths, 7, random.Random(0))
    assert len(few) == 7 and few[0] == every[0] and few[1] == every[-1]
    assert len({tuple(sorted((s.name, int(v)) for s, v in e.items())) for e in few}) == 7
    assert all(e in every for e in few)


def test_a_proved_chain_whose_claim_fails_at_an_instance_is_rejected_with_its_numbers(monkeypatch):
    """The kernel trusts the chain only together with every instance: when the check of the
    instances finds one where the sides differ, the verdict is 'rejected' with that instance."""
    from derive.api import prove
    from derive.kernel.check import Kernel
    net = Network([2, 3, 2])
    proof = prove("bp4", net)
    lhs = Partial(C, w[l, j, k])
    wrong = claim(lhs, a[l - 1, k] * delta[l, j] * (1 + KroneckerDelta(j, 3) * KroneckerDelta(l, 2)))
    kernel = Kernel(net)
    for lemma in ("bp1", "bp2"):
        kernel.check(stated(net, lemma), prove(lemma, net).derivation)
    real = Sweep(net, seed=0)
    monkeypatch.setattr(kernel.sweep, "check", lambda _claim: real.check(wrong))
    verdict = kernel.check(proof.identity, proof.derivation)
    assert verdict.status == "rejected" and "bp4" not in kernel.proved
    cex = verdict.counterexample
    assert cex["indices"]["l"] == 2 and cex["indices"]["j"] == 3 and cex["widths"] == [2, 3, 2]
    assert "differ symbolically on [2, 3, 2] at l = 2, j = 3" in verdict.reason


def test_the_end_of_a_time_budget_is_not_swallowed_as_a_failed_check():
    """Wherever the budget ends (a step, the instances), the work stops: no verdict is made of it."""
    from derive.api import prove
    from derive.budget import OutOfTime, time_budget
    for seconds in (0.5, 3.0):
        with pytest.raises(OutOfTime):
            with time_budget(seconds):
                prove("bp4", Network([784, 30, 10]))


def test_where_the_cost_is_never_defined_the_numbers_are_not_confirmed():
    """tanh outputs in (-1, 1) and the cross-entropy's logs: with 12 outputs a random point almost
    never has them all in (0, 1). The symbolic check stands; the verdict says why numbers do not."""
    net = Network([2, 3, 12], "tanh", "cross-entropy")
    ok, report, _, _ = Sweep(net, seed=0).check(stated(net, "bp3"))
    assert ok is None
    assert "all 15 instances on [2, 3, 12] symbolically" in report and "cost is not defined at 20" in report


def test_a_net_too_large_to_probe_says_so_and_keeps_its_symbolic_check(monkeypatch):
    import derive.kernel.probe as probe_module
    from derive.kernel.probe import too_large
    assert too_large((784, 30, 10)) == ""
    assert "parameters" in too_large((4096,) * 8) and "multiply-adds" in too_large((100,) * 64)
    monkeypatch.setattr(probe_module, "MAX_PARAMETERS", 10)
    net = Network([2, 3, 2])
    ok, report, _, _ = Sweep(net, seed=0).check(stated(net, "bp3"))
    assert ok is True and "all 5 instances on [2, 3, 2] symbolically" in report
    assert "numerically not on this net (17 parameters, more than the probe's 10)" in report
