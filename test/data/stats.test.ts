import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pearson, quantileSorted } from '../../lib/data/stats';
import { pearson as featuresPearson } from '../../lib/features/correlation';
import { quantileSorted as plotsQuantile } from '../../lib/plots/figures';

const near = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('pearson on hand-computed pairs', () => {
  near(pearson([1, 2, 3], [2, 4, 6]), 1);
  near(pearson([1, 2, 3], [3, 2, 1]), -1);
  // deviations (-1, 0, 1) and (-1/3, -1/3, 2/3): r = 1 / √(2 · 2/3) = √3 / 2
  near(pearson([1, 2, 3], [0, 0, 1]), Math.sqrt(3) / 2);
  // deviations (-1.5, -.5, .5, 1.5)·(.5, -.5, -.5, .5) sum to 0
  near(pearson(Float32Array.of(1, 2, 3, 4), Float64Array.of(1, 0, 0, 1)), 0);
  assert.throws(() => pearson([1, 2], [1]), /lengths 2 and 1/);
});

test('pearson is 0 where r is undefined: a constant, rounding-level or empty sequence', () => {
  assert.equal(pearson([1, 1, 1], [1, 2, 3]), 0);
  assert.equal(pearson([1, 2, 3], [5, 5, 5]), 0);
  // means of a constant column that differ in the last bit of a double near 1000: pure rounding, not signal
  const m = 1000;
  const ulp = 2 ** -43; // spacing of doubles in [512, 1024) is 2^-43
  assert.equal(pearson([m, m + ulp, m, m + ulp], [0, 1, 0, 1]), 0);
  assert.equal(pearson([], []), 0);
  // a small but real spread still correlates
  near(pearson([1e-6, 2e-6, 3e-6], [1, 2, 3]), 1);
});

test('quantileSorted interpolates linearly between order statistics, as numpy.quantile does by default', () => {
  const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
  // position (n - 1)·q = 9q: q 0.25 → 2.25 → 3 + 0.25·(4 - 3); q 0.5 → 4.5 → 5.5; q 0.75 → 6.75 → 7.75
  assert.equal(quantileSorted(v, 0.25), 3.25);
  assert.equal(quantileSorted(v, 0.5), 5.5);
  assert.equal(quantileSorted(v, 0.75), 7.75);
  // q 0.95 → 8.55 → 9 + 0.55·(100 - 9)
  near(quantileSorted(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 100), 0.95), 59.05);
  assert.equal(quantileSorted(v, 0), 1);
  assert.equal(quantileSorted(v, 1), 100);
  assert.equal(quantileSorted([7], 0.3), 7);
  assert.ok(Number.isNaN(quantileSorted([], 0.5)));
});

test('lib/features and lib/plots re-export the same functions', () => {
  assert.equal(featuresPearson, pearson);
  assert.equal(plotsQuantile, quantileSorted);
});
