/**
 * The registry: the one list of tensorcalc's differentiable primitives (each
 * with its rules and test cases) and of the composites built from them (test
 * cases only). The tests iterate it; nothing else lists op names.
 * @packageDocumentation
 * @internal
 */
import type { Composite, OpDef } from "./def";
import { transposeDef } from "./shape/transpose";
import { permuteDef } from "./shape/permute";
import { reshapeDef } from "./shape/reshape";
import { diagDef } from "./shape/diag";
import { addDef } from "./arith/add";
import { subDef } from "./arith/sub";
import { scaleDef } from "./arith/scale";
import { hadamardDef } from "./arith/hadamard";
import { divideDef } from "./arith/divide";
import { sumDef } from "./reduce/sum";
import { traceDef } from "./reduce/trace";
import { norm1Composite } from "./reduce/norm1";
import { norm2Def } from "./reduce/norm2";
import { logsumexpDef } from "./reduce/logsumexp";
import { softmaxDef } from "./reduce/softmax";
import { expDef } from "./elementwise/exp";
import { logDef } from "./elementwise/log";
import { powDef } from "./elementwise/pow";
import { powerDef } from "./elementwise/power";
import { sqrtDef } from "./elementwise/sqrt";
import { absDef } from "./elementwise/abs";
import { sinDef, cosDef } from "./elementwise/trig";
import { tanhDef } from "./elementwise/hyperbolic";
import { tanDef } from "./elementwise/tan";
import { reluDef } from "./elementwise/relu";
import { signDef } from "./elementwise/sign";
import { sigmoidDef } from "./elementwise/sigmoid";
import { softplusDef } from "./elementwise/softplus";
import { matmulDef } from "../products/matmul";
import { kronDef } from "../products/kron";
import { dotComposite } from "../products/dot";
import { ddotComposite } from "../products/ddot";
import { outerComposite } from "../products/outer";
import { einsumDef } from "../einsum/einsum";
import { invDef } from "../linalg/inv";
import { detDef, logdetDef } from "../linalg/det";
import { solveDef, solveSpdDef } from "../linalg/solve";
import { choleskyDef } from "../linalg/cholesky";
import { vecComposite } from "../special/vec";
import { vechDef, unvechDef } from "../special/vech";

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
