"""Markdown as a reader sees it: CommonMark blocks (markdown-it-py), checked against what GitHub and
Jupyter show (HTML comments as a browser ends them, footnotes, tables, math read before Markdown)."""
import re

from .common import MATH_TOKENS, DocumentError, blank, line_of
from .jupyter import JUPYTER_MARKER, ROW_NOTE, dollars_pair, jupyter_displays

MD_BLOCKS = ("paragraph_open", "heading_open", "html_block", "fence", "code_block")
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
INLINE_HTML = re.compile(r"<!---?>|<!--.*?--!?>|<\?.*?\?>|<![a-zA-Z][^>]*>|<!\[CDATA\[.*?\]\]>|"   # CommonMark's raw
                         r"<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*>|"                              # HTML and autolinks
                         r"<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
                         r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>|</[a-zA-Z][a-zA-Z0-9-]*\s*>|"
                         r"<[a-zA-Z][a-zA-Z0-9-]*"
                         r"(?:\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>", re.S)
ESCAPED_DOLLAR = re.compile(r"\\\$(?:\s|<wbr\s*/?>)*\\?\$|\$(?:\s|<wbr\s*/?>)*\\\$", re.I)   # \$$, \$<wbr>\$, $\$
FOOTNOTE = re.compile(r"\s{0,3}\[\^[^\]]+\]:")       # GitHub shows a footnote's text (CommonMark: a link reference)
COMMENT = re.compile(r"<!--(?=-?>)()-?(>)|<!--(.*?)(--!?>|\Z)", re.S)   # ends as HTML5 ends it: <!-->, --!>
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
JOINED = re.compile(r"(?:<!--(?:-?>|.*?(?:--!?>|\Z))|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<![a-zA-Z][^>]*>|"   # a browser makes
                    r"</?[a-zA-Z][^<>]*>)+", re.S | re.I)     # them comments or drops them (</x>, <td> in a paragraph)
URL_START = re.compile(r"(?<![<\w./:])(?:https?://|ftp://|www\.)", re.I)   # GFM's extended autolinks take
                                                                                  # $ and ` (<...> is CommonMark's)
CONTAINER = re.compile(r"^(?:\s{0,3}(?:>|[-*+]|\d{1,9}[.)])\s?)*")         # blockquote and list item marks
MATH_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})\s*math", re.M | re.I)        # GitHub's ```math display
HIDDEN_NOTE = re.compile(r" {0,3}\[//\]: +# +"
                         r"(?:\([^()\n]*\)|\"(?:[^\"\\\n]|\\[a-zA-Z])*\"|'(?:[^'\\\n]|\\[a-zA-Z])*') *")
                                         # a link definition to CommonMark and to marked (Jupyter) alike: shown nowhere
INNER_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})", re.M)       # a line that a renderer other than CommonMark may
                                                                # read as a fence's end (marked: ~~~` ends ~~~)
TABLE_RULE = re.compile(r"\s*(?:\|\s*)?:?-+:?\s*(?:\|\s*:?-+:?\s*)*(?:\|\s*)?")     # a GitHub table's second row


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
    apart = re.search(r"\\(?:begin|end)(?![a-zA-Z{])", text)
    if apart:               # MathJax reads \begin<wbr>{aligned} and \begin&nbsp;{...} as an environment
        raise DocumentError(f"line {line_of(text, apart.start())}: {apart.group(0)} not followed by its {{...}}, which "
                            f"a page may join to it (a <wbr>, an entity, a space); write {apart.group(0)}{{name}}")
    marker = JUPYTER_MARKER.search(html.unescape(re.sub(r"\\(?=[@\\])", "", text)))
    if marker:              # Jupyter puts its math back where its page shows @@n@@, whatever wrote it
        raise DocumentError(f"line {line_of(text, marker.start())}: text a page shows as {marker.group(0)}, where "
                            f"Jupyter puts math it took out elsewhere; write it otherwise")
    for entity in ENTITY.finditer(text):    # &#92;[ is \[ and \b&#101;gin is \begin once the page is HTML
        char = html.unescape(entity.group(0))
        if len(char) == 1 and char.isascii() and (char.isalnum() or char in "\\$^_{}[]()&%#~"):
            raise DocumentError(f"line {line_of(text, entity.start())}: {char!r} written as {entity.group(0)}, which "
                                f"the page reads as {char!r} before MathJax does; write the character itself")
    for run in JOINED.finditer(text):       # $<wbr>$ is $$ to MathJax
        made = next((t for t in MATH_TOKENS for k in range(1, len(t))
                     if text.endswith(t[:k], 0, run.start()) and text.startswith(t[k:], run.end())), None)
        if made:
            raise DocumentError(f"line {line_of(text, run.start())}: {made} made of parts that a tag or a comment "
                                f"keeps apart (<wbr>, <!-- -->, <?x?>, </x>), which MathJax may join; write {made} "
                                f"whole")
    footnote = next((t for t, line in enumerate(text.split("\n")) if FOOTNOTE.match(CONTAINER.sub("", line))), None)
    lines = text.split("\n")
    out, notes, quotes, covered = [""] * len(lines), {}, 0, set()
    tokens = MarkdownIt("commonmark").parse(text)
    code = {n for t in tokens if t.type in ("fence", "code_block") and t.map for n in range(*t.map)}
    defined = next((n for n, line in enumerate(lines) if n not in code and
                    re.match(r"(?:[ \t]*(?:>|[-*+]|\d+[.)]))*[ \t]*\[(?!//\])[^\]\n]*\]:.*\$", line)), None)
    if defined is not None:     # [^a]: $$...$$ (GitHub drops an unused footnote); [x]: $$...$$ (Jupyter: [x]: @@1@@ is
        raise DocumentError(f"line {defined + 1}: math on a footnote's or a link definition's line, which a page "  # a
                            f"drops or hides; set it in the text")                                               # link)
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
        inner = INNER_FENCE.search(token.content) if token.type == "fence" else None
        if inner and any(t in "\n".join(lines[start:]) for t in MATH_TOKENS):
            raise DocumentError(f"line {start + 1 + line_of(token.content, inner.start())}: "
                                f"a line inside a fence that starts as a fence does, which another renderer may read "
                                f"as the fence's end (and show the math after it); indent it, or fence with more marks")
        nested = token.level > 0 or token.type == "fence" and not re.match(r"[`~]", lines[start]) or \
            start > 0 and lines[start - 1].strip() != ""        # no blank line before: marked may start it elsewhere
        if nested and token.type in ("fence", "code_block", "html_block") and \
                any(t in token.content for t in MATH_TOKENS):   # marked (Jupyter) may end a list or quote elsewhere
            raise DocumentError(f"line {start + 1}: math in code or HTML inside a list or a quote, in an indented fence, "
                                f"or with no blank line before it, which Jupyter's Markdown may read as a paragraph "
                                f"and show; take it out, or set a blank line before the block")
        if token.type in ("fence", "code_block"):
            if not (token.type == "fence" and re.match(r"`{3}|~{3}", lines[start])):   # Jupyter keeps a fence at a
                _math_first([(token.content, False)], start)                           # line's start from its math
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
            _math_first([(raw, False)], start)
            continue                                    # shown as text, or not at all
        rows = raw.split("\n")
        if token.type in ("paragraph_open", "heading_open") and any(TABLE_RULE.fullmatch(v) for v in rows[1:]) \
                and any(t in raw for t in MATH_TOKENS):                # GitHub starts a table on any of its lines
            raise DocumentError(f"line {start + 1}: math in a table, whose cells GitHub splits at every |, in code "
                                f"spans too; set the math outside the table")
        url = _bare_url(raw) if token.type != "html_block" else None
        if url:
            raise DocumentError(f"line {start + 1}: a $ or a backtick in a bare address ({url}), which GitHub "
                                f"makes a link, with it; write the address in <...> or away from the math")
        spans, exposed, source = [], [], raw
        if token.type != "html_block":
            raw, spans, exposed = _code_spans(raw)
            _same_code(spans, tokens[number + 1], start)
        block, comments = _comments(raw, start, notes, token.type == "html_block")
        _math_first([(t, True) for t in exposed + comments], start)
        inside = next((m for m in re.finditer(r"\$\$.*?\$\$", block, re.S)
                       if ROW_NOTE.sub(lambda n: blank(n.group(0)), source[m.start():m.end()]) != m.group(0)), None)
        if inside:                          # Jupyter keeps a display whole, code span or comment and all (a row's
                                            # by: note at its end aside)
            raise DocumentError(f"line {start + line_of(block, inside.start())}: a code span or comment inside a $$ "
                                f"display, which Jupyter shows as part of the math; take it out of the display")
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
        dollars_pair(block, start)
    for number, line in enumerate(lines):     # no block's: link definitions (a footnote's text, to GitHub)
        if number in covered:
            continue
        if FOOTNOTE.match(line):
            out[number] = line
        elif re.match(r"\s{0,3}\[//\]:", line):
            if any(t in line for t in MATH_TOKENS) and not HIDDEN_NOTE.fullmatch(line):
                raise DocumentError(f"line {number + 1}: math in a [//]: line that not every renderer reads as a "
                                    f"link definition (Jupyter's shows it); write it as [//]: # (...), with spaces "
                                    f"and no parentheses or backslashes in (...)")
            _math_first([(line, False)], number)
        elif any(t in line for t in MATH_TOKENS) or MATH_FENCE.match(CONTAINER.sub("", line)):
            raise DocumentError(f"line {number + 1}: math in a line that CommonMark reads as a link definition "
                                f"(GitHub may show it as a footnote's text); set it in a paragraph")
    jupyter_displays(text, lines, out)
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


def _math_first(hidden, start):
    """A DocumentError for text derive does not read (a code span Jupyter does not keep from its math, a comment, a
    code or HTML block, a link definition) that Jupyter, which takes math out before it reads Markdown, pairs with
    math outside it: an odd number of $$ or of $ in it, or a $ in a code span or comment over several lines (a
    backtick or <!-- in math, or a $$ in a comment, shifts the displays Jupyter sees)."""
    for text, lines in hidden:
        if _odd(text) or lines and "$" in text and "\n" in text.strip():
            raise DocumentError(f"line {start + 1}: $ or $$ that derive does not read (in a code span, a comment, a "
                                f"code or HTML block, a link definition) and Jupyter pairs with math outside it; "
                                f"keep them apart")


def _odd(text):
    """text holds an odd number of $$, or of $ besides them."""
    return text.count("$$") % 2 or text.replace("$$", "").count("$") % 2


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
    """(raw with its code spans blank, their texts, the texts of those Jupyter does not keep from its math: over
    several lines, or after a backslash) (CommonMark: a run of n backticks to the next run of exactly n; outside
    a span a backslash escapes a punctuation character, a backtick too)."""
    out, t, spans, exposed = list(raw), 0, [], []
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
            out[t:close.end()] = blank(raw[t:close.end()])
            spans.append(raw[t + n:close.start()])
            if raw[t - 1:t] == "\\" or "\n" in spans[-1]:
                exposed.append(spans[-1])
            t = close.end()
        else:
            t += n
    return "".join(out), spans, exposed


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
        return blank(m.group(0))
    return COMMENT.sub(note, raw), found


def _bare_url(text):
    """The first bare address (www., http://, https://, ftp://, not after <, a letter, digit, _, ., / or :) that
    runs on to a $ or a backtick before a space or <, up to its last one; or None. Found run by run of such
    characters (one pattern that scanned the run again from every start took time quadratic in a run of addresses)."""
    for run in re.finditer(r"[^\s<]+", text):
        last = max(run.group(0).rfind("$"), run.group(0).rfind("`"))
        found = URL_START.search(text, run.start(), run.start() + last) if last >= 0 else None
        if found:
            return text[found.start():run.start() + last + 1]
    return None
