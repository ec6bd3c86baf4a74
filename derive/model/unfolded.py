"""sympy's Sum, made to fold no guard out of an inner sum (installed once, by derive.model).

When sympy builds a Sum (Product, Integral), it folds every Piecewise of the summand that names the
summation index to the top (`piecewise_fold`), and it does so through the inner sums of the summand,
bound indices and all (sympy issue 12631): Σ_k -Σ_m [m ≤ 40] (b_m - b_k) is built as
Σ_k [m ≤ 40] (-Σ_m (b_m - b_k)), with m free. A guard that only multiplies an inner sum's terms is
left where it stands here: the inner sums are hidden from the fold, so only a Piecewise of the outer
summand's own moves, as sympy means it to. Nothing else changes, and leaving a guard inside its sum
never changes a value.
"""
from sympy import Basic, Dummy, Piecewise, S, Tuple
from sympy.core.relational import Equality
from sympy.concrete import expr_with_limits
from sympy.concrete.expr_with_limits import ExprWithLimits
from sympy.core.sympify import _sympify


LIMITS = {}             # (class, the limits as given, assumptions) -> sympy's (limits, orientation), once a process
MAX_LIMITS = 20_000


def install():
    """Wrap sympy's construction of sums (kept once a process)."""
    original = getattr(expr_with_limits, "_common_new", None)
    if original is None:
        raise ImportError("derive needs the sympy Sum construction it was built on (sympy 1.12 to 1.14)")
    if getattr(original, "keeps_inner_guards", False):
        return

    def common_new(cls, function, *symbols, **assumptions):
        function = _sympify(function)          # strict: never a string
        while type(function) is cls:           # sympy's own first step: Σ_k Σ_m f is one Sum over m and k
            symbols = tuple(function.limits) + tuple(symbols)
            function = function.function
        if not symbols:
            return original(cls, function, *symbols, **assumptions)     # sympy's, as they stand
        if _unfoldable(function, symbols):         # nothing to hide, nor to fold: sympy's limits, the summand itself
            if not isinstance(function, Equality) and function is not S.NaN:
                key = (cls, tuple(tuple((type(t), t) for t in s) for s in symbols),
                       tuple(sorted(assumptions.items())))
                if key not in LIMITS:
                    placeholder = Dummy()
                    made = original(cls, placeholder, *symbols, **assumptions)
                    if not (isinstance(made, tuple) and made[0] is placeholder):
                        return original(cls, function, *symbols, **assumptions)
                    if len(LIMITS) > MAX_LIMITS:       # a long session's memory stays bounded
                        LIMITS.clear()
                    LIMITS[key] = tuple(made[1]), made[2]
                limits, orientation = LIMITS[key]
                return function, list(limits), orientation
            return original(cls, function, *symbols, **assumptions)
        hidden = {t: Dummy() for t in _inner(function)}
        if not hidden:
            return original(cls, function, *symbols, **assumptions)
        made = original(cls, function.xreplace(hidden), *symbols, **assumptions)
        back = {d: t for t, d in hidden.items()}
        if isinstance(made, tuple):
            folded, limits, orientation = made
            return folded.xreplace(back), limits, orientation
        return made.xreplace(back)

    common_new.keeps_inner_guards = True
    expr_with_limits._common_new = common_new


def _unfoldable(function, symbols):
    """Hiding the inner sums changes nothing: sympy folds only a Piecewise (none in the summand), and the limits
    are plain (var, lo, hi), which sympy substitutes nothing for (a Range's step would). sympy then reads the limits
    alone (asked with a placeholder summand, which it hands back untouched; kept once a process for the limits as
    given, each element with its type) and keeps the summand as it is."""
    return all(isinstance(s, (tuple, Tuple)) and len(s) == 3 and not any(isinstance(t, (tuple, list, Tuple)) for t in s)
               for s in symbols) and not function.has(Piecewise)


def _inner(e):
    """The outermost sums (products, integrals) inside e."""
    found, todo = [], [e]
    while todo:
        t = todo.pop()
        if isinstance(t, ExprWithLimits):
            found.append(t)
        elif isinstance(t, Basic):
            todo.extend(t.args)
    return found
