"""Evidence: numbers that may propose a counterexample to the kernel or veto a proof, never prove.

`Evidence.numbers(lhs, rhs, domain, network)`: an equality on sample nets chosen for it
(nets.py), every instance of each at once on a grid, or chosen instances one at a time.
`Evidence.every_instance(claim, network)`: a proved claim on the user's concrete network, every
instance symbolically on the network's graph (a seeded sample above BUDGET quantities, or above KEYED
instances where orbits.py renumbers them, and the record says so) and numerically. Each returns a Check record and candidates (widths, indices,
seed) that the kernel evaluates itself.
`Evidence.values`, `agree` and `fixed`: the numbers of parts of a claim, for hidden.py's veto of a claim that a part
which says nothing narrows.
"""
import mpmath
from sympy import Abs, Heaviside, Indexed, KroneckerDelta, Max, Min, Piecewise, sign

from ..kernel.graph import Graph
from ..kernel.verdict import Check
from ..model.instances import Undefined, count, each, instantiate, with_batch
from ..model.numeric import point
from ..model.symbols import M
from .grid import Unsupported
from .nets import batch_size, nets_for, picks
from .orbits import Orbits, renumbered
from .probe import too_large
from .sweep import POINTS, compare, compare_each, defined_point, difference

BUDGET, SAMPLE = 120_000, 2_000      # quantities compared symbolically in full; the largest sample
KEYED = 1_000_000                    # instances compared in full when orbits.py reads their renumbering
EACH = {False: 3, True: 12}          # instances of a sample net checked one at a time (not thorough, thorough)
DRAWS = 6                            # points of a user's concrete net searched for a counterexample, and with an
KINKED_DRAWS = 32                    # activation whose sigma' steps (relu): a claim false for one sign pattern of z
FIXED = 3                            # points at which a part that depends on the indices alone has one number


class Evidence:
    """Numbers at the points of one seed, shared by every check of a session."""

    def __init__(self, seed=0):
        self.seed = seed
        self._points, self._exact, self._numbers = {}, {}, {}

    def point(self, network, widths, draw=0):
        """(probe, dC/dq) at the first seed where the cost is defined, for one net (kept); `draw` > 0:
        another point of the net (seeds POINTS apart)."""
        k = (tuple(widths), draw) + network.options
        if k not in self._points:
            self._points[k] = defined_point(network, widths, self.seed + 100 + POINTS * draw)
        return self._points[k]

    def exact(self, network, widths, seed, size=None):
        """The point of the seed (a batch of `size` inputs, on a mini-batch network)."""
        k = (tuple(widths), seed, size) + network.options
        if k not in self._exact:
            self._exact[k] = point(widths, network, seed, size)
        return self._exact[k]

    def numbers(self, lhs, rhs, domain, network, thorough=True, gaps=None):
        """Not thorough (a veto of what the kernel proved for every size): the first two sample
        nets, few instances one at a time. Thorough (a search for a counterexample): every sample
        net, or on a concrete network that net alone, since the claim is about it. The same
        question is answered once a session (`gaps`, a list, given the count of instances where the
        sides have no number, asks it again)."""
        if gaps is not None:
            return self._compare(lhs, rhs, domain, network, thorough, gaps=gaps)
        key = (lhs, rhs, tuple(domain), network.widths, thorough) + network.options
        if key not in self._numbers:
            self._numbers[key] = self._compare(lhs, rhs, domain, network, thorough)
        return self._numbers[key]

    def _compare(self, lhs, rhs, domain, network, thorough, nets=2, each=None, gaps=None):
        """Thorough, on a mini-batch network: the smallest batch the domain allows as well (a guard
        such as [3 <= M] is 1 at every larger one), and every batch between when a guard, a Kronecker
        delta, H, sgn, |.|, max or min names M ([2 <= M] - [3 <= M] is 1 at M = 2 alone). `gaps`: a list
        given the count of instances where the sides have no number."""
        diff = difference(lhs, rhs)
        size = batch_size((lhs, rhs), network)
        least = next((m for m in range(1, size) if nets_for((lhs, rhs), with_batch(domain, m), 1)), None) \
            if size and thorough else None
        window = least and any(M in g.free_symbols for g in diff.atoms(Piecewise, KroneckerDelta, Heaviside, sign,
                                                                         Abs, Max, Min))
        sizes = [size] + (list(range(least, size)) if window else [least] if least else [])
        used, checked, worst = [], 0, 0.0
        for batch in sizes:
            where = with_batch(domain, batch)
            todo = [(widths, 0) for widths in nets_for((lhs, rhs), where, None if thorough else nets)]
            if network.concrete and thorough:    # the user's net alone, at DRAWS points: a claim false only
                draws = KINKED_DRAWS if network.activation.kinked else DRAWS
                todo = [(tuple(network.widths), t) for t in range(draws)] \
                    if not too_large(network.widths) and count(where, network.widths) else []   # where z < 0
            for widths, draw in todo:
                found = self.point(network, widths, draw)
                if found is None:
                    continue
                seed = found[0].seed
                try:
                    n, err, env = compare(diff, where, found, network, self.exact(network, widths, seed, batch),
                                          closest=thorough)
                    total = count(where, widths)
                except Unsupported:
                    envs = picks(where, widths, (lhs, rhs), each or EACH[thorough], self.seed)
                    n, err, env = compare_each(diff, envs, widths, self.exact(network, widths, seed, batch))
                    total = len(envs)
                if env is not None:
                    return None, [(widths, env, seed)]
                if gaps is not None:
                    gaps.append(total - n)
                if n:
                    used.append((widths, batch))
                    checked, worst = checked + n, max(worst, err)
        smallest = {"smallest": least} if least in {batch for _, batch in used} else {}
        return Check("numbers", {"nets": tuple(dict.fromkeys(w for w, _ in used)), "instances": checked,
                                 "max_error": worst, **({"batch": size} if size else {}), **smallest}), []

    def agree(self, lhs, rhs, domain, network, gaps=None):
        """The numbers find lhs = rhs at every instance of every sample net (or of the user's concrete net) where
        both have a number, at one at least; `gaps`, a list, is given the count of those where one has none (a
        quotient H(z)/sigma'(z) of relu's is 1 only where z > 0): ground for a veto (a part that says nothing),
        never for a proof."""
        check, found = self.numbers(lhs, rhs, domain, network, gaps=gaps)
        return not found and check.data["instances"] > 0

    def values(self, exprs, domain, network, draws=1):
        """The expressions' numbers ([point][expression]) at `draws` points of the first sample net (the user's net,
        on a concrete network), at 40 digits, at the first of a few instances of the domain where each has one;
        None where they have none there."""
        return next(self._values(exprs, domain, network, draws, 3), None)

    def fixed(self, expr, domain, network):
        """expr has one number at each of a few instances of the domain (at least two) whatever the weights and
        biases, at FIXED points of the first sample net (the user's net): it depends on the indices alone. Ground for a
        veto, never for a proof."""
        seen = 0
        for values in self._values([expr], domain, network, FIXED, 2 * FIXED):
            values = [v[0] for v in values]
            if any(abs(v - values[0]) > mpmath.mpf(10) ** -20 * max(1, abs(values[0])) for v in values):
                return False
            seen += 1
        return seen >= 2

    def _values(self, exprs, domain, network, draws, instances):
        """The expressions' numbers ([point][expression]) at `draws` points of the first sample net (the user's net),
        at 40 digits, for each of up to `instances` instances of the domain where each has a number at each point."""
        size = batch_size(exprs, network)
        where = with_batch(domain, size)
        nets = [tuple(network.widths)] if network.concrete else nets_for(exprs, where, 1)
        if not nets or too_large(nets[0]):
            return
        found = [self.point(network, nets[0], draw) for draw in range(draws)]
        if None in found:
            return
        for env in picks(where, nets[0], exprs, instances, self.seed):
            try:
                values = [[self.exact(network, nets[0], point[0].seed, size).value(instantiate(e, env, nets[0]))
                           for e in exprs] for point in found]
            except (Undefined, ValueError, ZeroDivisionError, OverflowError):
                continue
            if all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for row in values for v in row):
                yield values

    def differs(self, lhs, rhs, domain, network):
        """The sides differ on the first sample net's grid (or, where the grid cannot read them, at one
        instance of it, at 40 digits): a quick filter (for hints) that says False when it finds no
        difference."""
        return bool(self._compare(lhs, rhs, domain, network, thorough=False, nets=1, each=1)[1])

    def every_instance(self, claim, network):
        widths = tuple(network.widths)
        total = count(claim.domain, widths)
        first = next(each(claim.domain, widths))
        try:
            size = max(1, sum(len(instantiate(e, first, widths).atoms(Indexed)) for e in (claim.lhs, claim.rhs)))
        except Undefined:
            size = 1
        orbits = Orbits(claim.lhs, claim.rhs, [d[0] for d in claim.domain if d[0].is_Symbol])
        sampled = total * size > BUDGET if orbits.forms is None else total > KEYED
        envs = picks(claim.domain, widths, (claim.lhs, claim.rhs), max(2, min(SAMPLE, BUDGET // size // 5)),
                     self.seed) if sampled else each(claim.domain, widths)
        graph, symbolic, unread, answers = Graph(network), 0, 0, {}
        found = None if too_large(widths) else self.point(network, widths)
        seed = found[0].seed if found else self.seed
        for env in envs:          # one check answers every instance with the same renumbering (orbits.py)
            try:
                if orbits.forms is not None:
                    key = orbits.key(env, widths)
                    if key is None:
                        continue                    # the instance names what the net does not have
                    sides = None
                else:
                    sides = instantiate(claim.lhs, env, widths), instantiate(claim.rhs, env, widths)
                    key = renumbered(*sides, len(widths))
                if key not in answers:
                    sides = sides or (instantiate(claim.lhs, env, widths), instantiate(claim.rhs, env, widths))
                    answers[key] = graph.same(*sides)
                same = answers[key]
            except Undefined:
                continue
            except ValueError:                      # beyond the graph (a derivative of C, or of |t|): numbers only
                unread += 1
                continue
            if not same:
                return None, [(widths, env, seed)]
            symbolic += 1
        data = {"widths": widths, "instances": total, "symbolic": symbolic, "unread": unread, "numeric": 0,
                "sampled": sampled,
                "max_error": 0.0,
                "skipped": too_large(widths) or ("" if found else "the cost is not defined at the points tried")}
        if found is not None:
            diff = difference(claim.lhs, claim.rhs)
            try:
                n, err, env = compare(diff, claim.domain, found, network, self.exact(network, widths, seed))
            except Unsupported:
                n, err, env = compare_each(diff, picks(claim.domain, widths, (claim.lhs, claim.rhs), 200, self.seed),
                                           widths, self.exact(network, widths, seed))
            if env is not None:
                return None, [(widths, env, seed)]
            data.update(numeric=n, max_error=err, sampled_weights=dict(found[0].sampled))
        return Check("every-instance", data), []
