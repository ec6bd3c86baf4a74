"""Finite sums, rewritten to a canonical form by sound rules (the algebra under Canon's definitions), each an
equality at every instance of the domain: linearity, a Kronecker delta collapsing a sum to the range guard of
its term, u if c else v written [c] (u - v) + v, sum_k y_k = 1 over every output when the cost takes y as a
probability vector (sum_k y_ks = 1 for each sample s of a mini-batch), a sum that stands as a power's base
elsewhere in its term written as that base, guards and deltas decided by the domain and the sums around them;
the linearity of d/dV (definitions off)."""
from functools import lru_cache

from sympy import (Add, And, Indexed, Integer, KroneckerDelta, Mul, Piecewise, Pow, Product, Sum, cancel, count_ops,
                   exp, expand, log, tanh, together)

from ..model.symbols import C, C0, L, Partial, guard, is_guard, kind, n, outer, rename_bound, substitute

CANCEL = 400              # the largest sum-free remainder (in operations) that is cancelled as a rational function


class Sums:
    """The finite-sum rules of a Canon (which sets network, facts, pin and fresh)."""

    def canonical(self, expr, limits):
        """Plain terms, then one sum per range with a canonical body; Kronecker sums collapsed."""
        expr = expand(self.inside(expr, limits), power_exp=False)     # exp(sum) kept: sympy writes it a Product
        plain, groups = [], {}
        for t in Add.make_args(expr):
            t = self.term(t, limits)
            if isinstance(t, Sum):
                groups.setdefault(_outer(t)[1:3], []).append(t)
            elif t != 0:
                plain.append(t)
        out = []
        for (lo, hi), sums in groups.items():
            var = self.fresh()
            body = Add(*[inner.xreplace({old: var}) for old, _, _, inner in map(_outer, sums)])
            body = self.canonical(body, {**limits, var: (lo, hi)})
            out += Add.make_args(self.collapse(var, lo, hi, body, limits))
        plain += [t for t in out if not isinstance(t, Sum)]
        return _plain(Add(*plain)) + Add(*[t for t in out if isinstance(t, Sum)])

    def inside(self, expr, limits):
        """Sums inside powers and functions made canonical first; a small power of a sum multiplied out."""
        if isinstance(expr, (Add, Mul)):
            return expr.func(*[self.inside(t, limits) for t in expr.args])
        if isinstance(expr, (Sum, Product)) or not expr.has(Sum, KroneckerDelta, Piecewise) or is_guard(expr):
            return expr                 # a product over an index (sympy's e^(sum)) is kept as it is
        if isinstance(expr, Piecewise) and len(expr.args) == 2 and expr.args[1].cond == True and \
                self.canonical(expr.args[1].expr, limits) == 0:       # noqa: E712  (sympy's Sum(0, ...))
            return guard(expr.args[0].cond) * self.inside(expr.args[0].expr, limits)
        if isinstance(expr, Piecewise) and expr.args[-1].cond == True:  # noqa: E712  (u if c, else v)
            (u, c), rest = expr.args[0], expr.args[1:]
            v = Piecewise(*rest) if len(rest) > 1 else rest[0].expr
            return self.inside(guard(c) * (u - v) + v, limits)         # [c] (u - v) + v
        if isinstance(expr, Pow):
            base = self.canonical(expr.base, limits)
            if base.has(Sum) and expr.exp.is_Integer and 2 <= expr.exp <= 4:
                return Mul(*[self.fresh_sums(base) for _ in range(int(expr.exp))])
            return Pow(rename_bound(base), expr.exp)
        return expr.func(*[rename_bound(self.canonical(t, limits)) for t in expr.args])

    def term(self, t, limits):
        """One product: guards and deltas decided, a delta's index substituted, one sum pulled out."""
        facts = self.facts.within(limits)
        factors = Mul.make_args(t)
        conditions, deltas, rest = [], [], []
        for f in factors:
            if is_guard(f):
                cond = f.args[0].cond
                conditions += list(cond.args) if isinstance(cond, And) else [cond]
                rest.append(f.args[0].expr)
            elif isinstance(f, KroneckerDelta):
                deltas.append(f)
            else:
                rest.append(f)
        kept = []
        for c in conditions:
            if c == False or facts.fails(c):  # noqa: E712
                return Integer(0)
            if c != True and not facts.holds(c):  # noqa: E712
                kept.append(c)
        rest = Mul(*rest)
        live = []
        for d in deltas:
            s = facts.sign(d.args[0] - d.args[1])
            if s is not None and s != 0:
                return Integer(0)
            if s == 0:
                continue
            u, v = sorted(d.args, key=str)
            if v.is_Symbol:
                rest = substitute(rest, {v: u})
                kept = [c.xreplace({v: u}) for c in kept]
            live.append(d)
        head = Mul(*live) * (guard(And(*sorted(set(kept), key=str))) if kept else 1)
        s = next((f for f in Mul.make_args(rest) if isinstance(f, Sum)), None)
        if s is None:
            return head * rest
        var, lo, hi, body = _outer(s)
        outside = head * Mul(*[f for f in Mul.make_args(rest) if f is not s])
        if var in outside.free_symbols:             # the factor moving in would be captured
            new = self.fresh()
            var, body = new, body.xreplace({var: new})
        return Sum(outside * body, (var, lo, hi))

    def collapse(self, var, lo, hi, body, limits):
        """sum_var f [var = t] = [lo <= t <= hi] f(t); a term free of var is counted hi - lo + 1 times;
        a sum of 0 is 0, over any range, and so is a sum over a range the facts show empty; a guard on var
        narrows the range (`_narrowed`)."""
        facts = self.facts.within(limits)
        if body == 0 or facts.le(hi + 1, lo):
            return Integer(0)
        done, kept = [], []
        every_output = self.network.cost.probability and lo == 1 and self.facts.sign(self.pin(hi - n(L))) == 0
        nonempty = facts.le(lo, hi)
        for t in Add.make_args(body):
            if var not in t.free_symbols and facts.le(lo - 1, hi) and (nonempty or _total(t)):
                done.append((hi - lo + 1) * t)          # a term free of var, counted once a value (0 times: 0,
                continue                                # so t must have a value then: sum_{k=2}^{n_1} 1/(n_1 - 1))
            target = _target_of(t, var) if every_output else None
            if target is not None:
                done.append(t / target)                 # sum_k y_k = 1: y is a probability vector (each sample's)
                continue
            found = _delta_of(t, var)
            narrowed = _narrowed(t, var, lo, hi, facts) if found is None else None
            if narrowed is not None:
                done.append(Sum(narrowed[2], (var, narrowed[0], narrowed[1])))
                continue
            if found is None:
                known = _as_known_sum(t, var, lo, hi) if nonempty else None     # S/S = 1 needs S over a range
                if known is None:
                    kept.append(t)
                else:
                    done.append(known)
                continue
            d, rest = found
            u = _other(d, var)
            done.append(substitute(rest, {var: u}) * guard(And(u >= lo, u <= hi)))
        out = self.canonical(Add(*done), limits) if done else Integer(0)
        return out + (Sum(Add(*kept), (var, lo, hi)) if kept else 0)


def linear(expr):
    """Derivatives are linear: d(F + G)/dV = dF/dV + dG/dV, d(c F)/dV = c dF/dV and dc/dV = 0 for a
    c free of the network's quantities (a number, a size, a Kronecker delta or guard of indices),
    d(sum_k F)/dV = sum_k dF/dV (k bound to a fresh name, so not in V)."""
    if isinstance(expr, Partial):
        f, v = linear(expr.f), expr.v
        if f.is_Add:
            return Add(*[linear(Partial(t, v)) for t in f.args])
        if f.is_Mul:
            constant = [t for t in f.args if _constant(t)]
            if constant:
                return Mul(*constant) * linear(Partial(Mul(*[t for t in f.args if not _constant(t)]), v))
        if isinstance(f, Sum) and not v.free_symbols & {lim[0] for lim in f.limits}:
            return Sum(linear(Partial(f.function, v)), *f.limits)
        return Integer(0) if _constant(f) else Partial(f, v)
    if not expr.has(Partial):
        return expr
    return expr.func(*[linear(t) for t in expr.args])


def _constant(t):
    """t is free of the network's quantities: no w, b, z, a, x, y, C or derivative in it."""
    return not t.has(Indexed, Partial, C, C0)


def _outer(s):
    """symbols.outer, taking of the limits that can go outermost the one whose range comes first by
    its text: sum_j sum_k and sum_k sum_j over independent ranges are taken in one order."""
    return outer(s, key=lambda limit: (str(limit[1]), str(limit[2])))


def _delta_of(t, var):
    """(a Kronecker delta [var = u] that multiplies t, t without it) or None, for a whole number u (no
    whole k is j/2 at odd j); the delta may stand inside t's sum, in every term of its body, when u is free
    of the sum's indices (it is a constant factor of every term)."""
    factors = Mul.make_args(t)
    for f in factors:
        if isinstance(f, KroneckerDelta) and var in f.args and var not in _other(f, var).free_symbols and \
                _other(f, var).is_integer:
            return f, Mul(*[g for g in factors if g is not f])
    if isinstance(t, Sum):                      # a delta of every term of the sum's body
        bound = {lim[0] for lim in t.limits} | {var}
        terms = [Mul.make_args(u) for u in Add.make_args(t.function)]
        for f in sorted(set(terms[0]).intersection(*terms[1:]), key=str):
            if isinstance(f, KroneckerDelta) and var in f.args and not _other(f, var).free_symbols & bound and \
                    _other(f, var).is_integer:
                return f, Sum(Add(*[Mul(*[g for g in u if g != f]) for u in terms]), *t.limits)
    return None


def _narrowed(t, var, lo, hi, facts):
    """(lo', hi', t without the guard's bounds on var) for sum_{var=lo}^{hi} t = sum_{var=lo'}^{hi'} t': a
    bound c <= var of t's guard, with lo <= c on the facts, moves the lower end of the range to c (the terms
    below it are 0), and var <= c, with c <= hi, the upper end; a range left empty is 0 as the guard was. None
    when the guard bounds var nowhere so."""
    for f in Mul.make_args(t):
        if not is_guard(f):
            continue
        cond = f.args[0].cond
        conditions, kept = (cond.args if isinstance(cond, And) else (cond,)), []
        for c in conditions:
            end, value = _bound_of(c, var)
            if end == "lo" and facts.le(lo, value):
                lo = value
            elif end == "hi" and facts.le(value, hi):
                hi = value
            else:
                kept.append(c)
        if len(kept) == len(conditions):
            return None
        rest = Mul(*[g for g in Mul.make_args(t) if g is not f]) * f.args[0].expr
        return lo, hi, rest * (guard(And(*kept)) if kept else 1)
    return None


def _bound_of(c, var):
    """("lo", c') for a condition var >= c' (var > c' is var >= c' + 1), ("hi", c') for var <= c', with c' a
    whole number free of var; else (None, None)."""
    if getattr(c, "rel_op", None) not in (">=", ">", "<=", "<"):
        return None, None
    side, other, op = (c.lhs, c.rhs, c.rel_op) if c.lhs == var else (c.rhs, c.lhs, c.reversed.rel_op)
    if side != var or var in other.free_symbols or other.is_integer is not True:
        return None, None
    return {">=": ("lo", other), ">": ("lo", other + 1), "<=": ("hi", other), "<": ("hi", other - 1)}[op]


def _target_of(t, var):
    """The target y_var (y[var, s] of a sample s) that multiplies t, when the rest of t is free of var; else None."""
    for f in Mul.make_args(t):
        if kind(f) == "y" and f.indices[0] == var and not any(var in i.free_symbols for i in f.indices[1:]) \
                and var not in (t / f).free_symbols:
            return f
    return None


def _as_known_sum(t, var, lo, hi):
    """rest * S, when t = g(var) rest with rest free of var, and S = sum_var g(var) is the base of a
    power in rest (a softmax's denominator): S then meets its own power. None otherwise."""
    factors = Mul.make_args(t)
    rest = [f for f in factors if var not in f.free_symbols]
    bases = [f.base for f in rest if f.is_Pow and isinstance(f.base, Sum)]
    if not bases:
        return None
    target = rename_bound(Sum(Mul(*[f for f in factors if var in f.free_symbols]), (var, lo, hi)))
    base = next((u for u in bases if rename_bound(u) == target), None)
    return None if base is None else Mul(*rest) * base


def _total(t):
    """t has a value wherever its quantities do: no root or log, and no division but by what is positive (n_l, N)."""
    return not t.has(log) and all(p.exp.is_Integer and (p.exp > 0 or p.base.is_positive) for p in t.atoms(Pow))


def _other(d, var):
    return d.args[1] if d.args[0] == var else d.args[0]


@lru_cache(maxsize=4096)
def _plain(expr):
    """An expression with no sum outside a function: 0 when it cancels (expanded, exp of a sum kept whole, which
    sympy writes as a Product; a rational function of its atoms, exp, log and tanh among them, brought together
    and cancelled); each once a process."""
    expr = expand(expr, power_exp=False)
    if expr == 0:
        return expr
    if (expr.has(exp, log, tanh) or any(t.exp.is_negative for t in expr.atoms(Pow))) and \
            count_ops(expr) <= CANCEL and cancel(together(expr)) == 0:
        return Integer(0)
    return expr
