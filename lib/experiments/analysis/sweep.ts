// The window × stride sweep as data for notebook 04: each trial's geometry (windows per subject, overlap) next to
// its score, and a stride-by-window matrix for the heatmap.
import type { BootstrapOptions } from '../../evaluate/bootstrap';
import { windowCount } from '../../windows/windows';
import { isBaselineTrial, type RecurrentTrialConfig, type TrialConfig } from '../config/config';
import type { TrialResult } from '../run/trial-result';
import { compareTrials, type TrialComparison } from './uncertainty';

/** The run-table columns a sweep point needs (RunRow has them). */
export interface SweepRow {
  hash: string;
  window: number;
  stride: number;
  f1Mean: number;
  f1Std: number;
  /** 95 % bootstrap interval of f1Mean (NaN or absent when unknown) */
  f1Lo?: number;
  f1Hi?: number;
  trainLoss: number;
}

export interface SweepPoint extends SweepRow {
  f1Lo: number;
  f1Hi: number;
  /** windows cut from one subject of `steps` time steps */
  windowsPerSubject: number;
  /** share of a window that the next window repeats: (size − stride) / size */
  overlap: number;
  /** how many windows see an average time step: windows × size / steps */
  timesSeen: number;
}

export function sweepPoints(rows: readonly SweepRow[], steps: number): SweepPoint[] {
  return rows.map((r) => {
    const n = windowCount(steps, r.window, r.stride);
    return {
      hash: r.hash, window: r.window, stride: r.stride, f1Mean: r.f1Mean, f1Std: r.f1Std, f1Lo: r.f1Lo ?? NaN, f1Hi: r.f1Hi ?? NaN, trainLoss: r.trainLoss,
      windowsPerSubject: n,
      overlap: Math.max(0, r.window - r.stride) / r.window,
      timesSeen: (n * r.window) / steps,
    };
  });
}

export interface SweepMatrix {
  /** window sizes, ascending (heatmap columns) */
  windows: number[];
  /** strides, ascending (heatmap rows) */
  strides: number[];
  /** z[strideIndex][windowIndex]; NaN where no trial ran that pair */
  z: number[][];
}

type NumericKey = 'f1Mean' | 'f1Std' | 'f1Lo' | 'f1Hi' | 'trainLoss' | 'windowsPerSubject' | 'overlap' | 'timesSeen';

/** One value per (stride, window) pair; two trials of the same pair are an error (the sweep is a grid). */
export function sweepMatrix(points: readonly SweepPoint[], value: NumericKey = 'f1Mean'): SweepMatrix {
  const windows = [...new Set(points.map((p) => p.window))].sort((a, b) => a - b);
  const strides = [...new Set(points.map((p) => p.stride))].sort((a, b) => a - b);
  const z = strides.map(() => windows.map(() => NaN));
  const seen = new Set<string>();
  for (const p of points) {
    const key = `${p.window}/${p.stride}`;
    if (seen.has(key)) throw new Error(`sweepMatrix: two trials for window ${p.window}, stride ${p.stride} (${p.hash})`);
    seen.add(key);
    z[strides.indexOf(p.stride)][windows.indexOf(p.window)] = p[value];
  }
  return { windows, strides, z };
}

/**
 * The window size at which to compare strides: `preferred` when it ran with the most strides of any size,
 * otherwise the smallest size that did (undefined for no points).
 */
export function comparisonWindow(points: readonly SweepRow[], preferred?: number): number | undefined {
  const strides = new Map<number, Set<number>>();
  for (const p of points) {
    if (!strides.has(p.window)) strides.set(p.window, new Set());
    strides.get(p.window)!.add(p.stride);
  }
  if (strides.size === 0) return undefined;
  const most = Math.max(...[...strides.values()].map((s) => s.size));
  if (preferred !== undefined && strides.get(preferred)?.size === most) return preferred;
  return [...strides.keys()].filter((w) => strides.get(w)!.size === most).sort((a, b) => a - b)[0];
}

/** A sweep trial as strideComparisons needs it: its window geometry, hash and fold predictions. */
export interface SweepTrial extends Pick<TrialResult, 'hash' | 'folds'> {
  trial: TrialConfig;
}

export interface StrideComparison {
  window: number;
  smallStride: number;
  largeStride: number;
  /** the smallest stride's trial minus the largest's, paired on the same subjects */
  difference: TrialComparison;
}

type Windowed<T extends SweepTrial> = T & { trial: RecurrentTrialConfig };

/** The recurrent trials (baselines have no window). */
function windowedTrials<T extends SweepTrial>(trials: readonly T[]): Windowed<T>[] {
  return trials.filter((t): t is Windowed<T> => !isBaselineTrial(t.trial));
}

/** The recurrent trials with the given window size, by ascending stride. */
export function trialsAtWindow<T extends SweepTrial>(trials: readonly T[], size: number): Windowed<T>[] {
  return windowedTrials(trials).filter((t) => t.trial.window.size === size).sort((a, b) => a.trial.window.stride - b.trial.window.stride);
}

/**
 * The stride question at each window size that ran more than one stride: the smallest stride against the largest,
 * paired on the same subjects. Baseline trials (no window) are left out.
 */
export function strideComparisons(trials: readonly SweepTrial[], o: BootstrapOptions = {}): StrideComparison[] {
  const sizes = [...new Set(windowedTrials(trials).map((t) => t.trial.window.size))].sort((a, b) => a - b);
  return sizes.flatMap((size) => {
    const at = trialsAtWindow(trials, size);
    if (at.length < 2) return [];
    const small = at[0];
    const large = at[at.length - 1];
    const difference = compareTrials([small, large], large.hash, o)[0];
    return [{ window: size, smallStride: small.trial.window.stride, largeStride: large.trial.window.stride, difference }];
  });
}
