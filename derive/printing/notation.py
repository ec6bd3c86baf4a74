"""Nielsen's notation for sympy expressions: plain text, LaTeX and ASCII (MathML in html.py).

Printers follow sympy's `_print_<Class>` dispatch: w[l, j, k] is w^l_{jk}, Partial(C, b[l, j])
is dC/db^l_j, KroneckerDelta(k, j) is the Iverson bracket [k = j] (never confused with the
error delta^l_j), a two-branch Piecewise with 0 otherwise is [condition] times its value.

One voice in every printer, as in the book: positive terms first (`y_k - a^L_k`), powers of
indexed quantities in parentheses (`(a^l_j)^2`), no `**`. Every printed formula parses back
through derive's own parser (tests/test_roundtrip.py): a sum, a range bracket and a derivative
in operator form (∂/∂v (f)) reach to the end of their product, so in a product they stand last,
and any other one is parenthesized.
"""
from functools import lru_cache
from sympy import Abs, And, Basic, Indexed, Integer, Mul, Piecewise, Sum
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter
from sympy.simplify.radsimp import fraction

from ..model.symbols import kind, n

GREEK = {"delta": ("\\delta", "δ"), "sigma": ("\\sigma", "σ")}
SIZES = ("L", "M")          # the symbols that are sizes (the depth, the mini-batch), never an index
REL = {">=": ("\\ge", "≥"), "<=": ("\\le", "≤"), ">": (">", ">"), "<": ("<", "<"), "==": ("=", "=")}


def factor_rank(f):
    """The book's order of factors: numbers (and the sizes M, n_L: M ∂C/∂z^L_{js}), brackets, dC/d., w, a,
    delta, sigma', the rest, sums."""
    from sympy import KroneckerDelta
    if f.is_Number or f.is_Symbol and f.name in SIZES or type(f).__name__ == "n":
        return 0
    if f.is_Pow and factor_rank(f.base) == 0:
        return 0
    if isinstance(f, (KroneckerDelta, Piecewise)):
        return 1
    if type(f).__name__ == "Partial":
        return 2 if kind(f.f) == "C" else 6
    return {"w": 3, "a": 4, "delta": 5, "y": 6}.get(kind(f), 9 if isinstance(f, Sum) else (8 if f.is_Add else 7))


def subscripts(e):
    """The subscripts of a quantity: its neuron indices, then its sample in a mini-batch (x_{js}, a^l_{ks})."""
    return e.indices if kind(e) in ("x", "y") else e.indices[1:]


def with_commas(e, parts):
    """Subscripts printed `parts` are joined with commas when one is longer than a character
    (w^l_{j,12}), or when two numbers would stand side by side in a quantity whose parser reads
    digits as one number (a^2_{1,2}: a^2_{12} is the neuron 12; w^l_{12} is w^l_{1,2})."""
    if any(len(t) > 1 for t in parts):
        return True
    return kind(e) != "w" and any(s.isdigit() and t.isdigit() for s, t in zip(parts, parts[1:]))


def is_guard(e):
    """A range guard: Piecewise((value, condition), (0, True)), printed [condition] value."""
    return isinstance(e, Piecewise) and len(e.args) == 2 and e.args[1].expr == 0 and e.args[1].cond == True  # noqa: E712


def as_guarded_sum(e):
    """Piecewise((u, c), (v, True)), which sympy makes of [c] t + v inside a sum, as the unevaluated
    [c] (u - v) + v (read back, sympy folds it into the same Piecewise); None for any other."""
    if not (isinstance(e, Piecewise) and len(e.args) == 2 and e.args[1].cond == True) or is_guard(e):  # noqa: E712
        return None
    from sympy import Add, Piecewise as P
    (u, c), (v, _) = e.args
    return Add(Mul(P((Integer(1), c), (Integer(0), True)), u - v), v, evaluate=False)


def operator_form(e):
    """A derivative printed as an operator, ∂/∂v (f): one whose f is not a symbol or a quantity
    (those print as a fraction, ∂C/∂v)."""
    return type(e).__name__ == "Partial" and not (e.f.is_Symbol or isinstance(e.f, Indexed))


def reaches_right(f):
    """A factor the parser reads to the end of its product: a sum, a range bracket, ∂/∂v (f)."""
    return isinstance(f, Sum) or is_guard(f) or operator_form(f)


def product_order(factors, is_open=reaches_right):
    """A product's factors as printed, each with whether it is parenthesized: the book's order
    with the open ones (`is_open`) last; a sum of terms, and every open one but the last, in parentheses."""
    closed = sorted((f for f in factors if not is_open(f)), key=factor_rank)
    opened = sorted((f for f in factors if is_open(f)), key=factor_rank)
    last = len(closed) + len(opened) - 1
    return [(f, f.is_Add or (is_open(f) and t < last)) for t, f in enumerate(closed + opened)]


def book_order(terms):
    """The terms of a sum in the book's order: positive terms first (y_k - a^L_k, not -a^L_k + y_k)."""
    return [t for t in terms if not t.could_extract_minus_sign()] + [t for t in terms if t.could_extract_minus_sign()]


def bare_base(e):
    """A power's base that needs no parentheses: a symbol, a whole number, a function call
    (σ(z^l_j)^2) or a bracket; an indexed quantity, a sum, a fraction... is parenthesized ((a^l_j)^2)."""
    from sympy import KroneckerDelta
    if e.is_Symbol or (e.is_Integer and e >= 0) or isinstance(e, KroneckerDelta):
        return True
    return e.is_Function and type(e).__name__ != "n" and not is_guard(e)


def guard_parts(cond):
    """A range guard's condition as ("chain", lo, t, hi) for lo <= t <= hi, or ("rel", lhs, op, rhs)."""
    parts = [_index_first(p) for p in (cond.args if isinstance(cond, And) else (cond,))]
    lows, highs = ([p for p in parts if p.rel_op == op] for op in (">=", "<="))
    pairs = {}                                  # each bound below joins one above on the same index, in their order
    for high in highs:
        low = next((p for p in lows if p.lhs == high.lhs and p not in pairs), None)
        if low is not None:
            pairs[low], pairs[high] = None, low
    out = []
    for p in parts:
        if p in pairs:
            if pairs[p] is not None:
                out.append(("chain", pairs[p].rhs, p.lhs, p.rhs))
        elif p.rel_op == ">=" and p.rhs.is_number:                          # n_l >= 3 written 3 <= n_l
            out.append(("rel", p.rhs, "<=", p.lhs))
        else:
            out.append(("rel", p.lhs, p.rel_op, p.rhs))
    return out


def range_guard(cond):
    """guard_parts of a guard that derive's notation writes, [lo <= j <= hi] and [lo <= n(l)] (what the parser reads
    back), else a ValueError: a guard built through the API with >, != or `or` has no form that reads back."""
    from sympy.core.relational import Relational
    parts = guard_parts(cond) if all(isinstance(p, Relational) for p in (cond.args if isinstance(cond, And) else
                                                                          (cond,))) else [("rel", None, "or", None)]
    if any(k != "chain" and not (t == "<=" and (lo.is_number or lo.is_Symbol) and
                                 (hi.is_number or hi.is_Symbol or hi.func == n)) for k, lo, t, hi in parts):
        raise ValueError(f"the guard [{cond}] has no form in derive's notation, which writes range guards "
                         f"[lo <= j <= hi] and [lo <= n(l)] alone (what it writes, it reads back)")
    return parts


def _index_first(rel):
    """L >= l written l <= L (M >= s, s <= M): the index on the left, as in a range lo <= l <= hi."""
    if rel.rel_op in (">=", "<=") and rel.rhs.is_Symbol and rel.rhs.name not in SIZES and not (
            rel.lhs.is_Symbol and rel.lhs.name not in SIZES):
        return rel.reversed
    return rel


class _Book:
    """What the text, LaTeX and ASCII printers share: terms in the book's order, products with
    sums, brackets and operators last, fractions, powers. A printer sets `_paren`, `_times`, `_minus`,
    `_over`, `_exponent` and `_open` (the constructs that reach to the end of their product)."""

    def _guarded_sum(self, e):
        folded = as_guarded_sum(e)
        if folded is None:
            raise ValueError(f"no notation for the case distinction {e}")
        return self._paren(self._print(folded))

    def _as_ordered_terms(self, expr, order=None):
        return book_order(super()._as_ordered_terms(expr, order=order))

    def _open(self, f):
        return reaches_right(f)

    def _product(self, factors):
        """Factors in the book's order; a sum, bracket or ∂/∂v (f) stands last, any other one in parentheses."""
        return self._times.join(self._paren(self._print(f)) if fenced else self._print(f)
                                for f, fenced in product_order(factors, self._open))

    def _print_Mul(self, e, **_):
        if e.could_extract_minus_sign():
            return self._minus + self._print(-e)
        coeff, rest = e.as_coeff_Mul()
        if coeff != 1:          # in front, never inside a fraction: 1/2 (y_k - a^L_k)^2, 2 \frac{x}{y}
            body, front = self._print(rest), self._print(coeff)
            if "/" in front and not self._times.strip() and not (body.startswith(("(", "Σ")) and not rest.is_Mul):
                front = self._paren(front)      # (1/2) w: 1/2 w reads as 1/(2 w) too (the parser refuses it);
                                                # 1/2 (a - y)^2 as in the book, (1/4) (b^2_1)^2 b^2_2
            return front + self._times + (self._paren(body) if body[:1].isdigit() else body)
        num, den = fraction(e, exact=True)
        if den == 1:
            return self._product(Mul.make_args(e))
        return self._over(num, den)

    def _over(self, num, den):
        """num/den in one line (the LaTeX printer writes \\frac instead)."""
        top = self._product(Mul.make_args(num))
        if any(self._open(f) for f in Mul.make_args(num)):
            top = self._paren(top)            # a sum, bracket or operator would reach over the division
        bottom = self._print(den)
        if not (bare_base(den) or kind(den) is not None or (den.is_Pow and den.exp.is_positive)):
            bottom = self._paren(bottom)
        return f"{top}/{bottom}"

    def _print_AppliedUndef(self, e, **_):
        """n(l) and dsigma(z) are undefined functions: sympy's dispatch skips their names."""
        name = type(e).__name__
        return getattr(self, f"_print_{name}")(e) if name in ("n", "dsigma") else self._print_Function(e)

    def _print_Pow(self, e, **_):
        base, exp = e.as_base_exp()
        if exp.is_negative:
            return self._over(Integer(1), base ** -exp)
        b = self._print(base)
        return (b if bare_base(base) else self._paren(b)) + self._exponent(exp)


class _Notation(_Book):
    """Shared by the text and LaTeX printers; `latex` selects the spelling."""
    latex = False

    def _script(self, e):
        s = self._print(e)
        if not self.latex:
            s = s.replace(" ", "")
        return s if len(s) == 1 else "{" + s + "}"

    def _name(self, name):
        return GREEK.get(name, (name, name))[0 if self.latex else 1]

    def _print_Indexed(self, e):
        name = self._name(e.base.name)
        parts = [self._print(t) for t in subscripts(e)]
        sub = ("," if with_commas(e, parts) else "").join(parts)
        sub = sub if len(sub) == 1 else "{" + sub + "}"
        if kind(e) in ("x", "y"):
            return f"{name}_{sub}"
        return f"{name}^{self._script(e.indices[0])}_{sub}"

    def _print_IndexedBase(self, e):
        """A kind of quantity (z, a, δ), as a reason's "definition of z" names it."""
        return self._name(e.name)

    def _print_Partial(self, e):
        f = self._print(e.f)
        if operator_form(e):
            if self.latex:
                return f"\\frac{{\\partial}}{{\\partial {self._print(e.v)}}}{self._paren(f)}"
            return f"∂/∂{self._print(e.v)} {self._paren(f)}"
        if self.latex:
            return f"\\frac{{\\partial {f}}}{{\\partial {self._print(e.v)}}}"
        return f"∂{f}/∂{self._print(e.v)}"

    def _print_KroneckerDelta(self, e):
        return f"[{self._print(e.args[0])} = {self._print(e.args[1])}]"

    def _condition(self, cond):
        rel = lambda op: REL[op][0 if self.latex else 1]
        out = [f"{self._print(lo)} {rel('<=')} {self._print(t)} {rel('<=')} {self._print(hi)}" if k == "chain"
               else f"{self._print(lo)} {rel(t)} {self._print(hi)}" for k, lo, t, hi in range_guard(cond)]
        return (", " if not self.latex else ",\\ ").join(out)

    def _print_Piecewise(self, e):
        if not is_guard(e):
            return self._guarded_sum(e)
        value, cond = e.args[0]
        bracket = f"[{self._condition(cond)}]"
        if value == 1:
            return bracket
        v = self._print(value)
        if value.is_Add or value.could_extract_minus_sign():
            v = self._paren(v)
        return f"{bracket} {v}"

    def _call(self, name, e):
        arg = self._print(e.args[0])
        return f"{name}\\left({arg}\\right)" if self.latex else f"{name}({arg})"

    def _print_n(self, e):
        return f"n_{self._script(e.args[0])}"

    def _print_sigma(self, e):
        return self._call("\\sigma" if self.latex else "σ", e)

    def _print_dsigma(self, e):
        return self._call("\\sigma'" if self.latex else "σ'", e)

    def _print_exp(self, e):
        return self._call("\\exp" if self.latex else "exp", e)

    def _print_log(self, e):
        return self._call("\\log" if self.latex else "log", e)

    def _print_tanh(self, e):
        return self._call("\\tanh" if self.latex else "tanh", e)

    def _print_Heaviside(self, e):
        return self._call("H", e)

    def _print_sign(self, e):
        return self._call("\\operatorname{sgn}" if self.latex else "sgn", e)

    def _print_Abs(self, e):
        arg = self._print(e.args[0])
        return f"\\left|{arg}\\right|" if self.latex else f"|{arg}|" if self.bars else f"abs({arg})"

    def _print_Exp1(self, e):
        return "\\exp\\left(1\\right)" if self.latex else "exp(1)"

    def _print_Sum(self, e):
        body = e.function if len(e.limits) == 1 else Sum(e.function, *e.limits[:-1])
        var, lo, hi = e.limits[-1]
        inner = self._print(body)
        if body.is_Add or body.could_extract_minus_sign():
            inner = self._paren(inner)
        sign = "\\sum" if self.latex else "Σ"
        return f"{sign}_{{{self._print(var)}={self._print(lo)}}}^{{{self._print(hi)}}} {inner}"

    def _print_Symbol(self, e, style="plain"):
        if e.name == "C":
            return "C"
        if e.name == "C0":
            return "C_0" if self.latex else "C₀"
        return super()._print_Symbol(e, style) if self.latex else index_name(e.name)


class LatexNotation(_Notation, LatexPrinter):
    latex = True
    printmethod = "_derive_latex"         # our _print_Partial, not Partial._latex (which calls us)
    _times, _minus = " ", "- "

    def __init__(self):
        LatexPrinter.__init__(self, {"mul_symbol": None})

    def _paren(self, s):
        return f"\\left({s}\\right)"

    def _over(self, num, den):
        top = self._print(num) if num.is_Add else self._product(Mul.make_args(num))
        return f"\\frac{{{top}}}{{{self._print(den)}}}"

    def _exponent(self, exp):
        return f"^{{{self._print(exp)}}}"


class TextNotation(_Notation, StrPrinter):
    latex = False
    bars = True                           # |t|; abs(t) beside another |.| (bars that could pair up two ways)
    printmethod = "_derive_text"          # our _print_Indexed, not Indexed._sympystr
    _times, _minus = " ", "-"

    def _paren(self, s):
        return f"({s})"

    def _exponent(self, exp):
        s = self._print(exp)
        return f"^{s}" if len(s) == 1 else f"^{{{s}}}"

    def _print_Relational(self, e):
        return f"{self._print(e.lhs)} {REL[e.rel_op][1]} {self._print(e.rhs)}"

    def _print_Min(self, e):
        return f"min({', '.join(self._print(t) for t in e.args)})"


@lru_cache(maxsize=8192)
def latex(expr):
    """expr in the book's LaTeX notation."""
    return LatexNotation().doprint(expr)


@lru_cache(maxsize=8192)
def text(expr):
    """expr in a readable plain-text form of the book's notation (abs(t) for |t| when expr holds
    more than one: derive's parser refuses bars that could pair up two ways)."""
    printer = TextNotation()
    printer.bars = not isinstance(expr, Basic) or expr.count(Abs) <= 1
    return printer.doprint(expr)


def condition(cond, as_latex=False):
    return (LatexNotation() if as_latex else TextNotation())._condition(cond)


class AsciiNotation(_Book, StrPrinter):
    """The ASCII notation that `derive verify` and `.proof` files read: w[l+1,k,j], dC/db[l,j]."""
    printmethod = "_derive_ascii"
    _times, _minus = "*", "-"

    def _paren(self, s):
        return f"({s})"

    def _open(self, f):
        return is_guard(f)                     # sum(k=1, n(l), ...) is closed

    def _exponent(self, exp):
        s = self._print(exp)
        return f"^{s}" if s.isdigit() else f"^({s})"

    def _print_Indexed(self, e):
        name = e.base.name
        return f"{name}[{','.join(self._print(t).replace(' ', '') for t in e.indices)}]"

    def _print_IndexedBase(self, e):
        return e.name

    def _print_Partial(self, e):
        f = self._print(e.f)
        if kind(e.f) is None and e.f.is_Symbol is False:
            f = f"({f})"
        return f"d{f}/d{self._print(e.v)}"

    def _print_KroneckerDelta(self, e):
        return f"[{self._print(e.args[0])}={self._print(e.args[1])}]"

    def _print_Piecewise(self, e):
        if not is_guard(e):
            return self._guarded_sum(e)
        value, cond = e.args[0]
        parts = range_guard(cond)
        brackets = "[" + ", ".join(f"{self._print(lo)}<={self._print(t)}<={self._print(hi)}" if k == "chain" else
                                   f"{self._print(lo)}<={self._print(hi)}" for k, lo, t, hi in parts) + "]"
        return brackets if value == 1 else f"{brackets}*({self._print(value)})"

    def _print_Sum(self, e):
        body = e.function if len(e.limits) == 1 else Sum(e.function, *e.limits[:-1])
        var, lo, hi = e.limits[-1]
        return f"sum({self._print(var)}={self._print(lo)}, {self._print(hi)}, {self._print(body)})"

    def _print_n(self, e):
        return f"n({self._print(e.args[0]).replace(' ', '')})"

    def _print_Symbol(self, e):
        """A Greek index as its letter (ζ): the notation reads zeta as four indices z, e, t, a."""
        return index_name(e.name) if e.is_integer else super()._print_Symbol(e)

    def _print_sigma(self, e):
        return f"sigma({self._print(e.args[0])})"

    def _print_dsigma(self, e):
        return f"sigma'({self._print(e.args[0])})"

    def _print_Heaviside(self, e):
        return f"H({self._print(e.args[0])})"

    def _print_sign(self, e):
        return f"sgn({self._print(e.args[0])})"

    def _print_Abs(self, e):
        return f"abs({self._print(e.args[0])})"

    def _print_Exp1(self, e):
        return "exp(1)"


def index_name(name):
    """An index's name as derive prints and reads it: zeta as ζ, j as j."""
    from sympy.printing.pretty.pretty_symbology import greek_unicode
    return greek_unicode.get(name, name)


@lru_cache(maxsize=8192)
def ascii(expr):
    """expr in the ASCII notation (parseable by derive)."""
    return AsciiNotation().doprint(expr)
