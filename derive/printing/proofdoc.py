"""A proof written as a `.proof` document in the ASCII notation, which `derive check` reads.

Its header says who wrote the steps (the engine, or a user's file) and the kernel's verdict, names the network
(`# network: ...`, read back by `derive check`) and, for a proof the engine derived, the command that regenerates the
file exactly."""
from .common import case_of, engine_derived, sections
from .explain import reason, unexplained
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
    engine = engine_derived(proof)
    out = [f"# {ident.title}",
           f"# {'derived by the engine' if engine else 'written by hand'}, every step checked by the kernel: "
           f"{proof.verdict.status.upper()}",
           f"# network: {' '.join(options)}"]
    out += [f"# regenerate: derive prove {ident.name} --format proof {flags}"] if engine else []
    out += [f"claim: {ascii(ident.lhs)} = {ascii(ident.rhs) if ident.rhs is not None else '?'}"]
    for section in sections(proof):
        if case_of(section.heading):
            out.append(f"case: {case_of(section.heading)}")
        elif not engine and section.lhs is not None:      # a file's chain starts where it starts (a stated fact too)
            out.append(f"{'given: ' if section.given else ''}{ascii(section.lhs)}")
        for _, step, _ in section.steps:
            why = reason(step, ascii, names).replace("[", "(").replace("]", ")")
            why = why[3:] if why.startswith("by ") else why
            out.append(f"  = {ascii(step.after)}" + ("" if unexplained(step) else f"   [by {why}]"))
    return "\n".join(out) + "\n"


def document(proofs, names=None):
    return "\n".join(proof_document(p, names) for p in proofs)
