import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32, shuffleInPlace } from '../../lib/split/random';

test('mulberry32 is deterministic per seed and uniform-looking in [0, 1)', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const c = mulberry32(43);
  const xs = Array.from({ length: 20000 }, () => a());
  assert.deepEqual(Array.from({ length: 20000 }, () => b()), xs);
  assert.notEqual(c(), xs[0]);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  const tenths = new Array(10).fill(0);
  xs.forEach((x) => tenths[Math.floor(x * 10)]++);
  for (const n of tenths) assert.ok(Math.abs(n - 2000) < 200, `bucket ${n}`);
});

test('shuffleInPlace permutes and reaches every position', () => {
  const random = mulberry32(1);
  const firstSeen = new Set<number>();
  for (let rep = 0; rep < 200; rep++) {
    const a = Int32Array.from({ length: 8 }, (_, i) => i);
    shuffleInPlace(a, random);
    assert.deepEqual(Array.from(a).sort(), [0, 1, 2, 3, 4, 5, 6, 7]);
    firstSeen.add(a[0]);
  }
  assert.equal(firstSeen.size, 8);
});
