"""Vector and matrix forms (z^l, (w^{l+1})^T, \\odot, \\nabla_a C, dC/dw^l, Σ'(z^l) the diagonal
matrix of σ'(z^l_j)) written by components.

A Vec knows its shape (rows, cols as widths n(m), or 1) and its (i, k) component as an
index-level expression; an equation between Vecs becomes one between components with free
indices j (rows) and k (columns).
"""
from sympy import Dummy, Integer, KroneckerDelta, Sum, Symbol

from ..model.symbols import C, L, Partial, a, b, delta, fresh_index, n, w, z

ONE = Integer(1)
BASES = {"z": z, "a": a, "b": b, "delta": delta, "\\delta": delta}


class ShapeError(ValueError):
    """Vectors or matrices whose shapes do not fit together."""


class Vec:
    def __init__(self, rows, cols, comp):
        self.rows, self.cols, self.comp = rows, cols, comp

    @property
    def shape(self):
        return (self.rows, self.cols)


_fresh = iter(())


def _index():
    return next(_fresh)


def reset():
    """Fresh names p, q, ... for the sums that matrix products introduce."""
    global _fresh
    _fresh = iter(Symbol(name, integer=True) for name in ["p", "q", "r", "s", "t", "u", "v", "g", "h"]
                  + [f"p{t}" for t in range(1, 200)])


def quantity(name, lay):
    if name == "w":
        return Vec(n(lay), n(lay - 1), lambda i, k: w[lay, i, k])
    base = BASES[name]
    return Vec(n(lay), ONE, lambda i, k: base[lay, i])


def nabla_a_cost():
    return Vec(n(L), ONE, lambda i, k: Partial(C, a[L, i]))


def partial_cost(v):
    return Vec(v.rows, v.cols, lambda i, k: Partial(C, v.comp(i, k)))


def transpose(v):
    return Vec(v.cols, v.rows, lambda i, k: v.comp(k, i))


def product(x, y):
    """Scalar times Vec, or the matrix product of two Vecs (an outer product when the inner size is 1)."""
    if not isinstance(x, Vec):
        return Vec(y.rows, y.cols, lambda i, k: x * y.comp(i, k))
    if not isinstance(y, Vec):
        return Vec(x.rows, x.cols, lambda i, k: x.comp(i, k) * y)
    if x.cols != y.rows:
        raise ShapeError(f"a {_shape(x)} matrix cannot multiply a {_shape(y)} one")
    if x.cols == ONE:
        return Vec(x.rows, y.cols, lambda i, k: x.comp(i, ONE) * y.comp(ONE, k))
    p = _index()
    return Vec(x.rows, y.cols, lambda i, k: Sum(x.comp(i, p) * y.comp(p, k), (p, 1, x.cols)))


def hadamard(x, y):
    if not (isinstance(x, Vec) and isinstance(y, Vec)) or x.shape != y.shape:
        raise ShapeError("⊙ multiplies two vectors of the same size, entry by entry")
    return Vec(x.rows, x.cols, lambda i, k: x.comp(i, k) * y.comp(i, k))


def add(x, y, sign=1):
    if not (isinstance(x, Vec) and isinstance(y, Vec)) or x.shape != y.shape:
        raise ShapeError("only vectors of the same size can be added")
    return Vec(x.rows, x.cols, lambda i, k: x.comp(i, k) + sign * y.comp(i, k))


def diagonal(func, v):
    """The diagonal matrix of func applied to each entry of the vector v: Σ'(z^l) for func σ'."""
    if v.cols != ONE:
        raise ShapeError("Σ' makes a diagonal matrix of a vector, such as Σ'(z^l)")
    return Vec(v.rows, v.rows, lambda i, k: KroneckerDelta(i, k) * func(v.comp(i, ONE)))


def apply(func, v):
    return Vec(v.rows, v.cols, lambda i, k: func(v.comp(i, k)))


def components(sides):
    """Index-level expressions for an equation whose sides are all Vecs of one shape."""
    shapes = {s.shape for s in sides}
    if len(shapes) != 1:
        raise ShapeError("the two sides are vectors or matrices of different shapes")
    probe = [s.comp(Dummy(), Dummy()) for s in sides]
    taken = set().union(*[e.atoms(Symbol) for e in probe])         # the user's own indices, bound ones too
    j = fresh_index(taken, "j")
    k = fresh_index(taken | {j}, "k")
    rows, cols = shapes.pop()
    return [s.comp(j, k if cols != ONE else ONE) for s in sides]


def _shape(v):
    from ..printing.notation import text
    return f"{text(v.rows)}×{text(v.cols)}"
