"""The network's numbers: one evaluator for derive, at the random point of a seed.

`draw(widths, seed)` is the point (float64, numpy's PCG64): for each layer its biases then its
weights, uniform in (-1, 1); x in (-1, 1); y in (0.05, 0.95) (scaled to add up to 1 for a cost that
takes a probability vector); the generic sigma's coefficients; lambda in (0.5, 1.5) and N in (1.5, 4.5).
`FUNCTIONS` is the one table from sympy's functions to mpmath's and numpy's; `value` evaluates a
formula with either. A `Point` evaluates an instantiated expression with mpmath: every z, a and
C from the network's definitions, each computed once and only when needed; dF/dV by a central
difference with only what lies downstream of V recomputed, term by term, with more digits where
the terms are large; a nested derivative at a higher precision, so that every level is good to
about 1e-25.
"""
import operator
from collections import OrderedDict
from functools import reduce

import mpmath
import numpy as np
from sympy import (Abs, Add, Heaviside, Indexed, KroneckerDelta, Max, Min, Mul, Pow, Symbol, exp, expand,
                   log, preorder_traversal, sign, tanh)

from .activations import KINK, T, derivative
from .symbols import C, C0, N, Partial, dsigma, kind, lam, sigma

DIGITS = 40                       # significant digits of a first derivative
NESTED = 15                       # more digits for each further level of nested derivatives
STEP = 15                         # the step of the central differences is 1e-15, and smaller with more digits
SMALL, MORE = 1000, 400           # terms up to SMALL cost no digits that count; more digits, at most
MAX_EXP = 10 ** 6                 # the largest |t| of an e^t evaluated
MAX_PARTIALS = 4096              # derivatives a point keeps (digits, step and moved nodes in the key)
KINK_WIDTH = 1e-12                # a float64 argument of sgn or the step function this close to 0 is at its jump
_A, _Y = Symbol("A"), Symbol("Y")   # a cost term's output activation and target


def _where(cond, yes, no):
    return np.where(cond, yes, no)


def _exp(t):
    """e^t for |t| up to MAX_EXP: beyond it (e^(e^1000)) mpmath would take minutes, and no time limit
    can stop it; a number there is beyond comparing anyway."""
    if isinstance(t, mpmath.mpf) and abs(t) > MAX_EXP:
        raise OverflowError(f"e^t for t of {mpmath.nstr(t, 3)}")
    return mpmath.exp(t)


def _at_jump(t):
    """t (mpmath's, or numpy's array) is within rounding of 0, where sgn and the step function jump:
    1 - sigma(1000) is exactly 0 at every precision tried, though it is 1e-435, so no value there is trusted."""
    if isinstance(t, (mpmath.mpf, mpmath.mpc)):
        return abs(t) <= mpmath.mpf(10) ** -(mpmath.mp.dps // 2)
    return np.abs(np.real(t)) <= KINK_WIDTH


def _of_reals(f, count=None):
    """f (mpmath's), which has a value at real arguments alone (the first `count` of them, or all): at a complex one,
    none (NaN), as |ln b| at b < 0 has none, though abs() of the complex ln b is a real number. (numpy's take the
    complex steps of the evidence's derivatives, whose arguments are complex by design.)"""
    def at(*t):
        return mpmath.nan if any(isinstance(u, mpmath.mpc) and u.imag != 0 for u in t[:count]) else f(*t)
    return at


FUNCTIONS = {                     # sympy function -> (mpmath, numpy); numpy's take complex arrays
    exp: (_exp, np.exp),
    log: (mpmath.log, lambda t: np.log(np.asarray(t, dtype=complex))),
    tanh: (mpmath.tanh, np.tanh),
    Abs: (_of_reals(abs), lambda t: _where(np.real(t) < 0, -t, t)),
    sign: (_of_reals(lambda t: mpmath.nan if _at_jump(t) else mpmath.sign(t)),
           lambda t: _where(_at_jump(t), np.nan, np.sign(np.real(t)))),
    Heaviside: (_of_reals(lambda t, at0: at0 if _at_jump(t) else mpmath.mpf(t > 0), 1),
                lambda t, at0: _where(_at_jump(t), at0, _where(np.real(t) > 0, 1.0, 0.0))),
    Max: (_of_reals(max), lambda *t: reduce(lambda u, v: _where(np.real(v) > np.real(u), v, u), t)),
    Min: (_of_reals(min), lambda *t: reduce(lambda u, v: _where(np.real(v) < np.real(u), v, u), t)),
}


def smooth(t, c, tanh_, derivative=False):
    """The random smooth function that stands for the generic sigma (or its derivative)."""
    if derivative:
        return c[0] * (1 - tanh_(c[0] * t + c[1] - 1) ** 2) + c[2] / 4
    return tanh_(c[0] * t + c[1] - 1) + c[2] * t / 4


def value(expr, atom, numpy=False):
    """expr's value: numbers, +, *, powers and FUNCTIONS evaluated here, with mpmath or numpy;
    `atom(e)` gives the value of anything else (a symbol, a quantity, sigma(t), ...). The step
    function's value at 0 (KINK) is none, NaN; so is its value, and sgn's, within rounding of 0."""
    if expr == KINK:
        return np.nan if numpy else mpmath.nan
    if expr.is_Number:
        return float(expr) if numpy else mpmath.mpf(expr.p) / expr.q if expr.is_Rational else mpmath.mpf(str(expr))
    if expr.is_NumberSymbol:                        # e, pi
        return float(expr) if numpy else mpmath.mpf(expr.evalf(mpmath.mp.dps + 5))
    if isinstance(expr, KroneckerDelta) and expr.args[0].is_Number and expr.args[1].is_Number:
        return (float if numpy else mpmath.mpf)(expr.args[0] == expr.args[1])
    if not (isinstance(expr, (Add, Mul, Pow)) or expr.func in FUNCTIONS):
        return atom(expr)
    return combine(expr, [value(t, atom, numpy) for t in expr.args], numpy)


def combine(expr, args, numpy=False):
    """The value of an Add, Mul, Pow or FUNCTIONS node whose arguments have the values `args`."""
    if isinstance(expr, Add):
        return sum(args[1:], args[0]) if numpy else mpmath.fsum(args)
    if isinstance(expr, Mul):
        return reduce(operator.mul, args) if numpy else mpmath.fprod(args)
    if isinstance(expr, Pow):
        return np.power(args[0], args[1]) if numpy else args[0] ** args[1]
    return FUNCTIONS[expr.func][1 if numpy else 0](*args)


def draw(widths, seed, probability=False):
    """The random point of a seed: {"W": {layer: matrix}, "b": {layer: vector}, "x", "y", "c", ...};
    with `probability`, y is scaled to add up to 1 exactly."""
    rng = np.random.Generator(np.random.PCG64(seed))
    point = {"W": {}, "b": {}}
    for t in range(2, len(widths) + 1):
        point["b"][t] = rng.uniform(-1, 1, widths[t - 1])
        point["W"][t] = rng.uniform(-1, 1, (widths[t - 1], widths[t - 2]))
    point["x"] = rng.uniform(-1, 1, widths[0])
    point["y"] = rng.uniform(0.05, 0.95, widths[-1])
    point["c"] = rng.uniform(0.5, 1.5, 3)
    point["lambda"], point["N"] = rng.uniform(0.5, 1.5), rng.uniform(1.5, 4.5)
    if probability:                 # multiples of 2^-30, the last 1 minus the others: they add up to 1 exactly, in
        y = np.round(point["y"] / point["y"].sum() * 2.0 ** 30) / 2.0 ** 30     # float64 and at 40 digits alike
        y[-1] = 1 - y[:-1].sum()    # (a softmax's dC/dz^L_j is a^L_j - y_j only where they add up to 1)
        point["y"] = y
    return point


def key(q):
    """('w', 2, 1, 1) for w[2, 1, 1]."""
    return (q.base.name,) + tuple(int(t) for t in q.indices)


def depth(expr):
    """How deeply derivatives are nested in expr (0: none)."""
    if isinstance(expr, Partial):
        return 1 + max(depth(expr.f), depth(expr.v))
    return max((depth(t) for t in expr.args), default=0)


class Point:
    """A concrete network at the point of a seed, with its activation, cost and regularization."""

    def __init__(self, widths, network, seed):
        self.widths, self.seed, self.L = tuple(widths), seed, len(widths)
        self.raw = draw(widths, seed, network.cost.probability)
        self.softmax = network.output == "softmax"
        activation, cost = network.activation, network.cost
        self.constants = {lam: mpmath.mpf(float(self.raw["lambda"])), N: mpmath.mpf(float(self.raw["N"]))}
        reg = network.regularization
        self.penalty = None if reg is None else reg.term(_A) * lam / N     # of one weight _A
        if activation.generic:
            c = [mpmath.mpf(float(v)) for v in self.raw["c"]]
            self.sig = lambda t: smooth(t, c, mpmath.tanh)
            self.dsig = lambda t: smooth(t, c, mpmath.tanh, derivative=True)
        else:
            f = activation.formula(T)
            df = derivative(f, T)
            self.sig = lambda t: value(f, {T: t}.__getitem__)
            self.dsig = lambda t: value(df, {T: t}.__getitem__)
        self.cost_term = cost.term(_A, _Y)
        self.kinked = not activation.generic and activation.formula(T).has(Max, Min, Heaviside, Abs, sign)
        self._base, self._runs, self._partials = {}, OrderedDict(), {}

    # --- the point ------------------------------------------------------------------------
    def param(self, k):
        """A weight, bias, input or target by its key."""
        if k[0] in ("x", "y"):
            return mpmath.mpf(float(self.raw[k[0]][k[1] - 1]))
        table = self.raw["W" if k[0] == "w" else "b"][k[1]]
        return mpmath.mpf(float(table[tuple(i - 1 for i in k[2:])]))

    def parameters(self):
        """{name: float} of every weight and bias, then x and y."""
        out = {}
        for t in range(2, self.L + 1):
            for j in range(1, self.widths[t - 1] + 1):
                out[f"b[{t}, {j}]"] = float(self.raw["b"][t][j - 1])
                for k in range(1, self.widths[t - 2] + 1):
                    out[f"w[{t}, {j}, {k}]"] = float(self.raw["W"][t][j - 1, k - 1])
        out.update({f"x[{k}]": float(v) for k, v in enumerate(self.raw["x"], 1)})
        out.update({f"y[{k}]": float(v) for k, v in enumerate(self.raw["y"], 1)})
        if self.penalty is not None:
            out.update({str(s): float(v) for s, v in self.constants.items()})
        return out

    def base(self, k):
        """z, a or a parameter at the point, computed once (at the working precision)."""
        if k[0] in ("w", "b", "x", "y"):
            return self.param(k)
        memo = (mpmath.mp.dps,) + k
        if memo not in self._base:
            if k[0] == "a" and k[1] == self.L and self.softmax:
                v = self._softmax([self.base(("z", self.L, i)) for i in range(1, self.widths[-1] + 1)])[k[2] - 1]
            elif k[0] == "a":
                v = self.param(("x", k[2])) if k[1] == 1 else self.sig(self.base(("z",) + k[1:]))
            else:
                t, j = k[1], k[2]
                inputs = [self.base(("a", t - 1, i)) for i in range(1, self.widths[t - 2] + 1)]
                weights = [self.param(("w", t, j, i)) for i in range(1, self.widths[t - 2] + 1)]
                v = mpmath.fdot(weights, inputs) + self.param(("b", t, j))
            self._base[memo] = v
        return self._base[memo]

    # --- moved nodes ----------------------------------------------------------------------
    def changed(self, over):
        """{key: value} of every parameter `over` ({key: value}) sets and every z and a that it moves, layer by
        layer: a moved row changes the next weighted inputs by its weights times the change. A node of `over`
        is shifted by its value (z = Σ w a + b + shift, a = σ(z) + shift): what else `over` moves still moves
        it, as in a derivative by b of a derivative by z."""
        memo = (mpmath.mp.dps, frozenset(over.items()))
        if memo in self._runs:
            self._runs.move_to_end(memo)
            return self._runs[memo]
        out = {k: v for k, v in over.items() if k[0] in ("w", "b")}
        shift = {k: v for k, v in over.items() if k[0] in ("z", "a")}
        out.update({k: self.base(k) + v for k, v in shift.items() if k[:2] == ("a", 1)})    # a^1 is x
        for t in range(max(min(k[1] for k in over), 2), self.L + 1):
            moved_a = {k[2]: v for k, v in out.items() if k[0] == "a" and k[1] == t - 1}
            rows = {k[2] for k in over if k[0] in ("w", "b", "z", "a") and k[1] == t}
            rows |= set(range(1, self.widths[t - 1] + 1)) if moved_a else set()
            for j in sorted(rows):
                zk = ("z", t, j)
                moves = set(moved_a) | {k[3] for k in over if k[0] == "w" and k[1:3] == (t, j)}
                terms = [self.base(zk) + shift.get(zk, 0)] + [
                    over.get(("w", t, j, i), self.param(("w", t, j, i))) * moved_a.get(i, self.base(("a", t - 1, i)))
                    - self.param(("w", t, j, i)) * self.base(("a", t - 1, i)) for i in sorted(moves)]
                if ("b", t, j) in over:
                    terms.append(over[("b", t, j)] - self.param(("b", t, j)))
                out[zk] = mpmath.fsum(terms)
                if not (self.softmax and t == self.L):
                    out[("a", t, j)] = self.sig(out[zk]) + shift.get(("a", t, j), 0)
            if self.softmax and t == self.L and rows:   # every output reads every weighted input
                zs = [out.get(("z", t, i), self.base(("z", t, i))) for i in range(1, self.widths[-1] + 1)]
                for i, v in enumerate(self._softmax(zs), 1):
                    out[("a", t, i)] = v + shift.get(("a", t, i), 0)
        self._runs[memo] = out
        if len(self._runs) > 256:
            self._runs.popitem(last=False)
        return out

    @staticmethod
    def _softmax(zs):
        """exp(z_j) / sum_k exp(z_k) for every j (shifted by the largest z)."""
        top = max(zs)
        e = [mpmath.exp(v - top) for v in zs]
        total = mpmath.fsum(e)
        return [v / total for v in e]

    def node(self, k, over=None):
        if k[0] == "x":                          # x is a^1: it moves when a^1 does
            k = ("a", 1) + k[1:]
        if over:
            moved = self.changed(over)
            if k in moved:
                return moved[k]
        return self.base(k)

    def cost_change(self, over, root=False):
        """C (C0 when `root`) under `over` minus its value at the point: only the moved outputs'
        terms, and the moved weights' penalties, are evaluated."""
        moved = self.changed(over) if over else {}
        out = [self._term(moved[("a", self.L, k)], k) - self._term(self.base(("a", self.L, k)), k)
               for k in range(1, self.widths[-1] + 1) if ("a", self.L, k) in moved]
        if self.penalty is not None and not root:
            out += [self._penalty(v) - self._penalty(self.param(k)) for k, v in over.items() if k[0] == "w"]
        return mpmath.fsum(out)

    def cost(self, over=None, root=False):
        base = mpmath.fsum([self._term(self.base(("a", self.L, k)), k) for k in range(1, self.widths[-1] + 1)])
        if self.penalty is not None and not root:
            base += self.penalties()
        return base + self.cost_change(over, root) if over else base

    def penalties(self):
        """The penalty on every weight at the point."""
        return mpmath.fsum([self._penalty(self.param(("w", t, j, i))) for t in range(2, self.L + 1)
                            for j in range(1, self.widths[t - 1] + 1) for i in range(1, self.widths[t - 2] + 1)])

    def _term(self, a_k, k):
        return value(self.cost_term, {_A: a_k, _Y: self.param(("y", k))}.__getitem__)

    def _penalty(self, v):
        return value(self.penalty, {_A: v, **self.constants}.__getitem__)

    # --- expressions ----------------------------------------------------------------------
    def value(self, expr, over=None, more=0):
        """An instantiated expression at the point (under `over`), at the precision its nested
        derivatives need, and `more` digits; the step of its differences shrinks with the digits
        (by 10^(more/2) over its nested derivatives), so that their truncation error shrinks too."""
        levels = max(1, depth(expr))
        self.step = mpmath.mpf(10) ** -(STEP + more // (2 * levels))
        with mpmath.workdps(DIGITS + more + NESTED * (levels - 1)):
            return +self._value(expr, over or {})

    def _value(self, expr, over):
        def atom(e):
            if isinstance(e, Indexed):
                return self.node(key(e), over)
            if e in (C, C0):
                return self.cost(over, root=e == C0)
            if e in self.constants:
                return self.constants[e]
            if isinstance(e, Partial):
                return self._partial(e.f, e.v, over)
            if e.func == sigma:
                return self.sig(self._value(e.args[0], over))
            if e.func == dsigma:
                return self.dsig(self._value(e.args[0], over))
            raise ValueError(f"no numeric value for {e}")
        return value(expr, atom)

    def _partial(self, f, v, over):
        """dF/dV: a central difference, the network moved at V only, taken term by term (F expanded,
        so that a term V does not move adds exactly 0), with as many more digits as the largest term
        has before the point (terms of 10^12 that cancel cost 12 digits)."""
        if not isinstance(v, Indexed) or kind(v) not in ("w", "b", "z", "a"):
            raise ValueError(f"cannot differentiate with respect to {v}")
        memo = (mpmath.mp.dps, self.step, f, v, frozenset(over.items()))
        if memo not in self._partials:
            if len(self._partials) > MAX_PARTIALS:
                self._partials.clear()
            self._partials[memo] = self._difference(f, v, over)
        return self._partials[memo]

    def _difference(self, f, v, over):
        h, k = self.step, key(v)
        at = self._value(v, over)               # V's value, which also asks that V be a quantity of this point
        at = at if k[0] in ("w", "b") else over.get(k, 0)          # a parameter moves to a value, a node by a shift
        up, down = {**over, k: at + h}, {**over, k: at - h}
        if f in (C, C0):
            return (self.cost_change(up, f == C0) - self.cost_change(down, f == C0)) / (2 * h)
        for g in self._kinks(f):    # a difference across a kink is no derivative: (|h| - |-h|)/2h; 0 at both
            lo, hi = self._value(g, down), self._value(g, up)       # ends is a flat stretch (a unit relu switched off)
            if not (isinstance(lo, mpmath.mpf) and isinstance(hi, mpmath.mpf)) or lo * hi < 0 or (lo == 0) != (hi == 0):
                return mpmath.nan
        terms = Add.make_args(expand(f))

        def difference():
            ups = [self._value(t, up) for t in terms]
            return ups, mpmath.fsum([u - self._value(t, down) for u, t in zip(ups, terms)]) / (2 * h)
        ups, out = difference()
        size = max([abs(u) for u in ups if mpmath.isfinite(u)] + [1])
        if size <= SMALL:
            return out
        more = int(mpmath.log10(size)) + 1
        if more > MORE:
            raise OverflowError(f"a derivative's terms reach 1e{more}: too large to difference")
        with mpmath.workdps(mpmath.mp.dps + more):
            return difference()[1]

    def _kinks(self, f):
        """What is 0 at the kinks of f: the arguments of |t|, sgn, the step function, and sigma and sigma' of an
        activation with one (relu); the difference of max's and min's two arguments."""
        funcs = (Abs, sign, Heaviside) + ((sigma, dsigma) if self.kinked else ())
        return [t.args[0] for t in f.atoms(*funcs)] + [t.args[0] - t.args[1] for t in f.atoms(Max, Min)
                                                        if len(t.args) == 2]


class BatchPoint(Point):
    """A mini-batch of `size` inputs at the point of a seed: one weight and bias set (the seed's),
    and for sample s the inputs and targets of the seed's s-th draw; a quantity of sample s is that
    sample's network's, and C0 averages the samples' costs (C adds the penalty once)."""

    def __init__(self, widths, network, seed, size):
        super().__init__(widths, network, seed)
        self.size = size
        self.samples = []
        for t in range(size):
            one = Point(widths, network, seed)
            rng = np.random.Generator(np.random.PCG64([seed, t, 1]))    # [seed, 0] draws what PCG64(seed) does
            one.raw["x"], one.raw["y"] = rng.uniform(-1, 1, widths[0]), rng.uniform(0.05, 0.95, widths[-1])
            if network.cost.probability:
                one.raw["y"] = one.raw["y"] / one.raw["y"].sum()
            self.samples.append(one)

    def _of(self, k, over):
        """The network of the sample of key k, and what `over` moves in it (that sample's nodes, the
        shared parameters)."""
        if len(k) != (3 if k[0] in ("x", "y") else 4):
            raise ValueError(f"{k[0]}{list(k[1:])} is not a quantity of one sample of a mini-batch")
        s = k[-1]
        if not 1 <= s <= self.size:
            raise ValueError(f"sample {s} is not in the batch of {self.size}")
        return self.samples[s - 1], _moved(over, s)

    def parameters(self):
        out = {k: v for k, v in super().parameters().items() if k[0] in "wb" or k in ("lambda", "N")}
        for s, one in enumerate(self.samples, 1):
            out.update({f"x[{k}, {s}]": float(v) for k, v in enumerate(one.raw["x"], 1)})
            out.update({f"y[{k}, {s}]": float(v) for k, v in enumerate(one.raw["y"], 1)})
        return out

    def param(self, k):
        if k[0] in ("x", "y"):
            return self._of(k, {})[0].param(k[:-1])
        return super().param(k)

    def node(self, k, over=None):
        if k[0] in ("w", "b"):
            return (over or {}).get(k, self.param(k))
        one, moved = self._of(k, over or {})
        return one.node(k[:-1], moved)

    def cost(self, over=None, root=False):
        base = mpmath.fsum([one.cost(root=True) for one in self.samples]) / self.size
        if self.penalty is not None and not root:
            base += self.penalties()
        return base + self.cost_change(over, root) if over else base

    def cost_change(self, over, root=False):
        out = mpmath.fsum([one.cost_change(_moved(over, s), root=True) for s, one in enumerate(self.samples, 1)])
        out /= self.size
        if self.penalty is not None and not root:
            out += mpmath.fsum([self._penalty(v) - self._penalty(self.param(k))
                                for k, v in over.items() if k[0] == "w"])
        return out


def point(widths, network, seed, size=None):
    """The point of a seed on a net of these widths: a mini-batch of `size` inputs on a mini-batch network."""
    if not network.batch:
        return Point(widths, network, seed)
    if size is None:
        raise ValueError("a mini-batch network's numbers need the size of the batch")
    return BatchPoint(widths, network, seed, int(size))


def _moved(over, s):
    """What `over` moves in the network of sample s: its nodes (keys without the sample) and the
    shared weights and biases."""
    return {k if k[0] in ("w", "b") else k[:-1]: v for k, v in over.items() if k[0] in ("w", "b") or k[-1] == s}


def inside(expr):
    """The quantities (Indexed) of an instantiated expression, derivatives' variables included."""
    return {q for q in preorder_traversal(expr) if isinstance(q, Indexed)}
