import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnCorrelation, correlationGroups, correlationMatrix, pearson, targetCorrelations } from '../../lib/features/correlation';
import { encodeSeries } from '../../lib/features/encode';
import { fixture, IDS, Y } from './fixture';

const near = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('correlationMatrix over chosen subjects matches pairwise pearson', () => {
  const { series } = fixture();
  const names = ['joint_00', 'joint_02', 'joint_30'];
  const m = correlationMatrix(series, names, [11, 13, 14]);
  assert.deepEqual(m.names, names);
  const rows = (name: string): number[] => {
    const c = series.columns[name];
    return [1, 3, 4].flatMap((s) => Array.from(c.subarray(s * 4, s * 4 + 4)));
  };
  near(m.values[1], pearson(rows('joint_00'), rows('joint_02')));
  near(m.values[3], m.values[1]);
  assert.deepEqual([m.values[0], m.values[4], m.values[8]], [1, 1, 1]);
  assert.equal(m.values[2], 0); // joint_30 is constant
  assert.throws(() => correlationMatrix(series, ['joint_99']), /unknown column "joint_99"/);
  assert.throws(() => correlationMatrix(series, names, [99]), /no subject with sample_index 99/);
});

test('correlationGroups links |r| ≥ threshold transitively and leaves singletons out', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const r = new Float64Array(36);
  for (let i = 0; i < 6; i++) r[i * 6 + i] = 1;
  const set = (i: number, j: number, v: number): void => {
    r[i * 6 + j] = v;
    r[j * 6 + i] = v;
  };
  set(0, 2, 0.9); // a–c
  set(2, 4, -0.85); // c–e (negative counts: |r|)
  set(0, 4, 0.3); // a–e weak, but linked through c
  set(1, 3, 0.8); // b–d exactly at the threshold
  set(3, 5, 0.79); // d–f just below
  assert.deepEqual(correlationGroups(r, names, 0.8), [['a', 'c', 'e'], ['b', 'd']]);
  assert.deepEqual(correlationGroups(r, names, 0.95), []);
  assert.deepEqual(correlationGroups(r, names, 0.7), [['a', 'c', 'e'], ['b', 'd', 'f']]);
  // Groups from a real correlation matrix: two collinear columns, one independent.
  const c = columnCorrelation([Float32Array.of(1, 2, 3, 4), Float32Array.of(1, -1, 1, -1), Float32Array.of(-2, -4, -6, -8)]);
  assert.deepEqual(correlationGroups(c, ['x', 'y', 'z'], 0.8), [['x', 'z']]);
});

test('target correlation: per-subject mean and spread against one-vs-rest class indicators', () => {
  const { series } = fixture();
  const frame = encodeSeries(series, IDS, true);
  const [j0, j2, j5, j6] = targetCorrelations(frame, Y, ['joint_00', 'joint_02', 'joint_05', 'joint_06']);
  const h = Math.sqrt(3) / 2;
  // joint_00 subject means = class + 3/16: r with (no_pain, low_pain, high_pain) = (-√3/2, 0, √3/2); equal spreads
  [-h, 0, h].forEach((v, c) => near(j0.mean[c], v));
  assert.deepEqual(j0.std, [0, 0, 0]);
  near(j0.score, h);
  // joint_02 subject means follow s mod 3 = 0,1,2,0,1,2: r = (-√3/4, 0, √3/4)
  [-h / 2, 0, h / 2].forEach((v, c) => near(j2.mean[c], v));
  near(j2.score, h / 2);
  // joint_05: means ±1 cancel within every class, spreads equal → no relation at all
  j5.mean.forEach((v) => near(v, 0));
  assert.deepEqual(j5.std, [0, 0, 0]);
  near(j5.score, 0);
  // joint_06: same mean for everyone, spread 1 for high_pain vs 1/4: only the std summary sees it
  j6.mean.forEach((v) => assert.equal(v, 0));
  [-0.5, -0.5, 1].forEach((v, c) => near(j6.std[c], v));
  near(j6.score, 1);
});
