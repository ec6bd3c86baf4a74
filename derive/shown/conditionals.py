"""TeX's conditionals as a reader of the source can follow them: what \\iffalse hides, which branch of
\\iftrue is read, and a conditional derive cannot decide (DocumentError)."""
import re

from .common import DocumentError, blank, line_of

CONDITIONAL = re.compile(r"\\\\|\\[{}]|\\(if(?!f(?![a-zA-Z]))[a-zA-Z]*|else|fi)(?![a-zA-Z])|[{}]")    # \iff is no \if
PRIMITIVE_IFS = {"if", "ifcat", "ifnum", "ifdim", "ifodd", "ifvmode", "ifhmode", "ifmmode", "ifinner", "ifvoid",
                 "ifhbox", "ifvbox", "ifx", "ifeof", "iftrue", "iffalse", "ifcase", "ifdefined", "ifcsname",
                 "iffontchar", "ifincsname", "ifpdfprimitive", "ifpdfabsnum", "ifpdfabsdim"}  # TeX, e-TeX, pdfTeX


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
