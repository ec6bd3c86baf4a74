"""derive prove NAME|all: derive step by step; the kernel checks every step."""
import json
import sys

from ..cli import InputError, console, make_network, network_options

FORMATS = ("text", "latex", "markdown", "html", "json", "proof")


def register(sub):
    p = sub.add_parser("prove", help="derive identities step by step and check every step with the kernel",
                       description="Derive NAME (or all) step by step; the independent kernel checks every step, "
                                   "symbolically and numerically. Exit 0 when proved, 1 when the kernel rejects "
                                   "or cannot confirm a step, 2 on bad input.")
    p.add_argument("name", metavar="NAME", help="bp1, bp2, bp3, bp4, cost-gradient, output-error, hidden-error, or all")
    network_options(p)
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="output format (default: text; proof: a .proof document that derive check reads; "
                        "html: one self-contained page with MathML)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="write to this file (atomically) instead of standard output; text is written without colour")


def run(args):
    from ..api import names, prove
    network = make_network(args)
    if args.name != "all" and args.name not in names(network):
        raise InputError(f"unknown identity {args.name!r}; choose from {', '.join(names(network))} or all")
    output = getattr(args, "output", None)
    if output is not None:
        from ..export import ExportError, check_target
        try:
            check_target(output)               # fail before the proofs, not after
        except ExportError as e:
            raise InputError(str(e))
    result = with_progress(args, lambda step: prove(args.name, network, on_step=step))
    proofs = result if isinstance(result, list) else [result]
    if output is not None:
        from ..export import ExportError, write
        try:
            write(output, rendered(proofs, args.format))
        except ExportError as e:
            raise InputError(str(e))
    else:
        emit(proofs, args.format, args)
    return 0 if all(p.proved for p in proofs) else 1


def with_progress(args, work):
    """Run work(on_step) under a transient rich progress bar on a terminal; silently when piped."""
    err = console(args, stderr=True)
    if not err.is_terminal:
        return work(None)
    from rich.progress import Progress
    with Progress(transient=True, console=err) as bar:
        task = bar.add_task("proving", total=None)
        return work(lambda item: bar.update(task, description=f"working on {getattr(item, 'name', item)}"))


def emit(proofs, fmt, args):
    """Write proofs to stdout in the chosen format."""
    from ..printing.common import titles
    names = titles(proofs)
    if fmt == "json":
        from ..printing.jsonout import proof_json
        data = [proof_json(p, names) for p in proofs]
        print(json.dumps(data if len(data) > 1 else data[0], indent=2))
    elif fmt == "latex":
        from ..printing.latex import document
        sys.stdout.write(document(proofs, names))
    elif fmt == "markdown":
        from ..printing.markdown import document
        sys.stdout.write(document(proofs, names))
    elif fmt == "proof":
        from ..printing.proofdoc import document
        sys.stdout.write(document(proofs, names))
    elif fmt == "html":
        from ..printing.html import document
        sys.stdout.write(document(proofs, names))
    else:
        from ..printing.text import proof_renderable
        out = console(args)
        for t, p in enumerate(proofs):
            if t:
                out.rule()
            out.print(proof_renderable(p, names))


def rendered(proofs, fmt, width=100):
    """The output of `emit` as a string (text without colour, `width` columns), for -o."""
    import io
    from contextlib import redirect_stdout
    if fmt == "text":
        from rich.console import Console
        from ..printing.common import titles
        from ..printing.text import proof_renderable
        buffer = io.StringIO()
        out = Console(file=buffer, width=width, no_color=True, force_terminal=False, highlight=False, emoji=False)
        names = titles(proofs)
        for t, p in enumerate(proofs):
            if t:
                out.rule()
            out.print(proof_renderable(p, names))
        return buffer.getvalue()
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        emit(proofs, fmt, None)
    return buffer.getvalue()
