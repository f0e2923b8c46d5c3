/**
 * The registry: the one list of tensorcalc's differentiable primitives (each
 * with its rules and test cases) and of the composites built from them (test
 * cases only). The tests iterate it; nothing else lists op names. It sits at the
 * root of src/, above every folder: it imports the definitions of ops/, linalg/,
 * einsum/ and special/, and nothing under src/ imports it
 * (test/architecture/folders.test.ts).
 * @packageDocumentation
 * @internal
 */
import type { Composite, OpDef } from "./ops/def";
import { transposeDef } from "./ops/shape/transpose";
import { permuteDef } from "./ops/shape/permute";
import { reshapeDef } from "./ops/shape/reshape";
import { diagDef } from "./ops/shape/diag";
import { addDef } from "./ops/arith/add";
import { subDef } from "./ops/arith/sub";
import { scaleDef } from "./ops/arith/scale";
import { hadamardDef } from "./ops/arith/hadamard";
import { divideDef } from "./ops/arith/divide";
import { sumDef } from "./ops/reduce/sum";
import { traceDef } from "./ops/reduce/trace";
import { norm1Composite } from "./ops/reduce/norm1";
import { norm2Def } from "./ops/reduce/norm2";
import { logsumexpDef } from "./ops/reduce/logsumexp";
import { softmaxDef } from "./ops/reduce/softmax";
import { expDef } from "./ops/elementwise/exp";
import { logDef } from "./ops/elementwise/log";
import { powDef } from "./ops/elementwise/pow";
import { powerDef } from "./ops/elementwise/power";
import { sqrtDef } from "./ops/elementwise/sqrt";
import { absDef } from "./ops/elementwise/abs";
import { sinDef, cosDef } from "./ops/elementwise/trig";
import { tanhDef } from "./ops/elementwise/hyperbolic";
import { log1pDef, expm1Def } from "./ops/elementwise/log1p";
import { tanDef } from "./ops/elementwise/tan";
import { reluDef } from "./ops/elementwise/relu";
import { signDef } from "./ops/elementwise/sign";
import { sigmoidDef } from "./ops/elementwise/sigmoid";
import { softplusDef } from "./ops/elementwise/softplus";
import { matmulDef } from "./ops/products/matmul";
import { kronDef } from "./ops/products/kron";
import { dotComposite } from "./ops/products/dot";
import { ddotComposite } from "./ops/products/ddot";
import { outerComposite } from "./ops/products/outer";
import { einsumDef } from "./einsum/einsum";
import { invDef } from "./linalg/inv";
import { detDef, logdetDef } from "./linalg/det";
import { solveDef, solveSpdDef } from "./linalg/solve";
import { choleskyDef } from "./linalg/cholesky";
import { vecComposite } from "./special/vec";
import { vechDef, unvechDef } from "./special/vech";

/** Every differentiable primitive, in no particular order. */
export const primitives: readonly OpDef<never>[] = [
  transposeDef,
  permuteDef,
  reshapeDef,
  diagDef,
  addDef,
  subDef,
  scaleDef,
  hadamardDef,
  divideDef,
  sumDef,
  traceDef,
  norm2Def,
  logsumexpDef,
  softmaxDef,
  expDef,
  logDef,
  powDef,
  powerDef,
  sqrtDef,
  absDef,
  sinDef,
  cosDef,
  tanhDef,
  log1pDef,
  expm1Def,
  tanDef,
  reluDef,
  signDef,
  sigmoidDef,
  softplusDef,
  matmulDef,
  kronDef,
  einsumDef,
  invDef,
  detDef,
  logdetDef,
  solveDef,
  solveSpdDef,
  choleskyDef,
  vechDef,
  unvechDef,
];

/** Ops built from primitives (no rules of their own), with their test cases. */
export const composites: readonly Composite[] = [
  dotComposite,
  ddotComposite,
  outerComposite,
  vecComposite,
  norm1Composite,
];
