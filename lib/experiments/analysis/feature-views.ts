// Notebook 02's views of the fitted feature pipeline: the correlation matrix in group order, the groups, the dropped
// columns, the PCA inside each group and the subjects in the plane of their group's components.
import type { CorrelationMatrix } from '../../features/correlation';
import { correlationGroups } from '../../features/correlation';
import type { FittedFeatures } from '../../features/types';

/** Pearson r of two named columns of the matrix. */
export function correlationOf(m: CorrelationMatrix, a: string, b: string): number {
  return m.values[m.names.indexOf(a) * m.names.length + m.names.indexOf(b)];
}

export interface CorrelationView {
  /** groups of |r| ≥ threshold (single linkage) among all the matrix's columns */
  groups: string[][];
  /** the columns with each group's members next to each other, ungrouped columns last */
  order: string[];
  /** the matrix in that order, for the heatmap */
  z: number[][];
  /** every pair once, by decreasing |r| */
  pairs: { a: string; b: string; r: number }[];
}

export function correlationView(m: CorrelationMatrix, threshold: number): CorrelationView {
  const groups = correlationGroups(m.values, m.names, threshold);
  const order = [...groups.flat(), ...m.names.filter((j) => !groups.some((g) => g.includes(j)))];
  const z = order.map((a) => order.map((b) => correlationOf(m, a, b)));
  const n = m.names.length;
  const pairs: CorrelationView['pairs'] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push({ a: m.names[i], b: m.names[j], r: m.values[i * n + j] });
  pairs.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
  return { groups, order, z, pairs };
}

/** The smallest |r| between two members of a group (1 for a single member). */
export function weakestLink(m: CorrelationMatrix, members: readonly string[]): number {
  let out = 1;
  for (const a of members) for (const b of members) if (a < b) out = Math.min(out, Math.abs(correlationOf(m, a, b)));
  return out;
}

/** Each raw group with its weakest link and the pipeline group (among the kept joints) that holds its members. */
export function rawGroupRows(m: CorrelationMatrix, groups: readonly string[][], fitted: Pick<FittedFeatures, 'groups'>) {
  return groups.map((g, i) => {
    const k = fitted.groups.findIndex((fg) => fg.members.some((member) => g.includes(member)));
    return {
      'raw group': i + 1,
      members: g.join(', '),
      'min |r| inside': weakestLink(m, g),
      'in the pipeline as': k >= 0 ? `pca${k + 1}: ${fitted.groups[k].members.join(', ')}` : 'no group (members dropped or alone)',
    };
  });
}

/** The target-correlation scores, highest first, grey where below the bar (dropped) and blue where kept. */
export function targetScoreBars(fitted: Pick<FittedFeatures, 'targetCorrelation'>, minimum: number) {
  const scores = [...fitted.targetCorrelation].sort((a, b) => b.score - a.score);
  return {
    categories: scores.map((s) => s.name),
    series: [{ name: 'score', values: scores.map((s) => s.score), color: scores.map((s) => (s.score < minimum ? '#adb5bd' : '#2a6f97')) }],
  };
}

/** One row per PCA group: members, components kept, the variance they explain and the PC1 loadings. */
export function pcaRows(fitted: Pick<FittedFeatures, 'groups'>) {
  return fitted.groups.map((g, i) => ({
    group: `pca${i + 1}`,
    members: g.members.join(', '),
    components: g.members.length,
    kept: g.kept,
    'explained by kept': g.explainedRatio.slice(0, g.kept).reduce((s, x) => s + x, 0),
    'PC1 loadings': g.components[0].map((x) => x.toFixed(2)).join(' / '),
  }));
}

/**
 * Cumulative explained variance per group on a common PC1..PCk axis (a group with fewer components holds its last
 * value), plus the required share as a dashed line when PCA is configured.
 */
export function cumulativeVarianceSeries(fitted: Pick<FittedFeatures, 'groups'>, required?: number) {
  const most = Math.max(...fitted.groups.map((g) => g.members.length));
  const series: { name: string; y: number[]; dash?: 'dash'; color?: string }[] = fitted.groups.map((g, i) => {
    let c = 0;
    const cumulative = g.explainedRatio.map((x) => (c += x));
    return { name: `pca${i + 1} (${g.members.join(', ')})`, y: Array.from({ length: most }, (_, k) => cumulative[Math.min(k, cumulative.length - 1)]) };
  });
  if (required !== undefined) series.push({ name: 'required share', y: Array.from({ length: most }, () => required), dash: 'dash', color: '#6c757d' });
  return { x: Array.from({ length: most }, (_, k) => `PC${k + 1}`), series };
}

/** Column `name` of a subjects × features matrix of means. */
export function meanColumn(means: { ids: Int32Array; names: string[]; values: Float64Array }, name: string): number[] {
  const f = means.names.length;
  const j = means.names.indexOf(name);
  return Array.from({ length: means.ids.length }, (_, s) => means.values[s * f + j]);
}

/** The mean of `values` over the subjects of each class (index c of the result: class c). */
export function classMeans(values: readonly number[], classes: ArrayLike<number>, nClasses: number): number[] {
  return Array.from({ length: nClasses }, (_, c) => {
    const v = values.filter((_, s) => classes[s] === c);
    return v.reduce((a, b) => a + b, 0) / v.length;
  });
}
