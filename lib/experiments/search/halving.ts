// Successive halving over a search's points (as Optuna's and Ray Tune's pruners do it): every point trains at a
// small epoch budget, the best 1/eta go on to eta times the budget, and so on up to the recipe's epochs. Each rung
// is a barrier and ties are broken by trial hash, so the survivors are the same whatever the number of workers and
// whatever order results arrive in. A rung's trial is the point's trial with train.epochs set to the rung's budget:
// it has its own hash and is cached like any trial, and the last rung's trials are the plain search's trials.
import { LIMITS, describeRange, inRange } from '../../limits';
import { isBaselineTrial, type TrialConfig } from '../config/config';
import type { TrialPlan } from './search';
import type { TrialResult } from '../run/trial-result';
import { foldMeanInterval, hasPredictions } from '../analysis/uncertainty';
import type { Interval } from '../../evaluate/bootstrap';

export interface HalvingConfig {
  /** epochs of the first rung */
  minEpochs: number;
  /** each rung keeps the best ceil(n / eta) points and multiplies the budget by eta */
  eta: number;
}

export interface Rung {
  epochs: number;
  /** every trial of the rung with its score (mean validation macro-F1), best first */
  trials: {
    hash: string; point: Record<string, unknown>; model?: string; score: number; epochsRun: number; wallSeconds: number;
    /** the score's 95 % bootstrap interval over the validation subjects (absent for records without predictions) */
    interval?: Interval;
  }[];
  /** hashes of the trials whose points go on to the next rung (all of them in the last rung) */
  kept: string[];
}

export interface HalvingSummary {
  eta: number;
  rungs: Rung[];
  /** epoch budget: Σ over rungs of points × epochs × folds, against every point at the full budget */
  budgetEpochs: number;
  plainBudgetEpochs: number;
  /** epochs actually trained (early stopping included), summed over the folds of every rung's trials */
  epochsRun: number;
}

/** The rungs' epoch budgets: minEpochs, ×eta, … capped at and ending with maxEpochs. */
export function halvingRungs(maxEpochs: number, h: HalvingConfig): number[] {
  const L = LIMITS.search.halving;
  if (!inRange(h.minEpochs, L.minEpochs)) throw new Error(`halving.minEpochs must be ${describeRange(L.minEpochs)}, got ${h.minEpochs}`);
  if (!inRange(h.eta, L.eta)) throw new Error(`halving.eta must be ${describeRange(L.eta)}, got ${h.eta}`);
  const out: number[] = [];
  for (let e = Math.min(h.minEpochs, maxEpochs); ; e *= h.eta) {
    const budget = Math.min(e, maxEpochs);
    out.push(budget);
    if (budget >= maxEpochs) return out;
  }
}

/** The best ceil(n / eta) (at least 1) by score, higher first; equal scores by hash, ascending. */
export function survivors(scored: readonly { hash: string; score: number }[], eta: number): string[] {
  const score = (s: number): number => (Number.isFinite(s) ? s : -Infinity);
  const sorted = [...scored].sort((a, b) => score(b.score) - score(a.score) || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  return sorted.slice(0, Math.max(1, Math.ceil(scored.length / eta))).map((s) => s.hash);
}

/** A trial's epoch budget; a baseline trains in one step and has none to halve. */
export const epochsOf = (t: TrialConfig): number => (isBaselineTrial(t) ? 1 : t.train.epochs);

export const withEpochs = (t: TrialConfig, epochs: number): TrialConfig => (isBaselineTrial(t) ? t : { ...t, train: { ...t.train, epochs } });

/**
 * Runs the rungs through `run` (which trains or reads back a list of plans and returns their results in order) and
 * returns the last rung's plans, every one of them already trained, with the rungs' record.
 */
export async function successiveHalving(plans: readonly TrialPlan[], h: HalvingConfig,
  run: (plans: TrialPlan[], rung: number, epochs: number) => Promise<TrialResult[]>): Promise<{ plans: TrialPlan[]; summary: HalvingSummary }> {
  const maxEpochs = Math.max(...plans.map((p) => epochsOf(p.trial)));
  const budgets = halvingRungs(maxEpochs, h);
  let alive = [...plans];
  const rungs: Rung[] = [];
  let budgetEpochs = 0;
  let epochsRun = 0;
  let current: TrialPlan[] = [];
  for (const [r, epochs] of budgets.entries()) {
    current = alive.map((p) => ({ ...p, trial: withEpochs(p.trial, Math.min(epochs, epochsOf(p.trial))) }));
    const results = await run(current, r, epochs);
    const trials = results.map((res, i) => ({
      hash: res.hash, point: current[i].point, model: current[i].model, score: res.valMacroF1.mean,
      epochsRun: res.folds.reduce((a, f) => a + f.metrics.epochs, 0), wallSeconds: res.wallSeconds,
      ...(hasPredictions(res) ? { interval: foldMeanInterval(res) } : {}),
    }));
    budgetEpochs += current.reduce((a, p) => a + epochsOf(p.trial) * p.trial.cv.run, 0);
    epochsRun += trials.reduce((a, t) => a + t.epochsRun, 0);
    const last = r === budgets.length - 1;
    const kept = survivors(trials, last ? 1 : h.eta);
    const keep = new Set(kept);
    const byRank = [...trials].sort((a, b) => Number(keep.has(b.hash)) - Number(keep.has(a.hash)) || b.score - a.score || (a.hash < b.hash ? -1 : 1));
    rungs.push({ epochs, trials: byRank, kept });
    if (!last) alive = alive.filter((_, i) => keep.has(trials[i].hash));
  }
  const plainBudgetEpochs = plans.reduce((a, p) => a + epochsOf(p.trial) * p.trial.cv.run, 0);
  return { plans: current, summary: { eta: h.eta, rungs, budgetEpochs, plainBudgetEpochs, epochsRun } };
}
