// The figures recorded from an experiment, computed by the same helpers the notebooks print them with
// (ensembleUncertainty, compareTrials, bestEnsemble): so a recorded figure is the notebook's figure.
import type { TrialConfig } from '../experiments/config/config';
import { isBaselineTrial } from '../experiments/config/config';
import { REPORT_FINAL, bestEnsemble, modelName } from '../experiments/analysis/compare';
import { compareTrials, ensembleUncertainty, foldMeanInterval, type EnsembleLike, type TrialLike } from '../experiments/analysis/uncertainty';
import type { EnsembleSummary } from '../experiments/run/experiment';
import type { TrialResult } from '../experiments/run/trials';
import type { Estimate, ExperimentRecord, ModelFigures, Provenance, SearchPoint, SearchRecord } from './results';

/** What the figures read of a final experiment: its ensembles and its trials (an ExperimentResult has both). */
export interface FinalLike {
  name: string;
  ensembles: readonly (EnsembleLike & Pick<EnsembleSummary, 'folds' | 'valMacroF1' | 'optimisticValMacroF1'>)[];
  trials: readonly (TrialLike & { trial: TrialConfig })[];
}

const est = (x: Estimate): Estimate => ({ estimate: x.estimate, lo: x.lo, hi: x.hi });

/**
 * Each model's figures with their intervals, and its paired differences from the submitted model (the highest mean
 * validation macro-F1, as notebook 06 submits).
 */
export function experimentFigures(r: FinalLike, provenance: Provenance): ExperimentRecord {
  const reference = bestEnsemble(r.ensembles as EnsembleSummary[]).model;
  const intervals = ensembleUncertainty(r.ensembles, r.trials, reference);
  const models = r.ensembles.map((e, i): ModelFigures => {
    const u = intervals[i];
    const trial = r.trials.find((t) => t.hash === e.hash)!.trial;
    const ref = REPORT_FINAL[e.model];
    const chooses = !isBaselineTrial(trial) && trial.train.earlyStopping === 'inner';
    return {
      model: e.model,
      name: modelName(trial.model),
      ...(ref ? { report: { model: ref.model, val: ref.val, test: ref.test } } : {}),
      baseline: isBaselineTrial(trial),
      folds: e.folds,
      val: { ...est(u.val), std: e.valMacroF1.std },
      ...(chooses && u.optimistic ? { optimistic: { ...est(u.optimistic), std: e.optimisticValMacroF1.std } } : {}),
      ...(chooses && u.optimisticGap ? { optimisticGap: est(u.optimisticGap) } : {}),
      oof: est(u.oof),
      ...(u.test ? { test: est(u.test) } : {}),
      ...(u.vsReference ? { vsReference: { reference: u.vsReference.reference, oof: est(u.vsReference.oof), ...(u.vsReference.test ? { test: est(u.vsReference.test) } : {}) } } : {}),
    };
  });
  return { experiment: r.name, provenance, reference, models };
}

/** A search's points, best fold-mean validation macro-F1 first, each with its paired difference from the best. */
export function searchFigures(r: { name: string; trials: readonly TrialResult[] }, provenance: Provenance): SearchRecord {
  const scored = r.trials.map((t) => ({ t, val: foldMeanInterval(t) }));
  // ties go to the trial hash, so the order does not depend on the order the trials were listed in
  scored.sort((a, b) => b.val.estimate - a.val.estimate || (a.t.hash < b.t.hash ? -1 : 1));
  const best = scored[0].t.hash;
  const diffs = new Map(compareTrials(r.trials, best).map((c) => [c.hash, c.f1]));
  // a trial another experiment trained first keeps that one's labels (e.g. the sweep point the final recipe also is):
  // the point's values are read from each trial's own recipe, at the keys the search varies
  const keys = [...new Set(r.trials.flatMap((t) => Object.keys(t.labels.point ?? {})))];
  const points = scored.map(({ t, val }): SearchPoint => ({
    point: Object.fromEntries(keys.map((k) => [k, valueAt(t.trial, k)])),
    model: modelName(t.trial.model),
    val: est(val),
    vsBest: est(diffs.get(t.hash)!),
  }));
  return { experiment: r.name, provenance, points };
}

/** The value at a dotted key path of a recipe ('window.size'). */
function valueAt(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((x, k) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
}
