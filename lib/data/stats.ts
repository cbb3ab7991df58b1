// Small statistics shared by the data profile and the feature analysis (lib/features re-exports them).

/**
 * Pearson r of two equally long sequences (float64). A sequence whose spread is at float rounding level has no
 * defined r and 0 is returned: a constant column's float32 values (or per-subject means) can differ in the last
 * bit, and correlating that noise would give an arbitrary r.
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`pearson: lengths ${n} and ${b.length}`);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  // written as !(spread > tolerance) so that an empty input (NaN mean) also gives 0
  const spread = (ss: number, m: number): boolean => Math.sqrt(ss / n) > 1e-9 * Math.max(1, Math.abs(m));
  return spread(saa, ma) && spread(sbb, mb) ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Linear-interpolated quantile of ascending values (numpy's default method); NaN when there are none. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
