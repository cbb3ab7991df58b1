export { confusionMatrix, classScores, classificationReport, macroF1, accuracy, formatReport } from './metrics';
export type { ClassScores, ClassificationReport } from './metrics';
export { argmaxRows, voteBySubject, meanLogits, labelsFor } from './vote';
export type { SubjectVote } from './vote';
export { subjectPredictions } from './predictions';
export type { SubjectPredictions } from './predictions';
export {
  bootstrapInterval, bootstrapReplicates, pairedDifference, pointEstimate, scoredSubjects, scoredSet, withPredictions,
  macroF1Interval, pairedMacroF1Difference, formatInterval, formatDifference, DEFAULT_SAMPLES, DEFAULT_SEED,
} from './bootstrap';
export type { BootstrapOptions, Interval, Difference, ScoredSubjects, Statistic } from './bootstrap';
