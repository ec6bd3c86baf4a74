"""Index-level equality: lhs - rhs rewritten by sound rules to a normal form, which is 0 or not.

Each rule is an equality at every instance of the domain:
- definitions: delta = dC/dz; a^m = x (m = 1) or sigma(z^m) (m >= 2); z's and C's definitions;
  a concrete activation's formula for sigma;
- derivatives: dF/dV of an expression F by linearity and sympy's diff through its quantities
  (the multivariate chain rule); for a quantity q, the Kronecker deltas of its neuron indices when
  q and V are one quantity, 0 when q does not depend on V, else q's definition differentiated;
  dC/dV unfolded only when V lies a fixed number of layers before C;
- finite sums: linearity, a Kronecker delta collapsing a sum to the range guard of its term,
  guards and deltas decided by the domain and the sums around them.
A question the domain does not decide (is l = L? is l - 1 >= 2?) raises Undecided, which names
the index to split the domain on; the normal form never assumes an answer.
"""
from functools import lru_cache
from itertools import count

from sympy import (Add, And, Derivative, Dummy, Indexed, Integer, KroneckerDelta, Mul, Piecewise, Pow,
                   Subs, Sum, Symbol, cancel, count_ops, diff, exp, expand, log, tanh, together)

from ..model.symbols import (C, L, Partial, dsigma, guard, guards_as_factors, is_guard, kind, layer, order,
                             rename_bound, sigma, substitute, x, z)
from ..model.activations import T


CANCEL = 400              # the largest sum-free remainder (in operations) that is cancelled as a rational function


class Undecided(Exception):
    """The domain does not decide a question: split it on `symbol` at its `end` ('lo' or 'hi')."""

    def __init__(self, symbol, end, question):
        super().__init__(question)
        self.symbol, self.end = symbol, end


class NotAFunction(ValueError):
    """dF/dV with no meaning: F a parameter ("parameter"), or V not a variable ("variable")."""

    def __init__(self, f, v, why):
        super().__init__(f"d{f}/d{v}: {why}")
        self.f, self.v, self.why = f, v, why


class Unsupported(ValueError):
    """A derivative the rules do not take (a second derivative of the generic sigma or of C)."""


class Canon:
    """Normal forms on one network and one domain's facts; `definitions` False: algebra only."""

    def __init__(self, network, facts, definitions=True, sigma="any"):
        """sigma: "any" (an undefined function: what holds holds for every activation), "law" (the
        activation's law writes sigma' through sigma, once sympy has derived it from the formula),
        or "formula" (sigma written by its formula)."""
        self.network, self.facts, self.definitions = network, facts, definitions
        act = network.activation
        self.formula = (act.formula(T), diff(act.formula(T), T)) if sigma == "formula" else None
        self.law = act.law if sigma == "law" and lawful(act) else None
        self.names = count()
        self.doubts = []

    def equal(self, lhs, rhs):
        """lhs = rhs at every instance, by these rules (False: not shown). A definition the
        domain could not decide is left folded, and noted in `doubts` for a split."""
        for unfold_z in ((False, True) if self.definitions else (False,)):
            if self.normal(lhs - rhs, unfold_z) == 0:
                return True
        return False

    # --- definitions and derivatives ----------------------------------------------------
    def normal(self, expr, unfold_z=False):
        """The normal form of expr; with unfold_z, every z above the lowest layer that expr names
        outside dC/d(.) is written by its definition too (the same depth whichever side it is on)."""
        expr = self.fresh_sums(expr)
        if self.definitions:
            expr = self.activation(expr.replace(lambda e: isinstance(e, Indexed) and kind(e) == "delta",
                                                lambda e: Partial(C, z[e.indices])))
            expr = self.reduce(expr)
            floor = self.floor(expr) if unfold_z else None
            expr = self.activation(self.unfold(expr, floor))
        expr = guards_as_factors(expr)
        for _ in range(3):
            again = rename_bound(self.fresh_sums(self.canonical(expr, {})))
            if again == 0 or again == expr:
                return again
            expr = again
        return expr

    def activation(self, expr):
        if self.law is not None:
            return expr.replace(lambda e: e.func == dsigma, lambda e: self.law(sigma(e.args[0]), e.args[0]))
        if self.formula is None:
            return expr
        f, df = self.formula
        return expr.replace(lambda e: e.func in (sigma, dsigma),
                            lambda e: (f if e.func == sigma else df).xreplace({T: e.args[0]}))

    def fresh(self):
        return Symbol(f"_p{next(self.names)}", integer=True)

    def fresh_sums(self, expr):
        """Every bound index renamed to one used nowhere else (sympy issue 21891 cannot arise)."""
        if not expr.has(Sum):
            return expr
        if isinstance(expr, Sum):
            var, lo, hi = expr.limits[0]
            body = expr.function if len(expr.limits) == 1 else Sum(expr.function, *expr.limits[1:])
            new = self.fresh()
            return Sum(self.fresh_sums(body.xreplace({var: new})), (new, lo, hi))
        return expr.func(*[self.fresh_sums(t) for t in expr.args])

    def reduce(self, expr):
        """Every derivative written out, innermost first; dC/dV stays when V is not local."""
        if isinstance(expr, Partial):
            f, v = self.reduce(expr.f), expr.v
            if kind(v) not in ("w", "b", "z", "a"):
                raise NotAFunction(f, v, "variable")
            if kind(f) in ("x", "y") or (kind(f) in ("w", "b") and (kind(f) != kind(v) or
                                                                     self.decide(layer(f) - layer(v), "hi") != 0)):
                raise NotAFunction(f, v, "parameter")
            if f == C:
                return self.derivative(self.cost(), v) if (layer(v) - L).is_Integer else Partial(C, v)
            return self.derivative(f, v)
        if not expr.args:
            return expr
        return expr.func(*[self.reduce(t) for t in expr.args])

    def cost(self):
        return self.fresh_sums(self.network.definition(C))

    def derivative(self, f, v):
        """dF/dV for an expression F of network quantities."""
        if isinstance(f, Indexed):
            return self.d_quantity(f, v)
        if f == C:
            return self.reduce(Partial(C, v))
        if f.is_Atom or isinstance(f, KroneckerDelta):
            return Integer(0)
        if isinstance(f, Partial):
            raise Unsupported("a second derivative of the cost")
        if isinstance(f, Sum):
            var, lo, hi = f.limits[0]
            body = f.function if len(f.limits) == 1 else Sum(f.function, *f.limits[1:])
            new = self.fresh()
            return Sum(self.derivative(body.xreplace({var: new}), v), (new, lo, hi))
        if is_guard(f):
            return Piecewise((self.derivative(f.args[0].expr, v), f.args[0].cond), (Integer(0), True))
        parts = _parts(f)
        dummies = {t: Dummy() for t in parts}
        back = {d: t for t, d in dummies.items()}
        g, out = f.xreplace(dummies), Integer(0)
        for t, d in dummies.items():
            dt = self.derivative(t, v)
            if dt != 0:
                out += diff(g, d).xreplace(back) * dt
        if out.has(Derivative, Subs):
            raise Unsupported("a second derivative of the generic sigma")
        return out

    def d_quantity(self, q, v):
        """dq/dV for a quantity q."""
        kq, kv = kind(q), kind(v)
        if kq in ("x", "y") or (kq in ("w", "b") and kq != kv):
            return Integer(0)
        if kq == kv:
            s = self.decide(layer(q) - layer(v), "hi")
            if s == 0:
                return Mul(*[KroneckerDelta(u, t) for u, t in zip(q.indices[1:], v.indices[1:])])
            if kq in ("w", "b"):
                return Integer(0)
        if self.decide(order(q) - order(v), "hi") <= 0:
            return Integer(0)
        return self.derivative(self.definition(q), v)

    def definition(self, q):
        """z's or a's definition, with fresh bound names (a only where its layer is decided)."""
        if kind(q) == "z":
            return self.fresh_sums(self.network.definition(q))
        m, i = q.indices
        if self.decide(m - 1, "lo") == 0:
            return x[i]
        return self.sig(z[m, i])

    def sig(self, t):
        return sigma(t) if self.formula is None else self.formula[0].xreplace({T: t})

    def decide(self, e, end):
        """The sign of e at every instance, or Undecided."""
        s = self.facts.sign(e)
        if s is None:
            symbol = self.facts.layer_symbol(e)
            raise Undecided(symbol, "lo" if symbol == L else end, f"the sign of {e} depends on {symbol}")
        return s

    def floor(self, expr):
        """The lowest layer of a z or an a outside dC/d(.) (decided on the domain), or None."""
        layers = [layer(q) for q in _outside(expr) if kind(q) in ("z", "a")]
        return next((m for m in layers if all(self.facts.sign(t - m) in (0, 1) for t in layers)), None)

    def unfold(self, expr, floor):
        """a written by its definition, z too when it lies above the floor, and C, outside dC/d(.)."""
        if isinstance(expr, Partial):
            return expr
        if expr == C:
            return self.unfold(self.cost(), floor)
        if isinstance(expr, Indexed):
            m = expr.indices[0]
            if kind(expr) == "a":
                s = self.facts.sign(m - 1)
                if s is None:
                    self.doubts.append((self.facts.layer_symbol(m), "lo", f"is {expr} an input?"))
                    return expr
                return x[expr.indices[1]] if s == 0 else self.unfold(self.sig(z[expr.indices]), floor)
            if kind(expr) == "z" and floor is not None and self.facts.sign(m - floor) == 1:
                return self.unfold(self.definition(expr), floor)
            return expr
        if not expr.args:
            return expr
        return expr.func(*[self.unfold(t, floor) for t in expr.args])

    # --- finite sums ----------------------------------------------------------------------
    def canonical(self, expr, limits):
        """Plain terms, then one sum per range with a canonical body; Kronecker sums collapsed."""
        expr = expand(self.inside(expr, limits))
        plain, groups = [], {}
        for t in Add.make_args(expr):
            t = self.term(t, limits)
            if isinstance(t, Sum):
                groups.setdefault(tuple(t.limits[0][1:]), []).append(t)
            elif t != 0:
                plain.append(t)
        out = []
        for (lo, hi), sums in groups.items():
            var = self.fresh()
            body = Add(*[_inner(s).xreplace({s.limits[0][0]: var}) for s in sums])
            body = self.canonical(body, {**limits, var: (lo, hi)})
            out += Add.make_args(self.collapse(var, lo, hi, body, limits))
        plain += [t for t in out if not isinstance(t, Sum)]
        return _plain(Add(*plain)) + Add(*[t for t in out if isinstance(t, Sum)])

    def inside(self, expr, limits):
        """Sums inside powers and functions made canonical first; a small power of a sum multiplied out."""
        if isinstance(expr, (Add, Mul)):
            return expr.func(*[self.inside(t, limits) for t in expr.args])
        if isinstance(expr, Sum) or not expr.has(Sum, KroneckerDelta, Piecewise) or is_guard(expr):
            return expr
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
        var, lo, hi = s.limits[0]
        new = self.fresh()
        body = (s.function if len(s.limits) == 1 else Sum(s.function, *s.limits[1:])).xreplace({var: new})
        outside = Mul(*[f for f in Mul.make_args(rest) if f is not s])
        return Sum(head * outside * body, (new, lo, hi))

    def collapse(self, var, lo, hi, body, limits):
        """sum_var f [var = t] = [lo <= t <= hi] f(t); a term free of var is counted hi - lo + 1 times."""
        done, kept = [], []
        for t in Add.make_args(body):
            if var not in t.free_symbols and self.facts.within(limits).le(lo - 1, hi):
                done.append((hi - lo + 1) * t)          # a term free of var, counted once a value
                continue
            d = next((f for f in Mul.make_args(t) if isinstance(f, KroneckerDelta) and var in f.args
                      and var not in _other(f, var).free_symbols), None)
            if d is None:
                kept.append(t)
                continue
            u = _other(d, var)
            rest = Mul(*[f for f in Mul.make_args(t) if f is not d])
            done.append(substitute(rest, {var: u}) * guard(And(u >= lo, u <= hi)))
        out = self.canonical(Add(*done), limits) if done else Integer(0)
        return out + (Sum(Add(*kept), (var, lo, hi)) if kept else 0)


def _inner(s):
    """What a sum adds up over its first index: a sum that sympy flattened keeps its other indices."""
    return s.function if len(s.limits) == 1 else Sum(s.function, *s.limits[1:])


def _outside(expr):
    """The quantities of expr that are not inside a dC/d(.)."""
    if isinstance(expr, Partial):
        return []
    if isinstance(expr, Indexed):
        return [expr]
    return [q for t in expr.args for q in _outside(t)]


def _parts(f):
    """The maximal subexpressions of f that are not arithmetic or a function: quantities, C,
    derivatives, sums, guards."""
    if isinstance(f, (Indexed, Partial, Sum, Piecewise, KroneckerDelta)) or f == C:
        return {f}
    if f.is_Atom:
        return set()
    return set().union(*[_parts(t) for t in f.args])


def _other(d, var):
    return d.args[1] if d.args[0] == var else d.args[0]


@lru_cache(maxsize=4096)
def _plain(expr):
    """A sum-free expression: 0 when it cancels (expanded; a rational function of its atoms,
    exp, log and tanh among them, brought together and cancelled); each once a process."""
    expr = expand(expr)
    if expr == 0:
        return expr
    if (expr.has(exp, log, tanh) or any(t.exp.is_negative for t in expr.atoms(Pow))) and \
            count_ops(expr) <= CANCEL and cancel(together(expr)) == 0:
        return Integer(0)
    return expr


@lru_cache(maxsize=None)
def lawful(activation):
    """The activation's law (sigma' written through sigma) follows from its formula, by sympy."""
    if activation.law is None:
        return False
    f = activation.formula(T)
    return cancel(together(expand(diff(f, T) - activation.law(f, T)))) == 0
