import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  cleanTrial, ensureFold, foldDir, readAllFolds, readDerived, readFold, readTrial, writeDerived, writeTrialSummary, type EnsureFoldOptions,
  type FoldWork, type StoredFold,
} from '../../lib/store/store';
import { DamageError } from '../../lib/store/verify';

interface Rec { fold: number; score: number; extra?: unknown }

/** A model-agnostic trainer: a float32 "weights" file, a log, and a record; counts its calls. */
function trainer(calls: number[], delayMs = 0, score = 0.5) {
  return async (k: number, staging: string): Promise<FoldWork<Rec>> => {
    calls.push(k);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    mkdirSync(join(staging, 'model'), { recursive: true });
    writeFileSync(join(staging, 'model', 'weights.bin'), new Uint8Array(new Float32Array([k, 1.5, -2]).buffer));
    writeFileSync(join(staging, 'log.jsonl'), `{"epoch":0}\n{"epoch":1}\n`);
    return { record: { fold: k, score, extra: { perSubject: [1, 2, 3] } }, checks: { 'model/weights.bin': 'f32-finite' } };
  };
}

/** ensureFold as a caller uses it: the store records the compute path it is given. */
const ensure = <R>(dir: string, k: number, work: (staging: string) => Promise<FoldWork<R>>, o: EnsureFoldOptions = {}): Promise<{ fold: StoredFold<R>; trained: boolean }> =>
  ensureFold<R>(dir, k, work, { compute: 'test-compute', data: 'test-data', ...o });

const tmp = (): string => mkdtempSync(join(tmpdir(), 'store-'));

test('ensureFold commits a fold whole: manifest of every file, provenance, the record as given; a second call reads it back', async () => {
  const dir = join(tmp(), 'abc');
  try {
    const calls: number[] = [];
    const train = trainer(calls);
    const a = await ensure<Rec>(dir, 0, (s) => train(0, s), { trial: 'abc' });
    assert.equal(a.trained, true);
    assert.deepEqual(a.fold.record, { fold: 0, score: 0.5, extra: { perSubject: [1, 2, 3] } });
    assert.deepEqual(a.fold.manifest.files.map((f) => f.path), ['log.jsonl', 'model/weights.bin', 'result.json']);
    assert.equal(a.fold.manifest.files.find((f) => f.path === 'model/weights.bin')!.check, 'f32-finite');
    const p = a.fold.manifest.provenance;
    assert.equal(p.node, process.version);
    assert.equal(p.host, hostname());
    assert.ok(p.cpu.length > 0 && p.compute.length > 0 && !Number.isNaN(Date.parse(p.time)));
    assert.match(p.packageLock ?? '', /^[0-9a-f]{64}$/);
    // nothing but the committed fold is left: no staging, no lock
    assert.deepEqual(readdirSync(dir).sort(), ['fold-0']);
    const b = await ensure<Rec>(dir, 0, (s) => train(0, s));
    assert.equal(b.trained, false);
    assert.deepEqual(calls, [0]);
    assert.deepEqual(readFold(dir, 0)!.record, a.fold.record);
    assert.equal(readFold(dir, 1), undefined);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('non-finite metrics or weights are refused at commit time, naming the file', async () => {
  const dir = join(tmp(), 'abc');
  try {
    await assert.rejects(ensure<Rec>(dir, 0, async () => ({ record: { fold: 0, score: NaN } })), /fold-0\/result\.json: score is NaN/);
    await assert.rejects(ensure<Rec>(dir, 1, async (s) => {
      writeFileSync(join(s, 'w.bin'), new Uint8Array(new Float32Array([1, Infinity]).buffer));
      return { record: { fold: 1, score: 1 }, checks: { 'w.bin': 'f32-finite' } };
    }), /fold-1\/w\.bin: value 1 is Infinity \(non-finite weights\)/);
    assert.ok(!existsSync(foldDir(dir, 0)) && !existsSync(foldDir(dir, 1)));
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('concurrent claims of one fold train it once; the waiters read the holder\'s result', async () => {
  const dir = join(tmp(), 'abc');
  try {
    const calls: number[] = [];
    const train = trainer(calls, 300);
    const waits: string[] = [];
    const runs = await Promise.all([0, 1, 2].map(() => ensure<Rec>(dir, 0, (s) => train(0, s), { onWait: (o) => waits.push(`${o?.pid}`) })));
    assert.deepEqual(calls, [0]);
    assert.deepEqual(runs.map((r) => r.trained).sort(), [false, false, true]);
    assert.equal(new Set(runs.map((r) => r.fold.manifest.checksum)).size, 1);
    // both waiters said they wait (naming the holder once its note is written)
    assert.equal(waits.length, 2);
    assert.ok(waits.every((w) => w === String(process.pid) || w === 'undefined'), waits.join());
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('a lock left by a crashed holder is taken over once stale; its staging leftovers are removed', async () => {
  const dir = join(tmp(), 'abc');
  const before = process.env.PIRATE_PAIN_LOCK_STALE_MS;
  process.env.PIRATE_PAIN_LOCK_STALE_MS = '2000';
  try {
    // what kill -9 leaves: the lock folder (no longer refreshed) and a half-trained staging folder
    mkdirSync(join(dir, 'fold-0.lock'), { recursive: true });
    const old = new Date(Date.now() - 5000);
    utimesSync(join(dir, 'fold-0.lock'), old, old);
    const leftover = join(dir, '.staging', `fold-0-${hostname()}-999999-zzz`);
    mkdirSync(leftover, { recursive: true });
    writeFileSync(join(leftover, 'metrics.jsonl'), '{"epoch":0}\n');
    const calls: number[] = [];
    const t0 = Date.now();
    const r = await ensure<Rec>(dir, 0, trainer(calls).bind(null, 0));
    assert.ok(Date.now() - t0 < 1500, 'a stale lock is taken at once');
    assert.equal(r.trained, true);
    assert.ok(!existsSync(leftover));
    assert.ok(!existsSync(join(dir, 'fold-0.lock')));
  } finally {
    if (before === undefined) delete process.env.PIRATE_PAIN_LOCK_STALE_MS;
    else process.env.PIRATE_PAIN_LOCK_STALE_MS = before;
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('a lock of a killed process on this host is taken over at once; cleanTrial removes such locks and their notes', async () => {
  const dir = join(tmp(), 'abc');
  try {
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    // a fresh lock (not stale for another 60 s) whose holder is gone
    mkdirSync(join(dir, 'fold-0.lock'), { recursive: true });
    writeFileSync(join(dir, 'fold-0.lock.owner'), JSON.stringify({ host: hostname(), pid: dead, since: new Date().toISOString() }));
    const t0 = Date.now();
    const r = await ensure<Rec>(dir, 0, trainer([]).bind(null, 0));
    assert.ok(r.trained && Date.now() - t0 < 3000, 'no stale wait');
    // killed after its commit, before its release: the fold is done, the lock and its note are left over
    mkdirSync(join(dir, 'fold-0.lock'));
    writeFileSync(join(dir, 'fold-0.lock.owner'), JSON.stringify({ host: hostname(), pid: dead, since: new Date().toISOString() }));
    writeFileSync(join(dir, 'fold-1.lock.owner'), JSON.stringify({ host: hostname(), pid: dead, since: new Date().toISOString() }));
    await cleanTrial(dir);
    assert.deepEqual(readdirSync(dir).sort(), ['fold-0']);
    // a live holder's lock stays
    mkdirSync(join(dir, 'fold-2.lock'));
    writeFileSync(join(dir, 'fold-2.lock.owner'), JSON.stringify({ host: hostname(), pid: process.pid + 0, since: '' }));
    await cleanTrial(dir);
    assert.ok(existsSync(join(dir, 'fold-2.lock')));
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('damage: repaired by moving the fold aside (kept, with the reason) and training it again; or thrown without repair', async () => {
  const dir = join(tmp(), 'abc');
  try {
    const calls: number[] = [];
    const train = trainer(calls);
    await ensure<Rec>(dir, 0, (s) => train(0, s));
    const weights = join(foldDir(dir, 0), 'model', 'weights.bin');
    const good = readFileSync(weights);
    writeFileSync(weights, Buffer.alloc(good.length, 0xff)); // right length, NaN bytes
    assert.throws(() => readFold(dir, 0), (e: unknown) => e instanceof DamageError && e.file === weights && /content changed/.test(e.message));
    await assert.rejects(ensure<Rec>(dir, 0, (s) => train(0, s), { repair: false }), /fold-0\/model\/weights\.bin: content changed/);
    assert.deepEqual(calls, [0]);
    const lines: string[] = [];
    const r = await ensure<Rec>(dir, 0, (s) => train(0, s), { log: (l) => lines.push(l) });
    assert.equal(r.trained, true);
    assert.deepEqual(calls, [0, 0]);
    assert.match(lines[0], /^trial abc fold 1: DAMAGED — .*fold-0\/model\/weights\.bin: content changed.*; moved aside to .*damaged\/fold-0-.*; it will be recomputed$/);
    const aside = readdirSync(join(dir, 'damaged'));
    assert.equal(aside.length, 1);
    assert.match(readFileSync(join(dir, 'damaged', aside[0], 'DAMAGE.txt'), 'utf8'), /weights\.bin: content changed/);
    assert.deepEqual(readFileSync(join(dir, 'damaged', aside[0], 'fold-0', 'model', 'weights.bin')), Buffer.alloc(good.length, 0xff));
    assert.deepEqual(readFileSync(weights), good);
    // a file that was added to a committed fold, a deleted folder, a truncated record
    writeFileSync(join(foldDir(dir, 0), 'stray.txt'), 'x');
    assert.throws(() => readFold(dir, 0), /fold-0\/stray\.txt: not part of the committed fold/);
    rmSync(join(foldDir(dir, 0), 'stray.txt'));
    truncateSync(join(foldDir(dir, 0), 'result.json'), 5);
    assert.throws(() => readFold(dir, 0), /fold-0\/result\.json: truncated: 5 of \d+ bytes/);
    rmSync(foldDir(dir, 0), { recursive: true });
    await ensure<Rec>(dir, 0, (s) => train(0, s));
    rmSync(join(foldDir(dir, 0), 'model'), { recursive: true });
    assert.throws(() => readFold(dir, 0), /fold-0\/model\/weights\.bin: missing/);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('trial summary and derived files name the folds they come from: all K verified, stale after a retrain, damage repaired', async () => {
  const dir = join(tmp(), 'abc');
  try {
    const calls: number[] = [];
    const train = trainer(calls);
    for (const k of [0, 1]) await ensure<Rec>(dir, k, (s) => train(k, s));
    const folds = readAllFolds<Rec>(dir, 2);
    writeTrialSummary(dir, { mean: 0.5 }, folds);
    writeDerived(dir, 'test-predictions.json', { y: [0, 1] }, folds);
    assert.deepEqual((await readTrial<{ mean: number }>(dir, 2, {}))!.summary, { mean: 0.5 });
    assert.deepEqual(readDerived(dir, 'test-predictions.json', folds, {}), { y: [0, 1] });
    assert.throws(() => readAllFolds(dir, 3), /fold-2: missing: the trial needs all 3 folds and fold 3 was never committed/);
    // fold 1 damaged: without repair an error; with repair it is moved aside and the trial is unfinished again
    writeFileSync(join(foldDir(dir, 1), 'log.jsonl'), '{"epoch":9}\n{"epoch":1}\n');
    await assert.rejects(readTrial(dir, 2, { repair: false }), /fold-1\/log\.jsonl: content changed/);
    assert.equal(await readTrial(dir, 2, {}), undefined);
    await ensure<Rec>(dir, 1, (s) => train(1, s));
    const again = readAllFolds<Rec>(dir, 2);
    // the summary and the predictions were computed from the old fold 1: stale, so recomputed
    assert.equal(await readTrial(dir, 2, {}), undefined);
    assert.equal(readDerived(dir, 'test-predictions.json', again, {}), undefined);
    // a truncated derived file is damage: moved aside when repairing
    writeDerived(dir, 'test-predictions.json', { y: [0, 1] }, again);
    truncateSync(join(dir, 'test-predictions.json'), 10);
    assert.throws(() => readDerived(dir, 'test-predictions.json', again, { repair: false }), /test-predictions\.json: not valid JSON \(truncated/);
    assert.equal(readDerived(dir, 'test-predictions.json', again, {}), undefined);
    assert.ok(!existsSync(join(dir, 'test-predictions.json')));
    assert.ok(readdirSync(join(dir, 'damaged')).some((d) => d.startsWith('test-predictions.json-')));
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('cleanTrial removes temporary files and staging folders of dead processes only', async () => {
  const dir = join(tmp(), 'abc');
  try {
    mkdirSync(join(dir, '.staging', `fold-3-${hostname()}-999999-aaa`), { recursive: true });
    mkdirSync(join(dir, '.staging', `fold-4-${hostname()}-${process.pid}-bbb`), { recursive: true });
    writeFileSync(join(dir, `result.json.tmp-${hostname()}-999999-ccc`), '{');
    const removed = await cleanTrial(dir);
    assert.deepEqual(removed.map((p) => p.slice(dir.length + 1)).sort(), [`.staging/fold-3-${hostname()}-999999-aaa`, `result.json.tmp-${hostname()}-999999-ccc`]);
    assert.ok(existsSync(join(dir, '.staging', `fold-4-${hostname()}-${process.pid}-bbb`)));
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});
