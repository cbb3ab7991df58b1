// Inverted dropout masks (PyTorch semantics: keep with probability 1-p, kept values scaled by 1/(1-p)).
import { LIMITS, describeRange, inRange } from '../limits';
import type { Rng } from './rng';

/**
 * Fills a time-major mask [steps, batch, width] with 0 or 1/(1-p). Draws are taken in batch-major order
 * (batch, step, unit) — one rng.next() per unit, dropped when < p — so a mask depends only on the seed and the
 * logical shape, never on the engine's internal layout.
 */
export function fillDropoutMask(rng: Rng, mask: Float32Array, batch: number, steps: number, width: number, p: number): void {
  if (!inRange(p, LIMITS.model.dropout)) throw new Error(`dropout: p must be ${describeRange(LIMITS.model.dropout)}, got ${p}`);
  if (mask.length !== batch * steps * width) throw new Error(`dropout: mask has ${mask.length} values, expected ${batch * steps * width}`);
  const keep = 1 / (1 - p);
  // next() < p  ⇔  u32()/2^32 < p  ⇔  u32() < p·2^32 (exact in double); draw everything at once, then lay it out
  const threshold = p * 4294967296;
  const n = batch * steps * width;
  const u = scratch(n);
  rng.fillU32(u);
  let k = 0;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const o = (t * batch + b) * width;
      for (let j = 0; j < width; j++, k++) mask[o + j] = u[k] < threshold ? 0 : keep;
    }
  }
}

let buf = new Uint32Array(0);
function scratch(n: number): Uint32Array {
  if (buf.length < n) buf = new Uint32Array(n);
  return buf.length === n ? buf : buf.subarray(0, n);
}
