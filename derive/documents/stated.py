"""What a document states beside its derivation: the relations of its inline math, its reasons, its comments and its
words that derive reads and that name a quantity of the network. checkdoc.py has the kernel refute no equation of them
and refute each X ≠ Y as an equation; another relation between quantities is bad input there."""
import re

from ..model.symbols import SIZES, free_symbols, names_quantity
from ..parsing.parse import MAX_LENGTH, ParseError, parse
from ..shown import DocumentError
from .beside import INEQUALITY, RELATION

SAME = re.compile(r"\\(?:stackrel|overset|underset)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*=\s*\}|"
                  r"\\math(?:rel|op|bin)\s*\{\s*\{?\s*=\s*\}?\s*\}|\{\s*=\s*\}|\\symbol\s*\{\s*61\s*\}|\uff1d|"
                  r":=|=:|==|\\(?:equiv|doteq|coloneqq?|eqqcolon|triangleq|Relbar)(?![a-zA-Z])")     # = however written
SPACE = re.compile(r"\\(?:[;,:!> ]|q?quad|enspace|(?:med|thin|thick)space|mathrel(?![a-zA-Z])(?:\s*\{\s*\})?|"
                   r"hspace\*?\s*\{[^{}]*\}|mkern\s*-?[\d.]+\s*mu|phantom\s*\{[^{}]*\})|~")   # spacing: \; = \; is =
APART = re.compile(r"(?<!\\)[,;]|\\q?quad(?![a-zA-Z])|\\(?:text|mbox)\s*\{[^{}]*[A-Za-z][^{}]*\}")   # clauses: ', \quad l < L'
RELATIONS = re.compile(r"!=|<=|>=|\\not\s*=|" + RELATION.pattern + "|" + INEQUALITY.pattern)   # at a clause's top
SHOWS_TOKEN = re.compile(r"\\(?:text|mbox|mathrm|mathit|mathbf)(?![a-zA-Z])\s*(?:\{\s*\})?(?!\s*\{)|"     # \text 2 is 2,
                         r"\\(?:boxed|mathbf|bm|displaystyle|textstyle|left|right|big+l?|Big+l?)(?![a-zA-Z])|"   # \boxed{x}: x
                         r"\\tag\*?\s*\{[^{}]*\}")
SIGN = r"(?:=|<|>|\\(?:ne|neq|le|leq|ge|geq|lt|gt|not)(?![a-zA-Z])|[\u2260\u2264\u2265])"
QUAD_BESIDE = re.compile(r"\\q?quad(?![a-zA-Z])(?=[ \t~]{0,8}" + SIGN + r")|(?<=[=<>])\\q?quad(?![a-zA-Z])|"
                         r"(?<=[=<>][ \t~])\\q?quad(?![a-zA-Z])")
DIFFER = re.compile(r"!=|\\not\s*=|\\neq?|\u2260")
WORDS, LONGEST = 32, 64     # the words of a formula in words read at once, then one by one up to the longest
TRIES = 1_500       # the pieces of words a document's reading parses, at most (up to some ms each)
START = re.compile(r"[\[(/^_\\]|^C$|^[-+]?\d|^[-+]$|^(?:sigma|delta|exp|log|sum|sqrt)")   # a word a formula may start with
GOES_ON = re.compile(r"[+*/^\u00b7\u00d7\u00f7\u22c5\u2219\u2217]|(?:times|over|plus|minus|multiplied|divided)$")   # a word
                                                      # that would continue one
                                                      # (a - is a dash where what follows does not read)
LEADING, TRAILING = "`*_\"'\u201c\u2018(<{", "`*_\"'\u201d\u2019)>},;:.?"      # marks around a formula in words
CLOSING = {"(": ")", "{": "}"}
OPENING = {")": "(", "}": "{"}


def formulas_stated(said):
    """(line, formula, relation, sides) for each inline formula ((line, text) in `said`) that states, in one of its
    clauses (parts apart at a top-level comma, \\quad or \\text{...}), a relation that derive reads between
    expressions naming a quantity: "=" (however it is written: \\equiv, :=, \\stackrel{def}{=}) with the
    expressions it equates, "≠" (\\ne, !=) with its two sides, or "<" for any other (\\le, >, ...). One derive
    cannot read is left out."""
    out = []
    for line, formula in said:
        if len(formula) > MAX_LENGTH:
            continue                        # (more than derive reads in a formula)
        plain = re.sub(r"\\(?:text|mbox|mathrm)\s*\{([^{}A-Za-z]*)\}", r"{\1}", formula)       # \text{2}: 2
        plain = QUAD_BESIDE.sub(" ", SAME.sub("=", SHOWS_TOKEN.sub(" ", plain)))     # \quad = \quad: no clause
        for clause in _top_level(plain, APART)[0]:
            found = _relation(SPACE.sub(" ", clause))
            if found is not None:
                out.append((line, formula.strip(), *found))
    return out


def _relation(text):
    """(relation, sides) that text states (see formulas_stated), or None: an equation read whole (a guard's \\le
    inside it too), else its parts apart at its top-level relations; a formula set in parentheses or a group as a
    whole is read inside them (\\left( ... \\right), \\boxed{...})."""
    text = _unwrapped(text)
    try:
        sides, relations = parse(text).exprs, {"="}
    except ParseError:
        pieces, apart = _top_level(text, RELATIONS)
        if all(t == "=" for t in apart):
            return None                     # (the parser has read it as a whole: x = 2 is a vector against a number)
        try:
            sides = [e for piece in pieces for e in parse(piece).exprs]
        except ParseError:
            return None
        relations = {"=" if t == "=" else "≠" if DIFFER.fullmatch(t) else "<" for t in apart}
    if len(sides) < 2 or not any(names_quantity(e) for e in sides) or relations == {"="} and len(sides) == 2 and \
            any(u.is_Number and not {t for t in free_symbols(v) if t.is_integer} - SIZES for u, v in (sides, sides[::-1])):
        return None                         # (a worked example's value at one instance: a^2_1 = 0.7, C = 0.25)
    relation = relations.pop() if len(relations) == 1 else "<"
    return (relation, tuple(sides)) if relation != "≠" or len(sides) == 2 else ("<", tuple(sides))


def words_state(text, number, tries):
    """(line, formula, relation, sides) for each formula that words state (a .proof comment or reason, a page's prose
    outside its math: '# notation: delta[l,j] = 2*dC/dz[l,j] (the 2 ...)'): the longest run of words from a word a
    formula may start with that derive reads as a relation naming a quantity (marks around it, quotes, parentheses,
    code, a sentence's comma or stop, left out). A DocumentError where the formula would go on (· 2, times 2) past what
    derive reads, or where more than TRIES pieces (tries[0] left) were read."""
    words, found, first = text.split(), [], 0
    while first < len(words):
        hit = None
        for last in range(min(len(words), first + WORDS), first, -1) if START.search(words[first].lstrip(LEADING)) \
                else ():
            hit = _read(" ".join(words[first:last]), number, tries)
            if hit is False:
                break
            if hit is not None:
                while last - first >= WORDS and last < len(words):      # a long one: read on while it reads
                    if last - first >= LONGEST:
                        raise DocumentError(f"line {number}: a formula in words longer than {LONGEST} words, more than "
                                            f"derive reads; set it in math, or shorten it")
                    longer = _read(" ".join(words[first:last + 1]), number, tries)
                    if not longer:
                        break
                    hit, last = longer, last + 1
                break
        if not hit:
            first += 1
            continue
        if last < len(words) and GOES_ON.match(words[last]):
            raise DocumentError(f"line {number}: {' '.join(words[first:last + 1])} ... reads as a formula that goes on "
                                f"past what derive reads; write it whole in derive's notation, or in words")
        found.append((number, hit[0], *hit[1:]))
        first = last
    return found


def _read(piece, number, tries):
    """(formula, relation, sides) a run of words states, as it stands or with the marks around it left out; None when
    it states none; False when it holds no relation's sign (nor does any shorter run from its first word)."""
    if not re.search("[=<>\u2260\u2264\u2265]", piece):
        return False
    for text in dict.fromkeys((piece, _unmarked(piece))):
        tries[0] -= 1
        if tries[0] < 0:
            raise DocumentError(f"line {number}: more words around = than derive reads for the formulas they state; "
                                f"shorten them")
        found = _relation(SPACE.sub(" ", SAME.sub("=", text)))
        if found is not None:
            return (text, *found)
    return None


def _unmarked(text):
    """text without the marks a sentence sets around a formula: quotes, code, emphasis, a parenthesis or brace it does
    not close or open, a comma or stop after it."""
    while text and text[0] in LEADING and (text[0] not in CLOSING or text.count(text[0]) > text.count(CLOSING[text[0]])):
        text = text[1:]
    while text and text[-1] in TRAILING and (text[-1] not in OPENING or
                                             text.count(text[-1]) > text.count(OPENING[text[-1]])):
        text = text[:-1]
    return text


def _unwrapped(text):
    """text without the parentheses or braces that enclose it whole."""
    text = text.strip()
    while text[:1] in CLOSING and _closing(text) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def _closing(text):
    """Where the parenthesis or brace that opens text closes (None: nowhere)."""
    depth = 0
    for t, c in enumerate(text):
        depth += (c == text[0]) - (c == CLOSING[text[0]])
        if depth == 0:
            return t
    return None


def _top_level(text, pattern):
    """(the pieces of text apart at each match of pattern outside braces, parentheses and brackets, the matches)."""
    depth, level = 0, []
    for t, c in enumerate(text):
        if c in "{([" and not (t and text[t - 1] == "\\"):
            depth += 1
        elif c in "})]" and not (t and text[t - 1] == "\\"):
            depth = max(0, depth - 1)
        level.append(depth)
    pieces, apart, start = [], [], 0
    for m in pattern.finditer(text):
        if level[m.start()] == 0:
            pieces.append(text[start:m.start()])
            apart.append(m.group(0))
            start = m.end()
    return pieces + [text[start:]], apart
