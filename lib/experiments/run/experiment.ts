// An experiment end to end, as notebooks 04–06 and `pirate-pain run` call it: plan (resolve the profile, expand the
// trials, read back the finished ones), run the unfinished ones on the worker pool or a queue, then tabulate and,
// for the final models, ensemble the folds over the test subjects and write the submissions.
import { join } from 'node:path';
import { writeFileAtomic } from '../../store/durable';
import { holdTrials } from '../../store/holds';
import { describeOverrides, profileBanner, type ExperimentConfig, type Profile, type ResolvedConfig } from '../config/config';
import { successiveHalving, type HalvingConfig, type HalvingSummary } from '../search/halving';
import { planExperiment } from '../search/search';
import { formatRunTable, runRows, type RunRow } from '../analysis/table';
import { ensembleSummaries, type EnsembleSummary } from './ensemble';
import { runUnfinished, type RunOptions } from './execute';
import { planTrials, readFinished, resolveExperiment, type PlanOptions } from './plan';
import type { TrialResult } from './trials';

export { outOfFoldReport } from './ensemble';
export type { EnsembleSummary } from './ensemble';

export interface ExperimentOptions extends PlanOptions, RunOptions {
  /** where progress and summaries go (default console.log) */
  log?: (line: string) => void;
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

/**
 * Runs an experiment config (object or json5 path) under a profile. Results are content-addressed under
 * <out>/runs/<hash>/; the experiment's summary, table and submissions go to <out>/experiments/<name>/<profile>/.
 */
export async function runExperiment(config: ExperimentConfig | string, profile: Profile, o: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const log = o.log ?? ((line: string) => console.log(line));
  const x = resolveExperiment(config, profile, o.data);
  if (x.resolved.search?.halving && !o.plans) return runHalving(x.cfg, profile, x.resolved.search.halving, o, log);
  if (!o.plans) log(x.banner);
  const plan = planTrials(x, profile, o, log);
  // held until this call is done: `runs gc` keeps every trial it reads or trains (lib/store/holds.ts)
  const holds = await holdTrials(plan.runsDir, plan.hashes);
  try {
    const finished = await readFinished(plan, o.data, log);
    const outcomes = await runUnfinished(plan, finished, o, log);
    const trials = outcomes.map((t) => t.result);
    const ensembles = ensembleSummaries(plan, outcomes, o.data);
    const result: ExperimentResult = {
      name: plan.resolved.name,
      kind: plan.resolved.kind,
      profile,
      overrides: describeOverrides(plan.cfg, plan.resolved),
      banner: plan.banner,
      dir: plan.dir,
      trials,
      rows: runRows(trials),
      ensembles,
      computed: finished.todo.length,
      wallSeconds: (performance.now() - started) / 1000,
    };
    recordExperiment(result, log);
    return result;
  } finally {
    await holds.release();
  }
}

/** The record step: summary.json and runs.txt in the experiment's folder, the table and one line per ensemble logged. */
function recordExperiment(result: ExperimentResult, log: (line: string) => void): void {
  writeSummary(result);
  writeFileAtomic(join(result.dir, 'runs.txt'), formatRunTable(result.rows) + '\n');
  log(formatRunTable(result.rows));
  for (const e of result.ensembles) log(ensembleLine(e));
}

/** <dir>/summary.json: the result with its trials as hashes (their records are in the runs folder). */
function writeSummary(result: ExperimentResult): void {
  writeFileAtomic(join(result.dir, 'summary.json'), JSON.stringify({ ...result, trials: result.trials.map((t) => t.hash) }, null, 1) + '\n');
}

function ensembleLine(e: EnsembleSummary): string {
  const test = e.test ? `; test ${e.test.ids.length} subjects${e.test.macroF1 !== undefined ? ` macro-F1 ${e.test.macroF1.toFixed(4)}` : ''}${e.test.submission ? ` → ${e.test.submission}` : ''}` : '';
  return `${e.model}: ${e.folds}-fold val macro-F1 ${e.valMacroF1.mean.toFixed(4)} ± ${e.valMacroF1.std.toFixed(4)} ` +
    `(optimistic, best epoch on validation: ${e.optimisticValMacroF1.mean.toFixed(4)}), out-of-fold ${e.oof.macroF1.toFixed(4)}${test}`;
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
  writeSummary(result);
  log(`${resolved.name}: successive halving kept ${plans.length} of ${summary.rungs[0]?.trials.length ?? 0} point(s); epoch budget ` +
    `${summary.budgetEpochs} against ${summary.plainBudgetEpochs} for the plain search (${Math.round(100 * (1 - summary.budgetEpochs / summary.plainBudgetEpochs))} % saved)`);
  return result;
}
