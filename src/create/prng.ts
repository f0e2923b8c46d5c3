/**
 * The seeded pseudo-random generator behind `randn`, `rand` and `randint`.
 *
 * Algorithm: xoshiro128** (Blackman & Vigna, 2018) on 32-bit integers, its
 * 128-bit state filled from the seed by SplitMix32. Only 32-bit integer
 * arithmetic (`Math.imul`, shifts) is used, so the integer stream — and hence
 * `rand` and `randint` — is bit-identical on every machine and JS engine.
 * Uniform doubles use 53 random bits; normal deviates use the Box–Muller
 * transform (V8's `Math.log`/`Math.cos`/`Math.sin` are a portable software
 * implementation (fdlibm), so `randn` is reproducible across machines running Node).
 * @packageDocumentation
 */
import { IndexError } from "../core/errors";

/** A seeded stream of pseudo-random numbers. @internal */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    // SplitMix32 seeding: the seed's low 32 bits and high bits both contribute.
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x9e3779b9);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator with an explicit 128-bit state (for checking against the reference implementation). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Prng {
    const g = new Prng(0);
    g.s0 = s0 | 0;
    g.s1 = s1 | 0;
    g.s2 = s2 | 0;
    g.s3 = s3 | 0;
    return g;
  }

  /** Next 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias (rejection). */
  nextBelow(n: number): number {
    if (n === 4294967296) return this.nextUint32();
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % n;
    }
  }

  /** Standard normal deviate (Box–Muller, both values of each pair used). */
  nextNormal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = 1 - this.nextDouble(); // (0, 1]: log is finite
    const u2 = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** @internal The generator for an optional user seed (a fresh random seed when absent). */
export function makePrng(seed: unknown, where: string): Prng {
  if (seed === undefined) return new Prng(Math.floor(Math.random() * 2 ** 52));
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new IndexError(
      `${where}: seed must be an integer, got ${typeof seed === "string" ? JSON.stringify(seed) : String(seed)}`,
    );
  }
  return new Prng(seed);
}
