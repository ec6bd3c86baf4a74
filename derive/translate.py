"""Index-level sympy expressions -> numpy closures over one call's state (the lowering's translator).

A closure is f(S, l) for the state tuple S of one call (its slots below) and the layer l it is
evaluated at; it returns an array (rows: the neurons of the free neuron index, columns: the
examples of the batch) or, folded at build time, a float. Names are validated: only the network's
quantities, its constants and the functions of _UNARY are lowered, nothing is evaluated.
"""
import numpy as np
from sympy import (Abs, Add, Dummy, Heaviside, Indexed, Integer, Max, Min, Mul, Number, NumberSymbol, Pow, Sum, cosh,
                   exp, expand, log, sign, sinh, tanh)

from .model.activations import KINK
from .model.symbols import L, M, N, Partial, dsigma, kind, l, lam, n, sample, sigma


class LoweringError(ValueError):
    """A network, or an identity, that cannot be turned into numpy code."""


# Slots of the per-call state tuple S.
S_A, S_Z, S_D, S_W, S_B, S_Y, S_X, S_NB, S_NW, S_K, S_M = range(11)
SLOTS = {"a": S_A, "z": S_Z, "delta": S_D, "w": S_W, "b": S_B}
WEIGHT = Dummy("w", real=True)     # a weight matrix, where a penalty's gradient reads the weight itself

# ----------------------------------------------------------------------------------------
# layer expressions: l + c or L + c

def layer_ref(e):
    """(base, offset) for a layer expression l + c or L + c (base None for a number)."""
    e = expand(e)
    if e.is_Integer:
        return None, int(e)
    for base in (l, L):
        c = expand(e - base)
        if c.is_Integer:
            return base, int(c)
    raise LoweringError(f"layer expression {e} is not l + c or L + c")


def affine_in_L(e):
    """(p, c) with e = p*L + c, for the bounds of a layer range."""
    e = expand(e)
    p, c = e.coeff(L), e.subs(L, 0)
    if not (p.is_Integer and c.is_Integer) or expand(p * L + c - e) != 0:
        raise LoweringError(f"layer bound {e} is not of the form p*L + c")
    return int(p), int(c)


# ----------------------------------------------------------------------------------------
# the translator: sympy tree -> closure f(S, l) returning a numpy array (rows: neurons of
# the current row index, columns: examples) or a float constant

def is_constant(v):
    return isinstance(v, float)


def lookup(slot, base, off, name):
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


def add2(f, g, sign):
    """f + g (sign +1) or f - g (sign -1), with constants folded."""
    if is_constant(f) and is_constant(g):
        return f + sign * g
    if is_constant(f):
        return (lambda S, l_: f + g(S, l_)) if sign > 0 else (lambda S, l_: f - g(S, l_))
    if is_constant(g):
        c = sign * g
        return lambda S, l_: f(S, l_) + c
    return (lambda S, l_: f(S, l_) + g(S, l_)) if sign > 0 else (lambda S, l_: f(S, l_) - g(S, l_))


def mul2(f, g):
    if is_constant(f) and is_constant(g):
        return f * g
    if is_constant(f):
        f, g = g, f
    if is_constant(g):
        if g == 1.0:
            return f
        if g == -1.0:
            return lambda S, l_: -f(S, l_)
        return lambda S, l_: g * f(S, l_)
    return lambda S, l_: f(S, l_) * g(S, l_)


def div2(f, g):
    if is_constant(f) and is_constant(g):
        return f / g
    if is_constant(g):
        return mul2(f, 1.0 / g)
    if is_constant(f):
        return lambda S, l_: f / g(S, l_)
    return lambda S, l_: f(S, l_) / g(S, l_)


def unary(fn, f):
    if is_constant(f):
        return float(fn(f))
    return lambda S, l_: fn(f(S, l_))


def _times_log(u, v):
    """u v, taken as 0 where u is 0: the limit of u ln(.) in a cost's y ln a as y and a go to 0."""
    with np.errstate(invalid="ignore"):
        return np.where(u == 0, 0.0, u * v)


def _one_plus_exp(e):
    """u when e is 1 + e^u, else None."""
    if isinstance(e, Add) and len(e.args) == 2 and Integer(1) in e.args:
        other = e.args[1] if e.args[0] == 1 else e.args[0]
        return other.args[0] if other.func == exp else None
    return None


def _output_a(e):
    """e is a^L_k, the output layer's activation."""
    return isinstance(e, Indexed) and kind(e) == "a" and layer_ref(e.indices[0]) == (L, 0)


_UNARY = {exp: np.exp, log: np.log, tanh: np.tanh, Abs: np.abs, sinh: np.sinh, cosh: np.cosh, sign: np.sign}


class Translator:
    """Translates one network's index-level expressions; `reads` collects the layered
    quantities they use as (kind, base, offset)."""

    def __init__(self, network, shift=False):
        """shift: exp(z^X_j) is computed as exp(z^X_j - max_j z^X_j) (each example's largest), which
        leaves an expression unchanged when it is homogeneous of degree 0 in those exps (softmax)."""
        self.network, self.shift = network, shift
        self.reads = set()
        self.sample = None                 # a mini-batch's sample index: the column axis
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
        if e == WEIGHT:
            return self.weight
        if e in (lam, N):
            name = str(e)
            return lambda S, l_: S[S_K][name]
        if e == M:                                       # the size of the batch: its number of columns
            return lambda S, l_: S[S_X].shape[1]
        if e.func == exp and self.shift and kind(e.args[0]) == "z":
            f = self(e.args[0], row)
            top = lookup(S_Z, *layer_ref(e.args[0].indices[0]), "z")
            key = e.args[0].indices[0]                   # exp(z^X - max) once a call, however often it is read

            def shifted(S, l_):
                memo = S[S_M]
                if (key, l_) not in memo:
                    memo[key, l_] = np.exp(f(S, l_) - top(S, l_).max(axis=0, keepdims=True))
                return memo[key, l_]
            return shifted
        if e.func == log and _one_plus_exp(e.args[0]) is not None:     # ln(1 + e^u) without e^u's overflow
            return unary(lambda v: np.logaddexp(0.0, v), self(_one_plus_exp(e.args[0]), row))
        if e.func == log and (_output_a(e.args[0]) or _output_a(1 - e.args[0])):
            found = self._log_output(e.args[0], row)
            if found is not None:
                return found
        if e.func in _UNARY:
            return unary(_UNARY[e.func], self(e.args[0], row))
        if isinstance(e, (Max, Min)):
            fn = np.maximum if isinstance(e, Max) else np.minimum
            out = self(e.args[0], row)
            for arg in e.args[1:]:
                out = self.binary(fn, out, self(arg, row))
            return out
        if isinstance(e, Heaviside):
            h0 = 0.5 if len(e.args) < 2 or e.args[1] == KINK else float(e.args[1])   # lowered code takes H(0) = 1/2
            f = self(e.args[0], row)
            if is_constant(f):
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
        base, off = layer_ref(v.indices[0])
        self.reads.add(("w", base, off))
        self.weight = lookup(S_W, base, off, "w")
        return self(term.xreplace({v: WEIGHT}), None)

    @staticmethod
    def binary(fn, f, g):
        if is_constant(f) and is_constant(g):
            return float(fn(f, g))
        if is_constant(f):
            return lambda S, l_: fn(f, g(S, l_))
        if is_constant(g):
            return lambda S, l_: fn(f(S, l_), g)
        return lambda S, l_: fn(f(S, l_), g(S, l_))

    def indexed(self, e, row):
        name = kind(e)
        if sample(e) is not None:
            self.column(e)
            e = e.base[e.indices[:-1]]
        if name in ("y", "x"):
            if e.indices != (row,):
                raise LoweringError(f"{e}: expected the neuron index {row}")
            slot = S_Y if name == "y" else S_X
            return lambda S, l_: S[slot]
        if name in ("a", "z", "delta", "b"):
            if e.indices[1:] != (row,):
                raise LoweringError(f"{e}: expected the neuron index {row}")
            base, off = layer_ref(e.indices[0])
            self.reads.add((name, base, off))
            return lookup(SLOTS[name], base, off, name)
        if name == "w":
            raise LoweringError(f"{e}: a weight outside a sum over one of its indices")
        raise LoweringError(f"no numpy lowering for {e}")

    def add(self, e, row):
        """Terms with a negative coefficient become subtractions: 1 - a is one operation; 1 - e^u is -expm1(u), which
        keeps its digits where e^u is near 1 (softplus's sigma' = 1 - e^-a at a small a)."""
        rest = 1 - e
        if rest.func == exp:
            return unary(lambda v: -np.expm1(v), self(rest.args[0], row))
        const, pos, neg = 0.0, [], []
        for term in e.args:
            c, rest = term.as_coeff_Mul()
            negative = c < 0
            node = self(-term if negative else term, row)
            if is_constant(node):
                const += -node if negative else node
            else:
                (neg if negative else pos).append(node)
        if pos:
            out = pos[0]
            for f in pos[1:]:
                out = add2(out, f, 1)
        elif neg:
            first = neg.pop(0)
            out = add2(const, first, -1) if const != 0.0 else mul2(first, -1.0)
            const = 0.0
        else:
            return const
        for f in neg:
            out = add2(out, f, -1)
        return add2(out, const, 1) if const != 0.0 else out

    def mul(self, e, row):
        coeff, factors = e.as_coeff_mul()
        logs = [f for f in factors if isinstance(f, log)]
        if len(logs) == 1 and len(factors) > 1:     # u ln v is 0 where u is 0, its limit (numpy: 0 (-inf) is nan),
            rest = self(Mul(coeff, *[f for f in factors if f is not logs[0]]), row)      # as y ln a at a = y = 0
            return self.binary(_times_log, rest, self(logs[0], row))
        logistic = next(((f, g) for f in factors if f.func == exp for g in factors
                         if isinstance(g, Pow) and g.exp.is_Integer and g.exp < 0 and _one_plus_exp(g.base) == f.args[0]),
                        None)
        if logistic:            # e^u / (1 + e^u)^k = 1/(1 + e^-u) (1 + e^u)^(1-k): no inf/inf where |u| is large
            f, g = logistic
            rest = [t for t in factors if t is not f and t is not g]
            u = f.args[0]
            return self(Mul(coeff, *rest, Pow(1 + exp(-u), -1), Pow(g.base, g.exp + 1)), row)
        num, den = [], []
        for f in factors:
            if isinstance(f, Pow) and f.exp.is_Integer and f.exp < 0:
                den.append(self(Pow(f.base, -f.exp), row))
            else:
                num.append(self(f, row))
        out = None
        for f in num:
            out = f if out is None else mul2(out, f)
        d = None
        for f in den:
            d = f if d is None else mul2(d, f)
        c = float(coeff)
        if out is None:
            out = c
        elif c != 1.0:
            out = mul2(out, c)
        return out if d is None else div2(out, d)

    def _log_output(self, e, row):
        """ln a^L_k or ln(1 - a^L_k) from z^L, where a^L_k rounds to 0 or 1 (ln of it is -inf, the cost's term
        finite): for a sigmoid output -ln(1 + e^-z) and -ln(1 + e^z); for a softmax z - lse(z), and for 1 - a the
        log-sum-exp of the other outputs' z minus lse(z). None for another output."""
        complement = not _output_a(e)
        q = 1 - e if complement else e
        self(q, row)                                        # the neuron index checked
        base, off = layer_ref(q.indices[0])
        self.reads.add(("z", base, off))
        z_of = lookup(S_Z, base, off, "z")
        if self.network.output is None and self.network.activation.name == "sigmoid":
            sign = 1.0 if complement else -1.0
            return lambda S, l_: -np.logaddexp(0.0, sign * z_of(S, l_))
        if self.network.output != "softmax":
            return None

        def ln(S, l_):
            z = z_of(S, l_)
            total = np.logaddexp.reduce(z, axis=0, keepdims=True)
            if not complement:
                return z - total
            out = np.log1p(-np.exp(np.minimum(z - total, np.log(0.5))))   # a <= 1/2 but at the largest z
            top, columns = z.argmax(axis=0), np.arange(z.shape[1])
            others = z.copy()
            others[top, columns] = -np.inf
            out[top, columns] = np.logaddexp.reduce(others, axis=0) - total[0]
            return out
        return ln

    def pow(self, e, row):
        base, ex = e.base, e.exp
        if ex.is_Integer and ex < 0:
            return div2(1.0, self(Pow(base, -ex), row))
        f = self(base, row)
        if ex == 2:
            return unary(np.square, f)
        if ex == Integer(1) / 2:
            return unary(np.sqrt, f)
        g = self(ex, row)
        if is_constant(g):
            return unary(lambda v: np.power(v, g), f) if not is_constant(f) else float(f ** g)
        return self.binary(np.power, f, g)

    def column(self, q):
        """A mini-batch quantity's sample index is the column axis: one index throughout (the free
        one, or the one a sum over the samples binds)."""
        s = sample(q)
        if not s.is_Symbol or self.sample not in (None, s):
            raise LoweringError(f"{q}: the sample index must be the batch's column, {self.sample or 'a letter'}")
        self.sample = s

    def sum(self, e, row):
        """Sum over one neuron index: a matrix product when the summand holds a weight
        w[X, k, row] (transposed) or w[X, row, k], else a reduction over the neurons; a sum over
        the samples of a mini-batch (1..M) adds up the columns."""
        if len(e.limits) != 1:                  # sympy's one Sum of several: the last limit outermost
            return self.summed(Sum(e.function, *e.limits[:-1]), e.limits[-1], row, e)
        return self.summed(e.function, e.limits[0], row, e)

    def summed(self, function, limit, row, e):
        """The sum of function over one limit (var, lo, hi), e the sum as written."""
        var, lo, hi = limit
        if lo != 1:
            raise LoweringError(f"{e}: a sum must start at 1")
        if hi == M:
            outside, self.sample = self.sample, var
            g = self(function, row)
            self.sample = outside
            if is_constant(g):
                raise LoweringError(f"{e}: a sum of a constant over the batch is not supported")
            return lambda S, l_: g(S, l_).sum(axis=1, keepdims=True)
        inner, outer = [], []
        for f in Mul.make_args(function):
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
            base, off = layer_ref(lay)
            self.reads.add(("w", base, off))
            W = lookup(S_W, base, off, "w")
            if (r, c) == (var, row):              # Sum_k w[X,k,j] g_k = (W^T g)_j
                if hi != n(lay):
                    raise LoweringError(f"{e}: the sum runs over 1..{hi}, the weight's rows over 1..{n(lay)}")
                inner_node = (lambda S, l_: W(S, l_).T @ g(S, l_)) if not is_constant(g) else None
            elif (r, c) == (row, var):            # Sum_k w[X,j,k] g_k = (W g)_j
                if hi != n(lay - 1):
                    raise LoweringError(f"{e}: the sum runs over 1..{hi}, the weight's columns over 1..{n(lay - 1)}")
                inner_node = (lambda S, l_: W(S, l_) @ g(S, l_)) if not is_constant(g) else None
            else:
                raise LoweringError(f"{e}: the weight {wt} is not indexed by ({var}, {row})")
            if inner_node is None:
                raise LoweringError(f"{e}: a sum of weights alone is not supported")
        else:
            if is_constant(g):
                raise LoweringError(f"{e}: a sum of a constant is not supported")
            inner_node = lambda S, l_: g(S, l_).sum(axis=0, keepdims=True)
        return mul2(self(Mul(*outer), row), inner_node) if outer else inner_node
