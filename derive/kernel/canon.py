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
- finite sums: kernel/sums.py (linearity, Kronecker deltas, guards, sum_k y_k = 1 for a probability vector).
A question the domain does not decide (is l = L? is l - 1 >= 2?) raises Undecided, which names
the index to split the domain on; the normal form never assumes an answer.
"""
from functools import lru_cache
from itertools import count

from sympy import (Abs, Derivative, DiracDelta, Dummy, Heaviside, Indexed, Integer, KroneckerDelta, Mul, Piecewise,
                   Subs, Sum, Symbol, cancel, expand, sign, together)

from ..model.symbols import (C, C0, L, Partial, dsigma, guards_as_factors, kind, layer, order, rebind,
                             rename_bound, sample, sigma, x, z)
from ..model.activations import KinkError, T, at_kinks, kinks_across, derivative
from ..model.network import deltas_defined, not_a_function
from .formed import may_lose_v
from .sums import Sums, _outer, linear


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


class Canon(Sums):
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
            expr = self.activation(deltas_defined(expr))
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
            if expr.f.has(Partial) and self._loses(expr.f, f, v):
                raise Unsupported(f"{expr.f} is {f}, whose part with {v} may vanish or be free of it")
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
        if isinstance(f, Piecewise):             # branch by branch, where the conditions are on indices alone
            if any(c.has(Indexed) for _, c in f.args):
                raise Unsupported("a piecewise expression whose conditions are not on indices")
            return Piecewise(*[(self.derivative(u, v), c) for u, c in f.args])
        parts = _parts(f)
        dummies = {t: Dummy(real=True) for t in parts}
        back = {d: t for t, d in dummies.items()}
        g, out = f.xreplace(dummies), Integer(0)
        moving = {d: dt for d, dt in ((d, self.derivative(t, v)) for t, d in dummies.items()) if dt != 0}
        if kinks_across(g, moving, {d for d, dt in moving.items() if self._kinked(back[d], dt)},
                        {d for d, dt in moving.items() if self._stepped(dt)}):
            raise Unsupported("sgn or |.| where another kink, or another quantity that moves with the variable, "
                              "may cancel a kink")
        for d, dt in moving.items():
            try:
                out += at_kinks(derivative(g, d), g, d).xreplace(back) * dt
            except KinkError as e:
                raise Unsupported(str(e)) from None
        if out.has(Derivative, Subs):
            raise Unsupported("a second derivative of the generic sigma")
        return out

    def _kinked(self, t, dt):
        """The part t may lack a derivative somewhere: a sgn or |.| in it, or in dt (its derivative), or in C's
        definition (L1)."""
        return t.has(sign, Abs) or dt.has(sign, DiracDelta) or \
            t in (C, C0) and self.network.definition(t).has(sign, Abs)

    def _stepped(self, dt):
        """dt holds a step function (H, or sigma' of an activation with a kink, relu's): where two meet, H(0) - H(0)
        is 0, a value the derivative need not have."""
        return dt.has(Heaviside) or dt.has(dsigma) and self.network.activation.kinked

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

    def _loses(self, written, f, v):
        """The derivative `written`, which is f, mixes what comes before V with a part with V that may vanish or be
        free of V at some instance (`may_lose_v`), judged on f as it is for any sigma (the formula writes sigma' as
        e^(-z)/(1 + e^(-z))^2, a sum that holds z twice)."""
        any_sigma = f if self.formula is None else Canon(self.network, self.facts).reduce(written)
        f = self.canonical(guards_as_factors(any_sigma), {})
        return may_lose_v(f, v, self.facts.before, self.facts, self.network)

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



def _written_out(expr):
    """sigma or sigma' applied to something other than a z."""
    return any(e.func in (sigma, dsigma) and kind(e.args[0]) != "z" for e in expr.atoms(sigma, dsigma))


def _deltas(u, v):
    """[u_1 = v_1] [u_2 = v_2] ...: two quantities of one family are one quantity exactly when every
    index agrees (a mismatch in their number is a defect of the caller)."""
    if len(u) != len(v):
        raise ValueError(f"indices {u} and {v} do not pair up")
    return Mul(*[KroneckerDelta(s, t) for s, t in zip(u, v)])


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


@lru_cache(maxsize=None)
def lawful(activation):
    """The activation's law (sigma' written through sigma) follows from its formula, by sympy."""
    if activation.law is None:
        return False
    f = activation.formula(T)
    return cancel(together(expand(derivative(f, T) - activation.law(f, T)))) == 0
