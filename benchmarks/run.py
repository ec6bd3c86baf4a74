"""Benchmarks for derive: `python benchmarks/run.py` (full) or `python benchmarks/run.py --quick`.

Prints three tables, each a median over repeated runs, all measured in this one run:

  (a) symbolic verification of BP1-BP4 on concrete nets: derive's `prove("all", Network(widths))`
      against plain sympy (the explicit cost C, differentiated by every weight and bias and
      compared with the BP formulas by `expand(lhs - rhs) == 0`). Every run is a fresh process
      with a time cap; "> cap" means it did not finish.
  (b) the numeric gradient at [784, 30, 10]: derive's lowered gradient (derive.lower) against a
      hand-written vectorised numpy backprop and torch.autograd (float64, CPU; skipped if torch
      is missing), with the largest differences between the three and gradient/forward time.
  (c) start-up: `derive --help` and `derive prove bp3` as whole processes.

Nothing here asserts a time: the numbers are for reading.
"""
import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# One BLAS/OpenMP thread for numpy and torch alike (unless set by the caller): on a small
# machine their thread pools otherwise spin against each other and the timings mean little.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SYMBOLIC_NETS = [[2, 2, 2], [2, 3, 3, 2], [3, 4, 4, 3], [4, 8, 8, 4], [10, 10, 10], [20, 20, 20, 20]]
NUMERIC_NET = [784, 30, 10]


def n_params(widths):
    return sum(widths[t] * widths[t - 1] + widths[t] for t in range(1, len(widths)))


def fmt_time(s):
    if s is None:
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.1f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[c])) for r in rows)) for c, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(str(v).ljust(w) for v, w in zip(cells, widths)) + " |"
    out = [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join(out + [line(r) for r in rows])


# --------------------------------------------------------------------------------------
# (a) symbolic verification, one fresh process per run

def child_derive(widths):
    from derive.api import prove
    from derive.network import Network
    t0 = time.perf_counter()
    proofs = prove("all", Network(widths))
    return time.perf_counter() - t0, all(p.proved for p in proofs)


def child_plain(widths):
    """Plain sympy: C of the net written out, differentiated by every parameter; BP1 and BP2
    give delta, and BP3/BP4 must equal sympy's derivative: expand(lhs - rhs) == 0."""
    from sympy import Function, Rational, Symbol, expand

    class dsig(Function):          # sigma', an undefined function
        pass

    class sig(Function):           # a generic sigma whose derivative is dsig
        def fdiff(self, argindex=1):
            return dsig(self.args[0])

    t0 = time.perf_counter()
    L = len(widths)
    x = [Symbol(f"x_{j}") for j in range(widths[0])]
    y = [Symbol(f"y_{j}") for j in range(widths[-1])]
    W = {l: [[Symbol(f"w{l}_{j}_{k}") for k in range(widths[l - 2])] for j in range(widths[l - 1])]
         for l in range(2, L + 1)}
    B = {l: [Symbol(f"b{l}_{j}") for j in range(widths[l - 1])] for l in range(2, L + 1)}
    A, Z = {1: x}, {}
    for l in range(2, L + 1):
        Z[l] = [sum(W[l][j][k] * A[l - 1][k] for k in range(widths[l - 2])) + B[l][j]
                for j in range(widths[l - 1])]
        A[l] = [sig(t) for t in Z[l]]
    C = Rational(1, 2) * sum((A[L][j] - y[j]) ** 2 for j in range(widths[-1]))
    D = {L: [(A[L][j] - y[j]) * dsig(Z[L][j]) for j in range(widths[-1])]}                   # BP1
    for l in range(L - 1, 1, -1):                                                           # BP2
        D[l] = [sum(W[l + 1][q][j] * D[l + 1][q] for q in range(widths[l])) * dsig(Z[l][j])
                for j in range(widths[l - 1])]
    ok = True
    for l in range(2, L + 1):
        for j in range(widths[l - 1]):
            ok = ok and expand(C.diff(B[l][j]) - D[l][j]) == 0                               # BP3
            for k in range(widths[l - 2]):
                ok = ok and expand(C.diff(W[l][j][k]) - A[l - 1][k] * D[l][j]) == 0          # BP4
    return time.perf_counter() - t0, ok


def measure_symbolic(which, widths, cap, repeats):
    """Median seconds over up to `repeats` fresh processes (None: the first did not finish
    within `cap`), the number of runs, and whether every check passed."""
    times, ok = [], True
    for _ in range(repeats):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", which,
               ",".join(map(str, widths))]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=cap + 30, cwd=ROOT)
        except subprocess.TimeoutExpired:
            break
        if out.returncode != 0:
            tail = (out.stderr.strip().splitlines() or ["?"])[-1]
            raise RuntimeError(f"{which} {widths} failed: {tail}")
        seconds, passed = json.loads(out.stdout.strip().splitlines()[-1])
        if seconds > cap:
            break
        times.append(seconds)
        ok = ok and passed
        if seconds * 4 > cap:          # a slow size: one run is all the cap affords
            break
    return (statistics.median(times) if times else None), len(times), ok


def slope(points):
    """Least-squares slope of log(time) against log(params)."""
    if len(points) < 2:
        return None
    xs = [math.log(p) for p, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((v - mx) ** 2 for v in xs)
    return sum((u - mx) * (v - my) for u, v in zip(xs, ys)) / den if den else None


def bench_symbolic(quick, cap, results):
    repeats = 1 if quick else 3
    rows, derive_pts, plain_pts, exceeded = [], [], [], set()
    for widths in SYMBOLIC_NETS:
        params = n_params(widths)
        cells = {}
        for which in ("derive", "plain"):
            if quick and which in exceeded:
                cells[which] = (None, 0, True, "skipped (a smaller net was > cap)")
                continue
            t, runs, ok = measure_symbolic(which, widths, cap, repeats)
            if t is None:
                exceeded.add(which)
                cells[which] = (None, 0, True, f"> {cap:g} s")
            else:
                (derive_pts if which == "derive" else plain_pts).append((params, t))
                cells[which] = (t, runs, ok, fmt_time(t) + ("" if ok else " (FAILED)"))
            print(f"  [{which} {widths}: {cells[which][3]}]", file=sys.stderr, flush=True)
        td, tp = cells["derive"][0], cells["plain"][0]
        if td and tp:
            ratio = f"{tp / td:.2f}x"
        elif td and not tp:
            ratio = f"> {cap / td:.1f}x"
        elif tp and not td:
            ratio = f"< {tp / cap:.2f}x"
        else:
            ratio = "-"
        results["symbolic"][str(widths)] = {"params": params, "derive": td, "plain": tp}
        rows.append([str(widths), params, cells["derive"][3], cells["derive"][1],
                     cells["plain"][3], cells["plain"][1], ratio])
    print("\n(a) symbolic verification of BP1-BP4 on concrete nets "
          f"(median over fresh processes; cap {cap:g} s per run)\n")
    print(table(["net", "params", "derive prove all", "runs", "plain sympy", "runs",
                 "speed-up (plain / derive)"], rows))
    sd, sp = slope(derive_pts), slope(plain_pts)
    k = lambda v: f"{v:.2f}" if v is not None else "- (fewer than 2 sizes finished)"
    print(f"\ngrowth exponent k (time ~ params^k, least-squares slope of log time against log params "
          f"over the sizes that finished): derive k = {k(sd)}, plain sympy k = {k(sp)}")
    print("derive: prove('all', Network(widths)) (generic sigma, quadratic cost, every identity of "
          "the library, each step checked by the kernel); plain sympy: explicit C, diff by every "
          "w and b, expand(diff - BP formula) == 0 with delta from BP1/BP2.")


# --------------------------------------------------------------------------------------
# (b) the numeric gradient

def numpy_backprop(weights, biases, x, y):
    """Hand-written vectorised backprop (Nielsen's network.py, batched), sigmoid + quadratic."""
    act, acts = x, [x]
    for W, b in zip(weights, biases):
        act = 1.0 / (1.0 + np.exp(-(W @ act + b)))
        acts.append(act)
    d = (act - y) * act * (1 - act)
    nb, nw = [None] * len(weights), [None] * len(weights)
    nb[-1], nw[-1] = d.sum(axis=1, keepdims=True), d @ acts[-2].T
    for t in range(2, len(acts)):
        s = acts[-t]
        d = (weights[-t + 1].T @ d) * s * (1 - s)
        nb[-t], nw[-t] = d.sum(axis=1, keepdims=True), d @ acts[-t - 1].T
    return nb, nw


def numpy_forward(weights, biases, x, y):
    act = x
    for W, b in zip(weights, biases):
        act = 1.0 / (1.0 + np.exp(-(W @ act + b)))
    return float(0.5 * ((act - y) ** 2).sum())


def per_call(fns, repeats, budget=0.05):
    """Median seconds per call of each function, over `repeats` rounds of about `budget`
    seconds; the rounds of the functions are interleaved so they share the machine's load."""
    number = {}
    for name, fn in fns.items():
        fn()
        t0 = time.perf_counter()
        fn()
        number[name] = max(1, int(budget / max(time.perf_counter() - t0, 1e-7)))
    samples = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            for _ in range(number[name]):
                fn()
            samples[name].append((time.perf_counter() - t0) / number[name])
    return {name: statistics.median(v) for name, v in samples.items()}


def bench_numeric(quick, results):
    from derive import Network
    from derive.lower import compile_forward, compile_gradient
    try:
        import torch
        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    except ImportError:
        torch = None
    net = Network(NUMERIC_NET, activation="sigmoid", cost="quadratic")
    t0 = time.perf_counter()
    grad = compile_gradient(net)
    compile_s = time.perf_counter() - t0
    forward = compile_forward(net)
    rng = np.random.default_rng(0)
    sizes = NUMERIC_NET
    weights = [rng.standard_normal((sizes[t + 1], sizes[t])) / math.sqrt(sizes[t]) for t in range(len(sizes) - 1)]
    biases = [rng.standard_normal((sizes[t + 1], 1)) for t in range(len(sizes) - 1)]
    repeats = 7 if quick else 21
    rows, checks = [], []
    for m in (10, 1000):
        x, y = rng.random((sizes[0], m)), rng.random((sizes[-1], m))
        fns = {"derive": lambda: grad(weights, biases, x, y),
               "numpy": lambda: numpy_backprop(weights, biases, x, y),
               "forward": lambda: forward(weights, biases, x, y),
               "numpy_forward": lambda: numpy_forward(weights, biases, x, y)}
        gd = grad(weights, biases, x, y)
        gn = numpy_backprop(weights, biases, x, y)
        flat = lambda g: np.concatenate([v.ravel() for v in g[0] + g[1]])
        d_dn = float(np.abs(flat(gd) - flat(gn)).max())
        d_dt = d_nt = None
        if torch is not None:
            tw = [torch.tensor(v, requires_grad=True) for v in weights]
            tb = [torch.tensor(v, requires_grad=True) for v in biases]
            tx, ty = torch.tensor(x), torch.tensor(y)

            def torch_grad():
                h = tx
                for W, b in zip(tw, tb):
                    h = torch.sigmoid(W @ h + b)
                c = 0.5 * ((h - ty) ** 2).sum()
                return torch.autograd.grad(c, tb + tw)

            fns["torch"] = torch_grad
            gt = torch_grad()
            ft = np.concatenate([g.detach().numpy().ravel() for g in gt])
            d_dt = float(np.abs(flat(gd) - ft).max())
            d_nt = float(np.abs(flat(gn) - ft).max())
        t = per_call(fns, repeats)
        t_derive, t_numpy, t_fwd, t_np_fwd = t["derive"], t["numpy"], t["forward"], t["numpy_forward"]
        t_torch = t.get("torch")
        results["numeric"][m] = {"derive": t_derive, "numpy": t_numpy, "torch": t_torch,
                                 "forward": t_fwd, "numpy_forward": t_np_fwd}
        rows.append([m, fmt_time(t_derive), fmt_time(t_numpy), fmt_time(t_torch) if torch else "n/a",
                     f"{t_derive / t_numpy:.2f}x", f"{t_derive / t_torch:.2f}x" if torch else "n/a",
                     fmt_time(t_fwd), f"{t_derive / t_fwd:.2f}x", f"{t_numpy / t_np_fwd:.2f}x"])
        checks.append([m, f"{d_dn:.1e}", f"{d_dt:.1e}" if torch else "n/a", f"{d_nt:.1e}" if torch else "n/a"])
    print(f"\n(b) gradient of the quadratic cost summed over a batch of m examples, sigmoid net "
          f"{NUMERIC_NET}, float64, CPU (median of {repeats} rounds)\n")
    print(table(["m", "derive (lowered)", "numpy by hand", "torch.autograd", "derive / numpy",
                 "derive / torch", "derive forward", "grad / forward (derive)",
                 "grad / forward (numpy)"], rows))
    print()
    print(table(["m", "max |derive - numpy|", "max |derive - torch|", "max |numpy - torch|"], checks))
    notes = [f"{os.environ['OPENBLAS_NUM_THREADS']} BLAS thread(s) (OMP_NUM_THREADS/OPENBLAS_NUM_THREADS to change)",
             f"derive compiles once: compile_gradient took {compile_s:.1f} s (the index-level proofs "
             "of output-error, hidden-error, bp3, bp4 and what they cite; cached per activation and cost)",
             f"numpy {np.__version__}"]
    if torch is None:
        notes.append("torch is not installed: its column is skipped (bash .ci/setup-torch.sh installs it)")
    else:
        notes.append(f"torch {torch.__version__}, {torch.get_num_threads()} threads, eager mode, "
                     "tensors made once outside the timing, torch.autograd.grad per call")
    print("\n" + "; ".join(notes))


# --------------------------------------------------------------------------------------
# (c) start-up

def derive_command():
    here = Path(sys.executable).parent / "derive"
    if here.exists():
        return [str(here)]
    found = shutil.which("derive")
    return [found] if found else [sys.executable, "-m", "derive"]


def bench_startup(quick, results):
    cmd = derive_command()
    rows = []
    for args, runs in ((["--help"], 3 if quick else 7), (["prove", "bp3", "--no-color"], 3 if quick else 5)):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            out = subprocess.run(cmd + args, capture_output=True, text=True, cwd=ROOT,
                                 env=dict(os.environ, NO_COLOR="1"))
            times.append(time.perf_counter() - t0)
            if out.returncode != 0:
                raise RuntimeError(f"derive {' '.join(args)} exited {out.returncode}: {out.stderr.strip()}")
        med = statistics.median(times)
        results["startup"][" ".join(args[:2])] = med
        rows.append(["derive " + " ".join(args), fmt_time(med), fmt_time(min(times)), runs])
    print(f"\n(c) start-up: whole processes ({cmd[0]})\n")
    print(table(["command", "median", "min", "runs"], rows))


# --------------------------------------------------------------------------------------

def targets(results):
    rows = []
    num = results["numeric"].get(10)
    if num:
        rows.append(["lowered gradient within 1.2x of numpy (m=10)", f"{num['derive'] / num['numpy']:.2f}x",
                     num["derive"] <= 1.2 * num["numpy"]])
        if num["torch"]:
            rows.append(["lowered gradient faster than torch eager (m=10)",
                         f"{num['derive'] / num['torch']:.2f}x", num["derive"] < num["torch"]])
        worst = max(v["derive"] / v["forward"] for v in results["numeric"].values())
        rows.append(["gradient <= 3x forward (derive, worst m)", f"{worst:.2f}x", worst <= 3])
    st = results["startup"]
    if st:
        rows.append(["derive --help < 0.3 s", fmt_time(st["--help"]), st["--help"] < 0.3])
        rows.append(["derive prove bp3 < 2 s", fmt_time(st["prove bp3"]), st["prove bp3"] < 2])
    sym = results["symbolic"].get(str([4, 8, 8, 4]))
    if sym:
        td, tp = sym["derive"], sym["plain"]
        if td and tp:
            rows.append(["symbolic >= 100x plain sympy at [4,8,8,4]", f"{tp / td:.2f}x", tp / td >= 100])
        else:       # one side did not finish: only a lower bound on the ratio is known
            cap = results["cap"]
            rows.append(["symbolic >= 100x plain sympy at [4,8,8,4]",
                         f"derive {fmt_time(td) if td else '> cap'}, plain {fmt_time(tp) if tp else '> cap'}",
                         bool(td) and not tp and cap / td >= 100])
    if rows:
        print("\ntargets\n")
        print(table(["target", "measured", "holds"], [[a, b, "yes" if c else "NO"] for a, b, c in rows]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, a shorter cap")
    parser.add_argument("--cap", type=float, help="seconds per symbolic run (default 120, quick 20)")
    parser.add_argument("--only", default="a,b,c", help="tables to run, e.g. b,c")
    parser.add_argument("--child", nargs=2, metavar=("WHICH", "WIDTHS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        which, widths = args.child[0], [int(v) for v in args.child[1].split(",")]
        seconds, ok = (child_derive if which == "derive" else child_plain)(widths)
        print(json.dumps([seconds, ok]))
        return 0
    cap = args.cap or (20.0 if args.quick else 120.0)
    only = set(args.only.split(","))
    results = {"symbolic": {}, "numeric": {}, "startup": {}, "cap": cap}
    print(f"derive benchmarks ({'quick' if args.quick else 'full'} run), python "
          f"{sys.version.split()[0]}, {os.cpu_count()} cores, load average at start "
          f"{os.getloadavg()[0]:.2f}")
    if "a" in only:
        bench_symbolic(args.quick, cap, results)
    if "b" in only:
        bench_numeric(args.quick, results)
    if "c" in only:
        bench_startup(args.quick, results)
    targets(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
