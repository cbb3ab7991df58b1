import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../lib/core/random';
import { bootstrapInterval, macroF1Interval, pairedDifference, pairedMacroF1Difference, scoredSubjects } from '../../../lib/evaluate/bootstrap';
import { macroF1 } from '../../../lib/evaluate/metrics';
import type { FoldMetrics } from '../../../lib/train/fold';
import type { FoldRecord } from '../../../lib/experiments/run/trials';
import { compareTrials, ensembleUncertainty, pairwiseDifferences, hasPredictions, meanOfTrialsInterval, noiseVerdict, optimisticSubjects, trialIntervals, trialSubjects } from '../../../lib/experiments/analysis/uncertainty';
import type { TrialConfig } from '../../../lib/experiments/config/config';

// two folds of 90 subjects (ids interleaved), classes 0/1/2 in shares 60/20/10 per fold
const foldIds = [0, 1].map((k) => Array.from({ length: 90 }, (_, i) => 2 * i + k));
const truth = (id: number): number => (id % 9 < 6 ? 0 : id % 9 < 8 ? 1 : 2);

function trial(hash: string, predict: (id: number, y: number) => number, nll = 0.5): { hash: string; folds: FoldRecord[] } {
  return {
    hash,
    folds: foldIds.map((ids) => {
      const y = ids.map(truth);
      const pred = ids.map((id, i) => predict(id, y[i]));
      return {
        metrics: { valMacroF1: macroF1(y, pred, 3) } as FoldMetrics, history: [],
        predictions: { ids, y, pred, prob: [], nll: ids.map((id) => nll + (id % 7) / 100) },
      };
    }),
  };
}

const rng = new Rng(8);
const noise = new Map(Array.from({ length: 180 }, (_, id) => [id, rng.next()]));
const best = trial('best', (id, y) => (noise.get(id)! < 0.95 ? y : (y + 1) % 3), 0.4);
const oneOff = trial('oneoff', (id, y) => (id === 8 ? 0 : best.folds[id % 2].predictions.pred[(id - (id % 2)) / 2]), 0.4);
const poor = trial('poor', (id, y) => (noise.get(id)! < 0.6 ? y : (y + 1) % 3), 0.9);

test('trial intervals: fold-mean, out-of-fold and loss, each containing its estimate', () => {
  const iv = trialIntervals(best);
  const s = trialSubjects(best);
  assert.equal(iv.subjects, 180);
  assert.deepEqual(iv.f1, bootstrapInterval(s, 'fold-mean'));
  assert.deepEqual(iv.oof, bootstrapInterval(s, 'pooled'));
  const foldMean = (best.folds[0].metrics.valMacroF1 + best.folds[1].metrics.valMacroF1) / 2;
  assert.ok(Math.abs(iv.f1.estimate - foldMean) < 1e-12);
  for (const x of [iv.f1, iv.oof, iv.nll!]) assert.ok(x.lo <= x.estimate && x.estimate <= x.hi);
  assert.ok(hasPredictions(best));
  assert.equal(hasPredictions({ folds: [{ ...best.folds[0], predictions: undefined as never }] }), false);
});

test('comparisons are paired against the reference on the same subjects', () => {
  const cs = compareTrials([best, oneOff, poor], 'best');
  assert.deepEqual(cs.map((c) => c.hash), ['best', 'oneoff', 'poor']);
  assert.deepEqual([cs[0].f1.estimate, cs[0].f1.lo, cs[0].f1.hi, cs[0].f1.excludesZero], [0, 0, 0, false]);
  assert.deepEqual(cs[2].f1, pairedDifference(trialSubjects(poor), trialSubjects(best), 'fold-mean'));
  assert.ok(!cs[1].f1.excludesZero, 'one subject apart is within noise');
  assert.ok(cs[2].f1.excludesZero && cs[2].f1.hi < 0, 'the poor trial is worse beyond noise');
  assert.ok(cs[2].nll!.lo > 0, 'and its loss is higher beyond noise');
  assert.throws(() => compareTrials([best], 'nope'), /reference nope is not one of the 1 trials/);
  // a trial on other subjects (another split) cannot be paired, and the error names it
  const moved = { hash: 'moved', folds: [best.folds[1], best.folds[0]] };
  assert.throws(() => compareTrials([best, moved], 'best'), /trial moved against best: .*fold/);
});

test('the verdict in words is computed from the paired intervals', () => {
  const names: Record<string, string> = { best: 'A', oneoff: 'B', poor: 'C' };
  const text = noiseVerdict(compareTrials([best, oneOff, poor], 'best'), { name: (h) => names[h], what: 'configurations' });
  assert.equal(text.length, 3);
  assert.match(text[0], /^validation macro-F1, each of the other 2 configurations against A/);
  assert.match(text[0], /1 is lower beyond noise: C \(−0\.\d{4} \[−0\.\d{4}, −0\.\d{4}\]\)/);
  assert.match(text[0], /1 is within noise of A \(the interval contains 0\): B \(/);
  assert.match(text[1], /validation loss .* 1 is higher beyond noise: C/);
  assert.match(text[2], /2000 seeded resamples.*1 comparison in 20 excludes 0 by chance alone \(2 per measure here: 0\.1 expected\)/);
  // nothing beyond noise: said plainly
  const same = noiseVerdict(compareTrials([best, oneOff], 'best'), { name: (h) => names[h], what: 'pairs' });
  assert.match(same[0], /no difference is beyond noise .* cannot be told apart \(B \(/);
});

test('the mean of several trials resamples them together: one trial gives its own interval, the mean lies between', () => {
  assert.deepEqual(meanOfTrialsInterval([best]), trialIntervals(best).f1);
  const m = meanOfTrialsInterval([best, poor]);
  const [a, b] = [trialIntervals(best).f1, trialIntervals(poor).f1];
  assert.ok(Math.abs(m.estimate - (a.estimate + b.estimate) / 2) < 1e-12);
  assert.ok(m.lo <= m.estimate && m.estimate <= m.hi);
  assert.ok(m.lo > Math.min(a.lo, b.lo) && m.hi < Math.max(a.hi, b.hi));
  assert.throws(() => meanOfTrialsInterval([best, { hash: 'moved', folds: [best.folds[1], best.folds[0]] }]), /trial moved was validated on other subjects or folds than best/);
});

test('final models: validation, out-of-fold and test intervals, and paired differences against the reference', () => {
  const testIds = Array.from({ length: 120 }, (_, i) => 1000 + i);
  const testTruth = testIds.map(truth);
  const testPred = (p: number) => testIds.map((id, i) => (noise.get(id % 180)! < p ? testTruth[i] : (testTruth[i] + 1) % 3));
  const ens = [
    { model: 'a', hash: 'best', test: { ids: testIds, y: testPred(0.95), truth: testTruth } },
    { model: 'b', hash: 'poor', test: { ids: testIds, y: testPred(0.6), truth: testTruth } },
  ];
  const [a, b] = ensembleUncertainty(ens, [best, poor], 'a');
  assert.equal(a.vsReference, undefined);
  assert.deepEqual(a.val, trialIntervals(best).f1);
  assert.deepEqual(a.oof, trialIntervals(best).oof);
  assert.deepEqual(a.test, macroF1Interval(testTruth, ens[0].test.y, 3));
  assert.equal(b.vsReference!.reference, 'a');
  assert.deepEqual(b.vsReference!.oof, pairedDifference(trialSubjects(poor), trialSubjects(best), 'pooled'));
  assert.deepEqual(b.vsReference!.test, pairedMacroF1Difference(testTruth, ens[1].test.y, ens[0].test.y, 3));
  assert.ok(b.vsReference!.oof.excludesZero && b.vsReference!.test!.excludesZero);
  // without hidden labels there is no test interval, and the rest still works
  const noLabels = ensembleUncertainty(ens.map((e) => ({ ...e, test: { ids: e.test.ids, y: e.test.y } })), [best, poor], 'a');
  assert.equal(noLabels[1].test, undefined);
  assert.equal(noLabels[1].vsReference!.test, undefined);
  assert.throws(() => ensembleUncertainty(ens, [best, poor], 'c'), /reference model c is not one of a, b/);
  assert.throws(() => ensembleUncertainty(ens, [best], 'a'), /no trial poor for model b/);
  // every pair once, a − b in list order, the same differences as against a reference
  const third = { model: 'c', hash: 'oneoff', test: { ids: testIds, y: testPred(0.9), truth: testTruth } };
  const pairs = pairwiseDifferences([...ens, third], [best, poor, oneOff]);
  assert.deepEqual(pairs.map((p) => `${p.a}-${p.b}`), ['a-b', 'a-c', 'b-c']);
  assert.deepEqual(pairs[0].oof, pairedDifference(trialSubjects(best), trialSubjects(poor), 'pooled'));
  assert.deepEqual(pairs[2].test, pairedMacroF1Difference(testTruth, ens[1].test.y, third.test.y, 3));
});

test('the optimistic figure: an interval from the best-validation-epoch predictions, and its gap paired with the untouched one', () => {
  // the untouched model is `poor`; at its best validation epoch the same run predicted like `best`
  const untouched = { ...poor, folds: poor.folds.map((f, k) => ({ ...f, optimisticPredictions: best.folds[k].predictions })) };
  const ens = [{ model: 'u', hash: 'poor' }];
  const [u] = ensembleUncertainty(ens, [untouched], 'u');
  assert.deepEqual(u.val, trialIntervals(poor).f1);
  assert.deepEqual(u.optimistic, trialIntervals(best).f1);
  assert.deepEqual(u.optimisticGap, pairedDifference(trialSubjects(best), trialSubjects(poor), 'fold-mean'));
  assert.ok(u.optimisticGap!.excludesZero && u.optimisticGap!.estimate > 0);
  assert.deepEqual(optimisticSubjects(untouched), trialSubjects(best));
  // without those predictions: none for a recurrent trial that stopped on an inner split (an old record) ...
  const recipe = (earlyStopping?: 'inner' | 'validation') => ({ model: { cell: 'lstm' }, train: { earlyStopping } }) as unknown as TrialConfig;
  assert.equal(optimisticSubjects({ ...poor, trial: recipe('inner') }), undefined);
  assert.equal(optimisticSubjects(poor), undefined);
  assert.equal(ensembleUncertainty(ens, [poor], 'u')[0].optimistic, undefined);
  // ... the kept predictions when validation chose the kept epoch (the report's procedure), or nothing chose (a baseline)
  assert.deepEqual(optimisticSubjects({ ...poor, trial: recipe('validation') }), trialSubjects(poor));
  assert.deepEqual(optimisticSubjects({ ...poor, trial: recipe(undefined) }), trialSubjects(poor));
  const baseline = { model: { kind: 'baseline', classifier: 'forest' } } as unknown as TrialConfig;
  const [b] = ensembleUncertainty(ens, [{ ...poor, trial: baseline }], 'u');
  assert.deepEqual(b.optimistic, b.val);
  assert.equal(b.optimisticGap!.estimate, 0);
  assert.ok(b.optimisticGap!.lo === 0 && b.optimisticGap!.hi === 0);
  // (identical predictions: the interval is the untouched one and the gap exactly 0, as resampling them gives)
  assert.deepEqual(b.optimisticGap, pairedDifference(trialSubjects(poor), trialSubjects(poor), 'fold-mean'));
  assert.deepEqual(b.optimistic, bootstrapInterval(trialSubjects(poor), 'fold-mean'));
});
