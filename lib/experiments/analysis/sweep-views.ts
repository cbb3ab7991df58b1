// Notebook 04's views of the window × stride sweep: the best and the report's pair, the geometry charts' points,
// the per-stride summary, the stride differences, and the train-against-validation curves with their loss gap.
import { formatDifference, type Interval } from '../../evaluate/bootstrap';
import { epochCurves, epochIntervals, type EpochCurves } from './curves';
import type { SweepPoint, SweepMatrix, StrideComparison } from './sweep';
import { beyondNoise, noiseWords, rowInterval } from './verdict';

/** The point with the highest mean macro-F1 (the first on a tie). */
export function highestPoint<P extends { f1Mean: number }>(points: readonly P[]): P {
  return points.reduce((a, b) => (b.f1Mean > a.f1Mean ? b : a));
}

/** Names a sweep trial by its pair: 'size 25 / stride 2'. */
export function pairNamer(points: readonly Pick<SweepPoint, 'hash' | 'window' | 'stride'>[]): (hash: string) => string {
  return (hash) => {
    const p = points.find((q) => q.hash === hash);
    if (!p) throw new Error(`pairNamer: no sweep point ${hash}`);
    return `size ${p.window} / stride ${p.stride}`;
  };
}

/** The report's choice (size 25, stride 2) in this sweep, or that the profile does not run it. */
export function reportChoiceLine(points: readonly SweepPoint[], profile: string): string {
  const p = points.find((q) => q.window === 25 && q.stride === 2);
  return p ? `the report's choice, size 25 / stride 2: ${rowInterval(p)}` : `the report's choice, size 25 / stride 2, is not part of the ${profile} profile`;
}

/**
 * A scatter of the points against one geometry measure (windows per subject, or overlap in %), one class per stride,
 * with each point's 95 % interval as an error bar.
 */
export function strideScatter(points: readonly SweepPoint[], strides: readonly number[], x: 'windowsPerSubject' | 'overlap') {
  return {
    x: points.map((p) => (x === 'overlap' ? 100 * p.overlap : p.windowsPerSubject)),
    y: points.map((p) => p.f1Mean),
    classes: points.map((p) => strides.indexOf(p.stride)),
    classNames: strides.map((s) => `stride ${s}`),
    text: points.map((p) => `size ${p.window}, stride ${p.stride}`),
    errorY: { lo: points.map((p) => p.f1Lo), hi: points.map((p) => p.f1Hi) },
  };
}

/** One line per stride over the window sizes, with the 95 % interval as a band. */
export function strideLines(f1: SweepMatrix, lo: SweepMatrix, hi: SweepMatrix, colors: readonly string[]) {
  return f1.strides.map((s, i) => ({ name: `stride ${s}`, y: f1.z[i], color: colors[i % colors.length], band: { lower: lo.z[i], upper: hi.z[i] } }));
}

/** Per stride, over the window sizes run: trials, mean windows per subject, mean overlap, mean final train loss. */
export function strideSummary(points: readonly SweepPoint[]) {
  const strides = [...new Set(points.map((p) => p.stride))].sort((a, b) => a - b);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return strides.map((stride) => {
    const at = points.filter((p) => p.stride === stride);
    return {
      stride,
      trials: at.length,
      'windows per subject': mean(at.map((p) => p.windowsPerSubject)),
      'mean overlap': mean(at.map((p) => p.overlap)),
      'mean final train loss': mean(at.map((p) => p.trainLoss)),
    };
  });
}

/** The stride question at each window size, as table rows. */
export function strideDifferenceRows(comparisons: readonly StrideComparison[]) {
  return comparisons.map((s) => ({
    'window size': s.window, comparison: `stride ${s.smallStride} − stride ${s.largeStride}`,
    'macro-F1 difference [95 %]': formatDifference(s.difference.f1), 'macro-F1 beyond noise': beyondNoise(s.difference.f1),
    'val loss difference [95 %]': s.difference.nll ? formatDifference(s.difference.nll) : 'n/a',
    'val loss beyond noise': beyondNoise(s.difference.nll),
  }));
}

/** The stride differences in words, one per window size. */
export function strideDifferenceLines(comparisons: readonly StrideComparison[]): string[] {
  return comparisons.map((s) => {
    const nll = s.difference.nll;
    return `size ${s.window}, stride ${s.smallStride} − stride ${s.largeStride}: macro-F1 ${formatDifference(s.difference.f1)} (${noiseWords(s.difference.f1)}), ` +
      `val loss ${nll ? formatDifference(nll) : 'n/a'} (${nll ? noiseWords(nll) : 'within noise'})`;
  });
}

/** A trial's learning curves at one window size, with the validation macro-F1's band per epoch. */
export interface StrideCurves {
  stride: number;
  folds: number;
  curves: EpochCurves;
  bands: (Interval | undefined)[];
  /** training windows of an epoch (capped by train.maxWindowsPerEpoch) */
  windowsPerEpoch: number;
}

interface CurveTrial {
  trial: { window: { stride: number }; train: { maxWindowsPerEpoch?: number } };
  folds: Parameters<typeof epochIntervals>[0] & { metrics: { trainWindows: number } }[];
}

/** The curves of each trial on one shared epoch axis (the longest fold's). */
export function strideCurves(trials: readonly CurveTrial[]): { epochs: number[]; curves: StrideCurves[] } {
  const longest = Math.max(...trials.map((t) => Math.max(...t.folds.map((f) => f.history.length))));
  const curves = trials.map((t) => ({
    stride: t.trial.window.stride,
    folds: t.folds.length,
    curves: epochCurves(t.folds, { epochs: longest }),
    bands: epochIntervals(t.folds, { epochs: longest }),
    windowsPerEpoch: Math.min(t.folds[0].metrics.trainWindows, t.trial.train.maxWindowsPerEpoch ?? Infinity),
  }));
  return { epochs: Array.from({ length: longest }, (_, e) => e + 1), curves };
}

/** Train (solid) and validation (dashed) lines per stride; the validation macro-F1 carries its band. */
export function trainValSeries(curves: readonly StrideCurves[], measure: 'loss' | 'macroF1', colors: readonly string[]) {
  const [train, val] = measure === 'loss' ? (['trainLoss', 'valLoss'] as const) : (['trainMacroF1', 'valMacroF1'] as const);
  return curves.flatMap((c, i) => [
    { name: `stride ${c.stride} train`, y: c.curves[train], color: colors[i % colors.length] },
    {
      name: `stride ${c.stride} validation`, y: c.curves[val], color: colors[i % colors.length], dash: 'dash' as const,
      ...(measure === 'macroF1' ? { band: { lower: c.bands.map((b) => b?.lo ?? NaN), upper: c.bands.map((b) => b?.hi ?? NaN) } } : {}),
    },
  ]);
}

export const GAP = 'gap at last epoch (val − train loss)';

/** Per stride: how far the training loss fell, the lowest and last validation loss, and the gap between them. */
export function lossGapRows(curves: readonly StrideCurves[]) {
  return curves.map((c) => {
    const ran = c.curves.epoch.filter((_, e) => c.curves.folds[e] > 0).length;
    const last = ran - 1;
    const val = c.curves.valLoss;
    const bestVal = val.slice(0, ran).reduce((b, v, e, all) => (v < all[b] ? e : b), 0);
    return {
      stride: c.stride,
      folds: c.folds,
      epochs: ran,
      'training windows / epoch': c.windowsPerEpoch,
      'train loss, first → last': `${c.curves.trainLoss[0].toFixed(3)} → ${c.curves.trainLoss[last].toFixed(3)}`,
      'lowest val loss (epoch)': `${val[bestVal].toFixed(3)} (${bestVal + 1})`,
      'val loss, last': val[last],
      [GAP]: val[last] - c.curves.trainLoss[last],
      'val loss rise after its minimum': val[last] - val[bestVal],
    };
  });
}

/** Does the smaller stride end with the larger train/validation gap, as the report observed? */
export function gapLine(gaps: readonly ReturnType<typeof lossGapRows>[number][], profile: string, size: number): string {
  if (gaps.length < 2) return `the ${profile} profile runs a single stride at size ${size}; the comparison needs the quick or full profile`;
  const [small, large] = [gaps[0], gaps[gaps.length - 1]];
  const holds = small[GAP] > large[GAP];
  return `stride ${small.stride} ends with a train/validation loss gap of ${small[GAP].toFixed(3)}, stride ${large.stride} with ${large[GAP].toFixed(3)}: ` +
    (holds ? 'the smaller stride shows the larger gap between training and validation loss, the direction the report observed.'
      : `the smaller stride does not show the larger gap in these ${profile}-profile runs.`);
}
