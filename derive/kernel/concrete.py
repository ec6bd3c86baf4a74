"""Concrete instances: a network of given widths written out explicitly with sympy.

Every z, a and C becomes an expression in the leaves w, b, x, y; dF/dV is sympy's own
derivative of F written as a function of V's layer (the layers before V cut off).
"""
from functools import lru_cache

from sympy import Add, Indexed, Integer, Max, Min, preorder_traversal, Sum, cancel, diff, expand, together

from ..model.symbols import C, L, Partial, a, dsigma, kind, layer, n, normalize_derivatives, sigma, w, b, x, y, z


class Undefined(ValueError):
    """A quantity, a width or a range that the concrete network does not have."""


def assignments(domain, widths):
    """Every value of the free indices allowed by the domain on a net of these widths, as a list."""
    return list(each(domain, widths))


def each(domain, widths, env=None, reverse=False):
    """The same assignments one at a time, in order (the last index fastest) or reversed."""
    env = env or {}
    if not domain:
        yield dict(env)
        return
    (sym, lo, hi), rest = domain[0], domain[1:]
    values = range(bound(lo, env, widths), bound(hi, env, widths) + 1)
    for v in (reversed(values) if reverse else values):
        yield from each(rest, widths, {**env, sym: Integer(v)}, reverse)


def count(domain, widths, env=None):
    """How many assignments there are, without listing them."""
    env = env or {}
    if not domain:
        return 1
    (sym, lo, hi), rest = domain[0], domain[1:]
    low, high = bound(lo, env, widths), bound(hi, env, widths)
    if not any(sym in e.free_symbols for d in rest for e in d[1:]):
        return max(0, high - low + 1) * count(rest, widths, env)     # the rest does not depend on sym
    return sum(count(rest, widths, {**env, sym: Integer(v)}) for v in range(low, high + 1))


def pick(domain, widths, limit, rng):
    """Every assignment when there are at most `limit`, else `limit` of them: the first, the
    last and random ones (each index drawn in its range, given the ones before it)."""
    if count(domain, widths) <= limit:
        return assignments(domain, widths)
    out, seen = [], set()
    for env in [next(each(domain, widths)), next(each(domain, widths, reverse=True))] + [_draw(domain, widths, rng) for _ in range(3 * limit)]:
        key = env and tuple(sorted((s.name, int(v)) for s, v in env.items()))
        if env and key not in seen and len(out) < limit:
            seen.add(key)
            out.append(env)
    return out


def contains(domain, widths, env):
    """env assigns every index of the domain a value inside its range on this net."""
    done = {}
    for sym, lo, hi in domain:
        if sym not in env or not bound(lo, done, widths) <= int(env[sym]) <= bound(hi, done, widths):
            return False
        done[sym] = env[sym]
    return True


def _draw(domain, widths, rng):
    env = {}
    for sym, lo, hi in domain:
        low, high = bound(lo, env, widths), bound(hi, env, widths)
        if high < low:
            return None
        env[sym] = Integer(rng.randint(low, high))
    return env


def bound(e, env, widths):
    """An index bound as an int once env's indices and the net's sizes are put in."""
    sizes = sizes_of(widths)
    return _whole(e.xreplace(env).xreplace(sizes).xreplace(sizes))


def _whole(e):
    """An index bound as an int; Undefined when it names a layer the net does not have."""
    e = e.replace(lambda t: isinstance(t, (Min, Max)), lambda t: t.func(*t.args))
    if not e.is_Integer:
        raise Undefined(f"{e} is not a width of this network")
    return int(e)


def sizes_of(widths):
    subs = {L: Integer(len(widths))}
    subs.update({n(Integer(t + 1)): Integer(v) for t, v in enumerate(widths)})
    return subs


def instantiate(expr, env, widths):
    """Indices and sizes substituted, finite sums written out, deltas to Partial(C, z)."""
    return _instantiate(expr, tuple(sorted(env.items(), key=lambda kv: kv[0].name)), tuple(widths))


@lru_cache(maxsize=4096)
def _instantiate(expr, env, widths):
    sizes = sizes_of(widths)
    e = _renamed(expr).xreplace({**dict(env), L: sizes[L]}).xreplace(sizes)
    e = e.xreplace({d: Partial(C, z[d.indices]) for d in e.atoms(Indexed) if kind(d) == "delta"})
    e = _write_out(e)
    for q in e.atoms(Indexed):
        if not exists(q, widths):
            raise Undefined(f"{q} does not exist on widths {list(widths)}")
    if any(t.func == n for t in preorder_traversal(e) if not t.is_Atom):
        raise Undefined(f"a width that the network of widths {list(widths)} does not have")
    return e


@lru_cache(maxsize=1024)
def _renamed(expr):
    from .canon import rename_bound
    return rename_bound(expr)


def exists(q, widths):
    """The network of these widths has the quantity q (w, b, z, a, x, y with whole indices in range)."""
    if not all(t.is_Integer for t in q.indices):
        return False
    t = kind(q)
    idx = [int(v) for v in q.indices]
    if t in ("x", "y"):
        return 1 <= idx[0] <= widths[0 if t == "x" else -1]
    lay, rest = idx[0], idx[1:]
    if not (1 if t == "a" else 2) <= lay <= len(widths):
        return False
    if not 1 <= rest[0] <= widths[lay - 1]:
        return False
    return t != "w" or 1 <= rest[1] <= widths[lay - 2]


def _write_out(e):
    """Sums with whole-number bounds written as their terms."""
    if isinstance(e, Sum):
        var, lo, hi = e.limits[0]
        body = e.function if len(e.limits) == 1 else Sum(e.function, *e.limits[1:])
        return Add(*[_write_out(body.xreplace({var: Integer(v)})) for v in range(_whole(lo), _whole(hi) + 1)])
    if not e.args or not e.has(Sum):
        return e
    return e.func(*[_write_out(t) for t in e.args])


class Explicit:
    """The explicit network of one widths tuple; sigma stays an undefined function."""

    def __init__(self, widths, cost):
        self.widths, self.cost = tuple(widths), cost

    def explicit(self, expr):
        """A concrete index-level expression written in the leaves w, b, x, y."""
        e = expr.replace(lambda t: isinstance(t, Partial), lambda pd: _partial(self.widths, self.cost, pd))
        return normalize_derivatives(e.xreplace(_values(self.widths, self.cost, None)))


@lru_cache(maxsize=256)
def _values(widths, cost, cut):
    """{z, a, C: expression} for the net with the node `cut` left free."""
    values = dict(_forward(widths, cut))
    last = len(widths)
    values[C] = sum(cost.term(values[a[last, k]], y[k]) for k in range(1, widths[-1] + 1))
    return values


@lru_cache(maxsize=4096)
def _partial(widths, cost, pd):
    """sympy's derivative of F with respect to V, F written as a function of V's layer."""
    f, v = pd.f, pd.v
    if not isinstance(v, Indexed) or kind(v) not in ("w", "b", "z", "a", "x"):
        raise ValueError(f"cannot differentiate with respect to {v}")
    cut = (kind(v), int(layer(v))) if kind(v) in ("z", "a") else None
    inner = f.replace(lambda t: isinstance(t, Partial), lambda q: _partial(widths, cost, q))
    d = normalize_derivatives(diff(inner.xreplace(_values(widths, cost, cut)), v))
    if cut is not None:
        full = _values(widths, cost, None)
        d = d.xreplace({q: full[q] for q in _forward(widths, cut) if (kind(q), int(layer(q))) == cut})
    return d


@lru_cache(maxsize=64)
def _forward(widths, cut):
    values = {}
    for k in range(1, widths[0] + 1):
        values[a[1, k]] = a[1, k] if cut == ("a", 1) else x[k]
    for t in range(2, len(widths) + 1):
        for j in range(1, widths[t - 1] + 1):
            zt = z[t, j] if cut == ("z", t) else (
                sum(w[t, j, k] * values[a[t - 1, k]] for k in range(1, widths[t - 2] + 1)) + b[t, j])
            values[z[t, j]] = zt
            values[a[t, j]] = a[t, j] if cut == ("a", t) else sigma(z[t, j] if cut == ("z", t) else zt)
    return values


def same(lhs, rhs, law=None):
    """Explicit expressions equal: expanded difference 0, else cancelled difference 0."""
    d = lhs - rhs
    if law is not None:
        d = d.replace(lambda e: e.func == dsigma, lambda e: law(sigma(e.args[0]), e.args[0]))
    d = expand(d)
    if d == 0:
        return True
    return cancel(together(d)) == 0
