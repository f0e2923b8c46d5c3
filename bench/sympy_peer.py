#!/usr/bin/python3
"""SymPy side of bench/symbolic.bench.ts: times MatrixSymbol.diff on the catalogue rows.

Reads JSON on stdin: {"rows": [{"id", "expr", "wrt", "symbols": {name: [dim, dim]}}]} where
"expr" is a Python expression over MatrixSymbols (translated by the TypeScript side) and dims
are names or numbers. Prints JSON: {"sympy": version, "rows": {id: {"best", "median", "runs", "result"}
| {"error"}}} with times in milliseconds. Exit status 3 when sympy is unavailable.
"""
import json
import sys

from peer_timing import timeit

try:
    import sympy
    from sympy import (MatrixSymbol, Trace, Determinant, Inverse, HadamardProduct, KroneckerProduct,
                       Identity, log, symbols)
except ImportError:
    print("sympy unavailable", file=sys.stderr)
    sys.exit(3)


req = json.load(sys.stdin)
out = {"sympy": sympy.__version__, "rows": {}}
for row in req["rows"]:
    env = {"Trace": Trace, "Determinant": Determinant, "Inverse": Inverse, "HadamardProduct": HadamardProduct,
           "KroneckerProduct": KroneckerProduct, "Identity": Identity, "log": log}
    dims = {}
    for name, shape in row["symbols"].items():
        ds = []
        for d in shape:
            if isinstance(d, int):
                ds.append(d)
            else:
                if d not in dims:
                    dims[d] = symbols(d, integer=True, positive=True)
                ds.append(dims[d])
        env[name] = MatrixSymbol(name, ds[0], ds[1])
    try:
        expr = eval(row["expr"], {"__builtins__": {}}, env)
        wrt = env[row["wrt"]]
        result = expr.diff(wrt)
        t = timeit(lambda: expr.diff(wrt), min_s=0.3, max_runs=200, warmup=1)
        t["result"] = str(result)[:200]
        out["rows"][row["id"]] = t
    except Exception as e:  # sympy cannot differentiate this one
        out["rows"][row["id"]] = {"error": f"{type(e).__name__}: {str(e)[:160]}"}
print(json.dumps(out))
