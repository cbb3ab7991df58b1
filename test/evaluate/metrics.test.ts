import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, classificationReport, confusionMatrix, formatReport, macroF1 } from '../../lib/evaluate/metrics';

const close = (a: number, b: number, msg?: string): void => assert.ok(Math.abs(a - b) < 1e-12, `${msg ?? ''} ${a} ≠ ${b}`);

// Hand-computed: truth 0,0,0,1,1,2 predicted 0,0,1,1,1,1; class 2 is never predicted.
const yTrue = [0, 0, 0, 1, 1, 2];
const yPred = [0, 0, 1, 1, 1, 1];

test('confusion matrix rows are truth, columns predictions', () => {
  assert.deepEqual(confusionMatrix(yTrue, yPred, 3), [
    [2, 1, 0],
    [0, 2, 0],
    [0, 1, 0],
  ]);
});

test('per-class scores, accuracy and F1 averages match hand computation', () => {
  const r = classificationReport(yTrue, yPred, 3);
  // class 0: P 2/2, R 2/3, F1 0.8; class 1: P 2/4, R 2/2, F1 2/3; class 2: never predicted → all 0
  assert.deepEqual(r.precision, [1, 0.5, 0]);
  close(r.recall[0], 2 / 3);
  assert.deepEqual(r.recall.slice(1), [1, 0]);
  close(r.f1[0], 0.8);
  close(r.f1[1], 2 / 3);
  assert.equal(r.f1[2], 0);
  assert.deepEqual(r.support, [3, 2, 1]);
  close(r.accuracy, 4 / 6);
  close(r.macroF1, (0.8 + 2 / 3) / 3); // 0.48889, sklearn f1_score(average='macro', zero_division=0)
  close(r.weightedF1, (0.8 * 3 + (2 / 3) * 2) / 6);
  assert.equal(r.n, 6);
  for (const v of [...r.precision, ...r.recall, ...r.f1]) assert.ok(Number.isFinite(v));
});

test('a class absent from truth and predictions counts with F1 0 in the macro average', () => {
  close(macroF1(yTrue, yPred, 4), (0.8 + 2 / 3) / 4);
  const r = classificationReport(yTrue, yPred, 4);
  assert.deepEqual([r.precision[3], r.recall[3], r.f1[3], r.support[3]], [0, 0, 0, 0]);
});

test('perfect and all-wrong predictions', () => {
  assert.equal(macroF1([0, 1, 2, 2], [0, 1, 2, 2], 3), 1);
  assert.equal(macroF1([0, 1, 2], [1, 2, 0], 3), 0);
  assert.equal(accuracy([0, 1, 2], [1, 2, 0]), 0);
  assert.equal(accuracy([], []), 0);
  assert.equal(classificationReport([], [], 3).macroF1, 0);
});

test('bad input is rejected with a message', () => {
  assert.throws(() => macroF1([0, 1], [0], 3), /2 true labels but 1 predictions/);
  assert.throws(() => macroF1([0, 3], [0, 1], 3), /true label 3 at 1/);
  assert.throws(() => macroF1([0, 1], [0, -1], 3), /prediction -1 at 1/);
});

test('formatReport prints one row per class with names', () => {
  const text = formatReport(classificationReport(yTrue, yPred, 3), ['no_pain', 'low_pain', 'high_pain']);
  const lines = text.split('\n');
  assert.equal(lines.length, 6);
  assert.match(lines[1], /^no_pain\s+1\.0000\s+0\.6667\s+0\.8000\s+3$/);
  assert.match(lines[5], /macro f1\s+0\.4889\s+6$/);
});
