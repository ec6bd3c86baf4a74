"""Index-level equality: lhs - rhs rewritten by sound rules to a normal form, which is 0 or not.

Each rule is an equality at every instance of the domain:
- definitions: delta = dC/dz (M dC/dz, the error of one sample of a mini-batch); a^m = x (m = 1),
  a softmax of z^L (m = L, for a softmax output) or
  sigma(z^m); z's and C's definitions (C = C0 + the penalty, when there is one);
  a concrete activation's formula for sigma;
- derivatives: dF/dV of an expression F by linearity and sympy's diff through its quantities
  (the multivariate chain rule); for a quantity q, the Kronecker deltas of its neuron indices when
  q and V are one quantity, 0 when q does not depend on V, else q's definition differentiated;
  dC/dV unfolded only when V lies a fixed number of layers before C;
- finite sums: linearity, a Kronecker delta collapsing a sum to the range guard of its term,
  u if c else v written [c] (u - v) + v,
  sum_k y_k = 1 over every output when the cost takes y as a probability vector (sum_k y_ks = 1
  for each sample s of a mini-batch), a sum that
  stands as a power's base elsewhere in its term written as that base,
  guards and deltas decided by the domain and the sums around them.
A question the domain does not decide (is l = L? is l - 1 >= 2?) raises Undecided, which names
the index to split the domain on; the normal form never assumes an answer.
"""
from functools import lru_cache
from itertools import count

from sympy import (Add, And, Derivative, Dummy, Indexed, Integer, KroneckerDelta, Mul, Piecewise, Pow,
                   Subs, Sum, Symbol, cancel, count_ops, exp, expand, log, tanh, together)

from ..model.symbols import (C, C0, L, Partial, dsigma, guard, guards_as_factors, is_guard, kind, layer, order,
                             n, outer, rebind, rename_bound, sample, sigma, substitute, x, z)
from ..model.activations import T, derivative
from ..model.network import error, not_a_function


CANCEL = 400              # the largest sum-free remainder (in operations) that is cancelled as a rational function
NORMALS = {}              # (rules, facts, expression up to bound names, unfold_z) -> (normal form, doubts), one process
MAX_NORMALS = 20_000


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
        self.formula = (act.formula(T), derivative(act.formula(T), T)) if sigma == "formula" else None
        self.law = act.law if sigma == "law" and lawful(act) else None
        self.names = count()
        self.doubts = []
        self.rules = (network.options, network.widths, definitions, sigma)     # every option: batch too
        depth = facts.value(L)                  # L's one value on the domain (a case of a split on L), or None
        self.pin = (lambda e: e.xreplace({L: depth})) if depth is not None else (lambda e: e)

    def equal(self, lhs, rhs):
        """lhs = rhs at every instance, by these rules (False: not shown). A definition the
        domain could not decide is left folded, and noted in `doubts` for a split. z is unfolded
        first when a side applies sigma to z's definition written out (sigma(b + sum w a))."""
        tries = (False, True) if self.definitions else (False,)
        for unfold_z in (tries[::-1] if _written_out(lhs - rhs) else tries):
            if self.normal(lhs - rhs, unfold_z) == 0:
                return True
        return False

    # --- definitions and derivatives ----------------------------------------------------
    def normal(self, expr, unfold_z=False):
        """The normal form of expr; with unfold_z, every z above the lowest layer that expr names
        outside dC/d(.) is written by its definition too (the same depth whichever side it is on).
        Kept for this process: it depends on the rules (network, definitions, sigma), the facts
        and expr up to the names of its bound indices alone."""
        key = (self.rules, self.facts.key(), rename_bound(expr), unfold_z)
        if key not in NORMALS:
            if len(NORMALS) > MAX_NORMALS:               # a long session's memory stays bounded
                NORMALS.clear()
            doubts = len(self.doubts)
            NORMALS[key] = (self._normal(expr, unfold_z), tuple(self.doubts[doubts:]))
            del self.doubts[doubts:]
        form, doubts = NORMALS[key]
        self.doubts += doubts
        return form

    def _normal(self, expr, unfold_z):
        expr = self.fresh_sums(expr)
        if self.definitions:
            expr = self.activation(expr.replace(lambda e: isinstance(e, Indexed) and kind(e) == "delta",
                                                error))
            expr = self.reduce(expr)
            floor = self.floor(expr) if unfold_z else None
            expr = self.activation(self.unfold(expr, floor))
        else:
            expr = linear(expr)
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
        return rebind(expr, lambda _, depth: (self.fresh(), depth))

    def reduce(self, expr):
        """Every derivative written out, innermost first; dC/dV stays when V is not local."""
        if isinstance(expr, Partial):
            f, v = self.reduce(expr.f), expr.v
            if kind(v) not in ("w", "b", "z", "a"):
                raise NotAFunction(f, v, "variable")
            if not_a_function(f, v, self.before):
                raise NotAFunction(expr.f, v, "parameter")       # as written, not as reduced
            if f == C and self.network.regularization:
                return self.derivative(self.cost(C), v)
            if f in (C, C0):
                root = self.network.root
                return self.derivative(self.cost(root), v) if self.pin(layer(v) - L).is_Integer else Partial(root, v)
            return self.derivative(f, v)
        if not expr.args:
            return expr
        return expr.func(*[self.reduce(t) for t in expr.args])

    def cost(self, q):
        """C's or C0's definition (C0 + the penalty, or the cost), with fresh bound names."""
        return self.pin(self.fresh_sums(self.network.definition(q)))

    def derivative(self, f, v):
        """dF/dV for an expression F of network quantities."""
        if isinstance(f, Indexed):
            return self.d_quantity(f, v)
        if f in (C, C0):
            return self.reduce(Partial(f, v))
        if f.is_Atom or isinstance(f, KroneckerDelta):
            return Integer(0)
        if isinstance(f, Partial):
            raise Unsupported("a second derivative of the cost")
        if isinstance(f, Sum):
            var, lo, hi, body = _outer(f)
            new = self.fresh()
            return Sum(self.derivative(body.xreplace({var: new}), v), (new, lo, hi))
        if is_guard(f):
            return Piecewise((self.derivative(f.args[0].expr, v), f.args[0].cond), (Integer(0), True))
        parts = _parts(f)
        dummies = {t: Dummy(real=True) for t in parts}
        back = {d: t for t, d in dummies.items()}
        g, out = f.xreplace(dummies), Integer(0)
        for t, d in dummies.items():
            dt = self.derivative(t, v)
            if dt != 0:
                out += derivative(g, d).xreplace(back) * dt
        if out.has(Derivative, Subs):
            raise Unsupported("a second derivative of the generic sigma")
        return out

    def d_quantity(self, q, v):
        """dq/dV for a quantity q."""
        kq, kv = kind(q), kind(v)
        if kq == "x" and kv == "a":              # x is a^1: it moves with an activation of layer 1
            return _deltas(q.indices, v.indices[1:]) if self.decide(layer(v) - 1, "lo") == 0 else Integer(0)
        if kq in ("x", "y") or (kq in ("w", "b") and kq != kv):
            return Integer(0)
        if kq == kv and kq in ("w", "b"):        # one parameter exactly when every index agrees
            return _deltas(q.indices, v.indices)
        if kq == kv:
            s = self.decide(layer(q) - layer(v), "hi")
            if s == 0:
                return _deltas(q.indices[1:], v.indices[1:])
        if self.decide(order(q) - order(v), "hi") <= 0:
            return Integer(0)
        return self.derivative(self.definition(q), v)

    def definition(self, q):
        """z's or a's definition, with fresh bound names (a only where its layer is decided)."""
        if kind(q) == "z":
            return self.fresh_sums(self.network.definition(q))
        m = q.indices[0]
        if self.decide(m - 1, "lo") == 0:
            return x[q.indices[1:]]
        if self.network.output and self.decide(m - L, "hi") == 0:
            return self.pin(self.network.softmax(q.indices[1], self.fresh(), sample(q)))
        return self.sig(z[q.indices])

    def sig(self, t):
        return sigma(t) if self.formula is None else self.formula[0].xreplace({T: t})

    def before(self, q, v):
        """q comes before v at every instance (True), at none (False), or Undecided (x by a^m: split at m = 1)."""
        return self.decide(order(q) - order(v), "lo" if kind(q) == "x" else "hi") == -1

    def decide(self, e, end):
        """The sign of e at every instance, or Undecided."""
        s = self.facts.sign(e)
        if s is None:
            symbol = self.facts.layer_symbol(e)
            raise Undecided(symbol, "lo" if symbol == L else end, f"the sign of {e} depends on {symbol}")
        return s

    def floor(self, expr):
        """The lowest layer of a z or an a outside dC/d(.) (decided on the domain), or None; 1 when
        that is layer 2 or 3 and x stands outside too (x is a^1: z written down to the inputs)."""
        outside = _outside(expr)
        layers = [layer(q) for q in outside if kind(q) in ("z", "a")]
        lowest = next((m for m in layers if all(self.facts.sign(t - m) in (0, 1) for t in layers)), None)
        if lowest is not None and lowest.is_Integer and lowest <= 3 and any(kind(q) == "x" for q in outside):
            return Integer(1)
        return lowest

    def unfold(self, expr, floor):
        """a written by its definition, z too when it lies above the floor, and C, outside dC/d(.)."""
        if isinstance(expr, Partial):
            return expr
        if expr in (C, C0):
            return self.unfold(self.cost(expr if self.network.regularization else C), floor)
        if isinstance(expr, Indexed):
            m = expr.indices[0]
            if kind(expr) == "a":
                s = self.facts.sign(m - 1)
                last = self.facts.sign(m - L) if self.network.output else -1
                if s is None or last is None:
                    self.doubts.append((self.facts.layer_symbol(m), "lo" if s is None else "hi",
                                        f"is {expr} an input or an output?"))
                    return expr
                if s == 0:
                    return x[expr.indices[1:]]
                return self.unfold(self.definition(expr) if last == 0 else self.sig(z[expr.indices]), floor)
            if kind(expr) == "z" and floor is not None and self.facts.sign(m - floor) == 1:
                return self.unfold(self.definition(expr), floor)
            return expr
        if not expr.args:
            return expr
        return expr.func(*[self.unfold(t, floor) for t in expr.args])

    # --- finite sums ----------------------------------------------------------------------
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
        if isinstance(expr, Sum) or not expr.has(Sum, KroneckerDelta, Piecewise) or is_guard(expr):
            return expr
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
        a sum of 0 is 0, over any range."""
        if body == 0:
            return Integer(0)
        done, kept = [], []
        every_output = self.network.cost.probability and lo == 1 and self.facts.sign(self.pin(hi - n(L))) == 0
        facts = self.facts.within(limits)
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


def _written_out(expr):
    """sigma or sigma' applied to something other than a z."""
    return any(e.func in (sigma, dsigma) and kind(e.args[0]) != "z" for e in expr.atoms(sigma, dsigma))


def _deltas(u, v):
    """[u_1 = v_1] [u_2 = v_2] ...: two quantities of one family are one quantity exactly when every
    index agrees (a mismatch in their number is a defect of the caller)."""
    if len(u) != len(v):
        raise ValueError(f"indices {u} and {v} do not pair up")
    return Mul(*[KroneckerDelta(s, t) for s, t in zip(u, v)])


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
    if isinstance(f, (Indexed, Partial, Sum, Piecewise, KroneckerDelta)) or f in (C, C0):
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
    return cancel(together(expand(derivative(f, T) - activation.law(f, T)))) == 0
