// A baseline fold model end to end: the fold-fitted preprocessing (lib/features), per-subject summary features,
// their standardiser and the classifier, all fitted on the fold's training subjects, saved as one JSON file, and
// the K fold models of a trial as an ensemble that averages class probabilities.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelsOf, type SubjectLabels, type SubjectSeries } from '../data/series';
import { fitFeatures, transformFeatures } from '../features/pipeline';
import type { FeatureConfig, FittedFeatures } from '../features/types';
import { writeFileAtomic } from '../store/durable';
import { readModelFile } from '../core/model-file';
import { argmaxProba, classifierProba, fitClassifier, type Classifier } from './classifier';
import { fitStandardizer, standardize, summaryFeatures, type Standardizer, type SubjectFeatures } from './summary';
import { jointGroupSummary } from './groups';
import type { ResolvedBaseline } from './types';

export const BASELINE_MODEL_FORMAT = 'pirate-pain-baseline-model';

export interface BaselineModelFile {
  format: typeof BASELINE_MODEL_FORMAT;
  version: 1;
  hyper: ResolvedBaseline;
  features: FittedFeatures;
  standardizer: Standardizer;
  classifier: Classifier;
  meta?: Record<string, unknown>;
}

/** Summary features of `ids` through fitted preprocessing (unstandardised). */
export function subjectSummary(features: FittedFeatures, series: SubjectSeries, ids: ArrayLike<number>,
  hyper: Pick<ResolvedBaseline, 'stats' | 'groupMeans'>): SubjectFeatures {
  const transformed = transformFeatures(features, series, ids);
  return hyper.groupMeans ? jointGroupSummary(features, series, transformed, hyper.stats) : summaryFeatures(transformed, hyper.stats);
}

export interface FittedBaseline {
  model: BaselineModelFile;
  /** the standardised training rows the classifier was fitted on, and their classes */
  train: SubjectFeatures;
  y: Uint8Array;
}

/** Fits preprocessing, standardiser and classifier on the subjects `trainIds` only. */
export function fitBaseline(series: SubjectSeries, labels: SubjectLabels, trainIds: ArrayLike<number>, featureConfig: Partial<FeatureConfig>,
  hyper: ResolvedBaseline, classes: number, seed: number): FittedBaseline {
  const ids = Int32Array.from(trainIds).sort();
  const features = fitFeatures(series, labels, ids, featureConfig);
  const raw = subjectSummary(features, series, ids, hyper);
  const standardizer = fitStandardizer(raw);
  const train = standardize(standardizer, raw);
  const y = labelsOf(labels, train.ids, 'baseline');
  const classifier = fitClassifier(hyper, train.values, y, train.names.length, classes, seed);
  return { model: { format: BASELINE_MODEL_FORMAT, version: 1, hyper, features, standardizer, classifier }, train, y };
}

/** Standardised summary rows of `ids` as model `m` sees them. */
export function baselineRows(m: Pick<BaselineModelFile, 'features' | 'standardizer' | 'hyper'>, series: SubjectSeries, ids: ArrayLike<number> = series.ids): SubjectFeatures {
  return standardize(m.standardizer, subjectSummary(m.features, series, ids, m.hyper));
}

export interface BaselinePrediction {
  /** subjects, in the order asked for */
  ids: Int32Array;
  /** class probabilities [subject][class] */
  proba: Float64Array;
  y: Uint8Array;
}

export function predictBaseline(m: BaselineModelFile, series: SubjectSeries, ids: ArrayLike<number> = series.ids): BaselinePrediction {
  const rows = baselineRows(m, series, ids);
  const proba = classifierProba(m.classifier, rows.values, rows.ids.length);
  return { ids: rows.ids, proba, y: argmaxProba(proba, m.classifier.classes) };
}

/** The fold models as one classifier: each member sees the subjects through its own fold's preprocessing, and the
 * members' class probabilities are averaged. */
export function predictBaselineEnsemble(members: readonly BaselineModelFile[], series: SubjectSeries, ids: ArrayLike<number> = series.ids): BaselinePrediction & { members: number } {
  if (members.length === 0) throw new Error('baseline ensemble: no members');
  const preds = members.map((m) => predictBaseline(m, series, ids));
  const classes = members[0].classifier.classes;
  const proba = new Float64Array(preds[0].proba.length);
  for (const p of preds) {
    if (p.proba.length !== proba.length) throw new Error('baseline ensemble: members disagree on the number of classes');
    for (let i = 0; i < proba.length; i++) proba[i] += p.proba[i] / preds.length;
  }
  return { ids: preds[0].ids, proba, y: argmaxProba(proba, classes), members: members.length };
}

/** Writes <dir>/model.json (atomically: a reader never sees half of it). */
export function saveBaselineModel(dir: string, m: BaselineModelFile): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'model.json'), JSON.stringify(m) + '\n');
}

/** Whether a fold model folder holds a baseline (and not a recurrent model). */
export function isBaselineModelDir(dir: string): boolean {
  try {
    const head = readFileSync(join(dir, 'model.json'), 'utf8').slice(0, 200);
    return head.includes(`"format":"${BASELINE_MODEL_FORMAT}"`);
  } catch {
    return false;
  }
}

export function loadBaselineModel(dir: string): BaselineModelFile {
  const { file, json: m } = readModelFile<BaselineModelFile>(dir, BASELINE_MODEL_FORMAT);
  if (m.classifier?.features !== m.standardizer?.names?.length) {
    throw new Error(`${file}: classifier expects ${m.classifier?.features} features, standardizer has ${m.standardizer?.names?.length}`);
  }
  return m;
}
