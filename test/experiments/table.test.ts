import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialConfig } from '../../lib/experiments/config';
import { formatRunTable, loadRuns, runRows, runTable } from '../../lib/experiments/table';
import type { FoldRecord, TrialResult } from '../../lib/experiments/trials';
import type { FoldMetrics } from '../../lib/train/fold';

const trial = (hidden: number, lr: number): TrialConfig => ({
  seed: 1, cv: { folds: 5, run: 2 }, features: {}, window: { size: 25, stride: 2 },
  model: { cell: 'gru', hiddenSize: hidden, layers: 1, bidirectional: false, dropout: 0.3 },
  train: { epochs: 10, batchSize: 128, lr, optimizer: 'adamw', weightDecay: 0, l1: 0, l2: 0, labelSmoothing: 0, classWeights: 'none', patience: 3 },
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
  assert.deepEqual(text[0].trim().split(/\s+/), ['hash', 'hidden', 'lr', 'folds', 'f1Mean', 'f1Std', 'trainLoss', 'windowsPerSecond', 'wallSeconds']);
  assert.match(text[1], /^cccccccccccc\s+128\s+0\.0001\s+2\s+0\.7500\s+0\.0000\s+0\.4000\s+100\s+4\.0$/);
  assert.equal(formatRunTable([]), '(no runs)');
});

test('loadRuns reads every finished trial of a runs folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runs-'));
  try {
    for (const r of results.slice(0, 2)) {
      mkdirSync(join(dir, r.hash));
      writeFileSync(join(dir, r.hash, 'result.json'), JSON.stringify(r));
    }
    mkdirSync(join(dir, 'unfinished'));
    assert.deepEqual(loadRuns(dir).map((r) => r.hash).sort(), ['aaaaaaaaaaaa', 'bbbbbbbbbbbb']);
    assert.deepEqual(loadRuns(join(dir, 'missing')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
