"""The rows, chains and documents a derivation is read into, and what every format reads alike: a row's
expressions and justification, a claim row, a `network:` note's options."""
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from ..model.network import DomainError, infer_domain
from ..parsing.parse import ParseError, parse
from ..shown import DocumentError


@dataclass
class Row:
    line: int
    text: str
    exprs: list
    issues: list
    justification: str = ""
    continues: bool = False        # the row starts with '=' and continues the chain
    display: int = 0               # where its display starts in the source, 1 on (a chain may go on over several)
    reason_shown: bool = True      # its reason stands on the page (not in a hidden by: note)


@dataclass
class Chain:
    rows: list
    given: bool = False            # stated as a fact (a `given:` line), not derived
    case: str = ""                 # "l = L" or "l < L": one case of an induction on the layer


@dataclass
class Document:
    claim: Optional[Row]
    chains: list = field(default_factory=list)
    network: dict = field(default_factory=dict)     # a `# network:` header's options
    hidden_notes: bool = False     # its claim and case notes do not show on its page (LaTeX, Markdown)
    network_page: dict = field(default_factory=dict)   # the choices its page says: {choice: (value, line)}
    stated: list = field(default_factory=list)     # (line, formula, its sides or None) its page states beside displays


LOOKALIKES = str.maketrans("асеорхуіјѕԁӏАВСЕНІЈКМОРТХУΑΒΕΗΙΚΜΝΟΡΤΧΥΖαιονρτυχ",     # Cyrillic and Greek letters
                           "aceopxyijsdlABCEHIJKMOPTXYABEHIKMNOPTXYZaiovptux")   # that read as Latin ones


def named_note(text):
    """'claim' or 'network' when text names such a note however it is dressed (**claim**:, (claims):, c-l-a-i-m:, a
    Cyrillic с; a comment that starts with 'network', colon or not), else None: a note derive does not read as one
    must not be dropped unseen."""
    plain = unicodedata.normalize("NFKD", text.translate(LOOKALIKES))
    plain = re.sub(r"[^\w\s:]|_", "", plain).lower()
    found = re.search(r"(?<![a-z])(claim|network)s?\s*:", plain) or re.match(r"\s*(network)s?(?![a-z])", plain)
    return found.group(1) if found else None


def claim_row(row):
    """The claim row: exactly LHS = RHS, and meaningful."""
    if len(row.exprs) != 2:
        raise DocumentError(f"line {row.line}: a claim is one equality LHS = RHS, found "
                            f"{len(row.exprs) - 1} '=' signs")
    if row.issues:
        raise DocumentError(f"line {row.line}: the claim has no meaning as written: {row.issues[0][0]}")
    try:
        infer_domain(*row.exprs)
    except DomainError as e:
        raise DocumentError(f"line {row.line}: the claim has no meaning as written: {e}") from None
    return row


def read_row(text, line, justification="", allow_lead=True, tex=None):
    body = text.strip()
    continues = allow_lead and body.startswith("=")
    if continues:
        body = body[1:]
    try:
        parsed = parse(body, tex)
    except ParseError as e:
        raise DocumentError(f"line {line}: {e}") from None
    return Row(line, text.strip(), parsed.exprs, parsed.issues, justification.strip(), continues)


JUSTIFY = re.compile(r"\s\[([^\[\]]*)\]\s*$")
OPTIONS = ("widths", "activation", "cost", "output", "regularization", "batch")


def network_options(line, number, earlier):
    """A `network:` header's options: {'activation': 'sigmoid', 'widths': '2,3,2', ...}, from
    `key=value` words (spaces around = allowed); anything else, or a second header that differs
    from the first, is bad input."""
    out = {}
    for word in re.sub(r"\s*=\s*", "=", line.strip()).split():
        key, eq, value = word.partition("=")
        if not eq or not value or key not in OPTIONS or key in out:
            raise DocumentError(f"line {number}: the network header reads key=value words with the keys "
                                f"{', '.join(OPTIONS)}, each once, not {word!r}")
        out[key] = value
    if earlier is not None and out != earlier:        # (an empty first header names the defaults)
        raise DocumentError(f"line {number}: a second network header, unlike the first; a file describes one network")
    return out


def justification(line):
    """(the line without its trailing [reason], the reason): `[by chain rule]`, or `[chain rule]`
    when the bracket does not read as math (such as [j=k] or [1<=j<=n(l)])."""
    m = JUSTIFY.search(line)
    if not m:
        return line, ""
    if not re.match(r"\s*by\b", m.group(1)):
        kronecker_or_range = re.search(r"=|≤|\\le", m.group(1))
        for math in [m.group(1)] + ([f"[{m.group(1)}]"] if kronecker_or_range else []):   # [j = k], [1 ≤ j ≤ n_l]
            try:
                parse(math)
                return line, ""
            except ParseError:
                pass
    return line[:m.start()].strip(), re.sub(r"^\s*by\b\s*:?\s*", "", m.group(1)).strip()
