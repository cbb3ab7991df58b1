// Fold tasks through a BullMQ queue instead of the local pool (runExperiment with `queue` or $PIRATE_PAIN_QUEUE):
// the data set goes to Redis once per fingerprint, each fold is a job named by trial hash + fold and prioritised
// by its cost, and each result is verified and landed in the trial folder exactly where a local run writes it.
import { join } from 'node:path';
import type { Dataset } from '../../data/series';
import { formatDuration } from '../../train/progress';
import { runQueue, type QueueStatus } from '../../queue/coordinator';
import { dataBlobKey } from './fold-worker';
import { readFold } from '../../store/store';
import { trialHash } from '../../store/identity';
import { foldCost, foldTaskId, landFold, packDataFiles, type FoldArtifacts, type RemoteFoldTask } from './remote-fold';
import { STATUS_PREFIX } from '../../train/quiet-log';
import type { TrialTask } from '../run/trial-task';
import type { QueueFoldsOptions } from './queue-options';

export { QUEUE_ENV, type QueueFoldsOptions } from './queue-options';

/** The part of a local fold task that travels: no output folder, no test-set request. */
export function remoteTask(t: TrialTask & { fold: number }): RemoteFoldTask {
  return {
    trial: t.trial, labels: t.labels, dataFingerprint: t.dataFingerprint, codeVersion: t.codeVersion, fold: t.fold,
    ...(t.progressEvery !== undefined ? { progressEvery: t.progressEvery } : {}),
  };
}

/** `[queue] 3/12 fold tasks done, 2 running (w1 → task 4; w2 → task 5), ETA 1:23`; `task` numbers a task as the log does. */
export function statusLine(s: QueueStatus, task: (i: number) => number = (i) => i + 1): string {
  const workers = new Map<string, number[]>();
  for (const [i, w] of s.running) workers.set(w, [...(workers.get(w) ?? []), task(i)]);
  const running = [...workers].map(([w, ids]) => `${w} → task ${ids.join(',')}`).join('; ');
  return `${STATUS_PREFIX}${s.done}/${s.total} fold tasks done, ${s.running.size} running` +
    (running ? ` (${running})` : '') + `, ETA ${s.etaSeconds === undefined ? '?' : formatDuration(s.etaSeconds)}`;
}

/** Whether the store holds fold k committed and intact (damage is left to the trial's verified read, which repairs it). */
function committed(trialDir: string, k: number): boolean {
  try {
    return readFold(trialDir, k) !== undefined;
  } catch {
    return false;
  }
}

/** Runs the fold tasks on the queue's workers and lands every result in `runsDir`. */
export async function runFoldsOnQueue(tasks: (TrialTask & { fold: number })[], o: QueueFoldsOptions): Promise<void> {
  const fps = new Set(tasks.map((t) => t.dataFingerprint));
  if (fps.size > 1) throw new Error('queue: the fold tasks of one run must share one data set');
  const fp = [...fps][0];
  if (tasks.length > 0 && !fp.startsWith('files:')) {
    throw new Error('queue: workers receive the data set as its files; load it from a data folder (loadDataset), not from arrays in memory');
  }
  // folds already in the trial folder (an earlier, interrupted run) are reused, not sent again
  const todo = tasks.map((_, k) => k)
    .filter((k) => { const t = tasks[k]; return !committed(join(o.runsDir, trialHash(t.trial, t.dataFingerprint, t.codeVersion)), t.fold); });
  if (todo.length < tasks.length) o.log(`queue: ${tasks.length - todo.length} fold(s) already in ${o.runsDir}, reused`);
  const remote = todo.map((k) => remoteTask(tasks[k]));
  const subjects = o.data.train.ids.length;
  const steps = o.data.train.steps;
  let lastStatus = 0;
  let lastDone = -1;
  const every = (o.statusEvery ?? 10) * 1000;
  await runQueue<RemoteFoldTask, FoldArtifacts>(remote.map((t) => ({ id: foldTaskId(t), data: t, cost: foldCost(t.trial, subjects, steps) })), {
    url: o.url,
    queue: o.queue,
    blobs: { [dataBlobKey(fp)]: () => packDataFiles(o.data.dir) },
    log: o.log,
    signal: o.signal,
    onProgress: (k, p) => o.onProgress?.(todo[k], `${p.worker}: ${p.line}`),
    onResult: async (k, a) => {
      await landFold(o.runsDir, remote[k], a);
      o.log(`[${todo[k] + 1}/${tasks.length}] fold task ${foldTaskId(remote[k])} landed from ${String(a.worker)} (${a.files.length} files, sha256 checked)`);
    },
    onStatus: (s) => {
      const now = Date.now();
      if (s.done === lastDone && now - lastStatus < every) return;
      lastDone = s.done;
      lastStatus = now;
      o.log(statusLine({ ...s, done: s.done + tasks.length - todo.length, total: tasks.length }, (i) => todo[i] + 1));
    },
  });
}
