"""dC/dq for every parameter and node of a concrete network, by complex-step differentiation.

dC/dq = Im C(q + i h) / h with h = 1e-20: no difference of two nearby numbers is taken, so the
result is good to float64's precision (central differences lose half of it). The network is run
forward from q's layer once for every q of that layer at a time, as the columns of one complex
matrix (float64 parts, vectorised with numpy). A weight enters only its own weighted input,
linearly: moving w[t,j,k] by ih moves z[t,j] by ih a[t-1,k] and nothing else in layer t.

The parameters are those of a `Numeric` of the same seed, so a point found here is re-run
exactly by `derive evaluate`.
"""
import numpy as np
from sympy import Add, Heaviside, Max, Mul, Pow, Symbol, exp, log, tanh

from ..activations import T
from .numeric import _A, _Y

H = 1e-20
BLOCK = 4096                       # perturbed copies run forward together


class Probe:
    """Values and complex-step derivatives of the cost for one Numeric point (float64)."""

    def __init__(self, numeric):
        self.widths = numeric.widths
        p = {k: float(v) for k, v in numeric.params.items()}
        L = len(self.widths)
        self.W = {t: np.array([[p[("w", t, j, k)] for k in range(1, self.widths[t - 2] + 1)]
                               for j in range(1, self.widths[t - 1] + 1)]) for t in range(2, L + 1)}
        self.b = {t: np.array([p[("b", t, j)] for j in range(1, self.widths[t - 1] + 1)]) for t in range(2, L + 1)}
        self.x = np.array([p[("x", k)] for k in range(1, self.widths[0] + 1)])
        self.y = np.array([p[("y", k)] for k in range(1, self.widths[-1] + 1)])
        if numeric.activation.formula is None:
            c = [float(v) for v in numeric.coefficients]
            self.sigma = lambda t: np.tanh(c[0] * t + c[1] - 1) + c[2] * t / 4
        else:
            f = numeric.activation.formula(T)
            self.sigma = lambda t: array_value(f, {T: t})
        self.cost_term = numeric.cost_term
        self.params = p

    def cost(self, a_last):
        """C of each column of output activations."""
        y = self.y.reshape(-1, *([1] * (a_last.ndim - 1)))
        return np.sum(array_value(self.cost_term, {_A: a_last, _Y: y}), axis=0)

    def run(self, t, kind, columns):
        """The cost when z[t] (kind 'z') or a[t] (kind 'a') takes each column in turn."""
        with np.errstate(all="ignore"):
            a_ = self.sigma(columns) if kind == "z" else columns
            for s in range(t + 1, len(self.widths) + 1):
                a_ = self.sigma(self.W[s] @ a_ + self.b[s][:, None])
            return self.cost(a_)

    def forward(self):
        """{key: value} of every parameter, z and a; the cost under 'C'."""
        v = dict(self.params)
        z_, a_ = {}, {1: self.x}
        with np.errstate(all="ignore"):
            for t in range(2, len(self.widths) + 1):
                z_[t] = self.W[t] @ a_[t - 1] + self.b[t]
                a_[t] = self.sigma(z_[t])
            v["C"] = complex(self.cost(a_[len(self.widths)][:, None])[0])
        for t, vec in list(z_.items()):
            v.update({("z", t, j + 1): complex(u) for j, u in enumerate(vec)})
        for t, vec in a_.items():
            v.update({("a", t, j + 1): complex(u) for j, u in enumerate(vec)})
        self.z, self.a = z_, a_
        return v

    def gradient(self):
        """{key: dC/dq} for every w, b, z and a of the network (a of layer 1 is x)."""
        self.forward()
        grad = {}
        for t in range(1, len(self.widths) + 1):
            n_t = self.widths[t - 1]
            eye = 1j * H * np.eye(n_t)
            grad.update(_keyed("a", t, self._slope(t, "a", self.a[t][:, None] + eye)))
            if t == 1:
                continue
            z_t = self.z[t]
            grad.update(_keyed("z", t, self._slope(t, "z", z_t[:, None] + eye)))
            grad.update(_keyed("b", t, self._slope(t, "z", (self.W[t] @ self.a[t - 1])[:, None]
                                                   + (self.b[t][:, None] + eye))))
            n_prev = self.widths[t - 2]
            slopes = []
            for start in range(0, n_t * n_prev, BLOCK):
                cols = np.arange(start, min(start + BLOCK, n_t * n_prev))
                block = np.repeat(z_t[:, None], len(cols), axis=1).astype(complex)
                block[cols // n_prev, cols - start] += 1j * H * self.a[t - 1][cols % n_prev]
                slopes.append(self._slope(t, "z", block))
            flat = np.concatenate(slopes)
            grad.update({("w", t, j + 1, k + 1): flat[j * n_prev + k] for j in range(n_t) for k in range(n_prev)})
        return grad

    def _slope(self, t, kind, columns):
        return self.run(t, kind, columns).imag / H


def _keyed(kind, t, values):
    return {(kind, t, j + 1): v for j, v in enumerate(values)}


def array_value(expr, env):
    """numpy value of an activation or cost formula (ours, never a user's) at complex arrays."""
    if expr in env:
        return env[expr]
    if expr.is_Number:
        return float(expr)
    args = [array_value(t, env) for t in expr.args]
    if isinstance(expr, Add):
        return sum(args[1:], args[0])
    if isinstance(expr, Mul):
        out = args[0]
        for v in args[1:]:
            out = out * v
        return out
    if isinstance(expr, Pow):
        return args[0] ** args[1]
    if expr.func == Max:               # piecewise: the branch chosen by the real parts
        out = args[0]
        for v in args[1:]:
            out = np.where(np.real(v) > np.real(out), v, out)
        return out
    if expr.func == Heaviside:
        r = np.real(args[0])
        return np.where(r > 0, 1.0, np.where(r < 0, 0.0, 0.5))
    unary = {exp: np.exp, log: np.log, tanh: np.tanh}
    if expr.func in unary:
        return unary[expr.func](args[0] if not isinstance(args[0], float) else complex(args[0]))
    if isinstance(expr, Symbol):
        raise ValueError(f"no value for {expr}")
    raise ValueError(f"no array value for {expr.func}")
