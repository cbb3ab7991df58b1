import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bar, errorBars, scatter } from '../../lib/plots/figures';
import { scoreColorRange, scoreHeatmap } from '../../lib/plots/scores';

test('score colour range: fixed from 0.5 (or below the lowest score) to 1, never the span of the values', () => {
  // the fresh-clone sweep: 0.9013 and 0.9213, one subject apart
  assert.deepEqual(scoreColorRange([0.9013, 0.9213, 0.9213]), [0.5, 1]);
  assert.deepEqual(scoreColorRange([0.38, 0.81]), [0.3, 1]);
  // an interval wider than half the scale widens it
  assert.deepEqual(scoreColorRange([0.9], [0.3]), [0.4, 1]);
  assert.deepEqual(scoreColorRange([NaN]), [0.5, 1]);
});

test('score heatmap: value and interval on every cell and in the hover, and a one-subject difference spans a few % of the colours', () => {
  const f = scoreHeatmap({
    z: [[0.9013, 0.9213], [0.9213, NaN]], lo: [[0.87, 0.89], [0.893, NaN]], hi: [[0.93, 0.95], [0.948, NaN]],
    x: ['size 10', 'size 25'], y: ['stride 2', 'stride 5'], title: 't',
  });
  const t = f.data[0] as Record<string, unknown>;
  assert.equal(t.zmin, 0.5);
  assert.equal(t.zmax, 1);
  const frac = (v: number): number => (v - (t.zmin as number)) / ((t.zmax as number) - (t.zmin as number));
  assert.ok(frac(0.9213) - frac(0.9013) <= 0.05);
  const texts = f.layout!.annotations!.map((a) => a.text);
  assert.deepEqual(texts, ['0.901<br>[0.870, 0.930]', '0.921<br>[0.890, 0.950]', '0.921<br>[0.893, 0.948]', '']);
  assert.deepEqual(t.text, [['size 10, stride 2: 0.9013 [0.870, 0.930]', 'size 25, stride 2: 0.9213 [0.890, 0.950]'], ['size 10, stride 5: 0.9213 [0.893, 0.948]', 'size 25, stride 5: not run']]);
  assert.equal(t.hovertemplate, '%{text}<extra></extra>');
  assert.throws(() => scoreHeatmap({ z: [[0.9]], lo: [], hi: [[1]], x: ['a'], y: ['b'] }), /1 rows of values but 0 of lo/);
});

test('error bars: asymmetric distances to the interval ends, on scatter points and bars', () => {
  assert.deepEqual(errorBars([0.9, 0.8], [0.85, NaN], [0.92, NaN]), {
    type: 'data', symmetric: false, visible: true, array: [0.92 - 0.9, 0], arrayminus: [0.9 - 0.85, 0],
  });
  const s = scatter({ x: [1, 2, 3], y: [0.9, 0.8, 0.7], classes: [0, 1, 0], errorY: { lo: [0.8, 0.7, 0.6], hi: [1, 0.9, 0.75] } });
  const e0 = s.data[0].error_y as { array: number[]; arrayminus: number[] };
  assert.deepEqual(e0.array.map((v) => +v.toFixed(6)), [0.1, 0.05]); // points 0 and 2 (class 0)
  assert.deepEqual(e0.arrayminus.map((v) => +v.toFixed(6)), [0.1, 0.1]);
  const b = bar({ categories: ['a'], series: [{ values: [0.9], error: { lo: [0.8], hi: [0.95] } }] });
  assert.ok(b.data[0].error_y);
  assert.throws(() => scatter({ x: [1], y: [1], classes: [0], errorY: { lo: [], hi: [1] } }), /errorY lo: 0 values, expected 1/);
});
