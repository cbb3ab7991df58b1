// Verdicts on paired differences and the interval of a run-table row, in one place: every "beyond noise" and
// "within noise" in the notebooks comes from `verdict` below, then worded for its sentence or table column.
import { formatDifference, formatInterval, type Difference } from '../../evaluate/bootstrap';

/** What a difference's 95 % interval says: above 0, below 0, or containing 0. */
export type Verdict = 'better' | 'worse' | 'within';

export function verdict(d: Pick<Difference, 'estimate' | 'excludesZero'>): Verdict {
  if (!d.excludesZero) return 'within';
  return d.estimate > 0 ? 'better' : 'worse';
}

/** A table's "beyond noise" column: 'yes', 'no', or '' when there is no difference to judge. */
export function beyondNoise(d: Pick<Difference, 'estimate' | 'excludesZero'> | undefined): 'yes' | 'no' | '' {
  if (!d) return '';
  return verdict(d) === 'within' ? 'no' : 'yes';
}

/** 'beyond noise' or 'within noise'. */
export function noiseWords(d: Pick<Difference, 'estimate' | 'excludesZero'>): string {
  return verdict(d) === 'within' ? 'within noise' : 'beyond noise';
}

/** 'better beyond noise', 'worse beyond noise' or 'within noise (the interval contains 0)'. */
export function directionWords(d: Pick<Difference, 'estimate' | 'excludesZero'>): string {
  const v = verdict(d);
  return v === 'within' ? 'within noise (the interval contains 0)' : `${v} beyond noise`;
}

/** "a is better than b beyond noise" or "a and b cannot be told apart (the interval contains 0)". */
export function pairVerdict(d: Pick<Difference, 'estimate' | 'excludesZero'>, a: string, b: string): string {
  const v = verdict(d);
  return v === 'within' ? `${a} and ${b} cannot be told apart (the interval contains 0)` : `${a} is ${v} than ${b} beyond noise`;
}

/** Against a named reference: "better than the forest beyond noise" or "within noise of the forest (…)". */
export function referenceVerdict(d: Pick<Difference, 'estimate' | 'excludesZero'>, reference: string): string {
  const v = verdict(d);
  return v === 'within' ? `within noise of the ${reference} (the interval contains 0)` : `${v} than the ${reference} beyond noise`;
}

/** "0.9123 [0.8901, 0.9345]" for a run-table row's mean macro-F1 and its 95 % interval. */
export function rowInterval(r: { f1Mean: number; f1Lo: number; f1Hi: number }, digits = 4): string {
  return formatInterval({ estimate: r.f1Mean, lo: r.f1Lo, hi: r.f1Hi }, digits);
}

/** A difference with its interval, or `fallback` when there is none (e.g. the reference itself). */
export function differenceOr(d: Pick<Difference, 'estimate' | 'lo' | 'hi'> | undefined, fallback: string): string {
  return d ? formatDifference(d) : fallback;
}
