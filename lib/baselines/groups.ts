// Summary statistics averaged over each group of correlated joints that a fold's preprocessing found (the PCA
// groups of lib/features). The recurrent models see a group through its leading components; a per-subject
// statistic of a component mixes the joints' levels and spreads, so here each member joint is summarised on its own
// series and the group gets the mean of its members' statistics: one channel per group, fewer and steadier columns.
import { encodeSeries } from '../features/encode';
import { frameColumn } from '../features/frame';
import type { FeatureSeries, FittedFeatures } from '../features/types';
import type { SubjectSeries } from '../data/series';
import { summaryFeatures, type SubjectFeatures, type SummaryStat } from './summary';

export interface JointGroup {
  /** channel name of the group's averaged statistics */
  name: string;
  members: readonly string[];
}

/** `pca2_joints`: the averaged member statistics of the second group, beside its components pca2_pc1, pca2_pc2. */
export function jointGroupName(group: number): string {
  return `pca${group + 1}_joints`;
}

/**
 * Channel-major summary features with each group's member channels replaced by one channel `group.name` whose
 * statistic s is the mean over the members of their statistic s; it takes the place of the group's first member
 * present. Channels in no group stay as they are; a group with no member in `x` gives nothing.
 */
export function groupMeanFeatures(x: SubjectFeatures, stats: readonly SummaryStat[], groups: readonly JointGroup[]): SubjectFeatures {
  const k = stats.length;
  const d = x.names.length;
  if (k === 0 || d % k !== 0) throw new Error(`group means: ${d} features are not whole channels of ${k} statistics`);
  const channels = Array.from({ length: d / k }, (_, c) => x.names[c * k].slice(0, x.names[c * k].lastIndexOf(':')));
  channels.forEach((c, i) => stats.forEach((s, j) => {
    if (x.names[i * k + j] !== `${c}:${s}`) throw new Error(`group means: feature ${x.names[i * k + j]} where ${c}:${s} was expected`);
  }));
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => g.members.forEach((m) => {
    if (groupOf.has(m)) throw new Error(`group means: ${m} is in two groups`);
    groupOf.set(m, i);
  }));
  // output channels: [name, input channel indices averaged]
  const out: { name: string; from: number[] }[] = [];
  const placed = new Map<number, { name: string; from: number[] }>();
  channels.forEach((c, i) => {
    const g = groupOf.get(c);
    if (g === undefined) out.push({ name: c, from: [i] });
    else if (placed.has(g)) placed.get(g)!.from.push(i);
    else {
      const entry = { name: groups[g].name, from: [i] };
      placed.set(g, entry);
      out.push(entry);
    }
  });
  const names = out.flatMap((o) => stats.map((s) => `${o.name}:${s}`));
  const n = x.ids.length;
  const od = names.length;
  const values = new Float64Array(n * od);
  for (let r = 0; r < n; r++) {
    out.forEach((o, oc) => {
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (const i of o.from) sum += x.values[r * d + i * k + j];
        values[r * od + oc * k + j] = sum / o.from.length;
      }
    });
  }
  return { ids: x.ids, names, values };
}

/**
 * Summary features of `ids` with every PCA group of `features` as one channel of member-averaged statistics: the
 * channels that are plain columns are summarised as the preprocessing outputs them (scaled), each member joint on
 * its encoded series (the group's components are scaled as a whole, the members have no scale of their own; the
 * standardiser puts every feature on one scale afterwards). Throws when the preprocessing has PCA switched off.
 */
export function jointGroupSummary(features: FittedFeatures, series: SubjectSeries, transformed: FeatureSeries, stats: readonly SummaryStat[]): SubjectFeatures {
  if (features.config.pca === false) {
    throw new Error('model.groupMeans: the preprocessing has features.pca off, so it finds no groups of correlated joints to average over');
  }
  const frame = encodeSeries(series, transformed.ids, features.config.oneHotSurvey);
  // channels in the preprocessing's output order, a group's members where its first component stands
  const names: string[] = [];
  const columns: ArrayLike<number>[] = [];
  const f = transformed.names.length;
  features.sources.forEach((s, j) => {
    if (s.kind !== 'pca') {
      // a plain column or a first difference (features.deltas): summarised as the preprocessing outputs it
      names.push(transformed.names[j]);
      columns.push(Float32Array.from({ length: transformed.ids.length * transformed.steps }, (_, r) => transformed.values[r * f + j]));
    } else if (s.component === 0) {
      for (const m of features.groups[s.group].members) {
        names.push(m);
        columns.push(frameColumn(frame, m));
      }
    }
  });
  const rows = transformed.ids.length * transformed.steps;
  const values = new Float32Array(rows * names.length);
  columns.forEach((c, j) => {
    for (let r = 0; r < rows; r++) values[r * names.length + j] = c[r];
  });
  const perChannel = summaryFeatures({ ids: transformed.ids, steps: transformed.steps, names, values }, stats);
  return groupMeanFeatures(perChannel, stats, features.groups.map((g, i) => ({ name: jointGroupName(i), members: g.members })));
}
