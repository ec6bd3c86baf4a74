"""The norm of a vector (‖y - a^L‖^2, Nielsen's quadratic cost) and bars that pair up two ways."""
import pytest

from derive.cli import main
from derive.parsing.parse import ParseError, parse


@pytest.mark.parametrize("text, column", [
    ("|2 ||b^l_j|| - 1| = 2 b^l_j", 4),               # |2·‖b‖ - 1| or |2| |b| |-1|: it was read 2 |b^l_j|
    ("||a^l_j|| b^l_j ||z^l_j|| = 1", 8),            # ‖a‖ b ‖z‖, |a·|b|·z| or |(|a| |b| |z|)|
    ("|a^l_j| |b^l_j| |z^l_j| = 1", 7),               # |a| |b| |z| or |a ‖b‖ z|
])
def test_bars_that_pair_up_two_ways_are_bad_input(text, column):
    with pytest.raises(ParseError, match="pair up two ways") as e:
        parse(text)
    assert e.value.column == column


@pytest.mark.parametrize("text", [
    "|2 * ||b^l_j|| - 1| = 1", "||a^l_j|| * b^l_j * ||z^l_j|| = 1", "|a^l_j| * |b^l_j| * |z^l_j| = 1",
    "|a^l_j| |b^l_j| = 1", "|a^l_j||b^l_j| = 1", "||a^l_j|| - ||b^l_j|| = 1", "|b^l_j| b^l_j = b^l_j |b^l_j|",
    "||b^l_j| - 1| = 1", "2 |b^l_j| = 1",
])
def test_bars_that_pair_up_one_way_are_read(text):
    parse(text)


def test_an_ambiguous_claim_is_bad_input_not_a_verdict():
    """|2 ||b|| - 1| = 2b was REFUTED, read as 2|b| = 2b: false for b < 0, but so is the other reading's."""
    assert main(["verify", "|2 ||b^l_j|| - 1| = 2 b^l_j"]) == 2


QUADRATIC = "C = 1/2 sum(j, (y[j] - a[L,j])^2)"          # eq. 6/26 by components


@pytest.mark.parametrize("text", [
    r"C = 1/2*\|y - a^L\|^2", r"C = \frac{1}{2} \lVert y - a^L \rVert^2", r"C = \frac{1}{2} \left\| y - a^L \right\|^2",
    r"C = \frac{1}{2} \left\lVert y - a^L \right\rVert^2", r"C = \frac{1}{2} \Vert y - a^L \Vert^2",
    "C = 1/2 ‖y - a^L‖^2", "C = 1/2 ||y - a^L||^2", "C = 1/2 | |y - a^L| |^2", "C = 1/2*norm(y - a^L)^2",
])
def test_the_squared_norm_of_a_vector_is_the_sum_of_its_squared_entries(text):
    assert parse(text).exprs == parse(QUADRATIC).exprs


@pytest.mark.parametrize("claim, code", [
    (r"C = 1/2*\|y - a^L\|^2", 0),
    ("C = 1/2 ||y - a^L||^2", 0),
    (r"C = \|y - a^L\|^2", 1),                           # twice the cost
    ("C = 1/2*norm(y - a^L)", 1),                       # the norm itself, not its square
    (r"\frac{\partial}{\partial a^L_j} \frac{1}{2}\|y - a^L\|^2 = a^L_j - y_j", 0),
    (r"\frac{\partial}{\partial a^L_j} \|y - a^L\|^2 = a^L_j - y_j", 1),
    ("dC/da[L,j] = d(1/2*norm(y - a^L)^2)/da[L,j]", 0),
])
def test_the_quadratic_cost_as_a_norm_is_proved_and_a_wrong_one_refuted(claim, code):
    assert main(["verify", claim]) == code


@pytest.mark.parametrize("claim, batch, code", [
    (r"C = \frac{1}{2M}\|Y - A^L\|_F^2", True, 0),                  # the mini-batch cost, as a Frobenius norm
    (r"C = \frac{1}{M}\|Y - A^L\|_F^2", True, 1),
    (r"C = \frac{1}{2M} \sum_j \sum_s (y_{js} - a^L_{js})^2", True, 0),   # its sums in either order
    (r"\|w^l\|_F^2 = \sum_j \sum_k (w^l_{jk})^2", False, 0),
    (r"\|w^l\|_{\mathrm{F}}^2 = \sum_k \sum_j (w^l_{jk})^2", False, 0),
    (r"\|w^l\|_F = \sqrt{\sum_j \sum_k (w^l_{jk})^2}", False, 0),
    (r"\|w^l\|_F^2 = \sum_j \sum_k w^l_{jk}", False, 1),
    (r"C = \frac{1}{2}\|y - a^L\|_F^2", False, 0),                   # a vector's is its norm
])
def test_the_frobenius_norm_of_a_matrix_is_the_root_of_its_squared_entries_summed(claim, batch, code):
    assert main(["verify", claim] + ["--batch"] * batch) == code


def test_a_norm_alone_is_the_square_root_of_the_sum():
    from sympy import sqrt
    total = parse("C = sum(j, (y[j])^2)").exprs[1]
    for text in ("C = norm(y)", r"C = \|y\|", "C = ||y||", r"C = \lVert y \rVert"):
        assert parse(text).exprs[1] == sqrt(total)
    assert parse(r"C = \|y\|^4").exprs[1] == total ** 2


def test_the_norm_of_a_number_is_its_absolute_value():
    """||x|| of a number reads |(|x|)| too: the two readings agree."""
    absolute = parse("C = abs(b[l,j])").exprs[1]
    for text in ("C = ||b[l,j]||", r"C = \|b^l_j\|", "C = norm(b[l,j])", "C = ‖b^l_j‖"):
        assert parse(text).exprs[1] == absolute


def test_norms_of_rows_and_products_are_read():
    assert parse("C = ||(a^L)^T||^2").exprs == parse("C = sum(j, (a[L,j])^2)").exprs
    inner = parse(r"C = \|(w^{l+1})^T \delta^{l+1}\|^2").exprs[1]
    assert inner == parse(r"C = \sum_{j=1}^{n_l} (\sum_{p=1}^{n_{l+1}} w^{l+1}_{pj} \delta^{l+1}_p)^2").exprs[1]


def test_the_index_of_a_norm_is_one_the_text_does_not_use():
    """∂/∂a^L_j ‖y - a^L‖^2: the sum's index is not j, which a reader would take for the free one."""
    from derive.model.symbols import j
    lhs = parse(r"\frac{\partial}{\partial a^L_j} \frac{1}{2}\|y - a^L\|^2 = a^L_j - y_j").exprs[0]
    from sympy import Sum
    (s,) = lhs.atoms(Sum)
    assert s.limits[0][0].name not in ("j", "L", "a", "y")
    assert lhs.free_symbols >= {j}


@pytest.mark.parametrize("text, words", [
    ("C = |y - a^L|^2", r"length \|v\| of a vector is not read: write its norm squared, ‖v‖\^2"),
    ("C = abs(abs(a^L))", "length"),                    # abs(...) is the absolute value, even twice
    (r"C = \left|\left| a^L \right|\right|", "length"),
    ("C = ‖w^l‖^2", "a matrix's Frobenius norm is written ‖...‖_F"),
    ("C = norm(A^l)^2", "a matrix's Frobenius norm is written ‖...‖_F"),
    (r"\|a^L\|^2 = a^L", "one side is a vector"),
])
def test_what_a_norm_does_not_mean_is_said_in_one_line(text, words):
    with pytest.raises(ParseError, match=words) as e:
        parse(text)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("text, column", [
    ("‖2 ‖a^L‖ - 1‖ = C", 4),                          # ‖2·‖a‖ - 1‖ or ‖2‖ a ‖-1‖
    (r"C = \|a^L\| 2 \|y\|", 10),                      # ‖a‖ 2 ‖y‖ or ‖a ‖2‖ y‖
    ("C = ||a^L|| 2 ||y||", 10),
])
def test_norm_bars_that_pair_up_two_ways_are_bad_input(text, column):
    with pytest.raises(ParseError, match="pair up two ways") as e:
        parse(text)
    assert e.value.column == column


@pytest.mark.parametrize("text", [r"C = \|a^L\| * 2 * \|y\|", r"C = 2 \|a^L\| \|y\|", "C = 2 ||a^L|| ||y||",
                                  "C = ||a^L||^2 - ||y||^2", r"C = \| 2 * \|a^L\| - 1 \|"])
def test_norm_bars_that_pair_up_one_way_are_read(text):
    parse(text)


@pytest.mark.parametrize("text", ["C = 1/2*norm(y - a^L)^2", "C = norm(y - a^L)", "C = norm(a^L) * norm(y)",
                                  "C = ||b[l,j]||^2", r"C = \|(w^{l+1})^T \delta^{l+1}\|", "C = ||1^T||^2",
                                  r"C = \|w^l\|_F", r"C = \|(w^l)^T w^l\|_F^2"])
def test_what_derive_prints_of_a_norm_reads_back(text):
    """derive prints a norm as the sum it is (and its square root): each notation reads it back."""
    from derive.printing.notation import ascii, latex, text as plain
    e = parse(text).exprs[1]
    for notation in (plain, latex, ascii):
        assert parse(f"C = {notation(e)}").exprs[1] == e, notation(e)


def test_no_input_derive_reads_has_another_pairing_of_its_bars_with_another_value():
    """Random products, differences and absolute values of entries, written with bars: when derive reads
    one, every other way of pairing its bars up (each | opening or closing, as \\left| or \\right|) that
    reads at all has the same value."""
    import itertools
    import random

    from derive.model.symbols import b, j, l, z
    points = [{b[l, j]: -0.7, z[l, j]: 1.3}, {b[l, j]: 0.4, z[l, j]: -2.1}]
    rng, read = random.Random(7), 0

    def written(depth):
        pick = rng.randrange(6 if depth else 1)
        if pick == 0:
            return rng.choice(["b^l_j", "z^l_j", "2", "1"])
        if pick <= 2:
            return rng.choice(["|", "| "]) + written(depth - 1) + rng.choice(["|", " |"])
        return written(depth - 1) + rng.choice([" ", "", " - ", "-", " * "]) + written(depth - 1)

    def value(text):
        try:
            e = parse(text).exprs[0]
        except ParseError:
            return None
        return tuple(round(float(e.subs(p)), 9) for p in points)
    for _ in range(500):
        text = written(4)
        bars = [t for t, ch in enumerate(text) if ch == "|"]
        if not 2 < len(bars) <= 8 or value(text) is None:
            continue
        read += 1
        for way in itertools.product("()", repeat=len(bars)):
            chars = list(text)
            for t, side in zip(bars, way):
                chars[t] = "\\left|" if side == "(" else "\\right|"
            other = value("".join(chars))
            assert other is None or other == value(text), (text, "".join(chars))
    assert read > 80


@pytest.mark.parametrize("claim", ["(|" * 90 + "b^l_j" + "|)" * 90 + " = 1", "|" * 1000 + "b^l_j" + "|" * 1000 + " = 1"])
def test_bars_nested_too_deep_are_one_line_of_bad_input(claim, capsys):
    assert main(["verify", claim]) == 2
    assert capsys.readouterr().err.count("\n") == 1
