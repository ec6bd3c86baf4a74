"""The engine's rules: each finds one place in an expression and rewrites it into a Step.

Rules are small classes with `apply(expr, ctx) -> Step | None` (the model is sympy's
manualintegrate). They are generic: they read the network's definitions and never
mention a particular identity.
"""
from sympy import (Add, And, Integer, Min, exp, expand, Indexed, KroneckerDelta, Mul, Piecewise, Sum, diff,
                   Tuple, preorder_traversal)

from sympy.core.relational import Relational

from ..model.activations import derivative
from ..model.network import error, nonnegative
from ..model.proof import Step
from ..model.symbols import (C, C0, L, M, Partial, a, delta, dsigma, fresh_index, guards_as_factors, kind, layer, n,
                             normalize_derivatives, precedes, sample, sigma, z)
from .tidy import tidy


def all_symbols(expr):
    """Every symbol in expr, bound ones included (fresh names must avoid all of them)."""
    return {s for s in preorder_traversal(expr) if getattr(s, "is_Symbol", False)}


def walk(expr, limits=()):
    """(subexpression, enclosing sum limits) in preorder."""
    yield expr, limits
    inner = limits + tuple(expr.limits) if isinstance(expr, Sum) else limits
    for arg in expr.args:
        yield from walk(arg, inner)


def partials(expr):
    return [e for e in preorder_traversal(expr) if isinstance(e, Partial)]


class UnfoldDelta:
    """delta[m, i] -> dC/dz[m, i], for errors that lie before the frontier."""

    def apply(self, expr, ctx):
        ds = [d for d in sorted(expr.atoms(Indexed), key=str)
              if kind(d) == "delta" and precedes(d, ctx.frontier) is True]
        if not ds:
            return None
        after = expr.xreplace({d: ctx.network.definition(d) for d in ds})
        return Step(expr, after, "definition", {"of": ds[0], "folded": False})


class FoldDelta:
    """dC/dz[m, i] -> delta[m, i] (delta[m, i, s] / M for a sample of a mini-batch), for errors at or
    past the frontier; dC0/dz[m, i] too, when C adds a penalty on the weights (which does not depend on z)."""

    def apply(self, expr, ctx):
        ps = [p for p in partials(expr) if kind(p.f) == "C" and kind(p.v) == "z"
              and precedes(p.v, ctx.frontier) is not True]
        if not ps:
            return None
        after = expr.xreplace({p: delta[p.v.indices] * Partial(C, p.v) / error(delta[p.v.indices]) for p in ps})
        return Step(expr, after, "definition", {"of": delta[ps[0].v.indices], "folded": True})


class DerivativeOfDefinition:
    """dU/dV with U = z, a (or C, when the cost is expanded): unfold U down to V's layer,
    differentiate with sympy, and fold the unfolded definitions back into their names."""

    def apply(self, expr, ctx):
        for pd in partials(expr):
            u, v = pd.f, pd.v
            if kind(u) not in ("z", "a", "C") or not self.local(u, v, ctx):
                continue
            unfolded, fold, written = unfold_down_to(u, v, ctx.network, all_symbols(expr))
            middle = expr.xreplace({pd: Partial(unfolded, v)})
            result = normalize_derivatives(derivative(unfolded, v))
            result = result.replace(lambda e: isinstance(e, Sum) and e.function == 0, lambda e: 0)
            result = fold_activations(result.xreplace(fold))
            of = Tuple(*written) if len(written) > 1 else u
            return [Step(expr, middle, "definition", {"of": of, "folded": False}),
                    Step(middle, middle.xreplace({Partial(unfolded, v): result}), "derivative",
                         {"of": u, "by": v})]
        return None

    @staticmethod
    def local(u, v, ctx):
        """U's definition reaches V in finitely many unfoldings (the cost only when it is expanded)."""
        if kind(u) == "C":
            return ctx.expand_cost and u == ctx.network.root and kind(v) == "a" and layer(v) == L
        return precedes(v, u) is True


def unfold_down_to(u, v, network, taken):
    """u's definition with every z and a downstream of v unfolded, the map folding them back, and the quantities
    written by their definitions (u first)."""
    expr = network.definition(u, taken | v.free_symbols)
    fold, written = ({expr: u} if kind(u) == "z" else {}), [u]
    while True:
        todo = [q for q in sorted(expr.atoms(Indexed), key=str)
                if kind(q) in ("z", "a") and precedes(v, q) is True]
        if not todo:
            return expr, fold, written
        q = todo[0]
        written.append(q)
        d = network.definition(q, taken | all_symbols(expr))
        if kind(q) == "z":
            fold[d] = q
        expr = expr.xreplace({q: d})


def fold_activations(expr):
    """sigma(z[l, j]) -> a[l, j]."""
    return expr.replace(lambda e: e.func == sigma and kind(e.args[0]) == "z", lambda e: a[e.args[0].indices])


class PenaltySplit:
    """dC/dV = d(C0 + penalty)/dV = dC0/dV + the penalty's derivative, when C adds a penalty on
    the weights to the cost C0."""

    def apply(self, expr, ctx):
        network = ctx.network
        pd = next((p for p in partials(expr) if p.f == C), None)
        if pd is None or network.regularization is None:
            return None
        penalty = network.definition(C, all_symbols(expr)) - C0
        middle = expr.xreplace({pd: Partial(C0 + penalty, pd.v)})
        slope = diff(penalty, pd.v).replace(lambda e: isinstance(e, Sum) and e.function == 0, lambda e: 0)
        after = expr.xreplace({pd: Partial(C0, pd.v) + slope})
        return [Step(expr, middle, "definition", {"of": C, "folded": False}),
                Step(middle, after, "derivative", {"of": C, "by": pd.v})]


class KroneckerCollapse:
    """sum_s f(s) [s = t] -> [lo <= t <= hi] f(t): the sum keeps only its t-th term (the innermost
    index of a sum of sums first)."""

    def apply(self, expr, ctx):
        for s, limits in walk(expr):
            if not isinstance(s, Sum):
                continue
            var, lo, hi = s.limits[0]
            summand = common_delta_factored(guards_as_factors(s.function), var)
            deltas = [f for f in Mul.make_args(summand) if isinstance(f, KroneckerDelta)
                      and var in f.args]
            if not deltas:
                continue
            deltas.sort(key=lambda d: 0 if range_of(other(d, var), ctx, limits) == (lo, hi) else 1)
            d = deltas[0]
            t = other(d, var)
            body = Mul(*[f for f in Mul.make_args(summand) if f is not d]).xreplace({var: t})
            cond = And(t >= lo, t <= hi)
            unwritten = [c for c in And.make_args(cond) if not _written(c) and implied(c, ctx, limits)]
            kept = Piecewise((1, And(*(c for c in And.make_args(cond) if c not in unwritten))), (0, True)) * body
            after = expr.xreplace({s: Sum(kept, *s.limits[1:]) if len(s.limits) > 1 else kept})
            return Step(expr, after, "kronecker", {"over": var, "at": t},
                        (("range", t, lo, hi),) + tuple(("implied", c) for c in unwritten))
        return None


def _written(rel):
    """The notation writes the relation as a guard: each side a number, an index or a width (not L >= l - 1, the
    range of m = l - 1 over 2..L, which the domain 3 <= l <= L + 1 shows to hold and the collapse leaves out)."""
    return not isinstance(rel, Relational) or all(side.is_number or side.is_Symbol or side.func == n
                                                   for side in (rel.lhs, rel.rhs))


def common_delta_factored(summand, var):
    """f1 [var = t] + f2 [var = t] -> (f1 + f2) [var = t]: a delta shared by every term, taken out."""
    terms = Add.make_args(expand(summand))
    shared = set.intersection(*[{f for f in Mul.make_args(t) if isinstance(f, KroneckerDelta) and var in f.args}
                                for t in terms])
    if len(terms) == 1 or not shared:
        return summand
    d = sorted(shared, key=str)[0]
    return d * Add(*[t / d for t in terms])


def other(d, var):
    return d.args[1] if d.args[0] == var else d.args[0]


def range_of(t, ctx, limits):
    """The range of t, an index of the domain or of an enclosing sum, or one plus a number (l - 1: 2..L for l in
    3..L + 1); None for another."""
    for lim in tuple(ctx.domain) + tuple(limits):
        if lim[0] == t:
            return (lim[1], lim[2])
    for lim in tuple(ctx.domain) + tuple(limits):
        shift = t - lim[0]
        if lim[0].is_Symbol and shift.is_Integer:
            return (lim[1] + shift, lim[2] + shift)
    return None


class RangeCondition:
    """[lo <= t <= hi] f -> f, because t ranges over lo..hi (domain or enclosing sum)."""

    def apply(self, expr, ctx):
        for pw, limits in walk(expr):
            if not (isinstance(pw, Piecewise) and len(pw.args) == 2 and pw.args[1] == (0, True)):
                continue
            value, cond = pw.args[0]
            parts = cond.args if isinstance(cond, And) else (cond,)
            if all(implied(c, ctx, limits) for c in parts):
                return Step(expr, expr.xreplace({pw: value}), "range", {"holds": cond},
                            (("holds", cond),))
        return None


def implied(rel, ctx, limits):
    """t >= lo or t <= hi (either way round), with t's range read off the domain or an enclosing sum,
    or a relation that holds on every net (L >= 2, every width n(m) >= 1)."""
    t, op, bound = rel.lhs, rel.rel_op, rel.rhs
    if op in (">=", "<=") and nonnegative(t - bound if op == ">=" else bound - t):
        return True
    if range_of(t, ctx, limits) is None and op in (">=", "<="):
        t, op, bound = bound, {">=": "<=", "<=": ">="}[op], t
    r = range_of(t, ctx, limits)
    if r is None:
        return False
    if op == ">=":
        return (r[0] - bound).is_nonnegative is True
    if op == "<=":
        return (bound - r[1]).is_nonnegative is True or bound == r[1] or (
            isinstance(r[1], Min) and bound in r[1].args)
    return False


class SumSplit:
    """sum_k (f_k + g_k) -> sum_k f_k + sum_k g_k, and c sum_k f_k for a factor c free of k: a sum
    is linear (done only where a term needs it: a Kronecker delta or the targets y_k to sum over k)."""

    def apply(self, expr, ctx):
        for s, _ in walk(expr):
            if not isinstance(s, Sum) or len(s.limits) != 1:
                continue
            var = s.limits[0][0]
            terms = Add.make_args(expand(s.function))
            if len(terms) == 1 and all(var in f.free_symbols for f in Mul.make_args(terms[0])):
                continue
            if not any(isinstance(f, KroneckerDelta) or kind(f) == "y" and f.indices[0] == var
                       for t in terms for f in Mul.make_args(t)):
                continue
            parts = []
            for t in terms:
                inside = [f for f in Mul.make_args(t) if var in f.free_symbols]
                outside = [f for f in Mul.make_args(t) if var not in f.free_symbols]
                parts.append(Mul(*outside) * Sum(Mul(*inside), s.limits[0]))
            return Step(expr, expr.xreplace({s: Add(*parts)}), "linearity", {"over": var})
        return None


class ProbabilitySum:
    """sum_{k=1}^{n_L} y_k -> 1 (y_{ks} of one sample too), when the cost takes y as a probability vector."""

    def apply(self, expr, ctx):
        if not ctx.network.cost.probability:
            return None
        for s, _ in walk(expr):
            if isinstance(s, Sum) and len(s.limits) == 1 and s.limits[0][1:] == (1, n(L)) \
                    and kind(s.function) == "y" and s.function.indices[0] == s.limits[0][0] \
                    and not any(s.limits[0][0] in i.free_symbols for i in s.function.indices[1:]):
                return Step(expr, expr.xreplace({s: Integer(1)}), "probability", {"over": s.limits[0][0]})
        return None


class FoldOutput:
    """exp(z^L_j) / sum_p exp(z^L_p) -> a^L_j: the softmax output layer's definition, read right
    to left (each exp(z^L_j) of a term paired with one power of the sum of its own sample)."""

    def apply(self, expr, ctx):
        if not ctx.network.output:
            return None
        spread = expand(expr)
        after = spread
        for total in sorted({t for t in preorder_traversal(expr) if _softmax_total(t) is not None}, key=str):
            after = after.replace(lambda t: t.is_Mul and _foldable(t, total), lambda t: _fold(t, total))
        if after == spread:
            return None
        p = fresh_index(all_symbols(expr), "p")
        first = sorted((q for q in after.atoms(Indexed) if kind(q) == "a" and not expr.has(q)), key=str)
        return Step(expr, after, "definition", {"of": first[0] if first else a[L, p], "folded": True})


def _softmax_total(t):
    """The sample indices (() for one input) of a softmax's denominator sum_p exp(z^L_p), else None."""
    if not (isinstance(t, Sum) and len(t.limits) == 1 and t.limits[0][1:] == (1, n(L)) and t.function.func == exp):
        return None
    var, q = t.limits[0][0], t.function.args[0]
    if kind(q) != "z" or q.indices[:2] != (L, var) or any(var in i.free_symbols for i in q.indices[2:]):
        return None
    return q.indices[2:]


def _mine(f, total):
    """f is exp(z^L_j) of the same sample as the softmax's denominator `total`."""
    return f.func == exp and kind(f.args[0]) == "z" and f.args[0].indices[0] == L and \
        f.args[0].indices[2:] == _softmax_total(total)


def _foldable(t, total):
    factors = Mul.make_args(t)
    return any(_mine(f, total) for f in factors) and \
        any(f.is_Pow and f.base == total and f.exp.is_negative for f in factors)


def _fold(t, total):
    """One a^L_j for each exp(z^L_j) while a power of the sum is left to divide by."""
    factors = list(Mul.make_args(t))
    power = next(f for f in factors if f.is_Pow and f.base == total)
    left, out = -power.exp, []
    for f in factors:
        if f is power:
            continue
        if _mine(f, total) and left > 0:
            out.append(a[f.args[0].indices])
            left -= 1
        else:
            out.append(f)
    return Mul(*out) * total ** -left


class ChainRule:
    """dC/dV = sum_i dC/du_i du_i/dV, through the family u that follows V on the path to C."""

    def apply(self, expr, ctx):
        for pd in partials(expr):
            root = ctx.network.root
            if pd.f != root or kind(pd.v) not in ("w", "b", "z", "a"):
                continue
            if precedes(pd.v, ctx.frontier) is not True:
                continue
            family, m = successor(pd.v, ctx.route)
            i = fresh_index(all_symbols(expr), "k")
            own = sample(pd.v)                 # a node of one sample moves that sample's nodes alone
            s = own if own is not None else fresh_index(all_symbols(expr) | {i}, "s") if ctx.network.batch else None
            u = (z if family == "z" else a)[(m, i) + (() if s is None else (s,))]
            if (kind(u), layer(u)) != (kind(ctx.frontier), layer(ctx.frontier)) \
                    and precedes(u, ctx.frontier) is not True:
                continue
            total = Sum(Partial(root, u) * Partial(u, pd.v), (i, 1, n(m)))
            detail = {"via": u, "over": (i, 1, n(m)), "of": pd.v}
            if s is not None and own is None:  # a weight or a bias moves every sample's nodes
                total = Sum(total, (s, 1, M))
                detail["samples"] = (s, 1, M)
            return Step(expr, expr.xreplace({pd: total}), "chain-rule", detail, (("separates", u, pd.v),))
        return None


def successor(v, route):
    """The family after v on the path to C: ('z' | 'a', layer)."""
    t, m = kind(v), layer(v)
    if route == "z":
        return {"w": ("z", m), "b": ("z", m), "z": ("a", m), "a": ("z", m + 1)}[t]
    return {"w": ("a", m), "b": ("a", m), "z": ("a", m), "a": ("a", m + 1)}[t]


class ActivationLaw:
    """sigma'(t) -> the activation's derivative written through sigma(t)."""

    def apply(self, expr, ctx):
        act = ctx.network.activation
        ds = sorted(expr.atoms(dsigma), key=str)
        if not ds or act.law is None or not ctx.use_activation:
            return None
        after = expr.xreplace({d: act.law(sigma(d.args[0]), d.args[0]) for d in ds})
        return Step(expr, after, "activation", {"name": act.name})


class FoldActivation:
    """sigma(z[l, j]) -> a[l, j]: the definition of a, read right to left."""

    def apply(self, expr, ctx):
        after = fold_activations(expr)
        if after == expr:
            return None
        s = sorted((t for t in expr.atoms(sigma) if kind(t.args[0]) == "z"), key=str)[0]
        return Step(expr, after, "definition", {"of": a[s.args[0].indices], "folded": True})


class Algebra:
    """Collect, cancel and tidy, once nothing else applies."""

    def apply(self, expr, ctx):
        after = tidy(expr)
        if after == expr:
            return None
        return Step(expr, after, "algebra", {})
