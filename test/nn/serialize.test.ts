import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecurrentClassifier, paramsFromBuffer, paramsToBuffer, typescriptGemm } from '../../lib/nn';
import type { ModelJSON, ModelSpec } from '../../lib/nn';
import { Rng } from '../../lib/nn/rng';
import { gemmPaths } from './gemm-paths';

const spec: ModelSpec = { cell: 'lstm', inputSize: 3, hiddenSize: 5, layers: 2, bidirectional: true, dropout: 0.2, classes: 3 };
const r = new Rng(1);
const x = Float32Array.from({ length: 2 * 4 * 3 }, () => r.normal());

for (const { label, gemm } of gemmPaths().paths.filter((p) => !p.label.endsWith('TS kernels'))) {
  test(`toJSON → JSON text → fromJSON gives bit-identical logits (${label})`, () => {
    const m = new RecurrentClassifier(spec, { seed: 9, gemm });
    const text = JSON.stringify(m.toJSON());
    const back = RecurrentClassifier.fromJSON(JSON.parse(text) as ModelJSON, { gemm });
    assert.deepEqual(back.spec, spec);
    assert.deepEqual(Float32Array.from(back.forward(x, 2, 4, false)), Float32Array.from(m.forward(x, 2, 4, false)));
  });
}

test('weights given as plain number arrays load too', () => {
  const m = new RecurrentClassifier(spec, { seed: 9, gemm: typescriptGemm });
  const j = m.toJSON();
  j.params = m.params.map((p) => ({ name: p.name, shape: p.shape, data: [...p.data] }));
  const back = RecurrentClassifier.fromJSON(j, { gemm: typescriptGemm });
  back.params.forEach((p, i) => assert.deepEqual(p.data, m.params[i].data));
});

test('paramsToBuffer / paramsFromBuffer round trip into a differently seeded model', () => {
  const a = new RecurrentClassifier(spec, { seed: 1, gemm: typescriptGemm });
  const b = new RecurrentClassifier(spec, { seed: 2, gemm: typescriptGemm });
  const buf = paramsToBuffer(a.params);
  assert.equal(buf.byteLength, 4 * a.params.reduce((s, p) => s + p.data.length, 0));
  paramsFromBuffer(b.params, buf);
  assert.deepEqual(Float32Array.from(b.forward(x, 2, 4, false)), Float32Array.from(a.forward(x, 2, 4, false)));
  assert.throws(() => paramsFromBuffer(b.params, buf.subarray(4), 'model.bin'), /model\.bin: \d+ bytes, expected \d+/);
});

test('mismatched JSON is rejected with the key path', () => {
  const j = new RecurrentClassifier(spec, { gemm: typescriptGemm }).toJSON();
  assert.throws(() => RecurrentClassifier.fromJSON({ ...j, format: 'x' as 'pirate-pain-nn' }), /JSON\.format/);
  assert.throws(() => RecurrentClassifier.fromJSON({ ...j, spec: { ...spec, hiddenSize: 0 } }), /JSON\.spec\.hiddenSize/);
  const bad = JSON.parse(JSON.stringify(j)) as ModelJSON;
  bad.params[1].shape = [1, 2];
  assert.throws(() => RecurrentClassifier.fromJSON(bad), /params\[1\]\.shape \(rnn\.weight_hh_l0\)/);
  const short = JSON.parse(JSON.stringify(j)) as ModelJSON;
  short.params[2].data = [1, 2];
  assert.throws(() => RecurrentClassifier.fromJSON(short), /params\[2\]\.data \(rnn\.bias_ih_l0\): expected 20 values, got 2/);
});
