// One fold of a baseline trial, shaped like a recurrent fold's result so that the trial store, the run table and the
// ensembles treat both kinds alike: fit on the fold's training subjects, score its validation subjects once.
import type { SubjectLabels, SubjectSeries } from '../data/series';
import { N_CLASSES } from '../data/schema';
import { deriveSeed } from '../core/random';
import { classificationReport } from '../evaluate/metrics';
import type { SubjectPredictions } from '../evaluate/predictions';
import type { FeatureConfig } from '../features/types';
import type { Fold } from '../split/kfold';
import type { FoldMetrics } from '../train/fold';
import { classifierSize, classifierProba, argmaxProba, modelImportances } from './classifier';
import { logLoss, permutationImportance, type PermutationImportance } from './importance';
import { baselineRows, fitBaseline, type BaselineModelFile } from './model';
import { labelsOf } from '../data/series';
import { splitFeatureName } from './summary';
import { resolveBaseline, type BaselineHyper, type ResolvedBaseline } from './types';

/** What a baseline fold keeps beyond the common fold metrics (plain JSON, stored in the fold's result record). */
export interface BaselineFoldDetails {
  hyper: ResolvedBaseline;
  /** summary feature names, in column order */
  features: string[];
  /** logreg: L-BFGS iterations and whether the gradient tolerance was met */
  solver?: { iterations: number; converged: boolean };
  importance: {
    /** the classifier's own: mean |coef| (logreg) or impurity decrease (forest, extra-trees), per feature */
    model?: { kind: 'abs-coef' | 'impurity'; values: number[] };
    /** per channel, on this fold's validation subjects */
    permutation?: PermutationImportance;
  };
}

export interface BaselineFoldResult {
  metrics: FoldMetrics;
  /** the validation subjects as every fold records them (ids ascending, true and predicted class, probabilities, −log p) */
  predictions: SubjectPredictions;
  model: BaselineModelFile;
  details: BaselineFoldDetails;
}

export interface BaselineFoldOptions {
  data: { train: SubjectSeries; labels: SubjectLabels };
  fold: Fold;
  /** trial seed; fold k uses seed + k, as the recurrent folds do */
  seed: number;
  features: Partial<FeatureConfig>;
  model: BaselineHyper;
}

/** Columns of each channel, in the order channels first appear. */
export function channelGroups(names: readonly string[]): { name: string; columns: number[] }[] {
  const groups = new Map<string, number[]>();
  names.forEach((n, j) => {
    const { channel } = splitFeatureName(n);
    if (!groups.has(channel)) groups.set(channel, []);
    groups.get(channel)!.push(j);
  });
  return [...groups].map(([name, columns]) => ({ name, columns }));
}

export function runBaselineFold(o: BaselineFoldOptions): BaselineFoldResult {
  const started = performance.now();
  const hyper = resolveBaseline(o.model);
  const seed = o.seed + o.fold.index;
  const fitted = fitBaseline(o.data.train, o.data.labels, o.fold.train, o.features, hyper, N_CLASSES, seed);
  const { model } = fitted;
  const val = baselineRows(model, o.data.train, Int32Array.from(o.fold.val).sort());
  const yVal = labelsOf(o.data.labels, val.ids, 'baseline');
  const n = val.ids.length;
  const proba = classifierProba(model.classifier, val.values, n);
  const pred = argmaxProba(proba, N_CLASSES);
  const report = classificationReport(yVal, pred, N_CLASSES);
  const trainProba = classifierProba(model.classifier, fitted.train.values, fitted.y.length);
  const c = model.classifier;
  const details: BaselineFoldDetails = {
    hyper,
    features: val.names.slice(),
    ...(c.kind === 'logreg' ? { solver: { iterations: c.iterations, converged: c.converged } } : {}),
    importance: {
      model: modelImportances(c),
      ...(c.kind === 'logreg' || c.kind === 'forest' || c.kind === 'extra-trees' || c.kind === 'centroid'
        ? { permutation: permutationImportance(c, val.values, yVal, channelGroups(val.names), hyper.permutationRepeats, deriveSeed(seed, 0x7065726d)) }
        : {}),
    },
  };
  const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
  const predictions: SubjectPredictions = {
    ids: Array.from(val.ids),
    y: Array.from(yVal),
    pred: Array.from(pred),
    prob: Array.from(proba, round6),
    nll: Array.from(yVal, (c, i) => round6(-Math.log(Math.max(proba[i * N_CLASSES + c], 1e-15)))),
  };
  const metrics: FoldMetrics = {
    fold: o.fold.index,
    // nothing is chosen on the validation subjects (no epochs): the score is untouched, and the report's procedure
    // would give the same figure
    valMacroF1: report.macroF1,
    optimisticValMacroF1: report.macroF1,
    valAccuracy: report.accuracy,
    // subject-level mean log-loss (no windows, no label smoothing)
    valLoss: logLoss(proba, yVal, N_CLASSES),
    report,
    bestEpoch: 0,
    epochs: 1,
    finalTrainLoss: logLoss(trainProba, fitted.y, N_CLASSES),
    // a baseline sees one row per subject and no windows
    windowsPerSecond: 0,
    wallSeconds: (performance.now() - started) / 1000,
    trainSubjects: o.fold.train.length,
    valSubjects: o.fold.val.length,
    trainWindows: 0,
    valWindows: 0,
    inputSize: val.names.length,
    parameters: classifierSize(c),
  };
  return { metrics, predictions, model, details };
}
