import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonWindow, sweepMatrix, sweepPoints } from '../../../lib/experiments/analysis/sweep';

const row = (window: number, stride: number, f1Mean: number) => ({ hash: `h${window}-${stride}`, window, stride, f1Mean, f1Std: 0, trainLoss: 0.5 });

test('sweep points: windows per subject, overlap and coverage from the window geometry', () => {
  const [a, b, c] = sweepPoints([row(25, 2, 0.9), row(25, 5, 0.8), row(10, 10, 0.7)], 160);
  // 25/2 over 160 steps: starts 0, 2, …, 134 plus one window ending at the last step → ceil(135/2)+1 = 69
  assert.equal(a.windowsPerSubject, 69);
  assert.equal(a.overlap, 23 / 25);
  assert.equal(a.timesSeen, (69 * 25) / 160);
  assert.equal(b.windowsPerSubject, 28); // ceil(135/5)+1
  assert.equal(b.overlap, 20 / 25);
  assert.equal(c.windowsPerSubject, 16);
  assert.equal(c.overlap, 0);
  assert.equal(c.timesSeen, 1);
  assert.equal(a.hash, 'h25-2');
  assert.equal(a.f1Mean, 0.9);
});

test('sweep matrix: strides as rows, windows as columns, both ascending, NaN where a pair did not run', () => {
  const m = sweepMatrix(sweepPoints([row(25, 5, 0.8), row(10, 2, 0.6), row(25, 2, 0.9)], 160));
  assert.deepEqual(m.windows, [10, 25]);
  assert.deepEqual(m.strides, [2, 5]);
  assert.deepEqual(m.z, [[0.6, 0.9], [NaN, 0.8]]);
  const counts = sweepMatrix(sweepPoints([row(25, 5, 0.8), row(25, 2, 0.9)], 160), 'windowsPerSubject');
  assert.deepEqual(counts.z, [[69], [28]]);
  // interval ends travel with the points (NaN when a row has none)
  const withCi = sweepPoints([{ ...row(25, 2, 0.9), f1Lo: 0.85, f1Hi: 0.94 }, row(25, 5, 0.8)], 160);
  assert.deepEqual(sweepMatrix(withCi, 'f1Lo').z, [[0.85], [NaN]]);
  assert.throws(() => sweepMatrix(sweepPoints([row(25, 5, 0.8), row(25, 5, 0.7)], 160)), /two trials for window 25, stride 5/);
  assert.deepEqual(sweepMatrix([]), { windows: [], strides: [], z: [] });
});

test('comparison window: the preferred size when it has the most strides, else the smallest size that has', () => {
  const all = [row(10, 2, 0), row(10, 5, 0), row(25, 2, 0), row(25, 5, 0), row(30, 5, 0)];
  assert.equal(comparisonWindow(all, 25), 25);
  assert.equal(comparisonWindow(all, 30), 10);
  assert.equal(comparisonWindow(all), 10);
  assert.equal(comparisonWindow([row(10, 5, 0), row(25, 5, 0)], 25), 25);
  assert.equal(comparisonWindow([row(30, 5, 0), row(10, 5, 0)], 20), 10);
  assert.equal(comparisonWindow([]), undefined);
});
