"""How one step holds on a domain, by the kernel's rules: rewriting to a normal form (canon.py,
with the definitions or by algebra alone), the chain rule through a family that separates the
variable from C, a proved identity at an instance inside its domain; a question the domain does
not decide splits it into cases; on a concrete network, what the rules cannot confirm is compared
at every instance (graph.py). The answers are kept for the network within one process."""
from dataclasses import dataclass, replace

from sympy import Indexed, Sum, Symbol, Tuple, preorder_traversal

from ..model.instances import Undefined, count, each, instantiate
from ..model.network import deltas_defined
from ..model.symbols import L, M, Partial, a, kind, layer, n, order, sample, walk, z
from .canon import Canon, NotAFunction, Undecided, Unsupported
from .facts import Facts
from .formed import meaning, well_formed
from .lemmas import inside, match, unfolded
from .verdict import Check

SPLITS = 3                          # case splits of one step, at most
MAX_INSTANCES = 20_000              # instances of one step compared on a concrete network
MAX_ANSWERS = 50_000                # answers kept by one network's kernels in a process


@dataclass(frozen=True)
class Power:
    """What a step may use: definitions, the chain rule, these identities."""
    definitions: bool = True
    chain: bool = True
    names: tuple = ()
    cited: bool = False             # the step's own reasons: its identities are tried first
    through: object = None          # the family the step's chain rule names (z^l_k): tried alone


class Holds:
    """The step rules of a Kernel (which sets network, proved, graph and _answers)."""

    def _holds(self, before, after, domain, power, concrete=False):
        """A Check of how before = after holds on domain with this power, or None. The answer is
        kept for this network in this process: it depends on the step, the domain, the power and
        the statements of the identities the power names, all in its key."""
        lemmas = tuple((name, self.proved[name][0].lhs, self.proved[name][0].rhs, tuple(self.proved[name][0].domain))
                       for name in power.names)
        return self._kept(("holds", before, after, tuple(domain), power, concrete, lemmas),
                          lambda: self._answer(before, after, domain, power, concrete))

    def _kept(self, key, answer):
        """The answer kept under key, computed by answer() the first time it is asked."""
        if key not in self._answers:
            if len(self._answers) > MAX_ANSWERS:        # a long session's memory stays bounded
                self._answers.clear()
            self._answers[key] = answer()
        return self._answers[key]

    def _answer(self, before, after, domain, power, concrete, splits=0):
        try:
            found = self._prove(before, after, Facts(domain), power)
        except (Undecided, Unsupported) as u:
            symbol = getattr(u, "symbol", None)
            if splits >= SPLITS or symbol is None:
                found = None
            else:
                cases = []
                for label, sub, part in split(domain, symbol, u.end):
                    case = replace(power, through=power.through.xreplace(sub)) if power.through is not None else power
                    found = self._answer(before.xreplace(sub), after.xreplace(sub), part, case, False, splits + 1)
                    if found is None:
                        break
                    cases.append((label, found))
                else:
                    return Check("cases", {"on": symbol, "cases": tuple(cases)})
        if found is None and concrete and self.network.concrete:
            found = self._instances(before, after, domain)
        return found

    def _prove(self, before, after, facts, power, sigmas=("any", "law", "formula")):
        """The first method that shows before = after: rewriting, the chain rule, an identity;
        with sigma any function first, then the activation's law, then its formula."""
        concrete = not self.network.activation.generic and power.definitions
        doubts, unsupported = [], None
        for sigma in sigmas if concrete else ("any",):
            canon = Canon(self.network, facts, power.definitions, sigma)
            for name in power.names if power.cited else ():      # a cited identity first: it is the reason
                if self._by_identity(before, after, facts, canon, name):
                    return Check("identity", {"name": name, "sigma": sigma})
            via, tried = None, False
            if power.chain and power.cited:      # the step names the chain rule: it is tried first
                try:
                    via, tried = self._chain_rule(before, after, facts, canon, power.through), True
                except (Undecided, Unsupported):
                    pass
            if via is None:
                try:
                    same = canon.equal(before, after)
                except Unsupported as u:         # sigma's law or formula may still take the derivative
                    unsupported = unsupported or u
                    continue
                except Undecided:                # a split, unless the chain rule through the output layer holds
                    via = self._chain_rule(before, after, facts, canon) if power.chain and not tried else None
                    if via is None:
                        raise
                    same, tried = False, True
                if same:
                    return Check("rewriting", {"definitions": power.definitions, "sigma": sigma})
                if power.chain and not tried:
                    via = self._chain_rule(before, after, facts, canon)
            if via is not None:
                return Check("chain-rule", {"family": kind(via[0]), "layer": layer(via[0]), "of": via[1],
                                            "sigma": sigma})
            for name in power.names if not power.cited else ():
                if self._by_identity(before, after, facts, canon, name):
                    return Check("identity", {"name": name, "sigma": sigma})
            doubts += canon.doubts
        if doubts:
            raise Undecided(*doubts[0])
        if unsupported is not None:
            raise unsupported
        return None

    def _chain_rule(self, before, after, facts, canon, named=None):
        """(u, V) when writing dC/dV = sum_i dC/du_i du_i/dV on one side makes the sides equal: through the
        output layer's z or a, then through V's layer or the next, by algebra alone (du_i/dV kept as written: the
        rules write it out only a fixed number of layers down), then through those with the sides' derivatives
        written out; through the `named` family alone when the step names one."""
        deltas = lambda e: canon.fresh_sums(deltas_defined(e))     # bound names of their own, as in normal()
        sides = [deltas(before), deltas(after)]
        algebra = Canon(self.network, facts, definitions=False)
        return self._through(sides, facts, algebra, canon, True, named) or \
            self._through(sides, facts, algebra, canon, False, named) or \
            self._through([canon.reduce(t) for t in sides], facts, canon, canon, False, named)

    def _through(self, sides, facts, judge, canon, output, named=None):
        """(u, V) for the first family u (of the output layer, which the other side differentiates C by, or of
        V's layer and the next; the `named` one's alone) through which the chain rule makes the sides equal by
        `judge`, or None."""
        root = self.network.root                # C0 when C adds a penalty on the weights themselves
        for side in (0, 1):
            found = sorted({p for p in preorder_traversal(sides[side]) if isinstance(p, Partial) and p.f == root
                            and kind(p.v) in ("w", "b", "z", "a")}, key=str)
            shown = {(kind(p.v), layer(p.v)) for p in preorder_traversal(sides[1 - side])
                     if isinstance(p, Partial) and p.f == root and isinstance(p.v, Indexed)}
            for pd in found:          # a family the other side differentiates C by first: the likely one
                likely = lambda q: (kind(q), layer(q)) not in shown        # noqa: E731
                for u in sorted(_families_after(pd.v, facts, output), key=likely):
                    if output and likely(u) or named is not None and (kind(u), layer(u)) != (kind(named), layer(named)):
                        continue                    # (through the output layer only where the other side goes)
                    i = Symbol(f"_c{canon.fresh().name}", integer=True)
                    member = u.base[layer(u), i]
                    total = Sum(Partial(root, member) * Partial(member, pd.v), (i, 1, n(layer(u))))
                    own = sample(pd.v) if self.network.batch else None
                    if own is not None:                  # a node of one sample moves that sample's nodes alone
                        member = u.base[layer(u), i, own]
                        total = Sum(Partial(root, member) * Partial(member, pd.v), (i, 1, n(layer(u))))
                    elif self.network.batch:             # the family holds every sample's u
                        s = Symbol(f"_c{canon.fresh().name}", integer=True)
                        member = u.base[layer(u), i, s]
                        total = Sum(Sum(Partial(root, member) * Partial(member, pd.v), (i, 1, n(layer(u)))),
                                    (s, 1, M))
                    trial = list(sides)
                    trial[side] = trial[side].xreplace({pd: total})
                    if judge.equal(*trial):
                        return u, pd.v
        return None

    def _by_identity(self, before, after, facts, canon, name):
        """The step holds once the identity is applied wherever its left side stands (a delta in it written
        as delta or by its definition, dC/dz): a match is applied only when every occurrence of it lies inside
        the identity's domain (the same expression may stand in two sums over different ranges) and none stands
        inside a derivative by a z or an a (`_moved_alone`). Where the facts pin L (a case L = c), the identity
        is taken at that L; on a concrete network, as stated and at the network's depth (delta^L and delta^3 on
        [2, 3, 2])."""
        lemma, depth = self.proved[name][0], facts.value(L)
        at = lambda d: replace(lemma, lhs=lemma.lhs.xreplace({L: d}), rhs=lemma.rhs.xreplace({L: d}),  # noqa: E731
                               domain=tuple(t.xreplace({L: d}) for t in lemma.domain))
        stated = [at(depth)] if depth is not None else [lemma] + ([at(len(self.network.widths))]
                                                                   if self.network.concrete else [])
        forms = [(form, written) for form in stated for written in (form, unfolded(form))]
        found, outside = {}, set()
        for expr in (before, after):
            moved = _moved_alone(expr)
            for sub, limits in walk(expr, {}):
                form, mapping = next(((f, m) for f, m in ((f, match(w, sub)) for f, w in forms) if m is not None),
                                     (None, None))
                if mapping is None:
                    continue
                if sub in moved or not inside(form.domain, mapping, facts.within(limits)):
                    outside.add(sub)
                elif sub not in found:
                    found[sub] = canon.fresh_sums(form.rhs).xreplace(mapping)
        found = {sub: rhs for sub, rhs in found.items() if sub not in outside}
        return bool(found) and canon.equal(before.xreplace(found), after.xreplace(found))

    def _well_formed(self, before, after, domain):
        """formed.well_formed, kept for this network in this process."""
        return self._kept(("well-formed", before, after, tuple(domain)),
                          lambda: well_formed(self.network, before, after, domain))

    def _instances(self, before, after, domain):
        """A Check that before = after at every instance of the user's concrete network, or None."""
        widths = self.network.widths
        total = count(domain, widths)
        if total == 0:                  # a step that holds at no instance is not shown by this net
            return None
        if total > MAX_INSTANCES or self._numbers(before, after, domain, True)[1] is not None:
            return None                 # a counterexample on the net, confirmed: no instance is compared exactly
        for env in each(domain, widths):
            try:
                if not self.graph.same(instantiate(before, env, widths), instantiate(after, env, widths)):
                    return None
            except (Undefined, ValueError):
                return None
        return Check("instances", {"widths": widths, "count": total})

    def symbolic_equal(self, before, after, domain):
        """before = after on domain by the index-level rules alone (for hints): True or False."""
        if meaning(self.network, before, after, domain) is not None:
            return False
        try:
            return self._prove(before, after, Facts(domain), Power(names=tuple(self.proved)), ("any", "law")) is not None
        except (Undecided, NotAFunction, Unsupported):
            return False


def _moved_alone(expr):
    """The subexpressions of expr inside a derivative by a z or an a: that derivative moves the quantity alone,
    off the values the network gives it (a apart from sigma(z)), where an identity proved for the network's values
    need not hold (dC/db^L_j = a^L_j - y_j rests on a = sigma(z); by a^L_j the sides' derivatives differ). By a
    parameter, an input or a target, every quantity keeps its network value, and so does an identity."""
    return {t for d in preorder_traversal(expr) if isinstance(d, Partial) and kind(d.v) in ("z", "a")
            for t in preorder_traversal(d.f)}


def _families_after(v, facts, output=False):
    """The z and a families of v's layer and the next (or of the output layer) that lie after v and exist at
    every instance: each separates v from C."""
    m, u = layer(v), Symbol("_u", integer=True)
    return [q for q in ((z[L, u], a[L, u]) if output else (z[m, u], a[m, u], z[m + 1, u], a[m + 1, u]))
            if facts.sign(order(q) - order(v)) == 1 and facts.le(layer(q), L)]

def split(domain, symbol, end):
    """Two cases covering the domain: symbol at the end of its range, and the rest of the range."""
    if symbol == L:
        facts = Facts(domain)
        low = next(v for v in range(2, 65) if not facts.le(v + 1, L))
        sub = {L: low}
        return [(f"L = {low}", sub, tuple(d.xreplace(sub) for d in domain) + (Tuple(L, low, low),)),  # the network's
                                                                                            # own L is low too
                (f"L > {low}", {}, tuple(domain) + (Tuple(L, low + 1, L),))]
    _, lo, hi = next(d for d in domain if d[0] == symbol)
    at = hi if end == "hi" else lo
    sub = {symbol: at}
    rest = (lo, hi - 1) if end == "hi" else (lo + 1, hi)
    kept = tuple(d.xreplace(sub) for d in domain if d[0] != symbol) + (Tuple(at, lo, hi),)
    return [(f"{symbol} = {at}", sub, kept),
            (f"{symbol} in {rest[0]}..{rest[1]}", {}, tuple(d if d[0] != symbol else d.func(symbol, *rest)
                                                             for d in domain))]
