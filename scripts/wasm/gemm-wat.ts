/**
 * The source of the WebAssembly gemm kernel: a generator of its WebAssembly text (WAT).
 *
 * The module exports one function, `macro(mc, nc, kc, pa, pb, pc, ldc)`: C (row-major, row
 * stride `ldc` entries, at byte address `pc`) += packed A (MR-row micro-panels, kc×MR each,
 * at `pa`) × packed B (NR-column micro-panels, kc×NR each, at `pb`), for an mc×nc block.
 * The micro-kernel holds an MR×NR tile of C in MR·NR/2 f64x2 registers; panels are
 * zero-padded, so a partial tile is computed whole and only its h×w corner is added to C
 * (through a scratch tile at byte address 0). The memory is imported, so the caller owns
 * and grows it. The text is generated (the micro-kernel is unrolled), then assembled by
 * wabt in scripts/wasm/build.ts. (4×4 measured fastest under V8 here: 6×4, 4×6, 4×8 and
 * k-unrolled variants spill registers and run at half the speed.)
 *
 * Two variants are built: plain SIMD128 (`f64x2.mul` then `f64x2.add`) and one with the
 * relaxed-SIMD fused multiply-add `f64x2.relaxed_madd`, which V8 compiles to one FMA
 * instruction where the CPU has it (twice the multiply-adds per cycle; 17 against 10 GFLOP/s
 * for the macro-kernel at 512 here). Relaxed SIMD allows either rounding (fused or not), so
 * the two variants agree to rounding, not bit for bit.
 */

/** Rows of the register tile (A micro-panel height). */
export const MR = 4;
/** Columns of the register tile (B micro-panel width), even. */
export const NR = 4;
/** Bytes reserved at address 0 for the scratch tile. */
export const SCRATCH_BYTES = 256;

/** The WAT text of the kernel module; `fma` uses the relaxed-SIMD fused multiply-add. */
export function gemmWat(opts: { fma?: boolean } = {}): string {
  const fma = opts.fma ?? false;
  const V = NR / 2; // f64x2 vectors per tile row
  const acc = (i: number, j: number): string => `$c${i}_${j}`;
  const L: string[] = [];
  const emit = (s: string): void => void L.push(s);
  emit(`(module`);
  emit(`  (import "env" "memory" (memory 1))`);
  emit(
    `  (func (export "macro") (param $mc i32) (param $nc i32) (param $kc i32) (param $pa i32) (param $pb i32) (param $pc i32) (param $ldc i32)`,
  );
  emit(
    `    (local $j0 i32) (local $i0 i32) (local $w i32) (local $h i32) (local $ap i32) (local $bp i32) (local $aend i32)`,
  );
  emit(`    (local $bbase i32) (local $cp i32) (local $rowb i32) (local $ii i32) (local $jj i32) (local $a v128)`);
  for (let j = 0; j < V; j++) emit(`    (local $b${j} v128)`);
  for (let i = 0; i < MR; i++) for (let j = 0; j < V; j++) emit(`    (local ${acc(i, j)} v128)`);
  emit(`    (local.set $rowb (i32.shl (local.get $ldc) (i32.const 3)))`);
  emit(`    (local.set $j0 (i32.const 0))`);
  emit(`    (local.set $bbase (local.get $pb))`);
  emit(`    (block $jdone (loop $jloop`);
  emit(`      (br_if $jdone (i32.ge_u (local.get $j0) (local.get $nc)))`);
  emit(
    `      (local.set $w (select (i32.const ${NR}) (i32.sub (local.get $nc) (local.get $j0)) (i32.ge_u (i32.sub (local.get $nc) (local.get $j0)) (i32.const ${NR}))))`,
  );
  emit(`      (local.set $i0 (i32.const 0))`);
  emit(`      (local.set $ap (local.get $pa))`);
  emit(`      (block $idone (loop $iloop`);
  emit(`        (br_if $idone (i32.ge_u (local.get $i0) (local.get $mc)))`);
  emit(
    `        (local.set $h (select (i32.const ${MR}) (i32.sub (local.get $mc) (local.get $i0)) (i32.ge_u (i32.sub (local.get $mc) (local.get $i0)) (i32.const ${MR}))))`,
  );
  for (let i = 0; i < MR; i++)
    for (let j = 0; j < V; j++) emit(`        (local.set ${acc(i, j)} (v128.const i64x2 0 0))`);
  emit(`        (local.set $bp (local.get $bbase))`);
  emit(`        (local.set $aend (i32.add (local.get $ap) (i32.mul (local.get $kc) (i32.const ${MR * 8}))))`);
  emit(`        (block $kdone (loop $kloop`);
  emit(`          (br_if $kdone (i32.ge_u (local.get $ap) (local.get $aend)))`);
  for (let j = 0; j < V; j++) emit(`          (local.set $b${j} (v128.load offset=${16 * j} align=8 (local.get $bp)))`);
  for (let i = 0; i < MR; i++) {
    emit(`          (local.set $a (v128.load64_splat offset=${8 * i} align=8 (local.get $ap)))`);
    for (let j = 0; j < V; j++)
      emit(
        fma
          ? `          (local.set ${acc(i, j)} (f64x2.relaxed_madd (local.get $a) (local.get $b${j}) (local.get ${acc(i, j)})))`
          : `          (local.set ${acc(i, j)} (f64x2.add (local.get ${acc(i, j)}) (f64x2.mul (local.get $a) (local.get $b${j}))))`,
      );
  }
  emit(`          (local.set $ap (i32.add (local.get $ap) (i32.const ${MR * 8})))`);
  emit(`          (local.set $bp (i32.add (local.get $bp) (i32.const ${NR * 8})))`);
  emit(`          (br $kloop)))`);
  // C address of the tile
  emit(
    `        (local.set $cp (i32.add (local.get $pc) (i32.add (i32.mul (local.get $i0) (local.get $rowb)) (i32.shl (local.get $j0) (i32.const 3)))))`,
  );
  emit(`        (if (i32.and (i32.eq (local.get $h) (i32.const ${MR})) (i32.eq (local.get $w) (i32.const ${NR})))`);
  emit(`          (then`);
  for (let i = 0; i < MR; i++) {
    for (let j = 0; j < V; j++)
      emit(
        `            (v128.store offset=${16 * j} align=8 (local.get $cp) (f64x2.add (v128.load offset=${16 * j} align=8 (local.get $cp)) (local.get ${acc(i, j)})))`,
      );
    if (i < MR - 1) emit(`            (local.set $cp (i32.add (local.get $cp) (local.get $rowb)))`);
  }
  emit(`          )`);
  emit(`          (else`);
  for (let i = 0; i < MR; i++)
    for (let j = 0; j < V; j++)
      emit(`            (v128.store offset=${(i * NR + 2 * j) * 8} align=8 (i32.const 0) (local.get ${acc(i, j)}))`);
  emit(`            (local.set $ii (i32.const 0))`);
  emit(`            (block $edone (loop $eloop`);
  emit(`              (br_if $edone (i32.ge_u (local.get $ii) (local.get $h)))`);
  emit(`              (local.set $jj (i32.const 0))`);
  emit(`              (block $fdone (loop $floop`);
  emit(`                (br_if $fdone (i32.ge_u (local.get $jj) (local.get $w)))`);
  emit(`                (f64.store (i32.add (local.get $cp) (i32.shl (local.get $jj) (i32.const 3)))`);
  emit(`                  (f64.add (f64.load (i32.add (local.get $cp) (i32.shl (local.get $jj) (i32.const 3))))`);
  emit(
    `                           (f64.load (i32.shl (i32.add (i32.mul (local.get $ii) (i32.const ${NR})) (local.get $jj)) (i32.const 3)))))`,
  );
  emit(`                (local.set $jj (i32.add (local.get $jj) (i32.const 1)))`);
  emit(`                (br $floop)))`);
  emit(`              (local.set $cp (i32.add (local.get $cp) (local.get $rowb)))`);
  emit(`              (local.set $ii (i32.add (local.get $ii) (i32.const 1)))`);
  emit(`              (br $eloop)))`);
  emit(`          ))`);
  emit(`        (local.set $i0 (i32.add (local.get $i0) (i32.const ${MR})))`);
  emit(`        (br $iloop)))`);
  emit(`      (local.set $bbase (i32.add (local.get $bbase) (i32.mul (local.get $kc) (i32.const ${NR * 8}))))`);
  emit(`      (local.set $j0 (i32.add (local.get $j0) (i32.const ${NR})))`);
  emit(`      (br $jloop)))`);
  emit(`  )`);
  emit(`)`);
  return L.join("\n") + "\n";
}
