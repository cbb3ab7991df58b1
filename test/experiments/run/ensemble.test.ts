import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classificationReport } from '../../../lib/evaluate/metrics';
import { parseConfig, resolveProfile } from '../../../lib/experiments/config/config';
import { ensembleSummaries, outOfFoldReport } from '../../../lib/experiments/run/ensemble';
import type { TrialOutcome } from '../../../lib/experiments/run/trial-task';
import type { FoldRecord, TrialResult } from '../../../lib/experiments/run/trial-result';
import type { FoldMetrics } from '../../../lib/train/fold';
import { submissionCsv } from '../../../lib/train/submission';
import { tinyTrial } from '../../tiny-trial';

const data = { dir: '', source: 'synthetic' as const, train: undefined as never, labels: undefined as never };

/** A fold whose validation subjects have these true and predicted classes. */
function fold(y: number[], pred: number[]): FoldRecord {
  const report = classificationReport(y, pred, 3);
  return {
    metrics: { valMacroF1: report.macroF1, report } as unknown as FoldMetrics,
    history: [],
    predictions: { ids: y.map((_, i) => i), y, pred, prob: [], nll: [] },
  };
}

function result(hash: string, folds: FoldRecord[]): TrialResult {
  const f1 = { mean: 0.5, std: 0.1 };
  return {
    hash, dir: '', trial: tinyTrial(), labels: {}, folds, valMacroF1: f1, optimisticValMacroF1: { mean: 0.6, std: 0.2 },
    valAccuracy: f1, finalTrainLoss: 0.3, windowsPerSecond: 1, wallSeconds: 1, cached: true,
  };
}

test('outOfFoldReport: the folds\' confusion matrices summed, scored as one report over every validation subject', () => {
  const a = { y: [0, 0, 1, 2, 2], pred: [0, 1, 1, 2, 0] };
  const b = { y: [0, 1, 1, 2], pred: [0, 1, 2, 2] };
  const oof = outOfFoldReport(result('h', [fold(a.y, a.pred), fold(b.y, b.pred)]));
  const whole = classificationReport([...a.y, ...b.y], [...a.pred, ...b.pred], 3);
  assert.deepEqual(oof.confusion, whole.confusion);
  assert.equal(oof.n, 9);
  assert.equal(oof.accuracy, whole.accuracy);
  assert.ok(Math.abs(oof.macroF1 - whole.macroF1) < 1e-12);
  assert.ok(Math.abs(oof.weightedF1 - whole.weightedF1) < 1e-12);
});

test('ensembleSummaries: none for a search; a final trial\'s figures, and a submission only for complete test predictions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ensemble-'));
  try {
    const folds = [fold([0, 1, 2], [0, 1, 1])];
    const outcomes: TrialOutcome[] = [
      { result: result('aaa', folds), test: { ids: [3, 1], y: [2, 0], members: 1, complete: true } },
      { result: result('bbb', folds), test: { ids: [1], y: [1], members: 1, complete: false } },
      { result: result('ccc', folds) },
    ];
    const grid = resolveProfile(parseConfig({ name: 'g', kind: 'grid', base: tinyTrial(), search: { mode: 'grid', space: { 'train.lr': [0.01] } } }), 'full');
    assert.deepEqual(ensembleSummaries({ resolved: grid, plans: [], dir }, outcomes, data), []);

    const final = resolveProfile(parseConfig({ name: 'f', kind: 'final', base: tinyTrial(), models: { a: {} } }), 'full');
    const plans = [{ model: 'rnn', trial: tinyTrial(), point: {} }, { model: 'gru', trial: tinyTrial(), point: {} }, { trial: tinyTrial(), point: {} }];
    const s = ensembleSummaries({ resolved: final, plans, dir }, outcomes, data);
    assert.deepEqual(s.map((e) => [e.model, e.hash, e.folds]), [['rnn', 'aaa', 1], ['gru', 'bbb', 1], ['trial-2', 'ccc', 1]]);
    assert.deepEqual(s[0].optimisticValMacroF1, { mean: 0.6, std: 0.2 });
    assert.equal(s[0].oof.n, 3);
    assert.equal(s[0].test?.submission, join(dir, 'submission-rnn.csv'));
    assert.equal(readFileSync(join(dir, 'submission-rnn.csv'), 'utf8'), submissionCsv([3, 1], [2, 0]));
    // no hidden labels in this data folder: no test score
    assert.equal(s[0].test?.macroF1, undefined);
    assert.equal(s[1].test?.submission, undefined);
    assert.ok(!existsSync(join(dir, 'submission-gru.csv')));
    assert.equal(s[2].test, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
