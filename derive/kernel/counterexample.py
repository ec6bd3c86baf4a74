"""A counterexample, evaluated by the kernel: both sides of an equality instantiated on a concrete
net at the point of a seed (model/numeric.py, 40 digits; none where a side divides by 0 or takes
the log of 0 outside its sums, which an empty sum written out as 0 would hide), their common terms cancelled; what is
left counts when it exceeds 1e-12 of the terms' sizes and 1e-15, there and with 40 and 80 more
digits, and the last two agree to 1e-6 (a difference that rounding made shrinks or moves with the
digits), and so do the arguments of its jumps (sgn, the step function, max, min, sigma); the numbers kept are
those of 80 more digits (mpmath's, never rounded to float64, whose range ends at 1e308). Each of the three has
besides the digits that what its value rests on needs (`headroom`)."""
import mpmath
from sympy import Add, Heaviside, Max, Min, Mul, Pow, Sum, exp, expand, log, sign, tanh

from ..model.instances import Undefined, contains, instantiate
from ..model import numeric
from ..model.symbols import L, M, N, Partial, dsigma, free_symbols, lam, sigma
from .formed import meaningless
from .verdict import Counterexample

RELATIVE, ABSOLUTE = 1e-12, 1e-15   # two numbers differ beyond both
MORE, STABLE = 40, 1e-6             # extra digits of the later evaluations; how far their differences may part
ZERO = 1e-20                        # a denominator that shrinks so much with 40 more digits is 0 (rounding)
NONZERO = 1e-10                     # a denominator larger than this at 40 digits is not 0
MAX_POINTS = 64                     # points a kernel keeps (each caches its values, digits in the key)
SATURATED, MAX_HEADROOM = 20, 4000  # digits (of 40) a value may lose at no cost; the most digits headroom adds


def evaluate(network, lhs, rhs, domain, candidate, points=None):
    """The Counterexample at candidate (widths, {index: value}, seed), or None. `points` keeps the
    kernel's own points ({(widths, seed, batch): Point}, on this network) for the next evaluation."""
    widths, env, seed = candidate
    widths = tuple(widths)
    if not contains(domain, widths, env):
        return None
    try:
        point = _point(network, widths, seed, env.get(M), {} if points is None else points)
        u, v = instantiate(lhs, env, widths), instantiate(rhs, env, widths)
        if meaningless(u) or meaningless(v):        # dz^2/da^3 is no 0: no number
            return None
        parts = Add.make_args(expand(u - v))
        extra = headroom(point, parts)
        if extra is None or _no_value(point, (lhs, rhs), env, widths, extra):
            return None
        first = _difference(point, parts, u, v, extra)
        second = first and _difference(point, parts, u, v, extra + MORE)
        third = second and _difference(point, parts, u, v, extra + 2 * MORE)
    except (Undefined, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not third or abs(third[0] - second[0]) > STABLE * abs(third[0]) or _unsettled(point, (u, v), extra):
        return None
    difference, left, right = third
    params = point.parameters() if sum(a * b + a for a, b in zip(widths[1:], widths)) <= 200 else None
    return Counterexample(widths, {str(s): int(t) for s, t in env.items()}, seed, network.activation.name,
                          network.cost.name, left, right, difference, params)


def headroom(point, parts):
    """The digits an evaluation of the instantiated terms `parts` needs beyond 40, where rounding would
    lose what the value rests on: a term of a sum inside a term that is smaller than the sum's largest
    (1 + 1e-191 is 1 at 120 digits), e^t, sigma(t), sigma'(t) and tanh(t) next to their limits for large
    |t| and next to their value at 0 for tiny t (1 - sigma(400) and e^(1e-130) - 1 are 0 at 120 digits),
    twice |t|/ln 10 and -log10 |t| digits, and log(t) next to 0 for t next to 1. e^t, tanh(t) and log(t)
    that only multiply a term keep their digits (e^5000 b is e^5000 times b to every digit). Twice that
    when a derivative is differenced. None beyond MAX_HEADROOM."""
    need = 0
    for part in parts:
        for e, bare in _placed(part, True):
            if isinstance(e, (exp, tanh, log)) and bare:
                continue
            if isinstance(e, (exp, tanh, sigma, dsigma, log)):
                need = max(need, _lost(point, e))
            elif isinstance(e, Add) and not bare:
                need = max(need, _span(point, e))
    if need <= SATURATED:
        return 0
    extra = MORE * int(mpmath.ceil((2 if any(p.has(Partial) for p in parts) else 1) * need / MORE))
    return extra if extra <= MAX_HEADROOM else None


def _placed(expr, bare):
    """expr and its subexpressions, each with whether it only multiplies expr (products and whole powers
    all the way down), not inside a sum or a function."""
    yield expr, bare
    whole = isinstance(expr, Mul) or isinstance(expr, Pow) and expr.exp.is_Integer
    for t in (expr.args[:1] if isinstance(expr, Pow) else expr.args):
        yield from _placed(t, bare and whole)
    if isinstance(expr, Pow):
        yield from _placed(expr.exp, False)


def _lost(point, f):
    """The digits f(t) loses to rounding at t (see headroom), twice over: what a value rests on may be of the
    second order (1 - tanh(t) is 2e^(-2t), 1 - tanh(t)^2 and sigma'(t) - sigma'(0) go as e^(-2|t|) and t^2)."""
    t = point.value(f.args[0])
    t = t - 1 if isinstance(f, log) else t
    if not isinstance(t, mpmath.mpf) or t == 0:
        return 0
    return 2 * max(-mpmath.log10(abs(t)), 0 if isinstance(f, log) else abs(t) / mpmath.log(10))


def _span(point, s):
    """The digits between the largest and the smallest term of the sum s (see headroom)."""
    sizes = [abs(v) for v in (point.value(t) for t in s.args) if isinstance(v, mpmath.mpf) and v != 0]
    return mpmath.log10(max(sizes) / min(sizes)) if len(sizes) > 1 else 0


def _no_value(point, sides, env, widths, extra=0):
    """A division by 0 or a log of 0 in a side, outside its sums, at the point: written out, a factor 0
    (an empty sum) would hide it (sympy makes 0 / (1 - a^L_1) 0, where a^L_1 = 1)."""
    known = set(env) | {L, M, lam, N}
    for t in _outside_sums(sides):
        base = t.base if isinstance(t, Pow) and t.exp.is_negative else t.args[0] if isinstance(t, log) else None
        if base is None or not {s for s in free_symbols(base) if s.is_integer} <= known:
            continue
        try:
            at = instantiate(base, env, widths)
            v = point.value(at, more=extra)
            if isinstance(v, mpmath.mpf) and abs(v) > NONZERO:       # no rounding leaves this much
                continue
            more = point.value(at, more=extra + MORE)
        except (Undefined, ValueError, ZeroDivisionError, OverflowError):
            continue
        if isinstance(more, mpmath.mpf) and (more == 0 or abs(more) <= ZERO * abs(v)):
            return True             # 0, or only rounding: it shrinks with the digits (1 - sigma(80) stays 1.8e-35)
    return False


def _unsettled(point, sides, extra=0):
    """A jump or a flat stretch (sgn, the step function, max and min, and sigma, whose formula may hold
    them: relu) whose argument moves with the digits: rounding made its side (sgn(e^365 (log(e^b) - b) + 1)
    is sgn of -1e117 at 40 digits, of 1 exactly)."""
    for t in {t for side in sides for j in side.atoms(sign, Heaviside, Max, Min, sigma, dsigma) for t in j.args
              if not t.is_number}:
        try:
            first, second = point.value(t, more=extra + MORE), point.value(t, more=extra + 2 * MORE)
        except (ValueError, ZeroDivisionError, OverflowError):
            return True
        if not (isinstance(first, mpmath.mpf) and isinstance(second, mpmath.mpf)) or \
                abs(first - second) > STABLE * abs(second):
            return True
    return False


def _outside_sums(exprs):
    """The subexpressions of exprs that no sum encloses (an empty sum is 0, whatever its term)."""
    for e in exprs:
        yield e
        if not isinstance(e, Sum):
            yield from _outside_sums(e.args)


def _point(network, widths, seed, size, points):
    key = (widths, seed, size)
    if key not in points:
        if len(points) > MAX_POINTS:
            points.clear()
        points[key] = numeric.point(widths, network, seed, size)
    return points[key]


def _difference(point, parts, u, v, more):
    """(difference, left, right) with `more` digits when the sides differ beyond the tolerance, else None."""
    terms = [point.value(t, more=more) for t in parts]
    left, right = point.value(u, more=more), point.value(v, more=more)
    if not all(isinstance(t, mpmath.mpf) and mpmath.isfinite(t) for t in terms + [left, right]):
        return None
    difference = mpmath.fsum(terms)
    if abs(difference) <= RELATIVE * mpmath.fsum(abs(t) for t in terms) or abs(difference) <= ABSOLUTE:
        return None
    return difference, left, right
