"""Export proofs as LaTeX, Markdown or HTML, written atomically.

`render(proofs, fmt)` takes any list of Proof-like objects (.identity, .derivation, .verdict,
.network), so the same code exports the library's proofs (`derive export`) and, later, a
user's checked derivation file. `write(path, text)` writes a temporary file in the target
folder and renames it over the target: a failed export leaves an existing file as it was.
"""
import os
import tempfile

FORMATS = ("latex", "markdown", "html")              # documents (derive export)
OUTPUTS = ("text", "json", "proof") + FORMATS          # everything derive prove writes
EXTENSIONS = {".tex": "latex", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
WRITTEN = {**EXTENSIONS, ".proof": "proof", ".json": "json"}          # what derive prove -o also names


class ExportError(Exception):
    """An export that cannot be done (a bad format, an output path that cannot be written)."""


def format_of(path, given=None, known=EXTENSIONS):
    """The format `given`, or the one an output path's extension names (.tex, .md, .html), or None;
    a format given against the one the extension names is an ExportError (check would misread the file)."""
    named = known.get(os.path.splitext(os.fspath(path))[1].lower()) if path else None
    if given and named and given != named:
        raise ExportError(f"{path} names the {named} format, but {given} was asked for: give the file a matching "
                          f"extension")
    return given or named


def _read_back_on_their_domains(proofs):
    """An ExportError for a claim whose domain is not the one its formula gives (one made through the API): a
    document states a claim by its formula alone, so derive check would read it on another domain (b^l_1 [l <= 2] =
    b^l_1, proved for l = 2, came back REFUTED)."""
    from .model.network import DomainError, infer_domain
    from .printing.common import domain_text
    from .printing.notation import ascii
    for proof in proofs:
        claim = proof.identity
        if claim.lhs is None:
            continue
        try:
            read = infer_domain(claim.lhs, claim.rhs)
        except DomainError:
            read = None
        if read is None or set(read) != set(claim.domain):
            raise ExportError(f"the claim {claim.name} is stated for {domain_text(claim.domain, ascii, '<=')}, which its "
                              f"formula does not say, and a document states a claim by its formula: derive check would "
                              f"read it elsewhere; export it as text or JSON, or state the domain in the formula")


def render(proofs, fmt, fragment=False, names=None, title=None):
    """The proofs as text in `fmt`: a complete document, or with `fragment` a piece to embed
    (LaTeX: align* environments, each proof's verdict a paragraph; HTML: <section> elements, no <html>; Markdown: no title).
    The one renderer of `derive export` and of `derive prove` (text, json and proof too)."""
    proofs = list(proofs)
    if fmt not in OUTPUTS:
        raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if not proofs:
        raise ExportError("nothing to export: no proofs")
    if fmt not in ("text", "json") and len({(p.network.options, p.network.widths) for p in proofs}) > 1:
        raise ExportError("the proofs are of different networks, and a document names one network (its network "
                          "line): export each network's proofs on their own")
    if fmt in ("latex", "markdown", "proof"):
        _read_back_on_their_domains(proofs)
    if names is None:
        from .printing.common import titles
        names = titles(proofs)
    if fmt == "text":
        return _text(proofs, names)
    if fmt == "json":
        import json
        from .printing.jsonout import proof_json
        data = [proof_json(p, names) for p in proofs]
        return json.dumps(data if len(data) > 1 else data[0], indent=2) + "\n"
    if fmt == "proof":
        from .printing import proofdoc
        return proofdoc.document(proofs, names)
    if fmt == "latex":
        from .printing import latex
        return latex.fragment(proofs, names) if fragment else latex.document(proofs, names)
    if fmt == "markdown":
        from .printing import markdown
        body = markdown.document(proofs, names)
        if fragment:
            return body
        head = title or _title(proofs)
        return f"# {markdown.plain(head)}\n\nNetwork: {markdown.network_markdown(proofs[0].network)}.\n\n{body}"
    from .printing import html
    return html.fragment(proofs, names) if fragment else html.document(proofs, names, title=title)


def _text(proofs, names):
    """The terminal's text without colour, each line whole (a file is not a terminal: no wrapping)."""
    import io
    from rich.console import Console
    from .printing.text import proof_renderable
    buffer = io.StringIO()
    out = Console(file=buffer, no_color=True, force_terminal=False, highlight=False, emoji=False, soft_wrap=True)
    for t, p in enumerate(proofs):
        if t:
            out.rule()
        out.print(proof_renderable(p, names))
    return buffer.getvalue()


def _title(proofs):
    if len(proofs) == 1:
        return proofs[0].identity.title
    return "Backpropagation: BP1-BP4 derived and checked"


def check_target(path):
    """Raise ExportError unless `path` can be written: its folder exists and is writable, it is
    not a folder itself, and it is not a read-only file. Called before the (slow) proofs, so bad paths fail at once."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not path.strip():
        raise ExportError("-o names no file (an empty path): give the file to write")
    if os.path.isdir(path):
        raise ExportError(f"cannot write {path}: it is a folder")
    if os.path.exists(path) and not os.path.isfile(path):      # a device or a pipe: written in place
        return
    if not os.path.exists(folder):
        raise ExportError(f"cannot write {path}: no such folder {folder}")
    if not os.path.isdir(folder):
        raise ExportError(f"cannot write {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {path}: the folder {folder} is not writable")
    if os.path.isfile(path) and not os.stat(path).st_mode & 0o222:     # os.replace would ignore it (root too)
        raise ExportError(f"cannot write {path}: the file is read-only")


def write(path, text):
    """Write text to path atomically: a temporary file in the same folder, then os.replace.

    On any failure the temporary file is removed and an existing file at `path` is untouched. A
    link is followed to its file; a device or a pipe (/dev/null, a FIFO) is written to, never replaced."""
    shown, path = os.fspath(path), os.path.realpath(os.fspath(path))      # a link: the file it names
    check_target(shown)
    if os.path.exists(path) and not os.path.isfile(path):      # a device or a pipe (/dev/null, a FIFO)
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            return
        except OSError as e:
            raise ExportError(f"cannot write {shown}: {e.strerror or e}") from None
    folder = os.path.dirname(path)
    mode = None
    if os.path.exists(path):
        mode = os.stat(path).st_mode & 0o7777
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise ExportError(f"cannot write {shown}: {e.strerror or e}") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export(proofs, fmt, path=None, fragment=False, names=None, title=None):
    """Render the proofs and, with a path, write them atomically; returns the text."""
    text = render(proofs, fmt, fragment=fragment, names=names, title=title)
    if path is not None:
        write(path, text)
    return text
