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
    network_options(p, header=True)
    p.add_argument("--json", action="store_true", help="print one JSON object per line, one line per file (JSON Lines)")
    p.add_argument("--strict", action="store_true",
                   help="a step that holds, but not by the rule its justification names, fails")
    p.add_argument("--timeout", type=float, default=120.0,
                   help="seconds per file before giving up with 'undecided' (default 120; 0 for none)")


def run(args):
    from ..documents import DocumentError
    docs = []
    for path in args.files:
        try:
            doc = read_input(path)
        except DocumentError as e:
            raise InputError(str(e))
        docs.append((path, doc, make_network(args, doc.network)))

    def work(step):
        out = []
        for path, doc, network in docs:
            if step:
                step(path)
            out.append(check_within(doc, network, path, args.timeout, args.strict))
        return out
    proofs = progress(args, work, total=len(docs), unit="files")
    if args.json:
        for proof in proofs:
            print(json.dumps(as_json(proof)))
    else:
        out = console(args)
        for proof in proofs:
            show(proof, out)
    return max(EXIT[p.verdict.status] for p in proofs)


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


def check_within(doc, network, path, seconds, strict=False):
    """check_document under a time budget; out of time, the kernel's undecided verdict."""
    from ..api import Proof, kernel_for
    from ..budget import OutOfTime, time_budget
    from ..checkdoc import _claim, check_document
    try:
        with time_budget(seconds):
            return check_document(doc, network, path, strict=strict)
    except (OutOfTime, RecursionError, MemoryError) as e:
        why = str(e) if isinstance(e, OutOfTime) else f"the document is too large to check ({type(e).__name__})"
        claim = _claim(doc, path)
        return Proof(claim, (), kernel_for(network).no_proof(claim, why), network)


def rerun(step, network, cex):
    from ..printing.notation import ascii
    from ..verify import rerun_command
    return rerun_command(f"{ascii(step.before)} = {ascii(step.after)}", network, cex)


def as_json(proof):
    from ..printing.jsonout import proof_json
    out = {"file": proof.identity.title, **proof_json(proof)}
    for record, step in zip(proof.verdict.steps, out["steps"]):
        step["rerun"] = rerun(record.step, proof.network, record.counterexample) if record.counterexample else None
    return out


def show(proof, out):
    from rich.text import Text
    from ..printing import words
    from ..printing.common import domain_text
    from ..printing.notation import text
    from ..printing.sentence import render
    from ..printing.text import MARK, STYLE
    out.print(Text(proof.identity.title, style="bold"))
    if proof.identity.lhs is not None:
        out.print(Text.assemble(("claim  ", "dim"), f"{text(proof.identity.lhs)} = {text(proof.identity.rhs)}",
                                ("   for " + domain_text(proof.identity.domain, text), "dim")))
    for number, record in enumerate(proof.verdict.steps, 1):
        step = record.step
        mark, style = MARK[record.passed]
        why = f"   ({step.detail.get('text')})" if step.detail.get("text") else ""
        out.print(Text.assemble((f"{mark} ", style), (f"{words.step_name(number, step):<20}", "dim"),
                                f"{text(step.before)}  =  {text(step.after)}", (why, "cyan")))
        message = words.reason(record, None, proof.hints.get(number - 1))
        if message is not None:
            out.print(Text("    " + render(message, text), style=style if record.passed is not True else "yellow"))
        if record.counterexample:
            for line in words.counterexample(record.counterexample):
                out.print(Text(f"    {line}"))
            out.print(Text("    re-run: " + rerun(step, proof.network, record.counterexample)))
    out.print(Text(render(words.summary(proof.verdict, None, proof.hints), text), style=STYLE[proof.verdict.status]))
