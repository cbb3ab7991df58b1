// Trials of an experiment: the base recipe, each named model variant, each point of the search space.
import { Rng } from '../../core/random';
import type { SubjectSeries } from '../../data/series';
import { SettingError } from '../../limits';
import { checkResolvedTrial, isBaselineTrial, mergeVariant, resolveProfile, type ExperimentConfig, type Profile, type ResolvedConfig, type TrialCheck, type TrialConfig } from '../config/config';

export interface TrialPlan {
  /** model variant name (final) or undefined */
  model?: string;
  /** search-space point: dotted key → value ({} without a search) */
  point: Record<string, unknown>;
  trial: TrialConfig;
}

/** Number of points in the full cartesian product of a space. */
export function gridSize(space: Record<string, unknown[]>): number {
  return Object.values(space).reduce((n, values) => n * values.length, 1);
}

/** Point `index` of the product in mixed radix, the first key varying slowest (the order of a nested loop). */
export function gridPoint(space: Record<string, unknown[]>, index: number): Record<string, unknown> {
  const keys = Object.keys(space);
  const point: Record<string, unknown> = {};
  for (let k = keys.length - 1; k >= 0; k--) {
    const values = space[keys[k]];
    point[keys[k]] = values[index % values.length];
    index = Math.floor(index / values.length);
  }
  return Object.fromEntries(keys.map((k) => [k, point[k]]));
}

/** `samples` distinct indices of 0..n-1 in draw order (all of them, in order, if samples ≥ n). */
export function sampleIndices(n: number, samples: number, seed: number): number[] {
  if (samples >= n) return Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  const out: number[] = [];
  if (n <= 1 << 22) {
    // partial Fisher–Yates over the index range
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    for (let i = 0; i < samples; i++) {
      const j = i + rng.int(n - i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
      out.push(a[i]);
    }
    return out;
  }
  const seen = new Set<number>();
  while (out.length < samples) {
    const j = rng.int(n);
    if (!seen.has(j)) {
      seen.add(j);
      out.push(j);
    }
  }
  return out;
}

function setPath(o: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let cur = o;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Applies a point's dotted keys to a trial (a deep copy). */
export function applyPoint(trial: TrialConfig, point: Record<string, unknown>): TrialConfig {
  const copy = JSON.parse(JSON.stringify(trial)) as Record<string, unknown>;
  for (const [k, v] of Object.entries(point)) setPath(copy, k, v);
  return copy as unknown as TrialConfig;
}

/** The search-space points of a config: the whole grid, or a seeded random subset of it. */
export function searchPoints(config: ResolvedConfig): Record<string, unknown>[] {
  const search = config.search;
  if (!search) return [{}];
  const n = gridSize(search.space);
  const indices = search.mode === 'grid' ? Array.from({ length: n }, (_, i) => i)
    : sampleIndices(n, search.samples ?? n, search.seed ?? config.base.seed);
  return indices.map((i) => gridPoint(search.space, i));
}

/**
 * Every trial of an experiment — each model variant at each search point (every grid point; in random mode the
 * sampled ones, which are all that will run) — each checked as a complete recipe by the schema and the engine's own
 * checks. Errors name the config file and where the bad value was written (checkResolvedTrial).
 */
export function expandTrials(config: ResolvedConfig, extra?: TrialCheck): TrialPlan[] {
  const variants: [string | undefined, TrialConfig][] = config.models
    ? Object.entries(config.models).map(([name, over]) => [name, mergeVariant(config.base, over)])
    : [[undefined, config.base]];
  const plans: TrialPlan[] = [];
  const points = searchPoints(config);
  for (const [model, base] of variants) {
    points.forEach((point, index) => {
      const trial = applyPoint(base, point);
      checkResolvedTrial(config, trial, { model, point, index, count: points.length }, extra);
      plans.push({ model, point, trial });
    });
  }
  return plans;
}

/**
 * A config under a profile, resolved, with every trial it will run expanded and checked: what `pirate-pain run`,
 * runExperiment (notebooks) and the report call before anything trains, so one bad trial stops all of them.
 */
export function planExperiment(config: ExperimentConfig, profile: Profile, file?: string, extra?: TrialCheck): { resolved: ResolvedConfig; plans: TrialPlan[] } {
  const resolved = resolveProfile(config, profile, file);
  return { resolved, plans: expandTrials(resolved, extra) };
}

/**
 * What only the data can tell: more folds than training subjects, or a window longer than the series (all padding
 * past its end). runExperiment adds it to the checks once the data is loaded.
 */
export function fitsData(train: Pick<SubjectSeries, 'ids' | 'steps'>): TrialCheck {
  return (t) => {
    if (t.cv.folds > train.ids.length) throw new SettingError('cv.folds', `${t.cv.folds} folds but the data has ${train.ids.length} training subjects`);
    if (!isBaselineTrial(t) && t.window.size > train.steps) throw new SettingError('window.size', `${t.window.size} steps is longer than the data's series of ${train.steps} steps`);
  };
}
