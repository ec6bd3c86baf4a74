"""derive evaluate "EXPR = EXPR": both sides' numbers on a concrete net (re-runs a counterexample)."""
from ..cli import InputError, console, network_options, seed_arg, stdin_text, timeout_arg, widths_arg


def register(sub):
    p = sub.add_parser("evaluate", help="evaluate both sides of an identity at a concrete point",
                       description="Evaluate an identity's sides (or one expression) on a concrete network at "
                                   "the kernel's random parameters for SEED; dC/dV by central finite "
                                   "differences. This re-runs the counterexamples that verify and check print. "
                                   "Exit 0 when the two sides agree, 1 when the kernel finds that they differ "
                                   "(after cancelling the terms they share, beyond rounding), 2 on bad input, 3 "
                                   "when a side is not a real number there, when the sides differ but not beyond "
                                   "what rounding allows, or when the time budget runs out.")
    p.add_argument("identity", metavar="IDENTITY", help="the identity; - reads it from standard input")
    network_options(p, widths=False)
    p.add_argument("--widths", type=widths_arg, required=True, help="the concrete network, e.g. 2,3,2")
    p.add_argument("--seed", type=seed_arg, default=0, help="the seed of the random parameters (default 0)")
    p.add_argument("--at", default="", help="values of the free indices, e.g. l=2,j=1,k=2 (and the size of a "
                                            "mini-batch: M=3)")
    p.add_argument("--show-parameters", action="store_true", help="also print every parameter's value")
    p.add_argument("--timeout", type=timeout_arg, default=120.0,
                   help="seconds before giving up with exit code 3 (default 120; 0 for none)")


class At(dict):
    """The values of the free indices; printed as the user writes them: l=5, j=1."""

    def __str__(self):
        return ", ".join(f"{k}={v}" for k, v in self.items())

    __repr__ = __str__


def at_arg(value):
    out = At()
    for part in filter(None, value.split(",")):
        name, _, number = part.partition("=")
        digits = number.strip().removeprefix("-")
        if not name.strip().isalpha() or not (digits.isascii() and digits.isdigit() and len(digits) <= 9):
            raise InputError(f"--at takes index=value pairs separated by commas, like l=2,j=1 (got {part!r})")
        if name.strip() in out:
            raise InputError(f"--at gives {name.strip()} twice")
        out[name.strip()] = int(number)
    return out


def run(args):
    import mpmath
    from rich.text import Text
    from ..budget import OutOfTime, time_budget
    from ..model.network import Network, NetworkError
    from ..parsing.parse import ParseError
    from ..printing import words
    from ..verify import evaluate
    if args.identity == "-":
        from ..parsing.parse import MAX_LENGTH
        args.identity = stdin_text(MAX_LENGTH)
    try:
        network = Network(None if args.batch else args.widths, args.activation, args.cost, args.regularization,
                          args.output, args.batch)        # a mini-batch's size comes with --at M=...
        with time_budget(args.timeout):
            values, params, cex = evaluate(args.identity, network, tuple(args.widths), args.seed, at_arg(args.at))
    except (ParseError, NetworkError) as e:
        raise InputError(str(e))
    except OutOfTime as e:
        console(args, stderr=True).print(Text(f"UNDECIDED: {e}"))
        return 3
    out = console(args)
    names = ["left side ", "right side"] if len(values) == 2 else [f"side {t + 1}" for t in range(len(values))]
    for name, v in zip(names, values):
        out.print(Text(f"{name} = {words.number(v)}"))
    real = all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for v in values)
    agree = real and (len(values) != 2 or not cex and close(*values))
    if len(values) == 2:
        out.print(Text(f"difference = {words.short(cex.difference)}  (after cancelling the terms the sides share: they differ)"
                       if cex else "the two sides agree to the kernel's tolerance" + _within(values) if agree else
                       "UNDECIDED: the sides differ here, but not beyond what the kernel allows for rounding (the "
                       "terms they share are large, or the digits do not settle)" if real else
                       "UNDECIDED: a side is not a finite real number here, so the sides are not compared"))
    if args.show_parameters:
        for name, v in params.items():
            out.print(Text(f"{name} = {v!r}"))
    return 1 if cex else 0 if agree else 3


def _within(values):
    """Where the sides shown differ, by how much, and the tolerance that takes them as agreeing."""
    import mpmath
    from ..kernel.counterexample import ABSOLUTE, RELATIVE
    left, right = values
    return "" if left == right else (f" ({mpmath.nstr(abs(left - right), 3)} apart: within {RELATIVE:g} times the "
                                     f"larger, or {ABSOLUTE:g})")


def close(left, right):
    """The two numbers are equal to the kernel's tolerance (relative, with an absolute floor)."""
    from ..kernel.counterexample import ABSOLUTE, RELATIVE
    return abs(left - right) <= max(RELATIVE * max(abs(left), abs(right)), ABSOLUTE)
