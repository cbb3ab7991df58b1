// Scores with their intervals on a colour scale that cannot exaggerate: the range is fixed (macro-F1 from 0.5, or
// lower when a score is lower, up to 1) and at least twice as wide as the widest interval, so a difference of one
// subject never spreads over the whole scale.
import { heatmap, type Figure, type HeatmapOptions } from './figures';

/** Colour range for macro-F1 values (and interval ends): [min(0.5, lowest value rounded down to 0.1), 1], widened to ≥ 2× the widest interval. */
export function scoreColorRange(values: readonly number[], widths: readonly number[] = []): [number, number] {
  const finite = values.filter(Number.isFinite);
  const hi = 1;
  let lo = Math.min(0.5, ...finite.map((v) => Math.floor(v * 10) / 10));
  const widest = Math.max(0, ...widths.filter(Number.isFinite));
  lo = Math.min(lo, hi - 2 * widest);
  return [lo, hi];
}

export interface ScoreHeatmapOptions extends Omit<HeatmapOptions, 'zmin' | 'zmax' | 'cellText' | 'hoverText' | 'annotate'> {
  /** interval ends per cell, same shape as z (NaN: no interval) */
  lo: ArrayLike<number>[];
  hi: ArrayLike<number>[];
  /** digits of the values (default 3) */
  digits?: number;
}

/** A heatmap of scores: each cell shows its value and 95 % interval, the colour scale is scoreColorRange's. */
export function scoreHeatmap(o: ScoreHeatmapOptions): Figure {
  const digits = o.digits ?? 3;
  const z = o.z.map((r) => Array.from(r));
  const lo = o.lo.map((r) => Array.from(r));
  const hi = o.hi.map((r) => Array.from(r));
  if (lo.length !== z.length || hi.length !== z.length) throw new Error(`scoreHeatmap: ${z.length} rows of values but ${lo.length} of lo and ${hi.length} of hi`);
  const widths = z.flatMap((r, i) => r.map((_, j) => hi[i][j] - lo[i][j]));
  const [zmin, zmax] = scoreColorRange([...z.flat(), ...lo.flat()], widths);
  const ci = (i: number, j: number): string => (Number.isFinite(lo[i][j]) ? ` [${lo[i][j].toFixed(digits)}, ${hi[i][j].toFixed(digits)}]` : '');
  const cell = (i: number, j: number): string => (Number.isFinite(z[i][j]) ? `${z[i][j].toFixed(digits)}<br>${ci(i, j).trim()}` : '');
  return heatmap({
    ...o,
    zmin,
    zmax,
    cellText: z.map((r, i) => r.map((_, j) => cell(i, j))),
    hoverText: z.map((r, i) => r.map((v, j) => `${o.x[j]}, ${o.y[i]}: ${Number.isFinite(v) ? v.toFixed(digits + 1) : 'not run'}${ci(i, j)}`)),
  });
}
