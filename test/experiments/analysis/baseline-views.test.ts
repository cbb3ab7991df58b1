import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateDataset } from '../../../lib/data/simulate';
import type { FoldRecord, TrialResult } from '../../../lib/experiments/run/trials';
import type { EnsembleSummary } from '../../../lib/experiments/run/ensemble';
import type { FinishedTrial } from '../../../lib/experiments/run/finished';
import type { ModelRun } from '../../../lib/experiments/analysis/fold-table';
import type { EnsembleUncertainty } from '../../../lib/experiments/analysis/uncertainty';
import {
  bestByValidation, channelRows, intervalRows, intervalSeries, modelNamer, notTrainedYet, ownImportance, permutationView, probeFirstFold,
  recurrentBeside, statShareRows, trainedRecurrent,
} from '../../../lib/experiments/analysis/baseline-views';
import { baselineFindings } from '../../../lib/experiments/analysis/findings';

const forestModel = { kind: 'baseline', classifier: 'forest', trees: 200 };
const importance = (groups: string[], rise: number[], model?: { kind: 'abs-coef' | 'impurity'; values: number[] }, features: string[] = []) =>
  ({ features, importance: { permutation: { groups, logLossRise: rise, macroF1Drop: rise.map((r) => r / 10), repeats: 5 }, model } });

// 4 subjects per fold, classes 0,1,2,0; `wrong`: how many of the last subjects are predicted 0 instead
function fold(k: number, wrong: number, baseline?: unknown): FoldRecord {
  const ids = [0, 1, 2, 3].map((i) => 10 * k + i);
  const y = [0, 1, 2, 0];
  const pred = y.map((c, i) => (i >= 4 - wrong ? 0 : c));
  return { metrics: { fold: k } as FoldRecord['metrics'], history: [], predictions: { ids, y, pred, prob: [], nll: [] }, baseline } as FoldRecord;
}
const run = (model: string, mean: number, folds: FoldRecord[], trial: object = { model: forestModel, cv: { folds: 2 } }): ModelRun => ({
  summary: { model, hash: `h-${model}`, valMacroF1: { mean, std: 0 } } as EnsembleSummary,
  trial: { hash: `h-${model}`, folds, trial } as unknown as TrialResult,
});

test('probeFirstFold: the first fold\'s channels, nine statistics each, and the standardiser of the shown ones', () => {
  const ds = simulateDataset({ seed: 3, trainSubjects: 30, testSubjects: 2, steps: 20 });
  const p = probeFirstFold(ds, { seed: 42, cv: { folds: 3, run: 3 }, features: {} });
  assert.equal(p.trainSubjects, 20); // 30 subjects, 3 folds: 20 train each
  assert.equal(p.features, 9 * p.channels.length);
  assert.equal(p.shown[0], p.channels[0]);
  assert.equal(p.shown[2], p.channels[p.channels.length - 1]);
  assert.equal(p.subjectRows.length, 8);
  // three channels shown × nine statistics, plus subject and class
  assert.equal(Object.keys(p.subjectRows[0]).length, 2 + 9 * new Set(p.shown).size);
  assert.equal(p.standardizerRows.length, 9 * new Set(p.shown).size);
  assert.ok(p.standardizerRows.every((r) => r['training std'] > 0));
});

test('bestByValidation, modelNamer and the interval rows against the reference', () => {
  const runs = [run('logreg', 0.7, []), run('forest', 0.8, [])];
  assert.equal(bestByValidation(runs), 'forest');
  assert.equal(modelNamer(runs)('h-logreg'), 'logreg');
  assert.equal(modelNamer(runs)('other'), 'other');
  const iv = (estimate: number) => ({ estimate, lo: estimate - 0.1, hi: estimate + 0.1, level: 0.95, samples: 100 });
  const diff = { ...iv(-0.1), excludesZero: false };
  const u: EnsembleUncertainty[] = [
    { model: 'forest', val: iv(0.8), oof: iv(0.8), test: iv(0.75) },
    { model: 'logreg', val: iv(0.7), oof: iv(0.7), test: iv(0.6), vsReference: { reference: 'forest', oof: diff, test: diff } },
  ];
  const rows = intervalRows(u, 'forest');
  assert.equal(rows[0]['out of fold − forest [95 %]'], '—');
  assert.equal(rows[1]['test − forest [95 %]'], '−0.1000 [−0.2000, +0.0000]');
  const series = intervalSeries(u);
  assert.deepEqual(series.map((s) => s.name), ['out of fold', 'test (K-fold ensemble)']);
  assert.deepEqual(series[1].values, [0.75, 0.6]);
  assert.equal(intervalSeries([{ ...u[0], test: undefined }]).length, 1);
  const text = baselineFindings({
    profile: 'quick', source: 'synthetic', trainSubjects: 100, testSubjects: 20, seed: 42, foldsRun: 5, folds: 5, intervals: u, best: 'forest',
    channels: [{ channel: 'joint_05', logLossRise: 0.1234 }], recurrent: [{ model: 'lstm', oof: { estimate: 0.05, lo: 0.01, hi: 0.09, level: 0.95, samples: 100, excludesZero: true } }],
  });
  assert.match(text, /best baseline by validation is forest: out-of-fold macro-F1 0\.8000 \[0\.7000, 0\.9000\], on the test subjects 0\.7500/);
  assert.match(text, /no baseline is below it beyond noise, and logreg cannot be told apart from it/);
  assert.match(text, /joint_05 \(log-loss rise 0\.123\)/);
  assert.match(text, /lstm \+0\.0500 \[\+0\.0100, \+0\.0900\], better than the forest beyond noise/);
});

test('permutation and own importance: ranked for the reference, shares per statistic sum to 1', () => {
  const forest = run('forest', 0.8, [
    fold(0, 0, importance(['a', 'b'], [0.3, 0.1], { kind: 'impurity', values: [3, 1] }, ['a:mean', 'b:std'])),
    fold(1, 0, importance(['a', 'b'], [0.1, 0.1], { kind: 'impurity', values: [1, 1] }, ['a:mean', 'b:std'])),
  ]);
  const centroid = run('centroid', 0.5, [fold(0, 0, importance(['a', 'b'], [0, 9]))]);
  const view = permutationView([forest, centroid], 'forest', 1);
  assert.deepEqual(view.categories, ['a']);
  assert.deepEqual(view.series, [{ name: 'forest', values: [0.2] }]); // mean of 0.3 and 0.1; the centroid is left out
  assert.deepEqual(channelRows(view.ranked, 2).map((r) => [r.channel, Number(r['log-loss rise'].toFixed(10))]), [['a', 0.2], ['b', 0.1]]);
  const own = ownImportance([forest, centroid], 20);
  assert.deepEqual(own.map((o) => o.model), ['forest']);
  assert.equal(own[0].title, 'forest: impurity decrease per feature (top 20, mean over folds)');
  const shares = statShareRows(own);
  // a:mean has mean importance 2, b:std 1 → shares 2/3 and 1/3
  assert.ok(Math.abs((shares.find((r) => r.statistic === 'mean')!['forest (share)'] as number) - 2 / 3) < 1e-12);
  assert.equal(shares.find((r) => r.statistic === 'max')!['forest (share)'], 0);
});

test('recurrent models beside the baselines: paired on the same subjects, with the verdict in words', () => {
  const forest = run('forest', 0.8, [fold(0, 2), fold(1, 2)]);
  const lstm = run('lstm', 0.9, [fold(0, 0), fold(1, 0)], { model: { cell: 'lstm', layers: 2, hiddenSize: 8, bidirectional: false }, cv: { folds: 2 } });
  const beside = recurrentBeside([{ model: 'lstm', result: lstm.trial }], [forest], 'forest');
  assert.deepEqual(beside.rows.map((r) => [r.model, r.kind, r['what it is']]), [['lstm', 'recurrent', 'LSTM 2×8'], ['forest', 'baseline', 'random forest (200 trees)']]);
  assert.equal(beside.rows[1]['out of fold − forest [95 %]'], '—');
  // pooled over 8 subjects: the lstm gets every one right (macro-F1 1); the forest calls the class-2 subject of
  // each fold class 0: F1 0.8 (4 right of 6 called 0), 1 and 0 → 0.6. Every resample keeps each fold's one class-2
  // subject and two class-0 draws, so the difference is 0.4 in all of them: beyond noise.
  const d = beside.differences[0].oof;
  assert.deepEqual([d.estimate, d.lo, d.hi].map((x) => Number(x.toFixed(12))), [0.4, 0.4, 0.4]);
  assert.equal(beside.lines[0], 'lstm (LSTM 2×8): out of fold +0.4000 [+0.4000, +0.4000] against the forest — better than the forest beyond noise.');
  const finals = [{ model: 'lstm', trial: lstm.trial.trial, hash: 'x', result: lstm.trial }, { model: 'rnn', trial: lstm.trial.trial, hash: 'y' }, { model: 'forest', trial: { model: forestModel }, hash: 'z', result: forest.trial }] as FinishedTrial[];
  assert.deepEqual(trainedRecurrent(finals).map((t) => t.model), ['lstm']);
  assert.match(notTrainedYet(finals, 'quick'), /final\.json5 \(lstm, rnn\) have not been trained under the quick profile/);
});
