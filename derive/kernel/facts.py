"""What a domain says about indices and sizes, and the inequalities that follow from it.

A domain entry (s, lo, hi) bounds a free index s; an entry whose first element is not a free
index requires lo <= e <= hi of the net (an entry on L + c bounds L); the sums around an
expression bound their indices the same way. Every width n(m) is a whole number >= 1 and L >= 2.
`le(u, v)` eliminates bounded indices from v - u (each by the bound that makes the difference
smallest) and asks sympy's assumptions whether what is left is >= 0.
"""
from sympy import Integer, Max, Min
from sympy.core.relational import Relational

from ..model.network import nonnegative
from ..model.symbols import L as DEPTH, order

ONE = Integer(1)
ANSWERS = {}                     # (facts, u, v) -> u <= v, within one process
MAX_ANSWERS = 200_000


class Facts:
    """Bounds of indices (and of L), and facts lo <= e <= hi about the net's sizes."""

    def __init__(self, domain=(), bounds=None, known=()):
        self.bounds = dict(bounds or {})         # symbol -> [(lo, hi), ...]
        self.known = list(known)                 # [(p, q)]: p <= q
        self._key = None                         # the facts, hashable, once asked
        self.domain = tuple(domain) if bounds is None else None     # the domain they are of (not the sums' around)
        for e, lo, hi in domain:
            self.add(e, lo, hi)

    def add(self, e, lo, hi):
        if e.is_Symbol:
            self.bounds.setdefault(e, []).append((lo, hi))
        elif (e - DEPTH).is_Integer:
            shift = e - DEPTH
            self.bounds.setdefault(DEPTH, []).append((lo - shift, hi - shift))
        else:
            self.known += [(lo, e), (e, hi)]

    def within(self, limits):
        """These facts and the ranges of the sums around an expression ({index: (lo, hi)}), with
        the facts (p, q), p <= q, of the guards around it (under the key None)."""
        if not limits:
            return self
        out = Facts(bounds={s: list(b) for s, b in self.bounds.items()}, known=self.known + list(limits.get(None, ())))
        for s, bounds in limits.items():
            if s is not None:
                out.bounds[s] = [bounds]
        return out

    def key(self):
        """The facts, hashable."""
        if self._key is None:
            self._key = (tuple((s, tuple(b)) for s, b in sorted(self.bounds.items(), key=lambda sb: sb[0].name)),
                         tuple(self.known))
        return self._key

    def before(self, q, u):
        """The quantity q comes before u at every instance (True), at none (False), or these facts do not say
        (None), by their orders in the forward pass."""
        return True if self.le(order(q) + 1, order(u)) else False if self.le(order(u), order(q)) else None

    def le(self, u, v):
        """u <= v at every instance (each question answered once a process for the same facts)."""
        question = (self.key(), u, v)
        if question not in ANSWERS:
            if len(ANSWERS) > MAX_ANSWERS:               # a long session's memory stays bounded
                ANSWERS.clear()
            ANSWERS[question] = self._nonneg(v - u, 0)
        return ANSWERS[question]

    def _nonneg(self, d, depth):
        if d.is_Number:
            return bool(d >= 0)
        if nonnegative(d):
            return True
        if depth > 8:
            return False
        for p, q in self.known:             # d >= 0 follows from d - (q - p) >= 0, as p <= q
            gap = q - p
            if nonnegative(d - gap) or (depth < 3 and gap.free_symbols & d.free_symbols
                                        and self._nonneg(d - gap, depth + 3)):
                return True
        free = d.free_symbols
        order = lambda s: (s == DEPTH, not self._inner(s, free), s.name)      # noqa: E731
        for s in sorted(free & (set(self.bounds) | {DEPTH}), key=order):
            slope = _slope(d, s)
            if slope is None or slope == 0:
                continue
            ends = [hi for _, hi in self.bounds.get(s, [])] if slope < 0 else [lo for lo, _ in self.bounds.get(s, [])]
            if s == DEPTH and slope > 0:
                ends.append(Integer(2))
            split = Min if slope < 0 else Max
            choices = [c for end in ends for c in (end.args if isinstance(end, split) else (end,))]
            return any(self._nonneg(d.xreplace({s: c}), depth + 1) for c in choices)
        return False

    def _inner(self, s, free):
        """s is bounded by another of the free symbols (a sum's index by the claim's, m = l+1..L): eliminated
        first, while what bounds it is still there."""
        return any(t in free for lo, hi in self.bounds.get(s, ()) for t in (lo.free_symbols | hi.free_symbols) - {s})

    def sign(self, e):
        """+1, 0 or -1 when e (a whole number) has that sign at every instance, else None."""
        if self.le(ONE, e):
            return 1
        if self.le(e, -ONE):
            return -1
        if self.le(e, 0 * e) and self.le(0 * e, e):
            return 0
        return None

    def holds(self, rel):
        """A relation lo <= t or t <= hi (or >=) at every instance (never shown for another condition)."""
        if not isinstance(rel, Relational):
            return False
        t, bound, op = rel.lhs, rel.rhs, rel.rel_op
        if op in (">=", ">"):
            return self.le(bound + (op == ">") * ONE, t)
        if op in ("<=", "<"):
            return self.le(t + (op == "<") * ONE, bound)
        return False

    def fails(self, rel):
        """The relation is false at every instance (never shown for another condition)."""
        if not isinstance(rel, Relational):
            return False
        t, bound, op = rel.lhs, rel.rhs, rel.rel_op
        if op in (">=", ">"):
            return self.le(t + (op == ">=") * ONE, bound)
        if op in ("<=", "<"):
            return self.le(bound + (op == "<=") * ONE, t)
        return False

    def value(self, s):
        """The number s is at every instance, when a bound pins it (L in a case of a split on it), or None."""
        return next((lo for lo, hi in self.bounds.get(s, ()) if lo == hi and lo.is_Integer), None)

    def layer_symbol(self, e):
        """A bounded index in e to split the domain on, or L, or None."""
        free = sorted(e.free_symbols & set(self.bounds) - {DEPTH}, key=lambda s: s.name)
        return free[0] if free else (DEPTH if DEPTH in e.free_symbols else None)


def _slope(d, s):
    """d's slope in s when d is linear in s (a number times s plus terms free of s), else None."""
    terms = d.as_coefficients_dict()
    if any(t != s and s in t.free_symbols for t in terms):
        return None
    return terms.get(s, Integer(0))
