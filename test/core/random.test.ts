import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveSeed, mix32, Rng } from '../../lib/core/random';

const M32 = (1n << 32n) - 1n;

/** splitmix32-seeded sfc32 written again from the published algorithm in BigInt arithmetic, as a reference. */
function referenceStream(seed: number, count: number): number[] {
  let state = BigInt(seed) & M32;
  const splitmix = (): bigint => {
    state = (state + 0x9e3779b9n) & M32;
    let z = state;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M32;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M32;
    return z ^ (z >> 16n);
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), counter = 1n;
  const sfc = (): bigint => {
    const tmp = (a + b + counter) & M32;
    counter = (counter + 1n) & M32;
    a = b ^ (b >> 9n);
    b = (c + (c << 3n)) & M32;
    c = ((((c << 21n) | (c >> 11n)) & M32) + tmp) & M32;
    return tmp;
  };
  for (let i = 0; i < 12; i++) sfc();
  return Array.from({ length: count }, () => Number(sfc()));
}

test('u32 is sfc32 seeded by splitmix32 with 12 warm-up draws, as an independent BigInt implementation', () => {
  for (const seed of [0, 1, 42, 0x7fffffff, 0xfffffffe]) {
    const r = new Rng(seed);
    assert.deepEqual(Array.from({ length: 1000 }, () => r.u32()), referenceStream(seed, 1000), `seed ${seed}`);
  }
  // the first draws after seeding, printed by a C implementation (uint32_t arithmetic, PractRand's sfc32 step)
  const c: Record<number, number[]> = {
    0: [591558436, 2737234123, 107644106, 1338548054, 2499804003, 2743868851],
    1: [792534090, 3215351813, 160231488, 1151041103, 1990438114, 272676157],
    42: [2476999517, 2284424721, 914527439, 3398404915, 1005869237, 3374281156],
  };
  for (const [seed, expected] of Object.entries(c)) {
    const r = new Rng(Number(seed));
    assert.deepEqual(Array.from({ length: 6 }, () => r.u32()), expected, `seed ${seed}`);
  }
  assert.equal(mix32(0), 2462723854); // the same C program's first splitmix32 output from state 0
  assert.equal(mix32(12345), 1200724404);
});

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
  for (let i = 0; i < 1000; i++) {
    const x = r.uniform(-2, 3);
    assert.ok(x >= -2 && x < 3);
  }
});

test('poisson has mean and variance λ', () => {
  const r = new Rng(9);
  const n = 40000;
  for (const lambda of [0.1, 2, 4]) {
    let m = 0, m2 = 0;
    for (let i = 0; i < n; i++) { const k = r.poisson(lambda); assert.ok(Number.isInteger(k) && k >= 0); m += k; m2 += k * k; }
    m /= n;
    const v = m2 / n - m * m;
    // 5 standard errors of the sample mean (sd √λ/√n); the variance's spread is about λ√(2/n) for these λ
    assert.ok(Math.abs(m - lambda) < 5 * Math.sqrt(lambda / n), `λ ${lambda}: mean ${m}`);
    assert.ok(Math.abs(v - lambda) < 0.05 * lambda + 0.01, `λ ${lambda}: variance ${v}`);
  }
  assert.equal(r.poisson(0), 0);
  assert.throws(() => r.poisson(-1), /poisson: mean/);
  assert.throws(() => r.poisson(NaN), /poisson: mean/);
});

test('int stays in range; bad n and seeds are rejected', () => {
  const r = new Rng(3);
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) {
    const k = r.int(5);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 5);
    seen.add(k);
  }
  assert.equal(seen.size, 5);
  assert.throws(() => r.int(0), /positive integer/);
  assert.throws(() => r.int(2.5), /positive integer/);
  assert.throws(() => new Rng(NaN), /seed/);
});

test('shuffle permutes arrays and typed arrays in place and reaches every position', () => {
  const r = new Rng(1);
  const firstSeen = new Set<number>();
  for (let rep = 0; rep < 200; rep++) {
    const a = Int32Array.from({ length: 8 }, (_, i) => i);
    assert.equal(r.shuffle(a), a);
    assert.deepEqual(Array.from(a).sort(), [0, 1, 2, 3, 4, 5, 6, 7]);
    firstSeen.add(a[0]);
  }
  assert.equal(firstSeen.size, 8);
  const u = Uint8Array.from({ length: 50 }, (_, i) => i);
  r.shuffle(u);
  assert.notDeepEqual([...u], [...Array(50).keys()]);
  assert.deepEqual([...u].sort((x, y) => x - y), [...Array(50).keys()]);
  const words = ['a', 'b', 'c', 'd', 'e', 'f'];
  r.shuffle(words);
  assert.deepEqual([...words].sort(), ['a', 'b', 'c', 'd', 'e', 'f']);
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

test('deriveSeed: deterministic 32-bit seeds that depend on every part and its position', () => {
  assert.equal(deriveSeed(42, 0, 5), deriveSeed(42, 0, 5));
  const seeds = new Set<number>();
  for (let split = 0; split < 2; split++) for (let s = 0; s < 500; s++) seeds.add(deriveSeed(42, split, s));
  assert.equal(seeds.size, 1000);
  for (const x of seeds) assert.ok(Number.isInteger(x) && x >= 0 && x < 2 ** 32);
  assert.notEqual(deriveSeed(1, 2), deriveSeed(2, 1));
  assert.notEqual(deriveSeed(42), deriveSeed(42, 0));
  // one step by hand: h0 = 0x2545f491, then h = mix32(h ^ mix32(p))
  assert.equal(deriveSeed(7), mix32((0x2545f491 ^ mix32(7)) >>> 0));
});
