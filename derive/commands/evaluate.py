"""derive evaluate "EXPR = EXPR": both sides' numbers on a concrete net (re-runs a counterexample)."""
from ..cli import InputError, console, network_options, widths_arg


def register(sub):
    p = sub.add_parser("evaluate", help="evaluate both sides of an identity at a concrete point",
                       description="Evaluate an identity's sides (or one expression) on a concrete network at "
                                   "the kernel's random parameters for SEED; dC/dV by central finite "
                                   "differences. This re-runs the counterexamples that verify and check print. "
                                   "Exit 0 when the two sides agree (to a relative 1e-12), 1 when they differ, "
                                   "2 on bad input.")
    p.add_argument("identity", metavar="IDENTITY")
    network_options(p, widths=False)
    p.add_argument("--widths", type=widths_arg, required=True, help="the concrete network, e.g. 2,3,2")
    p.add_argument("--seed", type=int, default=0, help="the seed of the random parameters (default 0)")
    p.add_argument("--at", default="", help="values of the free indices, e.g. l=2,j=1,k=2")
    p.add_argument("--show-parameters", action="store_true", help="also print every parameter's value")


class At(dict):
    """The values of the free indices; printed as the user writes them: l=5, j=1."""

    def __str__(self):
        return ", ".join(f"{k}={v}" for k, v in self.items())

    __repr__ = __str__


TOLERANCE = 1e-12          # relative: the kernel's numbers are good to ~1e-25


def at_arg(value):
    out = At()
    for part in filter(None, value.split(",")):
        name, _, number = part.partition("=")
        if not name.strip().isalpha() or not number.strip().lstrip("-").isdigit():
            raise InputError(f"--at takes index=value pairs separated by commas, like l=2,j=1 (got {part!r})")
        out[name.strip()] = int(number)
    return out


def run(args):
    import mpmath
    from rich.text import Text
    from ..model.network import Network, NetworkError
    from ..parsing.parse import ParseError
    from ..verify import evaluate
    try:
        network = Network(args.widths, args.activation, args.cost)
        values, params = evaluate(args.identity, network, tuple(args.widths), args.seed, at_arg(args.at))
    except (ParseError, NetworkError) as e:
        raise InputError(str(e))
    out = console(args)
    names = ["left side ", "right side"] if len(values) == 2 else [f"side {t + 1}" for t in range(len(values))]
    for name, v in zip(names, values):
        out.print(Text(f"{name} = {mpmath.nstr(v, 17)}"))
    differ = False
    if len(values) == 2:
        diff = abs(values[0] - values[1])
        differ = diff > TOLERANCE * max(1, abs(values[0]), abs(values[1]))
        out.print(Text(f"difference = {mpmath.nstr(diff, 3)}"
                       + ("  (the two sides differ)" if differ else "  (the two sides agree)")))
    if args.show_parameters:
        for key, v in params.items():
            out.print(Text(f"{key[0]}[{', '.join(map(str, key[1:]))}] = {mpmath.nstr(v, 17)}"))
    return 1 if differ else 0
