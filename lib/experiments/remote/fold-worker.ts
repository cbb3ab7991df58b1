// What `pirate-pain worker` does with a fold task from the queue: refuse it unless the payload is a valid recipe and
// the data and code identities match this worker's, train it with the local pool's code in a temporary folder (in
// a worker thread, so the queue's lock renewal never waits for training), and return the fold's files. It writes
// only under its cache folder (data, fingerprints) and the temporary folder of each task.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../data/dataset';
import type { Dataset } from '../../data/series';
import { TaskRefused, type TaskContext } from '../../queue/worker';
import { projectRoot } from '../../paths';
import { dataFingerprint } from '../../store/fingerprint';
import { trialHash } from '../../store/identity';
import { codeIdentity } from '../run/code-identity';
import { sha256 } from '../../store/hash';
import { runPool, type PoolTaskContext } from '../run/pool';
import { checkFoldTask, collectFold, unpackDataFiles, type FoldArtifacts, type RemoteFoldTask } from './remote-fold';
import { ConfigError } from '../config/schema';
import { runFoldTask, type TrialShared } from '../run/trial-task';
import { checkFoldMemory, MemoryBudgetError } from '../../train/memory';

/** Prefix of a task's temporary runs folder: <tmp>/pirate-pain-worker-<pid>-<random>. */
export const WORKER_TEMP_PREFIX = 'pirate-pain-worker-';

/** Temporary folders of this process's running tasks: removed when the task ends, and on exit whatever happens. */
const liveTemps = new Set<string>();
let exitHook = false;

function removeLiveTemps(): void {
  for (const d of liveTemps) rmSync(d, { recursive: true, force: true });
  liveTemps.clear();
}

/** A task's temporary runs folder, named with this process's id so that a later worker can tell it was left behind. */
export function makeTaskTemp(base: string = tmpdir()): string {
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${WORKER_TEMP_PREFIX}${process.pid}-`));
  liveTemps.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', removeLiveTemps);
  }
  return dir;
}

export function removeTaskTemp(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  liveTemps.delete(dir);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes what killed workers left: task folders under `base` whose process is gone, and interrupted data
 * downloads in the cache (<cache>/data/<id>.tmp-<pid>-<time>). Returns the paths removed.
 */
export function sweepWorkerLeftovers(cacheDir: string | undefined, base: string = tmpdir()): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, pattern: RegExp): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const m = pattern.exec(name);
      if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(join(dir, name));
    }
  };
  sweep(base, new RegExp(`^${WORKER_TEMP_PREFIX}(\\d+)-`));
  if (cacheDir) sweep(join(cacheDir, 'data'), /\.tmp-(\d+)-\d+$/);
  return removed;
}

/** The queue's key of a data set's blob. */
export const dataBlobKey = (fingerprint: string): string => `data:${fingerprint}`;

/** A pool task (in a worker thread): train the fold into `runsDir` and read its folder back as artifacts. */
export async function trainFoldArtifacts(task: RemoteFoldTask & { runsDir: string; worker: string }, ctx: PoolTaskContext<TrialShared>): Promise<FoldArtifacts> {
  const { runsDir, worker, ...remote } = task;
  await runFoldTask({ ...remote, runsDir }, ctx);
  const hash = trialHash(task.trial, task.dataFingerprint, task.codeVersion);
  return collectFold(join(runsDir, hash, `fold-${task.fold}`), { worker, hash, fold: task.fold });
}

export interface FoldHandlerOptions {
  /** the worker's own folder: data sets by fingerprint and the fingerprint cache */
  cacheDir: string;
  /** a local data folder instead of the queue's copy (its fingerprint must match the tasks') */
  dataDir?: string;
  /** train in a worker thread (default); false trains in this thread (tests) */
  threads?: boolean;
  /** the code identity to compare with the tasks' (default: this installation's) */
  codeVersion?: string;
  log?: (line: string) => void;
}

/** The handler `serveQueue` runs for each fold task. */
export function foldHandler(o: FoldHandlerOptions): (data: unknown, ctx: TaskContext) => Promise<FoldArtifacts> {
  const code = o.codeVersion ?? codeIdentity();
  const fingerprints = join(o.cacheDir, 'data-fingerprints.json');
  // one data set in memory at a time; concurrent tasks of one worker share its loading (and its download)
  const loaded = new Map<string, Promise<Dataset>>();
  const localFingerprint = o.dataDir ? `files:${dataFingerprint(o.dataDir, fingerprints)}` : undefined;

  function dataset(fp: string, ctx: TaskContext): Promise<Dataset> {
    let p = loaded.get(fp);
    if (!p) {
      loaded.clear();
      p = load(fp, ctx);
      loaded.set(fp, p);
      p.catch(() => loaded.delete(fp));
    }
    return p;
  }

  async function load(fp: string, ctx: TaskContext): Promise<Dataset> {
    let dir: string;
    if (o.dataDir) {
      if (fp !== localFingerprint) {
        throw new TaskRefused(`its data (${fp.slice(0, 18)}…) differs from --data ${o.dataDir} (${localFingerprint!.slice(0, 18)}…): ` +
          'give this worker the coordinator\'s data folder, or start it without --data to receive the data through the queue');
      }
      dir = o.dataDir;
    } else {
      if (!fp.startsWith('files:')) throw new TaskRefused(`data fingerprint ${fp.slice(0, 18)}… names no data files the queue can carry`);
      dir = join(o.cacheDir, 'data', sha256(fp).slice(0, 16));
      const verified = (): boolean => existsSync(dir) && `files:${dataFingerprint(dir, fingerprints)}` === fp;
      if (!verified()) {
        const blob = await ctx.blob(dataBlobKey(fp));
        if (!blob) throw new TaskRefused(`the queue holds no data set for fingerprint ${fp.slice(0, 18)}… (was Redis flushed? rerun the coordinator)`);
        const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
        try {
          await unpackDataFiles(blob, tmp);
          rmSync(dir, { recursive: true, force: true });
          renameSync(tmp, dir);
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
        if (!verified()) {
          rmSync(dir, { recursive: true, force: true });
          throw new TaskRefused(`the queue's data set does not match the task's fingerprint ${fp.slice(0, 18)}…`);
        }
        o.log?.(`worker ${ctx.worker}: data ${fp.slice(0, 18)}… cached in ${dir}`);
      }
    }
    return loadDataset(dir);
  }

  return async (data, ctx) => {
    let task: RemoteFoldTask;
    try {
      task = checkFoldTask(data);
    } catch (e) {
      if (e instanceof ConfigError) throw new TaskRefused(`invalid fold task: ${e.message}`);
      throw e;
    }
    if (task.codeVersion !== code) {
      // the identity is <code version>+<compute path>: show both parts, either may be the one that differs
      const short = (c: string): string => c.replace(/^([0-9a-f]{12})[0-9a-f]*/, '$1…');
      throw new TaskRefused(`its code identity ${short(task.codeVersion)} differs from this worker's ${short(code)}: ` +
        'run the same version of pirate-pain-lab, on the same compute path, on the coordinator and the workers');
    }
    const ds = await dataset(task.dataFingerprint, ctx);
    // a task within every per-key limit can still be absurd as a whole: refused once (no retries), with its estimate
    try {
      checkFoldMemory(task.trial, { subjects: ds.train.ids.length, steps: ds.train.steps }, `fold task ${task.fold + 1}`);
    } catch (e) {
      if (e instanceof MemoryBudgetError) throw new TaskRefused(e.message);
      throw e;
    }
    const runsDir = makeTaskTemp();
    try {
      const [artifacts] = await runPool<RemoteFoldTask & { runsDir: string; worker: string }, FoldArtifacts, TrialShared>(
        [{ ...task, runsDir, worker: ctx.worker }], {
          module: join(projectRoot(), 'lib', 'experiments', 'remote', 'fold-worker.ts'),
          exportName: 'trainFoldArtifacts',
          workers: o.threads === false ? 0 : 1,
          shared: { train: ds.train, labels: ds.labels },
          signal: ctx.signal,
          onProgress: (_, line) => ctx.progress(line),
        });
      return artifacts;
    } finally {
      removeTaskTemp(runsDir);
    }
  };
}
