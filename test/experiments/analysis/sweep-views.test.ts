import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMetrics } from '../../../lib/train/types';
import type { SweepPoint, StrideComparison } from '../../../lib/experiments/analysis/sweep';
import { sweepMatrix } from '../../../lib/experiments/analysis/sweep';
import type { TrialComparison } from '../../../lib/experiments/analysis/uncertainty';
import { differenceRows } from '../../../lib/experiments/analysis/difference-table';
import {
  GAP, gapLine, highestPoint, lossGapRows, pairNamer, reportChoiceLine, strideCurves, strideDifferenceLines, strideDifferenceRows, strideLines,
  strideScatter, strideSummary, trainValSeries,
} from '../../../lib/experiments/analysis/sweep-views';
import { sweepFindings } from '../../../lib/experiments/analysis/findings';

const point = (hash: string, window: number, stride: number, f1Mean: number, windowsPerSubject: number, overlap: number, trainLoss = 0.5): SweepPoint =>
  ({ hash, window, stride, f1Mean, f1Std: 0, f1Lo: f1Mean - 0.05, f1Hi: f1Mean + 0.05, trainLoss, windowsPerSubject, overlap, timesSeen: 1 });
const points = [point('a', 10, 2, 0.8, 76, 0.8, 0.4), point('b', 25, 2, 0.9, 69, 0.92, 0.3), point('c', 25, 5, 0.85, 28, 0.8, 0.6)];
const d = (estimate: number, lo: number, hi: number) => ({ estimate, lo, hi, level: 0.95, samples: 100, excludesZero: lo > 0 || hi < 0 });

test('highestPoint, pairNamer and the report\'s choice', () => {
  assert.equal(highestPoint(points).hash, 'b');
  assert.equal(pairNamer(points)('c'), 'size 25 / stride 5');
  assert.throws(() => pairNamer(points)('z'), /no sweep point z/);
  assert.equal(reportChoiceLine(points, 'quick'), "the report's choice, size 25 / stride 2: 0.9000 [0.8500, 0.9500]");
  assert.equal(reportChoiceLine(points.slice(2), 'smoke'), "the report's choice, size 25 / stride 2, is not part of the smoke profile");
});

test('geometry: scatter points by stride, lines per stride with bands, means per stride', () => {
  const s = strideScatter(points, [2, 5], 'overlap');
  assert.deepEqual(s.x.map((x) => Number(x.toFixed(9))), [80, 92, 80]);
  assert.deepEqual(s.classes, [0, 0, 1]);
  assert.deepEqual(s.classNames, ['stride 2', 'stride 5']);
  assert.deepEqual(strideScatter(points, [2, 5], 'windowsPerSubject').x, [76, 69, 28]);
  const [f1, lo, hi] = [sweepMatrix(points, 'f1Mean'), sweepMatrix(points, 'f1Lo'), sweepMatrix(points, 'f1Hi')];
  const lines = strideLines(f1, lo, hi, ['red', 'blue']);
  assert.deepEqual(lines[1].y, [NaN, 0.85]);
  assert.equal(lines[1].color, 'blue');
  const summary = strideSummary(points);
  assert.deepEqual(summary.map((r) => [r.stride, r.trials, r['windows per subject'], r['mean final train loss']]), [[2, 2, 72.5, 0.35], [5, 1, 28, 0.6]]);
});

test('stride differences: table rows and words follow the verdict', () => {
  const s: StrideComparison[] = [{ window: 25, smallStride: 2, largeStride: 5, difference: { hash: 'b', reference: 'c', f1: d(0.05, 0.01, 0.09), nll: d(-0.01, -0.03, 0.01) } }];
  const [row] = strideDifferenceRows(s);
  assert.equal(row['macro-F1 beyond noise'], 'yes');
  assert.equal(row['val loss beyond noise'], 'no');
  assert.deepEqual(strideDifferenceLines(s), ['size 25, stride 2 − stride 5: macro-F1 +0.0500 [+0.0100, +0.0900] (beyond noise), val loss −0.0100 [−0.0300, +0.0100] (within noise)']);
});

test('differenceRows: the reference marked, the others with intervals, in the given order', () => {
  const cs: TrialComparison[] = [
    { hash: 'b', reference: 'b', f1: d(0, 0, 0), nll: d(0, 0, 0) },
    { hash: 'a', reference: 'b', f1: d(-0.1, -0.15, -0.05) },
  ];
  const cols = { trial: 'pair', f1: 'f1', f1Beyond: 'f1?', nll: 'loss', nllBeyond: 'loss?', reference: '(ref)', referenceLoss: '—' };
  const rows = differenceRows(cs, (h) => `#${h}`, cols, { order: ['a', 'b'], extra: (h) => ({ own: h.toUpperCase() }) });
  assert.deepEqual(rows, [
    { pair: '#a', own: 'A', f1: '−0.1000 [−0.1500, −0.0500]', 'f1?': 'yes', loss: '—', 'loss?': '' },
    { pair: '#b', own: 'B', f1: '(ref)', 'f1?': '', loss: '—', 'loss?': '' },
  ]);
  assert.throws(() => differenceRows(cs, String, cols, { order: ['x'] }), /no comparison for x/);
});

// one fold of 3 epochs: train loss falls 1.0 → 0.4, validation loss 0.9, 0.7 (its minimum), 0.8
const h = (epoch: number, trainLoss: number, valLoss: number): EpochMetrics => ({ epoch, trainLoss, valLoss, trainMacroF1: 0.5, valMacroF1: 0.6 } as EpochMetrics);
const curveTrial = (stride: number, history: EpochMetrics[], trainWindows: number) =>
  ({ trial: { window: { stride }, train: { maxWindowsPerEpoch: 500 } }, folds: [{ history, metrics: { trainWindows } }] });

test('learning curves on one axis, and the loss gap per stride', () => {
  const at = strideCurves([curveTrial(2, [h(0, 1, 0.9), h(1, 0.6, 0.7), h(2, 0.4, 0.8)], 800), curveTrial(5, [h(0, 1.1, 1.0), h(1, 0.9, 0.85)], 300)]);
  assert.deepEqual(at.epochs, [1, 2, 3]);
  assert.deepEqual(at.curves.map((c) => c.windowsPerEpoch), [500, 300]);
  const series = trainValSeries(at.curves, 'macroF1', ['r', 'b']);
  assert.deepEqual(series.map((s) => s.name), ['stride 2 train', 'stride 2 validation', 'stride 5 train', 'stride 5 validation']);
  assert.ok('band' in series[1] && !('band' in trainValSeries(at.curves, 'loss', ['r'])[1]));
  const gaps = lossGapRows(at.curves);
  assert.equal(gaps[0]['lowest val loss (epoch)'], '0.700 (2)');
  assert.equal(gaps[0]['train loss, first → last'], '1.000 → 0.400');
  assert.ok(Math.abs(gaps[0][GAP] - 0.4) < 1e-12); // 0.8 − 0.4
  assert.ok(Math.abs(gaps[0]['val loss rise after its minimum'] - 0.1) < 1e-12);
  assert.equal(gaps[1].epochs, 2);
  assert.ok(Math.abs(gaps[1][GAP] - (-0.05)) < 1e-12); // 0.85 − 0.9
  assert.equal(gapLine(gaps, 'quick', 25), 'stride 2 ends with a train/validation loss gap of 0.400, stride 5 with -0.050: the smaller stride shows the larger gap between training and validation loss, the direction the report observed.');
  assert.equal(gapLine(gaps.slice(0, 1), 'smoke', 25), 'the smoke profile runs a single stride at size 25; the comparison needs the quick or full profile');
});

test('sweepFindings: counts of pairs below and within noise, the stride difference and the report\'s choice', () => {
  const cs: TrialComparison[] = [
    { hash: 'b', reference: 'b', f1: d(0, 0, 0), nll: d(0, 0, 0) },
    { hash: 'a', reference: 'b', f1: d(-0.1, -0.15, -0.05), nll: d(0.2, 0.1, 0.3) },
    { hash: 'c', reference: 'b', f1: d(-0.05, -0.1, 0.01), nll: d(0.01, -0.02, 0.04) },
  ];
  const text = sweepFindings({
    profile: 'quick', source: 'synthetic', trials: [{ folds: [{ metrics: { valSubjects: 60 } }, { metrics: { valSubjects: 70 } }], trial: { cv: { folds: 5 } } }],
    points, comparisons: cs, name: pairNamer(points), strides: [], gap: 'stride 2 ends with …',
  });
  assert.match(text, /each on 2 of 5 folds \(130 validation subjects per pair\)/);
  assert.match(text, /highest mean validation macro-F1 is size 25 \/ stride 2, 0\.9000 \[0\.8500, 0\.9500\]/);
  assert.match(text, /1 of the other 2 pairs are lower beyond noise and 1 are within noise by macro-F1 \(by the validation loss: 1 worse beyond noise, 1 within noise\)/);
  assert.match(text, /one stride per size/);
  assert.match(text, /Overfitting: stride 2 ends with …$/);
});
