// A trial's learning curves: the per-epoch history its folds wrote (metrics.jsonl, kept in result.json), averaged
// over folds, for train-vs-validation charts, with the validation macro-F1's bootstrap interval per epoch.
import { N_CLASSES } from '../../data/schema';
import { bootstrapInterval, scoredSubjects, type BootstrapOptions, type Interval } from '../../evaluate/bootstrap';
import type { SubjectPredictions } from '../../evaluate/predictions';
import type { EpochMetrics } from '../../train/types';

export interface EpochCurves {
  /** 1-based epoch numbers */
  epoch: number[];
  /** folds that ran each epoch (early stopping ends some folds sooner) */
  folds: number[];
  trainLoss: number[];
  valLoss: number[];
  trainMacroF1: number[];
  valMacroF1: number[];
}

/**
 * Per-epoch means over a trial's folds (their metrics.jsonl history): at epoch e, the mean over the folds that ran
 * epoch e. A value no fold recorded is NaN. `epochs` pads (with NaN, 0 folds) or cuts the curves to that length, so
 * trials that stopped at different epochs share one x axis.
 */
export function epochCurves(folds: readonly { history: readonly EpochMetrics[] }[], o: { epochs?: number } = {}): EpochCurves {
  const epochs = o.epochs ?? Math.max(0, ...folds.map((f) => f.history.length));
  if (!(Number.isInteger(epochs) && epochs >= 0)) throw new Error(`epochCurves: epochs must be an integer ≥ 0, got ${o.epochs}`);
  const out: EpochCurves = { epoch: [], folds: [], trainLoss: [], valLoss: [], trainMacroF1: [], valMacroF1: [] };
  const mean = (xs: (number | undefined)[]): number => {
    const v = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  };
  for (let e = 0; e < epochs; e++) {
    const at = folds.map((f) => f.history[e]).filter((m): m is EpochMetrics => m !== undefined);
    for (const m of at) {
      if (m.epoch !== e) throw new Error(`epochCurves: history entry ${e} is epoch ${m.epoch} (histories must list epochs 0, 1, … in order)`);
    }
    out.epoch.push(e + 1);
    out.folds.push(at.length);
    out.trainLoss.push(mean(at.map((m) => m.trainLoss)));
    out.valLoss.push(mean(at.map((m) => m.valLoss)));
    out.trainMacroF1.push(mean(at.map((m) => m.trainMacroF1)));
    out.valMacroF1.push(mean(at.map((m) => m.valMacroF1)));
  }
  return out;
}

/** What epochIntervals reads of a fold: its history and the ids and true classes of its validation subjects. */
export interface CurveFold {
  history: readonly EpochMetrics[];
  predictions?: Pick<SubjectPredictions, 'ids' | 'y'>;
}

/**
 * The 95 % bootstrap interval of each epoch's validation macro-F1 on the learning curve (epochCurves' valMacroF1:
 * the mean over the folds that ran that epoch), resampling subjects within fold and class from the predicted classes
 * each fold recorded at that epoch. Undefined where a fold that ran the epoch did not record them (older records).
 */
export function epochIntervals(folds: readonly CurveFold[], o: BootstrapOptions & { epochs?: number } = {}): (Interval | undefined)[] {
  const epochs = o.epochs ?? Math.max(0, ...folds.map((f) => f.history.length));
  const out: (Interval | undefined)[] = [];
  for (let e = 0; e < epochs; e++) {
    const ran = folds.filter((f) => f.history[e] !== undefined);
    if (ran.length === 0 || !ran.every((f) => f.predictions && Array.isArray(f.history[e].valPredicted))) {
      out.push(undefined);
      continue;
    }
    const sets: SubjectPredictions[] = ran.map((f, k) => {
      const pred = f.history[e].valPredicted!;
      if (pred.length !== f.predictions!.ids.length) {
        throw new Error(`epochIntervals: fold ${k} recorded ${pred.length} predicted classes at epoch ${e + 1} for ${f.predictions!.ids.length} validation subjects`);
      }
      return { ids: f.predictions!.ids, y: f.predictions!.y, pred, prob: [], nll: [] };
    });
    out.push(bootstrapInterval(scoredSubjects(sets, N_CLASSES), 'fold-mean', o));
  }
  return out;
}
