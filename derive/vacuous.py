"""Parts of a claim that say nothing where it is checked: a claim is checked where each quantity it names has a
meaning, so a term the rules show 0, parts that cancel or a factor of 1 that need their own quantities leave out the
instances where only they have no meaning ([3 <= l] delta^l_j + sigma(z^{l-1}_1) - a^{l-1}_1 holds for l >= 3 alone, and
is false at l = 2). Such a claim is bad input (`vacuous`); the questions asked here are answered by the kernel's rules,
as it writes a step (`shown_equal`), and by its refutations. narrowed.py reads what both sides share."""
from itertools import combinations

from sympy import Add, Indexed, Max, Min, Mul, Sum, Tuple

from .api import kernel_for
from .kernel.canon import Canon, Undecided
from .kernel.facts import Facts
from .kernel.holds import SPLITS, split
from .model.network import DomainError, infer_domain
from .model.proof import Identity
from .model.symbols import L, Partial, n, names_quantity
from .printing.common import domain_text
from .printing.notation import ascii

SUBSET = 6                  # the most terms of a sum whose parts are tried for some that cancel (56 parts)


def vacuous(lhs, rhs, domain, network):
    """Why the claim is not what it says, or "": a term of a sum that the kernel's rules show 0 at every instance of
    the claim's domain, where either it is not 0 where its own quantities have a meaning ([l = L](a^l_j - y_j) beside
    a term with w^{l+1}, which makes the claim one about l < L) or it narrows that domain itself ([l = 2] a^{l-2}_1
    hides l = 2). A claim is checked where each quantity it names has a meaning, so such a term says nothing where the
    claim is checked, and leaves out what it states. A term 0 wherever it has a meaning, that narrows nothing (an
    empty sum), is left to the kernel."""
    for side in (lhs, rhs):
        for g, differentiated, limits in _terms(side):
            if not isinstance(g, Add) or differentiated:    # d(z (a - sigma(z)))/dz holds a fixed: not 0
                continue
            facts = Facts(tuple(domain) + limits)       # a sum's term: at every value of the indices it binds
            for t in g.args:
                if t.is_Number or not shown_equal(t, 0, facts, network):
                    continue
                alone = domain_of(t)
                shown = alone is not None and not shown_equal(t, 0, Facts(alone), network)
                rest = domain_of(*(e.xreplace({g: g - t}) for e in (lhs, rhs)))
                if shown or rest is None or set(rest) != set(domain):
                    return (f"the term {ascii(t)} is 0 wherever each quantity of the claim has a meaning "
                            f"({domain_text(domain, ascii, '<=')}), which is where derive checks a claim, and it "
                            + ("is not 0 where its own quantities have one" if shown else "narrows where that is")
                            + ": it says nothing where it is checked; state what it means as a claim of its own")
    return _cancelling(lhs, rhs, domain, network) or _narrowed(lhs, rhs, domain, network)


def _cancelling(lhs, rhs, domain, network):
    """Why the claim is narrowed by some terms of one sum that cancel (sigma(z^{l-1}_1) sigma(z^l_1) - a^{l-1}_1
    a^l_1 beside [3 <= l] delta^L_j) or by a factor of 1 (or factors whose product is 1), the kernel's rules show,
    whose removal leaves a claim of another domain, or "" (the parts of a sum or a product of at most SUBSET terms)."""
    narrows = narrowing(Identity("claim", "", lhs, rhs, domain))
    for side in (lhs, rhs):
        for g, differentiated, limits in _terms(side):
            if differentiated or not isinstance(g, (Add, Mul)):
                continue
            facts = Facts(tuple(domain) + limits)
            if isinstance(g, Add):                  # (a sum all 0 is the claim's own statement)
                pool = g.args if len(g.args) <= SUBSET else [     # a long sum: its terms with a quantity that
                    t for t in g.args if any(t.has(q) for q in narrows) or not names_quantity(t)]   # narrows, and
                parts = [Add(*c) for size in range(2, min(len(pool), len(g.args) - 1) + 1)            # the constants
                         for c in combinations(pool, size)] if len(pool) <= SUBSET else []
                ways = [(part, g - part, 0) for part in parts]
            else:                           # a factor, or factors together ((1 + u)/(1 + [l = L])), left out whole
                factors = [f for f in g.args if not f.is_Number] if len(g.args) <= SUBSET else []
                ways = [(Mul(*c), Mul(*(f for f in g.args if f not in c)), 1)
                        for size in range(1, len(factors) + (len(factors) < len(g.args)))   # (2 f: f alone too)
                        for c in combinations(factors, size)] + \
                    [(f, Mul(*(e for e in g.args if e is not f)), 1) for f in g.args if len(g.args) > SUBSET
                     and not f.is_Number]           # (g / f leaves exp(u) exp(-u) for f = exp(u))
            for part, without, value in ways:
                rest = domain_of(*(e.xreplace({g: without}) for e in (lhs, rhs)))      # (cheap: first)
                if (rest is None or set(rest) != set(domain)) and shown_equal(part, value, facts, network):
                    return _cancels(f"{ascii(part)} is {value}", domain)
    return ""


def narrower(domain, wide):
    """The domain leaves out instances of `wide` (its indices that `wide` does not name keep their ranges)."""
    outer = _widened(domain, wide)
    return not all(le(outer, lo, e) and le(outer, e, hi) for e, lo, hi in domain)


def _widened(domain, wide):
    """The Facts of _wider."""
    return Facts(_wider(domain, wide))


def _wider(domain, wide):
    """`wide`, with the ranges of the domain's indices that `wide` does not name (not L's, which a quantity bounds)."""
    named = {d[0] for d in wide if d[0].is_Symbol} | {L}
    return tuple(wide) + tuple(d for d in domain if d[0].is_Symbol and d[0] not in named)


def _cancels(what, domain):
    return (f"{what} wherever each quantity of the claim has a meaning ({domain_text(domain, ascii, '<=')}), which is "
            f"where derive checks a claim, and its quantities narrow where that is: parts of it that cancel, or a "
            f"factor of 1, say nothing where it is checked; state the range as a guard ([3<=l]) or as a claim of its "
            f"own")


def shown_equal(part, value, facts, network, splits=0, sigma=None):
    """The kernel's rules show part = value at every instance of the facts' domain (with sigma any function, or by
    the activation's law or formula, as the kernel writes a step; `sigma` one of them alone), split where it does not
    decide a question of theirs as the kernel splits a step (l = L and l < L: d(z^{l-1}_1)/db^{L-1}_1 - [l = L] is 0),
    or not (an error of theirs: not shown)."""
    for way in (sigma,) if sigma else _sigmas(network):
        try:
            if Canon(network, facts, sigma=way).equal(part, value):
                return True
        except Undecided as u:
            if splits < SPLITS and u.symbol is not None and facts.domain is not None and \
                    (u.symbol == L or any(d[0] == u.symbol for d in facts.domain)) and \
                    all(shown_equal((part - value).xreplace(sub), 0, Facts(domain), network, splits + 1, way)
                        for _, sub, domain in split(facts.domain, u.symbol, u.end)):
                return True
        except Exception:                   # noqa: BLE001  a question the rules do not answer
            pass
    return False


def _sigmas(network):
    """The ways the kernel writes sigma on this network: any function, then the activation's law and formula."""
    return ("any",) if network.activation.generic else ("any", "law", "formula")


def _narrowed(lhs, rhs, domain, network, splits=0, case=(), labels=()):
    """Why the claim's domain is narrower than the one its sides give once written by the kernel's rules, where the
    rules do not show it true, or "": parts that cancel or a factor of 1 (sigma(z^{l-1}_1) - a^{l-1}_1,
    dz^{l-1}_1/dz^{l-1}_1, sigma'(z^{l-1}_1) - 1 + sigma(z^{l-1}_1)^2 for tanh) need their own quantities, so they
    leave out the instances where only they have no meaning (l = 2), and what the claim states there ([3 <= l]
    delta^l_j, 0 at l = 2). The sides are written as the kernel writes a step: with sigma any function, then by the
    activation's law and formula, each side at once and term by term, and split where the domain does not decide a
    question of the rules (is l = L?), each case as a claim of its own. A claim the rules show true on the wider
    domain hides nothing (d(b^l_j + C)/dz^L_j = delta^L_j needs b^l_j, and holds for every j <= n_L). A term the rules
    cannot write is kept as it is. `case`: the bounds a split set (l <= L - 1 for the case l < L), which the sides' own
    domain takes too; `labels` its cases."""
    for sigma, whole in ((way, whole) for way in _sigmas(network) for whole in (True, False)):
        canon, kept = Canon(network, Facts(domain), sigma=sigma), []
        written = lambda raising: tuple(written_term(canon, side, kept, raising) if whole else   # noqa: E731  a side at
                                        Add(*(written_term(canon, t, kept, raising) for t in Add.make_args(side)))   # once,
                                        for side in (lhs, rhs))                             # or term by term
        try:
            try:
                sides = written(splits < SPLITS)
            except Undecided as u:
                if u.symbol is not None and (u.symbol == L or any(d[0] == u.symbol for d in domain)):
                    why = next((w for label, sub, part in split(domain, u.symbol, u.end) for w in
                                [_narrowed(lhs.xreplace(sub), rhs.xreplace(sub), part, network, splits + 1,
                                           tuple(Tuple(*d).xreplace(sub) for d in case) + _set_by(u, sub, part),
                                           labels + (label,))] if w), "")
                    if why:
                        return why
                    continue
                sides = written(False)
        except Exception:                   # noqa: BLE001  a claim the rules cannot write
            continue
        why = _wider_shown(lhs, rhs, sides, kept, domain, network, case, labels)
        if why:
            return why
    return ""


def _set_by(u, sub, part):
    """The bounds a case of a split on u's question sets, not the claim's own: L's value or range (L = 3, L >= 4), an
    index's range without its end (l <= L - 1; its other end is the claim's); none where the index takes its end's
    value."""
    if u.symbol == L:
        return (part[-1],)
    if sub:
        return ()
    _, lo, hi = next(d for d in part if d[0] == u.symbol)
    return ((u.symbol, 1, hi),) if u.end == "hi" else ((u.symbol, lo, hi),)


def _wider_shown(lhs, rhs, sides, kept, domain, network, case, labels):
    """_narrowed's reason for the sides as one way of the rules writes them, or ""."""
    try:
        if all(side.is_number for side in sides):
            return ""                       # nothing of the network is left to have a meaning
        taken = [p.v for side in (lhs, rhs) for p in side.atoms(Partial)]     # (a derivative's variable: the claim's
        wide = tuple(infer_domain(*sides, *taken)) + tuple(Tuple(*d) for d in case)     # own, whatever its value)
    except Exception:                       # noqa: BLE001  an index ranged by a Kronecker delta or a guard alone:
        return ""                           # nothing to compare
    if not narrower(domain, wide) or shown_equal(lhs, rhs, _widened(domain, wide), network):
        return ""                           # no narrower, or true where the rest has a meaning: nothing left out
    if kept and refuted(sides, _wider(domain, wide), network) is None:
        return ""                           # (the rules could not decide: a counterexample shows what is left out)
    return ((f"in the case {' and '.join(labels)}, which the rules ask about, " if labels else "") +
            f"the claim is checked for {domain_text(domain, ascii, '<=')}, where each quantity it names has a "
            f"meaning, and its sides written by the definitions have one for {domain_text(wide, ascii, '<=')}, where "
            f"derive does not show it: parts of it that cancel, or a factor of 1, leave out where the rest has a "
            f"meaning; state the range as a guard ([3<=l]) or as a claim of its own")


def written_term(canon, term, kept, raising=False):
    """The term's normal form, or the term (kept in `kept`) where the domain does not decide a question of the rules
    (`raising`: Undecided is raised, for the domain to be split on it)."""
    try:
        return canon.normal(term)
    except Undecided:
        if raising:
            raise
        kept.append(term)
        return term


def refuted(sides, domain, network, gaps=None):
    """The kernel's refuted verdict of sides[0] = sides[1] on the domain, at a counterexample the numbers propose, or
    None (`gaps`: Evidence.numbers')."""
    kernel = kernel_for(network)
    rest = Identity("claim", f"{ascii(sides[0])} = {ascii(sides[1])}", *sides, domain)
    return kernel.refute(rest, kernel.evidence.numbers(*sides, domain, network, gaps=gaps)[1])


def narrowing(claim):
    """The quantities of the claim that need a bound of its domain that another of its quantities does not: a lower
    bound (z^{l-1}_1 needs l >= 3, delta^l_j only l >= 2), or an upper one below L (a^{l+1}_1 needs l <= L - 1)."""
    quantities = list(claim.lhs.atoms(Indexed) | claim.rhs.atoms(Indexed))
    needs = {q: Facts(domain_of(q) or ()) for q in quantities}
    out = set()
    for e, lo, hi in claim.domain:
        naming = [q for q in quantities if e.free_symbols & q.free_symbols]
        for holds, bound in ((lambda q: needs[q].le(lo, e), True), (lambda q: le(needs[q], e, hi), hi != L and
                                                                     not hi.has(n))):
            holding = {q for q in naming if holds(q)} if bound else set()
            if holding and len(holding) < len(naming):
                out |= holding
    return out


def le(facts, u, v):
    """u <= v at every instance of the facts, a bound min(...) or max(...) read term by term."""
    if isinstance(u, Min) or isinstance(v, Max):
        return any(le(facts, t, v) for t in u.args) if isinstance(u, Min) else any(le(facts, u, t) for t in v.args)
    if isinstance(u, Max) or isinstance(v, Min):
        return all(le(facts, t, v) for t in u.args) if isinstance(u, Max) else all(le(facts, u, t) for t in v.args)
    return facts.le(u, v)


def domain_of(*exprs):
    """infer_domain, or None where the expressions give none."""
    try:
        return infer_domain(*exprs)
    except DomainError:
        return None


def _terms(e, limits=(), differentiated=False):
    """(part, whether a derivative takes it, the limits of the sums around it) for each part of e."""
    yield e, differentiated, limits
    if isinstance(e, Sum):
        limits = limits + tuple(e.limits)
    for part in e.args:
        yield from _terms(part, limits, differentiated or isinstance(e, Partial))
