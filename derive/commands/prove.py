"""derive prove NAME|all: derive step by step; the kernel checks every step."""
import os
import sys

from ..cli import InputError, console, make_network, network_options, progress, timeout_arg
from ..export import OUTPUTS


def register(sub):
    p = sub.add_parser("prove", help="derive identities step by step and check every step with the kernel",
                       description="Derive NAME (or all) step by step; the independent kernel checks every step, "
                                   "symbolically and numerically. Exit 0 when every identity is PROVED, 1 when one "
                                   "is REFUTED, 3 when one is UNDECIDED (or the time budget runs out), 2 on bad "
                                   "input.")
    p.add_argument("name", metavar="NAME", help="an identity that `derive list` names for the network (bp1, bp2, bp3, bp4, ...), or all")
    network_options(p)
    p.add_argument("--format", choices=OUTPUTS, default=None,
                   help="output format (default: text, or the one the extension of -o names: .tex, .md, .html, .proof, .json; "
                        "proof: a .proof document that derive check reads; html: one self-contained page with MathML)")
    p.add_argument("-o", "--out", dest="path", metavar="PATH",
                   help="write to this file (atomically) instead of standard output; text is written without colour")
    timeout_option(p)


def timeout_option(p):
    p.add_argument("--timeout", type=timeout_arg, default=900.0,
                   help="seconds before giving up with exit code 3 (default 900; 0 for none)")


def run(args):
    from ..export import WRITTEN, ExportError, format_of
    try:
        fmt = format_of(args.path, args.format, WRITTEN) or "text"
    except ExportError as e:
        raise InputError(str(e)) from None
    suffix = os.path.splitext(args.path or "")[1].lower()
    if args.format is None and fmt == "text" and suffix not in ("", ".txt", ".text"):   # x.pdf: no PDF is written
        raise InputError(f"{args.path} names no format derive writes (text in .txt, or .tex, .md, .html, .proof, "
                         f".json): say the format with --format")
    proofs = proved(args, make_network(args))
    if args.path is not None:
        write(args.path, proofs, fmt)
    elif fmt == "text":
        from ..printing.common import titles
        from ..printing.text import proof_renderable
        out, names = console(args), titles(proofs)
        for t, p in enumerate(proofs):
            if t:
                out.rule()
            out.print(proof_renderable(p, names))
    else:
        from ..export import render
        sys.stdout.write(render(proofs, fmt))
    return exit_code(proofs)


def exit_code(proofs):
    """0 every proof PROVED, 1 one REFUTED, else 3 (UNDECIDED): the codes of verify and check."""
    return max({"proved": 0, "refuted": 1, "undecided": 3}[p.verdict.status] for p in proofs)


def proved(args, network):
    """The proofs of args.name (a list), under a progress bar counting the identities; a bad name
    or an unwritable -o fails before the (slow) proofs."""
    from ..api import library_name, names, prove, prove_all
    from ..export import ExportError, check_target
    from ..model.identities import unavailable
    args.name = library_name(args.name, network)
    if args.name != "all" and args.name not in names(network):
        raise InputError(unavailable(args.name, network) or
                         f"unknown identity {args.name!r}; choose from {', '.join(names(network))} or all")
    if args.path is not None:
        try:
            check_target(args.path)
        except ExportError as e:
            raise InputError(str(e))
    from ..budget import OutOfTime, time_budget
    total = len(names(network)) if args.name == "all" else None
    try:
        with time_budget(args.timeout):
            result = progress(args, lambda step: prove_all(network, on_step=step) if args.name == "all" else
                              prove(args.name, network, on_step=step), total)
    except OutOfTime as e:
        print(f"UNDECIDED: {e} (a larger --timeout, or 0 for none, lets the proof finish)", file=sys.stderr)
        raise SystemExit(3) from None
    except (MemoryError, RecursionError) as e:
        print(f"UNDECIDED: the problem is too large ({type(e).__name__}: this machine's memory or Python's stack ran "
              f"out)", file=sys.stderr)
        raise SystemExit(3) from None
    return result if isinstance(result, list) else [result]


def write(path, proofs, fmt, **options):
    """Render and write atomically; the path written is said on stderr (stdout stays clean)."""
    from ..export import ExportError, export
    try:
        export(proofs, fmt, path=path, **options)
    except ExportError as e:
        raise InputError(str(e))
    print(f"wrote {path}", file=sys.stderr)
