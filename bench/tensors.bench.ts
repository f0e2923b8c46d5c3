/**
 * Benchmark: derivatives of tensor expressions (issue 23), each evaluated through
 * `derive(...).at(values)`, whose jvp, vjp and gradient contract the einsum trees of the
 * derivative (the derivation is made once, outside the timing; every timed call builds the
 * operator at the values and evaluates). Peer in the same run: torch 1.13 autograd
 * (bench/tensors_peer.py, float64, one thread), with OpenBLAS's own kernel choice and with this
 * CPU's kernel forced by OPENBLAS_CORETYPE. Rows:
 *
 * - multi-head attention with 3-axis weights (batch 8, sequence 128, model 64, 4 heads of 16):
 *   the gradient of Σ (softmax(QKᵀ/c) V) ∘ G by W_q;
 * - the CP loss ‖T − [[A, B, C]]‖²_F at 60×70×80, rank 10: the gradient and a Hessian–vector
 *   product by A.
 *
 * Prints a Markdown table with ratios (peer time / ours: > 1 means tensorcalc is faster).
 * Run: `npm run bench -- tensors`.
 */
import { derive, randn, scale, tensor, type Tensor } from "../src";
import { blasCore, ms, pythonPeer, table, time } from "./harness";

export const title = "derivatives of tensor expressions beside torch";

// the logits Σ_k Q[b,s,k,h] K[b,t,k,h] with Q = X W_q and K = X W_k: two model axes (d and e), one
// summed in each projection (a shared d would be one sum Σ_{d,k} X W_q X W_k, not QKᵀ)
const MHA =
  'sum(einsum("bhst,btkh->bskh", softmax(einsum("bsd,dkh,bte,ekh->bhst", X, W_q, X, W_k) / c, 4), ' +
  'einsum("btd,dkh->btkh", X, W_v)) .* G)';
const CP = 'sum((T - einsum("ir,jr,kr->ijk", A, B, C)) .^ 2)';

interface Row {
  problem: string;
  label: string;
  sizes: Record<string, number>;
  fn: () => unknown;
}

function draw(shapes: Record<string, string[]>, sizes: Record<string, number>, seed: number): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(shapes).map(([k, s], n) => [
      k,
      randn(
        s.map((x) => sizes[x]),
        { seed: seed + n },
      ),
    ]),
  );
}

function rows(): Row[] {
  const mhaShapes = { X: ["b", "s", "d"], W_q: ["d", "k", "h"], W_k: ["d", "k", "h"], W_v: ["d", "k", "h"] };
  const mha = derive(MHA, "W_q", { ...mhaShapes, G: ["b", "s", "k", "h"], c: [] });
  const z = { b: 8, s: 128, d: 64, k: 16, h: 4 };
  const w = draw(mhaShapes, z, 1);
  for (const k of ["W_q", "W_k", "W_v"]) w[k] = scale(w[k], 1 / Math.sqrt(z.d));
  const mv = { ...w, G: randn([z.b, z.s, z.k, z.h], { seed: 9 }), c: tensor(Math.sqrt(z.k)) };
  const cpShapes = { T: ["i", "j", "k"], A: ["i", "r"], B: ["j", "r"], C: ["k", "r"] };
  const cp = derive(CP, "A", cpShapes);
  const y = { i: 60, j: 70, k: 80, r: 10 };
  const cv = draw(cpShapes, y, 11);
  const D = randn([y.i, y.r], { seed: 20 });
  return [
    {
      problem: "mha_grad",
      label: "attention, 4 heads (b 8, s 128, d 64): gradient by W_q",
      sizes: z,
      fn: () => mha.at(mv).gradient(),
    },
    { problem: "cp_grad", label: "CP loss 60×70×80, rank 10: gradient by A", sizes: y, fn: () => cp.at(cv).gradient() },
    {
      problem: "cp_hvp",
      label: "CP loss 60×70×80, rank 10: Hessian–vector product by A",
      sizes: y,
      fn: () => cp.at(cv).hessianVector(D),
    },
  ];
}

interface PeerReply {
  torch: string;
  rows: { problem: string; peer: string; ms: number }[];
}

export function run(): void {
  console.log(`## ${title}\n`);
  const ours = rows().map((row) => ({ row, t: time(row.fn, { minMs: 1000, minRuns: 5, warmup: 2 }) }));
  const req = { rows: ours.map(({ row }) => ({ problem: row.problem, sizes: row.sizes })) };
  const core = blasCore();
  const peers: [string, PeerReply | string][] = [
    ["OpenBLAS's own kernel", pythonPeer<PeerReply>("tensors_peer.py", req, undefined)],
  ];
  if (core !== undefined)
    peers.push([`OPENBLAS_CORETYPE=${core}`, pythonPeer<PeerReply>("tensors_peer.py", req, core)]);
  const verdict = (r: number): string => (r >= 1 ? `${r.toFixed(2)}× faster` : `${(1 / r).toFixed(2)}× slower`);
  const lines = ours.map(({ row, t }) => [
    row.label,
    ms(t.best),
    ...peers.flatMap(([, p]) => {
      const q = typeof p === "string" ? undefined : p.rows.find((r) => r.problem === row.problem);
      return q ? [ms(q.ms), verdict(q.ms / t.best)] : ["–", "–"];
    }),
  ]);
  const version = peers.map(([, p]) => (typeof p === "string" ? undefined : p.torch)).find((v) => v !== undefined);
  console.log(
    table(
      ["problem", "tensorcalc", ...peers.flatMap(([name]) => [`torch ${version ?? ""} (${name})`, "ratio"])],
      lines,
    ),
  );
  for (const [name, p] of peers) if (typeof p === "string") console.log(`\ntorch (${name}): ${p}`);
  console.log("\nBest of ≥ 5 runs each; float64, one thread on both sides.");
}
