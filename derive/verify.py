"""Verify an identity a user typed: the kernel proves it (through the engine's derivation, or
directly from the definitions), refutes it with a counterexample it evaluated itself, or leaves
it undecided. Numbers alone never make it proved."""
import shlex
from dataclasses import replace

from sympy import Add, expand

from .api import Proof, kernel_for
from .engine.strategy import EngineError, derive
from .hints import hint
from .model.network import MAX_WIDTH, DomainError, NetworkError, infer_domain
from .model.proof import Derivation, Identity, Step
from .hidden import hidden
from .narrowed import shared_narrowing
from .vacuous import vacuous
from .parsing.parse import ParseError, parse_identity
from .printing.common import command_flags
from .printing.notation import ascii, index_name

# the engine's ways of looking for a proof, tried in turn
STRATEGIES = (dict(route="z", expand_cost=True, use_activation=True), dict(route="z"), dict(route="a"))


def claim_of(text, network):
    """The Identity a user's text states; ParseError when it cannot be read or makes no sense (on
    this network: a sample index belongs to a mini-batch network's quantities, and only there), or
    when a part of it says nothing where it is checked (vacuous.py)."""
    claim = read_claim(text, network)
    _not_vacuous(claim, network)
    return claim


def read_claim(text, network):
    """The Identity a user's text states, read (claim_of without the reading of what its parts say)."""
    lhs, rhs = parse_identity(text)
    try:
        domain = infer_domain(lhs, rhs)
        network.refuse(lhs, rhs)
    except (DomainError, NetworkError) as e:
        raise ParseError(str(e)) from None
    return Identity("claim", text, lhs, rhs, domain)


def _not_vacuous(claim, network):
    why = vacuous(claim.lhs, claim.rhs, claim.domain, network)
    if why:
        raise ParseError(why)


def verify(text, network, timeout=None):
    """A Proof of the claim `text` states, with the kernel's verdict; within a time budget,
    after which the kernel says undecided with what was done by then."""
    from .budget import OutOfTime, time_budget
    claim = read_claim(text, network)            # input errors are reported whatever the budget
    kernel, done = kernel_for(network), []
    try:
        with time_budget(timeout):
            proof = verify_now(claim, network, kernel, done)
            if proof.verdict.status != "refuted":    # (false where it has a meaning: refuted, however narrowed)
                _not_vacuous(claim, network)     # (the rules may take long to write a part: within the budget)
            why = (shared_narrowing(claim, network) or hidden(claim, network)) if proof.verdict.proved else ""
    except (OutOfTime, RecursionError, MemoryError) as e:
        why = str(e) if isinstance(e, OutOfTime) else f"the problem is too large ({type(e).__name__})"
        return Proof(claim, None, kernel.no_proof(claim, f"{why}; checked so far: {'; '.join(done) or 'nothing'}"),
                     network)
    if why:
        raise ParseError(why)
    return proof


def verify_now(claim, network, kernel, done):
    """A numeric search for a counterexample first (the kernel evaluates what it finds); then the
    engine's derivations (after the first, the library's route to a statement with the claim's left
    side, and a library identity at an instance), each a try that ends at its first step the rules do
    not prove; then the claim as one step, by any rule the kernel knows, its numbers searched in full."""
    _, candidates = kernel.evidence.numbers(claim.lhs, claim.rhs, claim.domain, network)
    refuted = kernel.refute(claim, candidates)
    done.append("a search for a counterexample")
    if refuted is not None:
        return Proof(claim, None, refuted, network, _hint(claim, kernel, "claim"))
    for t, how in enumerate(STRATEGIES):
        found = (_through_library(claim, network, done) or _by_instance(claim, network, done)) if t == 1 else None
        if found is not None:           # after the quick route: these prove the identities they cite first
            return found
        try:
            derivation = derive(replace(claim, **how), network)
        except (EngineError, RecursionError, ValueError, TypeError):
            continue
        verdict = kernel.check(claim, derivation, attempt=True)
        done.append(f"the engine's derivation through {how['route']}" + (", the cost written out" if
                                                                          how.get("expand_cost") else ""))
        if verdict.proved:
            return Proof(claim, derivation, verdict, network)
    direct = Derivation(claim.lhs, claim.rhs, claim.domain, [Step(claim.lhs, claim.rhs, "")])
    verdict = kernel.check(claim, direct)
    hints = _hint(claim, kernel, 0) if verdict.status == "refuted" else {}     # a mistake, not a doubt
    return Proof(claim, direct, verdict, network, hints)


def _through_library(claim, network, done):
    """The claim checked through the library's derivation of an identity with its left side that
    cites earlier ones (as `prove` checks it; each cited identity proved by the kernel first, in this
    process), then one step to the claim's right side: a Proof when the kernel proves it, else None."""
    from .api import library_kernel
    from .model.identities import catalogue
    for identity in catalogue(network):
        if identity.lhs != claim.lhs or not identity.uses:
            continue
        kernel = library_kernel(network, identity.uses)
        if any(u not in kernel.proved for u in identity.uses):
            continue
        try:
            derivation = derive(identity, network, [kernel.proved[u][0] for u in identity.uses])
        except (EngineError, RecursionError, ValueError, TypeError):
            continue
        if derivation.rhs != claim.rhs:
            if not isinstance(derivation, Derivation):
                continue
            derivation = Derivation(claim.lhs, claim.rhs, claim.domain,
                                    list(derivation.steps) + [Step(derivation.rhs, claim.rhs, "")])
        verdict = kernel.check(claim, derivation, attempt=True)
        done.append(f"the library's derivation of {identity.name}")
        if verdict.proved:
            return Proof(claim, derivation, verdict, network)
    return None


def _by_instance(claim, network, done):
    """The claim as one step that cites a library identity whose left side its own is an instance of (BP2 at
    l = L - 1): a Proof when the kernel, with that identity proved, proves the step by it; else None."""
    from .api import library_kernel
    from .kernel.lemmas import match
    from .model.identities import catalogue
    for identity in catalogue(network):
        if match(identity, claim.lhs) is None:
            continue
        kernel = library_kernel(network, [identity.name])
        if identity.name not in kernel.proved:
            continue
        step = Step(claim.lhs, claim.rhs, "identity", {"name": identity.name})
        derivation = Derivation(claim.lhs, claim.rhs, claim.domain, [step])
        verdict = kernel.check(claim, derivation, attempt=True)
        done.append(f"{identity.name} at an instance")
        if verdict.proved:
            return Proof(claim, derivation, verdict, network)
    return None


def _hint(claim, kernel, where):
    found = hint(claim.lhs, claim.rhs, claim.domain, kernel)
    return {where: found} if found is not None else {}


def rerun_command(text, network, cex):
    """The command that evaluates both sides at a counterexample, on one line (the text's line breaks
    and tabs are spaces to the parser, and single spaces here)."""
    at = ",".join(f"{index_name(k)}={v}" for k, v in cex["indices"].items())
    parts = ["derive", "evaluate", " ".join(text.split()), "--widths", ",".join(map(str, cex["widths"])),
             "--seed", str(cex["seed"])] + command_flags(network)
    if at:
        parts += ["--at", at]
    return " ".join(shlex.quote(p) for p in parts)


def evaluate(text, network, widths, seed, at):
    """Both sides of `text` (or the one expression) on a concrete net at the random point of `seed`,
    the parameters, and the kernel's counterexample when the two sides differ (else None)."""
    import mpmath
    from sympy import Integer, Symbol
    from .model.instances import contains, instantiate
    from .kernel.counterexample import MORE, headroom
    from .kernel.formed import meaningless
    from .model import numeric
    from .model.symbols import M
    from .parsing.common import UNICODE_GREEK
    from .parsing.parse import parse
    parsed = parse(text)
    if parsed.issues:
        raise ParseError(*parsed.issues[0])
    network.refuse(*parsed.exprs)               # M without a batch, a sample index without one: NetworkError
    env = {M if k == "M" and network.batch else Symbol(UNICODE_GREEK.get(k, k), integer=True): Integer(v)
           for k, v in at.items()}
    if not 1 <= env.get(M, 1) <= MAX_WIDTH:
        raise ParseError(f"the size of a mini-batch, M, is a whole number from 1 to {MAX_WIDTH}")
    try:
        domain = infer_domain(*parsed.exprs, at=env)        # an index only a Kronecker delta names: at its value
    except DomainError as e:
        raise ParseError(str(e)) from None
    free = {d[0] for d in domain if d[0].is_Symbol} | ({M} if network.batch else set())
    extra = [str(k) for k in env if k not in free]
    if extra:
        raise ParseError(f"--at gives {', '.join(extra)}, which {'is' if len(extra) == 1 else 'are'} not a free index "
                         f"of the identity{' (M, the size of a mini-batch, needs --batch)' if 'M' in extra else ''}")
    missing = [str(d[0]) for d in domain if d[0].is_Symbol and d[0] not in env]
    missing += ["M (the size of the batch)"] if network.batch and M not in env else []
    if missing:
        raise ParseError(f"give a value to every free index with --at (missing: {', '.join(missing)})")
    if not contains(domain, widths, env):
        shown = ", ".join(f"{k}={v}" for k, v in at.items()) or "no indices"
        raise ParseError(f"--at {shown} lies outside the range of the indices on widths {list(widths)}")
    sides = [instantiate(e, env, widths) for e in parsed.exprs]
    odd = next(filter(None, map(meaningless, sides)), None)     # dz^l/da^{L-1} at l = 2 < L - 1: no number, not 0
    if odd is not None:
        raise ParseError(f"at {', '.join(f'{k}={v}' for k, v in at.items())} on {list(widths)}, "
                         f"d{ascii(odd['f'])}/d{ascii(odd['v'])} has no meaning: {ascii(odd['f'])} is not a function "
                         f"of {ascii(odd['v'])}")
    point = numeric.point(widths, network, seed, env.get(M))

    def value(e):
        """e's number at the point, with the digits the kernel confirms a counterexample with; NaN
        where it has none (a division by zero, say)."""
        try:
            return point.value(e, more=(headroom(point, Add.make_args(expand(e))) or 0) + 2 * MORE)
        except (ZeroDivisionError, OverflowError):
            return mpmath.nan

    values = [value(e) for e in sides]
    cex = kernel_for(network).counterexample(*parsed.exprs, domain, (widths, env, seed)) if len(values) == 2 else None
    small = sum(u * v + v for u, v in zip(widths, widths[1:])) <= 10_000
    return values, (point.parameters() if small else {}), cex
