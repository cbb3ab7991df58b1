import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { runPool } from '../../../lib/experiments/run/pool';

const module = join(__dirname, 'pool-task.ts');
type Out = { y: number; threadId: number; blasThreads?: string };

test('pool: results in task order, two workers in parallel, progress per task, BLAS limited to one thread', async () => {
  const lines: [number, string][] = [];
  const done: number[] = [];
  const tasks = [{ x: 1, waitMs: 150 }, { x: 2, waitMs: 150 }, { x: 3 }, { x: 4 }];
  const t0 = Date.now();
  const r = await runPool<{ x: number }, Out, { offset: number }>(tasks, {
    module, exportName: 'square', workers: 2, shared: { offset: 10 },
    onProgress: (i, line) => lines.push([i, line]), onResult: (i) => done.push(i),
  });
  assert.deepEqual(r.map((o) => o.y), [11, 14, 19, 26]);
  assert.equal(new Set(r.map((o) => o.threadId)).size, 2);
  assert.ok(!r.some((o) => o.threadId === threadId), 'ran off the main thread');
  assert.ok(r.every((o) => o.blasThreads === '1'));
  assert.deepEqual(lines.sort((a, b) => a[0] - b[0]), [[0, 'squaring 1'], [1, 'squaring 2'], [2, 'squaring 3'], [3, 'squaring 4']]);
  assert.deepEqual(done.sort(), [0, 1, 2, 3]);
  assert.ok(Date.now() - t0 < 5000);
});

test('pool: a failing task rejects with its index and message', async () => {
  await assert.rejects(runPool([{ x: 1 }, { x: -2 }, { x: 3 }], { module, exportName: 'square', workers: 2, shared: { offset: 0 } }),
    { name: 'TaskError', message: 'task 1: negative input -2' });
  await assert.rejects(runPool([{ x: 1 }], { module, exportName: 'nothing', workers: 1 }), /has no exported function nothing/);
});

test('pool: aborting cancels the running tasks', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('user stop')), 300);
  await assert.rejects(runPool([1, 2, 3], { module, exportName: 'waitForCancel', workers: 2, signal: controller.signal }), /user stop/);
});

test('pool: workers = 0 runs in this thread', async () => {
  const r = await runPool<{ x: number }, Out, { offset: number }>([{ x: 5 }], { module, exportName: 'square', workers: 0, shared: { offset: 1 } });
  assert.deepEqual(r.map((o) => [o.y, o.threadId]), [[26, threadId]]);
});

test('pool: works from a parent process that has no tsx loader (as in a tslab kernel)', () => {
  const out = JSON.parse(execFileSync(process.execPath, [join(__dirname, 'pool-child.cjs')], { encoding: 'utf8' }));
  assert.deepEqual(out.execArgv, []);
  assert.deepEqual(out.results.map((o: Out) => o.y), [4, 9]);
});
