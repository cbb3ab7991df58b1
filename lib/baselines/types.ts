// Baseline model entries of an experiment config (`model: { kind: 'baseline', classifier: … }`) and their defaults.
import type { SummaryStat } from './summary';
import { SUMMARY_STATS } from './summary';

export type BaselineClassifier = 'majority' | 'centroid' | 'logreg' | 'forest';
export const BASELINE_CLASSIFIERS: readonly BaselineClassifier[] = ['majority', 'centroid', 'logreg', 'forest'];

/** As written in a config: every key but kind and classifier optional. */
export interface BaselineHyper {
  kind: 'baseline';
  classifier: BaselineClassifier;
  /** per-channel statistics (default: all of SUMMARY_STATS) */
  stats?: SummaryStat[];
  /** 'balanced': n / (classes · count) from the fold's training subjects (scikit-learn's formula) */
  classWeights?: 'balanced' | 'none';
  /** logreg: inverse L2 strength */
  C?: number;
  /** logreg: largest |gradient| of the scaled objective at convergence */
  tolerance?: number;
  maxIterations?: number;
  /** forest */
  trees?: number;
  /** forest: 0 = grow until pure */
  maxDepth?: number;
  minSamplesLeaf?: number;
  /** forest: features tried per split; 'sqrt' = floor(√d) */
  maxFeatures?: 'sqrt' | number;
  /** permutation importance: shuffles per channel on the validation subjects */
  permutationRepeats?: number;
}

export type ResolvedBaseline = Required<BaselineHyper>;

const COMMON = ['kind', 'classifier', 'stats', 'permutationRepeats'];
/** Keys each classifier reads; any other key is an error (it would silently do nothing). */
export const BASELINE_KEYS: Record<BaselineClassifier, readonly string[]> = {
  majority: COMMON,
  centroid: COMMON,
  logreg: [...COMMON, 'classWeights', 'C', 'tolerance', 'maxIterations'],
  forest: [...COMMON, 'classWeights', 'trees', 'maxDepth', 'minSamplesLeaf', 'maxFeatures'],
};

export const BASELINE_DEFAULTS: Omit<ResolvedBaseline, 'kind' | 'classifier'> = {
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
  const r = { ...BASELINE_DEFAULTS, ...h } as ResolvedBaseline;
  if (!Array.isArray(r.stats) || r.stats.length === 0) fail(`${path}.stats`, 'expected a non-empty array of statistics');
  r.stats.forEach((s, i) => {
    if (!SUMMARY_STATS.includes(s)) fail(`${path}.stats[${i}]`, `expected one of ${SUMMARY_STATS.join(', ')}, got ${JSON.stringify(s)}`);
  });
  if (new Set(r.stats).size !== r.stats.length) fail(`${path}.stats`, 'a statistic is listed twice');
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
  return r;
}

export const isBaselineModel = (m: unknown): m is BaselineHyper =>
  typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'baseline';

/** 'random forest (200 trees)', 'logistic regression (C = 1)', for tables. */
export function baselineName(h: BaselineHyper): string {
  const r = { ...BASELINE_DEFAULTS, ...h };
  switch (h.classifier) {
    case 'majority': return 'majority class';
    case 'centroid': return `nearest centroid (${r.stats.length === 1 ? `per-subject ${r.stats[0]}` : `${r.stats.length} statistics`})`;
    case 'logreg': return `logistic regression (C = ${r.C})`;
    case 'forest': return `random forest (${r.trees} trees)`;
    default: return String(h.classifier);
  }
}
