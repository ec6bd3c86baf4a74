"""The book's notation in text and LaTeX."""
from sympy import KroneckerDelta, Piecewise, Sum

from derive.printing.notation import latex, text
from derive.model.symbols import C, L, Partial, a, b, delta, dsigma, j, k, l, n, w, x, y, z


def test_indexed_quantities():
    assert latex(w[l + 1, k, j]) == "w^{l + 1}_{kj}"
    assert text(w[l + 1, k, j]) == "w^{l+1}_{kj}"
    assert latex(delta[l, j]) == "\\delta^l_j"
    assert text(a[l - 1, k]) == "a^{l-1}_k"
    assert text(y[j]) == "y_j" and text(x[k]) == "x_k"


def test_partials_and_sigma_prime():
    assert latex(Partial(C, b[l, j])) == "\\frac{\\partial C}{\\partial b^l_j}"
    assert text(Partial(C, w[l, j, k])) == "∂C/∂w^l_{jk}"
    assert text(dsigma(z[L, j])) == "σ'(z^L_j)"
    assert latex(dsigma(z[L, j])) == "\\sigma'\\left(z^L_j\\right)"


def test_kronecker_delta_is_not_the_error_delta():
    assert text(KroneckerDelta(j, k)) == "[j = k]"
    assert "\\delta" not in latex(KroneckerDelta(j, k) * a[l, k])
    assert latex(KroneckerDelta(j, k) * delta[l, k]).count("\\delta") == 1


def test_range_guard_prints_as_a_bracket():
    guard = Piecewise((delta[l, j], (j >= 1) & (j <= n(l))), (0, True))
    assert text(guard) == "[1 ≤ j ≤ n_l] δ^l_j"
    assert latex(guard) == "[1 \\le j \\le n_l] \\delta^l_j"


def test_sums():
    s = Sum(w[l + 1, k, j] * delta[l + 1, k], (k, 1, n(l + 1)))
    assert text(s) == "Σ_{k=1}^{n_{l+1}} w^{l+1}_{kj} δ^{l+1}_k"
    assert latex(s) == "\\sum_{k=1}^{n_{l + 1}} w^{l + 1}_{kj} \\delta^{l + 1}_k"


def test_sympy_and_jupyter_print_derivatives_in_the_books_notation():
    import sympy
    assert sympy.latex(Partial(C, b[l, j])) == "\\frac{\\partial C}{\\partial b^l_j}"
    assert sympy.latex(2 * Partial(C, w[l, j, k])).endswith("\\frac{\\partial C}{\\partial w^l_{jk}}")
    assert Partial(C, b[l, j])._repr_latex_() == "$\\displaystyle \\frac{\\partial C}{\\partial b^l_j}$"

