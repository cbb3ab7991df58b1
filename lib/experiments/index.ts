export {
  loadConfig, parseConfig, resolveProfile, profileBanner, describeOverrides, deepMerge, checkTrial, checkResolvedTrial, ENGINE_CHECKS, PROFILES,
  FEATURES_SCHEMA, TRIAL_SCHEMA, BASELINE_TRIAL_SCHEMA, ANY_TRIAL_SCHEMA, isBaselineTrial, asRecurrent, mergeVariant,
} from './config';
export type {
  ExperimentConfig, ExperimentBody, ResolvedConfig, TrialConfig, SearchConfig, Profile, FeatureOverrides, DeepPartial,
  ModelHyper, TrainHyper, WindowConfig, RecurrentTrialConfig, BaselineTrialConfig,
} from './config';
export { ConfigError, validate } from './schema';
export type { Schema } from './schema';
export { selectProfile, PROFILE_ENV } from './profiles';
export { expandTrials, planExperiment, searchPoints, gridSize, gridPoint, sampleIndices, applyPoint } from './search';
export type { TrialPlan } from './search';
export { runTrial, readTrialResult, loadTrialResult, trialFolds, trialDir, meanStd } from './trials';
export type { TrialResult, TrialLabels, FoldRecord, MeanStd, RunTrialOptions } from './trials';
export { runPool, defaultWorkers, workerEntry } from './pool';
export type { PoolOptions, PoolTask, PoolTaskContext } from './pool';
export { runTable, runRows, runRow, formatRunTable, loadRuns } from './table';
export type { RunRow } from './table';
export { runExperiment, outOfFoldReport } from './experiment';
export type { ExperimentOptions, ExperimentResult, EnsembleSummary } from './experiment';
export { predictTestSubjects, foldModelDirs } from './test-predictions';
export type { TestPrediction } from './test-predictions';
export { selectTrial, smoothedLossFloor } from './select';
export type { SelectableRow, SelectOptions, Selection } from './select';
export { sweepPoints, sweepMatrix, comparisonWindow } from './sweep';
export type { SweepRow, SweepPoint, SweepMatrix } from './sweep';
export { epochCurves } from './curves';
export type { EpochCurves } from './curves';
export { hyperparameterAxes } from './axes';
export type { HyperAxis, AxesOptions } from './axes';
export {
  REPORT_FINAL, modelName, COMPARISON_COLUMNS, comparisonRows, markdownTable, bestEnsemble, writeBestSubmission, submissionFileName,
} from './compare';
export type { ReportFigure } from './compare';
export { throttledLog } from './quiet-log';
export { successiveHalving, halvingRungs, survivors } from './halving';
export type { HalvingConfig, HalvingSummary, Rung } from './halving';
export { QUEUE_ENV, runFoldsOnQueue } from './queue-folds';
export { checkFoldTask, foldCost, foldTaskId } from './remote-fold';
export { finishedTrials } from './finished';
export type { FinishedTrial } from './finished';
export { trialSubjects, hasPredictions, trialIntervals, compareTrials, noiseVerdict, meanOfTrialsInterval, ensembleUncertainty, pairwiseDifferences } from './uncertainty';
export type { TrialIntervals, TrialComparison, VerdictOptions, EnsembleLike, EnsembleUncertainty, PairDifference } from './uncertainty';
