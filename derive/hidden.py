"""What numbers show a proved claim hides: a claim is checked where each quantity it names has a meaning, so a part
that is one number wherever it has one (0, 1, 1/2: a rational number), and whose quantities alone narrow where that
is, leaves out the instances where the rest is false. The rules of vacuous.py and narrowed.py find the parts the
kernel's rewriting shows; the numbers find the others, which only the chain rule, a library identity or the user's
concrete net shows (dC/dz^{l-1}_1 - sum_k dC/da^{l-1}_k da^{l-1}_k/dz^{l-1}_1 beside [3 <= l] delta^l_j hides l = 2;
(n_{l-1} - 3) z^{l-1}_1 on [2, 3, 3, 2]). The numbers only veto: such a claim is refused where the kernel refutes the
rest on the wider domain, at a counterexample the numbers propose, or where the part has one value at each instance
whatever the weights and biases (it depends on the indices alone: (dC/dz^{l-1}_1 + [j = 1] S)/S, S the chain rule's
sum); they never make a claim proved."""
from fractions import Fraction
from itertools import combinations

import mpmath

from sympy import Add, Dummy, Expr, Indexed, Mul, Piecewise, Rational, Sum

from .api import kernel_for
from .model.symbols import Partial
from .printing.common import domain_text, verify_command
from .printing.notation import ascii
from .vacuous import SUBSET, domain_of, narrower, narrowing, refuted

HOLE = Dummy("part")            # where a part stood, for the number it is
DENOMINATOR = 1000              # the largest denominator of a number a part is read as


def hidden(claim, network):
    """Why the claim, proved where each quantity it names has a meaning, hides where the rest of it is false, or ""."""
    narrows = narrowing(claim)
    if not narrows:
        return ""
    evidence, seen = kernel_for(network).evidence, set()
    for part, rest, limits in _parts(claim, narrows):
        if rest in seen or all(rest[0].has(q) or rest[1].has(q) for q in narrows if part.has(q)):
            continue                        # (cheap first: a quantity that narrows is gone)
        seen.add(rest)
        if not any(side.has(Indexed, Partial) for side in rest):
            continue                        # nothing of the network is left to have a meaning
        wide = domain_of(*rest)
        if wide is None or not narrower(claim.domain, wide):
            continue
        where, shown = tuple(claim.domain) + limits, domain_text(claim.domain, ascii, '<=')
        value = _constant(evidence.value(part, where, network))     # (a quick look: one instance of one net)
        if value is not None and evidence.agree(part, value, where, network):
            rest = tuple(side.xreplace({HOLE: value}) for side in rest)
            if refuted(rest, wide, network) is not None:
                text = f"{ascii(rest[0])} = {ascii(rest[1])}"
                return (f"{ascii(part)} is {ascii(value)} at every instance the numbers try where each quantity of "
                        f"the claim has a meaning ({shown}), which is where derive checks a claim, and its quantities "
                        f"narrow where that is; without it the claim is {text}, which has a meaning for "
                        f"{domain_text(wide, ascii, '<=')}, where it is false ({verify_command(text, network)} refutes "
                        f"it): a part that says nothing may not leave out where the rest is false; state the range as "
                        f"a guard ([3<=l]) or as a claim of its own")
        elif evidence.fixed(part, where, network):
            return (f"{ascii(part)} has one value at each instance the numbers try whatever the network's weights and "
                    f"biases, where each quantity of the claim has a meaning ({shown}), which is where derive checks "
                    f"a claim: it depends on the indices alone and says nothing of the network, while its quantities "
                    f"narrow where the claim is checked; write what it is with guards ([l=L], [j=1]) or state the "
                    f"range as a guard ([3<=l])")
    return ""


def _constant(v):
    """The rational number v is (to 20 digits, as good as a derivative's difference is; with a denominator up to
    DENOMINATOR), or None."""
    if v is None or not isinstance(v, mpmath.mpf) or not mpmath.isfinite(v):
        return None
    r = Fraction(mpmath.nstr(v, 40, strip_zeros=False)).limit_denominator(DENOMINATOR)
    return Rational(r.numerator, r.denominator) if abs(v - mpmath.mpf(r.numerator) / r.denominator) <= \
        mpmath.mpf(10) ** -20 * max(1, abs(v)) else None


def _parts(claim, narrows):
    """(part, the claim's sides with HOLE for it, the limits of the sums around it): terms of both sides together,
    then in each side the terms of a sum, the factors of a product and any other part, outside derivatives; of a sum
    or product of more than SUBSET, those that name a quantity that narrows the claim, or none."""
    lhs, rhs = claim.lhs, claim.rhs
    terms = [(t, 0) for t in Add.make_args(lhs)] + [(t, 1) for t in Add.make_args(rhs)]
    for chosen in _subsets(terms, narrows, len(terms) - 1):
        sides = [Add(*(t for t, s in chosen if s == side)) for side in (0, 1)]
        yield sides[0] - sides[1] if sides[0] != 0 else sides[1], \
            (lhs - sides[0] + (HOLE if sides[0] != 0 else 0), rhs - sides[1] + (0 if sides[0] != 0 else HOLE)), ()
    for side in (lhs, rhs):
        for g, limits in _nodes(side):
            if isinstance(g, Add) and g not in (lhs, rhs):
                ways = [(Add(*c), g - Add(*c) + HOLE) for c in _subsets(g.args, narrows, len(g.args) - 1)]
            elif isinstance(g, Mul):
                factors = [f for f in g.args if not f.is_Number]
                ways = [(Mul(*c), Mul(*(f for f in g.args if f not in c)) * HOLE)
                        for c in _subsets(factors, narrows, len(factors))]
            elif isinstance(g, Expr) and g.has(Indexed, Partial) and not isinstance(g, (Indexed, Piecewise)):
                ways = [(g, HOLE)]
            else:
                continue
            for part, without in ways:
                yield part, (lhs.xreplace({g: without}), rhs.xreplace({g: without})), limits


def _subsets(items, narrows, most):
    """The subsets of at most `most` items (pairs (term, side) or terms) that name a quantity that narrows the claim;
    of more than SUBSET items, subsets of those that name one or no quantity."""
    def names(x):
        return any((x[0] if isinstance(x, tuple) else x).has(q) for q in narrows)

    def bare(x):
        return not (x[0] if isinstance(x, tuple) else x).has(Indexed, Partial)
    pool = list(items) if len(items) <= SUBSET else [x for x in items if names(x) or bare(x)]
    if len(pool) > SUBSET:
        return []
    return [c for size in range(1, min(most, len(pool)) + 1) for c in combinations(pool, size) if any(map(names, c))]


def _nodes(e, limits=()):
    """(part, the limits of the sums around it) for each part of e outside derivatives (a derivative whole)."""
    yield e, limits
    if isinstance(e, Partial):
        return
    if isinstance(e, Sum):
        limits = limits + tuple(e.limits)
    for part in (pair.expr for pair in e.args) if isinstance(e, Piecewise) else e.args:   # (a guard's value)
        yield from _nodes(part, limits)
