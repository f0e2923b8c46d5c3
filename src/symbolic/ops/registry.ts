/**
 * The registry of symbolic operations: the only list of them. The parser's function table,
 * the syntax help of the CLI and the calculator, and the tests that iterate every op are
 * built from it. The compiler checks that every kind of node (`Op` in `expr.ts`) has exactly
 * one definition here.
 * @packageDocumentation
 */
import type { Op } from "../expr";
import type { SymOpDef } from "../opdef";
import { addOp } from "./add";
import { atOp } from "./at";
import { alphaOp, betaOp } from "./alphaBeta";
import { commutationOp } from "./commutation";
import { ddotOp } from "./ddot";
import { detOp } from "./det";
import { diagOp } from "./diag";
import { difOp } from "./dif";
import {
  absOp,
  cosOp,
  expOp,
  logOp,
  recipOp,
  reluOp,
  sigmoidOp,
  signOp,
  sinOp,
  softplusOp,
  sqrtOp,
  stepOp,
  tanhOp,
  tanOp,
  log1pOp,
  expm1Op,
} from "./elementwise";
import { divOp } from "./div";
import { norm1Op, norm2Op } from "./norms";
import { onesOp } from "./ones";
import { powOp, spowOp } from "./pow";
import { logsumexpOp, softmaxOp } from "./softmax";
import { meanOp, sumOp } from "./sum";
import { logsumexpAlongOp, meanAlongOp, norm2AlongOp, softmaxAlongOp, sumAlongOp } from "./along";
import { entryOp } from "./entry";
import { hadamardOp } from "./hadamard";
import { identityOp } from "./identity";
import { invOp } from "./inv";
import { kronOp } from "./kron";
import { logdetOp } from "./logdet";
import { adjOp } from "./adj";
import { mulOp } from "./mul";
import { negOp } from "./neg";
import { numOp } from "./num";
import { sizeOp } from "./size";
import { outerOp } from "./outer";
import { einsumOp } from "./einsum";
import { permuteOp } from "./permute";
import { subOp } from "./sub";
import { symOp } from "./sym";
import { traceOp } from "./trace";
import { transposeOp } from "./transpose";
import { vecOp } from "./vec";

/** Every symbolic operation, in the order the syntax help lists them. */
export const SYMBOLIC_OPS = [
  symOp,
  numOp,
  addOp,
  subOp,
  negOp,
  mulOp,
  hadamardOp,
  divOp,
  powOp,
  spowOp,
  ddotOp,
  transposeOp,
  traceOp,
  detOp,
  logdetOp,
  adjOp,
  invOp,
  vecOp,
  diagOp,
  sumOp,
  meanOp,
  sumAlongOp,
  meanAlongOp,
  norm1Op,
  norm2Op,
  kronOp,
  outerOp,
  einsumOp,
  permuteOp,
  expOp,
  logOp,
  sinOp,
  cosOp,
  tanhOp,
  log1pOp,
  expm1Op,
  sqrtOp,
  tanOp,
  absOp,
  signOp,
  reluOp,
  stepOp,
  sigmoidOp,
  softplusOp,
  softmaxOp,
  logsumexpOp,
  softmaxAlongOp,
  logsumexpAlongOp,
  norm2AlongOp,
  recipOp,
  identityOp,
  onesOp,
  alphaOp,
  betaOp,
  commutationOp,
  entryOp,
  atOp,
  difOp,
  sizeOp,
] as const;

type Defined = (typeof SYMBOLIC_OPS)[number]["op"];
/** A compile-time check: every kind of node has a definition (the error names the missing ones). */
const everyOpDefined: [Exclude<Op, Defined>] extends [never] ? true : Exclude<Op, Defined> = true;
void everyOpDefined;

const byOp = new Map<Op, SymOpDef>(SYMBOLIC_OPS.map((d) => [d.op, d as unknown as SymOpDef]));
if (byOp.size !== SYMBOLIC_OPS.length) throw new Error("internal: an op is defined twice in the registry");

/** The definition of an op. */
export function opDef<O extends Op>(op: O): SymOpDef<O> {
  return byOp.get(op) as unknown as SymOpDef<O>;
}
