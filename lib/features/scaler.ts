// Step 5: put every feature on a common scale. Min-Max (the report's choice) maps the training range to [0, 1];
// values outside the training range (validation, test) land outside [0, 1] on purpose, never clipped.
import type { ScalerParams } from './types';

/** Fits offset/scale per column on training rows. A constant column gets scale 1, so it maps to 0, never NaN. */
export function fitScaler(kind: 'minmax' | 'standard', columns: readonly ArrayLike<number>[]): ScalerParams {
  const offset: number[] = [];
  const scale: number[] = [];
  for (const c of columns) {
    if (c.length === 0) throw new Error('scaler: no training rows to fit on');
    if (kind === 'minmax') {
      let min = Infinity;
      let max = -Infinity;
      for (let r = 0; r < c.length; r++) {
        if (c[r] < min) min = c[r];
        if (c[r] > max) max = c[r];
      }
      offset.push(min);
      scale.push(max > min ? max - min : 1);
    } else {
      let m = 0;
      for (let r = 0; r < c.length; r++) m += c[r];
      m /= c.length;
      let ss = 0;
      for (let r = 0; r < c.length; r++) ss += (c[r] - m) ** 2;
      const sd = Math.sqrt(ss / c.length);
      offset.push(m);
      scale.push(sd > 0 ? sd : 1);
    }
  }
  return { kind, offset, scale };
}

/** Applies the fitted scaling to column j of `columns` (same order as at fit time). */
export function applyScaler(p: ScalerParams, columns: readonly ArrayLike<number>[]): Float32Array[] {
  if (columns.length !== p.offset.length) throw new Error(`scaler: fitted on ${p.offset.length} columns, given ${columns.length}`);
  return columns.map((c, j) => {
    const o = p.offset[j];
    const s = p.scale[j];
    const out = new Float32Array(c.length);
    for (let r = 0; r < c.length; r++) out[r] = (c[r] - o) / s;
    return out;
  });
}
