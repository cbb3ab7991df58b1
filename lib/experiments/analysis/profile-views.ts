// Notebook 01's views of the data profile: the column table, what it flags, the categorical counts, the class
// balance and the label association, as rows and series the notebook hands to `table` and the chart builders.
import type { ColumnProfile } from '../../data/profile';
import { classTrajectories, valueCounts } from '../../data/profile';
import type { SubjectLabels, SubjectSeries } from '../../data/series';
import { CATEGORICAL_COLUMNS, LABELS } from '../../data/schema';
import type { DatasetSummary } from '../../data/describe';

/** One row per column, as ydata-profiling's variable pages show it (shares in %). */
export function profileRows(profiles: readonly ColumnProfile[]): Record<string, string | number>[] {
  return profiles.map((p) => ({
    column: p.name, kind: p.kind, min: p.min, q1: p.q1, median: p.median, q3: p.q3, max: p.max, mean: p.mean, std: p.std,
    missing: p.missing,
    'zeros %': (100 * p.zeros) / p.count,
    distinct: p.distinct,
    'outliers %': 100 * p.iqrOutliers,
    top: p.top,
    'top %': 100 * p.topShare,
    'zero variance': p.zeroVariance ? 'yes' : '',
  }));
}

export interface ProfileFlags {
  /** missing values summed over all columns */
  missing: number;
  /** columns with one value everywhere */
  zeroVariance: string[];
  /** numeric columns with more than `outlierPercent` % IQR outliers, most first */
  heavy: { column: string; median: number; max: number; 'outliers %': number }[];
}

/** What the profile flags: missing values, constant columns, heavy-tailed joints. */
export function profileFlags(profiles: readonly ColumnProfile[], outlierPercent = 5): ProfileFlags {
  const heavy = profiles
    .filter((p) => p.kind === 'numeric' && 100 * p.iqrOutliers > outlierPercent)
    .map((p) => ({ column: p.name, median: p.median, max: p.max, 'outliers %': 100 * p.iqrOutliers }))
    .sort((a, b) => b['outliers %'] - a['outliers %']);
  return {
    missing: profiles.reduce((s, p) => s + p.missing, 0),
    zeroVariance: profiles.filter((p) => p.zeroVariance).map((p) => p.name),
    heavy,
  };
}

/** Columns as histogram or box series, `{ name, values }` each. */
export function columnSeries(s: SubjectSeries, names: readonly string[]): { name: string; values: Float32Array }[] {
  return names.map((name) => ({ name, values: s.columns[name] }));
}

/** Rows per answer of each survey, on the answers of the first survey (0 where a survey never gave one). */
export function answerCounts(s: SubjectSeries, surveys: readonly string[]): { levels: string[]; series: { name: string; values: number[] }[] } {
  const levels = valueCounts(s, surveys[0]).map((v) => v.value);
  const series = surveys.map((name) => {
    const counts = new Map(valueCounts(s, name).map((v) => [v.value, v.count] as [string, number]));
    return { name, values: levels.map((l) => counts.get(l) ?? 0) };
  });
  return { levels, series };
}

/** Subjects per value of the body-part columns: one series per value position ('two', 'one + prosthesis'). */
export function bodyPartSeries(summary: DatasetSummary): { name: string; values: number[] }[] {
  const parts = CATEGORICAL_COLUMNS.map((c) => summary.train.categorical[c]);
  return ['two', 'one + prosthesis'].map((name, k) => ({ name, values: parts.map((p) => Object.values(p)[k]) }));
}

/** Which subjects have a non-zero code in each body-part column, and how many have all of them. */
export function prosthesisOverlap(s: SubjectSeries): { sets: Set<number>[]; all: number } {
  const sets = CATEGORICAL_COLUMNS.map((c) => {
    const v = s.columns[c];
    return new Set(Array.from(s.ids).filter((_, i) => v[i * s.steps] !== 0));
  });
  const all = [...sets[0]].filter((id) => sets.every((set) => set.has(id))).length;
  return { sets, all };
}

export interface ClassBalance {
  rows: { label: string; subjects: number; share: number }[];
  counts: number[];
  /** majority : minority */
  ratio: number;
}

export function classBalance(summary: Pick<DatasetSummary, 'classes'>): ClassBalance {
  const counts = LABELS.map((l) => summary.classes[l]);
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    rows: LABELS.map((label, i) => ({ label, subjects: counts[i], share: counts[i] / total })),
    counts,
    ratio: Math.max(...counts) / Math.min(...counts),
  };
}

/** Colours for signed values: positive red, negative blue (the correlation bars). */
export function signColors(values: readonly number[]): string[] {
  return values.map((v) => (v >= 0 ? '#e63946' : '#457b9d'));
}

/** Associations by decreasing |r|. */
export function byStrength<T extends { r: number }>(assoc: readonly T[]): T[] {
  return [...assoc].sort((a, b) => Math.abs(b.r) - Math.abs(a.r));
}

/** "joint_12 (r = 0.512), …" */
export function formatAssociations(assoc: readonly { name: string; r: number }[]): string {
  return assoc.map((a) => `${a.name} (r = ${a.r.toFixed(3)})`).join(', ');
}

/** Each class's mean trajectory of a column, with a band of ± one standard deviation, named with its subject count. */
export function trajectorySeries(s: SubjectSeries, labels: SubjectLabels, name: string, colors: readonly string[]) {
  return classTrajectories(s, labels, name).map((t) => ({
    name: `${LABELS[t.label]} (${t.subjects})`,
    y: t.mean,
    color: colors[t.label],
    band: { lower: t.mean.map((m, i) => m - t.std[i]), upper: t.mean.map((m, i) => m + t.std[i]) },
  }));
}
