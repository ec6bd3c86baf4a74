"""derive list: the identities of the library with their statements."""
import json

from ..cli import console, make_network, network_options


def register(sub):
    p = sub.add_parser("list", help="the identities of the library with their statements",
                       description="List the identities of the library with their statements.")
    network_options(p)
    p.add_argument("--json", action="store_true",
                   help="one JSON array: name, title, the statement in text and LaTeX, the index ranges")


def run(args):
    from rich.text import Text
    from ..api import statements
    from ..printing.common import domain_text
    from ..printing.notation import latex, text
    identities = statements(make_network(args))
    if args.json:
        print(json.dumps([{"name": i.name, "title": i.title, "lhs": text(i.lhs), "rhs": text(i.rhs),
                           "latex": f"{latex(i.lhs)} = {latex(i.rhs)}",
                           "domain": [[str(s), text(lo), text(hi)] for s, lo, hi in i.domain]}
                          for i in identities], indent=2))
        return 0
    out = console(args)
    width = max(len(i.name) for i in identities) + 2
    for ident in identities:
        out.print(Text.assemble((f"{ident.name:<{width}}", "bold"), ident.title))
        out.print(Text(f"{'':<{width}}{text(ident.lhs)} = {text(ident.rhs)}   for {domain_text(ident.domain, text)}"))
    return 0
