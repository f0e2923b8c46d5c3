#!/usr/bin/python3
"""Peer timings for bench/autodiff.bench.ts: the full Jacobian of Y = AᵀB with
respect to A (square n×n, float64, one thread) by torch.autograd.functional.jacobian,
without and with vectorize=True. Prints one JSON object:
{"torch": "<version>", "results": [{"n": 8, "loop": seconds, "vectorized": seconds}, ...]}
Run with Debian's /usr/bin/python3 (it has torch):  /usr/bin/python3 bench/torch_peer.py 8 16 32 64
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def best_time(fn, budget=1.5, max_reps=20):
    """Minimum wall time of fn() over repetitions (at least 2, until `budget` seconds are spent)."""
    fn()  # warm-up
    times = []
    start = time.perf_counter()
    while len(times) < max_reps:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= 2 and time.perf_counter() - start > budget:
            break
    return min(times)


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [8, 16, 32, 64]
    results = []
    for n in sizes:
        g = torch.Generator().manual_seed(n)
        A = torch.randn(n, n, generator=g)
        B = torch.randn(n, n, generator=g)
        f = lambda a: a.T @ B
        J = torch.autograd.functional.jacobian(f, A)
        assert tuple(J.shape) == (n, n, n, n)
        loop = best_time(lambda: torch.autograd.functional.jacobian(f, A))
        vect = best_time(lambda: torch.autograd.functional.jacobian(f, A, vectorize=True))
        results.append({"n": n, "loop": loop, "vectorized": vect})
    print(json.dumps({"torch": torch.__version__, "results": results}))


if __name__ == "__main__":
    main()
