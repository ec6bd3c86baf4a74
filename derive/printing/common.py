"""What every printer needs: the chains of a proof, its domain, its network, the names of identities."""
import re
from dataclasses import dataclass

from sympy import Max, Min

from ..model.proof import handed
from ..model.symbols import L
from .notation import ascii

RELATIONS = {"≤": "\\le", "≥": "\\ge", "≠": "\\ne", "=": "=", "<": "<", ">": ">"}
RELATION_WORDS = re.compile(r"\b([A-Za-z]\w{0,2}|\d+) ?([≤≥≠=<>]) ?([A-Za-z]\w{0,2}|\d+)(?![\w.])")   # l = L, k ≠ j


def relations_as_math(s, words):
    """s with each relation between two words (k ≠ j, l = L) set as one formula and the rest by `words`: derive's
    reader takes inline math that starts or ends with a relation, or a relation typed beside inline math, for a step."""
    out, at = [], 0
    for m in RELATION_WORDS.finditer(s):
        out += [words(s[at:m.start()]), f"${m[1]} {RELATIONS[m[2]]} {m[3]}$"]
        at = m.end()
    return "".join(out) + words(s[at:])


@dataclass
class Section:
    """One chain of a proof as printed: its heading, first expression, domain, and each step with
    the kernel's record of it (and the step's number in the whole proof)."""
    heading: object
    lhs: object
    domain: tuple
    steps: list            # [(number, step, record)]
    given: bool = False    # a chain a file states as a fact (`given:`)


def engine_derived(proof):
    """The proof's derivation is the engine's (a chain or cases it derived), not a user's file's chains."""
    return hasattr(proof.derivation, "chains") or hasattr(proof.derivation, "cases")


def sections(proof):
    """The proof's chains, each with its steps and the kernel's records (the steps the kernel
    checked, and the start of the first of them)."""
    d = proof.derivation
    if handed(d) != getattr(proof.verdict, "handed", handed(d)):      # a Proof's derivation changed since it was made
        raise TypeError("the proof was changed after the kernel judged it: print the proof it judged")
    if d is None:
        return []
    if hasattr(d, "cases"):                 # each case as the kernel took it: by its place (l = L first, then l < L)
        top = next((e[2] for e in d.domain if e[0] == d.variable), L)
        parts = [(_case_label(label, d.variable, t, top), sub.lhs, sub.domain, False)
                 for t, (label, sub) in enumerate(d.cases)]
    elif hasattr(d, "chains"):
        parts = [(None, d.lhs, d.domain, False)]
    else:
        parts = [(chain_heading(chain), chain.start, (), chain.given) for chain in d]
    numbered = list(enumerate(proof.verdict.steps, 1))
    out = []
    for i, (heading, lhs, domain, given) in enumerate(parts):
        steps = [(t, r.step, r) for t, r in numbered if r.chain == i]
        if not steps and d is not None and not hasattr(d, "cases") and not hasattr(d, "chains"):
            continue                                # a file's chain with no step (a claim line alone): nothing
        if hasattr(d, "cases") and steps and steps[0][2].domain is not None:   # the domain the kernel checked it on
            domain = tuple(e for e in steps[0][2].domain if e[0] != L)        # (L = L at the top of l's range)
        # a chain starts where the kernel's first step of it starts: what is printed is what was checked
        out.append(Section(heading, steps[0][1].before if steps else lhs, domain, steps, given))
    return out


def _case_label(label, variable, place, top=L):
    """A case's label as it stands when it names the case the kernel took at its place (l at the top of its range,
    l = L, then below it, l < L), else those words."""
    said = (f"{variable} = {ascii(top)}", f"{variable} < {ascii(top)}")[place] if place < 2 else None
    return label if said is None or case_of(label) == said else f"case {said}"


def chain_heading(chain):
    """How a chain of a user's file is named: its case or that it is a stated fact, and its lines."""
    lines = sorted({s.detail.get("line") for s in chain.steps if s.detail.get("line")})
    where = (f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}") if lines else ""
    what = (f"case {chain.case[0]} = L" if chain.case[1] == "top" else f"case {chain.case[0]} < L") if chain.case \
        else ("a stated fact" if chain.given else "")
    return ", ".join(t for t in (what, where) if t) or None


def case_of(heading):
    """'l = L' or 'l < L' when a section's heading names a case of an induction on l, else None."""
    found = re.search(r"\bl ([=<]) L\b(?!\s*[-+])", heading or "")     # (not l = L - 1)
    return f"l {found.group(1)} L" if found else None


def domain_parts(domain):
    """(lo or None, e, hi or None) for each entry: lo <= e <= hi, where for a requirement on the net
    (L - 1 >= 2, n(3) >= 2) a side that always holds is left out (None). A bound min(u, v) (max(u, v)
    below) is one part a bound, so that what is printed reads back: 1 <= j <= n_l, j <= n_{l-1}."""
    out = []
    for e, lo, hi in domain:
        requirement = not e.is_Symbol
        los = lo.args if isinstance(lo, Max) else (lo,)
        his = hi.args if isinstance(hi, Min) else (hi,)
        out.append((None if requirement and (e - los[0]).is_nonnegative else los[0], e,
                    None if requirement and (his[0] - e).is_nonnegative else his[0]))
        out += [(u, e, None) for u in los[1:]] + [(None, e, v) for v in his[1:]]
    return out


def domain_text(domain, fmt, le="≤", sep=", "):
    return sep.join((f"{fmt(lo)} {le} " if lo is not None else "") + fmt(e) + (f" {le} {fmt(hi)}" if hi is not None
                                                                              else "")
                    for lo, e, hi in domain_parts(domain))


def network_text(network):
    sizes = ("widths " + ",".join(map(str, network.widths))) if network.concrete else "any depth L and widths n_l"
    return f"{sizes}; {network_options(network)}"


def network_options(network, name=str, math=str):
    """'activation sigmoid; cost quadratic' (and the output layer, the regularization and the batch, when given), each name
    through `name` (a format's escaping), the batch size M through `math` (a format's inline math)."""
    out = f"activation {name(network.activation.name)}"
    out += f"; output {name(network.output)}" if network.output else ""
    out += f"; cost {name(network.cost.name)}"
    out += f"; regularization {name(network.regularization.name)}" if network.regularization else ""
    return out + (f"; a mini-batch of {math('M')} inputs" if network.batch else "")


def command_flags(network):
    """The command-line options that build the network, but for its widths: --activation, --cost, and --output,
    --regularization and --batch where given."""
    flags = ["--activation", network.activation.name, "--cost", network.cost.name]
    flags += ["--output", network.output] if network.output else []
    flags += ["--regularization", network.regularization.name] if network.regularization else []
    return flags + (["--batch"] if network.batch else [])


def verify_command(text, network):
    """The command that verifies `text` on the network (its widths too, if concrete), on one line."""
    import shlex
    widths = ["--widths", ",".join(map(str, network.widths))] if network.concrete else []
    return " ".join(shlex.quote(p) for p in ["derive", "verify", " ".join(text.split())] + widths +
                    command_flags(network))


def titles(proofs):
    """Short names for citations (BP1, ...): every identity of the library, not only those shown, by the library's
    titles (a claim of the user's that takes a library name, bp1, does not rename what the kernel applied), and the
    other proofs' by theirs."""
    from ..model.identities import catalogue
    network = proofs[0].network if proofs else None
    found = {i.name: i.short_title for i in catalogue(network)} if network is not None else {}
    return {**{p.identity.name: p.identity.short_title for p in proofs}, **found}
