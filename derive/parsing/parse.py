"""Text in the book's notation (LaTeX or ASCII) -> index-level sympy expressions.

Every name is validated against the vocabulary; numbers are built from their digits;
nothing is evaluated. Errors are one line with the column marked.
"""
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import lark
from lark import Lark, Token
from lark.exceptions import UnexpectedInput, VisitError
from lark.grammar import Rule
from lark.lexer import TerminalDef
from sympy import I, Rational, count_ops, exp, nan, oo, zoo

from . import vectors
from .builder import Builder, even_powers
from .cancelled import cancelled
from .errors import ParseError, syntax_error
from .grammar import GRAMMAR

OPTIONS = dict(parser="lalr", lexer="contextual", propagate_positions=True)
PLAIN_BAR = re.compile(r"(?<!\\left)(?<!\\right)(?<!\\)\|")      # a | that is not \left|, \right| or \|
NORM_BAR = re.compile(r"‖|(?<!\\left)(?<!\\right)\\(\||Vert(?![a-zA-Z]))")   # ‖, \| or \Vert; not \left\|, \right\|
BAR = re.compile(r"[|‖]|\\Vert")                                   # any bar, plain or of a norm
SKIPPED = re.compile(r"\\[,;!: ]|\\(?:left|right)\.|\\(?:[bB]igg?[lrm]?|displaystyle|textstyle|(?:no)?limits)"
                     r"(?![a-zA-Z])")                             # what the grammar skips besides spaces
TRAILING = re.compile(r"(?<!\\right)(?<!\\left)[.,](\s|\\[,;!: ])*$")     # the full stop or comma after a formula
# around a run of bars: what may end a factor before a closing bar, start one after an opening bar
CLOSES_AFTER = re.compile(r"(?:[|‖]|\\Vert|\\r[vV]ert)$")
OPENS_BEFORE = re.compile(r"[+\-|‖]|\\left")
FACTOR_END = re.compile(r"(?<!\\cdot|\\odot)(?<!\\times)(?<=[\w})\]'′])$")
FACTOR_START = re.compile(r"[\w({\[∂]|\\(?!cdot|times|odot|right|left)")
# \left[ ... \right] (or \bigl[ ... \bigr], a sized bracket on either side alone) around a relation (1 \le j \le n_l,
# j = k) is a guard's bracket: no grouping holds one; it is rewritten [ ... ] with spaces, so that every column stays
LEFT_GUARD = re.compile(r"(\\left\[|\\[bB]igg?l?\[|\[)((?:(?!\\sum|Σ|sum\()[^\[\]])*?(?:=|≤|\\leq?(?![a-zA-Z]))"
                        r"(?:(?!\\sum|Σ|sum\()[^\[\]])*?)(\\right\]|\\[bB]igg?r?\]|\])")
# \partial C/\partial b^l_j and \partial/\partial b^l_j, inline: outside \frac{...} such a pair of \partial is
# written ∂ (padded, so that every column stays)
INLINE_PARTIAL = re.compile(r"\\partial(?![a-zA-Z])((?:(?!\\partial)[^/=])*)/(\s*)\\partial(?![a-zA-Z])")
PADDED_PARTIAL = "∂" + " " * (len("\\partial") - 1)
# (2) set apart by a space command at either end of a formula (\qquad (2), \;\; {(3.1a)}\;, (2)\; a = b): a
# hand-set equation number, as TeX shows it, that would read as a factor
_SPACE = r"(?:\\[,;:! ]|\\q?quad(?![a-zA-Z])|~|\\hspace\*?\{[^{}]*\})"
_INSIDE = r"(?:\s|\\[,;:! ]|[{}])*"
_NUMBER = (r"(\{?\s*(?:\(|\\left\(|\\[bB]igg?l?\()" + _INSIDE + r"\d+(?:\.\d+)*[a-z]?" + _INSIDE +
           r"(?:\)|\\right\)|\\[bB]igg?r?\))\s*\}?)")
EQUATION_NUMBER = re.compile(rf"{_SPACE}\s*{_NUMBER}(?:\s|{_SPACE})*$|^\s*{_NUMBER}\s*{_SPACE}")
UNBRACED_SCRIPT = re.compile(r"(?<!\\)([_^])\s*(\d+\.\d+|\d\d+)")     # TeX's script is one token: x^23 is x^2 3
SPACED_SCRIPT = re.compile(r"(?<!\\)[_^]\s*(\\[,;:! ]|\\(?:q?quad|(?:display|text|script)style|[bB]igg?[lrm]?)(?![a-zA-Z]))")
#                                                 x^\,2 and x^\displaystyle 2: TeX's script is the command
SCIENTIFIC = re.compile(r"\d[eE][+-]?\d")                       # 2e3: not read, e is Euler's number
MAX_LENGTH = 20_000
MAX_DIGITS = 15
MAX_NESTING = 100
SPACING, MAX_BACKSPACES, MAX_SPACES = re.compile(r"\\[,;!: ]"), 2, 12   # \, \; \! \: and \ : what a formula needs
# a divisor that is a number written against a name (λ/2N): read as (λ/2) N by the order of operations,
# but often meant as λ/(2N); derive asks rather than guesses (λ/2 N too, which TeX shows as λ/2N: _two_readings)
AMBIGUOUS_DIVISOR = re.compile(r"/\s*(\d+(?:\.\d+)?)([A-Za-zα-ωΑ-Ω∂]|\\(?!cdot|times|odot|right|left)[A-Za-z]+)")


@dataclass
class Parsed:
    """The expressions of an equality chain, and what was wrong with their meaning."""
    exprs: list
    issues: list = field(default_factory=list)      # [(message, column)]


@lru_cache(maxsize=1)
def _parser():
    """The LALR(1) parser of GRAMMAR: loaded from tables.py when its tables are this grammar's and
    this lark's (lark takes 0.2-0.4 s to build them), else built."""
    from . import tables
    if (tables.LARK, tables.GRAMMAR) == _stamp():
        return Lark._load_from_dict(tables.TABLES["data"], tables.TABLES["memo"])
    return Lark(GRAMMAR, **OPTIONS)


def _stamp():
    return lark.__version__, hashlib.sha256(GRAMMAR.encode()).hexdigest()


def table_source():
    """The text of tables.py: lark's own serialization of the parser it builds from GRAMMAR
    (plain data: dicts, lists, strings, numbers; no pickle), stamped with lark's version and the
    grammar's hash. `python -m derive.parsing.parse` writes it."""
    data, memo = Lark(GRAMMAR, **OPTIONS).memo_serialize([TerminalDef, Rule])
    version, digest = _stamp()
    return ('"""The parser\'s LALR(1) tables, written by `python -m derive.parsing.parse` from grammar.py: '
            'do not edit."""\n'
            f"LARK = {version!r}\nGRAMMAR = {digest!r}\n"
            f"TABLES = {_literal({'data': data, 'memo': memo})}\n")


def _literal(x, depth=0, width=160):
    """x (dicts, lists and tuples of numbers, strings, None) as a Python literal, one line an item
    where the whole does not fit in `width`."""
    if len(repr(x)) + depth <= width or not isinstance(x, (dict, list, tuple)) or not x:
        return repr(x)
    items = [f"{k!r}: {_literal(v, depth + 1)}" for k, v in x.items()] if isinstance(x, dict) else \
        [_literal(v, depth + 1) for v in x]
    ends = "{}" if isinstance(x, dict) else "[]" if isinstance(x, list) else "()"
    return ends[0] + "\n" + "".join(f"{' ' * (depth + 1)}{t},\n" for t in items) + " " * depth + ends[1]


def parse(text, tex=None):
    """Parse `E0 = E1 = ...`; syntax and vocabulary errors raise ParseError. `tex`: the text is set by TeX
    (a document's display), whatever it looks like; None: TeX when it has a backslash, _, { or a
    character beyond ASCII. A text met before in this process (a line shared by the files of a batch)
    is not parsed again."""
    found = _parsed(text, tex)
    return Parsed(list(found.exprs), list(found.issues))


@lru_cache(maxsize=4096)
def _parsed(text, tex=None):
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
    _run_on_command(text)
    text = TRAILING.sub(lambda m: " " * len(m[0]), text)
    number = EQUATION_NUMBER.search(text)
    if number:
        at = 1 if number[1] else 2
        shown_number = number[at].strip()
        raise ParseError(f"{shown_number}, set apart by a space at an end of the formula, is an equation number, not a "
                         f"factor: write \\tag{{...}} or leave it out (a product is \\cdot {shown_number})",
                         number.start(at) + 1 + len(number[at]) - len(number[at].lstrip()))
    _pairings_two_ways(text)
    for m in LEFT_GUARD.finditer(text):
        if m[1].startswith("\\left") != m[3].startswith("\\right"):
            raise ParseError("\\left[ closes with \\right], and \\right] closes a \\left[ alone: TeX pairs them so",
                             m.start(3) + 1)
    text = LEFT_GUARD.sub(lambda m: "[" + " " * (len(m[1]) - 1) + m[2] + " " * (len(m[3]) - 1) + "]", text)
    shown, text = text, INLINE_PARTIAL.sub(lambda m: m[0] if m.string[:m.start()].rstrip().endswith("{") else
                                           PADDED_PARTIAL + m[1] + "/" + m[2] + PADDED_PARTIAL, text)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as e:
        raise syntax_error(shown, e) from None
    except RecursionError:
        raise ParseError("the expression is nested too deeply") from None
    _two_readings(text, tree, tex)
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
        if e.has(I, zoo, oo, -oo, nan):
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
        for p in powers:
            if abs(p.args[0].evalf(5)) > MAX_EXP:
                raise ParseError(f"e^t of a number t beyond {MAX_EXP:,} is beyond reckoning: derive neither "
                                 f"evaluates nor prints it")


BRACKETED = re.compile(r"[(\[|‖]|\\left|\\[bB]igg?l?|\\[lr]?[vV]ert|\\\||\\sum|Σ|(?:sum|abs|norm)\s*\(")   # a bracket, a sum
SUPERSCRIPTED = {"q_up_down", "q_down_up", "q_vector", "q_matrix", "kronecker_power"}    # a^l_j, A^l, \\delta_{jk}^(2)


def _two_readings(text, tree, tex=None):
    """What TeX shows one way and derive's grammar could read another is a ParseError naming both:
    \\delta_{jk}^2 (the error δ of layer 2, or a Kronecker delta squared), in TeX notation an
    unbraced script of more than one digit (TeX reads x^23 as x^2 followed by 3, a^2_12 as a^2_1 2)
    or a spacing command as a script (x^\\,2 is x 2), braces
    around more than one factor (TeX shows 2{a + b} as 2a + b), a number written after a number
    (TeX shows 2 0 as 20), and a power of a quantity with a superscript or of an unbracketed derivative
    (b^l_j^2 is an error to TeX; dC/db[l,j]^2 may be d(b^2))."""
    tex = bool(re.search(r"[\\_{]|[^\x00-\x7f]", text)) if tex is None else tex
    for node in tree.find_data("paren"):
        if text[node.meta.start_pos] == "{" and not _one_factor(node.children[0]):
            raise ParseError("TeX shows braces as nothing, so this group would read one way and show another: "
                             "write (...) to group", node.meta.column)
    for node in tree.find_pred(lambda t: t.data in ("power", "term")):     # \exp x^2: exp(x^2) in TeX, \ln a b: ln(ab)?
        bare = [c for c in node.children[:-1] if getattr(c, "data", None) == "bare_call" or
                getattr(c, "data", None) == "power" and getattr(c.children[0], "data", None) == "bare_call"]
        if bare:
            raise ParseError("a function without parentheses takes one quantity or number, alone: write "
                             "\\exp(x_j^2) or (\\exp x_j)^2, \\ln(a b) or (\\ln a) b", bare[0].meta.column)
    for node in tree.find_pred(lambda t: t.data in ("fraction", "fraction_digits")):    # \frac\,12: TeX takes
        at = node.meta.start_pos + len(re.match(r"\\[dt]?frac", text[node.meta.start_pos:])[0])  # \, for the top
        for child in node.children:
            start = child.start_pos if isinstance(child, Token) else child.meta.start_pos
            inside = text[at:start]                                    # outside the argument's braces
            lo = at + inside.rfind("}") + 1
            hi = text.find("{", lo, start) if "{" in text[lo:start] else start
            gap = SKIPPED.search(text, lo, hi)
            if gap:
                raise ParseError(f"TeX takes {gap[0]} for an argument of \\frac here: write \\frac{{...}}{{...}}",
                                 gap.start() + 1)
            at = child.end_pos if isinstance(child, Token) else child.meta.end_pos
    for node in tree.find_data("term"):
        for first, then in zip(node.children, node.children[1:]):
            if not (_numeral(first, text) and hasattr(then, "meta")):
                continue
            if text[then.meta.start_pos].isdigit() or _numeral(then, text):     # 2 0, {1}2, 2{5}
                raise ParseError(f"TeX shows the numbers {text[first.meta.start_pos:then.meta.start_pos + 1].strip()}"
                                 f"... as one number: write \\cdot between them, or join them", then.meta.column)
            if _numeral(then, text, fraction=True):                              # 2\frac12
                raise ParseError("TeX shows a number before a fraction of numbers as a mixed number (2\\frac12 "
                                 "as 2½): write \\cdot between them", then.meta.column)
    for node in tree.find_pred(lambda t: t.data in ("power", "q_down_up", "kronecker_power")):
        if node.data == "kronecker_power" or node.data == "q_down_up" and node.children[0].type == "DELTA" and \
                _exponent(node.children[2].children[0]):
            raise ParseError("a Kronecker delta with a superscript reads two ways: write \\delta^2_{jk} for the "
                             "error δ of layer 2, or (\\delta_{jk})^2 for the Kronecker delta squared",
                             node.meta.column)
    spaced = tex and SPACED_SCRIPT.search(text)
    if spaced:
        raise ParseError(f"TeX takes {spaced[1]} for the script here, and what follows for a factor: write "
                         f"^{{...}} or _{{...}}", spaced.start(1) + 1)
    m = tex and UNBRACED_SCRIPT.search(text)                           # a^2_12, \sum_{k=1}^10 as well as N^12
    if m:
        raise ParseError(f"TeX reads {m[1]}{m[2]} as {m[1]}{m[2][0]} followed by {m[2][1:]}: write {m[1]}{{{m[2]}}} "
                         f"for {m[2]}", m.start(2) + 1)
    for node in tree.find_data("term"):         # λ/2 N, b/N λ: TeX shows λ/2N, and λ/(2N) is often meant
        for at, child in enumerate(node.children[:-2]):
            after = node.children[at + 2]
            divisor = node.children[at + 1]     # 1/2 (x), 1/2 Σ, 1/M x: a number's part (1/2 N shows as 1/2N)
            if getattr(child, "type", None) == "DIV" and not isinstance(after, Token) and \
                    not (at and _numeral(node.children[at - 1], text) and
                         (not _digits(divisor, text) or _bracketed(text, after.meta.start_pos))):
                raise ParseError("a factor right after a divisor reads as part of it too (a/b c as a/(b c)): write "
                                 "(a/b) c, a/(b c) or a c/b", after.meta.column)
    for node in tree.find_data("term"):         # \partial C/\partial b^l_j N: TeX shows ∂C/∂b^l_jN (in the divisor?)
        for first, then in zip(node.children, node.children[1:]):
            if _inline_partial(first) and not isinstance(then, Token) and not _inline_partial(then) and \
                    getattr(then, "data", None) != "partial_latex" and \
                    text.startswith(("d", PADDED_PARTIAL), first.meta.start_pos):      # typed: TeX sets it so
                raise ParseError("a factor right after a derivative written with / reads as part of its divisor: "
                                 "write it before the derivative, or the derivative as \\frac{...}{...}",
                                 then.meta.column)
    for node in tree.find_data("partial_of"):        # ∂/∂v (f) g, ∂/∂v {(f)} g, ∂/∂v λ (f) g: the operand is f g
        operand = node.children[1]
        factors = operand.children if getattr(operand, "data", None) == "term" else []
        for f in factors[:-1]:                  # a bracket (a function's too) with more factors after it: the end?
            opens = not isinstance(f, Token) and (_bracketed(text, f.meta.start_pos) or _called(f))
            if opens and (opens is True or not opens.group(0).startswith(("\\sum", "Σ", "sum"))):
                raise ParseError("the operator takes its whole product, though the brackets after it read as its "
                                 "operand: write \\frac{\\partial}{\\partial ...} ((f) g), or put the derivative in "
                                 "brackets", f.meta.column)
    for node in tree.find_data("partial_latex"):        # \frac{\partial C \cdot C}{..}: (∂C/∂b) C, or ∂(C C)/∂b?
        if not _one_factor(node.children[0]) and not _scaled(node.children[0], text):
            raise ParseError("\\partial takes one factor above the bar: write \\frac{\\partial (...)}{...} "
                             "around a product or sum", node.children[0].meta.column)
    for node in tree.find_pred(lambda t: t.data in ("power", "square_root")):   # TeX takes ( alone: e^(z) is e^( z)
        mark = node.children[1] if node.data == "power" and len(node.children) > 1 else \
            node.children[0] if node.data == "square_root" and node.children[0].startswith("\\") else None
        if tex and mark is not None and text[mark.end_pos:].lstrip().startswith("("):
            what, write = ("superscript", "^{(...)}") if node.data == "power" else ("root", "\\sqrt{...}")
            raise ParseError(f"TeX takes the ( alone as the {what} here: write {write}", mark.end_pos + 1)
    for node in tree.find_data("power"):        # b^l_j^2: TeX's "double superscript"; dC/db[l,j]^2: d(b^2)?
        base = getattr(node.children[0], "data", None)
        if len(node.children) > 1 and (base in SUPERSCRIPTED or base == "partial_ascii"):
            raise ParseError("a power right after " + ("a superscript, which TeX refuses (a double superscript)"
                             if base in SUPERSCRIPTED else "a derivative's variable, which reads as a power of the "
                             "variable too") + ": write (...)^2 around what is raised", node.children[1].column)


COMMANDS = frozenset(re.findall(r"\\\\([a-zA-Z]+)", GRAMMAR)) | {"frac", "dfrac", "tfrac"}   # the grammar's


def _run_on_command(text):
    """TeX reads a command's letters to the last one: \\lambdaN is the command \\lambdaN, which TeX does
    not know, not \\lambda N (the grammar would read a command it knows and go on)."""
    for m in re.finditer(r"\\([a-zA-Z]+)", text):
        word = m[1]
        known = next((c for c in COMMANDS if word.startswith(c) and word != c), None)
        if word not in COMMANDS and known:
            raise ParseError(f"\\{word} is not a command derive reads (TeX reads a command's letters to the last "
                             f"one): for \\{known} then {word[len(known):]}, write \\{known} {word[len(known):]}",
                             m.start() + 1)


def _bracketed(text, at):
    """The factor at `at` opens a bracket or a sum, braces (which TeX does not show) skipped: {(f)} is (f)."""
    return BRACKETED.match(text, at + len(re.match(r"[{\s]*", text[at:]).group(0)))


def _inline_partial(node):
    """The factor is a derivative written with a slash (∂C/∂b^l_j, dC/db[l,j], \\partial C/\\partial b^l_j)."""
    while getattr(node, "data", None) == "power" and len(node.children) == 1:
        node = node.children[0]
    return getattr(node, "data", None) == "partial_ascii"


def _called(node):
    """The factor is a function of a bracket (\\ln(C), \\sigma(z), |x|, \\sqrt{x}), raised or not."""
    while getattr(node, "data", None) == "power":
        node = node.children[0]
    return getattr(node, "data", None) in ("call", "absolute", "norm", "square_root", "diagonal")


def _digits(node, text):
    """The node shows digits alone, in brackets, braces, fractions or powers (2, (2), 2^1, \\frac12): a number."""
    start, end = (node.start_pos, node.end_pos) if isinstance(node, Token) else (node.meta.start_pos, node.meta.end_pos)
    shown = re.sub(r"\\(?:[dt]?frac|left|right|[bB]igg?[lr]?)(?![a-zA-Z])", "", text[start:end])
    return bool(re.search(r"\d", shown)) and not re.search(r"[^\d\s.^{}()\[\]]", shown)


def _scaled(tree, text):
    """The tree is numbers (2, \\frac12) times one last factor, written side by side: ∂ \\frac12 (a - y)^2 reads one
    way only."""
    while getattr(tree, "data", None) == "sum" and len(tree.children) == 1:
        tree = tree.children[0]
    return getattr(tree, "data", None) == "term" and not any(isinstance(c, Token) for c in tree.children) and all(
        _numeral(c, text) or _numeral(c, text, fraction=True) for c in tree.children[:-1])


def _numeral(node, text, fraction=False):
    """The node shows as digits: a number, alone or in braces (which TeX does not show), without a power;
    with `fraction`, a fraction of such numbers (\\frac12, \\frac{1}{2})."""
    while getattr(node, "data", None) in ("power", "paren", "sum", "term") and len(node.children) == 1:
        if node.data == "paren" and text[node.meta.start_pos] != "{":
            return False
        node = node.children[0]
    if fraction:
        return getattr(node, "data", None) in ("fraction", "fraction_digits") and all(
            getattr(c, "type", None) in ("DIGIT", "NUMBER") or _numeral(c, text) for c in node.children)
    return getattr(node, "data", None) == "number"


def _pairings_two_ways(text):
    """Bars that pair up two ways, counted exactly: in each bracket group of a side, a run of bars
    (|, or ‖ \\| \\Vert, with at most spaces between them) closes some groups and opens others, a closing
    bar after what can end a factor and an opening one before what can start one; when more than one
    way pairs them all up (|2 ||b|| - 1| is |2·‖b‖ - 1| or |2| |b| |-1|; ||a|| b ||c|| is ‖a‖ b ‖c‖
    or |a·|b|·c| or |(|a| |b| |c|)|), derive asks rather than guesses."""
    if not BAR.search(text):
        return
    text = SKIPPED.sub(lambda m: " " * len(m[0]), text)      # TeX's thin spaces stand between factors as spaces do
    for start, end in _sides(text):
        for pattern, what, instead in ((PLAIN_BAR, "these bars", "abs(...) or \\left| ... \\right| for an absolute "
                                        "value, norm(...) or \\|...\\| for a norm"),
                                       (NORM_BAR, "these norm bars", "norm(...) or \\left\\| ... \\right\\| for the "
                                        "inner one")):
            for runs in _runs(text, start, end, pattern):
                at, ways = _first_fork(text, start, end, runs)
                if ways == 0:
                    raise ParseError(f"{what} do not pair up, or nest more than {MAX_NESTING} deep: write {instead}",
                                     at + 1)
                if ways > 1:
                    raise ParseError(f"{what} pair up two ways: write {instead}, or * between the factors", at + 1)


def _runs(text, start, end, pattern):
    """The bars of a side by bracket group, each group's as runs [(start, end), ...] of bars with spaces
    alone between them."""
    group, stack, groups = {}, [0], {}
    for t in range(start, end):
        group[t] = stack[-1]
        if text[t] in "([{" and text[t - 1:t] != "\\":
            stack.append(t + 1)
        elif text[t] in ")]}" and text[t - 1:t] != "\\" and len(stack) > 1:
            stack.pop()
    for m in pattern.finditer(text, start, end):
        runs = groups.setdefault(group[m.start()], [])
        if runs and not text[runs[-1][-1][1]:m.start()].strip():
            runs[-1].append(m.span())
        else:
            runs.append([m.span()])
    return groups.values()


def _first_fork(text, start, end, runs):
    """(position, 2) of the first run of bars at which two ways of pairing up all of them part; (the
    first run's, 0) when no way pairs them up; else (None, 1). A run of r bars closes c groups, then
    opens r - c (an opening bar followed by a closing one is an empty group); a way is a choice of c for
    each run that never closes more groups than are open and ends with none open (nesting deeper than
    MAX_NESTING is no reading)."""
    if not runs:
        return None, 1
    choices = []
    for run in runs:
        left, right = text[start:run[0][0]].rstrip(), text[run[-1][1]:end].lstrip()
        close = bool(FACTOR_END.search(left) or CLOSES_AFTER.search(left))
        open_ = bool(FACTOR_START.match(right) or OPENS_BEFORE.match(right))
        r = len(run)
        choices.append((run[0][0], r, [c for c in range(min(r, MAX_NESTING) + 1)
                                       if (c == 0 or close) and (c == r or open_)]))
    finish = [{0}]                                      # the depths from which the runs after each can end at 0
    for _, r, cs in reversed(choices):
        finish.append({d for d in range(MAX_NESTING + 1) for c in cs if c <= d and d - 2 * c + r in finish[-1]})
    finish.reverse()
    if 0 not in finish[0]:
        return choices[0][0], 0
    depths = {0}
    for t, (at, r, cs) in enumerate(choices):
        if any(sum(c <= d and d - 2 * c + r in finish[t + 1] for c in cs) > 1 for d in depths):
            return at, 2
        depths = {d - 2 * c + r for d in depths for c in cs if c <= d and d - 2 * c + r in finish[t + 1]}
    return None, 1


def _sides(text):
    """(start, end) of each side of `E0 = E1 = ...`: split at the = signs outside brackets."""
    depth, start = 0, 0
    for t, ch in enumerate(text + "="):
        depth += (ch in "([{") - (ch in ")]}")
        if ch == "=" and depth <= 0:
            yield start, t
            start = t + 1


def _exponent(script):
    """The superscript of δ_j^... reads as an exponent too: δ_j^2, δ_{jk}^T, δ_j^{N}."""
    if script.type == "SCRIPTCHAR":
        return script.isdigit() or script == "T"
    if script.type != "RAWSCRIPT":                  # \\alpha
        return False
    if script in ("T", "\\top"):
        return True
    try:
        return len(_parser().parse(script).children) == 1
    except UnexpectedInput:
        return False


def _one_factor(tree):
    """The tree of a group is one factor, the same with or without the braces (no sign, sum or operator)."""
    while getattr(tree, "data", None) in ("sum", "term") and len(tree.children) == 1:
        tree = tree.children[0]
    return getattr(tree, "data", None) not in ("sum", "term")


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


if __name__ == "__main__":
    Path(__file__).with_name("tables.py").write_text(table_source(), encoding="utf-8")
