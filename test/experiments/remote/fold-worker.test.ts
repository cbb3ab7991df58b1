// The worker's handler without Redis: a fake task context hands it payloads and the data blob.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../../lib/data/dataset';
import { generateDataset } from '../../../lib/data/generate';
import { dataBlobKey, foldHandler } from '../../../lib/experiments/remote/fold-worker';
import { landFold, packDataFiles, type RemoteFoldTask } from '../../../lib/experiments/remote/remote-fold';
import { runTrial } from '../../../lib/experiments/run/trials';
import { dataFingerprint } from '../../../lib/store/fingerprint';
import type { TaskContext } from '../../../lib/queue/worker';
import { trial } from '../trial-fixture';

const ctxWith = (blobs: Record<string, Uint8Array>): TaskContext & { lines: string[] } => {
  const lines: string[] = [];
  return { worker: 'test-worker', id: 'job', lines, progress: (l) => lines.push(l), blob: async (k) => blobs[k], signal: new AbortController().signal };
};

const workerTemps = (): string[] => readdirSync(tmpdir()).filter((d) => d.startsWith('pirate-pain-worker-'));

test('fold handler: refuses bad payloads, other code, other or missing data; trains a valid task into files the coordinator lands identically to a local fold', async () => {
  const root = mkdtempSync(join(tmpdir(), 'fold-worker-'));
  try {
    generateDataset({ outDir: join(root, 'a'), seed: 3, trainSubjects: 16, testSubjects: 2 });
    generateDataset({ outDir: join(root, 'b'), seed: 4, trainSubjects: 16, testSubjects: 2 });
    const fps = join(root, 'fp.json');
    const fpA = `files:${dataFingerprint(join(root, 'a'), fps)}`;
    const fpB = `files:${dataFingerprint(join(root, 'b'), fps)}`;
    const recipe = { ...trial, cv: { folds: 2, run: 2 } };
    const task: RemoteFoldTask = { trial: recipe, labels: { experiment: 't' }, dataFingerprint: fpA, codeVersion: 'test-code', fold: 1 };
    const cache = join(root, 'cache');
    const handler = foldHandler({ cacheDir: cache, codeVersion: 'test-code', threads: false });
    const blobs = { [dataBlobKey(fpA)]: packDataFiles(join(root, 'a')) };

    await assert.rejects(handler({ ...task, runsDir: '/etc' }, ctxWith(blobs)), { name: 'TaskRefused', message: /invalid fold task: task: unknown key "runsDir"/ });
    await assert.rejects(handler({ ...task, codeVersion: 'other-code' }, ctxWith(blobs)), { name: 'TaskRefused', message: /code identity other-code differs from this worker's test-code/ });
    await assert.rejects(handler(task, ctxWith({})), { name: 'TaskRefused', message: /holds no data set/ });
    // a blob that is not the data the task names
    await assert.rejects(handler({ ...task, dataFingerprint: fpB }, ctxWith({ [dataBlobKey(fpB)]: blobs[dataBlobKey(fpA)] })), { name: 'TaskRefused', message: /does not match the task's fingerprint/ });
    // --data DIR that is other data
    const withDir = foldHandler({ cacheDir: cache, dataDir: join(root, 'b'), codeVersion: 'test-code', threads: false });
    await assert.rejects(withDir(task, ctxWith({})), { name: 'TaskRefused', message: /differs from --data/ });

    const before = workerTemps().length;
    const ctx = ctxWith(blobs);
    const a = await handler(task, ctx);
    assert.ok(ctx.lines.some((l) => /fold 2\/2/.test(l)), 'progress lines reach the coordinator');
    assert.equal(workerTemps().length, before, 'the task\'s temporary folder is removed');
    // the worker wrote only its cache: the data set (by fingerprint) and the fingerprint cache
    assert.deepEqual(readdirSync(cache).sort(), ['data', 'data-fingerprints.json']);
    // a second task reads the cached data without the blob
    const b = await handler({ ...task, fold: 0 }, ctxWith({}));
    assert.equal(b.fold, 0);

    // landed on the coordinator: byte-identical weights and record to the same fold trained locally
    const runs = join(root, 'runs');
    const dir = await landFold(runs, task, a);
    const local = join(root, 'local');
    const ds = loadDataset(join(root, 'a'));
    const r = await runTrial({ data: ds, trial: recipe, dataFingerprint: fpA, codeVersion: 'test-code', runsDir: local, labels: { experiment: 't' } });
    const localFold = join(r.dir, 'fold-1');
    assert.ok(readFileSync(join(dir, 'model', 'weights.bin')).equals(readFileSync(join(localFold, 'model', 'weights.bin'))));
    const stable = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'), (k, v) => (['wallSeconds', 'windowsPerSecond', 'seconds'].includes(k) ? undefined : v));
    assert.deepEqual(stable(join(dir, 'result.json')), stable(join(localFold, 'result.json')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
