"""The parse tree -> sympy: every name validated against the vocabulary, numbers built from their
digits, the column of every quantity and every problem of meaning recorded; nothing is evaluated."""
import re

from lark import Token, Transformer, Tree, v_args
from sympy import (E, Abs, And, Dummy, Integer, KroneckerDelta, Mul, Piecewise, Pow, Rational, Symbol, exp, log,
                   sign, sqrt, tanh)
from sympy import im as imaginary_part, re as real_part

from ..model.activations import step
from ..model.symbols import (C, C0, L, M, N, lam, a, b, delta, dsigma, fresh_index, kind, l, n, sigma, w, x, y,
                             z)
from . import vectors
from .common import GREEK, UNICODE_GREEK, letters, numeral, scalar, unell
from .derivatives import DerivativeReader
from .errors import ParseError
from .sums import SumReader
from .values import nonnegative, values_kept

LAYERED = {"w": w, "b": b, "z": z, "a": a, "\\delta": delta, "delta": delta, "δ": delta}
# how many subscripts a quantity takes: its neuron indices, then a sample index in a mini-batch
ARITY = {"w": (2,), "b": (1,), "z": (1, 2), "a": (1, 2), "delta": (1, 2), "x": (1, 2), "y": (1, 2)}
FUNCTIONS = {"exp": exp, "ln": log, "log": log, "tanh": tanh, "H": step, "sgn": sign}
SCRIPT_TOKEN = re.compile(r"\\[a-zA-Z]+|[a-zA-Z]|\d+|[+\-,=]|\s+|.")


def _tokens(raw):
    return [t for t in SCRIPT_TOKEN.findall(raw) if not t.isspace()]


class Builder(SumReader, DerivativeReader, Transformer):
    """Lark tree -> sympy, recording the column of every quantity and every meaning problem."""

    def __init__(self, text):
        super().__init__()
        self.text = text
        self.issues = []
        self.where = []                 # [(quantity, column, position)] in reading order
        self.sums = []                  # [(start, end, index, lo, hi)]: where each sum stands, and its range
        self.given = {}                 # the top of a sum without bounds -> the range resolve_ranges gave it
        self.vectors = []               # [(IndexedBase, layer, of a batch, column)]: the vectors and matrices read
        self.batch = None               # the column of the first M read
        self.layer_indices = []         # [(symbol, column)]: a letter as a layer, which a sum must bind
        self.shadowing = set()          # columns of the sums whose index an inner sum binds again

    # --- scripts --------------------------------------------------------------------------
    def layer(self, raw, column):
        toks = _tokens(raw)
        if not toks:
            raise ParseError("an empty layer", column)
        head, rest = toks[0], toks[1:]
        if head in ("l", "\\ell"):
            base = l
        elif head == "L":
            base = L
        elif numeral(head) and len(head) <= MAX_DIGITS:
            base = Integer(int(head))
        elif len(head) == 1 and head.isalpha() and head.isascii() and head not in "dnM":
            base = Symbol(head, integer=True)
            self.layer_indices.append((base, column))
        else:
            raise ParseError(f"{head!r} is not a layer (use l, l+1, l-1, L, L-1 or a number)", column)
        if not rest:
            return base
        if len(rest) == 2 and rest[0] in "+-" and numeral(rest[1]):
            return base + Integer(int(rest[1])) if rest[0] == "+" else base - Integer(int(rest[1]))
        raise ParseError(f"{raw!r} is not a layer (use l, l+1, l-1, L, L-1 or a number)", column)

    def indices(self, raw, column, count=None, single=False):
        """Neuron indices; digits are one number each (w^l_{12} is w^l_{1,2}) unless separated by
        commas or the quantity has a single index (b^l_{12})."""
        out = []
        single = single or count == 1 or "," in raw
        for t in _tokens(raw):
            if t == ",":
                continue
            if numeral(t):
                if len(t) > MAX_DIGITS:
                    raise ParseError(f"the index {t[:20]}... has more than {MAX_DIGITS} digits", column)
                out += [Integer(int(t))] if single else [Integer(int(ch)) for ch in t]
            elif t.startswith("\\") and t[1:] in GREEK:
                out.append(Symbol(t[1:], integer=True))
            elif t in UNICODE_GREEK:
                out.append(Symbol(UNICODE_GREEK[t], integer=True))
            elif t == "M":
                raise ParseError("M is the size of a mini-batch, not an index (the samples are s = 1..M)", column)
            elif t in ("C", "N"):       # a sum over C would read C in its term as the cost, not as its index
                raise ParseError(f"{t} is {'the cost' if t == 'C' else 'the number of training inputs'}, not an index "
                                 f"(use letters such as j, k, i)", column)
            elif t in ("x", "y"):       # a^L_y reads as the label's output in the book; derive's y is a vector
                hint = "" if t == "x" else "; -ln a^L_y of a one-hot y is -sum_j y_j ln a^L_j"
                raise ParseError(f"{t} is the {'input' if t == 'x' else 'target'} vector ({t}_j), not an index (use "
                                 f"letters such as j, k, i{hint})", column)
            elif len(t) == 1 and t.isascii() and t.isalpha() and t not in "lLdne":      # e is Euler's number; λ is λ
                out.append(Symbol(t, integer=True))
            else:
                raise ParseError(f"{t!r} is not a neuron index (use letters such as j, k, i, or numbers)", column)
        if count is not None and len(out) != count:
            raise ParseError(f"expected {count} neuron ind{'ex' if count == 1 else 'ices'}, found {len(out)}", column)
        return out

    def arity(self, name, idx, column):
        """w takes 2 neuron indices, b 1; z, a, delta, x and y a neuron index, and a sample in a mini-batch."""
        allowed = ARITY[LAYERED[name].name if name in LAYERED else name]
        if len(idx) not in allowed:
            need = {(2,): "2 neuron indices", (1,): "1 neuron index"}.get(
                allowed, "a neuron index, and a sample index in a mini-batch")
            raise ParseError(f"{name.lstrip(chr(92))} takes {need}", column)

    def quantity(self, name, lay, idx, meta):
        column = meta.column
        self.arity(name, idx, column)
        q = LAYERED[name][(lay,) + tuple(idx)]
        if lay.is_number and (int(lay) < (1 if kind(q) == "a" else 2)):
            raise ParseError(f"layer {lay} has no {q.base.name}: layer 1 is the input", column)
        self.where.append((q, column, meta.start_pos))
        return q

    # --- tree nodes -----------------------------------------------------------------------
    @v_args(inline=True)
    def script(self, tok):
        return (str(tok), tok.column)

    @v_args(meta=True)
    def q_up_down(self, meta, items):
        name, (up, c1), (down, c2) = str(items[0]), items[1], items[2]
        return self.quantity(name, self.layer(unell(up), c1), self.indices(down, c2, single=name != "w"),
                             meta)

    @v_args(meta=True)
    def q_down_up(self, meta, items):
        name, (down, c2), (up, c1) = str(items[0]), items[1], items[2]
        return self.quantity(name, self.layer(unell(up), c1), self.indices(down, c2, single=name != "w"),
                             meta)

    @v_args(meta=True)
    def q_brackets(self, meta, items):
        name, raw = str(items[0]), str(items[1])
        parts = [p.strip() for p in raw.split(",")]
        col = items[1].column
        idx = [i for p in parts[1:] for i in self.indices(p, col, 1)]
        return self.quantity(name, self.layer(parts[0], col), idx, meta)

    @v_args(meta=True)
    def q_data(self, meta, items):
        (raw, col) = items[1]
        return self.data(str(items[0]), self.indices(raw, col, single=True), meta)

    @v_args(meta=True)
    def q_data_brackets(self, meta, items):
        col = items[1].column
        idx = [i for p in str(items[1]).split(",") for i in self.indices(p.strip(), col, 1)]
        return self.data(str(items[0]), idx, meta)

    def data(self, name, idx, meta):
        self.arity(name, idx, meta.column)
        q = (y if name == "y" else x)[tuple(idx)]
        self.where.append((q, meta.column, meta.start_pos))
        return q

    @v_args(meta=True)
    def kronecker(self, meta, items):
        (raw, col) = items[1]
        s, t = self.indices(raw, col, 2)
        return KroneckerDelta(s, t)

    def cost(self, items):
        return C

    def cost0(self, items):
        return C0

    def regularization_parameter(self, items):
        return lam

    def training_inputs(self, items):
        return N

    @v_args(meta=True)
    def batch_size(self, meta, items):
        self.batch = self.batch or meta.column
        return M

    def transform(self, tree):
        return super().transform(self.double_bars(tree))

    def double_bars(self, tree):
        """||v||, bars around bars and nothing else, is the norm ‖v‖: of a vector, ‖v‖; of a number, its
        absolute value, which is also what |(|x|)| means (abs(abs(...)) and \\left| stay absolute values)."""
        for node in tree.iter_subtrees():
            inner = _only_child(node.children[0]) if node.data == "absolute" and self.bars(node) else None
            if inner is not None and inner.data == "absolute" and self.bars(inner):
                node.data, node.children = "norm", inner.children
        return tree

    def bars(self, node):
        return self.text[node.meta.start_pos] == "|"

    @v_args(meta=True)
    def absolute(self, meta, items):
        if isinstance(items[0], vectors.Vec):
            raise ParseError("the length |v| of a vector is not read: write its norm squared, ‖v‖^2 (\\|v\\|^2, "
                             "||v||^2 or norm(v)^2), or by components, Σ_j (y_j - a^L_j)^2", meta.column)
        return _abs(items[0])

    @v_args(meta=True)
    def norm(self, meta, items):
        """‖v‖ of a vector, the square root of Σ_j v_j^2 (so ‖v‖^2 is the sum); ‖A‖_F of a matrix, of
        Σ_j Σ_k A_jk^2; of a number, its absolute value. The sums' indices, and those of the matrix products
        inside them, are names the text does not use."""
        v, frobenius = items[0], len(items) > 1
        if not isinstance(v, vectors.Vec):
            return _abs(v)
        try:
            column = Dummy("s" if v.cols == M else "k", integer=True) if frobenius else None
            s = vectors.squared_norm(v, Dummy("j", integer=True), column)
        except vectors.ShapeError as e:
            raise ParseError(str(e), meta.column) from None
        taken = {t for t in s.atoms(Symbol) if not isinstance(t, Dummy)} | letters(self.text)
        names = {}
        for d in sorted(s.atoms(Dummy), key=lambda d: d.dummy_index):
            names[d] = fresh_index(taken, d.name)
            taken.add(names[d])
        return sqrt(s.xreplace(names))

    @v_args(meta=True)
    def diagonal(self, meta, items):
        if not isinstance(items[1], vectors.Vec):
            raise ParseError("Σ' makes a diagonal matrix of a vector, such as Σ'(z^l)", meta.column)
        try:
            return vectors.diagonal(dsigma, items[1])
        except vectors.ShapeError as e:
            raise ParseError(str(e), meta.column) from None

    @v_args(meta=True)
    def width(self, meta, items):
        item = items[0]
        raw, col = item if isinstance(item, tuple) else (str(item), item.column)
        q = n(self.layer(unell(raw), col))
        self.where.append((q, meta.column, meta.start_pos))
        return q

    @v_args(meta=True)
    def iverson(self, meta, items):
        s, t = (self.index_or_layer(tok) for tok in items)
        return KroneckerDelta(s, t)

    def index_or_layer(self, tok):
        """A neuron index, or the layer index l (or L) in a bracket such as [l = m]."""
        return {"l": l, "\\ell": l, "L": L}.get(str(tok)) or self.indices(str(tok), tok.column, 1)[0]

    def range(self, items):
        lo, _, idx, _, hi = items
        var = self.index_or_layer(idx)
        return And(var >= _number(str(lo)), var <= hi)

    def size_range(self, items):
        """[3 ≤ n_l], [2 ≤ l], [l ≤ L]: one bound, as a Kronecker collapse leaves it when the other holds."""
        lo, _, hi = items
        lo = _number(str(lo)) if lo.type == "NUMBER" else self.index_or_layer(lo)
        return lo <= (self.index_or_layer(hi) if isinstance(hi, Token) else hi)

    def range_guard(self, items):
        return Guard(And(*items))

    def range_hi(self, items):
        item = items[0]
        if isinstance(item, Token) and item.type in ("LAST_LAYER", "BATCH"):
            if item.type == "BATCH":
                self.batch = self.batch or item.column
            return L if item.type == "LAST_LAYER" else M
        return _number(str(item)) if isinstance(item, Token) else item

    @v_args(meta=True)
    def square_root(self, meta, items):
        return _root(scalar(items[1], "a square root", meta), Rational(1, 2), meta)

    def euler(self, items):
        return E

    def number(self, items):
        return _number(str(items[0]))

    @v_args(meta=True)
    def fraction(self, meta, items):
        parts = [scalar(item, "a fraction", meta) for item in items]
        return values_kept(parts[0] / parts[1], parts, meta)

    @v_args(meta=True)
    def fraction_digits(self, meta, items):
        """TeX's \\frac with one token for an argument, as TeX takes it: a digit (\\frac12, \\frac1{2N},
        \\frac{\\lambda}2, \\frac 1 2), λ, N or M (\\frac1N, \\frac\\lambda N); what follows is a factor
        of its own (\\frac12N^2 is N^2/2). A number of two digits after a group (\\frac{1}23) is refused."""
        if any(isinstance(t, str) and not (len(t) == 1 and numeral(t)) for t in items):
            raise ParseError("\\frac takes two groups, or one token for each: \\frac{...}{...}, \\frac12, "
                             "\\frac1N", meta.column)
        top, bottom = (Integer(int(t)) if isinstance(t, str) else t for t in items)
        return scalar(top, "a fraction", meta) / scalar(bottom, "a fraction", meta)

    def paren(self, items):
        return items[0]

    def exponent(self, items):
        item = items[0]
        if isinstance(item, Token) and item.type == "TRANSPOSE":
            return "T"
        return _number(str(item)) if isinstance(item, Token) else item

    @v_args(meta=True)
    def power(self, meta, items):
        if len(items) == 1:
            return items[0]
        if isinstance(items[0], Guard):
            items = [items[0].alone()] + items[1:]
        exponent = items[2]
        if exponent == "T":
            if items[0] == 1:                 # 1^T, the row of M ones: b^l 1^T has b^l in every column
                return vectors.ones_row()
            if not isinstance(items[0], vectors.Vec):
                raise ParseError("only a vector or matrix has a transpose", meta.column)
            return vectors.transpose(items[0])
        if isinstance(items[0], vectors.Vec):
            raise ParseError("powers of vectors are not defined; use ⊙", meta.column)
        if items[0] == E:                                    # e^{z^L_j} is exp(z^L_j)
            power = scalar(exponent, "an exponent", meta)
            return values_kept(exp(power), [power], meta)
        if not exponent.is_number or abs(exponent) > MAX_EXPONENT:
            raise ParseError(f"exponents are numbers up to {MAX_EXPONENT}", meta.column)
        return _root(items[0], exponent, meta)

    @v_args(meta=True)
    def term(self, meta, items):
        return self.product(items, meta)

    def product(self, items, meta):
        """The factors of a product, multiplied as one Mul (as printed: 2 (b + 4) x is not
        distributed); vectors and matrices by vectors.py, left to right; ⊙ binds less tightly than
        the products around it (σ'(z) ⊙ W^T δ is σ'(z) ⊙ (W^T δ))."""
        cuts = [t for t, item in enumerate(items) if isinstance(item, Token) and item.type == "ODOT"]
        if cuts:
            groups = [items[u + 1:v] for u, v in zip([-1] + cuts, cuts + [len(items)])]
            out = self.product(groups[0], meta)
            try:
                for group in groups[1:]:
                    out = vectors.hadamard(out, self.product(group, meta))
            except vectors.ShapeError as e:
                raise ParseError(str(e), meta.column) from None
            return out
        factors, op = [], None
        try:
            for t, item in enumerate(items):
                if isinstance(item, Token):
                    op = item.type
                    continue
                last = isinstance(item, Guard)
                if last:                # [1 ≤ j ≤ n_l] takes the rest of the product as its value
                    value = self.product(items[t + 1:], meta)     # with its operator: [c]/x is [c] (1/x)
                    item = Piecewise((scalar(value, "a range bracket", meta), item.cond), (Integer(0), True))
                if isinstance(item, vectors.Vec) or any(isinstance(f, vectors.Vec) for f in factors):
                    out = factors[0] if len(factors) == 1 else Mul(*factors)
                    if op == "DIV":
                        raise ParseError("division by a vector is not defined", meta.column)
                    else:
                        out = vectors.product(out, item)
                    factors = [out]
                else:
                    factors.append(Pow(item, -1) if op == "DIV" else item)
                op = None
                if last:
                    break
        except vectors.ShapeError as e:
            raise ParseError(str(e), meta.column) from None
        return factors[0] if len(factors) == 1 else values_kept(Mul(*factors), factors, meta)

    @v_args(meta=True)
    def sum(self, meta, items):
        out, sign = None, 1
        try:
            for item in items:
                if isinstance(item, Token):
                    sign = -1 if str(item) == "-" else 1
                    continue
                if out is None:
                    out = vectors.product(sign, item) if isinstance(item, vectors.Vec) else sign * item
                elif isinstance(out, vectors.Vec) or isinstance(item, vectors.Vec):
                    out = vectors.add(out, item, sign)
                else:
                    out = out + sign * item
                sign = 1
        except vectors.ShapeError as e:
            raise ParseError(str(e), meta.column) from None
        return values_kept(out, items, meta)

    def start(self, items):
        sides = [e for e in items if not isinstance(e, Token)]
        vecs = [isinstance(e, vectors.Vec) for e in sides]
        if any(vecs):
            if not all(vecs):
                raise ParseError("one side is a vector or matrix and the other is not")
            try:
                return vectors.components(sides)
            except vectors.ShapeError as e:
                raise ParseError(str(e)) from None
        return sides

    @v_args(meta=True)
    def q_vector(self, meta, items):
        name, (up, column) = str(items[0]), items[1]
        lay = self.layer(unell(up), column)
        self.vectors.append((w if name == "w" else vectors.BASES[name], lay, False, column))
        return vectors.quantity(name, lay)

    def nabla(self, items):
        return vectors.nabla_a_cost()

    @v_args(meta=True)
    def q_matrix(self, meta, items):
        name, (up, column) = str(items[0]), items[1]
        lay = self.layer(unell(up), column)
        self.vectors.append((vectors.BATCHED[name], lay, True, column))
        return vectors.batch_matrix(name, lay)

    def q_data_matrix(self, items):
        name = str(items[0])
        self.vectors.append((x if name == "X" else y, 1 if name == "X" else None, True, items[0].column))
        return vectors.data_matrix(name)

    def q_data_vector(self, items):
        name = str(items[0])
        self.vectors.append((x if name == "x" else y, 1 if name == "x" else None, False, items[0].column))
        return vectors.data_vector(name)

    def nabla_batch(self, items):
        return vectors.nabla_batch_cost()

    @v_args(meta=True)
    def call(self, meta, items):
        name, arg = str(items[0]).replace(" ", ""), items[1]
        arg = _number(str(arg)) if isinstance(arg, Token) else arg
        if "sigma" in name or "σ" in name:
            func = dsigma if ("'" in name or "prime" in name or "′" in name) else sigma
        else:
            func = FUNCTIONS[re.sub(r"^\\(operatorname|mathrm)\{(\w+)\}$", r"\2", name).lstrip("\\")]
        def applied(t):
            return values_kept(func(t), [t], meta, {t} if func == log and not t.is_number and t.is_positive is not True
                               else ())
        return vectors.apply(applied, arg) if isinstance(arg, vectors.Vec) else applied(arg)

    bare_call = call

def _root(base, exponent, meta):
    """base^exponent, where a negative number has no root: sympy's sqrt(-1) is i, and i^2 = -1 would
    make \\sqrt{-1}^2 = -1 true."""
    if base.is_number and base.is_negative and not exponent.is_integer:
        raise ParseError("a side is not a real number: a root of a negative number", meta.column)
    whole = exponent.is_integer is True or nonnegative(base)
    return values_kept(base ** exponent, [base], meta, () if whole else {base})


def even_powers(expr):
    """expr with |t|^2 written t^2 (an even power) for a real t, wherever sympy made one: (|a| b)^2 and |a| |a|
    are |a|^2 b^2 and |a|^2, which would print |a|^2 and read back as a^2."""
    return expr.replace(lambda e: isinstance(e, Pow) and isinstance(e.base, Abs) and e.exp.is_even and _real(e.base.args[0]),
                        lambda e: e.base.args[0] ** e.exp)


def _real(t):
    """t is real wherever it has a value: no root or power that is not whole, no log (|√(-1 - b^2)|^2 is
    not -1 - b^2)."""
    return not t.has(log) and all(p.exp.is_Integer for p in t.atoms(Pow))


def _abs(e):
    """|e|, the same expression however it is written: sympy makes |-|b|| Abs(Abs(b)), which its
    printed form, abs(abs(b)), reads back as Abs(b); and |e^t| e^(re(t)) for a t it does not know to be
    real, where every quantity of derive is real: e^t, which derive reads and prints."""
    out = Abs(e)
    if out.has(real_part, imaginary_part):
        out = out.replace(real_part, lambda t: t).replace(imaginary_part, lambda t: Integer(0))
    return out.args[0] if isinstance(out, Abs) and isinstance(out.args[0], Abs) else out


def _only_child(tree):
    """The one factor a group holds, through the sum, product and power of one item each (else None)."""
    while isinstance(tree, Tree) and tree.data in ("sum", "term", "power") and len(tree.children) == 1:
        tree = tree.children[0]
    return tree if isinstance(tree, Tree) else None


class Guard:
    """A range bracket [1 ≤ j ≤ n_l] as read: in a product it takes the factors after it as its
    value, Piecewise((value, 1 ≤ j ≤ n_l), (0, True)), as derive prints a range guard."""

    def __init__(self, cond):
        self.cond = cond

    def alone(self):
        return Piecewise((Integer(1), self.cond), (Integer(0), True))


MAX_DIGITS, MAX_EXPONENT = 15, 64


def _number(digits):
    if len(digits.replace(".", "")) > MAX_DIGITS:
        raise ParseError(f"the number {digits[:20]}... has more than {MAX_DIGITS} digits")
    if "." in digits:
        whole, frac = digits.split(".")
        return Integer(int(whole)) + Rational(int(frac), 10 ** len(frac))
    return Integer(int(digits))

