import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochCurves } from '../../lib/experiments/curves';
import type { EpochMetrics } from '../../lib/train/types';

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
