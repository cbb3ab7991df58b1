import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatAge, parseAge, recipeKey } from '../../lib/cli/runs';

const BIN = resolve(__dirname, '../../lib/cli/bin.cjs');
const CONFIGS = resolve(__dirname, '../../notebooks/configs');
const root = mkdtempSync(join(tmpdir(), 'pp-runs-'));
const data = join(root, 'data');
const out = join(root, 'out');
after(() => rmSync(root, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmpdir(), encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const trialHashes = (): string[] => readdirSync(join(out, 'runs')).filter((d) => !d.startsWith('.')).sort();
/** the recurrent trials (their folds hold weights.bin) */
const recurrent = (): string[] => trialHashes().filter((h) => readFileSync(join(out, 'runs', h, 'config.json'), 'utf8').includes('"cell"'));

before(() => {
  assert.equal(cli('generate', '--out', data, '--seed', '3', '--train-subjects', '24', '--test-subjects', '6').code, 0);
  const r = cli('run', '--config', join(CONFIGS, 'final.json5'), '--data', data, '--out', out, '--profile', 'smoke', '--workers', '0');
  assert.equal(r.code, 0, r.err);
});

test('runs ls: every trial with its recipe, status, folds done, score, size and age', () => {
  const r = cli('runs', 'ls', '--out', out);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.match(lines[0], /^hash\s+experiment\s+recipe\s+status\s+folds\s+val F1\s+size\s+age$/);
  const rows = lines.slice(1, -1);
  // final.json5: two recurrent models and two baselines (a baseline's folds are folders of other files: same store)
  assert.equal(rows.length, 4);
  assert.equal(rows.filter((row) => /^[0-9a-f]{12}\s+final\/(lstm|rnn)\/smoke\s+(LSTM|RNN) 1×8 w25\/2 bs32 lr0\.001 ep1\s+done\s+2\/2\s+0\.\d{4}\s+\d+ kB\s+\d+s$/.test(row)).length, 2, rows.join('\n'));
  assert.equal(rows.filter((row) => /^[0-9a-f]{12}\s+final\/(logreg|forest)\/smoke\s+baseline (logreg|forest)\s+done\s+2\/2\s+0\.\d{4}\s+\d+ kB\s+\d+s$/.test(row)).length, 2, rows.join('\n'));
  assert.match(lines.at(-1)!, /^4 trial\(s\), [\d.]+ [kM]B in /);
});

test('runs show HASH: config, provenance and per-fold metrics; a unique prefix will do', () => {
  const hash = recurrent()[0];
  const r = cli('runs', 'show', hash.slice(0, 5), '--out', out);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`^trial ${hash}  done`));
  assert.match(r.out, /^created: \S+ on \S+ \(.+, \d+ cores, linux-x64\), node v\d+\.\d+\.\d+, compute \S+, git ([0-9a-f]{40}|none), package-lock [0-9a-f]{12}$/m);
  assert.match(r.out, /"hiddenSize": 8/);
  assert.match(r.out, /^1\s+done\s+0\.\d{4}\s+0\.\d{4}\s+\d\.\d{4}\s+1\/1\s+\d+\.\d\s+\S+\s+\S+ \d{4}-/m);
  assert.match(r.out, /^2\s+done/m);
  assert.match(r.out, /^val macro-F1 0\.\d{4} ± 0\.\d{4} over 2 fold\(s\)$/m);
  assert.equal(cli('runs', 'show', 'ffffffff', '--out', out).code, 1);
  assert.equal(cli('runs', 'show', '--out', out).code, 2);
});

test('runs verify: exit 0 when intact; exit 1 listing the damaged files; run --no-repair stops naming the file and submits nothing', () => {
  const ok = cli('runs', 'verify', '--out', out);
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.match(ok.out, /^4 trial\(s\), \d+ fold artifact\(s\) checked in \d+\.\d\d s: all intact$/m);
  const [a] = recurrent();
  const weights = join(out, 'runs', a, 'fold-0', 'model', 'weights.bin');
  const good = readFileSync(weights);
  writeFileSync(weights, Buffer.alloc(good.length, 0));
  const bad = cli('runs', 'verify', '--out', out);
  assert.equal(bad.code, 1);
  assert.match(bad.out, new RegExp(`^DAMAGED .*${a}/fold-0/model/weights\\.bin: content changed: sha256 differs`, 'm'));
  assert.match(bad.out, /1 trial\(s\) damaged/);
  assert.match(cli('runs', 'ls', '--out', out).out, new RegExp(`^${a}\\s.*DAMAGED`, 'm'));

  const submission = join(out, 'submission-smoke.csv');
  rmSync(submission, { force: true });
  for (const f of readdirSync(join(out, 'experiments', 'final', 'smoke'))) if (f.endsWith('.csv')) rmSync(join(out, 'experiments', 'final', 'smoke', f));
  const stop = cli('run', '--config', join(CONFIGS, 'final.json5'), '--data', data, '--out', out, '--profile', 'smoke', '--no-repair', '--workers', '0');
  assert.equal(stop.code, 1);
  assert.match(stop.err, new RegExp(`^run: .*${a}/fold-0/model/weights\\.bin: content changed: sha256 differs`));
  assert.ok(!existsSync(submission));
  assert.deepEqual(readdirSync(join(out, 'experiments', 'final', 'smoke')).filter((f) => f.endsWith('.csv')), []);
  // the default repairs: moved aside, retrained, submitted
  const fixed = cli('run', '--config', join(CONFIGS, 'final.json5'), '--data', data, '--out', out, '--profile', 'smoke', '--workers', '0');
  assert.equal(fixed.code, 0, fixed.err);
  assert.match(fixed.out, new RegExp(`trial ${a} fold 1: DAMAGED — .*weights\\.bin: content changed.*moved aside to .*${a}/damaged/fold-0-`));
  assert.ok(existsSync(submission));
  assert.deepEqual(readFileSync(weights), good, 'retrained to the same weights');
  assert.equal(cli('runs', 'verify', '--out', out).code, 0);
});

test('runs gc: unreferenced and old trials go (dry run first), referenced ones and running ones stay', () => {
  // a trial no config references: the final recipe with another seed
  const other = join(root, 'other.json5');
  writeFileSync(other, readFileSync(join(CONFIGS, 'final.json5'), 'utf8').replace(/seed: 42/, 'seed: 43'));
  assert.equal(cli('run', '--config', other, '--data', data, '--out', out, '--profile', 'smoke', '--workers', '0').code, 0);
  const before = trialHashes();
  // the seed is part of every entry's recipe, baselines' too
  assert.equal(before.length, 8);
  const dry = cli('runs', 'gc', '--out', out, '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  const named = [...dry.out.matchAll(/^would remove ([0-9a-f]{12}) \(.*\): no config references its recipe$/gm)].map((m) => m[1]);
  assert.equal(named.length, 4);
  assert.match(dry.out, /^would remove 4 of 8 trial\(s\), [\d.]+ [kM]B$/m);
  assert.deepEqual(trialHashes(), before, 'a dry run removes nothing');
  // --configs with the other config too: nothing is unreferenced
  const both = join(root, 'configs');
  rmSync(both, { recursive: true, force: true });
  require('node:fs').mkdirSync(both);
  writeFileSync(join(both, 'final.json5'), readFileSync(join(CONFIGS, 'final.json5')));
  writeFileSync(join(both, 'other.json5'), readFileSync(other));
  assert.match(cli('runs', 'gc', '--out', out, '--configs', both, '--dry-run').out, /would remove 0 of 8/);
  assert.match(cli('runs', 'gc', '--out', out, '--configs', both, '--older-than', '1000d', '--dry-run').out, /would remove 0 of 8/);
  assert.match(cli('runs', 'gc', '--out', out, '--configs', both, '--older-than', '0s', '--dry-run').out, /would remove 8 of 8/);
  const real = cli('runs', 'gc', '--out', out);
  assert.equal(real.code, 0, real.err);
  assert.deepEqual(trialHashes(), before.filter((h) => !named.includes(h)));
  assert.equal(cli('runs', 'verify', '--out', out).code, 0);
  // the moved-aside damage of the earlier test is deleted only on request
  assert.match(cli('runs', 'gc', '--out', out, '--damaged', '--dry-run').out, /would delete 1 moved-aside item\(s\) of [0-9a-f]{12}/);
});

test('ages and recipe keys', () => {
  assert.equal(parseAge('30d'), 30 * 86_400_000);
  assert.equal(parseAge('90m'), 5_400_000);
  assert.throws(() => parseAge('soon'), /--older-than: expected a number with s, m, h, d or w/);
  assert.equal(formatAge(3 * 86_400_000), '3d');
  // a successive-halving rung (fewer epochs) has the same recipe key
  const t = { seed: 1, train: { epochs: 20, lr: 1 } };
  assert.equal(recipeKey(t), recipeKey({ seed: 1, train: { epochs: 2, lr: 1 } }));
  assert.notEqual(recipeKey(t), recipeKey({ seed: 2, train: { epochs: 20, lr: 1 } }));
  assert.ok(statSync(root).isDirectory());
});
