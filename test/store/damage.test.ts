// Every damage case of the trial store on a real (tiny) final experiment: without repair it stops naming the file
// and nothing is submitted; with repair (the default) the damage is moved aside, the fold retrained, and the
// submission comes out byte-identical to the undamaged one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../lib/data/dataset';
import type { Dataset } from '../../lib/data/series';
import { generateDataset } from '../../lib/data/generate';
import { parseConfig } from '../../lib/experiments/config/config';
import { runExperiment, type ExperimentResult } from '../../lib/experiments/run/experiment';
import { tinyTrial } from '../tiny-trial';

const config = parseConfig({
  name: 'damage',
  kind: 'final',
  base: tinyTrial({ cv: { folds: 2, run: 2 }, window: { size: 40, stride: 40 }, model: { hiddenSize: 5 }, train: { patience: 5 } }),
  models: { rnn: {} },
  ensemble: { test: true },
});

const root = mkdtempSync(join(tmpdir(), 'damage-'));
let data: Dataset;
let clean: ExperimentResult;
const cleanOut = join(root, 'clean');
after(() => rmSync(root, { recursive: true, force: true }));

const submissionFile = (out: string): string => join(out, 'experiments', 'damage', 'full', 'submission-rnn.csv');

before(async () => {
  generateDataset({ outDir: join(root, 'data'), seed: 11, trainSubjects: 24, testSubjects: 6 });
  data = loadDataset(join(root, 'data'), { test: true });
  clean = await runExperiment(config, 'full', { data, out: cleanOut, workers: 0, log: () => {}, codeVersion: 'test' });
  assert.ok(existsSync(submissionFile(cleanOut)));
});

/** A copy of the clean outputs, damaged by `harm` (relative to the trial folder), without its submission. */
function damagedCopy(name: string, harm: (trialDir: string) => void): { out: string; trialDir: string } {
  const out = join(root, name);
  cpSync(cleanOut, out, { recursive: true });
  rmSync(submissionFile(out));
  const trialDir = join(out, 'runs', clean.trials[0].hash);
  harm(trialDir);
  return { out, trialDir };
}

/** Without repair: rejected naming the file and its problem, no submission. With repair: fixed, same submission. */
async function check(name: string, harm: (trialDir: string) => void, message: RegExp, retrained: number[]): Promise<void> {
  const { out, trialDir } = damagedCopy(name, harm);
  await assert.rejects(runExperiment(config, 'full', { data, out, workers: 0, log: () => {}, codeVersion: 'test', repair: false }), message);
  assert.ok(!existsSync(submissionFile(out)), 'no submission from damaged results');
  const lines: string[] = [];
  const r = await runExperiment(config, 'full', { data, out, workers: 0, log: (l) => lines.push(l), codeVersion: 'test' });
  const repairs = lines.filter((l) => l.includes('DAMAGED'));
  assert.ok(repairs.length >= 1 && message.test(repairs[0]), `says what was damaged and where it went: ${repairs.join(' | ')}`);
  assert.match(repairs[0], /moved aside to .*damaged\/.*; it will be recomputed$/);
  const aside = readdirSync(join(trialDir, 'damaged'));
  assert.ok(aside.length >= 1 && existsSync(join(trialDir, 'damaged', aside[0], 'DAMAGE.txt')), 'kept for inspection, with the reason');
  assert.deepEqual(lines.filter((l) => / fold \d\/2: val macro-F1 .*best epoch/.test(l)).map((l) => Number(/ fold (\d)\/2/.exec(l)![1]) - 1), retrained);
  assert.equal(readFileSync(submissionFile(out), 'utf8'), readFileSync(submissionFile(cleanOut), 'utf8'), 'the repaired run submits the same');
  assert.deepEqual(readFileSync(join(trialDir, 'fold-1', 'model', 'weights.bin')), readFileSync(join(cleanOut, 'runs', clean.trials[0].hash, 'fold-1', 'model', 'weights.bin')));
}

test('weights.bin overwritten with bytes of the right length (NaN): named, never used', async () => {
  await check('weights', (t) => {
    const f = join(t, 'fold-1', 'model', 'weights.bin');
    writeFileSync(f, Buffer.alloc(statSync(f).size, 0xff));
  }, /fold-1\/model\/weights\.bin: content changed: sha256 differs/, [1]);
});

test('a fold\'s model folder deleted: the ensemble does not run with fewer members', async () => {
  await check('no-model', (t) => rmSync(join(t, 'fold-1', 'model'), { recursive: true }), /fold-1\/model\/model\.json: missing/, [1]);
});

test('a truncated fold result.json names the file', async () => {
  await check('fold-result', (t) => truncateSync(join(t, 'fold-1', 'result.json'), 40), /fold-1\/result\.json: truncated: 40 of \d+ bytes/, [1]);
});

test('a truncated trial result.json names the file and is recomputed from the folds (no retraining)', async () => {
  await check('trial-result', (t) => truncateSync(join(t, 'result.json'), 100), /\/result\.json: not valid JSON \(truncated: it ends mid-value/, []);
});

test('a fold manifest edited by hand, a metrics line rewritten: each named', async () => {
  await check('manifest', (t) => {
    const f = join(t, 'fold-1', 'manifest.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/"bytes":(\d+)/, (_, n) => `"bytes":${Number(n) + 1}`));
  }, /fold-1\/manifest\.json: content changed: its checksum does not match/, [1]);
  await check('metrics', (t) => {
    const f = join(t, 'fold-1', 'metrics.jsonl');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/"trainLoss":\d/, '"trainLoss":9'));
  }, /fold-1\/metrics\.jsonl: content changed/, [1]);
});

test('cached test predictions that were tampered with are recomputed, never submitted', async () => {
  await check('predictions', (t) => {
    const f = join(t, 'test-predictions.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('"y":[', '"y":[2,'));
  }, /test-predictions\.json: content changed: its checksum does not match/, []);
});
