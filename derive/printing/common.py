"""What every printer needs: the chain of a proof, its domain, its network, its summary."""


def sections(proof):
    """[(heading or None, derivation, step verdicts)] for a Derivation or the cases of a proof."""
    d = proof.derivation
    verdicts = list(proof.verdict.steps)
    if d is None or not verdicts:
        return []
    parts = d.cases if hasattr(d, "cases") else [(None, d)]
    out = []
    for heading, sub in parts:
        mine, verdicts = verdicts[:len(sub.steps)], verdicts[len(sub.steps):]
        out.append((heading, sub, mine))
    return out


def domain_text(domain, fmt, le="≤", sep=", "):
    return sep.join(f"{fmt(lo)} {le} {fmt(s)} {le} {fmt(hi)}" for s, lo, hi in domain)


def network_text(network):
    sizes = ("widths " + ",".join(map(str, network.widths))) if network.concrete else "any depth L and widths n_l"
    return f"{sizes}; activation {network.activation.name}; cost {network.cost.name}"


def summary(proof):
    """One sentence: the kernel's verdict."""
    v = proof.verdict
    n = len(v.steps)
    if v.proved and not v.steps:
        return f"PROVED by the kernel: {v.reason}."
    if v.proved:
        every = f"; {v.reason}" if v.reason else ""
        return f"PROVED by the kernel: all {n} steps confirmed symbolically and numerically{every}."
    if v.status == "rejected":
        bad = next((t for t, s in enumerate(v.steps, 1) if s.passed is False), None)
        where = f"step {bad} fails" if bad else ("the claim fails" if v.counterexample else "the chain is broken")
        return f"REJECTED by the kernel: {where}: {v.first_failure().reason if bad else v.reason}"
    first = v.first_failure()
    why = first.reason if first else v.reason
    return f"NOT CONFIRMED by the kernel: {why}"


def titles(proofs):
    """Short names for citations (BP1, ...): every identity of the library, not only those shown."""
    from ..model.identities import catalogue
    network = proofs[0].network if proofs else None
    found = {i.name: i.title for i in catalogue(network)} if network is not None else {}
    found.update({p.identity.name: p.identity.title for p in proofs})
    return {name: title.split(":")[0] for name, title in found.items()}
