// A table of paired differences against a reference trial (notebooks 04 and 05): one row per trial, the macro-F1
// and validation-loss differences with their 95 % intervals and whether each is beyond noise.
import { formatDifference } from '../../evaluate/bootstrap';
import type { TrialComparison } from './uncertainty';
import { beyondNoise } from './verdict';

export interface DifferenceColumns {
  /** the column naming the trial, e.g. 'pair' */
  trial: string;
  /** e.g. 'macro-F1 − best [95 %]' and 'macro-F1 beyond noise' */
  f1: string;
  f1Beyond: string;
  nll: string;
  nllBeyond: string;
  /** what the reference row shows in the macro-F1 column, and in the loss column (also where no loss was recorded) */
  reference: string;
  referenceLoss: string;
}

/**
 * One row per hash of `order` (default: the comparisons' order), each compared with the reference; `extra` adds
 * columns after the trial's name (e.g. its own interval).
 */
export function differenceRows(
  comparisons: readonly TrialComparison[], name: (hash: string) => string, cols: DifferenceColumns,
  o: { order?: readonly string[]; extra?: (hash: string) => Record<string, string> } = {},
): Record<string, string>[] {
  const order = o.order ?? comparisons.map((c) => c.hash);
  return order.map((hash) => {
    const c = comparisons.find((x) => x.hash === hash);
    if (!c) throw new Error(`differenceRows: no comparison for ${hash}`);
    const self = c.hash === c.reference;
    const loss = self ? undefined : c.nll;
    return {
      [cols.trial]: name(hash),
      ...(o.extra ? o.extra(hash) : {}),
      [cols.f1]: self ? cols.reference : formatDifference(c.f1),
      [cols.f1Beyond]: self ? '' : beyondNoise(c.f1),
      [cols.nll]: loss ? formatDifference(loss) : cols.referenceLoss,
      [cols.nllBeyond]: beyondNoise(loss),
    };
  });
}
