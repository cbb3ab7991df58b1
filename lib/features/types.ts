// Shapes shared by the feature steps. FittedFeatures is plain JSON (numbers, strings, arrays) so a model's
// preprocessing can be saved next to its weights and reapplied bit-for-bit to validation and test subjects.

export interface PcaConfig {
  /** 'auto': groups = connected components of |r| ≥ groupThreshold among the kept joints (training rows). */
  groups: 'auto' | string[][];
  groupThreshold: number;
  /** Keep the fewest leading components whose cumulative explained variance ratio reaches this. */
  explainedVariance: number;
}

export interface FeatureConfig {
  /** pain_survey_k → 3 one-hot columns each. */
  oneHotSurvey: boolean;
  dropZeroVariance: boolean;
  /** Drop joints whose target correlation score (see correlation.ts) is below this; 0 disables. */
  minTargetCorrelation: number;
  pca: false | PcaConfig;
  scaler: 'minmax' | 'standard';
  /**
   * Append each model input's first difference over time (x[t] − x[t−1] within a subject, 0 at its first step), as
   * its own column named `<name>_d1`, fitted and scaled with the rest. Roughness is what separates the classes in
   * the summary-statistic baselines; this hands the same signal to a sequence model as an input.
   */
  deltas: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  oneHotSurvey: true,
  dropZeroVariance: true,
  minTargetCorrelation: 0.05,
  pca: { groups: 'auto', groupThreshold: 0.8, explainedVariance: 0.95 },
  scaler: 'minmax',
  deltas: false,
};

/** Model inputs: values laid out [subject][step][feature]. */
export interface FeatureSeries {
  ids: Int32Array;
  steps: number;
  names: string[];
  values: Float32Array;
}

export type DropReason = 'zero-variance' | 'weak-target-correlation';

export interface DroppedColumn {
  name: string;
  reason: DropReason;
  /** zero-variance: the constant value; weak-target-correlation: the joint's score. */
  value: number;
}

/** How strongly a joint's per-subject summaries follow the classes (training subjects only). */
export interface TargetCorrelation {
  name: string;
  /** Pearson r of the per-subject mean over time with each one-vs-rest class indicator, in LABELS order. */
  mean: number[];
  /** The same for the per-subject standard deviation over time. */
  std: number[];
  /** max |r| over both summaries and all classes. */
  score: number;
}

export interface PcaGroup {
  /** Input columns of the group, in input order. */
  members: string[];
  /** Training-row mean of each member (PCA centres before projecting). */
  mean: number[];
  /** All eigenvalues of the members' covariance, descending. */
  eigenvalues: number[];
  /** All eigenvectors: components[k][i] = loading of member i on PC k+1; largest-|loading| entry positive. */
  components: number[][];
  /** eigenvalue / sum of eigenvalues, per component. */
  explainedRatio: number[];
  /** Number of leading components that become features. */
  kept: number;
  /** Feature names of the kept components. */
  names: string[];
}

/** Where an output feature comes from. */
export type FeatureSource =
  | { kind: 'column'; column: string }
  | { kind: 'pca'; group: number; component: number }
  /** the first difference over time of the source at index `of` (an earlier, non-delta source) */
  | { kind: 'delta'; of: number };

export interface ScalerParams {
  kind: 'minmax' | 'standard';
  /** y = (x - offset[j]) / scale[j] */
  offset: number[];
  scale: number[];
}

export interface FittedFeatures {
  version: 1;
  config: FeatureConfig;
  /** sample_index of the subjects every statistic below was computed on. */
  trainIds: number[];
  /** Encoded input columns (after one-hot), before any drop. */
  inputs: string[];
  dropped: DroppedColumn[];
  /** Score of every joint that reached the correlation filter. */
  targetCorrelation: TargetCorrelation[];
  groups: PcaGroup[];
  /** Output feature names, in FeatureSeries order. */
  names: string[];
  sources: FeatureSource[];
  scaler: ScalerParams;
}
