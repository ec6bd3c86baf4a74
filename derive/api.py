"""The Python API: `prove("bp3")` (one Proof), `prove_all(Network([2, 3, 2]))` (a list of them).

The engine proposes each derivation; the kernel alone decides whether it is proved.
"""
from dataclasses import dataclass, field, replace

from .engine.strategy import EngineError, derive
from .evidence import Evidence
from .kernel.check import Kernel
from .model.identities import catalogue, unavailable
from .model.network import Network
from .model.proof import handed


class UnknownIdentity(KeyError):
    """A name that is not in the library."""


def _judged(mine, judged):
    """mine is what the kernel judged: equal, and of its very type (a subclass's == would answer for itself)."""
    return type(mine) is type(judged) and judged == mine


@dataclass(frozen=True)
class Proof:
    """A claim, what was handed to the kernel as its proof (a Derivation, Cases, or a file's
    chains), the kernel's verdict, and hints for failed steps ({step index: Sentence}). Frozen, and
    made only with the claim and network the kernel judged: those printed beside a verdict are its own."""
    identity: object
    derivation: object
    verdict: object
    network: Network
    hints: dict = field(default_factory=dict)

    def __post_init__(self):
        v = self.verdict
        if not (_judged(self.identity, v.claim) if v.claim is not None else self.identity.lhs is None):
            raise TypeError("a Proof prints its verdict beside the claim the kernel judged, not another")
        if v.network is not None and (type(self.network) is not type(v.network) or v.network.key != self.network.key):
            raise TypeError("a Proof prints its verdict beside the network the kernel judged it on, not another")
        if handed(self.derivation) != v.handed:
            raise TypeError("a Proof prints its verdict beside the proof the kernel judged (its cases, their labels "
                            "and domains, its steps), not another")

    def __repr__(self):
        return f"<Proof {self.identity.name}: {self.verdict.status.upper()}, {len(self.verdict.steps)} steps>"

    @property
    def proved(self):
        return self.verdict.proved

    def _repr_latex_(self):
        from .printing.latex import proof_latex
        return "$\\displaystyle " + proof_latex(self, display=True) + "$"

    def _repr_markdown_(self):
        from .printing.markdown import proof_markdown
        return proof_markdown(self)

    def _repr_html_(self):
        from .printing.common import titles
        from .printing.html import proof_html
        return proof_html(self, titles([self]))

    def __rich__(self):
        from .printing.text import proof_renderable
        return proof_renderable(self)


def kernel_for(network, seed=0):
    """A kernel for this network, with numbers as evidence."""
    return Kernel(network, Evidence(seed), seed)


_LIBRARIES = {}         # a network -> (its kernel in this process, holding the library identities proved so far;
                        # the library by name)


def library_kernel(network, cited):
    """A fresh kernel for one document that starts with the library identities it cites and those
    they rest on. Each is proved once a network in this process (never cached on disk), by a kernel
    kept for that network; nothing a document's kernel proves comes back to it."""
    if network.key not in _LIBRARIES:                   # every option: each network has its own library
        _LIBRARIES[network.key] = kernel_for(network), {i.name: i for i in catalogue(network)}
    library, by_name = _LIBRARIES[network.key]
    wanted = set().union(*(_with_dependencies(name, by_name) for name in cited if name in by_name))
    missing = wanted - set(library.proved)
    if missing:
        _prove(missing, network, None, library)
    return library.fork([name for name in by_name if name in wanted])


def names(network=None):
    """The names of the identities in the library for this network."""
    return [i.name for i in catalogue(network or Network())]


def library_name(name, network=None):
    """The library's name for `name` whatever its case (BP1 is bp1, ALL is all); else name itself."""
    lower = name.lower()
    return lower if lower in names(network) or lower == "all" else name


def statements(network=None):
    """The library's identities with their right-hand sides; derived ones are filled in by
    the engine (a statement, not yet a proof: only `prove` asks the kernel)."""
    network = network or Network()
    claims, out = {}, []
    for identity in catalogue(network):
        if identity.rhs is None:
            lemmas = [claims[u] for u in identity.uses if u in claims]
            identity = replace(identity, rhs=derive(identity, network, lemmas).rhs)
        claims[identity.name] = identity
        out.append(identity)
    return out


def prove(name, network=None, on_step=None, kernel=None):
    """Derive and check one identity of the library: its Proof (the identities it cites are
    derived and checked first, in the same kernel)."""
    network = _network(network)
    if not isinstance(name, str):
        raise UnknownIdentity(f"an identity is named by a string ('bp3'), not {type(name).__name__} {name!r}")
    by_name = {i.name: i for i in catalogue(network)}
    name = library_name(name, network)
    if name not in by_name:
        why = unavailable(name, network)
        raise UnknownIdentity(why or f"unknown identity {name!r} (choose from {', '.join(by_name)}; every "
                                     f"one at once: prove_all)")
    return _prove(_with_dependencies(name, by_name), network, on_step, kernel)[-1]


def prove_all(network=None, on_step=None, kernel=None):
    """Derive and check every identity of the library for this network: a list of Proofs."""
    network = _network(network)
    return _prove({i.name for i in catalogue(network)}, network, on_step, kernel)


def _prove(wanted, network, on_step, kernel):
    """The Proofs of the `wanted` identities, in the library's order (each uses only earlier ones);
    `on_step(identity)` is called before each, for progress displays."""
    kernel = kernel or kernel_for(network)
    if kernel.network.key != network.key:
        raise ValueError(f"the kernel checks {kernel.network}, not {network}: its identities hold for that "
                         f"network only")
    proofs = []
    for identity in catalogue(network):
        if identity.name not in wanted:
            continue
        if on_step:
            on_step(identity)
        missing = [u for u in identity.uses if u not in kernel.proved]
        if missing:
            why = f"it relies on {', '.join(missing)}, which the kernel did not prove"
            proofs.append(Proof(identity, None, kernel.no_proof(identity, why), network))
            continue
        lemmas = [kernel.proved[u][0] for u in identity.uses]
        try:
            derivation = derive(identity, network, lemmas)
        except EngineError as e:
            proofs.append(Proof(identity, None, kernel.no_proof(identity, str(e)), network))
            continue
        claim = replace(identity, rhs=derivation.rhs) if identity.rhs is None else identity
        proofs.append(Proof(claim, derivation, kernel.check(claim, derivation), network))
    return proofs


def _network(network):
    """The network asked for (a Network, or None: the generic one); a TypeError for anything else."""
    if network is not None and not isinstance(network, Network):
        raise TypeError(f"network is a Network (Network(activation='sigmoid')), not {type(network).__name__} "
                        f"{network!r}")
    return network or Network()


def _with_dependencies(name, by_name):
    out, todo = set(), [name]
    while todo:
        t = todo.pop()
        if t not in out:
            out.add(t)
            todo += list(by_name[t].uses)
    return out
