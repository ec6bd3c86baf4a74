"""A network: its widths (concrete) or none (index level), its activation, its cost and its
regularization.

The definitions here are the single source of truth for the engine and the kernel:
z[l,j] = sum_k w[l,j,k] a[l-1,k] + b[l,j], a[l,j] = sigma(z[l,j]) (a[1,j] = x[j]; with a softmax
output layer a[L,j] = exp(z[L,j]) / sum_k exp(z[L,k])),
C = cost(a[L, .], y) (C = C0 + lambda/N sum_w penalty(w) when regularized, C0 the cost),
delta[l,j] = dC/dz[l,j].
A mini-batch network (`batch=True`) runs M inputs, the columns of X, through the same weights and
biases: what depends on the input takes the sample s last (z[l,j,s], a[l,j,s], x[j,s], y[j,s]),
C0 = (1/M) sum_s C_s (the cost averaged over the batch) and delta[l,j,s] = M dC/dz[l,j,s], the
error of sample s (dC_s/dz[l,j,s], since z of sample s moves C_s alone).
"""
import operator
from functools import lru_cache

from sympy import And, Indexed, Integer, KroneckerDelta, Max, Min, Mul, Piecewise, Sum, Symbol, Tuple, exp

from .activations import ACTIVATIONS
from .costs import COSTS, REGULARIZATIONS
from .symbols import (C, C0, L, M, SIZES, Partial, a, b, fresh_index, is_guard, kind, n, outer, sample, sigma, w,
                      x, z)

MAX_WIDTH, MAX_LAYERS = 4096, 64
UNIT_OUTPUTS = ("sigmoid", "generic")    # outputs in (0, 1): sigmoid's; the generic sigma stands for any such
OUTPUTS = ("softmax",)          # an output layer other than the hidden layers' activation


class NetworkError(ValueError):
    """A network that cannot be built from what was asked."""


def _whole(v):
    """v as a Python int when it is an integer type (int, numpy's int64; never bool, float or a string), else None."""
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return None
    try:
        return operator.index(v)
    except TypeError:
        return None


class Network:
    """Nielsen's fully connected network; `widths=None` leaves L and n(l) symbolic.
    With a regularization, C = C0 + its penalty on the weights, and C0 is the cost."""

    def __init__(self, widths=None, activation="generic", cost="quadratic", regularization=None, output=None,
                 batch=False):
        for name, value in (("activation", activation), ("cost", cost), ("regularization", regularization),
                            ("output", output)):
            if value is not None and not isinstance(value, str):
                raise NetworkError(f"{name} is a name (a string), not {type(value).__name__} {value!r}")
        if widths is not None and (isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__")):
            raise NetworkError(f"widths is a list of whole numbers, one a layer ([2, 3, 2]), not {widths!r}")
        if activation not in ACTIVATIONS:
            raise NetworkError(f"unknown activation {activation!r} (choose from {', '.join(ACTIVATIONS)})")
        if cost not in COSTS:
            raise NetworkError(f"unknown cost {cost!r} (choose from {', '.join(COSTS)})")
        if output not in (None, "none") and output not in OUTPUTS:
            raise NetworkError(f"unknown output {output!r} (choose from none, {', '.join(OUTPUTS)})")
        output = None if output == "none" else output
        if COSTS[cost].needs_unit_outputs and output is None and activation not in UNIT_OUTPUTS:
            raise NetworkError(f"the {cost} cost needs outputs in (0, 1), which the {activation} activation "
                               f"does not give: choose --output softmax (or --activation sigmoid)")
        if regularization not in (None, "none") and regularization not in REGULARIZATIONS:
            raise NetworkError(f"unknown regularization {regularization!r} (choose from none, "
                               f"{', '.join(REGULARIZATIONS)})")
        if not isinstance(batch, bool):
            raise NetworkError("batch is True (a mini-batch of M inputs) or False (one input)")
        if batch and widths is not None:
            raise NetworkError("a mini-batch network is index-level (its size M stays symbolic): drop the widths")
        if widths is not None:
            widths = tuple(_whole(v) for v in widths)      # numpy's integers too, as Python ints
            if len(widths) < 2 or len(widths) > MAX_LAYERS:
                raise NetworkError(f"a network needs 2 to {MAX_LAYERS} layers, got {len(widths)}")
            if any(v is None or v < 1 or v > MAX_WIDTH for v in widths):
                raise NetworkError(f"every width must be a whole number from 1 to {MAX_WIDTH}")
            if output == "softmax" and cost == "cross-entropy" and widths[-1] == 1:
                raise NetworkError("a softmax of one output is always 1, where the cross-entropy's ln(1 - a) "
                                   "is not defined: give the output layer two neurons or more")
        self.widths = widths
        self.activation = ACTIVATIONS[activation]
        self.cost = COSTS[cost]
        self.regularization = REGULARIZATIONS.get(regularization)
        self.output = output
        self.batch = batch
        self._built = True

    def __setattr__(self, name, value):
        """Built once: what the constructor checked (a softmax of one output, a batch without widths)
        stays true, and the kernels and caches keyed by a network see one network."""
        if getattr(self, "_built", False):
            raise AttributeError("a Network cannot be changed once built: build another")
        super().__setattr__(name, value)

    def __reduce__(self):
        """Pickled as the constructor's arguments (its activation and cost hold functions, which pickle cannot)."""
        return type(self), (self.widths, self.activation.name, self.cost.name,
                         self.regularization.name if self.regularization else None, self.output, self.batch)

    def __repr__(self):
        sizes = list(self.widths) if self.widths else "any"
        extra = f", output={self.output!r}" if self.output else ""
        extra += f", regularization={self.regularization.name!r}" if self.regularization else ""
        extra += ", batch=True" if self.batch else ""
        return f"Network({sizes}, activation={self.activation.name!r}, cost={self.cost.name!r}{extra})"

    @property
    def options(self):
        """(activation, cost, regularization, output, batch): what defines the network besides its sizes."""
        return (self.activation.name, self.cost.name, self.regularization.name if self.regularization else "none",
                self.output or "none", self.batch)

    @property
    def key(self):
        """(widths, *options): two networks with one key are one network."""
        return (self.widths,) + self.options

    @property
    def root(self):
        """The cost whose derivatives the chain rule reaches through z and a: C0 when C adds a
        penalty on the weights (C itself otherwise)."""
        return C0 if self.regularization else C

    @property
    def concrete(self):
        return self.widths is not None

    def sizes(self):
        """Substitution of L and n(.) for a concrete network (empty at index level)."""
        if not self.concrete:
            return {}
        subs = {L: Integer(len(self.widths))}
        subs.update({n(Integer(t + 1)): Integer(v) for t, v in enumerate(self.widths)})
        return subs

    def definition(self, q, taken=()):
        """The defining expression of z, a, C or delta; bound indices avoid `taken`."""
        taken = set(taken) | q.free_symbols
        if q == C and self.regularization:
            m, p = fresh_index(taken, "m"), fresh_index(taken, "p")
            return C0 + self.regularization.definition(m, p, fresh_index(taken | {m, p}, "q"))
        if q in (C, C0):
            k = fresh_index(taken, "k")
            if not self.batch:
                return self.cost.definition(k)
            s = fresh_index(taken | {k}, "s")
            return Sum(self.cost.definition(k, s), (s, 1, M)) / M
        self.check(q)
        t = kind(q)
        if t == "z":
            lay, row, rest = q.indices[0], q.indices[1], q.indices[2:]
            p = fresh_index(taken, "k")
            return Sum(w[lay, row, p] * a[(lay - 1, p) + rest], (p, 1, n(lay - 1))) + b[lay, row]
        if t == "a":
            lay, row = q.indices[0], q.indices[1]
            if lay == 1:
                return x[q.indices[1:]]
            if self.output and lay == L:
                return self.softmax(row, fresh_index(taken, "p"), sample(q))
            return sigma(z[q.indices])
        if t == "delta":
            return error(q)
        raise KeyError(f"{q} is a parameter or data, it has no definition")

    def refuse(self, *exprs):
        """Raise NetworkError for the first thing of exprs this network does not have: a quantity of
        the wrong kind (check), or the batch size M on a network of one input."""
        for e in exprs:
            if not self.batch and e.has(M):          # M is never a bound index
                raise NetworkError("M is the size of a mini-batch, which a network of one input does not have: "
                                   "choose a mini-batch (--batch)")
            wrong = [q for q in e.atoms(Indexed) if self.foreign(q)]
            if wrong:
                self.check(min(wrong, key=str))

    def check(self, q):
        """Refuse a quantity that this network does not have: a sample index on a network of one
        input, or none on a mini-batch network (for what depends on the input)."""
        if self.foreign(q):
            if self.batch:
                raise NetworkError(f"{q} has no sample index, but the network is a mini-batch (--batch): write "
                                   f"the sample last, as {q.base}[{', '.join(map(str, q.indices))}, s]")
            raise NetworkError(f"{q} has a sample index, but the network has one input: drop the index, or "
                               f"choose a mini-batch (--batch)")

    def foreign(self, q):
        """q depends on the input, and has a sample index exactly when the network has one input."""
        return kind(q) in ("z", "a", "delta", "x", "y") and (sample(q) is not None) != self.batch

    def softmax(self, row, p, s=None):
        """a[L,row] (of sample s in a mini-batch) of the softmax output layer, summed over the bound index p."""
        rest = () if s is None else (s,)
        return exp(z[(L, row) + rest]) / Sum(exp(z[(L, p) + rest]), (p, 1, n(L)))


def error(d):
    """delta's definition: dC/dz, or M dC/dz for a sample of a mini-batch (the error of that sample)."""
    dz = Partial(C, z[d.indices])
    return dz if sample(d) is None else M * dz


def deltas_defined(expr):
    """expr with every delta written by its definition (`error`)."""
    return expr.replace(lambda e: isinstance(e, Indexed) and kind(e) == "delta", error)


def index_ranges(q):
    """The layer range and the neuron-index ranges one quantity requires: (layer, lo, hi), [(idx, 1, hi)]
    (a sample index ranges over 1..M)."""
    t = kind(q)
    one = Integer(1)
    samples = [] if sample(q) is None else [(sample(q), one, M)]
    if t in ("w", "b", "z", "delta", "a"):
        lay = q.indices[0]
        neurons = [(q.indices[1], one, n(lay))]
        if t == "w":
            neurons.append((q.indices[2], one, n(lay - 1)))
        return (lay, Integer(1 if t == "a" else 2), L), neurons + samples
    if t in ("x", "y"):
        return None, [(q.indices[0], one, n(one if t == "x" else L))] + samples
    return None, []


class DomainError(ValueError):
    """A domain that cannot be formed."""


@lru_cache(maxsize=8192)
def needs(expr):
    """What expr needs to be defined, as `requirements` says; kept for this process."""
    return tuple(requirements(expr))


def requirements(expr, bound=None):
    """What expr needs to be defined: [(e, lo, hi, limits, q)], each e within lo..hi for every
    value of the free indices, for the quantity or width q. `limits` holds the {index: (lo, hi)} of
    the sums around it and, under the key None, the facts (p, q), p <= q, of the guards and
    Kronecker deltas that multiply it: a factor is needed only where they are 1 (a fact on an index
    that a sum inside binds again says nothing there). Every quantity's
    layer and neuron indices within their ranges, and the layer of every width n(m) within 1..L."""
    bound = bound or {}
    if isinstance(expr, Indexed):
        lay, neurons = index_ranges(expr)
        out = [(lay[0], lay[1], lay[2], bound, expr)] if lay is not None else []
        return out + [(idx, lo, hi, bound, expr) for idx, lo, hi in neurons] + \
            [c for t in expr.indices for c in requirements(t, bound)]
    if isinstance(expr, n):
        return [(expr.args[0], Integer(1), L, bound, expr)] + requirements(expr.args[0], bound)
    if isinstance(expr, Sum):
        var, lo, hi, inner = outer(expr)
        facts = tuple(f for f in bound.get(None, ()) if var not in f[0].free_symbols | f[1].free_symbols)
        return requirements(lo, bound) + requirements(hi, bound) + \
            requirements(inner, {**bound, var: (lo, hi), None: facts})
    if is_guard(expr):
        value, cond = expr.args[0]
        facts = [f for rel in (cond.args if cond.func == And else (cond,)) for f in _facts(rel)]
        return requirements(cond, bound) + requirements(value, {**bound, None: bound.get(None, ()) + tuple(facts)})
    if isinstance(expr, Mul) and expr.has(KroneckerDelta, Piecewise):
        factors = Mul.make_args(expr)
        facts = tuple(f for d in factors if isinstance(d, KroneckerDelta) for f in ((d.args[0], d.args[1]),
                                                                                    (d.args[1], d.args[0])))
        facts += tuple(f for g in factors if is_guard(g) and g.args[0].expr == 1 for rel in
                       (g.args[0].cond.args if g.args[0].cond.func == And else (g.args[0].cond,)) for f in _facts(rel))
        inner = {**bound, None: bound.get(None, ()) + facts}
        return [c for t in factors
                for c in requirements(t, inner if not isinstance(t, (KroneckerDelta, Piecewise)) else bound)]
    return [c for t in expr.args for c in requirements(t, bound)]


def _facts(rel):
    """A guard's relation as facts p <= q (t < c is t + 1 <= c between whole numbers alone: j < 3/2 is j <= 3/2)."""
    op = getattr(rel, "rel_op", None)
    strict = Integer(op in ("<", ">") and bool((rel.lhs - rel.rhs).is_integer))
    if op in ("<=", "<"):
        return [(rel.lhs + strict, rel.rhs)]
    if op in (">=", ">"):
        return [(rel.rhs + strict, rel.lhs)]
    return []


def infer_domain(*exprs, at=None):
    """The domain of a claim about exprs: every value of its free indices, on every net, for
    which each quantity in it is defined (the same whatever the order of exprs). `at` ({index:
    value}, for an evaluation at one instance) ranges an index that nothing else ranges at its value.

    Entries (s, lo, hi): a layer index first (l + c within lo..hi bounds l to lo - c..hi - c),
    then neuron indices (used in several places: the smallest width); an index used only in a
    Kronecker delta takes its partner's range. A condition without a free index, such as
    L - 1 >= 2 for z^{L-1} or n(3) >= 2 for w^3_{21}, is a requirement (e, lo, hi) on the net.
    """
    exprs = tuple(Integer(e) if isinstance(e, int) else e for e in exprs)      # a side written 0 through the API
    lows, highs, required = {}, {}, set()
    for e in exprs:
        for idx, lo, hi, bound, q in needs(e):
            free = idx.free_symbols - SIZES - set(bound)
            if Tuple(idx, lo, hi).free_symbols & set(bound):
                continue                          # a summed index (or a range that moves with one): the sum decides
            if not free:
                if nonnegative(lo - idx - 1) or nonnegative(idx - hi - 1):
                    raise DomainError(f"{q} exists on no network: it needs {lo} <= {idx} <= {hi}")
                if not _trivial(idx, lo, hi):
                    required.add((idx, lo, hi))
                continue
            s = next(iter(free))
            shift = idx - s
            if len(free) > 1 or shift.free_symbols - SIZES:
                raise DomainError(f"the index {idx} of {q} is not one index plus a constant (l + 1, j, L - 1)")
            lows.setdefault(s, set()).add(lo - shift)
            highs.setdefault(s, set()).add(hi - shift)
    free = set().union(*[e.free_symbols for e in exprs]) - SIZES if exprs else set()
    for e in exprs:
        for d in e.atoms(KroneckerDelta):
            for s, t in (d.args, d.args[::-1]):
                if s in free and s not in lows and t in lows:
                    lows[s], highs[s] = lows[t], highs[t]
    for s in free & set(at or {}) - set(lows):
        lows[s], highs[s] = {at[s]}, {at[s]}
    unranged = sorted((s for s in free if s.is_integer and s not in lows), key=str)
    if unranged:
        from sympy.printing.pretty.pretty_symbology import greek_unicode        # zeta as ζ, as it was written
        name = greek_unicode.get(unranged[0].name, unranged[0].name)
        raise DomainError(f"index {name} is not an index of any quantity, so its range is unknown")
    layers = sorted((s for s in lows if any(s in h.free_symbols for hs in highs.values() for h in hs)
                     or s.name == "l"), key=str)
    rest = sorted((s for s in lows if s not in layers), key=str)
    out = [(s, Max(*lows[s]), Min(*highs[s])) for s in layers + rest]
    out += sorted(_strongest(required), key=str)
    return tuple(Tuple(*d) for d in out)


def _strongest(required):
    """The requirements (e, lo, hi) without those another implies: 3 <= M implies 2 <= M; of two that
    imply each other (1 <= 3 <= L and 2 <= 3 <= L), the first in the order of their text stays."""
    def sides(r):
        return ((r[1], r[0]), (r[0], r[2]))             # lo <= e and e <= hi

    def implies(by, r):                                 # each p <= q of r follows from one p' <= q' of by
        return all(nonnegative(q - p) or any(nonnegative(p2 - p) and nonnegative(q - q2) for p2, q2 in sides(by))
                   for p, q in sides(r))
    ordered = sorted(required, key=str)
    return {r for i, r in enumerate(ordered)
            if not any(implies(by, r) and (not implies(r, by) or j < i) for j, by in enumerate(ordered) if j != i)}


def _trivial(e, lo, hi):
    """lo <= e <= hi holds on every net (every width is at least 1, every net has L >= 2)."""
    return nonnegative(e - lo) and nonnegative(hi - e)


@lru_cache(maxsize=65536)
def nonnegative(e):
    """e >= 0 for every net, by sympy's assumptions once each width n(m) is a whole number >= 1
    and L = 2 + t with t >= 0 (True, or False when this cannot be shown)."""
    linear = _linear(e)
    if linear is not None:
        return linear
    sizes = {w_: Symbol(f"_n{t}", integer=True, positive=True) for t, w_ in enumerate(sorted(e.atoms(n), key=str))}
    return e.xreplace(sizes).xreplace({L: 2 + Symbol("_t", integer=True, nonnegative=True)}).is_nonnegative is True


def _linear(e):
    """nonnegative(e) read off directly when e = c + sum of c_v v with rational c's: each v a width
    n(m) >= 1, L >= 2, or an index with no sign (any whole number, so c_v != 0 is not shown);
    None for any other e."""
    low = 0
    for v, c in e.as_coefficients_dict().items():
        if not c.is_Rational:
            return None
        if v == 1:
            low += c
        elif isinstance(v, n) or v in SIZES:
            if c < 0:
                return False
            low += c * (2 if v == L else 1)
        elif v.is_Symbol and v.is_integer and v.is_nonnegative is None and v.is_nonpositive is None:
            return False
        else:
            return None
    return bool(low >= 0)


def not_a_function(f, v, before):
    """dF/dV has no meaning exactly when V is computed from F: V is a node z or a, and F a quantity before it
    on the path to C, which the forward pass makes V a function of, not the other way round (b^l_j by z^L_j,
    z^l by z^L at l < L, x by a^2; x is a^1 itself); or F is an expression of such and of what neither
    V is computed from nor is computed from V (y b^l_j by z^L_j, b^(l+1) + b^l by z^l). By anything else, a quantity is a Kronecker delta or 0 (w, b and x by w or b,
    b^(l+1) by z^l, z^l by b^L at l < L), and y (a constant of the cost) is 0 by anything. before(q, v):
    q comes before v at every instance of the domain (True), at none (False), or at some (None; or a split).
    The answer is True, False, or None where it depends on the instance. The reader and the kernel share it."""
    if not isinstance(f, Indexed):          # what is not computed from V, nor V computes (y, b^(l+1)) is left out
        found = [q for q in f.atoms(Indexed) if kind(q) in ("z", "a") or not_a_function(q, v, before) is not False] \
            if not f.has(C, C0, Partial) else ()
        answers = [not_a_function(q, v, before) for q in found]
        return False if not answers or False in answers else True if all(answers) else None
    if kind(v) not in ("z", "a") or kind(f) not in ("w", "b", "x", "z", "a"):
        return False
    return before(f, v)
