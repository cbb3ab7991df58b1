// Experiment configs: json5 files in notebooks/configs/, validated on load. A config names a base trial recipe,
// optionally a search space (sweep, grid) and named model variants (final), plus the profiles that shrink it.
import { readFileSync } from 'node:fs';
import JSON5 from 'json5';
import type { ModelHyper, TrainHyper, WindowConfig } from '../train/types';
import { ConfigError, joinPath, schemaAt, validate, type Schema } from './schema';

export type { ModelHyper, TrainHyper, WindowConfig };

/** Mirrors lib/features FeatureConfig (every key optional: missing keys take the features module's defaults). */
export interface FeatureOverrides {
  oneHotSurvey?: boolean;
  dropZeroVariance?: boolean;
  minTargetCorrelation?: number;
  pca?: false | { groups: 'auto' | string[][]; groupThreshold: number; explainedVariance: number };
  scaler?: 'minmax' | 'standard';
}

/** Everything that determines one trial's result (with the data and the code version). */
export interface TrialConfig {
  seed: number;
  /** stratified K-fold over subjects; `run` = how many of the K folds are trained (the first ones) */
  cv: { folds: number; run: number };
  features: FeatureOverrides;
  window: WindowConfig;
  model: ModelHyper;
  train: TrainHyper;
}

export interface SearchConfig {
  /** grid: the full cartesian product; random: `samples` distinct points drawn with `seed` */
  mode: 'grid' | 'random';
  samples?: number;
  seed?: number;
  /** dotted TrialConfig key → candidate values, e.g. "model.cell": ["rnn", "lstm", "gru"] */
  space: Record<string, unknown[]>;
  /** successive halving: rungs from minEpochs up to train.epochs, ×eta each, keeping the best 1/eta (halving.ts) */
  halving?: { minEpochs: number; eta: number };
}

export type Profile = 'smoke' | 'quick' | 'full';
export const PROFILES: readonly Profile[] = ['smoke', 'quick', 'full'];

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface ExperimentBody {
  name: string;
  kind: 'sweep' | 'grid' | 'final';
  description?: string;
  base: TrialConfig;
  search?: SearchConfig;
  /** named variants of the base (final: the two report models), each trained as its own trial */
  models?: Record<string, DeepPartial<TrialConfig>>;
  /**
   * final: predict the test subjects with each model's K-fold ensemble and write a submission; maxTestSubjects
   * limits the prediction to the first N test subjects (a budget knob: no submission is written then)
   */
  ensemble?: { test: boolean; maxTestSubjects?: number };
}

export interface ExperimentConfig extends ExperimentBody {
  /** reduced budgets; `full` is the body itself, exactly the report recipe */
  profiles?: { smoke?: DeepPartial<ExperimentBody>; quick?: DeepPartial<ExperimentBody> };
}

/** A config with one profile applied; the overrides are kept so that results say what was changed. */
export interface ResolvedConfig extends ExperimentBody {
  profile: Profile;
  overrides: DeepPartial<ExperimentBody>;
  file?: string;
}

const num = (min?: number, max?: number, o: { integer?: boolean; exclusiveMin?: boolean; optional?: boolean } = {}): Schema =>
  ({ type: 'number', min, max, ...o });
const int = (min?: number, max?: number, optional = false): Schema => num(min, max, { integer: true, optional });
const bool: Schema = { type: 'boolean' };
const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });

export const FEATURES_SCHEMA: Schema = {
  type: 'object',
  fields: {
    oneHotSurvey: { type: 'boolean', optional: true },
    dropZeroVariance: { type: 'boolean', optional: true },
    minTargetCorrelation: num(0, 1, { optional: true }),
    pca: {
      type: 'union',
      optional: true,
      options: [
        { type: 'literal', value: false },
        {
          type: 'object',
          fields: {
            groups: { type: 'union', options: [{ type: 'literal', value: 'auto' }, { type: 'array', items: { type: 'array', items: { type: 'string' }, minItems: 1 } }] },
            groupThreshold: num(0, 1),
            explainedVariance: num(0, 1, { exclusiveMin: true }),
          },
        },
      ],
    },
    scaler: { ...oneOf('minmax', 'standard'), optional: true },
  },
};

export const TRIAL_SCHEMA: Schema = {
  type: 'object',
  fields: {
    seed: int(0, 2 ** 31 - 1),
    cv: { type: 'object', fields: { folds: int(2, 20), run: int(1, 20) } },
    features: FEATURES_SCHEMA,
    window: { type: 'object', fields: { size: int(1, 160), stride: int(1, 160) } },
    model: {
      type: 'object',
      fields: {
        cell: oneOf('rnn', 'lstm', 'gru'),
        hiddenSize: int(1, 4096),
        layers: int(1, 16),
        bidirectional: bool,
        dropout: num(0, 1, { optional: false }),
      },
    },
    train: {
      type: 'object',
      fields: {
        epochs: int(1, 100000),
        batchSize: int(1, 65536),
        lr: num(0, 1, { exclusiveMin: true }),
        optimizer: oneOf('adamw', 'adam'),
        weightDecay: num(0, 1),
        l1: num(0, 1),
        l2: num(0, 1),
        labelSmoothing: num(0, 1),
        classWeights: oneOf('inverse-log', 'none'),
        patience: int(0, 100000),
        maxWindowsPerEpoch: int(1, undefined, true),
        earlyStopping: { ...oneOf('inner', 'validation'), optional: true },
        innerFraction: num(0, 1, { exclusiveMin: true, optional: true }),
      },
    },
  },
};

const SEARCH_SCHEMA: Schema = {
  type: 'object',
  optional: true,
  fields: {
    mode: oneOf('grid', 'random'),
    samples: int(1, undefined, true),
    seed: int(0, 2 ** 31 - 1, true),
    space: { type: 'record', values: { type: 'array', items: { type: 'any' }, minItems: 1 } },
    halving: { type: 'object', optional: true, fields: { minEpochs: int(1, 100000), eta: int(2, 100) } },
  },
};

const BODY_FIELDS: Record<string, Schema> = {
  name: { type: 'string' },
  kind: oneOf('sweep', 'grid', 'final'),
  description: { type: 'string', optional: true },
  base: TRIAL_SCHEMA,
  search: SEARCH_SCHEMA,
  models: { type: 'record', optional: true, partial: true, values: TRIAL_SCHEMA },
  ensemble: { type: 'object', optional: true, fields: { test: bool, maxTestSubjects: int(1, undefined, true) } },
};
const BODY_SCHEMA: Schema = { type: 'object', fields: BODY_FIELDS };
const CONFIG_SCHEMA: Schema = {
  type: 'object',
  fields: {
    ...BODY_FIELDS,
    profiles: {
      type: 'object',
      optional: true,
      fields: { smoke: { ...BODY_SCHEMA, optional: true, partial: true }, quick: { ...BODY_SCHEMA, optional: true, partial: true } },
    },
  },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge: objects merge key by key, anything else (arrays included) is replaced. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isObject(base) || !isObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out as T;
}

// Partial validation checks keys and types; the parts a search point or variant replaces are checked again, whole,
// once merged (checkTrial).
function checkSearch(body: Record<string, unknown>, path: string): void {
  const search = body.search;
  if (!isObject(search) || !isObject(search.space)) return;
  for (const [key, values] of Object.entries(search.space)) {
    const at = joinPath(joinPath(joinPath(path, 'search'), 'space'), key);
    const s = schemaAt(TRIAL_SCHEMA, key);
    if (!s || s.type === 'object') throw new ConfigError(at, `not a trial setting (e.g. "model.cell", "train.lr", "window.size")`);
    if (!Array.isArray(values)) continue;
    values.forEach((v, i) => validate(v, s, joinPath(at, i)));
  }
  if (search.mode === 'random' && search.samples === undefined) {
    throw new ConfigError(joinPath(joinPath(path, 'search'), 'samples'), 'missing (random search needs a sample count)');
  }
}

/** A complete trial recipe also has to be coherent across keys. */
export function checkTrial(t: TrialConfig, path: string): void {
  validate(t, TRIAL_SCHEMA, path);
  if (t.cv.run > t.cv.folds) throw new ConfigError(joinPath(joinPath(path, 'cv'), 'run'), `${t.cv.run} folds to run but cv.folds is ${t.cv.folds}`);
  if (t.train.innerFraction !== undefined && t.train.earlyStopping !== 'inner') {
    throw new ConfigError(joinPath(joinPath(path, 'train'), 'innerFraction'), 'only used with train.earlyStopping "inner"');
  }
  if (t.train.innerFraction !== undefined && t.train.innerFraction >= 1) {
    throw new ConfigError(joinPath(joinPath(path, 'train'), 'innerFraction'), `expected a number < 1, got ${t.train.innerFraction}`);
  }
  if (t.window.stride > t.window.size) {
    throw new ConfigError(joinPath(joinPath(path, 'window'), 'stride'), `stride ${t.window.stride} is longer than the window size ${t.window.size}`);
  }
}

/** Validates a parsed config object; `file` prefixes error messages. */
export function parseConfig(raw: unknown, file?: string): ExperimentConfig {
  try {
    // search values are checked against their target key below; the generic pass only checks the shape
    validate(raw, CONFIG_SCHEMA);
    const body = raw as Record<string, unknown>;
    checkSearch(body, '');
    const profiles = isObject(body.profiles) ? body.profiles : {};
    for (const [name, over] of Object.entries(profiles)) checkSearch(over as Record<string, unknown>, joinPath('profiles', name));
    const config = raw as ExperimentConfig;
    for (const profile of PROFILES) resolveProfile(config, profile);
    return config;
  } catch (e) {
    if (e instanceof ConfigError && file) throw new ConfigError(e.path, e.reason, file);
    throw e;
  }
}

/** Reads and validates a json5 config; syntax errors name file:line:column, schema errors file: key.path. */
export function loadConfig(file: string): ExperimentConfig {
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = JSON5.parse(text);
  } catch (e) {
    const err = e as SyntaxError & { lineNumber?: number; columnNumber?: number };
    const where = err.lineNumber !== undefined ? `${err.lineNumber}:${err.columnNumber}` : '';
    throw new Error(`${file}:${where}: ${err.message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '')}`);
  }
  return parseConfig(raw, file);
}

/** Applies a profile's overrides (none for `full`) and checks every trial the result describes. */
export function resolveProfile(config: ExperimentConfig, profile: Profile, file?: string): ResolvedConfig {
  const { profiles, ...body } = config;
  const overrides = (profile === 'full' ? {} : (profiles?.[profile] ?? {})) as DeepPartial<ExperimentBody>;
  const merged = deepMerge(body as ExperimentBody, overrides);
  const path = profile === 'full' ? '' : joinPath('profiles', profile);
  try {
    checkTrial(merged.base, joinPath(path, 'base'));
    for (const [name, variant] of Object.entries(merged.models ?? {})) {
      checkTrial(deepMerge(merged.base, variant), joinPath(joinPath(path, 'models'), name));
    }
  } catch (e) {
    if (e instanceof ConfigError && file) throw new ConfigError(e.path, e.reason, file);
    throw e;
  }
  return { ...merged, profile, overrides, file };
}

/** Leaf paths of an override object (a search space's dotted keys are kept whole), for printing and storing. */
export function flatten(o: unknown, prefix: string[] = []): [string[], unknown][] {
  if (!isObject(o)) return [[prefix, o]];
  const out: [string[], unknown][] = [];
  for (const [k, v] of Object.entries(o)) {
    if (isObject(v)) out.push(...flatten(v, [...prefix, k]));
    else out.push([[...prefix, k], v]);
  }
  return out;
}

function lookup(o: unknown, path: string[]): unknown {
  let v: unknown = o;
  for (const part of path) v = isObject(v) ? v[part] : undefined;
  return v;
}

/** One line per override: what the profile changes, from → to. Empty for `full`. */
export function describeOverrides(config: ExperimentConfig, resolved: ResolvedConfig): string[] {
  const { profiles: _, ...body } = config;
  return flatten(resolved.overrides).map(([path, to]) => {
    const from = lookup(body, path);
    const key = path.reduce<string>((p, k) => joinPath(p, k), '');
    return `${key}: ${from === undefined ? '(unset)' : JSON.stringify(from)} → ${JSON.stringify(to)}`;
  });
}

/** A banner for logs and notebooks: which profile runs and everything it changes from the report's recipe. */
export function profileBanner(config: ExperimentConfig, resolved: ResolvedConfig): string {
  const lines = describeOverrides(config, resolved);
  const head = `${resolved.name}: profile ${resolved.profile}`;
  if (lines.length === 0) return `${head} (the report's recipe, no overrides)`;
  return [`${head} — overrides of the report's recipe:`, ...lines.map((l) => `  ${l}`)].join('\n');
}
