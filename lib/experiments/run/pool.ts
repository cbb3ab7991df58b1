// Trials in parallel on worker threads: each worker loads the task module once and runs one task at a time.
// The task function lives in a module (not a closure) because workers share no code with the parent.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../../paths';

export interface PoolTaskContext<S> {
  shared: S;
  signal: AbortSignal;
  /** one line of progress, forwarded to the parent's onProgress */
  progress(line: string): void;
}

export type PoolTask<T, R, S = unknown> = (task: T, ctx: PoolTaskContext<S>) => Promise<R> | R;

export interface PoolOptions<S> {
  /** absolute path of the module (.ts or .js) exporting the task function */
  module: string;
  exportName: string;
  /** worker threads; default min(cores, 2); 0 runs the tasks one by one in this thread */
  workers?: number;
  /** data every task needs (e.g. the dataset), structured-cloned once per worker */
  shared?: S;
  onProgress?: (index: number, line: string) => void;
  onResult?: (index: number, result: unknown) => void;
  signal?: AbortSignal;
}

// messages between parent and worker
export interface WorkerData { workerMain: string; module: string; exportName: string; shared: unknown }
export type ToWorker = { type: 'task'; id: number; task: unknown } | { type: 'cancel'; id: number };
export type ToParent =
  | { type: 'ready' }
  | { type: 'progress'; id: number; line: string }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string; stack?: string };

export const defaultWorkers = (): number => Math.max(1, Math.min(availableParallelism(), 2));

/** The worker entry, found from the project root (notebooks compile lib/ in memory, so __dirname is no guide). */
export function workerEntry(root: string = projectRoot()): { entry: string; main: string } {
  return { entry: join(root, 'lib', 'experiments', 'run', 'worker.cjs'), main: join(root, 'lib', 'experiments', 'run', 'worker-main.ts') };
}

class TaskError extends Error {
  constructor(index: number, message: string, readonly workerStack?: string) {
    super(`task ${index}: ${message}`);
    this.name = 'TaskError';
  }
}

async function runInProcess<T, R, S>(tasks: T[], o: PoolOptions<S>): Promise<R[]> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const fn = (require(o.module) as Record<string, unknown>)[o.exportName] as PoolTask<T, R, S> | undefined;
  if (typeof fn !== 'function') throw new Error(`${o.module} has no exported function ${o.exportName}`);
  const signal = o.signal ?? new AbortController().signal;
  const out: R[] = [];
  for (let i = 0; i < tasks.length; i++) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('pool aborted');
    try {
      out.push(await fn(tasks[i], { shared: o.shared as S, signal, progress: (line) => o.onProgress?.(i, line) }));
    } catch (e) {
      throw new TaskError(i, (e as Error).message, (e as Error).stack);
    }
    o.onResult?.(i, out[i]);
  }
  return out;
}

/**
 * Runs every task, at most `workers` at a time, and resolves with the results in task order. The first failing
 * task rejects the whole run (the others are cancelled and the workers stopped); work that a task persisted
 * itself (trial folds) survives for the next run.
 */
export async function runPool<T, R, S = unknown>(tasks: T[], o: PoolOptions<S>): Promise<R[]> {
  const workers = o.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 0) throw new Error(`pool: workers must be an integer ≥ 0, got ${workers}`);
  if (workers === 0) return runInProcess<T, R, S>(tasks, o);
  if (tasks.length === 0) return [];
  const { entry, main } = workerEntry();
  const data: WorkerData = { workerMain: main, module: o.module, exportName: o.exportName, shared: o.shared };
  const results = new Array<R>(tasks.length);
  const threads: Worker[] = [];
  return new Promise<R[]>((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let failed = false;
    const running = new Map<Worker, number>();
    const stopAll = (): void => {
      for (const [w, id] of running) w.postMessage({ type: 'cancel', id } satisfies ToWorker);
      for (const w of threads) void w.terminate();
    };
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      stopAll();
      o.signal?.removeEventListener('abort', onAbort);
      reject(e);
    };
    const onAbort = (): void => fail(o.signal!.reason instanceof Error ? o.signal!.reason : new Error('pool aborted'));
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: Worker): void => {
      if (failed) return;
      if (next >= tasks.length) {
        running.delete(w);
        void w.terminate();
        return;
      }
      const id = next++;
      running.set(w, id);
      w.postMessage({ type: 'task', id, task: tasks[id] } satisfies ToWorker);
    };
    const count = Math.min(workers, tasks.length);
    for (let k = 0; k < count; k++) {
      const w = new Worker(entry, { workerData: data, env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
      threads.push(w);
      w.on('message', (m: ToParent) => {
        if (failed) return;
        if (m.type === 'ready') feed(w);
        else if (m.type === 'progress') o.onProgress?.(m.id, m.line);
        else if (m.type === 'error') {
          const e = new TaskError(m.id, m.message, m.stack);
          if (m.stack) e.stack = `${e.name}: ${e.message}\n--- in the worker ---\n${m.stack}`;
          fail(e);
        } else {
          results[m.id] = m.result as R;
          o.onResult?.(m.id, m.result);
          if (++finished === tasks.length) {
            o.signal?.removeEventListener('abort', onAbort);
            for (const t of threads) void t.terminate();
            resolve(results);
          } else feed(w);
        }
      });
      w.on('error', (e) => fail(new Error(`pool worker failed: ${e.message}`)));
      w.on('exit', (code) => {
        if (!failed && finished < tasks.length && running.has(w)) fail(new Error(`pool worker exited with code ${code} during task ${running.get(w)}`));
      });
    }
  });
}
