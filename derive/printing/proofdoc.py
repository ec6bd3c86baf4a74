"""A proof written as a `.proof` document in the ASCII notation, which `derive check` reads."""
from .common import network_text, sections
from .explain import reason
from .notation import ascii


def proof_document(proof, names=None):
    """claim, then one `= expression  [by rule]` line a step; `case:` lines for an induction."""
    ident = proof.identity
    out = [f"# {ident.title}",
           f"# derived by the engine, every step checked by the kernel ({network_text(proof.network)})",
           f"# regenerate: derive prove {ident.name} --format proof",
           f"claim: {ascii(ident.lhs)} = {ascii(ident.rhs) if ident.rhs is not None else '?'}"]
    for heading, sub, _ in sections(proof):
        if heading:
            out.append(f"case: {heading.split(' ', 2)[-1]}")
        for step in sub.steps:
            why = reason(step, ascii, names).replace("[", "(").replace("]", ")")
            why = why[3:] if why.startswith("by ") else why
            out.append(f"  = {ascii(step.after)}   [by {why}]")
    return "\n".join(out) + "\n"


def document(proofs, names=None):
    return "\n".join(proof_document(p, names) for p in proofs)
