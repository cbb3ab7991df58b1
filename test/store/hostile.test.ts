// The trial store against folders that were tampered with rather than damaged by a crash: a fold copied in from
// another trial (same index) or from a trial on other data, a fold without the seal, config.json deleted, edited or
// another trial's, a trial or fold folder replaced by a symbolic link, a fold deleted beside its summary. Each case,
// on a real (tiny) final experiment of two models: `inspectTrial` (what `runs verify` prints) names it; without repair
// the run stops naming the file and submits nothing; with repair it says what it repairs, nothing outside the
// outputs folder is touched, and the submission is byte-identical to the untouched run's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../lib/data/dataset';
import type { Dataset } from '../../lib/data/series';
import { generateDataset } from '../../lib/data/generate';
import { parseConfig } from '../../lib/experiments/config/config';
import { runExperiment, type ExperimentResult } from '../../lib/experiments/run/experiment';
import { inspectTrial } from '../../lib/store/inspect';
import { ensureFold, readFold, writeTrialConfig } from '../../lib/store/store';
import { readSealedJSON, sealJSON } from '../../lib/store/verify';
import { tinyTrial } from '../tiny-trial';

const config = parseConfig({
  name: 'hostile',
  kind: 'final',
  base: tinyTrial({ cv: { folds: 2, run: 2 }, window: { size: 40, stride: 40 }, model: { hiddenSize: 5 }, train: { epochs: 1, patience: 5 } }),
  models: { rnn: {}, lstm: { model: { cell: 'lstm' } } },
  ensemble: { test: true },
});

const root = mkdtempSync(join(tmpdir(), 'hostile-'));
let data: Dataset;
let otherData: Dataset;
let clean: ExperimentResult;
let other: ExperimentResult;
const cleanOut = join(root, 'clean');
const otherOut = join(root, 'other-data');
after(() => rmSync(root, { recursive: true, force: true }));

const submission = (out: string, model = 'rnn'): string => join(out, 'experiments', 'hostile', 'full', `submission-${model}.csv`);
const hashOf = (r: ExperimentResult, model: string): string => r.trials[r.rows.findIndex((row) => row.model === model)].hash;
const run = (out: string, lines: string[] = [], repair?: boolean, d = data): Promise<ExperimentResult> =>
  runExperiment(config, 'full', { data: d, out, workers: 0, log: (l) => lines.push(l), codeVersion: 'test', repair });

before(async () => {
  generateDataset({ outDir: join(root, 'data'), seed: 11, trainSubjects: 24, testSubjects: 6 });
  generateDataset({ outDir: join(root, 'data2'), seed: 12, trainSubjects: 24, testSubjects: 6 });
  data = loadDataset(join(root, 'data'), { test: true });
  otherData = loadDataset(join(root, 'data2'), { test: true });
  clean = await run(cleanOut);
  other = await run(otherOut, [], undefined, otherData);
  assert.ok(existsSync(submission(cleanOut)) && existsSync(submission(cleanOut, 'lstm')));
});

/** Every file under dir (relative), with its bytes: what must not change outside the outputs folder. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = readFileSync(join(d, e.name)).toString('base64');
    }
  };
  walk(dir, '');
  return out;
}

/**
 * A copy of the clean outputs (without submissions), tampered with by `harm` on the RNN trial's folder. Checks that
 * inspection names it (`verify`), that a run without repair stops with `message` and submits nothing, and that a
 * repairing run says `said` and submits exactly what the untouched run submitted.
 */
async function tampered(name: string, harm: (trialDir: string, out: string) => void, message: RegExp, said: RegExp): Promise<{ out: string; trialDir: string; lines: string[] }> {
  const out = join(root, name);
  cpSync(cleanOut, out, { recursive: true });
  for (const m of ['rnn', 'lstm']) rmSync(submission(out, m));
  const trialDir = join(out, 'runs', hashOf(clean, 'rnn'));
  harm(trialDir, out);
  const seen = await inspectTrial(trialDir);
  assert.ok(seen.damage.some((d) => message.test(d)), `verify names it: ${seen.damage.join(' | ')}`);
  await assert.rejects(run(out, [], false), message);
  assert.ok(!existsSync(submission(out)) && !existsSync(submission(out, 'lstm')), 'nothing submitted from a tampered store');
  const lines: string[] = [];
  await run(out, lines);
  assert.ok(lines.some((l) => said.test(l)), `the repair says what it does: ${lines.filter((l) => /trial /.test(l)).join(' | ')}`);
  assert.equal(readFileSync(submission(out), 'utf8'), readFileSync(submission(cleanOut), 'utf8'), 'the repaired run submits the same');
  assert.equal(readFileSync(submission(out, 'lstm'), 'utf8'), readFileSync(submission(cleanOut, 'lstm'), 'utf8'));
  assert.deepEqual((await inspectTrial(trialDir)).damage, [], 'intact after the repair');
  return { out, trialDir, lines };
}

test('a fold folder copied from another trial (same index) is foreign: never summarised, exported or submitted', async () => {
  await tampered('foreign-fold', (t, out) => {
    rmSync(join(t, 'fold-0'), { recursive: true });
    cpSync(join(out, 'runs', hashOf(clean, 'lstm'), 'fold-0'), join(t, 'fold-0'), { recursive: true });
  }, new RegExp(`fold-0/manifest\\.json: foreign fold: it belongs to trial ${hashOf(clean, 'lstm')}, not ${hashOf(clean, 'rnn')}`),
  /fold 1: DAMAGED — .*foreign fold.*moved aside to .*; it will be recomputed$/);
});

test('a fold copied from the same recipe trained on other data is foreign (no "subject appears twice" later)', async () => {
  await tampered('other-data-fold', (t) => {
    rmSync(join(t, 'fold-1'), { recursive: true });
    cpSync(join(otherOut, 'runs', hashOf(other, 'rnn'), 'fold-1'), join(t, 'fold-1'), { recursive: true });
  }, new RegExp(`fold-1/manifest\\.json: foreign fold: it belongs to trial ${hashOf(other, 'rnn')}`), /fold 2: DAMAGED — .*foreign fold/);
});

test('a fold whose manifest has no seal (written before folds were sealed) is retrained, saying so', async () => {
  await tampered('unsealed', (t) => {
    const f = join(t, 'fold-0', 'manifest.json');
    const { checksum: _c, data: _d, ...rest } = readSealedJSON<Record<string, unknown>>(f);
    writeFileSync(f, sealJSON({ ...rest, version: 1 }));
  }, /fold-0\/manifest\.json: not sealed to its trial \(manifest version 1/, /fold 1: DAMAGED — .*not sealed/);
});

test('config.json deleted: verify names it, --no-repair stops, a run re-seals it from the recipe', async () => {
  const { trialDir } = await tampered('no-config', (t) => rmSync(join(t, 'config.json')),
    /config\.json: missing/, /config\.json: DAMAGED — .*missing .*; re-sealed from the recipe$/);
  assert.equal(readSealedJSON<{ hash: string }>(join(trialDir, 'config.json')).hash, hashOf(clean, 'rnn'));
});

test('config.json edited, or another trial\'s: named, moved aside, re-sealed', async () => {
  await tampered('edited-config', (t) => {
    const f = join(t, 'config.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('"hiddenSize":5', '"hiddenSize":6'));
  }, /config\.json: content changed: its checksum does not match/, /config\.json: DAMAGED — .*moved aside to .*re-sealed from the recipe$/);
  await tampered('foreign-config', (t, out) => cpSync(join(out, 'runs', hashOf(clean, 'lstm'), 'config.json'), join(t, 'config.json')),
    /config\.json: names another trial \(its hash differs/, /config\.json: DAMAGED — .*names another trial/);
});

test('a trial folder replaced by a symbolic link: named, never followed, recomputed inside the store', async () => {
  const outside = join(root, 'outside-trial');
  let before: Record<string, string> = {};
  const { trialDir } = await tampered('linked-trial', (t) => {
    renameSync(t, outside);
    symlinkSync(outside, t);
    before = snapshot(outside);
  }, /a symbolic link \(to .*outside-trial\), not a trial folder of the store/, /DAMAGED — .*symbolic link.*the link was removed \(not what it points to\)/);
  assert.ok(lstatSync(trialDir).isDirectory() && !lstatSync(trialDir).isSymbolicLink());
  assert.deepEqual(snapshot(outside), before, 'nothing written or removed where the link pointed');
  // nothing reads through such a link either (export, tables): every fold read refuses it
  const link = join(root, 'linked-trial-read');
  symlinkSync(outside, link);
  assert.throws(() => readFold(link, 0), /linked-trial-read: a symbolic link \(to .*outside-trial\), not a trial folder of the store/);
});

test('a fold folder replaced by a symbolic link: named, moved aside (the link), retrained; its target untouched', async () => {
  const outside = join(root, 'outside-fold');
  let before: Record<string, string> = {};
  await tampered('linked-fold', (t) => {
    renameSync(join(t, 'fold-1'), outside);
    symlinkSync(outside, join(t, 'fold-1'));
    before = snapshot(outside);
  }, /fold-1: a symbolic link \(to .*outside-fold\), not a fold folder of the store/, /fold 2: DAMAGED — .*symbolic link/);
  assert.deepEqual(snapshot(outside), before);
});

test('a fold folder deleted beside the trial summary: verify names it, the retrain says so', async () => {
  await tampered('missing-fold', (t) => rmSync(join(t, 'fold-1'), { recursive: true }),
    /fold-1: missing: the trial summary needs all 2 folds and fold 2 is not there/, /fold 2: DAMAGED — .*missing.*it will be retrained$/);
});

test('readFold checks the seal\'s data fingerprint against config.json; ensureFold refuses to seal a fold into another trial\'s folder', async () => {
  const t = join(root, 'unit', 'abc123');
  writeTrialConfig(t, { hash: 'abc123', data: 'files:two' }, 'test-compute');
  await ensureFold(t, 0, async () => ({ record: { fold: 0 } }), { compute: 'test-compute', trial: 'abc123' });
  assert.equal(readFold(t, 0)!.manifest.data, 'files:two', 'sealed with config.json\'s data');
  // the trial's config now names other data (re-sealed: it named another trial): the fold no longer belongs
  const lines: string[] = [];
  writeTrialConfig(t, { hash: 'abc123', data: 'files:one' }, 'test-compute', { log: (l) => lines.push(l) });
  assert.match(lines.join('\n'), /config\.json: DAMAGED — .*names another trial \(its data differs/);
  assert.throws(() => readFold(t, 0), /fold-0\/manifest\.json: foreign fold: trained on data files:two…, the trial's is files:one…/);
  assert.equal(readFold(t, 0, { data: 'files:two' })!.manifest.data, 'files:two');
  // a fold can only be sealed with the trial folder's own name and data
  await assert.rejects(ensureFold(t, 1, async () => ({ record: {} }), { compute: 'c', data: 'files:two' }), /a fold trained on data files:two… cannot join trial abc123 \(data files:one…\)/);
  assert.ok(!existsSync(join(t, 'fold-1')), 'refused before training');
  await assert.rejects(ensureFold(t, 1, async () => ({ record: {} }), { compute: 'c', data: 'files:one', trial: 'other' }), /fold of trial other committed into the folder of abc123/);
});
