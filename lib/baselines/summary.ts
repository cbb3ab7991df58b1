// Per-subject summary features: each input channel's series (after the fold-fitted preprocessing) reduced to a few
// numbers, so that a plain classifier sees one row per subject. A standardiser fitted on the training subjects only
// puts them on a common scale; both are plain JSON.
import { quantileSorted } from '../data/stats';
import type { FeatureSeries } from '../features/types';

/**
 * basic (the default, SUMMARY_STATS):
 * mean, std (population, numpy's default), min, quartiles (numpy's linear method), max;
 * meanAbsDiff = mean |x[t+1] − x[t]| (how much the channel moves per step);
 * hfEnergy = mean (x[t+1] − 2x[t] + x[t−1])², the energy of the second difference. Its gain 16·sin⁴(ω/2) rises
 * from 0 at ω = 0 to 16 at Nyquist, so it measures the high-frequency content with no cut-off to choose, and it
 * ignores a channel's level and any linear drift, which the mean and quartiles already describe.
 *
 * robust levels, blind to a few extreme steps: q05, q25, median, q75, q95 (numpy's linear method) and iqr = q75 − q25.
 *
 * roughness, with Δx[t] = x[t+1] − x[t] and Δ²x[t] = x[t+1] − 2x[t] + x[t−1]:
 * diffStd = population std of Δx (movement around the series' drift); logMsDiff = ln(mean Δx² + ε) and
 * logMsDiff2 = ln(mean (Δ²x)² + ε) with ε = LOG_EPS = 1e-8, so that a still channel gives a finite ln ε ≈ −18.4
 * instead of −∞ (the log compresses the orders of magnitude between still and moving subjects); maxAbsStep =
 * max |Δx|. A series too short for a difference gives 0 for diffStd and maxAbsStep and ln ε for the logs.
 */
export type SummaryStat = 'mean' | 'std' | 'min' | 'q25' | 'median' | 'q75' | 'max' | 'meanAbsDiff' | 'hfEnergy'
  | 'q05' | 'q95' | 'iqr' | 'diffStd' | 'logMsDiff' | 'logMsDiff2' | 'maxAbsStep';
/** The nine statistics of 'basic', the default of every baseline. */
export const SUMMARY_STATS: readonly SummaryStat[] = ['mean', 'std', 'min', 'q25', 'median', 'q75', 'max', 'meanAbsDiff', 'hfEnergy'];

/** Named groups of statistics a config may list instead of (or beside) single statistics. */
export type StatGroup = 'basic' | 'robust' | 'roughness';
export const STAT_GROUPS: Readonly<Record<StatGroup, readonly SummaryStat[]>> = {
  basic: SUMMARY_STATS,
  robust: ['q05', 'q25', 'median', 'q75', 'q95', 'iqr'],
  roughness: ['diffStd', 'logMsDiff', 'logMsDiff2', 'maxAbsStep'],
};
/** Every statistic seriesStats knows, basic first. */
export const ALL_STATS: readonly SummaryStat[] = [...new Set(Object.values(STAT_GROUPS).flat())];
/** What a config's `stats` list may hold: statistics and group names. */
export const STAT_ENTRIES: readonly (SummaryStat | StatGroup)[] = [...ALL_STATS, ...(Object.keys(STAT_GROUPS) as StatGroup[])];
export const LOG_EPS = 1e-8;

/**
 * Groups replaced by their statistics, in order of first appearance; a statistic that two groups share (q25 in basic
 * and robust) appears once.
 */
export function expandStats(entries: readonly (SummaryStat | StatGroup)[]): SummaryStat[] {
  const out = new Set<SummaryStat>();
  for (const e of entries) {
    if (Object.prototype.hasOwnProperty.call(STAT_GROUPS, e)) for (const s of STAT_GROUPS[e as StatGroup]) out.add(s);
    else out.add(e as SummaryStat);
  }
  return [...out];
}

/** One row per subject: values[subject * names.length + feature]. */
export interface SubjectFeatures {
  ids: Int32Array;
  /** `${channel}:${stat}`, channel-major (every stat of the first channel, then the next channel) */
  names: string[];
  values: Float64Array;
}

/** The channel and statistic of a summary feature name. */
export function splitFeatureName(name: string): { channel: string; stat: SummaryStat } {
  const at = name.lastIndexOf(':');
  return { channel: name.slice(0, at), stat: name.slice(at + 1) as SummaryStat };
}

const SORTED = new Set<SummaryStat>(['min', 'max', 'q05', 'q25', 'median', 'q75', 'q95', 'iqr']);

/** Population std, mean square and largest magnitude of the first differences (all 0 with fewer than 2 steps). */
function firstDifferences(x: ArrayLike<number>): { std: number; ms: number; maxAbs: number } {
  const m = x.length - 1;
  if (m < 1) return { std: 0, ms: 0, maxAbs: 0 };
  let sum = 0;
  let sq = 0;
  let maxAbs = 0;
  for (let t = 0; t < m; t++) {
    const dx = x[t + 1] - x[t];
    sum += dx;
    sq += dx * dx;
    if (Math.abs(dx) > maxAbs) maxAbs = Math.abs(dx);
  }
  const mean = sum / m;
  // two passes for the std: Δx are small around a possibly large mean drift
  let ss = 0;
  for (let t = 0; t < m; t++) ss += (x[t + 1] - x[t] - mean) ** 2;
  return { std: Math.sqrt(ss / m), ms: sq / m, maxAbs };
}

/** The statistics of one series (float64). */
export function seriesStats(x: ArrayLike<number>, stats: readonly SummaryStat[]): number[] {
  const n = x.length;
  if (n === 0) throw new Error('summary: a series with no steps');
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t];
  mean /= n;
  const need = (s: SummaryStat): boolean => stats.includes(s);
  let sorted: Float64Array | undefined;
  if (stats.some((s) => SORTED.has(s))) sorted = Float64Array.from(x).sort();
  let diff: { std: number; ms: number; maxAbs: number } | undefined;
  if (need('diffStd') || need('logMsDiff') || need('maxAbsStep')) diff = firstDifferences(x);
  const out: number[] = [];
  for (const s of stats) {
    switch (s) {
      case 'mean': out.push(mean); break;
      case 'std': {
        let ss = 0;
        for (let t = 0; t < n; t++) ss += (x[t] - mean) ** 2;
        out.push(Math.sqrt(ss / n));
        break;
      }
      case 'min': out.push(sorted![0]); break;
      case 'max': out.push(sorted![n - 1]); break;
      case 'q25': out.push(quantileSorted(sorted!, 0.25)); break;
      case 'median': out.push(quantileSorted(sorted!, 0.5)); break;
      case 'q75': out.push(quantileSorted(sorted!, 0.75)); break;
      case 'meanAbsDiff': {
        let a = 0;
        for (let t = 1; t < n; t++) a += Math.abs(x[t] - x[t - 1]);
        out.push(n > 1 ? a / (n - 1) : 0);
        break;
      }
      case 'hfEnergy': {
        let e = 0;
        for (let t = 1; t < n - 1; t++) e += (x[t + 1] - 2 * x[t] + x[t - 1]) ** 2;
        out.push(n > 2 ? e / (n - 2) : 0);
        break;
      }
      case 'q05': out.push(quantileSorted(sorted!, 0.05)); break;
      case 'q95': out.push(quantileSorted(sorted!, 0.95)); break;
      case 'iqr': out.push(quantileSorted(sorted!, 0.75) - quantileSorted(sorted!, 0.25)); break;
      case 'diffStd': out.push(diff!.std); break;
      case 'logMsDiff': out.push(Math.log(diff!.ms + LOG_EPS)); break;
      case 'maxAbsStep': out.push(diff!.maxAbs); break;
      case 'logMsDiff2': {
        let e = 0;
        for (let t = 1; t < n - 1; t++) e += (x[t + 1] - 2 * x[t] + x[t - 1]) ** 2;
        out.push(Math.log((n > 2 ? e / (n - 2) : 0) + LOG_EPS));
        break;
      }
      default: throw new Error(`summary: unknown statistic ${JSON.stringify(s)} (known: ${ALL_STATS.join(', ')})`);
    }
  }
  return out;
}

/** Every statistic of every channel of every subject of a feature series. */
export function summaryFeatures(fs: FeatureSeries, stats: readonly SummaryStat[] = SUMMARY_STATS): SubjectFeatures {
  if (stats.length === 0) throw new Error('summary: no statistics asked for');
  const f = fs.names.length;
  const names = fs.names.flatMap((c) => stats.map((s) => `${c}:${s}`));
  const d = names.length;
  const values = new Float64Array(fs.ids.length * d);
  const x = new Float64Array(fs.steps);
  for (let s = 0; s < fs.ids.length; s++) {
    for (let j = 0; j < f; j++) {
      for (let t = 0; t < fs.steps; t++) x[t] = fs.values[(s * fs.steps + t) * f + j];
      values.set(seriesStats(x, stats), s * d + j * stats.length);
    }
  }
  return { ids: fs.ids, names, values };
}

/** z = (x − mean) / scale per feature, fitted on training subjects; a constant feature gets scale 1 (maps to 0). */
export interface Standardizer {
  names: string[];
  mean: number[];
  scale: number[];
}

export function fitStandardizer(x: SubjectFeatures): Standardizer {
  const d = x.names.length;
  const n = x.ids.length;
  if (n === 0) throw new Error('standardizer: no training subjects');
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x.values[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += (x.values[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(scale[j] / n);
    // spread at rounding level (a 0/1 column every training subject has at 0) counts as constant
    scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1;
  }
  return { names: x.names.slice(), mean, scale };
}

export function standardize(st: Standardizer, x: SubjectFeatures): SubjectFeatures {
  if (st.names.join('\n') !== x.names.join('\n')) {
    throw new Error(`standardizer: fitted on ${st.names.length} features, given ${x.names.length} different ones`);
  }
  const d = st.names.length;
  const values = new Float64Array(x.values.length);
  for (let i = 0; i < x.ids.length; i++) for (let j = 0; j < d; j++) values[i * d + j] = (x.values[i * d + j] - st.mean[j]) / st.scale[j];
  return { ids: x.ids, names: x.names.slice(), values };
}
