"""Cost functions: each is one small definition in the output activations a[L, k] and y[k]."""
from dataclasses import dataclass
from typing import Callable

from sympy import Rational, Sum, log

from .symbols import L, a, n, y


@dataclass(frozen=True)
class Cost:
    name: str
    term: Callable          # (a_k, y_k) -> the summand for output neuron k
    about: str = ""

    def definition(self, k):
        """C as an index-level expression, summed over the bound index k."""
        return Sum(self.term(a[L, k], y[k]), (k, 1, n(L)))


COSTS = {
    c.name: c for c in [
        Cost("quadratic", lambda ak, yk: Rational(1, 2) * (yk - ak) ** 2,
             "C = 1/2 sum_k (y_k - a^L_k)^2"),
        Cost("cross-entropy", lambda ak, yk: -(yk * log(ak) + (1 - yk) * log(1 - ak)),
             "C = -sum_k [y_k ln a^L_k + (1 - y_k) ln(1 - a^L_k)]"),
    ]
}
