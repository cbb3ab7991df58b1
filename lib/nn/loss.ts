// Cross-entropy with PyTorch semantics (F.cross_entropy with weight, label_smoothing, reduction='mean') and the
// report's class weights.
import { LIMITS, describeRange, inRange } from '../limits';

/** 1 / log(1 + count) per class (the report's weighting); a class with no samples gets weight 0. */
export function classWeights(counts: ArrayLike<number>): Float32Array {
  const w = new Float32Array(counts.length);
  for (let c = 0; c < counts.length; c++) {
    const n = counts[c];
    if (!(n >= 0) || !Number.isFinite(n)) throw new Error(`classWeights: counts[${c}] must be a finite number ≥ 0, got ${n}`);
    w[c] = n > 0 ? 1 / Math.log(1 + n) : 0;
  }
  return w;
}

export interface CrossEntropyOptions {
  weights?: Float32Array;
  labelSmoothing?: number;
}

/**
 * loss = Σ_i w[y_i]·((1-ε)·(-log p_i,y_i)) / Σ_i w[y_i]  +  ε/C · Σ_i Σ_c w[c]·(-log p_i,c) / Σ_i w[y_i]
 * which is what PyTorch computes for weight + label_smoothing with mean reduction (the smoothing term is weighted
 * by the class of each log-probability and divided by the same sum of target weights). Returns dLoss/dLogits.
 */
export function crossEntropy(logits: Float32Array, y: ArrayLike<number>, batch: number, classes: number,
  o: CrossEntropyOptions = {}): { loss: number; dLogits: Float32Array } {
  const eps = o.labelSmoothing ?? 0;
  const w = o.weights;
  if (logits.length !== batch * classes) throw new Error(`crossEntropy: logits has ${logits.length} values, expected ${batch}×${classes}`);
  if (y.length !== batch) throw new Error(`crossEntropy: ${y.length} targets for batch ${batch}`);
  if (!inRange(eps, LIMITS.train.labelSmoothing)) throw new Error(`crossEntropy: labelSmoothing must be ${describeRange(LIMITS.train.labelSmoothing)}, got ${eps}`);
  if (w && w.length !== classes) throw new Error(`crossEntropy: ${w.length} class weights for ${classes} classes`);
  const wc = (c: number): number => (w ? w[c] : 1);
  let denom = 0;
  for (let i = 0; i < batch; i++) {
    const t = y[i];
    if (!Number.isInteger(t) || t < 0 || t >= classes) throw new Error(`crossEntropy: target ${i} is ${t}, expected an integer class in [0, ${classes})`);
    denom += wc(t);
  }
  const dLogits = new Float32Array(batch * classes);
  if (denom === 0) return { loss: NaN, dLogits }; // PyTorch gives nan as well (0/0)
  let sumW = 0; // Σ_c w[c], for the smoothing term
  for (let c = 0; c < classes; c++) sumW += wc(c);
  let loss = 0;
  const logp = new Float64Array(classes);
  for (let i = 0; i < batch; i++) {
    const r = i * classes;
    let mx = -Infinity;
    for (let c = 0; c < classes; c++) mx = Math.max(mx, logits[r + c]);
    let se = 0;
    for (let c = 0; c < classes; c++) se += Math.exp(logits[r + c] - mx);
    const lse = mx + Math.log(se);
    for (let c = 0; c < classes; c++) logp[c] = logits[r + c] - lse;
    const t = y[i];
    const wt = wc(t);
    let smooth = 0;
    for (let c = 0; c < classes; c++) smooth -= wc(c) * logp[c];
    loss += (1 - eps) * wt * -logp[t] + (eps / classes) * smooth;
    // d/dz_c of [(1-ε) w_t (-log p_t) + ε/C Σ_k w_k (-log p_k)] = (1-ε) w_t (p_c - δ_ct) + ε/C (sumW p_c - w_c)
    for (let c = 0; c < classes; c++) {
      const p = Math.exp(logp[c]);
      const g = (1 - eps) * wt * (p - (c === t ? 1 : 0)) + (eps / classes) * (sumW * p - wc(c));
      dLogits[r + c] = g / denom;
    }
  }
  return { loss: loss / denom, dLogits };
}
