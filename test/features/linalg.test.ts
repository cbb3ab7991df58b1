import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covariance, symmetricEigen } from '../../lib/features/linalg';
import { Rng } from '../../lib/core/random';

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-12, what = ''): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

test('2×2: [[2,1],[1,2]] has eigenvalues 3, 1 with vectors (1,1)/√2 and (1,-1)/√2', () => {
  const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
  const h = Math.SQRT1_2;
  close(values, [3, 1]);
  // Sign convention: the largest-|entry| (first on a tie) is positive.
  close(vectors, [h, h, h, -h]);
});

test('3×3 tridiagonal [[2,-1,0],[-1,2,-1],[0,-1,2]]: 2+√2, 2, 2-√2', () => {
  const { values, vectors } = symmetricEigen([2, -1, 0, -1, 2, -1, 0, -1, 2], 3);
  const r2 = Math.SQRT2;
  close(values, [2 + r2, 2, 2 - r2]);
  // (1, -√2, 1)/2 flipped so that its largest entry, -√2/2, becomes positive.
  close(vectors.subarray(0, 3), [-0.5, r2 / 2, -0.5], 1e-12, 'v1');
  close(vectors.subarray(3, 6), [Math.SQRT1_2, 0, -Math.SQRT1_2], 1e-12, 'v2');
  close(vectors.subarray(6, 9), [0.5, r2 / 2, 0.5], 1e-12, 'v3');
});

test('a diagonal matrix is already decomposed; eigenvalues come out sorted', () => {
  const { values, vectors } = symmetricEigen([1, 0, 0, 0, 5, 0, 0, 0, 3], 3);
  close(values, [5, 3, 1]);
  close(vectors, [0, 1, 0, 0, 0, 1, 1, 0, 0]);
});

test('random symmetric 8×8: A·v = λ·v, orthonormal vectors, trace preserved', () => {
  const rng = new Rng(5);
  const n = 8;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.uniform(-1, 1);
  const { values, vectors } = symmetricEigen(a, n);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i * n + i];
  assert.ok(Math.abs(values.reduce((s, x) => s + x, 0) - trace) < 1e-12);
  for (let k = 0; k < n; k++) {
    if (k > 0) assert.ok(values[k] <= values[k - 1]);
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[k * n + j];
      assert.ok(Math.abs(av - values[k] * vectors[k * n + i]) < 1e-12, `A v${k} row ${i}`);
    }
    for (let l = 0; l < n; l++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += vectors[k * n + i] * vectors[l * n + i];
      assert.ok(Math.abs(dot - (k === l ? 1 : 0)) < 1e-12, `v${k}·v${l}`);
    }
  }
});

test('non-symmetric or mis-sized input is rejected', () => {
  assert.throws(() => symmetricEigen([1, 2, 3, 4], 2), /not symmetric at \(0, 1\)/);
  assert.throws(() => symmetricEigen([1, 2, 3], 2), /3 entries for a 2×2 matrix/);
});

test('covariance uses the n-1 divisor', () => {
  // x = 1..4: squared deviations sum to 5; y = 2x.
  close(covariance([Float32Array.of(1, 2, 3, 4), Float32Array.of(2, 4, 6, 8)]), [5 / 3, 10 / 3, 10 / 3, 20 / 3]);
  assert.throws(() => covariance([Float32Array.of(1)]), /at least 2 rows/);
});
