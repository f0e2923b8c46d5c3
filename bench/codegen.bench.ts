/**
 * Generated code benchmark: the value and gradient of the logistic loss
 * sum(log(1 + exp(−y ∘ (Xw)))) with X 2000×200, from the JavaScript that `generate` writes,
 * beside a hand-written loop (the peer) and tensorcalc's own `grad` through autodiff, in one run.
 * Targets: the generated gradient within 2× of the hand-written loop, and faster than `grad`.
 */
import { add, derive, exp, generate, grad, hadamard, log, matmul, neg, randn, sum, Tensor } from "../src";
import { ms, table, time } from "./harness";

export const title = "Generated code: logistic-loss gradient (X 2000×200) vs a hand-written loop and autodiff";

type JsTensor = { shape: number[]; data: Float64Array };

/** The hand-written peer: value and gradient in two passes over X. */
function handWritten(X: Float64Array, w: Float64Array, y: Float64Array, m: number, n: number) {
  const r = new Float64Array(m);
  let value = 0;
  for (let i = 0; i < m; i++) {
    let z = 0;
    const row = i * n;
    for (let k = 0; k < n; k++) z += X[row + k] * w[k];
    const t = -y[i] * z;
    value += t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    const s = t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    r[i] = -y[i] * s;
  }
  const g = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const ri = r[i];
    const row = i * n;
    for (let k = 0; k < n; k++) g[k] += X[row + k] * ri;
  }
  return { value, gradient: g };
}

export function run(): void {
  console.log(`## ${title}\n`);
  const m = 2000;
  const n = 200;
  const X = randn([m, n], { seed: 1 });
  const w = randn([n], { seed: 2 });
  const y = randn([m], { seed: 3 }).data.map((v) => (v >= 0 ? 1 : -1));
  const Y = new Tensor(y, [m]);
  const d = derive("sum(log(1 + exp(-y .* (X*w))))", "w", { X: ["m", "n"], w: ["n"], y: ["m"] });
  const code = generate(d, { language: "js", what: "gradient" });
  const fAndG = new Function(`${code.source}; return fAndG;`)() as (a: object) => {
    value: number;
    gradient: JsTensor;
  };
  const args = {
    X: { shape: [m, n], data: X.data },
    w: { shape: [n], data: w.data },
    y: { shape: [m], data: y },
  };
  const loss = (v: Tensor): Tensor => sum(log(add(1, exp(hadamard(neg(Y), matmul(X, v))))));
  // the three agree before they are timed
  const a = fAndG(args);
  const b = handWritten(X.data, w.data, y, m, n);
  const c = grad(loss, w);
  let diff = Math.abs(a.value - b.value) / Math.max(1, Math.abs(b.value));
  for (let k = 0; k < n; k++) {
    diff = Math.max(diff, Math.abs((a.gradient.data[k] as number) - (b.gradient[k] as number)));
    diff = Math.max(diff, Math.abs((c.data[k] as number) - (b.gradient[k] as number)));
  }
  if (!(diff < 1e-9)) throw new Error(`the generated, hand-written and autodiff gradients differ by ${diff}`);
  const opts = { minMs: 600, minRuns: 10 };
  const tGen = time(() => fAndG(args), opts);
  const tHand = time(() => handWritten(X.data, w.data, y, m, n), opts);
  const tGrad = time(() => grad(loss, w), opts);
  const vsHand = tGen.median / tHand.median;
  const vsGrad = tGrad.median / tGen.median;
  console.log(
    table(
      ["computation (value and gradient)", "median", "best", "ratio", "target"],
      [
        ["hand-written loop (peer)", ms(tHand.median), ms(tHand.best), "1", "—"],
        [
          'generated JavaScript (`generate(d, { language: "js" })`)',
          ms(tGen.median),
          ms(tGen.best),
          `${vsHand.toFixed(2)}× the loop's time`,
          `within 2×: ${vsHand <= 2 ? "met" : "**not met**"}`,
        ],
        [
          "tensorcalc `grad` (autodiff, reverse mode)",
          ms(tGrad.median),
          ms(tGrad.best),
          `generated is ${vsGrad.toFixed(1)}× faster`,
          `generated faster: ${vsGrad > 1 ? "met" : "**not met**"}`,
        ],
      ],
    ),
  );
  console.log(
    `\nRatios: generated / hand-written = ${vsHand.toFixed(2)} (target ≤ 2), grad / generated = ${vsGrad.toFixed(2)} (target > 1).`,
  );
}

if (require.main === module) run();
