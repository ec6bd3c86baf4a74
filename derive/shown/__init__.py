"""What a reader of a document sees as math: the rest is blanked, line for line, before derive reads
the displays. A construct whose rendering derive cannot tell (a conditional inside a macro, a
command the document defines and a display uses) is a DocumentError, never a guess.

Markdown is read as CommonMark blocks (markdown-it-py); LaTeX by TeX's rules for comments,
verbatim text and conditionals, as far as a reader of the source can follow them.
"""
from .common import DISPLAY_NAMES, DISPLAYS, MATH_TOKENS, READ_INSIDE, UNREAD, DocumentError, line_of
from .markdown import markdown
from .definitions import definitions, local_packages, packages, takers, theorems, wrappers
from .conditionals import conditionals
from .inline import inline_math, markdown_steps
from .tex import UNTYPESET, body, latex

__all__ = ["DISPLAY_NAMES", "DISPLAYS", "MATH_TOKENS", "READ_INSIDE", "UNREAD", "DocumentError", "line_of", "markdown",
           "UNTYPESET", "body", "conditionals", "definitions", "inline_math", "latex", "markdown_steps", "local_packages", "packages",
           "takers", "theorems", "wrappers"]
