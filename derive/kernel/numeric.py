"""The numeric oracle: both sides at random parameters, with mpmath at 40 digits;
every dF/dV is a central finite difference of the network run forward from V."""
import random

import mpmath
from sympy import (Add, Heaviside, Indexed, Integer, KroneckerDelta, Mul, Piecewise, Pow, Rational, Sum, Symbol,
                   DiracDelta, diff, exp, log, tanh, Float)

from ..activations import T
from ..symbols import C, Partial, a, b, dsigma, kind, layer, sigma, w, x, y, z

DIGITS = 40
H = mpmath.mpf("1e-15")


class Numeric:
    """One concrete network with random parameters, a concrete sigma, and finite differences."""

    def __init__(self, widths, activation, cost, seed):
        self.widths, self.cost, self.seed = tuple(widths), cost, seed
        rng = random.Random(seed)
        mpmath.mp.dps = DIGITS
        self.params = {}
        for t in range(2, len(widths) + 1):
            for j in range(1, widths[t - 1] + 1):
                self.params[b[t, j]] = mpmath.mpf(rng.uniform(-1, 1))
                for k in range(1, widths[t - 2] + 1):
                    self.params[w[t, j, k]] = mpmath.mpf(rng.uniform(-1, 1))
        for k in range(1, widths[0] + 1):
            self.params[x[k]] = mpmath.mpf(rng.uniform(-1, 1))
        for k in range(1, widths[-1] + 1):
            self.params[y[k]] = mpmath.mpf(rng.uniform(0.05, 0.95))
        if activation.formula is None:         # generic sigma: a random smooth function
            c = [mpmath.mpf(rng.uniform(0.5, 1.5)) for _ in range(3)]
            self.sig = lambda t: mpmath.tanh(c[0] * t + c[1] - 1) + c[2] * t / 4
            self.dsig = lambda t: c[0] * (1 - mpmath.tanh(c[0] * t + c[1] - 1) ** 2) + c[2] / 4
        else:
            f, df = activation.formula(T), diff(activation.formula(T), T)
            self.sig = lambda t: evaluate(f, {T: t})
            self.dsig = lambda t: evaluate(df, {T: t})
        self.activation = activation

    def forward(self, override=None):
        """{z, a: value} and the cost, with `override` fixing any parameter, z or a."""
        override = override or {}
        p = {**self.params, **{q: v for q, v in override.items() if kind(q) in ("w", "b", "x", "y")}}
        values = {}
        for k in range(1, self.widths[0] + 1):
            values[a[1, k]] = override.get(a[1, k], p[x[k]])
        for t in range(2, len(self.widths) + 1):
            for j in range(1, self.widths[t - 1] + 1):
                zt = override.get(z[t, j], sum((p[w[t, j, k]] * values[a[t - 1, k]]
                                                for k in range(1, self.widths[t - 2] + 1)), p[b[t, j]]))
                values[z[t, j]] = zt
                values[a[t, j]] = override.get(a[t, j], self.sig(zt))
        L = len(self.widths)
        cost = sum(evaluate(self.cost.term(a[L, k], y[k]), {a[L, k]: values[a[L, k]], y[k]: p[y[k]]})
                   for k in range(1, self.widths[-1] + 1))
        return values, cost, p

    def value(self, expr, override=None):
        values, cost, p = self.forward(override)
        return evaluate(expr, {**p, **values, C: cost}, self, override)

    def partial(self, f, v, override):
        base = self.value(v, override)
        hi = self.value(f, {**(override or {}), v: base + H})
        lo = self.value(f, {**(override or {}), v: base - H})
        return (hi - lo) / (2 * H)


def evaluate(expr, env, net=None, override=None):
    """mpmath value of a concrete expression; partials need `net` for finite differences."""
    if expr in env:
        return env[expr]
    if isinstance(expr, Partial):
        return net.partial(expr.f, expr.v, override)
    if expr.is_Integer or expr.is_Rational or isinstance(expr, Float):
        return mpmath.mpf(expr.p) / mpmath.mpf(expr.q) if expr.is_Rational else mpmath.mpf(str(expr))
    if isinstance(expr, Add):
        return mpmath.fsum(evaluate(t, env, net, override) for t in expr.args)
    if isinstance(expr, Mul):
        out = mpmath.mpf(1)
        for t in expr.args:
            out *= evaluate(t, env, net, override)
        return out
    if isinstance(expr, Pow):
        return evaluate(expr.base, env, net, override) ** evaluate(expr.exp, env, net, override)
    if isinstance(expr, KroneckerDelta):
        return mpmath.mpf(1 if expr.args[0] == expr.args[1] else 0)
    f = expr.func
    if f == sigma:
        return net.sig(evaluate(expr.args[0], env, net, override))
    if f == dsigma:
        return net.dsig(evaluate(expr.args[0], env, net, override))
    unary = {exp: mpmath.exp, log: mpmath.log, tanh: mpmath.tanh}
    if f in unary:
        return unary[f](evaluate(expr.args[0], env, net, override))
    if f == Heaviside:
        v = evaluate(expr.args[0], env, net, override)
        return mpmath.mpf(1) if v > 0 else (mpmath.mpf(0) if v < 0 else mpmath.mpf("0.5"))
    if f == DiracDelta:
        v = evaluate(expr.args[0], env, net, override)
        return mpmath.mpf(0) if v != 0 else mpmath.inf
    raise ValueError(f"no numeric value for {expr}")
