"""derive list: the identities of the library with their statements."""
from ..cli import console, make_network, network_options


def register(sub):
    p = sub.add_parser("list", help="the identities of the library with their statements",
                       description="List the identities of the library with their statements.")
    network_options(p)


def run(args):
    from rich.text import Text
    from ..api import statements
    from ..printing.common import domain_text
    from ..printing.notation import text
    out = console(args)
    for ident in statements(make_network(args)):
        out.print(Text.assemble((f"{ident.name:<14}", "bold"), ident.title))
        out.print(Text(f"{'':<14}{text(ident.lhs)} = {text(ident.rhs)}   for {domain_text(ident.domain, text)}"))
    return 0
