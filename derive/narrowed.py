"""What both sides of a claim share: a claim is checked where each quantity it names has a meaning, so what both sides
share says nothing there and may not narrow where that is ([3 <= l] delta^l_j + z^{l-1}_1 = dC/db^l_j + z^{l-1}_1
holds for l >= 3 alone, where z^{l-1}_1 has a meaning, and is false at l = 2 without it). Such a claim is bad input:
it is refused after the kernel proves it; the kernel's rules and its refutations answer every question asked here
(the parts of one side that say nothing: vacuous.py)."""
from itertools import combinations

from sympy import (Add, And, Dummy, Indexed, KroneckerDelta, Mul, Piecewise, Pow, Sum, count_ops, expand, factor,
                   factor_terms)

from .kernel.canon import Canon
from .kernel.facts import Facts
from .model.symbols import Partial, is_guard, kind
from .printing.common import domain_text, verify_command
from .printing.notation import ascii
from .vacuous import SUBSET, domain_of, narrower, narrowing, refuted, shown_equal, vacuous, written_term

PAIRS = 40                  # the most pairs of parts of a claim's sides the rules compare
SHARED = 80                 # the most operations of a claim whose sides are multiplied out to find parts they share


def shared_narrowing(claim, network):
    """Why the claim is narrowed by terms (of a sum) or factors (of a product) both its sides have, or "": without them
    it has a meaning on a wider domain, where the kernel refutes it ([3 <= l] delta^l_j + z^{l-1}_1 = dC/db^l_j +
    z^{l-1}_1 is true for l >= 3 alone, where z^{l-1}_1 has a meaning, and false at l = 2 without it), or what is left
    says less than it seems (vacuous). What both sides share says nothing, so it may not leave out where the rest is
    false; delta^l_j b^{l-2}_1 = dC/dz^l_j b^{l-2}_1 hides nothing (delta = dC/dz for every l)."""
    seen = set()
    for sides, shared in _without_shared(claim, network):
        wide = domain_of(*sides)
        if wide is None or sides in seen or not any(side.has(Indexed, Partial) for side in sides):
            continue                        # (guards alone: what the shared quantities need, discharged)
        seen.add(sides)
        text = f"{ascii(sides[0])} = {ascii(sides[1])}"
        without = f"without {shared}, the claim is {text}"
        why = vacuous(*sides, wide, network)
        if why:
            return f"{without}, and {why}"
        if not narrower(claim.domain, wide):
            continue
        if refuted(sides, wide, network) is not None:
            return (f"the claim is checked for {domain_text(claim.domain, ascii, '<=')}, where each quantity it names "
                    f"has a meaning; {without}, which has one for {domain_text(wide, ascii, '<=')}, where it is false "
                    f"({verify_command(text, network)} refutes it): what both sides share says nothing, and may not leave out "
                    f"where the rest is false; state the range as a guard ([3<=l]) or as a claim of its own")
    return ""


def _without_shared(claim, network):
    """(the sides without what both share, that in words) as each reading finds it: the sides as written; then, from
    what is left of them, with products and powers of exp multiplied out (exp(u + t) = exp(u) exp(t)), with their
    common factors taken out (u + u z = u (1 + z)), and written by the rules, z by its definition too, each guard kept
    as it is (d(C e^{z^{l-1}_1})/db^l_j is e^{z^{l-1}_1} dC/db^l_j); in each, parts the rules show equal on the claim's
    domain, one from each side, a term or a factor (a^{l-1}_1 and sigma(z^{l-1}_1)), and then sums of terms (SUBSET
    in all at most) that the rules show equal."""
    facts, within = Facts(claim.domain), ([PAIRS], narrowing(claim))
    first = []
    left = _unshared(claim.lhs, claim.rhs, first, facts, network, within)
    readings = [] if _large(*left) else [         # (what both share as written is left out first: a large claim too)
        tuple(expand(side, deep=True, mul=True, power_exp=True, multinomial=False, log=False, power_base=False)
              for side in left),
        tuple(factor_terms(factor(side)) for side in left), _written(left, claim.domain, network),
        _written(left, claim.domain, network, unfold=True)]
    found = [(left, first)] + [(_unshared(*reading, shared, facts, network, within), shared)
                               for reading, shared in ((r, list(first)) for r in readings if r)]
    for reading, shared in found:
        if shared:
            yield reading, f"{', '.join(ascii(t) for t in shared)}, which both sides have"
        terms = _parts(Add, reading[0]), _parts(Add, reading[1])
        if len(terms[0]) + len(terms[1]) > SUBSET:
            continue
        for these in (c for size in range(1, len(terms[0]) + 1) for c in combinations(terms[0], size)):
            for those in (c for size in range(1, len(terms[1]) + 1) for c in combinations(terms[1], size)):
                rest = tuple(Add(*(t for t in side if t not in part)) for side, part in zip(terms, (these, those)))
                wide = domain_of(*rest)                                                   # (cheap: first)
                if wide is not None and narrower(claim.domain, wide) and \
                        shown_equal(Add(*these), Add(*those), facts, network):
                    yield rest, f"{ascii(Add(*these))} and {ascii(Add(*those))}, which the rules show equal"


def _written(sides, domain, network, unfold=False):
    """The sides written by the rules on the domain (with `unfold`, z by its definition first), each guard [c] and
    Kronecker delta kept as a symbol (the domain would decide it), or None where the rules cannot write them."""
    marks = {}
    try:
        canon = Canon(network, Facts(domain))
        sides = [_marked(side, marks) for side in sides]
        if unfold:
            sides = [side.replace(lambda e: isinstance(e, Indexed) and kind(e) == "z", canon.definition)
                     for side in sides]
        sides = [Add(*(written_term(canon, t, []) for t in Add.make_args(side))) for side in sides]
    except Exception:                       # noqa: BLE001  a claim the rules cannot write
        return None
    back = dict(marks.values())
    return tuple(side.xreplace(back) for side in sides)


def _marked(e, marks):
    """e with each guard [c] u + (1 - [c]) v written g (u - v) + v, and each Kronecker delta of free indices ([l = L])
    written g, g a symbol kept in `marks` with what it stands for ([c], or the delta): the rules then compare what the
    guards hold, never deciding them on the claim's domain."""
    bound = {limit[0] for s in e.atoms(Sum) for limit in s.limits}

    def mark(g):
        if isinstance(g, KroneckerDelta):
            return marks.setdefault(g, (Dummy("delta"), g))[0]
        u, c, v = _branches(g)
        return marks.setdefault(c, (Dummy("guard"), Piecewise((1, c), (0, True))))[0] * (u - v) + v
    return e.replace(lambda g: _branches(g) is not None or isinstance(g, KroneckerDelta) and
                     not g.free_symbols & bound, mark)


def _large(lhs, rhs):
    return count_ops(lhs) + count_ops(rhs) > SHARED


def _unshared(u, v, shared, facts, network, within, depth=0):
    """u and v without the terms and factors they share (collected in `shared`; a part of each that the rules show
    equal, `within` _same allowing): at the top, and in the one argument that
    differs when both apply one function, power, sum or derivative."""
    if depth > 8:
        return u, v
    if u.func == v.func and (u.is_Function or isinstance(u, (Pow, Sum, Partial))) and not is_guard(u):
        differ = [t for t, (x, y) in enumerate(zip(u.args, v.args)) if x != y]
        if len(u.args) == len(v.args) and len(differ) == 1:
            t = differ[0]
            inner = facts.within({s: (lo, hi) for s, lo, hi in u.limits}) if isinstance(u, Sum) else facts
            x, y = _unshared(u.args[t], v.args[t], shared, inner, network, within, depth + 1)
            return u.func(*u.args[:t], x, *u.args[t + 1:]), v.func(*v.args[:t], y, *v.args[t + 1:])
    removed = False
    for op in (Add, Mul):
        parts = [_parts(op, u), _parts(op, v)]
        for t in list(parts[0]):
            twin = next((x for x in parts[1] if _same(t, x, facts, network, within)), None)
            if twin is not None:
                if not _bare(t, facts).is_Number:                   # (a guard's factor is 1, bare; a number says
                    shared.append(_bare(t, facts))                  # nothing of the domain)
                parts[0].remove(t), parts[1].remove(twin)
                removed = True
        u, v = op(*parts[0]), op(*parts[1])
    return _unshared(u, v, shared, facts, network, within, depth + 1) if removed else (u, v)


def _same(t, x, facts, network, within):
    """t and x are one part: the same but for guards that hold around it (never a guard alone, which 1 would then
    be), or, `within` (a budget of such pairs, the quantities that narrow the claim's domain) allowing, equal by the
    rules, their guards kept, where one of them names such a quantity (z^{l-1}_1, not delta^l_j, which is dC/dz^l_j
    for every l)."""
    budget, narrowing = within
    if t == x or not _bare(t, facts).is_Number and _bare(t, facts) == _bare(x, facts):
        return True
    if t.is_Number or x.is_Number or budget[0] <= 0 or not any(t.has(q) or x.has(q) for q in narrowing):
        return False
    budget[0] -= 1
    marks = {}                              # (a guard the domain decides would make [3 <= l] delta^l_j dC/dz^l_j)
    return shown_equal(_marked(t, marks), _marked(x, marks), facts, network)


def _parts(op, e):
    """The terms (op Add) or factors (op Mul) of e, a guard [c] u + (1 - [c]) v read as [c] (u - v) + v, the terms
    of [c] (u - v) as [c] t, and [c] u as the factor [c] times u's factors."""
    if not _branches(e):
        return list(op.make_args(e))
    u, c, v = _branches(e)
    if op is Add:
        return [Piecewise((t, c), (0, True)) for t in Add.make_args(u - v)] + list(Add.make_args(v))
    return [Piecewise((1, c), (0, True))] + list(Mul.make_args(u)) if v == 0 else [e]


def _bare(e, facts):
    """e without the guards around it that hold at every instance of the facts ([3 <= l] t is t where l >= 3)."""
    while is_guard(e) and all(facts.holds(c) for c in And.make_args(e.args[0].cond)):
        e = e.args[0].expr
    return e


def _branches(e):
    """(u, c, v) of e = u if c else v, or None."""
    if isinstance(e, Piecewise) and len(e.args) == 2 and e.args[1].cond == True:      # noqa: E712
        return e.args[0].expr, e.args[0].cond, e.args[1].expr
    return None


