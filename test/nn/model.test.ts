import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { RecurrentClassifier, crossEntropy, getGemm, openblasUnavailableReason, typescriptGemm } from '../../lib/nn';
import type { Gemm, ModelSpec } from '../../lib/nn';
import { Rng } from '../../lib/nn/rng';
import { referenceGrads, useCpu } from './tfjs-reference';
import { setWasmSimdEnabled } from '../../lib/nn/gemm/wasm';
import { gemmPaths } from './gemm-paths';

before(useCpu);

// every compute path available here (test/nn/gemm-paths.ts): typescript, and each native path with its fused C
// kernels and with TypeScript gate kernels over its sgemm
const { paths, skipped } = gemmPaths();
for (const s of skipped) console.log(`# compute path not tested here: ${s}`);
const gemms: [string, Gemm][] = paths.map((p) => [p.label, p.gemm]);
if (!openblasUnavailableReason()) assert.ok(getGemm('openblas').recurrent, 'the built addon has the fused recurrent kernels');

/** max |a-b| ≤ rel·max|b| + abs */
function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, rel: number, what: string, abs = 1e-7): void {
  assert.equal(a.length, b.length, `${what}: length`);
  let scale = 0, worst = 0, at = -1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) {
    const e = Math.abs(a[i] - b[i]);
    if (!(e <= worst)) { worst = e; at = i; }
  }
  assert.ok(worst <= rel * scale + abs, `${what}: max error ${worst} at ${at} (${a[at]} vs ${b[at]}), scale ${scale}`);
}

function data(spec: ModelSpec, B: number, T: number, seed: number): { x: Float32Array; y: number[] } {
  const r = new Rng(seed);
  const x = Float32Array.from({ length: B * T * spec.inputSize }, () => r.normal());
  const y = Array.from({ length: B }, () => r.int(spec.classes));
  return { x, y };
}

const W = new Float32Array([0.7, 1.3, 2.1]);
const cases: [string, Partial<ModelSpec>][] = [];
for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  cases.push([`${cell} 1 layer`, { cell, layers: 1, bidirectional: false }]);
  cases.push([`${cell} bidirectional 2 layers`, { cell, layers: 2, bidirectional: true }]);
  cases.push([`${cell} 3 layers`, { cell, layers: 3, bidirectional: false }]);
}

function checkAgainstTfjs(gemm: Gemm, part: Partial<ModelSpec>, B = 3, T = 5): void {
  const spec: ModelSpec = { cell: 'lstm', inputSize: 4, hiddenSize: 6, layers: 1, bidirectional: false, dropout: 0, classes: 3, ...part };
  const m = new RecurrentClassifier(spec, { seed: 11, gemm });
  assert.equal(m.gemm.name, gemm.name);
  const { x, y } = data(spec, B, T, 5);
  const ref = referenceGrads(spec, m.params, x, B, T, y, W, 0.1);
  m.zeroGrad();
  const logits = m.forward(x, B, T, true);
  assertClose(logits, ref.logits, 1e-5, 'logits');
  const { loss, dLogits } = crossEntropy(logits, y, B, 3, { weights: W, labelSmoothing: 0.1 });
  assert.ok(Math.abs(loss - ref.loss) <= 1e-5 * Math.abs(ref.loss), `loss ${loss} vs ${ref.loss}`);
  m.backward(dLogits);
  m.params.forEach((p, i) => assertClose(p.grad, ref.grads[i], 1e-4, p.name));
  // the same call in inference mode gives the same logits
  assertClose(m.forward(x, B, T, false), ref.logits, 1e-5, 'inference logits');
}

for (const [gemmLabel, gemm] of gemms) {
  for (const [label, part] of cases) {
    test(`${label} (${gemmLabel}): logits, loss and every gradient match tfjs`, () => checkAgainstTfjs(gemm, part));
  }
}

for (const [gemmLabel, gemm] of gemms) {
  test(`one window of one step, bidirectional 2 layers, every cell (${gemmLabel}): matches tfjs`, () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) checkAgainstTfjs(gemm, { cell, layers: 2, bidirectional: true }, 1, 1);
  });
}

for (const [label, part] of cases) {
  test(`${label} (typescript without WebAssembly SIMD: scalar loops, Math.tanh/exp): matches tfjs`, () => {
    setWasmSimdEnabled(false);
    try {
      checkAgainstTfjs(typescriptGemm, part);
    } finally {
      setWasmSimdEnabled(true);
    }
  });
}

test('gradients accumulate across backward calls until zeroGrad', () => {
  const spec: ModelSpec = { cell: 'gru', inputSize: 3, hiddenSize: 4, layers: 2, bidirectional: true, dropout: 0, classes: 3 };
  const m = new RecurrentClassifier(spec, { seed: 1, gemm: typescriptGemm });
  const { x, y } = data(spec, 2, 4, 2);
  m.zeroGrad();
  const { dLogits } = crossEntropy(m.forward(x, 2, 4, true), y, 2, 3);
  m.backward(dLogits);
  const once = m.params.map((p) => Float32Array.from(p.grad));
  m.forward(x, 2, 4, true);
  m.backward(dLogits);
  m.params.forEach((p, i) => assertClose(p.grad, once[i].map((v) => 2 * v), 1e-6, p.name));
  m.zeroGrad();
  for (const p of m.params) assert.ok(p.grad.every((v) => v === 0));
});

for (const [gemmLabel, gemm] of gemms) test(`dropout (${gemmLabel}): masks follow the documented draw order, gradients match tfjs with that fixed mask`, () => {
  const spec: ModelSpec = { cell: 'lstm', inputSize: 4, hiddenSize: 5, layers: 3, bidirectional: true, dropout: 0.4, classes: 3 };
  const B = 3, T = 4, DH = 10;
  const m = new RecurrentClassifier(spec, { seed: 2, gemm });
  const { x, y } = data(spec, B, T, 8);
  m.reseedDropout(77);
  // independent reconstruction: one uniform per unit of layers 0..L-2 in [batch, step, unit] order
  const r = new Rng(77);
  const masks: (Float32Array | null)[] = [];
  for (let l = 0; l < spec.layers - 1; l++) masks.push(Float32Array.from({ length: B * T * DH }, () => (r.next() < 0.4 ? 0 : 1 / 0.6)));
  masks.push(null);
  const zeros = masks.slice(0, 2).reduce((a, mk) => a + (mk as Float32Array).filter((v) => v === 0).length, 0);
  assert.ok(zeros > 0 && zeros < 2 * B * T * DH, 'some but not all units dropped');
  const ref = referenceGrads(spec, m.params, x, B, T, y, W, 0, masks);
  m.zeroGrad();
  const logits = m.forward(x, B, T, true);
  assertClose(logits, ref.logits, 1e-5, 'logits with dropout');
  m.backward(crossEntropy(logits, y, B, 3, { weights: W }).dLogits);
  const first = Float32Array.from(logits); // logits is a view the next forward overwrites
  m.params.forEach((p, i) => assertClose(p.grad, ref.grads[i], 1e-4, p.name));
  // inference ignores dropout: equals the reference without masks
  const plain = referenceGrads(spec, m.params, x, B, T, y, W, 0);
  assertClose(m.forward(x, B, T, false), plain.logits, 1e-5, 'inference logits');
  // the next training forward draws a fresh mask
  const again = Float32Array.from(m.forward(x, B, T, true));
  assert.notDeepEqual(again, first);
});

for (const [gemmLabel, gemm] of gemms) test(`same seed ⇒ bit-identical training runs (${gemmLabel}: init, dropout, gradients)`, () => {
  const spec: ModelSpec = { cell: 'gru', inputSize: 3, hiddenSize: 8, layers: 2, bidirectional: true, dropout: 0.3, classes: 3 };
  const runOnce = (): Float32Array[] => {
    const m = new RecurrentClassifier(spec, { seed: 42, gemm });
    m.reseedDropout(5);
    const { x, y } = data(spec, 4, 6, 3);
    for (let k = 0; k < 3; k++) {
      m.zeroGrad();
      const { dLogits } = crossEntropy(m.forward(x, 4, 6, true), y, 4, 3);
      m.backward(dLogits);
      for (const p of m.params) for (let i = 0; i < p.data.length; i++) p.data[i] -= 0.1 * p.grad[i];
    }
    return m.params.flatMap((p) => [Float32Array.from(p.data), Float32Array.from(p.grad)]);
  };
  const a = runOnce(), b = runOnce();
  a.forEach((v, i) => assert.deepEqual(v, b[i]));
  const other = new RecurrentClassifier(spec, { seed: 43, gemm: typescriptGemm });
  assert.notDeepEqual(other.params[0].data, new RecurrentClassifier(spec, { seed: 42, gemm: typescriptGemm }).params[0].data);
});

test('initialisation follows PyTorch bounds: RNN tensors U(±1/√H), Linear U(±1/√in)', () => {
  const spec: ModelSpec = { cell: 'lstm', inputSize: 30, hiddenSize: 64, layers: 2, bidirectional: true, dropout: 0, classes: 3 };
  const m = new RecurrentClassifier(spec, { seed: 0, gemm: typescriptGemm });
  assert.deepEqual(m.params.map((p) => p.name).slice(0, 8), [
    'rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0',
    'rnn.weight_ih_l0_reverse', 'rnn.weight_hh_l0_reverse', 'rnn.bias_ih_l0_reverse', 'rnn.bias_hh_l0_reverse',
  ]);
  assert.deepEqual(m.params[8].shape, [256, 128]); // weight_ih_l1 takes both directions
  for (const p of m.params) {
    const bound = p.name.startsWith('fc.') ? 1 / Math.sqrt(128) : 1 / 8;
    let mx = 0, sum = 0;
    for (const v of p.data) { mx = Math.max(mx, Math.abs(v)); sum += v; }
    assert.ok(mx <= bound, `${p.name} max ${mx} > ${bound}`);
    if (p.data.length > 1000) {
      assert.ok(mx > 0.97 * bound, `${p.name} does not fill its range`);
      assert.ok(Math.abs(sum / p.data.length) < 0.05 * bound, `${p.name} mean off centre`);
    }
  }
});

test('large inference batches are chunked but give the same logits', () => {
  const spec: ModelSpec = { cell: 'rnn', inputSize: 2, hiddenSize: 3, layers: 1, bidirectional: true, dropout: 0, classes: 3 };
  const m = new RecurrentClassifier(spec, { seed: 4, gemm: typescriptGemm });
  const B = 1100, T = 3;
  const { x } = data(spec, B, T, 1);
  const all = Float32Array.from(m.forward(x, B, T, false));
  for (const b of [0, 511, 512, 1099]) {
    const one = m.forward(x.subarray(b * T * 2, (b + 1) * T * 2), 1, T, false);
    assertClose(all.subarray(b * 3, b * 3 + 3), one, 1e-6, `row ${b}`);
  }
});

test('bad shapes and calls fail with clear errors', () => {
  const spec: ModelSpec = { cell: 'rnn', inputSize: 2, hiddenSize: 3, layers: 1, bidirectional: false, dropout: 0, classes: 3 };
  const m = new RecurrentClassifier(spec, { gemm: typescriptGemm });
  assert.throws(() => m.forward(new Float32Array(5), 1, 2, true), /x has 5 values, expected batch 1 × steps 2 × inputSize 2/);
  assert.throws(() => m.backward(new Float32Array(3)), /forward\(\.\.\., training = true\) first/);
  m.forward(new Float32Array(4), 1, 2, false);
  assert.throws(() => m.backward(new Float32Array(3)), /training = true/);
  m.forward(new Float32Array(4), 1, 2, true);
  assert.throws(() => m.backward(new Float32Array(4)), /dLogits has 4 values/);
  assert.throws(() => new RecurrentClassifier({ ...spec, cell: 'tcn' as 'rnn' }), /spec\.cell/);
  assert.throws(() => new RecurrentClassifier({ ...spec, layers: 5 }), /spec\.layers/);
  assert.throws(() => new RecurrentClassifier({ ...spec, dropout: 1 }), /spec\.dropout/);
});
