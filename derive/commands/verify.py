"""derive verify "IDENTITY": proved with its derivation, or refuted with a counterexample."""
import json

from ..cli import InputError, console, make_network, network_options

EXIT = {"proved": 0, "refuted": 1, "undecided": 3, "error": 2}


def register(sub):
    p = sub.add_parser("verify", help="verify an identity you type (LaTeX or ASCII notation)",
                       description="Verify an identity in the book's LaTeX or the ASCII notation, e.g. "
                                   "'\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j' or "
                                   "'dC/dw[l,j,k] = a[l-1,k]*delta[l,j]'. Free indices range over every value "
                                   "for which each symbol is defined. Exit 0 proved, 1 refuted, 2 input "
                                   "error, 3 undecided.")
    p.add_argument("identity", metavar="IDENTITY", help="the identity; - reads it from standard input")
    network_options(p)
    p.add_argument("--json", action="store_true", help="print exactly one JSON object")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds before giving up with 'undecided' (default 60; 0 for none)")


def run(args):
    import sys
    from ..parsing.parse import MAX_LENGTH, ParseError
    from ..verify import verify
    if args.identity == "-":
        args.identity = sys.stdin.read(MAX_LENGTH + 1).strip()
    try:
        network = make_network(args)
        outcome = verify(args.identity, network, timeout=args.timeout)
    except (ParseError, InputError) as e:
        if args.json:
            print(json.dumps({"identity": args.identity, "verdict": "error", "checks": [],
                              "counterexample": None, "message": str(e)}))
            return 2
        raise InputError(str(e))
    if args.json:
        print(json.dumps(outcome.as_json(), indent=2))
    else:
        show(outcome, args)
    return EXIT[outcome.verdict]


def show(outcome, args):
    from rich.text import Text
    from ..printing.text import counterexample_lines, proof_renderable
    out = console(args)
    style = {"proved": "bold green", "refuted": "bold red"}.get(outcome.verdict, "bold yellow")
    out.print(Text.assemble((outcome.verdict.upper(), style), ": ", outcome.message))
    if outcome.proof is not None:
        out.print(proof_renderable(outcome.proof))
    for c in outcome.checks if outcome.proof is None else []:
        out.print(Text("  " + c))
    if outcome.counterexample:
        for line in counterexample_lines(outcome.counterexample):
            out.print(Text("  " + line))
        out.print(Text("  re-run: " + outcome.counterexample["rerun"]))
