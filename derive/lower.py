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
batch. A mini-batch network (`Network(batch=True)`) lowers its own library, whose sums over the
samples and 1/M average them: its cost and gradient are the batch's averages (the penalty counted
once). The closures are built once; a call runs only numpy operations and a loop over layers.
"""
import operator
from functools import reduce

import numpy as np
from sympy import Add, Dummy, Mul, Sum, exp, simplify

from . import api
from .model.network import Network
from .model.symbols import C, C0, L, M, N, Partial, a, j, kind, l, lam, y, z
from .model.symbols import s as sample
from .translate import (S_A, S_D, S_NB, S_NW, S_W, S_X, S_Y, S_Z, WEIGHT, LoweringError, Translator, affine_in_L,
                        is_constant, layer_ref)

__all__ = ["LoweringError", "compile_gradient", "compile_forward"]


def used(network):
    """The identities the lowered gradient is made of, in the order it runs them."""
    return ("output-error", "hidden-error", "bp3", "weight-gradient" if network.regularization else "bp4")

_PROOFS = {}          # Network.options -> {name: Proof}, proved at index level


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


def _needed(network):
    """The names of used() and of the identities they cite, and so on."""
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
    return needed


def _takes_y_as_probability(network):
    """A proof the gradient rests on sums y over the outputs, which the kernel's algebra writes as 1 for a cost that
    takes y as a probability vector (kernel/sums.py): the gradient then holds for such a y alone."""
    proofs = _proofs(network)
    return network.cost.probability and any(
        isinstance(s, Sum) and s.function.has(y) for name in _needed(network)
        for record in proofs[name].verdict.steps for e in (record.step.before, record.step.after) for s in e.atoms(Sum))


def _proved_identities(network):
    """The identities of used() (and those they cite), each checked to be proved by the kernel."""
    if network.activation.generic:
        raise LoweringError("cannot lower the generic activation: numpy needs a concrete sigma "
                            "(choose sigmoid, tanh, relu, softplus or identity)")
    proofs = _proofs(network)
    needed = _needed(network)
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
    tr = Translator(network)
    if kind(lhs) == "delta":
        base, off = layer_ref(lhs.indices[0])
        fn = tr(rhs, lhs.indices[1])
        slot = S_D
    elif isinstance(lhs, Partial) and lhs.f == C and kind(lhs.v) == "b":
        base, off = layer_ref(lhs.v.indices[0])
        g = tr(rhs, lhs.v.indices[1])
        if is_constant(g):
            raise LoweringError(f"{identity.name}: {rhs} is a constant, not an array")
        fn = lambda S, l_: g(S, l_).sum(axis=1, keepdims=True)       # summed over the batch
        slot = S_NB
    elif isinstance(lhs, Partial) and lhs.f == C and kind(lhs.v) == "w":
        base, off = layer_ref(lhs.v.indices[0])
        fn = _summed([_weight_term(t, lhs.v, tr, identity) for t in Add.make_args(rhs)])
        slot = S_NW
    else:
        raise LoweringError(f"{identity.name}: no lowering for a left-hand side {lhs}")
    if is_constant(fn):
        raise LoweringError(f"{identity.name}: {rhs} is a constant, not an array")
    layer_range, order = None, 1
    if base is l:
        dom = [d for d in identity.domain if d[0] == l]
        if not dom:
            raise LoweringError(f"{identity.name}: no range for the layer {l} in its domain")
        layer_range = (affine_in_L(dom[0][1]), affine_in_L(dom[0][2]))
        later = [o for (name, bs, o) in tr.reads if name == "delta" and bs is l and o != off]
        if later:
            order = -1 if all(o > off for o in later) else 1 if all(o < off for o in later) else 0
            if order == 0:
                raise LoweringError(f"{identity.name}: delta read on both sides of layer {lhs}")
    return _Step(identity, slot, fn, base, off, layer_range, order, frozenset(tr.reads))


def _summed(terms):
    """The sum of the terms' arrays (each term a pair (function, whether its array is new)): added into
    the array of a term that makes a new one (a matrix product), else summed into a new array."""
    terms = sorted(terms, key=lambda t: not t[1])
    (first, fresh), rest = terms[0], [f for f, _ in terms[1:]]
    if not rest:
        return first
    if not fresh:
        return lambda S, l_: reduce(operator.add, [f(S, l_) for f, _ in terms])

    def added(S, l_):
        out = first(S, l_)
        for f in rest:
            out += f(S, l_)
        return out
    return added


def _weight_term(term, v, tr, identity):
    """One term of dC/dw[X, j, k]: an outer product over the batch, summed over its examples
    (a[X-1, k] delta[X, j]), or a function of the weight itself times constants (a penalty's
    gradient, such as lambda/N w[X, j, k]), summed over the batch as the cost is; with whether the
    term's array is a new one (a matrix product's is)."""
    _, row, col = v.indices
    if term.has(v):
        scalar = tr(Mul(*[f for f in Mul.make_args(term) if not f.has(v)]), None)
        c = (lambda S, l_: scalar) if is_constant(scalar) else scalar
        f = tr._weight(Mul(*[f for f in Mul.make_args(term) if f.has(v)]), v)
        if tr.network.batch:                    # the cost of a mini-batch adds the penalty once
            return (lambda S, l_: c(S, l_) * f(S, l_)), False
        return (lambda S, l_: (S[S_X].shape[1] * c(S, l_)) * f(S, l_)), False
    rows, cols, consts = [], [], []
    for f in _over_the_batch(term, tr):
        free = f.free_symbols
        if row in free and col in free:
            raise LoweringError(f"{identity.name}: factor {f} couples {row} and {col}")
        (rows if row in free else cols if col in free else consts).append(f)
    R, K = tr(Mul(*rows, *consts), row), tr(Mul(*cols), col)
    if is_constant(R) or is_constant(K):
        raise LoweringError(f"{identity.name}: {term} is not an outer product over the batch")
    return (lambda S, l_: R(S, l_) @ K(S, l_).T), True     # sum over examples of R[:, e] K[:, e]^T


def _over_the_batch(term, tr):
    """The factors of a term; on a mini-batch network, the factors of the sum over the samples it
    holds, whose outer product sums over the examples (the sample is the column axis)."""
    factors = Mul.make_args(term)
    if not tr.network.batch:
        return factors
    sums = [f for f in factors if isinstance(f, Sum) and f.limits[0][1:] == (1, M) and len(f.limits) == 1]
    if len(sums) != 1:
        raise LoweringError(f"{term} is not one sum over the samples of the batch")
    var = sums[0].limits[0][0]
    tr.sample = var
    return [f for f in factors if f is not sums[0]] + list(Mul.make_args(sums[0].function))


def _forward_steps(network):
    """z[l] and a[l] (l >= 2) from the network's definitions (the output layer's own, when it has
    one), and the cost C0 and the penalty on the weights (or None)."""
    tr = Translator(network)
    column = (sample,) if network.batch else ()
    fz = tr(network.definition(z[(l, j) + column]), j)
    fa = tr(network.definition(a[(l, j) + column]), j)
    fc = tr(network.definition(C0), None)
    if is_constant(fz) or is_constant(fa) or is_constant(fc):
        raise LoweringError(f"{network}: a definition lowers to a constant")
    out = None
    if network.output:
        last = network.definition(a[(L, j) + column])
        c = Dummy("c", positive=True)
        scaled = last.replace(lambda e: e.func == exp, lambda e: c * e)
        if simplify(scaled - last) != 0:
            raise LoweringError(f"{network}: its output layer is not unchanged when z is shifted")
        out = Translator(network, shift=True)(last, j)
    penalty = None
    if network.regularization:
        per_weight = network.regularization.term(WEIGHT) * lam / N
        tw = Translator(network)
        tw.weight = lambda S, l_: S[S_W][l_]
        one = tw(per_weight, None)
        penalty = lambda S, Lval: sum(float(one(S, t).sum()) for t in range(2, Lval + 1))
    return fz, fa, out, fc, penalty


def _check_sizes(network, weights, biases):
    if len(weights) != len(biases) or not weights:
        raise LoweringError(f"got {len(weights)} weight matrices and {len(biases)} bias vectors")
    if network.widths is not None and len(weights) != len(network.widths) - 1:
        raise LoweringError(f"{network} has {len(network.widths) - 1} weight matrices, got {len(weights)}")
    shapes = [np.shape(w) for w in weights]
    if network.widths is not None and shapes != [(m, k) for k, m in zip(network.widths, network.widths[1:])]:
        raise LoweringError(f"{network} has widths {list(network.widths)}: got weight matrices of shapes {shapes}")


def _state(weights, biases, x, y, dtype, constants=None):
    Lval = len(weights) + 1
    A = [None] * (Lval + 1)
    A[1] = x = _real(x, dtype, "x")
    y = _real(y, dtype, "y")
    if x.ndim != 2 or y.ndim != 2:
        raise LoweringError(f"x and y must be 2-d, one example per column: got shapes {x.shape} and {y.shape}")
    W = [None, None] + [_real(v, dtype, f"weights[{t}]") for t, v in enumerate(weights)]
    B = [None, None] + [_real(v, dtype, f"biases[{t}]") for t, v in enumerate(biases)]
    _check_shapes(W[2:], B[2:], x, y)
    return (A, [None] * (Lval + 1), [None] * (Lval + 1), W, B, y, x,
            [None] * (Lval + 1), [None] * (Lval + 1), constants or {}, {}), Lval


def _probability_vectors(y, network, tolerance):
    """Each column of y a probability vector (y >= 0, summing to 1 within `tolerance`), as the proofs took it."""
    sums = y.sum(axis=0)
    if np.abs(sums - 1).max() > tolerance or y.min() < 0:
        raise LoweringError(f"the gradient for the {network.cost.name} cost was proved for a y whose every column is a "
                            f"probability vector (y >= 0, summing to 1): " + ("y has a negative entry" if y.min() < 0 else
                            f"a column sums to {sums[np.argmax(np.abs(sums - 1))]:.17g}"))


def _real(v, dtype, what):
    """v as an array of dtype, when it holds real numbers (not complex, strings, objects or a masked array, whose mask
    numpy would drop). A nan or inf is not looked for (it gives a nan, as numpy's own code would: scanning every
    weight on every call cost a fifth of a small batch's gradient)."""
    if isinstance(v, np.ma.MaskedArray):
        raise LoweringError(f"{what} is a masked array: give the values alone (the mask would be dropped)")
    got = np.asarray(v)
    if got.dtype.kind not in "iuf":
        raise LoweringError(f"{what} must hold real numbers: got an array of {got.dtype}")
    return got.astype(dtype, copy=False)


def _check_shapes(weights, biases, x, y):
    """Nielsen's shapes, which numpy would otherwise broadcast into a wrong answer (a bias of shape (n,) against m = n
    examples): weights[t] (n_{t+2}, n_{t+1}), biases[t] (n_{t+2}, 1), x (n_1, m) and y (n_L, m), with m >= 1."""
    if any(w.ndim != 2 for w in weights):
        raise LoweringError(f"weight matrices must be 2-d: got shapes {[w.shape for w in weights]}")
    widths = [weights[0].shape[1]] + [w.shape[0] for w in weights]
    for t, (w, b) in enumerate(zip(weights, biases)):
        for what, got, want in (("weights", w, (widths[t + 1], widths[t])), ("biases", b, (widths[t + 1], 1))):
            if got.shape != want:
                raise LoweringError(f"{what}[{t}] must have shape {want} (layer {t + 2} has {widths[t + 1]} neurons, "
                                    f"the layer before {widths[t]}): got {got.shape}")
    if x.shape[0] != widths[0]:
        raise LoweringError(f"x must have {widths[0]} rows, one per input neuron, and one column per example: got "
                            f"shape {x.shape}")
    if y.shape != (widths[-1], x.shape[1]):
        raise LoweringError(f"y must have shape {(widths[-1], x.shape[1])}, one column per example of x: got {y.shape}")
    if not x.shape[1]:
        raise LoweringError("x and y hold no example (0 columns)")


def _constants(network, lam_, N_):
    """{'lambda': ..., 'N': ...} of a regularized network, given at call time."""
    if not network.regularization:
        if lam_ is not None or N_ is not None:
            raise LoweringError(f"{network} has no regularization: lam and N are not used")
        return {}
    lam, n = _number(lam_), _number(N_)
    if lam is None or n is None or not 0 <= lam < np.inf or not 1 <= n < np.inf or n != int(n):
        raise LoweringError(f"{network} is regularized: give a number lam >= 0 and a whole number N >= 1 (the number "
                            f"of training inputs), both finite")
    return {"lambda": lam, "N": n}


def _number(v):
    """v as a float when it is one real number (not an array, a string, a truth value or None), else None."""
    if v is None or isinstance(v, (str, bytes, bool, np.bool_)) or np.ndim(v) or np.iscomplexobj(v):
        return None
    try:
        return float(v)
    except (TypeError, ValueError, OverflowError):     # (an int past float's range: 10**400)
        return None


def _run_forward(network, steps, weights, biases, x, y, dtype, constants):
    """The state after the forward pass: every z and a of the batch."""
    fz, fa, out = steps[:3]
    _check_sizes(network, weights, biases)
    S, Lval = _state(weights, biases, x, y, dtype, constants)
    Z, A = S[S_Z], S[S_A]
    for lv in range(2, Lval + 1):
        Z[lv] = fz(S, lv)
        A[lv] = out(S, lv) if out is not None and lv == Lval else fa(S, lv)
    return S, Lval


def compile_forward(network, dtype=np.float64):
    """forward(weights, biases, x, y, lam=None, N=None) -> the cost summed over the batch (a
    float); lam and N for a regularized network, whose every example's cost adds the penalty.

    Built from the network's definitions of z, a (sigma -> the activation's formula) and C."""
    network = _concrete_activation(network, dtype)
    steps = _forward_steps(network)
    fc, penalty = steps[3:]

    def forward(weights, biases, x, y, lam=None, N=None):
        constants = _constants(network, lam, N)
        S, Lval = _run_forward(network, steps, weights, biases, x, y, dtype, constants)
        cost = float(fc(S, Lval).sum())
        if not penalty:
            return cost
        return cost + (1 if network.batch else S[S_X].shape[1]) * penalty(S, Lval)

    forward.network = network
    return forward


def _concrete_activation(network, dtype):
    if not isinstance(network, Network):
        raise LoweringError(f"expected a Network, got {type(network).__name__}")
    try:
        floating = np.dtype(dtype).kind == "f"
    except TypeError:
        floating = False
    if not floating:
        raise LoweringError(f"dtype must be a floating-point type (np.float64, np.float32): got {dtype!r}")
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
    network = _concrete_activation(network, dtype)
    identities = _proved_identities(network)
    forward_steps = _forward_steps(network)
    steps = [_lower_identity(identities[name], network) for name in used(network)]
    probability = _takes_y_as_probability(network)
    tolerance = max(1e-9, 1e3 * np.finfo(dtype).eps)        # a sum of up to 1000 outputs, rounded (float32: 1e-4)
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
                    if s.slot == S_D:
                        have.add(("delta", s.target(lv, Lval)))
                out.append((s.slot, s.fn, [(lv, s.target(lv, Lval)) for lv in layers]))
            made = {(slot, t) for slot, _, lts in out for _, t in lts}
            for slot, what in ((S_NB, "dC/db"), (S_NW, "dC/dw")):
                gaps = [v for v in range(2, Lval + 1) if (slot, v) not in made]
                if gaps:
                    raise LoweringError(f"no proved identity gives {what} at layer {gaps[0]}")
            plans[Lval] = out
        return plans[Lval]

    def grad(weights, biases, x, y, lam=None, N=None):
        constants = _constants(network, lam, N)
        S, Lval = _run_forward(network, forward_steps, weights, biases, x, y, dtype, constants)
        if probability:
            _probability_vectors(S[S_Y], network, tolerance)
        for slot, fn, layers in plan(Lval):
            out = S[slot]
            for lv, t in layers:
                out[t] = fn(S, lv)
        return S[S_NB][2:], S[S_NW][2:]

    grad.network = network
    grad.identities = identities
    return grad
