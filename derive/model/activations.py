"""Activation functions: each is one small definition.

`formula(t)` is sigma(t) itself; `law(s, t)`, when given, writes sigma'(t) through
s = sigma(t) (the kernel re-derives it from `formula` before trusting it).
"""
from dataclasses import dataclass
from typing import Callable, Optional

from sympy import Heaviside, Integer, Max, Symbol, exp, log, tanh

T = Symbol("t", real=True)


@dataclass(frozen=True)
class Activation:
    name: str
    formula: Optional[Callable] = None        # t -> sigma(t); None: generic sigma
    law: Optional[Callable] = None            # (s, t) -> sigma'(t) with s = sigma(t)
    about: str = ""

    @property
    def generic(self):
        return self.formula is None


ACTIVATIONS = {
    act.name: act for act in [
        Activation("generic", about="any differentiable sigma (results hold for every sigma)"),
        Activation("sigmoid", lambda t: 1 / (1 + exp(-t)), lambda s, t: s * (1 - s),
                   "sigma(t) = 1/(1+e^-t)"),
        Activation("tanh", lambda t: tanh(t), lambda s, t: 1 - s ** 2, "sigma(t) = tanh t"),
        Activation("relu", lambda t: Max(0, t), lambda s, t: Heaviside(t), "sigma(t) = max(0, t)"),
        Activation("softplus", lambda t: log(1 + exp(t)), lambda s, t: 1 - exp(-s),
                   "sigma(t) = ln(1+e^t)"),
        Activation("identity", lambda t: t, lambda s, t: Integer(1), "sigma(t) = t"),
    ]
}
