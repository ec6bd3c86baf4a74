"""Benchmarks for derive: `python benchmarks/run.py` (full) or `python benchmarks/run.py --quick`.

Prints three tables, each a median over repeated runs, all measured in this one run:

  (a) symbolic verification of BP1-BP4 on concrete nets: derive's `prove_all(Network(widths))`
      (every identity derived and each step checked for all sizes, then every instance on the
      net), the kernel's check of every instance of BP1-BP4 alone, and plain sympy (the explicit
      cost C, differentiated by every weight and bias and compared with the BP formulas by
      `expand(lhs - rhs) == 0`). Every run is a fresh process with a time cap; "> cap" means it
      did not finish. Then whole processes: `derive prove all --widths ...` against plain sympy.
  (b) the numeric gradient at [784, 30, 10]: derive's lowered gradient (derive.lower) against a
      hand-written vectorised numpy backprop and torch.autograd (float64, CPU; skipped if torch
      is missing), with the largest differences between the three and gradient/forward time.
  (c) start-up: `derive --help`, `derive verify` on BP3 and `derive prove bp3` as whole processes.

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

from plain_sympy import plain_sympy  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLAIN = Path(__file__).resolve().parent / "plain_sympy.py"
SYMBOLIC_NETS = [[2, 2, 2], [2, 3, 3, 2], [3, 4, 4, 3], [4, 8, 8, 4], [10, 10, 10], [20, 20, 20, 20]]
PROCESS_NETS = [[3, 4, 4, 3], [784, 30, 10]]
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
    from derive.api import prove_all
    from derive.model.network import Network
    t0 = time.perf_counter()
    proofs = prove_all(Network(widths))
    return time.perf_counter() - t0, all(p.proved for p in proofs)


def child_sweep(widths):
    """The kernel's check of every instance of BP1-BP4 on the net, symbolically and numerically."""
    from derive.model.identities import catalogue
    from derive.kernel.sweep import Sweep
    from derive.model.network import Network
    net = Network(widths)
    claims = [c for c in catalogue(net) if c.name in ("bp1", "bp2", "bp3", "bp4")]
    t0 = time.perf_counter()
    sweep = Sweep(net, seed=0)
    ok = all(sweep.check(c)[0] is True for c in claims)
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
    rows, points, exceeded = [], {"derive": [], "sweep": [], "plain": []}, set()
    for widths in SYMBOLIC_NETS:
        params = n_params(widths)
        cells = {}
        for which in ("derive", "sweep", "plain"):
            if quick and which in exceeded:
                cells[which] = (None, 0, True, "skipped (a smaller net was > cap)")
                continue
            t, runs, ok = measure_symbolic(which, widths, cap, repeats)
            if t is None:
                exceeded.add(which)
                cells[which] = (None, 0, True, f"> {cap:g} s")
            else:
                points[which].append((params, t))
                cells[which] = (t, runs, ok, fmt_time(t) + ("" if ok else " (FAILED)"))
            print(f"  [{which} {widths}: {cells[which][3]}]", file=sys.stderr, flush=True)
        tp = cells["plain"][0]
        results["symbolic"][str(widths)] = {"params": params, "derive": cells["derive"][0],
                                            "sweep": cells["sweep"][0], "plain": tp}
        rows.append([str(widths), params, cells["derive"][3], cells["sweep"][3], cells["plain"][3],
                     ratio(tp, cells["derive"][0], cap), ratio(tp, cells["sweep"][0], cap),
                     "/".join(str(cells[w][1]) for w in ("derive", "sweep", "plain"))])
    print("\n(a) symbolic verification of BP1-BP4 on concrete nets "
          f"(median over fresh processes, import time excluded; cap {cap:g} s per run)\n")
    print(table(["net", "params", "derive prove all", "every instance", "plain sympy",
                 "plain / prove all", "plain / every instance", "runs"], rows))
    k = lambda v: f"{v:.2f}" if v is not None else "- (fewer than 2 sizes finished)"
    print(f"\ngrowth exponent k (time ~ params^k, least-squares slope of log time against log params "
          f"over the sizes that finished): derive prove all k = {k(slope(points['derive']))}, every "
          f"instance k = {k(slope(points['sweep']))}, plain sympy k = {k(slope(points['plain']))}")
    print("derive prove all: prove('all', Network(widths)) (generic sigma, quadratic cost, every identity "
          "of the library derived, each step checked by the kernel for all sizes, then every instance of "
          "each on the net); every instance: the kernel's check of each instance of BP1-BP4 alone "
          "(kernel/sweep.py: on the net's graph, and at a point by complex-step derivatives); plain "
          "sympy: explicit C, diff by every w and b, expand(diff - BP formula) == 0 with delta from BP1/BP2.")
    bench_processes(quick, cap, results)


def ratio(slow, fast, cap):
    if slow and fast:
        return f"{slow / fast:.2f}x" if slow < 10 * fast else f"{slow / fast:.1f}x"
    if fast:
        return f"> {cap / fast:.1f}x"
    return f"< {slow / cap:.2f}x" if slow else "-"


def run_process(cmd, timeout):
    """Wall seconds of one whole process, or None past the timeout."""
    t0 = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                             env=dict(os.environ, NO_COLOR="1"))
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {out.returncode}: {out.stderr.strip()[-300:]}")
    return time.perf_counter() - t0


def bench_processes(quick, cap, results):
    """`derive prove all --widths ...` and plain sympy as whole processes (start-up included)."""
    rows = []
    for widths in PROCESS_NETS:
        text = ",".join(map(str, widths))
        td = [run_process(derive_command() + ["prove", "all", "--widths", text], 600)
              for _ in range(1 if quick or n_params(widths) > 1000 else 3)]
        plain = None
        if n_params(widths) <= 1000:
            plain = [run_process([sys.executable, str(PLAIN), text], cap + 30)
                     for _ in range(1 if quick else 3)]
        d = statistics.median(td) if None not in td else None
        p = statistics.median(plain) if plain and None not in plain else None
        results["process"][str(widths)] = {"derive": d, "plain": p}
        rows.append([str(widths), n_params(widths), fmt_time(d) if d else "> 600 s",
                     fmt_time(p) if p else ("not run (plain sympy does not finish one first-layer "
                                            "weight in 120 s)" if plain is None else f"> {cap:g} s"),
                     ratio(p, d, cap) if plain else "-"])
    print("\n(a') whole processes, start-up included (median)\n")
    print(table(["net", "params", "derive prove all --widths", "plain sympy", "plain / derive"], rows))


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
    bp3 = "dC/db[l,j] = delta[l,j]"
    for args, runs in ((["--help"], 3 if quick else 7), (["verify", bp3, "--no-color"], 3 if quick else 5),
                       (["prove", "bp3", "--no-color"], 3 if quick else 5)):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            out = subprocess.run(cmd + args, capture_output=True, text=True, cwd=ROOT,
                                 env=dict(os.environ, NO_COLOR="1"))
            times.append(time.perf_counter() - t0)
            if out.returncode != 0:
                raise RuntimeError(f"derive {' '.join(args)} exited {out.returncode}: {out.stderr.strip()}")
        med = statistics.median(times)
        results["startup"][args[0] if args[0] != "prove" else "prove bp3"] = med
        shown = [f"'{v}'" if " " in v else v for v in args]
        rows.append(["derive " + " ".join(shown), fmt_time(med), fmt_time(min(times)), runs])
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
        rows.append(["derive verify on BP3 < 2 s (end to end)", fmt_time(st["verify"]), st["verify"] < 2])
    sym = results["symbolic"].get(str([4, 8, 8, 4]))
    cap = results["cap"]
    for what, name in (("every instance of BP1-BP4", "sweep"), ("prove all", "derive")):
        if not sym:
            break
        td, tp = sym[name], sym["plain"]
        label = f"{what} >= 100x plain sympy at [4,8,8,4]"
        if td and tp:
            rows.append([label, f"{tp / td:.1f}x", tp / td >= 100])
        else:       # one side did not finish: only a lower bound on the ratio is known
            rows.append([label, f"derive {fmt_time(td) if td else '> cap'}, plain {fmt_time(tp) if tp else '> cap'}",
                         bool(td) and not tp and cap / td >= 100])
    proc = results["process"]
    small, big = proc.get(str([3, 4, 4, 3])), proc.get(str([784, 30, 10]))
    if small and small["derive"] and small["plain"]:
        rows.append(["prove all --widths 3,4,4,3 >= 5x plain sympy (processes)",
                     f"{small['plain'] / small['derive']:.2f}x", small["plain"] >= 5 * small["derive"]])
    if big:
        rows.append(["prove all --widths 784,30,10 < 60 s, every instance",
                     fmt_time(big["derive"]) if big["derive"] else "> 600 s", bool(big["derive"]) and big["derive"] < 60])
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
        seconds, ok = {"derive": child_derive, "sweep": child_sweep, "plain": plain_sympy}[which](widths)
        print(json.dumps([seconds, ok]))
        return 0
    cap = args.cap or (20.0 if args.quick else 120.0)
    only = set(args.only.split(","))
    results = {"symbolic": {}, "process": {}, "numeric": {}, "startup": {}, "cap": cap}
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
