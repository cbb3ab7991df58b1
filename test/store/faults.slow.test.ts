// Crash and concurrency tests of the trial store on a small real experiment, through the real CLI in child
// processes. A run is killed with SIGKILL (kill -9: no cleanup, no exit handlers) at seeded points spread over
// every durable write and fold commit of the experiment, and at seeded moments while worker threads train; each
// rerun must complete and give results byte-identical to an uninterrupted run (timing fields aside: wall seconds
// and windows per second are measurements, not results). Two runs started together must train each fold once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { tinyTrial } from '../tiny-trial';

const BIN = resolve(__dirname, '../../lib/cli/bin.cjs');
const root = mkdtempSync(join(tmpdir(), 'pp-faults-'));
const data = join(root, 'data');
const config = join(root, 'tiny.json5');
const reference = join(root, 'reference');
after(() => rmSync(root, { recursive: true, force: true }));

const ENV = { ...process.env, PIRATE_PAIN_LOCK_STALE_MS: '2000', PIRATE_PAIN_FAULT_AT: '', PIRATE_PAIN_FAULT_LOG: '' };

function run(out: string, env: Record<string, string> = {}, workers = '0'): { code: number | null; signal: NodeJS.Signals | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, 'run', '--config', config, '--data', data, '--out', out, '--profile', 'full', '--workers', workers],
    { cwd: tmpdir(), encoding: 'utf8', timeout: 180_000, env: { ...ENV, ...env } });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** mulberry32: the seeded choice of kill points. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function files(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p, base));
    else out.push(relative(base, p));
  }
  return out.sort();
}

const TIMING = new Set(['wallSeconds', 'windowsPerSecond', 'seconds', 'time', 'cached', 'checksum', 'fromFolds', 'dir', 'provenance']);
const stripTiming = (text: string): string => JSON.stringify(JSON.parse(text), (k, v) => (TIMING.has(k) ? undefined : v));

/**
 * The results of an outputs folder: every fold's model bytes, record, metrics lines and manifest file list, the
 * submissions and test predictions. Timing and provenance are left out; everything else must match byte for byte.
 */
function results(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of files(out)) {
    const p = join(out, f);
    if (/\/fold-\d+\/model\/(weights\.bin|model\.json)$/.test(f)) m.set(f, readFileSync(p).toString('base64'));
    else if (/\/fold-\d+\/result\.json$/.test(f) || /\/test-predictions[^/]*\.json$/.test(f)) m.set(f, stripTiming(readFileSync(p, 'utf8')));
    else if (/\/fold-\d+\/metrics\.jsonl$/.test(f)) m.set(f, readFileSync(p, 'utf8').trim().split('\n').map(stripTiming).join('\n'));
    else if (/\/fold-\d+\/manifest\.json$/.test(f)) m.set(f, JSON.parse(readFileSync(p, 'utf8')).files.map((a: { path: string }) => a.path.replace(/tfevents\..*/, 'tfevents')).join(','));
    else if (f.endsWith('.csv')) m.set(f, readFileSync(p, 'utf8'));
  }
  return m;
}

/** Nothing half-done is left: no temporary files, no staging folders, no locks, and `runs verify` passes. */
function assertClean(out: string, what: string): void {
  const left = files(out).filter((f) => f.includes('.tmp-') || f.includes('.staging') || f.includes('.lock'));
  assert.deepEqual(left, [], `${what}: leftovers`);
  const v = spawnSync(process.execPath, [BIN, 'runs', 'verify', '--out', out], { encoding: 'utf8', env: ENV });
  assert.equal(v.status, 0, `${what}: ${v.stdout}`);
}

let points: string[] = [];
let expected: Map<string, string>;

before(() => {
  const g = spawnSync(process.execPath, [BIN, 'generate', '--out', data, '--seed', '9', '--train-subjects', '24', '--test-subjects', '6'], { encoding: 'utf8' });
  assert.equal(g.status, 0, g.stderr);
  writeFileSync(config, `{
    name: 'tiny', kind: 'final',
    base: ${JSON.stringify(tinyTrial({ cv: { folds: 3, run: 3 }, window: { size: 40, stride: 40 }, model: { hiddenSize: 5 }, train: { epochs: 3, patience: 5 } }))},
    models: { rnn: {}, gru: { model: { cell: 'gru', hiddenSize: 4 } } },
    ensemble: { test: true },
  }\n`);
  const log = join(root, 'fault-points.txt');
  const r = run(reference, { PIRATE_PAIN_FAULT_LOG: log });
  assert.equal(r.code, 0, r.err);
  points = readFileSync(log, 'utf8').trim().split('\n');
  expected = results(reference);
  assert.ok(existsSync(join(reference, 'submission.csv')));
  assert.equal([...expected.keys()].filter((k) => k.endsWith('weights.bin')).length, 6);
});

test('killed with SIGKILL at 22 points (20 seeded) spread over every write and commit, each rerun completes with identical results', () => {
  const n = points.length;
  assert.ok(n >= 60, `${n} fault points in the experiment`);
  // one seeded point in each of 20 equal stretches of the run, spread from the first write to the submission, plus
  // the first of the two points a fold commit has on its own (manifest in staging; renamed into place)
  const random = rng(20261130);
  const bins = 20;
  const seeded = Array.from({ length: bins }, (_, b) => 1 + Math.floor(((b + random()) * n) / bins));
  const named = ['manifest written, not renamed', ': committed'].map((s) => 1 + points.findIndex((p) => p.includes(s)));
  assert.ok(named.every((k) => k > 0));
  const chosen = [...new Set([...seeded, ...named])].sort((a, b) => a - b);
  assert.ok(chosen.length >= 20);
  const names = new Set<string>();
  for (const at of chosen) {
    const out = join(root, `kill-${at}`);
    const killed = run(out, { PIRATE_PAIN_FAULT_AT: String(at) });
    assert.equal(killed.signal, 'SIGKILL', `point ${at} (${points[at - 1]}): the run was killed (exit ${killed.code}, ${killed.err.slice(-300)})`);
    names.add(points[at - 1].split('\t')[1].replace(/\d+/g, '#'));
    const rerun = run(out);
    assert.equal(rerun.code, 0, `rerun after point ${at} (${points[at - 1]}): ${rerun.err}`);
    assert.deepEqual(results(out), expected, `results after a kill at point ${at} (${points[at - 1]})`);
    assertClean(out, `after point ${at}`);
    rmSync(out, { recursive: true, force: true });
  }
  // the points hit writes of every kind: temp file, fsync, rename, folder sync, and each step of a fold commit
  for (const kind of ['before the temp file', 'not synced', 'not renamed', 'folder not synced', 'manifest written', 'committed']) {
    assert.ok([...names].some((s) => s.includes(kind)), `a kill point at "${kind}" among ${[...names].join(' | ')}`);
  }
});

test('killed at seeded moments while two worker threads train, each rerun completes with identical results', async () => {
  const t0 = Date.now();
  const ref = run(join(root, 'timed-reference'), {}, '2');
  assert.equal(ref.code, 0, ref.err);
  assert.deepEqual(results(join(root, 'timed-reference')), expected, 'two worker threads compute what one thread does');
  const span = Date.now() - t0;
  const random = rng(7);
  for (let i = 0; i < 4; i++) {
    const out = join(root, `timed-${i}`);
    const delay = 400 + random() * (span - 400);
    const child = spawn(process.execPath, [BIN, 'run', '--config', config, '--data', data, '--out', out, '--profile', 'full', '--workers', '2'],
      { cwd: tmpdir(), stdio: 'ignore', env: ENV });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    await new Promise((r) => setTimeout(r, delay));
    child.kill('SIGKILL');
    await exited;
    const rerun = run(out, {}, '2');
    assert.equal(rerun.code, 0, `rerun after a kill at ${Math.round(delay)} ms: ${rerun.err}`);
    assert.deepEqual(results(out), expected, `results after a kill at ${Math.round(delay)} ms`);
    assertClean(out, `after a kill at ${Math.round(delay)} ms`);
  }
});

test('runs started together on the same outputs train each fold exactly once and agree', async () => {
  const out = join(root, 'together');
  const start = (): Promise<{ code: number | null; out: string }> => new Promise((res) => {
    const c = spawn(process.execPath, [BIN, 'run', '--config', config, '--data', data, '--out', out, '--profile', 'full', '--workers', '1'],
      { cwd: tmpdir(), env: ENV });
    let text = '';
    c.stdout.on('data', (d) => (text += d));
    c.stderr.on('data', (d) => (text += d));
    c.on('exit', (code) => res({ code, out: text }));
  });
  const runs = await Promise.all([start(), start(), start()]);
  for (const r of runs) assert.equal(r.code, 0, r.out);
  // "fold k/3: val macro-F1 … (best epoch" is logged by the process that trained the fold
  const trained = runs.flatMap((r) => [...r.out.matchAll(/trial ([0-9a-f]{12}) fold (\d)\/3: val macro-F1 \S+ \(best epoch/g)].map((m) => `${m[1]}/${m[2]}`));
  assert.equal(trained.length, 6, trained.join(' '));
  assert.equal(new Set(trained).size, 6, `each fold once: ${trained.sort().join(' ')}`);
  assert.deepEqual(results(out), expected);
  assertClean(out, 'after concurrent runs');
  // each fold's metrics.jsonl holds its own epochs only (no interleaving): 3 lines each
  for (const f of files(out).filter((p) => p.endsWith('metrics.jsonl'))) {
    assert.equal(readFileSync(join(out, f), 'utf8').trim().split('\n').length, 3, f);
  }
  assert.ok(statSync(join(out, 'submission.csv')).size > 0);
});
