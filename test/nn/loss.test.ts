import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classWeights, crossEntropy } from '../../lib/nn/loss';

const near = (a: number, b: number, tol = 1e-6, what = ''): void => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);

test('classWeights is 1/log(1+count), 0 for an empty class', () => {
  const w = classWeights([100, 10, 0]);
  near(w[0], 1 / Math.log(101));
  near(w[1], 1 / Math.log(11));
  assert.equal(w[2], 0);
  assert.throws(() => classWeights([3, -1]), /counts\[1\]/);
});

test('plain cross-entropy is the mean negative log-softmax of the targets', () => {
  // sample 0: logits ln1, ln2, ln3 → p = 1/6, 2/6, 3/6; sample 1: all equal → 1/3
  const logits = new Float32Array([0, Math.log(2), Math.log(3), 5, 5, 5]);
  const { loss, dLogits } = crossEntropy(logits, [2, 0], 2, 3);
  near(loss, (-Math.log(0.5) - Math.log(1 / 3)) / 2);
  // d/dz = (p - onehot)/N
  const want = [1 / 6, 2 / 6, 3 / 6 - 1, 1 / 3 - 1, 1 / 3, 1 / 3].map((v) => v / 2);
  want.forEach((v, i) => near(dLogits[i], v, 1e-6, `dLogits[${i}]`));
});

test('weights + label smoothing follow PyTorch: smoothing weighted per class, both divided by Σ w[target]', () => {
  // sample 0: logits [1, 2, 0], target 1; sample 1: [0, 0, 0], target 2; w = [1, 2, 3]; ε = 0.2
  const w = new Float32Array([1, 2, 3]);
  const eps = 0.2;
  const lse0 = Math.log(Math.E + Math.E ** 2 + 1);
  const nlp0 = [lse0 - 1, lse0 - 2, lse0 - 0]; // -log p for sample 0
  const ln3 = Math.log(3);
  const denom = 2 + 3;
  const nll = 2 * nlp0[1] + 3 * ln3;
  const smooth = (1 * nlp0[0] + 2 * nlp0[1] + 3 * nlp0[2]) + (1 + 2 + 3) * ln3;
  const want = ((1 - eps) * nll + (eps / 3) * smooth) / denom; // = 0.871598…
  const { loss, dLogits } = crossEntropy(new Float32Array([1, 2, 0, 0, 0, 0]), [1, 2], 2, 3, { weights: w, labelSmoothing: eps });
  near(loss, want);
  near(loss, 0.8715985, 1e-6, 'pinned value'); // from PyTorch 1.13: F.cross_entropy(..., weight=w, label_smoothing=0.2)
  // sample 1 (p = 1/3 each), class 0: [(1-ε)·w_t·p + ε/3·(Σw·p − w_0)] / Σw_t
  near(dLogits[3], ((1 - eps) * 3 * (1 / 3) + (eps / 3) * (6 / 3 - 1)) / denom);
  near(dLogits[5], ((1 - eps) * 3 * (1 / 3 - 1) + (eps / 3) * (6 / 3 - 3)) / denom);
  // gradient rows of a weighted softmax loss sum to (1-ε)w_t(1-1)+ε/3(Σw−Σw) = 0
  near(dLogits[0] + dLogits[1] + dLogits[2], 0);
});

test('crossEntropy gradient matches central differences', () => {
  const logits = new Float32Array([0.3, -1.2, 2.0, 0.5, 0.1, -0.4, 1.5, 1.5, -2]);
  const y = [2, 0, 1];
  const o = { weights: new Float32Array([0.4, 1.1, 2.5]), labelSmoothing: 0.15 };
  const { dLogits } = crossEntropy(logits, y, 3, 3, o);
  for (let i = 0; i < logits.length; i++) {
    const h = 1e-2;
    const up = Float32Array.from(logits); up[i] += h;
    const dn = Float32Array.from(logits); dn[i] -= h;
    const fd = (crossEntropy(up, y, 3, 3, o).loss - crossEntropy(dn, y, 3, 3, o).loss) / (2 * h);
    near(dLogits[i], fd, 1e-4, `dLogits[${i}]`);
  }
});

test('bad targets and shapes are reported', () => {
  assert.throws(() => crossEntropy(new Float32Array(6), [0, 3], 2, 3), /target 1 is 3/);
  assert.throws(() => crossEntropy(new Float32Array(5), [0, 1], 2, 3), /logits has 5 values/);
  assert.throws(() => crossEntropy(new Float32Array(6), [0, 1], 2, 3, { weights: new Float32Array(2) }), /2 class weights for 3 classes/);
});
