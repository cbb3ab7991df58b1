import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  beyondNoise, differenceOr, directionWords, noiseWords, pairVerdict, referenceVerdict, rowInterval, verdict,
} from '../../../lib/experiments/analysis/verdict';

const up = { estimate: 0.03, lo: 0.01, hi: 0.05, excludesZero: true };
const down = { estimate: -0.04, lo: -0.07, hi: -0.01, excludesZero: true };
const flat = { estimate: 0.01, lo: -0.02, hi: 0.04, excludesZero: false };

test('verdict: the sign of an interval that excludes 0, else within', () => {
  assert.deepEqual([up, down, flat].map(verdict), ['better', 'worse', 'within']);
});

test('table and sentence wordings follow the verdict', () => {
  assert.deepEqual([up, down, flat, undefined].map(beyondNoise), ['yes', 'yes', 'no', '']);
  assert.deepEqual([up, flat].map(noiseWords), ['beyond noise', 'within noise']);
  assert.deepEqual([up, down, flat].map(directionWords), ['better beyond noise', 'worse beyond noise', 'within noise (the interval contains 0)']);
  assert.equal(pairVerdict(down, 'rnn', 'forest'), 'rnn is worse than forest beyond noise');
  assert.equal(pairVerdict(flat, 'rnn', 'forest'), 'rnn and forest cannot be told apart (the interval contains 0)');
  assert.equal(referenceVerdict(up, 'forest'), 'better than the forest beyond noise');
  assert.equal(referenceVerdict(flat, 'forest'), 'within noise of the forest (the interval contains 0)');
});

test('rowInterval and differenceOr: four decimals by default', () => {
  assert.equal(rowInterval({ f1Mean: 0.91234, f1Lo: 0.88, f1Hi: 0.93456 }), '0.9123 [0.8800, 0.9346]');
  assert.equal(rowInterval({ f1Mean: 0.91234, f1Lo: 0.88, f1Hi: 0.93456 }, 2), '0.91 [0.88, 0.93]');
  assert.equal(differenceOr(undefined, '(reference)'), '(reference)');
  assert.equal(differenceOr(up, '—'), '+0.0300 [+0.0100, +0.0500]');
});
