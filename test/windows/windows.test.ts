import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeWindows, windowCount, windowLabels, windowsOfSubjects } from '../../lib/windows/windows';
import type { FeatureSeries } from '../../lib/features/types';

/** values[s][t][f] = id*1000 + t*10 + f + 1 (never 0, so padding is recognisable). */
function series(ids: number[], steps: number, features: number): FeatureSeries {
  const values = new Float32Array(ids.length * steps * features);
  ids.forEach((id, s) => {
    for (let t = 0; t < steps; t++) for (let f = 0; f < features; f++) values[(s * steps + t) * features + f] = id * 1000 + t * 10 + f + 1;
  });
  return { ids: Int32Array.from(ids), steps, names: Array.from({ length: features }, (_, f) => `f${f}`), values };
}

test('window counts follow n = max(1, ceil((steps - size) / stride) + 1)', () => {
  const cases: [number, number, number, number][] = [
    // steps, size, stride, hand-computed count
    [160, 25, 5, 28], // 135/5 = 27, +1; last window [135, 160) fits exactly
    [160, 30, 20, 8], // ceil(130/20) = 7, +1; last window [140, 170) padded by 10
    [160, 160, 1, 1], // exact fit
    [10, 25, 5, 1], // window longer than the series
    [26, 25, 5, 2], // one step left over → a second, padded window
    [10, 4, 3, 3], // starts 0, 3, 6: the last ends at 10 exactly
    [10, 4, 4, 3], // starts 0, 4, 8: the last covers 8, 9 and two zeros
    [1, 1, 1, 1],
  ];
  for (const [steps, size, stride, n] of cases) assert.equal(windowCount(steps, size, stride), n, `${steps},${size},${stride}`);
});

test('window parameters are checked', () => {
  assert.throws(() => windowCount(10, 0, 1), /window\.size: expected an integer ≥ 1 and ≤ 160, got 0/);
  assert.throws(() => windowCount(10, 4, 0), /window\.stride: expected an integer ≥ 1/);
  assert.throws(() => windowCount(10, 2.5, 1), /window\.size/);
  assert.throws(() => windowCount(200, 161, 1), /window\.size: expected an integer ≥ 1 and ≤ 160, got 161/);
  assert.throws(() => windowCount(10, 4, 5), /stride 5 is longer than the window size 4/);
  assert.throws(() => windowCount(0, 4, 2), /steps: expected an integer ≥ 1/);
});

test('the padded last window holds the tail then zeros', () => {
  const fs = series([7, 9], 10, 2);
  const w = makeWindows(fs, 4, 4);
  assert.equal(w.n, 6);
  assert.equal(w.size, 4);
  assert.equal(w.features, 2);
  assert.equal(w.x.length, 6 * 4 * 2);
  assert.deepEqual(Array.from(w.subject), [7, 7, 7, 9, 9, 9]);
  // Window 2 of subject 7: steps 8 and 9, then two zero rows.
  assert.deepEqual(Array.from(w.x.subarray(2 * 8, 3 * 8)), [7081, 7082, 7091, 7092, 0, 0, 0, 0]);
  // Window 0 of subject 9: steps 0..3.
  assert.deepEqual(Array.from(w.x.subarray(3 * 8, 4 * 8)), [9001, 9002, 9011, 9012, 9021, 9022, 9031, 9032]);
});

test('a window longer than the series is the whole series padded with zeros', () => {
  const w = makeWindows(series([3], 3, 1), 5, 2);
  assert.equal(w.n, 1);
  assert.deepEqual(Array.from(w.x), [3001, 3011, 3021, 0, 0]);
});

test('overlapping windows match an element-by-element reference for several shapes', () => {
  const fs = series([0, 5, 12], 17, 3);
  for (const [size, stride] of [[5, 2], [17, 3], [6, 6], [20, 7], [1, 1]]) {
    const w = makeWindows(fs, size, stride);
    const per = windowCount(17, size, stride);
    assert.equal(w.n, 3 * per);
    for (let win = 0; win < w.n; win++) {
      const s = Math.floor(win / per);
      const start = (win % per) * stride;
      assert.equal(w.subject[win], fs.ids[s]);
      for (let p = 0; p < size; p++) {
        for (let f = 0; f < 3; f++) {
          const t = start + p;
          const want = t < 17 ? fs.values[(s * 17 + t) * 3 + f] : 0;
          assert.equal(w.x[(win * size + p) * 3 + f], want, `size ${size} stride ${stride} window ${win} pos ${p} f ${f}`);
        }
      }
    }
    // Every step of every subject appears in some window.
    assert.ok((per - 1) * stride + size >= 17);
  }
});

test('windowsOfSubjects takes the chosen subjects in the given order; windowLabels follows them', () => {
  const fs = series([2, 4, 6], 6, 1);
  const w = windowsOfSubjects(fs, [6, 2], 3, 3);
  assert.deepEqual(Array.from(w.subject), [6, 6, 2, 2]);
  assert.deepEqual(Array.from(w.x.subarray(0, 3)), [6001, 6011, 6021]);
  assert.deepEqual(Array.from(w.x.subarray(6, 9)), [2001, 2011, 2021]);
  const labels = { ids: Int32Array.of(2, 4, 6), y: Uint8Array.of(0, 2, 1) };
  assert.deepEqual(Array.from(windowLabels(w, labels)), [1, 1, 0, 0]);
  assert.throws(() => windowsOfSubjects(fs, [5], 3, 3), /subject 5 is not in the feature series/);
  assert.throws(() => windowLabels(w, { ids: Int32Array.of(2), y: Uint8Array.of(0) }), /subject 6 has no label/);
});

test('makeWindows on a report-sized input is fast', () => {
  const fs = series(Array.from({ length: 661 }, (_, i) => i), 160, 40);
  const t0 = performance.now();
  const w = makeWindows(fs, 25, 5);
  const ms = performance.now() - t0;
  assert.equal(w.n, 661 * 28);
  assert.equal(w.x[(w.n - 1) * 25 * 40 + 24 * 40 + 39], 660 * 1000 + 159 * 10 + 39 + 1);
  assert.ok(ms < 2000, `${ms} ms`);
});
