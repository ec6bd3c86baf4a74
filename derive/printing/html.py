"""HTML with MathML: one self-contained page (no script, no network, inline CSS only).

The math is presentation MathML from sympy's printer, taught the book's notation by
`_print_<Class>` methods: w^l_{jk}, delta^l_j, sigma'(z), dC/db as a fraction, the Iverson
bracket [k = j] for KroneckerDelta (never confused with the error delta^l_j), [1 <= j <= n_l]
for a two-branch Piecewise range guard, n(l) as n_l. Every browser with MathML Core
(Chromium 109+, Firefox, Safari) renders it without any library.
"""
import re
from html import escape
from html.entities import html5

from sympy import Mul, Sum, fraction
from sympy.printing.mathml import MathMLPresentationPrinter

from . import words
from .sentence import render
from ..model.symbols import kind
from .common import domain_parts, engine_derived, network_options, sections
from .explain import conditions, reason
from .notation import (as_guarded_sum, bare_base, book_order, guard_parts, operator_form, product_order, range_guard,
                       subscripts, with_commas)

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
GREEK = {"delta": "\u03b4", "sigma": "\u03c3"}
REL = {">=": "\u2265", "<=": "\u2264", ">": ">", "<": "<", "==": "=", "!=": "\u2260"}
MARK = {True: ("\u2713", "#1a7f37", "confirmed"), False: ("\u2717", "#cf222e", "fails"),
        None: ("?", "#9a6700", "not confirmed")}

# inline CSS: style attributes only, so a fragment looks the same inside a notebook
FONT = "font-family:'STIX Two Text','Latin Modern Roman','DejaVu Serif',Georgia,serif"
MATHFONT = "font-family:'STIX Two Math','Latin Modern Math','DejaVu Math TeX Gyre',math"
S_PROOF = f"{FONT};line-height:1.45;color:#1f2328;margin:0 0 2.2em 0;max-width:70em"
S_TITLE = "font-size:1.3em;font-weight:bold;margin:0.6em 0 0.3em 0"
S_META = "margin:0.15em 0"
S_CASE = "font-weight:bold;margin:0.9em 0 0.2em 0"
S_TABLE = "border-collapse:collapse;margin:0.3em 0 0.6em 0"
S_LHS = "text-align:right;padding:0.35em 0.3em 0.35em 0;vertical-align:top;white-space:nowrap"
S_EQ = "padding:0.35em 0.3em;vertical-align:top"
S_RHS = "text-align:left;padding:0.35em 1.2em 0.35em 0;vertical-align:top"
S_MARK = "font-weight:bold;font-size:1.15em;padding:0.35em 0.4em 0 0;vertical-align:top;color:{color}"
S_WHY = "padding:0.35em 0 0.35em 0;vertical-align:top;font-size:0.95em;min-width:22em"
S_RULE = "font-style:italic"
S_COND = "font-size:0.88em;color:#57606a;margin-top:0.15em"
S_CHECKS = "font-size:0.8em;color:#6e7781;margin-top:0.15em"
S_FAIL = "font-size:0.9em;color:#cf222e;margin-top:0.2em"
S_CEX = ("font-size:0.85em;background:#fff5f5;border:1px solid #ffcecb;border-radius:4px;"
         "padding:0.3em 0.5em;margin-top:0.25em;font-family:'DejaVu Sans Mono',monospace;white-space:pre-wrap")
S_VERDICT = "font-weight:bold;padding:0.4em 0.6em;border-radius:4px;display:inline-block;{colors}"
VERDICT_COLORS = {"proved": "color:#1a7f37;background:#dafbe1", "refuted": "color:#cf222e;background:#ffebe9"}
UNCONFIRMED_COLORS = "color:#9a6700;background:#fff8c5"


class MathMLNotation(MathMLPresentationPrinter):
    """sympy's presentation MathML printer in the book's notation."""

    def __init__(self):
        super().__init__({"mul_symbol": None})

    # --- building blocks --------------------------------------------------------------
    def _el(self, tag, *children, text=None, **attrs):
        node = self.dom.createElement(tag)
        for name, value in attrs.items():
            node.setAttribute(name.rstrip("_").replace("_", "-"), str(value))
        if text is not None:
            node.appendChild(self.dom.createTextNode(text))
        for c in children:
            node.appendChild(c)
        return node

    def _mo(self, s, **attrs):
        return self._el("mo", text=s, **attrs)

    def _mi(self, s, **attrs):
        return self._el("mi", text=s, **attrs)

    def _row(self, *children):
        return children[0] if len(children) == 1 else self._el("mrow", *children)

    def _fenced(self, node, left="(", right=")"):
        return self._el("mrow", self._mo(left, lspace="0", rspace="0"), node, self._mo(right, lspace="0", rspace="0"))

    def _thin(self):
        return self._el("mspace", width="0.17em")

    # --- the book's notation ------------------------------------------------------------
    def _print_Symbol(self, e, style="plain"):
        if e.name in GREEK:
            return self._mi(GREEK[e.name])
        return super()._print_Symbol(e, style)

    def _print_Exp1(self, e):
        return self._mi("e")

    def _print_Indexed(self, e):
        """As the text notation: x_{js}, w^l_{jk}, a^2_{1,2} (commas where the indices would run together)."""
        name = self._mi(GREEK.get(e.base.name, e.base.name))
        rest = subscripts(e)
        parts = [self._print(t) for t in rest]
        shown = [str(t) if t.is_Integer else "i" if t.is_Symbol else "i+1" for t in rest]    # a symbol is one <mi>
        if with_commas(e, shown):
            joined = []
            for t, node in enumerate(parts):
                if t:
                    joined.append(self._mo(",", separator="true"))
                joined.append(node)
            parts = joined
        if kind(e) in ("x", "y"):
            return self._el("msub", name, self._row(*parts))
        return self._el("msubsup", name, self._row(*parts), self._print(e.indices[0]))

    def _print_Partial(self, e):
        d = lambda: self._mo("\u2202", rspace="0")
        f, v = e.f, e.v
        if not operator_form(e):
            return self._el("mfrac", self._el("mrow", d(), self._print(f)), self._el("mrow", d(), self._print(v)))
        return self._el("mrow", self._el("mfrac", d(), self._el("mrow", d(), self._print(v))),
                        self._fenced(self._print(f)))

    def _print_KroneckerDelta(self, e):
        return self._fenced(self._el("mrow", self._print(e.args[0]), self._mo("="), self._print(e.args[1])), "[", "]")

    def condition(self, cond):
        """A condition of a range guard: 1 <= j <= n_l (chained) or a plain relation."""
        out = []
        for k, lo, t, hi in guard_parts(cond):
            if k == "chain":
                out.append(self._el("mrow", self._print(lo), self._mo(REL["<="]), self._print(t),
                                    self._mo(REL["<="]), self._print(hi)))
            else:
                out.append(self._el("mrow", self._print(lo), self._mo(REL.get(t, t)), self._print(hi)))
        row = []
        for t, node in enumerate(out):
            if t:
                row += [self._mo(",", separator="true"), self._el("mspace", width="0.5em")]
            row.append(node)
        return self._row(*row) if row else self._el("mrow")

    def _print_Piecewise(self, e):
        if len(e.args) == 2 and e.args[1].expr == 0 and e.args[1].cond == True:  # noqa: E712
            value, cond = e.args[0]
            range_guard(cond)                   # a guard the notation writes, as every printer's
            bracket = self._fenced(self.condition(cond), "[", "]")
            if value == 1:
                return bracket
            v = self._print(value)
            fenced = value.is_Add or value.could_extract_minus_sign()      # [c] (-δ), as the text printer
            return self._el("mrow", bracket, self._thin(), self._fenced(v) if fenced else v)
        folded = as_guarded_sum(e)
        if folded is None:
            raise ValueError(f"no notation for the case distinction {e}")
        return self._fenced(self._print(folded))

    def _print_Function(self, e):
        name = e.func.__name__
        if name == "n" and len(e.args) == 1:
            return self._el("msub", self._mi("n"), self._print(e.args[0]))
        if name == "sigma":
            return self._el("mrow", self._mi("\u03c3"), self._fenced(self._print(e.args[0])))
        if name == "dsigma":
            return self._el("mrow", self._mi("\u03c3"), self._mo("\u2032", lspace="0", rspace="0.05em"),
                            self._fenced(self._print(e.args[0])))
        if name in ("Heaviside", "sign"):                     # H(t) and sgn(t), as the other printers write them
            return self._el("mrow", self._mi("H" if name == "Heaviside" else "sgn"), self._fenced(self._print(e.args[0])))
        return super()._print_Function(e)

    def _print_Sum(self, e):
        """Its last limit outermost, as the text and LaTeX printers write it (sympy keeps a sum of sums innermost first)."""
        var, lo, hi = e.limits[-1]
        inner = e.function if len(e.limits) == 1 else Sum(e.function, *e.limits[:-1])
        under = self._el("mrow", self._print(var), self._mo("="), self._print(lo))
        sigma = self._el("munderover", self._mo("\u2211", largeop="true", movablelimits="false"), under,
                         self._print(hi))
        body = self._print(inner)
        return self._el("mrow", sigma, self._fenced(body) if inner.is_Add else body)

    def _as_ordered_terms(self, expr, order=None):
        return book_order(super()._as_ordered_terms(expr, order=order))

    def _print_Pow(self, e):
        """(a^l_j)^2 and σ(z^l_j)^2 as in the book: an indexed base is fenced, never a_j^{l 2}."""
        base, exp = e.as_base_exp()
        if exp.is_negative:
            return self._el("mfrac", self._mn("1"), self._print(base ** -exp))
        node = self._print(base)
        return self._el("msup", node if bare_base(base) else self._fenced(node), self._print(exp))

    def _mn(self, s):
        return self._el("mn", text=s)

    def _print_Mul(self, e):
        if e.could_extract_minus_sign():
            inner = -e
            node = self._print(inner)
            return self._el("mrow", self._mo("\u2212"), self._fenced(node) if inner.is_Add else node)
        numer, denom = fraction(e)
        if denom != 1:
            return self._el("mfrac", self._print(numer), self._print(denom))
        row = []
        for f, fenced in product_order(Mul.make_args(e)):
            if row:
                row.append(self._mo("\u2062"))          # invisible times
                row.append(self._thin())
            node = self._print(f)
            row.append(self._fenced(node) if fenced else node)
        return self._row(*row)


def mathml(expr, display=False, displaystyle=False):
    """expr as a <math> element in the book's notation (display: a block of its own;
    displaystyle: inline but with full-size fractions and limits, as in an align*)."""
    return _math(MathMLNotation().doprint(expr), display, displaystyle)


def condition_mathml(cond, display=False):
    p = MathMLNotation()
    return _math(p.condition(cond).toxml(), display)


def _math(inner, display=False, displaystyle=False):
    """Wrap MathML markup; non-ASCII characters as character references."""
    inner = inner.encode("ascii", "xmlcharrefreplace").decode().replace("<mo>-</mo>", "<mo>&#8722;</mo>")
    inner = re.sub(r"&([A-Za-z][A-Za-z0-9]*);", _numeric_entity, inner)
    attr = ' display="block"' if display else (' displaystyle="true"' if displaystyle else "")
    return f'<math xmlns="{MATHML_NS}"{attr}>{inner}</math>'


def _numeric_entity(m):
    """A named character reference (sympy writes &InvisibleTimes;) as a numeric one: valid XML too."""
    if m.group(1) in ("lt", "gt", "amp", "quot", "apos"):
        return m.group()
    chars = html5.get(m.group(1) + ";")
    return "".join(f"&#{ord(c)};" for c in chars) if chars else m.group()


def equation_mathml(lhs, rhs, display=False, displaystyle=False):
    p = MathMLNotation()
    row = p._el("mrow", p._print(lhs), p._mo("="), p._print(rhs))
    return _math(row.toxml(), display, displaystyle)


def network_html(network):
    """The network in words, its symbols as math (the HTML twin of common.network_text)."""
    if network.concrete:
        sizes = "widths " + escape(",".join(map(str, network.widths)))
    else:
        p = MathMLNotation()
        width = p._el("msub", p._mi("n"), p._mi("l"))
        sizes = f"any depth {_math(p._mi('L').toxml())} and widths {_math(width.toxml())}"
    return f"{sizes}; {network_options(network, escape, lambda t: _math(MathMLNotation()._mi(t).toxml()))}"


def domain_mathml(domain):
    """1 <= j <= n_l, ... as one <math>."""
    p = MathMLNotation()
    row = []
    for t, (lo, s, hi) in enumerate(domain_parts(domain)):
        if t:
            row += [p._mo(",", separator="true"), p._el("mspace", width="0.5em")]
        row += ([p._print(lo), p._mo(REL["<="])] if lo is not None else []) + [p._print(s)] + (
            [p._mo(REL["<="]), p._print(hi)] if hi is not None else [])
    return _math(p._el("mrow", *row).toxml(), False)


def _sentence():
    """A sentence built by explain.py around placeholders: escape the words, insert the math."""
    marks = []

    def fmt(e):
        marks.append(mathml(e))
        return f"\x00{len(marks) - 1}\x00"

    def cond(c):
        marks.append(condition_mathml(c))
        return f"\x00{len(marks) - 1}\x00"

    def render(sentence):
        parts = sentence.split("\x00")
        return "".join(escape(p) if t % 2 == 0 else marks[int(p)] for t, p in enumerate(parts))

    return fmt, cond, render


def _step_reason(step, names):
    fmt, _, render = _sentence()
    return render(reason(step, fmt, names))


def _step_conditions(step):
    fmt, cond, render = _sentence()
    return [render(c) for c in conditions(step, fmt, cond, le="\u2264")]


def _counterexample(cex):
    lines = words.counterexample(cex)
    params = cex.get("parameters")
    if params:
        lines.append("parameters: " + ", ".join(f"{k} = {v!r}" for k, v in params.items()))
    return escape("\n".join(lines))


def proof_html(proof, names=None):
    """One proof as an HTML fragment (a <section>): claim, steps, rules, conditions, checks, verdict."""
    ident = proof.identity
    v = proof.verdict
    hints = getattr(proof, "hints", {})
    out = [f'<section class="derive-proof" style="{S_PROOF}">',
           f'<div style="{S_TITLE}">{escape(ident.title)}</div>']
    claim = equation_mathml(ident.lhs, ident.rhs, displaystyle=True) if ident.rhs is not None else \
        mathml(ident.lhs) if ident.lhs is not None else ""
    domain = f" for {domain_mathml(ident.domain)}" if ident.domain else ""
    out.append(f'<div style="{S_META}"><b>Claim</b> {claim}{domain}</div>' if ident.lhs is not None else
               f'<div style="{S_META}"><b>No claim</b>: each chain is checked on its own</div>')
    out.append(f'<div style="{S_META}"><b>Network</b> {network_html(proof.network)}</div>')
    for section in sections(proof):
        if section.heading:
            out.append(f'<div style="{S_CASE}">{escape(section.heading)}'
                       + (f" ({domain_mathml(section.domain)})" if section.domain else "") + "</div>")
        out.append(f'<table style="{S_TABLE}"><tbody>')
        if section.lhs is not None:
            out.append(f'<tr><td style="{S_LHS}">{mathml(section.lhs, displaystyle=True)}</td>'
                       f'<td style="{S_EQ}"></td><td style="{S_RHS}"></td><td></td><td></td></tr>')
        for number, step, record in section.steps:
            mark, color, word = MARK[record.passed]
            why = [f'<div><span style="color:#57606a">{number}.</span> '
                   f'<span style="{S_RULE}">{_step_reason(step, names)}</span></div>']
            why += [f'<div style="{S_COND}">side condition: {c}</div>' for c in _step_conditions(step)]
            why += [f'<div style="{S_CHECKS}">{render(words.check(c, names), mathml, escape)}</div>'
                    for c in record.checks]
            message = words.reason(record, names, hints.get(number - 1))
            if message is not None:
                style = S_FAIL if record.passed is False else S_CHECKS
                why.append(f'<div style="{style}">{render(message, mathml, escape)}</div>')
            if record.counterexample:
                why.append(f'<div style="{S_CEX}">{_counterexample(record.counterexample)}</div>')
            out.append(f'<tr class="derive-step"><td style="{S_LHS}"></td><td style="{S_EQ}">=</td>'
                       f'<td style="{S_RHS}">{mathml(step.after, displaystyle=True)}</td>'
                       f'<td style="{S_MARK.format(color=color)}" title="{word}">{mark}</td>'
                       f'<td style="{S_WHY}">{"".join(why)}</td></tr>')
        out.append("</tbody></table>")
    colors = VERDICT_COLORS.get(v.status, UNCONFIRMED_COLORS)
    summary = render(words.summary(v, names, hints), mathml, escape)
    out.append(f'<div class="derive-verdict" style="{S_VERDICT.format(colors=colors)}">{summary}</div>')
    if v.counterexample is not None:
        out.append(f'<div style="{S_CEX}">{_counterexample(v.counterexample)}</div>')
    out.append("</section>")
    return "\n".join(out)


def fragment(proofs, names=None):
    """The proofs as HTML without <html>/<head>: for notebooks and for embedding."""
    return "\n".join(proof_html(p, names) for p in proofs)


def document(proofs, names=None, title=None):
    """One self-contained HTML page holding the proofs."""
    if title is None:
        title = proofs[0].identity.title if len(proofs) == 1 else "Backpropagation: BP1-BP4 derived and checked"
    network = network_html(proofs[0].network) if proofs else ""
    verdicts = [p.verdict.status for p in proofs]
    tally = ", ".join(f"{verdicts.count(s)} {s}" for s in ("proved", "refuted", "undecided") if s in verdicts)
    by = "derived by the engine and " if all(engine_derived(p) for p in proofs) else ""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        "<style>",
        f"body {{ {FONT}; margin: 2em auto; padding: 0 1.5em; max-width: 74em; background: #ffffff; }}",
        f"math {{ {MATHFONT}; font-size: 1.08em; }}",
        "header { border-bottom: 1px solid #d0d7de; margin-bottom: 1.2em; padding-bottom: 0.6em; }",
        "h1 { font-size: 1.6em; margin: 0 0 0.3em 0; }",
        "</style>",
        "</head>",
        "<body>",
        f"<header><h1>{escape(title)}</h1>",
        f"<div>Network: {network}. Every step {by}checked by the kernel"
        f" ({escape(tally)}).</div></header>",
        fragment(proofs, names),
        "</body>",
        "</html>",
        ""])
