// Central differences on tiny models: checks every gradient without any reference implementation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecurrentClassifier, crossEntropy } from '../../lib/nn';
import type { ModelSpec } from '../../lib/nn';
import { Rng } from '../../lib/nn/rng';
import { gemmPaths } from './gemm-paths';

// each distinct compute path (the TS-kernel variants of native products are covered by model.test.ts)
const paths = gemmPaths().paths.filter((p) => !p.label.endsWith('TS kernels'));

for (const { label, gemm } of paths) for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  test(`${cell} (${label}): every parameter gradient matches central differences (bidirectional, 2 layers)`, () => {
    const spec: ModelSpec = { cell, inputSize: 2, hiddenSize: 3, layers: 2, bidirectional: true, dropout: 0, classes: 3 };
    const m = new RecurrentClassifier(spec, { seed: 21, gemm });
    const r = new Rng(4);
    const B = 2, T = 3;
    const x = Float32Array.from({ length: B * T * 2 }, () => 2 * r.normal());
    const y = [0, 2];
    const o = { weights: new Float32Array([1, 0.5, 2]), labelSmoothing: 0.1 };
    const loss = (): number => crossEntropy(m.forward(x, B, T, false), y, B, 3, o).loss;
    m.zeroGrad();
    m.backward(crossEntropy(m.forward(x, B, T, true), y, B, 3, o).dLogits);
    const h = 5e-3;
    let checked = 0;
    for (const p of m.params) {
      for (let i = 0; i < p.data.length; i++) {
        const v = p.data[i];
        p.data[i] = v + h;
        const up = loss();
        p.data[i] = v - h;
        const dn = loss();
        p.data[i] = v;
        const fd = (up - dn) / (2 * h);
        const g = p.grad[i];
        assert.ok(Math.abs(fd - g) <= 1e-2 * Math.abs(g) + 3e-4, `${p.name}[${i}]: backward ${g} vs finite difference ${fd}`);
        checked++;
      }
    }
    assert.equal(checked, m.params.reduce((s, p) => s + p.data.length, 0));
  });
}
