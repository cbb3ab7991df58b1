// One fold, end to end: preprocessing fit on the fold's training subjects only, windows, class weights from the
// training windows, training with early stopping (on the validation subjects as the report did, or on an inner
// split of the training subjects so the validation subjects are scored untouched), subject-level scores.
import type { ClassificationReport } from '../evaluate/metrics';
import { subjectPredictions, type SubjectPredictions } from '../evaluate/predictions';
import { labelsOf, type SubjectLabels, type SubjectSeries } from '../data/series';
import { N_CLASSES } from '../data/schema';
import { fitFeatures, transformFeatures } from '../features/pipeline';
import type { FeatureConfig, FittedFeatures } from '../features/types';
import type { RecurrentClassifier } from '../nn/model';
import type { ModelSpec } from '../nn/types';
import { deriveSeed } from '../core/random';
import { CHOICES, LIMITS, checkChoice, checkRange } from '../limits';
import { innerSplit, type Fold } from '../split/kfold';
import { makeWindows, windowLabels, type Windows } from '../windows/windows';
import { evaluateSubjects, trainModel } from './loop';
import type { EarlyStopping, EpochMetrics, ModelHyper, Progress, TrainHyper, WindowConfig } from './types';

/** What one fold trains: the trial's recipe without its cross-validation settings. */
export interface FoldRecipe {
  /** base seed; fold k trains with seed + k (weights, shuffles, dropout) */
  seed: number;
  features: Partial<FeatureConfig>;
  window: WindowConfig;
  model: ModelHyper;
  train: TrainHyper;
}

export interface FoldMetrics {
  fold: number;
  /** which subjects chose the kept epoch (absent in records written before the option existed: 'validation') */
  earlyStopping?: EarlyStopping;
  /**
   * subject level, the kept weights. With earlyStopping 'inner' the validation subjects never touched the choice:
   * an unbiased estimate. With 'validation' it equals optimisticValMacroF1.
   */
  valMacroF1: number;
  /**
   * the report's figure, optimistic: the best validation macro-F1 over the epochs of this same training run, i.e.
   * the score had the epoch been picked on the validation subjects themselves (optimisticMacroF1 of the history)
   */
  optimisticValMacroF1?: number;
  /** the epoch (0-based) whose validation macro-F1 is optimisticValMacroF1: the first with the maximum */
  optimisticEpoch?: number;
  /** inner early-stopping subjects ('inner' only) and their macro-F1 at the kept epoch */
  innerSubjects?: number;
  innerMacroF1?: number;
  valAccuracy: number;
  valLoss: number;
  report: ClassificationReport;
  bestEpoch: number;
  epochs: number;
  /** training loss of the last epoch run */
  finalTrainLoss: number;
  windowsPerSecond: number;
  wallSeconds: number;
  trainSubjects: number;
  valSubjects: number;
  trainWindows: number;
  valWindows: number;
  inputSize: number;
  parameters: number;
}

export interface FoldResult {
  metrics: FoldMetrics;
  history: EpochMetrics[];
  model: RecurrentClassifier;
  features: FittedFeatures;
  window: WindowConfig;
  spec: ModelSpec;
  /** validation subjects (ascending) with their predicted class and window logits */
  val: { ids: Int32Array; y: Uint8Array; subject: Int32Array; logits: Float32Array };
  /** the same validation subjects as JSON for the fold's record: true and predicted class, mean probabilities, loss */
  predictions: SubjectPredictions;
  /**
   * the validation subjects as scored at the epoch with the best validation macro-F1, the report's choice (its
   * macro-F1 is optimisticValMacroF1), so the optimistic figure can be resampled paired with the untouched one.
   * With earlyStopping 'validation' that epoch is the kept one and this equals `predictions`.
   */
  optimisticPredictions?: SubjectPredictions;
}

export interface RunFoldOptions {
  data: { train: SubjectSeries; labels: SubjectLabels };
  fold: Fold;
  recipe: FoldRecipe;
  onEpoch?: (m: EpochMetrics) => void | Promise<void>;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

/** Windows of the given subjects through a fold's fitted preprocessing. */
export function foldWindows(features: FittedFeatures, series: SubjectSeries, ids: ArrayLike<number>, window: WindowConfig): Windows {
  return makeWindows(transformFeatures(features, series, ids), window.size, window.stride);
}

export async function runFold(o: RunFoldOptions): Promise<FoldResult> {
  const { data, fold, recipe } = o;
  const started = performance.now();
  const mode = earlyStoppingOf(recipe.train);
  const seed = recipe.seed + fold.index;
  // The inner-split subjects are training subjects of the fold: they take part in fitting the preprocessing (as in
  // 'validation' mode, so both modes see the same features) but the model never trains on their windows.
  const inner = mode === 'inner' ? innerSplit(data.labels, fold, deriveSeed(seed, INNER_SPLIT_STREAM), recipe.train.innerFraction) : undefined;
  const features = fitFeatures(data.train, data.labels, fold.train, recipe.features);
  const trainWindows = foldWindows(features, data.train, inner ? inner.train : fold.train, recipe.window);
  const valWindows = foldWindows(features, data.train, fold.val, recipe.window);
  const spec: ModelSpec = { ...recipe.model, inputSize: trainWindows.features, classes: N_CLASSES };
  const config = { ...recipe.train, seed };
  const valLabels = subsetLabels(data.labels, fold.val);
  const stopOn = inner
    ? { windows: foldWindows(features, data.train, inner.val, recipe.window), labels: subsetLabels(data.labels, inner.val) }
    : undefined;
  const result = await trainModel({
    spec,
    train: { windows: trainWindows, y: windowLabels(trainWindows, data.labels) },
    val: { windows: valWindows, labels: valLabels },
    stopOn,
    config,
    classes: N_CLASSES,
    onEpoch: o.onEpoch,
    onProgress: o.onProgress,
    signal: o.signal,
  });
  const model = result.model as RecurrentClassifier;
  const v = evaluateSubjects(model, { windows: valWindows, labels: valLabels }, {
    batchSize: Math.max(256, config.batchSize), classes: N_CLASSES, weights: result.weights, labelSmoothing: config.labelSmoothing,
  });
  const last = result.history[result.history.length - 1];
  const kept = result.history[result.bestEpoch];
  const truth = labelsOf(valLabels, v.vote.ids, 'validation');
  const onVal = result.bestOnValidation;
  return {
    metrics: {
      fold: fold.index,
      earlyStopping: mode,
      valMacroF1: v.report.macroF1,
      optimisticValMacroF1: optimisticMacroF1(result.history),
      ...(onVal ? { optimisticEpoch: onVal.epoch } : {}),
      ...(inner ? { innerSubjects: inner.val.length, innerMacroF1: kept.innerMacroF1 } : {}),
      valAccuracy: v.report.accuracy,
      valLoss: v.loss,
      report: v.report,
      bestEpoch: result.bestEpoch,
      epochs: result.history.length,
      finalTrainLoss: last.trainLoss,
      windowsPerSecond: result.windowsPerSecond,
      wallSeconds: (performance.now() - started) / 1000,
      trainSubjects: inner ? inner.train.length : fold.train.length,
      valSubjects: fold.val.length,
      trainWindows: trainWindows.n,
      valWindows: valWindows.n,
      inputSize: spec.inputSize,
      parameters: model.params.reduce((a, p) => a + p.data.length, 0),
    },
    history: result.history,
    model,
    features,
    window: { ...recipe.window },
    spec,
    val: { ids: v.vote.ids, y: v.vote.y, subject: valWindows.subject, logits: v.logits },
    predictions: subjectPredictions(valWindows.subject, v.logits, N_CLASSES, v.vote, truth),
    ...(onVal ? { optimisticPredictions: subjectPredictions(valWindows.subject, onVal.logits, N_CLASSES, onVal.vote, truth) } : {}),
  };
}

/** Seed stream of the inner split, apart from the weights' and shuffles' (which use the fold seed itself). */
const INNER_SPLIT_STREAM = 0x1a2e;

/** A recipe's early-stopping mode, checked ('validation' when absent: the report's procedure). */
export function earlyStoppingOf(t: Pick<TrainHyper, 'earlyStopping' | 'innerFraction'>): EarlyStopping {
  const mode = checkChoice('train.earlyStopping', t.earlyStopping ?? 'validation', CHOICES.earlyStopping);
  if (t.innerFraction !== undefined) checkRange('train.innerFraction', t.innerFraction, LIMITS.train.innerFraction);
  return mode;
}

/**
 * The report's validation figure from a fold's history: the best validation macro-F1 over the epochs run, the
 * score of the epoch one would keep by looking at the validation subjects. Optimistic: the maximum of many noisy
 * looks at the same subjects. NaN when no epoch was scored.
 */
export function optimisticMacroF1(history: readonly EpochMetrics[]): number {
  let best = NaN;
  for (const m of history) if (m.valMacroF1 !== undefined && !(m.valMacroF1 <= best)) best = m.valMacroF1;
  return best;
}

/** The labels of the given subjects, ascending by id. */
export function subsetLabels(labels: SubjectLabels, ids: ArrayLike<number>): SubjectLabels {
  const sorted = Int32Array.from(ids).sort();
  return { ids: sorted, y: labelsOf(labels, sorted) };
}
