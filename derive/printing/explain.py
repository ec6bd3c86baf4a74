"""What each step's rule and side conditions say, in words, from the step's own data.

`fmt` turns an expression into text or LaTeX, so every printer shares these sentences.
"""
from sympy import Tuple

from ..model.proof import RULES
from ..model.symbols import C, kind, layer

MEET = "the two sides, each rewritten, meet here"      # a step the engine shows, that names no rule
MEET_BY_ALGEBRA = "algebra: the two sides, each rewritten, meet here"     # one the engine saw was algebra
NO_RULE = "no rule named"       # a step built by hand that cites none: the kernel may use any (derive check reads so)


def reason(step, fmt, names=None):
    """One line: the rule behind the step, with its particulars (a step built by hand without them: its
    rule's name)."""
    try:
        return _particular(step, fmt, names)
    except KeyError:
        return RULES.get(step.rule, step.rule) or NO_RULE


def _particular(step, fmt, names):
    d = step.detail
    rule = step.rule
    if "text" in d:                              # a step of a user's file: its own words
        return d["text"] or "no reason given"
    if rule == "definition":
        of = d.get("of")
        named = [fmt(q) for q in (of if isinstance(of, Tuple) else (of,))] if of is not None else ["a quantity"]
        listed = " and ".join(filter(None, (", ".join(named[:-1]), named[-1])))
        plural = "s" if len(named) > 1 else ""
        return f"definition{plural} of {listed}" + (", read right to left" if d.get("folded") else "")
    if rule == "chain-rule":
        ranges = (d["over"],) + ((d["samples"],) if "samples" in d else ())
        return f"chain rule through {fmt(d['via'])}, " + ", ".join(f"{fmt(v)} = {fmt(lo)}..{fmt(hi)}" for v, lo, hi in ranges)
    if rule == "derivative":
        return f"derivative of the definition with respect to {fmt(d['by'])}"
    if rule == "kronecker":
        return f"Kronecker-delta collapse: only the term {fmt(d['over'])} = {fmt(d['at'])} of the sum remains"
    if rule == "range":
        return "range condition discharged"
    if rule == "identity":
        title = (names or {}).get(d["name"], d["name"])
        where = ", ".join(f"{fmt(v)} for {fmt(k)}" for k, v in d.get("mapping", {}).items() if k != v)   # not j = k:
        return f"by {title}" + (f" with {where}" if where else "")                                 # a case, it reads
    if rule == "activation":
        return f"derivative of the {d['name']} activation, written through sigma"
    if d.get("meet"):
        return MEET_BY_ALGEBRA if rule == "algebra" else MEET
    return RULES.get(rule, rule) or NO_RULE


def unexplained(step):
    """A step of a user's file that gives no reason: a document derive writes leaves its reason
    column empty (the words "no reason given" there would read back as a rule's name)."""
    return step.detail.get("text") == ""


def conditions(step, fmt, cond_fmt, le="≤"):
    """The step's side conditions as sentences."""
    out = []
    for c in step.conditions:
        if c[0] == "separates":
            u, v = c[1], c[2]
            out.append(f"every path from {fmt(v)} to C passes through the {_family(u)} of layer {fmt(layer(u))}")
        elif c[0] == "range":
            t, lo, hi = c[1:]
            out.append(f"the collapse keeps the term only if {fmt(lo)} {le} {fmt(t)} {le} {fmt(hi)}")
        elif c[0] == "holds":
            out.append(f"{cond_fmt(c[1])} holds: it is the range of the index")
        elif c[0] == "implied":                 # t <= hi or t >= lo, the smaller side first
            small, big = (c[1].lhs, c[1].rhs) if c[1].rel_op == "<=" else (c[1].rhs, c[1].lhs)
            out.append(f"{fmt(small)} {le} {fmt(big)} holds on the domain, so the guard leaves it out")
    return out


def _family(q):
    return {"z": "weighted inputs", "a": "activations", "delta": "errors", "w": "weights", "b": "biases"}.get(
        kind(q), "cost" if q == C else str(q))
