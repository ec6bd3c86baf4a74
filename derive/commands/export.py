"""derive export NAME|all --to latex|markdown|html [-o PATH] [--fragment]: proofs as documents."""
import sys

from ..cli import InputError, make_network, network_options

FORMATS = ("latex", "markdown", "html")


def register(sub):
    p = sub.add_parser("export", help="write proofs as a LaTeX, Markdown or HTML document",
                       description="Derive NAME (or all), have the kernel check every step, and write the proof as "
                                   "LaTeX (a complete document, or an align* fragment with --fragment), Markdown "
                                   "with $$ math, or one self-contained HTML page with MathML. The file is written "
                                   "atomically: on any error an existing file is left as it was. Exit 0 when "
                                   "proved, 1 when the kernel rejects or cannot confirm a step (the document is "
                                   "still written, with the kernel's verdict), 2 on bad input.")
    p.add_argument("name", metavar="NAME|FILE", help="bp1, bp2, bp3, bp4, cost-gradient, output-error, "
                                                   "hidden-error, all, or a derivation file (.tex, .proof) that "
                                                   "derive check reads: its steps are exported with their marks")
    p.add_argument("--to", dest="to", choices=FORMATS, required=True, help="the format: latex, markdown or html")
    p.add_argument("-o", "--output", metavar="PATH", help="the file to write (default: standard output)")
    p.add_argument("--fragment", action="store_true",
                   help="a piece to embed instead of a complete document (LaTeX: align* only, needs amsmath "
                        "and amssymb; HTML: no <html>/<head>; Markdown: no title)")
    network_options(p)


def run(args):
    from ..api import names, prove
    from ..export import ExportError, check_target, export
    from .prove import with_progress
    network = make_network(args)
    if args.name.endswith((".tex", ".proof")) or "/" in args.name:
        return export_file(args, network)
    if args.name != "all" and args.name not in names(network):
        raise InputError(f"unknown identity {args.name!r}; choose from {', '.join(names(network))} or all")
    try:
        if args.output is not None:
            check_target(args.output)          # fail before the proofs, not after
        result = with_progress(args, lambda step: prove(args.name, network, on_step=step))
        proofs = result if isinstance(result, list) else [result]
        text = export(proofs, args.to, path=args.output, fragment=args.fragment)
    except ExportError as e:
        raise InputError(str(e))
    if args.output is None:
        sys.stdout.write(text)
    return 0 if all(p.proved for p in proofs) else 1


def export_file(args, network):
    """A user's derivation: checked by the kernel, exported with each step's mark."""
    from ..checkdoc import as_proofs
    from ..documents import DocumentError, read
    from ..export import ExportError, check_target, export
    from .check import EXIT, check_within
    try:
        if args.output is not None:
            check_target(args.output)
        doc = read(args.name)
    except (DocumentError, ExportError) as e:
        raise InputError(str(e))
    report = check_within(doc, network, args.name, 120.0)
    try:
        text = export(as_proofs(report), args.to, path=args.output, fragment=args.fragment,
                      title=f"{args.name}: {report.verdict}, {report.message}")
    except ExportError as e:
        raise InputError(str(e))
    if args.output is None:
        sys.stdout.write(text)
    return EXIT[report.verdict]
