"""What a reader of a document sees as math: the rest is blanked, line for line, before derive reads
the displays. A construct whose rendering derive cannot tell (a conditional inside a macro, a
command the document defines and a display uses) is a DocumentError, never a guess.

Markdown is read as CommonMark blocks (markdown-it-py); LaTeX by TeX's rules for comments,
verbatim text and conditionals, as far as a reader of the source can follow them.
"""
import re

DISPLAYS = r"equation\*?|align\*?|flalign\*?|alignat\*?|gather\*?|multline\*?|eqnarray\*?|displaymath"
MD_BLOCKS = ("paragraph_open", "heading_open", "html_block", "fence", "code_block")
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
INLINE_HTML = re.compile(r"<!--.*?-->|<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*>|</?[a-zA-Z][a-zA-Z0-9-]*"
                         r"(?:\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>", re.S)
ESCAPED_DOLLAR = re.compile(r"(?:\\\$|&dollar;|&#0*36;|&#[xX]0*24;)\s*(?:\$|\\\$|&dollar;|&#0*36;|&#[xX]0*24;)|"
                            r"\$\s*(?:\\\$|&dollar;|&#0*36;|&#[xX]0*24;)")
FOOTNOTE = re.compile(r"\s{0,3}\[\^[^\]]+\]:")       # GitHub shows a footnote's text (CommonMark: a link reference)
COMMENT = re.compile(r"<!--(.*?)(-->|\Z)", re.S)
UNTYPESET = r"verbatim\*?|[BL]?Verbatim\*?|lstlisting|minted|comment|filecontents\*?"   # never typeset as math
ARGUMENT = r"\s*(?:\{(?:[^{}\n]|\{[^{}\n]*\})*\}|([^a-zA-Z\s{}*])[^\n]*?\5)"   # {...} or |...|, read verbatim
VERBATIM = re.compile(r"^((?:\\.|[^\\%\n])*?)(\\begin\{(" + UNTYPESET + r")\}.*?\\end\{\3\}|"
                      r"\\(?:verb|Verb|spverb|lstinline)\*?(?:\[[^\]\n]*\])?\s*([^a-zA-Z\s*{}\[])[^\n]*?\4|"
                      r"\\(?:url|path|href|nolinkurl|lstinline(?:\[[^\]\n]*\])?|mint(?:inline)?\{[^{}\n]*\})" + ARGUMENT + ")",
                      re.M | re.S)
CONDITIONAL = re.compile(r"\\\\|\\[{}]|\\(if(?!f(?![a-zA-Z]))[a-zA-Z]*|else|fi)(?![a-zA-Z])|[{}]")    # \iff is no \if
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])*\$|\\\(.*?\\\)", re.S)
NAME = r"\\([a-zA-Z]+|[^a-zA-Z\s])"
DEFINITION = re.compile(r"\\(?:(?:re)?newcommand|providecommand|DeclareRobustCommand|DeclareMathOperator|"
                        r"(?:New|Renew|Provide|Declare)(?:Expandable)?DocumentCommand)\*?\s*\{?\s*" + NAME +
                        r"|\\[gex]?def\s*" + NAME + r"|\\let\s*" + NAME + r"\s*=?\s*(\\(?:if[a-zA-Z]*|fi|else))?|"
                        r"\\(?:(?:re)?newenvironment|(?:New|Renew|Provide|Declare)DocumentEnvironment|(?:New|Renew)Environ|"
                        r"(?:exclude|include|special|process)comment)\*?\s*\{([a-zA-Z*]+)\}")
RESERVED = {"begin", "end", "verb", "url", "path", "href", "lstinline", "iffalse", "iftrue", "fi", "else", "input",
            "include", "endinput", "document", "enddocument", "comment", "endcomment", "verbatim", "endverbatim",
            "text", "textrm", "mbox", "label", "tag", "nonumber", "notag", "quad", "qquad", "displaystyle"}
PROGRAMMING = re.compile(r"\\(catcode|mathcode|delcode|mathchardef|chardef|countdef|every(?:display|math|hbox|vbox|par)|"
                         r"csname|expandafter|unless|ifthenelse|scantokens|futurelet|afterassignment|aftergroup|"
                         r"makeatletter|ExplSyntaxOn|(?:New|Renew|Declare)CommandCopy|LetLtxMacro|"
                         r"DeclareMath(?:Symbol|Delimiter|Accent|Radical|Alphabet|Version|SymbolFont)|"
                         r"DeclareUnicodeCharacter|newunicodechar|setbox|sbox|savebox|bgroup|"
                         r"(?:text|page)?color|colorbox|input|include|InputIfFileExists|subfile|import)(?![a-zA-Z])|"
                         r"\\begin\{lrbox\}")


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
    an HTML comment is a note and is blank, and an unclosed one in an HTML block hides the rest of
    that block."""
    from markdown_it import MarkdownIt
    lines = text.split("\n")
    out, notes, quotes, covered = [""] * len(lines), {}, 0, set()
    for token in MarkdownIt("commonmark").parse(text):
        quotes += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type not in MD_BLOCKS or token.map is None:
            continue
        start, end = token.map
        covered.update(range(start, end))
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
        if token.type == "html_block" and re.match(r"\s*<(pre|script|style|textarea)\b", raw, re.I):
            continue                                    # shown as text, or not at all
        if token.type != "html_block":
            raw = _code_spans(raw)
        block = _comments(raw, start, notes, token.type == "html_block")
        out[start:end] = block.split("\n")
        if ESCAPED_DOLLAR.search(block):
            raise DocumentError(f"line {start + 1}: a $ written as \\$ or &dollar; beside another: a renderer that "
                                f"typesets math after Markdown would show a display derive cannot see; write $$ for "
                                f"math, or put the text in a code span")
        if block.count("$$") % 2:
            raise DocumentError(f"line {start + 1}: a $$ display that this block does not close (a blank line, a "
                                f"heading's underline or another block cuts it): GitHub would show it as text")
    for number, line in enumerate(lines):
        if number not in covered and FOOTNOTE.match(line):
            out[number] = line
    return out, notes


def _code_spans(raw):
    """raw with its code spans blank (CommonMark: a run of n backticks to the next run of exactly n;
    outside a span a backslash escapes a punctuation character, a backtick too)."""
    out, t = list(raw), 0
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
        line = start + line_of(raw, m.start())
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
            raise DocumentError(f"line {line_of(code, m.start())}: derive cannot tell what \\{name} inside a group or "
                                f"a macro's definition leaves typeset; delete it or the text it would hide")
        if name == "iffalse":
            stack.append(name)
            hidden = m.start()
        elif name == "iftrue":
            stack.append(name)
            out[m.start():m.end()] = _blank(token)
        elif name.startswith("if"):
            raise DocumentError(f"line {line_of(code, m.start())}: derive cannot tell which branch of \\{name} TeX "
                                f"typesets; keep the text you mean and delete the conditional")
        elif not stack:
            raise DocumentError(f"line {line_of(code, m.start())}: \\{name} closes no \\iffalse or \\iftrue")
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
        command = m.group(1) or m.group(2) or m.group(3)
        if m.group(4) or command and (command in RESERVED or command.startswith(("if", "end"))):
            raise DocumentError(f"line {line_of(code, m.start())}: the document redefines what derive reads as "
                                f"LaTeX's own ({m.group(0).strip()}); delete the definition")
        if command == "sgn" and m.group(0).startswith("\\DeclareMathOperator") and \
                re.match(r"\s*\}\s*\{\s*sgn\s*\}", code[m.end():]):
            continue                        # \sgn as derive reads it
        out["\\" + command if command else m.group(5)] = line_of(code, m.start())
    return out


def body(code, environments=()):
    """The comment-free code with what LaTeX never typesets blank: the preamble (before
    \\begin{document}, when there is one) and everything after the \\end{document} (or \\endinput)
    that stands outside every group. A display inside a command's argument, or inside an
    environment the document defines, is a DocumentError, for the command may hide or change it (a
    bare group, such as {\\small ...}, is not), and so are rows set in inline math."""
    depth, top = 0, []
    for m in re.finditer(r"\\[\\{}]|[{}]|\\end\{document\}|\\endinput(?![a-zA-Z])", code):
        depth += {"{": 1, "}": -1}.get(m.group(0), 0)
        if depth == 0 and m.group(0).startswith("\\end"):
            top.append(m.start())
    start = code.find("\\begin{document}")
    end = top[0] if top else len(code)
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
            groups.append(bool(re.search(r"(\\[a-zA-Z]+|[]}])\s*$", out[max(0, m.start() - 200):m.start()])))
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
