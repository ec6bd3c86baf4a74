"""The rows of a display as TeX sets them (align, gather, multline, split, aligned and gathered inside
a display, $$...$$ and \\[...\\]): each row an equation, or a formula continued, with the reason beside it; a row
that reads two ways, or shows what derive does not read, is a DocumentError."""
import re

from ..shown import DocumentError
from .rows import Chain, read_row

OPENS = {"gathered": "\x02"}     # where a block set inside a display opens: gathered sets rows, the others columns
OPENS_COLUMNS, CLOSES = "\x01", "\x03"
WORDS = re.compile(r"(?:[A-Za-z0-9 ,;:.'’()\[\]]|(?<=[A-Za-z])-(?=[A-Za-z])|\\small(?![a-zA-Z]))*")   # a row of text
ARITHMETIC = re.compile(r"(?<![A-Za-z])\d|\b(?:times|twice|thrice|square[sd]?|cube[sd]?|halve[ds]?|half|double[ds]?|plus|"
                        r"minus|negated?|negative|inverse|inverted|reciprocal|over|divided|per|less|more|root|power|"
                        r"quarter|third|zero|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
REASON = re.compile(r"\(?(?:[A-Za-z0-9 ,;:.'’]|(?<=[A-Za-z])-(?=[A-Za-z]))*\)?")   # words, as a trailing \text{...}
EMPTY_LEAD = re.compile(r"\s|\\q?quad(?![a-zA-Z])|\\[,;:! ]|\\(?:display|text)style(?![a-zA-Z])|~|\{\}|"
                        r"\\hspace\*?\{[^{}-]*\}")   # what TeX shows as nothing in a left column (never back)
SHOWN_TAG = re.compile(r"\\tag\*?\s*\{(?:[^{}]*[{}][^{}]*|(?=[^{}]*[^\w\s().,:;'{}-])[^{}]*)\}|"
                       r"\\tag\*\s*\{[^{}]*\}")      # math in a tag, or \tag* (no run of [^{}]* met twice)
OPERATOR = re.compile(r"[-+−*/⊙]|\\(cdot|times|odot)(?![a-zA-Z])")
QUADS = 4           # the most space, in quads, between the groups of a row's reason
ANNOTATION_PART = re.compile(r"\s+|\\q?quad(?![a-zA-Z])|\\(?:nonumber|notag)(?![a-zA-Z])|"
                             r"\\(text|textrm|mbox|label|tag)\{")


class Noted(str):
    """A row's reason given in a by: note, which the page does not show."""


def marked(m):
    """A block's \\begin or \\end as one mark, padded with spaces so that every column stays."""
    text = m.group(0)
    name = re.search(r"\{(\w+)\}", text).group(1)
    mark = OPENS.get(name, OPENS_COLUMNS) if text.startswith("\\begin") else CLOSES
    return mark + " " * (len(text) - 1)


def rows_mode(environment):
    """How TeX sets the rows of a display (or of a block in it): "rows", each an equation of its own
    (gather, gathered); "columns", each an equation aligned at its & (align, eqnarray, aligned, split);
    "one", the rows of one formula (multline); "plain", rows in $$...$$ or \\[...\\], which LaTeX does
    not break."""
    if environment.startswith("gather"):
        return "rows"
    if re.match(r"align|flalign|eqnarray|split", environment):
        return "columns"
    return "one" if environment.startswith("multline") else "plain"


def latex_chain(inner, first_line, notes, mode="plain", columns=1, alignat=False, reasons=None):
    """The rows of a display, each read as the block it stands in sets it (aligned, split or gathered
    inside the display). A row that starts with an operator continues the formula of the row before,
    as TeX shows it, when its left column shows nothing (`&\\quad + ...`, `\\quad &+ ...`), or, with no
    column, when the rows are one formula's (multline; in $$...$$ only a row without '=': one with it
    reads two ways); in gather or gathered, or in align without an &, such a row is an equation of
    its own, and as the first row of a block it reads two ways. A row without '=' after another row
    must start a chain that the next row continues."""
    pieces, blocks, marks = [], [], OPENS_COLUMNS + "".join(OPENS.values()) + CLOSES
    reasons = set() if reasons is None else reasons      # the lines of the by: notes rows took
    for piece, line in _rows(inner, first_line):
        opening = re.match(rf"(?:{EMPTY_LEAD.pattern}|&)*([{marks}])", piece)
        starts_block = opening is not None and opening.group(1) != CLOSES     # the first row of a block
        row_mode = blocks[-1] if blocks else mode                              # of the block it stands in
        for mark in re.findall(f"[{marks}]", piece):
            blocks = blocks[:-1] if mark == CLOSES else blocks + [rows_mode("gather" if mark in OPENS.values() else
                                                                              "split")]
        unmarked = re.sub(f"[{marks}]", " ", piece)
        piece, why, line = unmarked, "", line + _lead(unmarked) - _lead(piece)      # the row's line, not \begin's
        if "&&" in piece and columns == 1:  # the annotation column: derive's mark, then the reason
            piece, note = piece.split("&&", 1)
            if alignat and (re.search(r"\$|\\\(", note) or ARITHMETIC.search(note)):
                raise DocumentError(f"line {line}: alignat sets the reason right against the formula, so math (or a "
                                    f"number, times, squared) in it would read as part of the formula; use align*, or "
                                    f"a reason in words")
            why = _annotation(note, line)
        if len(re.findall(r"(?<!\\)&", piece)) > columns:
            raise DocumentError(f"line {line}: a row holds two equations side by side (an & after its relation "
                                f"starts another column); write one equation a row, and its reason after &&")
        m = re.search(r"\\(?:text|textrm|mbox)\{([^{}]*)\}\s*$", piece)
        if m and not re.sub(r"[&\s]|\\q?quad", "", piece[:m.start()]):      # a row of words alone
            if not WORDS.fullmatch(m.group(1)) or row_mode in ("plain", "one"):
                raise DocumentError(f"line {line}: a row of text alone that holds math or an operator, or that stands "
                                    f"in one formula (\\\\ in equation, $$ or multline breaks no line), shows as part "
                                    f"of the formula; write it in the formula or in prose")
            _no_arithmetic(m.group(1), line)
            continue
        if m:
            if why:
                raise DocumentError(f"line {line}: this row gives a reason twice, in \\text{{{m.group(1).strip()}}} "
                                    f"at the end of its formula and after &&: keep one")
            if not REASON.fullmatch(m.group(1).strip()):
                raise DocumentError(f"line {line}: a row that ends in \\text{{...}} gives its reason there only in words, "
                                    f"\\text{{(chain rule)}}; math or an operator there would show as part of the "
                                    f"formula (put it after && or in a % by: note)")
            _no_arithmetic(m.group(1), line)
            why, piece = m.group(1).strip().strip("()").strip(), piece[:m.start()]
            why = why if re.search(r"[A-Za-z0-9]", why) else ""       # \text{.} is punctuation, no reason
        by = [n for n in range(line, line + piece.strip().count("\n") + 1)       # a note on any line of the row
              if notes.get(n, "").lower().startswith("by:")]
        if by:                  # beside the reason a reader sees, or another row's: it may not replace it
            if why or len(by) > 1 or by[0] in reasons:
                raise DocumentError(f"line {by[-1]}: a by: note beside a reason the row shows (or another note), or on "
                                    f"a line where two rows start: derive would check the note's reason, not the one "
                                    f"shown; keep one reason a row")
            why = Noted(notes[by[0]][3:].strip())
            reasons.add(by[0])
        lead = EMPTY_LEAD.sub("", piece.split("&", 1)[0]) if "&" in piece else None   # None: the row has no column
        shown_tag = SHOWN_TAG.search(piece)
        if shown_tag:           # \tag*{$\cdot 0$}: the page shows it beside the formula, derive drops it
            raise DocumentError(f"line {line}: {shown_tag.group(0)}: a tag with math, or \\tag* (shown without its "
                                f"brackets, as 2 or - beside the formula), which derive does not read; write \\tag{{...}}")
        piece = re.sub(r"\\(label|tag\*?)\{[^{}]*\}|\\nonumber|\\notag|&|\\displaystyle", " ", piece)
        piece = re.sub(rf"^(?:{EMPTY_LEAD.pattern})+|(?:{EMPTY_LEAD.pattern})+$", " ", piece)   # indentation, not (2)
        ended = piece.strip().endswith((".", ",")) or bool(m) and m.group(1).strip() in (".", ",")   # a sentence's
                                                                            # end (\text{.} too): no row continues it
        piece = piece.strip().rstrip(".,")
        joins = not starts_block and row_mode != "rows" and (lead == "" or lead is None and row_mode in ("one", "plain"))
        if piece and starts_block and OPERATOR.match(piece):
            raise DocumentError(f"line {line}: this row opens a block set inside the display with "
                                f"{OPERATOR.match(piece).group(0)}: it reads two ways, as the end of the formula "
                                f"before it or as an equation of its own; write the operator inside the block above")
        if piece and joins and (OPERATOR.match(piece) or row_mode == "one" and pieces):   # multline: one formula
            if lead is None and row_mode == "plain" and "=" in piece:
                raise DocumentError(f"line {line}: this row starts with {OPERATOR.match(piece).group(0)} and holds '=': "
                                    f"it reads two ways, as the end of the formula before it or as an equation of "
                                    f"its own; write "
                                    f"the rows in multline (one formula) or in align with & before the operator")
            if not pieces:
                raise DocumentError(f"line {line}: this row starts with {OPERATOR.match(piece).group(0)} but "
                                    f"continues no formula before it in its display")
            if why and pieces[-1][2]:           # one formula, one reason: which would be checked is not clear
                raise DocumentError(f"line {line}: this row continues the formula of the row before, and both give a "
                                    f"reason; give the formula one")
            if pieces[-1][3]:
                raise DocumentError(f"line {line}: this row goes on with the formula of a row that ends in . or , (a "
                                    f"sentence's end, as the page shows it); move the stop to the formula's end")
            if re.match(r"(?:\\cdot|\\times|\\odot|[*/⊙])", piece) and \
                    re.search(r"\\sum|Σ|\\frac\s*\{\s*\\partial\s*\}|∂/∂", pieces[-1][0]):
                raise DocumentError(f"line {line}: this row goes on with a product of a formula whose sum or operator "
                                    f"∂/∂v takes the rest of its product: it reads two ways (the line break shows an "
                                    f"end); put the factor inside brackets on the row above")
            pieces[-1][0] += " " + piece
            pieces[-1][2] = why or pieces[-1][2]
            pieces[-1][3] = ended
        elif piece:
            sign = re.match(r"(?:\{\}\s*)?([-+])", piece)    # shows as going on with the row above (sympy drops a lone +,
            if sign and (sign.group(1) == "+" or pieces):        # reads -δ + 2δ as δ); a first row may start with -
                raise DocumentError(f"line {line}: a row that starts with {sign.group(1)} (and continues no formula "
                                    f"here), which shows as going on with the row above; write it there, or after & "
                                    f"in align")
            if row_mode == "plain" and pieces and not starts_block and not piece.startswith("="):
                raise DocumentError(f"line {line}: \\\\ in $$...$$, \\[...\\] or equation breaks no line: TeX sets the "
                                    f"equation after it beside the one before, as one formula; write the rows in "
                                    f"align* (or aligned), or in displays of their own")
            pieces.append([piece, line, why, ended])
    rows = [read_row(piece, line, why, tex=True) for piece, line, why, _ in pieces]      # a display is set by TeX
    for row, (_, _, why, _) in zip(rows, pieces):
        row.reason_shown = not isinstance(why, Noted)
    for t, row in enumerate(rows[1:], 1):
        if len(row.exprs) == 1 and not row.continues and not (t + 1 < len(rows) and rows[t + 1].continues):
            raise DocumentError(f"line {row.line}: a row with no '=' that no row continues: derive cannot tell "
                                f"whether it belongs to the formula before; write it on that row, or start it "
                                f"with its operator (+, -, \\cdot)")
    return Chain(rows)


def _no_arithmetic(words, line):
    """A DocumentError for \\text{...} beside a formula that reads as part of it: a number, an operation's word
    (times, squared, two), or punctuation other than . and , (\\text{'} shows a prime)."""
    if ARITHMETIC.search(words) or not re.search(r"[A-Za-z0-9]", words) and words.strip() not in ("", ".", ","):
        raise DocumentError(f"line {line}: \\text{{{words.strip()}}} beside a formula reads as part of it (a number, "
                            f"times, squared, a prime); give a reason its rule's name, in words")


def _annotation(note, line):
    """The reason in an align's annotation column (after &&), as derive exports it
    (`\\checkmark\\ \\text{(chain rule through $z^l_k$)}`) or by hand (`\\text{(chain rule)}`): the
    words of its \\text groups, math within them kept, without derive's mark and the parentheses.
    Anything else there (a formula) is bad input: it would be shown and never checked."""
    tag = SHOWN_TAG.search(note)
    if tag:                 # \tag{$\cdot 2$} after &&: shown beside the formula as part of it, not read
        raise DocumentError(f"line {line}: {tag.group(0)}: a tag with math, or \\tag*, which derive does not read; "
                            f"write \\tag{{...}} in words or numbers")
    rest = re.sub(r"^\s*(\\checkmark|\\times|\?)(?![a-zA-Z])(\\ )?", "", note)
    words, t, space = [], 0, 0
    while t < len(rest) and space <= QUADS:     # (past it: words pushed off the page would be read as the reason)
        m = ANNOTATION_PART.match(rest, t)
        space += {"\\quad": 1, "\\qquad": 2}.get(m.group(0) if m else "", 0)
        if m is None:
            raise DocumentError(f"line {line}: after && a row holds only its reason, in \\text{{...}}, not "
                                f"{rest[t:t + 30].strip()!r}: write a formula before the &&")
        t, depth, start = m.end(), 1 if m.group(1) else 0, m.end()
        while depth and t < len(rest):          # the group, to its closing brace
            depth += {"{": 1, "}": -1}.get(rest[t], 0)
            t += 2 if rest[t] == "\\" else 1
        if depth:
            raise DocumentError(f"line {line}: a brace after && is not closed")
        if m.group(1) in ("text", "textrm", "mbox"):
            hidden = re.search(r"\\(?:[hv]?phantom|smash|color|textcolor|llap|rlap|makebox|hspace|mathllap|mathrlap|"
                               r"mathclap|clap|kern|mkern|hskip|mskip|mspace|neg(?:thick|med|thin)space|raise|lower|"
                               r"move(?:left|right)|[hv]ss|style|class|cssId|bbox|[Rr]ule|Space|mmlToken|hfil+|tiny|"
                               r"scriptsize|footnotesize|fontsize|selectfont|scriptstyle|scriptscriptstyle|"
                               r"(?:scale|resize|rotate|reflect|raise|par|[hv])box|vtop)(?![a-zA-Z])", rest[start:t - 1])
            if hidden:                  # words the page does not show would be checked as the reason
                raise DocumentError(f"line {line}: {hidden.group(0)} in a reason, which may hide its words or move "
                                    f"them over the formula; write the reason in plain words")
            text = re.sub(r"^\\small\b", "", rest[start:t - 1]).strip()
            if not re.match(r"\(?\s*[A-Za-z]|[()]?$", text):   # ${}= 2\delta$ after the formula reads as its next row
                raise DocumentError(f"line {line}: a reason that starts with math, a number or a sign, which the page "
                                    f"shows beside the formula as part of it; start it with a word, as in "
                                    f"\\text{{(chain rule through $z^l_k$)}}")
            words.append(text)
            space += not text                   # an empty group sets a space, as a quad does (twice: TeX's glue)
    if space > QUADS:
        raise DocumentError(f"line {line}: more than {QUADS} quads of space in a reason, which may move its words off "
                            f"the page; write the reason in plain words")
    reason = " ".join(w for w in words if w)
    return reason[1:-1].strip() if reason.startswith("(") and reason.endswith(")") else reason


def _rows(inner, first_line):
    """Split at \\\\ with the line number where each row starts."""
    out, line, start = [], first_line, 0
    for m in re.finditer(r"\\\\\*?(\[[^\]]*\])?", inner):
        out.append((inner[start:m.start()], line + inner.count("\n", 0, start) + _lead(inner[start:m.start()])))
        start = m.end()
    out.append((inner[start:], line + inner.count("\n", 0, start) + _lead(inner[start:])))
    return [(p, n) for p, n in out if p.strip()]


def _lead(piece):
    """Blank lines before the row's first character."""
    stripped = piece.lstrip()
    return piece[:len(piece) - len(stripped)].count("\n")
