"""Cost functions: each is one small definition in the output activations a[L, k] and y[k]."""
from dataclasses import dataclass
from typing import Callable

from sympy import Abs, Integer, Rational, Sum, log

from .symbols import L, N, a, lam, n, w, y


@dataclass(frozen=True)
class Cost:
    name: str
    term: Callable          # (a_k, y_k) -> the summand for output neuron k
    about: str = ""
    probability: bool = False   # y is a probability vector: y_k >= 0 and sum_k y_k = 1
    needs_unit_outputs: bool = False   # defined only for outputs in (0, 1)

    def definition(self, k, s=None):
        """C (C_s, the cost of sample s of a mini-batch) as an index-level expression, summed over
        the bound index k."""
        rest = () if s is None else (s,)
        return Sum(self.term(a[(L, k) + rest], y[(k,) + rest]), (k, 1, n(L)))


COSTS = {
    c.name: c for c in [
        Cost("quadratic", lambda ak, yk: Rational(1, 2) * (yk - ak) ** 2,
             "C = 1/2 sum_k (y_k - a^L_k)^2"),
        Cost("cross-entropy", lambda ak, yk: -(yk * log(ak) + (1 - yk) * log(1 - ak)),
             "C = -sum_k [y_k ln a^L_k + (1 - y_k) ln(1 - a^L_k)]", needs_unit_outputs=True),
        Cost("log-likelihood", lambda ak, yk: -yk * log(ak),
             "C = -sum_k y_k ln a^L_k, y a probability vector (one-hot y: C = -ln a^L_y)",
             probability=True, needs_unit_outputs=True),
    ]
}


@dataclass(frozen=True)
class Regularization:
    name: str
    term: Callable          # w -> the penalty of one weight, times lambda/N
    about: str = ""

    def definition(self, m, p, q):
        """lambda/N times the penalty summed over every weight (never a bias), bound m, p, q."""
        rows = Sum(Sum(self.term(w[m, p, q]), (q, 1, n(m - 1))), (p, 1, n(m)))
        return lam / N * Sum(rows, (m, Integer(2), L))


REGULARIZATIONS = {
    r.name: r for r in [
        Regularization("l2", lambda v: Rational(1, 2) * v ** 2, "C = C0 + lambda/(2N) sum_w w^2"),
        Regularization("l1", lambda v: Abs(v), "C = C0 + lambda/N sum_w |w|"),
    ]
}
