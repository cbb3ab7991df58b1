// What a finished trial is, as the search, the analysis and the remote workers read it: types only, importing
// nothing above the trainers, so that planning and tables need not load the trial runner (lib/experiments/run/trials.ts).
import type { BaselineFoldDetails } from '../../baselines/index';
import type { SubjectPredictions } from '../../evaluate/predictions';
import type { FoldMetrics } from '../../train/fold';
import type { EpochMetrics } from '../../train/types';
import type { TrialConfig } from '../config/config';

export interface TrialLabels {
  experiment?: string;
  model?: string;
  point?: Record<string, unknown>;
  profile?: string;
}

/** A fold's record in the store (other fields may be added by newer trainers; the store keeps what it gets). */
export interface FoldRecord {
  metrics: FoldMetrics;
  history: EpochMetrics[];
  /** every validation subject of the fold: ids, true and predicted class (what bootstrap intervals resample) */
  predictions: SubjectPredictions;
  /**
   * recurrent trials: the validation subjects as scored at the epoch with the best validation macro-F1 (the
   * report's optimistic choice; absent in records written before it was kept)
   */
  optimisticPredictions?: SubjectPredictions;
  /** baseline trials: solver state and feature importances */
  baseline?: BaselineFoldDetails;
}

export interface MeanStd {
  mean: number;
  /** population standard deviation over folds (numpy's default), 0 for one fold */
  std: number;
}

export interface TrialResult {
  hash: string;
  dir: string;
  trial: TrialConfig;
  labels: TrialLabels;
  folds: FoldRecord[];
  /** the folds' validation macro-F1 of the kept weights: untouched with earlyStopping 'inner' */
  valMacroF1: MeanStd;
  /** the report's figure: each fold's best validation macro-F1 over its epochs (optimistic; see FoldMetrics) */
  optimisticValMacroF1: MeanStd;
  valAccuracy: MeanStd;
  /** mean over folds of the last epoch's training loss */
  finalTrainLoss: number;
  windowsPerSecond: number;
  /** sum of the folds' wall times (the compute spent, whenever it ran) */
  wallSeconds: number;
  /** true when nothing was trained in this call (everything came from disk) */
  cached: boolean;
}
