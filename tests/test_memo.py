"""What the kernel keeps within one process (the normal forms of canon.NORMALS) never lends an
answer to another network, activation or domain: each question is asked in both orders, so a
memo filled by the case where it holds is then consulted by the case where it does not. The
kernels here have no evidence, so no numeric search can refute first and hide a lent answer."""
import pytest
from sympy import Tuple

from derive.kernel import canon
from derive.kernel.check import Kernel
from derive.model.network import Network
from derive.model.proof import Step
from derive.model.network import infer_domain
from derive.model.symbols import L, delta, guard, j, l, n
from derive.parsing.parse import parse_identity

L2_COST = "C = C0 + lambda/N*sum(m=2, L, sum(p=1, n(m), sum(q=1, n(m-1), w[m,p,q]^2/2)))"
SIGMOID_LAW = "sigma'(z[l,j]) = sigma(z[l,j])*(1 - sigma(z[l,j]))"


@pytest.fixture(autouse=True)
def empty_memo():
    canon.NORMALS.clear()


def status(text, **options):
    """The kernel's record of `text` as one step by the definitions, on its own domain."""
    lhs, rhs = parse_identity(text)
    return Kernel(Network(**options)).step(Step(lhs, rhs, "definition"), infer_domain(lhs, rhs)).status


@pytest.mark.parametrize("order", [("l2", "l1", None), (None, "l1", "l2")])
def test_the_l2_cost_holds_for_l2_alone_whichever_network_asks_first(order):
    got = {reg: status(L2_COST, regularization=reg) for reg in order}
    assert got["l2"] == "proved" and got["l1"] != "proved" and got[None] != "proved"


@pytest.mark.parametrize("order", [("sigmoid", "tanh", "generic"), ("generic", "tanh", "sigmoid")])
def test_the_sigmoid_law_holds_for_the_sigmoid_alone_whichever_activation_asks_first(order):
    got = {act: status(SIGMOID_LAW, activation=act) for act in order}
    assert got["sigmoid"] == "proved" and got["tanh"] != "proved" and got["generic"] != "proved"


NARROW = (Tuple(l, 3, L), Tuple(j, 1, n(l)))          # l >= 3: the guard [l >= 3] is 1
WIDE = (Tuple(l, 2, L), Tuple(j, 1, n(l)))            # at l = 2 the guard is 0


@pytest.mark.parametrize("order", [(NARROW, WIDE), (WIDE, NARROW)])
def test_a_step_that_holds_on_a_narrow_domain_is_not_lent_to_a_wide_one(order):
    step = Step(guard(l >= 3) * delta[l, j], delta[l, j], "algebra")
    kernel = Kernel(Network())
    got = {domain: kernel.step(step, domain).status for domain in order}
    assert got[NARROW] == "proved"
    assert got[WIDE] != "proved"


RANK_ONE = "dC/dw[L,40,k]*dC/db[L,i] = dC/dw[L,i,k]*dC/db[L,40]"     # dC/dw = delta a^T has rank 1: one input


@pytest.mark.parametrize("order", [(False, True), (True, False)])
def test_a_minor_of_one_input_is_not_lent_to_a_mini_batch(order):
    """Over a mini-batch dC/dw = (1/M) sum_s delta_s a_s^T has rank above 1: the minor is not 0
    (40 is beyond every sample net, so only the memo could prove it there)."""
    got = {batch: status(RANK_ONE, batch=batch) for batch in order}
    assert got[False] == "proved" and got[True] != "proved"


# --- the kernel's answers about steps (Kernel._answers), shared by the forks of one network's kernel ---
@pytest.mark.parametrize("first", ["bp3", "bp4"])
def test_an_answer_citing_a_name_is_not_lent_when_the_name_states_something_else(first):
    """A fork in which the name bp3 states BP4 does not get the answer of a fork in which it states
    BP3: the step is justified by bp3 only where bp3 is BP3 (it still holds by the chain rule)."""
    from derive.api import library_kernel
    library = library_kernel(Network(), ["bp3", "bp4"])
    right, swapped = library.fork(["bp3"]), library.fork(["bp4"])
    swapped._proved = {"bp3": swapped.proved["bp4"]}                  # a name stating another identity
    lhs, rhs = parse_identity("2*dC/db[l,j] = 2*delta[l,j]")
    step = Step(lhs, rhs, "identity", {"name": "bp3", "names": ("bp3",)})
    kernels = {"bp3": right, "bp4": swapped}
    order = [first] + [name for name in kernels if name != first]
    got = {name: kernels[name].step(step, infer_domain(lhs, rhs)) for name in order}
    assert got["bp3"].status == "proved" and got["bp3"].justified is True
    assert got["bp4"].justified is False and got["bp4"].problem.kind == "wrong-reason"
    assert right._answers is swapped._answers


@pytest.mark.parametrize("order", [(NARROW, WIDE), (WIDE, NARROW)])
def test_a_kernels_answer_about_a_step_is_kept_per_domain(order):
    """The same step on the same kernel, asked twice on each domain: the kept answer is the one of its domain."""
    step = Step(guard(l >= 3) * delta[l, j], delta[l, j], "algebra")
    kernel = Kernel(Network())
    got = [(domain, kernel.step(step, domain).status) for domain in order + order]
    assert [s for d, s in got if d == NARROW] == ["proved", "proved"]
    assert all(s != "proved" for d, s in got if d == WIDE)
    assert any(key[0] == "holds" for key in kernel._answers)


# --- the derivatives a numeric Point keeps (model/numeric.Point._partials) ---
def test_a_point_keeps_each_derivative_at_its_own_digits_and_moved_nodes():
    """dC/dw at 40 digits is not lent to 80, nor dC/da under a moved node to the unmoved point:
    a point that asked first gives the same numbers, to the last digit, as fresh points."""
    from derive.model.numeric import Point
    from derive.model.symbols import C, Partial, a, w
    net, widths = Network(activation="sigmoid"), (2, 3, 2)
    inner = Partial(C, a[3, 1])
    nested = Partial(inner, w[2, 1, 1])              # moves w, then differences dC/da under the move
    asked = Point(widths, net, 4)
    first = [asked.value(e, more=m) for m in (0, 40) for e in (inner, nested)]
    fresh = [Point(widths, net, 4).value(e, more=m) for m in (0, 40) for e in (inner, nested)]
    assert first == fresh
    assert first[0] != first[2]                     # the digits differ: each precision has its own number
    assert abs(first[1]) > 1e-6                     # d(a - y)/dw = da/dw: the moved dC/da is not the unmoved one
