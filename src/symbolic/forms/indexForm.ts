/**
 * The index (Ricci/Einstein) form, e.g. ∂Y_ij/∂A_kl = δ_il B_kj: the engine's own result,
 * with its indices named for reading (i j for Y, k l for A, p q r … summed, a b c … for the
 * parts of composite indices). It is built as a notation tree (terms of named factors),
 * printed by one printer per notation, and evaluated with einsum term by term.
 * @packageDocumentation
 */
import { DifferentiationError } from "../../core/errors";
import { Tensor } from "../../core/tensor";
import { eye, zeros } from "../../create/index";
import { einsum } from "../../einsum/index";
import { add, reshape, scale } from "../../ops/index";
import { exprKey } from "../expr";
import { asScalarPower } from "../kinds";
import { evaluatePadded } from "../evaluate";
import { type Factor, type IndexSum, indicesOf, type Split } from "../indexterms";
import { fmtNum, latexName, latexSub } from "../notation";
import { exprToLatex, exprToText } from "../print";
import { dimValue } from "../shapes";
import {
  type DerivativeForm,
  type FormContext,
  type FormInput,
  type IndexNotation,
  type IndexPiece,
  jacobianShape,
  numericShape,
  resultNotation,
} from "./context";

const SUMMED = "pqrstuvwxyzmno";
/** Index letters of a tensor result and variable (more than two axes on either side). */
const Y_TENSOR = "ijmnouvwxyz";
const A_TENSOR = "klrstpqefgh";
const COMPOSITE = "abcdefgh";

/** Names the indices of an index sum and writes it as an {@link IndexNotation}. */
export function indexNotation(fc: FormContext, sum: IndexSum): IndexNotation {
  const { ctx } = fc;
  const names = new Map<string, string>();
  // the variable's indices are the last ones (two for a padded matrix, one per axis of a tensor)
  const nA = fc.aPad.length;
  const nY = sum.out.length - nA;
  const tensors = nY > 2 || nA > 2;
  const yNames = Array.from({ length: nY }, (_, n) => (tensors ? Y_TENSOR : "ij")[n] ?? `i${n}`);
  const aNames = Array.from({ length: nA }, (_, n) => (tensors ? A_TENSOR : "kl")[n] ?? `k${n}`);
  sum.out.forEach((o, n) => names.set(o, n < nY ? yNames[n] : aNames[n - nY]));
  const taken = new Set(names.values());
  let next = 0;
  const nameOf = (i: string, local?: ReadonlyMap<string, string>): string => {
    const l = local?.get(i);
    if (l !== undefined) return l;
    let n = names.get(i);
    if (n === undefined) {
      do {
        n = SUMMED[next] ?? `z${next}`;
        next++;
      } while (taken.has(n));
      names.set(i, n);
    }
    return n;
  };
  const hidden = (i: string): boolean => ctx.isOne(i);
  // output indices that every term splits the same way are written composite on the left: (A⊗B)_(ab)(cd)
  const hoisted = new Map<string, [string, string]>();
  let comp = 0;
  for (const o of sum.out) {
    if (
      sum.terms.length > 0 &&
      sum.terms.every((t) => t.factors.filter((f) => f.kind === "split" && f.w === o).length === 1)
    ) {
      hoisted.set(o, [COMPOSITE[comp] ?? `a${comp}`, COMPOSITE[comp + 1] ?? `b${comp}`]);
      comp += 2;
    }
  }
  const compositeName = (a: string, b: string, pa: string, pb: string): string => {
    const parts = [hidden(a) ? "" : pa, hidden(b) ? "" : pb].join("");
    return parts.length > 1 ? `(${parts})` : parts;
  };
  const subOf = (idx: readonly string[], local?: ReadonlyMap<string, string>): string =>
    idx
      .filter((i) => !hidden(i))
      .map((i) => nameOf(i, local))
      .join("");
  const terms = sum.terms.map((term) => {
    const local = new Map<string, string>();
    const pieces: IndexPiece[] = [];
    const linked: IndexPiece[] = [];
    for (const f of term.factors) {
      const h = f.kind === "split" ? hoisted.get(f.w) : undefined;
      if (f.kind === "split" && h) {
        // a part that is itself a free index (k, l) is linked to the composite's part by a delta
        ([f.a, f.b] as const).forEach((part, n) => {
          if (sum.out.includes(part)) {
            if (!hidden(part)) linked.push({ kind: "delta", sub: `${h[n]}${nameOf(part)}` });
          } else local.set(part, h[n]);
        });
      }
    }
    const c = Math.abs(term.coef);
    if (c !== 1) pieces.push({ kind: "coef", value: c });
    for (const d of term.dims) pieces.push({ kind: "dim", name: d });
    const rank = (f: Factor): number => {
      const r = indicesOf(f)
        .filter((x) => !hidden(x))
        .map((x) => sum.out.indexOf(x))
        .filter((x) => x >= 0);
      return r.length === 0 ? sum.out.length : Math.min(...r);
    };
    const ordered = term.factors
      .map((f, n) => ({ f, n }))
      .sort((x, y) => rank(x.f) - rank(y.f) || x.n - y.n)
      .map((x) => x.f);
    pieces.push(...linked);
    for (const f of ordered) {
      if (f.kind === "delta") {
        if (hidden(f.a) && hidden(f.b)) continue;
        pieces.push({ kind: "delta", sub: subOf([f.a, f.b], local) });
      } else if (f.kind === "split") {
        if (hoisted.has(f.w)) continue;
        const w = subOf([f.w], local);
        pieces.push({ kind: "delta", sub: `${w},${compositeName(f.a, f.b, nameOf(f.a, local), nameOf(f.b, local))}` });
      } else {
        const sub = subOf(f.idx, local);
        const base = sub === "" ? asScalarPower(f.expr) : f.expr;
        pieces.push({ kind: "factor", base, sub, ...(base !== f.expr ? { atom: true } : {}) });
      }
    }
    return { sign: (term.coef < 0 ? -1 : 1) as 1 | -1, pieces };
  });
  const outName = (o: string): string => {
    const h = hoisted.get(o);
    if (h === undefined) return hidden(o) ? "" : nameOf(o);
    const f = sum.terms[0].factors.find((g) => g.kind === "split" && g.w === o) as Split;
    return compositeName(f.a, f.b, h[0], h[1]);
  };
  return {
    terms,
    ySub: sum.out.slice(0, nY).map(outName).join(""),
    aSub: sum.out.slice(nY).map(outName).join(""),
  };
}

/** The right-hand side of an index notation as text or LaTeX. */
export function printIndexNotation(n: IndexNotation, notation: "text" | "latex"): string {
  const latex = notation === "latex";
  const piece = (p: IndexPiece): string => {
    switch (p.kind) {
      case "coef":
        return fmtNum(p.value);
      case "dim":
        return latex ? latexName(p.name) : p.name;
      case "delta":
        return latex ? `\\delta_{${p.sub}}` : `δ_${p.sub}`;
      case "factor": {
        const simple = p.base.op === "sym" || p.atom === true;
        const base = latex
          ? simple
            ? exprToLatex(p.base)
            : `\\left(${exprToLatex(p.base)}\\right)`
          : simple
            ? exprToText(p.base)
            : `(${exprToText(p.base)})`;
        if (p.sub === "") return base;
        return latex ? latexSub(base, p.sub) : `${base}_${p.sub}`;
      }
    }
  };
  if (n.terms.length === 0) return "0";
  const minus = latex ? "-" : "−";
  return n.terms
    .map((t, i) => {
      const body = t.pieces.length === 0 ? "1" : t.pieces.map(piece).join(" ");
      if (i === 0) return t.sign < 0 ? `${minus}${body}` : body;
      return t.sign < 0 ? ` ${minus} ${body}` : ` + ${body}`;
    })
    .join("");
}

/** The index (Ricci/Einstein) form, e.g. ∂Y_ij/∂A_kl = δ_il B_kj. */
export function indexForm(input: FormInput): DerivativeForm {
  const { fc, sum } = input;
  const n = indexNotation(fc, sum);
  const y = resultNotation(fc).latex;
  const a = latexName(fc.wrt);
  const yPart = latexSub(y, n.ySub);
  const aPart = latexSub(a, n.aSub);
  return {
    name: "index",
    title: "Index notation (Einstein summation over repeated indices)",
    notation: n,
    text: printIndexNotation(n, "text"),
    latex: `\\frac{\\partial ${yPart}}{\\partial ${aPart}} = ${printIndexNotation(n, "latex")}`,
    evaluate: indexEvaluator(input),
  };
}

/** The numbers of an index sum (einsum term by term), without writing its notation. */
export function indexEvaluator(input: FormInput): DerivativeForm["evaluate"] {
  const { fc, sum } = input;
  const { ctx } = fc;
  return (values) => {
    const sizes = fc.sizes(values);
    const s = numericShape(fc, sizes);
    const outPad = sum.out.map((o) => dimValue(ctx.size(o), sizes));
    let acc = zeros(outPad);
    // Letters are assigned per term (output indices first, so they agree across terms):
    // only the indices of one term at a time must fit in einsum's 52 letters.
    let letters = new Map<string, string>();
    const ALPH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const letter = (i: string): string => {
      let c = letters.get(i);
      if (c === undefined) {
        c = ALPH[letters.size];
        if (c === undefined) {
          throw new DifferentiationError(
            `index form (∂/∂${fc.wrt}): a term uses more than ${ALPH.length} distinct indices, more than einsum has letters for; evaluate the kron or tensor form instead`,
          );
        }
        letters.set(i, c);
      }
      return c;
    };
    const cache = new Map<string, Tensor>();
    const dim = (i: string): number => dimValue(ctx.size(i), sizes);
    const outputs = new Set(sum.out);
    for (const term of sum.terms) {
      letters = new Map<string, string>();
      for (const o of sum.out) letter(o);
      const factors: { t: Tensor; idx: readonly string[] }[] = [];
      for (const f of term.factors) {
        if (f.kind === "delta") {
          factors.push({ t: eye(dim(f.a)), idx: [f.a, f.b] });
        } else if (f.kind === "split") {
          factors.push({ t: splitTensor(dim(f.a), dim(f.b)), idx: [f.w, f.a, f.b] });
        } else {
          const key = exprKey(f.expr);
          let v = cache.get(key);
          if (v === undefined) {
            v = evaluatePadded(f.expr, values, sizes, ctx.info);
            cache.set(key, v);
          }
          factors.push({ t: v, idx: f.idx });
        }
      }
      // a summed index of size 1 is trivial: its axes are squeezed out (a product of many 1×1
      // symbols has dozens of them, more than einsum has letters), a factor left with no axis
      // joins the coefficient
      let coef = term.coef;
      for (const d of term.dims) coef *= dimValue(d, sizes);
      const ops: Tensor[] = [];
      const specs: string[] = [];
      for (const { t, idx } of factors) {
        const kept = idx.filter((i) => outputs.has(i) || dim(i) !== 1);
        if (kept.length === 0 && t.size === 1) coef *= t.data[0];
        else {
          ops.push(kept.length === idx.length ? t : reshape(t, kept.map(dim)));
          specs.push(kept.map(letter).join(""));
        }
      }
      const present = new Set(specs.join(""));
      for (const o of sum.out) {
        if (!present.has(letter(o))) {
          // an output index no factor uses: the term is constant along it
          const k = dimValue(ctx.size(o), sizes);
          ops.push(new Tensor(new Float64Array(k).fill(1), [k]));
          specs.push(letter(o));
        }
      }
      const T =
        ops.length === 0
          ? new Tensor(new Float64Array([1]), [])
          : einsum(`${specs.join(",")}->${sum.out.map(letter).join("")}`, ...ops);
      acc = add(acc, scale(T, coef));
    }
    const shape =
      sum.out.length === 4
        ? jacobianShape(s)
        : outPad.length === 0
          ? []
          : [...fc.resultShape.map((d) => dimValue(d, sizes)), ...fc.wrtShape.map((d) => dimValue(d, sizes))];
    return reshape(acc, shape);
  };
}

/** R[w, a, b] = 1 when w = a·nb + b (row-major merge of a and b). */
function splitTensor(na: number, nb: number): Tensor {
  const n = na * nb;
  const d = new Float64Array(n * n);
  for (let a = 0; a < na; a++) for (let b = 0; b < nb; b++) d[(a * nb + b) * n + a * nb + b] = 1;
  return new Tensor(d, [n, na, nb]);
}
