// What an experiment config is: one schema per part, and its TypeScript type inferred from it (Infer), so a key,
// a choice or an optional mark is written once. Every numeric bound is a lib/limits.ts limit: the engine's own
// checks use the same ones. The engine's shapes (ModelHyper, TrainHyper, WindowConfig, BaselineHyper) are checked
// against the inferred ones at the bottom, so neither can drift from the other without a type error.
import { BASELINE_CLASSIFIERS, type BaselineHyper } from '../../baselines/types';
import { STAT_ENTRIES } from '../../baselines/summary';
import { CHOICES, LIMITS, type Range } from '../../limits';
import type { ModelHyper, TrainHyper, WindowConfig } from '../../train/types';
import { hasOwn, type DeepPartial, type Infer, type Schema } from './schema';

// Helpers that keep literal types (a field's enum, its optional mark), which Infer reads.
const num = <const R extends Range>(r: R) => ({ type: 'number', ...r }) as const;
const bool = { type: 'boolean' } as const;
const str = { type: 'string' } as const;
const oneOf = <const T extends readonly string[]>(values: T) => ({ type: 'string', enum: values }) as const;
const literal = <const V extends string | number | boolean>(value: V) => ({ type: 'literal', value }) as const;
const optional = <const S extends Schema>(s: S): S & { readonly optional: true } => ({ ...s, optional: true });
const object = <const F extends { readonly [key: string]: Schema }>(fields: F) => ({ type: 'object', fields }) as const;

/** lib/features FeatureConfig, every key optional: missing keys take the features module's defaults. */
export const FEATURES_SCHEMA = object({
  oneHotSurvey: optional(bool),
  dropZeroVariance: optional(bool),
  minTargetCorrelation: optional(num(LIMITS.features.minTargetCorrelation)),
  pca: optional({
    type: 'union',
    options: [
      literal(false),
      object({
        groups: { type: 'union', options: [literal('auto'), { type: 'array', items: { type: 'array', items: str, minItems: 1 } }] },
        groupThreshold: num(LIMITS.features.pca.groupThreshold),
        explainedVariance: num(LIMITS.features.pca.explainedVariance),
      }),
    ],
  }),
  scaler: optional(oneOf(CHOICES.scaler)),
  deltas: optional(bool),
}) satisfies Schema;

/** What every trial has, whatever its model: the seed, the folds and the fold-fitted preprocessing. */
const COMMON_TRIAL_FIELDS = {
  seed: num(LIMITS.seed),
  /** stratified K-fold over subjects; `run` = how many of the K folds are trained (the first ones) */
  cv: object({ folds: num(LIMITS.cv.folds), run: num(LIMITS.cv.run) }),
  features: FEATURES_SCHEMA,
} as const;

/** Everything that determines one recurrent trial's result (with the data and the code version). */
export const TRIAL_SCHEMA = object({
  ...COMMON_TRIAL_FIELDS,
  window: object({ size: num(LIMITS.window.size), stride: num(LIMITS.window.stride) }),
  model: object({
    cell: oneOf(CHOICES.cell),
    hiddenSize: num(LIMITS.model.hiddenSize),
    layers: num(LIMITS.model.layers),
    bidirectional: bool,
    dropout: num(LIMITS.model.dropout),
  }),
  // lib/train/types.ts TrainHyper says what each one means
  train: object({
    epochs: num(LIMITS.train.epochs),
    batchSize: num(LIMITS.train.batchSize),
    lr: num(LIMITS.train.lr),
    optimizer: oneOf(CHOICES.optimizer),
    weightDecay: num(LIMITS.train.weightDecay),
    l1: num(LIMITS.train.l1),
    l2: num(LIMITS.train.l2),
    labelSmoothing: num(LIMITS.train.labelSmoothing),
    classWeights: oneOf(CHOICES.classWeights),
    patience: num(LIMITS.train.patience),
    maxWindowsPerEpoch: optional(num(LIMITS.train.maxWindowsPerEpoch)),
    earlyStopping: optional(oneOf(CHOICES.earlyStopping)),
    innerFraction: optional(num(LIMITS.train.innerFraction)),
  }),
}) satisfies Schema;

/**
 * A baseline trial (lib/baselines): the same folds and preprocessing, one summary row per subject. It has no windows
 * and no training loop, so a trial holds only what decides its result and its hash does not change with them. Value
 * checks here; which keys a classifier reads is checked by checkTrial (resolveBaseline).
 */
export const BASELINE_TRIAL_SCHEMA = object({
  ...COMMON_TRIAL_FIELDS,
  model: object({
    kind: literal('baseline'),
    classifier: oneOf(BASELINE_CLASSIFIERS),
    // statistics and named groups of them ('basic', 'robust', 'roughness'; lib/baselines/summary.ts)
    stats: optional({ type: 'array', minItems: 1, items: oneOf(STAT_ENTRIES) }),
    groupMeans: optional(bool),
    classWeights: optional(oneOf(['balanced', 'none'])),
    C: optional(num({ min: 0, exclusiveMin: true })),
    tolerance: optional(num({ min: 0, exclusiveMin: true, max: 1 })),
    maxIterations: optional(num({ integer: true, min: 1, max: 1000000 })),
    trees: optional(num({ integer: true, min: 1, max: 100000 })),
    maxDepth: optional(num({ integer: true, min: 0, max: 1000 })),
    minSamplesLeaf: optional(num({ integer: true, min: 1 })),
    maxFeatures: optional({ type: 'union', options: [literal('sqrt'), num({ integer: true, min: 1 })] }),
    permutationRepeats: optional(num({ integer: true, min: 0, max: 1000 })),
  }),
}) satisfies Schema;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isBaselineEntry = (v: unknown): boolean => isObject(v) && isObject(v.model) && (v.model.kind === 'baseline' || hasOwn(v.model, 'classifier'));

/** A trial, or a variant of one, checked against the schema of its model's kind (a baseline has no window or train). */
export const ANY_TRIAL_SCHEMA = {
  type: 'dispatch',
  options: [TRIAL_SCHEMA, BASELINE_TRIAL_SCHEMA],
  by: (v: unknown): Schema => (isBaselineEntry(v) ? BASELINE_TRIAL_SCHEMA : TRIAL_SCHEMA),
} as const satisfies Schema;

export const SEARCH_SCHEMA = object({
  /** grid: the full cartesian product; random: `samples` distinct points drawn with `seed` */
  mode: oneOf(['grid', 'random']),
  samples: optional(num(LIMITS.search.samples)),
  seed: optional(num(LIMITS.seed)),
  /** dotted TrialConfig key → candidate values, e.g. "model.cell": ["rnn", "lstm", "gru"] (checked against that key) */
  space: { type: 'record', values: { type: 'array', items: { type: 'any' }, minItems: 1 } },
  /** successive halving: rungs from minEpochs up to train.epochs, ×eta each, keeping the best 1/eta (halving.ts) */
  halving: optional(object({ minEpochs: num(LIMITS.search.halving.minEpochs), eta: num(LIMITS.search.halving.eta) })),
}) satisfies Schema;

const BODY_FIELDS = {
  // the name and the model keys become file names (experiments/<name>/<profile>, <model>.csv): lib/core/names.ts
  name: { type: 'name' },
  kind: oneOf(['sweep', 'grid', 'final']),
  description: optional(str),
  base: ANY_TRIAL_SCHEMA,
  search: optional(SEARCH_SCHEMA),
  /** named variants of the base (final: the two report models), each trained as its own trial */
  models: optional({ type: 'record', keys: 'name', partial: true, values: ANY_TRIAL_SCHEMA }),
  /**
   * final: predict the test subjects with each model's K-fold ensemble and write a submission; maxTestSubjects
   * limits the prediction to the first N test subjects (a budget knob: no submission is written then)
   */
  ensemble: optional(object({ test: bool, maxTestSubjects: optional(num({ integer: true, min: 1 })) })),
} as const;

export const BODY_SCHEMA = object(BODY_FIELDS) satisfies Schema;
const PROFILE_SCHEMA = optional({ ...BODY_SCHEMA, partial: true } as const);

export const CONFIG_SCHEMA = object({
  ...BODY_FIELDS,
  /** reduced budgets; `full` is the body itself, exactly the report recipe */
  profiles: optional(object({ smoke: PROFILE_SCHEMA, quick: PROFILE_SCHEMA })),
}) satisfies Schema;

export type FeatureOverrides = Infer<typeof FEATURES_SCHEMA>;
export type RecurrentTrialConfig = Infer<typeof TRIAL_SCHEMA>;
export type BaselineTrialConfig = Infer<typeof BASELINE_TRIAL_SCHEMA>;
export type TrialConfig = RecurrentTrialConfig | BaselineTrialConfig;
export type SearchConfig = Infer<typeof SEARCH_SCHEMA>;
export type ExperimentBody = Infer<typeof BODY_SCHEMA>;
export type ExperimentConfig = Infer<typeof CONFIG_SCHEMA>;
export type { DeepPartial };

// The engine's shapes and the inferred ones are the same, both ways: a field added to one and not the other, or a
// choice spelt differently, is a type error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(): T | undefined => undefined;
agree<Same<RecurrentTrialConfig['model'], ModelHyper>>();
agree<Same<RecurrentTrialConfig['train'], TrainHyper>>();
agree<Same<RecurrentTrialConfig['window'], WindowConfig>>();
agree<Same<BaselineTrialConfig['model'], BaselineHyper>>();
