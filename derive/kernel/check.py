"""The trusted kernel: re-checks every step of a derivation from the network's definitions.

It imports neither the engine nor the CLI. A step is confirmed symbolically, either at
the index level for all sizes (sound rewriting to a common form), or, for a chain rule
through C, by expanding dC/dV through a family that separates V from C on the dependency
graph, plus concrete instances compared with sympy's own derivative of the explicit cost
on the sample nets; an identity step needs an identity this kernel proved, applied inside its
domain. Then every step is confirmed numerically against central finite differences. A step
that holds only on a user's concrete net is confirmed there, instance by instance (z and a
kept as symbols). On a concrete net, a proved claim is then checked at every one of its
instances, symbolically and numerically (kernel/sweep.py).
"""
import random

import mpmath
from sympy import Indexed, Sum, Symbol, Wild, preorder_traversal

from ..model.proof import Step
from ..model.symbols import C, L, Partial, a, kind, layer, n, order, z
from .adjoint import Graph, same as graph_same
from .canon import Canon, NotAFunction, rename_bound
from .concrete import Explicit, Undefined, count as count_assignments, instantiate, pick, same
from .numeric import Numeric
from .sweep import Sweep
from .verdict import StepVerdict, Verdict

SAMPLE_NETS = ((2, 2), (2, 3, 2), (3, 2, 4, 2))
MAX_EXHAUSTIVE, SAMPLE = 500, 40          # instances of one step on a user's concrete net
POOL = 10_000                             # instances the numeric points of a step are drawn from
TOLERANCE = mpmath.mpf("1e-12")


class Kernel:
    """Checks derivations on one network; `proved` holds the identities it has accepted."""

    def __init__(self, network, instances_per_net=3, points=3, seed=0):
        self.network = network
        self.own = network.widths                       # a user's concrete net, or None
        self.instances_per_net = instances_per_net
        self.points = points
        self.seed = seed
        self.proved = {}
        self._numeric = {}
        self.law_checked = self._check_law()
        self.sweep = Sweep(network, seed) if network.concrete else None

    def _check_law(self):
        """The activation's derivative law, re-derived from its formula by sympy."""
        act = self.network.activation
        if act.law is None:
            return True
        from sympy import diff, simplify
        from ..model.activations import T
        return simplify(diff(act.formula(T), T) - act.law(act.formula(T), T)) == 0

    # --- whole derivations --------------------------------------------------------------
    def check(self, claim, proof):
        """Verdict on `proof` (a Derivation or Cases) of `claim` (lhs, rhs, domain)."""
        if not self.law_checked:
            return Verdict(claim, "rejected", [], "the activation's derivative law does not follow from its formula")
        if self.network.concrete and not self._has_instances(claim.domain):
            self.proved[claim.name] = claim
            return Verdict(claim, "proved", [], "vacuous: the claim has no instance on this network", self.network)
        if hasattr(proof, "cases"):
            verdict = self._check_cases(claim, proof)
        else:
            verdict = self._check_chain(claim.lhs, claim.rhs, claim.domain, proof)
            verdict.claim = claim
        if verdict.proved and self.sweep is not None:
            self._every_instance(claim, verdict)
        if verdict.proved:
            self.proved[claim.name] = claim
        return verdict

    def _every_instance(self, claim, verdict):
        """On a user's concrete net, the proved claim is also checked at every one of its instances."""
        ok, report, cex = self.every_instance(claim)
        if ok:
            verdict.reason = f"every instance checked: {report}"
            return
        verdict.status = "rejected" if ok is False else "unconfirmed"
        verdict.reason, verdict.counterexample = report, cex

    def every_instance(self, claim):
        """(True | False | None, what was checked, a counterexample or None): `claim` (lhs, rhs,
        domain) at every instance of the user's concrete net (kernel/sweep.py); never raises."""
        try:
            ok, report, env, seed = self.sweep.check(claim)
        except (RecursionError, MemoryError):
            raise
        except Exception as e:
            return None, f"the kernel could not check every instance ({type(e).__name__}: {e})", None
        if ok is not False:
            return ok, report, None
        cex = self.counterexample(Step(claim.lhs, claim.rhs, "claim"), self.own, env, seed)
        at = ", ".join(f"{s} = {v}" for s, v in cex["indices"].items())
        values = f": {cex['lhs']:.6g} vs {cex['rhs']:.6g}" if all(
            isinstance(cex[side], float) for side in ("lhs", "rhs")) else ""
        return False, f"{report} on {cex['widths']} at {at} (seed {cex['seed']}){values}", cex

    def _has_instances(self, domain, widths=None):
        try:
            return count_assignments(domain, widths or self.own) > 0
        except Undefined:
            return False

    def _check_chain(self, lhs, rhs, domain, proof):
        results, problem = [], ""
        if proof.lhs != lhs or proof.rhs != rhs or tuple(proof.domain) != tuple(domain):
            problem = "the derivation does not prove the claim as stated"
        expr = lhs
        for step in proof.steps:
            if step.before != expr:
                results.append(StepVerdict(step, False, [], "this step does not start where the last one ended"))
                expr = step.after
                continue
            results.append(self.check_step(step, domain))
            expr = step.after
        if not problem and expr != rhs:
            problem = "the chain does not end at the claimed right-hand side"
        if problem:
            status = "rejected"
        elif all(r.passed is True for r in results):
            status = "proved"
        elif any(r.passed is False for r in results):
            status = "rejected"
        else:
            status = "unconfirmed"
        return Verdict(None, status, results, problem, self.network)

    def _check_cases(self, claim, proof):
        """Induction on the layer from L down: a base case l = L and a step for lo <= l <= L - 1."""
        var = proof.variable
        dom = {d[0]: d for d in claim.domain}
        problem = ""
        if var not in dom or dom[var][2] != L or len(proof.cases) != 2:
            problem = "the cases do not cover the layers of the claim"
        results = []
        statuses = []
        expected = [
            (claim.lhs.xreplace({var: L}), claim.rhs.xreplace({var: L}),
             tuple(d.xreplace({var: L}) for d in claim.domain if d[0] != var)),
            (claim.lhs, claim.rhs, tuple(d if d[0] != var else d.func(var, d[1], L - 1) for d in claim.domain)),
        ]
        for number, ((label, sub), (lhs, rhs, domain)) in enumerate(zip(proof.cases, expected), 1):
            if (sub.lhs, sub.rhs, tuple(sub.domain)) != (lhs, rhs, domain):
                problem = problem or f"case {number} ({label}) does not prove the claim for its layers"
                statuses.append("rejected")
                continue
            v = self._check_chain(lhs, rhs, domain, sub)
            results += v.steps
            statuses.append(v.status)
            problem = problem or v.reason
        if problem:
            status = "rejected"
        elif all(s == "proved" for s in statuses):
            status = "proved"
        elif "rejected" in statuses:
            status = "rejected"
        else:
            status = "unconfirmed"
        return Verdict(claim, status, results, problem, self.network)

    # --- one step -----------------------------------------------------------------------
    def check_step(self, step, domain):
        """Symbolic confirmation, then numeric confirmation, of before = after; never raises
        on what an untrusted engine or user hands it (a step it cannot evaluate is not confirmed)."""
        try:
            return self._check_step(step, domain)
        except (RecursionError, MemoryError):
            raise
        except Exception as e:
            return StepVerdict(step, None, [], f"the kernel could not check this step ({type(e).__name__}: {e})")

    def _check_step(self, step, domain):
        try:
            label, global_fact = self.symbolic(step, domain)
        except NotAFunction as e:
            return StepVerdict(step, False, [], str(e))
        checks = [label] if label else []
        if label is None:
            if not self.network.concrete:
                return self._refute(step, domain, checks, "not confirmed at the index level")
            nets, global_fact = [self.own], True          # every instance on the user's net decides
        else:
            nets = self._evidence_nets(domain)
        if global_fact:
            ok, tried, cex = self.instances(step, domain, nets)
            if ok is False:
                return StepVerdict(step, False, checks, "the two sides differ on a concrete network", cex)
            if ok is None and label is None:
                return StepVerdict(step, None, checks, "no concrete network in the sample has an instance")
            if ok:
                checks.append(f"symbolic: {tried}" if isinstance(tried, str) else f"symbolic: instances {tried}")
        ok, report, cex = self.numeric(step, domain, nets)
        if ok is None:
            return StepVerdict(step, None, checks, report)
        if not ok:
            return StepVerdict(step, False, checks, "the two sides differ numerically", cex)
        checks.append(report)
        return StepVerdict(step, True, checks)

    def symbolic(self, step, domain):
        """(what confirmed the step at the index level or None, whether it used a fact about C).

        In order: sound rewriting of both sides to one form; the chain rule, dC/dV expanded
        through a family on the path from V to C (so it separates V from C); an identity the
        kernel has proved, applied where its left side occurs inside its domain.
        """
        canon = Canon(self.network, domain)
        if canon.equal(step.before, step.after):
            return "symbolic: all sizes", False
        if Canon(self.network, domain, unfold_z=True).equal(step.before, step.after):
            return "symbolic: all sizes, with z written by its definition", False
        expansion = self.chain_rule(step, domain, canon)
        if expansion:
            return f"symbolic: all sizes, by the chain rule through {expansion}; separation checked on the " \
                   f"dependency graph", True
        name = self.by_identity(step, domain, canon)
        if name:
            return f"symbolic: all sizes, by {name}", False
        return None, False

    def symbolic_equal(self, before, after, domain):
        """The index-level check alone (no instances, no numbers): True when it confirms before = after."""
        return self.symbolic(Step(before, after, "claim"), domain)[0] is not None

    def chain_rule(self, step, domain, canon):
        """A family u (on the path from V to C, present for every claimed layer) such that writing
        dC/dV = sum_i dC/du_i du_i/dV on one side makes both sides equal; its name, or ''."""
        step = _deltas_unfolded(step)
        options = []
        for side in ("before", "after"):
            expr = getattr(step, side)
            for pd in sorted({p for p in preorder_traversal(expr) if isinstance(p, Partial) and p.f == C
                              and kind(p.v) in ("w", "b", "z", "a")}, key=str):
                for u in path_after(pd.v):
                    if self.layer_exists(layer(u), domain):
                        options.append((side, pd, u))
        for side, pd, u in options:
            before, after = step.before, step.after
            expanded = _expand(getattr(step, side), pd, u)
            before, after = (expanded, after) if side == "before" else (before, expanded)
            if canon.equal(before, after):
                return f"{_family(u)} (which separate {_show(pd.v)} from C)"
        return ""

    def by_identity(self, step, domain, canon):
        """The name of a proved identity whose instance makes both sides equal, or ''."""
        names = [step.detail["name"]] if step.rule == "identity" and step.detail.get("name") in self.proved \
            else list(self.proved)
        for name in names:
            lemma = self.proved[name]
            for found in self.instances_of(lemma, step, domain):
                if canon.equal(step.before.xreplace(found), step.after.xreplace(found)):
                    return name
        return ""

    def instances_of(self, lemma, step, domain):
        """Substitutions {lhs instance: rhs instance} of `lemma` found in the step, inside its domain."""
        wilds = {d[0]: Wild(f"w_{d[0].name}") for d in lemma.domain}
        pattern = lemma.lhs.xreplace(wilds)
        ranges = {d[0]: (d[1], d[2]) for d in domain}
        out = []
        for expr in (step.before, step.after):
            for sub in preorder_traversal(expr):
                if not isinstance(sub, (Indexed, Partial)):
                    continue
                m = sub.match(pattern)
                if m is None or len(m) != len(wilds):
                    continue
                mapping = {s: m[wd] for s, wd in wilds.items()}
                if self.within(lemma, mapping, ranges):
                    out.append({sub: rename_bound(lemma.rhs).xreplace(mapping)})
        return out

    @staticmethod
    def within(lemma, mapping, ranges):
        for sym, lo, hi in lemma.domain:
            value = mapping[sym]
            low, high = _bounds(value, ranges)
            lo_, hi_ = lo.xreplace(mapping), hi.xreplace(mapping)
            if low is None or not (((low - lo_).is_nonnegative and (hi_ - high).is_nonnegative)
                                   or (low == lo_ and high == hi_)):
                return False
        return True

    def _evidence_nets(self, domain):
        """Where a step confirmed for all sizes is also checked on instances and numbers: the
        sample nets that have an instance of it (a user's concrete net only if none has)."""
        nets = [widths for widths in SAMPLE_NETS if self._has_instances(domain, widths)]
        return nets or ([self.own] if self.own else list(SAMPLE_NETS))

    def _home(self, nets):
        """The nets asked for; by default the user's concrete net, or the sample nets."""
        return nets if nets is not None else ([self.own] if self.own else list(SAMPLE_NETS))

    def _refute(self, step, domain, checks, problem):
        """A failed symbolic check: look for a concrete counterexample, else 'not confirmed'."""
        ok, tried, cex = self.instances(step, domain, SAMPLE_NETS)
        if ok is False:
            return StepVerdict(step, False, checks, "the two sides differ on a concrete network", cex)
        nok, _, ncex = self.numeric(step, domain, SAMPLE_NETS)
        if nok is False:
            return StepVerdict(step, False, checks, "the two sides differ numerically", ncex)
        return StepVerdict(step, None, checks, problem)

    @staticmethod
    def layer_exists(lay, domain):
        if (L - lay).is_number:
            return (L - lay) >= 0
        for sym, lo, hi in domain:
            if sym in lay.free_symbols:
                return (L - lay.xreplace({sym: hi})).is_nonnegative is True
        return False

    # --- concrete evidence --------------------------------------------------------------
    def instances(self, step, domain, nets=None):
        """Compare both sides on concrete networks: the sample nets with sympy's derivative of the
        explicit cost; a user's concrete net with z and a kept as symbols (kernel/adjoint.py),
        every instance up to MAX_EXHAUSTIVE and a documented seeded sample above."""
        rng = random.Random(self.seed)
        tried, count, undefined, total = [], 0, None, 0
        law = self.network.activation.law
        nets = self._home(nets)
        own = list(nets) == [self.own]
        for widths in nets:
            try:
                size = count_assignments(domain, widths)
                limit = self.instances_per_net if not own else (size if size <= MAX_EXHAUSTIVE else SAMPLE)
                envs = pick(domain, widths, limit, rng)
            except Undefined:
                continue
            total += size
            if own:
                graph = Graph(widths, self.network.cost, law)
                equal = lambda lhs, rhs: graph_same(graph, lhs, rhs)
            else:
                net = Explicit(widths, self.network.cost)
                equal = lambda lhs, rhs: same(net.explicit(lhs), net.explicit(rhs), law)
            for env in envs:
                sides = self.sides(step, widths, env)
                if sides is None:
                    total -= 1
                    continue
                if isinstance(sides, dict):
                    undefined = undefined or sides
                    continue
                if not equal(*sides):
                    return False, tried, self.counterexample(step, widths, env)
                count += 1
            if envs:
                tried.append(list(widths))
        if undefined:
            return False, tried, undefined
        if own:
            where = tried[0] if tried else list(self.own)
            tried = (f"all {count} instances on {where}" if count == total else
                     f"{count} of {total} instances on {where} (a seeded sample: first, last and random; "
                     f"more than {MAX_EXHAUSTIVE} are not all checked)")
        return (True if count else None), tried, None

    def numeric(self, step, domain, nets=None):
        """Both sides at random points, derivatives by central finite differences."""
        rng = random.Random(self.seed + 1)
        worst, count, undefined, skipped = mpmath.mpf(0), 0, None, 0
        nets = self._home(nets)
        for widths in nets:
            try:
                envs = pick(domain, widths, POOL, random.Random(self.seed + 2))
            except Undefined:
                continue
            done = 0
            for draw in range(self.points * 4):         # a few draws may land where nothing is claimed
                if not envs or done == self.points:
                    break
                env = rng.choice(envs)
                seed = self.seed + 1 + draw             # the same points for every step: runs are shared
                sides = self.sides(step, widths, env)
                if sides is None:
                    envs.remove(env)
                    continue
                if isinstance(sides, dict):
                    undefined = undefined or sides
                    envs.remove(env)
                    continue
                try:
                    lhs, rhs = self.evaluate(step, widths, env, seed)
                except (ZeroDivisionError, OverflowError, ValueError):
                    skipped += 1                        # e.g. the log of 0 in the cross-entropy
                    continue
                if not (_finite(lhs) and _finite(rhs)):
                    skipped += 1                        # the cost is not defined at this point
                    continue
                err = _relative(lhs, rhs)
                count += 1
                done += 1
                if not err <= TOLERANCE:
                    return False, "", self.counterexample(step, widths, env, seed, (lhs, rhs))
                worst = max(worst, err)
        if undefined:
            return False, "", undefined
        if not count:
            why = (f"the cost is not defined at the {skipped} sampled points (e.g. a log of a number "
                   f"outside (0, 1))" if skipped else "no network in the sample has an instance")
            return None, f"numeric: {why}", None
        where = f" on {', '.join(str(list(v)) for v in nets)}" if self.own else ""
        return True, f"numeric: max rel. error {mpmath.nstr(worst, 2)} over {count} points{where}", None

    def sides(self, step, widths, env):
        """Both sides instantiated; None where the left side does not exist (nothing is claimed
        there); a counterexample where only the right side names what the net does not have."""
        try:
            lhs = instantiate(step.before, env, widths)
        except Undefined:
            return None
        try:
            return lhs, instantiate(step.after, env, widths)
        except Undefined as e:
            cex = self.counterexample(Step(step.before, step.before, "claim"), widths, env)
            return dict(cex, rhs=f"undefined: {e}")

    def evaluate(self, step, widths, env, seed):
        num = self.numeric_net(widths, seed)
        return (num.value(instantiate(step.before, env, widths)),
                num.value(instantiate(step.after, env, widths)))

    def numeric_net(self, widths, seed):
        """One Numeric per net and seed, kept: its forward runs serve every later step."""
        key = (tuple(widths), seed)
        if key not in self._numeric:
            self._numeric[key] = Numeric(widths, self.network.activation, self.network.cost, seed)
        return self._numeric[key]

    def counterexample(self, step, widths, env, seed=None, values=None):
        """Widths, indices, parameters and both sides' numbers where the step fails."""
        seed = self.seed + 7 if seed is None else seed
        if values is None:
            values = self.evaluate(step, widths, env, seed)
        num = self.numeric_net(widths, seed)
        return {
            "widths": list(widths),
            "indices": {str(s): int(v) for s, v in env.items()},
            "seed": seed,
            "activation": self.network.activation.name,
            "parameters": {_name(q): float(v) for q, v in num.params.items()},
            "lhs": _number(values[0]),
            "rhs": _number(values[1]),
        }


def _name(key):
    return f"{key[0]}[{', '.join(str(t) for t in key[1:])}]"


def _finite(v):
    return not isinstance(v, mpmath.mpc) and mpmath.isfinite(v)


def _relative(u, v):
    scale = max(abs(u), abs(v))
    return mpmath.mpf(0) if scale < mpmath.mpf("1e-30") else abs(u - v) / scale


def _number(v):
    return float(v.real) if isinstance(v, mpmath.mpc) and v.imag == 0 else (
        float(v) if not isinstance(v, mpmath.mpc) else str(v))


def _bounds(value, ranges):
    if value.is_number or value == L:
        return value, value
    syms = [s for s in value.free_symbols if s in ranges]
    if len(syms) != 1:
        return None, None
    lo, hi = ranges[syms[0]]
    return value.xreplace({syms[0]: lo}), value.xreplace({syms[0]: hi})



def _deltas_unfolded(step):
    """The step with every delta[m, i] written as dC/dz[m, i] (its definition)."""
    def unfold(e):
        return e.replace(lambda t: isinstance(t, Indexed) and kind(t) == "delta", lambda t: Partial(C, z[t.indices]))
    return Step(unfold(step.before), unfold(step.after), step.rule, step.detail, step.conditions)


def path_after(v):
    """The families after v on its path to C, nearest first: z and a of v's layer, then the next."""
    m, u = layer(v), Symbol("_u", integer=True)
    nodes = [z[m, u], a[m, u], z[m + 1, u], a[m + 1, u]]
    return [u for u in nodes if (order(u) - order(v)).is_positive]


def _expand(expr, pd, u):
    """dC/dV -> sum_i dC/du_i du_i/dV, with a fresh bound index i."""
    taken = {s.name for s in preorder_traversal(expr) if getattr(s, "is_Symbol", False)}
    i = Symbol(next(f"i{t}" for t in range(1, 999) if f"i{t}" not in taken), integer=True)
    member = u.base[layer(u), i]
    return expr.xreplace({pd: Sum(Partial(C, member) * Partial(member, pd.v), (i, 1, n(layer(u))))})


def _family(u):
    return f"the {'weighted inputs z' if kind(u) == 'z' else 'activations a'} of layer {_show(layer(u))}"


def _show(e):
    """e in the book's notation, for the kernel's messages."""
    from ..printing.notation import text
    return text(e)
