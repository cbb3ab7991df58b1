import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPcaGroup, pcaScores } from '../../lib/features/pca';

// Centred points (3,3), (-3,-3), (1,-1), (-1,1), shifted by (10, 5): covariance (n-1 = 3)
// [[20/3, 16/3], [16/3, 20/3]] → eigenvalues 12 and 4/3, explained ratios 0.9 and 0.1.
const x = Float32Array.of(13, 7, 11, 9);
const y = Float32Array.of(8, 2, 4, 6);

test('PCA of a hand-computed 2-D cloud', () => {
  const g = fitPcaGroup(0, ['joint_00', 'joint_01'], [x, y], 0.9);
  assert.deepEqual(g.mean, [10, 5]);
  assert.ok(Math.abs(g.eigenvalues[0] - 12) < 1e-12 && Math.abs(g.eigenvalues[1] - 4 / 3) < 1e-12);
  assert.ok(Math.abs(g.explainedRatio[0] - 0.9) < 1e-12 && Math.abs(g.explainedRatio[1] - 0.1) < 1e-12);
  assert.equal(g.kept, 1); // 0.9 reaches 0.9
  assert.deepEqual(g.names, ['pca1_pc1']);
  const h = Math.SQRT1_2;
  g.components.flat().forEach((v, i) => assert.ok(Math.abs(v - [h, h, h, -h][i]) < 1e-12));
  const [pc1, pc2] = pcaScores(g, [x, y], 2);
  // (3,3)·(1,1)/√2 = 3√2; (1,-1)·(1,-1)/√2 = √2
  const r2 = Math.SQRT2;
  [3 * r2, -3 * r2, 0, 0].forEach((v, i) => assert.ok(Math.abs(pc1[i] - v) < 1e-6, `pc1[${i}]`));
  [0, 0, r2, -r2].forEach((v, i) => assert.ok(Math.abs(pc2[i] - v) < 1e-6, `pc2[${i}]`));
});

test('components kept: the fewest whose cumulative ratio reaches the target', () => {
  assert.equal(fitPcaGroup(0, ['a', 'b'], [x, y], 0.5).kept, 1);
  assert.equal(fitPcaGroup(0, ['a', 'b'], [x, y], 0.95).kept, 2);
  assert.equal(fitPcaGroup(2, ['a', 'b'], [x, y], 1).names.join(), 'pca3_pc1,pca3_pc2');
});

test('a group that does not vary is an error', () => {
  assert.throws(() => fitPcaGroup(0, ['a', 'b'], [Float32Array.of(1, 1), Float32Array.of(2, 2)], 0.9), /do not vary/);
});
