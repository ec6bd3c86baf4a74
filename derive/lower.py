"""Lowering: the kernel-proved identities, translated into vectorised numpy code.

`compile_gradient(network)` proves every identity of the library once (at index level,
so the result holds for every depth and width), refuses unless the kernel proved the ones
it needs, and translates their right-hand sides, sympy tree by sympy tree, into numpy
closures over a batch of m examples held as columns:

    forward        z[l,j] and a[l,j] from the network's own definitions, sigma -> its formula
                   (a softmax output layer with z shifted by each example's largest, which the
                   definition is checked to allow)
    output-error   delta[L, j] = ...                    (elementwise in j)
    hidden-error   delta[l, j] = Sum_k w[l+1,k,j] ...   (a transposed matrix product)
    bp3            dC/db[l, j] = ...                    (summed over the batch)
    bp4            dC/dw[l, j, k] = a[l-1,k] delta[l,j] (a matrix product over the batch), or for a
    or weight-     regularized network dC/dw[l,j,k] = a[l-1,k] delta[l,j] + lambda/N w[l,j,k]
    gradient       (lambda and N given at call time; every example's cost adds the penalty)

No backpropagation is written here by hand: change the activation or the cost and the
kernel's right-hand sides change, and so does the code this module builds from them.
Shapes follow Nielsen's network.py: weights[i] is (n_{i+2}, n_{i+1}), biases[i] is
(n_{i+2}, 1), x is (n_1, m), y is (n_L, m); the cost and its gradient are summed over the
batch. The closures are built once; a call runs only numpy operations and a loop over layers.
"""
import operator
from functools import reduce

import numpy as np
from sympy import (Abs, Add, Dummy, Heaviside, Indexed, Integer, Max, Min, Mul, Number,
                   NumberSymbol, Pow, Sum, cosh, exp, expand, log, sign, simplify, sinh, tanh)

from . import api
from .model.network import Network
from .model.symbols import C, C0, L, N, Partial, a, dsigma, j, kind, l, lam, n, sigma, w, z

__all__ = ["LoweringError", "compile_gradient", "compile_forward"]


class LoweringError(ValueError):
    """A network, or an identity, that cannot be turned into numpy code."""


def used(network):
    """The identities the lowered gradient is made of, in the order it runs them."""
    return ("output-error", "hidden-error", "bp3", "weight-gradient" if network.regularization else "bp4")

# Slots of the per-call state tuple S.
_A, _Z, _D, _W, _B, _Y, _X, _NB, _NW, _K, _M = range(11)
_SLOT = {"a": _A, "z": _Z, "delta": _D, "w": _W, "b": _B}

_PROOFS = {}          # Network.options -> {name: Proof}, proved at index level
_WEIGHT = Dummy("w", real=True)     # a weight matrix, where a penalty's gradient reads the weight itself


# ----------------------------------------------------------------------------------------
# proofs

def _proofs(network):
    """The library proved for this activation and cost at index level (any depth, any widths)."""
    key = network.options
    if key not in _PROOFS:
        general = Network(None, *key)
        try:
            proofs = api.prove_all(general)
        except Exception as e:      # the prover itself failed: nothing is proved
            raise LoweringError(f"cannot lower {general}: proving its identities failed "
                                f"({type(e).__name__}: {e})") from e
        _PROOFS[key] = {p.identity.name: p for p in proofs}
    return _PROOFS[key]


def _proved_identities(network):
    """The identities of used() (and those they cite), each checked to be proved by the kernel."""
    if network.activation.generic:
        raise LoweringError("cannot lower the generic activation: numpy needs a concrete sigma "
                            "(choose sigmoid, tanh, relu, softplus or identity)")
    proofs = _proofs(network)
    needed, todo = [], list(used(network))
    while todo:
        name = todo.pop(0)
        if name in needed:
            continue
        needed.append(name)
        if name not in proofs:
            raise LoweringError(f"cannot lower {network}: identity {name!r} is missing from the library")
        todo += list(proofs[name].identity.uses)
    for name in needed:
        p = proofs[name]
        if not p.proved:
            from .printing.notation import text
            from .printing.sentence import render
            from .printing.words import summary
            raise LoweringError(f"cannot lower {network}: identity {name!r} is not proved by the "
                                f"kernel ({render(summary(p.verdict), text)})")
    return {name: proofs[name].identity for name in used(network)}


# ----------------------------------------------------------------------------------------
# layer expressions: l + c or L + c

def _layer_ref(e):
    """(base, offset) for a layer expression l + c or L + c (base None for a number)."""
    e = expand(e)
    if e.is_Integer:
        return None, int(e)
    for base in (l, L):
        c = expand(e - base)
        if c.is_Integer:
            return base, int(c)
    raise LoweringError(f"layer expression {e} is not l + c or L + c")


def _affine_in_L(e):
    """(p, c) with e = p*L + c, for the bounds of a layer range."""
    e = expand(e)
    p, c = e.coeff(L), e.subs(L, 0)
    if not (p.is_Integer and c.is_Integer) or expand(p * L + c - e) != 0:
        raise LoweringError(f"layer bound {e} is not of the form p*L + c")
    return int(p), int(c)


# ----------------------------------------------------------------------------------------
# the translator: sympy tree -> closure f(S, l) returning a numpy array (rows: neurons of
# the current row index, columns: examples) or a float constant

def _const(v):
    return isinstance(v, float)


def _lookup(slot, base, off, name):
    if base is l:
        return lambda S, l_: S[slot][l_ + off]
    if base is L:
        if off > 0:
            raise LoweringError(f"{name}[L + {off}] is past the output layer")
        idx = off - 1                      # lists are 0..L long: L + off is index off - 1 from the end
        return lambda S, l_: S[slot][idx]
    if off < 1:
        raise LoweringError(f"{name}[{off}] is before the input layer")
    return lambda S, l_: S[slot][off]


def _add2(f, g, sign):
    """f + g (sign +1) or f - g (sign -1), with constants folded."""
    if _const(f) and _const(g):
        return f + sign * g
    if _const(f):
        return (lambda S, l_: f + g(S, l_)) if sign > 0 else (lambda S, l_: f - g(S, l_))
    if _const(g):
        c = sign * g
        return lambda S, l_: f(S, l_) + c
    return (lambda S, l_: f(S, l_) + g(S, l_)) if sign > 0 else (lambda S, l_: f(S, l_) - g(S, l_))


def _mul2(f, g):
    if _const(f) and _const(g):
        return f * g
    if _const(f):
        f, g = g, f
    if _const(g):
        if g == 1.0:
            return f
        if g == -1.0:
            return lambda S, l_: -f(S, l_)
        return lambda S, l_: g * f(S, l_)
    return lambda S, l_: f(S, l_) * g(S, l_)


def _div2(f, g):
    if _const(f) and _const(g):
        return f / g
    if _const(g):
        return _mul2(f, 1.0 / g)
    if _const(f):
        return lambda S, l_: f / g(S, l_)
    return lambda S, l_: f(S, l_) / g(S, l_)


def _unary(fn, f):
    if _const(f):
        return float(fn(f))
    return lambda S, l_: fn(f(S, l_))


_UNARY = {exp: np.exp, log: np.log, tanh: np.tanh, Abs: np.abs, sinh: np.sinh, cosh: np.cosh, sign: np.sign}


class _Translator:
    """Translates one network's index-level expressions; `reads` collects the layered
    quantities they use as (kind, base, offset)."""

    def __init__(self, network, shift=False):
        """shift: exp(z^X_j) is computed as exp(z^X_j - max_j z^X_j) (each example's largest), which
        leaves an expression unchanged when it is homogeneous of degree 0 in those exps (softmax)."""
        self.network, self.shift = network, shift
        self.reads = set()
        t = Dummy("t", real=True)
        self.sigma_t, self.dsigma_t = t, None
        self.formula = network.activation.formula(t)

    def __call__(self, e, row):
        """The closure for e, whose free neuron index (if any) is `row`."""
        if isinstance(e, (Number, NumberSymbol)):
            if not e.is_real:
                raise LoweringError(f"{e} is not a real number")
            return float(e)
        if isinstance(e, Indexed):
            return self.indexed(e, row)
        if isinstance(e, Add):
            return self.add(e, row)
        if isinstance(e, Mul):
            return self.mul(e, row)
        if isinstance(e, Pow):
            return self.pow(e, row)
        if isinstance(e, Sum):
            return self.sum(e, row)
        if e == _WEIGHT:
            return self.weight
        if e in (lam, N):
            name = str(e)
            return lambda S, l_: S[_K][name]
        if e.func == exp and self.shift and kind(e.args[0]) == "z":
            f = self(e.args[0], row)
            top = _lookup(_Z, *_layer_ref(e.args[0].indices[0]), "z")
            key = e.args[0].indices[0]                   # exp(z^X - max) once a call, however often it is read

            def shifted(S, l_):
                memo = S[_M]
                if (key, l_) not in memo:
                    memo[key, l_] = np.exp(f(S, l_) - top(S, l_).max(axis=0, keepdims=True))
                return memo[key, l_]
            return shifted
        if e.func in _UNARY:
            return _unary(_UNARY[e.func], self(e.args[0], row))
        if isinstance(e, (Max, Min)):
            fn = np.maximum if isinstance(e, Max) else np.minimum
            out = self(e.args[0], row)
            for arg in e.args[1:]:
                out = self.binary(fn, out, self(arg, row))
            return out
        if isinstance(e, Heaviside):
            h0 = float(e.args[1]) if len(e.args) > 1 else 0.5
            f = self(e.args[0], row)
            if _const(f):
                return float(np.heaviside(f, h0))
            return lambda S, l_: np.heaviside(f(S, l_), h0)
        if e.func == sigma:
            return self(self.formula.subs(self.sigma_t, e.args[0]), row)
        if e.func == dsigma:
            if self.dsigma_t is None:
                self.dsigma_t = self.formula.diff(self.sigma_t)
            return self(self.dsigma_t.subs(self.sigma_t, e.args[0]), row)
        if isinstance(e, Partial):
            raise LoweringError(f"{e} is an inert derivative: only derived forms can be lowered")
        raise LoweringError(f"no numpy lowering for {e.func.__name__} in {e}")

    def _weight(self, term, v):
        """A function of the weight v itself (and constants), over the whole matrix of its layer."""
        base, off = _layer_ref(v.indices[0])
        self.reads.add(("w", base, off))
        self.weight = _lookup(_W, base, off, "w")
        return self(term.xreplace({v: _WEIGHT}), None)

    @staticmethod
    def binary(fn, f, g):
        if _const(f) and _const(g):
            return float(fn(f, g))
        if _const(f):
            return lambda S, l_: fn(f, g(S, l_))
        if _const(g):
            return lambda S, l_: fn(f(S, l_), g)
        return lambda S, l_: fn(f(S, l_), g(S, l_))

    def indexed(self, e, row):
        name = kind(e)
        if name in ("y", "x"):
            if e.indices != (row,):
                raise LoweringError(f"{e}: expected the neuron index {row}")
            slot = _Y if name == "y" else _X
            return lambda S, l_: S[slot]
        if name in ("a", "z", "delta", "b"):
            if e.indices[1:] != (row,):
                raise LoweringError(f"{e}: expected the neuron index {row}")
            base, off = _layer_ref(e.indices[0])
            self.reads.add((name, base, off))
            return _lookup(_SLOT[name], base, off, name)
        if name == "w":
            raise LoweringError(f"{e}: a weight outside a sum over one of its indices")
        raise LoweringError(f"no numpy lowering for {e}")

    def add(self, e, row):
        """Terms with a negative coefficient become subtractions: 1 - a is one operation."""
        const, pos, neg = 0.0, [], []
        for term in e.args:
            c, rest = term.as_coeff_Mul()
            negative = c < 0
            node = self(-term if negative else term, row)
            if _const(node):
                const += -node if negative else node
            else:
                (neg if negative else pos).append(node)
        if pos:
            out = pos[0]
            for f in pos[1:]:
                out = _add2(out, f, 1)
        elif neg:
            first = neg.pop(0)
            out = _add2(const, first, -1) if const != 0.0 else _mul2(first, -1.0)
            const = 0.0
        else:
            return const
        for f in neg:
            out = _add2(out, f, -1)
        return _add2(out, const, 1) if const != 0.0 else out

    def mul(self, e, row):
        coeff, factors = e.as_coeff_mul()
        num, den = [], []
        for f in factors:
            if isinstance(f, Pow) and f.exp.is_Integer and f.exp < 0:
                den.append(self(Pow(f.base, -f.exp), row))
            else:
                num.append(self(f, row))
        out = None
        for f in num:
            out = f if out is None else _mul2(out, f)
        d = None
        for f in den:
            d = f if d is None else _mul2(d, f)
        c = float(coeff)
        if out is None:
            out = c
        elif c != 1.0:
            out = _mul2(out, c)
        return out if d is None else _div2(out, d)

    def pow(self, e, row):
        base, ex = e.base, e.exp
        if ex.is_Integer and ex < 0:
            return _div2(1.0, self(Pow(base, -ex), row))
        f = self(base, row)
        if ex == 2:
            return _unary(np.square, f)
        if ex == Integer(1) / 2:
            return _unary(np.sqrt, f)
        g = self(ex, row)
        if _const(g):
            return _unary(lambda v: np.power(v, g), f) if not _const(f) else float(f ** g)
        return self.binary(np.power, f, g)

    def sum(self, e, row):
        """Sum over one neuron index: a matrix product when the summand holds a weight
        w[X, k, row] (transposed) or w[X, row, k], else a reduction over the neurons."""
        if len(e.limits) != 1:
            raise LoweringError(f"{e}: only sums over one index can be lowered")
        var, lo, hi = e.limits[0]
        if lo != 1:
            raise LoweringError(f"{e}: a sum must start at 1")
        inner, outer = [], []
        for f in Mul.make_args(e.function):
            (inner if var in f.free_symbols else outer).append(f)
        weights = [f for f in inner if kind(f) == "w"]
        rest = [f for f in inner if kind(f) != "w"]
        if row is not None and any(row in f.free_symbols for f in rest):
            raise LoweringError(f"{e}: a summand that couples {var} and {row} outside a weight")
        if len(weights) > 1:
            raise LoweringError(f"{e}: more than one weight in a summand")
        g = self(Mul(*rest), var)
        if weights:
            wt = weights[0]
            lay, r, c = wt.indices
            base, off = _layer_ref(lay)
            self.reads.add(("w", base, off))
            W = _lookup(_W, base, off, "w")
            if (r, c) == (var, row):              # Sum_k w[X,k,j] g_k = (W^T g)_j
                if hi != n(lay):
                    raise LoweringError(f"{e}: the sum runs over 1..{hi}, the weight's rows over 1..{n(lay)}")
                inner_node = (lambda S, l_: W(S, l_).T @ g(S, l_)) if not _const(g) else None
            elif (r, c) == (row, var):            # Sum_k w[X,j,k] g_k = (W g)_j
                if hi != n(lay - 1):
                    raise LoweringError(f"{e}: the sum runs over 1..{hi}, the weight's columns over 1..{n(lay - 1)}")
                inner_node = (lambda S, l_: W(S, l_) @ g(S, l_)) if not _const(g) else None
            else:
                raise LoweringError(f"{e}: the weight {wt} is not indexed by ({var}, {row})")
            if inner_node is None:
                raise LoweringError(f"{e}: a sum of weights alone is not supported")
        else:
            if _const(g):
                raise LoweringError(f"{e}: a sum of a constant is not supported")
            inner_node = lambda S, l_: g(S, l_).sum(axis=0, keepdims=True)
        return _mul2(self(Mul(*outer), row), inner_node) if outer else inner_node


# ----------------------------------------------------------------------------------------
# the program

class _Step:
    """One identity turned into code: computes `target` (slot) at the layers of `layers`."""

    def __init__(self, identity, slot, fn, base, off, layer_range, order, reads):
        self.identity, self.slot, self.fn, self.reads = identity, slot, fn, reads
        self.base, self.off = base, off          # the layer the lhs names: base + off
        self.layer_range = layer_range           # ((p_lo, c_lo), (p_hi, c_hi)) in L for l, or None
        self.order = order                       # -1: from high l down, +1: up

    def layers(self, Lval):
        """The values of the layer variable this step runs at, in order."""
        if self.base is not l:
            return [0]                           # lhs at L + c or a number: l is not used
        (p0, c0), (p1, c1) = self.layer_range
        lo, hi = p0 * Lval + c0, p1 * Lval + c1
        out = list(range(lo, hi + 1))
        return out[::-1] if self.order < 0 else out

    def target(self, lv, Lval):
        return _at(self.base, self.off, lv, Lval)

    def reads_at(self, lv, Lval):
        """The layered quantities (kind, layer) the step reads when l = lv."""
        return {(name, _at(base, off, lv, Lval)) for name, base, off in self.reads}


def _at(base, off, lv, Lval):
    return (lv if base is l else Lval if base is L else 0) + off


def _lower_identity(identity, network):
    """A _Step for an identity whose lhs is delta[X, j], dC/db[X, j] or dC/dw[X, j, k]."""
    lhs, rhs = identity.lhs, identity.rhs
    tr = _Translator(network)
    if kind(lhs) == "delta":
        base, off = _layer_ref(lhs.indices[0])
        fn = tr(rhs, lhs.indices[1])
        slot = _D
    elif isinstance(lhs, Partial) and lhs.f == C and kind(lhs.v) == "b":
        base, off = _layer_ref(lhs.v.indices[0])
        g = tr(rhs, lhs.v.indices[1])
        if _const(g):
            raise LoweringError(f"{identity.name}: {rhs} is a constant, not an array")
        fn = lambda S, l_: g(S, l_).sum(axis=1, keepdims=True)       # summed over the batch
        slot = _NB
    elif isinstance(lhs, Partial) and lhs.f == C and kind(lhs.v) == "w":
        base, off = _layer_ref(lhs.v.indices[0])
        parts = [_weight_term(t, lhs.v, tr, identity) for t in Add.make_args(rhs)]
        fn = parts[0] if len(parts) == 1 else lambda S, l_: reduce(operator.add, [p(S, l_) for p in parts])
        slot = _NW
    else:
        raise LoweringError(f"{identity.name}: no lowering for a left-hand side {lhs}")
    if _const(fn):
        raise LoweringError(f"{identity.name}: {rhs} is a constant, not an array")
    layer_range, order = None, 1
    if base is l:
        dom = [d for d in identity.domain if d[0] == l]
        if not dom:
            raise LoweringError(f"{identity.name}: no range for the layer {l} in its domain")
        layer_range = (_affine_in_L(dom[0][1]), _affine_in_L(dom[0][2]))
        later = [o for (name, bs, o) in tr.reads if name == "delta" and bs is l and o != off]
        if later:
            order = -1 if all(o > off for o in later) else 1 if all(o < off for o in later) else 0
            if order == 0:
                raise LoweringError(f"{identity.name}: delta read on both sides of layer {lhs}")
    return _Step(identity, slot, fn, base, off, layer_range, order, frozenset(tr.reads))


def _weight_term(term, v, tr, identity):
    """One term of dC/dw[X, j, k]: an outer product over the batch, summed over its examples
    (a[X-1, k] delta[X, j]), or a function of the weight itself times constants (a penalty's
    gradient, such as lambda/N w[X, j, k]), summed over the batch as the cost is."""
    _, row, col = v.indices
    if term.has(v):
        scalar = tr(Mul(*[f for f in Mul.make_args(term) if not f.has(v)]), None)
        c = (lambda S, l_: scalar) if _const(scalar) else scalar
        f = tr._weight(Mul(*[f for f in Mul.make_args(term) if f.has(v)]), v)
        return lambda S, l_: (S[_X].shape[1] * c(S, l_)) * f(S, l_)
    rows, cols, consts = [], [], []
    for f in Mul.make_args(term):
        free = f.free_symbols
        if row in free and col in free:
            raise LoweringError(f"{identity.name}: factor {f} couples {row} and {col}")
        (rows if row in free else cols if col in free else consts).append(f)
    R, K = tr(Mul(*rows, *consts), row), tr(Mul(*cols), col)
    if _const(R) or _const(K):
        raise LoweringError(f"{identity.name}: {term} is not an outer product over the batch")
    return lambda S, l_: R(S, l_) @ K(S, l_).T      # sum over examples of R[:, e] K[:, e]^T


def _forward_steps(network):
    """z[l] and a[l] (l >= 2) from the network's definitions (the output layer's own, when it has
    one), and the cost C0 and the penalty on the weights (or None)."""
    tr = _Translator(network)
    fz = tr(network.definition(z[l, j]), j)
    fa = tr(network.definition(a[l, j]), j)
    fc = tr(network.definition(C0), None)
    if _const(fz) or _const(fa) or _const(fc):
        raise LoweringError(f"{network}: a definition lowers to a constant")
    out = None
    if network.output:
        last = network.definition(a[L, j])
        c = Dummy("c", positive=True)
        scaled = last.replace(lambda e: e.func == exp, lambda e: c * e)
        if simplify(scaled - last) != 0:
            raise LoweringError(f"{network}: its output layer is not unchanged when z is shifted")
        out = _Translator(network, shift=True)(last, j)
    penalty = None
    if network.regularization:
        per_weight = network.regularization.term(_WEIGHT) * lam / N
        tw = _Translator(network)
        tw.weight = lambda S, l_: S[_W][l_]
        one = tw(per_weight, None)
        penalty = lambda S, Lval: sum(float(one(S, t).sum()) for t in range(2, Lval + 1))
    return fz, fa, out, fc, penalty


def _check_sizes(network, weights, biases):
    if len(weights) != len(biases) or not weights:
        raise LoweringError(f"got {len(weights)} weight matrices and {len(biases)} bias vectors")
    if network.widths is not None and len(weights) != len(network.widths) - 1:
        raise LoweringError(f"{network} has {len(network.widths) - 1} weight matrices, got {len(weights)}")


def _state(weights, biases, x, y, dtype, constants=None):
    Lval = len(weights) + 1
    A = [None] * (Lval + 1)
    A[1] = x = np.asarray(x, dtype)
    y = np.asarray(y, dtype)
    if x.ndim != 2 or y.ndim != 2:
        raise LoweringError(f"x and y must be 2-d, one example per column: got shapes {x.shape} and {y.shape}")
    W = [None, None] + [np.asarray(v, dtype) for v in weights]
    B = [None, None] + [np.asarray(v, dtype) for v in biases]
    return (A, [None] * (Lval + 1), [None] * (Lval + 1), W, B, y, x,
            [None] * (Lval + 1), [None] * (Lval + 1), constants or {}, {}), Lval


def _constants(network, lam_, N_):
    """{'lambda': ..., 'N': ...} of a regularized network, given at call time."""
    if not network.regularization:
        if lam_ is not None or N_ is not None:
            raise LoweringError(f"{network} has no regularization: lam and N are not used")
        return {}
    if lam_ is None or N_ is None or not lam_ >= 0 or not N_ > 0:
        raise LoweringError(f"{network} is regularized: give lam >= 0 and N > 0 (the number of training inputs)")
    return {"lambda": float(lam_), "N": float(N_)}


def _run_forward(network, steps, weights, biases, x, y, dtype, constants):
    """The state after the forward pass: every z and a of the batch."""
    fz, fa, out = steps[:3]
    _check_sizes(network, weights, biases)
    S, Lval = _state(weights, biases, x, y, dtype, constants)
    Z, A = S[_Z], S[_A]
    for lv in range(2, Lval + 1):
        Z[lv] = fz(S, lv)
        A[lv] = out(S, lv) if out is not None and lv == Lval else fa(S, lv)
    return S, Lval


def compile_forward(network, dtype=np.float64):
    """forward(weights, biases, x, y, lam=None, N=None) -> the cost summed over the batch (a
    float); lam and N for a regularized network, whose every example's cost adds the penalty.

    Built from the network's definitions of z, a (sigma -> the activation's formula) and C."""
    network = _concrete_activation(network)
    steps = _forward_steps(network)
    fc, penalty = steps[3:]

    def forward(weights, biases, x, y, lam=None, N=None):
        constants = _constants(network, lam, N)
        S, Lval = _run_forward(network, steps, weights, biases, x, y, dtype, constants)
        cost = float(fc(S, Lval).sum())
        return cost + S[_X].shape[1] * penalty(S, Lval) if penalty else cost

    forward.network = network
    return forward


def _concrete_activation(network):
    if not isinstance(network, Network):
        raise LoweringError(f"expected a Network, got {type(network).__name__}")
    if network.activation.generic:
        raise LoweringError("cannot lower the generic activation: numpy needs a concrete sigma "
                            "(choose sigmoid, tanh, relu, softplus or identity)")
    return network


def compile_gradient(network, dtype=np.float64):
    """grad(weights, biases, x, y, lam=None, N=None) -> (nabla_b, nabla_w), the gradient of the
    cost summed over the batch, generated from the kernel-proved output-error, hidden-error, bp3
    and bp4 (weight-gradient for a regularized network, which needs lam and N).

    Raises LoweringError for the generic activation or when an identity it needs (or one
    they cite) is not proved by the kernel."""
    network = _concrete_activation(network)
    identities = _proved_identities(network)
    forward_steps = _forward_steps(network)
    steps = [_lower_identity(identities[name], network) for name in used(network)]
    plans = {}

    def plan(Lval):
        """The steps' layer schedules for depth Lval, checked to read only what is computed."""
        if Lval not in plans:
            have = {(q, v) for q in ("z", "w", "b") for v in range(2, Lval + 1)}
            have |= {("a", v) for v in range(1, Lval + 1)}
            out = []
            for s in steps:
                layers = s.layers(Lval)
                for lv in layers:
                    missing = sorted(q for q in s.reads_at(lv, Lval) if q not in have)
                    if missing:
                        raise LoweringError(f"{s.identity.name} at layer {s.target(lv, Lval)} needs "
                                            f"{missing[0][0]}[{missing[0][1]}], which nothing computes")
                    if s.slot == _D:
                        have.add(("delta", s.target(lv, Lval)))
                out.append((s.slot, s.fn, [(lv, s.target(lv, Lval)) for lv in layers]))
            made = {(slot, t) for slot, _, lts in out for _, t in lts}
            for slot, what in ((_NB, "dC/db"), (_NW, "dC/dw")):
                gaps = [v for v in range(2, Lval + 1) if (slot, v) not in made]
                if gaps:
                    raise LoweringError(f"no proved identity gives {what} at layer {gaps[0]}")
            plans[Lval] = out
        return plans[Lval]

    def grad(weights, biases, x, y, lam=None, N=None):
        constants = _constants(network, lam, N)
        S, Lval = _run_forward(network, forward_steps, weights, biases, x, y, dtype, constants)
        for slot, fn, layers in plan(Lval):
            out = S[slot]
            for lv, t in layers:
                out[t] = fn(S, lv)
        return S[_NB][2:], S[_NW][2:]

    grad.network = network
    grad.identities = identities
    return grad
