"""The strategy: rewrite both sides of an identity towards a common frontier and meet.

The frontier is the node nearest to C among those the identity mentions (z^m or a^m);
each side is rewritten by the rules until nothing applies, then the two are joined
(the right side's steps read backwards). Untrusted: only the kernel says "proved".
"""
from dataclasses import dataclass

from sympy import Indexed, Sum, Symbol, Wild, expand, factor_terms, preorder_traversal

from ..model.network import nonnegative
from ..model.proof import Cases, Derivation, Step
from ..model import symbols
from ..model.symbols import L, Partial, a, kind, layer, precedes, z
from .rules import (ActivationLaw, Algebra, ChainRule, DerivativeOfDefinition, FoldActivation, FoldDelta, FoldOutput,
                    KroneckerCollapse, PenaltySplit, ProbabilitySum, RangeCondition, SumSplit, UnfoldDelta,
                    all_symbols, walk)

MAX_STEPS = 60
NEURON = Symbol("_")


class EngineError(RuntimeError):
    """The engine found no derivation."""


@dataclass
class Context:
    network: object
    domain: tuple
    frontier: object
    route: str = "z"
    expand_cost: bool = False
    use_activation: bool = False


RULES = [PenaltySplit(), UnfoldDelta(), FoldDelta(), KroneckerCollapse(), RangeCondition(), DerivativeOfDefinition(),
         ChainRule(), SumSplit(), ProbabilitySum(), ActivationLaw(), FoldActivation(), FoldOutput()]


def frontier_of(exprs, route, forced=None):
    """The node nearest to C among the z, a and delta the sides mention (as z[m, _] or a[m, _])."""
    if forced is not None:
        return forced
    nodes = []
    for e in exprs:
        for q in preorder_traversal(e):
            if isinstance(q, Partial) and kind(q.f) == "C" and kind(q.v) in ("z", "a", "w", "b"):
                nodes.append(q.v)
            elif isinstance(q, Indexed) and kind(q) in ("delta", "z", "a") and not _inside_partial(e, q):
                nodes.append(q)
    best = None
    for q in nodes:
        node = (a if kind(q) == "a" else z)[layer(q), NEURON]
        if kind(q) in ("w", "b"):
            node = z[layer(q), NEURON]
        if best is None or precedes(best, node) is True:
            best = node
    if best is None:
        best = a[L, NEURON]
    if route == "a" and kind(best) == "z":
        best = a[layer(best), NEURON]
    return best


def _inside_partial(expr, q):
    return any(isinstance(p, Partial) and q in p.f.atoms(Indexed) for p in preorder_traversal(expr))


def rewrite(expr, ctx, lemmas=()):
    """Apply the first rule that fits, again and again; return the last form and the steps."""
    steps = []
    rules = [IdentityRule(lemmas)] + RULES if lemmas else RULES
    while len(steps) < MAX_STEPS:
        for rule in rules:
            found = rule.apply(expr, ctx)
            if found:
                found = [found] if isinstance(found, Step) else found
                steps += found
                expr = found[-1].after
                break
        else:
            return expr, steps
    raise EngineError("the derivation did not terminate")


def join(lhs, rhs, ctx, lemmas):
    """Rewrite both sides and join them into one chain lhs = ... = rhs."""
    left, lsteps = rewrite(lhs, ctx, lemmas)
    right, rsteps = rewrite(rhs, ctx, lemmas)
    middle = [] if left == right else [Step(left, right, "algebra" if _by_algebra(left, right) else "", {"meet": True})]
    return without_detours(lhs, lsteps + middle + [s.reversed() for s in reversed(rsteps)])


def _by_algebra(left, right):
    """The two sides are one expression once every factor a sum's terms share is taken out of it and
    the bound indices are renamed alike (the kernel checks the step by algebra, as it then names)."""
    def tidied(e):
        return expand(symbols.rename_bound(e).replace(lambda t: isinstance(t, Sum), factor_terms))
    return tidied(left) == tidied(right)


def without_detours(start, steps):
    """The steps with every detour cut out: a stretch that leaves an expression and comes back to it
    (the left side's rewriting that passes through the right side, say)."""
    out, reached = [], {start: 0}         # expression -> the number of steps that reach it
    for step in steps:
        if step.after in reached:
            del out[reached[step.after]:]
            reached = {e: k for e, k in reached.items() if k <= len(out)}
        else:
            out.append(step)
            reached[step.after] = len(out)
    return out


def derive(identity, network, lemmas=()):
    """A Derivation (or Cases, for an induction) of `identity` on `network`."""
    ctx = Context(network, identity.domain, None, identity.route, identity.expand_cost,
                  identity.use_activation)
    lhs, rhs = identity.lhs, identity.rhs
    if rhs is None:                                   # a derived form: rewrite lhs to its end
        ctx.frontier = frontier_of([lhs], ctx.route)
        end, steps = rewrite(lhs, ctx, lemmas)
        tidy_step = Algebra().apply(end, ctx)
        if tidy_step:
            steps.append(tidy_step)
        return Derivation(lhs, steps[-1].after if steps else lhs, identity.domain, steps)
    layer_var = next((d[0] for d in identity.domain if d[0].is_Symbol and d[0].name == "l"), None)
    if not identity.induction or layer_var is None:
        ctx.frontier = frontier_of([lhs, rhs], ctx.route)
        return Derivation(lhs, rhs, identity.domain, join(lhs, rhs, ctx, lemmas))
    cases = []
    lo, hi = next((d[1], d[2]) for d in identity.domain if d[0] == layer_var)
    base_domain = tuple(d.xreplace({layer_var: L}) for d in identity.domain if d[0] != layer_var)
    bl, br = lhs.xreplace({layer_var: L}), rhs.xreplace({layer_var: L})
    base = Context(network, base_domain, frontier_of([bl, br], "a"), ctx.route, ctx.expand_cost,
                   ctx.use_activation)
    cases.append((f"base case {layer_var} = L", Derivation(bl, br, base_domain, join(bl, br, base, lemmas))))
    step_domain = tuple(d if d[0] != layer_var else d.func(layer_var, lo, L - 1) for d in identity.domain)
    step = Context(network, step_domain, a[layer_var + 1, NEURON], ctx.route, ctx.expand_cost,
                   ctx.use_activation)
    cases.append((f"inductive step {layer_var} < L", Derivation(lhs, rhs, step_domain,
                                                                 join(lhs, rhs, step, lemmas))))
    return Cases(lhs, rhs, identity.domain, layer_var, cases)


class IdentityRule:
    """Replace an instance of an earlier identity's left side by its right side."""

    def __init__(self, lemmas):
        self.lemmas = lemmas

    def apply(self, expr, ctx):
        for lemma in self.lemmas:
            wilds = {d[0]: Wild(d[0].name + "_", exclude=[]) for d in lemma.domain if d[0].is_Symbol}
            pattern = lemma.lhs.xreplace(wilds)
            for sub, limits in walk(expr):
                if not isinstance(sub, (Indexed, Partial)):
                    continue
                found = sub.match(pattern)
                if found is None or len(found) != len(wilds):
                    continue
                mapping = {s: found[wd] for s, wd in wilds.items()}
                if not applies(lemma, mapping, ctx.domain + tuple(limits)):
                    continue
                instance = rename_bound(lemma.rhs, all_symbols(expr) | set(mapping)).xreplace(mapping)
                return Step(expr, expr.xreplace({sub: instance}), "identity",
                            {"name": lemma.name, "mapping": mapping})
        return None


def applies(lemma, mapping, domain):
    """The instance's indices lie inside the lemma's domain, given the current domain (and the
    ranges of the sums around the instance)."""
    for sym, lo, hi in lemma.domain:
        value = mapping.get(sym, sym.xreplace(mapping))
        low, high = bounds(value, domain)
        if low is None or not (nonnegative(low - lo.xreplace(mapping)) and nonnegative(hi.xreplace(mapping) - high)
                               or (lo.xreplace(mapping) == low and hi.xreplace(mapping) == high)):
            return False
    return True


def bounds(value, domain):
    """Lower and upper bounds of an index expression under the domain (or None)."""
    if value.is_number or value == L:
        return value, value
    syms = [d for d in domain if d[0] in value.free_symbols]
    if len(syms) != 1 or len(value.free_symbols - {L}) != 1:
        return None, None
    sym, lo, hi = syms[0]
    return value.xreplace({sym: lo}), value.xreplace({sym: hi})


def rename_bound(expr, taken):
    """Give the bound indices of expr names that are not in `taken` (sympy issue 21891)."""
    from sympy import Sum
    from ..model.symbols import fresh_index
    for s in sorted(expr.atoms(Sum), key=str):
        var = s.limits[0][0]
        if var in taken:
            new = fresh_index(taken | all_symbols(expr), var.name)
            expr = expr.xreplace({s: s.xreplace({var: new})})
            taken = taken | {new}
    return expr
