"""Index-level equality: both sides rewritten by sound rules only, then compared.

The rules: definitions (delta, a = sigma(z), z below a floor), sympy's own derivative of a
local partial (a definition differentiated), the activation's derivative law (verified
separately), Kronecker sums evaluated with their range guards discharged by the domain,
and sums merged under canonical bound names. Whatever remains unequal is not confirmed.
"""
from sympy import (Add, And, Min, Indexed, Integer, KroneckerDelta, Mul, Piecewise, Sum, Symbol, cancel,
                   diff, expand, preorder_traversal, together)

from ..model.symbols import (C, L, Partial, dsigma, kind, layer, normalize_derivatives, order, sigma, z)


class NotAFunction(ValueError):
    """d(parameter)/d(variable): the numerator does not depend on the denominator."""


def _bound_names(expr):
    return {s for s in preorder_traversal(expr) if getattr(s, "is_Symbol", False)}


def _fresh(taken, base="s"):
    t = 0
    names = {s.name for s in taken}
    while f"{base}{t}" in names:
        t += 1
    return Symbol(f"{base}{t}", integer=True)


def is_local(pd):
    """dC/dV is local when V lies at layer L - c (finitely many definitions from C)."""
    if pd.f != C:
        return True
    return (layer(pd.v) - L).is_number if layer(pd.v) is not None else False


def unfold(q, network, taken):
    """The definition of z, a or C with fresh bound names."""
    return network.definition(q, taken)


def local_derivative(pd, network, taken):
    """sympy's derivative of F with respect to V, F unfolded down to V's layer."""
    f, v = pd.f, pd.v
    if kind(v) not in ("w", "b", "z", "a", "x"):
        raise NotAFunction(f"{v} is not a variable of the network")
    if kind(f) in ("w", "b", "x", "y"):
        if kind(f) == kind(v) and layer(f) == layer(v):
            return _kronecker(f, v)
        raise NotAFunction(f"{f} is a parameter of the network, not a function of {v}")
    if kind(f) in ("z", "a") and kind(f) == kind(v) and layer(f) == layer(v):
        return _kronecker(f, v)
    if kind(f) in ("z", "a"):
        d = order(f) - order(v)
        if d.is_number and d <= 0:
            return Integer(0)
        if not d.is_number:
            return None
    expr = f if kind(f) is None else unfold(f, network, taken | v.free_symbols)
    while True:
        todo = [q for q in sorted(expr.atoms(Indexed), key=str)
                if kind(q) in ("z", "a", "delta") and (order(q) - order(v)).is_number
                and order(q) - order(v) > 0]
        if expr.has(C):
            expr = expr.xreplace({C: unfold(C, network, taken | _bound_names(expr))})
            continue
        if not todo:
            break
        q = todo[0]
        expr = expr.xreplace({q: unfold(q, network, taken | _bound_names(expr))})
    if any(isinstance(e, Partial) for e in preorder_traversal(expr)):
        return None
    return diff(expr, v)


def _kronecker(f, v):
    out = Integer(1)
    for s, t in zip(f.indices[1:], v.indices[1:]):
        out *= KroneckerDelta(s, t)
    return out


class Canon:
    """Canonical forms of index-level expressions for one network and one domain."""

    def __init__(self, network, domain, unfold_z=False):
        self.network = network
        self.domain = {d[0]: (d[1], d[2]) for d in domain}
        self.unfold_z = unfold_z          # also write every z outside dC/d(.) by its definition

    def equal(self, lhs, rhs):
        """True when the sound rewritings bring lhs - rhs to 0; False when they cannot."""
        return self.reduce(lhs - rhs) == 0

    def reduce(self, expr):
        taken = _bound_names(expr)
        expr = expr.replace(lambda e: isinstance(e, Indexed) and kind(e) == "delta",
                            lambda e: Partial(C, z[e.indices]))
        floor = None
        for _ in range(8):
            local = [p for p in preorder_traversal(expr) if isinstance(p, Partial) and is_local(p)]
            if not local:
                break
            for p in local:
                d = local_derivative(p, self.network, taken | _bound_names(expr))
                if d is None:
                    continue
                o = order(p.v)
                floor = o if floor is None or (floor - o).is_positive else floor
                expr = expr.xreplace({p: d})
        if self.unfold_z:
            zs = [order(q) - (1 if kind(q) == "z" else 2) for q in _outside_partials(expr) if kind(q) in ("z", "a")]
            for o in zs:
                floor = o if floor is None or (floor - o).is_positive else floor
        expr = self.unfold_outside_partials(normalize_derivatives(expr), floor)
        law = self.network.activation.law
        if law is not None:
            expr = expr.replace(lambda e: e.func == dsigma, lambda e: law(sigma(e.args[0]), e.args[0]))
        expr = expr.replace(lambda e: isinstance(e, Sum) and e.function == 0, lambda e: Integer(0))
        result = self.canonical(rename_bound(expr), {}, 0)
        for _ in range(3):          # collapsing sums can leave inner bound names out of step
            if result == 0:
                break
            again = self.canonical(rename_bound(result), {}, 0)
            if again == result:
                break
            result = again
        return result

    def unfold_outside_partials(self, expr, floor):
        """a -> sigma(z) everywhere, z -> its definition when above the floor, outside dC/d(.)."""
        if isinstance(expr, Partial):
            return expr
        if expr == C:
            return self.unfold_outside_partials(self.network.definition(C, set(self.domain)), floor)
        if isinstance(expr, Indexed):
            if kind(expr) == "a":
                return self.unfold_outside_partials(self.network.definition(expr), floor)
            if kind(expr) == "z" and floor is not None and (order(expr) - floor).is_positive:
                d = self.network.definition(expr, _bound_names(expr) | set(self.domain))
                return self.unfold_outside_partials(d, floor)
            return expr
        if not expr.args:
            return expr
        return expr.func(*[self.unfold_outside_partials(t, floor) for t in expr.args])

    # --- canonical sums ---------------------------------------------------------------
    def canonical(self, expr, limits, depth):
        """Sums pulled outward and merged, bound names canonical, Kronecker sums evaluated."""
        expr = expand(expr)
        terms = Add.make_args(expr)
        plain, sums = [], {}
        for t in terms:
            t = self.term(t, limits, depth)
            if isinstance(t, Sum):
                key = t.limits[0][1:]
                sums.setdefault(key, []).append(t.function)
            else:
                plain.append(t)
        out = _simplify(Add(*plain))
        for (lo, hi), bodies in sums.items():
            var = Symbol(f"_s{depth}", integer=True)
            body = self.canonical(Add(*bodies), {**limits, var: (lo, hi)}, depth + 1)
            collapsed = self.collapse(var, lo, hi, body, limits) if body != 0 else None
            if collapsed is not None:
                out += self.canonical(collapsed, limits, depth)
            elif body != 0:
                out += Sum(body, (var, lo, hi))
        return out

    def term(self, t, limits, depth):
        """One product: each Kronecker delta [s = u] substitutes s for u, one sum is pulled out."""
        settled = self.resolve_piecewise(t, limits)
        if settled != t:
            return self.canonical(settled, limits, depth)
        factors = Mul.make_args(t)
        deltas = [f for f in factors if isinstance(f, KroneckerDelta)]
        rest = Mul(*[f for f in factors if not isinstance(f, KroneckerDelta)])
        for d in deltas:
            s, u = sorted(d.args, key=str)
            if u.is_Symbol:
                rest = rest.xreplace({u: s})
        s = next((f for f in Mul.make_args(rest) if isinstance(f, Sum)), None)
        if s is None:
            return Mul(*deltas) * rest
        outside = Mul(*deltas) * Mul(*[f for f in Mul.make_args(rest) if f is not s])
        var, lo, hi = s.limits[0]
        canon_var = Symbol(f"_s{depth}", integer=True)
        body = s.function.xreplace({var: canon_var})
        if len(s.limits) > 1:
            body = Sum(body, *s.limits[1:])
        inner = expand(outside * body)
        collapsed = self.collapse(canon_var, lo, hi, inner, limits)
        if collapsed is not None:
            return self.canonical(collapsed, limits, depth)
        return Sum(inner, (canon_var, lo, hi))

    def collapse(self, var, lo, hi, body, limits):
        """sum_var f [var = t] = f(t) when every term carries such a delta and t's range is lo..hi."""
        out = []
        for t in Add.make_args(body):
            ds = [f for f in Mul.make_args(t) if isinstance(f, KroneckerDelta) and var in f.args]
            ds.sort(key=lambda d: 0 if self.range_of(_other(d, var), limits) == (lo, hi) else 1)
            if not ds:
                return None
            d = ds[0]
            u = _other(d, var)
            value = Mul(*[f for f in Mul.make_args(t) if f is not d]).xreplace({var: u})
            if self.range_of(u, limits) != (lo, hi) and not self.within(u, lo, hi, limits):
                value = Piecewise((value, And(u >= lo, u <= hi)), (0, True))
            out.append(value)
        return Add(*out)

    def range_of(self, t, limits):
        if t in limits:
            return limits[t]
        return self.domain.get(t)

    def within(self, u, lo, hi, limits):
        r = self.range_of(u, limits)
        if r is None:
            return False
        return (r[0] - lo).is_nonnegative is True and (hi - r[1]).is_nonnegative is True

    def resolve_piecewise(self, t, limits):
        """[lo <= u <= hi] f -> f when the domain or an enclosing sum puts u in lo..hi."""
        def settle(pw):
            if len(pw.args) == 2 and pw.args[1] == (0, True):
                value, cond = pw.args[0]
                parts = cond.args if isinstance(cond, And) else (cond,)
                if all(self.holds(c, limits) for c in parts):
                    return value
            return pw
        return t.replace(lambda e: isinstance(e, Piecewise), settle)

    def holds(self, rel, limits):
        r = self.range_of(rel.lhs, limits)
        if r is None:
            return False
        if rel.rel_op == ">=":
            return (r[0] - rel.rhs).is_nonnegative is True
        if rel.rel_op == "<=":
            return r[1] == rel.rhs or (rel.rhs - r[1]).is_nonnegative is True or (
                isinstance(r[1], Min) and rel.rhs in r[1].args)
        return False


def _outside_partials(expr):
    """The network quantities of expr that are not inside a dC/d(.)."""
    if isinstance(expr, Partial):
        return []
    if isinstance(expr, Indexed):
        return [expr]
    return [q for t in expr.args for q in _outside_partials(t)]


def rename_bound(expr, depth=0):
    """Every bound index renamed _b<depth> by its nesting depth (equal sums become equal)."""
    if not expr.args or not expr.has(Sum):
        return expr
    if isinstance(expr, Sum):
        var, lo, hi = expr.limits[0]
        new = Symbol(f"_b{depth}", integer=True)
        body = expr.function if len(expr.limits) == 1 else Sum(expr.function, *expr.limits[1:])
        return Sum(rename_bound(body.xreplace({var: new}), depth + 1), (new, lo, hi))
    return expr.func(*[rename_bound(t, depth) for t in expr.args])


def _other(d, var):
    return d.args[1] if d.args[0] == var else d.args[0]


def _simplify(expr):
    """0 when the plain (sum-free) part cancels; rational functions are brought together."""
    expr = expand(expr)
    if expr == 0 or not any(t.is_Pow and t.exp.is_negative for t in preorder_traversal(expr)):
        return expr                           # a polynomial: expand has decided
    c = cancel(together(expr))
    return Integer(0) if c == 0 else expr
