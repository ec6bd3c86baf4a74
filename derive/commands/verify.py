"""derive verify "IDENTITY": proved with its derivation, or refuted with a counterexample."""
import json

from ..cli import InputError, console, make_network, network_options, stdin_text, timeout_arg

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
    p.add_argument("--timeout", type=timeout_arg, default=60.0,
                   help="seconds before giving up with 'undecided' (default 60; 0 for none)")


def run(args):
    from ..parsing.parse import MAX_LENGTH, ParseError
    from ..verify import verify
    try:
        if args.identity == "-":
            args.identity = stdin_text(MAX_LENGTH)
        network = make_network(args)
        proof = verify(args.identity, network, timeout=args.timeout)
    except (ParseError, InputError) as e:
        if args.json:               # the JSON object for a program, the one-line error for its user
            print(json.dumps({"identity": args.identity, "verdict": "error", "message": str(e)}))
        raise InputError(str(e))
    if args.json:
        print(json.dumps(as_json(proof, args.identity), indent=2))
    else:
        show(proof, args.identity, args)
    return EXIT[proof.verdict.status]


def as_json(proof, text):
    from ..printing.jsonout import proof_json
    from ..verify import rerun_command
    out = {**proof_json(proof), "identity": text}
    out["rerun"] = rerun_command(text, proof.network, proof.verdict.counterexample) \
        if proof.verdict.counterexample else None
    return out


def show(proof, text, args):
    from rich.text import Text
    from ..printing.text import proof_renderable
    from ..verify import rerun_command
    out = console(args)
    out.print(proof_renderable(proof))
    cex = proof.verdict.counterexample
    if cex is not None:
        out.print(Text("  re-run: " + rerun_command(text, proof.network, cex)), soft_wrap=True)
