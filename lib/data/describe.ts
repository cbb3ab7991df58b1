// A summary of a loaded data set: what `pirate-pain validate` prints and notebooks show first.

import { CATEGORICAL_COLUMNS, CATEGORY_VALUES, LABELS } from './schema';
import type { Dataset, SubjectSeries } from './series';

export interface SeriesSummary {
  subjects: number;
  rows: number;
  steps: number;
  /** Per categorical column and value: how many subjects have it at some step. */
  categorical: Record<string, Record<string, number>>;
}

export interface DatasetSummary {
  dir: string;
  source: 'kaggle' | 'synthetic';
  train: SeriesSummary;
  test?: SeriesSummary;
  /** Training subjects per label, in LABELS order. */
  classes: Record<string, number>;
}

export function describeSeries(s: SubjectSeries): SeriesSummary {
  const n = s.ids.length;
  const categorical: Record<string, Record<string, number>> = {};
  for (const c of CATEGORICAL_COLUMNS) {
    const values = CATEGORY_VALUES[c];
    const counts: Record<string, number> = {};
    for (const v of values) counts[v] = 0;
    const col = s.columns[c];
    for (let i = 0; i < n; i++) {
      const seen = new Set<number>();
      for (let t = 0; t < s.steps; t++) seen.add(col[i * s.steps + t]);
      for (const code of seen) counts[values[code]]++;
    }
    categorical[c] = counts;
  }
  return { subjects: n, rows: n * s.steps, steps: s.steps, categorical };
}

export function describeDataset(ds: Dataset): DatasetSummary {
  const classes: Record<string, number> = {};
  for (const l of LABELS) classes[l] = 0;
  for (const y of ds.labels.y) classes[LABELS[y]]++;
  return {
    dir: ds.dir,
    source: ds.source,
    train: describeSeries(ds.train),
    test: ds.test ? describeSeries(ds.test) : undefined,
    classes,
  };
}

/** The summary as a few aligned text lines. */
export function formatSummary(s: DatasetSummary): string {
  const total = Object.values(s.classes).reduce((a, b) => a + b, 0);
  const pct = (k: number): string => (total ? ((100 * k) / total).toFixed(1) : '0.0') + '%';
  const lines = [
    `data:     ${s.dir} (${s.source === 'kaggle' ? 'real Kaggle files' : 'synthetic'})`,
    `train:    ${s.train.subjects} subjects × ${s.train.steps} steps = ${s.train.rows} rows`,
  ];
  if (s.test) lines.push(`test:     ${s.test.subjects} subjects × ${s.test.steps} steps = ${s.test.rows} rows`);
  lines.push('classes:  ' + LABELS.map((l) => `${l} ${s.classes[l]} (${pct(s.classes[l])})`).join(', '));
  for (const [name, sum] of [['train', s.train], ['test', s.test]] as const) {
    if (!sum) continue;
    const parts = CATEGORICAL_COLUMNS.map((c) => `${c} ` + Object.entries(sum.categorical[c]).map(([v, k]) => `${v} ${k}`).join(' / '));
    lines.push(`${name} categoricals (subjects): ${parts.join('; ')}`);
  }
  return lines.join('\n');
}
