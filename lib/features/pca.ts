// Step 4: principal components within a group of correlated joints, replacing the group by its leading components.
import { columnMeans, covariance, symmetricEigen } from './linalg';
import type { PcaGroup } from './types';

/** Feature name of a kept component: pca1_pc2 = second component of the first group. */
export function componentName(group: number, component: number): string {
  return `pca${group + 1}_pc${component + 1}`;
}

/**
 * Fits PCA on the members' training values: centre, eigendecompose the covariance, keep the fewest leading
 * components whose cumulative explained variance ratio reaches `explainedVariance`.
 */
export function fitPcaGroup(index: number, members: readonly string[], columns: readonly Float32Array[], explainedVariance: number): PcaGroup {
  const n = members.length;
  const mean = columnMeans(columns);
  const { values, vectors } = symmetricEigen(covariance(columns, mean), n);
  // Covariance eigenvalues are ≥ 0; rounding can leave -1e-18 on a degenerate direction.
  const eigenvalues = Array.from(values, (x) => Math.max(0, x));
  const total = eigenvalues.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error(`PCA group ${members.join(', ')}: the members do not vary over the training rows`);
  const explainedRatio = eigenvalues.map((x) => x / total);
  let kept = 0;
  let cumulative = 0;
  while (kept < n && cumulative < explainedVariance - 1e-12) cumulative += explainedRatio[kept++];
  const components = Array.from({ length: n }, (_, k) => Array.from(vectors.subarray(k * n, (k + 1) * n)));
  return {
    members: [...members],
    mean: Array.from(mean),
    eigenvalues,
    components,
    explainedRatio,
    kept,
    names: Array.from({ length: kept }, (_, k) => componentName(index, k)),
  };
}

/** Scores of components 0..count-1 for every row: (x - mean) · loading, accumulated in float64. */
export function pcaScores(group: PcaGroup, columns: readonly Float32Array[], count: number = group.kept): Float32Array[] {
  const n = group.members.length;
  if (columns.length !== n) throw new Error(`pcaScores: ${columns.length} columns for a group of ${n}`);
  if (count > n) throw new Error(`pcaScores: ${count} components asked of a group of ${n}`);
  const rows = n ? columns[0].length : 0;
  const acc = new Float64Array(rows);
  const out: Float32Array[] = [];
  for (let k = 0; k < count; k++) {
    acc.fill(0);
    const w = group.components[k];
    for (let i = 0; i < n; i++) {
      const c = columns[i];
      const m = group.mean[i];
      const wi = w[i];
      for (let r = 0; r < rows; r++) acc[r] += (c[r] - m) * wi;
    }
    out.push(Float32Array.from(acc));
  }
  return out;
}
