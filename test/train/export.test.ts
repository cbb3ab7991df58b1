// Fold models exported as safetensors + preprocessing JSON, and loaded back by PyTorch itself with the README's code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { torchPython } from '../../lib/bench/torch';
import { simulateDataset } from '../../lib/data/simulate';
import { foldModelDirs } from '../../lib/experiments/run/test-predictions';
import { decodeSafetensors } from '../../lib/nn/safetensors';
import type { ModelSpec } from '../../lib/nn/types';
import { stratifiedKFold } from '../../lib/split/kfold';
import { exportFoldModels, type ExportManifest, type PreprocessingFile } from '../../lib/train/export';
import { foldWindows, runFold, type FoldRecipe } from '../../lib/train/fold';
import { loadFoldModel } from '../../lib/train/persist';
import { commitFoldModel } from '../store/fold-fixture';
import { predictLogits } from '../../lib/train/predict';
import { failIfMissing, toolGate } from '../report/helpers';

const data = simulateDataset({ seed: 4, trainSubjects: 30, testSubjects: 6, steps: 30 });
const folds = stratifiedKFold(data.labels, 3, 7);
const MODELS: Omit<ModelSpec, 'inputSize' | 'classes'>[] = [
  { cell: 'gru', hiddenSize: 8, layers: 1, bidirectional: false, dropout: 0 },
  { cell: 'lstm', hiddenSize: 6, layers: 2, bidirectional: true, dropout: 0.2 },
  { cell: 'rnn', hiddenSize: 5, layers: 3, bidirectional: true, dropout: 0 },
];
const root = mkdtempSync(join(tmpdir(), 'pp-export-'));
const HASH = 'f00dfeed0123';
const trial = join(root, 'runs', HASH);
const out = join(root, 'export');
let manifest: ExportManifest;

before(async () => {
  // one small trained model per fold, saved where a trial keeps them (<trial>/fold-<k>/model)
  for (const [k, model] of MODELS.entries()) {
    const recipe: FoldRecipe = {
      seed: 3, features: {}, window: { size: 8, stride: 4 }, model,
      train: { epochs: 1, batchSize: 16, lr: 1e-2, optimizer: 'adamw', weightDecay: 0.01, l1: 0, l2: 0, labelSmoothing: 0, classWeights: 'inverse-log', patience: 1 },
    };
    const r = await runFold({ data, fold: folds[k], recipe });
    await commitFoldModel(trial, k, MODELS.length, { model: r.model, features: r.features, window: r.window, meta: { fold: k } });
  }
  manifest = exportFoldModels(foldModelDirs(trial), out, { trial: HASH });
});
after(() => rmSync(root, { recursive: true, force: true }));

test('export writes each fold as safetensors with PyTorch names, its preprocessing, and a manifest with checksums', () => {
  assert.equal(manifest.trial, HASH);
  assert.deepEqual(manifest.folds.map((f) => f.weights), ['fold-0/model.safetensors', 'fold-1/model.safetensors', 'fold-2/model.safetensors']);
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')), manifest);
  for (const f of manifest.folds) {
    const loaded = loadFoldModel(join(trial, `fold-${f.fold}`, 'model'));
    const bytes = readFileSync(join(out, f.weights));
    const pre = readFileSync(join(out, f.preprocessing));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256.weights);
    assert.equal(createHash('sha256').update(pre).digest('hex'), f.sha256.preprocessing);
    const st = decodeSafetensors(new Uint8Array(bytes), f.weights);
    assert.deepEqual(st.tensors.map((t) => t.name), loaded.model.params.map((p) => p.name));
    st.tensors.forEach((t, i) => {
      assert.deepEqual(t.shape, loaded.model.params[i].shape);
      assert.deepEqual(t.data, loaded.model.params[i].data, t.name);
    });
    const spec = loaded.model.spec;
    const D = spec.bidirectional ? 2 : 1;
    assert.equal(st.metadata.rnn, { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' }[spec.cell]);
    assert.deepEqual(JSON.parse(st.metadata.rnn_kwargs), {
      input_size: spec.inputSize, hidden_size: spec.hiddenSize, num_layers: spec.layers, batch_first: true, bidirectional: spec.bidirectional,
      ...(spec.cell === 'rnn' ? { nonlinearity: 'tanh' } : {}),
    });
    assert.deepEqual(JSON.parse(st.metadata.fc_kwargs), { in_features: D * spec.hiddenSize, out_features: 3 });
    assert.deepEqual(JSON.parse(st.metadata.spec), spec);
    assert.equal(st.metadata.trial, HASH);
    assert.equal(st.metadata.fold, String(f.fold));
    // PyTorch's names for a stacked bidirectional model
    if (spec.bidirectional && spec.layers > 1) {
      assert.ok(['rnn.weight_hh_l1_reverse', 'rnn.bias_ih_l0_reverse', 'fc.weight', 'fc.bias'].every((n) => st.tensors.some((t) => t.name === n)));
    }
    // the preprocessing file alone rebuilds the model's input windows
    const p = JSON.parse(pre.toString('utf8')) as PreprocessingFile;
    assert.deepEqual(p.classes, ['no_pain', 'low_pain', 'high_pain']);
    assert.equal(p.inputs.length, spec.inputSize);
    const a = foldWindows(p.features, data.test, data.test.ids, p.window);
    const b = foldWindows(loaded.features, data.test, data.test.ids, loaded.window);
    assert.deepEqual(a.x, b.x);
  }
});

test('export into the same folder again replaces it; a folder holding something else is refused', () => {
  assert.deepEqual(exportFoldModels(foldModelDirs(trial), out, { trial: HASH }), manifest);
  assert.throws(() => exportFoldModels(foldModelDirs(trial), out, { trial: 'other' }), /not empty and not an earlier export of trial other/);
  assert.throws(() => exportFoldModels(foldModelDirs(trial), root, { trial: HASH }), /not empty/);
  assert.throws(() => exportFoldModels([], join(root, 'none')), /no fold models/);
});

/** docs/export.md's Python block that loads fold 0 of an export */
function readmePython(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'export.md'), 'utf8');
  const section = readme.slice(readme.indexOf('# Models outside the workspace'));
  const m = /```python\n([^]*?)```/.exec(section);
  assert.ok(m, 'docs/export.md: a python block in "Models outside the workspace"');
  const lines = m[1].trimEnd().split('\n');
  assert.ok(lines.length <= 5, `README's loading code is ${lines.length} lines`);
  assert.match(m[1], /export\/fold-0\//);
  return m[1];
}

const torch = torchPython();
const missing = torch.python ? undefined : `PyTorch not found (${torch.reason}; apt-get install python3-torch)`;

test('PyTorch loads each export with the README\'s five lines and reproduces the engine\'s logits within 1e-5', toolGate(missing), () => {
  failIfMissing(missing);
  const block = readmePython();
  const parts = ['import torch', 'torch.set_num_threads(1)'];
  const expected: Float32Array[] = [];
  for (const f of manifest.folds) {
    const loaded = loadFoldModel(join(trial, `fold-${f.fold}`, 'model'));
    const w = foldWindows(loaded.features, data.test, data.test.ids, loaded.window);
    writeFileSync(join(root, `x-${f.fold}.bin`), new Uint8Array(w.x.buffer, w.x.byteOffset, w.x.byteLength));
    expected.push(Float32Array.from(predictLogits(loaded.model, w)));
    parts.push(
      `x = torch.frombuffer(bytearray(open(${JSON.stringify(join(root, `x-${f.fold}.bin`))}, 'rb').read()), dtype=torch.float32).reshape(${w.n}, ${w.size}, ${w.features})`,
      block.split('export/fold-0/').join(`${out}/fold-${f.fold}/`),
      `open(${JSON.stringify(join(root, `torch-${f.fold}.bin`))}, 'wb').write(logits.detach().numpy().astype('<f4').tobytes())`,
    );
  }
  const r = spawnSync(torch.python as string, ['-c', parts.join('\n')], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
  assert.equal(r.status, 0, `python failed:\n${r.stderr}`);
  const rows: string[] = [];
  for (const f of manifest.folds) {
    const got = new Float32Array(new Uint8Array(readFileSync(join(root, `torch-${f.fold}.bin`))).buffer);
    const want = expected[f.fold];
    assert.equal(got.length, want.length);
    let err = 0, scale = 0;
    for (let i = 0; i < want.length; i++) { err = Math.max(err, Math.abs(got[i] - want[i])); scale = Math.max(scale, Math.abs(want[i])); }
    assert.ok(err <= 1e-5 * scale, `fold ${f.fold} (${f.spec.cell}): max |torch - engine| ${err}, scale ${scale}`);
    rows.push(`${f.spec.cell} ${f.spec.layers}×${f.spec.hiddenSize}${f.spec.bidirectional ? ' bi' : ''}: ${want.length / 3} windows, relative error ${(err / scale).toExponential(1)}`);
  }
  console.log(`# ${rows.join('; ')}`);
});
