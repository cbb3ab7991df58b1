// Notebook 06's untouched-against-optimistic views: each fold's validation figure with the epoch chosen on an inner
// split (untouched) and as the report chose it (best validation epoch, optimistic), the paired gap between them,
// per fold and as a mean over folds, as rows, bar series and sentences.
import { N_CLASSES } from '../../data/schema';
import { bootstrapInterval, formatDifference, formatInterval, pairedDifference, scoredSubjects, type Interval } from '../../evaluate/bootstrap';
import { optimisticMacroF1 } from '../../train/fold';
import { isBaselineTrial } from '../config/config';
import type { FoldRecord } from '../run/trials';
import type { ModelRun } from './fold-table';
import type { EnsembleUncertainty } from './uncertainty';
import { beyondNoise, noiseWords } from './verdict';

/** True when the model's validation figure is untouched: a baseline (no epochs) or the epoch chosen on an inner split. */
export function isUntouched(m: ModelRun): boolean {
  return isBaselineTrial(m.trial.trial) || m.trial.trial.train.earlyStopping === 'inner';
}

/** The fold's best validation macro-F1 over its epochs (recorded, or read off its history in older records). */
export function optimisticOf(f: FoldRecord): number {
  return f.metrics.optimisticValMacroF1 ?? optimisticMacroF1(f.history);
}

/**
 * Each fold's optimistic interval: its validation subjects as scored at the best validation epoch; the untouched
 * interval where nothing else chose the epoch; undefined for recurrent records that did not keep those predictions.
 */
export function optimisticIntervals(runs: readonly ModelRun[], untouched: Map<FoldRecord, Interval>): Map<FoldRecord, Interval | undefined> {
  return new Map(runs.flatMap((m) => m.trial.folds.map((f): [FoldRecord, Interval | undefined] => {
    if (f.optimisticPredictions) return [f, bootstrapInterval(scoredSubjects(f.optimisticPredictions, N_CLASSES), 'pooled')];
    return [f, isUntouched(m) && !isBaselineTrial(m.trial.trial) ? undefined : untouched.get(f)];
  })));
}

/** The epoch with the best validation macro-F1 (0-based; the first on a tie). */
export function bestValidationEpoch(f: Pick<FoldRecord, 'history'>): number {
  return f.history.reduce((b, h, e, all) => ((h.valMacroF1 ?? -1) > (all[b].valMacroF1 ?? -1) ? e : b), 0);
}

/** The paired gap of one fold, formatted; or why there is none. */
function foldGap(m: ModelRun, f: FoldRecord): string {
  if (!isUntouched(m)) return 'n/a';
  if (isBaselineTrial(m.trial.trial)) return '0 (the same predictions)';
  if (!f.optimisticPredictions) return (optimisticOf(f) - f.metrics.valMacroF1).toFixed(4);
  return formatDifference(pairedDifference(scoredSubjects(f.optimisticPredictions, N_CLASSES), scoredSubjects(f.predictions, N_CLASSES), 'pooled'));
}

/** Per fold: where the epoch was chosen, both figures with their intervals, the paired gap and the two epochs. */
export function optimisticFoldRows(runs: readonly ModelRun[], untouched: Map<FoldRecord, Interval>, optimistic: Map<FoldRecord, Interval | undefined>) {
  return runs.flatMap((m) => m.trial.folds.map((f) => {
    const baseline = isBaselineTrial(m.trial.trial);
    const opt = optimistic.get(f);
    return {
      model: m.summary.model,
      fold: f.metrics.fold + 1,
      'epoch chosen on': baseline ? 'nothing (a baseline has no epochs)' : isUntouched(m) ? `inner split (${f.metrics.innerSubjects} subjects)` : 'the validation subjects',
      'val macro-F1, untouched [95 %]': isUntouched(m) ? formatInterval(untouched.get(f)!) : 'n/a',
      'val macro-F1, optimistic (report) [95 %]': opt ? formatInterval(opt) : `${optimisticOf(f).toFixed(4)} (no interval: an older record)`,
      'optimistic − untouched, paired [95 %]': foldGap(m, f),
      'kept epoch': baseline ? '—' : f.metrics.bestEpoch + 1,
      'best epoch on validation': baseline ? '—' : bestValidationEpoch(f) + 1,
    };
  }));
}

/** Per model, over its folds: both means with intervals and std, the paired gap, and in how many folds it is positive. */
export function optimisticMeanRows(runs: readonly ModelRun[], intervalOf: (model: string) => EnsembleUncertainty) {
  return runs.map((m) => {
    const u = m.trial.folds.map((f) => f.metrics.valMacroF1);
    const o = m.trial.folds.map(optimisticOf);
    const iv = intervalOf(m.summary.model);
    const gap = isUntouched(m) ? iv.optimisticGap : undefined;
    const optimistic = iv.optimistic ? formatInterval(iv.optimistic) : m.summary.optimisticValMacroF1.mean.toFixed(4);
    return {
      model: m.summary.model,
      folds: u.length,
      'untouched mean [95 %] ± std': isUntouched(m) ? `${formatInterval(iv.val)} ± ${m.summary.valMacroF1.std.toFixed(4)}` : 'n/a',
      'optimistic (report) mean [95 %] ± std': `${optimistic} ± ${m.summary.optimisticValMacroF1.std.toFixed(4)}`,
      'gap, paired [95 %]': gap ? formatDifference(gap) : 'n/a',
      'gap beyond noise': beyondNoise(gap),
      'folds where the optimistic figure is higher': isUntouched(m) ? `${o.filter((x, k) => x > u[k]).length} of ${u.length}` : 'n/a',
    };
  });
}

/** Bar series per model: untouched (when there is one) and optimistic, per fold and mean, with interval error bars. */
export function optimisticSeries(runs: readonly ModelRun[], untouched: Map<FoldRecord, Interval>, optimistic: Map<FoldRecord, Interval | undefined>, intervalOf: (model: string) => EnsembleUncertainty) {
  return runs.flatMap((m) => {
    const iv = intervalOf(m.summary.model);
    const folds = m.trial.folds;
    const opt = folds.map((f) => optimistic.get(f));
    const out: { name: string; values: number[]; error?: { lo: number[]; hi: number[] } }[] = [];
    if (isUntouched(m)) {
      out.push({
        name: `${m.summary.model}: untouched`,
        values: folds.map((f) => f.metrics.valMacroF1).concat(m.summary.valMacroF1.mean),
        error: { lo: folds.map((f) => untouched.get(f)!.lo).concat(iv.val.lo), hi: folds.map((f) => untouched.get(f)!.hi).concat(iv.val.hi) },
      });
    }
    const bars = iv.optimistic && opt.every((x) => x);
    out.push({
      name: `${m.summary.model}: optimistic (report's procedure)`,
      values: folds.map(optimisticOf).concat(m.summary.optimisticValMacroF1.mean),
      ...(bars ? { error: { lo: opt.map((x) => x!.lo).concat(iv.optimistic!.lo), hi: opt.map((x) => x!.hi).concat(iv.optimistic!.hi) } } : {}),
    });
    return out;
  });
}

/** One sentence per model: what choosing the epoch on the validation subjects adds, and whether it is beyond noise. */
export function optimisticLines(runs: readonly ModelRun[], intervalOf: (model: string) => EnsembleUncertainty): string[] {
  return runs.map((m) => {
    const iv = intervalOf(m.summary.model);
    const name = m.summary.model;
    if (isBaselineTrial(m.trial.trial)) {
      return `${name}: a baseline picks no epoch, so its validation figure ${formatInterval(iv.val)} is untouched and the report's procedure gives the same`;
    }
    if (!isUntouched(m)) {
      return `${name}: trained with train.earlyStopping 'validation' (the report's procedure): its validation figure ` +
        `${formatInterval(iv.val)} is the optimistic one; no untouched figure`;
    }
    const gap = iv.optimisticGap;
    const optimistic = iv.optimistic ? formatInterval(iv.optimistic) : m.summary.optimisticValMacroF1.mean.toFixed(4);
    const what = gap && gap.lo === 0 && gap.hi === 0 ? 'the same figure: every fold kept its best validation epoch'
      : gap ? `the report's way of choosing adds ${formatDifference(gap)} (paired on the same subjects), ${gap.excludesZero ? noiseWords(gap) : 'within noise: the interval contains 0'}`
      : `the report's way of choosing adds ${(m.summary.optimisticValMacroF1.mean - m.summary.valMacroF1.mean).toFixed(4)} on average`;
    return `${name}: untouched ${formatInterval(iv.val)}, optimistic ${optimistic}; ${what}`;
  });
}
