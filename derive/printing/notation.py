"""Nielsen's notation for sympy expressions, as LaTeX and as plain text.

Printers follow sympy's `_print_<Class>` dispatch: w[l, j, k] is w^l_{jk}, Partial(C, b[l, j])
is dC/db^l_j, KroneckerDelta(k, j) is the Iverson bracket [k = j] (never confused with the
error delta^l_j), a two-branch Piecewise with 0 otherwise is [condition] times its value.
"""
from sympy import And, Mul, Piecewise
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from ..model.symbols import kind

GREEK = {"delta": ("\\delta", "δ"), "sigma": ("\\sigma", "σ")}
REL = {">=": ("\\ge", "≥"), "<=": ("\\le", "≤"), ">": (">", ">"), "<": ("<", "<"), "==": ("=", "=")}


def factor_rank(f):
    """The book's order of factors: numbers, brackets, dC/d., w, a, delta, sigma', the rest, sums."""
    from sympy import KroneckerDelta, Sum
    if f.is_Number:
        return 0
    if isinstance(f, (KroneckerDelta, Piecewise)):
        return 1
    if type(f).__name__ == "Partial":
        return 2 if (f.f.is_Symbol and f.f.name == "C") else 6
    return {"w": 3, "a": 4, "delta": 5, "y": 6}.get(kind(f), 9 if isinstance(f, Sum) else (8 if f.is_Add else 7))


def guard_parts(cond):
    """A range guard's condition as ("chain", lo, t, hi) for lo <= t <= hi, or ("rel", lhs, op, rhs)."""
    parts = cond.args if isinstance(cond, And) else (cond,)
    lows = {p.lhs: p.rhs for p in parts if p.rel_op == ">="}
    highs = {p.lhs for p in parts if p.rel_op == "<="}
    out = []
    for p in parts:
        if p.rel_op == "<=" and p.lhs in lows:
            out.append(("chain", lows[p.lhs], p.lhs, p.rhs))
        elif not (p.rel_op == ">=" and p.lhs in highs):
            out.append(("rel", p.lhs, p.rel_op, p.rhs))
    return out


class _Notation:
    """Shared by both printers; `latex` selects the spelling."""
    latex = False

    def _script(self, e):
        s = self._print(e)
        if not self.latex:
            s = s.replace(" ", "")
        return s if len(s) == 1 else "{" + s + "}"

    def _print_Mul(self, e):
        factors = Mul.make_args(e)
        if e.could_extract_minus_sign() or any(f.is_Pow and f.exp.is_negative for f in factors):
            return self._default_mul(e)
        out = []
        for f in sorted(factors, key=factor_rank):
            s = self._print(f)
            if f.is_Add:
                s = f"\\left({s}\\right)" if self.latex else f"({s})"
            out.append(s)
        return " ".join(out)

    def _name(self, name):
        return GREEK.get(name, (name, name))[0 if self.latex else 1]

    def _print_Indexed(self, e):
        name = self._name(e.base.name)
        if kind(e) in ("x", "y"):
            return f"{name}_{self._script(e.indices[0])}"
        lay = e.indices[0]
        sub = "".join(self._print(t) for t in e.indices[1:])
        if any(len(self._print(t)) > 1 for t in e.indices[1:]):
            sub = ",".join(self._print(t) for t in e.indices[1:])
        sub = sub if len(sub) == 1 else "{" + sub + "}"
        return f"{name}^{self._script(lay)}_{sub}"

    def _print_Partial(self, e):
        f = self._print(e.f)
        if e.f.is_Add or (e.f.func.__name__ not in ("Indexed", "Symbol") and kind(e.f) is None):
            f = f"\\left({f}\\right)" if self.latex else f"({f})"
            if self.latex:
                return f"\\frac{{\\partial}}{{\\partial {self._print(e.v)}}}{f}"
            return f"∂/∂{self._print(e.v)} {f}"
        if self.latex:
            return f"\\frac{{\\partial {f}}}{{\\partial {self._print(e.v)}}}"
        return f"∂{f}/∂{self._print(e.v)}"

    def _print_KroneckerDelta(self, e):
        return f"[{self._print(e.args[0])} = {self._print(e.args[1])}]"

    def _condition(self, cond):
        rel = lambda op: REL[op][0 if self.latex else 1]
        out = [f"{self._print(lo)} {rel('<=')} {self._print(t)} {rel('<=')} {self._print(hi)}" if k == "chain"
               else f"{self._print(lo)} {rel(t)} {self._print(hi)}" for k, lo, t, hi in guard_parts(cond)]
        return (", " if not self.latex else ",\\ ").join(out)

    def _print_Piecewise(self, e):
        if len(e.args) == 2 and e.args[1].expr == 0 and e.args[1].cond == True:
            value, cond = e.args[0]
            bracket = f"[{self._condition(cond)}]"
            if value == 1:
                return bracket
            v = self._print(value)
            v = f"\\left({v}\\right)" if self.latex and value.is_Add else (f"({v})" if value.is_Add else v)
            return f"{bracket}\\, {v}" if self.latex else f"{bracket} {v}"
        return super()._print_Piecewise(e)

    def _print_Function(self, e, exp=None):
        name = e.func.__name__
        arg = self._print(e.args[0]) if e.args else ""
        if name == "n":
            return f"n_{self._script(e.args[0])}"
        if name == "sigma":
            return f"\\sigma\\left({arg}\\right)" if self.latex else f"σ({arg})"
        if name == "dsigma":
            return f"\\sigma'\\left({arg}\\right)" if self.latex else f"σ'({arg})"
        return super()._print_Function(e, exp) if self.latex else super()._print_Function(e)

    def _print_Symbol(self, e, style="plain"):
        if e.name == "C":
            return "C"
        if not self.latex:
            from sympy.printing.pretty.pretty_symbology import greek_unicode
            return greek_unicode.get(e.name, e.name)
        return super()._print_Symbol(e, style)


class LatexNotation(_Notation, LatexPrinter):
    latex = True

    def _default_mul(self, e):
        return LatexPrinter._print_Mul(self, e)

    def __init__(self):
        LatexPrinter.__init__(self, {"mul_symbol": None})

    def _print_Sum(self, e):
        var, lo, hi = e.limits[0]
        body = self._print(e.function)
        if e.function.is_Add:
            body = f"\\left({body}\\right)"
        return f"\\sum_{{{self._print(var)}={self._print(lo)}}}^{{{self._print(hi)}}} {body}"

    def _print_Heaviside(self, e, exp=None):
        return f"H\\left({self._print(e.args[0])}\\right)"


class TextNotation(_Notation, StrPrinter):
    latex = False
    printmethod = "_derive_text"          # our _print_Indexed, not Indexed._sympystr

    def _default_mul(self, e):
        return StrPrinter._print_Mul(self, e).replace("*", " ")

    def _print_Sum(self, e):
        var, lo, hi = e.limits[0]
        body = self._print(e.function)
        if e.function.is_Add:
            body = f"({body})"
        return f"Σ_{{{self._print(var)}={self._print(lo)}}}^{{{self._print(hi)}}} {body}"

    def _print_Heaviside(self, e):
        return f"H({self._print(e.args[0])})"

    def _print_Relational(self, e):
        return f"{self._print(e.lhs)} {REL[e.rel_op][1]} {self._print(e.rhs)}"


def latex(expr):
    """expr in the book's LaTeX notation."""
    return LatexNotation().doprint(expr)


def text(expr):
    """expr in a readable plain-text form of the book's notation."""
    return TextNotation().doprint(expr)


def condition(cond, as_latex=False):
    return (LatexNotation() if as_latex else TextNotation())._condition(cond)


class AsciiNotation(StrPrinter):
    """The ASCII notation that `derive verify` and `.proof` files read: w[l+1,k,j], dC/db[l,j]."""
    printmethod = "_derive_ascii"

    def _print_Indexed(self, e):
        name = e.base.name
        return f"{name}[{','.join(self._print(t).replace(' ', '') for t in e.indices)}]"

    def _print_Partial(self, e):
        f = self._print(e.f)
        if kind(e.f) is None and e.f.is_Symbol is False:
            f = f"({f})"
        return f"d{f}/d{self._print(e.v)}"

    def _print_KroneckerDelta(self, e):
        return f"[{self._print(e.args[0])}={self._print(e.args[1])}]"

    def _print_Piecewise(self, e):
        if len(e.args) == 2 and e.args[1].expr == 0 and e.args[1].cond == True:
            value, cond = e.args[0]
            brackets = "*".join(f"[{self._print(lo)}<={self._print(t)}<={self._print(hi)}]"
                                for k, lo, t, hi in guard_parts(cond) if k == "chain")
            return brackets if value == 1 else f"{brackets}*({self._print(value)})"
        raise ValueError("only range guards [lo <= j <= hi] are written in the ASCII notation")

    def _print_Sum(self, e):
        var, lo, hi = e.limits[0]
        return f"sum({self._print(var)}={self._print(lo)}, {self._print(hi)}, {self._print(e.function)})"

    def _print_Function(self, e):
        name = e.func.__name__
        args = ",".join(self._print(t).replace(" ", "") for t in e.args)
        if name == "n":
            return f"n({args})"
        if name == "dsigma":
            return f"sigma'({self._print(e.args[0])})"
        return f"{name}({', '.join(self._print(t) for t in e.args)})"

    def _print_Mul(self, e):
        return StrPrinter._print_Mul(self, e).replace("**", "^")

    def _print_Pow(self, e, rational=False):
        return StrPrinter._print_Pow(self, e, rational).replace("**", "^")


def ascii(expr):
    """expr in the ASCII notation (parseable by derive)."""
    return AsciiNotation().doprint(expr)
