// The run table: one row per trial with its recipe columns and fold-aggregated scores, as plain rows, as an
// arquero table for notebooks, and as fixed-width text for logs.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { bootstrapInterval } from '../../evaluate/bootstrap';
import { isBaselineTrial } from '../config/config';
import { readTrialResult, type TrialResult } from '../run/trials';
import { hasPredictions, trialSubjects } from './uncertainty';

export interface RunRow {
  hash: string;
  experiment: string;
  model: string;
  cell: string;
  bidirectional: boolean;
  layers: number;
  hidden: number;
  window: number;
  stride: number;
  batch: number;
  lr: number;
  dropout: number;
  l1: number;
  l2: number;
  epochs: number;
  folds: number;
  /** mean ± population std over the folds run */
  f1Mean: number;
  f1Std: number;
  /** 95 % bootstrap interval of f1Mean over the validation subjects (NaN for records without per-subject predictions) */
  f1Lo: number;
  f1Hi: number;
  accMean: number;
  /** mean over folds of the last epoch's training loss */
  trainLoss: number;
  bestEpoch: number;
  windowsPerSecond: number;
  wallSeconds: number;
}

/** A baseline's row: its classifier in the cell column, recurrent-only settings 0. */
function baselineRecipe(r: TrialResult): Pick<RunRow, 'cell' | 'bidirectional' | 'layers' | 'hidden' | 'window' | 'stride' | 'batch' | 'lr' | 'dropout' | 'l1' | 'l2' | 'epochs'> {
  const classifier = isBaselineTrial(r.trial) ? r.trial.model.classifier : '';
  return { cell: classifier, bidirectional: false, layers: 0, hidden: 0, window: 0, stride: 0, batch: 0, lr: 0, dropout: 0, l1: 0, l2: 0, epochs: 0 };
}

export function runRow(r: TrialResult): RunRow {
  const t = r.trial;
  const folds = r.folds.map((f) => f.metrics);
  const iv = hasPredictions(r) ? bootstrapInterval(trialSubjects(r), 'fold-mean') : undefined;
  const scores = {
    folds: folds.length,
    f1Mean: r.valMacroF1.mean,
    f1Std: r.valMacroF1.std,
    f1Lo: iv ? iv.lo : NaN,
    f1Hi: iv ? iv.hi : NaN,
    accMean: r.valAccuracy.mean,
    trainLoss: r.finalTrainLoss,
    bestEpoch: folds.reduce((a, f) => a + f.bestEpoch + 1, 0) / Math.max(1, folds.length),
    windowsPerSecond: r.windowsPerSecond,
    wallSeconds: r.wallSeconds,
  };
  if (isBaselineTrial(t)) return { hash: r.hash, experiment: r.labels?.experiment ?? '', model: r.labels?.model ?? '', ...baselineRecipe(r), ...scores };
  return {
    hash: r.hash,
    experiment: r.labels?.experiment ?? '',
    model: r.labels?.model ?? '',
    cell: t.model.cell,
    bidirectional: t.model.bidirectional,
    layers: t.model.layers,
    hidden: t.model.hiddenSize,
    window: t.window.size,
    stride: t.window.stride,
    batch: t.train.batchSize,
    lr: t.train.lr,
    dropout: t.model.dropout,
    l1: t.train.l1,
    l2: t.train.l2,
    epochs: t.train.epochs,
    ...scores,
  };
}

/** Rows sorted by mean validation macro-F1, best first (ties: lower std first). */
export function runRows(results: readonly TrialResult[]): RunRow[] {
  return results.map(runRow).sort((a, b) => b.f1Mean - a.f1Mean || a.f1Std - b.f1Std);
}

/** The rows as an arquero table (for notebook display, grouping and plots). */
export function runTable(results: readonly TrialResult[]): aq.ColumnTable {
  return aq.from(runRows(results));
}

/** Every finished trial under a runs folder (outputs/runs), e.g. to compare across experiments. */
export function loadRuns(runsDir: string): TrialResult[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .map((h) => readTrialResult(join(runsDir, h)))
    .filter((r): r is TrialResult => r !== undefined);
}

const fmt: Partial<Record<keyof RunRow, (v: never) => string>> = {
  f1Mean: (v: number) => v.toFixed(4),
  f1Std: (v: number) => v.toFixed(4),
  f1Lo: (v: number) => v.toFixed(4),
  f1Hi: (v: number) => v.toFixed(4),
  accMean: (v: number) => v.toFixed(4),
  trainLoss: (v: number) => v.toFixed(4),
  bestEpoch: (v: number) => v.toFixed(1),
  windowsPerSecond: (v: number) => Math.round(v).toString(),
  wallSeconds: (v: number) => v.toFixed(1),
};

/** A fixed-width text table of the given columns (default: the ones that vary, then the scores). */
export function formatRunTable(rows: readonly RunRow[], columns?: (keyof RunRow)[]): string {
  if (rows.length === 0) return '(no runs)';
  const recipe: (keyof RunRow)[] = ['model', 'cell', 'bidirectional', 'layers', 'hidden', 'window', 'stride', 'batch', 'lr', 'dropout', 'l1', 'l2', 'epochs'];
  const cols = columns ?? [
    'hash',
    ...recipe.filter((c) => new Set(rows.map((r) => String(r[c]))).size > 1 || (c === 'model' && rows[0].model !== '')),
    'folds', 'f1Mean', 'f1Lo', 'f1Hi', 'f1Std', 'trainLoss', 'windowsPerSecond', 'wallSeconds',
  ];
  const cell = (r: RunRow, c: keyof RunRow): string => (fmt[c] ? (fmt[c] as (v: unknown) => string)(r[c]) : String(r[c]));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
  const line = (vals: string[]): string => vals.map((v, i) => v.padStart(widths[i])).join('  ');
  return [line(cols), ...rows.map((r) => line(cols.map((c) => cell(r, c))))].join('\n');
}
