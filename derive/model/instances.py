"""The instances of a claim on a concrete network: its domain's assignments, and an index-level
expression written for one of them (indices and sizes put in, finite sums written out).

A domain entry (s, lo, hi) ranges the free index s; an entry whose first element is not a free
index is a requirement lo <= e <= hi: on the net alone when it names no free index (the domain has
no instance on a net that does not meet it), else a condition on each assignment (2 <= n(l) for
b^l_2 holds at some layers l of a net and not at others).
"""
import operator
from functools import lru_cache

from sympy import Add, Indexed, Integer, KroneckerDelta, Max, Min, Mul, Piecewise, S, Sum, Tuple, preorder_traversal
from sympy.core.relational import Relational

from .network import error
from .symbols import L, M, SIZES, kind, n, outer, rename_bound


_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


class Undefined(ValueError):
    """A quantity, a width or a range that the concrete network does not have."""


def sizes_of(widths):
    """{L: depth, n(1): width of layer 1, ...} for a net of these widths (a dict to read, not change)."""
    return _sizes(tuple(widths))


@lru_cache(maxsize=64)
def _sizes(widths):
    subs = {L: Integer(len(widths))}
    subs.update({n(Integer(t + 1)): Integer(v) for t, v in enumerate(widths)})
    return subs


BOUNDS = {}                 # (bound, env, widths) -> its int, or the Undefined it raises: once a process
MAX_BOUNDS = 20_000


def bound(e, env, widths):
    """An index bound as an int once env's indices and the net's sizes are put in (each once a process: it depends
    on e, env and the widths alone, all in the key)."""
    value = env.get(e, e)
    if getattr(value, "is_Integer", False):
        return int(value)
    key = (e, frozenset(env.items()), tuple(widths))
    if key not in BOUNDS:
        if len(BOUNDS) > MAX_BOUNDS:                # a long session's memory stays bounded
            BOUNDS.clear()
        try:
            BOUNDS[key] = _bound(e, env, widths)
        except Undefined as u:
            BOUNDS[key] = u
    found = BOUNDS[key]
    if isinstance(found, Undefined):
        raise Undefined(*found.args)
    return found


def _bound(e, env, widths):
    sizes = sizes_of(widths)
    e = e.xreplace(env).xreplace({L: sizes[L]}).xreplace(sizes)
    e = e.replace(lambda t: isinstance(t, (Min, Max)), lambda t: t.func(*t.args))
    if not e.is_Integer:
        raise Undefined(f"{e} is not a width of this network")
    return int(e)


def free_entries(domain, widths, env=None):
    """The free entries of the domain, and after them its conditions on each assignment (entries
    whose first element is not a free index), once its requirements on the net alone are met
    (else Undefined)."""
    free, conditions, env = [], [], env or {}
    indices = {d[0] for d in domain if not is_condition(d)} - set(env)
    for e, lo, hi in domain:
        if not is_condition((e, lo, hi)):
            free.append((e, lo, hi))
        elif Tuple(e, lo, hi).free_symbols & indices:
            conditions.append((e, lo, hi))
        elif not meets((e, lo, hi), env, widths):
            raise Undefined(f"the network of widths {list(widths)} does not meet {lo} <= {e} <= {hi}")
    return free + conditions


def requirements(domain):
    """The entries of the domain that require something of the net alone (they name no free index)."""
    indices = {d[0] for d in domain if not is_condition(d)}
    return tuple(d for d in domain if is_condition(d) and not Tuple(*d).free_symbols & indices)


def lacks(domain, widths):
    """The net lacks what the domain names: a requirement on the net alone fails, or the free
    indices have values but no assignment meets the conditions on them (b^l_3 on a net of width 2),
    as against ranges that are empty on this net (l = 2..L-1 on a net without hidden layers)."""
    if count(domain, widths):
        return False
    ranges = tuple(d for d in domain if not is_condition(d))
    return not count(requirements(domain), widths) or bool(count(ranges, widths))


def is_condition(entry):
    """The entry is a requirement (on the net, or on each assignment), not the range of a free index."""
    return not (entry[0].is_Symbol and entry[0] != L)


def meets(entry, env, widths):
    """lo <= e <= hi once env's indices and the net's sizes are put in (False where one is not a size of the net)."""
    e, lo, hi = entry
    try:
        return bound(lo, env, widths) <= bound(e, env, widths) <= bound(hi, env, widths)
    except Undefined:
        return False


def each(domain, widths, reverse=False):
    """Every assignment of the domain's free indices on a net of these widths, in order (the
    last index fastest) or reversed; none when the net does not meet a requirement."""
    try:
        free = free_entries(domain, widths)
    except Undefined:
        return
    yield from _each(free, widths, {}, reverse)


def _each(free, widths, env, reverse):
    if not free:
        yield dict(env)
        return
    (sym, lo, hi), rest = free[0], free[1:]
    if is_condition(free[0]):
        if meets(free[0], env, widths):
            yield from _each(rest, widths, env, reverse)
        return
    values = range(bound(lo, env, widths), bound(hi, env, widths) + 1)
    for v in (reversed(values) if reverse else values):
        yield from _each(rest, widths, {**env, sym: Integer(v)}, reverse)


def with_batch(domain, size):
    """The domain with the size M of a mini-batch fixed first, as if it were an index, so that
    every instance names it (the domain itself for size None)."""
    if size is None:
        return domain
    return (Tuple(M, size, size),) + tuple(d.xreplace({M: size}) for d in domain)


def count(domain, widths):
    """How many assignments there are, without listing them."""
    try:
        free = free_entries(domain, widths)
    except Undefined:
        return 0
    return _count(free, widths, {})


def _count(free, widths, env):
    if not free:
        return 1
    (sym, lo, hi), rest = free[0], free[1:]
    if is_condition(free[0]):
        return _count(rest, widths, env) if meets(free[0], env, widths) else 0
    low, high = bound(lo, env, widths), bound(hi, env, widths)
    if not any(sym in e.free_symbols for d in rest for e in d):
        return max(0, high - low + 1) * _count(rest, widths, env)
    return sum(_count(rest, widths, {**env, sym: Integer(v)}) for v in range(low, high + 1))


def contains(domain, widths, env):
    """env gives every free index of the domain a value inside its range on this net (and on the
    batch of the size env gives M, for a mini-batch)."""
    done = {s: v for s, v in env.items() if s in SIZES}
    try:
        free = free_entries(domain, widths, done)
    except Undefined:
        return False
    for sym, lo, hi in free:
        if is_condition((sym, lo, hi)):
            if not meets((sym, lo, hi), done, widths):
                return False
            continue
        if sym not in env or not bound(lo, done, widths) <= int(env[sym]) <= bound(hi, done, widths):
            return False
        done[sym] = env[sym]
    return True


def instantiate(expr, env, widths):
    """expr at one assignment on a concrete net: indices and sizes put in, finite sums written
    out, delta written dC/dz; Undefined when it names what the net does not have."""
    return _instantiate(expr, tuple(sorted(env.items(), key=lambda kv: kv[0].name)), tuple(widths))


@lru_cache(maxsize=4096)
def _instantiate(expr, env, widths):
    sizes = sizes_of(widths)
    e = template(expr)[0]
    e = _put(e, {**{s: Integer(v) if isinstance(v, int) else v for s, v in env}, L: sizes[L]}, sizes)
    batch = dict(env).get(M)
    for t in preorder_traversal(e):
        if isinstance(t, Indexed) and not exists(t, widths, batch):
            raise Undefined(f"{t} does not exist on widths {list(widths)}")
        if isinstance(t, n):
            raise Undefined(f"a width that the network of widths {list(widths)} does not have")
    return e


@lru_cache(maxsize=1024)
def template(expr):
    """expr with its bound indices renamed and delta written dC/dz, and whether it names a
    width n(.) and has a sum: what every instance of it starts from."""
    e = rename_bound(expr)
    e = e.xreplace({d: error(d) for d in e.atoms(Indexed) if kind(d) == "delta"})
    return e, e.has(n), e.has(Sum)


def exists(q, widths, batch=None):
    """The network of these widths (and this size of a mini-batch) has the quantity q (w, b, z, a,
    x, y with whole indices in range)."""
    if not all(t.is_Integer for t in q.indices):
        return False
    return in_range(kind(q), [int(v) for v in q.indices], widths, batch)


def in_range(family, idx, widths, batch=None):
    """The quantity of this family (w, b, z, a, x, y) with these whole indices exists on the net."""
    if family in ("z", "a", "delta") and len(idx) == 3 or family in ("x", "y") and len(idx) == 2:
        if batch is None or not 1 <= idx[-1] <= int(batch):
            return False
        idx = idx[:-1]
    if family in ("x", "y"):
        return 1 <= idx[0] <= widths[0 if family == "x" else -1]
    lay, rest = idx[0], idx[1:]
    if not (1 if family == "a" else 2) <= lay <= len(widths):
        return False
    if not 1 <= rest[0] <= widths[lay - 1]:
        return False
    return family != "w" or 1 <= rest[1] <= widths[lay - 2]


def _pinned(body, var, env, sizes):
    """c when a Kronecker delta [var = c] with c a whole number (once env is put in) is a factor of body, else None."""
    for f in Mul.make_args(body):
        if isinstance(f, KroneckerDelta) and var in f.args:
            other = _put(f.args[1] if f.args[0] == var else f.args[0], env, sizes)
            if other.is_Integer:
                return int(other)
    return None


def _put(e, env, sizes):
    """e with env's values put in for its symbols, each width n(t) of a whole t written as its number
    (`sizes`), and every sum written out as its terms, each with its bound index put in (the sum needs
    whole-number bounds); in one pass, each part built once, with its values already in. A Piecewise
    whose conditions, so put, pick a branch is that branch alone."""
    if e.is_Symbol:
        return env.get(e, e)
    if not e.args:
        return e
    if isinstance(e, Sum):
        var, lo, hi, body = outer(e)
        lo, hi = _put(lo, env, sizes), _put(hi, env, sizes)
        if not (lo.is_Integer and hi.is_Integer):
            raise Undefined(f"the sum over {var} has no whole-number bounds on this network")
        values = range(int(lo), int(hi) + 1)
        pinned = _pinned(body, var, env, sizes)
        if pinned is not None:                      # [var = c] f(var): every other term is 0
            values = [pinned] if pinned in values else []
        return Add(*[_put(body, {**env, var: Integer(v)}, sizes) for v in values])
    if isinstance(e, Piecewise):
        for expr, cond in e.args:
            decided = _put(cond, env, sizes)
            if decided is S.true:
                return _put(expr, env, sizes)
            if decided is not S.false:
                break
    args = [_put(t, env, sizes) for t in e.args]
    if isinstance(e, Relational) and all(t.is_Integer for t in args):     # decided: no assumptions asked
        return S.true if _OPS[e.rel_op](int(args[0]), int(args[1])) else S.false
    out = e if all(u is t for u, t in zip(args, e.args)) else e.func(*args)
    return sizes.get(out, out) if isinstance(out, n) else out
