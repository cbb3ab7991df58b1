import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../lib/nn/rng';

test('same seed ⇒ same stream; different seeds differ', () => {
  const a = new Rng(7), b = new Rng(7), c = new Rng(8);
  const xs = Array.from({ length: 20 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 20 }, () => b.next()));
  assert.notDeepEqual(xs, Array.from({ length: 20 }, () => c.next()));
  assert.notDeepEqual(new Rng(2 ** 32 + 1).next(), new Rng(1).next());
});

test('next is uniform on [0,1), normal has mean 0 and variance 1', () => {
  const r = new Rng(1);
  const n = 100000;
  let s = 0, lo = 1, hi = 0;
  const bins = new Array(10).fill(0);
  for (let i = 0; i < n; i++) {
    const u = r.next();
    s += u; lo = Math.min(lo, u); hi = Math.max(hi, u);
    bins[Math.floor(u * 10)]++;
  }
  assert.ok(lo >= 0 && hi < 1);
  assert.ok(Math.abs(s / n - 0.5) < 0.005);
  for (const k of bins) assert.ok(Math.abs(k - n / 10) < 5 * Math.sqrt(n / 10), `bin count ${k}`);
  let m = 0, v = 0;
  for (let i = 0; i < n; i++) { const z = r.normal(); m += z; v += z * z; }
  assert.ok(Math.abs(m / n) < 0.02);
  assert.ok(Math.abs(v / n - 1) < 0.02);
});

test('int stays in range and shuffle is a permutation', () => {
  const r = new Rng(3);
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) {
    const k = r.int(5);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 5);
    seen.add(k);
  }
  assert.equal(seen.size, 5);
  const a = Int32Array.from({ length: 50 }, (_, i) => i);
  r.shuffle(a);
  assert.notDeepEqual([...a], [...Array(50).keys()]);
  assert.deepEqual([...a].sort((x, y) => x - y), [...Array(50).keys()]);
  assert.throws(() => r.int(0), /positive integer/);
  assert.throws(() => new Rng(NaN), /seed/);
});

test('fillU32 continues the same stream as u32()', () => {
  const a = new Rng(11), b = new Rng(11);
  a.next();
  b.next();
  const bulk = new Uint32Array(37);
  a.fillU32(bulk);
  assert.deepEqual([...bulk], Array.from({ length: 37 }, () => b.u32()));
  assert.equal(a.u32(), b.u32());
});
