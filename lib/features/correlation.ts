// Step 3 and the PCA grouping: Pearson correlations between columns, and between joints and the classes.
import { column, type SubjectSeries } from '../data/series';
import { N_CLASSES } from '../data/schema';
import { pearson } from '../data/stats';
import { subjectRows } from './encode';
import type { Frame } from './frame';
import type { TargetCorrelation } from './types';

export { pearson };

/** A symmetric correlation matrix, row-major names.length². */
export interface CorrelationMatrix {
  names: string[];
  values: Float64Array;
}

/** Correlation matrix of equally long columns; constant columns correlate 0 with the others (1 with themselves). */
export function columnCorrelation(columns: readonly ArrayLike<number>[]): Float64Array {
  const n = columns.length;
  const rows = n ? columns[0].length : 0;
  const scaled = columns.map((c) => {
    if (c.length !== rows) throw new Error(`correlation: columns of ${rows} and ${c.length} rows`);
    let m = 0;
    for (let r = 0; r < rows; r++) m += c[r];
    m /= rows;
    const d = new Float64Array(rows);
    let ss = 0;
    for (let r = 0; r < rows; r++) {
      d[r] = c[r] - m;
      ss += d[r] * d[r];
    }
    const norm = Math.sqrt(ss);
    if (norm > 0) for (let r = 0; r < rows; r++) d[r] /= norm;
    return d;
  });
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const a = scaled[i];
      const b = scaled[j];
      let s = 0;
      for (let r = 0; r < rows; r++) s += a[r] * b[r];
      out[i * n + j] = out[j * n + i] = Math.max(-1, Math.min(1, s));
    }
  }
  return out;
}

/** Row-wise correlation of raw series columns over the given subjects' rows (default: all subjects). */
export function correlationMatrix(series: SubjectSeries, columns: readonly string[], ids: ArrayLike<number> = series.ids): CorrelationMatrix {
  const rows = subjectRows(series, ids);
  const steps = series.steps;
  const gathered = columns.map((name) => {
    const src = column(series, name);
    const out = new Float32Array(rows.length * steps);
    for (let i = 0; i < rows.length; i++) out.set(src.subarray(rows[i] * steps, (rows[i] + 1) * steps), i * steps);
    return out;
  });
  return { names: [...columns], values: columnCorrelation(gathered) };
}

/**
 * Groups of correlated columns: connected components of the graph linking two columns when |r| ≥ threshold
 * (single linkage). Only groups of two or more are returned, members and groups in `names` order.
 */
export function correlationGroups(corr: ArrayLike<number>, names: readonly string[], threshold: number): string[][] {
  const n = names.length;
  if (corr.length !== n * n) throw new Error(`correlationGroups: ${corr.length} entries for ${n} names`);
  const parent = Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(corr[i * n + j]) >= threshold) {
        const a = root(i);
        const b = root(j);
        // The smaller index becomes the root, so a group's first member is its root.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, string[]>();
  for (let i = 0; i < n; i++) {
    const r = root(i);
    const g = groups.get(r);
    if (g) g.push(names[i]);
    else groups.set(r, [names[i]]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * A per-subject summary that differs between subjects only at float32 rounding level (relative 1e-6) carries no
 * signal; correlating such noise with the classes would give an arbitrary r.
 */
function flat(v: Float64Array): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return max - min <= 1e-6 * Math.max(Math.abs(min), Math.abs(max));
}

/**
 * The weak-joint criterion. For each joint, two per-subject summaries over time (mean and population standard
 * deviation) are correlated (Pearson, across the frame's subjects) with each one-vs-rest class indicator
 * (1 if the subject has that class, else 0). The joint's score is the largest |r| of these 2 × classes values;
 * a joint scoring below the configured minimum neither moves on average nor in spread with any class.
 * `y` holds the class of each frame subject, in frame order.
 */
export function targetCorrelations(frame: Frame, y: ArrayLike<number>, joints: readonly string[]): TargetCorrelation[] {
  const subjects = frame.ids.length;
  const steps = frame.steps;
  if (y.length !== subjects) throw new Error(`targetCorrelations: ${y.length} labels for ${subjects} subjects`);
  const indicators = Array.from({ length: N_CLASSES }, (_, c) => Float64Array.from(y, (k) => (k === c ? 1 : 0)));
  return joints.map((name) => {
    const v = frame.columns[frame.names.indexOf(name)];
    const mean = new Float64Array(subjects);
    const std = new Float64Array(subjects);
    for (let s = 0; s < subjects; s++) {
      let m = 0;
      for (let t = 0; t < steps; t++) m += v[s * steps + t];
      m /= steps;
      let ss = 0;
      for (let t = 0; t < steps; t++) ss += (v[s * steps + t] - m) ** 2;
      mean[s] = m;
      std[s] = Math.sqrt(ss / steps);
    }
    const rMean = indicators.map((ind) => (flat(mean) ? 0 : pearson(mean, ind)));
    const rStd = indicators.map((ind) => (flat(std) ? 0 : pearson(std, ind)));
    const score = Math.max(...rMean.map(Math.abs), ...rStd.map(Math.abs));
    return { name, mean: rMean, std: rStd, score };
  });
}
