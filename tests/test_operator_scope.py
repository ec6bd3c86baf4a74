"""The operator form of a derivative, \\frac{\\partial}{\\partial V} and ∂/∂V, applies to the whole
product after it (up to the next + or - at its bracket level, the closing bracket or the =), as in
the book; and every printer writes a product holding one so that it reads back as what it is."""
import json
import re
import xml.etree.ElementTree as ET

import pytest
from sympy import Integer, Rational, Sum

from derive.export import render
from derive.model.network import Network
from derive.model.symbols import L, Partial, a, j, k, l, n, w, y, z
from derive.parsing.parse import parse, parse_expression
from derive.printing.html import mathml
from derive.printing.notation import ascii, latex, text
from derive.verify import verify

HALF_SQUARE = Rational(1, 2) * (a[L, j] - y[j]) ** 2
ZZ = z[L, j] * z[L, j]


@pytest.mark.parametrize("typed, meant", [
    (r"\frac{\partial}{\partial a^L_j} \frac{1}{2} (a^L_j - y_j)^2", Partial(HALF_SQUARE, a[L, j])),
    ("∂/∂a^L_j 1/2 (a^L_j - y_j)^2", Partial(HALF_SQUARE, a[L, j])),
    (r"\frac{\partial}{\partial a^L_j} \frac{1}{2} \sum_k (a^L_k - y_k)^2",
     Partial(Sum((a[L, k] - y[k]) ** 2, (k, 1, n(L))) / 2, a[L, j])),
    (r"\frac{\partial}{\partial z^L_j} z^L_j z^L_j", Partial(ZZ, z[L, j])),
    (r"\frac{\partial}{\partial z^L_j} z^L_j \cdot z^L_j", Partial(ZZ, z[L, j])),
    ("∂/∂z^L_j z^L_j * z^L_j", Partial(ZZ, z[L, j])),
    ("∂/∂z^L_j z^L_j / y_j", Partial(z[L, j] / y[j], z[L, j])),
])
def test_the_operand_is_the_rest_of_the_product(typed, meant):
    assert parse_expression(typed) == meant


@pytest.mark.parametrize("typed, meant", [
    (r"\frac{\partial}{\partial z^L_j} z^L_j z^L_j + y_j", Partial(ZZ, z[L, j]) + y[j]),
    (r"\frac{\partial}{\partial z^L_j} z^L_j z^L_j - y_j", Partial(ZZ, z[L, j]) - y[j]),
    (r"y_j - \frac{\partial}{\partial z^L_j} z^L_j z^L_j", y[j] - Partial(ZZ, z[L, j])),
    (r"y_j \left(\frac{\partial}{\partial z^L_j} z^L_j\right) z^L_j", y[j] * Partial(z[L, j], z[L, j]) * z[L, j]),
    ("2 ∂/∂z^L_j z^L_j z^L_j", 2 * Partial(ZZ, z[L, j])),
    ("∂/∂a^L_j ∂/∂z^L_j z^L_j a^L_j", Partial(Partial(z[L, j] * a[L, j], z[L, j]), a[L, j])),
])
def test_the_operand_stops_at_plus_minus_and_brackets(typed, meant):
    assert parse_expression(typed) == meant


@pytest.mark.parametrize("claim, verdict", [
    (r"\frac{\partial}{\partial a^L_j} \frac{1}{2} (a^L_j - y_j)^2 = 0", "refuted"),
    (r"\frac{\partial}{\partial a^L_j} \frac{1}{2} \sum_k (a^L_k - y_k)^2 = 0", "refuted"),
    (r"\frac{\partial}{\partial a^L_j} \frac{1}{2} (a^L_j - y_j)^2 = a^L_j - y_j", "proved"),
    (r"\frac{\partial}{\partial z^L_j} z^L_j z^L_j = z^L_j", "refuted"),
    (r"\frac{\partial}{\partial z^L_j} z^L_j z^L_j = 2 z^L_j", "proved"),
])
def test_verdicts_follow_the_books_scope(claim, verdict):
    assert verify(claim, Network()).verdict.status == verdict


PRODUCTS = [
    Partial(Rational(1, 2), a[L, j]) * (a[L, j] - y[j]) ** 2,
    Partial(ZZ, z[L, j]) * y[j],
    Partial(z[L, j] + y[j], z[L, j]) * Partial(ZZ, z[L, j]),
    Partial(Integer(2), a[L, j]) * Sum(w[l, j, k] * a[l - 1, k], (k, 1, n(l - 1))),
    Partial(ZZ, z[L, j]) / y[j],
    Partial(ZZ, z[L, j]) ** 2 * a[L, j],
    Partial(Partial(ZZ, z[L, j]) * y[j], a[L, j]) * a[L, j],
]


@pytest.mark.parametrize("e", PRODUCTS, ids=text)
@pytest.mark.parametrize("printer", [text, latex, ascii])
def test_a_product_with_an_operator_reads_back_as_printed(printer, e):
    assert parse_expression(printer(e)) == e


def test_nothing_outside_the_operand_follows_the_operator():
    assert text(PRODUCTS[0]) == "(a^L_j - y_j)^2 ∂/∂a^L_j (1/2)"
    assert latex(PRODUCTS[0]) == ("\\left(a^L_j - y_j\\right)^{2} "
                                  "\\frac{\\partial}{\\partial a^L_j}\\left(\\frac{1}{2}\\right)")
    assert text(PRODUCTS[2]) == "(∂/∂z^L_j ((z^L_j)^2)) ∂/∂z^L_j (y_j + z^L_j)"
    assert text(PRODUCTS[3]) == "(∂/∂a^L_j (2)) Σ_{k=1}^{n_{l-1}} w^l_{jk} a^{l-1}_k"
    assert text(PRODUCTS[4]) == "(∂/∂z^L_j ((z^L_j)^2))/y_j"


def test_every_document_shows_a_claim_with_an_operator_as_it_is():
    """The claim (∂/∂a^L_j 1/2) (a^L_j - y_j)^2 = 0 as the terminal, JSON, Markdown, LaTeX and .proof
    documents write it reads back to the claim."""
    proof = verify(r"\left(\frac{\partial}{\partial a^L_j} \frac{1}{2}\right) (a^L_j - y_j)^2 = 0", Network())
    claim = [PRODUCTS[0], Integer(0)]
    assert [proof.identity.lhs, proof.identity.rhs] == claim and proof.verdict.status == "proved"
    shown = json.loads(render([proof], "json"))
    written = [re.search(r"^claim +(.*)$", render([proof], "text"), re.M).group(1),
               f"{shown['lhs']} = {shown['rhs']}", shown["latex"],
               re.search(r"^\*\*Claim:\*\* \$(.*?)\$", render([proof], "markdown"), re.M).group(1),
               re.search(r"Claim: \$(.*?)\$", render([proof], "latex")).group(1),
               re.search(r"^claim: (.*)$", render([proof], "proof"), re.M).group(1)]
    for line in written:
        assert parse(line).exprs == claim, line


MATH = "{http://www.w3.org/1998/Math/MathML}"


def row(e):
    """The factors of the MathML row of e, as their texts (the invisible times left out)."""
    node = ET.fromstring(mathml(e))[0]
    return ["".join(c.itertext()) for c in node if c.tag not in (f"{MATH}mo", f"{MATH}mspace")]


def test_mathml_puts_the_operator_last_and_fences_any_other():
    assert row(PRODUCTS[0]) == ["(ajL\u2212yj)2", "\u2202\u2202ajL(12)"]
    assert row(PRODUCTS[2]) == ["(\u2202\u2202zjL((zjL)2))", "\u2202\u2202zjL(yj+zjL)"]
