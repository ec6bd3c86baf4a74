"""LaTeX and Markdown derivations: the displays of a document (align, equation, $$...$$ and \\[...\\]), with the
notes (`% claim:`, `<!-- by: -->`) that name a claim, a case, a given fact or a reason (a display's rows:
display_rows.py; what a document may load: loads.py; what a page shows beside its displays: beside.py)."""
import re

from .. import shown
from ..shown import DocumentError
from ..shown.markdown import CONTAINER
from .beside import (RELATION, claim_sentences, claims_said, no_move, no_row_beside_latex, no_row_beside_markdown,
                     relations_in)
from .network_words import network_said, network_shown
from .prose import no_step_in_latex
from .display_rows import latex_chain, marked, rows_mode
from .loads import known_environments, known_packages, packages_loaded
from .rows import Document, claim_row, named_note, network_options, read_row
from .stated import page_states
from ..model.network import infer_domain
from ..model.symbols import L, M, l, n
from sympy import Integer

ENVIRONMENTS, READ_INSIDE, UNREAD = shown.DISPLAYS, shown.READ_INSIDE, shown.UNREAD   # read, rows inside, not read
SHOWN_VERBATIM = re.compile(r"\\begin\{(verbatim\*?|[BL]?Verbatim\*?|lstlisting|minted)\}.*?\\end\{\1\}",
                            re.S)                                                           # its % is text
NOTE = re.compile(r"\\?(claims?|cases?|given|networks?)\b", re.I)      # a note that names one of these reads `key: ...`
INNER = rf"\\(?:begin\{{(?:{READ_INSIDE})\}}(?:\{{\d+\}})?|end\{{(?:{READ_INSIDE})\}})"
DISPLAY = re.compile(r"\$\$(.*?)\$\$|\\\[((?:(?!\\\[).)*?)\\\]", re.S)   # $$...$$ and \[...\], each from its
                                                                           # opening (to the next \[ at most: linear)
DISPLAYED = re.compile(r"\\begin\{(" + ENVIRONMENTS + r")\}((?:(?!\\begin\{\1\}).)*?)\\end\{\1\}|\$\$(.*?)\$\$|"
                       r"\\\[((?:(?!\\\[).)*?)\\\]", re.S)      # and \begin{align*}...\end{align*}: a display derive reads


def latex_sections(text, markdown=False):
    """The Documents of a LaTeX text, or with `markdown` a Markdown one (its notes are HTML comments,
    and % is text), one a claim (see read_all)."""
    docs, network, worded, network_line = [Document(None)], None, None, 0
    if markdown:
        code, notes = shown.markdown(text)
        no_row_beside_markdown(text, "\n".join(code))
        defined = shown.definitions("\n".join(code))       # MathJax keeps a macro for the rest of the page
    else:
        if "^^" in text:          # TeX reads ^^5c as \\, ^^M as a line's end: what it shows is not the text
            raise DocumentError(f"line {shown.line_of(text, text.index('^^'))}: TeX reads ^^ as a character code "
                                f"(^^5c is a backslash), derive does not: write the character itself")
        packages_loaded(text)
        blanked, verbatim = shown.latex(text)
        code, notes = _latex_notes(blanked)
        known_packages("\n".join(code))
        text_read = "\n".join(code)
        no_move(text_read)
        _one_start("\n".join(code))
        no_row_beside_latex(text_read)
        odd = re.search(r"\\(?:begin|end)(?![a-zA-Z])(?!\{[a-zA-Z*]+\})", "\n".join(code))
        if odd:             # \begin{equa%<newline>tion*}, \begin{equation\empty*}, \begin{\m}: TeX's name, not derive's
            raise DocumentError(f"line {shown.line_of(chr(10).join(code), odd.start())}: {odd.group(0)} whose name is "
                                f"not written out in letters on its line, which TeX may read as a display's; write "
                                f"{odd.group(0)}{{name}}")
        defined = shown.definitions("\n".join(code))
        _no_structure_taken("\n".join(code), defined)
        environments = {name for name in defined if not name.startswith("\\")}
        theorems = shown.theorems("\n".join(code))
        defined.update(theorems)
        worded = shown.body(shown.conditionals("\n".join(code), verbatim), environments)   # inline math kept
        no_step_in_latex(worded, verbatim)
        code = shown.inline_math(worded).split("\n")
        known_environments("\n".join(code), environments | set(theorems))
    for name, number in defined.items():
        if not name.startswith("\\") and re.fullmatch(rf"{ENVIRONMENTS}|{READ_INSIDE}|{shown.UNTYPESET}|document",
                                                      name):
            raise DocumentError(f"line {number}: the document defines its own {name} environment, which derive "
                                f"reads as LaTeX's; give it another name")
    whole = "\n".join(code)
    bare = not markdown and re.search(rf"\\(?:end)?({shown.DISPLAY_NAMES}|{UNREAD})(?![a-zA-Z])", whole)
    if bare:                  # \displaymath ... \enddisplaymath: a display derive would not read
        raise DocumentError(f"line {shown.line_of(whole, bare.start())}: \\{bare.group(1)} as a command "
                            f"sets a display derive does not read: write \\begin{{{bare.group(1)}}} ... "
                            f"\\end{{{bare.group(1)}}}")
    note = not markdown and re.search(r"<!--\s*(network|claim|case|by)\s*:", whole, re.I)
    if note:                  # a Markdown note in LaTeX is text: its claim would be dropped unseen
        raise DocumentError(f"line {whole.count(chr(10), 0, note.start()) + 1}: <!-- "
                            f"{note.group(1).lower()}: ... --> is a Markdown note: read the file as Markdown "
                            f"(name it .md), or write the note as % {note.group(1).lower()}: ...")
    for number, body in enumerate(code, 1):
        visible = re.match(r"\s*[#%]+\s*(network|claim|case)\s*:", body, re.I)
        if visible:
            key = visible.group(1).lower()
            raise DocumentError(f"line {number}: a {key} line shows in the document; write it as a note: "
                                f"{f'<!-- {key}: ... -->' if markdown else f'% {key}: ...'}")
    joined = "\n".join(code)
    worded = worded or joined       # the page's words with its inline math, line for line and character for character
    if markdown:
        _one_start(joined)
        _displays_apart(joined)
    for display in DISPLAY.finditer(joined):       # MathJax sets an environment inside one; TeX refuses it
        inner = re.match(r"\s*\\begin\{(" + ENVIRONMENTS + r")\}", display.group(1) or display.group(2) or "")
        if inner:
            raise DocumentError(f"line {joined.count(chr(10), 0, display.start()) + 1}: \\begin{{{inner.group(1)}}} "
                                f"stands inside a $$...$$ or \\[...\\] display: inside a display write aligned, "
                                f"gathered or split, or write {inner.group(1)} without the display around it")
    outside = DISPLAY.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), joined)      # line for line
    bare = markdown and re.search(r"\\begin\{(?!(?:" + ENVIRONMENTS + r")\})([a-zA-Z*]+)\}", outside)
    if bare:                  # MathJax typesets any environment it knows, outside $$ too (Jupyter)
        raise DocumentError(f"line {shown.line_of(outside, bare.start())}: \\begin{{{bare.group(1)}}} outside a "
                            f"display, which a page may typeset as math and derive does not read; set it in $$...$$")
    unread = re.search(r"\\begin\{(" + UNREAD + r")\*?\}", joined)
    if unread:
        raise DocumentError(f"line {joined.count(chr(10), 0, unread.start()) + 1}: derive does not read "
                            f"\\begin{{{unread.group(1)}}}; write the steps in align*, equation* or \\[...\\]")
    for number, note in sorted(notes.items()):
        note = re.sub(r"^[%#\s]*", "", note)
        key = re.match(r"(claim|case|given|by|network)\s*:", note, re.I)     # `% Claim :` too: such a note is never lost
        if key:
            note = notes[number] = key.group(1).lower() + ":" + note[key.end():]
        elif NOTE.match(note):
            raise DocumentError(f"line {number}: a note about a {NOTE.match(note).group(1).lower()} reads "
                                f"'{NOTE.match(note).group(1).lower().rstrip('s')}: ...'")
        else:
            notes[number] = note
        if note.startswith("claim:"):
            if docs[-1].claim is not None:
                docs.append(Document(None))
            docs[-1].claim = claim_row(read_row(note[6:], number, allow_lead=False))
        if note.startswith("network:"):
            first = DISPLAYED.search(joined)
            late = docs[-1].claim is not None or first and number > shown.line_of(joined, first.start())
            if late and network is None:        # (one that repeats the note before them is read: exports do)
                raise DocumentError(f"line {number}: a network note after a claim or a display; it names the "
                                    f"network of the whole file, so write it before them")
            network, network_line = network_options(note[8:], number, network), number
    _claims_read(text if markdown else SHOWN_VERBATIM.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text),
                 notes, markdown)           # (a note in a comment environment or filecontents is not shown either)
    for number, note in sorted(notes.items()):      # a claim or network note goes on over a comment line after it?
        after = notes.get(number + 1)
        if note.startswith(("claim:", "network:")) and after is not None and number < len(code) and \
                not (CONTAINER.sub("", code[number]) if markdown else code[number]).strip() and \
                not re.match(r"\s*(claim|case|given|by|network)\s*:", after, re.I):
            raise DocumentError(f"line {number + 1}: a comment right after a {note.split(':')[0]} note, which derive "
                                f"does not read as part of it; write the note on one line (or one comment)")
    if markdown:    # a by: note on a line of its own before a display's opening $$: the reason of its first row
        for number, note in list(notes.items()):    # (of the display's own line, when it is one line)
            if note.startswith("by:") and number < len(code) and not code[number - 1].strip() and \
                    code[number].strip().startswith("$$") and "\n".join(code[:number]).count("$$") % 2 == 0:
                row = number + 2 if code[number].strip() == "$$" else number + 1
                if row not in notes and (row == number + 2 or code[number].strip().count("$$") == 2):
                    notes[row] = notes.pop(number)
    cases = sorted((number, note[5:].strip().replace(" ", "")) for number, note in notes.items()
                   if note.lower().startswith("case:"))
    for number, case in cases:
        if case not in ("l=L", "l<L"):
            raise DocumentError(f"line {number}: a case is 'l = L' or 'l < L', not {case!r}")
    givens = sorted(number for number, note in notes.items() if note.startswith("given:"))
    for number in givens:
        if notes[number][6:].strip():
            raise DocumentError(f"line {number}: a given note reads 'given:' alone; the display after it states "
                                f"the fact")
    left = DISPLAYED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), joined)
    stray = re.search(r"(?<!\\)\\[\[\]]|\$\$|\\(?:begin|end)\{(?:" + ENVIRONMENTS + r")\}", left)
    if stray:           # an opener without its closer: TeX shows a display there that derive would skip
        raise DocumentError(f"line {left.count(chr(10), 0, stray.start()) + 1}: {stray.group(0)} has no partner: close "
                            f"each display (\\[ with \\], $$ with $$, \\begin with its \\end)")
    previous_end, stated, reasons = 0, set(), set()
    for m in DISPLAYED.finditer(joined):
        start_line = joined.count("\n", 0, m.start()) + 1
        inner = m.group(2) if m.group(1) else (m.group(3) if m.group(3) is not None else m.group(4))
        if m.group(1) and m.group(1).startswith("alignat"):      # its column count, {2}, is no formula
            inner = re.sub(r"^\s*\{\d+\}", lambda c: " " * len(c.group(0)), inner)
        escaped = markdown and re.search(r"(?<!\\)(?:\\\\)*\\[!,;:](?![a-zA-Z])|(?<!\\)\\\\(?!\\)|\*(?![{}])|~", inner)
        if escaped:         # GitHub reads Markdown first: \! is !, \: is :, \\ is \ (the rows join), a*b*c is a<em>b</em>c
            token = escaped.group(0)[-2:]      # past the pairs of backslashes before it
            shown_as = {"\\\\": "\\ (the rows join)", "*": "emphasis", "~": "strikethrough"}.get(token, token[1:])
            raise DocumentError(f"line {start_line}: {token} in a Markdown display, which GitHub shows as {shown_as} (it "
                                f"reads Markdown's escapes first); write \\cdot for *, \\\\\\\\ for a row break, and no "
                                f"spacing command")
        alignat = bool(m.group(1)) and m.group(1).startswith("alignat") or \
            bool(re.search(r"\\begin\s*\{alignedat\}", inner))         # no gap between a formula and its reason
        inner = re.sub(INNER, marked, inner)     # rows set inside a display: where each block opens and closes
        used = next((name for name in defined if name.startswith("\\") and re.search(re.escape(name) + "(?![a-zA-Z])",
                                                                                   inner)), None)
        if used:
            raise DocumentError(f"line {start_line}: {used} is defined in this document (line {defined[used]}), and "
                                f"derive reads its own notation only: write the formula without it")
        offset = m.start(2) if m.group(1) else (m.start(3) if m.group(3) is not None else m.start(4))
        columns = 2 if m.group(1) and m.group(1).startswith("eqnarray") else 1     # eqnarray: lhs &=& rhs
        chain = latex_chain(inner, joined.count("\n", 0, offset) + 1, notes, rows_mode(m.group(1) or ""), columns,
                            alignat, reasons)
        for row in chain.rows:
            row.display = m.start() + 1
        case = next((c for number, c in reversed(cases) if previous_end < number <= start_line), "")   # before it, or
        given = [number for number in givens if previous_end < number <= start_line]           # on its first line
        previous_end = joined.count("\n", 0, m.end()) + 1
        doc = next((d for d in reversed(docs) if d.claim is not None and d.claim.line <= start_line), docs[0])
        stated.update(given)
        if chain.rows and chain.rows[0].continues:      # a display that starts '= ...' continues the one before
            if not doc.chains or case or given:
                raise DocumentError(f"line {chain.rows[0].line}: '= ...' continues no equality before it")
            doc.chains[-1].rows += chain.rows
        elif chain.rows:
            chain.case = case                           # a case note holds for the display after it
            chain.given = bool(given)                   # and so does a given note
            doc.chains.append(chain)
    unused = next((number for number in givens if number not in stated), None)
    if unused is not None:
        raise DocumentError(f"line {unused}: a given note before no display; set the fact it states after it")
    unused = next((n for n, note in sorted(notes.items()) if note.startswith("by:") and n not in reasons and
                   n <= len(code) and not (CONTAINER.sub("", code[n - 1]) if markdown else code[n - 1]).strip()),
                  None)                 # alone on its line (in a list or a quote too): meant for a row
    if unused is not None:              # a reason dropped unseen: --strict would fail a step that names one
        raise DocumentError(f"line {unused}: a by: note that no row takes; write it on a line of the row"
                            + (", or alone before the $$ that opens its display" if markdown else ""))
    page = network_said(worded, markdown, text)
    if network:
        network_shown(network, page, network_line)
    _claims_shown(docs, claims_said(worded, markdown, text))
    for line, formula, conditions in claim_sentences(worded, markdown, _reads_as_claim(docs), text):
        _layers_shown(line, formula, conditions, read_row(formula, line, allow_lead=False).exprs)
    reasons = [(row.line, formula) for d in docs for chain in d.chains for row in chain.rows
               for _, formula in relations_in(row.justification)]
    stated = page_states(text, worded, reasons, None if markdown else (shown.conditionals(text_read, verbatim), blanked))
    for d in docs:
        d.network, d.hidden_notes, d.network_page, d.stated = network or {}, True, page, stated
    return docs


def _claims_shown(docs, said):
    """A DocumentError for a claim the page shows ('Claim: $...$', derive's exports' line) that no claim note states:
    the page would show a claim that derive did not check (an export edited, the note left as it was). The first
    formula with '=' after 'Claim:' shows the claim (its sides either way round), and must read as one; so must each
    other whose left side is the claim's ('..., that is, $...$'), as it reads or as it is written."""
    claims = _claim_pairs(docs)
    for line, formulas, conditions in said:
        first = None
        for formula in formulas:
            written = RELATION.split(formula)[0].strip()
            try:
                row = read_row(formula, line, allow_lead=False)
            except DocumentError:
                if first is None or written == first[1]:
                    raise
                continue                    # another formula, which derive does not read
            if first is None:
                first = (row.exprs[0], written)
            elif written != first[1] and row.exprs[0] != first[0]:
                continue                    # another formula: where $k = j$
            if len(row.exprs) == 2 and tuple(row.exprs) in claims:
                _layers_shown(line, formula, conditions, row.exprs)
                continue
            stated = " or ".join(f"line {d.claim.line}" for d in docs if d.claim is not None) or "none"
            raise DocumentError(f"line {line}: the page shows the claim {formula.strip()}, which no claim note states "
                                f"(the claim checked: {stated}); show the claim derive checks")


def _claim_pairs(docs):
    """The (lhs, rhs) of each claim the notes state, either way round."""
    claims = {tuple(d.claim.exprs) for d in docs if d.claim is not None}
    return claims | {(rhs, lhs) for lhs, rhs in claims}


def _reads_as_claim(docs):
    """Whether a formula reads as a claim a note states (its sides either way round)."""
    claims = _claim_pairs(docs)

    def is_claim(formula):
        try:
            row = read_row(formula, 0, allow_lead=False)
        except DocumentError:
            return False
        return len(row.exprs) == 2 and tuple(row.exprs) in claims
    return is_claim


BOUND_SAID = re.compile(r"(\d+)|([LM])([-+]\d+)?|n_([lL])()|n\(([lL])([-+]\d+)?\)")
# a bound a condition says: 2, L - 1, M, n_l, n_{l+1} (read as n(l+1))


def _bound_value(bound):
    """The value of a bound a condition says (2, L - 1, n_l, n_{l+1}), or None for one derive does not read."""
    said = BOUND_SAID.fullmatch(bound)
    if said is None:
        return None
    number, size, width = said.group(1), said.group(2), said.group(4) or said.group(6)
    shift = int(said.group(3) or said.group(5) or said.group(7) or 0)
    if number:
        return Integer(int(number))
    return n({"l": l, "L": L}[width] + shift) if width else {"L": L, "M": M}[size] + shift


def _layers_shown(line, formula, conditions, sides):
    """A DocumentError for a claim whose conditions ('for $2 \\le l \\le L - 1$', '$l = 2, \\dots, L$', '$\\forall l$',
    '$1 \\le j \\le n_l$': each range said whole; '$l \\ge 2$ and $l < L$': one-sided bounds together, a bound not said
    being 2 or L for l, the domain's for another index) range an index other than where derive checks it, its
    domain (l from 2, or where each quantity it names is defined, up to L; j from 1 to n_l), or by a bound derive
    does not read: the page would state it where it was not checked (BP2 up to L, where w^{L+1} is none; j > n_l)
    or narrow it unseen."""
    for index, first, last in infer_domain(*sides):
        said = [chain for condition in conditions for chain in _index_bounds(condition, str(index), 2 if index == l
                                                                              else first)]
        if not said:
            continue
        stated = ", ".join(c.strip() for c in conditions)
        if any(value is None for chain in said for value in chain):
            raise DocumentError(f"line {line}: the page states the claim {formula.strip()} for {stated}, a range of "
                                f"{index} derive does not read; write it as {_said(first)} \\le {index} \\le "
                                f"{_said(last)}")
        whole = [tuple(chain) for chain in said if ... not in chain]           # each range said whole, and its
        lows = [lo for lo, hi in said if hi is ... and lo is not ...]           # one-sided bounds together
        highs = [hi for lo, hi in said if lo is ... and hi is not ...]
        order = lambda v: (v.has(L, n), int(v.as_coeff_Add()[0]))     # noqa: E731  (2 < L - 1 < L, n_l - 1 < n_l)
        ranges = whole + ([(max(lows, key=order, default=2 if index == l else first),
                            min(highs, key=order, default=L if index == l else last))] if lows or highs else [])
        if any((lo, hi) != (first, last) for lo, hi in ranges):
            raise DocumentError(f"line {line}: the page states the claim {formula.strip()} for {stated}, and derive "
                                f"checks it for {first} <= {index} <= {_said(last)}, where it is defined; state the "
                                f"{'layers' if index == l else 'indices'} derive checks")


def _said(bound):
    """A bound as a page writes it: n_{l + 1}, L - 1."""
    return f"n_{{{bound.args[0]}}}" if isinstance(bound, n) else str(bound)


def _index_bounds(condition, index, first):
    """[lo, hi] of the index for each clause of a condition that ranges it (... for a bound it does not say, None
    for one derive does not read), \\forall l as `first` <= l."""
    said = re.sub(r"\\ell(?![a-zA-Z])", "l", condition)
    said = re.sub(r"\\(?:leqslant|leq|le)(?![a-zA-Z])|\u2264", "<=", re.sub(r"\\lt(?![a-zA-Z])", "<", said))
    said = re.sub(r"\\(?:geqslant|geq|ge)(?![a-zA-Z])|\u2265", ">=", re.sub(r"\\gt(?![a-zA-Z])", ">", said))
    said = re.sub(r"\\(?:neq?)(?![a-zA-Z])|\u2260", "!=", said)
    said = re.sub(r"\\[,;:! ]|\s|[()]", "", said)
    said = re.sub(r"n_\{([^{}]*)\}", r"n(\1)", said)                              # n_{l+1}: n(l+1)
    said = re.sub(r"\\forall(?=[^,]*(?:<|>|=|\\in))", "", said)                # \forall 2 <= l <= L: the chain
    said = re.sub(rf"\\forall({index}(?:,|$))", rf"{first}<=\1", said)          # \forall l: every layer
    said = re.sub(rf"\b{index}\\in(?:\\*\{{(.*?)\\*\}}|\[(.*?)\])",
                  lambda m: _set_read(m.group(1), m.group(2), index), said)
    said = re.sub(r"\\*[{}]", "", said)
    said = re.sub(rf"\b{index}=([^,<>=]+)((?:,[^,<>=]+)*),(?:\\(?:l?dots|cdots|dotsc)|\.\.\.)((?:,[^,<>=]+)*),"
                  rf"([^,<>=]+)(?=,|$)", rf"\1<={index}<=\4", said)          # l = 2, 3, \dots, L - 1, L
    said = re.sub(rf"(?:^|(?<=,)){index}=([^,<>=]+)(?=,|$)", rf"\1<={index}<=\1", said)   # l = L: L <= l <= L
    said = re.sub(r"\bl!=L(?=,|$)", "l<L", said) if index == "l" else said     # l \ne L
    for chain in said.split(","):
        if re.fullmatch(r"[ijkls]=[ijkls]", chain):
            continue                    # k = j: no range (a claim said on a diagonal is narrower)
        parts = re.split(r"(<=|<|>=|>)", chain)
        if index not in parts:
            if re.search(rf"(?<![A-Za-z_^\\]){index}(?![A-Za-z_])", re.sub(r"n\([^()]*\)|n_\w", "", chain)):
                yield [None, None]      # the index in a form derive does not read (l \in {2, 3}, l != 2)
            continue
        if any(op in parts for op in (">=", ">")):
            parts = parts[::-1]
            parts[1::2] = [{">=": "<=", ">": "<"}.get(op, "bad") for op in parts[1::2]]
        at = parts.index(index)
        said_bounds = [(parts[at - 2], parts[at - 1], 0)] if at >= 2 else []
        said_bounds += [(parts[at + 2], parts[at + 1], 1)] if at + 2 < len(parts) else []
        found = [..., ...]
        for bound, sign, side in said_bounds:
            value = _bound_value(bound)
            if value is None or sign not in ("<=", "<"):
                found[side] = None
                continue
            found[side] = value + ((1 if side == 0 else -1) if sign == "<" else 0)
        yield found


def _set_read(braced, bracketed, index):
    """l \\in {2, \\dots, L} as 2<=l<=L, {L} as L<=l<=L, [2, L] as 2<=l<=L; any other set as 'l=?', which
    derive does not read."""
    items = re.split(r",", braced if braced is not None else bracketed)
    if bracketed is not None and len(items) == 2:
        return f"{items[0]}<={index}<={items[1]}"
    if len(items) == 1:
        return f"{items[0]}<={index}<={items[0]}"
    if len(items) >= 3 and re.fullmatch(r"\\(?:l?dots|cdots|dotsc)|\.\.\.", items[-2]):
        return f"{items[0]}<={index}<={items[-1]}"
    return f"{index}=?"


def _claims_read(text, notes, markdown):
    """A DocumentError for a claim or network note in a comment (a [//]: line or <?...?> too, in Markdown; not in code
    or verbatim text) that derive does not read as one (in a footnote, after other words, dressed as **claim**:):
    the claim would be dropped and the steps proved without it, or checked on another network."""
    read = {number for number, note in notes.items() if note.startswith(("claim:", "network:"))}
    if markdown:                # code shows its text as text: no note there
        from markdown_it import MarkdownIt
        read |= {n + 1 for t in MarkdownIt("commonmark").parse(text) if t.type in ("fence", "code_block") and t.map
                 for n in range(*t.map)}
    hidden = re.compile(r"<!--.*?(?:-->|\Z)|<\?.*?\?>|^[ \t]{0,3}\[[^\]\n]*\]:.*?$", re.S | re.M) if markdown \
        else re.compile(r"(?<!\\)%.*?$", re.M)
    for m in hidden.finditer(text):
        key = named_note(m.group(0))
        if key and shown.line_of(text, m.start()) not in read:
            raise DocumentError(f"line {shown.line_of(text, m.start())}: '{key}:' where derive reads no {key} note (a "
                                f"footnote, a [//]: line, a comment that starts otherwise, **{key}**:), so it would be "
                                f"dropped; write it as a note of its own: "
                                f"{f'<!-- {key}: ... -->' if markdown else f'% {key}: ...'}")


def _no_structure_taken(code, defined):
    """A DocumentError for a command the document defines followed by a token derive reads as structure (a
    conditional, \\begin or \\end, a display's \\[, \\] or $$): it may take that token as its argument and throw it
    away (\\gobble\\iffalse), so that TeX shows what derive takes as skipped, or the reverse."""
    names = sorted((name for name in defined if name.startswith("\\")), key=len, reverse=True)
    wrappers = sorted(shown.wrappers(code), key=len, reverse=True)     # (an environment that is one is refused)
    if not names:
        return
    use = re.search("(" + "|".join(re.escape(name) for name in names) + r")(?![a-zA-Z])\s*"
                    r"(\\(?:if[a-zA-Z]*|else|fi|begin|end)(?![a-zA-Z])|\\[][]|\$\$)", code)
    takers = sorted(shown.takers(code), key=len, reverse=True)      # and a math shift, to one that takes arguments
    use = use or takers and re.search("(" + "|".join(re.escape(name) for name in takers) + r")(?![a-zA-Z])\s*"
                                      r"(\$|\\[()])", code)
    # math given to one that sets $ beside a parameter ($#1$): TeX reads $$
    use = use or wrappers and re.search("(" + "|".join(re.escape(name) for name in wrappers) + r")(?![a-zA-Z])\s*"
                                        r"(?:\[[^\]\n]*\]\s*)?(\{(?:[^{}]|\{[^{}]*\})*?(?<!\\)(?:\$|\\[()]))", code)
    if use:
        raise DocumentError(f"line {shown.line_of(code, use.start())}: {use.group(1)}, which the document defines, "
                            f"stands before {use.group(2)}, which it may take as its argument; set them apart")


def _one_start(code):
    """A DocumentError unless \\begin and \\end take their name at once and the document starts at most once:
    TeX reads \\begin {document} as \\begin{document}, where derive looks for the latter."""
    spaced = re.search(r"\\(begin|end)\s+\{", code)
    if spaced:            # LaTeX reads \begin {equation} as \begin{equation}: a display derive would skip
        raise DocumentError(f"line {shown.line_of(code, spaced.start())}: write \\{spaced.group(1)}{{...}} without a "
                            f"space before the brace")
    starts = [m.start() for m in re.finditer(r"\\begin\{document\}", code)]
    if len(starts) > 1:
        raise DocumentError(f"line {shown.line_of(code, starts[1])}: a second \\begin{{document}}; derive cannot tell "
                            f"where the document starts")


def _latex_notes(text):
    """(the lines without their comments, {line: note}): LaTeX's % comments (not an escaped \\%). A
    comment after text on its line that holds math is a DocumentError: its % may be the argument of
    a verbatim command derive does not know (\\Verb|%|, \\nolinkurl{%}), which TeX typesets, and
    then so is the math after it; so is $% with $ on the next line, which TeX joins into $$."""
    code, notes, joins = [], {}, []
    body = re.search(r"^[^%\n]*\\begin\s*\{document\}", text, re.M)
    first = shown.line_of(text, body.start()) if body else 1      # the preamble is never typeset
    for number, line in enumerate(text.split("\n"), 1):
        m = re.search(r"(?<!\\)(?:\\\\)*%", line)                # % after an even number of backslashes
        after = line[m.end():] if m else ""
        hidden = m and number >= first and line[:m.start()].strip() and (HIDDEN_DISPLAY.search(after) or not re.match(
            r"\s*(claim|case|by|network)\s*:", after, re.I) and HIDDEN_MATH.search(after))
        if hidden:
            raise DocumentError(f"line {number}: a % after text hides math ({hidden[0]}...); if the % is text (in "
                                f"\\Verb|...| or \\nolinkurl{{...}}), TeX shows that math and derive would not read "
                                f"it: write the comment on a line of its own, or \\%")
        if m:
            notes[number] = line[m.end():]
            line = line[:m.end() - 1]
        if code and code[-1].endswith("$") and joins[-1] and line.lstrip().startswith("$"):
            raise DocumentError(f"line {number - 1}: $ before a % and $ on the next line, which TeX joins into $$, "
                                f"a display; write $$ whole")
        code.append(line)
        joins.append(bool(m))           # the comment ate the line's end: the next line joins it
    return code, notes


HIDDEN_DISPLAY = re.compile(r"\$\$|\\[][]|\\(?:begin|end)(?![a-zA-Z])|&|\\\\|"       # a display, a row: never
                            r"\\(?:end)?(?:" + shown.DISPLAY_NAMES + "|" + shown.UNREAD + r")(?![a-zA-Z])")   # in a note
HIDDEN_MATH = re.compile(r"\$|\\[()]|=")                                           # inline math, a relation


def _displays_apart(joined):
    """A DocumentError for two $$ displays with no blank line between them: a reader that pairs $$ otherwise (GitHub,
    once an emphasis or a strikethrough of Markdown's takes a $$ into a tag) shows the text between as a display."""
    ends = [(m.start(), m.end()) for m in re.finditer(r"\$\$.*?\$\$", joined, re.S)]
    for (_, end), (start, _) in zip(ends, ends[1:]):
        if not re.search(r"\n[ \t]*\n", joined[end:start]):
            raise DocumentError(f"line {shown.line_of(joined, start)}: a $$ display with no blank line before it after "
                                f"another, where a page that pairs $$ otherwise shows the text between as math; set a "
                                f"blank line between displays")


