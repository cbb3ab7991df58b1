// The recorded results: committed JSON files under docs/results/ from which every figure in the README, docs/ and
// data/README.md is written (lib/docs/render.ts). Each file carries the provenance of the run it was taken from, so
// a figure in the text can always be traced to a compute path, a CPU, a date and a commit.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FullBudgetRecord } from './full-budget';

/** Where a recorded figure came from. */
export interface Provenance {
  /** the gemm path the trials were trained on, e.g. 'builtin:avx512' (none for baselines-only or timing files) */
  computePath: string;
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** when the run happened (ISO 8601; the newest trial's time for experiments) */
  date: string;
  /** HEAD of the checkout the run came from (null outside git) */
  commit: string | null;
  /** the training path's code version (without the compute path), as in the trial hashes */
  codeVersion: string;
  profile: string;
  dataSource: 'synthetic' | 'kaggle';
  dataFingerprint: string;
  /** the generator's version and seed, for synthetic data */
  generator?: { version: number; seed: number };
}

/** A figure with its 95 % bootstrap interval over subjects. */
export interface Estimate { estimate: number; lo: number; hi: number }

/** A fold-mean figure: its interval, and its spread over folds. */
export interface FoldMean extends Estimate { std: number }

/** One model of a final experiment (notebook 06) or a baseline experiment (notebook 03). */
export interface ModelFigures {
  /** the config's key, e.g. 'lstm', 'forest' */
  model: string;
  /** what was trained, e.g. 'LSTM 1×64', 'random forest (200 trees)' */
  name: string;
  /** the report's published figures for this model, when it is one of the report's final models */
  report?: { model: string; val: number; test: number };
  baseline: boolean;
  folds: number;
  /** fold-mean validation macro-F1 of the kept weights (untouched with earlyStopping 'inner') */
  val: FoldMean;
  /** the report's optimistic figure (each fold at its best validation epoch); absent when it equals val */
  optimistic?: FoldMean;
  /** optimistic − untouched, paired on the same subjects */
  optimisticGap?: Estimate;
  /** out-of-fold macro-F1 */
  oof: Estimate;
  /** the K-fold ensemble's test macro-F1 (synthetic hidden labels) */
  test?: Estimate;
  /** this model − the reference model (the submitted one), paired on the same subjects */
  vsReference?: { reference: string; oof: Estimate; test?: Estimate };
}

export interface ExperimentRecord {
  experiment: string;
  provenance: Provenance;
  /** the model whose ensemble is submitted (final) or the reference of the paired differences */
  reference: string;
  models: ModelFigures[];
}

/** One trial of a search (notebooks 04, 05), with its fold-mean interval and its difference from the best. */
export interface SearchPoint {
  /** the point's settings, e.g. { 'window.size': 25, 'window.stride': 2 } */
  point: Record<string, unknown>;
  model: string;
  val: Estimate;
  /** this point − the best point, paired on the same subjects (fold-mean macro-F1) */
  vsBest: Estimate;
}

export interface SearchRecord {
  experiment: string;
  provenance: Provenance;
  /** sorted by fold-mean validation macro-F1, best first */
  points: SearchPoint[];
}

export interface NotebookTiming { name: string; seconds: number; ok: boolean }

export interface TimingRecord {
  provenance: Omit<Provenance, 'computePath' | 'codeVersion' | 'dataFingerprint'> & { computePath: string };
  /** notebooks at the same time */
  jobs: number;
  /** fold trainings run by this report (0: every trial was read back from the store) */
  trainedTrials: number;
  totalSeconds: number;
  /** 15-minute load average when recorded (right after the report with --record): how busy the machine was */
  loadAverage: number;
  notebooks: NotebookTiming[];
}

export interface BenchRow { model: string; backend: string; trainCpuWps: number[]; inferCpuWps: number[]; vsTorchTrain?: number[]; vsTorchInfer?: number[]; peakFraction?: number[] }

export interface BenchRecord {
  provenance: Omit<Provenance, 'codeVersion' | 'dataFingerprint' | 'profile' | 'dataSource'> & { loadAverage: number; identities: Record<string, string> };
  rows: BenchRow[];
  notes: string[];
}

/** Data facts the front page and the README quote (notebook 01). */
export interface DataRecord {
  provenance: Pick<Provenance, 'dataSource' | 'dataFingerprint' | 'generator' | 'date' | 'commit'>;
  trainSubjects: number;
  testSubjects: number;
  steps: number;
  /** subjects per class, in LABELS order */
  classCounts: number[];
  classes: string[];
  /** notebook 02: the preprocessing fitted on every training subject (fitFeatures, as the notebook calls it) */
  features: {
    inputs: number;
    outputs: number;
    dropped: { name: string; reason: string }[];
    /** correlated joint groups replaced by their leading components, with the variance those keep */
    groups: { members: string[]; kept: number; explained: number }[];
  };
}

/** Everything the generator reads; a file that was never recorded is undefined. */
export interface Results {
  data?: DataRecord;
  final?: ExperimentRecord;
  baselines?: ExperimentRecord;
  sweep?: SearchRecord;
  grid?: SearchRecord;
  timing?: TimingRecord;
  bench?: BenchRecord;
  fullBudget?: FullBudgetRecord;
}

/** The file of each result, under docs/results/ (the profile is part of the name: quick results are the default). */
export const RESULT_FILES: Readonly<Record<keyof Results, string>> = {
  data: 'data.json',
  final: 'quick-final.json',
  baselines: 'quick-baselines.json',
  sweep: 'quick-sweep.json',
  grid: 'quick-grid.json',
  timing: 'report-timing.json',
  bench: 'bench.json',
  fullBudget: 'full-budget.json',
};

export function resultsDir(root: string): string {
  return join(root, 'docs', 'results');
}

/** Reads every recorded file that exists; a file that does not parse is an error naming it. */
export function readResults(root: string): Results {
  const out: Results = {};
  for (const [key, name] of Object.entries(RESULT_FILES) as [keyof Results, string][]) {
    const file = join(resultsDir(root), name);
    if (!existsSync(file)) continue;
    try {
      (out as Record<string, unknown>)[key] = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
    }
  }
  return out;
}

/** Writes one result file (stable key order as built, one trailing newline), returning its path. */
export function writeResult<K extends keyof Results>(root: string, key: K, value: NonNullable<Results[K]>): string {
  const file = join(resultsDir(root), RESULT_FILES[key]);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 1) + '\n');
  return file;
}
