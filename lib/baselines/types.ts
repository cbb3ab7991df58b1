// Baseline model entries of an experiment config (`model: { kind: 'baseline', classifier: … }`) and their defaults.
import type { StatGroup, SummaryStat } from './summary';
import { expandStats, STAT_ENTRIES, SUMMARY_STATS } from './summary';

export type BaselineClassifier = 'majority' | 'centroid' | 'logreg' | 'forest' | 'extra-trees';
export const BASELINE_CLASSIFIERS: readonly BaselineClassifier[] = ['majority', 'centroid', 'logreg', 'forest', 'extra-trees'];

/** As written in a config: every key but kind and classifier optional. */
export interface BaselineHyper {
  kind: 'baseline';
  classifier: BaselineClassifier;
  /** per-channel statistics and named groups of them (default: 'basic', the nine of SUMMARY_STATS) */
  stats?: (SummaryStat | StatGroup)[];
  /**
   * true: each group of correlated joints that the fold's preprocessing found (its PCA groups) becomes one channel
   * whose statistics are the means of its member joints' statistics (lib/baselines/groups.ts); absent or false: a
   * channel per preprocessing output, the groups' components included
   */
  groupMeans?: boolean;
  /** 'balanced': n / (classes · count) from the fold's training subjects (scikit-learn's formula) */
  classWeights?: 'balanced' | 'none';
  /** logreg: inverse L2 strength */
  C?: number;
  /** logreg: largest |gradient| of the scaled objective at convergence */
  tolerance?: number;
  maxIterations?: number;
  /** forest and extra-trees */
  trees?: number;
  /** forest and extra-trees: 0 = grow until pure */
  maxDepth?: number;
  minSamplesLeaf?: number;
  /** forest and extra-trees: features tried per split; 'sqrt' = floor(√d) */
  maxFeatures?: 'sqrt' | number;
  /** permutation importance: shuffles per channel on the validation subjects */
  permutationRepeats?: number;
}

/**
 * Defaults filled in; `stats` with its groups expanded (each statistic once). groupMeans stays absent unless given,
 * so that the models of trials written before it existed resolve to the same hyperparameters.
 */
export type ResolvedBaseline = Omit<Required<BaselineHyper>, 'stats' | 'groupMeans'> & { stats: SummaryStat[]; groupMeans?: boolean };

const COMMON = ['kind', 'classifier', 'stats', 'groupMeans', 'permutationRepeats'];
/** Keys each classifier reads; any other key is an error (it would silently do nothing). */
export const BASELINE_KEYS: Record<BaselineClassifier, readonly string[]> = {
  majority: COMMON,
  centroid: COMMON,
  logreg: [...COMMON, 'classWeights', 'C', 'tolerance', 'maxIterations'],
  forest: [...COMMON, 'classWeights', 'trees', 'maxDepth', 'minSamplesLeaf', 'maxFeatures'],
  'extra-trees': [...COMMON, 'classWeights', 'trees', 'maxDepth', 'minSamplesLeaf', 'maxFeatures'],
};

export const BASELINE_DEFAULTS: Omit<ResolvedBaseline, 'kind' | 'classifier' | 'groupMeans'> = {
  stats: [...SUMMARY_STATS],
  classWeights: 'balanced',
  C: 1,
  tolerance: 1e-6,
  maxIterations: 1000,
  trees: 200,
  maxDepth: 0,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  permutationRepeats: 5,
};

function fail(path: string, what: string): never {
  throw new Error(`${path}: ${what}`);
}

/** Defaults filled in; keys that do not apply to the classifier and bad values are errors naming the key. */
export function resolveBaseline(h: BaselineHyper, path = 'model'): ResolvedBaseline {
  if (h.kind !== 'baseline') fail(`${path}.kind`, `expected "baseline", got ${JSON.stringify(h.kind)}`);
  if (!BASELINE_CLASSIFIERS.includes(h.classifier)) fail(`${path}.classifier`, `expected one of ${BASELINE_CLASSIFIERS.join(', ')}, got ${JSON.stringify(h.classifier)}`);
  for (const k of Object.keys(h)) {
    if (!BASELINE_KEYS[h.classifier].includes(k)) fail(`${path}.${k}`, `does not apply to classifier ${h.classifier} (its keys: ${BASELINE_KEYS[h.classifier].join(', ')})`);
  }
  const r = { ...BASELINE_DEFAULTS, ...h } as Omit<Required<BaselineHyper>, 'groupMeans'> & { groupMeans?: boolean };
  if (r.groupMeans !== undefined && typeof r.groupMeans !== 'boolean') fail(`${path}.groupMeans`, `expected true or false, got ${JSON.stringify(r.groupMeans)}`);
  if (!Array.isArray(r.stats) || r.stats.length === 0) fail(`${path}.stats`, 'expected a non-empty array of statistics');
  r.stats.forEach((s, i) => {
    if (!STAT_ENTRIES.includes(s)) fail(`${path}.stats[${i}]`, `expected one of ${STAT_ENTRIES.join(', ')}, got ${JSON.stringify(s)}`);
  });
  if (new Set(r.stats).size !== r.stats.length) fail(`${path}.stats`, 'a statistic is listed twice');
  // groups may overlap (basic and robust share the quartiles): the expansion keeps each statistic once
  const resolved: ResolvedBaseline = { ...r, stats: expandStats(r.stats) };
  const int = (k: keyof ResolvedBaseline, min: number): void => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`${path}.${k}`, `expected an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  };
  int('maxIterations', 1);
  int('trees', 1);
  int('maxDepth', 0);
  int('minSamplesLeaf', 1);
  int('permutationRepeats', 0);
  if (!(typeof r.C === 'number' && r.C > 0 && Number.isFinite(r.C))) fail(`${path}.C`, `expected a number > 0, got ${JSON.stringify(r.C)}`);
  if (!(typeof r.tolerance === 'number' && r.tolerance > 0)) fail(`${path}.tolerance`, `expected a number > 0, got ${JSON.stringify(r.tolerance)}`);
  if (r.classWeights !== 'balanced' && r.classWeights !== 'none') fail(`${path}.classWeights`, `expected "balanced" or "none", got ${JSON.stringify(r.classWeights)}`);
  if (r.maxFeatures !== 'sqrt' && !(typeof r.maxFeatures === 'number' && Number.isInteger(r.maxFeatures) && r.maxFeatures >= 1)) {
    fail(`${path}.maxFeatures`, `expected "sqrt" or an integer ≥ 1, got ${JSON.stringify(r.maxFeatures)}`);
  }
  return resolved;
}

export const isBaselineModel = (m: unknown): m is BaselineHyper =>
  typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'baseline';

/** 'random forest (200 trees)', 'logistic regression (C = 1)', for tables. */
export function baselineName(h: BaselineHyper): string {
  const r = { ...BASELINE_DEFAULTS, ...h };
  const stats = expandStats(r.stats);
  switch (h.classifier) {
    case 'majority': return 'majority class';
    case 'centroid': return `nearest centroid (${stats.length === 1 ? `per-subject ${stats[0]}` : `${stats.length} statistics`})`;
    case 'logreg': return `logistic regression (C = ${r.C})`;
    case 'forest': return `random forest (${r.trees} trees)`;
    case 'extra-trees': return `extra trees (${r.trees} trees)`;
    default: return String(h.classifier);
  }
}
