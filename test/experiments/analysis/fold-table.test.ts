import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FoldRecord, TrialResult } from '../../../lib/experiments/run/trials';
import type { EnsembleSummary } from '../../../lib/experiments/run/ensemble';
import {
  baselineFoldRows, finalFoldRows, foldCategories, foldIntervals, foldMeanRows, foldScoreSeries, modelRuns, type ModelRun,
} from '../../../lib/experiments/analysis/fold-table';

// a fold of 6 subjects (classes 0,0,1,1,2,2); `wrong` of them predicted as class 0
function fold(k: number, wrong: number): FoldRecord {
  const ids = Array.from({ length: 6 }, (_, i) => 10 * k + i);
  const y = [0, 0, 1, 1, 2, 2];
  const pred = y.map((c, i) => (i >= 6 - wrong ? 0 : c));
  return {
    metrics: { fold: k, valMacroF1: 0, valAccuracy: (6 - wrong) / 6, valLoss: 0.5, trainSubjects: 12, valSubjects: 6, bestEpoch: 2, epochs: 5, finalTrainLoss: 0.4 },
    history: [], predictions: { ids, y, pred, prob: [], nll: [] },
  } as unknown as FoldRecord;
}

function run(model: string, folds: FoldRecord[], f1: number[]): ModelRun {
  folds.forEach((f, i) => (f.metrics.valMacroF1 = f1[i]));
  const mean = f1.reduce((a, b) => a + b, 0) / f1.length;
  const trial = { hash: `h-${model}`, folds } as TrialResult;
  const summary = { model, hash: trial.hash, folds: folds.length, valMacroF1: { mean, std: 0.1 } } as EnsembleSummary;
  return { summary, trial };
}

test('modelRuns pairs each ensemble with its trial by hash, and names a missing one', () => {
  const a = run('a', [fold(0, 0)], [1]);
  assert.deepEqual(modelRuns({ ensembles: [a.summary], trials: [a.trial] }), [a]);
  assert.throws(() => modelRuns({ ensembles: [a.summary], trials: [] }), /no trial h-a for model a/);
});

test('foldIntervals: a fold with every subject right has the interval [1, 1]; rows carry it formatted', () => {
  const perfect = run('lstm', [fold(0, 0), fold(1, 2)], [1, 0.5]);
  const iv = foldIntervals([perfect]);
  const [first, second] = perfect.trial.folds.map((f) => iv.get(f)!);
  assert.deepEqual([first.estimate, first.lo, first.hi], [1, 1, 1]);
  // the second fold: both class-2 subjects predicted 0 → class 0 precision 2/4, recall 1, F1 2/3; class 1 F1 1;
  // class 2 F1 0 → macro (2/3 + 1 + 0) / 3 = 5/9
  assert.ok(Math.abs(second.estimate - 5 / 9) < 1e-12);
  const rows = baselineFoldRows([perfect], iv);
  assert.deepEqual(rows.map((r) => r.fold), [1, 2]);
  assert.equal(rows[0]['val macro-F1 [95 %]'], '1.0000 [1.0000, 1.0000]');
  assert.equal(rows[1]['train / val subjects'], '12 / 6');
  const final = finalFoldRows([perfect], iv);
  assert.equal(final[0]['best epoch'], 3);
  assert.equal(final[0].epochs, 5);
});

test('fold categories, mean rows and bar series: folds then the mean, with interval ends as error bars', () => {
  const a = run('a', [fold(0, 0), fold(1, 0)], [0.9, 0.7]);
  const b = run('b', [fold(0, 0), fold(1, 0), fold(2, 0)], [0.6, 0.8, 1]);
  assert.deepEqual(foldCategories([a, b]), ['fold 1', 'fold 2', 'fold 3', 'mean']);
  const iv = foldIntervals([a, b]);
  const mean = { estimate: 0.8, lo: 0.75, hi: 0.85, level: 0.95, samples: 10 };
  const rows = foldMeanRows([a], () => mean);
  assert.deepEqual([rows[0]['min fold'], rows[0]['max fold'], rows[0]['val macro-F1 mean [95 %]']], [0.7, 0.9, '0.8000 [0.7500, 0.8500]']);
  const [s] = foldScoreSeries([a], iv, () => mean, { text: true, name: (m) => `${m.summary.model}!` });
  assert.equal(s.name, 'a!');
  assert.deepEqual(s.values.map((v) => Number(v.toFixed(10))), [0.9, 0.7, 0.8]);
  assert.deepEqual(s.text, ['0.900', '0.700', '0.800 ± 0.100']);
  assert.deepEqual(s.error.lo, [1, 1, 0.75]);
  assert.deepEqual(s.error.hi, [1, 1, 0.85]);
  assert.equal('text' in foldScoreSeries([a], iv, () => mean)[0], false);
});
