"""What a page's prose (the text outside its displays) shows as one more step of a derivation, which derive does not
read: a relation first on its line beside inline math (`= $2\\delta$` under a display), and an equation in inline math
set apart on a line of no words by glue (`\\hfill $a = b$ \\hfill` shows as a display). Each is a DocumentError.

The prose is read mark by mark, as a reader sees it: TeX's commands show no mark of their own, the arguments of those
that show nothing elsewhere (a label, a footnote's text, a length) are skipped, a glyph derive cannot read (`\\char61`,
`\\symbol{61}`) may be a relation, and what starts a line (a paragraph, `\\\\`, a heading, an environment, a table's cell
or a list's item) is a break."""
import re
from functools import lru_cache

from ..shown import DISPLAYS, DocumentError, line_of
from ..shown.common import blank
from ..shown.inline import EQUALITY

MATH = r"\$[^$]*\$|\\\((?:(?!\\[()]).)*\\\)|\\begin\s*\{math\}(?:(?!\\(?:begin|end)\s*\{math\}).)*\\end\s*\{math\}"
ARG = r"[ \t]*\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"            # a braced argument on its command's line
OPTIONAL = r"(?:[ \t]*\[[^\]\n]*\])?"
HIDDEN = {1: "label|index|[hv]?phantom|hspace\\*?|color|pagecolor|textcolor|includegraphics|footnote(?:text)?|typeout|"
             "message|wlog|hyper(?:link|target)|marginpar|(?:this)?pagestyle",       # the arguments that show nothing
          2: "rule|setlength|addtolength|setcounter|addtocounter|pdfbookmark", 3: "addcontentsline"}
TAKING = {1: "tabular|array|minipage|multicols\\*?|thebibliography|wrapfigure", 2: "tabular\\*|tabularx|list"}
LENGTH = r"-?\s*(?:\d+(?:[.,]\d*)?|[.,]\d+)\s*[a-zA-Z]{2}(?:\s*(?:plus|minus)\s*-?\s*(?:\d+(?:[.,]\d*)?)?\s*[a-zA-Z]+)*"
VERBATIM = "\ue000"                 # where verbatim text stands, blank: it may show any character
RELATIONS = "=<>≠\u2241-\u22ff\u2a66-\u2aff\uff1c-\uff1e"     # =, <, > and Unicode's relations (≤, ≔, ⩵, ＝, ...)
SPACING = re.compile(r"~|\\(?:hfill?|hss|hspace|hskip|kern|q?quad|en(?:space|skip)|null|centerline|leftline|"
                     r"rightline|makebox|framebox|[lr]lap|(?:left|right|parfill)skip|raggedleft|raggedright|"
                     r"centering|indent)(?![a-zA-Z])")                       # what sets a line apart, or centres it
MARKS = re.compile(
    r"(?P<tag>\\[$%&#_{}]|\((?:[A-Za-z]{1,4}\d*|\d+[a-z]?)\))|"      # an escaped sign; a tag's (A), (ii), (3a)
    r"(?P<math>" + MATH + r")|"
    r"(?P<item>\\item(?![a-zA-Z]))|"
    r"(?P<heading>\\(?:part|chapter|(?:sub)*section|(?:sub)?paragraph|caption)\*?" + OPTIONAL + ARG + r")|"
    r"(?P<break>\n[ \t]*\n|\\begin\s*\{(?:" + TAKING[2] + r")\}" + OPTIONAL + ARG + ARG + r"|\\begin\s*\{(?:" +
    TAKING[1] + r")\}" + OPTIONAL + OPTIONAL + ARG + r"|\\(?:begin|end)\s*\{[^{}]*\}" + OPTIONAL +
    r"|\\\\\*?(?:\s*\[[^\]]*\])?|[&|]|\\(?:par|newline|[a-z]*break|cr|endgraf|penalty|[vb]skip|vspace\*?|newpage|"
    r"clearpage|pagebreak|(?:small|med|big)skip)(?![a-zA-Z])\*?" + OPTIONAL + r"(?:" + ARG + r"|[ \t]*-?\d+|[ \t]*" +
    LENGTH + r")?)|"
    r"(?P<hidden>" + "|".join(rf"\\(?:{names})(?![a-zA-Z])" + OPTIONAL + ARG * count for count, names in HIDDEN.items()) +
    r"|\\(?:hskip|kern|mkern)(?![a-zA-Z])[ \t]*(?:" + LENGTH + r")?|\\footnotemark(?![a-zA-Z])" + OPTIONAL + r")|"
    r"(?P<glyph>\ue000|\\(?:char|symbol)(?![a-zA-Z])\s*(?:\{[^{}]*\}|`\\?.|['\"]?[0-9A-Fa-f]+))|"
    r"(?P<assign>\\[a-zA-Z@]*(?:skip|indent|width|height|depth|size|sep|margin|tolerance|factor|shape|\d)"
    r"\s*=?\s*(?:" + LENGTH + r")?|(?<=[\[,])\s*[a-zA-Z][\w-]*\s*=)|"      # \leftskip=0pt plus 1fil; [label=
    r"(?P<skip>\s+|[{}~*\[\]]|\\[a-zA-Z@]+\*?|\\[^a-zA-Z])|"
    r"(?P<word>[^\W\d_]+)|(?P<relation>[" + RELATIONS + r"])|(?P<sign>.)", re.S)
DISPLAYED = re.compile(r"\$\$.*?\$\$|\\\[(?:(?!\\\[).)*?\\\]|\\begin\s*\{(" + DISPLAYS + r")\}(?:(?!\\begin\s*\{\1\}).)*?"
                       r"\\end\s*\{\1\}", re.S)            # (each to the next opening of its kind at most: linear)
BLOCK_TAG = re.compile(r"</?(?:br|p|div|hr|h[1-6]|li|ul|ol|dl|dt|dd|table|tr|td|th|blockquote|pre|section|article|"
                       r"header|footer|details|summary)\b", re.I)


def no_step_in_latex(text, verbatim=()):
    """no_step_in_prose for a LaTeX text (its displays blank; `verbatim`: the (line, column) where each verbatim text
    starts that shown.latex blanked, which may show any character, = too)."""
    lines = DISPLAYED.sub(lambda m: blank(m.group(0)), text).split("\n")
    for line, column in verbatim:
        lines[line - 1] = lines[line - 1][:column] + VERBATIM + lines[line - 1][column + 1:]
    no_step_in_prose("\n".join(lines), lambda at: line_of(text, at))


def no_step_in_markdown(text):
    """no_step_in_prose for each block of a Markdown text."""
    for prose, first in markdown_prose(text):
        no_step_in_prose(prose, lambda at: first + prose.count("\n", 0, at))


def no_step_in_prose(prose, line):
    """A DocumentError for what prose (displays blank) shows as a step derive does not read: a relation first on its line
    (after a break, or a list's bullet) before inline math with signs alone between, or on a line that holds inline
    math (`= $2\\delta$`, `\\mbox{=} $2\\delta$`, `= 2$\\delta$`, `= two $\\delta$`, `=` alone and the math on the next
    line; a rule of signs, `=== Answer ===`, only when math follows it), or an equation in inline math on a line of no words that glue sets apart
    (`\\hfill`, `\\hspace*{\\fill}`, `\\leftskip` glue: it shows as a display). `line(at)`: the page's line of an offset."""
    marks, spaced = [], [False]
    for m in MARKS.finditer(prose):
        kind = _kind(m)
        if kind in ("break", "heading"):
            marks.append(("break", m.start(), ""))
            spaced.append(False)
        elif kind == "space":
            spaced[-1] = True
        elif kind is not None:
            marks.append((kind, m.start(), m.group(0)))
    lines, after, following = [[]], [None] * len(marks), None
    for t, (kind, _, _) in enumerate(marks):
        if kind == "break":
            lines.append([])
        else:
            lines[-1].append(t)
    for t in range(len(marks) - 1, -1, -1):     # the next mark but breaks, signs and relations, one pass from the end
        after[t] = following
        if marks[t][0] not in ("break", "sign", "relation"):
            following = marks[t][0]
    for line_marks, glue in zip(lines, spaced):
        kinds = {marks[t][0] for t in line_marks}
        shown = [t for t in line_marks if marks[t][0] != "item"]
        first = shown[0] if shown else None
        rule = first is not None and first + 1 < len(marks) and marks[first + 1][0] == "relation"     # ===, a rule
        if first is not None and marks[first][0] == "relation" and (
                after[first] == "math" or "math" in kinds and not rule):
            at, typed = marks[first][1:]
            raise DocumentError(f"line {line(at)}: {typed.strip()} typed as text first on a line beside inline math, "
                                f"which the page shows as a step derive does not check; write it inside the math, "
                                f"or set the step in a display")
        equation = next((marks[t][1] for t in line_marks if marks[t][0] == "math" and EQUALITY.search(marks[t][2])),
                        None)
        if equation is not None and glue and "word" not in kinds:
            raise DocumentError(f"line {line(equation)}: an equation in inline math set apart on a line of no words "
                                f"(\\hfill, \\hspace, \\leftskip glue), which the page shows as a display derive does "
                                f"not check; set it in a display, or in a sentence")


def _kind(m):
    """The mark a match shows: a relation, math, a word, a sign, a list's item, a break; "space" for glue that sets a
    line apart; None for what shows nothing."""
    kind = "sign" if m.lastgroup == "tag" else m.lastgroup
    if kind in ("skip", "hidden", "assign", "break"):
        spacing = SPACING.match(m.group(0)) or kind == "assign" and re.match(r"\\(?:left|right|parfill)skip", m.group(0))
        return "space" if spacing else "break" if kind == "break" else None
    if kind == "glyph":                         # a character by its code, verbatim text (blank here): any, = too
        return "relation"
    return kind


@lru_cache(maxsize=4)                   # (read by the check of prose and by the page's network, once)
def markdown_prose(text):
    """(the text a reader sees of each block, its first line) of a Markdown text: inline content with escapes and
    entities read (`\\=` and `&#61;` are =), emphasis and tags dropped, a code span's text kept ($`...`$ is math), a line
    break or a tag that starts a block (<br>, <p>, <div>, <li>, ...) a \\par, $$ displays blank; an HTML block's text
    between its tags."""
    from markdown_it import MarkdownIt
    import html
    out = []
    for token in MarkdownIt("commonmark").parse(text):
        if not token.map:
            continue
        if token.type == "html_block":
            body = html.unescape(re.sub(r"<!--.*?-->|<[^<>]*>", " \\\\par ", token.content, flags=re.S))
            out.append((_displays_blank(body), token.map[0] + 1))
            continue
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type == "hardbreak" or child.type == "html_inline" and BLOCK_TAG.match(child.content):
                parts.append(" \\par ")
            elif child.type == "softbreak":
                parts.append("\n")
        out.append((_displays_blank("".join(parts)), token.map[0] + 1))
    return tuple(out)


def _displays_blank(prose):
    return re.sub(r"\$\$.*?\$\$", lambda m: blank(m.group(0)), prose, flags=re.S)
