"""What TeX shows one way and derive's grammar could read another (x^23 is x^2 3 to TeX, 2{a + b} shows as
2a + b, λ/2 N shows as λ/2N): each is a ParseError naming both readings, so that a formula means what it shows."""
import re

from lark import Token
from lark.exceptions import UnexpectedInput

from .common import PADDED_PARTIAL, SKIPPED
from .errors import ParseError
from .grammar import GRAMMAR
from .lalr import parser

UNBRACED_SCRIPT = re.compile(r"(?<!\\)([_^])\s*(\d+\.\d+|\d\d+)")     # TeX's script is one token: x^23 is x^2 3
SPACED_SCRIPT = re.compile(r"(?<!\\)[_^]\s*(\\[,;:! ]|\\(?:q?quad|(?:display|text|script)style|[bB]igg?[lrm]?)(?![a-zA-Z]))")
#                                                 x^\,2 and x^\displaystyle 2: TeX's script is the command
BRACKETED = re.compile(r"[(\[|‖]|\\left|\\[bB]igg?l?|\\[lr]?[vV]ert|\\\||\\sum|Σ|(?:sum|abs|norm)\s*\(")   # a bracket, a sum
SUPERSCRIPTED = {"q_up_down", "q_down_up", "q_vector", "q_matrix", "kronecker_power"}    # a^l_j, A^l, \\delta_{jk}^(2)
COMMANDS = frozenset(re.findall(r"\\\\([a-zA-Z]+)", GRAMMAR)) | {"frac", "dfrac", "tfrac"}   # the grammar's


def two_readings(text, tree, tex=None):
    """What TeX shows one way and derive's grammar could read another is a ParseError naming both:
    \\delta_{jk}^2 (the error δ of layer 2, or a Kronecker delta squared), in TeX notation an
    unbraced script of more than one digit (TeX reads x^23 as x^2 followed by 3, a^2_12 as a^2_1 2)
    or a spacing command as a script (x^\\,2 is x 2), braces
    around more than one factor (TeX shows 2{a + b} as 2a + b), a number written after a number
    (TeX shows 2 0 as 20), and a power of a quantity with a superscript or of an unbracketed derivative
    (b^l_j^2 is an error to TeX; dC/db[l,j]^2 may be d(b^2))."""
    typeset = tex is True                   # a document's display: TeX sets a typed ∂C/∂b N as ∂C/∂bN too
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
            first = _unbraced(first, text)          # {dC/db^l_j} N: TeX sets the braces as nothing
            if _inline_partial(first) and not isinstance(then, Token) and not _inline_partial(then) and \
                    getattr(then, "data", None) != "partial_latex" and \
                    text.startswith(("d", PADDED_PARTIAL) + ("∂",) * typeset, first.meta.start_pos):  # TeX sets it so
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


def run_on_command(text):
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


def _unbraced(node, text):
    """The factor inside the braces of a group ({x} is x to TeX), else the node."""
    inner = node
    while getattr(inner, "data", None) in ("sum", "term", "power", "paren") and len(inner.children) == 1:
        if inner.data == "paren" and text[inner.meta.start_pos] != "{":
            return node
        inner = inner.children[0]
    return inner if inner is not node and not isinstance(inner, Token) else node


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


def _exponent(script):
    """The superscript of δ_j^... reads as an exponent too: δ_j^2, δ_{jk}^T, δ_j^{N}."""
    if script.type == "SCRIPTCHAR":
        return script.isdigit() or script == "T"
    if script.type != "RAWSCRIPT":                  # \\alpha
        return False
    if script in ("T", "\\top"):
        return True
    try:
        return len(parser().parse(script).children) == 1
    except UnexpectedInput:
        return False


def _one_factor(tree):
    """The tree of a group is one factor, the same with or without the braces (no sign, sum or operator)."""
    while getattr(tree, "data", None) in ("sum", "term") and len(tree.children) == 1:
        tree = tree.children[0]
    return getattr(tree, "data", None) not in ("sum", "term")
