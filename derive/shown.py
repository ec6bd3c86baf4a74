"""What a reader of a document sees as math: the rest is blanked, line for line, before derive reads
the displays. A construct whose rendering derive cannot tell (a conditional inside a macro, a
command the document defines and a display uses) is a DocumentError, never a guess.

Markdown is read as CommonMark blocks (markdown-it-py); LaTeX by TeX's rules for comments,
verbatim text and conditionals, as far as a reader of the source can follow them.
"""
import re

MD_BLOCKS = ("paragraph_open", "heading_open", "html_block", "fence", "code_block")
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
COMMENT = re.compile(r"<!--(.*?)(-->|\Z)", re.S)
UNTYPESET = r"verbatim\*?|lstlisting|minted|comment"        # environments whose text is never math
VERBATIM = re.compile(r"^((?:\\.|[^\\%\n])*?)(\\begin\{(" + UNTYPESET + r")\}.*?\\end\{\3\}|"
                      r"\\verb\*?([^a-zA-Z\s*]).*?\4|\\(?:url|href)\{[^{}\n]*\})", re.M | re.S)
CONDITIONAL = re.compile(r"\\\\|\\[{}]|\\(if[a-zA-Z]*|else|fi)(?![a-zA-Z])|[{}]")
DEFINITION = re.compile(r"\\(?:(?:re)?newcommand|providecommand|DeclareRobustCommand|DeclareMathOperator)\*?\s*\{?\s*"
                        r"\\([a-zA-Z]+)|\\[gex]?def\s*\\([a-zA-Z]+)|\\let\s*\\([a-zA-Z]+)|"
                        r"\\(?:re)?newenvironment\*?\s*\{([a-zA-Z*]+)\}")


class DocumentError(ValueError):
    """A file that cannot be read as a derivation (reported with its line)."""


def _blank(s):
    return "".join(c if c == "\n" else " " for c in s)


def _line(text, at):
    return text.count("\n", 0, at) + 1


# --- Markdown ------------------------------------------------------------------------------
def markdown(text):
    """(the lines, {line: note}) of a Markdown text as a reader sees it: a ```math fence becomes a
    $$ display (GitHub shows it as one); other fenced or indented code, code spans and the lines of
    no block (the `[//]: # (...)` idiom) and <pre>, <script>, <style> and <textarea> blocks are blank;
    an HTML comment is a note and is blank, and an unclosed one in an HTML block hides the rest of
    that block."""
    from markdown_it import MarkdownIt
    lines = text.split("\n")
    out, notes, quotes = [""] * len(lines), {}, 0
    for token in MarkdownIt("commonmark").parse(text):
        quotes += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type not in MD_BLOCKS or token.map is None:
            continue
        start, end = token.map
        if token.type in ("fence", "code_block"):
            if token.type == "fence" and token.info.split()[:1] == ["math"]:
                if "$$" in token.content:
                    raise DocumentError(f"line {start + 1}: a math fence holds $$, which it shows as text; "
                                        f"write the formula alone in the fence")
                block = ["$$", *token.content.split("\n")[:-1], "$$"]
                if len(block) > end - start:            # a fence that runs to the end of the file
                    block[-2:] = [block[-2] + " $$"]
                out[start:start + len(block)] = block
            continue
        raw = "\n".join(re.sub(r"^(\s{0,3}>\s?){0,%d}" % quotes, "", line) for line in lines[start:end])
        if token.type == "html_block" and re.match(r"\s*<(pre|script|style|textarea)\b", raw, re.I):
            continue                                    # shown as text, or not at all
        if token.type != "html_block":
            raw = _code_spans(raw)
        out[start:end] = _comments(raw, start, notes, token.type == "html_block").split("\n")
    return out, notes


def _code_spans(raw):
    """raw with its code spans blank (CommonMark: a run of n backticks to the next run of exactly n;
    outside a span a backslash escapes a punctuation character, a backtick too)."""
    out, t = list(raw), 0
    while t < len(raw):
        if raw[t] == "\\" and t + 1 < len(raw) and raw[t + 1] in PUNCTUATION:
            t += 2
            continue
        if raw[t] != "`":
            t += 1
            continue
        n = len(raw[t:]) - len(raw[t:].lstrip("`"))
        close = re.compile(r"(?<!`)`{%d}(?!`)" % n).search(raw, t + n)
        if close:
            out[t:close.end()] = _blank(raw[t:close.end()])
            t = close.end()
        else:
            t += n
    return "".join(out)


def _comments(raw, start, notes, html):
    """raw with its HTML comments blank, each kept as the note of its first line. In a paragraph a
    comment is not escaped (\\<!--) and closes in the paragraph; in an HTML block an unclosed one
    runs to the block's end."""
    def note(m):
        if not html and (not m.group(2) or re.search(r"(?<!\\)(\\\\)*\\$", raw[:m.start()])):
            return m.group(0)
        line = start + _line(raw, m.start())
        if m.group(2):
            if line in notes:
                raise DocumentError(f"line {line}: two notes on one line; write one note a line")
            notes[line] = " ".join(m.group(1).split())
        return _blank(m.group(0))
    return COMMENT.sub(note, raw)


# --- LaTeX ---------------------------------------------------------------------------------
def latex(text):
    """The LaTeX text with what is never typeset as math blank: verbatim, listings and comment
    environments, \\verb|...|, and the argument of \\url and \\href (whose % is no comment), unless
    a % comment holds them."""
    previous = None
    while previous != text:         # each pass blanks the first of each line; a line may hold more
        previous, text = text, VERBATIM.sub(lambda m: m.group(1) + _blank(m.group(2)), text)
    return text


def conditionals(code):
    """The comment-free LaTeX code with what \\iffalse hides blank (to its \\else or its \\fi, nested
    conditionals counted, as TeX skips) and \\iftrue's \\else branch blank. A conditional in a group
    or a macro's definition, or one whose branch depends on the document (\\ifx, \\ifdraft), is a
    DocumentError: derive cannot tell what TeX typesets."""
    body = code.find("\\begin{document}")
    out, depth, stack, hidden, nest = list(code), 0, [], None, 0
    for m in CONDITIONAL.finditer(code, max(body, 0)):
        token, name = m.group(0), m.group(1)
        if name is None:
            if hidden is None and token in "{}":
                depth += 1 if token == "{" else -1
            continue
        if hidden is not None:              # skipped text: only the nesting of conditionals counts
            if name.startswith("if"):
                nest += 1
            elif name == "fi" and nest:
                nest -= 1
            elif not nest:
                out[hidden:m.end()] = _blank(code[hidden:m.end()])
                hidden = None
                if name == "fi":
                    stack.pop()
            continue
        if depth > 0:
            raise DocumentError(f"line {_line(code, m.start())}: derive cannot tell what \\{name} inside a group or "
                                f"a macro's definition leaves typeset; delete it or the text it would hide")
        if name == "iffalse":
            stack.append(name)
            hidden = m.start()
        elif name == "iftrue":
            stack.append(name)
            out[m.start():m.end()] = _blank(token)
        elif name.startswith("if"):
            raise DocumentError(f"line {_line(code, m.start())}: derive cannot tell which branch of \\{name} TeX "
                                f"typesets; keep the text you mean and delete the conditional")
        elif not stack:
            raise DocumentError(f"line {_line(code, m.start())}: \\{name} closes no \\iffalse or \\iftrue")
        elif name == "else":
            hidden = m.start()              # the else branch of \iftrue
        else:
            stack.pop()
            out[m.start():m.end()] = _blank(token)
    if hidden is not None:
        out[hidden:] = _blank(code[hidden:])
    return "".join(out)


def definitions(code):
    """{name: line} of the commands and environments the document (re)defines (\\newcommand,
    \\def, \\let, \\newenvironment, ...): a display that uses one is not in derive's notation."""
    out = {}
    for m in DEFINITION.finditer(code):
        command = m.group(1) or m.group(2) or m.group(3)
        out["\\" + command if command else m.group(4)] = _line(code, m.start())
    return out
