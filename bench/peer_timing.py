"""The timing loop shared by the Python peers (core_peer.py, numpy_peer.py, sympy_peer.py).

They are run as `/usr/bin/python3 bench/<peer>.py`, so Python puts bench/ on sys.path and
`from peer_timing import timeit` finds this module.
"""
import time


def timeit(fn, min_s=0.4, min_runs=3, max_runs=1000, warmup=2):
    """Time fn() after `warmup` calls: at least `min_runs` runs and `min_s` seconds in all,
    at most `max_runs` runs. Returns milliseconds: {"best", "median", "runs"}."""
    for _ in range(warmup):
        fn()
    samples = []
    total = 0.0
    while (total < min_s or len(samples) < min_runs) and len(samples) < max_runs:
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        samples.append(dt)
        total += dt
    samples.sort()
    return {"best": samples[0] * 1e3, "median": samples[len(samples) // 2] * 1e3, "runs": len(samples)}
