"""derive: derives, checks and explains the backpropagation equations symbolically."""
__version__ = "0.1.0"

__all__ = ["Network", "prove", "prove_all", "names", "Proof"]


def __getattr__(attr):
    """Import sympy only when the API is used (keeps `derive --help` fast)."""
    if attr in ("prove", "prove_all", "names", "Proof"):
        from . import api
        return getattr(api, attr)
    if attr == "Network":
        from .model.network import Network
        return Network
    raise AttributeError(attr)
