"""The `derive` command. Each subcommand lives in derive/commands/<name>.py with
`register(subparsers)` and `run(args) -> exit code`; this module only dispatches.

Exit codes: 0 proved, 1 refuted or rejected, 2 bad input (one line on stderr),
3 undecided, 4 an internal error (one line on stderr).
"""
import argparse
import importlib
import os
import pkgutil
import sys

ORDER = ("list", "prove", "verify", "check", "evaluate", "export")
ACTIVATIONS = ("generic", "sigmoid", "tanh", "relu", "softplus", "identity")
COSTS = ("quadratic", "cross-entropy")


class InputError(Exception):
    """Bad input from the user: reported in one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise InputError(message)


def widths_arg(value):
    try:
        return [int(t) for t in value.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--widths takes whole numbers separated by commas, like 2,3,2 (got {value!r})")


def common_options(p):
    p.add_argument("--no-color", action="store_true", help="plain output without colour (also: NO_COLOR=1)")


def network_options(p, widths=True):
    common_options(p)
    if widths:
        p.add_argument("--widths", type=widths_arg, help="a concrete network, e.g. 2,3,2 (default: any depth and widths)")
    p.add_argument("--activation", choices=ACTIVATIONS, default="generic",
                   help="the activation sigma (default: generic, an arbitrary differentiable function)")
    p.add_argument("--cost", choices=COSTS, default="quadratic", help="the cost C (default: quadratic)")


def console(args, stderr=False):
    """A rich console; plain when --no-color or NO_COLOR is set."""
    from rich.console import Console
    plain = getattr(args, "no_color", False) or "NO_COLOR" in os.environ
    return Console(stderr=stderr, no_color=plain, highlight=False, emoji=False,
                   force_terminal=False if plain else None)


def make_network(args):
    from .model.network import Network, NetworkError
    try:
        return Network(getattr(args, "widths", None), args.activation, args.cost)
    except NetworkError as e:
        raise InputError(str(e))


def commands():
    """The subcommands: every module of derive/commands, in the order of ORDER."""
    from . import commands as package
    found = [m.name for m in pkgutil.iter_modules(package.__path__)]
    return sorted(found, key=lambda c: (ORDER.index(c) if c in ORDER else len(ORDER), c))


def build_parser():
    p = Parser(prog="derive", description="Derive, check and explain the backpropagation equations (Nielsen's BP1-BP4).")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in commands():
        importlib.import_module(f"derive.commands.{name}").register(sub)
    return p


def main(argv=None):
    try:
        args = build_parser().parse_args(argv)
        return importlib.import_module(f"derive.commands.{args.command}").run(args)
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
