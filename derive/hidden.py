"""What numbers show a proved claim hides: a claim is checked where each quantity it names has a meaning, so a part
that is one number wherever it has one (0, 1, 1/2: a rational number), and whose quantities alone narrow where that
is, leaves out the instances where the rest is false. The rules of vacuous.py and narrowed.py find the parts the
kernel's rewriting shows; the numbers find the others, which only the chain rule, a library identity or the user's
concrete net shows (dC/dz^{l-1}_1 - sum_k dC/da^{l-1}_k da^{l-1}_k/dz^{l-1}_1 beside [3 <= l] delta^l_j hides l = 2;
(n_{l-1} - 3) z^{l-1}_1 on [2, 3, 3, 2]). Such parts are written as their numbers one after another (a zero term and
a factor e^0 of the same quantities), and the claim is refused where the kernel refutes what is left on its wider
domain, at a counterexample the numbers propose, or where a part that narrows has one value at each instance
whatever the weights and biases (it depends on the indices alone: (dC/dz^{l-1}_1 + [j = 1] S)/S under exp, S the
chain rule's sum). The numbers only veto: they never make a claim proved."""
from fractions import Fraction
from itertools import combinations

import mpmath
from sympy import (Add, Dummy, Expr, Indexed, Max, Min, Mul, Piecewise, Rational, Sum, exp, expand, factor_terms, nan,
                   zoo)

from .api import kernel_for
from .kernel.facts import Facts
from .model.numeric import DIGITS
from .model.activations import T, derivative
from .model.instances import each
from .model.proof import Identity
from .model.symbols import C, C0, Partial, dsigma, guards_as_factors, kind, layer, n, sigma
from .printing.common import domain_text, verify_command
from .printing.notation import ascii
from .vacuous import SUBSET, domain_of, le, narrower, refuted

HOLE = Dummy("part")            # where a part stood, for the number it is
DENOMINATOR = 1000              # the largest denominator of a number a part is read as
DEPTH = 4                       # the most functions both sides apply that the sides are read inside
GROUPS = 6                      # the most sets of quantities (by the bounds they need) whose every union is tried


def hidden(claim, network):
    """Why the claim, proved where each quantity it names has a meaning, hides where the rest of it is false, or "".
    Parts written as their numbers one after another each take out a quantity of the bounds' sets, so the rounds end."""
    bounds = _bounds(claim)
    if not bounds:
        return ""
    sides, said = (claim.lhs, claim.rhs), []
    while True:
        found = _look(sides, bounds, claim, network, said)
        if not isinstance(found, tuple):
            return found or ""
        part, value, sides = found
        said.append(f"{ascii(part)} is {ascii(value)}")


def _look(sides, bounds, claim, network, said):
    """Why the claim hides where the rest is false, or a part to write as its number first, or None: of the parts of
    the sides that name a quantity of the bounds' sets, one that the numbers find to be one rational number wherever
    the claim has a meaning and whose number widens the domain, where the kernel refutes what is left, or neither
    refutes nor proves it where the numbers could not look everywhere (sgn(dC/db^l_j) = sgn([3 <= l] delta^l_j)
    differs at l = 2 alone where its argument is 0, which they leave out); one of network
    quantities that has one value at each instance whatever the weights and biases and whose removal widens the
    domain; else one such number whose items each name such a quantity, (part, number, the sides with the number for
    it), to look again (a zero term beside a factor e^0 of the same quantities: neither alone widens it). The sides
    are read in the ways _readings gives. Each site's items are evaluated once, at one instance and two points, and
    their choices from those numbers."""
    evidence, domain, shown = kernel_for(network).evidence, claim.domain, domain_text(claim.domain, ascii, "<=")
    quantities, later, tried, unknown = frozenset().union(*bounds), [], set(), []
    for reading, back in _readings(sides, network):
        for items, combine, rebuild, limits, whole, allowed in _sites(*reading):
            where = tuple(domain) + limits
            rows = evidence.values([_expr(x) for x in items], where, network, draws=2) or []
            for chosen in _chosen(items, bounds, whole):
                try:
                    with mpmath.workdps(DIGITS):            # (the numbers' own digits), at two points
                        numbers = [combine(chosen, [row[items.index(x)] for x in chosen]) for row in rows]
                        value, same = (_constant(numbers[0]), _same(*numbers)) if numbers else (None, False)
                except ZeroDivisionError:
                    continue
                if value is None and not same:
                    continue                        # (cheap first: no number, and not the indices' alone)
                part, rest = rebuild(chosen)
                if not allowed(part) or part.has(zoo, nan):
                    continue                        # (1/[3 <= l], a guard divided by, has no form)
                rest = back(rest)
                written = tuple(side.xreplace({HOLE: value}) for side in rest) if value is not None else None
                left = written or rest              # (z^{l+1}_1 HOLE is 0 once HOLE is)
                gone = any(not any(side.has(q) for side in left for q in these) for these in bounds)
                wide = domain_of(*left) if gone else None     # (a domain widens only where a bound's set is gone)
                widens = wide is not None and narrower(domain, wide) and any(side.has(Indexed, Partial)
                                                                             for side in left)
                if written is not None and (written == sides or written in tried or written[0] == written[1]):
                    continue                        # (the same twice, or both sides one: nothing is left out)
                if written is not None and widens:
                    tried.add(written)
                    gaps = []
                    if evidence.agree(part, value, where, network, gaps):
                        these = said + [f"{ascii(part)} is {ascii(value)}"]
                        text = f"{ascii(written[0])} = {ascii(written[1])}"
                        once = (f"for {domain_text(wide, ascii, '<=')}, where it has a meaning once "
                                f"{', and '.join(these)}, as the numbers find at every instance they try for {shown}, "
                                f"where the claim is checked; a part that says nothing may not narrow where a claim is "
                                f"checked: state the range as a guard ([3<=l]) or as a claim of its own")
                        holes = []
                        verdict = refuted(written, wide, network, holes)
                        if verdict is not None and (not any(gaps) or not _within(verdict, domain)):
                            return (f"the claim hides where it is false: {verify_command(text, network)} refutes it "
                                    + once)
                        if not any(gaps) and any(holes):    # (the numbers could not look everywhere; a part with
                            unknown.append((written, wide, text, once))     # no number somewhere says what the
                    continue                                                # claim says only where it has one)
                if widens and same and part.has(Indexed, Partial) and evidence.fixed(part, where, network):
                    return (f"{ascii(part)} has one value at each instance the numbers try whatever the network's "
                            f"weights and biases, where each quantity of the claim has a meaning ({shown}), which is "
                            f"where derive checks a claim: it depends on the indices alone and says nothing of the "
                            f"network, while its quantities narrow where the claim is checked; write what it is with "
                            f"guards ([l=L], [j=1]) or state the range as a guard ([3<=l])")
                if written is not None and not widens and all(any(_expr(x).has(q) for q in quantities)
                                                              for x in chosen):
                    tried.add(written)
                    later.append((part, value, written, where))
    for written, wide, text, once in unknown:     # (what the numbers did not refute: proved, or a doubt)
        if not _proved(written, wide, network):
            return (f"the claim may hide where it is false: the kernel neither proves nor refutes "
                    f"{verify_command(text, network)} " + once)
    return next(((part, value, written) for part, value, written, where in later
                 if evidence.agree(part, value, where, network)), None)


def _within(verdict, domain):
    """The counterexample of the verdict lies where the claim is checked, its other indices at any value there (so what
    is left there is not what the claim says: the part had no number at some instance)."""
    cex = verdict.counterexample
    return any(all(int(env[k]) == int(cex.indices[str(k)]) for k in env if str(k) in cex.indices)
               for env in each(domain, cex.widths))


def _proved(sides, domain, network):
    """The kernel proves sides[0] = sides[1] on the domain (as `verify` looks for a proof)."""
    from .verify import verify_now
    claim = Identity("claim", f"{ascii(sides[0])} = {ascii(sides[1])}", *sides, domain)
    return verify_now(claim, network, kernel_for(network), []).verdict.proved


def _readings(sides, network):
    """(the sides read another way, how what is left of them reads as the claim's sides): as written, with each guard
    a factor ([3 <= l] (u v): [3 <= l] u v), each e^(u + v) as e^u e^v, sigma' by the activation's law and sigma by
    its formula (sigma(u) = tanh(v) on tanh), without the terms both sides have (put back after), with their common
    factors taken out (X dC/db + 5 X: X (dC/db + 5)), multiplied out ((x + A)^2 - 2 x B - A^2: x^2 + 2 x A - 2 x B),
    and inside a shape both sides share, a few deep (the same expression of x on one side and of y on the other:
    log(1 + (dC/db + A)^2) = log(1 + ([3 <= l] delta + B)^2) read as dC/db + A = [3 <= l] delta + B, what is left of
    which is put back into the shape)."""
    guarded = tuple(guards_as_factors(side) for side in sides)
    starts = [guarded, tuple(map(_exp_split, guarded))]
    if not network.activation.generic:      # (sigma(u) = tanh(v) on tanh: tanh(u) = tanh(v); sigma' by the law)
        written = tuple(_activation(side, network.activation) for side in guarded)
        starts += [written, tuple(map(_exp_split, written))]
    out, frontier = {sides: lambda s: s}, [(start, lambda s: s) for start in dict.fromkeys(starts)]
    for _ in range(DEPTH):
        deeper = []
        for these, back in frontier:
            shared = Add(*(set(Add.make_args(these[0])) & set(Add.make_args(these[1]))))
            apart = tuple(side - shared for side in these)
            put = (lambda s, back=back, shared=shared: back(tuple(side + shared for side in s)))
            for reading, how in ((these, back), (apart, put), (tuple(factor_terms(side) for side in these), back),
                                 (tuple(expand(side, power_exp=False) for side in these), back)):
                out.setdefault(reading, how)
            for reading, how in ((these, back), (apart, put)):
                pair = _shape(*reading)
                if pair is not None:            # lhs = T(u), rhs = T(v): u = v, what is left put back into T
                    deeper.append((pair, lambda s, how=how, reading=reading, pair=pair: how(tuple(
                        side.xreplace({pair[0]: s[0]}) if t == 0 else side.xreplace({pair[1]: s[1]})
                        for t, side in enumerate(reading)))))
        frontier = deeper
    return list(out.items())


def _shape(u, v):
    """(x, y) where u is T(x) and v is T(y) for one shape T that holds x wherever v holds y (sigma(x)(1 - sigma(x))
    and sigma(y)(1 - sigma(y)); tanh(x) and tanh(y)), x and y the smallest such parts of the network; else None."""
    def differ(p, q):
        """The one pair (x, y) of parts where p and q differ, as deep as it is one, or (p, q)."""
        if p.func != q.func or len(p.args) != len(q.args) or not p.args or isinstance(p, (Indexed, Partial)):
            return p, q
        pairs = {differ(x, y) for x, y in zip(p.args, q.args) if x != y}
        return pairs.pop() if len(pairs) == 1 else (p, q)
    if u == v:
        return None
    x, y = differ(u, v)
    return (x, y) if (x, y) != (u, v) and x.has(Indexed, Partial) and y.has(Indexed, Partial) and \
        u.xreplace({x: y}) == v else None


def _exp_split(e):
    """e with each exp of a sum written as a product, e^(u + v) = e^u e^v (a sum over k kept whole)."""
    return e.replace(lambda t: isinstance(t, exp) and isinstance(t.args[0], Add),
                     lambda t: Mul(*(exp(u) for u in t.args[0].args)))


def _activation(e, activation):
    """e with sigma' written by the activation's law (through sigma) where it has one, then sigma and sigma' by its
    formula."""
    if activation.law is not None:
        e = e.replace(lambda t: t.func == dsigma, lambda t: activation.law(sigma(t.args[0]), t.args[0]))
    f = activation.formula(T)
    return e.replace(lambda t: t.func in (sigma, dsigma),
                     lambda t: (f if t.func == sigma else derivative(f, T)).xreplace({T: t.args[0]}))


def _same(u, v):
    """u and v are one number, to 20 digits."""
    return abs(u - v) <= mpmath.mpf(10) ** -20 * max(1, abs(u))


def _constant(v):
    """The rational number v is (to 20 digits, as good as a derivative's difference is; with a denominator up to
    DENOMINATOR), or None."""
    if v is None or not isinstance(v, mpmath.mpf) or not mpmath.isfinite(v):
        return None
    r = Fraction(mpmath.nstr(v, 40, strip_zeros=False)).limit_denominator(DENOMINATOR)
    return Rational(r.numerator, r.denominator) if _same(v, mpmath.mpf(r.numerator) / r.denominator) else None


def _bounds(claim):
    """The sets of the claim's quantities (and widths) that need a bound of its domain that another does not: a lower
    bound (z^{l-1}_1 needs l >= 3, delta^l_j only l >= 2), an upper one (a^{l+1}_1 needs l <= L - 1, a^{l-1}_j
    j <= n_{l-1}), each of a max or min of bounds, or a condition (z^3_1 needs L >= 3). A part whose removal widens
    the domain leaves out every quantity of one of these sets at least."""
    quantities = sorted(claim.lhs.atoms(Indexed, n) | claim.rhs.atoms(Indexed, n), key=str)   # (n_{l-2}: l >= 3)
    needs = {q: Facts(domain_of(q) or ()) for q in quantities}
    out = []
    for e, lo, hi in claim.domain:
        naming = [q for q in quantities if e.free_symbols & q.free_symbols] if e.free_symbols else quantities
        tests = [lambda f, g=g: le(f, g, e) for g in (lo.args if isinstance(lo, Max) else (lo,))] + \
            [lambda f, h=h: le(f, e, h) for h in (hi.args if isinstance(hi, Min) else (hi,))]
        for test in tests:
            holding = frozenset(q for q in naming if test(needs[q]))
            if holding and len(holding) < len(naming) and holding not in out:
                out.append(holding)
    return out


def _sites(lhs, rhs):
    """(items, (chosen, their numbers) -> the part's number, (chosen) -> (part, the sides with HOLE for it), the limits
    of the sums around them, whether all the items may be chosen, whether a part may be written as its number there)
    for each place parts are chosen from: the terms of both sides together, the factors of both sides together (a
    quotient), then in each side the terms of a sum, the factors of a product and any other part (under a derivative
    by z or a, those _held allows)."""
    terms = [(t, 0) for t in Add.make_args(lhs)] + [(t, 1) for t in Add.make_args(rhs)]

    def by_terms(chosen):
        one = [Add(*(t for t, s in chosen if s == side)) for side in (0, 1)]
        return (one[0] - one[1] if one[0] != 0 else one[1]), \
            (lhs - one[0] + (HOLE if one[0] != 0 else 0), rhs - one[1] + (0 if one[0] != 0 else HOLE))
    anywhere = lambda part: True            # noqa: E731
    yield terms, lambda c, v: mpmath.fsum(x if s == 0 else -x for x, (_, s) in zip(v, c)), by_terms, (), False, \
        anywhere
    factors = [(f, side) for side, e in enumerate((lhs, rhs)) for f in Mul.make_args(e) if not f.is_Number]

    def by_factors(chosen):
        kept = [Mul(*(f for f in Mul.make_args(e) if (f, side) not in chosen)) for side, e in enumerate((lhs, rhs))]
        part = Mul(*(f for f, s in chosen if s == 0)) / Mul(*(f for f, s in chosen if s == 1))
        return part, (kept[0] * HOLE, kept[1])
    yield factors, lambda c, v: mpmath.fprod(x if s == 0 else 1 / x for x, (_, s) in zip(v, c)), by_factors, (), \
        False, anywhere
    for side in (lhs, rhs):
        for g, limits, under in _nodes(side):
            allowed = (lambda part, under=under: _held(part, under))
            if isinstance(g, Add) and g not in (lhs, rhs):
                yield list(g.args), lambda c, v: mpmath.fsum(v), _replacing(
                    lhs, rhs, g, lambda c, g=g: (Add(*c), g - Add(*c) + HOLE)), limits, True, allowed
            elif isinstance(g, Mul):
                yield [f for f in g.args if not f.is_Number], lambda c, v: mpmath.fprod(v), _replacing(
                    lhs, rhs, g, lambda c, g=g: (Mul(*c), Mul(*(f for f in g.args if f not in c)) * HOLE)), limits, \
                    True, allowed
            elif isinstance(g, Expr) and g.has(Indexed, Partial) and not isinstance(g, (Indexed, Piecewise)):
                yield [g], lambda c, v: v[0], _replacing(lhs, rhs, g, lambda c, g=g: (g, HOLE)), limits, True, allowed


def _replacing(lhs, rhs, g, way):
    """(chosen) -> (part, the sides with g written without the part, HOLE for it)."""
    def rebuild(chosen):
        part, without = way(chosen)
        return part, (lhs.xreplace({g: without}), rhs.xreplace({g: without}))
    return rebuild


def _chosen(items, bounds, whole):
    """Choices of items that name a quantity of the bounds' sets: any of them (all only if `whole`: all the terms or
    factors of both sides are the claim), of at most SUBSET items; else those that leave out every quantity of some
    of the sets (of all of them, if at most GROUPS, else one or two), with any of the other items (at most SUBSET, else
    any three of them, of at most twice as many, else two, or those with no quantity)."""
    quantities = frozenset().union(*bounds)
    names = [x for x in items if any(_expr(x).has(q) for q in quantities)]
    if len(items) <= SUBSET:
        return [list(c) for k in range(1, len(items) + 1) for c in combinations(items, k)
                if any(x in names for x in c) and (whole or k < len(items))]
    sets = len(bounds) if len(bounds) <= GROUPS else 2
    out, seen = [], set()
    for union in (u for k in range(1, sets + 1) for u in combinations(bounds, k)):
        forced = [x for x in items if any(_expr(x).has(q) for q in frozenset().union(*union))]
        if not forced or tuple(forced) in seen:
            continue
        seen.add(tuple(forced))
        free = [x for x in items if x not in forced]
        bare = [x for x in free if not _expr(x).has(Indexed, Partial)]
        most = len(free) if len(free) <= SUBSET else 3 if len(free) <= 2 * SUBSET else 2
        extras = [c for k in range(most + 1) for c in combinations(free, k)] + ([tuple(bare)] if bare else [])
        out += [forced + list(c) for c in extras if whole or len(forced) + len(c) < len(items)]
    return out


def _expr(x):
    """An item's expression (a term or factor, or one with its side)."""
    return x[0] if isinstance(x, tuple) else x


def _nodes(e, limits=(), under=()):
    """(part, the limits of the sums around it, the variables of the derivatives by z or a around it) for each part of
    e (a part under a derivative by a weight or a bias is a function of them: written as its number there too)."""
    yield e, limits, under
    if isinstance(e, Partial) and kind(e.v) not in ("w", "b"):
        under = under + (e.v,)
    if isinstance(e, Sum):
        limits = limits + tuple(e.limits)
    for part in (pair.expr for pair in e.args) if isinstance(e, Piecewise) else e.args:   # (a guard's value)
        yield from _nodes(part, limits, under)


def _held(part, variables):
    """The derivatives by these nodes hold the part fixed, so it may be written as its number under them: a number of
    the indices alone ((n_{l+1} - 3) is 0 on [2, 3, 3, 3]), or quantities that come before each variable (a weight or
    bias of its layer or an earlier one, a node of an earlier layer). A derivative moves its node and what comes after
    it, which keeps a^l_j - sigma(z^l_j) at 0 by z^l_j and not by a^l_j."""
    if not variables or not part.has(Indexed, Partial) and not any(s in (C, C0) for s in part.free_symbols):
        return True
    if part.has(Partial) or any(s in (C, C0) for s in part.free_symbols):
        return False
    return all(kind(q) in ("x", "y") or kind(q) in ("w", "b", "z", "a") and (
        (layer(q) - layer(v)).is_nonpositive if kind(q) in ("w", "b") else (layer(q) - layer(v)).is_negative) is True
        for q in part.atoms(Indexed) for v in variables)           # (delta^{l-1} = dC/dz^{l-1} comes after z^l too)
