"""The kernel's records in words: what was checked, what went wrong, and the verdict.

Every function returns a Sentence (words and formulas) or a list of them, so each printer sets
the formulas in its own notation. Verdicts are worded PROVED, REFUTED or UNDECIDED everywhere;
a step is named by its number and, in a user's file, its line.
"""
from sympy import Indexed, Integer, Tuple

from ..model.symbols import M, kind
from .notation import index_name
from .sentence import Sentence

STATUS = {"proved": "PROVED", "refuted": "REFUTED", "undecided": "UNDECIDED"}
FAMILY = {"z": "weighted inputs", "a": "activations"}
SIGMA = {"law": ", with the activation's law for σ'", "formula": ", with the activation's formula"}


def plural(count, word):
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def step_name(number, step):
    """'step 3', or 'step 3 (line 12)' for a step read from a file."""
    line = step.detail.get("line")
    return f"step {number}" + (f" (line {line})" if line else "")


def _sizes(d):
    """What a symbolic check covers: every size, or every width at the depth of a concrete network."""
    return f"all widths at depth {d['depth']}" if d.get("depth") else "all sizes"


def _internal(e):
    """A name the kernel made (a bound index renamed _p0) is in e: no name a reader wrote."""
    return any(getattr(s, "name", "").startswith("_") for s in getattr(e, "free_symbols", ()))


def check(c, names=None):
    """One Check as a sentence."""
    d = c.data
    sigma = SIGMA.get(d.get("sigma"), "")
    if c.kind == "rewriting":
        how = "the definitions, their derivatives and finite sums" if d["definitions"] else "finite sums (algebra)"
        return Sentence(f"symbolic: {_sizes(d)}, by rewriting with {how}{sigma}")
    if c.kind == "chain-rule":
        layer = ("one layer",) if _internal(d["layer"]) else ("layer ", d["layer"])   # V inside a sum, by the
        of = ("the variable",) if _internal(d["of"]) else (d["of"],)                  # kernel's name of its index
        return Sentence(f"symbolic: {_sizes(d)}, by the chain rule through the {FAMILY[d['family']]} of ", *layer,
                        " (they separate ", *of, f" from C){sigma}")
    if c.kind == "identity":
        return Sentence(f"symbolic: {_sizes(d)}, by {(names or {}).get(d['name'], d['name'])}{sigma}")
    if c.kind == "cases":
        inner = [Sentence(f"{label}: ") + check(sub, names) for label, sub in d["cases"]]
        out = Sentence("by cases on ", d["on"], ": ")
        for t, s in enumerate(inner):
            out = out + (Sentence("; ") if t else Sentence()) + s
        return out
    if c.kind == "instances":
        return Sentence(f"symbolic: every one of the {plural(d['count'], 'instance')} on {list(d['widths'])}")
    if c.kind == "vacuous":
        if "empty" in d:
            e, lo, hi = d["empty"]
            return Sentence("vacuous: no instance, as ", e, " runs from ", lo, " to ", hi, ", which is empty")
        return Sentence(f"vacuous: no instance on {list(d['widths'])}")
    if c.kind == "numbers":
        if not d["instances"]:
            return Sentence("evidence: none (no sample net has an instance where the numbers could be compared)")
        nets = ", ".join(str(list(w)) for w in d["nets"])
        batch = Sentence(", batches of ", M, " = ", Integer(d["batch"])) if d.get("batch") else Sentence()
        if d.get("smallest"):                       # the smallest batch the domain allows, searched too
            batch += Sentence(" and ", M, " = ", Integer(d["smallest"]))
        return Sentence(f"evidence: the numbers agree at {plural(d['instances'], 'instance')} on {nets or 'no net'}") \
            + batch + Sentence(f" (max rel. error {d['max_error']:.1g})")
    if c.kind == "every-instance":
        return every_instance(d)
    return Sentence(c.kind)


def every_instance(d):
    total, where = d["instances"], list(d["widths"])
    symbolic = (f"all {plural(total, 'instance')} symbolically" if d["symbolic"] == total else
                "no instance symbolically (a derivative beyond the graph: of C, or one sympy does not take)"
                if d.get("unread") and not d["symbolic"] else
                f"a seeded sample of {d['symbolic']:,} of {total:,} instances (the first, the last and random ones) "
                f"symbolically" if d.get("sampled", True) else
                f"{d['symbolic']:,} of {total:,} instances symbolically, every one read (the others name what the net "
                f"does not have{', or a derivative beyond the graph' if d.get('unread') else ''})")
    out = f"evidence on {where}: {symbolic}"
    if d["numeric"]:
        numbers = "every instance" if d["numeric"] == total else f"{d['numeric']:,} of {total:,} instances"
        out += f", {numbers} numerically (complex-step derivatives, max rel. error {d['max_error']:.1g})"
        sampled = d.get("sampled_weights") or {}
        if sampled:
            out += "; weights probed at a seeded sample: " + ", ".join(
                f"{k:,} of {m:,} of layer {t}" for t, (k, m) in sorted(sampled.items()))
    elif d.get("skipped"):
        out += f"; numerically not on this net ({d['skipped']})"
    return Sentence(out)


def problem(p, names=None):
    """One Problem as a sentence."""
    d = p.data
    table = {
        "differ": Sentence("the two sides differ"),
        "unconfirmed": Sentence("the rules do not show the two sides equal, and no counterexample was found"
                                if d.get("searched", True) else "the rules do not show the two sides equal (a try "
                                "of a proof search: no counterexample was looked for)"),
        "not-checked": Sentence("not checked: an earlier step of this try of a proof search is not proved"),
        "link": Sentence("this step does not start where the last one ended (", d.get("expected"), ")"),
        "wrong-start": Sentence("the derivation does not start at the claim's left side"),
        "wrong-end": Sentence("the chain ends at ", d.get("end"), ", not at the claimed right side ", d.get("rhs")),
        "cases": Sentence("the cases do not cover the claim's indices (a base case at the top of the layer's range "
                          "and the rest)"),
        "no-chain": Sentence("no chain of checked steps reaches the claim"),
        "no-step": Sentence("there is no step to check"),
        "veto": Sentence("the kernel's proof and a counterexample it evaluated disagree (a kernel error: please "
                         "report it)"),
        "unknown-rule": Sentence(f"unknown rule {', '.join(repr(w) for w in d.get('words', ()))}: a reason is "
                                 f"one of definition, derivative, chain rule, Kronecker, range, algebra, "
                                 f"linearity, probability, activation, or an identity's name"),
        "circular": Sentence(f"circular: {', '.join(d.get('names', ()))} states the claim itself (or is proved "
                             f"from it), so it cannot justify a step of its proof"),
        "wrong-reason": Sentence(f"holds, but not by {' or '.join(_rule(r, names) for r in d.get('rules', ()))}") + (
            Sentence(f" through the {FAMILY[d['family']]} of layer ", d["layer"]) if "family" in d else
            Sentence("")) + (Sentence(" of ", *_joined(d["of"])) if "of" in d else Sentence("")) + (
            Sentence(": " + "; ".join(f"the network's {c} is {mine}, not {name}" for c, name, mine in d["network"]))
            if "network" in d else Sentence("")),
        "no-reason": Sentence("holds, but names no reason (--strict asks every step for one)"),
        "error": Sentence(f"the kernel could not read this step ({d.get('message')})"),
        "no-proof": Sentence(str(d.get("message", "no derivation was found"))),
        "domain": Sentence(str(d.get("message", ""))),
        "timeout": Sentence(f"{d.get('message')}; checked so far: {d.get('done') or 'nothing'}"),
        "no-instance": Sentence(f"the claim has no instance on widths {list(d.get('widths', ()))}: a quantity it "
                                f"names does not exist on this network"),
        "free-index": Sentence(f"index {', '.join(index_name(str(t)) for t in d.get('indices', ()))} is free in this "
                               f"step but the claim has no such index: sum over it or give it a value"),
    }
    if p.kind == "unstated":
        (start, end), (lhs, rhs) = d["ends"], d["sides"]
        why = " only by algebra that no step states (--strict asks every step for a reason)"
        if start == end:
            return Sentence("no step links the claim's sides: they are equal" + why)
        return Sentence("the chain runs from ", start, " to ", end, ", which meet the claim's sides ", lhs, " and ",
                        rhs, why)
    if p.kind == "not-a-function":
        if d.get("vanish"):
            return Sentence("", d["f"], " has no derivative by ", d["v"], " where its part with ", d["v"], " vanishes "
                            "or is free of it (a guard, an empty sum, a factor 0, a derivative), and the kernel cannot "
                            "show it does not: split the domain, or write the derivative out")
        if d.get("unsure"):
            return Sentence("", d["f"], " has no derivative by ", d["v"], " at the instances where it comes before it "
                            "(or one of its quantities does), and the domain does not decide where: split it")
        where = ", ".join(f"{index_name(k)} = {v}" for k, v in d.get("indices", {}).items())
        at = f" ({'at ' + where + ' ' if where else ''}on widths {list(d['widths'])})" if "widths" in d else ""
        return _no_function(d) + at
    if p.kind == "ill-formed":
        out = Sentence("", d["quantity"], " is not defined everywhere it is used: it needs ", d["lo"], " ≤ ",
                       d["index"], " ≤ ", d["hi"])
        if d.get("indices") is not None:
            at = ", ".join(f"{index_name(k)} = {v}" for k, v in d["indices"].items())
            out = out + f", which fails{f' at {at}' if at else ''} on widths {list(d['widths'])}"
        return out
    return table.get(p.kind, Sentence(p.kind))


def _no_function(d):
    """Why dF/dV has no meaning, or what V must be instead."""
    if d["why"] != "parameter":
        return Sentence("derive differentiates with respect to w, b, z or a, not ", d["v"])
    if not isinstance(d["f"], Indexed):
        return Sentence("", d["f"], " is a function of the network's parameters and data, and of nodes before ",
                        d["v"], ", alone: its derivative by it has no meaning")
    if kind(d["f"]) in ("z", "a"):
        return Sentence("", d["f"], " comes before ", d["v"], " in the network, so it is not a function of it: "
                        "its derivative has no meaning")
    return Sentence("", d["f"], " is a parameter of the network, not a function of ", d["v"], ": its "
                    "derivative has no meaning")


def _joined(of):
    """The quantities of a reason's "definition of ...", joined by commas and "and"."""
    items = list(of) if isinstance(of, Tuple) else [of]
    out = [items[0]]
    for number, q in enumerate(items[1:], 2):
        out += [" and " if number == len(items) else ", ", q]
    return out


def _rule(rule, names):
    return (names or {}).get(rule, rule.replace("-", " "))


def reason(record, names=None, hint=None):
    """Why a step is not proved (or the note on a proved one), with the hint when there is one."""
    out = problem(record.problem, names) if record.problem is not None else None
    if hint is not None:
        out = (out + Sentence("; hint: ") + hint) if out is not None else Sentence("hint: ") + hint
    return out


def held(v):
    """float(v) when float64 holds v (finite, and 0 only for 0), else None."""
    import math
    f = float(v)
    return f if math.isfinite(f) and (f or not v) else None


def number(v):
    """A side's value as derive prints it everywhere: the shortest float64 that reads back (mpmath's
    own digits for what float64 cannot hold: a complex number, a size beyond 1e308 or below 1e-308)."""
    import mpmath
    try:
        f = held(v)
    except (TypeError, ValueError):
        return mpmath.nstr(v, 17)
    return repr(f) if f is not None else repr(float(v)) if not mpmath.isfinite(v) else mpmath.nstr(v, 17)


def short(v):
    """A difference to 6 digits, as derive prints it everywhere (mpmath's digits beyond float64's range)."""
    import mpmath
    f = held(v)
    return f"{f:.6g}" if f is not None else mpmath.nstr(v, 6)


def counterexample(cex):
    """A counterexample a user can re-run: sizes, indices, the seed of the parameters, both sides."""
    idx = ", ".join(f"{index_name(k)} = {v}" for k, v in cex["indices"].items()) or "none"
    return [f"counterexample: widths {list(cex['widths'])}, indices {idx}, activation {cex['activation']}, "
            f"seed {cex['seed']}",
            f"left side  = {number(cex['lhs'])}",
            f"right side = {number(cex['rhs'])}",
            f"difference = {short(cex['difference'])} (after cancelling the terms the sides share"
            f"{'; the sides agree in every digit shown' if number(cex['lhs']) == number(cex['rhs']) else ''})"]


def summary(verdict, names=None, hints=None):
    """The kernel's verdict in one sentence."""
    head = f"{STATUS[verdict.status]} by the kernel: "
    steps = list(verdict.steps)
    numbered = list(enumerate(steps, 1))
    if verdict.status == "proved":
        where = [c for c in verdict.checks if c.kind in ("every-instance", "vacuous")]
        numbers = all(any(c.kind == "numbers" and c.data.get("instances") for c in r.checks) for r in steps)   # evidence
                                                                                              # of every step, at some
        body = Sentence(head + (f"{plural(len(steps), 'step')} confirmed symbolically"
                                f"{', numbers agreeing' if numbers else ''}" if steps else "the claim holds"))
        wrong = [step_name(t, r.step) for t, r in numbered if r.justified is False]
        if wrong:
            body = body + f"; {', '.join(wrong)} {'holds' if len(wrong) == 1 else 'hold'}, but not by the reason given"
        for c in where:
            body = body + "; " + check(c, names)
        return body + "."
    bad = next(((t, r) for t, r in numbered if r.status == "refuted"), None) or next(
        ((t, r) for t, r in numbered if r.status != "proved"), None)
    first = verdict.problems[0] if verdict.problems else None
    vacuous = first is not None and first.kind == "no-instance"      # no step can be confirmed: the claim says why
    if bad is not None and not (vacuous and bad[1].status != "refuted"):
        t, r = bad
        verb = "fails" if r.status == "refuted" else "is not confirmed"
        return Sentence(head + f"{step_name(t, r.step)} {verb}: ") + reason(r, names, (hints or {}).get(t - 1))
    if first is not None and first.kind == "differ":
        body = Sentence(head + "the two sides differ (the counterexample below)")
    else:
        body = Sentence(head) + (problem(first, names) if first is not None else Sentence("no proof"))
    found = (hints or {}).get("claim")
    return body + Sentence("; hint: ") + found if found is not None else body
