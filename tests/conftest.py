from functools import lru_cache

import pytest

from derive import Network, prove_all


@pytest.fixture(scope="session")
def generic_all():
    """Every identity of the library for any depth and widths, generic sigma, quadratic cost."""
    return {p.identity.name: p for p in prove_all(Network())}


ACTIVATIONS = ("generic", "sigmoid", "tanh", "relu", "softplus", "identity")
# every network the printers are tested on: (activation, cost, output, regularization)
NETWORKS = [(act, "quadratic", None, None) for act in ACTIVATIONS] + [
    ("generic", "cross-entropy", None, None), ("sigmoid", "cross-entropy", None, None),   # outputs in (0, 1) only
    ("generic", "log-likelihood", None, None),
    ("sigmoid", "log-likelihood", None, None), ("generic", "log-likelihood", "softmax", None),
    ("sigmoid", "quadratic", "softmax", None), ("sigmoid", "cross-entropy", None, "l2"),
    ("tanh", "quadratic", None, "l1"), ("sigmoid", "log-likelihood", "softmax", "l2")]


def network_id(options):
    return "-".join(o for o in options if o)


@lru_cache(maxsize=None)
def _library(activation, cost, output=None, regularization=None):
    return tuple(prove_all(Network(activation=activation, cost=cost, output=output, regularization=regularization)))


@pytest.fixture(scope="session")
def library():
    """library(activation, cost): every proof of the library for that network, proved once a session."""
    return _library


@pytest.fixture(scope="session")
def sigmoid_ce_all():
    return {p.identity.name: p for p in prove_all(Network(activation="sigmoid", cost="cross-entropy"))}
