"""Evidence (derive/evidence/): numbers that may propose a counterexample or veto a proof, never
prove. The check of every instance of a claim on a user's concrete network, the complex-step probe,
the sample nets and instances chosen per claim; and the kernel's use of them (it evaluates every
candidate itself). Ported from the old kernel/sweep.py tests."""

import numpy as np
import pytest
from sympy import Integer, KroneckerDelta, sign

from derive import Network
from derive.api import kernel_for, prove
from derive.evidence import Evidence
from derive.evidence.grid import Unsupported
from derive.evidence.nets import nets_for, numbers, picks
from derive.evidence.orbits import Orbits, renumbered
from derive.kernel.graph import Graph
from derive.evidence.probe import Probe
from derive.evidence.sweep import compare, compare_each, defined_point, difference
from derive.kernel.check import Kernel
from derive.kernel.verdict import StepRecord
from derive.model.identities import catalogue
from derive.model.instances import count, each
from derive.model.network import infer_domain
from derive.model.numeric import Point
from derive.model.proof import Derivation, Identity, Step
from derive.model.symbols import C, C0, L, N, Partial, a, b, delta, dsigma, j, k, l, lam, n, w, z
from derive.printing import words
from derive.printing.notation import text
from derive.printing.sentence import render


def stated(network, name):
    return next(c for c in catalogue(network) if c.name == name)


def claim(lhs, rhs, name="claim"):
    return Identity(name, name, lhs, rhs, infer_domain(lhs, rhs))


def every(network, identity, seed=0):
    """(the every-instance record's data or None, candidates)."""
    record, candidates = Evidence(seed).every_instance(identity, network)
    assert record is None or (record.kind == "every-instance" and record.evidence)
    return (record.data if record is not None else None), candidates


def worded(data):
    return render(words.every_instance(data), text)


WRONG_AT_ONE = (Partial(C, w[l, j, k]), a[l - 1, k] * delta[l, j] * (1 + KroneckerDelta(j, 3) * KroneckerDelta(l, 2)))


# --- every instance on the user's net ---------------------------------------------------
@pytest.mark.parametrize("activation,cost", [("generic", "quadratic"), ("sigmoid", "cross-entropy"),
                                             ("relu", "quadratic"), ("tanh", "quadratic")])
def test_bp1_to_bp4_hold_at_every_instance(activation, cost):
    net = Network([3, 2, 4, 2], activation, cost)
    for name in ("bp1", "bp2", "bp3", "bp4"):
        identity = stated(net, name)
        data, candidates = every(net, identity)
        assert candidates == [] and data is not None, (name, candidates)
        total = count(identity.domain, net.widths)
        assert total and data["instances"] == data["symbolic"] == data["numeric"] == total, (name, data)
        assert data["max_error"] < 1e-9 and not data["skipped"]


def test_a_claim_wrong_at_a_single_instance_is_found():
    """Exhaustive, not sampled: only l = 2, j = 3 is wrong among the 12 weights of [2, 3, 2]; the
    candidate is a real counterexample when the kernel evaluates it."""
    net = Network([2, 3, 2])
    wrong = claim(*WRONG_AT_ONE)
    data, candidates = every(net, wrong)
    assert data is None and len(candidates) == 1
    widths, env, seed = candidates[0]
    assert tuple(widths) == (2, 3, 2) and int(env[l]) == 2 and int(env[j]) == 3
    cex = Kernel(net).counterexample(wrong.lhs, wrong.rhs, wrong.domain, candidates[0])
    assert cex is not None and cex.indices["l"] == 2 and cex.indices["j"] == 3 and cex.lhs != cex.rhs
    right = claim(Partial(C, w[l, j, k]), a[l - 1, k] * delta[l, j])          # the control
    assert every(net, right)[1] == []


def test_instances_one_renumbering_apart_share_one_check_and_none_is_skipped(monkeypatch):
    """A permutation of each layer's neurons maps the net to itself, so one graph check answers the
    instances that renumber alike; one that renumbers apart is still checked on its own. Here the
    claim is wrong where b^l_j is b^2_3 itself, and right at the other 5 biases of [2, 3, 2]."""
    net = Network([2, 3, 2])
    checks = []
    same = Graph.same
    monkeypatch.setattr(Graph, "same", lambda self, u, v: checks.append((u, v)) or same(self, u, v))
    wrong = claim(Partial(b[2, 3] ** 2, b[l, j]), Integer(0))
    assert Orbits(wrong.lhs, wrong.rhs, [l, j]).forms is not None       # read without sympy, by the key
    data, candidates = every(net, wrong)
    assert data is None and [(int(e[l]), int(e[j])) for _, e, _ in candidates] == [(2, 3)]
    right = claim(Partial(b[2, 3] ** 2, b[l, j]), 2 * b[2, 3] * KroneckerDelta(l, 2) * KroneckerDelta(j, 3))
    checks.clear()
    data, candidates = every(net, right)                                 # the control: a guard, each on its own
    assert candidates == [] and data["symbolic"] == data["instances"] == 5
    bp4 = stated(Network([4, 5, 3]), "bp4")
    checks.clear()
    data, candidates = every(Network([4, 5, 3]), bp4)
    assert candidates == [] and data["symbolic"] == 4 * 5 + 5 * 3 and len(checks) == 2     # one per layer


def test_renumbering_is_one_to_one_on_both_sides_together():
    """A quantity that only a term the two sides share names is renumbered too: renumbering the
    difference alone would send a^1_2 to a^1_1 here, where a^1_1 already stands."""
    u, v = renumbered(a[1, 1] + a[1, 3] * b[2, 2], a[1, 1] + a[1, 2] * b[2, 2], 3)
    assert (u, v) == (a[1, 1] + a[1, 3] * b[2, 1], a[1, 1] + a[1, 2] * b[2, 1])
    u, v = renumbered(a[1, 3] * w[2, 2, 3], a[1, 5] * b[3, 2], 3)
    assert (u, v) == (a[1, 1] * w[2, 1, 1], a[1, 2] * b[3, 1])


@pytest.mark.parametrize("activation,cost", [("sigmoid", "cross-entropy"), ("relu", "quadratic"),
                                             ("generic", "quadratic"), ("softplus", "quadratic")])
def test_complex_step_derivatives_agree_with_40_digit_finite_differences(activation, cost):
    """The probe (float64, complex step) and the one numeric evaluator (model/numeric.Point, mpmath)
    draw the same point for a seed and agree on dC/dq."""
    net = Network([3, 4, 2], activation, cost)
    point = Point(net.widths, net, seed=5)
    grad = Probe(net.widths, net, seed=5).gradient()
    widths = net.widths
    for t in range(2, len(widths) + 1):                 # every w, b and z of every layer
        assert grad["w", t].shape == (widths[t - 1], widths[t - 2])
        assert grad["b", t].shape == grad["z", t].shape == (widths[t - 1],)
    bases = {"w": w, "b": b, "z": z, "a": a}
    for key in [("w", 2, 3, 1), ("b", 3, 2), ("z", 2, 4), ("a", 2, 1), ("w", 3, 1, 4), ("a", 1, 2)]:
        fd = float(point.value(Partial(C, bases[key[0]][key[1:]])))
        got = grad[key[:2]][tuple(i - 1 for i in key[2:])]
        assert abs(got - fd) <= 1e-9 * max(abs(fd), 1e-12), (key, got, fd)


def test_above_the_limit_a_documented_sample_is_checked_symbolically(monkeypatch):
    import derive.evidence as evidence_module
    monkeypatch.setattr(evidence_module, "BUDGET", 45)  # 20 instances of 3 quantities: a sample of 45 // 3 // 5
    monkeypatch.setattr(evidence_module, "SAMPLE", 6)
    monkeypatch.setattr(evidence_module, "KEYED", 10)   # 20 instances whose renumbering the key reads
    net = Network([3, 4, 2])
    data, candidates = every(net, stated(net, "bp4"))
    weights = 3 * 4 + 4 * 2
    assert candidates == [] and data["instances"] == data["numeric"] == weights and data["symbolic"] == 3
    said = worded(data)
    assert f"a seeded sample of 3 of {weights} instances" in said and "every instance numerically" in said
    # and the sample still finds a claim wrong at one instance: the candidates come from the numbers
    wrong = claim(*WRONG_AT_ONE)
    assert count(wrong.domain, net.widths) * 3 > 45                  # sampled symbolically
    data, candidates = every(net, wrong)
    assert data is None and [(int(e[l]), int(e[j])) for _, e, _ in candidates] == [(2, 3)]


def test_a_layer_over_the_work_budget_is_probed_at_a_sample(monkeypatch):
    import derive.evidence.probe as probe_module
    monkeypatch.setattr(probe_module, "WORK", 1)
    monkeypatch.setattr(probe_module, "SAMPLE", 5)
    net = Network([3, 4, 2])
    probe = Probe(net.widths, net, seed=1)
    grad = probe.gradient()
    assert probe.sampled == {2: (5, 12), 3: (5, 8)}
    assert int(np.isfinite(grad["w", 2]).sum()) == 5 and np.isfinite(grad["b", 2]).all()
    data, candidates = every(net, stated(net, "bp4"))
    assert candidates == [] and data["symbolic"] == data["instances"] == 20 and data["numeric"] == 10
    assert data["sampled_weights"] == {2: (5, 12), 3: (5, 8)}
    said = worded(data)
    assert "10 of 20 instances numerically" in said and "5 of 12 of layer 2" in said


def test_local_derivatives_are_compared_on_the_grid():
    """da/dz is read on the grid (a complex step through the net): every instance at once, in
    float64; a wrong local derivative is found there, and the kernel proves the true claim."""
    net = Network([2, 3, 2])
    local = claim(Partial(a[l, j], z[l, j]) * Partial(C, a[l, j]), delta[l, j])
    point = defined_point(net, net.widths, 100)
    total = count(local.domain, net.widths)
    assert compare(difference(local.lhs, local.rhs), local.domain, point, net)[::2] == (total, None)
    wrong = claim(Partial(a[l, j], z[l, k]), dsigma(z[l, j]))           # the Kronecker delta left out
    assert compare(difference(wrong.lhs, wrong.rhs), wrong.domain, point, net)[2] is not None
    data, candidates = every(net, local)
    assert candidates == [] and data["instances"] == data["symbolic"] == data["numeric"] == total
    proof = kernel_for(net).check(local, Derivation(local.lhs, local.rhs, local.domain, [Step(local.lhs, local.rhs, "")]))
    assert proof.proved and [c.kind for c in proof.checks] == ["every-instance"]


@pytest.mark.parametrize("reg, slope", [("l2", lambda t: t), ("l1", np.sign)])
def test_the_grid_reads_a_penalty_on_the_weights(reg, slope):
    """With L2 or L1, dC/dw on the grid is dC0/dw plus lambda/N times the penalty's slope at w,
    every instance at once: the right gradient agrees, lambda/(2N) and a penalized bias do not."""
    net = Network([3, 4, 2], regularization=reg)
    point = defined_point(net, net.widths, 100)
    probe, grad = point
    term = w[l, j, k] if reg == "l2" else sign(w[l, j, k])
    right = claim(Partial(C, w[l, j, k]), a[l - 1, k] * delta[l, j] + lam / N * term)
    assert compare(difference(right.lhs, right.rhs), right.domain, point, net)[::2] == (
        count(right.domain, net.widths), None)
    half = claim(Partial(C, w[l, j, k]), Partial(C0, w[l, j, k]) + lam / (2 * N) * term)
    assert compare(difference(half.lhs, half.rhs), half.domain, point, net)[2] is not None
    bias = claim(Partial(C, b[l, j]), delta[l, j] + lam / N * b[l, j])
    assert compare(difference(bias.lhs, bias.rhs), bias.domain, point, net)[2] is not None
    w3 = probe.W[3]                                # the numbers themselves, at one weight
    assert np.isclose(probe.penalty_of(w3, derivative=True)[1, 2], probe.lam / probe.N * slope(w3[1, 2]))


def test_the_grid_reads_a_sum_over_layers_and_the_derivative_of_the_penalty_written_out():
    """The penalty written out (a sum over the layers m, whose widths n(m) bound the inner sums) and
    d(C0 + penalty)/dw, term by term, are read on the grid at every instance: the derivative agrees
    with dC0/dw + lambda/N w, and with the 1/2 left out of the penalty it does not."""
    from sympy import Rational, Sum, Symbol
    m, p, q = (Symbol(t, integer=True) for t in "mpq")
    net = Network([3, 4, 2], regularization="l2")
    point = defined_point(net, net.widths, 100)
    penalty = lam / N * Sum(w[m, p, q] ** 2, (q, 1, n(m - 1)), (p, 1, n(m)), (m, 2, L))
    total = count(infer_domain(Partial(C, w[l, j, k]), Integer(0)), net.widths)
    for half, holds in ((Rational(1, 2), True), (Integer(1), False)):
        right = claim(Partial(C0 + half * penalty, w[l, j, k]), Partial(C0, w[l, j, k]) + lam / N * w[l, j, k])
        compared, _, where = compare(difference(right.lhs, right.rhs), right.domain, point, net)
        assert (compared, where is None) == ((total, True) if holds else (0, False))
    summed = claim(C, C0 + penalty / 2)                 # C's definition itself, a sum over layers
    assert compare(difference(summed.lhs, summed.rhs), summed.domain, point, net)[::2] == (1, None)


def test_sides_the_grid_cannot_evaluate_are_checked_one_by_one():
    """A second derivative is not on the grid: the instances are compared one at a time (40 digits)."""
    net = Network([2, 3, 2])
    second = claim(Partial(Partial(C, a[L, j]), a[L, j]), Integer(1))       # the quadratic cost's
    point = defined_point(net, net.widths, 100)
    with pytest.raises(Unsupported):
        compare(difference(second.lhs, second.rhs), second.domain, point, net)
    exact = Point(net.widths, net, point[0].seed)
    envs = list(each(second.domain, net.widths))
    assert compare_each(difference(second.lhs, second.rhs), envs, net.widths, exact)[::2] == (len(envs), None)
    assert compare_each(difference(second.lhs, 2 * second.rhs), envs, net.widths, exact)[2] == envs[0]


def test_rounding_next_to_an_exact_zero_is_not_reported_as_a_relative_error():
    """d(z^2_j - w^2_jk x_k)/da^1_k is exactly 0, and its 40-digit value is rounding: its relative error (1, the
    rounding against itself) is no measure of agreement and is left out of the record's largest error, as on the
    grid; a side that differs is still found (the control)."""
    net = Network([2, 3, 2])
    zero = claim(Partial(z[2, j] - w[2, j, k] * a[1, k], a[1, k]), Integer(0))
    exact = Point(net.widths, net, defined_point(net, net.widths, 100)[0].seed)
    envs = list(each(zero.domain, net.widths))
    checked, worst, found = compare_each(difference(zero.lhs, zero.rhs), envs, net.widths, exact)
    assert (checked, found) == (len(envs), None) and worst < 1e-20
    assert compare_each(difference(zero.lhs, w[2, j, k]), envs, net.widths, exact)[2] == envs[0]


def test_where_the_cost_is_never_defined_the_numbers_are_not_confirmed():
    """The generic sigma's stand-in leaves (0, 1), and the cross-entropy takes logs: with 12 outputs
    a random point almost never has them all in (0, 1). The symbolic check stands; the record says
    why numbers do not."""
    net = Network([2, 3, 12], "generic", "cross-entropy")
    data, candidates = every(net, stated(net, "bp3"))
    assert candidates == [] and data["instances"] == data["symbolic"] == 3 + 12 and data["numeric"] == 0
    assert "cost is not defined" in data["skipped"] and "numerically not on this net" in worded(data)
    proof = prove("bp3", net)                              # the kernel's proof stands, and says so
    assert proof.proved and [c.kind for c in proof.verdict.checks] == ["every-instance"]


def test_a_net_too_large_to_probe_says_so_and_keeps_its_symbolic_check(monkeypatch):
    import derive.evidence.probe as probe_module
    from derive.evidence.probe import too_large
    assert too_large((784, 30, 10)) == ""
    assert "parameters" in too_large((4096,) * 8) and "multiply-adds" in too_large((100,) * 64)
    monkeypatch.setattr(probe_module, "MAX_PARAMETERS", 10)
    net = Network([2, 3, 2])
    data, candidates = every(net, stated(net, "bp3"))
    assert candidates == [] and data["instances"] == data["symbolic"] == 5 and data["numeric"] == 0
    assert "numerically not on this net (17 parameters, more than the probe's 10)" in worded(data)


# --- instances and nets chosen per claim -------------------------------------------------
def test_picks_lists_every_instance_or_the_first_the_last_and_distinct_random_ones():
    net = Network([3, 4, 2])
    identity = stated(net, "bp4")
    domain, exprs = identity.domain, (identity.lhs, identity.rhs)
    everything = list(each(domain, net.widths))
    key = lambda e: tuple(sorted((s.name, int(v)) for s, v in e.items()))
    assert count(domain, net.widths) == len(everything) == 20
    assert sorted(map(key, picks(domain, net.widths, exprs, 20, 0))) == sorted(map(key, everything))
    few = picks(domain, net.widths, exprs, 7, 0)
    assert len(few) == 7 and few[0] == everything[0] and few[1] == everything[-1]
    assert len({key(e) for e in few}) == 7 and all(e in everything for e in few)
    assert few == picks(domain, net.widths, exprs, 7, 0)           # seeded


def test_picks_include_the_numbers_a_claim_mentions():
    """A claim wrong only at j = 17 of 40 neurons: the instances at 17 and beside it are picked."""
    lhs, rhs = Partial(C, b[2, j]), delta[2, j] * (1 + KroneckerDelta(j, 17))
    domain = infer_domain(lhs, rhs)
    widths = (3, 40, 2)
    chosen = {int(e[j]) for e in picks(domain, widths, (lhs, rhs), 14, 0)}
    assert {16, 17, 18} <= chosen and {1, 40} <= chosen and len(chosen) == 14


def test_sample_nets_exercise_every_guard_and_constant_of_the_claim():
    """Wider than every neuron number in the claim, deeper than every layer number, at least 3
    outputs, non-square, then one whose output layer is the deepest layer named, and one whose neighbouring
    layers differ by more than 2; and only nets on which the claim has an instance."""
    for lhs, rhs in ((Partial(C, b[l, j]), delta[l, j] * (1 + KroneckerDelta(j, 17))),
                     (Partial(C, w[l, j, k]), a[l - 1, k] * delta[l, j]),
                     (Partial(C, b[L - 3, j]), delta[L - 3, j])):
        domain = infer_domain(lhs, rhs)
        nets = nets_for((lhs, rhs), domain)
        assert nets and all(count(domain, widths) for widths in nets)
        big = [widths for widths in nets if max(widths) > 3]
        assert big and all(widths[-1] >= 3 and len(set(widths)) > 1 for widths in big[:2])
        assert all(len(set(widths)) == 1 and len(widths) == 2 for widths in big[2:-2])    # one layer, as wide
        assert len(big) > 3 and len(big[-2]) == numbers((lhs, rhs))[1]            # L the deepest layer named
        assert max(abs(u - v) for u, v in zip(big[-1][1:], big[-1][2:])) > 2     # hidden widths far apart
        if rhs.has(KroneckerDelta):
            assert all(min(widths) > 17 for widths in big)
        if lhs.has(b[L - 3, j]):
            assert all(len(widths) >= 5 for widths in big)
    assert (1, 2, 2) in nets_for((b[l, j], b[l, j]), infer_domain(b[l, j], b[l, j]))    # an input layer of one neuron


def test_one_instance_at_a_time_a_large_common_term_cancels_once_its_sums_are_multiplied_out():
    """At 40 digits, one instance at a time, the terms the sides share cancel before they are compared: 10^14 times
    the square of a sum against the same written as a double sum (equal only once each instance is multiplied out,
    which the index level cannot do) hides b/10^6 under 10^14 unless the square is multiplied out too (it is, and a
    power inside it in the next pass, found by the red team; only a power of a sum in a denominator is kept
    whole). The control, without b/10^6, agrees."""
    from sympy import Rational, Sum, Symbol
    net, m = Network([2, 3, 2]), Symbol("m", integer=True)
    row = w[l, j, k]
    square, double = Sum(row, (k, 1, n(l - 1))) ** 2, Sum(row * w[l, j, m], (k, 1, n(l - 1)), (m, 1, n(l - 1)))
    exact = Point(net.widths, net, 100)
    envs = list(each(claim(b[l, j], b[l, j]).domain, net.widths))
    r, q = Symbol("r", integer=True), Symbol("q", integer=True)
    a_k, a_q = Sum(w[l, k, m], (m, 1, n(l - 1))), Sum(w[l, q, r], (r, 1, n(l - 1)))
    nested, spread = Sum(a_k ** 2, (k, 1, n(l))) ** 2, Sum(a_k ** 2 * a_q ** 2, (k, 1, n(l)), (q, 1, n(l)))
    for wrong, differs in ((b[l, j] / 10 ** 6, True), (Integer(0), False)):
        for lhs, rhs in ((square, double), (nested, spread)):      # a square of a sum of squares of sums too
            diff = difference(10 ** 14 * lhs + wrong, 10 ** 14 * rhs)
            assert (compare_each(diff, envs, net.widths, exact)[2] is not None) == differs
    over = difference(b[l, j] / square + 10 ** 14 * b[l, j] + Rational(1, 10 ** 6), 10 ** 14 * b[l, j] + b[l, j] / square)
    assert compare_each(over, envs, net.widths, exact)[2] is not None        # a square in a denominator: no harm


def test_numbers_find_a_difference_hidden_by_a_guard_or_a_large_common_term():
    """The classes of issue 10: a guard zero on small nets, and a large common term; each time the
    evidence proposes a candidate the kernel confirms, and the true control gets none."""
    from derive.verify import claim_of
    net = Network()
    for wrong, right in (("dC/db[l,j] = delta[l,j]*(1 + [j=17])", "dC/db[l,j] = delta[l,j]*(1 + [j=17]*0)"),
                         ("10^14*b[l,j] + dC/db[l,j] = 10^14*b[l,j] + 1.0001*delta[l,j]",
                          "10^14*b[l,j] + dC/db[l,j] = 10^14*b[l,j] + delta[l,j]"),
                         ("dC/db[l,j] - delta[l,j] = delta[l,j]/10^6", "dC/db[l,j] - delta[l,j] = 0")):
        c = claim_of(wrong, net)
        record, candidates = Evidence(0).numbers(c.lhs, c.rhs, c.domain, net)
        assert candidates, wrong
        assert any(Kernel(net).counterexample(c.lhs, c.rhs, c.domain, cand) for cand in candidates), wrong
        c = claim_of(right, net)
        record, candidates = Evidence(0).numbers(c.lhs, c.rhs, c.domain, net)
        assert candidates == [] and record.kind == "numbers" and record.data["instances"] > 0, right


# --- the kernel and its evidence ---------------------------------------------------------
def test_a_counterexample_is_evaluated_once_a_process_by_a_kernel_and_its_forks(monkeypatch):
    """A batch of files repeats its mistakes: the kernel evaluates a candidate for one step once, and its forks
    (a file's kernel) reuse its answer; another step, or another candidate, is evaluated afresh."""
    import derive.kernel.check as check
    net = Network()
    wrong = claim(Partial(C, b[l, j]), 2 * delta[l, j])
    record, candidates = Evidence(0).numbers(wrong.lhs, wrong.rhs, wrong.domain, net)
    evaluated, evaluate = [], check.evaluate
    monkeypatch.setattr(check, "evaluate", lambda *args: evaluated.append(args[-2]) or evaluate(*args))
    kernel = Kernel(net)
    found = kernel.counterexample(wrong.lhs, wrong.rhs, wrong.domain, candidates[0])
    assert found is not None and len(evaluated) == 1
    assert kernel.fork([]).counterexample(wrong.lhs, wrong.rhs, wrong.domain, candidates[0]) == found
    assert len(evaluated) == 1
    assert kernel.counterexample(wrong.lhs, 3 * delta[l, j], wrong.domain, candidates[0]) is not None
    assert len(evaluated) == 2


def test_a_candidate_the_kernel_does_not_confirm_changes_nothing():
    """Evidence only proposes: a bogus candidate for a true claim neither refutes nor vetoes it."""
    net = Network([2, 3, 2])

    class Lying(Evidence):
        def every_instance(self, identity, network):
            return None, [((2, 3, 2), {l: Integer(2), j: Integer(1), k: Integer(1)}, 0)]

        def numbers(self, lhs, rhs, domain, network, thorough=True):
            first = next(each(domain, network.widths), None)
            return None, [] if first is None else [(tuple(network.widths), first, 0)]
    kernel = Kernel(net, Lying(0))
    for lemma in ("bp1", "bp2"):
        prove(lemma, net, kernel=kernel)
    proof = prove("bp4", net, kernel=kernel)
    assert proof.proved and proof.verdict.counterexample is None and "bp4" in kernel.proved


def test_a_step_the_quick_numbers_refute_is_not_searched_for_a_proof(monkeypatch):
    """The evidence's quick numbers come first: a wrong step with a counterexample the kernel
    evaluated is refuted before any rule is tried; a true step is still proved by the rules."""
    net = Network()
    kernel = kernel_for(net)
    asked = []
    original = Kernel._holds
    monkeypatch.setattr(Kernel, "_holds", lambda self, *args, **kw: asked.append(args) or original(self, *args, **kw))
    wrong, right = WRONG_AT_ONE[1], a[l - 1, k] * delta[l, j]
    domain = infer_domain(*WRONG_AT_ONE)
    record = kernel.step(Step(WRONG_AT_ONE[0], wrong, "algebra"), domain)
    assert record.status == "refuted" and record.problem.kind == "differ" and asked == []
    cex = record.counterexample
    assert cex.lhs != cex.rhs and cex.indices["j"] == 3
    for lemma in ("bp1", "bp2", "bp4"):
        prove(lemma, net, kernel=kernel)
    asked.clear()
    record = kernel.step(Step(WRONG_AT_ONE[0], right, "identity", {"name": "bp4"}), domain)
    assert record.status == "proved" and asked


def test_a_proved_chain_whose_claim_fails_at_an_instance_is_vetoed_with_its_numbers(monkeypatch):
    """The kernel trusts its chain only together with every instance: should a kernel error pass a
    wrong step, the check of every instance finds where the sides differ, and the claim is not proved."""
    net = Network([2, 3, 2])
    wrong = claim(*WRONG_AT_ONE)
    derivation = Derivation(wrong.lhs, wrong.rhs, wrong.domain, [Step(wrong.lhs, wrong.rhs, "algebra")])
    kernel = kernel_for(net)
    assert kernel.check(wrong, derivation).status == "refuted"        # the kernel as it is
    monkeypatch.setattr(Kernel, "_step", lambda self, step, *rest: StepRecord(step, "proved"))
    kernel = kernel_for(net)                                           # a kernel that passes every step
    verdict = kernel.check(wrong, derivation)
    assert verdict.status == "undecided" and "claim" not in kernel.proved
    assert [p.kind for p in verdict.problems] == ["veto"]
    cex = verdict.counterexample
    assert cex["indices"]["l"] == 2 and cex["indices"]["j"] == 3 and list(cex["widths"]) == [2, 3, 2]
    assert cex["lhs"] != cex["rhs"]


def test_the_end_of_a_time_budget_is_not_swallowed_as_a_failed_check():
    """Wherever the budget ends (a step, the instances), the work stops: no verdict is made of it."""
    from derive.budget import OutOfTime, time_budget
    for seconds in (0.5, 3.0):
        with pytest.raises(OutOfTime):
            with time_budget(seconds):
                prove("bp4", Network([784, 100, 100, 10]))


def test_a_budget_that_ends_at_once_leaves_no_timer_running():
    """However early the alarm lands (before the block, while it ends), the budget ends with its
    timer off and the previous handler back: no later alarm can kill the process (exit 142)."""
    import signal
    from derive.budget import OutOfTime, time_budget
    previous = signal.getsignal(signal.SIGALRM)
    ended = 0
    for t in range(300):
        try:
            with time_budget(1e-6 * (1 + t % 7)):
                sum(range(200 * (t % 5)))
        except OutOfTime:
            ended += 1
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is previous
    assert ended > 0


def test_what_float64_cannot_decide_is_decided_at_40_digits(monkeypatch):
    """With no rounding allowed, float64 sees a difference at every instance of a true claim; each
    is compared again at 40 digits, and none is proposed. A wrong claim is still found."""
    import derive.evidence.sweep as sweep
    monkeypatch.setattr(sweep, "TOLERANCE", 0.0)
    monkeypatch.setattr(sweep, "_floor", lambda grad: 0.0)
    net = Network([2, 3, 2])
    true = claim(Partial(a[l, j], z[l, j]) * Partial(C, a[l, j]), delta[l, j])
    point = defined_point(net, net.widths, 100)
    exact = Point(net.widths, net, point[0].seed)
    diff = difference(true.lhs, true.rhs)
    assert compare(diff, true.domain, point, net)[2] is not None
    assert compare(diff, true.domain, point, net, exact)[::2] == (count(true.domain, net.widths), None)
    wrong = difference(true.lhs, 2 * true.rhs)
    assert compare(wrong, true.domain, point, net, exact)[2] is not None


def test_a_complete_sweep_with_instances_the_net_lacks_is_not_called_a_sample():
    """Every instance read, some naming what the net does not have: the summary says so, never "a seeded
    sample" (which it said whenever fewer instances were compared than the domain counts)."""
    base = {"widths": (2, 3, 2), "instances": 6, "symbolic": 5, "unread": 0, "numeric": 0}
    assert "5 of 6 instances symbolically, every one read" in worded({**base, "sampled": False})
    assert "a seeded sample of 5 of 6" in worded({**base, "sampled": True})
    assert "all 6 instances" in worded({**base, "symbolic": 6, "sampled": False})
