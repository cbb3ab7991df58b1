// Notebook 03's views of the baselines: what one fold's preprocessing and statistics make of a subject, the trained
// baselines, their intervals, which signals carry the class, and the recurrent models beside them.
import { channelImportance, featureImportance, statImportance, type ChannelImportance, type FeatureImportance } from '../../baselines/importance';
import { fitBaseline, subjectSummary } from '../../baselines/model';
import { SUMMARY_STATS } from '../../baselines/summary';
import { resolveBaseline } from '../../baselines/types';
import type { Dataset } from '../../data/series';
import { LABELS, N_CLASSES } from '../../data/schema';
import { formatDifference, formatInterval, pairedDifference, type Difference } from '../../evaluate/bootstrap';
import { isBaselineTrial, type RecurrentTrialConfig, type TrialConfig } from '../config/config';
import type { FinishedTrial } from '../run/finished';
import { trialFolds, type TrialResult } from '../run/trials';
import { modelName } from './compare';
import type { ModelRun } from './fold-table';
import { trialIntervals, trialSubjects, type EnsembleUncertainty } from './uncertainty';
import { referenceVerdict } from './verdict';

export interface FoldProbe {
  /** training subjects of the first fold */
  trainSubjects: number;
  /** the channels the fold's preprocessing keeps */
  channels: string[];
  features: number;
  /** the channels shown: the first, the first joint, the last */
  shown: string[];
  /** summary features of the first 8 training subjects on the shown channels, before standardising */
  subjectRows: Record<string, unknown>[];
  /** the fold's standardiser on the same features */
  standardizerRows: { feature: string; 'training mean': number; 'training std': number }[];
}

/** The first fold's preprocessing and statistics, fitted on its training subjects only (a logistic regression's view). */
export function probeFirstFold(ds: Pick<Dataset, 'train' | 'labels'>, base: Pick<TrialConfig, 'seed' | 'cv' | 'features'>): FoldProbe {
  const fold0 = trialFolds(base as TrialConfig, ds.labels)[0];
  const probe = fitBaseline(ds.train, ds.labels, fold0.train, base.features, resolveBaseline({ kind: 'baseline', classifier: 'logreg' }), N_CLASSES, base.seed);
  const channels = probe.model.features.names;
  const shown = [channels[0], channels.find((c) => c.startsWith('joint_')) ?? channels[1], channels[channels.length - 1]];
  const isShown = (feature: string): boolean => shown.some((c) => feature.startsWith(`${c}:`));
  const raw = subjectSummary(probe.model.features, ds.train, fold0.train.subarray(0, 8), probe.model.hyper);
  const d = raw.names.length;
  const labelOf = new Map(Array.from(ds.labels.ids, (id, i) => [id, LABELS[ds.labels.y[i]]] as [number, string]));
  const subjectRows = Array.from(raw.ids, (id, s) => ({
    subject: id,
    class: labelOf.get(id),
    ...Object.fromEntries(raw.names.map((n, j) => [n, raw.values[s * d + j]] as [string, number]).filter(([n]) => isShown(n))),
  }));
  const st = probe.model.standardizer;
  const standardizerRows = st.names.map((n, j) => ({ feature: n, 'training mean': st.mean[j], 'training std': st.scale[j] })).filter((r) => isShown(r.feature));
  return { trainSubjects: fold0.train.length, channels, features: probe.train.names.length, shown, subjectRows, standardizerRows };
}

/** The baselines as trained: recipe, size, solver and compute. */
export function baselineRunRows(runs: readonly ModelRun[]) {
  return runs.map((m) => {
    const folds = m.trial.folds;
    const solved = folds.every((f) => f.baseline?.solver);
    const converged = folds.every((f) => f.baseline?.solver?.converged);
    return {
      model: m.summary.model,
      'what it is': modelName(m.trial.trial.model),
      hash: m.trial.hash,
      folds: `${folds.length} of ${m.trial.trial.cv.folds}`,
      'features / subject': folds[0].metrics.inputSize,
      'fitted numbers (fold 1)': folds[0].metrics.parameters,
      'solver': solved ? `L-BFGS: ${folds.map((f) => f.baseline!.solver!.iterations).join(', ')} iterations, ${converged ? 'all converged' : 'NOT all converged'}` : '',
      'compute (s, all folds)': m.trial.wallSeconds,
    };
  });
}

/** The model with the highest mean validation macro-F1 (the first on a tie). */
export function bestByValidation(runs: readonly ModelRun[]): string {
  return [...runs].sort((a, b) => b.summary.valMacroF1.mean - a.summary.valMacroF1.mean)[0].summary.model;
}

/** Each model's validation, out-of-fold and test intervals, and its differences from the reference. */
export function intervalRows(intervals: readonly EnsembleUncertainty[], reference: string) {
  return intervals.map((u) => ({
    model: u.model,
    'val macro-F1 (fold mean) [95 %]': formatInterval(u.val),
    'out-of-fold macro-F1 [95 %]': formatInterval(u.oof),
    'test macro-F1 [95 %]': u.test ? formatInterval(u.test) : 'n/a',
    [`out of fold − ${reference} [95 %]`]: u.vsReference ? formatDifference(u.vsReference.oof) : '—',
    [`test − ${reference} [95 %]`]: u.vsReference?.test ? formatDifference(u.vsReference.test) : '—',
  }));
}

/** Bar series of the out-of-fold and (when every model has one) test macro-F1 with their intervals. */
export function intervalSeries(intervals: readonly EnsembleUncertainty[]) {
  const series = [{ name: 'out of fold', values: intervals.map((u) => u.oof.estimate), error: { lo: intervals.map((u) => u.oof.lo), hi: intervals.map((u) => u.oof.hi) } }];
  if (intervals.every((u) => u.test)) {
    series.push({ name: 'test (K-fold ensemble)', values: intervals.map((u) => u.test!.estimate), error: { lo: intervals.map((u) => u.test!.lo), hi: intervals.map((u) => u.test!.hi) } });
  }
  return series;
}

/** Names trials by their model (the hash where no model has it). */
export function modelNamer(runs: readonly ModelRun[]): (hash: string) => string {
  const names = new Map(runs.map((m) => [m.trial.hash, m.summary.model] as [string, string]));
  return (hash) => names.get(hash) ?? hash;
}

export interface PermutationView {
  /** the channels ranked for the reference model (or the first with permutation importance) */
  ranked: ChannelImportance[];
  /** the top channels of that ranking, and each model's log-loss rise on them */
  categories: string[];
  series: { name: string; values: number[] }[];
}

/** Permutation importance per channel for every baseline that recorded it (the centroid has nothing to learn from). */
export function permutationView(runs: readonly ModelRun[], reference: string, top: number): PermutationView {
  const permuted = runs.filter((m) => m.trial.folds.some((f) => f.baseline?.importance.permutation) && m.summary.model !== 'centroid');
  const byChannel = new Map(permuted.map((m) => [m.summary.model, channelImportance(m.trial.folds)] as [string, ChannelImportance[]]));
  const ranked = byChannel.get(reference) ?? [...byChannel.values()][0];
  const categories = ranked.slice(0, top).map((c) => c.channel);
  const series = permuted.map((m) => ({
    name: m.summary.model,
    values: categories.map((c) => byChannel.get(m.summary.model)!.find((x) => x.channel === c)?.logLossRise ?? 0),
  }));
  return { ranked, categories, series };
}

/** The top channels as table rows. */
export function channelRows(ranked: readonly ChannelImportance[], top: number) {
  return ranked.slice(0, top).map((c) => ({ channel: c.channel, 'log-loss rise': c.logLossRise, 'macro-F1 drop': c.macroF1Drop, 'folds that kept it': c.folds }));
}

export interface OwnImportance {
  model: string;
  kind: 'abs-coef' | 'impurity';
  features: FeatureImportance[];
  /** chart title: what the classifier's own importance is */
  title: string;
}

/** Each baseline's own weighing of the features (impurity or mean |coefficient|), for the models that have one. */
export function ownImportance(runs: readonly ModelRun[], top: number): OwnImportance[] {
  return runs.flatMap((m) => {
    const imp = featureImportance(m.trial.folds);
    if (!imp) return [];
    const what = imp.kind === 'impurity' ? 'impurity decrease' : 'mean |coefficient|';
    return [{ model: m.summary.model, kind: imp.kind, features: imp.features, title: `${m.summary.model}: ${what} per feature (top ${top}, mean over folds)` }];
  });
}

/** Share of each classifier's own importance carried by each summary statistic. */
export function statShareRows(own: readonly OwnImportance[]): Record<string, string | number>[] {
  const shares = own.map((o) => {
    const s = statImportance(o.features);
    const total = s.reduce((a, x) => a + x.value, 0);
    return new Map(s.map((x) => [x.stat, x.value / total] as [string, number]));
  });
  return SUMMARY_STATS.map((stat) => ({
    statistic: stat,
    ...Object.fromEntries(own.map((o, k) => [`${o.model} (share)`, shares[k].get(stat) ?? 0])),
  }));
}

/** The recurrent models of a final config that the trial store already holds under this profile, code and data. */
export function trainedRecurrent(finals: readonly FinishedTrial[]): { model: string; result: TrialResult }[] {
  return finals.filter((t) => !isBaselineTrial(t.trial) && t.result !== undefined).map((t) => ({ model: t.model!, result: t.result! }));
}

/** Why the comparison with the recurrent models is not here yet. */
export function notTrainedYet(finals: readonly FinishedTrial[], profile: string): string {
  const names = finals.filter((t) => !isBaselineTrial(t.trial)).map((t) => t.model).join(', ');
  return `The recurrent models of final.json5 (${names}) have not been trained under the ${profile} ` +
    'profile with this code and data yet; notebook 06 trains them and compares them with these baselines.';
}

export interface RecurrentBeside {
  rows: Record<string, string>[];
  /** each recurrent model's out-of-fold macro-F1 minus the reference's, paired on the same subjects */
  differences: { model: string; oof: Difference }[];
  /** one sentence per recurrent model: its out-of-fold difference from the reference baseline and the verdict */
  lines: string[];
}

/** The recurrent models of the final config beside the baselines, each paired on the same subjects with the reference. */
export function recurrentBeside(recurrent: readonly { model: string; result: TrialResult }[], runs: readonly ModelRun[], reference: string): RecurrentBeside {
  const refTrial = runs.find((m) => m.summary.model === reference)!.trial;
  const refSubjects = trialSubjects(refTrial);
  const all = [
    ...recurrent.map((t) => ({ model: t.model, kind: 'recurrent', trial: t.result })),
    ...runs.map((m) => ({ model: m.summary.model, kind: 'baseline', trial: m.trial })),
  ];
  const rows = all.map((r) => {
    const iv = trialIntervals(r.trial);
    const diff = r.model === reference ? undefined : pairedDifference(trialSubjects(r.trial), refSubjects, 'pooled');
    return {
      model: r.model, kind: r.kind, 'what it is': modelName(r.trial.trial.model),
      'val macro-F1 (fold mean) [95 %]': formatInterval(iv.f1),
      'out-of-fold macro-F1 [95 %]': formatInterval(iv.oof),
      [`out of fold − ${reference} [95 %]`]: diff ? formatDifference(diff) : '—',
    };
  });
  const differences = recurrent.map((t) => ({ model: t.model, oof: pairedDifference(trialSubjects(t.result), refSubjects, 'pooled') }));
  const lines = recurrent.map((t, i) => {
    const diff = differences[i].oof;
    const partial = t.result.folds.length === t.result.trial.cv.folds ? '' : '(partial) ';
    return `${t.model} (${modelName((t.result.trial as RecurrentTrialConfig).model)}): out of fold ${partial}${formatDifference(diff)} against the ${reference} — ${referenceVerdict(diff, reference)}.`;
  });
  return { rows, differences, lines };
}
