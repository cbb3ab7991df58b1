import { test } from 'node:test';
import assert from 'node:assert/strict';
import { macroF1 } from '../../../lib/evaluate/metrics';
import type { TrialConfig } from '../../../lib/experiments/config/config';
import { strideComparisons, trialsAtWindow, type SweepTrial } from '../../../lib/experiments/analysis/sweep';
import type { FoldRecord } from '../../../lib/experiments/run/trials';
import { compareTrials } from '../../../lib/experiments/analysis/uncertainty';
import type { FoldMetrics } from '../../../lib/train/fold';

// two folds of 60 subjects, classes 0/1/2 in shares 4/1/1
const foldIds = [0, 1].map((k) => Array.from({ length: 60 }, (_, i) => 2 * i + k));
const truth = (id: number): number => (id % 6 < 4 ? 0 : id % 6 < 5 ? 1 : 2);

function sweepTrial(hash: string, size: number, stride: number, wrongEvery: number): SweepTrial {
  const folds: FoldRecord[] = foldIds.map((ids) => {
    const y = ids.map(truth);
    const pred = ids.map((id, i) => (id % wrongEvery === 0 ? (y[i] + 1) % 3 : y[i]));
    return { metrics: { valMacroF1: macroF1(y, pred, 3) } as FoldMetrics, history: [], predictions: { ids, y, pred, prob: [], nll: ids.map(() => 0.5) } };
  });
  return { hash, folds, trial: { model: { cell: 'rnn' }, window: { size, stride } } as unknown as TrialConfig };
}

test('strideComparisons: smallest against largest stride at each window size that ran several, paired like compareTrials', () => {
  const trials = [
    sweepTrial('w20s5', 20, 5, 7), sweepTrial('w10s2', 10, 2, 11), sweepTrial('w20s2', 20, 2, 13),
    sweepTrial('w20s3', 20, 3, 5), sweepTrial('w10s5', 10, 5, 3), sweepTrial('w25s2', 25, 2, 4),
    { ...sweepTrial('forest', 0, 0, 9), trial: { model: { kind: 'baseline' } } as unknown as TrialConfig },
  ];
  const got = strideComparisons(trials, { samples: 200 });
  // window 25 ran one stride, and the baseline has no window: neither appears
  assert.deepEqual(got.map((c) => [c.window, c.smallStride, c.largeStride]), [[10, 2, 5], [20, 2, 5]]);
  const expect10 = compareTrials([trials[1], trials[4]], 'w10s5', { samples: 200 })[0];
  assert.deepEqual(got[0].difference, expect10);
  assert.equal(got[1].difference.hash, 'w20s2');
  assert.equal(got[1].difference.reference, 'w20s5');
  // stride 2 at window 10 errs on every 11th subject, stride 5 on every 3rd: a gain beyond noise
  assert.ok(got[0].difference.f1.estimate > 0 && got[0].difference.f1.excludesZero);
});

test('trialsAtWindow: the recurrent trials of one window size by ascending stride', () => {
  const trials = [sweepTrial('a', 20, 5, 7), sweepTrial('b', 10, 2, 11), sweepTrial('c', 20, 2, 13), sweepTrial('d', 20, 3, 5)];
  assert.deepEqual(trialsAtWindow(trials, 20).map((t) => t.hash), ['c', 'd', 'a']);
  assert.deepEqual(trialsAtWindow(trials, 15), []);
});
