"""Text in the book's notation (LaTeX or ASCII) -> index-level sympy expressions.

Every name is validated against the vocabulary; numbers are built from their digits;
nothing is evaluated. Errors are one line with the column marked.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache

from lark.exceptions import UnexpectedInput, VisitError
from sympy import I, Rational, count_ops, exp, nan, oo, pi, zoo

from . import vectors
from .bars import pairings_two_ways
from .builder import Builder, even_powers
from .cancelled import cancelled
from .common import MAX_NESTING, PADDED_PARTIAL
from .errors import ParseError, syntax_error
from .lalr import parser
from .readings import run_on_command, two_readings

TRAILING = re.compile(r"(?<!\\right)(?<!\\left)[.,](\s|\\[,;!: ])*$")     # the full stop or comma after a formula
# \left[ ... \right] (or \bigl[ ... \bigr], a sized bracket on either side alone) around a relation (1 \le j \le n_l,
# j = k) is a guard's bracket: no grouping holds one; it is rewritten [ ... ] with spaces, so that every column stays
LEFT_GUARD = re.compile(r"(\\left\[|\\[bB]igg?l?\[|\[)((?=(?:(?!\\sum|Σ|sum\()[^\[\]])*?(?:=|≤|\\leq?(?![a-zA-Z])))"
                        r"(?:(?!\\sum|Σ|sum\()[^\[\]])*?)(\\right\]|\\[bB]igg?r?\]|\])")     # a relation, looked ahead for:
                                                                            # the content is scanned once
# \partial C/\partial b^l_j and \partial/\partial b^l_j, inline: outside \frac{...} such a pair of \partial is
# written ∂ (padded, so that every column stays)
INLINE_PARTIAL = re.compile(r"\\partial(?![a-zA-Z])((?:(?!\\partial)[^/=])*)/(\s*)\\partial(?![a-zA-Z])")
# (2) set apart by a space command at either end of a formula (\qquad (2), \;\; {(3.1a)}\;, (2)\; a = b): a
# hand-set equation number, as TeX shows it, that would read as a factor
_SPACE = r"(?:\\[,;:! ]|\\q?quad(?![a-zA-Z])|~|\\hspace\*?\{[^{}]*\})"
_INSIDE = r"(?:\s|\\[,;:! ]|[{}])*"
_NUMBER = (r"((?:\{\s*)?(?:\(|\\left\(|\\[bB]igg?l?\()" + _INSIDE + r"\d+(?:\.\d+)*[a-z]?" + _INSIDE +
           r"(?:\)|\\right\)|\\[bB]igg?r?\))(?:\s*\})?)")           # a space has one place (else quadratic)
EQUATION_NUMBER = re.compile(rf"{_SPACE}\s*{_NUMBER}(?:\s|{_SPACE})*$|^\s*{_NUMBER}\s*{_SPACE}")
SCIENTIFIC = re.compile(r"\d[eE][+-]?\d")                       # 2e3: not read, e is Euler's number
MAX_LENGTH = 20_000
MAX_DIGITS = 15
SPACING, MAX_BACKSPACES, MAX_SPACES = re.compile(r"\\[,;!: ]"), 2, 12   # \, \; \! \: and \ : what a formula needs
# a divisor that is a number written against a name (λ/2N): read as (λ/2) N by the order of operations,
# but often meant as λ/(2N); derive asks rather than guesses (λ/2 N too, which TeX shows as λ/2N: two_readings)
AMBIGUOUS_DIVISOR = re.compile(r"/\s*(\d+(?:\.\d+)?)([A-Za-zα-ωΑ-Ω∂]|\\(?!cdot|times|odot|right|left)[A-Za-z]+)")


@dataclass
class Parsed:
    """The expressions of an equality chain, and what was wrong with their meaning."""
    exprs: list
    issues: list = field(default_factory=list)      # [(message, column)]

def parse(text, tex=None):
    """Parse `E0 = E1 = ...`; syntax and vocabulary errors raise ParseError. `tex`: the text is set by TeX
    (a document's display), whatever it looks like; None: TeX when it has a backslash, _, { or a
    character beyond ASCII. A text met before in this process (a line shared by the files of a batch)
    is not parsed again."""
    found = _parsed(text, tex)
    return Parsed(list(found.exprs), list(found.issues))


@lru_cache(maxsize=4096)
def _parsed(text, tex=None):
    text = text.replace("\u2212", "-")        # the minus sign, as derive prints it (a^{l−1}): one character for one
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the input has {len(text)} characters; the limit is {MAX_LENGTH}")
    depth = 0
    for t, ch in enumerate(text):
        depth += ch in "({[" or 0
        depth -= ch in ")}]" or 0
        if depth > MAX_NESTING:
            raise ParseError(f"brackets are nested more than {MAX_NESTING} deep", t + 1)
        if ch == "\x00":
            raise ParseError("the input contains a NUL character", t + 1)
    if text.count("\\!") > MAX_BACKSPACES or len(SPACING.findall(text)) > MAX_SPACES:
        raise ParseError(f"more spacing than a formula needs: \\! moves what follows back over what stands before it, "
                         f"and a run moves it off the page; write at most {MAX_BACKSPACES} \\! and {MAX_SPACES} spacing "
                         f"commands in all")
    ambiguous = AMBIGUOUS_DIVISOR.search(text)
    if ambiguous:
        number, name = ambiguous[1], ambiguous[2]
        raise ParseError(f"'/{number}{name}' is ambiguous: write /({number}{name} ...) to divide by the product, "
                         f"or (.../{number}) {name} to divide by {number} alone", ambiguous.start() + 1)
    scientific = SCIENTIFIC.search(text)
    if scientific:
        raise ParseError("numbers are not read in scientific notation (e is Euler's number): write 2*10^3 for 2e3",
                         scientific.start() + 1)
    run_on_command(text)
    text = TRAILING.sub(lambda m: " " * len(m[0]), text)
    number = EQUATION_NUMBER.search(text)
    if number:
        at = 1 if number[1] else 2
        shown_number = number[at].strip()
        raise ParseError(f"{shown_number}, set apart by a space at an end of the formula, is an equation number, not a "
                         f"factor: write \\tag{{...}} or leave it out (a product is \\cdot {shown_number})",
                         number.start(at) + 1 + len(number[at]) - len(number[at].lstrip()))
    pairings_two_ways(text)
    for m in LEFT_GUARD.finditer(text):
        if m[1].startswith("\\left") != m[3].startswith("\\right"):
            raise ParseError("\\left[ closes with \\right], and \\right] closes a \\left[ alone: TeX pairs them so",
                             m.start(3) + 1)
    text = LEFT_GUARD.sub(lambda m: "[" + " " * (len(m[1]) - 1) + m[2] + " " * (len(m[3]) - 1) + "]", text)
    shown, text = text, INLINE_PARTIAL.sub(lambda m: m[0] if m.string[:m.start()].rstrip().endswith("{") else
                                           PADDED_PARTIAL + m[1] + "/" + m[2] + PADDED_PARTIAL, text)
    try:
        tree = parser().parse(text)
    except UnexpectedInput as e:
        raise syntax_error(shown, e) from None
    except RecursionError:
        raise ParseError("the expression is nested too deeply") from None
    two_readings(text, tree, tex)
    builder = Builder(text)
    vectors.reset()
    try:
        exprs = builder.transform(tree)
    except RecursionError:
        raise ParseError("the expression is nested too deeply") from None
    except VisitError as e:
        if isinstance(e.orig_exc, ParseError):
            raise e.orig_exc from None
        raise ParseError(f"this expression cannot be built ({type(e.orig_exc).__name__}: {e.orig_exc})",
                         getattr(e.obj, "meta", None) and getattr(e.obj.meta, "column", None)) from None
    exprs = [even_powers(e) for e in exprs]
    for e in exprs:
        if any(abs(r.p) >= 10 ** MAX_DIGITS or r.q >= 10 ** MAX_DIGITS for r in e.atoms(Rational)):
            raise ParseError(f"a number works out to more than {MAX_DIGITS} digits (a power or product of numbers), "
                             f"which derive neither reads nor prints")
        if e.has(I, pi, zoo, oo, -oo, nan):     # pi: log(-1) = i pi, whose square is real (-pi^2)
            raise ParseError("a side is not a real number, and derive's quantities and constants are real "
                             "(the log or square root of a negative number, or a division by zero?)")
        _within_reach(e)
    free = set().union(*[e.free_symbols for e in exprs])
    for sym, column in builder.layer_indices:
        if sym in free:
            raise ParseError(f"{sym.name!r} is not a layer (use l, l+1, l-1, L, L-1 or a number; "
                             f"another letter only as the index of a sum over layers)", column)
    builder.resolve_ranges(exprs)               # a sum with its range may cancel: Σ_k z_k - Σ_k z_k
    cancelled(builder, exprs, set().union(*[e.free_symbols for e in exprs]))
    return Parsed(exprs, builder.issues)


def _within_reach(expr):
    """Every e^t of a number t has |t| up to numeric.MAX_EXP, the innermost asked first, so that each t
    asked has a value: e^(e^(e^(e^4))) is beyond every evaluator (sympy's printer, ordering the terms of
    a sum, evaluates its numbers, and would run for hours)."""
    powers = sorted((p for p in expr.atoms(exp) if p.args[0].is_number), key=count_ops)
    if powers:
        from ..model.numeric import MAX_EXP
        for p in powers:            # (a value of sigma's at a number is no number: sigma(0) stays as it is)
            size = abs(p.args[0].evalf(5))
            if size.is_Number and size > MAX_EXP:
                raise ParseError(f"e^t of a number t beyond {MAX_EXP:,} is beyond reckoning: derive neither "
                                 f"evaluates nor prints it")

def parse_identity(text):
    """(lhs, rhs) of `LHS = RHS`; any problem with its meaning is a ParseError too."""
    parsed = parse(text)
    if len(parsed.exprs) != 2:
        raise ParseError("an identity has exactly one '=' (LHS = RHS)"
                         if len(parsed.exprs) > 2 else "an identity needs '=' between its two sides")
    if parsed.issues:
        message, column = parsed.issues[0]
        raise ParseError(message, column)
    return parsed.exprs[0], parsed.exprs[1]


def parse_expression(text):
    parsed = parse(text)
    if len(parsed.exprs) != 1:
        raise ParseError("expected one expression, found an '='")
    if parsed.issues:
        raise ParseError(*parsed.issues[0])
    return parsed.exprs[0]
