// Multinomial (softmax) logistic regression with class weights and an L2 penalty, fitted by L-BFGS to convergence.
// The objective is scikit-learn's LogisticRegression(multi_class='multinomial', solver='lbfgs'):
//   C · Σᵢ wᵢ · (−log pᵢ,yᵢ) + ½ ‖W‖²      (intercepts not penalised)
// divided by Σᵢ wᵢ for conditioning (same minimiser). Deterministic: no random start, no sampling.

export interface LogRegOptions {
  /** inverse L2 strength (sklearn's C) */
  C: number;
  /** weight of each class (e.g. balanced: n / (classes · count)) */
  classWeight: readonly number[];
  /** stop when the largest |gradient| of the scaled objective is at most this */
  tolerance: number;
  maxIterations: number;
}

export interface LogRegModel {
  kind: 'logreg';
  classes: number;
  features: number;
  /** coef[k][j]: weight of feature j for class k (rows sum to 0 over classes at the optimum) */
  coef: number[][];
  intercept: number[];
  iterations: number;
  converged: boolean;
  /** the scaled objective at the solution */
  objective: number;
}

/** Class probabilities [n][classes] of rows x [n][d]. */
export function logRegProba(m: Pick<LogRegModel, 'classes' | 'features' | 'coef' | 'intercept'>, x: Float64Array, n: number): Float64Array {
  const { classes: k, features: d } = m;
  if (x.length !== n * d) throw new Error(`logreg: ${n} rows of ${d} features need ${n * d} values, got ${x.length}`);
  const out = new Float64Array(n * k);
  const coef = m.coef.map((row) => Float64Array.from(row));
  const b = Float64Array.from(m.intercept);
  for (let i = 0; i < n; i++) softmaxRow(coef, b, x, i, d, k, out);
  return out;
}

function softmaxRow(coef: readonly Float64Array[], b: Float64Array, x: Float64Array, i: number, d: number, k: number, out: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    let z = b[c];
    const w = coef[c];
    const o = i * d;
    for (let j = 0; j < d; j++) z += w[j] * x[o + j];
    out[i * k + c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += (out[i * k + c] = Math.exp(out[i * k + c] - max));
  for (let c = 0; c < k; c++) out[i * k + c] /= sum;
}

/** Objective and gradient at θ = [W (k×d, row-major), b (k)]. */
function objective(theta: Float64Array, x: Float64Array, y: Uint8Array, n: number, d: number, k: number,
  w: Float64Array, C: number, grad: Float64Array): number {
  const coef = Array.from({ length: k }, (_, c) => theta.subarray(c * d, (c + 1) * d));
  const b = theta.subarray(k * d);
  const p = new Float64Array(n * k);
  grad.fill(0);
  let loss = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    softmaxRow(coef, b, x, i, d, k, p);
    const wi = w[i];
    wsum += wi;
    loss -= wi * Math.log(Math.max(p[i * k + y[i]], 1e-300));
    for (let c = 0; c < k; c++) {
      const r = wi * (p[i * k + c] - (y[i] === c ? 1 : 0));
      if (r === 0) continue;
      const g = c * d;
      const o = i * d;
      for (let j = 0; j < d; j++) grad[g + j] += r * x[o + j];
      grad[k * d + c] += r;
    }
  }
  let penalty = 0;
  for (let j = 0; j < k * d; j++) {
    penalty += theta[j] * theta[j];
    grad[j] = C * grad[j] + theta[j];
  }
  for (let c = 0; c < k; c++) grad[k * d + c] *= C;
  const scale = 1 / (C * wsum);
  for (let j = 0; j < grad.length; j++) grad[j] *= scale;
  return (C * loss + 0.5 * penalty) * scale;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Fits on rows x [n][d] with classes y; every class 0..classes-1 may be present or not. */
export function fitLogReg(x: Float64Array, y: Uint8Array, n: number, d: number, classes: number, o: LogRegOptions): LogRegModel {
  if (x.length !== n * d) throw new Error(`logreg: ${n} rows of ${d} features need ${n * d} values, got ${x.length}`);
  if (y.length !== n) throw new Error(`logreg: ${n} rows but ${y.length} labels`);
  if (!(o.C > 0)) throw new Error(`logreg: C must be > 0, got ${o.C}`);
  if (o.classWeight.length !== classes) throw new Error(`logreg: ${o.classWeight.length} class weights for ${classes} classes`);
  const k = classes;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(Number.isInteger(y[i]) && y[i] >= 0 && y[i] < k)) throw new Error(`logreg: label ${y[i]} of row ${i} is not a class 0..${k - 1}`);
    w[i] = o.classWeight[y[i]];
  }
  const size = k * d + k;
  let theta = new Float64Array(size);
  let g = new Float64Array(size);
  let f = objective(theta, x, y, n, d, k, w, o.C, g);
  // L-BFGS two-loop recursion over the last `memory` (s, y) pairs, Armijo backtracking line search
  const memory = 10;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let iterations = 0;
  let converged = maxAbs(g) <= o.tolerance;
  const next = new Float64Array(size);
  let gNext = new Float64Array(size);
  while (!converged && iterations < o.maxIterations) {
    iterations++;
    // direction = −H·g
    const q = Float64Array.from(g);
    const alpha = new Array<number>(S.length);
    for (let m = S.length - 1; m >= 0; m--) {
      alpha[m] = rho[m] * dot(S[m], q);
      for (let j = 0; j < size; j++) q[j] -= alpha[m] * Y[m][j];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let j = 0; j < size; j++) q[j] *= gamma;
    for (let m = 0; m < S.length; m++) {
      const beta = rho[m] * dot(Y[m], q);
      for (let j = 0; j < size; j++) q[j] += S[m][j] * (alpha[m] - beta);
    }
    for (let j = 0; j < size; j++) q[j] = -q[j];
    let slope = dot(g, q);
    if (!(slope < 0)) {
      // not a descent direction (rounding): restart from steepest descent
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < size; j++) q[j] = -g[j] / Math.max(1, Math.sqrt(dot(g, g)));
      slope = dot(g, q);
    }
    let step = 1;
    let fNext = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      for (let j = 0; j < size; j++) next[j] = theta[j] + step * q[j];
      fNext = objective(next, x, y, n, d, k, w, o.C, gNext);
      if (fNext <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext <= f)) break; // no decrease possible at floating-point resolution
    const s = new Float64Array(size);
    const yy = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = next[j] - theta[j];
      yy[j] = gNext[j] - g[j];
    }
    const sy = dot(s, yy);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(yy, yy))) {
      S.push(s);
      Y.push(yy);
      rho.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const fPrev = f;
    theta = Float64Array.from(next);
    [g, gNext] = [gNext, g];
    f = fNext;
    converged = maxAbs(g) <= o.tolerance;
    if (!converged && fPrev - f <= 1e-16 * Math.max(1, Math.abs(f)) && maxAbs(g) <= Math.sqrt(o.tolerance)) break;
  }
  const coef = Array.from({ length: k }, (_, c) => Array.from(theta.subarray(c * d, (c + 1) * d)));
  return { kind: 'logreg', classes: k, features: d, coef, intercept: Array.from(theta.subarray(k * d)), iterations, converged, objective: f };
}
