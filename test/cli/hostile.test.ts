// The CLI against a tampered or busy store, as a careless user or an attacker would try it: `runs ls | head`,
// exporting a baseline or a trial with a foreign fold, gc next to an unreadable config.json, a symlinked trial, a
// running experiment's holds and a fold being trained. Exit status, message, and what is (not) removed or written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { holdTrials } from '../../lib/store/holds';
import { tryLock } from '../../lib/store/lock';

const BIN = resolve(__dirname, '../../lib/cli/bin.cjs');
const CONFIGS = resolve(__dirname, '../../notebooks/configs');
const root = mkdtempSync(join(tmpdir(), 'pp-hostile-cli-'));
const data = join(root, 'data');
const out = join(root, 'out');
const runs = join(out, 'runs');
after(() => rmSync(root, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmpdir(), encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const configOf = (h: string): string => readFileSync(join(runs, h, 'config.json'), 'utf8');
const trials = (): string[] => readdirSync(runs).filter((d) => !d.startsWith('.')).sort();
const byModel = (model: string): string => trials().find((h) => configOf(h).includes(`"model":"${model}"`))!;

before(() => {
  assert.equal(cli('generate', '--out', data, '--seed', '5', '--train-subjects', '24', '--test-subjects', '6').code, 0);
  const r = cli('run', '--config', join(CONFIGS, 'final.json5'), '--data', data, '--out', out, '--profile', 'smoke', '--workers', '0');
  assert.equal(r.code, 0, r.err);
});

test('runs ls | head: the listing stops quietly when the reader closes the pipe', () => {
  // enough entries that the listing outlives the pipe (empty folders list as damaged trials)
  const many = join(root, 'many');
  for (let i = 0; i < 3000; i++) mkdirSync(join(many, 'runs', `t${String(i).padStart(4, '0')}`), { recursive: true });
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" runs ls --out "${many}" | head -1`], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^hash\s+experiment/);
  assert.equal(r.stderr, '', 'no EPIPE stack trace');
});

test('export of a baseline trial: refused by name, no folder left behind', () => {
  const to = join(root, 'export-baseline');
  const r = cli('export', '--trial', byModel('logreg'), '--out', to, '--runs', runs);
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`trial ${byModel('logreg')} is a baseline \\(logreg\\), not a neural network`));
  assert.ok(!existsSync(to));
});

test('export of a trial with a fold copied from another trial: refused naming the fold, nothing written', () => {
  const copy = join(root, 'foreign');
  cpSync(out, copy, { recursive: true });
  const [rnn, lstm] = [byModel('rnn'), byModel('lstm')];
  rmSync(join(copy, 'runs', rnn, 'fold-0'), { recursive: true });
  cpSync(join(copy, 'runs', lstm, 'fold-0'), join(copy, 'runs', rnn, 'fold-0'), { recursive: true });
  const to = join(root, 'export-foreign');
  const r = cli('export', '--trial', rnn, '--out', to, '--runs', join(copy, 'runs'));
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`${rnn}/fold-0/manifest\\.json: foreign fold: it belongs to trial ${lstm}`));
  assert.ok(!existsSync(to));
  const v = cli('runs', 'verify', '--out', copy);
  assert.equal(v.code, 1);
  assert.match(v.out, new RegExp(`^DAMAGED .*${rnn}/fold-0/manifest\\.json: foreign fold`, 'm'));
});

test('gc keeps a referenced trial whose config.json is missing, and never follows a symlinked trial out of the store', () => {
  const copy = join(root, 'gc-config');
  cpSync(out, copy, { recursive: true });
  const rnn = byModel('rnn');
  rmSync(join(copy, 'runs', rnn, 'config.json'));
  // a trial entry that is a link to a folder outside the store (which gc must neither read nor delete)
  const outside = join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'keep.txt'), 'not the store\'s\n');
  symlinkSync(outside, join(copy, 'runs', 'fffffffff000'));
  const v = cli('runs', 'verify', '--out', copy);
  assert.equal(v.code, 1);
  assert.match(v.out, new RegExp(`^DAMAGED .*${rnn}/config\\.json: missing`, 'm'));
  assert.match(v.out, /^DAMAGED .*fffffffff000: a symbolic link \(to .*outside\), not a trial folder of the store; never followed$/m);
  assert.match(cli('runs', 'ls', '--out', copy).out, /^fffffffff000\s.*DAMAGED/m);
  const gc = cli('runs', 'gc', '--out', copy, '--older-than', '0s');
  assert.equal(gc.code, 0, gc.err);
  assert.match(gc.out, new RegExp(`^keep ${rnn}: its config\\.json is missing or damaged, so gc cannot tell which recipe it holds`, 'm'));
  assert.match(gc.out, /^keep fffffffff000: a symbolic link, not a trial folder of the store \(never followed/m);
  assert.ok(existsSync(join(copy, 'runs', rnn, 'fold-0')), 'the referenced trial stays');
  assert.ok(lstatSync(join(copy, 'runs', 'fffffffff000')).isSymbolicLink());
  assert.equal(readFileSync(join(outside, 'keep.txt'), 'utf8'), 'not the store\'s\n');
  // --older-than 0s removes every other trial: each was readable and unheld
  assert.deepEqual(readdirSync(join(copy, 'runs')).filter((d) => !d.startsWith('.')).sort(), [rnn, 'fffffffff000'].sort());
});

test('gc never removes a trial a running experiment holds, nor one whose fold is being trained', async () => {
  const copy = join(root, 'gc-held');
  cpSync(out, copy, { recursive: true });
  const copyRuns = join(copy, 'runs');
  const [rnn, lstm] = [byModel('rnn'), byModel('lstm')];
  const empty = join(root, 'no-configs');
  mkdirSync(empty, { recursive: true });
  // the experiment's config lives outside --configs: nothing is referenced, only the holds keep trials
  const holds = await holdTrials(copyRuns, [rnn]);
  const training = await tryLock(join(copyRuns, lstm, 'fold-1'));
  assert.ok(training);
  try {
    const gc = cli('runs', 'gc', '--out', copy, '--configs', empty);
    assert.equal(gc.code, 0, gc.err);
    assert.match(gc.out, new RegExp(`^keep ${rnn}: no config references its recipe, but a running experiment holds it`, 'm'));
    assert.match(gc.out, new RegExp(`^keep ${lstm}: no config references its recipe, but a fold is being trained now`, 'm'));
    assert.match(gc.out, /^removed 2 of 4 trial\(s\)/m);
    assert.deepEqual(trials().length, 4, 'the original store is untouched');
    assert.deepEqual(readdirSync(copyRuns).filter((d) => !d.startsWith('.')).sort(), [rnn, lstm].sort());
  } finally {
    await training!.release();
    await holds.release();
  }
  // released: now they go
  const again = cli('runs', 'gc', '--out', copy, '--configs', empty);
  assert.match(again.out, /^removed 2 of 2 trial\(s\)/m);
  assert.deepEqual(readdirSync(copyRuns).filter((d) => !d.startsWith('.')), []);
});
