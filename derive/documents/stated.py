"""What a document states beside its derivation: the relations of its inline math, its reasons, its comments and its
words that derive reads and that name a quantity of the network. checkdoc.py has the kernel refute no equation of them
and refute each X ≠ Y as an equation; another relation between quantities is bad input there."""
import html
import re
from bisect import bisect_right
from functools import lru_cache

from .. import shown
from ..model.symbols import SIZES, free_symbols, names_quantity
from ..parsing.parse import MAX_LENGTH, ParseError, parse
from ..shown import DocumentError
from ..shown.inline import GITHUB_INLINE
from .beside import (EQUAL_LIKE, INEQUALITY, ORDER_SIGNS, RELATION, SHOWN_MATH, VERBATIM, paragraphs, relations_in,
                     relations_said)
from .prose import DISPLAYED

SAME = re.compile(r"\\(?:stackrel|overset|underset)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*=\s*\}|"
                  r"\\math(?:rel|op|bin)\s*\{\s*\{?\s*=\s*\}?\s*\}|\{\s*=\s*\}|\\symbol\s*\{\s*61\s*\}|"
                  r"[" + EQUAL_LIKE + r"]|"
                  r":=|=:|==|\\(?:equiv|doteq|coloneqq?|eqqcolon|triangleq|Relbar)(?![a-zA-Z])")     # = however written
SPACE = re.compile(r"\\(?:[;,:!> ]|q?quad|enspace|(?:med|thin|thick)space|mathrel(?![a-zA-Z])(?:\s*\{\s*\})?|"
                   r"hspace\*?\s*\{[^{}]*\}|mkern\s*-?[\d.]+\s*mu|phantom\s*\{[^{}]*\})|~")   # spacing: \; = \; is =
APART = re.compile(r"(?<!\\)[,;]|\\q?quad(?![a-zA-Z])|\\(?:text|mbox)\s*\{[^{}]*[A-Za-z][^{}]*\}")   # clauses: ', \quad l < L'
RELATIONS = re.compile(r"!=|<=|>=|=<|\\not\s*=|" + RELATION.pattern + "|" + INEQUALITY.pattern)   # at a clause's top
ORDER_WRAPPED = re.compile(r"\\math(?:rel|op|bin|rm)\s*\{\s*(" + INEQUALITY.pattern + r")\s*\}|"
                           r"\{\s*(" + INEQUALITY.pattern + r")\s*\}")     # {<}, \mathrel{<}: < (a group in one: again)
SHOWS_TOKEN = re.compile(r"\\(?:text|mbox|mathrm|mathit|mathbf)(?![a-zA-Z])\s*(?:\{\s*\})?(?!\s*\{)|"     # \text 2 is 2,
                         r"\\(?:boxed|mathbf|bm|displaystyle|textstyle|left|right|big+l?|Big+l?)(?![a-zA-Z])|"   # \boxed{x}: x
                         r"\\tag\*?\s*\{[^{}]*\}")
QUAD_BESIDE = re.compile(r"\\q?quad(?![a-zA-Z])(?=[ \t~]{0,8}(?:" + RELATIONS.pattern + r"))|(?<=[=<>])\\q?quad(?![a-zA-Z])|"
                         r"(?<=[=<>][ \t~])\\q?quad(?![a-zA-Z])")
DIFFER = re.compile(r"!=|\\not\s*=|\\neq?|\u2260")
WORDS, LONGEST = 32, 64     # the words of a formula in words read at once, then one by one up to the longest
TRIES = 1_500       # the pieces of words a document's reading parses, at most (up to some ms each)
START = re.compile(r"[\[(/^_\\]|^C$|^[-+]?\d|^[-+]$|^(?:sigma|delta|exp|log|sum|sqrt)")   # a word a formula may start with
GOES_ON = re.compile(r"[+*/^\u00b7\u00d7\u00f7\u22c5\u2219\u2217]|(?:times|over|plus|minus|multiplied|divided)$")   # a word
                                                      # that would continue one
                                                      # (a - is a dash where what follows does not read)
LEADING, TRAILING = "`*_\"'\u201c\u2018(<{", "`*_\"'\u201d\u2019)>},;:.?!\u2026"   # marks around a formula in words
AS_TYPED = str.maketrans({"\u2010": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\ufe63": "-", "\uff0d": "-",
                          "\u2044": "/", "\u2215": "/", "\u00b7": "*", "\u22c5": "*", "\u00d7": "*", "\u2219": "*",
                          "\u00b2": "^2", "\u00b3": "^3", "\u2074": "^4", "\u00bd": "(1/2)"})   # dashes, slashes, products,
                                                                                            # powers as a reader reads them
CLOSING = {"(": ")", "{": "}"}
OPENING = {")": "(", "}": "{"}


TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>")
LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")             # [text](url): its text
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def page_states(text, worded, reasons, latex=None):
    """(line, formula, relation, sides) for each relation a LaTeX or Markdown page states beside its derivation
    (formulas_stated, words_state): its inline math and its words as a reader sees them (`worded`: the page's words
    with its inline math, line for line), and the formulas of its rows' reasons (`reasons`: (line, formula)). A LaTeX
    page (`latex`: its code as TeX reads its conditionals, preamble kept; the text with its verbatim blanked) is read
    with its preamble's \\title, a command's argument as words, and verbatim text for derive's words alone (TeX's
    source there is code); a Markdown one with GitHub's $`...`$, and words in code, tables and link texts, its tags
    and comments out."""
    if latex is None:
        math = relations_said(_signs_shown(worded, text, MARKDOWN_CODE), True, _checked) + [
            (shown.line_of(text, m.start()), m.group(1)) for m in GITHUB_INLINE.finditer(text)
            if relations_in(m.group(0))]
        words = re.sub(r"`[^`\n]*`", lambda m: re.sub(r"<(?=[!/?A-Za-z])", " ", m.group(0)), text)   # no comment or
                                                                                        # tag opens in code; 0 <= a
        words = re.sub(r"<sup>([^<>\n]*)</sup>", r"^(\1)", HTML_COMMENT.sub(_blanked, words))   # a power as shown
        words = LINK.sub(r"\1", TAG.sub(" ", words))
        words = html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", words))        # escapes and entities read
        pages = ["\n".join(line.replace("|", " ") if line.lstrip().startswith("|") else line    # a table's cells
                           for line in words.split("\n"))]
    else:
        read, blanked = latex
        start = read.find("\\begin{document}") if len(read) == len(worded) else -1
        words = read[:start] + worded[start:] if start >= 0 else worded      # the preamble's \title, the body as shown
        typed = "".join(c if c != b or c == "\n" else " " for c, b in zip(text, blanked))    # verbatim text alone,
        math = relations_said(_signs_shown(words, typed, TEX_VERBATIM), False, _checked)
        pages = [words, re.sub(r"\$|\\[a-zA-Z]+", " ", VERBATIM.sub(r" \2 ", typed))]   # derive's words: TeX's is code
    prose = SHOWN_MATH.sub(_blanked, DISPLAYED.sub(_blanked, pages[0]))      # line for line
    if latex is not None:   # a command's argument is read as words (\texttt{...}, \footnote{...}, \section*{...})
        prose = re.sub(r"\\text(?:endash|minus)(?![a-zA-Z])[ \t]*(?:\{\})?|(?<![-\\])--(?!-)", "-", prose)  # TeX's dash
        prose = re.sub(r"\\text(?:times|periodcentered)(?![a-zA-Z])[ \t]*(?:\{\})?", "*", prose)
        prose = re.sub(r"(?<!\\)\{\}", "", prose)                                                    # (shows nothing)
        prose = re.sub(r"\\[a-zA-Z]+\*?(?:[ \t]*\[[^\]\n]*\])?[ \t]*\{", " {", prose)
    tries = [TRIES]
    return formulas_stated(math + reasons) + [found for page in [prose] + pages[1:]
                                              for start, paragraph in paragraphs(page)
                                              for found in words_state(paragraph, shown.line_of(page, start), tries)]


TEX_VERBATIM = re.compile(VERBATIM.pattern + r"|\\[a-zA-Z]+\*?\s*\{([^{}\n]*)\}")     # \verb|=|, \url{=}
MARKDOWN_CODE = re.compile(r"(`+)([^`\n]+?)\1")
SIGNS = re.compile(r"[^\w\s$\\`]+")


def _signs_shown(words, source, verbatim):
    """The page's words with each verbatim text or code span (`verbatim`, its text the last group that matched) of
    signs alone (\\verb|=|, \\url{=}, `=`) as the page shows it, in its place: between two formulas it shows a
    relation. (Any other is code, read for derive's words alone.)"""
    lines, starts = words.split("\n"), [0] + [m.end() for m in re.finditer("\n", source)]
    for m in verbatim.finditer(source):
        signs, number = m.group(m.lastindex).strip(), bisect_right(starts, m.start()) - 1
        column, end = m.start() - starts[number], m.end() - starts[number]
        if SIGNS.fullmatch(signs) and number < len(lines) and not lines[number][column:end].strip():
            lines[number] = lines[number][:column] + signs + lines[number][column + len(signs):]   # (where it stood,
    return "\n".join(lines)                                                                      # blank: its place)


def _checked(formula):
    """Whether the formula states a relation derive checks (formulas_stated reads one)."""
    return bool(_relations_of(formula))


def _blanked(m):
    return re.sub(r"[^\n]", " ", m.group(0))


def formulas_stated(said):
    """(line, formula, relation, sides) for each inline formula ((line, text) in `said`) that states, in one of its
    clauses (parts apart at a top-level comma, \\quad or \\text{...}), a relation that derive reads between
    expressions naming a quantity: "=" (however it is written: \\equiv, :=, \\stackrel{def}{=}) with the
    expressions it equates, "≠" (\\ne, !=) with its two sides, or "<" for any other (\\le, >, ...). One derive
    cannot read is left out."""
    return [(line, formula.strip(), *found) for line, formula in said for found in _relations_of(formula)]


@lru_cache(maxsize=4096)
def _relations_of(formula):
    """(relation, sides) for each clause of one formula that states a relation derive reads (formulas_stated); read
    once a process for each formula (a page's relations are looked at before they are checked)."""
    if len(formula) > MAX_LENGTH:
        return ()                           # (more than derive reads in a formula)
    plain = re.sub(r"\\(?:text|mbox|mathrm)\s*\{([^{}A-Za-z]*)\}", r"{\1}", formula)       # \text{2}: 2
    for _ in range(4):                      # {{<}}: a group in a group
        plain = ORDER_WRAPPED.sub(lambda m: f" {m.group(1) or m.group(2)} ", plain)
    plain = QUAD_BESIDE.sub(" ", SAME.sub("=", SHOWS_TOKEN.sub(" ", plain)))     # \quad = \quad: no clause
    return tuple(found for clause in _top_level(plain, APART)[0]
                 for found in [_relation(SPACE.sub(" ", clause), math=True)] if found is not None)


def _relation(text, math=False):
    """(relation, sides) that text states (see formulas_stated), or None: an equation read whole (a guard's \\le
    inside it too), else its parts apart at its top-level relations; a formula set in parentheses or a group as a
    whole is read inside them (\\left( ... \\right), \\boxed{...}). In `math`, an order of a quantity whose other
    side derive does not read is one too (words go on past a formula: '... > ~~~')."""
    text = _unwrapped(text)
    try:
        sides, relations = parse(text).exprs, {"="}
    except ParseError:
        pieces, apart = _top_level(text, RELATIONS)
        if all(t == "=" for t in apart):
            return None                     # (the parser has read it as a whole: x = 2 is a vector against a number)
        relations = {"=" if t == "=" else "≠" if DIFFER.fullmatch(t) else "<" for t in apart}
        try:
            sides = [e for piece in pieces for e in parse(piece).exprs]
        except ParseError:
            read = [e for piece in pieces for e in _read_or_none(piece)]
            if math and "<" in relations and any(names_quantity(e) for e in read):
                return "<", tuple(read)     # (an order of a quantity is bad input, whatever its other side says)
            return None
    if len(sides) < 2 or not any(names_quantity(e) for e in sides) or relations == {"="} and len(sides) == 2 and \
            any(u.is_Number and not {t for t in free_symbols(v) if t.is_integer} - SIZES for u, v in (sides, sides[::-1])):
        return None                         # (a worked example's value at one instance: a^2_1 = 0.7, C = 0.25)
    relation = relations.pop() if len(relations) == 1 else "<"
    return (relation, tuple(sides)) if relation != "≠" or len(sides) == 2 else ("<", tuple(sides))


def _read_or_none(piece):
    """The expressions derive reads in a piece of a formula, or none."""
    try:
        return parse(piece).exprs
    except ParseError:
        return ()


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
    if not re.search("[=<>" + EQUAL_LIKE + ORDER_SIGNS + "]", piece):
        return False
    for text in dict.fromkeys((piece, _unmarked(piece))):
        tries[0] -= 1
        if tries[0] < 0:
            raise DocumentError(f"line {number}: more words around = than derive reads for the formulas they state; "
                                f"shorten them")
        found = _relation(SPACE.sub(" ", SAME.sub("=", text.translate(AS_TYPED))))   # a dash a minus where what
        if found is not None:                                                       # follows reads
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
