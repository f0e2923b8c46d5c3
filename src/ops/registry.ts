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
import { sumDef } from "./reduce/sum";
import { traceDef } from "./reduce/trace";
import { expDef } from "./elementwise/exp";
import { logDef } from "./elementwise/log";
import { powDef } from "./elementwise/pow";
import { sqrtDef } from "./elementwise/sqrt";
import { absDef } from "./elementwise/abs";
import { sinDef, cosDef } from "./elementwise/trig";
import { tanhDef } from "./elementwise/hyperbolic";
import { matmulDef } from "../products/matmul";
import { kronDef } from "../products/kron";
import { dotComposite } from "../products/dot";
import { ddotComposite } from "../products/ddot";
import { outerComposite } from "../products/outer";
import { einsumDef } from "../einsum/einsum";
import { invDef } from "../linalg/inv";
import { detDef, logdetDef } from "../linalg/det";
import { solveDef } from "../linalg/solve";
import { vecComposite } from "../special/vec";

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
  sumDef,
  traceDef,
  expDef,
  logDef,
  powDef,
  sqrtDef,
  absDef,
  sinDef,
  cosDef,
  tanhDef,
  matmulDef,
  kronDef,
  einsumDef,
  invDef,
  detDef,
  logdetDef,
  solveDef,
];

/** Ops built from primitives (no rules of their own), with their test cases. */
export const composites: readonly Composite[] = [dotComposite, ddotComposite, outerComposite, vecComposite];
