#!/usr/bin/python3
"""torch side of bench/tensors.bench.ts (derivatives of tensor expressions), float64, one thread.

Reads {"rows": [{"problem": ..., "sizes": {...}}, ...]} on stdin and prints
{"torch": version, "rows": [{"problem", "peer", "ms", "median", "runs"}, ...]}.
Exit status 3 when torch is unavailable (Debian: apt-get install python3-torch).

Problems (the same expressions as tensorcalc's rows; data drawn here, sizes from the request):
  mha_grad  multi-head attention: Q = X·W_q (einsum bsd,dkh->bskh), the same for K and V,
            A = softmax(QKᵀ/c) over the keys per head, loss = Σ (A V) ∘ G; gradient by W_q
  cp_grad   CP loss ‖T − [[A, B, C]]‖²_F; gradient by A
  cp_hvp    its Hessian–vector product by A (torch.autograd.functional.hvp)
"""
import json
import sys

from peer_timing import timeit

try:
    import torch
except ImportError:
    print("torch unavailable (Debian: apt-get install python3-torch)", file=sys.stderr)
    sys.exit(3)

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
F = torch.autograd.functional


def mha(z):
    g = torch.Generator().manual_seed(1)
    b, s, d, k, h = (z[x] for x in "bsdkh")
    X = torch.randn(b, s, d, generator=g)
    Wq, Wk, Wv = (torch.randn(d, k, h, generator=g) / d**0.5 for _ in range(3))
    G = torch.randn(b, s, k, h, generator=g)
    c = float(k) ** 0.5

    def loss(wq):
        # two-operand einsums, as a torch user writes them: torch 1.13 contracts a longer spec left
        # to right (without opt_einsum), through a b·s·d·k·h·t intermediate of 4 GB here
        Q = torch.einsum("bsd,dkh->bskh", X, wq)
        K = torch.einsum("btd,dkh->btkh", X, Wk)
        L = torch.einsum("bskh,btkh->bhst", Q, K) / c
        A = torch.softmax(L, dim=3)
        O = torch.einsum("bhst,btkh->bskh", A, torch.einsum("btd,dkh->btkh", X, Wv))
        return torch.sum(O * G)

    def grad():
        w = Wq.detach().requires_grad_()
        return torch.autograd.grad(loss(w), w)[0]

    return "torch autograd.grad", timeit(grad, min_s=0.5, min_runs=5)


def cp(z, hvp):
    g = torch.Generator().manual_seed(2)
    i, j, k, r = (z[x] for x in "ijkr")
    T = torch.randn(i, j, k, generator=g)
    A, B, C = torch.randn(i, r, generator=g), torch.randn(j, r, generator=g), torch.randn(k, r, generator=g)
    D = torch.randn(i, r, generator=g)
    f = lambda a: torch.sum((T - torch.einsum("ir,jr,kr->ijk", a, B, C)) ** 2)
    if hvp:
        return "torch autograd.functional.hvp", timeit(lambda: F.hvp(f, A, D)[1], min_s=0.5, min_runs=5)

    def grad():
        a = A.detach().requires_grad_()
        return torch.autograd.grad(f(a), a)[0]

    return "torch autograd.grad", timeit(grad, min_s=0.5, min_runs=5)


def row(problem, sizes):
    if problem == "mha_grad":
        return mha(sizes)
    if problem in ("cp_grad", "cp_hvp"):
        return cp(sizes, problem == "cp_hvp")
    raise ValueError(f"unknown problem {problem}")


def main():
    req = json.load(sys.stdin)
    rows = []
    for r in req["rows"]:
        peer, t = row(r["problem"], r["sizes"])
        rows.append({"problem": r["problem"], "peer": peer, "ms": t["best"], "median": t["median"], "runs": t["runs"]})
    print(json.dumps({"torch": torch.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
