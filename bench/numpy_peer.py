#!/usr/bin/python3
"""numpy side of the tensorcalc benchmarks (bench/harness.ts runs it).

Reads a JSON request on stdin: {"dot": [256, 512], "einsum": [{"spec": ..., "shapes": [...]}, ...]}
and prints JSON: timings in milliseconds (best and median), the numpy version and the
OpenBLAS build/kernel actually in use. Exit status 3 when numpy is unavailable.
Run single-threaded: OPENBLAS_NUM_THREADS=1 (the harness sets it).
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


def blas_info():
    info = {}
    try:
        from threadpoolctl import threadpool_info  # type: ignore

        info["threadpoolctl"] = threadpool_info()
    except ImportError:
        pass
    try:
        libs = sorted({line.split()[-1] for line in open("/proc/self/maps") if "libopenblas" in line})
        if libs:
            lib = ctypes.CDLL(libs[0])
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            info["library"] = libs[0]
            info["corename"] = lib.openblas_get_corename().decode()
            info["config"] = lib.openblas_get_config().decode()
            info["threads"] = lib.openblas_get_num_threads()
    except Exception as e:  # noqa: BLE001
        info["error"] = str(e)
    return info


def main():
    req = json.load(sys.stdin)
    rng = np.random.default_rng(0)
    out = {"numpy": np.__version__, "blas": blas_info(), "dot": {}, "einsum": []}
    for n in req.get("dot", []):
        a = rng.standard_normal((n, n))
        b = rng.standard_normal((n, n))
        out["dot"][str(n)] = timeit(lambda: np.dot(a, b))
    for case in req.get("einsum", []):
        ops = [rng.standard_normal(s) for s in case["shapes"]]
        r = {"spec": case["spec"], "shapes": case["shapes"]}
        r["optimized"] = timeit(lambda: np.einsum(case["spec"], *ops, optimize=True))
        if case.get("naive", False):
            r["naive"] = timeit(lambda: np.einsum(case["spec"], *ops, optimize=False), min_s=0.2, min_runs=1, warmup=0)
        out["einsum"].append(r)
    json.dump(out, sys.stdout)


main()
