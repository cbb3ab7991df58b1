// One trial as a pool task: what a worker thread runs for runExperiment.
import type { SubjectLabels, SubjectSeries } from '../../data/series';
import { progressPrinter } from '../../train/progress';
import type { TrialConfig } from '../config/config';
import type { PoolTaskContext } from './pool';
import { predictTestSubjects, type TestPrediction } from './test-predictions';
import { trialHash } from '../../store/identity';
import { runTrialFolds, type RunTrialOptions, type TrialLabels, type TrialResult } from './trials';

export interface TrialTask {
  trial: TrialConfig;
  labels: TrialLabels;
  dataFingerprint: string;
  codeVersion: string;
  runsDir: string;
  /** also predict the test subjects with the trial's fold ensemble */
  test?: { maxSubjects?: number };
  /** seconds between progress lines */
  progressEvery?: number;
  /** damaged folds: move aside and retrain (default), or stop with the error */
  repair?: boolean;
}

export interface TrialShared {
  train: SubjectSeries;
  labels: SubjectLabels;
  test?: SubjectSeries;
}

export interface TrialOutcome {
  result: TrialResult;
  test?: TestPrediction;
}

/** The trial options a task runs with: the shared data, and progress lines named after the trial. */
function trialOptions(task: TrialTask, ctx: PoolTaskContext<TrialShared>): RunTrialOptions {
  // a short name for progress lines: the model variant and, for small search points, the point itself
  const point = Object.entries(task.labels.point ?? {});
  const what = [task.labels.model, ...(point.length <= 3 ? point.map(([k, v]) => `${k.split('.').pop()}=${String(v)}`) : [])]
    .filter(Boolean).join(' ');
  const label = `${trialHash(task.trial, task.dataFingerprint, task.codeVersion)} ${what}`.trim();
  const printer = (fold: number, folds: number) => progressPrinter({
    label: `${label} fold ${fold + 1}/${folds}`,
    everyMs: (task.progressEvery ?? 15) * 1000,
    stream: { write: (s: string) => ctx.progress(s.trimEnd()) },
  });
  let current = -1;
  let print: ReturnType<typeof printer> | undefined;
  return {
    data: ctx.shared,
    trial: task.trial,
    dataFingerprint: task.dataFingerprint,
    codeVersion: task.codeVersion,
    runsDir: task.runsDir,
    labels: task.labels,
    repair: task.repair,
    signal: ctx.signal,
    log: (line) => ctx.progress(what ? `${line} [${what}]` : line),
    onProgress: (p) => {
      if (p.fold !== current) {
        current = p.fold;
        print = printer(p.fold, p.folds);
      }
      print!(p);
    },
  };
}

/** One fold of a trial as a pool task: trains it (or finds it done) and leaves its result on disk. */
export async function runFoldTask(task: TrialTask & { fold: number }, ctx: PoolTaskContext<TrialShared>): Promise<{ fold: number; trained: boolean }> {
  const { trained } = await runTrialFolds(trialOptions(task, ctx), [task.fold]);
  return { fold: task.fold, trained };
}

/**
 * A finished trial with its K-fold ensemble's predictions of the test subjects, when the task asks for them
 * (computed once, then read from the trial's folder).
 */
export function trialOutcome(result: TrialResult, task: TrialTask, test: SubjectSeries | undefined, progress?: (line: string) => void,
  damageLog?: (line: string) => void): TrialOutcome {
  if (!task.test || !test) return { result };
  progress?.(`trial ${result.hash}: test predictions of ${Math.min(test.ids.length, task.test.maxSubjects ?? Infinity)} subjects by its ${task.trial.cv.run} fold models`);
  return { result, test: predictTestSubjects(result.dir, test, task.test.maxSubjects, { folds: task.trial.cv.run, repair: task.repair, log: damageLog ?? progress }) };
}
