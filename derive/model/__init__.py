"""The model: the notation, the network's definitions, the identities and proofs as data.

The single source of truth that the engine, the kernel, the evidence and the printers read."""
