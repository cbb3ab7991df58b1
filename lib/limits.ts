// Every limit on a trial's settings, in one place. The experiment config schema (lib/experiments/config/shapes.ts) checks
// configs against these, and the engine's own checks (checkSpec, the training loop, windows, features, losses)
// enforce the same ones, so a config that loads is a config the engine accepts. Imported from every layer, so it
// imports nothing but the data schema (the lowest layer).
import { STEPS_PER_SUBJECT } from './data/schema';

/** A numeric limit: bounds are inclusive unless marked exclusive. */
export interface Range {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
}

type Bounded = Range & { readonly min: number };
const int = (min: number, max?: number): Bounded => (max === undefined ? { integer: true, min } : { integer: true, min, max });
const real = (min: number, max: number, o: { exclusiveMin?: boolean; exclusiveMax?: boolean } = {}): Bounded => ({ min, max, ...o });

/** The bounds of every numeric trial setting, keyed like the config (`model.layers` is LIMITS.model.layers). */
export const LIMITS = {
  seed: int(0, 2 ** 31 - 1),
  cv: {
    /** stratified K-fold needs at least 2 folds */
    folds: int(2, 20),
    /** how many of the K folds are trained; also ≤ cv.folds */
    run: int(1, 20),
  },
  window: {
    /** at most the whole series (160 steps per subject in the Kaggle data) */
    size: int(1, STEPS_PER_SUBJECT),
    /** also ≤ window.size: a longer stride would skip steps */
    stride: int(1, STEPS_PER_SUBJECT),
  },
  model: {
    hiddenSize: int(1, 4096),
    /** stacked recurrent layers; deeper stacks did not train in the report and are not supported by the engine */
    layers: int(1, 4),
    /** PyTorch's inter-layer dropout: p = 1 would zero every activation */
    dropout: real(0, 1, { exclusiveMax: true }),
  },
  train: {
    epochs: int(1, 100_000),
    batchSize: int(1, 65_536),
    lr: real(0, 1, { exclusiveMin: true }),
    weightDecay: real(0, 1),
    l1: real(0, 1),
    l2: real(0, 1),
    /** ε = 1 would make every target uniform: nothing left to learn */
    labelSmoothing: real(0, 1, { exclusiveMax: true }),
    patience: int(0, 100_000),
    maxWindowsPerEpoch: int(1),
    /** share of a fold's training subjects held out for inner early stopping: both sides must keep subjects */
    innerFraction: real(0, 1, { exclusiveMin: true, exclusiveMax: true }),
  },
  search: {
    /** random search: points drawn */
    samples: int(1),
    /** successive halving: the first rung's epochs, and the factor between rungs */
    halving: { minEpochs: int(1, 100_000), eta: int(2, 100) },
  },
  features: {
    minTargetCorrelation: real(0, 1),
    pca: {
      groupThreshold: real(0, 1),
      explainedVariance: real(0, 1, { exclusiveMin: true }),
    },
  },
} as const;

/** The allowed values of every enumerated trial setting. */
export const CHOICES = {
  cell: ['rnn', 'lstm', 'gru'],
  optimizer: ['adamw', 'adam'],
  classWeights: ['inverse-log', 'none'],
  scaler: ['minmax', 'standard'],
  /** which subjects pick the kept epoch: an inner split of the training subjects, or the validation fold itself */
  earlyStopping: ['inner', 'validation'],
} as const;

/** 'an integer ≥ 1 and ≤ 4', 'a number ≥ 0 and < 1': how errors and docs state a range. */
export function describeRange(r: Range): string {
  const kind = r.integer ? 'an integer' : 'a number';
  const lo = r.min === undefined ? '' : ` ${r.exclusiveMin ? '>' : '≥'} ${r.min}`;
  const hi = r.max === undefined ? '' : `${lo ? ' and' : ''} ${r.exclusiveMax ? '<' : '≤'} ${r.max}`;
  return kind + lo + hi;
}

export function inRange(v: unknown, r: Range): v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  if (r.integer && !Number.isInteger(v)) return false;
  if (r.min !== undefined && (r.exclusiveMin ? v <= r.min : v < r.min)) return false;
  if (r.max !== undefined && (r.exclusiveMax ? v >= r.max : v > r.max)) return false;
  return true;
}

/**
 * A setting the engine refuses. `key` is the setting's path as a config writes it below a trial (`model.layers`,
 * `features.pca.groups[0][1]`), so the config layer can say where in which file it came from.
 */
export class SettingError extends Error {
  constructor(readonly key: string, readonly reason: string) {
    super(`${key}: ${reason}`);
    this.name = 'SettingError';
  }
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Throws a SettingError naming `key` unless `value` is within `range`. */
export function checkRange(key: string, value: unknown, range: Range): number {
  if (!inRange(value, range)) throw new SettingError(key, `expected ${describeRange(range)}, got ${show(value)}`);
  return value;
}

/** Throws a SettingError naming `key` unless `value` is one of `choices`. */
export function checkChoice<T extends string>(key: string, value: unknown, choices: readonly T[]): T {
  if (!(choices as readonly unknown[]).includes(value)) {
    throw new SettingError(key, `expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${show(value)}`);
  }
  return value as T;
}
