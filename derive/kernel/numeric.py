"""The numeric oracle: both sides at random parameters, with mpmath at 40 digits;
every dF/dV is a central finite difference of the network run forward from V."""
import random
from functools import lru_cache

import mpmath
from sympy import (Add, DiracDelta, Max, Float, Heaviside, Indexed, KroneckerDelta, Mul, Pow, Symbol, diff, exp, log,
                   tanh)

from ..model.activations import T
from ..model.symbols import C, Partial, dsigma, sigma

DIGITS = 40
H = mpmath.mpf("1e-15")
_A, _Y = Symbol("A"), Symbol("Y")


def key(q):
    """('w', 2, 1, 1) for w[2, 1, 1]: plain keys keep the forward pass cheap."""
    return (q.base.name,) + tuple(int(t) for t in q.indices)


@lru_cache(maxsize=None)
def _activation_pair(activation):
    f = activation.formula(T)
    return f, diff(f, T)


class Numeric:
    """One concrete network with random parameters, a concrete sigma, and finite differences."""

    def __init__(self, widths, activation, cost, seed):
        self.widths, self.seed = tuple(widths), seed
        mpmath.mp.dps = DIGITS
        point = draw(widths, seed)
        self.params = {}
        for t in range(2, len(widths) + 1):
            for j in range(1, widths[t - 1] + 1):
                self.params[("b", t, j)] = mpmath.mpf(point["b"][t][j - 1])
                for k in range(1, widths[t - 2] + 1):
                    self.params[("w", t, j, k)] = mpmath.mpf(point["W"][t][j - 1, k - 1])
        self.params.update({("x", k): mpmath.mpf(v) for k, v in enumerate(point["x"], 1)})
        self.params.update({("y", k): mpmath.mpf(v) for k, v in enumerate(point["y"], 1)})
        self.activation = activation
        if activation.formula is None:         # generic sigma: a random smooth function
            c = [mpmath.mpf(v) for v in point["c"]]
            self.sig = lambda t: mpmath.tanh(c[0] * t + c[1] - 1) + c[2] * t / 4
            self.dsig = lambda t: c[0] * (1 - mpmath.tanh(c[0] * t + c[1] - 1) ** 2) + c[2] / 4
        else:
            f, df = _activation_pair(activation)
            self.sig = lambda t: evaluate(f, {T: t})
            self.dsig = lambda t: evaluate(df, {T: t})
        self.cost_term = cost.term(_A, _Y)
        self._runs = {}

    def forward(self, override=None):
        """{key: value} for every parameter, z and a, plus the cost under key 'C'."""
        frozen = frozenset((override or {}).items())
        if frozen not in self._runs:
            self._runs[frozen] = self._forward(override or {})
        return self._runs[frozen]

    def _forward(self, override):
        v = {**self.params, **override}
        widths = self.widths
        for k in range(1, widths[0] + 1):
            v.setdefault(("a", 1, k), v[("x", k)])
        for t in range(2, len(widths) + 1):
            for j in range(1, widths[t - 1] + 1):
                zk = ("z", t, j)
                if zk not in override:
                    v[zk] = mpmath.fsum([v[("w", t, j, k)] * v[("a", t - 1, k)]
                                         for k in range(1, widths[t - 2] + 1)]) + v[("b", t, j)]
                if ("a", t, j) not in override:
                    v[("a", t, j)] = self.sig(v[zk])
        last = len(widths)
        v["C"] = mpmath.fsum([evaluate(self.cost_term, {_A: v[("a", last, k)], _Y: v[("y", k)]})
                              for k in range(1, widths[-1] + 1)])
        return v

    def value(self, expr, override=None):
        return evaluate(expr, self.forward(override), self, override)

    def partial(self, f, v, override):
        """Central difference of f with respect to v, the network recomputed downstream of v."""
        base = self.value(v, override)
        hi = self.value(f, {**(override or {}), key(v): base + H})
        lo = self.value(f, {**(override or {}), key(v): base - H})
        return (hi - lo) / (2 * H)


def draw(widths, seed):
    """The random point of a seed as float64 arrays, in one fixed order of draws: for each layer
    and neuron its bias then its weights; x; y in (0.05, 0.95); the generic sigma's coefficients."""
    import numpy as np
    rng = random.Random(seed)
    point = {"W": {}, "b": {}}
    for t in range(2, len(widths) + 1):
        W, b = np.empty((widths[t - 1], widths[t - 2])), np.empty(widths[t - 1])
        for j in range(widths[t - 1]):
            b[j] = rng.uniform(-1, 1)
            W[j] = [rng.uniform(-1, 1) for _ in range(widths[t - 2])]
        point["W"][t], point["b"][t] = W, b
    point["x"] = np.array([rng.uniform(-1, 1) for _ in range(widths[0])])
    point["y"] = np.array([rng.uniform(0.05, 0.95) for _ in range(widths[-1])])
    point["c"] = [rng.uniform(0.5, 1.5) for _ in range(3)]
    return point


def evaluate(expr, env, net=None, override=None):
    """mpmath value of a concrete expression; partials need `net` for finite differences."""
    if isinstance(expr, Indexed):
        return env[key(expr)]
    if expr == C:
        return env["C"]
    if expr in env:
        return env[expr]
    if isinstance(expr, Partial):
        return net.partial(expr.f, expr.v, override)
    if expr.is_Rational:
        return mpmath.mpf(expr.p) / mpmath.mpf(expr.q)
    if isinstance(expr, Float):
        return mpmath.mpf(str(expr))
    args = [evaluate(t, env, net, override) for t in expr.args]
    if isinstance(expr, Add):
        return mpmath.fsum(args)
    if isinstance(expr, Mul):
        return mpmath.fprod(args)
    if isinstance(expr, Pow):
        return args[0] ** args[1]
    if isinstance(expr, KroneckerDelta):
        return mpmath.mpf(1 if expr.args[0] == expr.args[1] else 0)
    f = expr.func
    if f == sigma:
        return net.sig(args[0])
    if f == dsigma:
        return net.dsig(args[0])
    unary = {exp: mpmath.exp, log: mpmath.log, tanh: mpmath.tanh}
    if f in unary:
        return unary[f](args[0])
    if f == Max:
        return max(args)
    if f == Heaviside:
        return mpmath.mpf(1) if args[0] > 0 else (mpmath.mpf(0) if args[0] < 0 else mpmath.mpf("0.5"))
    if f == DiracDelta:
        return mpmath.mpf(0) if args[0] != 0 else mpmath.inf
    raise ValueError(f"no numeric value for {expr}")
