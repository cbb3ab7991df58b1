import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialConfig } from '../../../lib/experiments/config/config';
import { formatRunTable, loadRuns, runRows, runTable } from '../../../lib/experiments/analysis/table';
import { runTrial, type FoldRecord, type TrialResult } from '../../../lib/experiments/run/trials';
import { base, trial as fixtureTrial } from '../trial-fixture';
import { tinyTrial } from '../../tiny-trial';
import type { FoldMetrics } from '../../../lib/train/fold';
import { Rng } from '../../../lib/core/random';
import { bootstrapInterval, scoredSubjects } from '../../../lib/evaluate/bootstrap';
import { macroF1 } from '../../../lib/evaluate/metrics';

const trial = (hidden: number, lr: number): TrialConfig => tinyTrial({
  seed: 1, cv: { folds: 5, run: 2 }, window: { size: 25, stride: 2 }, model: { cell: 'gru', hiddenSize: hidden, dropout: 0.3 },
  train: { epochs: 10, batchSize: 128, lr, weightDecay: 0, classWeights: 'none' },
});
const fold = (f1: number, bestEpoch: number, loss: number): FoldRecord => ({
  metrics: { valMacroF1: f1, bestEpoch, finalTrainLoss: loss, windowsPerSecond: 100, wallSeconds: 2 } as FoldMetrics, history: [],
  predictions: { ids: [], y: [], pred: [], prob: [], nll: [] },
});
const result = (hash: string, t: TrialConfig, f1: [number, number]): TrialResult => ({
  hash, dir: '', trial: t, labels: { experiment: 'grid' },
  folds: [fold(f1[0], 2, 0.5), fold(f1[1], 5, 0.3)],
  valMacroF1: { mean: (f1[0] + f1[1]) / 2, std: Math.abs(f1[0] - f1[1]) / 2 },
  optimisticValMacroF1: { mean: (f1[0] + f1[1]) / 2, std: Math.abs(f1[0] - f1[1]) / 2 }, valAccuracy: { mean: 0.9, std: 0 },
  finalTrainLoss: 0.4, windowsPerSecond: 100, wallSeconds: 4, cached: false,
});
const results = [result('aaaaaaaaaaaa', trial(64, 1e-3), [0.5, 0.625]), result('bbbbbbbbbbbb', trial(128, 1e-3), [0.875, 0.625]), result('cccccccccccc', trial(128, 1e-4), [0.75, 0.75])];

test('run rows: recipe columns, fold aggregates, best mean first and lower spread on ties', () => {
  const rows = runRows(results);
  assert.deepEqual(rows.map((r) => r.hash), ['cccccccccccc', 'bbbbbbbbbbbb', 'aaaaaaaaaaaa']);
  const b = rows[1];
  assert.deepEqual([b.hidden, b.lr, b.cell, b.window, b.stride, b.folds], [128, 1e-3, 'gru', 25, 2, 2]);
  assert.deepEqual([b.f1Mean, b.f1Std], [0.75, 0.125]);
  assert.equal(b.bestEpoch, 4.5); // 1-based epochs 3 and 6
});

test('arquero table and text table', () => {
  const t = runTable(results);
  assert.equal(t.numRows(), 3);
  assert.deepEqual(t.array('hash'), ['cccccccccccc', 'bbbbbbbbbbbb', 'aaaaaaaaaaaa']);
  const text = formatRunTable(runRows(results)).split('\n');
  // only the recipe columns that vary are shown
  assert.deepEqual(text[0].trim().split(/\s+/), ['hash', 'hidden', 'lr', 'folds', 'f1Mean', 'f1Lo', 'f1Hi', 'f1Std', 'trainLoss', 'windowsPerSecond', 'wallSeconds']);
  assert.match(text[1], /^cccccccccccc\s+128\s+0\.0001\s+2\s+0\.7500\s+NaN\s+NaN\s+0\.0000\s+0\.4000\s+100\s+4\.0$/);
  assert.equal(formatRunTable([]), '(no runs)');
});

test('loadRuns reads every finished trial of a runs folder, verified; a damaged one is an error naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'runs-'));
  try {
    const one = { ...fixtureTrial, cv: { folds: 4, run: 1 } };
    const a = await runTrial({ ...base, trial: one, runsDir: dir });
    const b = await runTrial({ ...base, trial: { ...one, seed: 7 }, runsDir: dir });
    mkdirSync(join(dir, 'unfinished'));
    assert.deepEqual(loadRuns(dir).map((r) => r.hash).sort(), [a.hash, b.hash].sort());
    assert.deepEqual(loadRuns(join(dir, 'missing')), []);
    writeFileSync(join(dir, a.hash, 'fold-0', 'metrics.jsonl'), 'changed\n');
    assert.throws(() => loadRuns(dir), new RegExp(`${a.hash}/fold-0/metrics\\.jsonl: `));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run rows carry the 95 % bootstrap interval of the fold-mean macro-F1 when the folds kept their predictions', () => {
  const rng = new Rng(5);
  const foldWith = (ids: number[]): FoldRecord => {
    const y = ids.map((i) => i % 3);
    const pred = y.map((c) => (rng.next() < 0.8 ? c : (c + 1) % 3));
    return { ...fold(macroF1(y, pred, 3), 1, 0.4), predictions: { ids, y, pred, prob: [], nll: [] } };
  };
  const folds = [foldWith(Array.from({ length: 60 }, (_, i) => 2 * i)), foldWith(Array.from({ length: 60 }, (_, i) => 2 * i + 1))];
  const mean = (folds[0].metrics.valMacroF1 + folds[1].metrics.valMacroF1) / 2;
  const r: TrialResult = { ...results[0], folds, valMacroF1: { mean, std: 0 } };
  const row = runRows([r])[0];
  const iv = bootstrapInterval(scoredSubjects(folds.map((f) => f.predictions), 3), 'fold-mean');
  assert.ok(Math.abs(iv.estimate - mean) < 1e-12);
  assert.deepEqual([row.f1Lo, row.f1Hi], [iv.lo, iv.hi]);
  assert.ok(row.f1Lo < row.f1Mean && row.f1Mean < row.f1Hi);
  // records without per-subject predictions (written before they were kept) show no interval rather than a wrong one
  assert.ok(Number.isNaN(runRows(results)[0].f1Lo));
});
