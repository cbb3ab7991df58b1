// Trivial task functions for the pool tests (loaded by worker threads, so they live in a module of their own).
import { threadId } from 'node:worker_threads';
import type { PoolTaskContext } from '../../../lib/experiments/run/pool';

export async function square(task: { x: number; waitMs?: number }, ctx: PoolTaskContext<{ offset: number }>) {
  ctx.progress(`squaring ${task.x}`);
  if (task.waitMs) await new Promise((r) => setTimeout(r, task.waitMs));
  if (task.x < 0) throw new Error(`negative input ${task.x}`);
  return { y: task.x * task.x + ctx.shared.offset, threadId, blasThreads: process.env.OPENBLAS_NUM_THREADS };
}

export async function waitForCancel(_task: unknown, ctx: PoolTaskContext<unknown>) {
  await new Promise<void>((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
}
