// The closing note of each notebook: what the numbers say, in a few sentences whose figures are computed here from
// the results the notebook produced (never typed by hand). Each returns markdown for the notebook's last cell.
import { LABELS } from '../../data/schema';

export interface ProfileFacts {
  source: string;
  subjects: number;
  steps: number;
  missing: number;
  zeroVariance: readonly string[];
  heavyTailed: number;
  /** training subjects per class, in LABELS order */
  classCounts: readonly number[];
  /** columns whose subject mean tracks the label most, strongest first */
  strongest: readonly string[];
}

/** "a, b and c" */
export function listWords(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** Percent with one decimal: "61.7 %". */
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** Notebook 01: the facts the preprocessing builds on. */
export function profileFindings(f: ProfileFacts): string {
  const total = f.classCounts.reduce((a, b) => a + b, 0);
  const shares = LABELS.map((l, i) => `${l} ${pct(f.classCounts[i] / total)}`).join(', ');
  const ratio = Math.max(...f.classCounts) / Math.min(...f.classCounts);
  const constant = f.zeroVariance.length
    ? `${listWords(f.zeroVariance.map((c) => `\`${c}\``))} ${f.zeroVariance.length === 1 ? "is constant and carries no information (notebook 02 drops it)" : "are constant and carry no information (notebook 02 drops them)"}`
    : 'no column is constant';
  return [
    '**What the numbers say.**',
    `The ${f.source} data hold ${f.subjects} training subjects × ${f.steps} steps with ${f.missing} missing values; ${constant}, and ${f.heavyTailed} joints are heavy-tailed (more than 5 % IQR outliers).`,
    `The classes are imbalanced (${shares}; majority : minority = ${ratio.toFixed(1)} : 1), which is why the loss is weighted by class and the score is macro-F1.`,
    `The columns whose subject mean tracks the pain level most are ${listWords(f.strongest.map((c) => `\`${c}\``))}.`,
  ].join(' ');
}
