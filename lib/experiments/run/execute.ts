// The run step of an experiment: the unfinished trials' folds on the local worker pool or a queue's workers, then
// each such trial summarised (and its test subjects predicted) from what the folds left on disk.
import { join } from 'node:path';
import type { Dataset } from '../../data/series';
import { projectRoot } from '../../paths';
import { loadRunFoldsOnQueue } from '../remote/queue-options';
import { queueUrlFrom } from '../../queue/url-source';
import { checkFoldMemory } from '../../train/memory';
import type { ExperimentPlan, FinishedCheck } from './plan';
import { runPool } from './pool';
import { trialOutcome, type TrialOutcome, type TrialShared, type TrialTask } from './trial-task';
import { runTrial } from './trials';

export interface RunOptions {
  data: Dataset;
  /** worker threads (default min(cores, 2)); 0 = in this thread */
  workers?: number;
  /** a redis:// or rediss:// URL: fold tasks go to that queue's workers instead of the local pool (default $PIRATE_PAIN_QUEUE) */
  queue?: string;
  signal?: AbortSignal;
}

/** Runs the trials the plan found unfinished; returns every trial's outcome, in the plan's order. */
export async function runUnfinished(plan: ExperimentPlan, finished: FinishedCheck, o: RunOptions, log: (line: string) => void): Promise<TrialOutcome[]> {
  const { tasks } = plan;
  const { todo, verifySeconds } = finished;
  const outcomes = [...finished.outcomes];
  // $PIRATE_PAIN_QUEUE or $PIRATE_PAIN_QUEUE_FILE (a file holding the URL: no password on a command line)
  const queue = o.queue ?? queueUrlFrom()?.url;
  log(`${plan.resolved.name}: ${tasks.length} trial(s), ${tasks.length - todo.length} already done, ${todo.length} to run` +
    (todo.length ? (queue ? ' on the queue\'s workers' : ` on ${o.workers ?? 'min(cores, 2)'} worker(s)`) : '') +
    (tasks.length > todo.length ? ` (finished trials verified in ${verifySeconds.toFixed(2)} s)` : ''));
  if (todo.length > 0) {
    // refused before anything trains: a trial whose fold would not fit the memory budget (lib/train/memory.ts)
    for (const i of todo) checkFoldMemory(tasks[i].trial, { subjects: o.data.train.ids.length, steps: o.data.train.steps }, `trial ${plan.hashes[i]} (${tasks[i].labels.model ?? 'trial'})`);
    const shared: TrialShared = { train: o.data.train, labels: o.data.labels, test: plan.wantTest ? o.data.test : undefined };
    // One pool task per fold, not per trial: the folds of one trial are independent trainings, so both cores stay
    // busy even when an experiment has a single slow trial. Progress lines are numbered per fold task.
    const foldTasks = todo.flatMap((i) => Array.from({ length: tasks[i].trial.cv.run }, (_, fold) => ({ ...tasks[i], fold })));
    const onProgress = (k: number, line: string): void => log(`[${k + 1}/${foldTasks.length}] ${line}`);
    // workers load the task module by path (they share no code with this thread)
    if (queue) await loadRunFoldsOnQueue()(foldTasks, { url: queue, data: o.data, runsDir: plan.runsDir, log, onProgress, signal: o.signal });
    else await runPool<TrialTask & { fold: number }, unknown, TrialShared>(foldTasks, {
      module: join(projectRoot(), 'lib', 'experiments', 'run', 'trial-task.ts'),
      exportName: 'runFoldTask',
      workers: o.workers,
      shared,
      signal: o.signal,
      onProgress,
    });
    // Every fold is on disk and logged its result as it finished: runTrial only reads and summarises them here (so
    // it would call the trial cached; it was trained by this run), then the test subjects are predicted.
    for (const i of todo) {
      const t = tasks[i];
      const result = await runTrial({ data: o.data, trial: t.trial, dataFingerprint: t.dataFingerprint, codeVersion: t.codeVersion, runsDir: t.runsDir, labels: t.labels, signal: o.signal, repair: plan.repair });
      outcomes[i] = trialOutcome({ ...result, cached: false }, t, shared.test, (line) => log(`[${i + 1}/${tasks.length}] ${line}`));
    }
  }
  return outcomes.map((x) => x!);
}
