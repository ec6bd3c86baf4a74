"""The `derive` command. Each subcommand lives in derive/commands/<name>.py with
`register(subparsers)` and `run(args) -> exit code`; this module only dispatches.

Exit codes: 0 proved, 1 refuted, 2 bad input, or output that cannot be written (one line on
stderr), 3 undecided, 4 an internal error (one line on stderr).
"""
import argparse
import errno
import gc
import importlib
import os
import pkgutil
import re
import sys

ORDER = ("list", "prove", "verify", "check", "evaluate", "export")
ACTIVATIONS = ("generic", "sigmoid", "tanh", "relu", "softplus", "identity")
COSTS = ("quadratic", "cross-entropy", "log-likelihood")
REGULARIZATIONS = ("l2", "l1")
OUTPUTS = ("softmax",)


class InputError(Exception):
    """Bad input from the user: reported in one line (of at most LONGEST characters: a long value
    the user gave is cut short), exit code 2."""

    def __str__(self):
        line = super().__str__().replace("\r\n", "\n").replace("\r", "\\r").replace("\n", "\\n")
        return line if len(line) <= LONGEST else line[:LONGEST - 1] + "…"


LONGEST = 500
UNWRITABLE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)     # output that cannot be written


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise InputError(message)


def widths_arg(value):
    """Widths: whole numbers in ASCII digits separated by commas; one of more than 9 digits is read as 10^9, which
    the network refuses as too large, as it does any width above its largest."""
    parts = [t.strip() for t in value.split(",")]
    if not all(t.isascii() and t.isdigit() for t in parts):
        raise argparse.ArgumentTypeError(f"--widths takes whole numbers separated by commas, like 2,3,2 "
                                         f"(got {value!r})")
    return [int(t) if len(t) <= 9 else 10 ** 9 for t in parts]


def stdin_text(limit):
    """An identity given as - : standard input's text (a byte-order mark dropped); closed or
    undecodable input is bad input."""
    if sys.stdin is None:
        raise InputError("standard input is closed: give the identity as an argument")
    try:
        text = sys.stdin.read(limit + 2).removeprefix("\ufeff").strip()     # a limit's worth and a newline
    except UnicodeDecodeError:
        text = "\udcff"
    if any("\udc80" <= c <= "\udcff" for c in text):         # bytes the terminal's decoding escaped
        raise InputError("standard input is not UTF-8 text")
    if len(text) > limit:               # read no further than past the limit: its whole length is not known
        raise InputError(f"standard input has more than {limit} characters; the limit is {limit}")
    return text


def seed_arg(value):
    """A seed of the random parameters: a whole number >= 0."""
    if not (value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 18):
        raise argparse.ArgumentTypeError(f"--seed takes a whole number >= 0 of at most 18 digits (got {value!r})")
    return int(value)


MAX_TIMEOUT = 10 ** 7               # seconds (about four months): beyond it the system's timer overflows


def timeout_arg(value):
    """A time budget in seconds: a number from 0 (no budget) to MAX_TIMEOUT."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = None
    if seconds is None or not 0 <= seconds <= MAX_TIMEOUT:      # nan fails both comparisons
        raise argparse.ArgumentTypeError(f"--timeout takes seconds from 0 (no limit) to {MAX_TIMEOUT:g} "
                                         f"(got {value!r})")
    if seconds == 0 and any(d in "123456789" for d in value.lower().split("e")[0]):     # 1e-400: not "no limit"
        raise argparse.ArgumentTypeError(f"--timeout {value!r} is too small to be a time budget (0 is no limit)")
    return seconds


def common_options(p):
    # SUPPRESS: a subcommand's default must not undo `derive --no-color COMMAND`
    p.add_argument("--no-color", action="store_true", default=argparse.SUPPRESS,
                   help="plain output without colour (also: NO_COLOR=1)")


def network_options(p, widths=True, header=False):
    """--widths, --activation, --cost, --output, --regularization, --batch; with `header`, a file's own
    `# network:` header stands in for any option not given (and the defaults for the rest)."""
    common_options(p)
    also = " or the file's '# network:' header" if header else ""
    if widths:
        p.add_argument("--widths", type=widths_arg, default=None if not header else argparse.SUPPRESS,
                       help=f"a concrete network, e.g. 2,3,2 (default{also}: any depth and widths)")
    p.add_argument("--activation", choices=ACTIVATIONS, default=argparse.SUPPRESS if header else "generic",
                   help=f"the activation sigma (default{also}: generic, an arbitrary differentiable function)")
    p.add_argument("--cost", choices=COSTS, default=argparse.SUPPRESS if header else "quadratic",
                   help=f"the cost C (default{also}: quadratic)")
    p.add_argument("--output", choices=("none",) + OUTPUTS, default=argparse.SUPPRESS if header else "none",
                   help=f"the output layer: softmax, a^L_j = e^(z^L_j) / sum_k e^(z^L_k) (default{also}: none, "
                        f"the output layer uses --activation)")
    p.add_argument("--regularization", choices=("none",) + tuple(REGULARIZATIONS),
                   default=argparse.SUPPRESS if header else "none",
                   help=f"a penalty on the weights: C = C0 + lambda/(2N) sum w^2 (l2) or C0 + lambda/N sum |w| "
                        f"(l1), C0 the cost (default{also}: none)")
    p.add_argument("--batch", action="store_true", default=argparse.SUPPRESS if header else False,
                   help=f"a mini-batch of M inputs, the columns of X: z, a, delta, x and y take the sample s last "
                        f"(a[l,j,s]) and C averages the samples' costs (default{also}: one input)")


def plain(args):
    return getattr(args, "no_color", False) or "NO_COLOR" in os.environ


def console(args, stderr=False):
    """A rich console; plain when --no-color or NO_COLOR is set. Lines wrap only on a terminal:
    piped, a long formula or a `re-run:` command stays on one line."""
    from rich.console import Console

    class Quiet(Console):
        def on_broken_pipe(self):           # rich exits 1, which is REFUTED's code: the reader left instead
            self.quiet = True
            raise BrokenPipeError
    out = Quiet(stderr=stderr, no_color=plain(args), highlight=False, emoji=False,
                  force_terminal=False if plain(args) else None)
    out.soft_wrap = not out.is_terminal
    return out


def progress(args, work, total=None, unit="identities"):
    """Run work(on_item) under a transient progress bar counting `unit` (with an ETA) on a
    terminal; on_item is None, and nothing is shown, when stderr is piped or colour is off."""
    err = console(args, stderr=True)
    if not err.is_terminal:
        return work(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn(unit),
               TimeRemainingColumn())
    with Progress(*columns, transient=True, console=err) as bar:
        task = bar.add_task("", total=total)
        done = []

        def on_item(item):
            bar.update(task, completed=len(done), description=str(getattr(item, "name", item)))
            done.append(item)
        return work(on_item)


def _header_widths(text):
    try:
        return widths_arg(text)
    except argparse.ArgumentTypeError as e:
        raise InputError(f"the header's widths: {e}") from None


def make_network(args, header=None):
    """The network the options ask for; an option not given comes from `header` (a file's
    `# network:` line), else its default."""
    from .model.network import Network, NetworkError
    header = header or {}
    for key in ("activation", "cost", "regularization", "output", "widths", "batch"):
        given = getattr(args, key, None)
        said = header.get(key)
        if key == "widths" and said is not None and given is not None:
            said = _header_widths(said)
        if key == "batch" and said is not None:
            said = said == "yes"
        if given is not None and said is not None and given != said:
            raise InputError(f"the file's network line says {key}={header[key]}, the command line "
                             f"{key}={','.join(map(str, given)) if key == 'widths' else given}: drop one")
    widths = getattr(args, "widths", None)
    if widths is None and header.get("widths"):
        widths = _header_widths(header["widths"])
    try:
        batch = getattr(args, "batch", None)
        if batch is None:
            if header.get("batch", "no") not in ("yes", "no"):
                raise InputError(f"the header's batch={header['batch']} is not yes or no")
            batch = header.get("batch") == "yes"
        return Network(widths, getattr(args, "activation", header.get("activation", "generic")),
                       getattr(args, "cost", header.get("cost", "quadratic")),
                       getattr(args, "regularization", header.get("regularization", "none")),
                       getattr(args, "output", header.get("output", "none")), batch)
    except (NetworkError, argparse.ArgumentTypeError) as e:
        raise InputError(str(e))


def commands():
    """The subcommands: every module of derive/commands, in the order of ORDER."""
    from . import commands as package
    found = [m.name for m in pkgutil.iter_modules(package.__path__)]
    return sorted(found, key=lambda c: (ORDER.index(c) if c in ORDER else len(ORDER), c))


def version():
    from importlib.metadata import PackageNotFoundError, version as installed
    from . import __version__
    try:
        return installed("backprop-derive")
    except PackageNotFoundError:
        return __version__


class Version(argparse.Action):
    """-V: the version, looked up only when asked (importlib.metadata would slow every start)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show program's version number and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"derive {version()}")
        parser.exit()


def build_parser():
    p = Parser(prog="derive", description="Derive, check and explain the backpropagation equations (Nielsen's BP1-BP4).")
    p.add_argument("-V", "--version", action=Version)
    p.add_argument("--no-color", action="store_true", help="plain output without colour (also: NO_COLOR=1)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in commands():
        importlib.import_module(f"derive.commands.{name}").register(sub)
    return p


def _formulas(argv):
    """argv with a formula that starts with a minus sign (-y[j]=-a[L,j]) read as an argument, not
    as an option: argparse takes what starts with '-' for an option, so a space goes before it."""
    return [" " + t if re.match(r"-[^-]", t) and re.search(r"[][()=^\\/*+ ]", t) else t for t in argv]


def main(argv=None):
    try:
        parser = build_parser()
        args = parser.parse_args(_formulas(sys.argv[1:] if argv is None else argv))
        if args.command is None:                  # a bare `derive`: the usage, as argparse does for errors
            parser.print_help(sys.stderr)
            return 2
        return importlib.import_module(f"derive.commands.{args.command}").run(args)
    except InputError as e:
        print(f"derive: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("derive: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:                     # the reader closed the pipe (| head): as a shell reports SIGPIPE
        _quiet_stdout()
        return 141
    except MemoryError:                         # (a command reports its own; this is the rest's)
        print("derive: UNDECIDED: the problem is too large for this machine's memory", file=sys.stderr)
        return 3
    except Exception as e:                      # one line, never a traceback
        if isinstance(e, OSError) and e.errno in UNWRITABLE:      # standard output cannot be written (/dev/full)
            _quiet_stdout()
            print(f"derive: error: cannot write the output: {e.strerror or e}", file=sys.stderr)
            return 2
        print(f"derive: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return 4


def _quiet_stdout():
    """Standard output pointed at /dev/null, so that Python's flush at exit stays quiet."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        pass


MEMORY_SHARE = 0.75         # of the machine's memory, the most a run may take (when no limit is set)


def _cap_memory():
    """A problem too large for the machine ends in a MemoryError, which a command reports as UNDECIDED (exit 3), not in
    swapping or the system's out-of-memory killer: the address space is capped at MEMORY_SHARE of the machine's memory,
    unless a lower limit is set (ulimit -v)."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") * MEMORY_SHARE)
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    except (ImportError, ValueError, OSError):      # (no such limit on this system)
        pass


def run():
    """The command's entry. A run is short and sympy's expressions hold no cycles: the cyclic collector, at
    Python's default threshold, spent a tenth of a `verify` scanning them."""
    gc.set_threshold(100_000, 10, 10)
    _cap_memory()
    code = main()
    gc.freeze()             # nor at exit, where Python would scan every object once more
    sys.exit(code)


if __name__ == "__main__":
    run()
