// The closing note of each notebook: what the numbers say, in a few sentences whose figures are computed here from
// the results the notebook produced (never typed by hand). Each returns markdown for the notebook's last cell.
import { LABELS } from '../../data/schema';
import type { FittedFeatures } from '../../features/types';

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

/** Notebook 02: what the pipeline drops, how far PCA compresses the groups, and what the models receive. */
export function featureFindings(
  fitted: Pick<FittedFeatures, 'inputs' | 'names' | 'dropped' | 'groups' | 'config'>, rawGroups: number,
): string {
  const byReason = (reason: string) => fitted.dropped.filter((d) => d.reason === reason).map((d) => `\`${d.name}\``);
  const constant = byReason('zero-variance');
  const weak = byReason('weak-target-correlation');
  const members = fitted.groups.reduce((a, g) => a + g.members.length, 0);
  const kept = fitted.groups.reduce((a, g) => a + g.kept, 0);
  const explained = fitted.groups.map((g) => g.explainedRatio.slice(0, g.kept).reduce((a, x) => a + x, 0));
  const threshold = fitted.config.pca === false ? undefined : fitted.config.pca.groupThreshold;
  const pcaText = fitted.groups.length === 0
    ? 'No group of strongly correlated joints survives the drops, so nothing is compressed.'
    : `Among all joints, |r| ≥ ${threshold} links ${rawGroups} group${rawGroups === 1 ? '' : 's'}; among the kept joints the pipeline finds ${fitted.groups.length}, and PCA replaces their ${members} joints by ${kept} component${kept === 1 ? '' : 's'} that keep at least ${pct(Math.min(...explained))} of each group's variance.`;
  return [
    '**What the numbers say.**',
    `Of ${fitted.inputs.length} encoded input columns, ${fitted.dropped.length} are dropped: ${constant.length ? `${listWords(constant)} for zero variance` : 'none for zero variance'}` +
      `${weak.length ? ` and ${listWords(weak)} for a weak target correlation` : ''}.`,
    pcaText,
    `The models receive ${fitted.names.length} features per time step.`,
  ].join(' ');
}
