"""derive check FILE: every step of your derivation checked by the kernel."""
import json
import re
import sys

from ..cli import InputError, console, make_network, network_options, progress

EXIT = {"proved": 0, "refuted": 1, "undecided": 3}


def register(sub):
    p = sub.add_parser("check", help="check a derivation you wrote (.tex or .proof)",
                       description="Check a derivation: LaTeX (align/align*/equation environments, $$...$$, "
                                   "\\[...\\]; justifications as \\text{(chain rule)} or a trailing "
                                   "'% by: chain rule'; an optional '% claim: LHS = RHS' line) or a .proof file "
                                   "('claim: LHS = RHS', then one '= expression  [by rule]' per line). "
                                   "Exit 0 every step holds and the chain reaches the claim, 1 a step fails, "
                                   "2 input error, 3 undecided.")
    p.add_argument("files", metavar="FILE", nargs="+", help="a .tex or .proof file; - reads standard input")
    network_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object per line, one line per file (JSON Lines)")
    p.add_argument("--timeout", type=float, default=120.0,
                   help="seconds per file before giving up with 'undecided' (default 120; 0 for none)")


def run(args):
    from ..documents import DocumentError
    network = make_network(args)
    docs = []
    for path in args.files:
        try:
            docs.append((path, read_input(path)))
        except DocumentError as e:
            raise InputError(str(e))

    def work(step):
        out = []
        for path, doc in docs:
            if step:
                step(path)
            out.append(check_within(doc, network, path, args.timeout))
        return out
    reports = progress(args, work, total=len(docs), unit="files")
    if args.json:
        for r in reports:
            print(json.dumps(as_json(r)))
    else:
        out = console(args)
        for r in reports:
            show(r, out)
    return max(EXIT[r.verdict] for r in reports)


def read_input(path):
    """The document at `path`; `-` is standard input, read as a .proof document when a line starts
    with 'claim:' or '=' and it has no LaTeX display, else as LaTeX."""
    import tempfile
    from ..documents import MAX_BYTES, DocumentError, read
    if path != "-":
        return read(path)
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    proof = re.search(rb"^\s*(claim:|=)", data, re.M) and not re.search(rb"\\begin\{|\$\$|\\\[", data)
    with tempfile.NamedTemporaryFile(suffix=".proof" if proof else ".tex") as f:
        f.write(data)
        f.flush()
        try:
            return read(f.name)
        except DocumentError as e:
            raise DocumentError(str(e).replace(f.name, "standard input")) from None


def check_within(doc, network, path, seconds):
    """check_document under a time budget; out of time, the steps checked so far and 'undecided'."""
    from ..budget import OutOfTime, time_budget
    from ..checkdoc import Report, check_document
    done = []
    try:
        with time_budget(seconds):
            return check_document(doc, network, path, steps_out=done)
    except (OutOfTime, RecursionError, MemoryError) as e:
        why = str(e) if isinstance(e, OutOfTime) else f"the document is too large to check ({type(e).__name__})"
        return Report(path, None, done, None, "undecided", f"{why}; {len(done)} steps checked", network)


def as_json(report):
    from ..hints import render
    from ..printing.notation import text
    return {"file": report.path, "verdict": report.verdict, "message": report.message,
            "claim": f"{text(report.claim[0])} = {text(report.claim[1])}" if report.claim else None,
            "reaches_claim": report.reaches_claim, "counterexample": report.counterexample,
            "steps": [{"line": s.line, "before": text(s.before), "after": text(s.after),
                       "justification": s.justification, "passed": s.passed, "checks": s.checks,
                       "reason": s.reason or None, "hint": render(s.hint, text) if s.hint else None,
                       "counterexample": s.counterexample,
                       "given": s.given} for s in report.steps]}


def show(report, out):
    from rich.text import Text
    from ..printing.notation import text
    from ..printing.text import MARK, counterexample_lines
    out.print(Text(report.path, style="bold"))
    if report.claim:
        out.print(Text.assemble(("claim  ", "dim"), f"{text(report.claim[0])} = {text(report.claim[1])}"))
    for s in report.steps:
        mark, style = MARK[s.passed]
        why = f"   ({s.justification})" if s.justification else ""
        out.print(Text.assemble((f"{mark} ", style), (f"line {s.line:<4}", "dim"),
                                f"{text(s.before)}  =  {text(s.after)}", (why, "cyan")))
        if s.passed is not True:
            if s.reason:
                out.print(Text(f"         {s.reason}", style=style))
            if s.hint:
                out.print(Text(f"         hint: {s.hint}", style="yellow"))
            if s.counterexample:
                for line in counterexample_lines(s.counterexample):
                    out.print(Text(f"         {line}"))
    if report.reaches_claim is not None:
        out.print(Text("the chain reaches the claim" if report.reaches_claim else "no checked chain reaches the claim",
                       style="green" if report.reaches_claim else "yellow"))
    style = {"proved": "bold green", "refuted": "bold red"}.get(report.verdict, "bold yellow")
    out.print(Text.assemble((report.verdict.upper(), style), ": ", report.message))
    for line in counterexample_lines(report.counterexample) if report.counterexample else []:
        out.print(Text(f"  {line}"))
