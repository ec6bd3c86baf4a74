"""(d) Batch grading: `python benchmarks/batch.py` (200 files) or `--files 40` for a shorter run.

Writes derivation files to a temporary folder: the documents of proofs/ as they are, and variants
of the .proof documents with one mistake made by rewriting one step line (a dropped σ' factor,
transposed weight indices, a wrong sign, a wrong layer). Then times `derive check` over all of
them as one whole process, with --jobs 1 and --jobs 2, and `derive check` on the first file alone
(start-up and the library identities it cites included). The cost a file after the first is
(whole batch - first file alone) / (files - 1). Both runs must print the same lines.

Nothing here asserts a time: the numbers are for reading.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from run import DERIVE, byte_compiled, fmt_time, table

ROOT = Path(__file__).resolve().parent.parent
PROOFS = ROOT / "proofs"
MISTAKES = {
    "dropped σ'": (re.compile(r"\*sigma'\(z\[[^\]]*\]\)|sigma'\(z\[[^\]]*\]\)\*"), lambda m: ""),
    "transposed weight": (re.compile(r"w\[([^,\]]+),([^,\]]+),([^,\]]+)\]"),
                          lambda m: f"w[{m[1]},{m[3]},{m[2]}]"),
    "wrong sign": (re.compile(r"^(\s*=\s*)(.*?)(\s+\[[^\[\]]*\])$"), lambda m: f"{m[1]}-({m[2]}){m[3]}"),
    "wrong layer": (re.compile(r"a\[l-1,"), lambda m: "a[l,"),
}


def variants(seed=0):
    """(name, text, mistake or None), endlessly: every document of proofs/ as it is, then mutants
    of the .proof documents, one mistake on one step line each."""
    rng = random.Random(seed)
    originals = sorted(p for p in PROOFS.rglob("*") if p.suffix in (".proof", ".tex"))
    for p in originals:
        yield p.relative_to(PROOFS).as_posix().replace("/", "-"), p.read_text(), None
    sources = [p for p in originals if p.suffix == ".proof"]
    count = 0
    while True:
        source = rng.choice(sources)
        lines = source.read_text().splitlines(keepends=True)
        kind = rng.choice(sorted(MISTAKES))
        pattern, fix = MISTAKES[kind]
        steps = [t for t, line in enumerate(lines) if line.lstrip().startswith("=") and pattern.search(line.rstrip())]
        if not steps:
            continue
        t = rng.choice(steps)
        lines[t] = pattern.sub(fix, lines[t].rstrip(), count=1) + "\n"
        count += 1
        yield f"{source.stem}-{count:03d}.proof", "".join(lines), kind


def write_batch(folder, files):
    made = []
    for (name, text, kind), _ in zip(variants(), range(files)):
        path = Path(folder) / name
        path.write_text(text)
        made.append((str(path), kind))
    return made


def timed(cmd):
    """(wall seconds, stdout, exit code) of one whole process."""
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, NO_COLOR="1"))
    seconds = time.perf_counter() - t0
    if out.returncode not in (0, 1, 3):
        raise RuntimeError(f"{' '.join(cmd[:4])} ... exited {out.returncode}: {out.stderr.strip()[-300:]}")
    return seconds, out.stdout, out.returncode


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200, help="how many files (default 200)")
    args = parser.parse_args(argv)
    byte_compiled()
    folder = tempfile.mkdtemp(prefix="derive-batch-")
    try:
        made = write_batch(folder, args.files)
        paths = [p for p, _ in made]
        check = DERIVE + ["check", "--json"]
        print(f"(d) batch grading: {len(paths)} files ({sum(k is None for _, k in made)} documents of proofs/ as "
              f"they are, {sum(k is not None for _, k in made)} with one mistake: "
              f"{dict(Counter(k for _, k in made if k))}), {os.cpu_count()} cores, load average at start "
              f"{os.getloadavg()[0]:.2f}\n")
        first, _, _ = timed(check + paths[:1])
        print(f"  the first file alone: {fmt_time(first)}", flush=True)
        rows, outputs = [], {}
        for jobs in (1, 2):
            total, out, code = timed(check + ["--jobs", str(jobs)] + paths)
            outputs[jobs] = out
            print(f"  --jobs {jobs}: {fmt_time(total)}", flush=True)
            verdicts = Counter(json.loads(line)["verdict"] for line in out.splitlines())
            rows.append([f"--jobs {jobs}", fmt_time(total), fmt_time(first),
                         fmt_time((total - first) / max(len(paths) - 1, 1)), code,
                         ", ".join(f"{v} {verdicts[v]}" for v in ("proved", "refuted", "undecided"))])
        print(table(["derive check --json", "whole batch", "first file alone", "a file after the first",
                     "exit", "verdicts"], rows))
        print(f"\n--jobs 1 and --jobs 2 print the same lines: {'yes' if outputs[1] == outputs[2] else 'NO'}")
        return 0 if outputs[1] == outputs[2] else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
