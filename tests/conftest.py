from functools import lru_cache

import pytest

from derive import Network, prove_all


@pytest.fixture(scope="session")
def generic_all():
    """Every identity of the library for any depth and widths, generic sigma, quadratic cost."""
    return {p.identity.name: p for p in prove_all(Network())}


@lru_cache(maxsize=None)
def _library(activation, cost):
    return tuple(prove_all(Network(activation=activation, cost=cost)))


@pytest.fixture(scope="session")
def library():
    """library(activation, cost): every proof of the library for that network, proved once a session."""
    return _library


@pytest.fixture(scope="session")
def sigmoid_ce_all():
    return {p.identity.name: p for p in prove_all(Network(activation="sigmoid", cost="cross-entropy"))}
