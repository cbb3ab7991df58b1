// The coordinator's side of a BullMQ queue: enqueue tasks under stable job ids, collect what workers return, and
// hand each result to the caller (who lands it in its store) before the job is removed from Redis.
//
// Job ids are the caller's task ids (trial hash + fold), so a restarted coordinator finds tasks still queued or
// running and waits for them instead of enqueueing them again; a finished task whose result never reached the
// store is collected from Redis. A task whose job vanished (Redis restarted without persistence) is enqueued again.
import IORedis from 'ioredis';
import { Job, Queue, QueueEvents } from 'bullmq';
import { bullOptions, checkQueue, explain, type QueueTarget } from './redis';

export const DEFAULT_QUEUE = 'pirate-pain-folds';
export const QUEUE_PREFIX = 'pirate-pain';
const blobKey = (key: string): string => `${QUEUE_PREFIX}:blob:${key}`;

export interface QueueTask<T> {
  /** job id: equal ids are the same task (a second enqueue is a no-op) */
  id: string;
  data: T;
  /** estimated work in arbitrary units: larger runs first, and the ETA is computed from it */
  cost: number;
}

/** What a worker sends with its progress lines. */
export interface WorkerProgress {
  worker: string;
  line: string;
}

export interface QueueStatus {
  done: number;
  total: number;
  /** task index → worker name, for the tasks running now */
  running: Map<number, string>;
  /** seconds until every task is done, from the cost finished so far in this call (undefined before the first) */
  etaSeconds?: number;
}

export interface RunQueueOptions<R> {
  url: string;
  queue?: string;
  /** blobs the workers fetch by key (the data set): stored once, produced only if Redis lacks them */
  blobs?: Record<string, () => Uint8Array>;
  onProgress?: (index: number, p: WorkerProgress) => void;
  /** lands a result (awaited before the job is removed from Redis: a crash in between only repeats the landing) */
  onResult?: (index: number, result: R) => void | Promise<void>;
  onStatus?: (s: QueueStatus) => void;
  /** one line per notable event (tasks collected from an earlier run, re-enqueued, connection trouble) */
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** seconds without Redis before the run stops (default 60) */
  lostAfterSeconds?: number;
  /** seconds between checks of the jobs' states (default 0.5) */
  pollSeconds?: number;
}

/** BullMQ priority: 1 is served first. Log-scaled cost, so any two coordinators order their tasks alike. */
export function priorityOf(cost: number): number {
  const MAX = 2 ** 21 - 1;
  const p = Math.round(MAX - Math.log2(Math.max(1, cost)) * 20_000);
  return Math.max(1, Math.min(MAX, p));
}

class QueueTaskError extends Error {
  constructor(readonly index: number, readonly taskId: string, message: string) {
    super(message);
    this.name = 'QueueTaskError';
  }
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/** Stores each blob unless Redis has it already (by key: the key names the content, e.g. a data fingerprint). */
async function putBlobs(redis: IORedis, blobs: Record<string, () => Uint8Array>, log: (line: string) => void): Promise<void> {
  for (const [key, make] of Object.entries(blobs)) {
    if (await redis.exists(blobKey(key))) continue;
    const bytes = make();
    await redis.set(blobKey(key), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'NX');
    log(`queue: stored ${key} (${(bytes.byteLength / 1e6).toFixed(1)} MB) for the workers`);
  }
}

/** Reads a blob stored by a coordinator (undefined when Redis has none under that key). */
export async function getBlob(redis: IORedis, key: string): Promise<Uint8Array | undefined> {
  const b = await redis.getBuffer(blobKey(key));
  return b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : undefined;
}

/**
 * Runs every task on the queue's workers and resolves with their results in task order. The first task that fails
 * rejects the run with its message (tasks not yet started are withdrawn; results that arrive are still landed).
 */
export async function runQueue<T, R>(tasks: readonly QueueTask<T>[], o: RunQueueOptions<R>): Promise<R[]> {
  const log = o.log ?? (() => {});
  const target: QueueTarget = await checkQueue(o.url);
  if (tasks.length === 0) return [];
  const name = o.queue ?? DEFAULT_QUEUE;
  const indexOf = new Map(tasks.map((t, i) => [t.id, i]));
  if (indexOf.size !== tasks.length) throw new Error('runQueue: task ids must be unique');
  const connection = new IORedis(bullOptions(target));
  let redisError: string | undefined;
  connection.on('error', (e: Error) => {
    const m = explain(e, o.url);
    if (m !== redisError) log(`queue ${target.display}: ${m} (retrying)`);
    redisError = m;
  });
  connection.on('ready', () => {
    if (redisError) log(`queue ${target.display}: connected again`);
    redisError = undefined;
  });
  const queue = new Queue(name, { connection, prefix: QUEUE_PREFIX });
  const events = new QueueEvents(name, { connection: bullOptions(target), prefix: QUEUE_PREFIX });
  events.on('error', () => {});
  const results = new Array<R>(tasks.length);
  const pending = new Set<number>(tasks.map((_, i) => i));
  const running = new Map<number, string>();
  const started = performance.now();
  let doneCost = 0;
  let doneHere = 0;
  let wake: (() => void) | undefined;
  const status = (): void => {
    const elapsed = (performance.now() - started) / 1000;
    const remaining = [...pending].reduce((a, i) => a + tasks[i].cost, 0);
    o.onStatus?.({
      done: tasks.length - pending.size, total: tasks.length, running: new Map(running),
      etaSeconds: doneHere > 0 && doneCost > 0 ? (remaining * elapsed) / doneCost : undefined,
    });
  };
  events.on('progress', ({ jobId, data }) => {
    const i = indexOf.get(jobId);
    if (i === undefined || !pending.has(i) || typeof data !== 'object' || data === null) return;
    const p = data as unknown as WorkerProgress;
    if (running.get(i) !== p.worker) {
      running.set(i, p.worker);
      status();
    }
    o.onProgress?.(i, p);
  });
  const poke = (): void => wake?.();
  events.on('completed', poke);
  events.on('failed', poke);

  const enqueue = (t: QueueTask<T>): Promise<unknown> => queue.add('fold', t.data, {
    jobId: t.id,
    priority: priorityOf(t.cost),
    // a thrown error is deterministic here (same recipe, data and code): no retries; crashed workers are
    // covered by BullMQ's stalled-job check instead
    attempts: 1,
    removeOnComplete: false,
    removeOnFail: { age: 7 * 24 * 3600 },
  });

  try {
    if (o.blobs) await putBlobs(connection, o.blobs, log);
    let collected = 0;
    // longest first also within one priority level
    const order = tasks.map((_, i) => i).sort((a, b) => tasks[b].cost - tasks[a].cost || (tasks[a].id < tasks[b].id ? -1 : 1));
    for (const i of order) {
      const t = tasks[i];
      const state = await queue.getJobState(t.id);
      if (state === 'failed') {
        // an earlier run's failure: this run tries once more (the rerun a user makes after fixing the cause)
        await queue.remove(t.id);
        await enqueue(t);
      } else if (state === 'unknown') await enqueue(t);
      else collected++;
    }
    if (collected > 0) log(`queue: ${collected} task(s) already queued, running or finished by an earlier run: collected, not enqueued again`);
    log(`queue ${target.display}: ${tasks.length} task(s) on "${name}"`);
    status();

    const lostAfter = (o.lostAfterSeconds ?? 60) * 1000;
    const poll = (o.pollSeconds ?? 0.5) * 1000;
    let lastOk = performance.now();
    // one pass over the pending tasks; while Redis is away its commands wait (ioredis reconnects), so a pass is
    // raced against a timer and the next one starts only when it has returned
    const sweep = async (): Promise<void> => {
      for (const i of [...pending]) {
        const t = tasks[i];
        const state = await queue.getJobState(t.id);
        if (state === 'completed') {
          const job = await Job.fromId(queue, t.id);
          if (!job || !pending.has(i)) continue;
          await o.onResult?.(i, job.returnvalue as R);
          results[i] = job.returnvalue as R;
          await job.remove();
          pending.delete(i);
          running.delete(i);
          doneHere++;
          doneCost += t.cost;
          status();
        } else if (state === 'failed') {
          const job = await Job.fromId(queue, t.id);
          throw new QueueTaskError(i, t.id, job?.failedReason ?? 'failed (no reason recorded)');
        } else if (state === 'unknown') {
          log(`queue: task ${t.id} vanished from Redis (restarted without its data?): enqueued again`);
          if (o.blobs) await putBlobs(connection, o.blobs, log);
          await enqueue(t);
        }
      }
    };
    let inflight: Promise<unknown> | undefined;
    while (pending.size > 0) {
      if (o.signal?.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new Error('queue run aborted');
      const current = inflight ?? (inflight = sweep().then(() => 'ok', (e: unknown) => e));
      const outcome = await Promise.race([current, sleep(5000, o.signal).then(() => 'waiting')]);
      if (outcome !== 'waiting') inflight = undefined;
      if (outcome === 'ok') {
        lastOk = performance.now();
        status();
      } else if (outcome instanceof QueueTaskError) throw outcome;
      else if (performance.now() - lastOk > lostAfter) {
        const why = outcome instanceof Error ? explain(outcome, o.url) : redisError ?? 'no answer';
        throw new Error(`queue ${target.display}: lost for ${Math.round(lostAfter / 1000)} s (${why}). ` +
          'Finished folds are saved; run the same command again to continue.');
      }
      if (pending.size === 0) break;
      if (outcome !== 'waiting') {
        await new Promise<void>((resolve) => {
          wake = resolve;
          void sleep(poll, o.signal).then(resolve);
        });
        wake = undefined;
      }
    }
    return results;
  } catch (e) {
    if (e instanceof QueueTaskError) {
      // withdraw what no worker has started; running tasks finish and are collected by the next run
      for (const i of pending) {
        if (i === e.index) continue;
        const state = await queue.getJobState(tasks[i].id).catch(() => 'unknown');
        if (state === 'waiting' || state === 'prioritized' || state === 'delayed') await queue.remove(tasks[i].id).catch(() => 0);
      }
      throw new Error(`task ${tasks[e.index].id} failed: ${e.message}`);
    }
    throw e;
  } finally {
    // closing waits for Redis; a lost server must not keep the run from returning its error
    await Promise.race([Promise.all([events.close(), queue.close()]).catch(() => {}),
      new Promise((r) => setTimeout(r, 2000).unref())]);
    connection.disconnect();
  }
}
