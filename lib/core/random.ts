// The project's one seeded generator: synthetic data, splits, trial sampling, weight init, dropout and shuffling all
// draw from it. sfc32 (PractRand-clean, 32-bit ops only) seeded through splitmix32 so that nearby seeds give unrelated
// streams; same seed ⇒ same sequence on every platform. It lives in lib/data, the lowest layer, so every layer can
// use it without an upward import.

/** splitmix32 step: a well-mixed 32-bit hash of x (the output of splitmix32 at state x). */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed derived from several integers (seed, stream tag, subject id, ...). */
export function deriveSeed(...parts: number[]): number {
  let h = 0x2545f491;
  for (const p of parts) h = mix32(h ^ mix32(p >>> 0));
  return h;
}

/** Anything indexable in place: plain arrays and typed arrays. */
export interface Shuffleable<T> {
  length: number;
  [index: number]: T;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN; // second Box–Muller deviate

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
    // fold the full double (seeds above 2^32 stay distinct) into the splitmix state, then take three outputs
    const s = (seed >>> 0) ^ Math.floor(seed / 4294967296);
    const step = 0x9e3779b9;
    this.a = mix32(s);
    this.b = mix32((s + step) | 0);
    this.c = mix32((s + 2 * step) | 0);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** uniform 32-bit unsigned integer */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** fills `out` with the next out.length u32() values (same stream as calling u32() in a loop, ~5× faster) */
  fillU32(out: Uint32Array): void {
    let a = this.a, b = this.b, c = this.c, d = this.d;
    for (let i = 0; i < out.length; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      out[i] = t >>> 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** uniform in [lo, hi) */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** uniform integer in [0, n) */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new Error(`Rng.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** standard normal (Box–Muller; the second value of each pair is kept for the next call) */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Poisson count (Knuth's method: cost grows with the mean, fine for the small means used here) */
  poisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new Error(`Rng.poisson: mean must be a finite number ≥ 0, got ${mean}`);
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** in-place Fisher–Yates shuffle of an array or typed array; returns it */
  shuffle<A extends Shuffleable<unknown>>(a: A): A {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
