"""derive check FILE: every step of your derivation checked by the kernel."""
import json
import re
import signal
import sys

from ..cli import InputError, console, make_network, network_options, progress, timeout_arg

EXIT = {"proved": 0, "refuted": 1, "undecided": 3}
SEVERITY = (1, 2, 3, 0)          # a batch's exit code: any file refuted, else unreadable, else undecided


PROOF_LINE = re.compile(rb"^[^\S\n]*(claim:|=)", re.M)     # a .proof document's line (a space has one place)
NOTE = re.compile(rb"[^\S\n]*(?:claims?|cases?|given|networks?)[^\S\n]*:")
TWO_WAYS = re.compile(rb"<!--|\\iffalse|\\begin\s*\{comment\}|^[ \t]*(?:```|~~~)", re.M)   # what one of them hides
MATH = re.compile(rb"\$|\\\[|\\\(|\\begin(?![a-zA-Z])")

def register(sub):
    p = sub.add_parser("check", help="check a derivation you wrote (.tex, .md or .proof)",
                       description="Check a derivation: LaTeX (align/align*/equation environments, $$...$$, "
                                   "\\[...\\]; justifications as \\text{(chain rule)} or a trailing "
                                   "'% by: chain rule'; '% claim: LHS = RHS' lines, each proved by the displays after it), "
                                   "Markdown (the same displays; notes as HTML comments, '<!-- claim: LHS = RHS -->') "
                                   "or a .proof file ('claim: LHS = RHS', then one '= expression  [by rule]' per line; "
                                   "a file may state several claims). "
                                   "Exit 0 every step holds and the chain reaches the claim, 1 a step fails, "
                                   "2 input error, 3 undecided (a file of several claims: the worst of their verdicts).")
    p.add_argument("files", metavar="FILE", nargs="+", help="a .tex, .md or .proof file; - reads standard input")
    network_options(p, header=True)
    p.add_argument("--json", action="store_true", help="print one JSON object per line, one line per claim (JSON Lines)")
    p.add_argument("--strict", action="store_true",
                   help="a step that holds, but not by the rule its justification names, fails")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="check the files in N processes at once, printed in the order given (default 1)")
    p.add_argument("--timeout", type=timeout_arg, default=120.0,
                   help="seconds per claim before giving up with 'undecided' (default 120; 0 for none)")


def run(args):
    from ..documents import MAX_BYTES, DocumentError
    if args.jobs < 1:
        raise InputError(f"--jobs takes a number of processes from 1 up (got {args.jobs})")
    if args.files.count("-") > 1:
        raise InputError("- (standard input) is given more than once; it can be read once")
    files, unreadable = [], {}
    for path in args.files:                 # every file is read before any is checked
        if path == "-" and sys.stdin is None:
            raise InputError("standard input is closed: give the derivation as a file")
        data = sys.stdin.buffer.read(MAX_BYTES + 1) if path == "-" else None
        try:
            docs = read_input(path, data)
            _refused(docs, make_network(args, docs[0].network))
            files.append((path, data, args, docs))
        except (DocumentError, InputError) as e:
            if len(args.files) == 1:
                raise InputError(str(e))
            unreadable[path] = str(e)       # in a batch, that file's line says so and the others go on
    from contextlib import nullcontext
    from multiprocessing import Pool
    parallel = args.jobs > 1 and len(files) > 1
    if parallel:                            # a worker reads its files again (their bytes for standard input)
        files = [(path, data, args, None) for path, data, args, _ in files]
    with Pool(min(args.jobs, len(files)), initializer=_quiet) if parallel else nullcontext() as pool:
        lines = pool.imap(grade, files) if pool else map(grade, files)     # a pool ends with the block
        results = progress(args, lambda step: [_next(lines, path, step) for path, *_ in files],
                           total=len(files), unit="files")
    graded = iter(results)
    statuses = []
    for path in args.files:
        if path in unreadable:
            _error_line(args, path, unreadable[path])
            statuses.append(2)
            continue
        text, status, errors = next(graded)
        sys.stdout.write(text)
        for why in errors:                  # a claim the checking found bad input: its line, as an unreadable file's
            _error_line(args, path, why)
        statuses.append(status)
    return next(s for s in SEVERITY if s in statuses)


def _error_line(args, path, why):
    """A batch's line for a file that is bad input: a JSON line, or one line on standard error that names it."""
    if args.json:
        sys.stdout.write(json.dumps({"file": path, "verdict": "error", "message": why}) + "\n")
    else:                                   # one line, as every error (a path may hold a newline)
        one = InputError(why if why.startswith(f"{path}: ") else f"{path}: {why}")
        console(args, stderr=True).print(f"derive: error: {one}", markup=False)


def _refused(docs, network):
    """InputError for the first claim that names what the network does not have (delta[l,j] on a
    mini-batch network, M on one of one input): bad input, as `verify` says of it. Without a claim line,
    each chain's first and last expressions are its claim."""
    from ..model.network import NetworkError
    for doc in docs:
        claims = [(doc.claim.line, doc.claim.exprs)] if doc.claim is not None else [
            (c.rows[0].line, [c.rows[0].exprs[0], c.rows[-1].exprs[-1]]) for c in doc.chains
            if not c.given and c.rows and c.rows[0].exprs and c.rows[-1].exprs]
        for line, exprs in claims:
            try:
                network.refuse(*exprs)
            except NetworkError as e:
                raise InputError(f"line {line}: the claim has no meaning on this network: {e}") from None


def grade(item):
    """One file, item = (path, standard input's bytes or None, args, its documents or None to read them
    again), each of its claims checked by this process's kernel and rendered as `check` prints it: (the
    text or JSON lines, the exit status of the worst verdict, the errors of the claims that are bad input). A worker
    of --jobs returns these strings, never a verdict. A claim that checking finds bad input (a page that shows what
    the kernel did not check) is an error of its own, and the file's other claims are graded; a file alone whose
    every claim is bad input, an InputError."""
    from ..documents import DocumentError
    path, data, args, docs = item
    proofs, errors = [], []
    try:
        docs = docs or read_input(path, data)
        network = make_network(args, docs[0].network)
    except (DocumentError, InputError) as e:
        docs, errors = [], [str(e)]
    for doc in docs:
        try:
            proofs += check_all([doc], network, path if len(docs) == 1 else f"{path}, claim on line {doc.claim.line}",
                                args.timeout, args.strict)
        except InputError as e:
            errors.append(str(e))
    if errors and not proofs and len(args.files) == 1:
        raise InputError(errors[0])
    status = next(s for s in SEVERITY if s in [EXIT[p.verdict.status] for p in proofs] + [2] * len(errors))
    if args.json:
        lines = [{**as_json(p), "file": path} for p in proofs] + [{"file": path, "verdict": "error", "message": why}
                                                                for why in errors]
        return "".join(json.dumps(line) + "\n" for line in lines), status, []
    out = console(args)
    with out.capture() as captured:
        for proof in proofs:
            show(proof, out)
    return captured.get(), status, errors


def check_all(docs, network, path, seconds, strict=False):
    """The Proof of each claim of a file (and its chains), each checked under the time budget; a
    file of several claims names each by its line. A page that shows what the kernel did not check is bad input."""
    from ..documents import DocumentError
    try:
        return [check_within(doc, network, path if len(docs) == 1 else f"{path}, claim on line {doc.claim.line}",
                             seconds, strict) for doc in docs]
    except DocumentError as e:
        raise InputError(str(e)) from None


def worst(proofs):
    """The worst of the proofs' verdicts: refuted, then undecided, then proved."""
    statuses = {p.verdict.status for p in proofs}
    return next(s for s in ("refuted", "undecided", "proved") if s in statuses)


def _next(lines, path, step):
    """The next file's result, once the progress bar names the file."""
    if step:
        step(path)
    return next(lines)


def _quiet():
    """A --jobs worker leaves Ctrl-C to the parent, which ends the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_input(path, data):
    """The documents at `path` (one a claim); for `-`, the bytes `data` read from standard input, read as a .proof
    document when a line starts with 'claim:' or '=' and it has no LaTeX display, else as LaTeX; text that
    holds an HTML comment, or math in a LaTeX comment (which Markdown shows), is read as LaTeX and as Markdown, and
    must read the same both ways where both can read it (a note or a display one of them reads is text to the other)."""
    from ..documents import DocumentError
    if path != "-":
        from ..documents import read_all
        return read_all(path)
    data = data.removeprefix(b"\xef\xbb\xbf")        # a byte-order mark
    if PROOF_LINE.search(data) and not re.search(rb"\\begin\{|\$\$|\\\[", data):
        return _read_stdin(data, ".proof")
    if not TWO_WAYS.search(data) and not _math_in_comments(data):
        return _read_stdin(data, ".tex")
    readings, errors = {}, {}
    for suffix in (".tex", ".md"):
        try:
            readings[suffix] = _read_stdin(data, suffix)
        except DocumentError as e:
            errors[suffix] = e
    if not readings:
        raise errors[".md"]
    if len(readings) == 1 and b"<!--" not in data:     # LaTeX alone reads it, and Markdown shows its comments
        raise DocumentError(f"standard input holds what Markdown shows and LaTeX does not (a comment, \\iffalse, a "
                            f"comment environment or a ``` fence) and reads one way only ({errors.popitem()[1]}): "
                            f"save it as a .tex or a .md file and check that")
    if len(readings) == 2 and _contents(readings[".tex"]) != _contents(readings[".md"]):
        raise DocumentError("standard input reads one way as LaTeX and another as Markdown (a note one reads is "
                            "text to the other): save it as a .tex or a .md file and check that")
    return next(iter(readings.values()))


def _math_in_comments(data):
    """A LaTeX comment (from a line's first % that no backslash escapes: \\% is a line break and a comment) holds
    math, and is no note of derive's."""
    for line in data.split(b"\n"):
        comment = re.search(rb"(?:^|[^\\])(?:\\\\)*%", line)
        if comment and not NOTE.match(line, comment.end()) and MATH.search(line, comment.end()):
            return True
    return False


def _read_stdin(data, suffix):
    import tempfile
    from ..documents import DocumentError, read_all
    with tempfile.NamedTemporaryFile(suffix=suffix) as f:
        f.write(data)
        f.flush()
        try:
            return read_all(f.name)
        except DocumentError as e:
            raise DocumentError(str(e).replace(f.name, "standard input")) from None


def _contents(docs):
    """What a reading of a document decides a verdict by: its claims, network, chains and reasons."""
    return [(d.claim.exprs if d.claim else None, d.network,
             [(c.case, c.given, [(r.exprs, r.justification, r.continues) for r in c.rows]) for c in d.chains])
            for d in docs]


def check_within(doc, network, path, seconds, strict=False):
    """check_document under a time budget; out of time, the kernel's undecided verdict."""
    from ..api import Proof, kernel_for
    from ..budget import OutOfTime, time_budget
    from ..checkdoc import check_document, stated_claim
    try:
        with time_budget(seconds):
            return check_document(doc, network, path, strict=strict)
    except (OutOfTime, RecursionError, MemoryError) as e:
        why = str(e) if isinstance(e, OutOfTime) else f"the document is too large to check ({type(e).__name__})"
        claim = stated_claim(doc, path)
        return Proof(claim, (), kernel_for(network).no_proof(claim, why), network)


def rerun(step, network, cex):
    from ..printing.notation import ascii
    from ..verify import rerun_command
    return rerun_command(f"{ascii(step.before)} = {ascii(step.after)}", network, cex)


def as_json(proof):
    """The file's JSON line: the proof's JSON, with a re-run command for each counterexample and,
    for a gradebook, `failed`: each step not proved with its number, line, problem and hint."""
    from ..printing.jsonout import proof_json
    out = {"file": proof.identity.title, **proof_json(proof)}
    for record, step in zip(proof.verdict.steps, out["steps"]):
        step["rerun"] = rerun(record.step, proof.network, record.counterexample) if record.counterexample else None
    out["failed"] = [{"step": s["step"], "line": s["line"], "status": s["status"],
                      "problem": s["problem"]["kind"] if s["problem"] else None, "message": s["message"],
                      "hint": s["hint"]} for s in out["steps"] if s["status"] != "proved"]
    return out


def show(proof, out):
    from rich.text import Text
    from ..printing import words
    from ..printing.common import domain_text, network_text, sections
    from ..printing.notation import text
    from ..printing.sentence import render
    from ..printing.text import MARK, STYLE
    out.print(Text(proof.identity.title, style="bold"))
    if proof.identity.lhs is not None:
        out.print(Text.assemble(("claim  ", "dim"), f"{text(proof.identity.lhs)} = {text(proof.identity.rhs)}",
                                ("   for " + domain_text(proof.identity.domain, text) if proof.identity.domain
                                 else "", "dim")))
    out.print(Text.assemble(("network  ", "dim"), network_text(proof.network)))
    parts = [s for s in sections(proof) if s.steps and s.heading]
    cased = any(s.heading.startswith(("case", "a stated fact")) for s in parts)
    headings = {s.steps[0][0]: s.heading for s in parts if cased}     # with cases, every chain is named
    for number, record in enumerate(proof.verdict.steps, 1):
        step = record.step
        if number in headings:          # a case is checked on its part of the domain alone
            out.print(Text(headings[number] + ":", style="bold"))
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
