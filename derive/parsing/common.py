"""What the reader's modules share: what the grammar skips, the Greek letters it knows, how it shows a
quantity in a message, and the checks every part of it makes."""
import re

from sympy import Symbol
from sympy.printing.pretty.pretty_symbology import greek_unicode

from . import vectors
from .errors import ParseError

SKIPPED = re.compile(r"\\[,;!: ]|\\(?:left|right)\.|\\(?:[bB]igg?[lrm]?|displaystyle|textstyle|(?:no)?limits)"
                     r"(?![a-zA-Z])")                             # what the grammar skips besides spaces
PADDED_PARTIAL = "∂" + " " * (len("\\partial") - 1)
MAX_NESTING = 100

GREEK = {"alpha", "beta", "gamma", "epsilon", "zeta", "theta", "mu", "xi", "tau", "phi", "psi"}   # not η ι κ ν ρ χ ω:
# set in italics they look like n, i, k, v, p, x and w ([v = ν] reads [v = v])
UNICODE_GREEK = {greek_unicode[name]: name for name in GREEK}        # ζ -> zeta, as the text notation prints it


def numeral(t):
    """t is a whole number in ASCII digits (str.isdigit also takes ² and ١, which int() refuses or reads as 1)."""
    return t.isascii() and t.isdigit()


def letters(text):
    """Every letter of the text as a Symbol (the j of a^L_j, the d of dC), a Greek one by its name (\\zeta, ζ);
    command names (\\frac) are not letters."""
    return {Symbol(t[1:] if t.startswith("\\") else UNICODE_GREEK.get(t, t))
            for t in re.findall(r"\\[a-zA-Z]+|[a-zA-Zα-ω]", text) if not t.startswith("\\") or t[1:] in GREEK}


def scalar(x, where, meta):
    """x, which must not be a vector or matrix (they have no place inside sums and fractions)."""
    if isinstance(x, vectors.Vec):
        raise ParseError(f"a vector or matrix cannot stand inside {where}; write it by components",
                         getattr(meta, "column", None))
    return x


def unell(raw):
    """raw with \\ell written l, as every layer is read."""
    return raw.replace("\\ell", "l")


def show(q):
    """q in the text notation, as messages show it."""
    from ..printing.notation import text
    return text(q)


LAST_LAYER = "; sizes are symbols even on a concrete net, so write the last layer as L (w^L_{jk}, n_L)"
