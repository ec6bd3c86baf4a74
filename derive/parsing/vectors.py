"""Vector and matrix forms (z^l, (w^{l+1})^T, x, y, \\odot, \\nabla_a C, dC/dw^l, Σ'(z^l) the diagonal
matrix of σ'(z^l_j)) written by components; and the matrices of a mini-batch, one column a sample:
A^l, Z^l, \\Delta^l (n_l × M), X, Y and \\nabla_A C.

A Vec knows its shape (rows, cols as widths n(m), M, or 1) and its (i, k) component as an
index-level expression; an equation between Vecs becomes one between components with free
indices j (rows) and k (columns; s when they are the samples).
"""
from sympy import Dummy, Integer, KroneckerDelta, Sum, Symbol

from ..model.symbols import C, L, M, Partial, a, b, delta, fresh_index, n, w, x, y, z

ONE = Integer(1)
BASES = {"z": z, "a": a, "b": b, "delta": delta, "\\delta": delta, "δ": delta}
BATCHED = {"Z": z, "A": a, "\\Delta": delta, "Delta": delta, "Δ": delta}


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
    """Names p, q, ... for the sums that matrix products introduce: Dummies until `components`
    names them, so that no sum captures an index the user wrote."""
    global _fresh
    _fresh = iter(Dummy(name, integer=True) for name in ["p", "q", "r", "s", "t", "u", "v", "g", "h"]
                  + [f"p{t}" for t in range(1, 200)])


def quantity(name, lay):
    if name == "w":
        return Vec(n(lay), n(lay - 1), lambda i, k: w[lay, i, k])
    base = BASES[name]
    return Vec(n(lay), ONE, lambda i, k: base[lay, i])


def nabla_a_cost():
    return Vec(n(L), ONE, lambda i, k: Partial(C, a[L, i]))


def batch_matrix(name, lay):
    """A^l, Z^l, Delta^l: n_l × M, the column s that of sample s."""
    base = BATCHED[name]
    return Vec(n(lay), M, lambda i, k: base[lay, i, k])


def data_vector(name):
    """x (n_1 entries) and y (n_L): the input and the desired output, as vectors."""
    base, lay = (x, ONE) if name == "x" else (y, L)
    return Vec(n(lay), ONE, lambda i, k: base[i])


def data_matrix(name):
    """X (n_1 × M) and Y (n_L × M): the inputs and the desired outputs, a column a sample."""
    base, lay = (x, ONE) if name == "X" else (y, L)
    return Vec(n(lay), M, lambda i, k: base[i, k])


def ones_row():
    """1^T, 1 × M: a vector repeated in every column of a mini-batch matrix (b^l 1^T)."""
    return Vec(ONE, M, lambda i, k: ONE)


def nabla_batch_cost():
    """\\nabla_A C, n_L × M: the entry (j, s) is dC/da^L_{js}."""
    return Vec(n(L), M, lambda i, k: Partial(C, a[L, i, k]))


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
    return Vec(x.rows, y.cols, lambda i, k: _summed(x.comp(i, p) * y.comp(p, k), p, x.cols))


def _summed(body, p, hi):
    """Σ_{p=1}^{hi} body, the factors that do not depend on p in front: 1/M Σ_p ..., as it is written."""
    coeff, rest = body.as_independent(p, as_Add=False)
    return coeff * Sum(rest, (p, 1, hi))


def hadamard(x, y):
    if not (isinstance(x, Vec) and isinstance(y, Vec)) or x.shape != y.shape:
        raise ShapeError("⊙ multiplies two vectors of the same size, entry by entry")
    return Vec(x.rows, x.cols, lambda i, k: x.comp(i, k) * y.comp(i, k))


def add(x, y, sign=1):
    if isinstance(x, Vec) != isinstance(y, Vec):
        raise ShapeError("a vector and a number cannot be added: an entry of a vector takes its index (y_j, a^l_j)")
    if x.shape != y.shape:
        raise ShapeError("only vectors of the same size can be added")
    return Vec(x.rows, x.cols, lambda i, k: x.comp(i, k) + sign * y.comp(i, k))


def diagonal(func, v):
    """The diagonal matrix of func applied to each entry of the vector v: Σ'(z^l) for func σ'."""
    if v.cols != ONE:
        raise ShapeError("Σ' makes a diagonal matrix of a vector, such as Σ'(z^l)")
    return Vec(v.rows, v.rows, lambda i, k: KroneckerDelta(i, k) * func(v.comp(i, ONE)))


def squared_norm(v, p, q=None):
    """‖v‖^2 = Σ_p v_p^2 over the entries of a vector (a column, or a row such as (a^l)^T), p its index;
    with q, the Frobenius norm's ‖v‖_F^2 = Σ_p Σ_q v_pq^2 of a matrix (or a vector)."""
    if q is not None and ONE not in v.shape:
        return Sum(Sum(v.comp(p, q) ** 2, (q, ONE, v.cols)), (p, ONE, v.rows))
    if ONE not in v.shape:
        raise ShapeError("‖...‖ is the norm of a vector: a matrix's Frobenius norm is written ‖...‖_F")
    entry = v.comp(p, ONE) if v.cols == ONE else v.comp(ONE, p)
    return Sum(entry ** 2, (p, ONE, v.rows if v.cols == ONE else v.cols))


def apply(func, v):
    return Vec(v.rows, v.cols, lambda i, k: func(v.comp(i, k)))


def components(sides):
    """Index-level expressions for an equation whose sides are all Vecs of one shape: free indices
    j and k (s for the samples) and the products' sums p, q, ..., each a name the user's indices
    (bound ones too) do not take."""
    shapes = {s.shape for s in sides}
    if len(shapes) != 1:
        raise ShapeError("the two sides are vectors or matrices of different shapes")
    rows, cols = shapes.pop()
    i, k = Dummy(), (Dummy() if cols != ONE else ONE)
    exprs = [s.comp(i, k) for s in sides]
    taken = {t for e in exprs for t in e.atoms(Symbol) if not isinstance(t, Dummy)}
    free = [(i, "j")] + ([(k, "s" if cols == M else "k")] if cols != ONE else [])
    names = {}
    for d, prefer in free + [(d, d.name) for d in _bound(exprs)]:
        names[d] = fresh_index(taken, prefer)
        taken.add(names[d])
    return [e.xreplace(names) for e in exprs]


def _bound(exprs):
    """The Dummies the products' sums bind, in the order of their names (p, q, ...)."""
    found = {lim[0] for e in exprs for s in e.atoms(Sum) for lim in s.limits if isinstance(lim[0], Dummy)}
    return sorted(found, key=lambda d: d.dummy_index)


def _shape(v):
    from ..printing.notation import text
    return f"{text(v.rows)}×{text(v.cols)}"
