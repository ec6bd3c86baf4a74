"""Benchmarks for derive: `python benchmarks/run.py` (full) or `python benchmarks/run.py --quick`.

Every figure is a whole process (start-up included) of this checkout's code, each measured in this
one run against its baseline, the two interleaved (A B A B ...) so that they share the machine's
load; the tables give medians and their ratio:

  (a) against `python -c "import sympy"`: `derive --help`, `derive verify` on BP3 and `derive prove
      all` at the index level (any depth and widths; generic sigma with the quadratic cost, and the
      sigmoid with the cross-entropy).
  (b) concrete nets against plain sympy (benchmarks/plain_sympy.py: the explicit cost C of the net,
      differentiated by every weight and bias and compared with the BP formulas by
      `expand(lhs - rhs) == 0`): `derive prove all --widths 3,4,4,3` and `4,8,8,4`.
  (c) every instance on concrete nets: `derive prove all --widths ...` from [3,4,4,3] to
      [784,100,100,10], with the growth exponent k of time ~ params^k (least squares on log-log).
  (d) the numeric gradient at [784, 30, 10]: derive's lowered gradient (derive.lower) against a
      hand-written vectorised numpy backprop and torch.autograd (float64, CPU; skipped if torch
      is missing), with the largest differences between the three and gradient/forward time.
  (e) chapter 3 at [784, 30, 10]: the lowered gradient of a softmax output with the log-likelihood
      cost, without and with L2, against hand-written numpy at batches of 10 and 1000.

Nothing here asserts a time: the numbers are for reading; the targets table says which hold.
"""
import argparse
import compileall
import math
import os
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
PLAIN = Path(__file__).resolve().parent / "plain_sympy.py"
BP3 = "dC/db[l,j] = delta[l,j]"
SYMPY = [sys.executable, "-c", "import sympy"]
DERIVE = [sys.executable, "-m", "derive"]
GROWTH_NETS = [[3, 4, 4, 3], [4, 8, 8, 4], [10, 10, 10], [20, 20, 20, 20], [50, 30, 10], [100, 30, 10],
               [784, 30, 10], [784, 100, 10], [784, 100, 100, 10]]
NUMERIC_NET = [784, 30, 10]


def byte_compiled():
    """This checkout's derive compiled to bytecode once, as `pip install .` does: where Python is told
    not to write bytecode (PYTHONDONTWRITEBYTECODE), each process would otherwise compile every module
    of derive from source (about 0.15 s), which no installed copy does."""
    compileall.compile_dir(str(ROOT / "derive"), quiet=1)


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


OUTPUT = {}                     # command -> the standard output of its last run


def run_process(cmd, timeout):
    """Wall seconds of one whole process of this checkout's code, or None past the timeout."""
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {out.returncode}: {out.stderr.strip()[-300:]}")
    OUTPUT[tuple(cmd)] = out.stdout
    return time.perf_counter() - t0


def side_by_side(commands, repeats, timeout):
    """{name: median seconds (None when a run passed the timeout)}: the commands run in turn,
    `repeats` rounds, so that each round shares the machine's load; a command that timed out is
    not run again."""
    times = {name: [] for name in commands}
    for _ in range(repeats):
        for name, cmd in commands.items():
            if None in times[name]:
                continue
            times[name].append(run_process(cmd, timeout))
    return {name: (None if None in v else statistics.median(v)) for name, v in times.items()}


def ratio(slow, fast):
    if slow and fast:
        return f"{slow / fast:.2f}x" if slow < 10 * fast else f"{slow / fast:.1f}x"
    return "-"


def slope(points):
    """Least-squares slope of log(time) against log(params)."""
    if len(points) < 2:
        return None
    xs = [math.log(p) for p, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((v - mx) ** 2 for v in xs)
    return sum((u - mx) * (v - my) for u, v in zip(xs, ys)) / den if den else None


# --------------------------------------------------------------------------------------
# (a) against `import sympy`

def bench_sympy(quick, results):
    commands = {"import sympy": SYMPY,
                "derive --help": DERIVE + ["--help"],
                "derive verify BP3": DERIVE + ["verify", BP3],
                "derive prove all": DERIVE + ["prove", "all"],
                "derive prove all --activation sigmoid --cost cross-entropy":
                    DERIVE + ["prove", "all", "--activation", "sigmoid", "--cost", "cross-entropy"]}
    repeats = 3 if quick else 7
    t = side_by_side(commands, repeats, 600)
    base = t["import sympy"]
    results["sympy"] = t
    rows = [[name, fmt_time(v), ratio(v, base) if name != "import sympy" else "1x"] for name, v in t.items()]
    print(f"\n(a) whole processes against `python -c \"import sympy\"` (median of {repeats}, interleaved)\n")
    print(table(["command", "median", "/ import sympy"], rows))


# --------------------------------------------------------------------------------------
# (b) concrete nets against plain sympy

def bench_plain(quick, cap, results):
    rows = []
    for widths in ([3, 4, 4, 3], [4, 8, 8, 4]):
        text = ",".join(map(str, widths))
        commands = {"derive": DERIVE + ["prove", "all", "--widths", text],
                    "plain": [sys.executable, str(PLAIN), text]}
        t = side_by_side(commands, 1 if quick else 3, cap)
        results["plain"][text] = t
        rows.append([str(widths), n_params(widths), fmt_time(t["derive"]),
                     fmt_time(t["plain"]) if t["plain"] else f"> {cap:g} s",
                     ratio(t["plain"], t["derive"]) if t["plain"] else f"> {cap / t['derive']:.1f}x"])
        print(f"  [{widths}: derive {fmt_time(t['derive'])}, plain {fmt_time(t['plain'])}]", file=sys.stderr, flush=True)
    print(f"\n(b) `derive prove all --widths ...` against plain sympy, whole processes (cap {cap:g} s)\n")
    print(table(["net", "params", "derive prove all --widths", "plain sympy", "plain / derive"], rows))


# --------------------------------------------------------------------------------------
# (c) every instance on concrete nets, and growth

def bench_growth(quick, results):
    rows, points = [], []
    for widths in GROWTH_NETS:
        text = ",".join(map(str, widths))
        cmd = DERIVE + ["prove", "all", "--widths", text]
        t = side_by_side({"derive": cmd}, 1 if quick else 3, 900)["derive"]
        results["growth"][text] = t
        if t is not None:
            points.append((n_params(widths), t))
        sampled = "a seeded sample" in OUTPUT.get(tuple(cmd), "")
        rows.append([str(widths), n_params(widths), fmt_time(t) if t else "> 900 s",
                     "a seeded sample (evidence's budget)" if sampled else "all"])
        print(f"  [{widths}: {fmt_time(t)}]", file=sys.stderr, flush=True)
    k = slope(points)
    big = [p for p in points if p[0] >= 1000]
    k_big = slope(big)
    results["exponent"] = k_big
    print("\n(c) every instance on concrete nets: `derive prove all --widths ...` (whole processes, median)\n")
    print(table(["net", "params", "derive prove all --widths", "instances compared symbolically one by one"], rows))
    show = lambda v: f"{v:.2f}" if v is not None else "-"
    print(f"\ngrowth exponent k (time ~ params^k, least squares on log time against log params): "
          f"k = {show(k)} over every size, k = {show(k_big)} over the sizes of 1000 parameters or more "
          f"(below that the index-level proofs, the same for every net, dominate)")


# --------------------------------------------------------------------------------------
# (d) the numeric gradient

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
    print(f"\n(d) gradient of the quadratic cost summed over a batch of m examples, sigmoid net "
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


def numpy_softmax_backprop(weights, biases, x, y, lam=0.0, N=1.0):
    """Hand-written vectorised backprop: sigmoid hidden layers, a softmax output (z shifted by each
    column's largest) and the log-likelihood cost, delta^L = a^L - y; with an L2 penalty, each
    example's cost adding lambda/(2N) sum w^2."""
    act, acts = x, [x]
    for t, (W, b) in enumerate(zip(weights, biases)):
        z = W @ act + b
        if t == len(weights) - 1:
            e = np.exp(z - z.max(axis=0, keepdims=True))
            act = e / e.sum(axis=0, keepdims=True)
        else:
            act = 1.0 / (1.0 + np.exp(-z))
        acts.append(act)
    d, m = act - y, x.shape[1]
    nb, nw = [None] * len(weights), [None] * len(weights)
    for t in range(len(weights) - 1, -1, -1):
        nb[t], nw[t] = d.sum(axis=1, keepdims=True), d @ acts[t].T
        if lam:
            nw[t] += (m * lam / N) * weights[t]
        if t:
            d = (weights[t].T @ d) * acts[t] * (1 - acts[t])
    return nb, nw


def bench_chapter3(quick, results):
    from derive import Network
    from derive.lower import compile_gradient
    rng = np.random.default_rng(1)
    sizes = NUMERIC_NET
    weights = [rng.standard_normal((sizes[t + 1], sizes[t])) / math.sqrt(sizes[t]) for t in range(len(sizes) - 1)]
    biases = [rng.standard_normal((sizes[t + 1], 1)) for t in range(len(sizes) - 1)]
    repeats = 7 if quick else 21
    rows = []
    for reg, constants in ((None, {}), ("l2", {"lam": 0.1, "N": 50000})):
        grad = compile_gradient(Network(sizes, activation="sigmoid", output="softmax", cost="log-likelihood",
                                        regularization=reg))
        hand = {"lam": constants["lam"], "N": constants["N"]} if reg else {}
        for m in (10, 1000):
            x = rng.random((sizes[0], m))
            y = np.zeros((sizes[-1], m))
            y[rng.integers(0, sizes[-1], m), np.arange(m)] = 1
            gd, gn = grad(weights, biases, x, y, **constants), numpy_softmax_backprop(weights, biases, x, y, **hand)
            flat = lambda g: np.concatenate([v.ravel() for v in g[0] + g[1]])
            rel = float(np.abs(flat(gd) - flat(gn)).max() / np.abs(flat(gn)).max())
            t = per_call({"derive": lambda: grad(weights, biases, x, y, **constants),
                          "numpy": lambda: numpy_softmax_backprop(weights, biases, x, y, **hand)}, repeats)
            results["chapter3"][(reg or "none", m)] = {"ratio": t["derive"] / t["numpy"], "rel": rel}
            rows.append([reg or "none", m, fmt_time(t["derive"]), fmt_time(t["numpy"]),
                         f"{t['derive'] / t['numpy']:.2f}x", f"{rel:.1e}"])
    print(f"\n(e) chapter 3: the lowered gradient of a softmax output with the log-likelihood cost (one-hot y), "
          f"sigmoid net {sizes}, summed over a batch of m, against hand-written numpy (median of {repeats} rounds)\n")
    print(table(["regularization", "m", "derive (lowered)", "numpy by hand", "derive / numpy",
                 "max relative difference"], rows))


# --------------------------------------------------------------------------------------

def targets(results):
    rows = []
    sym = results["sympy"]
    if sym:
        base = sym["import sympy"]
        for name, limit in (("derive prove all", 3.0),
                            ("derive prove all --activation sigmoid --cost cross-entropy", 3.0),
                            ("derive verify BP3", 1.8)):
            rows.append([f"{name} within {limit:g}x of import sympy", ratio(sym[name], base),
                         sym[name] <= limit * base])
        rows.append(["derive --help < 0.3 s", fmt_time(sym["derive --help"]), sym["derive --help"] < 0.3])
    for text, factor in (("3,4,4,3", 5), ("4,8,8,4", 100)):
        t = results["plain"].get(text)
        if t and t["derive"]:
            rows.append([f"prove all --widths {text} >= {factor}x faster than plain sympy",
                         ratio(t["plain"], t["derive"]) if t["plain"] else "plain did not finish",
                         bool(t["plain"]) and t["plain"] >= factor * t["derive"]])
    big = results["growth"].get("784,30,10")
    if "784,30,10" in results["growth"]:
        rows.append(["prove all --widths 784,30,10 (every instance) < 10 s", fmt_time(big) if big else "> 900 s",
                     bool(big) and big < 10])
    if results.get("exponent") is not None:
        rows.append(["growth close to linear in the parameters (k <= 1.2)", f"k = {results['exponent']:.2f}",
                     results["exponent"] <= 1.2])
    num = results["numeric"].get(10)
    if num:
        rows.append(["lowered gradient within 1.2x of numpy (m=10)", f"{num['derive'] / num['numpy']:.2f}x",
                     num["derive"] <= 1.2 * num["numpy"]])
        if num["torch"]:
            rows.append(["lowered gradient faster than torch eager (m=10)",
                         f"{num['derive'] / num['torch']:.2f}x", num["derive"] < num["torch"]])
        worst = max(v["derive"] / v["forward"] for v in results["numeric"].values())
        rows.append(["gradient <= 3x forward (derive, worst m)", f"{worst:.2f}x", worst <= 3])
    for (reg, m), v in sorted(results["chapter3"].items()):
        rows.append([f"softmax + log-likelihood ({reg}), m={m}: within 1.2x of numpy, equal to 1e-10",
                     f"{v['ratio']:.2f}x, {v['rel']:.0e}", v["ratio"] <= 1.2 and v["rel"] <= 1e-10])
    if rows:
        print("\ntargets\n")
        print(table(["target", "measured", "holds"], [[a, b, "yes" if c else "NO"] for a, b, c in rows]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, a shorter cap")
    parser.add_argument("--cap", type=float, help="seconds for one plain sympy run (default 600, quick 120)")
    parser.add_argument("--only", default="a,b,c,d,e", help="tables to run, e.g. a,c")
    args = parser.parse_args(argv)
    cap = args.cap or (120.0 if args.quick else 600.0)
    only = set(args.only.split(","))
    results = {"sympy": {}, "plain": {}, "growth": {}, "numeric": {}, "chapter3": {}}
    byte_compiled()
    print(f"derive benchmarks ({'quick' if args.quick else 'full'} run), python "
          f"{sys.version.split()[0]}, {os.cpu_count()} cores, load average at start "
          f"{os.getloadavg()[0]:.2f}")
    if "a" in only:
        bench_sympy(args.quick, results)
    if "b" in only:
        bench_plain(args.quick, cap, results)
    if "c" in only:
        bench_growth(args.quick, results)
    if "d" in only:
        bench_numeric(args.quick, results)
    if "e" in only:
        bench_chapter3(args.quick, results)
    targets(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
