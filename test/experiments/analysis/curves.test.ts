import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochCurves, epochIntervals } from '../../../lib/experiments/analysis/curves';
import { bootstrapInterval, scoredSubjects } from '../../../lib/evaluate/bootstrap';
import { macroF1 } from '../../../lib/evaluate/metrics';
import type { EpochMetrics } from '../../../lib/train/types';

const epoch = (e: number, trainLoss: number, valMacroF1?: number): EpochMetrics => ({
  epoch: e, trainLoss, penalty: 0, trainAccuracy: 0.5, trainMacroF1: 1 - trainLoss, windowsPerSecond: 1, seconds: 1,
  ...(valMacroF1 !== undefined ? { valLoss: 2 * trainLoss, valAccuracy: 0.5, valMacroF1 } : {}),
});

test('epoch curves: mean over the folds that ran each epoch', () => {
  const c = epochCurves([
    { history: [epoch(0, 1.0, 0.2), epoch(1, 0.6, 0.5), epoch(2, 0.4, 0.6)] },
    { history: [epoch(0, 0.8, 0.4), epoch(1, 0.5, 0.7)] }, // stopped early
  ]);
  assert.deepEqual(c.epoch, [1, 2, 3]);
  assert.deepEqual(c.folds, [2, 2, 1]);
  assert.deepEqual(c.trainLoss, [0.9, 0.55, 0.4]);
  assert.deepEqual(c.valLoss, [1.8, 1.1, 0.8]);
  assert.deepEqual(c.valMacroF1.map((v) => Number(v.toFixed(12))), [0.3, 0.6, 0.6]);
  assert.deepEqual(c.trainMacroF1.map((v) => Number(v.toFixed(12))), [0.1, 0.45, 0.6]);
});

test('epoch curves: epochs without validation give NaN; no folds give empty curves; out-of-order history throws', () => {
  const c = epochCurves([{ history: [epoch(0, 1), epoch(1, 0.5, 0.9)] }]);
  assert.ok(Number.isNaN(c.valMacroF1[0]));
  assert.equal(c.valMacroF1[1], 0.9);
  assert.deepEqual(epochCurves([]).epoch, []);
  assert.throws(() => epochCurves([{ history: [epoch(1, 1)] }]), /history entry 0 is epoch 1/);
});

test('epoch curves padded or cut to a common length', () => {
  const folds = [{ history: [epoch(0, 1, 0.2), epoch(1, 0.5, 0.4)] }];
  const padded = epochCurves(folds, { epochs: 4 });
  assert.deepEqual(padded.epoch, [1, 2, 3, 4]);
  assert.deepEqual(padded.folds, [1, 1, 0, 0]);
  assert.deepEqual(padded.trainLoss, [1, 0.5, NaN, NaN]);
  assert.deepEqual(epochCurves(folds, { epochs: 1 }).valMacroF1, [0.2]);
  assert.throws(() => epochCurves(folds, { epochs: -1 }), /epochs must be an integer ≥ 0, got -1/);
});

test('epoch intervals: each epoch\'s validation macro-F1 resampled over subjects from the classes the folds recorded then', () => {
  // two folds of 60 subjects (classes 0/1/2 as 3:2:1); fold 1 stopped after 2 epochs
  const fold = (k: number) => {
    const ids = Array.from({ length: 60 }, (_, i) => 2 * i + k);
    return { ids, y: ids.map((id) => (id % 6 < 3 ? 0 : id % 6 < 5 ? 1 : 2)) };
  };
  const folds = [fold(0), fold(1)];
  // epoch e gets subject i wrong when (i + e) % (3 + e) === 0: fewer mistakes later
  const predAt = (f: { ids: number[]; y: number[] }, e: number) => f.y.map((c, i) => ((i + e) % (3 + e) === 0 ? (c + 1) % 3 : c));
  const hist = (f: { ids: number[]; y: number[] }, n: number) => Array.from({ length: n }, (_, e) => {
    const pred = predAt(f, e);
    return { ...epoch(e, 1 / (e + 1), macroF1(f.y, pred, 3)), valPredicted: pred };
  });
  const records = [
    { history: hist(folds[0], 3), predictions: { ...folds[0], pred: predAt(folds[0], 2), prob: [], nll: [] } },
    { history: hist(folds[1], 2), predictions: { ...folds[1], pred: predAt(folds[1], 1), prob: [], nll: [] } },
  ];
  const iv = epochIntervals(records);
  const curves = epochCurves(records);
  assert.equal(iv.length, 3);
  iv.forEach((x, e) => {
    // the estimate is the curve's point: the mean over the folds that ran the epoch
    assert.ok(Math.abs(x!.estimate - curves.valMacroF1[e]) < 1e-12);
    assert.ok(x!.lo <= x!.estimate && x!.estimate <= x!.hi && x!.lo < x!.hi);
  });
  // by hand: the same resampling of the same subjects with epoch 1's classes
  const at1 = scoredSubjects(folds.map((f) => ({ ...f, pred: predAt(f, 1), prob: [], nll: [] })), 3);
  assert.deepEqual(iv[1], bootstrapInterval(at1, 'fold-mean'));
  // epoch 3 was run by fold 0 alone: its interval covers only that fold's subjects
  assert.deepEqual(iv[2], bootstrapInterval(scoredSubjects([{ ...folds[0], pred: predAt(folds[0], 2), prob: [], nll: [] }], 3), 'fold-mean'));
  // an older record without per-epoch classes: no interval for the epochs it ran; a wrong count throws
  const old = [{ ...records[0], history: records[0].history.map(({ valPredicted, ...m }) => m) }, records[1]];
  assert.deepEqual(epochIntervals(old).map((x) => x === undefined), [true, true, true]);
  assert.deepEqual(epochIntervals([records[1]], { epochs: 3 }).map((x) => x === undefined), [false, false, true]);
  const bad = [{ ...records[1], history: [{ ...records[1].history[0], valPredicted: [0, 1] }] }];
  assert.throws(() => epochIntervals(bad), /fold 0 recorded 2 predicted classes at epoch 1 for 60 validation subjects/);
});
