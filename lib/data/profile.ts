// A column profile of the kind ydata-profiling gave the report's authors, computed over all rows of a series:
// type, range, moments, quartiles, missing/zero/distinct counts, IQR outliers, zero variance. Plus the per-class
// views the profiling notebook narrates (class means over time, subject-level association with the label).

import { CATEGORICAL_COLUMNS, CATEGORY_VALUES, type CategoricalColumn, N_CLASSES, SURVEY_COLUMNS, VALUE_COLUMNS } from './schema';
import { column, indexOfId, type SubjectLabels, type SubjectSeries } from './series';
import { pearson, quantileSorted } from './stats';

export type ColumnKind = 'categorical' | 'ordinal' | 'numeric';

export interface ColumnProfile {
  name: string;
  /** categorical: n_legs/n_hands/n_eyes codes; ordinal: the pain surveys (0, 1, 2); numeric: the joints. */
  kind: ColumnKind;
  count: number;
  /** Non-finite values (NaN). The Kaggle files have none; a profile says so rather than assuming it. */
  missing: number;
  zeros: number;
  distinct: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n - 1), as pandas and ydata-profiling report it. */
  std: number;
  q1: number;
  median: number;
  q3: number;
  /** Share of values outside [q1 - 1.5 IQR, q3 + 1.5 IQR]. */
  iqrOutliers: number;
  /** The most frequent value (categoricals: its name) and its share of the values. */
  top: string;
  topShare: number;
  /** Every finite value equal (or no finite value). */
  zeroVariance: boolean;
}

const CATEGORICAL = new Set<string>(CATEGORICAL_COLUMNS);
const ORDINAL = new Set<string>(SURVEY_COLUMNS);

export const columnKind = (name: string): ColumnKind => (CATEGORICAL.has(name) ? 'categorical' : ORDINAL.has(name) ? 'ordinal' : 'numeric');

/** Profile of one column's values (any array of numbers; categorical codes named through CATEGORY_VALUES). */
export function profileValues(name: string, values: ArrayLike<number>): ColumnProfile {
  const kind = columnKind(name);
  const finite = new Float64Array(values.length);
  let n = 0;
  let zeros = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    finite[n++] = v;
    sum += v;
    if (v === 0) zeros++;
  }
  const sorted = finite.subarray(0, n).sort();
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  // Distinct values and the most frequent one, from the sorted run lengths.
  let distinct = 0;
  let top = NaN;
  let topCount = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    distinct++;
    if (j - i > topCount) {
      topCount = j - i;
      top = sorted[i];
    }
    i = j;
  }
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const lo = q1 - 1.5 * (q3 - q1);
  const hi = q3 + 1.5 * (q3 - q1);
  let outliers = 0;
  for (let i = 0; i < n; i++) if (sorted[i] < lo || sorted[i] > hi) outliers++;
  // Float32 values print as their shortest float32-faithful decimal (1.41, not 1.409999966621399).
  const topName =
    kind === 'categorical' && Number.isFinite(top) ? (CATEGORY_VALUES[name as CategoricalColumn][top] ?? String(top)) : String(Number(top.toPrecision(7)));
  return {
    name,
    kind,
    count: values.length,
    missing: values.length - n,
    zeros,
    distinct,
    min: n > 0 ? sorted[0] : NaN,
    max: n > 0 ? sorted[n - 1] : NaN,
    mean,
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN,
    q1,
    median: quantileSorted(sorted, 0.5),
    q3,
    iqrOutliers: n > 0 ? outliers / n : NaN,
    top: topName,
    topShare: n > 0 ? topCount / n : NaN,
    zeroVariance: distinct <= 1,
  };
}

/** Profiles of the given value columns (default: all of VALUE_COLUMNS) over every row of the series. */
export function profileSeries(s: SubjectSeries, columns: readonly string[] = VALUE_COLUMNS): ColumnProfile[] {
  return columns.map((name) => profileValues(name, column(s, name)));
}

/** How many rows hold each value of a column, ascending by value; categorical values by name. */
export function valueCounts(s: SubjectSeries, name: string): { value: string; count: number }[] {
  const counts = new Map<number, number>();
  for (const v of column(s, name)) counts.set(v, (counts.get(v) ?? 0) + 1);
  const kind = columnKind(name);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([v, count]) => ({ value: kind === 'categorical' ? (CATEGORY_VALUES[name as CategoricalColumn][v] ?? String(v)) : String(v), count }));
}

/** The class (index into LABELS) of every subject of the series, in series order; throws on an unlabelled subject. */
export function subjectClasses(s: SubjectSeries, labels: SubjectLabels): Uint8Array {
  return Uint8Array.from(s.ids, (id) => {
    const i = indexOfId(labels.ids, id);
    if (i < 0) throw new Error(`subject ${id} has no label`);
    return labels.y[i];
  });
}

export interface ClassTrajectory {
  /** Index into LABELS. */
  label: number;
  subjects: number;
  /** Per time step: mean and standard deviation (population) across the class's subjects. */
  mean: Float64Array;
  std: Float64Array;
}

/** For each class, the mean (± sd across subjects) of a column at every time step. */
export function classTrajectories(s: SubjectSeries, labels: SubjectLabels, name: string): ClassTrajectory[] {
  const v = column(s, name);
  const y = subjectClasses(s, labels);
  const out: ClassTrajectory[] = [];
  for (let c = 0; c < N_CLASSES; c++) {
    const sum = new Float64Array(s.steps);
    const sq = new Float64Array(s.steps);
    let subjects = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] !== c) continue;
      subjects++;
      for (let t = 0; t < s.steps; t++) {
        const x = v[i * s.steps + t];
        sum[t] += x;
        sq[t] += x * x;
      }
    }
    const mean = sum.map((x) => (subjects ? x / subjects : NaN));
    const std = sq.map((x, t) => (subjects ? Math.sqrt(Math.max(0, x / subjects - mean[t] ** 2)) : NaN));
    out.push({ label: c, subjects, mean, std });
  }
  return out;
}

/** Per-subject mean over time of a column, in series order. */
export function subjectMeanOf(s: SubjectSeries, name: string): Float64Array {
  const v = column(s, name);
  const out = new Float64Array(s.ids.length);
  for (let i = 0; i < out.length; i++) {
    let m = 0;
    for (let t = 0; t < s.steps; t++) m += v[i * s.steps + t];
    out[i] = m / s.steps;
  }
  return out;
}

/**
 * Subject-level association of each column with the label: Pearson r between the per-subject mean over time and
 * the label index, read as an ordinal pain level (no_pain 0 < low_pain 1 < high_pain 2). A column constant across
 * subjects gets r = 0. Positive r: the column is higher, on average over time, for subjects in more pain.
 */
export function labelCorrelations(s: SubjectSeries, labels: SubjectLabels, columns: readonly string[] = VALUE_COLUMNS): { name: string; r: number }[] {
  const y = subjectClasses(s, labels);
  return columns.map((name) => ({ name, r: pearson(subjectMeanOf(s, name), y) }));
}

