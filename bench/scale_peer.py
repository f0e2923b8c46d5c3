#!/usr/bin/python3
"""torch side of bench/scale.bench.ts (derivatives at scale), float64, one thread.

Reads a JSON request on stdin, {"rows": [{"problem": ..., "n": ...}, ...]}, and prints JSON
{"torch": version, "rows": [{"problem", "n", "peer", "ms", "median", "runs"}, ...]}.
Exit status 3 when torch is unavailable (Debian: apt-get install python3-torch).

Problems (the same as tensorcalc's rows; data drawn here, sizes as in the request):
  hess_quad      Hessian of xᵀAx, torch.autograd.functional.hessian(vectorize=True)
  hess_logistic  Hessian of sum(log(1 + exp(-y * (X w)))), X m×n with m = 2n, same call
  mf_grad        gradient of ‖T − U Vᵀ‖²_F w.r.t. U (T n×n, U and V n×r, r = n/10): torch.autograd.grad
  mf_hvp         its Hessian–vector product w.r.t. U: torch.autograd.functional.hvp
  jvp_AtB / vjp_AtB, jvp_inv / vjp_inv   J·V and Wᵀ·J of AᵀB (by A) and X⁻¹: the faster of
                 torch.autograd.functional.jvp (double backward) and forward-mode dual numbers
                 (torch.autograd.forward_ad) for jvp; torch.autograd.functional.vjp for vjp.
"""
import json
import sys

from peer_timing import timeit

try:
    import torch
    import torch.autograd.forward_ad as fwAD
except ImportError:
    print("torch unavailable (Debian: apt-get install python3-torch)", file=sys.stderr)
    sys.exit(3)

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
F = torch.autograd.functional


def budget(n):
    """Fewer runs for the large sizes (each can take seconds)."""
    if n >= 1000:
        return dict(min_s=0.0, min_runs=3, warmup=1)
    return dict(min_s=0.5, min_runs=5, warmup=2)


def well_conditioned(n, g):
    return torch.randn(n, n, generator=g) + n ** 0.5 * 2 * torch.eye(n)


def row(problem, n):
    g = torch.Generator().manual_seed(n)
    b = budget(n)
    if problem == "hess_quad":
        A = torch.randn(n, n, generator=g)
        x = torch.randn(n, generator=g)
        return "torch hessian(vectorize=True)", timeit(lambda: F.hessian(lambda v: v @ A @ v, x, vectorize=True), **b)
    if problem == "hess_logistic":
        m = 2 * n
        X = torch.randn(m, n, generator=g)
        y = torch.sign(torch.randn(m, generator=g))
        w = torch.randn(n, generator=g) / n ** 0.5
        f = lambda v: torch.sum(torch.log(1 + torch.exp(-y * (X @ v))))
        return "torch hessian(vectorize=True)", timeit(lambda: F.hessian(f, w, vectorize=True), **b)
    if problem in ("mf_grad", "mf_hvp"):
        r = max(1, n // 10)
        T = torch.randn(n, n, generator=g)
        U = torch.randn(n, r, generator=g)
        V = torch.randn(n, r, generator=g)
        D = torch.randn(n, r, generator=g)
        f = lambda u: torch.linalg.norm(T - u @ V.T) ** 2
        if problem == "mf_grad":

            def grad():
                u = U.detach().requires_grad_()
                return torch.autograd.grad(f(u), u)[0]

            return "torch autograd.grad", timeit(grad, **b)
        return "torch autograd.functional.hvp", timeit(lambda: F.hvp(f, U, D)[1], **b)
    if problem.endswith("_AtB") or problem.endswith("_inv"):
        if problem.endswith("_AtB"):
            A = torch.randn(n, n, generator=g)
            B = torch.randn(n, n, generator=g)
            f = lambda a: a.T @ B
        else:
            A = well_conditioned(n, g)
            f = torch.linalg.inv
        V = torch.randn(n, n, generator=g)
        if problem.startswith("vjp"):
            return "torch autograd.functional.vjp", timeit(lambda: F.vjp(f, A, V)[1], **b)

        def dual():
            with fwAD.dual_level():
                return fwAD.unpack_dual(f(fwAD.make_dual(A, V))).tangent

        t_fun = timeit(lambda: F.jvp(f, A, V)[1], **b)
        t_dual = timeit(dual, **b)
        if t_dual["best"] < t_fun["best"]:
            return "torch forward_ad (dual numbers)", t_dual
        return "torch autograd.functional.jvp", t_fun
    raise SystemExit(f"unknown problem {problem}")


def main():
    req = json.load(sys.stdin)
    rows = []
    for r in req["rows"]:
        peer, t = row(r["problem"], r["n"])
        rows.append({"problem": r["problem"], "n": r["n"], "peer": peer, "ms": t["best"], "median": t["median"], "runs": t["runs"]})
    print(json.dumps({"torch": torch.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
