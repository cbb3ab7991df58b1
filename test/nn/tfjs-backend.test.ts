import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecurrentClassifier, crossEntropy, typescriptGemm } from '../../lib/nn';
import type { ModelSpec } from '../../lib/nn';
import { Rng } from '../../lib/nn/rng';
import { initTfjs, TfjsClassifier } from '../../lib/nn/tfjs-backend';

function maxErr(a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  let e = 0, s = 0;
  for (let i = 0; i < b.length; i++) { e = Math.max(e, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
  return [e, s];
}

test('auto picks wasm here: the @tensorflow/tfjs-node name is only an alias of plain tfjs in this project', async () => {
  const { backend } = await initTfjs('auto');
  assert.equal(backend, 'wasm');
  await assert.rejects(initTfjs('tensorflow'), /tfjs-node is not installed/);
});

for (const cell of ['lstm', 'gru'] as const) {
  test(`tfjs backend (cpu) gives the engine's logits and gradients, dropout included (${cell})`, async () => {
    const { tf } = await initTfjs('cpu');
    const spec: ModelSpec = { cell, inputSize: 3, hiddenSize: 5, layers: 2, bidirectional: true, dropout: 0.3, classes: 3 };
    const engine = new RecurrentClassifier(spec, { seed: 6, gemm: typescriptGemm });
    const twin = new RecurrentClassifier(spec, { seed: 6, gemm: typescriptGemm });
    const t = new TfjsClassifier(tf, spec, twin);
    assert.equal(t.backend, 'cpu');
    engine.reseedDropout(3);
    t.reseedDropout(3);
    const r = new Rng(2);
    const B = 4, T = 5;
    const x = Float32Array.from({ length: B * T * 3 }, () => r.normal());
    const y = [0, 1, 2, 1];
    const o = { weights: new Float32Array([1, 2, 0.5]), labelSmoothing: 0.05 };
    engine.zeroGrad();
    t.zeroGrad();
    const logits = engine.forward(x, B, T, true);
    const { loss, dLogits } = crossEntropy(logits, y, B, 3, o);
    engine.backward(dLogits);
    const before = tf.memory().numTensors;
    const res = t.lossAndGrads(x, B, T, y, o);
    assert.equal(tf.memory().numTensors, before, 'no tensors leak from a training step');
    const [le, ls] = maxErr(res.logits, logits);
    assert.ok(le <= 1e-5 * ls + 1e-7, `logits error ${le}`);
    assert.ok(Math.abs(res.loss - loss) <= 1e-5 * loss, `loss ${res.loss} vs ${loss}`);
    engine.params.forEach((p, i) => {
      const [e, s] = maxErr(t.params[i].grad, p.grad);
      assert.ok(e <= 1e-4 * s + 1e-7, `${p.name}: gradient error ${e} (scale ${s})`);
    });
    const [ie, is] = maxErr(t.forward(x, B, T), engine.forward(x, B, T, false));
    assert.ok(ie <= 1e-5 * is + 1e-7, `inference logits error ${ie}`);
  });
}
