"""The mini-batch notation: a sample index s (1..M) last on what depends on the input, read in the
ASCII, LaTeX and text notations and from the book's matrices (A^l, Z^l, \\Delta^l, X, Y, \\nabla_A C),
and every printer's formula of a batch quantity read back to the same expression."""
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sympy import And, Integer, KroneckerDelta, Piecewise, Rational, Sum, Symbol, piecewise_fold

from derive.model.symbols import C, L, M, N, Partial, a, b, delta, dsigma, j, k, l, n, p, s, sigma, w, x, y, z
from derive.parsing.parse import ParseError, parse, parse_expression, parse_identity
from derive.printing.html import mathml
from derive.printing.notation import ascii, latex, text
from test_roundtrip import canonical

t = Symbol("t", integer=True)


def same(got, expected):
    """Equal up to the names of the sums' bound indices, each sum's guards folded as sympy folds them when it builds
    a sum (Σ_t ([1 ≤ s ≤ M] x_t + z) is built as Σ_t (x_t + z if 1 ≤ s ≤ M, else z), and printed as the former)."""
    folded = lambda e: e.replace(lambda q: isinstance(q, Sum), lambda q: Sum(piecewise_fold(q.function), *q.limits))  # noqa: E731
    return canonical(folded(got)) == canonical(folded(expected))


# --- quantities with a sample index --------------------------------------------------------------
@pytest.mark.parametrize("written, expected", [
    ("z[l,j,s]", z[l, j, s]),
    ("a[l-1,k,s]", a[l - 1, k, s]),
    ("delta[l,j,s]", delta[l, j, s]),
    ("x[j,s]", x[j, s]),
    ("y[j, s]", y[j, s]),
    ("a^{l-1}_{ks}", a[l - 1, k, s]),
    ("a^{l-1}_{k,s}", a[l - 1, k, s]),
    ("a_{ks}^{l-1}", a[l - 1, k, s]),
    (r"\delta^l_{js}", delta[l, j, s]),
    ("δ^l_{js}", delta[l, j, s]),
    ("x_{js}", x[j, s]),
    ("y_{j,s}", y[j, s]),
    ("z^L_{j s}", z[L, j, s]),
    ("a^2_{1s}", a[2, 1, s]),
    (r"\frac{\partial C}{\partial a^L_{js}}", Partial(C, a[L, j, s])),
    ("dC/da[L,j,s]", Partial(C, a[L, j, s])),
    ("∂C/∂z^l_{js}", Partial(C, z[l, j, s])),
    (r"\sigma'(z^l_{js})", dsigma(z[l, j, s])),
    ("M", M),
    ("1/M", 1 / M),
    ("N M", N * M),
])
def test_a_quantity_takes_its_sample_last(written, expected):
    assert parse_expression(written) == expected


def test_a_single_index_keeps_its_arity():
    assert parse_expression("a^l_j + x_j + y[j] + z[l,j]") == a[l, j] + x[j] + y[j] + z[l, j]


def test_digits_are_one_number_unless_separated():
    assert parse_expression("a^2_{12}") == a[2, 12]
    assert parse_expression("a^2_{1,2}") == a[2, 1, 2]
    assert parse_expression("x_{12}") == x[12]
    assert parse_expression("x_{1,2}") == parse_expression("x[1,2]") == x[1, 2]
    assert parse_expression("w^2_{12}") == w[2, 1, 2]


@pytest.mark.parametrize("written", [
    r"\sum_s a^L_{js}", r"\sum_{s=1}^{M} a^L_{js}", r"\sum_{s=1}^M a^L_{js}", "Σ_{s=1}^{M} a^L_{js}",
    "sum(s, a[L,j,s])", "sum(s=1, M, a[L,j,s])"])
def test_a_sum_over_the_samples_runs_to_M(written):
    assert parse_expression(written) == Sum(a[L, j, s], (s, 1, M))


def test_the_batch_cost_and_a_range_over_the_samples():
    assert parse_expression(r"\frac{1}{M} \sum_{s=1}^{M} \frac{1}{2} (y_{js} - a^L_{js})^2") == \
        Sum(Rational(1, 2) * (y[j, s] - a[L, j, s]) ** 2, (s, 1, M)) / M
    assert parse_expression("[1 ≤ s ≤ M] a^L_{js}") == Piecewise((a[L, j, s], And(s >= 1, s <= M)), (0, True))


@pytest.mark.parametrize("written, column, words", [
    ("b^l_{js} = 1", 1, "b takes 1 neuron index"),
    ("b[l,j,s] = 1", 1, "b takes 1 neuron index"),
    ("w^l_j = 1", 1, "w takes 2 neuron indices"),
    ("w[l,j,k,s] = 1", 1, "w takes 2 neuron indices"),
    ("z^l_{jks} = 1", 1, "z takes a neuron index, and a sample index in a mini-batch"),
    ("C = a[l,j,k,s]", 5, "a takes a neuron index, and a sample index in a mini-batch"),
    (r"\delta^l_{jks} = 1", 1, "delta takes a neuron index, and a sample index in a mini-batch"),
    ("x_{jks} = 1", 1, "x takes a neuron index, and a sample index in a mini-batch"),
    ("C = y[j,k,s]", 5, "y takes a neuron index, and a sample index in a mini-batch"),
    ("a^l_M = 1", 5, "M is the size of a mini-batch, not an index"),
    (r"\sum_M a^L_{js} = 1", 6, "M is the size of a mini-batch, not an index"),
    ("z^M_j = 1", 3, "'M' is not a layer"),
    (r"\sum_{s=1}^{n_L} a^L_{js} = 1", 18, "the sum runs s over 1..n_L but a^L_{js} needs 1..M"),
    ("C = A + 1", 5, "A takes a layer: A^l, the matrix of a mini-batch"),
])
def test_arity_errors_are_one_line_with_their_column(written, column, words):
    with pytest.raises(ParseError) as e:
        parse_identity(written)
    assert words in str(e.value)
    assert e.value.column == column
    assert "\n" not in str(e.value)


# --- the matrices of a mini-batch ------------------------------------------------------------------
def components(written):
    """The two sides of a matrix equation, by components."""
    return parse_identity(written)


@pytest.mark.parametrize("written", [
    r"\frac{\partial C}{\partial w^l} = \frac{1}{M} \Delta^l (A^{l-1})^T",
    r"\frac{\partial C}{\partial w^l} = 1/M \Delta^l (A^{l-1})^T",
    r"∂C/∂w^l = 1/M Δ^l (A^{l-1})^T",
])
def test_the_weight_gradient_averages_the_samples(written):
    lhs, rhs = components(written)
    assert lhs == Partial(C, w[l, j, k])
    assert rhs == Sum(delta[l, j, p] * a[l - 1, k, p], (p, 1, M)) / M


def test_bp2_in_matrix_form_keeps_the_sample_as_the_column():
    lhs, rhs = components(r"\Delta^l = ((w^{l+1})^T \Delta^{l+1}) \odot \sigma'(Z^l)")
    assert lhs == delta[l, j, s]
    assert same(rhs, Sum(w[l + 1, p, j] * delta[l + 1, p, s], (p, 1, n(l + 1))) * dsigma(z[l, j, s]))


@pytest.mark.parametrize("written", [
    r"\Delta^L = M \nabla_A C \odot \sigma'(Z^L)",
    r"\Delta^L = M \nabla_{A} C \odot \sigma'(Z^L)",
    "Δ^L = M \\nabla_A C ⊙ σ'(Z^L)",
    "Delta^L = M \\nabla_A C ⊙ sigma'(Z^L)",
])
def test_bp1_in_matrix_form(written):
    assert components(written) == (delta[L, j, s], M * Partial(C, a[L, j, s]) * dsigma(z[L, j, s]))


def test_the_forward_pass_and_the_data_matrices():
    assert components(r"Z^l = w^l A^{l-1} + b^l 1^T") == (
        z[l, j, s], Sum(w[l, j, p] * a[l - 1, p, s], (p, 1, n(l - 1))) + b[l, j])
    assert components(r"A^l = \sigma(Z^l)") == (a[l, j, s], sigma(z[l, j, s]))
    assert components("A^1 = X") == (a[1, j, s], x[j, s])
    assert components("Y - A^L = Y") == (y[j, s] - a[L, j, s], y[j, s])
    assert components(r"\frac{\partial C}{\partial Z^l} = \frac{1}{M} \Delta^l") == \
        (Partial(C, z[l, j, s]), delta[l, j, s] / M)


def test_a_products_sum_never_captures_the_users_indices():
    """The bound index is named after the user's own (here p and s, free) are known."""
    lhs, rhs = components(r"\frac{\partial C}{\partial w^l} = a^2_{3p} a^3_{s} \Delta^l (A^{l-1})^T")
    row, col = lhs.v.indices[1:]
    assert {row, col}.isdisjoint({p, s})
    (var, lo, hi), = rhs.atoms(Sum).pop().limits
    assert var not in (p, s, row, col) and (lo, hi) == (1, M)
    assert same(rhs, a[2, 3, p] * a[3, s] * Sum(delta[l, row, t] * a[l - 1, col, t], (t, 1, M)))


@pytest.mark.parametrize("written, words", [
    (r"\Delta^l = \delta^l", "different shapes"),
    (r"\Delta^l = (w^{l+1})^T \Delta^{l+1} \odot \sigma'(z^l)", "same size"),
    (r"\frac{\partial C}{\partial w^l} = \Delta^l A^{l-1}", "cannot multiply"),
    (r"\Delta^l = \Sigma'(Z^l) \Delta^l", "diagonal matrix of a vector"),
])
def test_batch_matrices_and_vectors_do_not_mix(written, words):
    with pytest.raises(ParseError, match=words):
        parse_identity(written)


# --- printed, then read back --------------------------------------------------------------------------
BATCH_EXPRESSIONS = [
    a[l - 1, k, s], x[j, s], y[j, s], z[L, j, 1], a[2, 1, s], a[2, 1, 2], a[2, 12, 3], x[1, 2], M,
    delta[l, j, s], Partial(C, a[L, j, s]), Partial(C, z[l, j, s]), Partial(C, w[l, j, k]),
    dsigma(z[l, j, s]), M * Partial(C, a[L, j, s]) * dsigma(z[L, j, s]),
    Sum(delta[l, j, p] * a[l - 1, k, p], (p, 1, M)) / M,
    Sum(delta[l, j, s], (s, 1, M)) / M,
    Sum(Rational(1, 2) * (y[j, s] - a[L, j, s]) ** 2, (j, 1, n(L)), (s, 1, M)) / M,
    Sum(w[l + 1, k, j] * delta[l + 1, k, s], (k, 1, n(l + 1))) * dsigma(z[l, j, s]),
    Partial(Sum((a[L, k, s] - y[k, s]) ** 2, (k, 1, n(L))), a[L, j, s]),
    Piecewise((a[L, j, s], And(s >= 1, s <= M)), (0, True)),
    KroneckerDelta(s, t) * x[j, t],
    M * Partial(C, z[L, j, s]) - delta[L, j, s],
]


@pytest.mark.parametrize("printer", [text, latex, ascii], ids=["text", "latex", "ascii"])
@pytest.mark.parametrize("e", BATCH_EXPRESSIONS, ids=str)
def test_every_printer_writes_what_the_parser_reads_back(printer, e):
    printed = printer(e)
    got = parse(printed).exprs
    assert len(got) == 1 and same(got[0], e), f"{printed!r} reads as {got}"


samples = st.one_of(st.sampled_from([s, t]), st.integers(1, 12).map(Integer))
neurons = st.one_of(st.sampled_from([j, k]), st.integers(1, 12).map(Integer))
layers = st.sampled_from([l, L, l - 1, Integer(2)])
batch_quantities = st.one_of(
    st.builds(lambda q, lay, i, r: q[lay, i, r], st.sampled_from([z, a, delta]), layers, neurons, samples),
    st.builds(lambda q, i, r: q[i, r], st.sampled_from([x, y]), neurons, samples))
batch_variables = st.builds(lambda q, lay, i, r: q[lay, i, r], st.sampled_from([z, a]), layers, neurons, samples)
batch_atoms = st.one_of(batch_quantities, batch_variables.map(lambda v: Partial(C, v)), st.just(M),
                        st.integers(1, 9).map(Integer))


def batch_extend(inner):
    return st.one_of(
        st.builds(lambda e, f: e + f, inner, inner),
        st.builds(lambda e, f: e - f, inner, inner),
        st.builds(lambda e, f: e * f, inner, inner),
        st.builds(lambda e: e / M, inner),
        st.builds(lambda e, r: Sum(e, (r, 1, M)), inner, st.sampled_from([s, t])),
        st.builds(dsigma, inner),
        st.builds(Partial, inner, batch_variables),
        st.builds(lambda e, r: Piecewise((e, And(r >= 1, r <= M)), (0, True)), inner, st.sampled_from([s, t])),
    )


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(batch_atoms, batch_extend, max_leaves=5))
@example(Sum(Piecewise((x[j, t], And(s >= 1, s <= M)), (0, True)) + z[l, j, s], (t, 1, M)))    # a guard folded
def test_generated_batch_expressions_parse_back_in_every_printer(e):
    for printer in (text, latex, ascii):
        printed = printer(e)
        got = parse(printed).exprs
        assert len(got) == 1 and same(got[0], e), f"{printed!r} reads as {got}"


def test_the_sample_is_printed_as_the_book_writes_it():
    assert text(a[l - 1, k, s]) == "a^{l-1}_{ks}" and latex(a[l - 1, k, s]) == "a^{l - 1}_{ks}"
    assert text(x[j, s]) == "x_{js}" and latex(y[j, s]) == "y_{js}" and ascii(x[j, s]) == "x[j,s]"
    assert text(delta[l, j, s]) == "δ^l_{js}" and ascii(delta[l, j, s]) == "delta[l,j,s]"
    assert text(a[2, 1, 2]) == "a^2_{1,2}" and text(a[2, 12]) == "a^2_{12}" and text(w[2, 1, 2]) == "w^2_{12}"
    assert text(Sum(delta[l, j, p] * a[l - 1, k, p], (p, 1, M)) / M) == "(Σ_{p=1}^{M} a^{l-1}_{kp} δ^l_{jp})/M"
    assert text(M * dsigma(z[L, j, s]) * Partial(C, a[L, j, s])) == "M ∂C/∂a^L_{js} σ'(z^L_{js})"
    assert text(Piecewise((a[L, j, s], And(s >= 1, s <= M)), (0, True))) == "[1 ≤ s ≤ M] a^L_{js}"


def test_mathml_shows_both_subscripts():
    assert "<msub><mi>x</mi><mrow><mi>j</mi><mi>s</mi></mrow></msub>" in mathml(x[j, s])
    two = mathml(a[2, 1, 2])
    assert '<mn>1</mn><mo separator="true">,</mo><mn>2</mn>' in two
    assert '<mo separator="true">' not in mathml(a[l, j, s]) + mathml(w[2, 1, 2])
