/**
 * The demo: every identity of the seed (../shared/seed/question-and-answer.md)
 * checked on random rectangular integer matrices, exactly, and printed as a table.
 * Run with `npm run demo` (after `npm run build`).
 */
import {
  alpha,
  assertEqual,
  beta,
  commutation,
  ddot,
  dot,
  E,
  eye,
  jacobian,
  kron,
  matmul,
  permute,
  randint,
  Tensor,
  toVecJacobian,
  transpose,
  vec,
} from "../src";

interface Check {
  name: string;
  shapes: string;
  run: () => void;
}

function dims(seed: number): [number, number, number] {
  const r = randint([3], { seed, min: 2, max: 5 }).data;
  // p, m, n distinct where possible, so that nothing square slips through
  const p = r[0];
  const m = r[1] === p ? p + 1 : r[1];
  let n = r[2];
  while (n === p || n === m) n++;
  return [p, m, n];
}

const seed = Number(process.env.SEED ?? 20261127);
const [p, m, n] = dims(seed);
const A = randint([p, m], { seed: seed + 1 });
const B = randint([p, n], { seed: seed + 2 });
const H = randint([n, m], { seed: seed + 3 });
const F = randint([m, p], { seed: seed + 4 });
const G = randint([p, n], { seed: seed + 5 });
const Y = () => matmul(transpose(A), B);
const JA = jacobian((a: Tensor) => matmul(transpose(a), B), A); // [m,n,p,m]
const JB = jacobian((b: Tensor) => matmul(transpose(A), b), B); // [m,n,p,n]
const sz = (t: Tensor) => t.shape.join("×");

const checks: Check[] = [
  {
    name: "α:H = H = H:α",
    shapes: `H ${sz(H)}`,
    run: () => {
      assertEqual(ddot(alpha(n, m), H), H, "α:H");
      assertEqual(ddot(H, alpha(n, m)), H, "H:α");
    },
  },
  {
    name: "β:F = Fᵀ = F:β",
    shapes: `F ${sz(F)}`,
    run: () => {
      assertEqual(ddot(beta(p, m), F), transpose(F), "β:F");
      assertEqual(ddot(F, beta(m, p)), transpose(F), "F:β");
    },
  },
  {
    name: "HFG = HαGᵀ:F",
    shapes: `H ${sz(H)}, F ${sz(F)}, G ${sz(G)}`,
    run: () => assertEqual(ddot(dot(dot(H, alpha(m, n)), transpose(G)), F), matmul(matmul(H, F), G), "HαGᵀ:F"),
  },
  {
    name: "Y = Aᵀα:B, ∂Y/∂B = Aᵀα",
    shapes: `A ${sz(A)}, B ${sz(B)}`,
    run: () => {
      assertEqual(ddot(dot(transpose(A), alpha(p, n)), B), Y(), "Aᵀα:B");
      assertEqual(JB, dot(transpose(A), alpha(p, n)), "∂Y/∂B");
    },
  },
  {
    name: "Y = αBᵀ:β:A, ∂Y/∂A = αBᵀ:β",
    shapes: `A ${sz(A)}, B ${sz(B)}`,
    run: () => {
      const aBt = dot(alpha(m, n), transpose(B)); // [m,n,m,p]
      assertEqual(ddot(ddot(aBt, beta(m, p)), A), Y(), "αBᵀ:β:A"); // β [m,p,p,m]: β:A = Aᵀ
      assertEqual(JA, ddot(aBt, beta(m, p)), "∂Y/∂A");
    },
  },
  {
    name: "∂vecY/∂vecB = I⊗Aᵀ",
    shapes: `I ${n}×${n}`,
    run: () => assertEqual(toVecJacobian(JB), kron(eye(n), transpose(A)), "I⊗Aᵀ"),
  },
  {
    name: "∂vecY/∂vecA = (Bᵀ⊗I)K",
    shapes: `K ${p * m}×${p * m}`,
    run: () => {
      assertEqual(toVecJacobian(JA), matmul(kron(transpose(B), eye(m)), commutation(p, m)), "(Bᵀ⊗I)K");
      assertEqual(matmul(commutation(p, m), vec(A)), vec(transpose(A)), "K vec A = vec Aᵀ");
    },
  },
  {
    name: "∂Y/∂A_ij = E_ijᵀB, ∂Y/∂B_ij = AᵀE_ij",
    shapes: `all (i, j)`,
    run: () => {
      const JAs = permute(JA, [2, 3, 0, 1]); // [p,m,m,n]: slice (i,j) is ∂Y/∂A_ij
      const JBs = permute(JB, [2, 3, 0, 1]);
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < m; j++)
          assertEqual(slice2(JAs, i, j), matmul(transpose(E(i, j, p, m)), B), `∂Y/∂A_${i}${j}`);
        for (let j = 0; j < n; j++)
          assertEqual(slice2(JBs, i, j), matmul(transpose(A), E(i, j, p, n)), `∂Y/∂B_${i}${j}`);
      }
    },
  },
  {
    name: "∂G_ij/∂G_kl = α_ijkl, ∂Gᵀ_ij/∂G_kl = β_ijkl",
    shapes: `G ${sz(G)}`,
    run: () => {
      assertEqual(
        jacobian((g: Tensor) => g, G),
        alpha(p, n),
        "∂G/∂G",
      );
      assertEqual(
        jacobian((g: Tensor) => transpose(g), G),
        beta(n, p),
        "∂Gᵀ/∂G",
      );
    },
  },
];

/** The (i, j) slice T[i, j, :, :] of a 4th-order tensor. */
function slice2(T: Tensor, i: number, j: number): Tensor {
  const [, b, c, d] = T.shape;
  const off = (i * b + j) * c * d;
  return new Tensor(T.data.slice(off, off + c * d), [c, d]);
}

console.log(`tensorcalc demo — the seed's identities, checked exactly on random integer matrices`);
console.log(`Y = AᵀB with A ${p}×${m} and B ${p}×${n} (seed ${seed}; set SEED=… for others)\n`);
let failed = 0;
const width = Math.max(...checks.map((c) => c.name.length));
for (const c of checks) {
  try {
    c.run();
    console.log(`  ✔ ${c.name.padEnd(width)}   ${c.shapes}`);
  } catch (e) {
    failed++;
    console.log(`  ✘ ${c.name.padEnd(width)}   ${(e as Error).message}`);
  }
}
console.log(`\n${checks.length - failed} of ${checks.length} identities verified exactly.`);
console.log(`\n∂Y/∂A as a 4th-order tensor (shape [${JA.shape.join(", ")}]):\n${JA.toString()}`);
if (failed > 0) process.exitCode = 1;
