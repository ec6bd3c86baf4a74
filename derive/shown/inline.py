"""Inline math as TeX pairs its math shifts: what stands outside displays, blanked; inline math set as a step
of a derivation (DocumentError)."""
import re

from .common import DISPLAY_NAMES, UNREAD, DocumentError, blank, line_of
from .tex import DISPLAY_SPAN

SHIFT = re.compile(r"\$\$?|\\[()]|\\(?:begin|end)\s*\{math\}")      # TeX's math shifts, as LaTeX spells them
MATH_ENVIRONMENTS = r"(?:[pbBvV]|small)?matrix\*?\}|cases\}|subarray\}|array\}\{[lcr|\s]*\}"   # what inline math
                                                                  # may hold (an array's p column holds paragraphs)


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


MARKDOWN_SHIFT = re.compile(r"(?<!\\)\$\$|(?<!\\)\$|\\[()]|\n[ \t]*\n")   # MathJax's, and a paragraph's end
GITHUB_INLINE = re.compile(r"\$`([^`\n]*)`\$")                                     # GitHub's $`...`$


def markdown_steps(code, text):
    """A DocumentError for inline math of a Markdown page (code: what a reader sees, code spans blank; text: as
    written, for GitHub's $`...`$) set as a step, as _no_display reads it: `$= 2x$` after a display shows as its
    next row. One pass: $ and \\( open inline math in a paragraph, $$ a display (read as rows elsewhere)."""
    opened, display = None, False
    for m in MARKDOWN_SHIFT.finditer(code):
        token = m.group(0)
        if token == "$$" or not token.strip():          # a display opens or closes, a paragraph ends
            display, opened = display != (token == "$$"), None
        elif display:
            continue
        elif opened is None:
            opened = m.start() if token in ("$", "\\(") else None
        elif token == {"$": "$", "\\": "\\)"}[code[opened]]:     # its closer: $ for $, \) for \(
            _no_display(code, opened, code[opened:m.end()])
            opened = None
    for m in GITHUB_INLINE.finditer(text):
        _no_display(text, m.start(), "$" + m.group(1) + "$")


RELATION_NAMES = "ne|neq|not|le|leq|ge|geq|lt|gt|equiv|approx|sim|simeq|cong|propto|doteq|mathchar|[Rr]elbar|" \
                 "[Cc]olon(?:eqq?|approx|sim)|eqq?colon|Eqq?colon|triangleq|eqcirc|circeq|[bB]umpeq|doteqdot|Doteq|" \
                 "risingdotseq|fallingdotseq|thick(?:sim|approx)|backsim(?:eq)?|eqsim|approxeq|[lg]eqq|[lg]eqslant|" \
                 "eqslant(?:less|gtr)|lesssim|gtrsim|lessapprox|gtrapprox|ll|gg|lll|ggg|asymp|" \
                 "char|symbol|unicode|mmlToken|xlong[a-z]+"   # \\ne, \\Relbar, ..., and a glyph by its code: any, = too
SHOWN_AS_NOTHING = re.compile(r"\s+|[{}]|[_^]\s*\{\s*\}|\\(?:left|right|[Bb]igg?[lrm]?)\s*\.|"
                              r"\\(?:text[a-z]*|[mh]box|operatorname\*?)\s*\{\s*\}|"                  # empty text
                              r"\\(?:[hv]space\*?\s*\{[^{}]*\}|[hmv]?kern|[hmv]skip)\s*-?[\d.]*\s*[a-z]*|"   # spacing
                              r"\\(?!(?:" + r"|".join((                      # a command that shows no mark of its own
                                  "[a-zA-Z]*(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi|"
                                  "pi|rho|sigma|tau|upsilon|phi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|"
                                  "Upsilon|Phi|Psi|Omega)", "ell|nabla|partial|infty|sum|prod|coprod|o?i*int|big[a-z]+|"
                                  "[dtc]?frac|[dt]?binom|sqrt|arc[a-z]+|[a-z]*(?:sin|cos|tan|cot|sec|csc)h?|log|ln|lg|exp|"
                                  "min|max|sup|inf|lim[a-z]*|det|arg|dim|ker|deg|gcd|Pr|sgn|[lcvd]?dots|forall|n?exists|"
                                  "neg|lnot|emptyset|varnothing|top|bot|langle|[lr]vert|[lr]Vert|[lr]floor|[lr]ceil|"
                                  "imath|jmath|hbar|aleph|beth|Re|Im|wp|prime|star|ast|circ|bullet|times|cdot|pm|mp|div|"
                                  "cap|cup|wedge|vee|o[a-z]+|setminus|mid|parallel|perp|angle|triangle|square|Box|"
                                  "diamond|[a-z]+suit|flat|natural|sharp|checkmark|d?dagger|S|P|copyright|pounds|"
                                  "yen|euro|degree|mho|Bbbk|complement|to|gets|[lL]ong[a-z]*arrow|[a-zA-Z]*arrow[a-z]*",
                                  RELATION_NAMES,
                                  "text[a-z]*|mbox|operatorname\\*?\\s*\\{[^{}\\s]")) + r")(?![a-zA-Z]))"
                              r"(?:[a-zA-Z]+\*?|[^a-zA-Z|{}$%&#_])")    # or a sign of spacing (\, \> \!)
RELATION = re.compile(r"=|<|>|\\(?:" + RELATION_NAMES + r")(?![a-zA-Z])")   # as inline math may start with one
EQUALITY = re.compile(r"=|\\(?:ne|neq|not|equiv|approx|simeq|cong|doteq|mathchar)(?![a-zA-Z])")   # a chain's (not a
                                                                                                # range's: 1 <= j <= n)


def _unseen(math):
    """math with what the page shows as nothing before its first mark dropped: a phantom and what it holds, what
    stands over or under a relation (\\overset{}{=}, \\buildrel{}\\over{=}), braces, \\text{...}, \\mathrel{...} and kin,
    spacing (`${=}$`, `$\\phantom{x}=$` and `$\\mathrel{=}$` start with =)."""
    math = re.sub(r"^(?:\$|\\\()", "", math)
    while True:
        hidden = re.match(r"\s*\\(?:[hv]?phantom|overset|underset|stackrel)\s*\{", math)
        if hidden:                          # the group it takes (a phantom's, or what stands over or under its base)
            depth, t = 1, hidden.end()
            while depth and t < len(math):
                depth += {"{": 1, "}": -1}.get(math[t], 0)
                t += 2 if math[t] == "\\" else 1
            math = math[t:]
            continue
        wrapper = re.match(r"\s*\\(?:text[a-z]*|[mh]box|operatorname\*?|math(?:rm|bf|it|sf|tt|normal|rel|bin|op|ord))"
                           r"\s*\{", math)
        if wrapper:                         # \text{=} shows what it holds: its first mark is the formula's
            math = math[wrapper.end():]
            continue
        over = re.match(r"\s*\\buildrel(?![a-zA-Z]).*?\\over(?![a-zA-Z])", math, re.S)
        if over:                            # \buildrel top \over base
            math = math[over.end():]
            continue
        shown = SHOWN_AS_NOTHING.match(math)
        if not shown or not shown.group(0):
            return math
        math = math[shown.end():]


def _no_display(code, at, math):
    """Inline math may hold no display (in a minipage or box, TeX shows it), no environment but a matrix's (a
    tabular's p column, a minipage: a paragraph that may start a display) and no steps (aligned, split, an array
    of equations, a chain a = b = c, an equation set as a display with \\displaystyle, a relation whose side stands
    elsewhere: ${}= 2x$ under a display reads as its next step)."""
    if re.search(r"\\begin\{(aligned|alignedat|split|gathered)\}", math):
        raise DocumentError(f"line {line_of(code, at)}: steps set in inline math ($...$) are not read: "
                            f"put them in a display")
    bare = re.sub(r"^(?:\$|\\\()|(?:\$|\\\))$|\{\}|\\(?:display|text)style(?![a-zA-Z])|\\q?quad(?![a-zA-Z])|\\[,;:! ]|~",
                  " ", _unseen(math)).strip()
    top = re.sub(r"(?:\\math[a-z]+\s*)?\{\s*(" + RELATION.pattern + r")\s*\}", r" \1 ", math)    # {=}, \mathrel{=}
    while re.search(r"\{[^{}]*\}|\[[^\[\]]*\]", top):   # the relations at its top: not in a sum's bounds or a guard
        top = re.sub(r"\{[^{}]*\}|\[[^\[\]]*\]", " ", top)
    step = RELATION.match(bare) or re.search(r"(?:" + RELATION.pattern + r")\s*$", bare) or \
        len(EQUALITY.findall(top)) > 1 or \
        EQUALITY.search(math) and re.search(r"\\displaystyle(?![a-zA-Z])|\\begin\{array\}.*\\\\", math, re.S)
    if step:
        raise DocumentError(f"line {line_of(code, at)}: inline math set as a step (a relation whose side stands "
                            f"elsewhere, as in $= 2x$, a chain a = b = c, \\displaystyle, rows of equations in an "
                            f"array), which derive does not check; set it in a display")
    shown = re.search(r"\\\[|\\begin\s*\{(?!" + MATH_ENVIRONMENTS + r")|\\(?:" + DISPLAY_NAMES + "|" + UNREAD +
                      r")(?![a-zA-Z])", math)
    if shown:
        raise DocumentError(f"line {line_of(code, at)}: a display or an environment inside inline math, which may "
                            f"typeset a display derive does not read as a step; set it on its own")
