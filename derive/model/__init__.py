"""The model: the notation, the network's definitions, the identities and proofs as data.

The single source of truth that the engine, the kernel, the evidence and the printers read."""
from .unfolded import install

install()           # sympy's Sum folds no guard out of an inner sum (sympy issue 12631; unfolded.py)
