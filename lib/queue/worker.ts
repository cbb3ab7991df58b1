// The worker's side of the queue: take tasks, run the caller's handler, return its result. A handler rejects a task
// it must not run (invalid payload, other data or code) with TaskRefused: BullMQ then fails it at once, without
// retries, and the coordinator shows the message. A worker killed mid-task stops renewing the job's lock, and
// another worker's stalled-job check puts the task back in the queue.
import { hostname } from 'node:os';
import IORedis from 'ioredis';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { DEFAULT_QUEUE, QUEUE_PREFIX, getBlob, type WorkerProgress } from './coordinator';
import { bullOptions, checkQueue, explain } from './redis';

/** A task this worker will not run, with the reason the coordinator shows. */
export class TaskRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskRefused';
  }
}

export interface TaskContext {
  /** this worker's name (host:pid/slot), shown at the coordinator */
  worker: string;
  /** the job id (the coordinator's task id) */
  id: string;
  progress(line: string): void;
  /** a blob the coordinator stored (the data set), or undefined */
  blob(key: string): Promise<Uint8Array | undefined>;
  signal: AbortSignal;
}

export interface ServeOptions<R> {
  url: string;
  queue?: string;
  /** tasks run at the same time (default 1) */
  concurrency?: number;
  handler: (data: unknown, ctx: TaskContext) => Promise<R>;
  log?: (line: string) => void;
  /** ms a job's lock lasts without renewal (default 30 s); a killed worker's task is retried after about this */
  lockDurationMs?: number;
  /** ms between stalled-job checks (default 30 s) */
  stalledIntervalMs?: number;
  /** name shown at the coordinator (default host:pid) */
  name?: string;
}

export interface ServingWorker {
  name: string;
  /** tasks finished (successfully or not) since start */
  readonly finished: number;
  /** tasks running now */
  readonly running: number;
  /** stops taking tasks; waits for the running ones unless `force` (then their signals are aborted) */
  close(force?: boolean): Promise<void>;
}

/** Starts taking tasks; the queue URL is checked first, so a wrong password or host fails within seconds. */
export async function serveQueue<R>(o: ServeOptions<R>): Promise<ServingWorker> {
  const target = await checkQueue(o.url);
  const log = o.log ?? ((line: string) => console.log(line));
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const blobs = new IORedis(bullOptions(target));
  let lastError: string | undefined;
  const onError = (e: Error): void => {
    const m = explain(e, o.url);
    if (m !== lastError) log(`worker ${name}: queue ${target.display}: ${m} (retrying)`);
    lastError = m;
  };
  blobs.on('error', onError);
  const controllers = new Map<string, AbortController>();
  let finished = 0;
  const worker = new Worker(o.queue ?? DEFAULT_QUEUE, async (job: Job) => {
    const id = job.id ?? '?';
    const controller = new AbortController();
    controllers.set(id, controller);
    const ctx: TaskContext = {
      worker: name,
      id,
      progress: (line) => {
        const p: WorkerProgress = { worker: name, line };
        void job.updateProgress(p as unknown as object).catch(() => {});
      },
      blob: (key) => getBlob(blobs, key),
      signal: controller.signal,
    };
    ctx.progress(`started on ${name}`);
    const t0 = performance.now();
    try {
      const r = await o.handler(job.data, ctx);
      log(`worker ${name}: task ${id} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return r;
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      log(`worker ${name}: task ${id} ${e instanceof TaskRefused ? 'refused' : 'failed'}: ${err.message}`);
      // failures of a task on a healthy worker are deterministic (same recipe, data, code): never retried
      throw new UnrecoverableError(`${e instanceof TaskRefused ? 'refused by' : 'failed on'} worker ${name}: ${err.message}`);
    } finally {
      controllers.delete(id);
      finished++;
    }
  }, {
    connection: bullOptions(target),
    prefix: QUEUE_PREFIX,
    concurrency: o.concurrency ?? 1,
    lockDuration: o.lockDurationMs ?? 30_000,
    stalledInterval: o.stalledIntervalMs ?? 30_000,
    // a task whose worker died twice is still retried once more before it is failed
    maxStalledCount: 2,
    autorun: true,
  });
  worker.on('error', onError);
  await worker.waitUntilReady();
  log(`worker ${name}: serving "${o.queue ?? DEFAULT_QUEUE}" on ${target.display} with concurrency ${o.concurrency ?? 1}`);
  return {
    name,
    get finished() {
      return finished;
    },
    get running() {
      return controllers.size;
    },
    async close(force = false) {
      if (force) for (const c of controllers.values()) c.abort(new Error('worker closing'));
      // with Redis gone, BullMQ's close may never settle: the caller bounds the wait (lib/cli/worker.ts)
      try {
        await worker.close(force);
      } finally {
        blobs.disconnect();
      }
    },
  };
}
