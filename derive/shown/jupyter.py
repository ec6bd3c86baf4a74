"""Markdown as Jupyter shows it: JupyterLab takes math out of the text before marked reads the Markdown
(removeMath, ported here), puts it back where the page shows @@n@@, and MathJax pairs $ and $$ on the page."""
import re
from bisect import bisect_left

from .common import DocumentError, blank, line_of

ROW_NOTE = re.compile(r"<!--\s*by\s*:[\w \t,.()'-]*-->(?=[ \t]*(?:\\\\)?[ \t]*(?:\n|\$\$))", re.I)    # a row's reason
JUPYTER_SPLIT = re.compile(r"(\$\$?|\\(?:[bB][eE][gG][iI][nN]|[eE][nN][dD])\{[a-zA-Z]*\*?\}|\\[{}$]|[{}]|"
                           r"(?:\n\s*)+|@@\d+@@|\\\\(?:\(|\)|\[|\])|`+)")   # JupyterLab's removeMath (its /i folds
                                                                        # ASCII alone): delimiters, braces, line breaks
JUPYTER_MARKER = re.compile(r"@@\d+@@")
JUPYTER_FENCE = re.compile(r"^(`{3,}|~{3,})[^`\n]*\n[\s\S]*?^\1`*$", re.M)      # the code whose $ it keeps


def jupyter_math(text):
    """[(start, end, delimiter)] of the math JupyterLab's removeMath takes out of a Markdown text before it reads
    the Markdown (its code spans and fences keep their $, nothing else): $$, $, \\\\[, \\\\( or \\begin{...} to the
    matching end in a paragraph, braces balanced; Jupyter shows it as math whole, whatever Markdown it holds."""
    masked = JUPYTER_FENCE.sub(lambda m: m.group(0).replace("$", "\0"), text)
    masked = "\n".join(_code_masked(line) for line in masked.split("\n"))
    blocks = JUPYTER_SPLIT.split(masked)
    at = [0]
    for block in blocks:
        at.append(at[-1] + len(block))
    spans, start, end, last, braces, i = [], None, None, None, 0, 1
    while i < len(blocks):
        block = blocks[i]
        if start is not None:
            if block == end:
                if braces:
                    last = i
                else:
                    spans.append((at[start], at[i + 1], blocks[start]))
                    start, end, last = None, None, None
            elif re.search(r"\n.*\n", block):
                if last is not None:
                    i = last
                    spans.append((at[start], at[i + 1], blocks[start]))
                start, end, last, braces = None, None, None, 0
            elif block == "{":
                braces += 1
            elif block == "}" and braces:
                braces -= 1
        elif block in ("$", "$$"):
            start, end, braces = i, block, 0
        elif block in ("\\\\(", "\\\\["):
            start, end, braces = i, "\\\\)" if block.endswith("(") else "\\\\]", 0
        elif block[1:6] == "begin":
            start, end, braces = i, "\\end" + block[6:], 0
        i += 2
    if start is not None and last is not None:
        spans.append((at[start], at[last + 1], blocks[start]))
    return spans


def jupyter_displays(text, lines, out):
    """A DocumentError for a display Jupyter shows whole (jupyter_math) of which derive reads part: a code span, a
    comment, a fence or an HTML block inside \\begin{align} ... \\end{align} is math to Jupyter, and the rows
    after it too (a row's <!-- by: ... --> at its end aside)."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for start, end, delimiter in jupyter_math(text):
        if delimiter in ("$", "\\\\("):             # inline math: prose, never read
            continue
        first, kept, lost = line_of(text, start) - 1, False, False
        for number in range(first, line_of(text, end) - 1 + 1):
            line, read = lines[number], out[number]
            lo, hi = max(start - starts[number], 0), min(end - starts[number], len(line))
            shift = len(line) - len(read)           # a blockquote's > marks, which derive's lines drop
            seen = ROW_NOTE.sub(lambda n: blank(n.group(0)), line + "\n")
            for c in range(lo, hi):
                if seen[c].isspace():
                    continue
                mine = read[c - shift] if 0 <= c - shift < len(read) else " "
                kept, lost = kept or mine == seen[c], lost or mine != seen[c]
        if kept and lost:
            raise DocumentError(f"line {first + 1}: a code span, comment or block inside a display, which Jupyter "
                                f"shows as part of the math; take it out of the display")


def dollars_pair(block, start):
    """A DocumentError where MathJax may pair the block's $ and $$ otherwise than derive: a run of three or more, or
    a $$ while inline math ($...$, or \\(...\\) as the page shows \\(...\\)) is open (MathJax ends $n$ at the
    first $ of $$, and a display starts one $ later)."""
    inline, display, paren = False, False, False
    for m in re.finditer(r"\\\\[()]|(?<!\\)\$+", block):
        if m.group(0).startswith("\\"):
            paren = not display and m.group(0).endswith("(") or display and paren
            continue
        run = len(m.group(0))
        if run > 2 or run == 2 and (inline or paren):
            raise DocumentError(f"line {start + line_of(block, m.start())}: {m.group(0)} where MathJax may pair $ and "
                                f"$$ otherwise than derive (an inline $ ends at the first $ of $$); set them apart")
        if run == 2:
            display = not display
        elif not display:
            inline = not inline


def _code_masked(line):
    r"""The line with the $ of its code spans masked, as JupyterLab's removeMath masks them with the regex
    /(^|[^\\])(`+)([^\n]*?[^`\n])\2(?!`)/gm (a character before the backticks and the whole span), found here
    run by run: that regex tries every length of an opening run and scans the line for each (cubic in a run of
    backticks; a line of a few thousand never ended). A run opens at its start (or after a backslash, one
    backtick on), the longest first, and closes at the next run of exactly as many backticks after at least one
    character; a run that closes nothing leaves the starts inside it nothing either."""
    runs = [(m.start(), m.end()) for m in re.finditer("`+", line)]
    starts = {}                                 # a run's length -> the starts of the runs that long, in order
    for start, end in runs:
        starts.setdefault(end - start, []).append(start)
    out, done = [], 0
    for start, end in runs:
        if start < done:
            continue
        opening = start + 1 if start and line[start - 1] == "\\" else start
        for k in range(end - opening, 0, -1):
            later = starts.get(k, [])
            at = bisect_left(later, opening + k + 1)
            if at < len(later):
                first = max(opening - 1, done)  # the character before the backticks is the regex's too
                out += [line[done:first], line[first:later[at] + k].replace("$", "\0")]
                done = later[at] + k
                break
    return "".join(out) + line[done:]
