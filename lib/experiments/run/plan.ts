// The plan step of an experiment: the config resolved under the profile, each trial checked whole, its task and
// hash, and which trials are already finished (read back and verified) before anything trains.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dataset } from '../../data/series';
import { outputsDir, projectRoot } from '../../paths';
import { removeOrphanTemps } from '../../store/durable';
import { datasetFingerprint } from '../../store/fingerprint';
import { trialHash } from '../../store/identity';
import { repairByDefault } from '../../store/store';
import { checkResolvedTrial, loadConfig, profileBanner, type ExperimentConfig, type Profile, type ResolvedConfig } from '../config/config';
import { fitsData, planExperiment, type TrialPlan } from '../search/search';
import { codeIdentity } from './code-identity';
import { trialOutcome, type TrialOutcome, type TrialTask } from './trial-task';
import { loadFinishedTrial } from './trials';
import { safeJoin } from '../../core/safe-path';

export interface PlanOptions {
  data: Dataset;
  /** outputs folder (default <project>/outputs): runs/ and experiments/ go there */
  out?: string;
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

/** A config read and resolved under a profile, every trial of it checked against the data. */
export interface ResolvedExperiment {
  cfg: ExperimentConfig;
  resolved: ResolvedConfig;
  /** the config's own trials (a caller's plans may replace them) */
  planned: TrialPlan[];
  banner: string;
}

/** What one experiment call works on: its trials as tasks, their hashes, and where results go. */
export interface ExperimentPlan extends ResolvedExperiment {
  profile: Profile;
  plans: TrialPlan[];
  tasks: TrialTask[];
  /** the content address of each task's trial under runsDir */
  hashes: string[];
  /** <out>/runs: the content-addressed trials */
  runsDir: string;
  /** <out>/experiments/<name>/<profile>: the summary, table and submissions */
  dir: string;
  repair: boolean;
  /** the final models predict the test subjects */
  wantTest: boolean;
}

/** Trials read back finished (outcomes set), and the indices of those still to run. */
export interface FinishedCheck {
  outcomes: (TrialOutcome | undefined)[];
  todo: number[];
  verifySeconds: number;
}

/** Reads (a json5 path) and resolves the config; every trial is checked whole before anything trains or any folder is made. */
export function resolveExperiment(config: ExperimentConfig | string, profile: Profile, data: Dataset): ResolvedExperiment {
  const cfg = typeof config === 'string' ? loadConfig(config) : config;
  const { resolved, plans } = planExperiment(cfg, profile, typeof config === 'string' ? config : undefined, fitsData(data.train));
  return { cfg, resolved, planned: plans, banner: profileBanner(cfg, resolved) };
}

/**
 * The trials of this call as tasks with their hashes; makes the experiment's folder (clearing what a crashed
 * process left in it) and fingerprints the data (cached under <out>/cache).
 */
export function planTrials(x: ResolvedExperiment, profile: Profile, o: PlanOptions, log: (line: string) => void): ExperimentPlan {
  const { resolved } = x;
  const out = resolve(o.out ?? outputsDir(projectRoot()));
  const runsDir = join(out, 'runs');
  // the config's name becomes a folder: refused here if it would lead out of <out>/experiments (lib/core/safe-path)
  const dir = safeJoin(join(out, 'experiments'), [resolved.name, profile], 'experiment name');
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
  const plans = o.plans ?? x.planned;
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
  return { ...x, profile, plans, tasks, hashes, runsDir, dir, repair, wantTest };
}

/**
 * Finished trials (and their cached test predictions) are read here, so no worker is started for them. Every
 * artifact of a finished trial is verified; damage is moved aside (its folds retrained) or thrown.
 */
export async function readFinished(plan: ExperimentPlan, data: Dataset, log: (line: string) => void): Promise<FinishedCheck> {
  const outcomes = new Array<TrialOutcome | undefined>(plan.tasks.length);
  const todo: number[] = [];
  const started = performance.now();
  for (let i = 0; i < plan.tasks.length; i++) {
    const t = plan.tasks[i];
    // cleared of what crashed processes left, config.json checked, every fold's seal and artifact verified
    const done = await loadFinishedTrial(t, { repair: plan.repair, log });
    if (!done) {
      todo.push(i);
      continue;
    }
    outcomes[i] = trialOutcome({ ...done, cached: true }, t, data.test, undefined, log);
  }
  return { outcomes, todo, verifySeconds: (performance.now() - started) / 1000 };
}
