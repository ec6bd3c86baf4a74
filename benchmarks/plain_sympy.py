"""Plain sympy, the way a user would check BP1-BP4 without derive (benchmark (a) of run.py).

`python benchmarks/plain_sympy.py 3,4,4,3` runs it as a whole process (run.py times it so, against
`derive prove all --widths 3,4,4,3`) and prints [seconds, all checks passed] as JSON.
"""
import json
import sys
import time


def plain_sympy(widths):
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


if __name__ == "__main__":
    print(json.dumps(plain_sympy([int(v) for v in sys.argv[1].split(",")])))
