import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossEntropy } from '../../../lib/nn/loss';
import { selectTrial, smoothedLossFloor } from '../../../lib/experiments/analysis/select';

const row = (hash: string, f1Mean: number, trainLoss: number, f1Std = 0.01) => ({ hash, f1Mean, f1Std, trainLoss, extra: hash.toUpperCase() });

test('the best validation F1 among trials whose training loss stays above the floor', () => {
  const rows = [
    row('a', 0.95, 0.02), // best score, but memorised its training windows
    row('b', 0.91, 0.35),
    row('c', 0.93, 0.31),
    row('d', 0.80, 0.60),
  ];
  const s = selectTrial(rows, { minTrainLoss: 0.3 });
  assert.equal(s.best?.hash, 'c');
  assert.deepEqual(s.eligible.map((r) => r.hash), ['c', 'b', 'd']);
  assert.deepEqual(s.excluded.map((r) => r.hash), ['a']);
  assert.equal(s.best?.extra, 'C', 'rows come back as given, extra columns included');
  // with no floor the plain best score wins; the input is not reordered
  assert.equal(selectTrial(rows, { minTrainLoss: 0 }).best?.hash, 'a');
  assert.deepEqual(rows.map((r) => r.hash), ['a', 'b', 'c', 'd']);
});

test('the floor is inclusive; ties go to the smaller spread, then the higher loss, then the hash', () => {
  assert.equal(selectTrial([row('a', 0.9, 0.3), row('b', 0.8, 0.5)], { minTrainLoss: 0.3 }).best?.hash, 'a');
  const tied = [row('x', 0.9, 0.4, 0.05), row('y', 0.9, 0.4, 0.02), row('z', 0.9, 0.5, 0.05)];
  assert.deepEqual(selectTrial(tied, { minTrainLoss: 0 }).eligible.map((r) => r.hash), ['y', 'z', 'x']);
  const same = [row('q', 0.9, 0.4), row('p', 0.9, 0.4)];
  assert.deepEqual(selectTrial(same, { minTrainLoss: 0 }).eligible.map((r) => r.hash), ['p', 'q']);
});

test('non-finite scores or losses are excluded; nothing eligible gives no choice; a bad floor throws', () => {
  const s = selectTrial([row('a', NaN, 0.5), row('b', 0.7, NaN), row('c', 0.9, 0.1)], { minTrainLoss: 0.2 });
  assert.equal(s.best, undefined);
  assert.deepEqual(s.eligible, []);
  assert.deepEqual(s.excluded.map((r) => r.hash), ['a', 'b', 'c']);
  assert.equal(selectTrial([], { minTrainLoss: 0 }).best, undefined);
  assert.throws(() => selectTrial([], { minTrainLoss: -0.1 }), /minTrainLoss must be a finite number ≥ 0, got -0.1/);
  assert.throws(() => selectTrial([], { minTrainLoss: NaN }), /minTrainLoss/);
});

test('smoothed loss floor: entropy of the smoothed target, equal to the loss of predicting that target', () => {
  assert.equal(smoothedLossFloor(0, 3), 0);
  // ε = 0.1, C = 3: target (0.9333…, 0.0333…, 0.0333…)
  const on = 0.9 + 0.1 / 3;
  const off = 0.1 / 3;
  assert.ok(Math.abs(smoothedLossFloor(0.1, 3) - (-on * Math.log(on) - 2 * off * Math.log(off))) < 1e-12);
  assert.ok(Math.abs(smoothedLossFloor(0.1, 3) - 0.29114) < 1e-5);
  // uniform target: log C
  assert.ok(Math.abs(smoothedLossFloor(1, 4) - Math.log(4)) < 1e-12);
  // the loss lib/nn computes for logits = log(target) is the floor, and any other logits give more
  const logits = new Float32Array([Math.log(on), Math.log(off), Math.log(off), Math.log(off), Math.log(on), Math.log(off)]);
  const at = crossEntropy(logits, [0, 1], 2, 3, { labelSmoothing: 0.1 }).loss;
  assert.ok(Math.abs(at - smoothedLossFloor(0.1, 3)) < 1e-6);
  const sharper = crossEntropy(new Float32Array([8, 0, 0, 0, 8, 0]), [0, 1], 2, 3, { labelSmoothing: 0.1 }).loss;
  assert.ok(sharper > at);
  assert.throws(() => smoothedLossFloor(1.5, 3), /labelSmoothing must be in \[0, 1\]/);
  assert.throws(() => smoothedLossFloor(0.1, 1), /classes must be an integer ≥ 2/);
});
