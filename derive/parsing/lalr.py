"""derive's LALR(1) parser of the grammar (grammar.py), loaded from the tables lark serialized into
tables.py (`python -m derive.parsing.lalr` writes them again after the grammar changes)."""
import hashlib
from functools import lru_cache
from pathlib import Path

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from .grammar import GRAMMAR

OPTIONS = dict(parser="lalr", lexer="contextual", propagate_positions=True)


@lru_cache(maxsize=1)
def parser():
    """The LALR(1) parser of GRAMMAR: loaded from tables.py when its tables are this grammar's and
    this lark's (lark takes 0.2-0.4 s to build them), else built."""
    from . import tables
    if (tables.LARK, tables.GRAMMAR) == _stamp():
        return Lark._load_from_dict(tables.TABLES["data"], tables.TABLES["memo"])
    return Lark(GRAMMAR, **OPTIONS)


def _stamp():
    return lark.__version__, hashlib.sha256(GRAMMAR.encode()).hexdigest()


def table_source():
    """The text of tables.py: lark's own serialization of the parser it builds from GRAMMAR
    (plain data: dicts, lists, strings, numbers; no pickle), stamped with lark's version and the
    grammar's hash. `python -m derive.parsing.lalr` writes it."""
    data, memo = Lark(GRAMMAR, **OPTIONS).memo_serialize([TerminalDef, Rule])
    version, digest = _stamp()
    return ('"""The parser\'s LALR(1) tables, written by `python -m derive.parsing.lalr` from grammar.py: '
            'do not edit."""\n'
            f"LARK = {version!r}\nGRAMMAR = {digest!r}\n"
            f"TABLES = {_literal({'data': data, 'memo': memo})}\n")


def _literal(x, depth=0, width=160):
    """x (dicts, lists and tuples of numbers, strings, None) as a Python literal, one line an item
    where the whole does not fit in `width`."""
    if len(repr(x)) + depth <= width or not isinstance(x, (dict, list, tuple)) or not x:
        return repr(x)
    items = [f"{k!r}: {_literal(v, depth + 1)}" for k, v in x.items()] if isinstance(x, dict) else \
        [_literal(v, depth + 1) for v in x]
    ends = "{}" if isinstance(x, dict) else "[]" if isinstance(x, list) else "()"
    return ends[0] + "\n" + "".join(f"{' ' * (depth + 1)}{t},\n" for t in items) + " " * depth + ends[1]


if __name__ == "__main__":
    Path(__file__).with_name("tables.py").write_text(table_source(), encoding="utf-8")
