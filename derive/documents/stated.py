"""What a document states beside its derivation: the equations (and other relations) of its inline math, its
reasons, its comments and its prose that derive reads and that name a quantity of the network. checkdoc.py has the
kernel refute none of them; a relation other than = between quantities is bad input there."""
import re

from ..model.symbols import names_quantity
from ..parsing.parse import ParseError, parse
from ..shown import DocumentError
from .beside import INEQUALITY, RELATION

SAME = re.compile(r"\\(?:stackrel|overset)\s*\{[^{}]*\}\s*\{\s*=\s*\}|\\mathrel\s*\{\s*=\s*\}|\{\s*=\s*\}|:=|=:|=="
                  r"|\\(?:equiv|doteq|coloneqq|eqqcolon|triangleq|Relbar)(?![a-zA-Z])")        # = however written
APART = re.compile(r"(?<!\\)[,;]|\\(?:q?quad|;|enspace)(?![a-zA-Z])|\\(?:text|mbox)\s*\{[^{}]*\}")   # clauses
RELATIONS = re.compile(r"!=|<=|>=|\\not\s*=|" + RELATION.pattern + "|" + INEQUALITY.pattern)   # at a clause's top
DIFFER = re.compile(r"!=|\\not\s*=|\\neq?|\u2260")
WORDS = 16          # the longest formula words state, in words
TRIES = 5_000       # the pieces of words a document's reading parses, at most (each about 0.2 ms)
START = re.compile(r"[\[(/^_\\]|^C$|^(?:sigma|delta|exp|log|sum|sqrt)")    # a word a formula may start with
GOES_ON = re.compile(r"[+*/^\u00b7\u00d7\u00f7]|(?:times|over|plus|minus)$")   # a word that would continue one
                                                      # (a - is a dash where what follows does not read)


def formulas_stated(said):
    """(line, formula, relation, sides) for each inline formula ((line, text) in `said`) that states, in one of its
    clauses (parts apart at a top-level comma, \\quad or \\text{...}), a relation that derive reads between
    expressions naming a quantity: "=" (however it is written: \\equiv, :=, \\stackrel{def}{=}) with the
    expressions it equates, "≠" (\\ne, !=) with its two sides, or "<" for any other (\\le, >, ...). One derive
    cannot read is left out."""
    out = []
    for line, formula in said:
        for clause in _top_level(formula, APART)[0]:
            found = _relation(SAME.sub("=", clause))
            if found is not None:
                out.append((line, formula.strip(), *found))
    return out


def _relation(text):
    """(relation, sides) that text states (see formulas_stated), or None: an equation read whole (a guard's \\le
    inside it too), else its parts apart at its top-level relations."""
    try:
        sides, relations = parse(text).exprs, {"="}
    except ParseError:
        pieces, apart = _top_level(text, RELATIONS)
        try:
            sides = [e for piece in pieces for e in parse(piece).exprs]
        except ParseError:
            return None
        relations = {"=" if t == "=" else "≠" if DIFFER.fullmatch(t) else "<" for t in apart}
    if len(sides) < 2 or not any(names_quantity(e) for e in sides):
        return None
    relation = relations.pop() if len(relations) == 1 else "<"
    return (relation, tuple(sides)) if relation != "≠" or len(sides) == 2 else ("<", tuple(sides))


def words_state(text, number, tries):
    """(line, formula, relation, sides) for each formula that words state (a .proof comment or reason, a page's prose outside
    its math: '# notation: delta[l,j] = 2*dC/dz[l,j] (the 2 ...)'): the longest run of words from a word a formula may
    start with that derive reads as a relation naming a quantity. A DocumentError where the formula would go on
    (· 2, times 2) past what derive reads, or where more than TRIES pieces (tries[0] left) were read."""
    words, found, first = [re.sub(r"^[`*]+|[`*,;:.?]+$", "", w) or w for w in text.split()], [], 0     # code, emphasis
    while first < len(words):
        hit = None
        for last in range(min(len(words), first + WORDS), first, -1) if START.search(words[first]) else ():
            piece = " ".join(words[first:last])
            if not re.search("[=<>\u2248\u2260\u2264\u2265]", piece):
                break
            tries[0] -= 1
            if tries[0] < 0:
                raise DocumentError(f"line {number}: more words around = than derive reads for the formulas they "
                                    f"state; shorten them")
            sides = _relation(SAME.sub("=", piece))
            if sides is not None:
                hit = (last, sides)
                break
        if hit is None:
            first += 1
            continue
        last, sides = hit
        if last == first + WORDS or last < len(words) and GOES_ON.match(words[last]):
            raise DocumentError(f"line {number}: {' '.join(words[first:last + 1])} ... reads as a formula that goes on "
                                f"past what derive reads; write it whole in derive's notation, or in words")
        found.append((number, " ".join(words[first:last]), *sides))
        first = last
    return found


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
