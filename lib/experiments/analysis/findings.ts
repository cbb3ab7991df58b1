// The closing note of each notebook: what the numbers say, in a few sentences whose figures are computed here from
// the results the notebook produced (never typed by hand). Each returns markdown for the notebook's last cell.
import { LABELS } from '../../data/schema';
import type { FittedFeatures } from '../../features/types';
import { formatDifference, formatInterval, type Difference } from '../../evaluate/bootstrap';
import type { EnsembleUncertainty, PairDifference, TrialComparison } from './uncertainty';
import type { EnsembleSummary } from '../run/ensemble';
import type { StrideComparison, SweepPoint } from './sweep';
import { highestPoint } from './sweep-views';
import { gridSize } from '../search/search';
import { REPORT_FINAL } from './compare';
import { rowInterval } from './verdict';
import { referenceVerdict, verdict } from './verdict';

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

export interface BaselineFacts {
  profile: string;
  source: string;
  trainSubjects: number;
  testSubjects: number;
  seed: number;
  foldsRun: number;
  folds: number;
  intervals: readonly EnsembleUncertainty[];
  /** the baseline with the best mean validation macro-F1 (the reference of the differences) */
  best: string;
  /** the channels the best baseline relies on most */
  channels: readonly { channel: string; logLossRise: number }[];
  /** recurrent models minus the best baseline, out of fold, paired (empty when they are not trained yet) */
  recurrent: readonly { model: string; oof: Difference }[];
}

/** Notebook 03: how far the plain classifiers get, which differences are noise, and where the recurrent models stand. */
export function baselineFindings(f: BaselineFacts): string {
  const best = f.intervals.find((u) => u.model === f.best)!;
  const others = f.intervals.filter((u) => u.vsReference);
  const within = others.filter((u) => verdict(u.vsReference!.oof) === 'within').map((u) => u.model);
  const below = others.filter((u) => verdict(u.vsReference!.oof) === 'worse').map((u) => u.model);
  const test = best.test ? `, on the test subjects ${formatInterval(best.test)}` : '';
  const parts = [
    '**What the numbers say.**',
    `Under the ${f.profile} profile (${f.source} data, ${f.trainSubjects} training and ${f.testSubjects} test subjects, seed ${f.seed}, ${f.foldsRun} of ${f.folds} folds),`,
    `the best baseline by validation is ${f.best}: out-of-fold macro-F1 ${formatInterval(best.oof)}${test} (95 % intervals over subjects).`,
    `Out of fold, ${below.length ? `${listWords(below)} ${below.length === 1 ? 'is' : 'are'} below it beyond noise` : 'no baseline is below it beyond noise'}` +
      `${within.length ? `, and ${listWords(within)} cannot be told apart from it (the paired interval contains 0)` : ''}.`,
    `The out-of-fold scores: ${f.intervals.map((u) => `${u.model} ${formatInterval(u.oof)}`).join('; ')}.`,
    `The ${f.best} relies most on ${listWords(f.channels.map((c) => `${c.channel} (log-loss rise ${c.logLossRise.toFixed(3)})`))}.`,
  ];
  if (f.recurrent.length) {
    parts.push(`Against the ${f.best}, out of fold: ${f.recurrent.map((r) => `${r.model} ${formatDifference(r.oof)}, ${referenceVerdict(r.oof, f.best)}`).join('; ')}.`);
  } else {
    parts.push('The recurrent models are not in the trial store for this profile yet; notebook 06 compares them with these baselines.');
  }
  return parts.join(' ');
}

export interface SweepFacts {
  profile: string;
  source: string;
  trials: readonly { folds: readonly { metrics: { valSubjects: number } }[]; trial: { cv: { folds: number } } }[];
  points: readonly SweepPoint[];
  /** every pair against the highest-scoring one */
  comparisons: readonly TrialComparison[];
  name: (hash: string) => string;
  strides: readonly StrideComparison[];
  /** the train/validation loss gap, in words */
  gap: string;
}

/** "2 of 5" pairs whose difference from the reference has the given verdict, by macro-F1 and by loss. */
function countBy(cs: readonly TrialComparison[], measure: 'f1' | 'nll', v: 'worse' | 'within' | 'better'): number {
  return cs.filter((c) => c.hash !== c.reference && c[measure] && verdict(measure === 'nll' ? { ...c.nll!, estimate: -c.nll!.estimate } : c.f1) === v).length;
}

/** Notebook 04: the best pair, which differences are noise, the stride question and the overfitting signal. */
export function sweepFindings(f: SweepFacts): string {
  const first = f.trials[0];
  const subjects = first.folds.reduce((a, x) => a + x.metrics.valSubjects, 0);
  const best = highestPoint(f.points);
  const others = f.comparisons.filter((c) => c.hash !== c.reference).length;
  const report = f.points.find((p) => p.window === 25 && p.stride === 2);
  const strideWords = f.strides.map((s) => `at size ${s.window}, stride ${s.smallStride} minus stride ${s.largeStride} is ${formatDifference(s.difference.f1)} in macro-F1 (${verdict(s.difference.f1) === 'within' ? 'within noise' : 'beyond noise'})`);
  const parts = [
    '**What the numbers say.**',
    `Under the ${f.profile} profile (${f.source} data) the sweep trained ${f.trials.length} window/stride pairs, each on ${first.folds.length} of ${first.trial.cv.folds} folds (${subjects} validation subjects per pair).`,
    `The highest mean validation macro-F1 is ${f.name(best.hash)}, ${formatInterval({ estimate: best.f1Mean, lo: best.f1Lo, hi: best.f1Hi })};`,
    `against it, paired on the same subjects, ${countBy(f.comparisons, 'f1', 'worse')} of the other ${others} pairs are lower beyond noise and ${countBy(f.comparisons, 'f1', 'within')} are within noise by macro-F1` +
      (f.comparisons.every((c) => c.nll) ? ` (by the validation loss: ${countBy(f.comparisons, 'nll', 'worse')} worse beyond noise, ${countBy(f.comparisons, 'nll', 'within')} within noise).` : '.'),
    strideWords.length ? `On the stride question, ${strideWords.join('; ')}.` : 'This profile runs one stride per size, so the stride question stays open.',
    report ? `The report's choice, size 25 / stride 2, scores ${formatInterval({ estimate: report.f1Mean, lo: report.f1Lo, hi: report.f1Hi })}.` : `The report's choice, size 25 / stride 2, is not part of the ${f.profile} profile.`,
    `Overfitting: ${f.gap}`,
  ];
  return parts.join(' ');
}

export interface GridFacts {
  profile: string;
  source: string;
  trained: number;
  fullSpace: Record<string, unknown[]>;
  space: Record<string, unknown[]>;
  top: { hash: string; f1Mean: number; f1Lo: number; f1Hi: number; f1Std: number };
  chosen: { hash: string; f1Mean: number; f1Lo: number; f1Hi: number; trainLoss: number };
  /** the selection rule's bar on the final training loss */
  bar: number;
  /** every trial against the chosen one */
  comparisons: readonly TrialComparison[];
  name: (hash: string) => string;
  /** the chosen recipe's changes to the base */
  point: Record<string, unknown>;
  /** whether successive halving ended on the plain search's best configuration */
  halvingKeptBest: boolean;
}

/** Notebook 05: what the search picked, whether the pick stands out from noise, and what pruning kept. */
export function gridFindings(f: GridFacts): string {
  const others = f.comparisons.filter((c) => c.hash !== c.reference).length;
  const same = f.chosen.hash === f.top.hash;
  const better = countBy(f.comparisons, 'f1', 'better');
  return [
    '**What the numbers say.**',
    `Under the ${f.profile} profile (${f.source} data) the search trained ${f.trained} of ${gridSize(f.fullSpace).toLocaleString('en')} possible configurations (${gridSize(f.space).toLocaleString('en')} in this profile's space).`,
    `The top trial by validation macro-F1 is ${f.top.hash}, ${rowInterval(f.top)} (std over folds ${f.top.f1Std.toFixed(4)});`,
    `the rule (final training loss ≥ ${f.bar.toFixed(3)}) selects ${same ? 'that same trial' : `${f.chosen.hash}, ${rowInterval(f.chosen)}`}, final training loss ${f.chosen.trainLoss.toFixed(3)}, recipe changes ${JSON.stringify(f.point)}.`,
    `Against it, paired on the same subjects, ${countBy(f.comparisons, 'f1', 'worse')} of the other ${others} configurations are lower beyond noise, ${countBy(f.comparisons, 'f1', 'within')} are within noise` +
      `${better ? ` and ${better} ${better === 1 ? 'is' : 'are'} higher beyond noise` : ''} by macro-F1.`,
    `Successive halving ${f.halvingKeptBest ? 'ended on the same best configuration as the plain search' : 'pruned the plain search\'s best configuration on its short rungs'}.`,
    `The report's final models (notebook 06) are ${listWords(Object.values(REPORT_FINAL).map((r) => r.model))}.`,
  ].join(' ');
}

export interface FinalFacts {
  profile: string;
  source: string;
  trainSubjects: number;
  testSubjects: number;
  ensembles: readonly Pick<EnsembleSummary, 'model' | 'folds' | 'valMacroF1' | 'test'>[];
  intervals: readonly EnsembleUncertainty[];
  /** the model whose ensemble is submitted, and the file */
  submitted: string;
  submission: string;
  /** every pair of models, paired on the same subjects */
  pairs: readonly PairDifference[];
}

/** Notebook 06: each final model with its intervals, which differences are noise, and what is submitted. */
export function finalFindings(f: FinalFacts): string {
  const figures = f.ensembles.map((e) => {
    const u = f.intervals.find((x) => x.model === e.model)!;
    const test = u.test ? formatInterval(u.test) : e.test?.macroF1 !== undefined ? e.test.macroF1.toFixed(4) : 'n/a';
    return `${e.model}: ${e.folds}-fold validation macro-F1 ${formatInterval(u.val)} ± ${e.valMacroF1.std.toFixed(4)}, out of fold ${formatInterval(u.oof)}, test ${test}`;
  });
  const beyond = f.pairs.filter((p) => verdict(p.oof) !== 'within');
  const within = f.pairs.filter((p) => verdict(p.oof) === 'within');
  const pairWords = (ps: readonly PairDifference[]) => ps.map((p) => `${p.a} − ${p.b} ${formatDifference(p.oof)}`).join('; ');
  return [
    '**What the numbers say.**',
    `Under the ${f.profile} profile (${f.source} data, ${f.trainSubjects} training and ${f.testSubjects} test subjects; 95 % intervals over subjects):`,
    `${figures.join('; ')}.`,
    `Out of fold, paired on the same subjects, ${beyond.length} of ${f.pairs.length} pairs of models differ beyond noise${beyond.length ? ` (${pairWords(beyond)})` : ''}` +
      `${within.length ? ` and ${within.length} cannot be told apart (${pairWords(within)})` : ''}.`,
    `The submitted ensemble is ${f.submitted}'s, the highest mean validation macro-F1, written to \`${f.submission}\`.`,
  ].join(' ');
}
