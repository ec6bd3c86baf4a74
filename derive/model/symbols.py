"""The index-level vocabulary shared by the engine, the kernel and the printers.

Nielsen's notation: layers 1..L (layer 1 is the input), widths n(l),
w[l, j, k] the weight from neuron k of layer l-1 to neuron j of layer l,
b[l, j], z[l, j], a[l, j], y[j], x[j], delta[l, j] := dC/dz[l, j].
A mini-batch network (the chapter-2 problem's matrix form) adds a last index s, the sample (the
column of the matrices X, Z^l, A^l, Delta^l), to what depends on the input: z[l, j, s], a[l, j, s],
delta[l, j, s], x[j, s], y[j, s], for s in 1..M.
"""
from functools import lru_cache

from sympy import Derivative, Expr, Function, IndexedBase, Indexed, Subs, Symbol, Integer

l, L = Symbol("l", integer=True), Symbol("L", integer=True)
i, j, k, m, p, q, s = (Symbol(t, integer=True) for t in "ijkmpqs")
C = Symbol("C")                       # the cost
C0 = Symbol("C0")                     # the unregularized cost (C itself when nothing is added)
lam = Symbol("lambda", nonnegative=True)   # the regularization parameter
N = Symbol("N", positive=True)        # the number of training inputs
M = Symbol("M", integer=True, positive=True)   # the size of a mini-batch (the book's m)
SIZES = frozenset({L, M})             # whole-number symbols that are sizes of the net, never indices
w = IndexedBase("w", real=True)       # real, so that d|w|/dw is sgn(w)
b, z, a = (IndexedBase(s) for s in "bza")
x, y = IndexedBase("x"), IndexedBase("y")
delta = IndexedBase("delta")          # the error delta[l, j] := dC/dz[l, j]
dsigma = Function("dsigma")           # dsigma(t) is sigma'(t)


class n(Function):
    """n(l): the width of layer l, a whole number of at least 1 (a size, never a number that
    sympy could evaluate, even for a numeric layer: n(2) - 1 >= 0 follows from its assumptions)."""
    is_integer = True
    is_positive = True

    @property
    def is_number(self):
        return False


class sigma(Function):
    """The activation, an undefined function; sympy writes its derivative dsigma directly."""

    def fdiff(self, argindex=1):
        return dsigma(self.args[0])


INDEX_NAMES = "jkimpqrstuvgh"


class Partial(Expr):
    """dF/dV, inert: F is C or a network quantity, V a network quantity."""
    is_commutative = True

    def __new__(cls, f, v):
        return Expr.__new__(cls, f, v)

    @property
    def f(self):
        return self.args[0]

    @property
    def v(self):
        return self.args[1]

    def _latex(self, printer):
        """sympy.latex() and Jupyter show dC/db in the book's notation (printing imported lazily)."""
        from ..printing.notation import latex
        return latex(self)


def names_quantity(e):
    """e names a quantity of the network (an indexed one, the cost, a derivative, sigma), not indices alone."""
    return e.has(Indexed, Partial, C, C0, sigma, dsigma)


def kind(e):
    """'w', 'b', 'z', 'a', 'x', 'y', 'delta' for an Indexed, 'C' for the cost (C0 too)."""
    if e in (C, C0):
        return "C"
    if isinstance(e, Indexed):
        return e.base.name
    return None


def layer(e):
    """The layer expression of a layered quantity (x is layer 1)."""
    if kind(e) in ("w", "b", "z", "a", "delta"):
        return e.indices[0]
    if kind(e) == "x":
        return Integer(1)
    return None


def sample(e):
    """The sample index of a mini-batch quantity (z, a, delta with 3 indices, x, y with 2), else None."""
    t = kind(e)
    if t in ("z", "a", "delta") and len(e.indices) == 3 or t in ("x", "y") and len(e.indices) == 2:
        return e.indices[-1]
    return None


_OFFSET = {"w": -1, "b": -1, "z": 0, "delta": 0, "a": 1, "x": 1}


def order(e):
    """Position on the path to C: w,b^l < z^l < a^l < w,b^(l+1) < ...; as 2*layer + offset."""
    return 2 * layer(e) + _OFFSET[kind(e)]


def precedes(u, v):
    """True when u certainly lies before v on the path to C, None when unknown."""
    d = (order(v) - order(u))
    if d.is_number:
        return bool(d > 0)
    return None


def normalize_derivatives(expr):
    """Write every derivative of sigma, however sympy spelled it, as dsigma(arg) (sigma's own
    fdiff already does; an unevaluated Derivative or Subs may still come from elsewhere)."""
    if not expr.has(Derivative, Subs):
        return expr

    def is_dsig(e):
        if isinstance(e, Derivative):
            return e.expr.func == sigma and e.variable_count == ((e.expr.args[0], 1),)
        if isinstance(e, Subs):
            inner = e.expr
            return (isinstance(inner, Derivative) and inner.expr.func == sigma
                    and len(inner.variable_count) == 1 and inner.variable_count[0][1] == 1
                    and inner.expr.args[0] == inner.variable_count[0][0] == e.variables[0])
        return False

    def to_dsig(e):
        if isinstance(e, Derivative):
            return dsigma(e.expr.args[0])
        return dsigma(e.point[0])

    expr = expr.replace(is_dsig, to_dsig)
    return expr.replace(lambda e: isinstance(e, Subs) and e.expr.func == dsigma
                        and e.expr.args[0] == e.variables[0], lambda e: dsigma(e.point[0]))


def fresh_index(taken, prefer=None):
    """An integer index symbol whose name is not among `taken` symbols."""
    names = {s.name for s in taken if s.is_Symbol}
    for name in ([prefer] if prefer else []) + list(INDEX_NAMES) + [f"i{t}" for t in range(1, 99)]:
        if name not in names:
            return Symbol(name, integer=True)
    raise RuntimeError("no fresh index name left")


def outer(s, key=None):
    """(var, lo, hi, body) of an index that can be summed outermost. sympy flattens a sum of a sum
    into one Sum, its last limit outermost: a range may name the indices of the limits after it
    (outer sums), and a name it shares with an earlier limit's index is another index (a free one, or
    an outer sum's). A limit can go outermost when its range names no later limit's index, and no
    later limit binds its index again or names it in its range; of those, the first is taken (the
    innermost of independent ranges as written), or the first by `key` of its limit. The last limit always can."""
    limits = s.limits

    def movable(t):
        var, lo, hi = limits[t]
        later = limits[t + 1:]
        names = {lim[0] for lim in later}
        return not (lo.free_symbols | hi.free_symbols) & names and var not in names and \
            not any(var in (u.free_symbols | v.free_symbols) for _, u, v in later)
    able = [t for t in range(len(limits)) if movable(t)]
    at = min(able, key=lambda t: key(limits[t])) if key and len(able) > 1 else able[0]
    var, lo, hi = limits[at]
    rest = limits[:at] + limits[at + 1:]
    return var, lo, hi, (s.func(s.function, *rest) if rest else s.function)


@lru_cache(maxsize=16384)
def free_symbols(expr):
    """expr.free_symbols, computed once a process (sympy computes it anew on every call)."""
    return frozenset(expr.free_symbols)


@lru_cache(maxsize=16384)
def rename_bound(expr):
    """Every bound index renamed _b<d> by its nesting depth d (skipping names free in expr), so
    that equal sums become equal. Kept for this process: the result depends on expr alone."""
    if not _has_sum(expr):
        return expr
    taken = {s.name for s in free_symbols(expr) if s.is_Symbol}

    def name(_, depth):
        while f"_b{depth}" in taken:
            depth += 1
        return Symbol(f"_b{depth}", integer=True), depth + 1
    return rebind(expr, name)


def rebind(expr, name, mapping=None, depth=0):
    """expr with the index of each sum (and product: sympy writes exp of a sum as one) renamed to
    name(index, depth) -> (new index, depth inside), in one pass that replaces every name at once: an index
    is never captured by a sum or product that binds the new name (the trap of sympy issue 21891)."""
    from sympy import Product, Sum
    mapping = mapping or {}
    if not expr.args:
        return mapping.get(expr, expr)
    if not _has_sum(expr):                      # nothing to rename below: only the outer names to put in
        return expr.xreplace(mapping) if mapping and free_symbols(expr) & mapping.keys() else expr
    if isinstance(expr, (Sum, Product)):
        var, lo, hi, body = outer(expr)
        new, inner = name(var, depth)
        return expr.func(rebind(body, name, {**mapping, var: new}, inner),
                         (new, rebind(lo, name, mapping, depth), rebind(hi, name, mapping, depth)))
    args = [rebind(t, name, mapping, depth) for t in expr.args]
    if all(u is v for u, v in zip(args, expr.args)):
        return expr
    return expr.func(*args)


def walk(expr, limits):
    """(subexpression, {bound index: (lo, hi)} of the sums around it), in preorder."""
    from sympy import Sum
    yield expr, limits
    if isinstance(expr, Sum):
        limits = {**limits, **{var: (lo, hi) for var, lo, hi in reversed(expr.limits)}}   # the innermost binds
        yield from walk(expr.function, limits)
        return
    for t in expr.args:
        yield from walk(t, limits)


@lru_cache(maxsize=16384)
def _has_sum(expr):
    """expr has a sum, or a product (which binds an index too)."""
    from sympy import Product, Sum
    return expr.has(Sum, Product)


def guard(cond):
    """The range guard [cond]: 1 where cond holds, else 0."""
    from sympy import Integer, Piecewise
    return Piecewise((Integer(1), cond), (Integer(0), True))


def is_guard(e):
    """e is a guarded value [cond] v, written Piecewise((v, cond), (0, True))."""
    from sympy import Piecewise
    return isinstance(e, Piecewise) and len(e.args) == 2 and e.args[1].expr == 0 and e.args[1].cond == True  # noqa: E712


def guards_as_factors(expr):
    """Every guarded value [cond] v written as the product of the guard [cond] and v (expr itself when it holds no
    Piecewise, as replace() would give)."""
    from sympy import Piecewise
    if not expr.has(Piecewise):
        return expr
    return expr.replace(lambda e: is_guard(e) and e.args[0].expr != 1, lambda e: guard(e.args[0].cond) * e.args[0].expr)


def substitute(expr, mapping):
    """expr with the free occurrences of the mapping's symbols replaced; a sum (or product) that binds one
    of them keeps it, in its term and in the ranges of its limits inside that one (a limit's range may name
    an outer limit's index), and a bound index that a replacement would capture is renamed first."""
    from sympy import Dummy, Product, Sum
    if not mapping or not expr.free_symbols & set(mapping):
        return expr
    if not expr.has(Sum, Product):
        return expr.xreplace(mapping)
    if isinstance(expr, (Sum, Product)):
        limits, function = list(expr.limits), expr.function
        inner = {k: v for k, v in mapping.items() if k not in {lim[0] for lim in limits}}
        incoming = set().union(*[v.free_symbols for v in inner.values()]) if inner else set()
        for t, (var, lo, hi) in enumerate(limits):
            if var in incoming:
                new = Dummy(var.name, integer=True)
                function = function.xreplace({var: new})
                limits[t] = (new, lo, hi)
        ranges = [{k: v for k, v in mapping.items() if k not in {lim[0] for lim in limits[t + 1:]}}
                  for t in range(len(limits))]          # limit t's range: what the limits after it bind stays
        return expr.func(substitute(function, inner), *[(var, substitute(lo, m), substitute(hi, m))
                                                        for (var, lo, hi), m in zip(limits, ranges)])
    return expr.func(*[substitute(t, mapping) for t in expr.args])
