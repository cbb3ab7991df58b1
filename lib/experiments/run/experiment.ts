// An experiment end to end, as notebooks 04–06 and `pirate-pain run` call it: resolve the profile, expand the
// trials, run the unfinished ones on the worker pool (finished ones are read back), tabulate, and for the final
// models ensemble the folds over the test subjects and write the submissions.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readLabels } from '../../data/read';
import { SYNTHETIC_TEST_LABELS } from '../../data/generate';
import { labelsOf, type Dataset } from '../../data/series';
import { N_CLASSES } from '../../data/schema';
import { classScores, classificationReport, type ClassificationReport } from '../../evaluate/metrics';
import { outputsDir, projectRoot } from '../../paths';
import { removeOrphanTemps, writeFileAtomic } from '../../store/durable';
import { datasetFingerprint } from '../../store/fingerprint';
import { trialHash } from '../../store/identity';
import { codeIdentity } from './code-identity';
import { cleanTrial, repairByDefault } from '../../store/store';
import { writeSubmission } from '../../train/submission';
import { checkResolvedTrial, loadConfig, profileBanner, describeOverrides, type ExperimentConfig, type Profile, type ResolvedConfig } from '../config/config';
import { runPool } from './pool';
import { QUEUE_ENV, loadRunFoldsOnQueue } from '../remote/queue-options';
import { successiveHalving, type HalvingConfig, type HalvingSummary } from '../search/halving';
import { fitsData, planExperiment, type TrialPlan } from '../search/search';
import { formatRunTable, runRows, type RunRow } from '../analysis/table';
import type { TestPrediction } from './test-predictions';
import { trialOutcome, type TrialOutcome, type TrialShared, type TrialTask } from './trial-task';
import { loadTrialResult, runTrial, trialDir, type TrialResult } from './trials';

export interface ExperimentOptions {
  data: Dataset;
  /** outputs folder (default <project>/outputs): runs/ and experiments/ go there */
  out?: string;
  /** worker threads (default min(cores, 2)); 0 = in this thread */
  workers?: number;
  /** a redis:// or rediss:// URL: fold tasks go to that queue's workers instead of the local pool (default $PIRATE_PAIN_QUEUE) */
  queue?: string;
  /** where progress and summaries go (default console.log) */
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** seconds between progress lines per trial (default 15) */
  progressEvery?: number;
  /** the trials to run instead of the config's (successive halving passes each rung's this way) */
  plans?: TrialPlan[];
  /**
   * Damaged results (a checksum that does not match, a missing fold model, a truncated file): move them aside to
   * <trial>/damaged/ and retrain (default; $PIRATE_PAIN_NO_REPAIR=1 turns it off), or stop with the error (false).
   */
  repair?: boolean;
  /** overrides for tests: the code identity (code version + compute path) and data fingerprint in trial hashes */
  codeVersion?: string;
  dataFingerprint?: string;
}

export interface EnsembleSummary {
  model: string;
  hash: string;
  folds: number;
  /** fold validation macro-F1 of the kept weights, mean ± std (untouched with train.earlyStopping 'inner') */
  valMacroF1: { mean: number; std: number };
  /** the report's figure, optimistic: each fold's best validation macro-F1 over its epochs, mean ± std */
  optimisticValMacroF1: { mean: number; std: number };
  /** out-of-fold: every validation subject scored by the model of the fold that held it out */
  oof: ClassificationReport;
  /** truth: the hidden label of each predicted test subject, in ids order (synthetic data only), for intervals */
  test?: TestPrediction & { macroF1?: number; report?: ClassificationReport; truth?: number[]; submission?: string };
}

export interface ExperimentResult {
  name: string;
  kind: ResolvedConfig['kind'];
  profile: Profile;
  /** the profile's changes to the report's recipe, one line each ([] for full) */
  overrides: string[];
  banner: string;
  dir: string;
  trials: TrialResult[];
  rows: RunRow[];
  ensembles: EnsembleSummary[];
  /** trials trained in this call (the rest were read back) */
  computed: number;
  /** the rungs of a search with `search.halving` (trials and rows are then the last rung's) */
  halving?: HalvingSummary;
  wallSeconds: number;
}

/** Sum of the folds' validation confusion matrices, rescored: the out-of-fold report of a trial. */
export function outOfFoldReport(r: TrialResult): ClassificationReport {
  const confusion = Array.from({ length: N_CLASSES }, () => new Array<number>(N_CLASSES).fill(0));
  for (const f of r.folds) f.metrics.report.confusion.forEach((row, t) => row.forEach((v, p) => (confusion[t][p] += v)));
  const scores = classScores(confusion);
  const n = confusion.flat().reduce((a, b) => a + b, 0);
  const correct = confusion.reduce((a, row, c) => a + row[c], 0);
  const macroF1 = scores.f1.reduce((a, b) => a + b, 0) / N_CLASSES;
  const weightedF1 = n ? scores.f1.reduce((a, f, c) => a + f * scores.support[c], 0) / n : 0;
  return { classes: N_CLASSES, confusion, ...scores, accuracy: n ? correct / n : 0, macroF1, weightedF1, n };
}

function testLabelsFile(data: Dataset): string | undefined {
  const f = join(data.dir, SYNTHETIC_TEST_LABELS);
  return data.dir && existsSync(f) ? f : undefined;
}

/**
 * Runs an experiment config (object or json5 path) under a profile. Results are content-addressed under
 * <out>/runs/<hash>/; the experiment's summary, table and submissions go to <out>/experiments/<name>/<profile>/.
 */
export async function runExperiment(config: ExperimentConfig | string, profile: Profile, o: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const log = o.log ?? ((line: string) => console.log(line));
  const cfg = typeof config === 'string' ? loadConfig(config) : config;
  // every trial is checked whole before anything trains (or any folder is made)
  const { resolved, plans: planned } = planExperiment(cfg, profile, typeof config === 'string' ? config : undefined, fitsData(o.data.train));
  const banner = profileBanner(cfg, resolved);
  if (resolved.search?.halving && !o.plans) return runHalving(cfg, profile, resolved.search.halving, o, log);
  if (!o.plans) log(banner);
  const out = resolve(o.out ?? outputsDir(projectRoot()));
  const runsDir = join(out, 'runs');
  const dir = join(out, 'experiments', resolved.name, profile);
  mkdirSync(dir, { recursive: true });
  removeOrphanTemps(dir);
  removeOrphanTemps(out);
  const repair = o.repair ?? repairByDefault();
  const code = o.codeVersion ?? codeIdentity();
  const fingerprint = o.dataFingerprint ?? datasetFingerprint(o.data, join(out, 'cache', 'data-fingerprints.json'));
  const wantTest = resolved.kind === 'final' && !!resolved.ensemble?.test;
  if (wantTest && !o.data.test) log('ensemble: the dataset was loaded without test subjects; no test predictions');

  // plans given by the caller (a halving rung's shortened trials) are checked whole too
  for (const p of o.plans ?? []) checkResolvedTrial(resolved, p.trial, { model: p.model, point: p.point }, fitsData(o.data.train));
  const plans = o.plans ?? planned;
  const tasks: TrialTask[] = plans.map((p) => ({
    trial: p.trial,
    labels: { experiment: resolved.name, model: p.model, point: p.point, profile },
    dataFingerprint: fingerprint,
    codeVersion: code,
    runsDir,
    test: wantTest && o.data.test ? { maxSubjects: resolved.ensemble?.maxTestSubjects } : undefined,
    progressEvery: o.progressEvery,
    repair,
  }));
  const hashes = tasks.map((t) => trialHash(t.trial, t.dataFingerprint, t.codeVersion));
  // finished trials (and their cached test predictions) are read here: no worker is started for them
  const outcomes = new Array<TrialOutcome | undefined>(tasks.length);
  const todo: number[] = [];
  // every artifact of a finished trial is verified here; damage is moved aside (its folds retrained) or thrown
  const verifyStarted = performance.now();
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    // what a crashed process left (temporary files, staging folders of dead holders) goes first
    if (existsSync(trialDir(runsDir, hashes[i]))) await cleanTrial(trialDir(runsDir, hashes[i]));
    const done = await loadTrialResult(trialDir(runsDir, hashes[i]), t.trial, { repair, log });
    if (!done) {
      todo.push(i);
      continue;
    }
    outcomes[i] = trialOutcome({ ...done, cached: true }, t, o.data.test, undefined, log);
  }
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  const queue = o.queue ?? (process.env[QUEUE_ENV] || undefined);
  log(`${resolved.name}: ${tasks.length} trial(s), ${tasks.length - todo.length} already done, ${todo.length} to run` +
    (todo.length ? (queue ? ' on the queue\'s workers' : ` on ${o.workers ?? 'min(cores, 2)'} worker(s)`) : '') +
    (tasks.length > todo.length ? ` (finished trials verified in ${verifySeconds.toFixed(2)} s)` : ''));
  if (todo.length > 0) {
    const shared: TrialShared = { train: o.data.train, labels: o.data.labels, test: wantTest ? o.data.test : undefined };
    // One pool task per fold, not per trial: the folds of one trial are independent trainings, so both cores stay
    // busy even when an experiment has a single slow trial. Progress lines are numbered per fold task.
    const foldTasks = todo.flatMap((i) => Array.from({ length: tasks[i].trial.cv.run }, (_, fold) => ({ ...tasks[i], fold })));
    const onProgress = (k: number, line: string): void => log(`[${k + 1}/${foldTasks.length}] ${line}`);
    // workers load the task module by path (they share no code with this thread)
    if (queue) await loadRunFoldsOnQueue()(foldTasks, { url: queue, data: o.data, runsDir, log, onProgress, signal: o.signal });
    else await runPool<TrialTask & { fold: number }, unknown, TrialShared>(foldTasks, {
      module: join(projectRoot(), 'lib', 'experiments', 'run', 'trial-task.ts'),
      exportName: 'runFoldTask',
      workers: o.workers,
      shared,
      signal: o.signal,
      onProgress,
    });
    // every fold is on disk now: summarise each trial (and predict its test subjects) here
    // Every fold is on disk and logged its result as it finished: runTrial only reads and summarises them here (so
    // it would call the trial cached; it was trained by this run), then the test subjects are predicted.
    for (const i of todo) {
      const t = tasks[i];
      const result = await runTrial({ data: o.data, trial: t.trial, dataFingerprint: t.dataFingerprint, codeVersion: t.codeVersion, runsDir: t.runsDir, labels: t.labels, signal: o.signal, repair });
      outcomes[i] = trialOutcome({ ...result, cached: false }, t, shared.test, (line) => log(`[${i + 1}/${tasks.length}] ${line}`));
    }
  }
  const trials = outcomes.map((x) => x!.result);
  const rows = runRows(trials);

  const ensembles: EnsembleSummary[] = [];
  if (resolved.kind === 'final') {
    const truthFile = testLabelsFile(o.data);
    const truth = truthFile ? readLabels(truthFile) : undefined;
    outcomes.forEach((x, i) => {
      const r = x!.result;
      const model = plans[i].model ?? `trial-${i}`;
      const summary: EnsembleSummary = { model, hash: r.hash, folds: r.folds.length, valMacroF1: r.valMacroF1, optimisticValMacroF1: r.optimisticValMacroF1, oof: outOfFoldReport(r) };
      if (x!.test) {
        const t: EnsembleSummary['test'] = { ...x!.test };
        if (truth) {
          t.truth = Array.from(labelsOf(truth, t.ids, truthFile));
          t.report = classificationReport(t.truth, t.y, N_CLASSES);
          t.macroF1 = t.report.macroF1;
        }
        if (t.complete) {
          t.submission = join(dir, `submission-${model}.csv`);
          writeSubmission(t.submission, t.ids, t.y);
        }
        summary.test = t;
      }
      ensembles.push(summary);
    });
  }

  const result: ExperimentResult = {
    name: resolved.name,
    kind: resolved.kind,
    profile,
    overrides: describeOverrides(cfg, resolved),
    banner,
    dir,
    trials,
    rows,
    ensembles,
    computed: todo.length,
    wallSeconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(dir, 'summary.json'), JSON.stringify({ ...result, trials: trials.map((t) => t.hash) }, null, 1) + '\n');
  writeFileAtomic(join(dir, 'runs.txt'), formatRunTable(rows) + '\n');
  log(formatRunTable(rows));
  for (const e of ensembles) {
    const test = e.test ? `; test ${e.test.ids.length} subjects${e.test.macroF1 !== undefined ? ` macro-F1 ${e.test.macroF1.toFixed(4)}` : ''}${e.test.submission ? ` → ${e.test.submission}` : ''}` : '';
    log(`${e.model}: ${e.folds}-fold val macro-F1 ${e.valMacroF1.mean.toFixed(4)} ± ${e.valMacroF1.std.toFixed(4)} ` +
      `(optimistic, best epoch on validation: ${e.optimisticValMacroF1.mean.toFixed(4)}), out-of-fold ${e.oof.macroF1.toFixed(4)}${test}`);
  }
  return result;
}

/**
 * A search with `search.halving`: each rung's trials through runExperiment (on the pool or the queue, cached like
 * any trial), then the last rung's as the experiment's result, with the rungs' record in summary.json.
 */
async function runHalving(cfg: ExperimentConfig, profile: Profile, h: HalvingConfig,
  o: ExperimentOptions, log: (line: string) => void): Promise<ExperimentResult> {
  const started = performance.now();
  const { resolved, plans: all } = planExperiment(cfg, profile);
  log(profileBanner(cfg, resolved));
  let computed = 0;
  const { plans, summary } = await successiveHalving(all, h, async (rung, r, epochs) => {
    log(`${resolved.name}: successive halving rung ${r + 1}: ${rung.length} point(s) at ${epochs} epoch(s)`);
    const x = await runExperiment(cfg, profile, { ...o, log, plans: rung });
    computed += x.computed;
    return x.trials;
  });
  const last = await runExperiment(cfg, profile, { ...o, log: () => {}, plans });
  const result: ExperimentResult = { ...last, computed, halving: summary, wallSeconds: (performance.now() - started) / 1000 };
  writeFileAtomic(join(result.dir, 'summary.json'), JSON.stringify({ ...result, trials: result.trials.map((t) => t.hash) }, null, 1) + '\n');
  log(`${resolved.name}: successive halving kept ${plans.length} of ${summary.rungs[0]?.trials.length ?? 0} point(s); epoch budget ` +
    `${summary.budgetEpochs} against ${summary.plainBudgetEpochs} for the plain search (${Math.round(100 * (1 - summary.budgetEpochs / summary.plainBudgetEpochs))} % saved)`);
  return result;
}
