"""derive export NAME|all|FILE [--to latex|markdown|html] [-o PATH] [--fragment]: proofs as documents."""
import os
import sys

from ..cli import InputError, make_network, network_options
from ..export import FORMATS
from .prove import timeout_option


def register(sub):
    p = sub.add_parser("export", help="write proofs as a LaTeX, Markdown or HTML document",
                       description="Derive NAME (or all), have the kernel check every step, and write the proof as "
                                   "LaTeX (a complete document, or an align* fragment with --fragment), Markdown "
                                   "with $$ math, or one self-contained HTML page with MathML. The file is written "
                                   "atomically: on any error an existing file is left as it was. Exit codes as "
                                   "prove's (the document is written whatever the verdict): 0 PROVED, 1 REFUTED, "
                                   "3 UNDECIDED, 2 on bad input.")
    p.add_argument("name", metavar="NAME|FILE", help="an identity that `derive list` names for the network, "
                                                   "all, or a derivation file (.tex, .md, .proof) that "
                                                   "derive check reads: its steps are exported with their marks")
    p.add_argument("--to", dest="to", choices=FORMATS,
                   help="the format: latex, markdown or html (default: the one the extension of -o names: "
                        ".tex, .md, .html)")
    p.add_argument("-o", "--out", dest="path", metavar="PATH",
                   help="the file to write (default: standard output); its path is said on stderr")
    p.add_argument("--fragment", action="store_true",
                   help="a piece to embed instead of a complete document (LaTeX: align* environments and "
                        "each verdict as a paragraph, needs amsmath and amssymb; HTML: no <html>/<head>; Markdown: no title)")
    network_options(p, header=True)
    timeout_option(p)


def run(args):
    from ..export import ExportError, format_of
    try:
        fmt = format_of(args.path, args.to)
    except ExportError as e:
        raise InputError(str(e)) from None
    if fmt is None:
        raise InputError("say the format with --to latex|markdown|html (or give -o a .tex, .md or .html path)")
    network = make_network(args)
    if args.name.endswith((".tex", ".md", ".proof")) or "/" in args.name:
        return export_file(args, network, fmt)
    from .prove import exit_code, proved
    proofs = proved(args, network)
    emit(args, proofs, fmt)
    return exit_code(proofs)


def export_file(args, network, fmt):
    """A user's derivation: checked by the kernel, exported with each step's mark."""
    from ..documents import DocumentError, read_all
    from ..export import ExportError, check_target
    from .check import EXIT, check_all, worst
    try:
        if args.path is not None:
            check_target(args.path)
            if os.path.exists(args.path) and os.path.exists(args.name) and os.path.samefile(args.path, args.name):
                raise InputError(f"-o {args.path} is the derivation being exported: write the export to "
                                 f"another file, so that yours is kept")
        docs = read_all(args.name)
    except (DocumentError, ExportError) as e:
        raise InputError(str(e))
    network = make_network(args, docs[0].network)    # the file's own network line, as `check` reads it
    proofs = check_all(docs, network, args.name, args.timeout)
    status = worst(proofs)
    emit(args, proofs, fmt, title=f"{args.name}: {status.upper()}")
    return EXIT[status]


def emit(args, proofs, fmt, title=None):
    """The document to -o (atomically, its path said on stderr) or to stdout."""
    from ..export import ExportError, render
    from .prove import write
    if args.path is not None:
        write(args.path, proofs, fmt, fragment=args.fragment, title=title)
        return
    try:
        sys.stdout.write(render(proofs, fmt, fragment=args.fragment, title=title))
    except ExportError as e:
        raise InputError(str(e))
