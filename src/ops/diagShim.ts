// TEMPORARY (branch symbolic): stands in for the numeric diag until the numeric layer has it.
import { Tensor } from "../core/tensor";
import { eye, ones } from "../create/index";
import { hadamard } from "./arith";
import { reshape } from "./reshape";
import { matmul } from "../products/matmul";
export function diag(x: Tensor): Tensor {
  if (x.ndim === 1) return hadamard(eye(x.shape[0]), matmul(reshape(x, [x.shape[0], 1]), ones([1, x.shape[0]])));
  const n = Math.min(x.shape[0], x.shape[1]);
  return reshape(matmul(hadamard(x, eye(x.shape[0], x.shape[1])), ones([x.shape[1], 1])), [x.shape[0]]).data.length ===
    n
    ? reshape(matmul(hadamard(x, eye(x.shape[0], x.shape[1])), ones([x.shape[1], 1])), [n])
    : x;
}
