"""Whether a step's cited rule is its reason: the step shows what that rule rewrites, and a "definition of q" holds
by q's definition. These decide whether a step that holds is justified (a wrong reason fails under --strict),
never whether it holds."""
from types import MappingProxyType

from sympy import Eq, Indexed, KroneckerDelta, Sum, Tuple, preorder_traversal

from ..model.network import error
from ..model.symbols import C, C0, M, Partial, dsigma, is_guard, kind, layer, n, rename_bound, y
from .canon import Canon, NotAFunction, Undecided, Unsupported
from .facts import Facts
from .holds import Power

PASSES = 3                          # passes writing the quantities a reason's "definition of" names


class Reasons:
    """The reason checks of a Kernel (which sets network and _holds)."""

    def _shown(self, rule, before, after, domain, method, detail=MappingProxyType({})):
        """The step shows what the cited rule rewrites: a Kronecker delta (kronecker), a guard where no delta collapses
        (range), a sum or a derivative (linearity), a sum of the targets y of a probability cost (probability), a
        derivative (derivative), the activation's law or formula (activation: the step needs it), a definition
        (definition: the step does not hold by algebra alone). Algebra and the chain rule: their proof says so. What the
        step's detail says it does, which its reason prints, is so: a chain rule's sums run over the whole family it
        names (every sample of a mini-batch), a Kronecker collapse's delta [over = at] (or its guard) and sum over
        `over` stand on one side."""
        changed = lambda test: _nodes(before, test) != _nodes(after, test)          # noqa: E731
        if rule == "chain-rule" and "over" in detail:
            via, over, samples = detail.get("via"), tuple(detail["over"]), detail.get("samples")
            return via is not None and over[1:] == (1, n(layer(via))) and (samples is None or
                                                                          tuple(samples)[1:] == (1, M))
        if rule == "kronecker":
            if "over" in detail and "at" in detail:         # (in the sum the step collapses, or writes back)
                pair, over = {detail["over"], detail["at"]}, detail["over"]
                if not any(_nodes(t, lambda e: isinstance(e, (KroneckerDelta, Eq)) and set(e.args) == pair) and any(
                        over in (b[0] for b in e.limits) for e in _nodes(t, lambda e: isinstance(e, Sum)))
                        for t in (before, after)):
                    return False
            return changed(lambda e: isinstance(e, KroneckerDelta))
        collapse = changed(lambda e: isinstance(e, (KroneckerDelta, Eq)))
        if rule == "range":                         # a guard discharged (or written), where no delta collapses
            return changed(is_guard) and not collapse
        if rule == "linearity":                     # of a sum, or of d/dV, where no delta collapses one
            return changed(lambda e: isinstance(e, (Sum, Partial))) and not collapse
        if rule == "probability":                   # a sum of targets fewer, where no delta collapses one
            sums = [len(_nodes(t, lambda e: isinstance(e, Sum) and e.has(y))) for t in (before, after)]
            return self.network.cost.probability and sums[0] != sums[1] and not collapse
        if rule == "derivative":                    # a derivative written, sigma' by its law or formula too (not one
            return _by_variable(before) != _by_variable(after)      # folded into delta, nor a delta's index moved)
        if rule == "chain-rule":                    # dF/dV as dF/dU (dU/dV), or back
            return _through_another(before, after)
        if rule == "activation":
            return _sigma(method) not in (None, "any")
        if rule == "definition":
            try:
                return self._holds(before, after, domain, Power(definitions=False, chain=False)) is None
            except NotAFunction:                    # what algebra alone cannot read
                return True
        return True

    def _other_network(self, named):
        """(choice, name, the network's) for each activation, cost, output or regularization a reason names ({choice:
        names}) that is not the network's: 'the derivative of the sigmoid' on a tanh or a generic network, 'the
        softmax' on one without a softmax output, are no reasons of its steps."""
        mine = {"activation": self.network.activation.name, "cost": self.network.cost.name,
                "output": self.network.output or "its activation",
                "regularization": self.network.regularization.name if self.network.regularization else "none",
                "batch": "mini-batch" if self.network.batch else "none"}
        return tuple((choice, name, mine[choice]) for choice, names in sorted(named.items()) if choice in mine
                     for name in names if name != mine[choice])

    def _uses_definitions_of(self, before, after, of):
        """Each quantity `of` names (a Tuple, or one beside another rule: 'definition of delta and derivative of z') is
        written or folded by the step: one of its kind (and layer), not as a derivative's variable, stands on one side
        and not on the other."""
        named = tuple(of) if isinstance(of, Tuple) else (of,)
        stands = [_quantities(before), _quantities(after)]
        for q in named:
            base, at = getattr(q, "base", q), layer(q) if isinstance(q, Indexed) else None
            mine = [{e for e in side if getattr(e, "base", e) == base and (at is None or layer(e) == at)}
                    for side in stands]
            if mine[0] == mine[1]:
                return False
        return True

    def _by_definition_of(self, before, after, domain, of):
        """The step holds by the definitions of `of` (a quantity, a kind such as z, C, or a Tuple of them): once every
        quantity of each one's kind (of its layer, when it is one quantity; C or C0 itself for a cost) is written by
        its definition, wherever it stands but as a derivative's variable, on one side or both, the sides are equal by
        algebra (after a pass, or up to PASSES over what the passes wrote: a's definition names z); or the step writes
        out a derivative of one of them (dz^l_k/db^l_j = [j = k] by z's definition). False when the step names none
        of them, or one has no definition."""
        named = tuple(of) if isinstance(of, Tuple) else (of,)
        if any(kind(q) not in ("z", "a", "delta", "C") and getattr(q, "name", None) not in ("z", "a", "delta")
               for q in named):
            return False
        canon, written = Canon(self.network, Facts(domain), definitions=False), []
        bases = {getattr(q, "base", q) for q in named}

        def defines(q, e):
            return e == q if q in (C, C0) else isinstance(e, Indexed) and e.base == getattr(q, "base", q) and (
                not isinstance(q, Indexed) or layer(e) == layer(q))
        derivatives = [{p for p in preorder_traversal(t) if isinstance(p, Partial)} for t in (before, after)]
        errors = [{e for e in preorder_traversal(t) if kind(e) == "delta"} for t in (before, after)]
        if errors[0] == errors[1] and any(defines(q, p.f) for p in derivatives[0] ^ derivatives[1] for q in named):
            return True                     # a derivative of q, written out by its definition (not folded into delta)

        def plain(e):               # dC/dz as dC0/dz: a penalty on the weights does not move with z or a
            return e if C in named else e.replace(lambda t: isinstance(t, Partial) and t.f == C and kind(t.v) in (
                "z", "a"), lambda t: Partial(self.network.root, t.v))

        def defined(e):
            if not e.has(*bases):
                return e
            if isinstance(e, Partial):
                return Partial(defined(e.f), e.v)
            if any(defines(q, e) for q in named):
                written.append(e)
                return canon.cost(e) if e in (C, C0) else plain(error(e)) if kind(e) == "delta" else canon.definition(e)
            return e.func(*[defined(t) for t in e.args]) if e.args else e
        passes = [_passes(plain(before), defined, written), _passes(plain(after), defined, written)]
        pairs = [(u, v) for u in passes[0] for v in passes[1] if u is not passes[0][0] or v is not passes[1][0]]
        if any(rename_bound(u) == rename_bound(v) for u, v in pairs):      # the definition written, as it stands
            return True
        try:
            return any(canon.equal(u, v) for u, v in pairs)
        except (Undecided, Unsupported):
            return False


def _nodes(expr, test):
    return {e for e in preorder_traversal(expr) if test(e)}


def _through_another(before, after):
    """A function F differentiated on both sides is differentiated with respect to other variables on one (their kind
    and layer): dC/db^l_j as a sum of dC/dz^l_k dz^l_k/db^l_j, delta^l_j (dC/dz^l_j) as dC/dz^{l+1}_k ..., or back.
    A Kronecker collapse (delta^l_k to delta^l_j), delta's definition (dC/dz^l_k to delta^l_k) or a derivative written
    out (dz/db to [j = k]) differentiates no function by another variable."""
    def variables(expr):
        found = {}
        for f, variable in _derivatives(expr):
            found.setdefault(f if kind(f) == "C" else (kind(f), layer(f)), set()).add(variable)
        return found
    sides = variables(before), variables(after)
    return any(sides[0][key] != sides[1][key] for key in sides[0].keys() & sides[1].keys())


def _quantities(expr):
    """The quantities (z, a, delta, C ...) that stand in expr but as a derivative's variable."""
    if isinstance(expr, Partial):
        return _quantities(expr.f)
    if isinstance(expr, Indexed) or expr in (C, C0):
        return {expr}
    return set().union(*[_quantities(t) for t in expr.args]) if expr.args else set()


def _derivatives(expr):
    """(F, (kind, layer) of V) for each dF/dV that stands in expr, delta^l_k as dC/dz^l_k."""
    return [(C, ("z", layer(e))) if kind(e) == "delta" else (e.f, (kind(e.v), layer(e.v)))
            for e in _nodes(expr, lambda e: isinstance(e, Partial) or kind(e) == "delta")]


def _by_variable(expr):
    """{(C or C0 differentiated, the variable's kind and layer): how many derivatives (_derivatives), and sigma'
    (None)} in expr."""
    out = {None: len(_nodes(expr, lambda e: e.func == dsigma))} if expr.has(dsigma) else {}
    for f, variable in _derivatives(expr):
        key = (f if f in (C, C0) else None, *variable)
        out[key] = out.get(key, 0) + 1
    return out


def _sigma(check):
    """How the check took sigma: "any" function, the activation's "law" or "formula" (the last a case took)."""
    if check.kind == "cases":
        return max((_sigma(c) or "any" for _, c in check.data["cases"]), key=("any", "law", "formula").index)
    return check.data.get("sigma")


def _passes(expr, defined, written):
    """expr, then expr after each pass of `defined` that writes a quantity (`written` grows), PASSES at most, up to
    one that meets an a whose layer the domain does not decide."""
    out = [expr]
    for _ in range(PASSES):
        done = len(written)
        try:
            expr = defined(expr)
        except Undecided:                   # a whose layer the domain does not decide: an input, an output?
            break
        if len(written) == done:
            break
        out.append(expr)
    return out
