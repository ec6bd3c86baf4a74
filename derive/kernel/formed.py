"""Whether a step has a meaning: every index has a range, every derivative is of a function of a
variable, every quantity exists wherever it is used, and the network has what the step names. A
step without one is never proved; it is refuted when an instance shows a quantity that does not
exist."""
from itertools import islice

from sympy import (Abs, Add, And, Basic, Function, Heaviside, Indexed, IndexedBase, Integer, Mul, Pow, Sum, Symbol,
                   exp, factor_terms, log, preorder_traversal, sign, tanh)
from sympy.core.function import AppliedUndef

from ..model.activations import KINK
from ..model.instances import Undefined, each, instantiate, with_batch
from ..model.network import NetworkError, needs, not_a_function
from ..model.symbols import (C, C0, L, M, N, SIZES, Partial, a, b, delta, dsigma, free_symbols, is_guard, kind, lam,
                             layer, n, order, sigma, walk, w, x, y, z)
from .facts import Facts
from .verdict import Problem

WITNESS_NETS = ((2, 2), (2, 3, 2), (3, 2, 4, 2), (2, 3, 4, 5))
WITNESS_BATCH = 3                   # the batch of those nets, on a mini-batch network


def well_formed(network, before, after, domain):
    """(None, False) when every quantity and derivative of the step has a meaning at every
    instance of the domain; else a Problem, and True when it is a definite defect (for an
    undefined quantity: when an instance is found where it does not exist; never for a derivative by a variable derive
    does not differentiate by, which may have a meaning)."""
    problem = meaning(network, before, after, domain)
    unsure = problem is not None and problem.data.get("unsure")
    if problem is None or problem.kind != "ill-formed" and not unsure:     # a derivative by x, y or C: derive does not
        return problem, problem is not None and problem.kind != "error" and problem.data.get("why") != "variable"
    nets = ((tuple(network.widths),) if network.concrete else ()) + WITNESS_NETS      # the user's own net first
    domain = with_batch(domain, WITNESS_BATCH if network.batch else None)
    for widths in nets:
        for env in _instances(domain, widths):
            for side in (before, after):
                try:
                    written = instantiate(side, env, widths)
                except Undefined:
                    found = None if unsure else problem.data
                else:
                    found = meaningless(written) if unsure else None
                if found is not None:
                    where = {str(s): int(v) for s, v in env.items()}
                    return Problem(problem.kind, {**found, "widths": widths, "indices": where}), True
    return problem, False


def _instances(domain, widths):
    """The domain's first 2000 instances on a net, up to one whose range names what the net lacks (n_{L+1})."""
    try:
        yield from islice(each(domain, widths), 2000)
    except Undefined:
        return


def meaningless(expr):
    """The data of the first derivative in an instantiated expression (its layers numbers) with no meaning."""
    for pd in (t for t in preorder_traversal(expr) if isinstance(t, Partial)):
        if not_a_function(pd.f, pd.v, lambda q, u: bool(order(q) < order(u))):
            return {"f": pd.f, "v": pd.v, "why": "parameter"}
    return None


def meaning(network, before, after, domain):
    """The first index without a range, meaningless derivative or quantity that does not exist
    everywhere it is used, as a Problem; None when there is none."""
    problem = reserved(before, after, domain)
    if problem is not None:
        return problem
    free = {s for s in free_symbols(before) | free_symbols(after) if s.is_integer and s not in SIZES}
    unknown = free - {d[0] for d in domain}
    if unknown:
        return Problem("free-index", {"indices": tuple(sorted(unknown, key=str))})
    problem = foreign(network, before, after)
    if problem is not None:
        return problem
    facts, unsure, mixed = Facts(domain), None, None
    for pd, limits in ((t, m) for side in (before, after) for t, m in walk(side, {}) if isinstance(t, Partial)):
        f, v, inner = pd.f, pd.v, facts.within(limits)
        if kind(v) not in ("w", "b", "z", "a"):
            return Problem("not-a-function", {"f": f, "v": v, "why": "variable"})
        first = inner.before
        answer = not_a_function(f, v, first)
        if answer:
            return Problem("not-a-function", {"f": f, "v": v, "why": "parameter"})
        data = {"f": f, "v": v, "why": "parameter", "unsure": True}
        if answer is None and unsure is None:       # no meaning at some instances, perhaps
            unsure = Problem("not-a-function", data)
        elif answer is False and mixed is None and may_lose_v(f, v, first, inner, network):
            mixed = Problem("not-a-function", {**data, "vanish": True})     # the part with V may vanish somewhere
    return undefined(before, after, facts) or unsure or mixed


def may_lose_v(f, v, first, facts, network):
    """f mixes what comes before V (`first`: q before u, True, False or None) with V's part, and that part may
    vanish or be free of V at some instance (`Part.carries`): there df/dV has no meaning. By a node, C beside C0, or
    beside the targets y, mixes too: C - C0, written by name or by C0's definition, is the penalty on the weights."""
    quantities = _quantities(f)
    costs = {q for q in (C, C0) if _outside(f, q)}
    mixes = kind(v) in ("z", "a") and costs and (len(costs) == 2 or any(kind(q) == "y" for q in quantities)) or \
        any(not_a_function(q, v, first) is not False for q in quantities)
    return not isinstance(f, Indexed) and mixes and not Part(v, first, network).carries(f, facts)


def _part_of(q, v, softmax):
    """The node q is V or computed from V at every instance, shown from the indices as written: a later layer
    reads every node of V's (z^(l+1)_k by z^l_j), a^l_j is computed from z^l_j alone (a softmax output from
    every z^L), and a node of another sample from none."""
    if kind(q) not in ("z", "a") or q.indices[2:] != v.indices[2:]:
        return False
    gap = order(q) - order(v)
    if not gap.is_number:
        return False
    if gap == 0:
        return q == v
    if gap == 1 and kind(q) == "a":
        return q.indices[1] == v.indices[1] or softmax and q.indices[0] == L
    return bool(gap > 0)


class Part:
    """V's part of an expression. Its places are the nodes not shown to come before V, C and derivatives (`holds`);
    `sure`: V, or what V computes at every instance as the indices are written (`_part_of`)."""

    def __init__(self, v, first, network):
        self.v, self.first, self.network = v, first, network
        self.activation = network.activation.name

    def places(self, e):
        """The places in e of a node that V computes, or may at some instance (z^2_1 by z^L_1: it is V where
        L = 2), of C, and of derivatives."""
        return _holding(e, lambda q: kind(q) in ("z", "a") and not_a_function(q, self.v, self.first) is not True)

    def holds(self, e):
        return any(True for _ in self.places(e))

    def sure(self, q):
        return self.holds(q) and _part_of(q, self.v, self.network.output == "softmax")

    def carries(self, e, facts):
        """e holds V's part at every instance of the facts, neither 0 nor free of V at any (where it does not, e
        is what V is computed from there). It does when it is C (the cost reads every node by its definition, and
        dC/dV is what backpropagation computes, a constant C too), or a sure place (z^l_k is V only where k = j; a
        derivative is none: dC/da^L_j is a^L_j - y_j, free of z^L_k, under the quadratic cost); a sum of terms
        one of which holds V and carries it (two may cancel: a^L_j - a^L_1 at j = 1), or that is a product once
        their common factors are taken out; a product whose factors without V are never 0 (`_nonzero`), with one
        factor that carries V, or several that are `plain`, one of which carries it and the others are never 0
        (a^L_1 - 1 is 0 on a softmax layer of one); a power of what carries it; a guard the facts show to hold, or
        a sum over a range they show to be non-empty, around what carries it with V's places free of the sum's
        index (the terms of Σ_k z^L_1 (a^L_k - 1/n_L) cancel under softmax); a function that moves with what
        carries it (`moves`)."""
        if e in (C, C0):                # the cost, which reads every node, even where it is a constant
            return True
        if isinstance(e, Indexed):          # an output a^L_k must also move with V
            return self.sure(e) and (kind(e) != "a" or facts.sign(layer(e) - L) == -1 or self.outputs_move(e, facts))
        if isinstance(e, Add):
            holding = [t for t in e.args if self.holds(t)]
            if len(holding) > 1 and isinstance(factor_terms(e), Mul):      # a σ' - y σ' is (a - y) σ'
                return self.carries(factor_terms(e), facts)
            return len(holding) == 1 and self.carries(holding[0], facts)
        if isinstance(e, Mul):
            holding = [t for t in e.args if self.holds(t)]
            carrying = [t for t in holding if self.carries(t, facts)]
            return all(_nonzero(t, facts) for t in e.args if t not in holding) and (
                len(holding) == len(carrying) == 1 or bool(carrying) and
                all(self.plain(t) and (t in carrying or _never_zero(t)) for t in holding))
        if isinstance(e, Pow):
            return e.exp.is_number and e.exp != 0 and self.carries(e.base, facts)
        if is_guard(e):
            return _guard_holds(e, facts) and self.carries(e.args[0].expr, facts)
        if isinstance(e, Sum):
            return all(facts.le(lo, hi) for _, lo, hi in e.limits) and not any(
                q.free_symbols & {var for var, _, _ in e.limits} for q in self.places(e.function)) and \
                self.carries(e.function, facts.within({var: (lo, hi) for var, lo, hi in e.limits}))
        return self.moves(e, facts)

    def outputs_move(self, e, facts):
        """The output a^L_k moves with V: a softmax output layer of one is 1 whatever z^L is, so it must have two
        outputs or more, unless a^L_k is V."""
        if not self.network.output == "softmax" or e == self.v:
            return True
        return self.network.widths[-1] >= 2 if self.network.concrete else facts.le(Integer(2), n(L))

    def moves(self, e, facts):
        """The function e of one argument that carries V is not constant in V: e^t, log, tanh, and sigma and
        sigma' of a smooth activation (one with no flat part) are not constant where t is not; |t| where t is
        `plain` (|sgn z| is 1); relu and a generic sigma where t runs over every number (c z + r) or relu of
        such (relu(-z^2) is 0); sigma' of relu (a step), of the identity (1), of a generic sigma, H and sgn
        never (constant by parts: b + sgn(z) is b where z moves a little)."""
        holding = [t for t in e.args if self.holds(t)]
        if isinstance(e, Partial) or len(holding) != 1:
            return False
        t = holding[0]
        smooth = self.activation in ("sigmoid", "tanh", "softplus")
        if e.func in (exp, log, tanh) or e.func == sigma and (smooth or self.activation == "identity") or \
                e.func == dsigma and smooth:
            return self.carries(t, facts)
        if e.func == Abs:
            return self.plain(t) and self.carries(t, facts)
        if e.func == sigma:
            return self.everywhere(t) or self.activation == "relu" and self.upward(t)
        return False

    def everywhere(self, t):
        """t runs over every number as V does: c z + r, z a sure place of weighted inputs, c a nonzero number."""
        holding = [u for u in Add.make_args(t) if self.holds(u)]
        if len(holding) != 1:
            return False
        c, rest = holding[0].as_coeff_Mul()
        return c != 0 and isinstance(rest, Indexed) and kind(rest) == "z" and self.sure(rest)

    def upward(self, t):
        """t grows without bound with V: c relu(u) + r, c > 0, u running over every number (or growing so)."""
        holding = [u for u in Add.make_args(t) if self.holds(u)]
        if len(holding) != 1:
            return False
        c, rest = holding[0].as_coeff_Mul()
        return c > 0 and rest.func == sigma and (self.everywhere(rest.args[0]) or self.upward(rest.args[0])) or \
            self.everywhere(t)

    def plain(self, e):
        """e holds V as a polynomial in V's places and sigma or sigma' of them does, with no quotient, e^t or log:
        such factors cannot cancel one another in a product (a^l_j / sigma(z^l_j) and a^l_j (1 + e^(-z^l_j)) are 1
        under sigmoid). A quantity, a sum with one term that holds V, a positive power, tanh, and sigma and sigma' of a
        smooth activation or the identity (whose sigma' is 1), of one (not relu, nor a generic sigma: relu(z) relu(-z)
        and z relu(-z^2) are 0)."""
        if isinstance(e, Indexed):              # V, a node from V, or one before V: a factor, never 1/x
            return True
        if isinstance(e, Add):
            holding = [t for t in e.args if self.holds(t)]
            return len(holding) == 1 and self.plain(holding[0])
        if isinstance(e, Mul):
            return all(self.plain(t) if self.holds(t) else t.is_number for t in e.args)
        if isinstance(e, Pow):
            return e.exp.is_Integer and e.exp > 0 and self.plain(e.base)
        smooth = self.activation in ("sigmoid", "tanh", "softplus", "identity")     # relu(z) relu(-z) is 0
        return (e.func == tanh or e.func in (sigma, dsigma) and smooth) and len(e.args) == 1 and self.plain(e.args[0])


def _nonzero(e, facts):
    """e, which does not hold V, is not 0 at any instance: a number, a symbol of sizes the facts show nonzero
    (n_L - 1 is 0 on a layer of width 1), or quantities that are never 0 (`_never_zero`)."""
    if is_guard(e):
        return _guard_holds(e, facts) and _nonzero(e.args[0].expr, facts)
    if not e.has(Indexed):
        return e.is_number and e != 0 or e.is_positive is True or facts.sign(e) in (1, -1)
    return _never_zero(e)


def _guard_holds(e, facts):
    cond = e.args[0].cond
    return all(facts.holds(c) for c in (cond.args if isinstance(cond, And) else (cond,)))


def _never_zero(e):
    """e, of quantities, is not 0 wherever they are: nonzero on an open set of their values; a product of
    quantities, nonzero numbers and their powers, e^t, and sigma, sigma', tanh, H, sgn, log or |.| of one quantity
    (no guard, sum, difference or symbol: [j=1] b, b^2_j - b^2_1, λ b; relu(-b^2) and log |sgn b| are 0 everywhere;
    nor δ, 0 at every value on a softmax output layer of one)."""
    if isinstance(e, Indexed) and kind(e) != "delta" or e.is_number and e != 0:
        return True
    if isinstance(e, Mul):
        return all(_never_zero(t) for t in e.args)
    if isinstance(e, Pow):
        return e.exp.is_number and _never_zero(e.base)
    return e.func == exp or _one_place(e)


def _one_place(e):
    """e is sigma, sigma', tanh, H, sgn, log or |.| of one quantity, not δ (not log y: a probability vector of one
    is 1)."""
    return e.func in (sigma, dsigma, tanh, Heaviside, sign, log, Abs) and bool(e.args) and \
        isinstance(e.args[0], Indexed) and kind(e.args[0]) != "delta" and all(t == KINK for t in e.args[1:]) and \
        not (e.func == log and kind(e.args[0]) == "y")


def _outside(f, q):
    """q stands in f outside its derivatives (dC/dz^L_j holds no C)."""
    return f == q or not isinstance(f, Partial) and any(_outside(t, q) for t in f.args)


def _quantities(f):
    """The quantities f is computed from: not the variables of its derivatives (dC/db^L_j reads no b^L_j)."""
    if isinstance(f, Partial):
        return _quantities(f.f)
    return {f} if isinstance(f, Indexed) else set().union(*(_quantities(t) for t in f.args))


def _holding(f, with_v):
    """The places in f of what holds V: a quantity `with_v` accepts, C, or a derivative (not looked into), δ too
    (dC/dz: 0 at every value on a softmax output layer of one)."""
    if isinstance(f, Partial) or f in (C, C0) or isinstance(f, Indexed) and (kind(f) == "delta" or with_v(f)):
        yield f
    elif not isinstance(f, Indexed):
        for t in f.args:
            yield from _holding(t, with_v)


def reserved(lhs, rhs, domain):
    """A Problem for what derive does not build, which the kernel would read one way and its printers show
    as derive's own (from the Python API), or None: a symbol named as the kernel names its own (_p1, _b0:
    its renaming of bound indices could capture it); a symbol named as one of derive's (C, M, lambda) that
    is not it, or another symbol that is not an index as derive builds one (a whole number, nothing else
    assumed: two k's would print alike); an IndexedBase or a function named as derive's (w, sigma) that is
    not it; an undefined function other than sigma'; an object of a class of the caller's own; an index that
    may not be a whole number (b^(5/2), b^((L+2)/2): no such layer, where the range alone does not show it)."""
    for e in (lhs, rhs) + tuple(e for d in domain for e in d):
        for t in _parts(e) if isinstance(e, Basic) else ():
            if isinstance(t, Symbol) and t.name.startswith("_"):
                return Problem("error", {"message": f"{t.name}: a name that starts with _ is the kernel's own"})
            if _alien(t):
                return Problem("error", {"message": f"{t}: not derive's own {type(t).__name__}, though it prints "
                                                    f"as one"})
            if isinstance(t, Indexed) and any(i.is_integer is not True for i in t.indices):
                return Problem("error", {"message": f"{t}: an index that is not a whole number at every instance"})
    return None


OWN_SYMBOLS = {t.name: t for t in (C, C0, L, M, N, lam, KINK)}
OWN_BASES = {t.name: t for t in (w, b, z, a, delta, x, y)}
OWN_FUNCTIONS = {t.__name__: t for t in (sigma, dsigma, n)}


def _alien(t):
    """t is named as one of derive's objects and is not it, is a symbol derive would not build, or is of a
    class neither sympy nor derive defines (printed by its name, read by its class)."""
    if isinstance(t, Symbol):
        return t != OWN_SYMBOLS.get(t.name, Symbol(t.name, integer=True))
    if isinstance(t, IndexedBase):
        return t != OWN_BASES.get(t.name)
    if isinstance(t, AppliedUndef):
        return t.func != dsigma
    return not (type(t).__module__ or "").startswith(("sympy.", "derive.")) or \
        isinstance(t, Function) and t.func.__name__ in OWN_FUNCTIONS and t.func != OWN_FUNCTIONS[t.func.__name__]


def _parts(e):
    """e and its subexpressions, but not the label symbol inside an IndexedBase."""
    yield e
    if not isinstance(e, IndexedBase):
        for t in e.args:
            yield from _parts(t)


def foreign(network, *exprs):
    """A Problem for the first thing the network does not have (a sample index on a network of
    one input, none on a mini-batch network, M without a batch), or None."""
    try:
        network.refuse(*exprs)
    except NetworkError as e:
        return Problem("domain", {"message": str(e)})
    return None


def undefined(before, after, facts):
    """A Problem for the first quantity used outside its range, or None."""
    depth = facts.value(L)                  # L pinned (a case L = c, a concrete network's depth): in n_L too
    pin = (lambda t: t.xreplace({L: depth})) if depth is not None else (lambda t: t)
    for e, lo, hi, limits, q in needs(before) + needs(after):
        inner, lo, hi = facts.within(limits), pin(lo), pin(hi)
        if not (inner.le(lo, e) and inner.le(e, hi)):
            return Problem("ill-formed", {"quantity": q, "index": e, "lo": lo, "hi": hi})
    return None
