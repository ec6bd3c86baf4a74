"""What a LaTeX document loads and uses: derive reads a document only when it knows every class, package and
text environment in it (a package may typeset what derive never reads)."""
import re

from .. import shown
from ..shown import DISPLAYS, READ_INSIDE, UNREAD, DocumentError

TEXT_ENVIRONMENTS = r"document|itemize|enumerate|description|center|flushleft|flushright|quote|quotation|verse|" \
                    r"abstract|proof|figure\*?|table\*?|tabular[*x]?|minipage|thebibliography|titlepage|appendix|" \
                    r"multicols\*?|tikzpicture|cases|array|[pbvVB]?matrix|smallmatrix|subarray"  # typeset as is (picture: at an offset)
FANCYVRB = ("fancyvrb", "fvextra")
PACKAGES = {"Verbatim": FANCYVRB, "BVerbatim": FANCYVRB, "LVerbatim": FANCYVRB, "lstlisting": ("listings",),
            "minted": ("minted",), "comment": ("comment", "verbatim")}      # environments derive skips: their packages
CLASSES = {"article", "report", "book", "amsart", "amsbook", "amsproc", "scrartcl", "scrreprt", "scrbook",
           "extarticle", "extreport"}
KNOWN = {"amsmath", "amssymb", "amsfonts", "amsthm", "amsbsy", "mathtools", "bm", "mathrsfs", "latexsym", "upgreek",
         "dsfont", "geometry", "hyperref", "url", "cleveref", "graphicx", "graphics", "xcolor", "color", "inputenc",
         "fontenc", "lmodern", "textcomp", "mathptmx", "mathpazo", "newtxtext", "newtxmath", "microtype", "babel",
         "booktabs", "array", "tabularx", "multirow", "enumitem", "parskip", "setspace", "caption", "float",
         "natbib", "authblk", "fancyhdr", "titlesec", "xparse", "etoolbox", "thmtools", "listings", "verbatim",
         "comment", "fancyvrb", "fvextra", "minted"}            # packages whose effect on what TeX shows derive knows
LOADS = re.compile(r"\\(usepackage|RequirePackage(?:WithOptions)?|documentclass|documentstyle|LoadClass(?:WithOptions)?)"
                   r"(?![a-zA-Z])(\s*(?:\[[^\]]*\]\s*)?\{([^{}]*)\})?")


def packages_loaded(text):
    """A DocumentError for an environment derive skips as never typeset (Verbatim, lstlisting, comment, ...)
    whose package the document does not load: then \\begin{comment} runs no \\comment, and TeX typesets
    what it holds. A fragment (no \\documentclass) is set by the document that inputs it, which derive does
    not see."""
    if not re.search(r"\\documentclass(?![a-zA-Z])", text):
        return
    loaded = {name for name, _ in shown.packages(text)}
    for m in re.finditer(r"\\begin\{(" + "|".join(PACKAGES) + r")\*?\}", text):
        name, needed = m.group(1), PACKAGES[m.group(1)]
        if not loaded & set(needed):
            raise DocumentError(f"line {shown.line_of(text, m.start())}: \\begin{{{name}}} without "
                                f"\\usepackage{{{needed[0]}}}, so TeX may typeset what it holds; load its package, "
                                f"or delete it")


def known_packages(code):
    """A DocumentError for a class or package not in CLASSES or KNOWN, or loaded in a form derive does not read
    (\\usepackage\\x): any other may change what TeX shows (read a file, \\subimport or \\CatchFileDef; make | a
    short \\verb, as ltxdoc does) in ways derive does not see. `code` is the document without its comments."""
    for m in LOADS.finditer(code):
        if not m.group(2):
            raise DocumentError(f"line {shown.line_of(code, m.start())}: \\{m.group(1)} whose name derive cannot "
                                f"read; write \\{m.group(1)}{{name}}")
        sizes = "geometry" in m.group(3) and re.search(r"paper(?:width|height|size)|text(?:width|height)|\b(?:total|body|"
                                                          r"width|height|layout\w*|h?offset|voffset)\s*=|\d{2,}\s*cm|"
                                                          r"\d{3,}\s*(?:pt|mm|bp)|\d\s*in\b", m.group(2))
        if sizes:           # a text block larger than the paper: TeX sets part of a formula past its edge
            raise DocumentError(f"line {shown.line_of(code, m.start())}: geometry's {sizes.group(0).strip()}, which may set "
                                f"the text past the paper's edge; keep to margins and paper names")
        known = CLASSES if "Class" in m.group(1) or m.group(1).startswith("document") else KNOWN
        unknown = next((name for name in map(str.strip, m.group(3).split(",")) if name and name not in known), None)
        if unknown is not None:
            raise DocumentError(f"line {shown.line_of(code, m.start())}: derive does not know what "
                                f"{unknown} does to what TeX shows (it may read another file "
                                f"or make characters verbatim); check a copy without it (the README lists those derive "
                                f"knows)")


def known_environments(code, own):
    """A DocumentError for an environment in the document's body that derive does not know to typeset its
    body as LaTeX (a package's verbatim or box environment may hide it, or write it to a file), unless the
    document defines it (`own`: its displays are then refused, as the definition may hide them)."""
    for m in re.finditer(r"\\begin\{([a-zA-Z*]+)\}", code):
        name = m.group(1)
        if name not in own and not re.fullmatch(rf"{TEXT_ENVIRONMENTS}|{DISPLAYS}|{READ_INSIDE}|{UNREAD}", name):
            raise DocumentError(f"line {shown.line_of(code, m.start())}: derive does not know whether "
                                f"\\begin{{{name}}} typesets what it holds (a package's environment may hide it or "
                                f"write it to a file); check a copy without it")
