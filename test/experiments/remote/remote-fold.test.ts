import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { generateDataset } from '../../../lib/data/generate';
import { dataFingerprint } from '../../../lib/store/fingerprint';
import { trialHash } from '../../../lib/store/identity';
import { readFold, readTrialConfig } from '../../../lib/store/store';
import {
  checkFoldTask, collectFold, foldCost, foldTaskId, landFold, packDataFiles, unpackDataFiles, type RemoteFoldTask,
} from '../../../lib/experiments/remote/remote-fold';
import { trial } from '../trial-fixture';

const task: RemoteFoldTask = { trial, labels: { experiment: 'e', model: 'm', point: { 'train.lr': 0.01 } }, dataFingerprint: `files:${'a'.repeat(64)}`, codeVersion: 'b'.repeat(64), fold: 1 };

test('checkFoldTask: a valid payload passes; unknown keys, paths, bad recipes, bad identities and folds are refused by key', () => {
  assert.deepEqual(checkFoldTask(JSON.parse(JSON.stringify(task))), task);
  const bad: [unknown, RegExp][] = [
    [{ ...task, runsDir: '/etc' }, /task: unknown key "runsDir"/],
    [{ ...task, trial: { ...trial, model: { ...trial.model, hiddenSize: 0 } } }, /task\.trial\.model\.hiddenSize: expected an integer ≥ 1/],
    [{ ...task, trial: { ...trial, window: { size: 10, stride: 20 } } }, /task\.trial\.window\.stride: stride 20 is longer/],
    [{ ...task, trial: { ...trial, train: { ...trial.train, lr: 'fast' } } }, /task\.trial\.train\.lr: expected a number/],
    [{ ...task, fold: 4 }, /task\.fold: fold 4 but the trial runs 4 fold/],
    [{ ...task, fold: -1 }, /task\.fold/],
    [{ ...task, codeVersion: '../../etc/passwd' }, /task\.codeVersion: expected an identity string/],
    [{ ...task, dataFingerprint: 7 }, /task\.dataFingerprint: expected a string/],
    [{ ...task, labels: { model: 'x', where: '/tmp' } }, /task\.labels: unknown key "where"/],
    [{ ...task, labels: { point: { big: 'x'.repeat(70_000) } } }, /more than the 65536/],
    ['just a string', /task: expected an object/],
    [null, /expected an object/],
  ];
  for (const [raw, re] of bad) assert.throws(() => checkFoldTask(raw), (e: Error) => e.name === 'ConfigError' && re.test(e.message), String(re));
  assert.equal(foldTaskId(task), `${trialHash(trial, task.dataFingerprint, task.codeVersion)}-fold-1`);
});

test('foldCost: the report\'s LSTM 2×256 folds cost more than its RNN 1×64 folds; epochs, windows and width scale it', () => {
  const base = JSON.parse(JSON.stringify(trial)) as typeof trial;
  const lstm = { ...base, model: { ...base.model, cell: 'lstm' as const, hiddenSize: 256, layers: 2 } };
  const rnn = { ...base, model: { ...base.model, cell: 'rnn' as const, hiddenSize: 64, layers: 1 } };
  assert.ok(foldCost(lstm) > 100 * foldCost(rnn));
  assert.equal(foldCost({ ...rnn, train: { ...rnn.train, epochs: 4 } }), 2 * foldCost(rnn));
  // a per-epoch window cap bounds the cost
  assert.ok(foldCost({ ...rnn, train: { ...rnn.train, maxWindowsPerEpoch: 10 } }) < foldCost(rnn));
  // hand count: 1 layer RNN, hidden 6, input 30, window 10 stride 5 on 160 steps → 31 windows per subject
  const subjects = 600 * (1 - 1 / trial.cv.folds);
  assert.equal(foldCost(trial), 2 * subjects * 31 * 10 * 1 * 6 * (30 + 6));
});

test('collectFold → landFold: files land whole with their sha256 checked, committed by the store; tampered or foreign files are refused', async () => {
  const root = mkdtempSync(join(tmpdir(), 'land-'));
  try {
    const hash = trialHash(task.trial, task.dataFingerprint, task.codeVersion);
    const src = join(root, 'worker', hash, 'fold-1');
    for (const [p, text] of [['result.json', JSON.stringify({ metrics: { fold: 1 } }) + '\n'], ['metrics.jsonl', '{}\n'], ['model/model.json', '{}'], ['model/weights.bin', 'abc']]) {
      const f = join(src, p);
      mkdirSync(join(f, '..'), { recursive: true });
      writeFileSync(f, text);
    }
    const a = collectFold(src, { worker: 'w1', hash, fold: 1 });
    assert.deepEqual(a.files.map((f) => f.path), ['metrics.jsonl', 'model/model.json', 'model/weights.bin', 'result.json']);
    const runs = join(root, 'runs');
    const tampered = { ...a, files: a.files.map((f) => (f.path === 'model/weights.bin' ? { ...f, base64: Buffer.from('abd').toString('base64') } : f)) };
    await assert.rejects(landFold(runs, task, tampered), /weights\.bin does not match its sha256/);
    await assert.rejects(landFold(runs, task, { ...a, files: [...a.files, { ...a.files[0], path: '../../escape.json' }] }), /unexpected file/);
    await assert.rejects(landFold(runs, task, { ...a, fold: 2 }), /names another task/);
    await assert.rejects(landFold(runs, { ...task, fold: 0 }, { ...a, fold: 0 }), /result\.json missing or of another fold/);
    assert.ok(!existsSync(join(runs, hash, 'fold-1')), 'nothing landed from a refused result');
    const dir = await landFold(runs, task, a);
    assert.equal(readFileSync(join(dir, 'model', 'weights.bin'), 'utf8'), 'abc');
    assert.equal(readTrialConfig<{ hash: string }>(join(runs, hash)).hash, hash);
    // committed like a fold trained here: a manifest with every file's checksum, verified on read
    assert.deepEqual(readFold(join(runs, hash), 1)!.manifest.files.map((f) => f.path), ['metrics.jsonl', 'model/model.json', 'model/weights.bin', 'result.json']);
    assert.deepEqual(readdirSync(join(runs, hash)).sort(), ['config.json', 'fold-1'], 'no landing folder left behind');
    assert.equal(await landFold(runs, task, a), dir, 'landing twice (a retried task) is harmless');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('packDataFiles → unpackDataFiles keeps the fingerprint; names other than the data files are refused', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pack-'));
  try {
    generateDataset({ outDir: join(root, 'a'), seed: 3, trainSubjects: 6, testSubjects: 2 });
    const blob = packDataFiles(join(root, 'a'));
    await unpackDataFiles(blob, join(root, 'b'));
    const cache = join(root, 'fp.json');
    assert.equal(dataFingerprint(join(root, 'b'), cache), dataFingerprint(join(root, 'a'), cache));
    const header = Buffer.from(JSON.stringify([['../evil.csv', 3]]));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.byteLength);
    await assert.rejects(unpackDataFiles(gzipSync(Buffer.concat([len, header, Buffer.from('abc')])), join(root, 'c')), /unexpected entry/);
    assert.ok(!existsSync(join(root, 'evil.csv')));
    const raw = gunzipSync(blob);
    await assert.rejects(unpackDataFiles(gzipSync(raw.subarray(0, raw.byteLength - 5)), join(root, 'd')), /unexpected entry/);
    await assert.rejects(unpackDataFiles(blob.subarray(0, blob.byteLength - 5), join(root, 'e')), /not a packed data set/);
    await assert.rejects(unpackDataFiles(Buffer.from('plain bytes'), join(root, 'f')), /not a packed data set/);
    // compressed: the CSVs shrink
    assert.ok(blob.byteLength * 2 < raw.byteLength, `${blob.byteLength} vs ${raw.byteLength}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
