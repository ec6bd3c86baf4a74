"""Sums as read: Σ_{j=1}^{n_l}, Σ_j with its range left to the quantities it sums, and ASCII sum(j, ...);
where each stands in the text, and the check that every sum runs its index over the range it needs."""
import re

from lark import v_args
from sympy import Integer, Sum, Symbol, Tuple

from ..model.network import index_ranges
from ..model.symbols import L, M, fresh_index, l, n, rebind, w
from .common import LAST_LAYER, letters, numeral, scalar, show, unell
from .errors import ParseError, not_a_bound


class SumReader:
    """The Builder's sums (a mixin of the lark Transformer): it reads their bounds and, once the whole
    text is read, gives the sums without bounds the range of their index."""

    @v_args(meta=True)
    def sum_bounded(self, meta, items):
        _, (lower, col), bound, body = items
        parts = [p.strip() for p in lower.split("=")]
        var = self.indices(parts[0], col, 1)[0]
        if len(parts) != 2:
            raise ParseError(f"a bounded sum names its start, like \\sum_{{{parts[0]}=1}}", col)
        lo = self.bound_of(parts[1], col)             # a number, or a layer (Σ_{m=l}^{L}) as the ASCII sum takes
        return self.summed(body, var, lo, bound, meta)

    @v_args(meta=True)
    def bound(self, meta, items):
        raw = str(items[0])
        return self.bound_of(raw, items[0].column)

    def bound_of(self, raw, column):
        raw = raw.strip()
        if numeral(raw):
            return Integer(int(raw))
        if raw == "M":                                           # a sum over the samples of a mini-batch
            self.batch = self.batch or column
            return M
        m = re.fullmatch(r"n\s*(?:_\s*(\{[^{}]*\}|[^{}\s])|\(([^()]*)\))", raw)
        if m:
            inner = (m.group(1) or m.group(2)).strip("{}")
            return n(self.layer(unell(inner), column))
        if re.fullmatch(r"[lL]\s*([+-]\s*\d+)?", raw):          # a sum over layers: up to L
            return self.layer(raw, column)
        raise not_a_bound(raw, column)

    @v_args(meta=True)
    def sum_free(self, meta, items):
        _, (lower, col), body = items
        var = self.indices(lower, col, 1)[0]
        return self.summed(body, var, Integer(1), Symbol(f"_unknown_{var.name}_{meta.column}"), meta)

    @v_args(meta=True)
    def sum_ascii(self, meta, items):
        var = self.indices(str(items[0]), items[0].column, 1)[0]
        return self.summed(items[1], var, Integer(1), Symbol(f"_unknown_{var.name}_{meta.column}"), meta)

    @v_args(meta=True)
    def sum_ascii_bounded(self, meta, items):
        var = self.indices(str(items[0]), items[0].column, 1)[0]
        lo, hi = (self.bound_of(str(t), t.column) for t in items[1:3])
        return self.summed(items[3], var, lo, hi, meta)

    def summed(self, body, var, lo, hi, meta):
        """Σ_{var=lo}^{hi} body. An inner sum over var binds its own var (Σ_j Σ_j a^3_j sums a^3_j once per
        outer j): it gets an index the text does not use, since sympy would flatten the two into one Sum
        over j twice, whose limits the kernel may take in either order; only what the inner sum binds is
        renamed (a range between them that names the outer j keeps it)."""
        body = scalar(body, "a sum", meta)
        if any(var in {lim[0] for lim in s.limits} for s in body.atoms(Sum)):
            self.shadowing.add(meta.column)
            new = fresh_index(body.atoms(Symbol) | letters(self.text))
            body = rebind(body, lambda index, depth: (new if index == var else index, depth))
        self.sums.append((meta.start_pos, meta.end_pos, var, lo, hi))
        self.where += [(q, meta.column, meta.start_pos) for q in sorted(Tuple(lo, hi).atoms(n), key=str)]
        return Sum(body, (var, lo, hi))

    def sums_around(self, position):
        """[(index, lo, hi)] of the sums around a position of the text, the outermost first."""
        around = [s for s in self.sums if s[0] <= position < s[1]]
        return [s[2:] for s in sorted(around, key=lambda s: (s[0], -s[1]))]

    # --- after the tree -------------------------------------------------------------------
    def resolve_ranges(self, exprs):
        """Give every sum without bounds the range of its index, and check ranges agree."""
        for t, e in enumerate(exprs):
            exprs[t] = e.replace(lambda s: isinstance(s, Sum) and any(str(lim[2]).startswith("_unknown_")
                                                                      for lim in s.limits), self.bounded)
        column = lambda q: next((c for qq, c, _ in self.where if qq == q), None)      # noqa: E731
        for e in exprs:
            for s in sorted(e.atoms(Sum), key=str):
                for var, lo, hi in s.limits:            # sympy flattens a sum of a sum into one Sum
                    for q in sorted(s.function.atoms(type(w[l, l, l])), key=lambda q: (column(q) or 0, str(q))):
                        for idx, _, need in index_ranges(q)[1]:     # the leftmost first, whatever the hash seed
                            if idx == var and need != hi:
                                self.issues.append((f"the sum runs {var} over {show(lo)}..{show(hi)} but {show(q)} "
                                                    f"needs 1..{show(need)}{LAST_LAYER if need.has(L) else ''}",
                                                    column(q)))

    def bounded(self, s):
        """The sum with each index that had no bounds given the range its quantities need."""
        limits = []
        for var, lo, hi in s.limits:
            if str(hi).startswith("_unknown_"):
                self.given[hi] = self.range_of(s, var, int(str(hi).rsplit("_", 1)[1]))
                hi = self.given[hi]
            limits.append((var, lo, hi))
        return Sum(s.function, *limits)

    def range_of(self, s, var, column):
        his = {hi for q in s.function.atoms(type(w[l, l, l])) for idx, _, hi in index_ranges(q)[1] if idx == var}
        if not his:
            if column in self.shadowing:
                why = (f"does not use {var}: an inner sum over {var} binds its own {var} (give this sum bounds, or "
                       f"the inner sum another index)")
            elif var in s.function.free_symbols:
                why = (f"has no bounds, and no quantity indexed by {var} gives them (only a Kronecker delta or a "
                       f"guard names {var}): give the sum bounds")
            else:
                why = f"does not use {var}: the index is not summed over anything"
            self.issues.append((f"the sum over {var} {why}", column))
            return n(L)
        if len(his) > 1:
            shown = " and ".join(f"1..{show(hi)}" for hi in sorted(his, key=str))
            self.issues.append((f"index {var} of the sum is used over different ranges ({shown})"
                                f"{LAST_LAYER if any(hi.has(L) for hi in his) else ''}", column))
        return sorted(his, key=str)[0]
