export { DEFAULT_FEATURES } from './types';
export type {
  FeatureConfig,
  PcaConfig,
  FeatureSeries,
  FittedFeatures,
  DroppedColumn,
  DropReason,
  TargetCorrelation,
  PcaGroup,
  FeatureSource,
  ScalerParams,
} from './types';
export { fitFeatures, transformFeatures, resolveFeatureConfig, groupScores, subjectMeans, firstDifferences } from './pipeline';
export { correlationMatrix, correlationGroups, columnCorrelation, pearson, targetCorrelations } from './correlation';
export type { CorrelationMatrix } from './correlation';
export { encodedNames, oneHotName, SURVEY_LEVELS } from './encode';
export { symmetricEigen, covariance, columnMeans } from './linalg';
export type { Eigen } from './linalg';
export { fitPcaGroup, pcaScores, componentName } from './pca';
export { fitScaler, applyScaler } from './scaler';
export { constantColumns } from './variance';
