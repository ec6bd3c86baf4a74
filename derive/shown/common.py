"""What every reading of a document shares: the displays derive reads, the math tokens, the
error it raises, and blanking that keeps every line and column."""
DISPLAYS = r"equation\*?|align\*?|flalign\*?|alignat\*?|gather\*?|multline\*?|eqnarray\*?|displaymath"
READ_INSIDE = r"aligned|alignedat|split|gathered"           # rows set inside a display
MATH_TOKENS = ("$$", "\\[", "\\]", "\\begin")
DISPLAY_NAMES = DISPLAYS.replace("\\*?", "")                 # equation|align|...: a bare \equation starts one
UNREAD = r"dmath|dgroup|dseries|darray|math|IEEEeqnarray|xx?alignat|empheq|numcases|subnumcases|subeqnarray|" \
         r"mathpar|subequations"                                         # math environments derive does not read


class DocumentError(ValueError):
    """A file that cannot be read as a derivation (reported with its line)."""


def blank(s):
    """s as spaces, its line breaks kept."""
    return "".join(c if c == "\n" else " " for c in s)


def line_of(text, at):
    """The line (from 1) of position `at` in text."""
    return text.count("\n", 0, at) + 1
