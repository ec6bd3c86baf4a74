"""The `derive` command: list the identities, prove them, and print the proofs.

Exit codes: 0 proved, 1 the kernel rejected or could not confirm something,
2 bad input (one line on stderr), 4 an internal error (one line on stderr).
"""
import argparse
import json
import os
import sys

FORMATS = ("text", "latex", "markdown", "json")
ACTIVATIONS = ("generic", "sigmoid", "tanh", "relu", "softplus", "identity")
COSTS = ("quadratic", "cross-entropy")


class InputError(Exception):
    """Bad input from the user: reported in one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise InputError(message)


def widths_arg(value):
    try:
        widths = [int(t) for t in value.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--widths takes whole numbers separated by commas, like 2,3,2 (got {value!r})")
    return widths


def network_options(p):
    p.add_argument("--no-color", action="store_true", help="plain output without colour (also: NO_COLOR=1)")
    p.add_argument("--widths", type=widths_arg, help="a concrete network, e.g. 2,3,2 (default: any depth and widths)")
    p.add_argument("--activation", choices=ACTIVATIONS, default="generic",
                   help="the activation sigma (default: generic, an arbitrary differentiable function)")
    p.add_argument("--cost", choices=COSTS, default="quadratic", help="the cost C (default: quadratic)")


def build_parser():
    p = Parser(prog="derive", description="Derive, check and explain the backpropagation equations (Nielsen's BP1-BP4).")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    ls = sub.add_parser("list", help="the identities of the library with their statements",
                        description="List the identities of the library with their statements.")
    network_options(ls)
    pr = sub.add_parser("prove", help="derive identities step by step and check every step with the kernel",
                        description="Derive NAME (or all) step by step; the independent kernel checks every step, "
                                    "symbolically and numerically. Exit 0 when proved, 1 when the kernel rejects "
                                    "or cannot confirm a step, 2 on bad input.")
    pr.add_argument("name", metavar="NAME", help="bp1, bp2, bp3, bp4, cost-gradient, output-error, hidden-error, or all")
    network_options(pr)
    pr.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    return p


def console(args, stderr=False):
    from rich.console import Console
    plain = args.no_color or "NO_COLOR" in os.environ
    return Console(stderr=stderr, no_color=plain, highlight=False, soft_wrap=False,
                   emoji=False, force_terminal=None if not plain else False)


def make_network(args):
    from .network import Network, NetworkError
    try:
        return Network(args.widths, args.activation, args.cost)
    except NetworkError as e:
        raise InputError(str(e))


def cmd_list(args):
    from rich.text import Text
    from .api import statements
    from .printing.common import domain_text
    from .printing.notation import text
    out = console(args)
    for ident in statements(make_network(args)):
        out.print(Text.assemble((f"{ident.name:<14}", "bold"), ident.title))
        out.print(Text(f"{'':<14}{text(ident.lhs)} = {text(ident.rhs)}   for {domain_text(ident.domain, text)}"))
    return 0


def cmd_prove(args):
    from .api import UnknownIdentity, names, prove
    network = make_network(args)
    if args.name != "all" and args.name not in names(network):
        raise InputError(f"unknown identity {args.name!r}; choose from {', '.join(names(network))} or all")
    err = console(args, stderr=True)
    if err.is_terminal:
        from rich.progress import Progress
        with Progress(transient=True, console=err) as bar:
            task = bar.add_task("proving", total=None)
            result = prove(args.name, network, on_step=lambda i: bar.update(task, description=f"proving {i.name}"))
    else:
        result = prove(args.name, network)
    proofs = result if isinstance(result, list) else [result]
    emit(proofs, args)
    return 0 if all(p.proved for p in proofs) else 1


def emit(proofs, args):
    from .printing.common import titles
    names = titles(proofs)
    if args.format == "json":
        from .printing.jsonout import proof_json
        data = [proof_json(p, names) for p in proofs]
        print(json.dumps(data if len(data) > 1 else data[0], indent=2))
    elif args.format == "latex":
        from .printing.latex import document
        sys.stdout.write(document(proofs, names))
    elif args.format == "markdown":
        from .printing.markdown import document
        sys.stdout.write(document(proofs, names))
    else:
        from .printing.text import proof_renderable
        out = console(args)
        for t, p in enumerate(proofs):
            if t:
                out.rule()
            out.print(proof_renderable(p, names))


def main(argv=None):
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return {"list": cmd_list, "prove": cmd_prove}[args.command](args)
    except InputError as e:
        print(f"derive: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("derive: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:                      # one line, never a traceback
        print(f"derive: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return 4


def run():
    sys.exit(main())


if __name__ == "__main__":
    run()
