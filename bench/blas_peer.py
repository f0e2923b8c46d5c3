#!/usr/bin/python3
"""numpy and torch side of bench/blas.bench.ts (the dense kernels), float64, one thread.

Reads a JSON request on stdin, {"rows": [{"op": ..., "n": ...}, ...]}, and prints JSON
{"numpy", "torch", "corename", "rows": [{"op", "n", "peer", "best", "median", "runs"}, ...]}
(milliseconds). The caller sets OPENBLAS_NUM_THREADS=1 and OPENBLAS_CORETYPE (or removes it).

Ops (data drawn here; A well conditioned: N(0, 1) + 2√n·I; S = AᵀA/n + I symmetric positive definite):
  gemm      numpy A @ B, and torch A @ B            syrk   numpy Xᵀ @ X (X n×n; numpy calls syrk)
  lu        torch.linalg.lu_factor(A)               inv    numpy.linalg.inv(A)
  solve     numpy.linalg.solve(A, B), B n×n         cholesky  numpy.linalg.cholesky(S)
  det       numpy.linalg.det(A)
Exit status 3 when numpy is unavailable (torch rows are then left out as well).
"""
import ctypes
import json
import sys

from peer_timing import timeit

try:
    import numpy as np
except ImportError:
    print("numpy unavailable", file=sys.stderr)
    sys.exit(3)
try:
    import torch

    torch.set_num_threads(1)
except ImportError:
    torch = None


def corename():
    try:
        libs = sorted({line.split()[-1] for line in open("/proc/self/maps") if "libopenblas" in line})
        lib = ctypes.CDLL(libs[0])
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except Exception:  # noqa: BLE001
        return None


def budget(n):
    return dict(min_s=0.3, min_runs=3, warmup=1) if n >= 1000 else dict(min_s=0.5, min_runs=5, warmup=2)


def rows_for(op, n, rng):
    a = rng.standard_normal((n, n)) + 2 * n ** 0.5 * np.eye(n)
    b = rng.standard_normal((n, n))
    t = budget(n)
    out = []
    if op == "gemm":
        out.append(("numpy A @ B", timeit(lambda: a @ b, **t)))
        if torch is not None:
            ta, tb = torch.from_numpy(a), torch.from_numpy(b)
            out.append(("torch A @ B", timeit(lambda: ta @ tb, **t)))
    elif op == "syrk":
        out.append(("numpy Xᵀ @ X", timeit(lambda: b.T @ b, **t)))
    elif op == "lu":
        if torch is not None:
            ta = torch.from_numpy(a)
            out.append(("torch.linalg.lu_factor", timeit(lambda: torch.linalg.lu_factor(ta), **t)))
    elif op == "inv":
        out.append(("numpy.linalg.inv", timeit(lambda: np.linalg.inv(a), **t)))
    elif op == "solve":
        out.append(("numpy.linalg.solve (n right-hand sides)", timeit(lambda: np.linalg.solve(a, b), **t)))
    elif op == "cholesky":
        s = a.T @ a / n + np.eye(n)
        out.append(("numpy.linalg.cholesky", timeit(lambda: np.linalg.cholesky(s), **t)))
    elif op == "det":
        out.append(("numpy.linalg.det", timeit(lambda: np.linalg.det(a), **t)))
    else:
        raise SystemExit(f"unknown op {op}")
    return out


def main():
    req = json.load(sys.stdin)
    rng = np.random.default_rng(0)
    rows = []
    for r in req["rows"]:
        for peer, t in rows_for(r["op"], r["n"], rng):
            rows.append({"op": r["op"], "n": r["n"], "peer": peer, **t})
    print(
        json.dumps(
            {"numpy": np.__version__, "torch": torch.__version__ if torch else None, "corename": corename(), "rows": rows}
        )
    )


main()
