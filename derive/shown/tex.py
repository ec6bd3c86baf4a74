"""LaTeX as TeX reads it, as far as a reader of the source can follow: comments, verbatim text,
conditionals, where the document starts and ends, and inline math (what it defines: definitions.py)."""
import re
from bisect import bisect

from .common import DISPLAY_NAMES, DISPLAYS, MATH_TOKENS, UNREAD, DocumentError, blank, line_of

UNTYPESET = r"verbatim\*?|[BL]?Verbatim\*?|lstlisting|minted|comment|filecontents\*?"   # never typeset as math
ARGUMENT = r"\s*(?:\{(?:[^{}\n]|\{[^{}\n]*\})*\}|([^a-zA-Z\s{}*])[^\n]*?\5)"   # {...} or |...|, read verbatim
VERBATIM = re.compile(r"^((?:\\.|[^\\%\n])*?)(\\begin\{(" + UNTYPESET + r")\}.*?\\end\{\3\}|"
                      r"\\(?:verb\*?|(?:Verb|spverb|lstinline)\*?(?:\s*\[[^\]\n]*\])?)\s*([^a-zA-Z\s*{}])[^\n]*?\4|"
                      r"\\(?:url|path(?=\s*[{|]|[^a-zA-Z\s(\[{])|href|nolinkurl|lstinline(?:\s*\[[^\]\n]*\])?|"
                      r"mint(?:inline)?(?:\s*\[[^\]\n]*\])?\s*\{[^{}\n]*\})"
                      + ARGUMENT + ")",                    # TikZ's \path (0,0), [draw], node ... is no url
                      re.M | re.S)
UNREAD_VERBATIM = re.compile(r"\\(?:verb|Verb|spverb|lstinline|url|path|nolinkurl|href|mintinline|mint)(?![a-zA-Z])")
CONDITIONAL = re.compile(r"\\\\|\\[{}]|\\(if(?!f(?![a-zA-Z]))[a-zA-Z]*|else|fi)(?![a-zA-Z])|[{}]")    # \iff is no \if
PRIMITIVE_IFS = {"if", "ifcat", "ifnum", "ifdim", "ifodd", "ifvmode", "ifhmode", "ifmmode", "ifinner", "ifvoid",
                 "ifhbox", "ifvbox", "ifx", "ifeof", "iftrue", "iffalse", "ifcase", "ifdefined", "ifcsname",
                 "iffontchar", "ifincsname", "ifpdfprimitive", "ifpdfabsnum", "ifpdfabsdim"}  # TeX, e-TeX, pdfTeX
ESCAPES = re.compile(r"(?<![a-zA-Z])(mathescape|escapeinside|escapechar|escapebegin|escapeend|texcl|commandchars|"
                     r"codes|texcomments|literate|formatcom)\s*[=,\]}]")   # listings that typeset LaTeX, math too
SHIFT = re.compile(r"\$\$?|\\[()]|\\(?:begin|end)\s*\{math\}")      # TeX's math shifts, as LaTeX spells them
MATH_ENVIRONMENTS = r"(?:[pbBvV]|small)?matrix\*?\}|cases\}|subarray\}|array\}\{[lcr|\s]*\}"   # what inline math
                                                                  # may hold (an array's p column holds paragraphs)
DISPLAY_SPAN = re.compile(r"\\\[.*?\\\]|\\begin\{(" + DISPLAYS + r")\}.*?\\end\{\1\}", re.S)     # \[...\], equation, ...
def _typeset_options(rest):
    """A verbatim environment's [options] (after \\begin{name}) that TeX may typeset as math or skip by a
    conditional (title=, caption=, label= with \\[...\\] or $$), or that do not end on its line (its
    reader takes them on the next line too)."""
    line, _, following = rest.partition("\n")
    if not line.strip():
        return following.lstrip().startswith("[")
    line = line.lstrip()
    if not line.startswith("["):
        return False
    depth, braces = 0, 0
    for at, c in enumerate(line):
        braces += {"{": 1, "}": -1}.get(c, 0)
        depth += {"[": 1, "]": -1}.get(c, 0) if braces == 0 else 0
        if depth == 0:
            return bool(re.search(r"\$|\\[][()]|\\(?:begin|end|if[a-zA-Z]*|fi|else)(?![a-zA-Z])", line[:at]))
    return True


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
    displays = [m.span() for m in re.finditer(r"\$\$.*?\$\$|" + DISPLAY_SPAN.pattern, text, re.S)]
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
            nested = None if m.group(3) or not re.match(r"\\(?:lstinline|mint)", m.group(2)) else \
                re.search(r"\{((?:[^{}\n]|\{[^{}\n]*\})*)\}$", m.group(2))     # (\url counts its braces, as derive)
            if nested and re.search(r"[{}]", nested.group(1)):
                raise DocumentError(f"line {line_of(previous, m.start(2))}: a brace inside a verbatim command's braced "
                                    f"argument, where packages end it differently (\\lstinline{{ at the first }}, "
                                    f"fvextra counting \\{{ too); delimit it with | instead")
            if re.fullmatch(r"[BL]?Verbatim\*?|lstlisting|minted", m.group(3) or "") and \
                    _typeset_options(m.group(2)[len(m.group(3)) + 8:]):
                raise DocumentError(f"line {line_of(previous, m.start(2))}: math, a conditional or options derive "
                                    f"cannot read to their end after \\begin{{{m.group(3)}}}, whose title, caption "
                                    f"or label TeX typesets; write its options on its line, without them")
            if m.group(3) and after.strip() and not after.lstrip().startswith("%"):
                raise DocumentError(f"line {line_of(previous, m.end())}: text after \\end{{{m.group(3)}}} on its "
                                    f"line, which TeX drops or typesets by the package; start it on a line of its own")
        text = VERBATIM.sub(lambda m: m.group(1) + blank(m.group(2)), previous)
    for m in UNREAD_VERBATIM.finditer(text):      # a verbatim command derive did not read: its argument unknown
        if re.search(r"(?<!\\)(?:\\\\)*%", text[text.rfind("\n", 0, m.start()) + 1:m.start()]):
            continue                                # in a comment
        rest = re.split(r"(?<!\\)%", text[m.end():].split("\n", 1)[0], maxsplit=1)[0]
        if re.search(r"\\(?:if[a-zA-Z]*|fi|else|begin|end)(?![a-zA-Z])|\\[][()]|\$", rest):
            raise DocumentError(f"line {line_of(text, m.start())}: derive cannot tell where the argument of "
                                f"{m.group(0)} ends, and a conditional or math (a $ too: it shifts how TeX pairs the "
                                f"rest) follows it on its line; set them apart")
    shown = next((start for start, _ in inline if any(a < start < b for a, b in displays)), None)
    if shown is not None:
        raise DocumentError(f"line {line_of(text, shown)}: a verbatim command inside a display, which TeX typesets "
                            f"there as text; take it out of the display")
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
        out[start:end] = blank(code[start:end])

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
            out[m.start():m.end()] = blank(token)
        elif name.startswith("if"):
            raise DocumentError(f"line {line_of(code, m.start())}: derive cannot tell which branch of \\{name} TeX "
                                f"typesets; keep the text you mean and delete the conditional")
        elif not stack:
            raise DocumentError(f"line {line_of(code, m.start())}: \\{name} closes no \\iffalse or \\iftrue")
        elif name == "fi":
            stack.pop()
            out[m.start():m.end()] = blank(token)
        elif stack[-1] == "true":
            hidden = m.start()              # the else branch of \iftrue
        else:
            raise DocumentError(f"line {line_of(code, m.start())}: a second \\else in one conditional: TeX stops with "
                                f"an error there; delete it")
    if hidden is not None:
        raise DocumentError(f"line {line_of(code, hidden)}: no \\fi closes the text this conditional skips, "
                            f"so TeX stops with an error there; close it with \\fi")
    return "".join(out)


def _an_argument(code, at):
    """The group opening at `at` may be a command's argument: within nine tokens before it (characters or groups,
    spaces skipped: a macro takes up to nine arguments), a command, or a ], ) or > that ends an option or an
    overlay (\\hide x{...}, TikZ's node at (0,0) {...}, beamer's \\only<2>{...}). A bare group ({\\small ...})
    follows text farther from any command, or math."""
    t, tokens = at, 0
    while t > 0 and tokens < 9:
        t -= 1
        c = code[t]
        if c.isspace():
            continue
        if c in "])>":
            return True
        if c == "$":                                # math before it: prose, no argument chain
            return False
        word = re.search(r"\\[a-zA-Z]+$", code[max(0, t - 60):t + 1])
        if word:
            return True
        if c == "}":                                # a group: to its opening brace
            depth = 0
            while t >= 0:
                depth += {"}": 1, "{": -1}.get(code[t], 0) if code[t - 1:t] != "\\" else 0
                if depth == 0:
                    break
                t -= 1
        tokens += 1
    return False


def inline_math(code):
    """The LaTeX code with its inline math blank outside displays, its math shifts paired as TeX pairs them:
    outside math $$ opens a display, and $, \\( or \\begin{math} inline math, which the next $, \\) or
    \\end{math} of its group closes (so $p$$x$$q$ is three inline formulas, no display, and $a\\) closes); a $
    in a group inside inline math (\\text{ if $x$ }) opens math of its own. A DocumentError where derive's
    pairing may not be TeX's, or where the blanked math may hold a display: a shift that closes or opens
    nothing, a $ that a group closes before its math ends (TeX does not read a $ in a column spec, \\label or
    \\typeout as math), $$ in a group inside inline math (a display in a box), and inline math holding a
    display, an environment other than a matrix's, or steps."""
    out, t, opened, depth = list(code), 0, [], 0      # opened: (start, group depth) of each math open, outermost first
    while t < len(code):
        display = not opened and DISPLAY_SPAN.match(code, t)
        if display:
            t = display.end()
            continue
        shift = SHIFT.match(code, t)
        if shift:
            token, here = shift.group(0), opened and opened[-1][1] == depth
            if token[0] == "$" and here or token[1:2] == ")" or token.startswith("\\end"):
                if not here:
                    raise DocumentError(f"line {line_of(code, t)}: {token} where no inline math of its group is open, "
                                        f"so derive cannot tell where the math ends; pair it within its group")
                start, end = opened.pop()[0], t + (1 if token[0] == "$" else len(token))
                if not opened:
                    _no_display(code, start, code[start:end])
                    out[start:end] = blank(code[start:end])
                t = end
                continue
            if here or token == "$$" and opened:
                raise DocumentError(f"line {line_of(code, t)}: {token} inside inline math (a display in a box, or math "
                                    f"opened twice), which TeX may typeset as derive does not read it; set it apart")
            if token == "$$":                           # a display: to its $$ (a lone $ in it is TeX's error)
                close = code.find("$$", t + 2)
                t = len(code) if close < 0 else close + 2
                continue
            opened.append((t, depth))
            t += len(token)
            continue
        if code[t] == "\\":
            t += 2
            continue
        if code[t] in "{}":
            depth += 1 if code[t] == "{" else -1
            if opened and depth < opened[-1][1]:
                raise DocumentError(f"line {line_of(code, opened[-1][0])}: math opened inside a group that ends "
                                    f"before its math does, which TeX may not read as math (a $ in a column spec, "
                                    f"\\label, \\typeout); close the math inside the group, or write the $ as \\$")
        t += 1
    if opened:
        raise DocumentError(f"line {line_of(code, opened[0][0])}: inline math that nothing closes, so derive cannot "
                            f"tell where it ends; close it, or write a $ as \\$")
    return "".join(out)


def _no_display(code, at, math):
    """Inline math may hold no display (in a minipage or box, TeX shows it), no environment but a matrix's (a
    tabular's p column, a minipage: a paragraph that may start a display) and no steps (aligned, split, an array
    of equations, a chain a = b = c, an equation set as a display with \\displaystyle, a relation whose side stands
    elsewhere: ${}= 2x$ under a display reads as its next step)."""
    if re.search(r"\\begin\{(aligned|alignedat|split|gathered)\}", math):
        raise DocumentError(f"line {line_of(code, at)}: steps set in inline math ($...$) are not read: "
                            f"put them in a display")
    bare = re.sub(r"^(?:\$|\\\()|(?:\$|\\\))$|\{\}|\\(?:display|text)style(?![a-zA-Z])|\\q?quad(?![a-zA-Z])|\\[,;:! ]|~",
                  " ", math).strip()
    top = math                  # the relations at its top: not in a sum's bounds or a guard ([j = k])
    while re.search(r"\{[^{}]*\}|\[[^\[\]]*\]", top):
        top = re.sub(r"\{[^{}]*\}|\[[^\[\]]*\]", " ", top)
    step = bare.startswith("=") or bare.endswith("=") or top.count("=") > 1 or \
        "=" in math and re.search(r"\\displaystyle(?![a-zA-Z])|\\begin\{array\}.*\\\\", math, re.S)
    if step:
        raise DocumentError(f"line {line_of(code, at)}: inline math set as a step (a relation whose side stands "
                            f"elsewhere, as in $= 2x$, a chain a = b = c, \\displaystyle, rows of equations in an "
                            f"array), which derive does not check; set it in a display")
    shown = re.search(r"\\\[|\\begin\s*\{(?!" + MATH_ENVIRONMENTS + r")|\\(?:" + DISPLAY_NAMES + "|" + UNREAD +
                      r")(?![a-zA-Z])", math)
    if shown:
        raise DocumentError(f"line {line_of(code, at)}: a display or an environment inside inline math, which may "
                            f"typeset a display derive does not read as a step; set it on its own")


OPTION = r"\\(?!(?:left|right|[bB]igg?[lr]?)(?![a-zA-Z]))[a-zA-Z]+\*?\s*\[|(?<!\\)\]\s*\["   # \cmd[, ][: an option


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
    for m in re.finditer(r"\\[\\{}]|\\\[|\$\$|\\begin\{(?:" + DISPLAYS + r")\}", code[:max(start, 0)]):
        if m.group(0) not in ("\\\\", "\\{", "\\}"):   # \title{\[...\]}, [postheadhook=$$...$$]: set in the document
            raise DocumentError(f"line {line_of(code, m.start())}: a display in the preamble (in a command's argument "
                                f"or option), which the command may typeset in the document; set it after "
                                f"\\begin{{document}}")
    if top and code.startswith("\\endinput", end) and code[end + len("\\endinput"):].split("\n", 1)[0].strip():
        raise DocumentError(f"line {line_of(code, end)}: text after \\endinput on its line, which TeX still reads; "
                            f"start it on a line of its own or delete it")
    out = blank(code[:max(start, 0)]) + code[max(start, 0):end] + blank(code[end:])
    groups, inside = [], []     # for each open brace: is it a command's argument (after \name, } or ])? "[": an option
    opening = None              # where the [ of \begin{name}[...] stands
    for m in re.finditer(r"\\\\\*?(?:\s*\[[^\]\n]*\])?|\\[{}$]|\\\[|\$\$|\\(begin|end)\{([a-zA-Z*]+)\}|[{}]|" + OPTION +
                         r"|(?<!\\)[][]", out):
        token, name = m.group(0), m.group(2)
        if token.startswith("]"):
            groups = groups[:-1] if groups and groups[-1] == "[" else groups
        option = re.fullmatch(OPTION, token)
        if option or token == "[" and ("[" in groups or m.start() == opening or      # \note{x}[...], \note *[...]
                                       re.search(r"[}*]\s*$", out[max(0, m.start() - 80):m.start()])):
            groups.append("[")      # \section[...]{...}, \cmd[...], a [ inside one: TeX may set it elsewhere or nowhere
        if option or token in "[]":
            continue
        if m.group(1) == "begin" and re.match(r"\s*\[", out[m.end():]):
            opening = out.index("[", m.end())       # \begin{theorem}[...]
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
            groups.append(_an_argument(out, m.start()))
        elif token == "}":
            while groups and groups[-1] == "[":      # an option no ] closed in its group
                groups.pop()
            groups = groups[:-1]
        elif display and any(groups):
            raise DocumentError(f"line {line_of(out, m.start())}: a display inside a group, a command's argument or an "
                                f"option ([...]), which the command may hide, change or set elsewhere; set it on its own")
    return out
