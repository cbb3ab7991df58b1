// The per-fold views of notebooks 03 and 06: each fold's validation figure with its 95 % bootstrap interval over
// the fold's validation subjects, as table rows and as bar series (folds, then the mean over folds).
import { N_CLASSES } from '../../data/schema';
import { bootstrapInterval, formatInterval, scoredSubjects, type Interval } from '../../evaluate/bootstrap';
import type { EnsembleSummary } from '../run/ensemble';
import type { FoldRecord, TrialResult } from '../run/trials';

/** An ensemble summary with its trial (an experiment's result pairs them by hash). */
export interface ModelRun {
  summary: EnsembleSummary;
  trial: TrialResult;
}

/** Each ensemble of an experiment with the trial it summarises. */
export function modelRuns(result: { ensembles: readonly EnsembleSummary[]; trials: readonly TrialResult[] }): ModelRun[] {
  return result.ensembles.map((summary) => {
    const trial = result.trials.find((t) => t.hash === summary.hash);
    if (!trial) throw new Error(`modelRuns: no trial ${summary.hash} for model ${summary.model}`);
    return { summary, trial };
  });
}

/** Each fold's validation macro-F1 interval (pooled over its validation subjects), computed once per fold. */
export function foldIntervals(runs: readonly ModelRun[]): Map<FoldRecord, Interval> {
  return new Map(runs.flatMap((m) => m.trial.folds.map((f) => [f, bootstrapInterval(scoredSubjects(f.predictions, N_CLASSES), 'pooled')] as [FoldRecord, Interval])));
}

/** 'fold 1' … 'fold K' and 'mean', K the most folds any model ran. */
export function foldCategories(runs: readonly ModelRun[]): string[] {
  const k = Math.max(...runs.map((m) => m.trial.folds.length));
  return Array.from({ length: k }, (_, i) => `fold ${i + 1}`).concat('mean');
}

const intervalOf = (intervals: Map<FoldRecord, Interval>, f: FoldRecord): Interval => {
  const iv = intervals.get(f);
  if (!iv) throw new Error(`fold ${f.metrics.fold + 1}: no interval computed`);
  return iv;
};

/** Every fold of every run as a row: the columns all fold tables share, then `middle`, then the subjects. */
function foldRows<T extends object>(runs: readonly ModelRun[], intervals: Map<FoldRecord, Interval>, middle: (f: FoldRecord) => T) {
  return runs.flatMap((m) => m.trial.folds.map((f) => ({
    model: m.summary.model,
    fold: f.metrics.fold + 1,
    'val macro-F1': f.metrics.valMacroF1,
    'val macro-F1 [95 %]': formatInterval(intervalOf(intervals, f)),
    'val accuracy': f.metrics.valAccuracy,
    ...middle(f),
    'train / val subjects': `${f.metrics.trainSubjects} / ${f.metrics.valSubjects}`,
  })));
}

/** Notebook 03: a baseline's folds (no epochs: accuracy and subject log-loss instead). */
export function baselineFoldRows(runs: readonly ModelRun[], intervals: Map<FoldRecord, Interval>) {
  return foldRows(runs, intervals, (f) => ({ 'val log-loss': f.metrics.valLoss }));
}

/** Notebook 06: the final models' folds with the epoch each kept. */
export function finalFoldRows(runs: readonly ModelRun[], intervals: Map<FoldRecord, Interval>) {
  return foldRows(runs, intervals, (f) => ({
    'best epoch': f.metrics.bestEpoch + 1,
    epochs: f.metrics.epochs,
    'final train loss': f.metrics.finalTrainLoss,
  }));
}

/** Notebook 06: mean ± std over folds, the mean's interval, and the lowest and highest fold. */
export function foldMeanRows(runs: readonly ModelRun[], valInterval: (model: string) => Interval) {
  return runs.map((m) => ({
    model: m.summary.model,
    folds: m.summary.folds,
    'val macro-F1 mean': m.summary.valMacroF1.mean,
    'val macro-F1 std': m.summary.valMacroF1.std,
    'val macro-F1 mean [95 %]': formatInterval(valInterval(m.summary.model)),
    'min fold': Math.min(...m.trial.folds.map((f) => f.metrics.valMacroF1)),
    'max fold': Math.max(...m.trial.folds.map((f) => f.metrics.valMacroF1)),
  }));
}

export interface FoldSeriesOptions {
  /** the series name (default: the model name) */
  name?: (m: ModelRun) => string;
  /** label the bars with their values (three decimals; the mean with ± its std) */
  text?: boolean;
}

/** One bar series per model: each fold's validation macro-F1, then the mean, with 95 % intervals as error bars. */
export function foldScoreSeries(runs: readonly ModelRun[], intervals: Map<FoldRecord, Interval>, meanInterval: (m: ModelRun) => Interval, o: FoldSeriesOptions = {}) {
  return runs.map((m) => {
    const folds = m.trial.folds;
    const mean = meanInterval(m);
    const s = m.summary.valMacroF1;
    return {
      name: o.name ? o.name(m) : m.summary.model,
      values: folds.map((f) => f.metrics.valMacroF1).concat(s.mean),
      ...(o.text ? { text: folds.map((f) => f.metrics.valMacroF1.toFixed(3)).concat(`${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}`) } : {}),
      error: { lo: folds.map((f) => intervalOf(intervals, f).lo).concat(mean.lo), hi: folds.map((f) => intervalOf(intervals, f).hi).concat(mean.hi) },
    };
  });
}
