import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FoldRecord, TrialResult } from '../../../lib/experiments/run/trials';
import type { EnsembleSummary } from '../../../lib/experiments/run/ensemble';
import type { ModelRun } from '../../../lib/experiments/analysis/fold-table';
import { foldIntervals } from '../../../lib/experiments/analysis/fold-table';
import type { EnsembleUncertainty } from '../../../lib/experiments/analysis/uncertainty';
import {
  bestValidationEpoch, isUntouched, optimisticFoldRows, optimisticIntervals, optimisticLines, optimisticMeanRows, optimisticOf, optimisticSeries,
} from '../../../lib/experiments/analysis/optimistic-gap';

// 3 validation subjects (classes 0, 1, 2); the kept epoch misses the class-2 subject, the best validation epoch does not
const preds = (pred: number[]) => ({ ids: [1, 2, 3], y: [0, 1, 2], pred, prob: [], nll: [] });
function fold(k: number, o: { optimistic?: boolean } = {}): FoldRecord {
  return {
    metrics: { fold: k, valMacroF1: 0.5, bestEpoch: 1, innerSubjects: 20, ...(o.optimistic ? { optimisticValMacroF1: 1 } : {}) },
    history: [{ epoch: 0, valMacroF1: 0.4 }, { epoch: 1, valMacroF1: 0.5 }, { epoch: 2, valMacroF1: 1 }],
    predictions: preds([0, 1, 0]),
    ...(o.optimistic ? { optimisticPredictions: preds([0, 1, 2]) } : {}),
  } as unknown as FoldRecord;
}
const run = (model: string, trial: object, folds: FoldRecord[]): ModelRun => ({
  summary: { model, valMacroF1: { mean: 0.5, std: 0 }, optimisticValMacroF1: { mean: 1, std: 0 } } as EnsembleSummary,
  trial: { hash: model, trial, folds } as unknown as TrialResult,
});
const inner = run('lstm', { model: { cell: 'lstm' }, train: { earlyStopping: 'inner' } }, [fold(0, { optimistic: true })]);
const report = run('rnn', { model: { cell: 'rnn' }, train: { earlyStopping: 'validation' } }, [fold(0)]);
const forest = run('forest', { model: { kind: 'baseline' } }, [fold(0)]);
const iv = (estimate: number) => ({ estimate, lo: estimate - 0.1, hi: estimate + 0.1, level: 0.95, samples: 10 });
const gap = { estimate: 0.5, lo: 0.2, hi: 0.8, level: 0.95, samples: 10, excludesZero: true };
const intervals: Record<string, EnsembleUncertainty> = {
  lstm: { model: 'lstm', val: iv(0.5), oof: iv(0.5), optimistic: iv(1), optimisticGap: gap },
  rnn: { model: 'rnn', val: iv(0.5), oof: iv(0.5) },
  forest: { model: 'forest', val: iv(0.5), oof: iv(0.5), optimistic: iv(0.5), optimisticGap: { ...gap, estimate: 0, lo: 0, hi: 0, excludesZero: false } },
};
const intervalOf = (m: string) => intervals[m];

test('which figures are untouched, the optimistic figure and the best validation epoch', () => {
  assert.deepEqual([inner, report, forest].map(isUntouched), [true, false, true]);
  assert.equal(optimisticOf(inner.trial.folds[0]), 1); // recorded
  assert.equal(optimisticOf(report.trial.folds[0]), 1); // read off the history: max of 0.4, 0.5, 1
  assert.equal(bestValidationEpoch(report.trial.folds[0]), 2);
});

test('per-fold rows: intervals where the predictions were kept, the paired gap, the two epochs', () => {
  const runs = [inner, report, forest];
  const untouched = foldIntervals(runs);
  const optimistic = optimisticIntervals(runs, untouched);
  // lstm: at the best epoch every subject is right → [1, 1]; rnn: no optimistic predictions but not untouched → its own
  // interval; the forest: its own (the same predictions)
  assert.deepEqual([optimistic.get(inner.trial.folds[0])!.lo, optimistic.get(inner.trial.folds[0])!.hi], [1, 1]);
  assert.equal(optimistic.get(report.trial.folds[0]), untouched.get(report.trial.folds[0]));
  const rows = optimisticFoldRows(runs, untouched, optimistic);
  assert.equal(rows[0]['epoch chosen on'], 'inner split (20 subjects)');
  // kept epoch: macro-F1 (2/3 + 1 + 0) / 3 = 5/9; best epoch: 1 → the gap is 4/9 on every resample of 3 single-subject strata
  assert.equal(rows[0]['optimistic − untouched, paired [95 %]'], '+0.4444 [+0.4444, +0.4444]');
  assert.deepEqual([rows[0]['kept epoch'], rows[0]['best epoch on validation']], [2, 3]);
  assert.deepEqual([rows[1]['epoch chosen on'], rows[1]['val macro-F1, untouched [95 %]'], rows[1]['optimistic − untouched, paired [95 %]']], ['the validation subjects', 'n/a', 'n/a']);
  assert.deepEqual([rows[2]['optimistic − untouched, paired [95 %]'], rows[2]['kept epoch']], ['0 (the same predictions)', '—']);
});

test('mean rows, bar series and sentences per model', () => {
  const runs = [inner, report, forest];
  const untouched = foldIntervals(runs);
  const optimistic = optimisticIntervals(runs, untouched);
  const means = optimisticMeanRows(runs, intervalOf);
  assert.deepEqual([means[0]['gap beyond noise'], means[0]['folds where the optimistic figure is higher']], ['yes', '1 of 1']);
  assert.deepEqual([means[1]['untouched mean [95 %] ± std'], means[1]['gap, paired [95 %]'], means[1]['gap beyond noise']], ['n/a', 'n/a', '']);
  const series = optimisticSeries(runs, untouched, optimistic, intervalOf);
  assert.deepEqual(series.map((s) => s.name), ['lstm: untouched', "lstm: optimistic (report's procedure)", "rnn: optimistic (report's procedure)", 'forest: untouched', "forest: optimistic (report's procedure)"]);
  assert.deepEqual(series[1].values, [1, 1]);
  assert.equal('error' in series[2], false); // no optimistic interval for the rnn
  const lines = optimisticLines(runs, intervalOf);
  assert.equal(lines[0], "lstm: untouched 0.5000 [0.4000, 0.6000], optimistic 1.0000 [0.9000, 1.1000]; the report's way of choosing adds +0.5000 [+0.2000, +0.8000] (paired on the same subjects), beyond noise");
  assert.match(lines[1], /^rnn: trained with train.earlyStopping 'validation'/);
  assert.match(lines[2], /^forest: a baseline picks no epoch/);
});
