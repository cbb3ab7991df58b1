import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readSeries } from '../../lib/data/read';
import { LABELS } from '../../lib/data/schema';

const BIN = resolve(__dirname, '../../lib/cli/bin.cjs');
const FINAL = resolve(__dirname, '../../notebooks/configs/final.json5');
const SWEEP = resolve(__dirname, '../../notebooks/configs/sweep.json5');
const root = mkdtempSync(join(tmpdir(), 'pp-run-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The real executable, from an unrelated working directory. */
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmpdir(), encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function generate(name: string): string {
  const dir = join(root, name);
  const g = cli('generate', '--out', dir, '--seed', '5', '--train-subjects', '30', '--test-subjects', '9');
  assert.equal(g.code, 0, g.err);
  return dir;
}

test('run the final config (smoke): exit 0, submission-smoke.csv covers exactly the test ids, a real submission.csv is left alone; a rerun trains nothing', () => {
  const data = generate('data');
  const out = join(root, 'out');
  // a real submission from an earlier full run: a smoke run must never replace it
  const real = 'sample_index,label\n000,high_pain\n';
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'submission.csv'), real);
  const r = cli('run', '--config', FINAL, '--data', data, '--out', out, '--profile', 'smoke');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /final: profile smoke — overrides of the report's recipe/);
  assert.match(r.out, /final: 4 trial\(s\), 0 already done, 4 to run/);
  // the best validation score of all entries, recurrent or baseline
  const chosen = /submission: (lstm|rnn|logreg|forest) ensemble \(mean validation macro-F1 ([\d.]+)\), 9 test subjects → (.*)$/m.exec(r.out);
  assert.ok(chosen, r.out);
  assert.equal(chosen[3], join(out, 'submission-smoke.csv'));
  assert.equal(readFileSync(join(out, 'submission.csv'), 'utf8'), real);

  const lines = readFileSync(join(out, 'submission-smoke.csv'), 'utf8').split('\n');
  assert.equal(lines[0], 'sample_index,label');
  assert.equal(lines.at(-1), '', 'ends with a newline');
  const rows = lines.slice(1, -1).map((l) => l.split(','));
  // exactly the test file's subjects, in its order, written as Kaggle's sample submission writes them (zero-padded)
  const testIds = Array.from(readSeries(join(data, 'pirate_pain_test.csv')).ids);
  assert.equal(testIds.length, 9);
  assert.deepEqual(rows.map((r) => Number(r[0])), testIds);
  const sample = readFileSync(join(data, 'sample_submission.csv'), 'utf8').split('\n').slice(1).filter((l) => l !== '');
  assert.deepEqual(rows.map((r) => r[0]), sample.map((l) => l.split(',')[0]));
  assert.equal(rows[0][0], '000');
  assert.ok(rows.every((r) => r.length === 2 && (LABELS as readonly string[]).includes(r[1])), lines.join('\n'));
  // the same predictions as the chosen model's own submission written by runExperiment
  assert.equal(readFileSync(join(out, 'submission-smoke.csv'), 'utf8'), readFileSync(join(out, 'experiments', 'final', 'smoke', `submission-${chosen[1]}.csv`), 'utf8'));

  const again = cli('run', '--config', FINAL, '--data', data, '--out', out, '--profile', 'smoke', '--workers', '0');
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /final: 4 trial\(s\), 4 already done, 0 to run/);
  assert.equal(/submission: (lstm|rnn|logreg|forest) /.exec(again.out)?.[1], chosen[1]);
});

test('a config without a test ensemble runs on a folder without a test file and writes no submission', () => {
  const data = generate('no-test');
  unlinkSync(join(data, 'pirate_pain_test.csv'));
  const out = join(root, 'out-sweep');
  const r = cli('run', '--config', SWEEP, '--data', data, '--out', out, '--profile', 'smoke', '--workers', '1');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /sweep: 2 trial\(s\)/);
  assert.ok(!existsSync(join(out, 'submission.csv')));
  assert.ok(existsSync(join(out, 'experiments', 'sweep', 'smoke', 'summary.json')));
  // the final config needs the test file: the error names it
  const final = cli('run', '--config', FINAL, '--data', data, '--out', out, '--profile', 'smoke');
  assert.equal(final.code, 1);
  assert.match(final.err, /^run: pirate_pain_test\.csv: file not found in /);
});

test('bad configs exit 1 naming the file and the key path (or line and column); usage mistakes exit 2', () => {
  const good = readFileSync(FINAL, 'utf8');
  const badValue = join(root, 'bad-value.json5');
  writeFileSync(badValue, good.replace('batchSize: 128', "batchSize: 'big'"));
  const r = cli('run', '--config', badValue, '--out', join(root, 'never'), '--profile', 'smoke');
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`^run: ${badValue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: base\\.train\\.batchSize: `));
  assert.ok(!existsSync(join(root, 'never')), 'nothing is written for a bad config');
  // one bad search point (checked whole, with the engine's own rules) stops the run before anything trains
  const badPoint = join(root, 'bad-point.json5');
  const sweep = readFileSync(SWEEP, 'utf8');
  assert.ok(sweep.includes("'window.stride': [2, 5],"));
  writeFileSync(badPoint, sweep.replace("'window.stride': [2, 5],", "'window.stride': [2, 5, 12],"));
  const p = cli('run', '--config', badPoint, '--out', join(root, 'never'), '--profile', 'full');
  assert.equal(p.code, 1);
  assert.equal(p.err.trim(), `run: ${badPoint}: search.space."window.stride"[2]: stride 12 is longer than the window size 10: steps would be skipped ` +
    '(search point 3 of 18: {"window.size":10,"window.stride":12})');
  assert.ok(!existsSync(join(root, 'never')), 'nothing is trained or written for a config with one bad trial');
  const badSyntax = join(root, 'bad-syntax.json5');
  writeFileSync(badSyntax, good.replace("kind: 'final',", "kind: 'final',,"));
  const s = cli('run', '--config', badSyntax, '--out', join(root, 'never'));
  assert.equal(s.code, 1);
  assert.match(s.err, /^run: .*bad-syntax\.json5:\d+:\d+: invalid character ','/);
  const missing = cli('run', '--out', join(root, 'never'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^run: --config FILE is required/);
  const profile = cli('run', '--config', FINAL, '--out', join(root, 'never'), '--profile', 'huge');
  assert.equal(profile.code, 2);
  assert.match(profile.err, /^run: profile: unknown profile "huge"/);
});
