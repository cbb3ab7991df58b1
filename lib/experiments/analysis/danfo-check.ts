// Notebook 01's independent check of lib/data/profile: danfojs' describe() of the same arrays, the largest relative
// difference between the two, and danfojs' own table.
import * as dfd from 'danfojs-node';
import { profileValues } from '../../data/profile';

export interface DanfoCheck {
  /** largest relative difference over mean, std, min, median and max of every column */
  worst: number;
  /** danfojs' describe(), one row per column */
  rows: Record<string, string | number>[];
}

const COMPARED = ['mean', 'std', 'min', 'median', 'max'] as const;

/** Compares danfojs' describe() with profileValues on each column of `columns` (name → values). */
export function danfoCrossCheck(columns: Record<string, number[]>, label = 'column'): DanfoCheck {
  const names = Object.keys(columns);
  const described = new dfd.DataFrame(columns).describe();
  // values[statistic][column], statistics named by the index (count, mean, std, min, median, max, variance)
  const values = described.values as number[][];
  const index = described.index as string[];
  let worst = 0;
  names.forEach((name, k) => {
    const ours = profileValues(name, columns[name]);
    for (const stat of COMPARED) {
      const theirs = values[index.indexOf(stat)][k];
      worst = Math.max(worst, Math.abs(theirs - ours[stat]) / Math.max(1e-12, Math.abs(ours[stat])));
    }
  });
  const rows = names.map((name, k) => ({ [label]: name, ...Object.fromEntries(index.map((stat, row) => [stat, values[row][k]])) }));
  return { worst, rows };
}

/** Stops the notebook when the two implementations disagree beyond rounding. */
export function assertAgreement(check: DanfoCheck, tolerance = 1e-9): void {
  if (!(check.worst < tolerance)) throw new Error('danfojs and lib/data/profile disagree');
}
