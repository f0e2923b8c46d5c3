/**
 * The matrix-multiplication kernel every product and einsum contraction runs on.
 *
 * `gemm` computes `C += A·B` for an m×k matrix A and a k×n matrix B given as
 * strided views into Float64Arrays (so transposed operands cost nothing), and a
 * row-major m×n block of C. Large products pack B into k×4 column panels and A
 * into 4×k row panels (blocked over k in chunks of {@link KC}) and run a 4×4
 * register-blocked micro-kernel; small or thin products use plain loops.
 *
 * The packed path has two back ends. By default the macro-kernel runs in WebAssembly
 * SIMD (f64x2; built from scripts/wasm/gemm-wat.ts into ./gemmWasmBytes.ts, compiled
 * synchronously on first use): the panels are packed by the same JavaScript into the
 * module's memory, C is copied in and out once per call (O(mn) against 2mnk flops). Of the
 * two WebAssembly modules the one with relaxed SIMD's fused multiply-add runs where the
 * engine accepts it (Chromium ≥ 114, Node ≥ 22; on Node 20 the V8 flag
 * `--experimental-wasm-relaxed-simd` is turned on for it, see {@link wasmKernel}), else
 * the plain SIMD128 one. Where WebAssembly or SIMD is unavailable, or when the environment
 * variable `TENSORCALC_GEMM=js` is set (or {@link setGemmBackend}`("js")` is called), the
 * JavaScript macro-kernel below runs instead; `TENSORCALC_GEMM=simd` keeps WebAssembly
 * without the FMA. All agree to rounding (test/kernels/gemm-wasm.test.ts).
 * @packageDocumentation
 * @internal
 */

/** A strided matrix view: entry (i, j) is `data[offset + i*rs + j*cs]`. */
export interface MatView {
  readonly data: Float64Array;
  readonly offset: number;
  /** Row stride. */
  readonly rs: number;
  /** Column stride. */
  readonly cs: number;
}

/** Depth of a k-block: a 4×KC micro-panel of A or B is 8 KiB (fits L1). */
export const KC = 256;
/** Rows of A packed at a time: an MC×KC block of A is 256 KiB (fits L2). */
export const MC = 128;
/** Columns of B packed at a time (bounds the packing buffer for very wide B). */
export const NC = 2048;
/** Below this many multiply-adds the packed kernel's setup costs more than it saves. */
const SMALL = 24 * 24 * 24;

import { GEMM_WASM_BASE64, GEMM_WASM_FMA_BASE64 } from "./gemmWasmBytes";
import { mirrorUpper } from "./transpose";

const packA = new Float64Array(MC * KC);
const packB = new Float64Array(NC * KC);
const edge = new Float64Array(16);

/** A row-major view of a contiguous m×n block starting at `offset`. */
export function rowMajor(data: Float64Array, offset: number, n: number): MatView {
  return { data, offset, rs: n, cs: 1 };
}

/** The transposed view (swap the strides). */
export function transposed(v: MatView): MatView {
  return { data: v.data, offset: v.offset, rs: v.cs, cs: v.rs };
}

/**
 * `C[cOff + i*ldc + j] += alpha · Σ_p A(i,p) B(p,j)` for i < m, j < n, p < k (`ldc`, the
 * row stride of C, is n unless given: C may be a block of a wider matrix; `alpha = -1`
 * subtracts the product). `cIsZero` promises that the block of C is all zeros (a fresh
 * result): the WebAssembly path then does not read it in (reading untouched pages of a new
 * array costs page faults that writing it costs again).
 *
 * Blocking (GotoBLAS order): for each NC-wide column block of B and KC-deep slice,
 * pack B into k×4 micro-panels; for each MC-tall row block of A, pack A into 4×k
 * micro-panels; then every B micro-panel (in L1) meets every A micro-panel (in L2) in
 * a 4×4 register tile. Packing buffers are fixed-size, whatever m, n, k.
 * @internal
 */
export function gemm(
  m: number,
  k: number,
  n: number,
  A: MatView,
  B: MatView,
  C: Float64Array,
  cOff = 0,
  alpha = 1,
  ldc = n,
  cIsZero = false,
): void {
  if (cIsZero && m === n && m >= 4 && m * n * k > SMALL && sameTransposed(A, B)) {
    // C = alpha·XᵀX or alpha·XXᵀ (B is A's storage read transposed): symmetric, so the upper
    // triangle (half the multiply-adds, as BLAS's syrk) and its mirror image
    packedGemm(n, k, n, A, B, C, cOff, alpha, ldc, true, true, undefined);
    mirrorUpper(C, n, cOff, ldc);
    return;
  }
  packedGemm(m, k, n, A, B, C, cOff, alpha, ldc, false, cIsZero, undefined);
}

/** Whether B is A read transposed (same storage, offset and swapped strides): A·B is then symmetric. */
function sameTransposed(A: MatView, B: MatView): boolean {
  return A.data === B.data && A.offset === B.offset && A.rs === B.cs && A.cs === B.rs;
}

/**
 * The upper triangle of a square product: `C[cOff + i*n + j] += Σ_p A(i,p) B(p,j)` for
 * i ≤ j < n (A n×k, B k×n), for products known to be symmetric (Xᵀ X, Xᵀ diag(s) X) whose
 * lower triangle the caller mirrors. Each row block of MC rows skips the column panels left
 * of its diagonal, so about half the multiply-adds of {@link gemm} are done, with A and B
 * packed once as in gemm. Entries below the diagonal are left partly updated. `cIsZero` as in
 * {@link gemm}; with `bRowScale` (length k) the product is A·diag(bRowScale)·B, the scaling
 * applied while B is packed (Xᵀ diag(s) X without forming diag(s) X). `alpha` and `ldc` as in
 * {@link gemm} (Cholesky subtracts U₁₂ᵀU₁₂ from a diagonal block of the matrix in place).
 * @internal
 */
export function gemmUpper(
  n: number,
  k: number,
  A: MatView,
  B: MatView,
  C: Float64Array,
  cOff = 0,
  cIsZero = false,
  bRowScale?: Float64Array,
  alpha = 1,
  ldc = n,
): void {
  if (bRowScale !== undefined && bRowScale.length !== k)
    throw new RangeError(`gemmUpper: the row scale has ${bRowScale.length} entries, B has ${k} rows`);
  packedGemm(n, k, n, A, B, C, cOff, alpha, ldc, true, cIsZero, bRowScale);
}

function packedGemm(
  m: number,
  k: number,
  n: number,
  A: MatView,
  B: MatView,
  C: Float64Array,
  cOff: number,
  alpha: number,
  ldc: number,
  upper: boolean,
  cIsZero: boolean,
  bRowScale: Float64Array | undefined,
): void {
  if (m === 0 || n === 0 || k === 0) return;
  if (m < 4 || n < 4 || m * n * k <= SMALL) {
    simple(m, k, n, A, B, C, cOff, alpha, ldc, bRowScale);
    return;
  }
  const kern = backend === "js" ? null : activeKernel();
  if (kern !== null && C.buffer === kern.memory.buffer) {
    // C lives in the kernel's memory (lent by withKernelMemory): updated in place, no copies
    const f = kern.view;
    const cAt = C.byteOffset + cOff * 8;
    blocks(
      m,
      k,
      n,
      upper,
      (pc, kc, jc, nc) => packPanelsB(B, pc, kc, jc, nc, f, WASM_PB / 8, bRowScale),
      (ic, mc, pc, kc, j0, w, bSkip, lim) => {
        packPanelsA(A, ic, mc, pc, kc, f, WASM_PA / 8, alpha);
        kern.macro(mc, w, kc, WASM_PA, WASM_PB + bSkip * 8, cAt + (ic * ldc + j0) * 8, ldc, lim);
      },
    );
    return;
  }
  if (kern !== null && m * n <= WASM_MAX_C && reserve(kern, copyBase() + m * n * 8)) {
    // the WebAssembly macro-kernel: panels packed into its memory, C copied in and out once
    const f = kern.view;
    const cAt = copyBase();
    const c0 = cAt / 8;
    if (cIsZero) f.fill(0, c0, c0 + m * n);
    else if (ldc === n) f.set(C.subarray(cOff, cOff + m * n), c0);
    else for (let i = 0; i < m; i++) f.set(C.subarray(cOff + i * ldc, cOff + i * ldc + n), c0 + i * n);
    blocks(
      m,
      k,
      n,
      upper,
      (pc, kc, jc, nc) => packPanelsB(B, pc, kc, jc, nc, f, WASM_PB / 8, bRowScale),
      (ic, mc, pc, kc, j0, w, bSkip, lim) => {
        packPanelsA(A, ic, mc, pc, kc, f, WASM_PA / 8, alpha);
        kern.macro(mc, w, kc, WASM_PA, WASM_PB + bSkip * 8, cAt + (ic * n + j0) * 8, n, lim);
      },
    );
    if (ldc === n) C.set(f.subarray(c0, c0 + m * n), cOff);
    else for (let i = 0; i < m; i++) C.set(f.subarray(c0 + i * n, c0 + i * n + n), cOff + i * ldc);
    return;
  }
  blocks(
    m,
    k,
    n,
    upper,
    (pc, kc, jc, nc) => packPanelsB(B, pc, kc, jc, nc, packB, 0, bRowScale),
    (ic, mc, pc, kc, j0, w, bSkip, lim) => {
      packPanelsA(A, ic, mc, pc, kc, packA, 0, alpha);
      macroKernel(mc, w, kc, bSkip, C, cOff + ic * ldc + j0, ldc, lim);
    },
  );
}

/**
 * The GotoBLAS loop nest shared by both back ends: for each NC-wide column block and
 * KC-deep slice `packB` packs B; for each MC-tall row block `block` packs A and runs the
 * macro-kernel on columns [j0, j0 + w) (packed B from entry `bSkip`), only the row tiles
 * i0 < (j0 − jc) + lim of each column panel. For an upper triangle the column panels left of
 * the row block are skipped and `lim` stops each panel at the diagonal; otherwise lim = mc.
 */
function blocks(
  m: number,
  k: number,
  n: number,
  upper: boolean,
  packB: (pc: number, kc: number, jc: number, nc: number) => void,
  block: (ic: number, mc: number, pc: number, kc: number, j0: number, w: number, bSkip: number, lim: number) => void,
): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(pc, kc, jc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        const skip = upper ? firstPanel(ic, jc, nc) : 0;
        if (skip * 4 >= nc) continue;
        const j0 = jc + skip * 4;
        block(ic, mc, pc, kc, j0, nc - skip * 4, skip * kc * 4, upper ? j0 - ic + 4 : mc);
      }
    }
  }
}

/** The first 4-column panel of the block at column jc that reaches the diagonal of rows from ic. */
function firstPanel(ic: number, jc: number, nc: number): number {
  return Math.min(Math.ceil(nc / 4), Math.max(0, Math.floor((ic - jc) / 4)));
}

/**
 * Which macro-kernel the packed path runs: `"wasm"` (WebAssembly, with the fused multiply-add
 * where the engine has relaxed SIMD), `"simd"` (WebAssembly SIMD128 without it) or `"js"`.
 */
export type GemmBackend = "wasm" | "simd" | "js";

/** The part of the WebAssembly JS API used here (the project's TypeScript lib has no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

interface WasmKernel {
  readonly memory: WasmMemory;
  readonly macro: (
    mc: number,
    nc: number,
    kc: number,
    pa: number,
    pb: number,
    pc: number,
    ldc: number,
    lim: number,
  ) => void;
  readonly gj: (n: number, pa: number, pperm: number, threshold: number) => number;
  readonly lup: (pw: number, h: number, w: number, pipiv: number) => void;
  /** `trs[r − 1]`: the triangular leaf of r rows. */
  readonly trs: ((pt: number, px: number, w: number, ldx: number, unit: number, lower: number) => void)[];
  view: Float64Array;
}

/** Byte addresses in the kernel's memory: scratch tile at 0, packed A, packed B, then C. */
const WASM_PA = 256;
const WASM_PB = WASM_PA + MC * KC * 8;
const WASM_C = WASM_PB + NC * KC * 8;
/** Largest C (entries) copied into the 32-bit memory; bigger products run in JavaScript. */
const WASM_MAX_C = (2 ** 31 - WASM_C) / 8;

/** Bytes of kernel memory lent out by {@link withKernelMemory} (a stack from WASM_C); copies of C go above them. */
let lent = 0;

/** Byte address where a product's C is copied to (above the lent arrays). */
function copyBase(): number {
  return WASM_C + lent;
}

/**
 * Make the kernel's memory at least `bytes` long; false when that would move memory lent out
 * (growing a WebAssembly memory detaches the arrays viewing it) or pass 2 GiB: the caller
 * then computes without it.
 */
function reserve(kern: WasmKernel, bytes: number): boolean {
  const have = kern.memory.buffer.byteLength;
  if (have >= bytes) return true;
  if (lent > 0 || bytes > 2 ** 31) return false;
  kern.memory.grow(Math.ceil((bytes - have) / 65536));
  kern.view = new Float64Array(kern.memory.buffer);
  return true;
}

/**
 * Run `fn` on a scratch array of `len` entries (zeroed unless `zeroed` is false: a caller that
 * writes every entry before reading it skips the pass) that lives in the WebAssembly kernel's
 * memory, where the gemm kernel updates a C inside it in place (no copy in and out per call):
 * the factorisations (LU, Cholesky, the triangular solves) keep their matrix there while they
 * work, so their many narrow trailing updates cost only their multiply-adds. The array is
 * valid only during `fn` (copy out what is kept); calls nest. Where WebAssembly is not in
 * use, or the memory cannot grow (an outer array is lent, or 2 GiB), it is a plain array.
 * @internal
 */
export function withKernelMemory<R>(len: number, fn: (scratch: Float64Array) => R, zeroed = true): R {
  const kern = backend === "js" ? null : activeKernel();
  const bytes = Math.ceil((len * 8) / 16) * 16;
  if (kern === null || !reserve(kern, copyBase() + bytes)) return fn(new Float64Array(len));
  const at = copyBase();
  const scratch = new Float64Array(kern.memory.buffer, at, len);
  if (zeroed) scratch.fill(0);
  lent += bytes;
  try {
    return fn(scratch);
  } finally {
    lent -= bytes;
  }
}

/** The compiled kernels by variant (`undefined`: not tried yet; `null`: unavailable here). */
const kernels: { fma?: WasmKernel | null; simd?: WasmKernel | null } = {};
let backend: GemmBackend = readBackend();

function readBackend(): GemmBackend {
  const env = typeof process !== "undefined" ? process.env?.TENSORCALC_GEMM : undefined;
  return env === "js" ? "js" : env === "simd" ? "simd" : "wasm";
}

function decode(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Whether the engine compiles relaxed SIMD. Node 20's V8 (11.3) has it behind
 * `--experimental-wasm-relaxed-simd` (it shipped unflagged in V8 11.4): the flag only adds
 * those opcodes for modules compiled afterwards, so it is turned on here, once, through
 * `v8.setFlagsFromString`, and the module is validated again.
 */
function relaxedSimd(WA: WasmApi, bytes: Uint8Array): boolean {
  if (WA.validate(bytes)) return true;
  const proc = typeof process !== "undefined" ? (process as { getBuiltinModule?: (id: string) => unknown }) : undefined;
  const v8 =
    typeof proc?.getBuiltinModule === "function"
      ? (proc.getBuiltinModule("node:v8") as { setFlagsFromString?: (f: string) => void } | undefined)
      : undefined;
  if (typeof v8?.setFlagsFromString !== "function") return false;
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  return WA.validate(bytes);
}

/**
 * The WebAssembly kernel of a variant, compiled on first use; `null` when the engine lacks
 * WebAssembly, SIMD128 or (for `"fma"`) relaxed SIMD.
 */
function wasmKernel(variant: "fma" | "simd"): WasmKernel | null {
  const known = kernels[variant];
  if (known !== undefined) return known;
  kernels[variant] = null;
  try {
    const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (WA === undefined || typeof atob !== "function") return null;
    const bytes = decode(variant === "fma" ? GEMM_WASM_FMA_BASE64 : GEMM_WASM_BASE64);
    if (variant === "fma" && !relaxedSimd(WA, bytes)) return null;
    const memory = new WA.Memory({ initial: Math.ceil(WASM_C / 65536) + 1 });
    const inst = new WA.Instance(new WA.Module(bytes), { env: { memory } });
    const macro = inst.exports.macro as WasmKernel["macro"];
    const gj = inst.exports.gj as WasmKernel["gj"];
    const lup = inst.exports.lup as WasmKernel["lup"];
    const trs = Array.from({ length: TRS_MAX }, (_, r) => inst.exports[`trs${r + 1}`] as WasmKernel["trs"][number]);
    kernels[variant] = { memory, macro, gj, lup, trs, view: new Float64Array(memory.buffer) };
  } catch {
    kernels[variant] = null; // no WebAssembly, or no SIMD: a simpler kernel runs
  }
  return kernels[variant] ?? null;
}

/** The kernel the packed path runs now: the chosen back end, or the next one down where it is unavailable. */
function activeKernel(): WasmKernel | null {
  if (backend === "js") return null;
  return (backend === "wasm" ? wasmKernel("fma") : null) ?? wasmKernel("simd");
}

/**
 * Choose the macro-kernel of the packed path (for tests and benchmarks; the default is
 * `"wasm"`, or what `TENSORCALC_GEMM` says). Returns the back end that will actually run:
 * `"simd"` where relaxed SIMD is unavailable, `"js"` where WebAssembly SIMD is.
 * @internal
 */
export function setGemmBackend(b: GemmBackend): GemmBackend {
  backend = b;
  return gemmBackend();
}

/** The back end the packed path runs now (see {@link GemmBackend}). @internal */
export function gemmBackend(): GemmBackend {
  const k = activeKernel();
  return k === null ? "js" : k === kernels.fma ? "wasm" : "simd";
}

/**
 * LU with partial pivoting of the h×w panel `work`, stored column by column (column j's h
 * entries from `work[j·h]`), in WebAssembly (the `lup` function of the kernel module): the
 * pivot row chosen for column k goes to `ipiv[k]` (and is swapped in across the panel), the
 * multipliers below each nonzero pivot replace the entries, the later columns are updated.
 * Both arrays must be lent by {@link withKernelMemory}; false (nothing done) when they are not
 * in the active kernel's memory, and the caller runs its own loops.
 * @internal
 */
export function luPanelKernel(work: Float64Array, h: number, w: number, ipiv: Int32Array): boolean {
  const kern = backend === "js" ? null : activeKernel();
  if (kern === null || work.buffer !== kern.memory.buffer || ipiv.buffer !== kern.memory.buffer) return false;
  kern.lup(work.byteOffset, h, w, ipiv.byteOffset);
  return true;
}

/** Rows of the largest triangular leaf in the kernel module (`trs1` … `trs8`). */
const TRS_MAX = 8;

/**
 * X ← T⁻¹X for an r×r triangle T (r ≤ 8; the `lower` triangle, with ones on the diagonal when
 * `unit`) and X r×w row-major at `xOff` with row stride `ldx`, in WebAssembly (the kernel module's
 * `trs<r>`): T is copied into the kernel's scratch space, X solved in place two columns at a time
 * in registers, bit for bit as the loops of src/kernels/trsm.ts. X must be lent by
 * {@link withKernelMemory}; false (nothing done) when it is not in the active kernel's memory or r
 * is out of range, and the caller runs its loops.
 * @internal
 */
export function triangularLeafKernel(
  T: MatView,
  r: number,
  X: Float64Array,
  xOff: number,
  w: number,
  ldx: number,
  lower: boolean,
  unit: boolean,
): boolean {
  const kern = backend === "js" ? null : activeKernel();
  if (kern === null || r < 1 || r > TRS_MAX || X.buffer !== kern.memory.buffer) return false;
  // the triangle into the packed-A buffer (unused between products), row-major r×r
  const f = kern.view;
  const at = WASM_PA / 8;
  const { data, offset, rs, cs } = T;
  for (let i = 0; i < r; i++)
    for (let j = lower ? 0 : i; j <= (lower ? i : r - 1); j++) f[at + i * r + j] = data[offset + i * rs + j * cs];
  kern.trs[r - 1](WASM_PA, X.byteOffset + xOff * 8, w, ldx, unit ? 1 : 0, lower ? 1 : 0);
  return true;
}

/** What {@link gaussJordanInverse} found: the inverse, or the first pivot not above the threshold. */
export type GaussJordanResult = { inverse: Float64Array } | { singularColumn: number; singularPivot: number };

/**
 * The inverse of the n×n row-major matrix `a` by Gauss–Jordan elimination with partial
 * pivoting in WebAssembly (the `gj` function of the kernel module): n³ multiply-adds on rows
 * two entries at a time, for sizes where the blocked LU's JavaScript loops cost more than its
 * gemm saves. Its pivots are those of LU with partial pivoting: the first one whose magnitude
 * is at most `threshold` is reported instead of an inverse. Undefined when WebAssembly is not
 * in use (the JavaScript back end, or no WebAssembly SIMD) or the matrix does not fit.
 * @internal
 */
export function gaussJordanInverse(a: Float64Array, n: number, threshold: number): GaussJordanResult | undefined {
  const w = activeKernel();
  if (w === null || n * n > WASM_MAX_C / 2) return undefined;
  const base = copyBase();
  if (!reserve(w, base + n * n * 8 + n * 4)) return undefined;
  const f = w.view;
  const c0 = base / 8;
  f.set(a.subarray(0, n * n), c0);
  const pperm = base + n * n * 8;
  const perm = new Int32Array(w.memory.buffer, pperm, n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const col = w.gj(n, base, pperm, threshold);
  if (col >= 0) return { singularColumn: col, singularPivot: f[0] };
  // the result is (PA)⁻¹ = A⁻¹Pᵀ: column i of it is column perm[i] of A⁻¹
  const inv = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const src = c0 + r * n;
    const dst = r * n;
    for (let i = 0; i < n; i++) inv[dst + perm[i]] = f[src + i];
  }
  return { inverse: inv };
}

/** Pack B[pc:pc+kc, jc:jc+nc] into `bp` from `at`: micro-panels of 4 columns (k×4, row by row), zero-padded on the right. */
function packPanelsB(
  B: MatView,
  pc: number,
  kc: number,
  jc: number,
  nc: number,
  bp: Float64Array,
  at: number,
  rowScale: Float64Array | undefined,
): void {
  const Bd = B.data;
  const bcs = B.cs;
  const brs = B.rs;
  for (let jp = 0, j0 = 0; j0 < nc; jp++, j0 += 4) {
    const w = Math.min(4, nc - j0);
    let row = B.offset + pc * brs + (jc + j0) * bcs;
    const base = at + jp * kc * 4;
    if (w === 4 && rowScale === undefined) {
      for (let o = base, end = base + kc * 4; o < end; o += 4, row += brs) {
        bp[o] = Bd[row];
        bp[o + 1] = Bd[row + bcs];
        bp[o + 2] = Bd[row + 2 * bcs];
        bp[o + 3] = Bd[row + 3 * bcs];
      }
    } else if (w === 4 && rowScale !== undefined) {
      for (let o = base, end = base + kc * 4, p = pc; o < end; o += 4, row += brs, p++) {
        const r = rowScale[p];
        bp[o] = r * Bd[row];
        bp[o + 1] = r * Bd[row + bcs];
        bp[o + 2] = r * Bd[row + 2 * bcs];
        bp[o + 3] = r * Bd[row + 3 * bcs];
      }
    } else {
      for (let o = base, end = base + kc * 4, p = pc; o < end; o += 4, row += brs, p++) {
        const r = rowScale === undefined ? 1 : rowScale[p];
        for (let jj = 0; jj < 4; jj++) bp[o + jj] = jj < w ? r * Bd[row + jj * bcs] : 0;
      }
    }
  }
}

/** Pack alpha·A[ic:ic+mc, pc:pc+kc] into `ap` from `at`: micro-panels of 4 rows (k×4, column by column), zero-padded at the bottom. */
function packPanelsA(
  A: MatView,
  ic: number,
  mc: number,
  pc: number,
  kc: number,
  ap: Float64Array,
  at: number,
  alpha: number,
): void {
  const Ad = A.data;
  const ars = A.rs;
  const acs = A.cs;
  for (let ip = 0, i0 = 0; i0 < mc; ip++, i0 += 4) {
    const h = Math.min(4, mc - i0);
    let col = A.offset + (ic + i0) * ars + pc * acs;
    const base = at + ip * kc * 4;
    if (h === 4) {
      for (let o = base, end = base + kc * 4; o < end; o += 4, col += acs) {
        ap[o] = alpha * Ad[col];
        ap[o + 1] = alpha * Ad[col + ars];
        ap[o + 2] = alpha * Ad[col + 2 * ars];
        ap[o + 3] = alpha * Ad[col + 3 * ars];
      }
    } else {
      for (let o = base, end = base + kc * 4; o < end; o += 4, col += acs) {
        for (let ii = 0; ii < 4; ii++) ap[o + ii] = ii < h ? alpha * Ad[col + ii * ars] : 0;
      }
    }
  }
}

/**
 * C block (mc×nc at cBase, row stride n) += packed A block × packed B block (from entry `b0` of
 * packB); in the column panel at j0 only the row tiles i0 < j0 + lim (all when lim ≥ mc).
 */
function macroKernel(
  mc: number,
  nc: number,
  kc: number,
  b0: number,
  C: Float64Array,
  cBase: number,
  n: number,
  lim: number,
): void {
  const ap = packA;
  const bp = packB;
  const len = kc * 4;
  for (let jp = 0, j0 = 0; j0 < nc; jp++, j0 += 4) {
    const w = Math.min(4, nc - j0);
    const bBase = b0 + jp * len;
    const iend = Math.min(mc, j0 + lim);
    for (let ip = 0, i0 = 0; i0 < iend; ip++, i0 += 4) {
      const h = Math.min(4, mc - i0);
      const aBase = ip * len;
      const aEnd = aBase + len;
      if (w <= 2) {
        narrowTile(ap, aBase, aEnd, bp, bBase, C, cBase + i0 * n + j0, n, h, w);
        continue;
      }
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let ao = aBase, bo = bBase; ao < aEnd; ao += 4, bo += 4) {
        const a0 = ap[ao],
          a1 = ap[ao + 1],
          a2 = ap[ao + 2],
          a3 = ap[ao + 3];
        const b0 = bp[bo],
          b1 = bp[bo + 1],
          b2 = bp[bo + 2],
          b3 = bp[bo + 3];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      let o = cBase + i0 * n + j0;
      if (h === 4 && w === 4) {
        C[o] += c00;
        C[o + 1] += c01;
        C[o + 2] += c02;
        C[o + 3] += c03;
        o += n;
        C[o] += c10;
        C[o + 1] += c11;
        C[o + 2] += c12;
        C[o + 3] += c13;
        o += n;
        C[o] += c20;
        C[o + 1] += c21;
        C[o + 2] += c22;
        C[o + 3] += c23;
        o += n;
        C[o] += c30;
        C[o + 1] += c31;
        C[o + 2] += c32;
        C[o + 3] += c33;
      } else {
        edge[0] = c00;
        edge[1] = c01;
        edge[2] = c02;
        edge[3] = c03;
        edge[4] = c10;
        edge[5] = c11;
        edge[6] = c12;
        edge[7] = c13;
        edge[8] = c20;
        edge[9] = c21;
        edge[10] = c22;
        edge[11] = c23;
        edge[12] = c30;
        edge[13] = c31;
        edge[14] = c32;
        edge[15] = c33;
        for (let ii = 0; ii < h; ii++, o += n) {
          for (let jj = 0; jj < w; jj++) C[o + jj] += edge[ii * 4 + jj];
        }
      }
    }
  }
}

/** Plain loops for small or thin products (i, p, j order: unit stride over C's rows). */
function simple(
  m: number,
  k: number,
  n: number,
  A: MatView,
  B: MatView,
  C: Float64Array,
  cOff: number,
  alpha: number,
  ldc: number,
  bRowScale?: Float64Array,
): void {
  const Ad = A.data;
  const Bd = B.data;
  if (n === 1) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      let a = A.offset + i * A.rs;
      let b = B.offset;
      for (let p = 0; p < k; p++, a += A.cs, b += B.rs)
        s += Ad[a] * Bd[b] * (bRowScale === undefined ? 1 : bRowScale[p]);
      C[cOff + i * ldc] += alpha * s;
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const c = cOff + i * ldc;
    for (let p = 0; p < k; p++) {
      const a = alpha * Ad[A.offset + i * A.rs + p * A.cs] * (bRowScale === undefined ? 1 : bRowScale[p]);
      let b = B.offset + p * B.rs;
      for (let j = 0; j < n; j++, b += B.cs) C[c + j] += a * Bd[b];
    }
  }
}

/** The 4×2 micro-kernel for a last panel of at most two columns (h rows, w columns written). */
function narrowTile(
  ap: Float64Array,
  aBase: number,
  aEnd: number,
  bp: Float64Array,
  bBase: number,
  C: Float64Array,
  cBase: number,
  n: number,
  h: number,
  w: number,
): void {
  let c00 = 0,
    c01 = 0,
    c10 = 0,
    c11 = 0,
    c20 = 0,
    c21 = 0,
    c30 = 0,
    c31 = 0;
  for (let ao = aBase, bo = bBase; ao < aEnd; ao += 4, bo += 4) {
    const b0 = bp[bo],
      b1 = bp[bo + 1];
    const a0 = ap[ao],
      a1 = ap[ao + 1],
      a2 = ap[ao + 2],
      a3 = ap[ao + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c30 += a3 * b0;
    c31 += a3 * b1;
  }
  const rows = [c00, c01, c10, c11, c20, c21, c30, c31];
  for (let ii = 0; ii < h; ii++) {
    const o = cBase + ii * n;
    C[o] += rows[2 * ii];
    if (w === 2) C[o + 1] += rows[2 * ii + 1];
  }
}
