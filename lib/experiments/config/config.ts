// Experiment configs: json5 files in notebooks/configs/, validated on load. A config names a base trial recipe,
// optionally a search space (sweep, grid) and named model variants (final), plus the profiles that shrink it.
import { readFileSync } from 'node:fs';
import JSON5 from 'json5';
import { BASELINE_KEYS, resolveBaseline } from '../../baselines/types';
import { N_CLASSES } from '../../data/schema';
import { resolveFeatureConfig } from '../../features/pipeline';
import type { FeatureConfig } from '../../features/types';
import { SettingError } from '../../limits';
import { checkSpec } from '../../nn/types';
import { earlyStoppingOf } from '../../train/fold';
import { checkTrainConfig } from '../../train/loop';
import type { ModelHyper, TrainHyper, WindowConfig } from '../../train/types';
import { checkWindow } from '../../windows/windows';
import { ConfigError, FORBIDDEN_KEYS, hasOwn, joinPath, noPrototype, plainData, schemaAt, validate } from './schema';
import {
  BASELINE_TRIAL_SCHEMA, CONFIG_SCHEMA, TRIAL_SCHEMA,
  type BaselineTrialConfig, type DeepPartial, type ExperimentBody, type ExperimentConfig, type RecurrentTrialConfig, type TrialConfig,
} from './shapes';

export type { ModelHyper, TrainHyper, WindowConfig };
// the schemas and the types inferred from them (shapes.ts), where callers have always found them
export { ANY_TRIAL_SCHEMA, BASELINE_TRIAL_SCHEMA, FEATURES_SCHEMA, TRIAL_SCHEMA } from './shapes';
export type {
  BaselineTrialConfig, DeepPartial, ExperimentBody, ExperimentConfig, FeatureOverrides, RecurrentTrialConfig, SearchConfig, TrialConfig,
} from './shapes';

export const isBaselineTrial = (t: TrialConfig): t is BaselineTrialConfig => (t.model as { kind?: string }).kind === 'baseline';

/** The trial as a recurrent one; throws on a baseline (for code that reads windows or training settings). */
export function asRecurrent(t: TrialConfig, what = 'trial'): RecurrentTrialConfig {
  if (isBaselineTrial(t)) throw new Error(`${what}: a baseline (${t.model.classifier}), not a recurrent model`);
  return t;
}

export type Profile = 'smoke' | 'quick' | 'full';
export const PROFILES: readonly Profile[] = ['smoke', 'quick', 'full'];

/** A config with one profile applied; the overrides are kept so that results say what was changed. */
export interface ResolvedConfig extends ExperimentBody {
  profile: Profile;
  overrides: DeepPartial<ExperimentBody>;
  file?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The engine's own checks of a complete (recurrent) trial, one per section: the same functions that guard training,
 * so no limit or rule is written twice. Each throws a SettingError naming its key below the trial. Another kind of
 * model (a trial with its own schema) lists its own engine checks the same way.
 */
export const ENGINE_CHECKS: readonly ((t: RecurrentTrialConfig) => void)[] = [
  (t) => resolveFeatureConfig(t.features as Partial<FeatureConfig>),
  (t) => checkWindow(t.window.size, t.window.stride),
  // the data decides inputSize; any valid value will do for checking the rest
  (t) => checkSpec({ ...t.model, inputSize: 1, classes: N_CLASSES }, 'model'),
  (t) => {
    checkTrainConfig(t.train);
    earlyStoppingOf(t.train);
  },
];

/** Deep merge: objects merge key by key (own keys only), anything else (arrays included) is replaced. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isObject(base) || !isObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    // validated configs never hold one; a caller that skipped validation gets an error, not a new prototype
    if (FORBIDDEN_KEYS.has(k)) throw new Error(`deepMerge: forbidden key ${JSON.stringify(k)}`);
    out[k] = hasOwn(out, k) ? deepMerge(out[k], v) : v;
  }
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

/**
 * A model variant on top of the base: merged key by key, except that a baseline variant keeps only the base's seed,
 * folds and features (a baseline has no windows and no training loop) and replaces a model of another classifier.
 */
export function mergeVariant(base: TrialConfig, variant: unknown): TrialConfig {
  const v = isObject(variant) ? variant : {};
  if (!isObject(v.model) || v.model.kind !== 'baseline') return deepMerge(base, variant);
  const { seed, cv, features } = base;
  const sameClassifier = isBaselineTrial(base) && base.model.classifier === (v.model.classifier ?? base.model.classifier);
  const model = sameClassifier ? deepMerge(base.model, v.model) : v.model;
  return deepMerge({ seed, cv, features } as TrialConfig, { ...v, model });
}

/** A complete trial recipe also has to be coherent across keys, and acceptable to the engine that trains it. */
export function checkTrial(t: TrialConfig, path: string): void {
  if (isBaselineTrial(t)) {
    validate(t, BASELINE_TRIAL_SCHEMA, path);
    if (t.cv.run > t.cv.folds) throw new ConfigError(joinPath(joinPath(path, 'cv'), 'run'), `${t.cv.run} folds to run but cv.folds is ${t.cv.folds}`);
    const keys = BASELINE_KEYS[t.model.classifier];
    for (const k of Object.keys(t.model)) {
      if (!keys.includes(k)) {
        throw new ConfigError(joinPath(joinPath(path, 'model'), k), `does not apply to classifier ${JSON.stringify(t.model.classifier)} (its keys: ${keys.join(', ')})`);
      }
    }
    try {
      resolveFeatureConfig(t.features as Partial<FeatureConfig>);
      resolveBaseline(t.model, 'model');
    } catch (e) {
      const m = /^((?:features|model)[\w.[\]]*): (.*)$/s.exec((e as Error).message);
      if (e instanceof SettingError) throw new ConfigError(path ? `${path}.${e.key}` : e.key, e.reason);
      if (m) throw new ConfigError(path ? `${path}.${m[1]}` : m[1], m[2]);
      throw e;
    }
    return;
  }
  validate(t, TRIAL_SCHEMA, path);
  if (t.cv.run > t.cv.folds) throw new ConfigError(joinPath(joinPath(path, 'cv'), 'run'), `${t.cv.run} folds to run but cv.folds is ${t.cv.folds}`);
  if (t.train.innerFraction !== undefined && t.train.earlyStopping !== 'inner') {
    throw new ConfigError(joinPath(joinPath(path, 'train'), 'innerFraction'), 'only used with train.earlyStopping "inner"');
  }
  for (const check of ENGINE_CHECKS) {
    try {
      check(t);
    } catch (e) {
      if (e instanceof SettingError) throw new ConfigError(path ? `${path}.${e.key}` : e.key, e.reason);
      throw e;
    }
  }
}

/** A profile changes models the config has; it cannot add one (a typo such as `rnnn:` would train a fifth model). */
function checkProfileModels(body: Record<string, unknown>, profile: string, over: Record<string, unknown>): void {
  if (!isObject(over.models)) return;
  const known = isObject(body.models) ? Object.keys(body.models) : [];
  for (const key of Object.keys(over.models)) {
    if (!known.includes(key)) {
      const at = joinPath(joinPath(joinPath('profiles', profile), 'models'), key);
      throw new ConfigError(at, `no model ${JSON.stringify(key)} to override (models: ${known.length ? known.join(', ') : 'none'})`);
    }
  }
}

/**
 * Validates a parsed config object; `file` prefixes error messages. Returns a copy as plain data: the checks ran on
 * own properties only, so the copy holds exactly what was checked.
 */
export function parseConfig(raw: unknown, file?: string): ExperimentConfig {
  try {
    // search values are checked against their target key below; the generic pass only checks the shape
    validate(raw, CONFIG_SCHEMA);
    const body = raw as Record<string, unknown>;
    checkSearch(body, '');
    const profiles = isObject(body.profiles) ? body.profiles : {};
    for (const [name, over] of Object.entries(profiles)) {
      checkSearch(over as Record<string, unknown>, joinPath('profiles', name));
      checkProfileModels(body, name, over as Record<string, unknown>);
    }
    const config = plainData(raw) as ExperimentConfig;
    // the report's recipe first: an error in it is reported as such, not as one of a profile's
    for (const profile of ['full' as const, ...PROFILES.filter((p) => p !== 'full')]) resolveProfile(config, profile);
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
    // no parsed object has a prototype until every key is checked (a `__proto__` key is then just a key)
    raw = JSON5.parse(text, noPrototype);
  } catch (e) {
    const err = e as SyntaxError & { lineNumber?: number; columnNumber?: number };
    const where = err.lineNumber !== undefined ? `${err.lineNumber}:${err.columnNumber}` : '';
    throw new Error(`${file}:${where}: ${err.message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '')}`);
  }
  return parseConfig(raw, file);
}

/**
 * Applies a profile's overrides (none for `full`) and checks the base and every model variant whole (search points
 * are checked when expanded: expandTrials).
 */
export function resolveProfile(config: ExperimentConfig, profile: Profile, file?: string): ResolvedConfig {
  const { profiles, ...body } = config;
  const overrides = (profile === 'full' ? {} : (profiles?.[profile] ?? {})) as DeepPartial<ExperimentBody>;
  const resolved: ResolvedConfig = { ...deepMerge(body as ExperimentBody, overrides), profile, overrides, file };
  checkResolvedTrial(resolved, resolved.base, {});
  for (const [model, variant] of Object.entries(resolved.models ?? {})) checkResolvedTrial(resolved, mergeVariant(resolved.base, variant), { model });
  return resolved;
}

/** A further check of a whole trial (e.g. against the data it will train on); throws a SettingError naming the key. */
export type TrialCheck = (t: TrialConfig) => void;

/** What a trial of a resolved config is made of: the base, a model variant, a search point (number `index` of `count`). */
export interface TrialOrigin {
  model?: string;
  point?: Record<string, unknown>;
  index?: number;
  count?: number;
}

/**
 * Checks one complete trial of a resolved config (checkTrial). A failure names the config file and the key path
 * where the bad value was written — the point's value in `search.space`, the model variant, or the base, under
 * `profiles.<name>` when the profile set it — and which model and search point the trial is.
 */
export function checkResolvedTrial(resolved: ResolvedConfig, trial: TrialConfig, origin: TrialOrigin, extra?: TrialCheck): void {
  try {
    checkTrial(trial, '');
    extra?.(trial);
  } catch (caught) {
    const e = caught instanceof SettingError ? new ConfigError(caught.key, caught.reason) : caught;
    if (!(e instanceof ConfigError)) throw e;
    const about: string[] = [];
    if (origin.model !== undefined) about.push(`model ${JSON.stringify(origin.model)}`);
    if (origin.point && Object.keys(origin.point).length > 0) {
      const which = origin.index !== undefined ? ` ${origin.index + 1}${origin.count !== undefined ? ` of ${origin.count}` : ''}` : '';
      about.push(`search point${which}: ${JSON.stringify(origin.point)}`);
    }
    if (resolved.profile !== 'full') about.push(`profile ${resolved.profile}`);
    throw new ConfigError(sourcePath(resolved, origin, e.path), `${e.reason}${about.length ? ` (${about.join('; ')})` : ''}`, resolved.file);
  }
}

/** 'features.pca.groups[0][1]' → ['features', 'pca', 'groups', 0, 1] */
function keyParts(key: string): (string | number)[] {
  return Array.from(key.matchAll(/"((?:[^"\\]|\\.)*)"|([^."[\]]+)|\[(\d+)\]/g), (m) =>
    m[3] !== undefined ? Number(m[3]) : m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : m[2]);
}

/** Whether `layer` of `o` sets the setting at `parts` (itself, or a whole array or value above it). */
function setsKey(o: unknown, layer: string[], parts: (string | number)[]): boolean {
  for (let m = 1; m <= parts.length; m++) {
    const v = lookup(o, [...layer, ...parts.slice(0, m).map(String)]);
    if (v === undefined) return false;
    if (!isObject(v) || m === parts.length) return true;
  }
  return false;
}

/** Where in the config file the trial setting `key` (as checkTrial names it) was written. */
function sourcePath(resolved: ResolvedConfig, origin: TrialOrigin, key: string): string {
  const parts = keyParts(key);
  const path = (p: (string | number)[]): string => p.reduce<string>((a, k) => joinPath(a, k), '');
  const profile = resolved.profile === 'full' ? [] : ['profiles', resolved.profile];
  for (const [dotted, value] of Object.entries(origin.point ?? {})) {
    const head = dotted.split('.');
    if (!head.every((h, i) => parts[i] === h)) continue;
    const values = resolved.search?.space[dotted] ?? [];
    const at = values.findIndex((v) => JSON.stringify(v) === JSON.stringify(value));
    const fromProfile = lookup(resolved.overrides, ['search', 'space', dotted]) !== undefined;
    return path([...(fromProfile ? profile : []), 'search', 'space', dotted, ...(at >= 0 ? [at] : []), ...parts.slice(head.length)]);
  }
  const layers = origin.model !== undefined ? [['models', origin.model], ['base']] : [['base']];
  for (const layer of layers) {
    if (setsKey(resolved.overrides, layer, parts)) return path([...profile, ...layer, ...parts]);
    if (setsKey(resolved, layer, parts)) return path([...layer, ...parts]);
  }
  return path(['base', ...parts]); // set nowhere: missing from the base
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
  for (const part of path) v = isObject(v) && hasOwn(v, part) ? v[part] : undefined;
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
