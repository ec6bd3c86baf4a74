"""Where an identity the kernel proved applies inside a step: its left side matched (its free
indices as Wilds), at an instance whose values lie inside the identity's domain given the sums
around the match."""
from dataclasses import replace
from functools import lru_cache

from sympy import Indexed, Wild

from ..model.network import deltas_defined
from ..model.symbols import L, Partial


def match(lemma, expr):
    """{lemma's free index: value} that makes the lemma's left side expr, or None."""
    if not isinstance(expr, (Indexed, Partial)):
        return None
    wilds, lhs = pattern(lemma.lhs, lemma.domain)
    m = expr.match(lhs)
    return None if m is None or len(m) != len(wilds) else {s: m[w] for s, w in wilds}


@lru_cache(maxsize=256)
def pattern(lhs, domain):
    """((free index, its Wild), ...) and the left side with the Wilds put in: made once a lemma."""
    wilds = tuple((d[0], Wild(f"w_{d[0]}")) for d in domain if d[0].is_Symbol and d[0] != L)
    return wilds, lhs.xreplace(dict(wilds))


def inside(domain, mapping, facts):
    """The lemma's domain, with mapping put in, holds at every instance."""
    for e, lo, hi in domain:
        value = mapping.get(e, e.xreplace(mapping))
        if not (facts.le(lo.xreplace(mapping), value) and facts.le(value, hi.xreplace(mapping))):
            return False
    return True


def unfolded(lemma):
    """The lemma with every delta written by its definition (BP1 as dC/dz^L_j = ...): the same statement."""
    return replace(lemma, lhs=deltas_defined(lemma.lhs), rhs=deltas_defined(lemma.rhs))
