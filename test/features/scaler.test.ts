import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyScaler, fitScaler } from '../../lib/features/scaler';

test('min-max maps the training range to [0, 1] and leaves other values outside it', () => {
  const p = fitScaler('minmax', [Float32Array.of(0, 2, 4), Float32Array.of(-1, 1, 0)]);
  assert.deepEqual(p, { kind: 'minmax', offset: [0, -1], scale: [4, 2] });
  const [a, b] = applyScaler(p, [Float32Array.of(0, 2, 4, 5, -2), Float32Array.of(-1, 1, 0, 3, -2)]);
  assert.deepEqual(Array.from(a), [0, 0.5, 1, 1.25, -0.5]);
  assert.deepEqual(Array.from(b), [0, 1, 0.5, 2, -0.5]);
});

test('a constant column maps to 0, not NaN', () => {
  for (const kind of ['minmax', 'standard'] as const) {
    const p = fitScaler(kind, [Float32Array.of(3, 3, 3)]);
    assert.equal(p.scale[0], 1);
    const [c] = applyScaler(p, [Float32Array.of(3, 3, 4)]);
    assert.deepEqual(Array.from(c), [0, 0, 1]);
  }
});

test('standard scaling uses the training mean and population standard deviation', () => {
  const p = fitScaler('standard', [Float32Array.of(1, 3, 1, 3)]);
  assert.deepEqual(p, { kind: 'standard', offset: [2], scale: [1] });
  const [c] = applyScaler(p, [Float32Array.of(1, 3, 6)]);
  assert.deepEqual(Array.from(c), [-1, 1, 4]);
});

test('scaler errors are explicit', () => {
  assert.throws(() => fitScaler('minmax', [new Float32Array(0)]), /no training rows/);
  const p = fitScaler('minmax', [Float32Array.of(0, 1)]);
  assert.throws(() => applyScaler(p, [Float32Array.of(0), Float32Array.of(1)]), /fitted on 1 columns, given 2/);
});
