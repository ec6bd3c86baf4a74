"""Derivatives as read: dF/dV in every notation, with its meaning checked as the model's rule says: V a variable
(w, b, z or a), F a function of it (dF/dV has no meaning where V is computed from F), decided from the layers as
written."""
from lark import v_args
from sympy import Dummy, Indexed, Sum

from ..model.network import not_a_function
from ..model.symbols import C, L, Partial, kind, layer, order
from . import vectors
from .common import show
from .errors import ParseError


class DerivativeReader:
    """The Builder's derivatives (a mixin of the lark Transformer)."""

    @v_args(meta=True)
    def partial_latex(self, meta, items):
        return self.partial(items[0], items[1], meta.column)

    @v_args(meta=True)
    def partial_ascii(self, meta, items):
        return self.partial(items[0], items[1], meta.column)

    @v_args(meta=True)
    def partial_of(self, meta, items):
        return self.partial(items[1], items[0], meta.column)

    def partial(self, f, v, column):
        """dF/dV, with the meaning checked: V a variable, F a function of it."""
        if isinstance(f, vectors.Vec):
            raise ParseError("only the cost C is differentiated here; write the vector by components", column)
        if isinstance(v, vectors.Vec):
            if f != C:
                raise ParseError("only the cost C is differentiated by a whole vector or matrix", column)
            if kind(v.comp(Dummy(integer=True), Dummy(integer=True))) not in ("w", "b", "z", "a"):     # x, y
                raise ParseError("derive differentiates with respect to w, b, z or a, not x or y", column)
            return vectors.partial_cost(v)
        quantities = _quantities(f)
        if kind(v) not in ("w", "b", "z", "a"):
            self.issues.append((f"derive differentiates with respect to w, b, z or a, not {show(v)}", column))
        elif any(kind(q) == "delta" for q in quantities):
            self.issues.append(("second derivatives are not supported: write dC/dz instead of delta", column))
        elif isinstance(f, Indexed) and _not_a_function(f, v):
            self.issues.append((_not_a_function(f, v), column))
        elif quantities and not_a_function(f, v, _before):      # of such quantities and y alone
            what = "the sum" if f.has(Sum) else show(f)            # a sum's range is not known yet
            self.issues.append((f"{what} is a function of {', '.join(map(show, quantities))} alone, and "
                                f"{next(filter(None, (_not_a_function(q, v) for q in quantities)))}", column))
        return Partial(f, v)


def _quantities(f):
    """The network quantities f names outside its derivatives, in a fixed order."""
    if isinstance(f, Indexed):
        return [f]
    if isinstance(f, Partial) or not f.args:
        return []
    return sorted({q for t in f.args for q in _quantities(t)}, key=str)


def _not_a_function(f, v):
    """Why the quantity f is not a function of the variable v (df/dv has no meaning; the model's rule), or None."""
    if not not_a_function(f, v, _before):
        return None
    if kind(f) in ("z", "a"):
        return f"{show(f)} comes before {show(v)} in the network, so it is not a function of it"
    return f"{show(f)} is a parameter of the network, not a function of {show(v)}: d{show(f)}/d{show(v)} has no meaning"


def _before(q, v):
    """q comes before v (True) or not (False) where the layers as written decide it: they differ by a number,
    or one is L + c and the other at most L, as the layer of every quantity is (b^l comes before z^L; a^l and
    z^L are not decided: a^L comes after z^L); None elsewhere (the reader decides no other inequality)."""
    e = order(q) - order(v)
    if e.is_number:
        return bool(e < 0)
    offset = e - 2 * (layer(q) - layer(v))          # the kinds' places within a layer
    most, least = 2 * (L - layer(v)) + offset, 2 * (layer(q) - L) + offset      # at q's, v's layer L
    return True if most.is_number and most < 0 else False if least.is_number and least >= 0 else None
