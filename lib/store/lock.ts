// Cross-process locks on store paths, from proper-lockfile: the lock is a folder `<path>.lock` created with mkdir
// (atomic, also on shared network folders), whose mtime the holder refreshes while it lives. A lock whose mtime is
// older than `stale` belongs to a crashed holder and is taken over. Who holds a lock is written next to it
// (`<path>.lock.owner`, informational: shown while others wait and by `pirate-pain runs ls`).
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as lockfile from 'proper-lockfile';

/** How long a lock may go unrefreshed before it counts as abandoned: $PIRATE_PAIN_LOCK_STALE_MS, else 60 s. */
export function staleMs(): number {
  const env = Number(process.env.PIRATE_PAIN_LOCK_STALE_MS);
  return Number.isFinite(env) && env >= 2000 ? env : 60_000;
}

export interface Lock {
  /** false once the lock was found taken over (the holder was too slow to refresh it); the holder must not commit */
  readonly held: boolean;
  release(): Promise<void>;
}

export interface LockOwner {
  host: string;
  pid: number;
  since: string;
}

const ownerFile = (path: string): string => `${path}.lock.owner`;

function lockOptions(onCompromised: (e: Error) => void): lockfile.LockOptions {
  const stale = staleMs();
  // refresh often: a busy event loop (a long synchronous step) must not let the lock look stale
  return { stale, update: Math.max(1000, Math.min(5000, stale / 4)), realpath: false, retries: 0, onCompromised };
}

/** The lock's holder was a process of this host that no longer exists (killed): its lock can go at once. */
export function heldByDeadProcess(path: string): boolean {
  const o = lockOwner(path);
  if (!o || o.host !== hostname() || o.pid === process.pid) return false;
  try {
    process.kill(o.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the lock on `path` if free or abandoned; undefined when a live holder has it. Abandoned: not refreshed for
 * the stale time, or (without waiting for that) held by a process of this host that is gone. The latter is handed
 * to proper-lockfile's own stale takeover by dating the lock back.
 */
export async function tryLock(path: string): Promise<Lock | undefined> {
  let held = true;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, lockOptions(() => (held = false)));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    if (!heldByDeadProcess(path)) return undefined;
    try {
      utimesSync(`${path}.lock`, new Date(0), new Date(0));
      release = await lockfile.lock(path, lockOptions(() => (held = false)));
    } catch (again) {
      if (['ELOCKED', 'ENOENT'].includes((again as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw again;
    }
  }
  const owner: LockOwner = { host: hostname(), pid: process.pid, since: new Date().toISOString() };
  try {
    writeFileSync(ownerFile(path), JSON.stringify(owner) + '\n');
  } catch {
    // informational only
  }
  return {
    get held() {
      return held;
    },
    async release() {
      if (held) rmSync(ownerFile(path), { force: true });
      try {
        await release();
      } catch (e) {
        // a compromised lock is no longer ours to release
        if (!['ERELEASED', 'ENOTACQUIRED', 'ECOMPROMISED'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
      }
    },
  };
}

/** Whether a live holder has the lock on `path`. */
export async function isLocked(path: string): Promise<boolean> {
  return lockfile.check(path, { stale: staleMs(), realpath: false });
}

/** Who last took the lock on `path` (may be stale; informational). */
export function lockOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(ownerFile(path), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Holds the lock on `path` for the duration of `fn`, waiting while a live holder has it. `ready()` is asked before
 * each wait: when it returns a value (e.g. the holder committed the result we wanted) that value is returned
 * without taking the lock. `onWait` is called once, when the first wait starts.
 */
export async function withLock<T>(path: string, fn: (lock: Lock) => Promise<T>, o: {
  ready?: () => T | undefined;
  onWait?: (owner: LockOwner | undefined) => void;
  signal?: AbortSignal;
  pollMs?: number;
} = {}): Promise<T> {
  let waited = false;
  for (;;) {
    const lock = await tryLock(path);
    if (lock) {
      try {
        return await fn(lock);
      } finally {
        await lock.release();
      }
    }
    const done = o.ready?.();
    if (done !== undefined) return done;
    if (o.signal?.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new Error('aborted');
    if (!waited) {
      waited = true;
      o.onWait?.(lockOwner(path));
    }
    await sleep(o.pollMs ?? 250);
  }
}
