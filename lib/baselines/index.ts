export { SUMMARY_STATS, ALL_STATS, STAT_GROUPS, STAT_ENTRIES, LOG_EPS, expandStats, seriesStats, summaryFeatures, splitFeatureName, fitStandardizer, standardize } from './summary';
export type { SummaryStat, StatGroup, SubjectFeatures, Standardizer } from './summary';
export { fitLogReg, logRegProba } from './logreg';
export type { LogRegModel, LogRegOptions } from './logreg';
export { fitTree, treeProba, leafOf, fitForest, fitExtraTrees, forestProba } from './tree';
export type { DecisionTree, FittedTree, TreeOptions, ForestModel, ForestOptions } from './tree';
export { balancedWeights, fitClassifier, classifierProba, argmaxProba, modelImportances, classifierSize } from './classifier';
export type { Classifier, MajorityModel, CentroidModel } from './classifier';
export { permutationImportance, logLoss, channelImportance, featureImportance, statImportance } from './importance';
export type { PermutationImportance, ImportanceFold, ChannelImportance, FeatureImportance } from './importance';
export {
  BASELINE_MODEL_FORMAT, fitBaseline, predictBaseline, predictBaselineEnsemble, baselineRows, subjectSummary,
  saveBaselineModel, loadBaselineModel, isBaselineModelDir,
} from './model';
export type { BaselineModelFile, BaselinePrediction, FittedBaseline } from './model';
export { runBaselineFold, channelGroups } from './fold';
export { groupMeanFeatures, jointGroupSummary, jointGroupName } from './groups';
export type { JointGroup } from './groups';
export type { BaselineFoldDetails, BaselineFoldResult, BaselineFoldOptions } from './fold';
export { BASELINE_CLASSIFIERS, BASELINE_DEFAULTS, BASELINE_KEYS, resolveBaseline, isBaselineModel, baselineName } from './types';
export type { BaselineClassifier, BaselineHyper, ResolvedBaseline } from './types';
