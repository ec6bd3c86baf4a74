"""A proof written as a `.proof` document in the ASCII notation, which `derive check` reads.

Its header names the network (`# network: ...`, read back by `derive check`) and the command that
regenerates the file exactly."""
from .common import case_of, sections
from .explain import reason
from .notation import ascii


def network_header(network):
    """The `# network:` line's options, in the order of the command line."""
    parts = [f"widths={','.join(map(str, network.widths))}"] if network.concrete else []
    parts += [f"activation={network.activation.name}"] + ([f"output={network.output}"] if network.output else [])
    parts += [f"cost={network.cost.name}"]
    parts += [f"regularization={network.regularization.name}"] if network.regularization else []
    return parts + (["batch=yes"] if network.batch else [])


def proof_document(proof, names=None):
    """claim, then one `= expression  [by rule]` line a step; `case:` lines for an induction."""
    ident = proof.identity
    options = network_header(proof.network)
    flags = " ".join("--batch" if o == "batch=yes" else f"--{o.replace('=', ' ')}" for o in options)
    out = [f"# {ident.title}",
           "# derived by the engine, every step checked by the kernel",
           f"# network: {' '.join(options)}",
           f"# regenerate: derive prove {ident.name} --format proof {flags}",
           f"claim: {ascii(ident.lhs)} = {ascii(ident.rhs) if ident.rhs is not None else '?'}"]
    for section in sections(proof):
        if case_of(section.heading):
            out.append(f"case: {case_of(section.heading)}")
        for _, step, _ in section.steps:
            why = reason(step, ascii, names).replace("[", "(").replace("]", ")")
            why = why[3:] if why.startswith("by ") else why
            out.append(f"  = {ascii(step.after)}   [by {why}]")
    return "\n".join(out) + "\n"


def document(proofs, names=None):
    return "\n".join(proof_document(p, names) for p in proofs)
