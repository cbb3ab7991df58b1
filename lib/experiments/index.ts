export {
  loadConfig, parseConfig, resolveProfile, profileBanner, describeOverrides, deepMerge, checkTrial, checkResolvedTrial, ENGINE_CHECKS, PROFILES,
  FEATURES_SCHEMA, TRIAL_SCHEMA, BASELINE_TRIAL_SCHEMA, ANY_TRIAL_SCHEMA, isBaselineTrial, asRecurrent, mergeVariant,
} from './config/config';
export type {
  ExperimentConfig, ExperimentBody, ResolvedConfig, TrialConfig, SearchConfig, Profile, FeatureOverrides, DeepPartial,
  ModelHyper, TrainHyper, WindowConfig, RecurrentTrialConfig, BaselineTrialConfig,
} from './config/config';
export { ConfigError, validate } from './config/schema';
export type { Schema } from './config/schema';
export { selectProfile, PROFILE_ENV } from './config/profiles';
export { expandTrials, planExperiment, searchPoints, gridSize, gridPoint, sampleIndices, applyPoint } from './search/search';
export type { TrialPlan } from './search/search';
export { runTrial, readTrialResult, loadTrialResult, trialFolds, trialDir, meanStd } from './run/trials';
export type { TrialResult, TrialLabels, FoldRecord, MeanStd, RunTrialOptions } from './run/trials';
export { runPool, defaultWorkers, workerEntry } from './run/pool';
export type { PoolOptions, PoolTask, PoolTaskContext } from './run/pool';
export { runTable, runRows, runRow, formatRunTable, loadRuns } from './analysis/table';
export type { RunRow } from './analysis/table';
export { runExperiment, outOfFoldReport } from './run/experiment';
export type { ExperimentOptions, ExperimentResult, EnsembleSummary } from './run/experiment';
export { predictTestSubjects, foldModelDirs } from './run/test-predictions';
export type { TestPrediction } from './run/test-predictions';
export { selectTrial, smoothedLossFloor } from './analysis/select';
export type { SelectableRow, SelectOptions, Selection } from './analysis/select';
export { sweepPoints, sweepMatrix, comparisonWindow } from './analysis/sweep';
export type { SweepRow, SweepPoint, SweepMatrix } from './analysis/sweep';
export { epochCurves } from './analysis/curves';
export type { EpochCurves } from './analysis/curves';
export { hyperparameterAxes } from './analysis/axes';
export type { HyperAxis, AxesOptions } from './analysis/axes';
export {
  REPORT_FINAL, modelName, COMPARISON_COLUMNS, comparisonRows, markdownTable, bestEnsemble, writeBestSubmission, submissionFileName,
} from './analysis/compare';
export type { ReportFigure } from './analysis/compare';
export { throttledLog } from '../train/quiet-log';
export { successiveHalving, halvingRungs, survivors } from './search/halving';
export type { HalvingConfig, HalvingSummary, Rung } from './search/halving';
export { QUEUE_ENV, runFoldsOnQueue } from './remote/queue-folds';
export { checkFoldTask, foldCost, foldTaskId } from './remote/remote-fold';
export { finishedTrials } from './run/finished';
export type { FinishedTrial } from './run/finished';
export { trialSubjects, hasPredictions, trialIntervals, compareTrials, noiseVerdict, meanOfTrialsInterval, ensembleUncertainty, pairwiseDifferences } from './analysis/uncertainty';
export type { TrialIntervals, TrialComparison, VerdictOptions, EnsembleLike, EnsembleUncertainty, PairDifference } from './analysis/uncertainty';
