import pytest

from derive import Network, prove


@pytest.fixture(scope="session")
def generic_all():
    """Every identity of the library for any depth and widths, generic sigma, quadratic cost."""
    return {p.identity.name: p for p in prove("all", Network())}


@pytest.fixture(scope="session")
def sigmoid_ce_all():
    return {p.identity.name: p for p in prove("all", Network(activation="sigmoid", cost="cross-entropy"))}
