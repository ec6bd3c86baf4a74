"""A user's derivation read from a file: LaTeX (align/equation environments, $$..$$, \\[..\\])
or the ASCII `.proof` format (a `claim:` line, then `= expression  [by rule]` lines).

A document is data: an optional claim and chains of equalities, each row with its line
number, its parsed expressions, what was wrong with their meaning, and its justification.
"""
import os
import re
import stat
from pathlib import Path

from .. import shown
from ..shown import DocumentError
from .latex import latex_sections
from .proofs import proof_sections
from .rows import Chain, Document, Row

__all__ = ["MAX_BYTES", "Chain", "Document", "DocumentError", "Row", "latex_sections", "proof_sections", "read",
           "read_all"]

MAX_BYTES = 1_000_000
MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")
RUN = (".qmd", ".rmd", ".mdx", ".ipynb")    # pages a tool runs or renders with code of its own first
LATEX = (".tex", ".ltx", ".latex")


def read_all(path):
    """The Documents in a file, one a claim: a claim owns the chains up to the next claim (the first
    also those before it); DocumentError for anything unreadable or unparseable. Its name says how it is
    read (a line that starts with % is a comment in LaTeX and text in Markdown): .tex, .md, .proof."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise DocumentError(f"{path} is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise DocumentError(f"{path} is not a regular file (a pipe or a device is not read: it may never end)")
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except PermissionError:
        raise DocumentError(f"{path}: permission denied") from None
    except OSError as e:
        raise DocumentError(f"{path}: {e.strerror or e}") from None
    name = str(path).lower()
    if name.endswith(RUN):
        raise DocumentError(f"{path}: a Quarto, R Markdown, MDX or notebook page shows what its code chunks, includes "
                            f"and components make, which derive does not run: check the Markdown it renders (.md)")
    if not name.endswith((".proof",) + MARKDOWN + LATEX):
        raise DocumentError(f"{path}: derive reads a derivation in a .tex (LaTeX), .md (Markdown) or .proof file, "
                            f"and its name says which (the same text reads one way as LaTeX, another as Markdown)")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{path} is larger than {MAX_BYTES // 1000} kB")
    if b"\x00" in data:
        raise DocumentError(f"{path} is a binary file, not a derivation")
    try:
        text = data.decode("utf-8-sig")             # a byte-order mark, as some editors write, is no text
    except UnicodeDecodeError as e:
        raise DocumentError(f"{path} is not UTF-8 text (byte {e.start})") from None
    if not text.strip():
        raise DocumentError(f"{path} is empty")
    if data.startswith(b"\xef\xbb\xbf") and name.endswith(MARKDOWN):
        raise DocumentError(f"{path} starts with a byte-order mark, which Jupyter reads as text (so that its first "
                            f"line is no code block or link definition there) and GitHub drops; save it without one")
    text = text.replace("\r\n", "\n")
    if "\r" in text:         # TeX and CommonMark end a line there, derive's lines end at \n
        raise DocumentError(f"{path}: line {shown.line_of(text, text.index(chr(13)))} holds a carriage return that "
                            f"ends no line of its own (\\r without \\n); save the file with \\n or \\r\\n line ends")
    control = re.search(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]", text)
    if control:     # an escape sequence would act on the terminal where a reason or formula is shown; readers differ
        raise DocumentError(f"{path}: line {shown.line_of(text, control.start())} holds the character "   # on the rest
                            f"U+{ord(control.group()):04X} (a control character, or a line break or space that "
                            f"readers do not agree on), which is no text")
    if name.endswith(LATEX):
        shown.local_packages(text, Path(path).parent, Path(path).stem)
    docs = proof_sections(text) if name.endswith(".proof") else latex_sections(text, name.endswith(MARKDOWN))
    if not any(len(r.exprs) > 1 or r.continues for doc in docs for c in doc.chains for r in c.rows):
        raise DocumentError(f"{path} holds no step to check (an equality in align, equation, $$...$$, or a "
                            f".proof chain)")
    return docs


def read(path):
    """The Document in a file that states at most one claim (read_all reads one that states several)."""
    docs = read_all(path)
    if len(docs) > 1:
        raise DocumentError(f"{path} states {len(docs)} claims (line {docs[1].claim.line} starts the second): "
                            f"documents.read_all reads each with its own chains")
    return docs[0]
