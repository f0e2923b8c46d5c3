#!/usr/bin/python3
"""numpy side of bench/core.bench.ts: times the core API's kernels in numpy.

Reads JSON on stdin: {"linalg": [n, ...], "permute": {"shape": [...], "axes": [...]},
"randn": count, "transpose": n} and prints JSON timings in milliseconds (best, median, runs).
Exit status 3 when numpy is unavailable. Run single-threaded (the harness environment).
"""
import json
import sys

from peer_timing import timeit

try:
    import numpy as np
except ImportError:
    print("numpy unavailable", file=sys.stderr)
    sys.exit(3)


req = json.load(sys.stdin)
rng = np.random.default_rng(0)
out = {"numpy": np.__version__, "linalg": {}}
for n in req.get("linalg", []):
    A = rng.standard_normal((n, n)) + n * np.eye(n)
    B = rng.standard_normal((n, 10))
    out["linalg"][str(n)] = {
        "inv": timeit(lambda: np.linalg.inv(A)),
        "det": timeit(lambda: np.linalg.det(A)),
        "solve": timeit(lambda: np.linalg.solve(A, B)),
    }
if "permute" in req:
    T = rng.standard_normal(req["permute"]["shape"])
    axes = req["permute"]["axes"]
    out["permute"] = timeit(lambda: np.ascontiguousarray(T.transpose(axes)))
if "transpose" in req:
    n = req["transpose"]
    M = rng.standard_normal((n, n))
    out["transpose"] = timeit(lambda: np.ascontiguousarray(M.T))
if "randn" in req:
    g = np.random.default_rng(1)
    out["randn"] = timeit(lambda: g.standard_normal(req["randn"]))
json.dump(out, sys.stdout)
