"""Hints for a failed step: which classic mistake makes it right when undone (a wrong sign, a
missing σ', a transposed weight, a wrong layer or index, an index not summed over).

Each pattern proposes a corrected right-hand side; the kernel's symbolic check says
whether the correction holds. The first correction that holds names the mistake.

A hint is a `Sentence`: words and formulas (sympy expressions), so that every printer sets the
formulas in its own notation (text, LaTeX, MathML) instead of reading them out of a string.
"""
from sympy import S, Add, Indexed, KroneckerDelta, Mul, Sum, Symbol, diff, preorder_traversal

from .kernel.formed import meaning
from .model.symbols import (C, L, M, SIZES, Partial, a, b, delta, dsigma, free_symbols, fresh_index, j, k, kind, l,
                            lam, layer, n, normalize_derivatives, s, w, y, z)
from .printing.notation import index_name
from .printing.sentence import Sentence


_FOUND = {}            # what hint() found, by everything it depends on, within one process (a class's files
MAX_FOUND = 10_000     # repeat its mistakes)


def hint(before, after, domain, kernel):
    """The Sentence naming the mistake, or None; found once a process for a step on a domain, a network,
    the kernel's seed and the identities it proved."""
    key = (kernel.network.key, getattr(kernel.evidence, "seed", None), before, after, tuple(domain),
           tuple((name, p[0].lhs, p[0].rhs, tuple(p[0].domain)) for name, p in kernel.proved.items()))
    if key not in _FOUND:
        if len(_FOUND) > MAX_FOUND:            # a long session's memory stays bounded
            _FOUND.clear()
        _FOUND[key] = _hint(before, after, domain, kernel)
    return _FOUND[key]


def _hint(before, after, domain, kernel):
    free = _free(before)
    meant = meaning(kernel.network, before, S.Zero, domain) is None

    def holds(candidate):
        """The correction holds: it has a meaning on the domain, no difference on a sample net's
        grid (a cheap filter, where most fail), then the kernel's symbolic check. (A step has a
        meaning when each side has one: the sides are read apart, so `before` is read once.)"""
        try:
            if not meant or not _free(candidate) <= free:   # an index the left side does not have: no correction
                return False
            if meaning(kernel.network, candidate, S.Zero, domain) is not None:
                return False
            if kernel.evidence is not None and kernel.evidence.differs(before, candidate, domain, kernel.network):
                return False
            return kernel.symbolic_equal(before, candidate, domain)
        except Exception:
            return False

    network = kernel.network
    found = _chapter3(before, after, network, holds) or _batch(after, network, holds)
    if found is not None:
        return found
    if holds(-after):
        return Sentence("wrong sign: the step holds with ", -after, " on the right")
    quantities = sorted({q for q in after.atoms(Indexed) if kind(q) in ("w", "b", "z", "a", "delta")}, key=str)
    for q in sorted({t for e in (before, after) for t in e.atoms(Indexed) if kind(t) in ("z", "a", "delta", "b")},
                    key=str):
        s = dsigma(z[(layer(q),) + tuple(q.indices[1:])])
        if not after.has(s) and holds(after * s):
            return Sentence("missing ", s, ": the activation's derivative is left out")
    ws = [q for q in quantities if kind(q) == "w"]
    if ws and holds(after.xreplace({q: q.base[q.indices[0], q.indices[2], q.indices[1]] for q in ws})):
        return Sentence("transposed weight: the two neuron indices of w are swapped (", w[l, j, k],
                    " joins neuron k of layer l-1 to neuron j of layer l)")
    for q in quantities:
        for shift in (1, -1):
            moved = q.base[(layer(q) + shift,) + tuple(q.indices[1:])]
            if holds(after.xreplace({q: moved})):
                return Sentence("wrong layer: ", q, " should be ", moved)
    names = sorted({s for e in (before, after) for s in preorder_traversal(e)
                    if isinstance(s, Symbol) and s.is_integer and s.name != "l" and s not in SIZES}, key=str)
    for q in quantities:
        for t, idx in enumerate(q.indices[1:], 1):
            for other in names:
                if other == idx:
                    continue
                new = list(q.indices)
                new[t] = other
                fixed = q.base[tuple(new)]
                if holds(after.xreplace({q: fixed})):
                    return Sentence("wrong index: ", q, " should be ", fixed)
    free_b, free_a = _free(before), _free(after)
    if free_a - free_b and free_b:      # the right side names an index the left lacks (0 = ... is no such slip; a
        odd = sorted(free_a - free_b, key=str)          # value may well be free of one of the left's indices)
        names = ", ".join(index_name(str(t)) for t in odd)
        return Sentence(f"index {names} is free on one side only: it is not summed over, or a sum is missing")
    return None


def _chapter3(before, after, network, holds):
    """The softmax and regularization mistakes: an elementwise derivative of a softmax output,
    a forgotten sum_k y_k = 1, lambda/(2N) for lambda/N, a penalty on the biases."""
    if network.output:
        for d in sorted(after.atoms(Partial, dsigma), key=str):
            i = _diagonal(d)
            if i is None:
                continue
            t = fresh_index(after.free_symbols | before.free_symbols, "k")
            whole = after.replace(lambda e: e.is_Mul and e.has(d) and any(
                isinstance(f, Partial) and f.v == a[L, i] for f in Mul.make_args(e)), lambda e: _summed(e, d, i, t))
            if whole != after and holds(whole):
                return Sentence(f"{network.output} is not elementwise: ", a[L, i], " depends on every ", z[L, t],
                                ", so the chain rule sums over every output k (the terms k ≠ j are missing): ",
                                Partial(a[L, j], z[L, k]), " = ", a[L, j] * (KroneckerDelta(j, k) - a[L, k]))
    if network.cost.probability:
        for total in sorted(before.atoms(Sum), key=str):
            if total.function == y[total.limits[0][0]] and holds(after.xreplace({total: 1})) is False \
                    and holds(before.xreplace({total: 1})):
                return Sentence("forgotten ", total, " = 1: y is a probability vector (its entries add up to 1)")
    if after.has(lam):
        if holds(after.subs(lam, 2 * lam)):
            term = network.regularization.term(w[l, j, k]) if network.regularization else w[l, j, k] ** 2 / 2
            return Sentence("λ/(2N) where the gradient has λ/N: C adds λ/N times ", term, " for each weight, whose "
                            "derivative is ", normalize_derivatives(diff(term, w[l, j, k])))
        kept = Add(*[t for t in Add.make_args(after) if not (t.has(lam) and any(kind(q) == "b" for q in t.atoms(Indexed)))])
        if kept != after and holds(kept):
            return Sentence("the biases are not regularized: the penalty runs over the weights only, so ",
                            Partial(C, b[l, j]), " has no λ term")
    return None


def _batch(after, network, holds):
    """A mini-batch's factor M: the average over the samples forgotten, or taken twice."""
    if not network.batch:
        return None
    if holds(after / M):
        return Sentence("missing 1/", M, ": the cost of a mini-batch averages its samples' costs, so its gradient "
                        "averages theirs")
    if holds(after * M):
        return Sentence("one 1/", M, " too many: ", delta[l, j, s], " = ", M * Partial(C, z[l, j, s]),
                        " is the error of sample s alone, already free of the average")
    return None


def _diagonal(d):
    """The output neuron i of an elementwise derivative: sigma'(z^L_i) or da^L_i/dz^L_i (else None)."""
    if d.func == dsigma and kind(d.args[0]) == "z" and d.args[0].indices[0] == L:
        return d.args[0].indices[1]
    if isinstance(d, Partial) and kind(d.f) == "a" and kind(d.v) == "z" and d.f.indices[0] == d.v.indices[0] == L \
            and d.f.indices[1] == d.v.indices[1]:
        return d.f.indices[1]
    return None


def _summed(product, d, i, t):
    """dX/da^L_i times the diagonal derivative d, written as the chain rule's whole sum over t."""
    rest = product / d
    outer = rest.xreplace({a[L, i]: a[L, t]})
    return Sum(outer * Partial(a[L, t], z[L, i]), (t, 1, n(L)))


def _free(e):
    return {t for t in free_symbols(e) if t.is_integer and t.name != "l" and t not in SIZES}
