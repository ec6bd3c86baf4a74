"""Bars that pair up two ways (|2 ||b|| - 1| is |2·‖b‖ - 1| or |2| |b| |-1|): derive asks rather than guesses."""
import re

from .common import MAX_NESTING, SKIPPED
from .errors import ParseError

PLAIN_BAR = re.compile(r"(?<!\\left)(?<!\\right)(?<!\\)\|")      # a | that is not \left|, \right| or \|
NORM_BAR = re.compile(r"‖|(?<!\\left)(?<!\\right)\\(\||Vert(?![a-zA-Z]))")   # ‖, \| or \Vert; not \left\|, \right\|
BAR = re.compile(r"[|‖]|\\Vert")                                   # any bar, plain or of a norm
# around a run of bars: what may end a factor before a closing bar, start one after an opening bar
CLOSES_AFTER = re.compile(r"(?:[|‖]|\\Vert|\\r[vV]ert)$")
OPENS_BEFORE = re.compile(r"[+\-|‖]|\\left")
FACTOR_END = re.compile(r"(?<!\\cdot|\\odot)(?<!\\times)(?<=[\w})\]'′])$")
FACTOR_START = re.compile(r"[\w({\[∂]|\\(?!cdot|times|odot|right|left)")


def pairings_two_ways(text):
    """Bars that pair up two ways, counted exactly: in each bracket group of a side, a run of bars
    (|, or ‖ \\| \\Vert, with at most spaces between them) closes some groups and opens others, a closing
    bar after what can end a factor and an opening one before what can start one; when more than one
    way pairs them all up (|2 ||b|| - 1| is |2·‖b‖ - 1| or |2| |b| |-1|; ||a|| b ||c|| is ‖a‖ b ‖c‖
    or |a·|b|·c| or |(|a| |b| |c|)|), derive asks rather than guesses."""
    if not BAR.search(text):
        return
    text = SKIPPED.sub(lambda m: " " * len(m[0]), text)      # TeX's thin spaces stand between factors as spaces do
    for start, end in _sides(text):
        for pattern, what, instead in ((PLAIN_BAR, "these bars", "abs(...) or \\left| ... \\right| for an absolute "
                                        "value, norm(...) or \\|...\\| for a norm"),
                                       (NORM_BAR, "these norm bars", "norm(...) or \\left\\| ... \\right\\| for the "
                                        "inner one")):
            for runs in _runs(text, start, end, pattern):
                at, ways = _first_fork(text, start, end, runs)
                if ways == 0:
                    raise ParseError(f"{what} do not pair up, or nest more than {MAX_NESTING} deep: write {instead}",
                                     at + 1)
                if ways > 1:
                    raise ParseError(f"{what} pair up two ways: write {instead}, or * between the factors", at + 1)


def _runs(text, start, end, pattern):
    """The bars of a side by bracket group, each group's as runs [(start, end), ...] of bars with spaces
    alone between them."""
    group, stack, groups = {}, [0], {}
    for t in range(start, end):
        group[t] = stack[-1]
        if text[t] in "([{" and text[t - 1:t] != "\\":
            stack.append(t + 1)
        elif text[t] in ")]}" and text[t - 1:t] != "\\" and len(stack) > 1:
            stack.pop()
    for m in pattern.finditer(text, start, end):
        runs = groups.setdefault(group[m.start()], [])
        if runs and not text[runs[-1][-1][1]:m.start()].strip():
            runs[-1].append(m.span())
        else:
            runs.append([m.span()])
    return groups.values()


def _first_fork(text, start, end, runs):
    """(position, 2) of the first run of bars at which two ways of pairing up all of them part; (the
    first run's, 0) when no way pairs them up; else (None, 1). A run of r bars closes c groups, then
    opens r - c (an opening bar followed by a closing one is an empty group); a way is a choice of c for
    each run that never closes more groups than are open and ends with none open (nesting deeper than
    MAX_NESTING is no reading)."""
    if not runs:
        return None, 1
    choices = []
    for run in runs:
        left, right = text[start:run[0][0]].rstrip(), text[run[-1][1]:end].lstrip()
        close = bool(FACTOR_END.search(left) or CLOSES_AFTER.search(left))
        open_ = bool(FACTOR_START.match(right) or OPENS_BEFORE.match(right))
        r = len(run)
        choices.append((run[0][0], r, [c for c in range(min(r, MAX_NESTING) + 1)
                                       if (c == 0 or close) and (c == r or open_)]))
    finish = [{0}]                                      # the depths from which the runs after each can end at 0
    for _, r, cs in reversed(choices):
        finish.append({d for d in range(MAX_NESTING + 1) for c in cs if c <= d and d - 2 * c + r in finish[-1]})
    finish.reverse()
    if 0 not in finish[0]:
        return choices[0][0], 0
    depths = {0}
    for t, (at, r, cs) in enumerate(choices):
        if any(sum(c <= d and d - 2 * c + r in finish[t + 1] for c in cs) > 1 for d in depths):
            return at, 2
        depths = {d - 2 * c + r for d in depths for c in cs if c <= d and d - 2 * c + r in finish[t + 1]}
    return None, 1


def _sides(text):
    """(start, end) of each side of `E0 = E1 = ...`: split at the = signs outside brackets."""
    depth, start = 0, 0
    for t, ch in enumerate(text + "="):
        depth += (ch in "([{") - (ch in ")]}")
        if ch == "=" and depth <= 0:
            yield start, t
            start = t + 1
