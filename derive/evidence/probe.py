"""dC/dq for the parameters and nodes of a concrete network, by complex-step differentiation
(and, as `tangents`, the derivative of every node by each parameter or node of a layer).

dC/dq = Im C(q + i h) / h with h = 1e-20: no difference of two nearby numbers is taken, so the
result is good to float64's precision (central differences lose half of it). The network is run
forward from q for every q of a layer at a time, as the columns of one complex matrix (float64
parts, vectorised with numpy). Moving one q moves one activation a[t,j] (a weight w[t,j,k] enters
only z[t,j], by ih a[t-1,k]); the next weighted inputs then move by that activation's column of
W[t+1], exactly as a forward pass computes them, and the rest of the run is a full forward pass.

Each weight costs a forward run from the layer after its own: above WORK multiply-adds for a
layer, its weights are probed at a seeded sample (the others are NaN: not computed). The point
is `model.numeric.draw(widths, seed)`, the one a `Point` of the same seed uses, so `derive evaluate`
re-runs anything found here.
"""
import random

import numpy as np
from sympy import Symbol, diff

from ..model.activations import T, derivative
from ..model.numeric import _A, _Y, draw, smooth, value

H = 1e-20
BLOCK = 2 ** 22                    # complex entries of one forward batch (64 MB)
WORK = 5 * 10 ** 9                 # multiply-adds allowed for the weights of one layer
SAMPLE = 4096                      # weights of a layer probed above WORK
TOTAL_WORK = 5 * 10 ** 10          # multiply-adds allowed for the whole net, else it is not probed
MAX_PARAMETERS = 2 * 10 ** 7       # a larger net is not probed at all (memory, drawing its point)


def too_large(widths):
    """Why a probe of this net would not finish in reasonable time and memory, or ''."""
    params = sum(u * v + v for u, v in zip(widths, widths[1:]))
    if params > MAX_PARAMETERS:
        return f"{params:,} parameters, more than the probe's {MAX_PARAMETERS:,}"
    work = 0
    for t in range(2, len(widths) + 1):
        after = work_after(widths, t)
        weights = widths[t - 1] * widths[t - 2] * after
        work += 3 * widths[t - 1] * after + (weights if weights <= WORK else SAMPLE * after)
    if work > TOTAL_WORK:
        return f"about {work:.1e} multiply-adds to probe every node, more than {TOTAL_WORK:.0e}"
    return ""


def work_after(widths, t):
    """Multiply-adds of one probe from a[t] on: the next z, then full layers to the cost."""
    rest = widths[t:]
    return sum(rest) + sum(u * v for u, v in zip(rest, rest[1:])) + 1


class Probe:
    """One concrete network at the point of a seed, in float64 arrays."""

    def __init__(self, widths, network, seed):
        self.widths, self.seed = tuple(widths), seed
        activation, cost = network.activation, network.cost
        self.softmax = network.output == "softmax"
        point = draw(widths, seed, cost.probability)
        self.W, self.b, self.x, self.y = point["W"], point["b"], point["x"], point["y"]
        if activation.generic:                     # the generic sigma of model.numeric.Point
            c = point["c"]
            self.sigma = lambda t: smooth(t, c, np.tanh)
            self.dsigma = lambda t: smooth(t, c, np.tanh, derivative=True)
        else:
            f = activation.formula(T)
            df = derivative(f, T)
            self.sigma = lambda t: value(f, {T: t}.__getitem__, numpy=True)
            self.dsigma = lambda t: value(df, {T: t}.__getitem__, numpy=True)
        self.cost_term = cost.term(_A, _Y)
        self.lam, self.N = point["lambda"], point["N"]
        reg, r = network.regularization, Symbol("r", real=True)
        self.penalty = None if reg is None else (reg.term(r), diff(reg.term(r), r), r)
        self.sampled = {}                          # layer -> (probed, all) weights, when sampled
        self._tangents = {}
        self.forward()

    def cost(self, a_last):
        """C of each column of output activations."""
        with np.errstate(all="ignore"):
            return np.sum(value(self.cost_term, {_A: a_last, _Y: self.y[:, None]}.__getitem__, numpy=True), axis=0)

    def run(self, t, columns):
        """The cost when z[t] takes each column in turn: the forward pass from layer t on."""
        with np.errstate(all="ignore"):
            act = self.sigma(columns)
            for s in range(t + 1, len(self.widths) + 1):
                act = self.sigma(self.W[s] @ act + self.b[s][:, None])
        return self.cost(act)

    def forward(self):
        """z, a and C at the point (float64; C complex only where a log has no real value)."""
        self.z, self.a = {}, {1: self.x}
        with np.errstate(all="ignore"):
            for t in range(2, len(self.widths) + 1):
                self.z[t] = self.W[t] @ self.a[t - 1] + self.b[t]
                self.a[t] = self.sigma(self.z[t])
            if self.softmax:             # the point's outputs only: the grid does not read softmax nets
                e = np.exp(self.z[t] - self.z[t].max())
                self.a[t] = e / e.sum()
        self.C = complex(self.cost(self.a[len(self.widths)][:, None])[0])

    def penalty_of(self, weights, derivative=False):
        """lambda/N times each weight's penalty (or its derivative by the weight); 0 without one."""
        if self.penalty is None:
            return np.zeros_like(weights)
        term, slope, r = self.penalty
        return self.lam / self.N * value(slope if derivative else term, {r: weights}.__getitem__, numpy=True)

    def C0(self):
        """The cost before its penalty on the weights, at the point."""
        return self.C.real

    def total(self):
        """C: C0 plus the penalty summed over every weight."""
        return self.C.real + sum(float(np.sum(self.penalty_of(W))) for W in self.W.values())

    def defined(self):
        """The cost is a finite real number here (the cross-entropy needs outputs in (0, 1))."""
        return self.C.imag == 0 and np.isfinite(self.C.real)

    def gradient(self):
        """{(kind, layer): array of dC/dq} for every w, b, z and a (a of layer 1 is x)."""
        grad = {}
        for t in range(1, len(self.widths) + 1):
            n_t = self.widths[t - 1]
            rows = np.arange(n_t)
            grad["a", t] = self._slope(t, rows, np.full(n_t, 1j * H))
            if t == 1:
                continue
            with np.errstate(all="ignore"):
                moved_z = self.sigma(self.z[t] + 1j * H) - self.a[t]
                moved_b = self.sigma(self.W[t] @ self.a[t - 1] + (self.b[t] + 1j * H)) - self.a[t]
            grad["z", t] = self._slope(t, rows, moved_z)
            grad["b", t] = self._slope(t, rows, moved_b)
            grad["w", t] = self._weights(t)
        return grad

    def _weights(self, t):
        """dC/dw[t,j,k]: z[t,j] moved by ih a[t-1,k], so a[t,j] alone moves (at a seeded sample
        of the weights when the layer's work is above WORK)."""
        n_t, n_prev = self.widths[t - 1], self.widths[t - 2]
        cols = np.arange(n_t * n_prev)
        if len(cols) * work_after(self.widths, t) > WORK:
            rng = random.Random(self.seed)
            inner = range(1, len(cols) - 1)
            picked = {0, len(cols) - 1} | set(rng.sample(inner, max(0, min(SAMPLE - 2, len(inner)))))
            cols = np.array(sorted(picked))
            self.sampled[t] = (len(cols), n_t * n_prev)
        rows, ks = cols // n_prev, cols % n_prev
        with np.errstate(all="ignore"):
            moved = self.sigma(self.z[t][rows] + 1j * H * self.a[t - 1][ks]) - self.a[t][rows]
        out = np.full(n_t * n_prev, np.nan)
        out[cols] = self._slope(t, rows, moved)
        return out.reshape(n_t, n_prev)

    def _slope(self, t, rows, moved):
        """dC/dq for columns where a[t, rows[c]] moves by moved[c] (its imaginary part is h times
        the derivative): the next weighted inputs move by that column of W, then run forward."""
        if t == len(self.widths):                  # an output moves: only its term of the cost does
            with np.errstate(all="ignore"):
                moved_term = value(self.cost_term, {_A: self.a[t][rows] + moved, _Y: self.y[rows]}.__getitem__,
                                   numpy=True)
            return np.imag(moved_term) / H
        out = np.empty(len(rows))
        step = max(1, BLOCK // max(self.widths))
        for start in range(0, len(rows), step):
            r, m = rows[start:start + step], moved[start:start + step]
            z_next = self.z[t + 1][:, None] + self.W[t + 1][:, r] * m[None, :]
            out[start:start + len(r)] = self.run(t + 1, z_next).imag / H
        return out

    def tangents(self, kind, t):
        """{(node kind, layer): d node / d V} for every V of this kind ("w", "b", "z" or "a") at
        layer t, arrays of shape node's + V's (a node V does not move is left out): each V moved
        by ih as one column of a complex forward run (kept)."""
        if (kind, t) in self._tangents:
            return self._tangents[kind, t]
        n_t = self.widths[t - 1]
        shape = (n_t, self.widths[t - 2]) if kind == "w" else (n_t,)
        columns = int(np.prod(shape))
        if columns * (sum(self.widths[t - 1:]) * 2) > BLOCK:
            raise ValueError(f"{columns} columns of {kind} at layer {t}: too many to move at once")
        out = {}
        with np.errstate(all="ignore"):
            if kind == "a":
                act = self.a[t][:, None] + 1j * H * np.eye(n_t)
            else:
                move = np.eye(n_t) if kind != "w" else np.kron(np.eye(n_t), self.a[t - 1][None, :])
                z_t = self.z[t][:, None] + 1j * H * move
                out["z", t] = z_t.imag / H
                act = self.sigma(z_t)
            out["a", t] = act.imag / H
            for s in range(t + 1, len(self.widths) + 1):
                z_s = self.W[s] @ act + self.b[s][:, None]
                act = self.sigma(z_s)
                out["z", s], out["a", s] = z_s.imag / H, act.imag / H
        self._tangents[kind, t] = {k: v.reshape(v.shape[:1] + shape) for k, v in out.items()}
        return self._tangents[kind, t]

    def value(self, key):
        """A parameter's or node's value by its key: ('w', t, j, k), ('z', t, j), ('x', k), ..."""
        if key[0] in ("x", "y"):
            return (self.x if key[0] == "x" else self.y)[key[1] - 1]
        table = {"w": self.W, "b": self.b, "z": self.z, "a": self.a}[key[0]][key[1]]
        return table[tuple(i - 1 for i in key[2:])]
