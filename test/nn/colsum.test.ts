import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colSum, colSumInto } from '../../lib/nn/colsum';

test('colSumInto adds each column sum to what out already holds', () => {
  // [[1, 2, 3], [10, 20, 30]]
  const m = Float32Array.of(1, 2, 3, 10, 20, 30);
  const out = Float32Array.of(100, 0, -1);
  colSumInto(m, 2, 3, out);
  assert.deepEqual([...out], [111, 22, 32]);
});

test('colSum sums in float64 and starts from zero on every call', () => {
  const m = Float32Array.of(1, 2, 3, 4);
  assert.deepEqual([...colSum(m, 2, 2).subarray(0, 2)], [4, 6]);
  assert.deepEqual([...colSum(m, 1, 2).subarray(0, 2)], [1, 2]);
});
