import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMMANDS } from '../../lib/cli/main';
import { tempDir } from '../data/fixtures';

const BIN = resolve(__dirname, '../../lib/cli/bin.cjs');

/** Runs the real executable from an unrelated working directory. */
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('every command module exports usage and run', async () => {
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const m = await entry.load();
    assert.equal(typeof m.run, 'function', name);
    assert.match(m.usage, new RegExp(`^pirate-pain ${name}`), name);
  }
});

test('top-level help, help per command, unknown command', () => {
  const help = cli('--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /usage: pirate-pain <command>/);
  assert.match(help.out, /generate +write a deterministic synthetic data set/);
  assert.equal(cli().code, 2);
  const gen = cli('generate', '--help');
  assert.equal(gen.code, 0);
  assert.match(gen.out, /^pirate-pain generate --out DIR/);
  assert.equal(cli('help', 'validate').code, 0);
  const bad = cli('frobnicate');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^pirate-pain: unknown command "frobnicate"/);
});

test('generate and validate a small synthetic folder', () => {
  const dir = join(tempDir('pp-cli-'), 'out');
  const gen = cli('generate', '--out', dir, '--seed', '3', '--train-subjects', '30', '--test-subjects', '12');
  assert.equal(gen.code, 0, gen.err);
  assert.match(gen.out, /generated 6 files in .* \(seed 3/);
  const val = cli('validate', '--data', dir);
  assert.equal(val.code, 0, val.err);
  assert.match(val.out, /train: +30 subjects × 160 steps = 4800 rows/);
  assert.match(val.out, /test: +12 subjects × 160 steps = 1920 rows/);
  assert.match(val.out, /classes: +no_pain 23 \(76\.7%\), low_pain 4 \(13\.3%\), high_pain 3 \(10\.0%\)/);
  assert.match(val.out, /\(synthetic\)/);
  assert.match(val.out, /^ok: read and checked/m);

  // break one cell: validate names file, line and column, exits 1, prints no stack
  const train = join(dir, 'pirate_pain_train.csv');
  const lines = readFileSync(train, 'utf8').split('\n');
  const cells = lines[41].split(',');
  cells[16] = 'abc'; // joint_07
  lines[41] = cells.join(',');
  writeFileSync(train, lines.join('\n'));
  const bad = cli('validate', '--data', dir);
  assert.equal(bad.code, 1);
  assert.equal(bad.err.trim(), 'validate: pirate_pain_train.csv:42:joint_07: not a number: "abc"');
  assert.equal(bad.out, '');
});

test('usage mistakes exit 2 with a clear message', () => {
  const unknown = cli('generate', '--out', 'x', '--sed', '1');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /^generate: unknown option --sed \(known: --out, --seed/);
  const noOut = cli('generate');
  assert.equal(noOut.code, 2);
  assert.match(noOut.err, /^generate: --out DIR is required/);
  const badInt = cli('generate', '--out', 'x', '--train-subjects', 'many');
  assert.equal(badInt.code, 2);
  assert.match(badInt.err, /^generate: --train-subjects must be an integer, got "many"/);
  const missing = cli('validate', '--data', join(tempDir('pp-cli-'), 'nothing'));
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^validate: pirate_pain_train\.csv: file not found in /);
});
