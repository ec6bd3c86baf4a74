"""What a reader of a document sees as math: the rest is blanked, line for line, before derive reads
the displays. A construct whose rendering derive cannot tell (a conditional inside a macro, a
command the document defines and a display uses) is a DocumentError, never a guess.

Markdown is read as CommonMark blocks (markdown-it-py); LaTeX by TeX's rules for comments,
verbatim text and conditionals, as far as a reader of the source can follow them.
"""
import re
from bisect import bisect

DISPLAYS = r"equation\*?|align\*?|flalign\*?|alignat\*?|gather\*?|multline\*?|eqnarray\*?|displaymath"
READ_INSIDE = r"aligned|alignedat|split|gathered"           # rows set inside a display
MD_BLOCKS = ("paragraph_open", "heading_open", "html_block", "fence", "code_block")
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
INLINE_HTML = re.compile(r"<!---?>|<!--.*?--!?>|<\?.*?\?>|<![a-zA-Z][^>]*>|<!\[CDATA\[.*?\]\]>|"   # CommonMark's raw
                         r"<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*>|"                              # HTML and autolinks
                         r"<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
                         r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>|</[a-zA-Z][a-zA-Z0-9-]*\s*>|"
                         r"<[a-zA-Z][a-zA-Z0-9-]*"
                         r"(?:\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>", re.S)
ESCAPED_DOLLAR = re.compile(r"\\\$\s*\\?\$|\$\s*\\\$")      # \$$, $\$ (a $ spelled as an entity: ENTITY)
FOOTNOTE = re.compile(r"\s{0,3}\[\^[^\]]+\]:")       # GitHub shows a footnote's text (CommonMark: a link reference)
COMMENT = re.compile(r"<!--(?=-?>)()-?(>)|<!--(.*?)(--!?>|\Z)", re.S)   # ends as HTML5 ends it: <!-->, --!>
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
JOINED = re.compile(r"(?:<wbr\s*/?>|<!--(?:-?>|.*?(?:--!?>|\Z)))+", re.S | re.I)   # MathJax reads them as nothing
MATH_TOKENS = ("$$", "\\[", "\\]", "\\begin")
BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<]*\$", re.I)            # GFM's extended autolinks take a $
MATH_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})\s*math", re.M | re.I)        # GitHub's ```math display
TABLE_RULE = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")     # a GitHub table's second row
UNTYPESET = r"verbatim\*?|[BL]?Verbatim\*?|lstlisting|minted|comment|filecontents\*?"   # never typeset as math
ARGUMENT = r"\s*(?:\{(?:[^{}\n]|\{[^{}\n]*\})*\}|([^a-zA-Z\s{}*])[^\n]*?\5)"   # {...} or |...|, read verbatim
VERBATIM = re.compile(r"^((?:\\.|[^\\%\n])*?)(\\begin\{(" + UNTYPESET + r")\}.*?\\end\{\3\}|"
                      r"\\(?:verb\*?|(?:Verb|spverb|lstinline)\*?(?:\[[^\]\n]*\])?)\s*([^a-zA-Z\s*{}])[^\n]*?\4|"
                      r"\\(?:url|path(?=\s*[{|]|[^a-zA-Z\s(\[{])|href|nolinkurl|lstinline(?:\[[^\]\n]*\])?|mint(?:inline)?\{[^{}\n]*\})"
                      + ARGUMENT + ")",                    # TikZ's \path (0,0), [draw], node ... is no url
                      re.M | re.S)
CONDITIONAL = re.compile(r"\\\\|\\[{}]|\\(if(?!f(?![a-zA-Z]))[a-zA-Z]*|else|fi)(?![a-zA-Z])|[{}]")    # \iff is no \if
PRIMITIVE_IFS = {"if", "ifcat", "ifnum", "ifdim", "ifodd", "ifvmode", "ifhmode", "ifmmode", "ifinner", "ifvoid",
                 "ifhbox", "ifvbox", "ifx", "ifeof", "iftrue", "iffalse", "ifcase", "ifdefined", "ifcsname",
                 "iffontchar", "ifincsname", "ifpdfprimitive", "ifpdfabsnum", "ifpdfabsdim"}  # TeX, e-TeX, pdfTeX
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])*\$|\\\(.*?\\\)", re.S)
NAME = r"\\([a-zA-Z]+|[^a-zA-Z\s])"
DEFINITION = re.compile(r"\\(?:(?:re)?newcommandx?|providecommandx?|DeclareRobustCommandx?|DeclareMathOperator|"
                        r"(?:re)?newrobustcmd|providerobustcmd|"
                        r"(?:New|Renew|Provide|Declare)(?:Expandable)?DocumentCommand)\*?\s*\{?\s*" + NAME +
                        r"|\\[gex]?def\s*" + NAME + r"|\\let\s*" + NAME + r"\s*=?\s*(\\(?:if[a-zA-Z]*|fi|else))?|"
                        r"\\(?:(?:re)?newenvironment|(?:New|Renew|Provide|Declare)DocumentEnvironment|(?:New|Renew)Environ|"
                        r"(?:exclude|include|special|process)comment|(?:exclude|include|process|marker)version|"
                        r"(?:re)?newtcolorbox|(?:New|Declare)TColorBox|"
                        r"newtcbtheorem|(?:re)?newmdenv|newfloat|DeclareFloatingEnvironment|newlist|DeclareCaptionType)"
                        r"\*?\s*(?:\[[^\]\n]*\]\s*)?\{([a-zA-Z*]+)\}|"
                        r"\\cs(?:g|e|x)?def\s*\{([a-zA-Z]+)\}|\\cslet(?:cs)?\s*\{([a-zA-Z]+)\}")   # etoolbox: \name
THEOREM = re.compile(r"\\(?:newtheorem|declaretheorem|spnewtheorem)\*?\s*(?:\[[^\]\n]*\]\s*)?\{([a-zA-Z*]+)\}")
RESERVED = {"begin", "end", "verb", "url", "path", "href", "lstinline", "nolinkurl", "Verb", "spverb", "mint",
            "mintinline", "iffalse", "iftrue", "fi", "else", "input",
            "include", "endinput", "document", "enddocument", "comment", "endcomment", "verbatim", "endverbatim",
            "text", "textrm", "mbox", "label", "tag", "nonumber", "notag", "quad", "qquad", "displaystyle"}
PROGRAMMING = re.compile(r"\\(catcode|mathcode|delcode|mathchardef|chardef|countdef|every(?:display|math|hbox|vbox|par)|"
                         r"csname|expandafter|unless|ifthenelse|scantokens|futurelet|afterassignment|aftergroup|"
                         r"makeatletter|ExplSyntaxOn|(?:New|Renew|Declare)CommandCopy|LetLtxMacro|"
                         r"DeclareMath(?:Symbol|Delimiter|Accent|Radical|Alphabet|Version|SymbolFont)|"
                         r"DeclareUnicodeCharacter|newunicodechar|setbox|sbox|savebox|bgroup|"
                         r"(?:text|page)?color|colorbox|input|include|InputIfFileExists|subfile|import|"
                         r"string|meaning|detokenize|unexpanded|noexpand|obeylines|obeyspaces|dospecials|"   # a command
                         r"MakeShortVerb|DefineShortVerb|lstMakeShortInline|lstnewenvironment|"   # as text, catcodes
                         r"DeclareUrlCommand|urldef|"
                         r"DefineVerbatimEnvironment|newminted(?:inline|file)?|"
                         r"AtBeginDocument|AtEndDocument|AddToHook|AtEndPreamble|AfterEndPreamble|"   # text moved
                         r"(?:AtBegin|AtEnd|BeforeBegin|AfterEnd)Environment|x?(?:preto|appto|patch)cmd|"
                         r"AtBeginShipout(?:Next)?|everyjob|stop|enddocument|bye|dump|"
                         r"special|pdfliteral|pdfextension|pdfcolorstack|pdfobj|pdfannot|pdfsave|pdfrestore|"
                         r"pdfsetmatrix|SaveVerb|UseVerb|VerbatimInput|[BL]VerbatimInput|verbatiminput|"  # verbatim
                         r"lstinputlisting|inputminted|newtcblisting|DeclareTCBListing|tcbinputlisting)(?![a-zA-Z])|"
                         r"\\end(?![a-zA-Z])(?!\s*\{)|"                     # TeX's \end: it stops there
                         r"\\begin\{(?:lrbox|alltt)\}")     # alltt: % is text there
ESCAPES = re.compile(r"(?<![a-zA-Z])(mathescape|escapeinside|escapechar|escapebegin|escapeend|texcl|commandchars|"
                     r"codes|texcomments|literate|formatcom)\s*[=,\]}]")   # listings that typeset LaTeX, math too
DISPLAY_NAMES = DISPLAYS.replace("\\*?", "")                 # equation|align|...: a bare \equation starts one
DISPLAY_SPAN = re.compile(r"\\\[.*?\\\]|\\begin\{(" + DISPLAYS + r")\}.*?\\end\{\1\}", re.S)     # \[...\], equation, ...
UNREAD = r"dmath|dgroup|dseries|darray|math|IEEEeqnarray|xx?alignat|empheq|numcases|subnumcases|subeqnarray|" \
         r"mathpar|subequations"                                         # math environments derive does not read
DEFINED_AS = re.compile(r"\\[][]|\$\$|\\(?:begin|end)(?![a-zA-Z])(?!\s*\{[a-zA-Z*]+\})|"
                        r"\\(?:begin|end)\s*\{(?:" + DISPLAYS + r"|document)\}|\\(?:end)?(?:" + DISPLAY_NAMES + "|" +
                        UNREAD + r")(?![a-zA-Z])")


class DocumentError(ValueError):
    """A file that cannot be read as a derivation (reported with its line)."""


def _blank(s):
    return "".join(c if c == "\n" else " " for c in s)


def line_of(text, at):
    """The line (from 1) of position `at` in text."""
    return text.count("\n", 0, at) + 1


# --- Markdown ------------------------------------------------------------------------------
def markdown(text):
    """(the lines, {line: note}) of a Markdown text as a reader sees it: a ```math fence becomes a
    $$ display (GitHub shows it as one); other fenced or indented code, code spans and the lines of
    no block (the `[//]: # (...)` idiom) and <pre>, <script>, <style> and <textarea> blocks are blank;
    an HTML comment (ended as a browser ends it: <!-->, --!>) is a note and is blank, and an unclosed one
    in an HTML block hides the rest of that block. What a page may show otherwise is a DocumentError: a
    letter, digit or character of TeX's written as an entity (&#92;[ is \\[ to MathJax, \\b&#101;gin is
    \\begin), math tokens a <wbr> or a comment keeps apart ($<wbr>$ is $$), math in an HTML block, in a link,
    an image's text, a tag or a comment GitHub shows as text, and math in an indented block after a
    footnote."""
    from markdown_it import MarkdownIt
    import html
    for entity in ENTITY.finditer(text):    # &#92;[ is \[ and \b&#101;gin is \begin once the page is HTML
        char = html.unescape(entity.group(0))
        if len(char) == 1 and char.isascii() and (char.isalnum() or char in "\\$^_{}[]&%#~"):
            raise DocumentError(f"line {line_of(text, entity.start())}: {char!r} written as {entity.group(0)}, which "
                                f"the page reads as {char!r} before MathJax does; write the character itself")
    for run in JOINED.finditer(text):       # $<wbr>$ is $$ to MathJax
        made = next((t for t in MATH_TOKENS for k in range(1, len(t))
                     if text.endswith(t[:k], 0, run.start()) and text.startswith(t[k:], run.end())), None)
        if made:
            raise DocumentError(f"line {line_of(text, run.start())}: {made} made of parts that a tag or a comment "
                                f"keeps apart (<wbr>, <!-- -->), which MathJax joins; write {made} whole")
    footnote = next((t for t, line in enumerate(text.split("\n")) if FOOTNOTE.match(line)), None)
    lines = text.split("\n")
    out, notes, quotes, covered = [""] * len(lines), {}, 0, set()
    tokens = MarkdownIt("commonmark").parse(text)
    for number, token in enumerate(tokens):
        quotes += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        _unshown_math(token)
        if token.type not in MD_BLOCKS or token.map is None:
            continue
        start, end = token.map
        covered.update(range(start, end))
        if token.type == "code_block" and footnote is not None and footnote < start and \
                (any(t in token.content for t in MATH_TOKENS) or MATH_FENCE.search(token.content)):   # GitHub: a
                                                                                            # footnote's text
            raise DocumentError(f"line {start + 1}: math in an indented block after a footnote, which GitHub may "
                                f"show as the footnote's text; indent it less, or put it in a fence")
        if token.type in ("fence", "code_block"):
            if token.type == "fence" and token.info.split()[:1] != ["math"] and \
                    token.info.split()[:1] and token.info.split()[0].lower() == "math":
                raise DocumentError(f"line {start + 1}: write a math fence as ```math, in lowercase")
            if token.type == "fence" and token.info.split()[:1] == ["math"]:
                if "$$" in token.content:
                    raise DocumentError(f"line {start + 1}: a math fence holds $$, which it shows as text; "
                                        f"write the formula alone in the fence")
                display = ["$$", *token.content.split("\n")[:-1], "$$"]
                if len(display) > end - start:          # a fence that runs to the end of the file
                    display[-2:] = [display[-2] + " $$"]
                out[start:start + len(display)] = display
            continue
        raw = "\n".join(re.sub(r"^(\s{0,3}>\s?){0,%d}" % quotes, "", line) for line in lines[start:end])
        if token.type == "html_block" and re.match(r"\s*<(pre|script|style|textarea)(?=[ \t>]|$)", raw, re.I | re.M):
            closed = re.search(r"</(?:pre|script|style|textarea)(?![a-zA-Z0-9-])[^>]*>", raw, re.I)  # a browser ends it
                                                                                              # at </pre x> too
            if closed and any(t in raw[closed.end():] for t in MATH_TOKENS):
                raise DocumentError(f"line {start + line_of(raw, closed.end())}: math after a </pre>, </script>, "
                                    f"</style> or </textarea> in its HTML block, which the page may typeset; end the "
                                    f"block with a blank line before the math")
            if not raw.lstrip().lower().startswith("<pre") and any(t in raw for t in MATH_TOKENS):
                raise DocumentError(f"line {start + 1}: math in a <script>, <style> or <textarea> block, which GitHub "
                                    f"may show as text (and typeset); set it in a paragraph of its own")
            continue                                    # shown as text, or not at all
        rows = raw.split("\n")
        if token.type == "paragraph_open" and any("|" in u and TABLE_RULE.fullmatch(v) for u, v in zip(rows, rows[1:])) \
                and any(t in raw for t in MATH_TOKENS):                # GitHub starts a table on any of its lines
            raise DocumentError(f"line {start + 1}: math in a table, whose cells GitHub splits at every |, in code "
                                f"spans too; set the math outside the table")
        if token.type != "html_block":
            raw, spans = _code_spans(raw)
            _same_code(spans, tokens[number + 1], start)
        block, comments = _comments(raw, start, notes, token.type == "html_block")
        if token.type != "html_block":
            _math_first(spans, comments, start)
            url = BARE_URL.search(block)
            if url:
                raise DocumentError(f"line {start + 1}: a $ in a bare address ({url.group(0)}), which GitHub makes a "
                                    f"link, $ and all; write the address in <...> or away from the math")
        if token.type == "html_block" and any(t in block for t in MATH_TOKENS):
            raise DocumentError(f"line {start + 1}: math in an HTML block, which the page may show or hide by its "
                                f"tags (<template>, <![CDATA[, <noscript>); set it in a paragraph of its own")
        out[start:end] = block.split("\n")
        if ESCAPED_DOLLAR.search(block):
            raise DocumentError(f"line {start + 1}: a $ written as \\$ or &dollar; beside another: a renderer that "
                                f"typesets math after Markdown would show a display derive cannot see; write $$ for "
                                f"math, or put the text in a code span")
        if token.type != "html_block":
            _same_inline(block, comments, tokens[number + 1], start)
        if block.count("$$") % 2:
            raise DocumentError(f"line {start + 1}: a $$ display that this block does not close (a blank line, a "
                                f"heading's underline or another block cuts it): GitHub would show it as text")
    in_footnote = False                     # a footnote's lines that CommonMark takes as a link definition's
    for number, line in enumerate(lines):
        if number in covered or re.match(r"\s{0,3}\[[^\]]+\]:", line) and not FOOTNOTE.match(line):
            in_footnote = False
        elif FOOTNOTE.match(line):
            out[number], in_footnote = line, True
        elif in_footnote and (any(t in line for t in MATH_TOKENS) or MATH_FENCE.match(line)):
            raise DocumentError(f"line {number + 1}: math in a footnote that CommonMark reads as a link definition "
                                f"(GitHub shows it); set it in the footnote's first line or a paragraph")
    return out, notes


def _unshown_math(token):
    """A DocumentError for math in an inline token's link target or title, an image's text or a tag's
    attributes: the page shows none of them as math (a comment is a note, read as one)."""
    for child in _walk(token.children or ()):          # a link in an image's text too
        held = [child.attrGet(key) or "" for key in ("href", "title", "src")]
        held += [child.content] if child.type == "image" or child.type == "html_inline" and \
            not child.content.startswith("<!--") else []
        if any(t in value for value in held for t in MATH_TOKENS):
            raise DocumentError(f"line {token.map[0] + 1 if token.map else 1}: math in a link, an image's text or a "
                                f"tag, which the page does not show as math; set it in the text")


def _math_first(spans, comments, start):
    """A DocumentError for a code span or comment that Jupyter, which takes math out before it reads Markdown
    (code spans of one line aside), would read otherwise: one with a $ over several lines, or an odd number of $
    (its backtick or <!-- sits in math, and CommonMark's span or comment hides the math after it)."""
    for text in spans + comments:
        if text.count("$") % 2 or "$" in text and "\n" in text.strip():
            raise DocumentError(f"line {start + 1}: a code span or comment that cuts through math ($ in it over "
                                f"several lines, or an odd number of $): Jupyter reads math first; keep them apart")


def _same_code(spans, inline, start):
    """A DocumentError when the code spans derive blanked are not markdown-it's code spans in the block's
    `inline` token, each read with its white space as one space (a backtick in a tag, an autolink or a link's
    target would end a span elsewhere)."""
    theirs = [c.content for c in _walk(inline.children or ()) if c.type == "code_inline"]
    if [" ".join(t.split()) for t in spans] != [" ".join(t.split()) for t in theirs]:
        raise DocumentError(f"line {start + 1}: derive cannot tell where this block's code spans start and end (a "
                            f"backtick in a tag, a comment or a link's target, say); keep such backticks out")


def _walk(tokens):
    """Inline tokens and those inside them (an image's text), in order."""
    for t in tokens:
        yield t
        yield from _walk(t.children or ())


def _same_inline(block, comments, inline, start):
    """A DocumentError when the comments derive blanked in a block are not markdown-it's (each the start of one of
    them: a browser may end one sooner, at --!>), or it reads another number of $$ than markdown-it's text holds
    (a <!-- in a link's title is no comment)."""
    theirs = [" ".join(c.content.split()) for c in _walk(inline.children or ())
              if c.type == "html_inline" and c.content.startswith("<!--")]
    mine = [" ".join(c.split()) for c in comments]
    shown = sum(c.content.count("$$") for c in _walk(inline.children or ()) if c.type == "text")
    if len(mine) != len(theirs) or not all(t.startswith(m) for m, t in zip(mine, theirs)) or \
            block.count("$$") != shown:
        raise DocumentError(f"line {start + 1}: derive cannot tell which comments or $$ this block shows (a <!-- in "
                            f"a link's title or a tag, say); keep <!-- out of them")


def _code_spans(raw):
    """(raw with its code spans blank, their texts) (CommonMark: a run of n backticks to the next run of
    exactly n; outside a span a backslash escapes a punctuation character, a backtick too)."""
    out, t, spans = list(raw), 0, []
    while t < len(raw):
        if raw[t] == "\\" and t + 1 < len(raw) and raw[t + 1] in PUNCTUATION:
            t += 2
            continue
        inline = raw[t] == "<" and INLINE_HTML.match(raw, t)
        if inline:                      # a tag, an autolink or a comment comes before a code span
            t = inline.end()
            continue
        if raw[t] != "`":
            t += 1
            continue
        n = len(raw[t:]) - len(raw[t:].lstrip("`"))
        close = re.compile(r"(?<!`)`{%d}(?!`)" % n).search(raw, t + n)
        if close:
            out[t:close.end()] = _blank(raw[t:close.end()])
            spans.append(raw[t + n:close.start()])
            t = close.end()
        else:
            t += n
    return "".join(out), spans


def _comments(raw, start, notes, html):
    """(raw with its HTML comments blank, each kept as the note of its first line; their texts). In a
    paragraph a comment is not escaped (\\<!--) and closes in the paragraph; in an HTML block an unclosed
    one runs to the block's end."""
    found = []

    def note(m):
        text, end = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
        if not html and (not end or re.search(r"(?<!\\)(\\\\)*\\$", raw[:m.start()])):
            return m.group(0)
        line = start + line_of(raw, m.start())
        strict = not text.startswith((">", "->")) and not text.endswith("-") and "--" not in text
        if not html and end == "-->" and not strict and any(t in text for t in MATH_TOKENS + ("`",)):
            raise DocumentError(f"line {line}: math or a backtick in a comment that GitHub shows as text (with -- "
                                f"inside, or a - before its -->); write the comment as <!-- ... -->")
        if end and text.strip():              # <!--> and <!-- --> say nothing
            if line in notes:
                raise DocumentError(f"line {line}: two notes on one line; write one note a line")
            notes[line] = " ".join(text.split())
        found.append(m.group(0))
        return _blank(m.group(0))
    return COMMENT.sub(note, raw), found


# --- LaTeX ---------------------------------------------------------------------------------
def latex(text):
    """(the LaTeX text with what is never typeset as math blank: verbatim, listings and comment
    environments, \\verb|...|, and the argument of \\url and \\href (whose % is no comment), unless
    a % comment holds them; the (line, column) where each of those starts). Options that make a
    listing typeset LaTeX (mathescape, escapeinside, commandchars, ...), text after the end of
    such an environment on its line (the verbatim package drops it, LaTeX typesets it), an indented
    \\end{comment} and math or a conditional in an inline verbatim command's argument (inside another command's
    argument \\verb|$$...$$| is typeset, and a package decides where its command ends: hyperref's \\url takes
    braces only, \\lstinline{ ends at the first }) are a DocumentError."""
    escape = ESCAPES.search(text)
    if escape:
        raise DocumentError(f"line {line_of(text, escape.start())}: {escape.group(1)} makes a listing typeset LaTeX, "
                            f"math too, which derive does not read there; delete the option")
    original, previous, starts, inline = text, None, set(), []
    while previous != text:         # each pass blanks the first of each line; a line may hold more
        previous = text             # (blanking keeps every position, so each start is one of the text's)
        for m in VERBATIM.finditer(previous):
            starts.add(m.start(2))
            if not m.group(3):
                inline.append(m.span(2))
            after = previous[m.end():].split("\n", 1)[0]
            before = m.group(2)[:m.group(2).rfind("\\end{")].rsplit("\n", 1)
            if m.group(3) == "comment" and len(before) == 2 and before[1]:
                raise DocumentError(f"line {line_of(previous, m.end())}: \\end{{comment}} after text or spaces on its "
                                    f"line, where the comment package does not end it; set it at the start of a line")
            if not m.group(3) and any(t in m.group(2) for t in MATH_TOKENS + ("\\end", "\\if", "\\fi", "\\else")):
                raise DocumentError(f"line {line_of(previous, m.start(2))}: math or a conditional in the argument of a "
                                    f"verbatim command (\\verb, \\url, \\lstinline ...), which TeX typesets inside "
                                    f"another command's argument, and a package may end elsewhere; take it out")
            if m.group(3) and after.strip() and not after.lstrip().startswith("%"):
                raise DocumentError(f"line {line_of(previous, m.end())}: text after \\end{{{m.group(3)}}} on its "
                                    f"line, which TeX drops or typesets by the package; start it on a line of its own")
        text = VERBATIM.sub(lambda m: m.group(1) + _blank(m.group(2)), previous)
    for (start, end), depth in zip(sorted(inline), _depths(text, sorted(start for start, _ in inline))):
        argument = re.sub(r"^\\[a-zA-Z]+\*?(?:\[[^\]\n]*\])?\s*", "", original[start:end])[1:-1]
        if depth and any(c in argument for c in "%{}$"):
            raise DocumentError(f"line {line_of(text, start)}: a verbatim command inside another command's argument, "
                                f"where TeX reads its %, braces and $ as anywhere else (a % hides the rest of the "
                                f"line); take it out of the argument")
    ends = [m.start() for m in re.finditer("\n", text)] if starts else []

    def place(at):
        """(line, column) of a position."""
        k = bisect(ends, at)
        return k + 1, at - (ends[k - 1] + 1 if k else 0)
    return text, {place(at) for at in starts}


def _depths(text, positions):
    """How many braces are open at each of the (sorted) positions of text (% comments and \\{ skipped)."""
    out, depth, t = [], 0, 0
    for at in positions:
        while t < at:
            c = text[t]
            if c == "\\":
                t += 1
            elif c == "%":
                t = text.find("\n", t)
                if t < 0 or t >= at:
                    t = len(text) if t < 0 else t
                    break
            elif c in "{}":
                depth += 1 if c == "{" else -1
            t += 1
        out.append(depth)
    return out


def conditionals(code, verbatim=frozenset()):
    """The comment-free LaTeX code with what TeX skips blank, from its start (the preamble too): what
    \\iffalse hides (to its \\else or its \\fi, nested conditionals counted) and \\iftrue's \\else branch
    (to its \\fi, a second \\else in it skipped too). A conditional in a group or a macro's definition, or
    one whose branch depends on the document (\\ifx, \\ifdraft), is a DocumentError: derive cannot tell
    what TeX typesets; so is, in skipped text, an \\if... that is no primitive (TeX counts \\ifdraft of
    \\newif, not an undefined \\ifblah) or verbatim text (`verbatim`: where each starts, as (line, column);
    TeX skips \\verb|\\else| as \\verb, |, \\else, |), a second \\else in \\iffalse's \\else branch, and
    skipped text no \\fi ends: TeX stops there."""
    out, depth, stack, hidden, nest = list(code), 0, [], None, 0

    def skipped(start, end):
        """Blank code[start:end], which TeX skips, unless verbatim text starts in it."""
        first, last = (line_of(code, start), start - code.rfind("\n", 0, start) - 1), \
            (line_of(code, end), end - code.rfind("\n", 0, end) - 1)
        if any(first <= at < last for at in verbatim):
            raise DocumentError(f"line {first[0]}: verbatim text in what a conditional skips: TeX reads a \\else or "
                                f"\\fi inside it, derive cannot tell which; delete the conditional or the verbatim")
        out[start:end] = _blank(code[start:end])

    for m in CONDITIONAL.finditer(code):      # the preamble too: \iffalse there may hide \begin{document}
        token, name = m.group(0), m.group(1)
        if name is None:
            if hidden is None and token in "{}":
                depth += 1 if token == "{" else -1
            continue
        if hidden is not None:              # skipped text: only the nesting of conditionals counts
            if name.startswith("if") and name not in PRIMITIVE_IFS:
                raise DocumentError(f"line {line_of(code, m.start())}: derive cannot tell whether TeX counts \\{name} "
                                    f"as a conditional in the text \\iffalse skips (only a primitive or a \\newif "
                                    f"one counts); delete it")
            if name.startswith("if"):
                nest += 1
            elif nest:
                nest -= name == "fi"
            elif name == "fi" or stack[-1] == "false":      # \iftrue's \else branch runs to its \fi
                skipped(hidden, m.end())
                hidden = None
                stack[-1] = "else"
                if name == "fi":
                    stack.pop()
            continue
        if depth > 0:
            raise DocumentError(f"line {line_of(code, m.start())}: derive cannot tell what \\{name} inside a group or "
                                f"a macro's definition leaves typeset; delete it or the text it would hide")
        if name == "iffalse":
            stack.append("false")
            hidden = m.start()
        elif name == "iftrue":
            stack.append("true")
            out[m.start():m.end()] = _blank(token)
        elif name.startswith("if"):
            raise DocumentError(f"line {line_of(code, m.start())}: derive cannot tell which branch of \\{name} TeX "
                                f"typesets; keep the text you mean and delete the conditional")
        elif not stack:
            raise DocumentError(f"line {line_of(code, m.start())}: \\{name} closes no \\iffalse or \\iftrue")
        elif name == "fi":
            stack.pop()
            out[m.start():m.end()] = _blank(token)
        elif stack[-1] == "true":
            hidden = m.start()              # the else branch of \iftrue
        else:
            raise DocumentError(f"line {line_of(code, m.start())}: a second \\else in one conditional: TeX stops with "
                                f"an error there; delete it")
    if hidden is not None:
        raise DocumentError(f"line {line_of(code, hidden)}: no \\fi closes the text this conditional skips, "
                            f"so TeX stops with an error there; close it with \\fi")
    return "".join(out)


def definitions(code):
    """{name: line} of the commands and environments the document (re)defines (\\newcommand,
    \\def, \\let, \\newenvironment, ...): a display that uses one is not in derive's notation. A
    definition of what derive reads outside a display (\\verb, \\url, \\begin, a conditional ...), a
    conditional made by \\let, and TeX programming that changes how TeX reads or sets a formula
    (\\catcode, \\mathchardef, \\everydisplay, \\csname, \\input ...) are a DocumentError."""
    programming = PROGRAMMING.search(code)
    if programming:
        raise DocumentError(f"line {line_of(code, programming.start())}: derive does not read a document that uses "
                            f"{programming.group(0)}: it changes what TeX typesets or shows, or brings in another file")
    out = {}
    for m in DEFINITION.finditer(code):
        command = m.group(1) or m.group(2) or m.group(3) or m.group(6) or m.group(7)
        if m.group(2) and not re.match(r"(?:\s|#\d)*\{", code[m.end():]):
            raise DocumentError(f"line {line_of(code, m.start())}: {m.group(0).strip()} takes delimited parameters, "
                                f"which may swallow text TeX then does not show; write a \\newcommand")
        named = command and re.fullmatch(rf"{UNTYPESET}|{DISPLAYS}|{READ_INSIDE}", command)
        if m.group(4) or command and (command in RESERVED or command.startswith(("if", "end")) or named):
            raise DocumentError(f"line {line_of(code, m.start())}: the document redefines what derive reads as "
                                f"LaTeX's own ({m.group(0).strip()}); delete the definition")
        if command == "sgn" and m.group(0).startswith("\\DeclareMathOperator") and \
                re.match(r"\s*\}\s*\{\s*sgn\s*\}", code[m.end():]):
            continue                        # \sgn as derive reads it
        given = _defined_as(code, m)
        shown = DEFINED_AS.search(given) or len(re.findall(r"(?<!\\)\$", given)) % 2 and re.search(r"\$", given)
        if shown:                           # a lone $ too: with the $ beside its use it makes $$
            raise DocumentError(f"line {line_of(code, m.start())}: the document defines a command or environment as "
                                f"{shown.group(0)}, which sets or starts a display derive would not see where it is "
                                f"used; write it out there")
        out["\\" + command if command else m.group(5)] = line_of(code, m.start())
    return out


def theorems(code):
    """{name: line} of the theorem-like environments the document declares (\\newtheorem): they typeset what
    they hold, so only their names matter."""
    return {m.group(1): line_of(code, m.start()) for m in THEOREM.finditer(code)}


def packages(text):
    """[(name, position)] of the packages and classes the document loads (\\usepackage{a,b}, \\documentclass)."""
    return [(name.strip(), m.start()) for m in re.finditer(
        r"\\(?:usepackage|RequirePackage|documentclass|LoadClass)\s*(?:\[[^\]]*\]\s*)?\{([^{}]*)\}", text)
        for name in m.group(1).split(",")]


def local_packages(text, folder):
    """A DocumentError for a package or class the document loads from its own folder (or by a path): it may
    change anything TeX typesets, as \\input may."""
    for name, at in packages(text):
        if re.search(r"[/\\.]", name) or any((folder / f"{name}{ext}").exists() for ext in (".sty", ".cls")):
            raise DocumentError(f"line {line_of(text, at)}: the document loads {name} from its own folder, "
                                f"which may change what TeX typesets; check the file without it")


def _defined_as(code, m):
    """What the definition matched by m gives its name: the token after \\let or \\cslet (and its =), the
    command \\csletcs names, else its brace groups after the name and the parameters ([2], #1#2): one for
    a command, two for an environment."""
    rest = code[m.end():]
    if m.group(0).startswith("\\csletcs"):           # \csletcs{op}{begin}: \op is \begin
        name = re.match(r"\s*\{([a-zA-Z]+)\}", rest)
        return "\\" + name.group(1) if name else ""
    if m.group(0).startswith(("\\let", "\\cslet")):
        token = re.match(r"\s*=?\s*(\\[a-zA-Z]+|\\.|.)?", rest, re.S)
        return token.group(1) or ""
    at = re.match(r"(?:\s|\}|\[[^\]\n]*\]|#\d)*", rest).end()
    groups = []
    for _ in range(2 if m.group(5) else 1):
        if at >= len(rest) or rest[at] != "{":
            break
        depth, end = 0, at
        while end < len(rest):
            depth += {"{": 1, "}": -1}.get(rest[end], 0) if rest[end - 1:end] != "\\" or end == at else 0
            end += 1
            if depth == 0:
                break
        groups.append(rest[at:end])
        at = end + len(rest[end:]) - len(rest[end:].lstrip())
    return "".join(groups)


def inline_math(code):
    """The LaTeX code with its inline math blank outside displays, its $ paired as TeX pairs them: outside
    math $$ opens a display and $ inline math, which the next $ closes (so $p$$x$$q$ is three inline formulas,
    no display)."""
    out, t, start = list(code), 0, None
    while t < len(code):
        display = start is None and DISPLAY_SPAN.match(code, t)
        if display:
            t = display.end()
            continue
        if code[t] == "\\":
            t += 2
            continue
        if code[t] == "$":
            if start is not None:                       # the end of inline math
                out[start:t + 1] = _blank(code[start:t + 1])
                start, t = None, t + 1
                continue
            if code.startswith("$$", t):                # a display: to its $$ (a lone $ in it is TeX's error)
                close = code.find("$$", t + 2)
                t = len(code) if close < 0 else close + 2
                continue
            start = t
        t += 1
    return "".join(out)


def body(code, environments=()):
    """The comment-free code with what LaTeX never typesets blank: the preamble (before
    \\begin{document}, when there is one) and everything after the first \\end{document} (or \\endinput);
    one inside a group or an argument is a DocumentError (TeX ends at {\\end{document}}, not
    \\typeout{...}). A display inside a command's argument, or inside an
    environment the document defines, is a DocumentError, for the command may hide or change it (a
    bare group, such as {\\small ...}, is not; a group after ) or > is an argument too: TikZ's node at (0,0)
    {...}, beamer's \\only<2>{...}), and so are rows set in inline math."""
    depth, top = 0, []
    for m in re.finditer(r"\\[\\{}]|[{}]|\\end\{document\}|\\endinput(?![a-zA-Z])", code):
        depth += {"{": 1, "}": -1}.get(m.group(0), 0)
        if m.group(0).startswith("\\end") and depth > 0:      # {\end{document}} ends, \typeout{...} does not
            raise DocumentError(f"line {line_of(code, m.start())}: {m.group(0)} inside a group or a command's "
                                f"argument, where derive cannot tell whether TeX ends there; set it on its own")
        if m.group(0).startswith("\\end"):
            top.append(m.start())
    start = code.find("\\begin{document}")
    end = top[0] if top else len(code)
    depth = 0                   # \title{\[ ... \]} in the preamble shows it at \maketitle
    for m in re.finditer(r"\\[\\{}]|[{}]|\\\[|\$\$|\\begin\{(?:" + DISPLAYS + r")\}", code[:max(start, 0)]):
        depth += {"{": 1, "}": -1}.get(m.group(0), 0)
        if depth > 0 and m.group(0) not in ("{", "}", "\\\\", "\\{", "\\}"):
            raise DocumentError(f"line {line_of(code, m.start())}: a display in a command's argument in the preamble, "
                                f"which the command may typeset in the document; set it after \\begin{{document}}")
    if top and code.startswith("\\endinput", end) and code[end + len("\\endinput"):].split("\n", 1)[0].strip():
        raise DocumentError(f"line {line_of(code, end)}: text after \\endinput on its line, which TeX still reads; "
                            f"start it on a line of its own or delete it")
    out = _blank(code[:max(start, 0)]) + code[max(start, 0):end] + _blank(code[end:])
    groups, inside = [], []     # for each open brace: is it a command's argument (after \name, } or ])?
    for m in re.finditer(r"\\\\|\\[{}$]|\\\[|\$\$|\\(begin|end)\{([a-zA-Z*]+)\}|[{}]", out):
        token, name = m.group(0), m.group(2)
        if name in environments:
            inside = inside + [name] if m.group(1) == "begin" else inside[:-1]
            continue
        if name is not None and (m.group(1) == "end" or not re.fullmatch(DISPLAYS, name)):
            continue
        display = token in ("\\[", "$$") or name is not None
        if display and inside:
            raise DocumentError(f"line {line_of(out, m.start())}: a display inside \\begin{{{inside[-1]}}}, which the "
                                f"document defines and which may hide or change it; set it on its own")
        if token == "{":
            groups.append(bool(re.search(r"(\\[a-zA-Z]+|[]})>])\s*$", out[max(0, m.start() - 200):m.start()])))
        elif token == "}":
            groups = groups[:-1]
        elif display and any(groups):
            raise DocumentError(f"line {line_of(out, m.start())}: a display inside a group or a command's argument, "
                                f"which the command may hide or change; set it on its own")
    for inline in INLINE_MATH.finditer(out):
        if re.search(r"\\begin\{(aligned|alignedat|split|gathered)\}", inline.group(0)):
            raise DocumentError(f"line {line_of(out, inline.start())}: steps set in inline math ($...$) are not read: "
                                f"put them in a display")
    return out
