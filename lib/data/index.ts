// The data layer's public API: read, validate, describe and generate the Pirate Pain files.

export * from './schema';
export { DataError, isDataError } from './errors';
export { column, indexOfId, labelsOf, subjectSlice } from './series';
export type { Dataset, SubjectLabels, SubjectSeries } from './series';
export { readLabels, readSeries, parseLabels, parseSeries } from './read';
export type { ParsedLabels, ParsedSeries } from './read';
export { defaultDataDir, findDataFile, formatId, isSynthetic, loadDataset, loadDefaultDataset } from './dataset';
export type { DataSource } from './dataset';
export { describeDataset, describeSeries, formatSummary } from './describe';
export type { DatasetSummary, SeriesSummary } from './describe';
export { generateDataset, labelsCsv, seriesCsv, SYNTHETIC_MARKER, SYNTHETIC_TEST_LABELS } from './generate';
export type { GenerateOptions, SyntheticMarker } from './generate';
export { classCounts, DEFAULT_SEED, simulateDataset, SIMULATION_VERSION, TEST_SUBJECTS, TRAIN_SUBJECTS } from './simulate';
export type { SimulateOptions, SyntheticData } from './simulate';
