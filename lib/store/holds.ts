// Holds: a process that will read trials (an experiment run) holds each of them, so `pirate-pain runs gc` cannot
// remove a trial from under it. A hold is a proper-lockfile lock of its own, one per holder, outside the trial
// folder (so it survives whatever happens to the folder) and refreshed while the holder lives:
//
//   <runs>/.holds/<hash>/<host>-<pid>-<r>.lock   a holder (any number at once; a dead one's goes stale)
//   <runs>/.holds/<hash>/gc.lock                 gc deciding about this trial (one at a time)
//
// The order makes it safe: a holder takes its hold first and then waits while gc holds the trial's gc lock; gc takes
// the gc lock first and then looks for holds. Either gc sees the hold (and keeps the trial), or the holder waits
// until gc is done (and then finds the trial gone, before it read anything from it).
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { heldByDeadProcess, isLocked, sleep, tryLock, type Lock } from './lock';

const HOLDS = '.holds';
const GC = 'gc';

const holdsDir = (runsDir: string, hash: string): string => join(runsDir, HOLDS, hash);

function checkHash(hash: string): string {
  if (!/^[0-9A-Za-z_-]{1,64}$/.test(hash)) throw new Error(`holds: "${hash.slice(0, 80)}" is not a trial hash`);
  return hash;
}

export interface TrialHolds {
  /** the trials held */
  readonly hashes: readonly string[];
  release(): Promise<void>;
}

/** Removes a hash's holds folder when nothing is left in it (another holder may be arriving: then it stays). */
function tidy(runsDir: string, hash: string): void {
  try {
    rmdirSync(holdsDir(runsDir, hash));
  } catch {
    // not empty, or gone
  }
}

/**
 * Removes the holds of holders that are gone (killed on this host, or not refreshed for the stale time elsewhere),
 * with their owner notes: what a killed experiment left. Returns the live holders.
 */
async function sweepHolds(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const live: string[] = [];
  const names = readdirSync(dir);
  for (const name of names) {
    const m = /^(.+)\.lock$/.exec(name);
    if (!m || m[1] === GC) continue;
    const path = join(dir, m[1]);
    // a killed holder of this host counts no more at once; one of another host once its lock is stale
    if ((await isLocked(path)) && !heldByDeadProcess(path)) live.push(m[1]);
    else {
      rmSync(`${path}.lock`, { recursive: true, force: true });
      rmSync(`${path}.lock.owner`, { force: true });
    }
  }
  // owner notes whose lock is gone
  for (const name of names) {
    const m = /^(.+)\.lock\.owner$/.exec(name);
    if (m && m[1] !== GC && !existsSync(join(dir, `${m[1]}.lock`))) rmSync(join(dir, name), { force: true });
  }
  return live;
}

/** tryLock of <dir>/<name>, making dir first (again when a tidy() of another process removed it in between). */
async function lockIn(dir: string, name: string): Promise<Lock | undefined> {
  for (let attempt = 0; ; attempt++) {
    mkdirSync(dir, { recursive: true });
    try {
      return await tryLock(join(dir, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 20) throw e;
    }
  }
}

/**
 * Holds every trial in `hashes` until release(): gc keeps them. Waits (polling every `pollMs`) while gc is deciding
 * about one of them, so no trial is read while gc may be removing it.
 */
export async function holdTrials(runsDir: string, hashes: readonly string[], o: { pollMs?: number } = {}): Promise<TrialHolds> {
  const unique = [...new Set(hashes.map(checkHash))];
  const locks: { hash: string; lock: Lock }[] = [];
  const me = `${hostname().replace(/[^A-Za-z0-9_-]/g, '_')}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    for (const hash of unique) {
      const dir = holdsDir(runsDir, hash);
      await sweepHolds(dir);
      const lock = await lockIn(dir, me);
      if (!lock) throw new Error(`holds: could not take ${join(dir, me)}`);
      locks.push({ hash, lock });
    }
    for (const hash of unique) {
      while (await isLocked(join(holdsDir(runsDir, hash), GC))) await sleep(o.pollMs ?? 200);
    }
  } catch (e) {
    for (const h of locks) await h.lock.release();
    throw e;
  }
  return {
    hashes: unique,
    async release() {
      for (const { hash, lock } of locks.splice(0)) {
        await lock.release();
        tidy(runsDir, hash);
      }
    },
  };
}

/** The holders that hold trial `hash` now (live locks; a crashed holder's lock stops counting once stale). */
export async function liveHolds(runsDir: string, hash: string): Promise<string[]> {
  return sweepHolds(holdsDir(runsDir, checkHash(hash)));
}

/**
 * Runs `fn` holding trial `hash`'s gc lock, once no holder holds the trial: `fn` may then remove it. Returns the
 * holders instead (and does not run `fn`) when some hold it, or 'busy' when another gc is deciding about it.
 */
export async function whileUnheld<T>(runsDir: string, hash: string, fn: () => Promise<T> | T): Promise<{ ran: true; value: T } | { ran: false; holders: string[] }> {
  const gc = await lockIn(holdsDir(runsDir, checkHash(hash)), GC);
  if (!gc) return { ran: false, holders: ['another gc'] };
  try {
    const holders = await liveHolds(runsDir, hash);
    if (holders.length > 0) return { ran: false, holders };
    return { ran: true, value: await fn() };
  } finally {
    await gc.release();
    tidy(runsDir, hash);
  }
}
