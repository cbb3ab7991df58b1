import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulateDataset } from '../../lib/data/simulate';
import { fitFeatures } from '../../lib/features/pipeline';
import { RecurrentClassifier } from '../../lib/nn/model';
import { decodeSafetensors } from '../../lib/nn/safetensors';
import { commitFoldModel } from '../store/fold-fixture';

const BIN = resolve(__dirname, '../../lib/cli/bin.cjs');
const root = mkdtempSync(join(tmpdir(), 'pp-export-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmpdir(), encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// two trials whose hashes share a prefix, two untrained fold models each (the layout runTrial writes)
const data = simulateDataset({ seed: 2, trainSubjects: 12, testSubjects: 3, steps: 12 });
const features = fitFeatures(data.train, data.labels, data.train.ids, {});
const runs = join(root, 'runs');
before(async () => {
  for (const hash of ['abc111', 'abc222']) {
    for (const k of [0, 1]) {
      const model = new RecurrentClassifier({ cell: 'lstm', inputSize: features.names.length, hiddenSize: 4, layers: 2, bidirectional: true, dropout: 0, classes: 3 }, { seed: k });
      await commitFoldModel(join(runs, hash), k, 2, { model, features, window: { size: 6, stride: 3 } });
    }
  }
});

test('pirate-pain export --trial PREFIX --out DIR --runs DIR writes every fold and a manifest', () => {
  const out = join(root, 'out');
  const r = cli('export', '--trial', 'abc2', '--out', out, '--runs', runs);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^fold 0: lstm 2×4 bidirectional, \d+ parameters → .*fold-0\/model\.safetensors$/m);
  assert.match(r.out, /export: trial abc222, 2 fold model\(s\) → .*manifest\.json/);
  const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.equal(m.trial, 'abc222');
  assert.equal(m.folds.length, 2);
  const st = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'fold-1', 'model.safetensors'))));
  assert.equal(st.tensors[0].name, 'rnn.weight_ih_l0');
  assert.equal(st.metadata.trial, 'abc222');
  assert.ok(existsSync(join(out, 'fold-1', 'preprocessing.json')));
});

test('export errors: missing options (exit 2), unknown or ambiguous trial, no runs folder (exit 1)', () => {
  const none = cli('export', '--out', join(root, 'x'), '--runs', runs);
  assert.equal(none.code, 2);
  assert.match(none.err, /^export: --trial HASH is required/);
  const amb = cli('export', '--trial', 'abc', '--out', join(root, 'x'), '--runs', runs);
  assert.equal(amb.code, 1);
  assert.match(amb.err, /trial prefix abc is ambiguous \(abc111, abc222\)/);
  const unknown = cli('export', '--trial', 'fff', '--out', join(root, 'x'), '--runs', runs);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /no trial fff/);
  const noRuns = cli('export', '--trial', 'abc111', '--out', join(root, 'x'), '--runs', join(root, 'nope'));
  assert.match(noRuns.err, /nope: no such runs directory/);
  assert.equal(existsSync(join(root, 'x')), false, 'nothing written on error');
});
