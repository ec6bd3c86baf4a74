"""LaTeX as TeX reads it, as far as a reader of the source can follow: comments, verbatim text, where the
document starts and ends, and the displays in an argument or an option (its conditionals: conditionals.py; its
inline math: inline.py; what it defines: definitions.py)."""
import re
from bisect import bisect

from .common import DISPLAYS, MATH_TOKENS, DocumentError, blank, line_of

UNTYPESET = r"verbatim\*?|[BL]?Verbatim\*?|lstlisting|minted|comment|filecontents\*?"   # never typeset as math
ARGUMENT = r"\s*(?:\{(?:[^{}\n]|\{[^{}\n]*\})*\}|([^a-zA-Z\s{}*])[^\n]*?\5)"   # {...} or |...|, read verbatim
VERBATIM = re.compile(r"^((?:\\.|[^\\%\n])*?)(\\begin\{(" + UNTYPESET + r")\}.*?\\end\{\3\}|"
                      r"\\(?:verb\*?|(?:Verb|spverb|lstinline)\*?(?:\s*\[[^\]\n]*\])?)\s*([^a-zA-Z\s*{}])[^\n]*?\4|"
                      r"\\(?:url|path(?=\s*[{|]|[^a-zA-Z\s(\[{])|href|nolinkurl|lstinline(?:\s*\[[^\]\n]*\])?|"
                      r"mint(?:inline)?(?:\s*\[[^\]\n]*\])?\s*\{[^{}\n]*\})"
                      + ARGUMENT + ")",                    # TikZ's \path (0,0), [draw], node ... is no url
                      re.M | re.S)
UNREAD_VERBATIM = re.compile(r"\\(?:verb|Verb|spverb|lstinline|url|path|nolinkurl|href|mintinline|mint)(?![a-zA-Z])")
ESCAPES = re.compile(r"(?<![a-zA-Z])(mathescape|escapeinside|escapechar|escapebegin|escapeend|texcl|commandchars|"
                     r"codes|texcomments|literate|formatcom)\s*[=,\]}]")   # listings that typeset LaTeX, math too
DISPLAY_SPAN = re.compile(r"\\\[(?:(?!\\\[).)*?\\\]|\\begin\{(" + DISPLAYS + r")\}(?:(?!\\begin\{\1\}).)*?\\end\{\1\}",
                          re.S)     # \[...\], equation, ... (each to the next opening of its kind at most: linear)


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
