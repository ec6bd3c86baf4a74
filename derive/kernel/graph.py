"""Equality of two instantiated expressions on one concrete network, decided exactly.

z and a stay symbols with their one-line definitions. A derivative du/dV of a node is the chain
rule through u's definition; dC/dq is kept as an atom (dC0/dq plus the penalty's derivative when
C adds a penalty on the weights) and, while the sides differ, written by its
one-level chain rule over the nodes that read q (dC/da^L by sympy's derivative of the cost), the
earliest q first; then C itself by its definition, z and a by theirs down to the parameters, and a
concrete sigma by its formula; for a probability vector y, its last target is 1 minus the others.
The last comparison, with everything written out, decides.
"""
from sympy import (Abs, Add, Derivative, DiracDelta, Dummy, Heaviside, Indexed, Integer, Pow, Subs, cancel, diff, exp,
                   expand, sign, simplify, together)

from ..model.activations import KinkError, T, at_kinks, kinks_across, derivative
from ..model.instances import instantiate
from ..model.symbols import C, C0, N, Partial, a, b, dsigma, kind, lam, normalize_derivatives, sigma, w, x, y, z
from .canon import lawful


def _order(q):
    return 2 * int(q.indices[0]) + {"w": -1, "b": -1, "z": 0, "a": 1}[kind(q)]


class Graph:
    """One concrete network: its nodes' definitions and the adjoints dC/dq."""

    def __init__(self, network):
        self.widths, self.cost, self.root = tuple(network.widths), network.cost, network.root
        self.regularization = network.regularization
        self.softmax = network.output == "softmax"
        self.probability = network.cost.probability
        self.L = len(self.widths)
        self.network, self._costs = network, None
        act = network.activation
        self.formula = None if act.generic else (act.formula(T), derivative(act.formula(T), T))
        self.law = act.law if lawful(act) else None            # once sympy has derived it from the formula
        self._totals, self._adjoints = {}, {}

    # --- local derivatives ----------------------------------------------------------------
    def local(self, q, p):
        """dq/dp through the one term of q's definition that holds p: z is linear in each of its
        weights, inputs and its bias, a = sigma(z) (a of layer 1 is x; a softmax output, the derivative of
        its definition); 0 when no term holds p."""
        if not isinstance(p, Indexed) or not all(t.is_Integer for t in p.indices):
            return Integer(0)
        t, i = int(q.indices[0]), int(q.indices[1])
        idx = [int(v) for v in p.indices]
        if kind(q) == "z":
            width = self.widths[t - 2]
            if kind(p) == "w" and idx[:2] == [t, i] and 1 <= idx[2] <= width:
                return a[t - 1, idx[2]]
            if kind(p) == "a" and idx[0] == t - 1 and 1 <= idx[1] <= width:
                return w[t, i, idx[1]]
            return Integer(1 if p == b[t, i] else 0)
        if t == 1:
            return Integer(1 if p == x[i] else 0)
        if self.softmax and t == self.L:          # a softmax output reads every weighted input of its layer
            reads = kind(p) == "z" and idx[0] == t and 1 <= idx[1] <= self.widths[-1]
            return diff(self.output(i), p) if reads else Integer(0)
        return dsigma(p) if p == z[t, i] else Integer(0)

    def output(self, i):
        """a^L_i of a softmax output layer: exp(z^L_i) / sum_m exp(z^L_m)."""
        return exp(z[self.L, i]) / Add(*[exp(z[self.L, m]) for m in range(1, self.widths[-1] + 1)])

    def reads(self, u):
        """The nodes u's definition reads."""
        t, i = int(u.indices[0]), int(u.indices[1])
        if kind(u) == "z":
            return [a[t - 1, k] for k in range(1, self.widths[t - 2] + 1)]
        if t == 1:
            return []
        return [z[t, m] for m in range(1, self.widths[-1] + 1)] if self.softmax and t == self.L else [z[t, i]]

    def readers(self, q):
        """The activations that read the weighted input q."""
        t, i = int(q.indices[0]), int(q.indices[1])
        return [a[t, m] for m in range(1, self.widths[-1] + 1)] if self.softmax and t == self.L else [a[t, i]]

    def total(self, u, v):
        """du/dV for a node u: the chain rule through u's definition."""
        if (u, v) not in self._totals:
            self._totals[u, v] = _total(self, u, v)
        return self._totals[u, v]

    def adjoint(self, q):
        """dC/dq by the chain rule through the nodes that read q."""
        if q not in self._adjoints:
            self._adjoints[q] = _adjoint(self, q)
        return self._adjoints[q]

    def derivative(self, f, v):
        """dF/dV of an expression F of quantities: sympy's derivative through each of them."""
        if isinstance(f, Indexed) and kind(f) in ("z", "a"):
            return self.total(f, v)
        inner = self.written(f)
        if inner.has(Partial, C, C0):
            raise ValueError("a derivative of C or of dC/dq: neither is an atom that V leaves alone")
        if kind(v) == "a" and int(v.indices[0]) == 1:     # x is a^1: it moves with V
            inner = inner.xreplace({q: a[1, q.indices[0]] for q in inner.atoms(Indexed) if kind(q) == "x"})
        moving = {q: self.total(q, v) for q in inner.atoms(Indexed) if kind(q) in ("z", "a") and q != v}
        moving = {v: Integer(1), **{q: t for q, t in moving.items() if t != 0}}
        stepped = {q for q, t in moving.items() if t.has(Heaviside) or t.has(dsigma) and self.network.activation.kinked}
        if kinks_across(inner, moving, {q for q, t in moving.items() if t.has(sign, DiracDelta)}, stepped):
            raise ValueError("sgn or |.| where another kink, or another quantity that moves with the variable, "
                             "may cancel a kink")
        try:
            out = sum((at_kinks(derivative(inner, q), inner, q) * t for q, t in moving.items()), Integer(0))
        except KinkError as e:
            raise ValueError(str(e)) from None
        return normalize_derivatives(out)

    def written(self, expr):
        """expr with every derivative but dC/dq written out (sigma(z) kept: a later derivative by a holds z)."""
        def partial(pd):
            if pd.f in (C, C0):
                if not (isinstance(pd.v, Indexed) and kind(pd.v) in ("w", "b", "z", "a")):
                    raise ValueError(f"dC/d{pd.v} is not defined")
                if pd.f == C and self.regularization and kind(pd.v) == "w":
                    return Partial(self.root, pd.v) + diff(self.regularization.term(pd.v), pd.v) * lam / N
                return Partial(self.root, pd.v)
            return self.derivative(self.written(pd.f), pd.v)
        if all(pd.f == self.root and isinstance(pd.v, Indexed) and kind(pd.v) in ("w", "b", "z", "a")
               for pd in expr.atoms(Partial)):                 # nothing to write out
            return normalize_derivatives(expr) if expr.has(Derivative, Subs) else expr
        return normalize_derivatives(expr.replace(lambda t: isinstance(t, Partial), partial))

    def tidy(self, expr):
        """sigma(z) written a where a is sigma(z) (its definition read right to left): never for a
        softmax output; for values alone, never before a derivative (d sigma(z)/da is 0, da/da is 1)."""
        if not expr.has(sigma):
            return expr
        return expr.replace(lambda e: e.func == sigma and isinstance(e.args[0], Indexed) and kind(e.args[0]) == "z"
                            and not (self.softmax and int(e.args[0].indices[0]) == self.L),
                            lambda e: a[e.args[0].indices])

    # --- equality -------------------------------------------------------------------------
    def same(self, lhs, rhs):
        """lhs = rhs on this network (both instantiated): the same expression once the earliest
        dC/dq of either is written by its chain rule on both, or else their difference expanded
        with the earliest dC/dq in it written so, until it is 0 or none is left."""
        lhs, rhs = self.tidy(self.written(lhs)), self.tidy(self.written(rhs))
        if lhs == rhs:
            return True
        pending = {p for e in (lhs, rhs) for p in e.atoms(Partial) if p.f == self.root}
        if pending:
            first = self._earliest(pending)
            if lhs.xreplace(first) == rhs.xreplace(first):
                return True
        d = expand(lhs - rhs)
        while d != 0:
            pending = {p for p in d.atoms(Partial) if p.f == self.root}
            if not pending:
                break
            d = expand(d.xreplace(self._earliest(pending)))
        if d != 0 and d.has(C, C0):             # the cost itself: its definition on this net
            d = expand(d.xreplace(self.costs()))
        if d != 0 and self.probability:         # y_n = 1 - (y_1 + ... + y_{n-1}): y is a probability vector
            last = self.widths[-1]
            d = expand(d.xreplace({y[last]: 1 - Add(*[y[k] for k in range(1, last)])}))
        if d == 0:
            return True
        if self.softmax:            # a softmax output over its z alone first: 0 as a function of free z^L is 0
            top = d.xreplace({a[self.L, m]: self.output(m) for m in range(1, self.widths[-1] + 1)})
            if cancel(together(_free_powers(top))) == 0:
                return True
        if self.law is not None and d.has(dsigma):     # sigma' through sigma (a(1 - a) for the logistic sigmoid)
            if expand(self.tidy(d.replace(lambda e: e.func == dsigma, lambda e: self.law(sigma(e.args[0]),
                                                                                         e.args[0])))) == 0:
                return True
        d = expand(self.leaves(d))
        if d != 0 and self.formula is not None:
            f, df = self.formula
            d = d.replace(lambda e: e.func in (sigma, dsigma),
                          lambda e: (f if e.func == sigma else df).xreplace({T: e.args[0]}))
        return d == 0 or cancel(together(d)) == 0 or (self.formula is not None and _plain(d) and simplify(d) == 0)

    def costs(self):
        """{C: its definition, C0: the cost's} written out on this net (C is C0 plus the penalty, if any)."""
        if self._costs is None:
            cost = instantiate(self.network.definition(C0), {}, self.widths)
            self._costs = {C0: cost, C: instantiate(self.network.definition(C), {}, self.widths).xreplace({C0: cost})}
        return self._costs

    def _earliest(self, pending):
        """{dC/dq: its chain rule} for the earliest q among the pending dC/dq."""
        first = min(_order(p.v) for p in pending)
        return {p: self.adjoint(p.v) for p in pending if _order(p.v) == first}

    def leaves(self, expr):
        """z and a written by their definitions down to w, b and x, the last layer first."""
        for t in range(self.L, 0, -1):
            nodes = [q for q in expr.atoms(Indexed) if kind(q) in ("z", "a") and int(q.indices[0]) == t]
            expr = expr.xreplace({q: self.definition(q) for q in nodes})
        return expr

    def definition(self, q):
        t, i = int(q.indices[0]), q.indices[1]
        if kind(q) == "a" and self.softmax and t == self.L:
            return self.output(i).xreplace({z[t, m]: self.definition(z[t, m]) for m in range(1, self.widths[-1] + 1)})
        if kind(q) == "a":
            return x[i] if t == 1 else sigma(self.definition(z[t, i]))
        return Add(*[w[t, i, k] * a[t - 1, k] for k in range(1, self.widths[t - 2] + 1)]) + b[t, i]


def _plain(d):
    """d holds no |...| and no root: sympy's simplify of one ran for minutes (sqrt(tanh(u)^2) - |tanh(u)|)."""
    return not d.has(Abs) and all(p.exp.is_Integer for p in d.atoms(Pow) if p.exp.is_Rational)


def _free_powers(expr):
    """expr with each e^(c t), c whole, written E^c, E a positive symbol of t's own: 0 as a function of free
    E's is 0 at E = e^t (and a rational function of three E's cancels faster than one of nine exponentials)."""
    names = {}

    def power(e):
        c, t = e.args[0].as_coeff_Mul()
        c, t = (c, t) if c.is_Integer else (1, e.args[0])
        return names.setdefault(t, Dummy(positive=True)) ** c
    return expr.replace(lambda e: isinstance(e, exp), power)


def _total(graph, u, v):
    if u == v:
        return Integer(1)
    if kind(v) not in ("w", "b", "z", "a") or kind(u) not in ("z", "a") or _order(u) <= _order(v):
        return Integer(0)
    out = graph.local(u, v)
    for p in graph.reads(u):
        if _order(p) > _order(v):               # v itself: the direct term above
            out += graph.local(u, p) * graph.total(p, v)
    return expand(out)


def _adjoint(graph, q):
    t = int(q.indices[0])
    if kind(q) == "a" and t == graph.L:
        i = int(q.indices[1])
        return normalize_derivatives(diff(graph.cost.term(a[t, i], y[i]), a[t, i]))
    if kind(q) == "z":
        return Add(*[Partial(graph.root, u) * graph.local(u, q) for u in graph.readers(q)])
    if kind(q) == "a":
        return Add(*[Partial(graph.root, z[t + 1, k]) * graph.local(z[t + 1, k], q)
                     for k in range(1, graph.widths[t] + 1)])
    if kind(q) in ("w", "b") and t >= 2:
        u = z[t, int(q.indices[1])]
        return Partial(graph.root, u) * graph.local(u, q)
    raise ValueError(f"dC/d{q} is not defined")

