/**
 * The source of the WebAssembly gemm kernel: a generator of its WebAssembly text (WAT).
 *
 * The module exports `macro(mc, nc, kc, pa, pb, pc, ldc, lim)`: C (row-major, row stride `ldc`
 * entries, at byte address `pc`) += packed A (MR-row micro-panels, kc×MR each, at `pa`) ×
 * packed B (NR-column micro-panels, kc×NR each, at `pb`), for an mc×nc block; in the column
 * panel at j0 only the row tiles i0 < j0 + lim are computed (lim ≥ mc: all of them; the upper
 * triangle of a symmetric product passes its diagonal's offset, skipping the tiles below it).
 * It also exports `gj`, the Gauss–Jordan inverse, `lup`, the panel of the blocked LU, and
 * `trs1` … `trs8`, the leaves of the triangular solves (below).
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
    `  (func (export "macro") (param $mc i32) (param $nc i32) (param $kc i32) (param $pa i32) (param $pb i32) (param $pc i32) (param $ldc i32) (param $lim i32)`,
  );
  emit(
    `    (local $j0 i32) (local $i0 i32) (local $w i32) (local $h i32) (local $ap i32) (local $bp i32) (local $aend i32) (local $iend i32)`,
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
  // rows of this column panel: i0 < min(mc, j0 + lim) (lim ≥ mc: all; an upper triangle passes its diagonal's offset)
  emit(
    `      (local.set $iend (select (local.get $mc) (i32.add (local.get $j0) (local.get $lim)) (i32.le_s (local.get $mc) (i32.add (local.get $j0) (local.get $lim)))))`,
  );
  emit(`      (local.set $i0 (i32.const 0))`);
  emit(`      (local.set $ap (local.get $pa))`);
  emit(`      (block $idone (loop $iloop`);
  emit(`        (br_if $idone (i32.ge_s (local.get $i0) (local.get $iend)))`);
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
  gaussJordan(emit, fma);
  luPanel(emit);
  for (let r = 1; r <= TRS_MAX; r++) triangularLeaf(emit, r);
  emit(`)`);
  return L.join("\n") + "\n";
}

/**
 * `gj(n, pa, pperm, thr) → column`: in-place Gauss–Jordan inversion with partial pivoting of
 * the n×n row-major matrix at byte address `pa`; the row interchanges are applied to the i32
 * permutation at `pperm` (so the result is (PA)⁻¹; the caller moves its columns back). The
 * pivots are those of LU with partial pivoting; at the first one whose magnitude is not above
 * `thr` it stops and returns that column (storing the magnitude at address 0), else −1. Each
 * step subtracts multiples of the pivot row from every other row (the multipliers of LU, so a
 * repeated row becomes exactly zero), then scales the pivot row, two entries at a time
 * (f64x2), n³ multiply-adds in all.
 */
function gaussJordan(emit: (s: string) => void, fma: boolean): void {
  // row_i[j] −= f·row_k[j] over the row's bytes [0, rowb), two at a time, then the odd last entry
  const axpy = (dst: string, src: string): void => {
    emit(`          (local.set $j (i32.const 0))`);
    emit(`          (block $adone (loop $aloop`);
    emit(`            (br_if $adone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $rowb)))`);
    emit(`            (local.set $q (i32.add (local.get ${dst}) (local.get $j)))`);
    const prod = `(v128.load align=8 (i32.add (local.get ${src}) (local.get $j)))`;
    emit(
      fma
        ? `            (v128.store align=8 (local.get $q) (f64x2.relaxed_nmadd (local.get $fv) ${prod} (v128.load align=8 (local.get $q))))`
        : `            (v128.store align=8 (local.get $q) (f64x2.sub (v128.load align=8 (local.get $q)) (f64x2.mul (local.get $fv) ${prod})))`,
    );
    emit(`            (local.set $j (i32.add (local.get $j) (i32.const 16)))`);
    emit(`            (br $aloop)))`);
    emit(`          (if (i32.lt_u (local.get $j) (local.get $rowb)) (then`);
    emit(`            (local.set $q (i32.add (local.get ${dst}) (local.get $j)))`);
    emit(
      `            (f64.store (local.get $q) (f64.sub (f64.load (local.get $q)) (f64.mul (local.get $f) (f64.load (i32.add (local.get ${src}) (local.get $j))))))))`,
    );
  };
  emit(`  (func (export "gj") (param $n i32) (param $pa i32) (param $pperm i32) (param $thr f64) (result i32)`);
  emit(
    `    (local $k i32) (local $i i32) (local $j i32) (local $piv i32) (local $rowb i32) (local $rowk i32) (local $rowi i32)`,
  );
  emit(
    `    (local $q i32) (local $col i32) (local $t i32) (local $best f64) (local $v f64) (local $f f64) (local $p f64) (local $fv v128) (local $tv v128)`,
  );
  emit(`    (local.set $rowb (i32.shl (local.get $n) (i32.const 3)))`);
  emit(`    (local.set $k (i32.const 0))`);
  emit(`    (block $kdone (loop $kloop`);
  emit(`      (br_if $kdone (i32.ge_u (local.get $k) (local.get $n)))`);
  emit(`      (local.set $rowk (i32.add (local.get $pa) (i32.mul (local.get $k) (local.get $rowb))))`);
  emit(`      (local.set $col (i32.shl (local.get $k) (i32.const 3)))`);
  // pivot search down column k
  emit(`      (local.set $best (f64.abs (f64.load (i32.add (local.get $rowk) (local.get $col)))))`);
  emit(`      (local.set $piv (local.get $k))`);
  emit(`      (local.set $i (i32.add (local.get $k) (i32.const 1)))`);
  emit(`      (local.set $q (i32.add (i32.add (local.get $rowk) (local.get $rowb)) (local.get $col)))`);
  emit(`      (block $sdone (loop $sloop`);
  emit(`        (br_if $sdone (i32.ge_u (local.get $i) (local.get $n)))`);
  emit(`        (local.set $v (f64.abs (f64.load (local.get $q))))`);
  emit(
    `        (if (f64.gt (local.get $v) (local.get $best)) (then (local.set $best (local.get $v)) (local.set $piv (local.get $i))))`,
  );
  emit(`        (local.set $i (i32.add (local.get $i) (i32.const 1)))`);
  emit(`        (local.set $q (i32.add (local.get $q) (local.get $rowb)))`);
  emit(`        (br $sloop)))`);
  emit(`      (if (i32.eqz (f64.gt (local.get $best) (local.get $thr))) (then`);
  emit(`        (f64.store (i32.const 0) (local.get $best))`);
  emit(`        (return (local.get $k))))`);
  // swap rows k and piv, and their permutation entries
  emit(`      (if (i32.ne (local.get $piv) (local.get $k)) (then`);
  emit(`        (local.set $rowi (i32.add (local.get $pa) (i32.mul (local.get $piv) (local.get $rowb))))`);
  emit(`        (local.set $j (i32.const 0))`);
  emit(`        (block $wdone (loop $wloop`);
  emit(`          (br_if $wdone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $rowb)))`);
  emit(`          (local.set $tv (v128.load align=8 (i32.add (local.get $rowk) (local.get $j))))`);
  emit(
    `          (v128.store align=8 (i32.add (local.get $rowk) (local.get $j)) (v128.load align=8 (i32.add (local.get $rowi) (local.get $j))))`,
  );
  emit(`          (v128.store align=8 (i32.add (local.get $rowi) (local.get $j)) (local.get $tv))`);
  emit(`          (local.set $j (i32.add (local.get $j) (i32.const 16)))`);
  emit(`          (br $wloop)))`);
  emit(`        (if (i32.lt_u (local.get $j) (local.get $rowb)) (then`);
  emit(`          (local.set $v (f64.load (i32.add (local.get $rowk) (local.get $j))))`);
  emit(
    `          (f64.store (i32.add (local.get $rowk) (local.get $j)) (f64.load (i32.add (local.get $rowi) (local.get $j))))`,
  );
  emit(`          (f64.store (i32.add (local.get $rowi) (local.get $j)) (local.get $v))))`);
  emit(`        (local.set $t (i32.load (i32.add (local.get $pperm) (i32.shl (local.get $k) (i32.const 2)))))`);
  emit(`        (i32.store (i32.add (local.get $pperm) (i32.shl (local.get $k) (i32.const 2)))`);
  emit(`          (i32.load (i32.add (local.get $pperm) (i32.shl (local.get $piv) (i32.const 2)))))`);
  emit(`        (i32.store (i32.add (local.get $pperm) (i32.shl (local.get $piv) (i32.const 2))) (local.get $t))))`);
  // every other row: row_i −= l·row_k with the multiplier l = a_ik/pivot as in LU (so a copy of
  // the pivot row becomes exactly 0), then −l in column k
  emit(`      (local.set $p (f64.load (i32.add (local.get $rowk) (local.get $col))))`);
  emit(`      (local.set $i (i32.const 0))`);
  emit(`      (local.set $rowi (local.get $pa))`);
  emit(`      (block $edone (loop $eloop`);
  emit(`        (br_if $edone (i32.ge_u (local.get $i) (local.get $n)))`);
  emit(`        (local.set $f (f64.load (i32.add (local.get $rowi) (local.get $col))))`);
  emit(`        (if (i32.and (i32.ne (local.get $i) (local.get $k)) (f64.ne (local.get $f) (f64.const 0))) (then`);
  emit(`          (local.set $f (f64.div (local.get $f) (local.get $p)))`);
  emit(`          (local.set $fv (f64x2.splat (local.get $f)))`);
  axpy("$rowi", "$rowk");
  emit(`          (f64.store (i32.add (local.get $rowi) (local.get $col)) (f64.neg (local.get $f)))`);
  emit(`          ))`);
  emit(`        (local.set $i (i32.add (local.get $i) (i32.const 1)))`);
  emit(`        (local.set $rowi (i32.add (local.get $rowi) (local.get $rowb)))`);
  emit(`        (br $eloop)))`);
  // then the pivot row scaled by 1/pivot, with 1 in the pivot's place first (so it ends as 1/pivot)
  emit(`      (local.set $f (f64.div (f64.const 1) (f64.load (i32.add (local.get $rowk) (local.get $col)))))`);
  emit(`      (f64.store (i32.add (local.get $rowk) (local.get $col)) (f64.const 1))`);
  emit(`      (local.set $fv (f64x2.splat (local.get $f)))`);
  emit(`      (local.set $j (i32.const 0))`);
  emit(`      (block $mdone (loop $mloop`);
  emit(`        (br_if $mdone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $rowb)))`);
  emit(`        (local.set $q (i32.add (local.get $rowk) (local.get $j)))`);
  emit(`        (v128.store align=8 (local.get $q) (f64x2.mul (local.get $fv) (v128.load align=8 (local.get $q))))`);
  emit(`        (local.set $j (i32.add (local.get $j) (i32.const 16)))`);
  emit(`        (br $mloop)))`);
  emit(`      (if (i32.lt_u (local.get $j) (local.get $rowb)) (then`);
  emit(`        (local.set $q (i32.add (local.get $rowk) (local.get $j)))`);
  emit(`        (f64.store (local.get $q) (f64.mul (local.get $f) (f64.load (local.get $q))))))`);
  emit(`      (local.set $k (i32.add (local.get $k) (i32.const 1)))`);
  emit(`      (br $kloop)))`);
  emit(`    (i32.const -1)`);
  emit(`  )`);
}

/**
 * `lup(pw, h, w, pipiv)`: LU with partial pivoting of the h×w panel stored column by column at
 * byte address `pw` (column j's h entries contiguous from pw + 8jh), in place: for each column k
 * the pivot row p ≥ k (the first of largest magnitude) is written as an i32 to pipiv + 4k and
 * swapped with row k across the panel; unless the pivot is 0 (nothing to eliminate) the entries
 * below it are divided by it (the multipliers) and each later column j loses multiplier ×
 * its row-k entry, two rows at a time (f64x2): each entry the same operation as in the JavaScript
 * panel of src/kernels/lu.ts (a − l·u, the product rounded; not fused in the FMA variant either).
 */
function luPanel(emit: (s: string) => void): void {
  emit(`  (func (export "lup") (param $pw i32) (param $h i32) (param $w i32) (param $pipiv i32)`);
  emit(
    `    (local $k i32) (local $p i32) (local $j i32) (local $r i32) (local $hb i32) (local $col i32) (local $cj i32)`,
  );
  emit(
    `    (local $q i32) (local $best f64) (local $v f64) (local $piv f64) (local $u f64) (local $pv v128) (local $uv v128)`,
  );
  emit(`    (local.set $hb (i32.shl (local.get $h) (i32.const 3)))`);
  emit(`    (local.set $k (i32.const 0))`);
  emit(`    (block $kdone (loop $kloop`);
  emit(`      (br_if $kdone (i32.ge_u (local.get $k) (local.get $w)))`);
  emit(`      (local.set $col (i32.add (local.get $pw) (i32.mul (local.get $k) (local.get $hb))))`);
  // pivot search: byte offsets r from 8(k+1)
  emit(
    `      (local.set $best (f64.abs (f64.load (i32.add (local.get $col) (i32.shl (local.get $k) (i32.const 3))))))`,
  );
  emit(`      (local.set $p (local.get $k))`);
  emit(`      (local.set $r (i32.add (local.get $k) (i32.const 1)))`);
  emit(`      (block $sdone (loop $sloop`);
  emit(`        (br_if $sdone (i32.ge_u (local.get $r) (local.get $h)))`);
  emit(`        (local.set $v (f64.abs (f64.load (i32.add (local.get $col) (i32.shl (local.get $r) (i32.const 3))))))`);
  emit(
    `        (if (f64.gt (local.get $v) (local.get $best)) (then (local.set $best (local.get $v)) (local.set $p (local.get $r))))`,
  );
  emit(`        (local.set $r (i32.add (local.get $r) (i32.const 1)))`);
  emit(`        (br $sloop)))`);
  emit(`      (i32.store (i32.add (local.get $pipiv) (i32.shl (local.get $k) (i32.const 2))) (local.get $p))`);
  // swap rows k and p across the panel
  emit(`      (if (i32.ne (local.get $p) (local.get $k)) (then`);
  emit(`        (local.set $j (i32.const 0))`);
  emit(`        (block $wdone (loop $wloop`);
  emit(`          (br_if $wdone (i32.ge_u (local.get $j) (local.get $w)))`);
  emit(`          (local.set $cj (i32.add (local.get $pw) (i32.mul (local.get $j) (local.get $hb))))`);
  emit(`          (local.set $q (i32.add (local.get $cj) (i32.shl (local.get $p) (i32.const 3))))`);
  emit(`          (local.set $cj (i32.add (local.get $cj) (i32.shl (local.get $k) (i32.const 3))))`);
  emit(`          (local.set $v (f64.load (local.get $cj)))`);
  emit(`          (f64.store (local.get $cj) (f64.load (local.get $q)))`);
  emit(`          (f64.store (local.get $q) (local.get $v))`);
  emit(`          (local.set $j (i32.add (local.get $j) (i32.const 1)))`);
  emit(`          (br $wloop)))))`);
  emit(`      (local.set $piv (f64.load (i32.add (local.get $col) (i32.shl (local.get $k) (i32.const 3)))))`);
  emit(`      (if (f64.ne (local.get $piv) (f64.const 0)) (then`);
  // the multipliers: entries below the pivot divided by it
  emit(`        (local.set $pv (f64x2.splat (local.get $piv)))`);
  emit(`        (local.set $r (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 3)))`);
  emit(`        (block $ddone (loop $dloop`);
  emit(`          (br_if $ddone (i32.gt_u (i32.add (local.get $r) (i32.const 16)) (local.get $hb)))`);
  emit(`          (local.set $q (i32.add (local.get $col) (local.get $r)))`);
  emit(`          (v128.store align=8 (local.get $q) (f64x2.div (v128.load align=8 (local.get $q)) (local.get $pv)))`);
  emit(`          (local.set $r (i32.add (local.get $r) (i32.const 16)))`);
  emit(`          (br $dloop)))`);
  emit(`        (if (i32.lt_u (local.get $r) (local.get $hb)) (then`);
  emit(`          (local.set $q (i32.add (local.get $col) (local.get $r)))`);
  emit(`          (f64.store (local.get $q) (f64.div (f64.load (local.get $q)) (local.get $piv)))))`);
  // each later column j: rows below k lose multiplier × u (u = its row-k entry)
  emit(`        (local.set $j (i32.add (local.get $k) (i32.const 1)))`);
  emit(`        (block $jdone (loop $jloop`);
  emit(`          (br_if $jdone (i32.ge_u (local.get $j) (local.get $w)))`);
  emit(`          (local.set $cj (i32.add (local.get $pw) (i32.mul (local.get $j) (local.get $hb))))`);
  emit(`          (local.set $u (f64.load (i32.add (local.get $cj) (i32.shl (local.get $k) (i32.const 3)))))`);
  emit(`          (if (f64.ne (local.get $u) (f64.const 0)) (then`);
  emit(`            (local.set $uv (f64x2.splat (local.get $u)))`);
  emit(`            (local.set $r (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 3)))`);
  emit(`            (block $udone (loop $uloop`);
  emit(`              (br_if $udone (i32.gt_u (i32.add (local.get $r) (i32.const 16)) (local.get $hb)))`);
  emit(`              (local.set $q (i32.add (local.get $cj) (local.get $r)))`);
  const lv = `(v128.load align=8 (i32.add (local.get $col) (local.get $r)))`;
  // not fused, in either variant: the product rounded first, as in the JavaScript loops, so a
  // row that is a multiple of the pivot row is eliminated to exactly 0 (the singularity report
  // of an exactly singular matrix names an exact zero pivot)
  emit(
    `              (v128.store align=8 (local.get $q) (f64x2.sub (v128.load align=8 (local.get $q)) (f64x2.mul ${lv} (local.get $uv))))`,
  );
  emit(`              (local.set $r (i32.add (local.get $r) (i32.const 16)))`);
  emit(`              (br $uloop)))`);
  emit(`            (if (i32.lt_u (local.get $r) (local.get $hb)) (then`);
  emit(`              (local.set $q (i32.add (local.get $cj) (local.get $r)))`);
  emit(
    `              (f64.store (local.get $q) (f64.sub (f64.load (local.get $q)) (f64.mul (f64.load (i32.add (local.get $col) (local.get $r))) (local.get $u))))))))`,
  );
  emit(`          (local.set $j (i32.add (local.get $j) (i32.const 1)))`);
  emit(`          (br $jloop)))))`);
  emit(`      (local.set $k (i32.add (local.get $k) (i32.const 1)))`);
  emit(`      (br $kloop)))`);
  emit(`  )`);
}

/** Rows of the largest triangular leaf (`trs1` … `trs8`; the trsm recursion's leaves have at most 8 rows). */
export const TRS_MAX = 8;

/**
 * `trs<r>(pt, px, w, ldx, unit, lower)`: X ← T⁻¹X in place for the r×r triangle T stored densely
 * row-major at byte address `pt` (the lower triangle read when `lower` ≠ 0, else the upper; the
 * diagonal taken as ones when `unit` ≠ 0) and X r×w row-major at `px` with row stride `ldx`
 * entries. Two columns at a time the r rows are held in f64x2 registers and solved there (one
 * load and one store of each entry), the odd last column the same in f64; each entry gets the
 * operations of the JavaScript leaf in src/kernels/trsm.ts in the same order (x_i − t_ij·x_j,
 * the product rounded, skipped where t_ij = 0, then x_i / t_ii): bit for bit the same result.
 */
function triangularLeaf(emit: (s: string) => void, r: number): void {
  const xs = Array.from({ length: r }, (_, i) => i);
  emit(
    `  (func (export "trs${r}") (param $pt i32) (param $px i32) (param $w i32) (param $ldx i32) (param $unit i32) (param $lower i32)`,
  );
  emit(`    (local $rowb i32) (local $c i32) (local $q i32) (local $t f64)`);
  emit(`    ${xs.map((i) => `(local $v${i} v128) (local $s${i} f64)`).join(" ")}`);
  emit(`    (local.set $rowb (i32.shl (local.get $ldx) (i32.const 3)))`);
  /** The solve on registers of one kind: `v` (f64x2, two columns) or `s` (f64, one). */
  const solve = (kind: "v" | "s", lower: boolean): void => {
    const x = (i: number): string => `$${kind}${i}`;
    const ty = kind === "v" ? "f64x2" : "f64";
    const spl = (e: string): string => (kind === "v" ? `(f64x2.splat ${e})` : e);
    const order = lower ? xs : [...xs].reverse();
    for (const i of order) {
      const js = lower ? xs.slice(0, i) : xs.slice(i + 1);
      for (const j of js) {
        emit(`        (local.set $t (f64.load offset=${(i * r + j) * 8} (local.get $pt)))`);
        emit(
          `        (if (f64.ne (local.get $t) (f64.const 0)) (then (local.set ${x(i)} (${ty}.sub (local.get ${x(i)}) (${ty}.mul ${spl("(local.get $t)")} (local.get ${x(j)}))))))`,
        );
      }
      emit(
        `        (if (i32.eqz (local.get $unit)) (then (local.set ${x(i)} (${ty}.div (local.get ${x(i)}) ${spl(`(f64.load offset=${(i * r + i) * 8} (local.get $pt))`)}))))`,
      );
    }
  };
  /** Load the column block at $q (rows $rowb apart) into the registers, solve, store back. */
  const column = (kind: "v" | "s"): void => {
    const load = kind === "v" ? "v128.load align=8" : "f64.load";
    const store = kind === "v" ? "v128.store align=8" : "f64.store";
    for (const i of xs)
      emit(
        `      (local.set $${kind}${i} (${load} (i32.add (local.get $q) (i32.mul (local.get $rowb) (i32.const ${i})))))`,
      );
    emit(`      (if (local.get $lower) (then`);
    solve(kind, true);
    emit(`      ) (else`);
    solve(kind, false);
    emit(`      ))`);
    for (const i of xs)
      emit(
        `      (${store} (i32.add (local.get $q) (i32.mul (local.get $rowb) (i32.const ${i}))) (local.get $${kind}${i}))`,
      );
  };
  emit(`    (local.set $c (i32.const 0))`);
  emit(`    (block $cdone (loop $cloop`);
  emit(`      (br_if $cdone (i32.gt_u (i32.add (local.get $c) (i32.const 2)) (local.get $w)))`);
  emit(`      (local.set $q (i32.add (local.get $px) (i32.shl (local.get $c) (i32.const 3))))`);
  column("v");
  emit(`      (local.set $c (i32.add (local.get $c) (i32.const 2)))`);
  emit(`      (br $cloop)))`);
  emit(`    (if (i32.lt_u (local.get $c) (local.get $w)) (then`);
  emit(`      (local.set $q (i32.add (local.get $px) (i32.shl (local.get $c) (i32.const 3))))`);
  column("s");
  emit(`    ))`);
  emit(`  )`);
}
