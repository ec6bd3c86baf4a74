"""The numerator of \\frac{\\partial ...}{\\partial V} is any expression, as everywhere else (a
function with its parentheses, \\left( \\right), a bracket raised to a power): each reads as its
ASCII spelling d(...)/dV. A sum inside a sum over the same index binds its own index."""
import pytest

from derive.cli import main
from derive.model.symbols import rename_bound
from derive.parsing.parse import ParseError, parse, parse_expression, parse_identity

NUMERATORS = [
    (r"\frac{\partial \tanh(z^2_1)}{\partial z^2_1}", "d(tanh(z[2,1]))/dz[2,1]"),
    (r"\frac{\partial \sigma(z^2_1)}{\partial z^2_1}", "d(sigma(z[2,1]))/dz[2,1]"),
    (r"\frac{\partial \sigma'(z^2_1)}{\partial z^2_1}", "d(sigma'(z[2,1]))/dz[2,1]"),
    (r"\frac{\partial \exp(z^2_1)}{\partial z^2_1}", "d(exp(z[2,1]))/dz[2,1]"),
    (r"\frac{\partial \ln(a^2_1)}{\partial a^2_1}", "d(ln(a[2,1]))/da[2,1]"),
    (r"\frac{\partial \log(a^2_1)}{\partial a^2_1}", "d(log(a[2,1]))/da[2,1]"),
    (r"\frac{\partial \operatorname{sgn}(z^2_1)}{\partial z^2_1}", "d(sgn(z[2,1]))/dz[2,1]"),
    (r"\frac{\partial \tanh\left(z^2_1\right)}{\partial z^2_1}", "d(tanh(z[2,1]))/dz[2,1]"),
    (r"\frac{\partial \left(a^L_j - y_j\right)^2}{\partial a^L_j}", "d((a[L,j] - y[j])^2)/da[L,j]"),
    (r"\frac{\partial (\sigma(z^2_1))^2}{\partial z^2_1}", "d((sigma(z[2,1]))^2)/dz[2,1]"),
    (r"\frac{\partial \frac{1}{2} (a^L_j - y_j)^2}{\partial a^L_j}", "d(1/2*(a[L,j] - y[j])^2)/da[L,j]"),
]


@pytest.mark.parametrize("tex, plain", NUMERATORS)
def test_a_numerator_reads_as_its_ascii_spelling(tex, plain):
    assert parse_expression(tex) == parse_expression(plain)


@pytest.mark.parametrize("tex, plain", [
    (r"\frac{\partial C}{\partial a^L_j}", "dC/da[L,j]"),
    (r"\frac{\partial a^L_j}{\partial z^L_j}", "da[L,j]/dz[L,j]"),
    (r"\frac{\partial (a^L_j - y_j)}{\partial a^L_j}", "d(a[L,j] - y[j])/da[L,j]"),
    (r"\frac{\partial}{\partial z^2_1} \tanh(z^2_1)", "d(tanh(z[2,1]))/dz[2,1]"),
])
def test_the_numerators_read_before_still_read_the_same(tex, plain):
    """Controls: these parsed before the numerator took any expression, and mean what they meant."""
    assert parse_expression(tex) == parse_expression(plain)


@pytest.mark.parametrize("rhs, verdict, code", [
    (r"1 - \tanh(z^2_1)^2", "PROVED", 0),
    (r"1 + \tanh(z^2_1)^2", "REFUTED", 1),
])
def test_verify_the_derivative_of_tanh_written_in_latex(capsys, rhs, verdict, code):
    claim = r"\frac{\partial \tanh(z^2_1)}{\partial z^2_1} = " + rhs
    assert main(["verify", claim, "--activation", "tanh", "--no-color"]) == code
    assert f"{verdict} by the kernel" in capsys.readouterr().out


@pytest.mark.parametrize("text", [
    r"\frac{\partial^2 C}{\partial z^2_1 \partial z^2_1} = 1",
    r"\frac{\partial^{2} C}{\partial (z^2_1)^2} = 1",
    "∂^2C/∂z^2_1 = 1",
])
def test_a_second_derivative_is_named_as_unsupported(text):
    with pytest.raises(ParseError) as e:
        parse_identity(text)
    assert "second derivative" in str(e.value) and "\n" not in str(e.value)
    assert text[e.value.column - 1] == "^"


@pytest.mark.parametrize("shadowed, renamed", [
    ("sum(j=1, n(2), sum(j=1, n(3), a[3,j]))", "sum(j=1, n(2), sum(k=1, n(3), a[3,k]))"),
    (r"\sum_{j=1}^{n_2} \sum_{j=1}^{n_3} a^3_j", "sum(j=1, n(2), sum(k=1, n(3), a[3,k]))"),
    ("sum(j=1, n(2), sum(j, a[3,j]))", "sum(j=1, n(2), sum(k, a[3,k]))"),
    ("sum(j, a[2,j] * sum(j, a[3,j]))", "sum(j, a[2,j] * sum(k, a[3,k]))"),
    ("sum(j=1, n(2), a[2,j] * sum(j=1, n(3), a[3,j]))", "sum(j=1, n(2), a[2,j] * sum(k=1, n(3), a[3,k]))"),
])
def test_an_inner_sum_binds_its_own_index(shadowed, renamed):
    got = parse(shadowed)
    assert got.issues == []
    assert [rename_bound(e) for e in got.exprs] == [rename_bound(parse_expression(renamed))]


@pytest.mark.parametrize("text", ["sum(j, sum(j, a[3,j])) = 1", "sum(j, sum(j=1, n(3), a[3,j])) = 1",
                                  r"\sum_j \sum_j a^3_j = 1"])
def test_a_sum_whose_index_only_an_inner_sum_uses_has_no_range(text):
    """Its index reaches no quantity, so its range cannot be read from its body."""
    with pytest.raises(ParseError) as e:
        parse_identity(text)
    assert "the sum over j does not use j: an inner sum over j binds its own j" in str(e.value)
    assert e.value.column == 1


def test_verify_a_sum_of_a_shadowing_sum(capsys):
    """Σ_{j=1}^{n_2} Σ_{j=1}^{n_3} a^3_j adds the inner sum once per outer j."""
    claim = "sum(j=1, n(2), sum(j=1, n(3), a[3,j])) = n(2) * sum(k=1, n(3), a[3,k])"
    assert main(["verify", claim, "--no-color"]) == 0
    assert "PROVED by the kernel" in capsys.readouterr().out
