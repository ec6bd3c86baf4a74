"""Concrete networks at scale: z and a stay symbols, each with sympy's derivative of its own
one-line definition, and dC/dq is the chain rule over the network's graph. Used for instances
of a user's concrete network, where the explicit cost would grow too large to differentiate.

dC/da[L,i] is sympy's derivative of the cost's term; dC/dz[t,i] = dC/da[t,i] d a/d z;
dC/da[t,i] = sum_k dC/dz[t+1,k] d z[t+1,k]/d a[t,i]; dC/dw and dC/db through z. Every local
factor is diff() of a definition, never a backpropagation formula. Two sides are compared with
each dC/dq kept as an atom and written by this one-level definition only as far as needed,
earliest node first: the cost of an instance does not grow with the depth behind it.
"""
from functools import lru_cache

from sympy import Add, Indexed, Integer, Mul, diff, expand

from ..model.symbols import C, Partial, a, b, dsigma, kind, normalize_derivatives, sigma, w, x, y, z


class Graph:
    """One concrete network: one-line definitions in symbols, and the adjoints of its nodes."""

    def __init__(self, widths, cost, law=None):
        self.widths, self.cost, self.law = tuple(widths), cost, law
        self.L = len(widths)

    def term(self, q, p):
        """The term of q's one-line definition that contains p, or None: z[t,i] is
        sum_k w[t,i,k] a[t-1,k] + b[t,i]; a[t,i] is sigma(z[t,i]), and a[1,i] is x[i]."""
        return _term(self.widths, q, p)

    def local(self, q, p):
        """d q / d p by sympy's diff of q's definition (only its term with p can depend on p),
        sigma' written dsigma and sigma(z) written a."""
        term = self.term(q, p)
        if term is None:
            return Integer(0)
        rest = Mul(*[f for f in term.args if f != p]) if term.is_Mul and term.args.count(p) == 1 else None
        if rest is not None and not rest.has(p):
            return rest                                             # d(p r)/dp = r, r free of p
        return _tidy(normalize_derivatives(diff(term, p)), self.law)

    def cost_local(self, i):
        return _tidy(normalize_derivatives(diff(self.cost.term(a[self.L, i], y[i]), a[self.L, i])), self.law)

    def total(self, u, v):
        """d u / d v for a node u downstream of v: the chain rule through u's definition."""
        return _total(self, u, v)

    def unfold(self, q):
        """dC/dq by its one-level definition (the chain rule through the nodes that read q)."""
        return _unfold(self, q)

    def explicit(self, expr):
        """expr with every dC/dq atom unfolded until none is left."""
        while True:
            pending = _adjoints(expr)
            if not pending:
                return expr
            expr = expand(_tidy(expr.xreplace({p: self.unfold(p.v) for p in pending}), self.law))

    def value(self, expr):
        """An instantiated side in symbols: every du/dv replaced, dC/dq kept as an atom."""
        def partial(pd):
            if pd.f == C:
                if not (isinstance(pd.v, Indexed) and kind(pd.v) in ("w", "b", "z", "a")):
                    raise ValueError(f"dC/d{pd.v} is not defined")
                return pd
            f = pd.f
            if isinstance(f, Indexed) and kind(f) in ("z", "a"):
                return self.total(f, pd.v)
            return self.local_expression(f, pd.v)
        out = expr.replace(lambda t: isinstance(t, Partial), partial)
        return _tidy(normalize_derivatives(out), self.law)

    def local_expression(self, f, v):
        """d f / d v for an expression f of network quantities: sum over them of the chain rule."""
        inner = self.explicit(f.replace(lambda t: isinstance(t, Partial), lambda pd: self.value(pd)))
        total = Integer(0)
        for q in inner.atoms(Indexed):
            if kind(q) in ("z", "a", "w", "b") and q != v:
                factor = self.total(q, v) if kind(q) in ("z", "a") else Integer(0)
                if factor != 0:
                    total += diff(inner, q) * factor
        return _tidy(normalize_derivatives(total + diff(inner, v)), self.law)


def _tidy(expr, law):
    expr = expr.replace(lambda e: e.func == sigma and kind(e.args[0]) == "z",
                        lambda e: a[e.args[0].indices])
    if law is not None:
        expr = expr.replace(lambda e: e.func == dsigma and kind(e.args[0]) == "z",
                            lambda e: law(a[e.args[0].indices], e.args[0]))
    return expr


def _order(q):
    return 2 * int(q.indices[0]) + {"w": -1, "b": -1, "z": 0, "a": 1}[kind(q)]


def _term(widths, q, p):
    if not isinstance(p, Indexed) or not all(t.is_Integer for t in p.indices):
        return None
    t, i = int(q.indices[0]), int(q.indices[1])
    idx = [int(v) for v in p.indices]
    if kind(q) == "z":
        inputs = range(1, widths[t - 2] + 1)
        if kind(p) == "w" and idx[:2] == [t, i] and idx[2] in inputs:
            return p * a[t - 1, idx[2]]
        if kind(p) == "a" and idx[0] == t - 1 and idx[1] in inputs:
            return w[t, i, idx[1]] * p
        return p if p == b[t, i] else None
    if t == 1:
        return p if p == x[i] else None
    return sigma(p) if p == z[t, i] else None


@lru_cache(maxsize=None)
def _total(graph, u, v):
    if u == v:
        return Integer(1)
    if kind(v) not in ("w", "b", "z", "a") or kind(u) not in ("z", "a") or _order(u) <= _order(v):
        return Integer(0)
    out = Integer(0)
    if graph.term(u, v) is not None:
        out += graph.local(u, v)
    inputs, order = _inputs(graph.widths, u)          # the z or a one layer step before u
    if order > _order(v):
        for p in inputs:
            out += graph.local(u, p) * _total(graph, p, v)
    return expand(out)


@lru_cache(maxsize=100_000)
def _inputs(widths, u):
    """The nodes u's definition reads (all of one layer), and their position on the path."""
    t, i = int(u.indices[0]), int(u.indices[1])
    if kind(u) == "z":
        return tuple(a[t - 1, k] for k in range(1, widths[t - 2] + 1)), 2 * (t - 1) + 1
    return ((z[t, i],), 2 * t) if t > 1 else ((), -1)


@lru_cache(maxsize=None)
def _unfold(graph, q):
    t, L = int(q.indices[0]), graph.L
    if kind(q) == "a" and t == L:
        return graph.cost_local(int(q.indices[1]))
    if kind(q) == "z":
        return Partial(C, a[q.indices]) * graph.local(a[q.indices], q)
    if kind(q) == "a":
        users = [z[t + 1, k] for k in range(1, graph.widths[t] + 1)]
        return Add(*[Partial(C, u) * graph.local(u, q) for u in users])
    if kind(q) in ("w", "b") and t >= 2:
        u = z[t, int(q.indices[1])]
        return Partial(C, u) * graph.local(u, q)
    raise ValueError(f"dC/d{q} is not defined")


def same(graph, lhs, rhs):
    """Both sides in symbols, equal when their difference expands to 0. While it does not,
    the earliest dC/dq atoms are written by their definitions (never wrong, only slower:
    the last round, with every atom written out, decides); then rationals are cancelled."""
    from sympy import cancel, together
    lhs, rhs = graph.value(lhs), graph.value(rhs)
    while lhs != rhs:
        left, right = _adjoints(lhs), _adjoints(rhs)
        pending = left | right
        if not pending:
            d = expand(lhs - rhs)
            return d == 0 or cancel(together(d)) == 0
        if left == right and expand(lhs - rhs) == 0:
            return True
        first = min(_order(p.v) for p in pending)
        sub = {p: graph.unfold(p.v) for p in pending if _order(p.v) == first}
        lhs, rhs = lhs.xreplace(sub), rhs.xreplace(sub)
    return True


def _adjoints(expr):
    return {p for p in expr.atoms(Partial) if p.f == C}
