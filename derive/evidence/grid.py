"""An index-level expression evaluated at every instance at once, as numpy arrays.

With the layers fixed (a loop over their values), every free neuron index is an axis of the
grid and every bound index of a sum an axis that is summed away: w[l,j,k] becomes the matrix of
layer l indexed by the grids of j and k. Values and dC/dq come from a `Probe`; delta is dC/dz by
its definition; a local derivative dF/dV by a complex step, F evaluated with each of its
quantities moved by ih times its derivative by V through the net (the probe's tangents). An
expression outside this vocabulary (a derivative of a derivative, say) raises Unsupported (the
caller then evaluates instance by instance).
"""
from functools import lru_cache

import numpy as np
from sympy import Add, Indexed, Integer, KroneckerDelta, Mul, Piecewise, Pow, S, Sum, Symbol, Tuple, preorder_traversal

from ..model.instances import Undefined, bound, free_entries, is_condition, meets
from ..model.activations import KINK
from ..model.numeric import FUNCTIONS, combine
from ..model.symbols import C, C0, L, N, Partial, dsigma, kind, lam, n, rename_bound, sigma
from .probe import H

LAYERED = ("w", "b", "z", "a", "delta")
MAX_AXES = 24


class Unsupported(ValueError):
    """The expression needs more than the grid can evaluate."""


def layer_symbols(exprs, domain):
    """The domain's indices that name a layer (in a layer slot or inside n(.))."""
    found = set()
    for e in exprs:
        for t in preorder_traversal(e):
            if isinstance(t, Indexed) and kind(t) in LAYERED:
                found |= t.indices[0].free_symbols
            elif getattr(t, "func", None) == n:
                found |= t.free_symbols
    return [d[0] for d in domain if d[0] in found]


class Grid:
    """Both sides of a claim at every instance of its domain on the probe's network."""

    def __init__(self, probe, grad):
        self.probe, self.grad = probe, grad
        self.moving = None                  # while dF/dV is evaluated: (V's kind, layer, indices, tangents)

    def layers(self, domain, exprs):
        """[(layer values, {neuron index: (lo, hi)})] covering the whole domain, in its order."""
        try:
            domain = free_entries(domain, self.probe.widths)
        except Undefined:
            return []
        conditions = [d for d in domain if is_condition(d)]
        names = layer_symbols(list(exprs) + [Tuple(*d) for d in conditions], domain)
        if any(Tuple(*d).free_symbols - set(names) - {L} for d in conditions):
            raise Unsupported("a condition on a neuron index")
        ranges = [d for d in domain if d[0] in names]
        out = []
        for values in self._layer_values(ranges):
            env = dict(zip(names, values))
            if not all(meets(d, env, self.probe.widths) for d in conditions):
                continue
            neurons = {}
            for sym, lo, hi in domain:
                if sym in names or is_condition((sym, lo, hi)):
                    continue
                neurons[sym] = (self._int(lo, env), self._int(hi, env))
            out.append((env, neurons))
        return out

    def _layer_values(self, ranges, env=None):
        env = env or {}
        if not ranges:
            yield ()
            return
        (sym, lo, hi), rest = ranges[0], ranges[1:]
        for v in range(self._int(lo, env), self._int(hi, env) + 1):
            for tail in self._layer_values(rest, {**env, sym: Integer(v)}):
                yield (Integer(v),) + tail

    def _int(self, e, env):
        try:
            return bound(e, env, self.probe.widths)
        except Undefined:
            raise Unsupported(f"the bound {e} is not a number once the layers are fixed") from None

    def evaluate(self, expr, env, neurons):
        """(value, magnitude): expr at every point of the neuron grid (axes in the order of
        `neurons`), and the same with every term counted by its absolute value (sum |t| for a sum):
        the scale of the rounding error of a sum with cancellation. One pass gives both."""
        expr = rename_bound(expr)
        bound = _bound_indices(expr)
        axes = list(neurons) + bound
        if len(axes) > MAX_AXES:
            raise Unsupported(f"{len(axes)} indices: numpy arrays have at most {MAX_AXES} axes here")
        self.ndim, self.axis = len(axes), {s: i for i, s in enumerate(axes)}
        self.index = {s: self._axis(s, np.arange(lo, hi + 1)) for s, (lo, hi) in neurons.items()}
        shape = [hi - lo + 1 for lo, hi in neurons.values()] + [1] * len(bound)
        return tuple(np.broadcast_to(out, shape).reshape(shape[:len(neurons)]) for out in self.sized(expr, env))

    def _axis(self, sym, values):
        shape = [1] * self.ndim
        shape[self.axis[sym]] = len(values)
        return values.reshape(shape)

    def sized(self, e, env):
        """(e's value, its magnitude): sums, products, powers and guards of their parts' magnitudes,
        the absolute value of anything else."""
        if isinstance(e, (Add, Mul)):
            parts = [self.sized(t, env) for t in e.args]
            return tuple(combine(e, [p[i] for p in parts], numpy=True) for i in (0, 1))
        if isinstance(e, Pow):
            (u, size), k = self.sized(e.args[0], env), self.value(e.args[1], env)
            return combine(e, [u, k], numpy=True), np.abs(combine(e, [size, k], numpy=True))
        if isinstance(e, Sum) or _guarded(e):
            return self._value(e, env, self.sized)
        if isinstance(e, Partial) and isinstance(e.f, Add) and e.f.has(C, C0) and self.moving is None:
            return _total([self.sized(Partial(t, e.v), env) for t in e.f.args])    # d(C0 + penalty)/dV
        u = self.value(e, env)
        return u, np.abs(u)

    def value(self, e, env):
        """e's value at the index grids."""
        return self._value(e, env, self.value)

    def _value(self, e, env, inner):
        """e's value, with `inner` evaluating the parts a sum or a guard keeps (value or sized)."""
        if e in self.index:
            return self.index[e]
        if e.is_Number or e.is_NumberSymbol:
            return float(e)
        if e in (C, C0):
            if self.moving is not None:
                raise Unsupported("C inside a derivative")
            return self.probe.total() if e == C else self.probe.C0()
        if isinstance(e, Symbol):
            if e in env:
                return float(env[e])
            constants = {L: len(self.probe.widths), lam: self.probe.lam, N: self.probe.N}
            if e in constants:
                return float(constants[e])
            if e == KINK:                   # the step function's value at 0: none
                return np.nan
            raise Unsupported(f"no value for {e}")
        if isinstance(e, Partial):
            if self.moving is not None or not isinstance(e.v, Indexed):
                raise Unsupported("a derivative of a derivative, or by what is not a quantity")
            if isinstance(e.f, Add) and e.f.has(C, C0):       # d(C0 + penalty)/dV: term by term
                return combine(e.f, [self.value(Partial(t, e.v), env) for t in e.f.args], numpy=True)
            if e.f.is_Number:
                return 0.0
            if e.f not in (C, C0):
                return self.derivative(e.f, e.v, env)
            out = self.quantity(e.v, env, self.grad)          # dC0/dq: the probe's gradient
            if e.f == C and kind(e.v) == "w":                 # C's penalty depends on the weights too
                out = out + self.probe.penalty_of(self.quantity(e.v, env, None), derivative=True)
            return out
        if isinstance(e, Indexed):
            return self.quantity(e, env, None)
        if isinstance(e, n):
            t = np.asarray(self.value(e.args[0], env))
            if not (np.all(t == np.round(t)) and 1 <= t.min() and t.max() <= len(self.probe.widths)):
                raise Unsupported(f"{e} is not a width of this net")
            return np.asarray(self.probe.widths, dtype=float)[t.astype(int) - 1]
        if isinstance(e, Sum):
            var, lo, hi = e.limits[-1]                   # the outermost index of a (flattened) sum
            body = e.function if len(e.limits) == 1 else Sum(e.function, *e.limits[:-1])
            lo, hi = self._int(lo, env), self._int(hi, env)
            if hi < lo:                                  # an empty sum
                return _each(inner(S.Zero, env), lambda _: np.zeros((1,) * self.ndim))
            if _names_a_layer(body, var):                # a sum over layers: one layer at a time
                terms = [inner(body, {**env, var: Integer(m)}) for m in range(lo, hi + 1)]
                return _total(terms)
            shadowed = self.index.get(var)                # an outer sum over the same index
            self.index[var] = self._axis(var, np.arange(lo, hi + 1))
            values = inner(body, env)
            if shadowed is None:
                del self.index[var]
            else:
                self.index[var] = shadowed
            along = [1] * self.ndim
            along[self.axis[var]] = hi - lo + 1
            return _each(values, lambda u: np.broadcast_to(u, np.broadcast_shapes(tuple(along), np.shape(u))).sum(
                axis=self.axis[var], keepdims=True))
        if isinstance(e, KroneckerDelta):
            return np.asarray(self.value(e.args[0], env) == self.value(e.args[1], env), dtype=float)
        if _guarded(e):
            cond = e.args[0].cond
            holds = np.ones((1,) * self.ndim, dtype=bool)
            for rel in (cond.args if cond.func.__name__ == "And" else (cond,)):
                if not hasattr(rel, "rel_op"):
                    raise Unsupported(f"no grid value for the condition {rel}")
                u, v = self.value(rel.lhs, env), self.value(rel.rhs, env)
                holds = holds & {">=": np.greater_equal, "<=": np.less_equal, ">": np.greater,
                                 "<": np.less}[rel.rel_op](u, v)
            return _each(inner(e.args[0].expr, env), lambda u: np.where(holds, u, 0.0))
        if e.func in (sigma, dsigma):
            with np.errstate(all="ignore"):
                return (self.probe.sigma if e.func == sigma else self.probe.dsigma)(self.value(e.args[0], env))
        if e.func in FUNCTIONS:
            with np.errstate(all="ignore"):
                return combine(e, [self.value(t, env) for t in e.args], numpy=True)
        if isinstance(e, (Add, Mul)):
            return combine(e, [self.value(t, env) for t in e.args], numpy=True)
        if isinstance(e, Pow):
            return combine(e, [self.value(e.args[0], env), self.value(e.args[1], env)], numpy=True)
        raise Unsupported(f"no grid value for {e.func}")

    def derivative(self, f, v, env):
        """dF/dV at the index grids by a complex step: every quantity of F moved by ih times its
        derivative by V through the net (the probe's tangents), F's imaginary part over h."""
        name = kind(v)
        t = self._int(v.indices[0], env)
        if name not in ("w", "b", "z", "a") or not (1 if name == "a" else 2) <= t <= len(self.probe.widths):
            raise Unsupported(f"no derivative by {v} on this net")
        try:
            tangents = self.probe.tangents(name, t)
        except ValueError as err:
            raise Unsupported(str(err)) from None
        self.moving = (name, t, [self.value(i, env) for i in v.indices[1:]], tangents)
        try:
            return np.imag(self.value(f, env)) / H
        finally:
            self.moving = None

    def _moved(self, q, env, at):
        """q's values `at` the grids, plus ih times dq/dV for the V being moved."""
        name, t, where, tangents = self.moving
        kq = kind(q)
        if kq in ("x", "y"):
            if kq == "x" and name == "a" and t == 1:
                raise Unsupported(f"{q} moved as an activation of layer 1")
            return at
        lay = self._int(q.indices[0], env)
        own = [self.value(i, env) for i in q.indices[1:]]
        if kq in ("w", "b"):
            if kq != name or lay != t:
                return at
            same = np.ones((1,) * self.ndim, dtype=bool)
            for u, v in zip(own, where):
                same = same & (np.asarray(u) == np.asarray(v))
            return at + 1j * H * same
        table = tangents.get((kq, lay))
        return at if table is None else at + 1j * H * self._take(table, own + where)

    def quantity(self, q, env, grad):
        """q's values (or dC/dq's with `grad`) at the index grids; Unsupported out of range.
        While a V is moved (dF/dV), with the derivative by V as imaginary part."""
        if self.moving is not None:
            if grad is not None or kind(q) == "delta":
                raise Unsupported("a derivative of dC/dq")
            return self._moved(q, env, self.quantity_at(q, env))
        return self.quantity_at(q, env, grad)

    def quantity_at(self, q, env, grad=None):
        """q's values (or dC/dq's with `grad`) at the index grids."""
        name = "z" if kind(q) == "delta" else kind(q)
        if kind(q) == "delta":
            grad = self.grad
        if name in ("x", "y"):
            if grad is not None:
                raise Unsupported(f"dC/d{name} is not a quantity the kernel defines")
            return self._take(self.probe.x if name == "x" else self.probe.y, [self.value(q.indices[0], env)])
        t = self._int(q.indices[0], env)
        if not (1 if name == "a" else 2) <= t <= len(self.probe.widths):
            raise Unsupported(f"{q} names a layer the net does not have")
        table = grad[name, t] if grad is not None else {"w": self.probe.W, "b": self.probe.b,
                                                        "z": self.probe.z, "a": self.probe.a}[name][t]
        return self._take(table, [self.value(i, env) for i in q.indices[1:]])

    @staticmethod
    def _take(table, index):
        if len(index) != table.ndim:
            raise Unsupported("wrong number of indices")
        positions = []
        for axis, i in enumerate(index):
            i = np.asarray(i)
            if not np.all(i == np.round(i)) or i.min() < 1 or i.max() > table.shape[axis]:
                raise Unsupported("an index outside the network")
            positions.append(i.astype(int) - 1)
        return table[tuple(positions)]


@lru_cache(maxsize=4096)
def _names_a_layer(expr, var):
    """var names a layer in expr (in a layer slot or inside n(.))."""
    return bool(layer_symbols([expr], [(var, 0, 0)]))


@lru_cache(maxsize=4096)
def _bound_indices(expr):
    """The indices expr's sums bind, by name."""
    return sorted({lim[0] for t in preorder_traversal(expr) if isinstance(t, Sum) for lim in t.limits},
                  key=lambda s: s.name)


def _guarded(e):
    """e is a guard [cond] f: Piecewise((f, cond), (0, True))."""
    return isinstance(e, Piecewise) and len(e.args) == 2 and e.args[1].expr == 0 and e.args[1].cond == True  # noqa


def _each(x, f):
    """f of a value, or of each of a (value, magnitude) pair."""
    return tuple(f(t) for t in x) if isinstance(x, tuple) else f(x)


def _total(terms):
    """The sum of values, or of (value, magnitude) pairs."""
    if isinstance(terms[0], tuple):
        return tuple(sum(np.asarray(t[i]) for t in terms) for i in (0, 1))
    return sum(np.asarray(t) for t in terms)
