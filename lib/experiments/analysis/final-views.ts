// Notebook 06's views of the final models: the runs, each fold's own scaler, the ensembles out of fold and on the
// test subjects, the differences between models in words, the submission check and the TensorBoard event files.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DataSource } from '../../data/dataset';
import { formatId, LABELS, N_CLASSES } from '../../data/schema';
import { formatDifference, formatInterval, pairedDifference, scoredSet, type Difference } from '../../evaluate/bootstrap';
import type { FittedFeatures } from '../../features/types';
import { foldDir } from '../../store/index';
import { isBaselineTrial } from '../config/config';
import type { EnsembleSummary } from '../run/ensemble';
import { modelName } from './compare';
import type { ModelRun } from './fold-table';
import { trialSubjects, type EnsembleUncertainty, type PairDifference } from './uncertainty';
import { beyondNoise, directionWords, pairVerdict } from './verdict';

/** The final models as trained. */
export function finalRunRows(runs: readonly ModelRun[]) {
  return runs.map((m) => ({
    model: m.summary.model, architecture: modelName(m.trial.trial.model), hash: m.trial.hash, folds: `${m.trial.folds.length} of ${m.trial.trial.cv.folds}`,
    parameters: m.trial.folds[0].metrics.parameters, 'windows / fold': m.trial.folds[0].metrics.trainWindows,
  }));
}

/** 'lstm (LSTM 2×256)': a model with its architecture. */
export const modelLabel = (m: ModelRun): string => `${m.summary.model} (${modelName(m.trial.trial.model)})`;

/** An ensemble's intervals by model name (throws on an unknown model). */
export function intervalLookup(intervals: readonly EnsembleUncertainty[]): (model: string) => EnsembleUncertainty {
  return (model) => {
    const u = intervals.find((x) => x.model === model);
    if (!u) throw new Error(`no intervals for model ${model}`);
    return u;
  };
}

export interface FoldScalers {
  line: string;
  rows: Record<string, number>[];
}

/**
 * The fold models' fitted scalers side by side: how many inputs every fold kept, which of them each fold scales
 * differently, and the offset and scale of the first `shown` of those per fold.
 */
export function foldScalers(members: readonly { features: FittedFeatures }[], shown = 3): FoldScalers {
  const scalerOf = (f: FittedFeatures, name: string) => {
    const j = f.names.indexOf(name);
    return { offset: f.scaler.offset[j], scale: f.scaler.scale[j] };
  };
  const shared = members[0].features.names.filter((name) => members.every((m) => m.features.names.includes(name)));
  // 0/1 columns scale the same everywhere
  const differing = shared.filter((name) => new Set(members.map((m) => JSON.stringify(scalerOf(m.features, name)))).size > 1);
  const line = `${members.length} fold models; ${shared.length} inputs kept by every fold, ${differing.length} of them scaled differently from fold to fold; ` +
    `inputs per fold: ${members.map((m) => m.features.names.length).join(', ')}`;
  const rows = members.map((m, k) => ({
    fold: k + 1,
    'fit on subjects': m.features.trainIds.length,
    'model inputs': m.features.names.length,
    'PCA groups': m.features.groups.length,
    ...Object.fromEntries(differing.slice(0, shown).flatMap((name) => [[`${name} offset`, scalerOf(m.features, name).offset], [`${name} scale`, scalerOf(m.features, name).scale]])),
  }));
  return { line, rows };
}

/** The test column of an ensemble: its interval, its figure without labels to resample, or why there is none. */
function testFigure(e: EnsembleSummary, u: EnsembleUncertainty, source: DataSource): string {
  if (u.test) return formatInterval(u.test);
  if (e.test?.macroF1 !== undefined) return `${e.test.macroF1.toFixed(4)} (no labels to resample)`;
  return source === 'kaggle' ? 'n/a — Kaggle scores it' : 'n/a';
}

/** Each ensemble out of fold and on the test subjects. */
export function ensembleRows(ensembles: readonly EnsembleSummary[], intervalOf: (model: string) => EnsembleUncertainty, source: DataSource) {
  return ensembles.map((e) => ({
    model: e.model,
    'members': e.test?.members ?? e.folds,
    'val macro-F1 (fold mean) [95 %]': formatInterval(intervalOf(e.model).val),
    'out-of-fold macro-F1 [95 %]': formatInterval(intervalOf(e.model).oof),
    'out-of-fold accuracy': e.oof.accuracy,
    'test subjects': e.test ? e.test.ids.length : 0,
    'test macro-F1 [95 %]': testFigure(e, intervalOf(e.model), source),
    'test accuracy': e.test?.report?.accuracy ?? 'n/a',
    'test predicted (no / low / high pain)': e.test ? LABELS.map((_, c) => e.test!.y.filter((y) => y === c).length).join(' / ') : '',
  }));
}

/** Each model minus the reference (the submitted one), out of fold and on the test subjects. */
export function referenceRows(intervals: readonly EnsembleUncertainty[]) {
  return intervals.filter((u) => u.vsReference).map((u) => {
    const d = u.vsReference!;
    return {
      model: u.model,
      'against': d.reference,
      'out-of-fold macro-F1 difference [95 %]': formatDifference(d.oof),
      'out of fold: beyond noise': beyondNoise(d.oof),
      'test macro-F1 difference [95 %]': d.test ? formatDifference(d.test) : 'n/a',
      'test: beyond noise': beyondNoise(d.test),
    };
  });
}

/** The same differences in words. */
export function referenceLines(intervals: readonly EnsembleUncertainty[]): string[] {
  const say = (what: string, x: Difference): string => `${what} ${formatDifference(x)}: ${directionWords(x)}`;
  return intervals.filter((u) => u.vsReference).map((u) => {
    const d = u.vsReference!;
    return `${u.model} − ${d.reference}: ${say('out of fold', d.oof)}${d.test ? `; ${say('on the test subjects', d.test)}` : ''}`;
  });
}

/** Every pair of models. */
export function pairRows(pairs: readonly PairDifference[]) {
  return pairs.map((p) => ({
    'a − b': `${p.a} − ${p.b}`,
    'out of fold [95 %]': formatDifference(p.oof),
    'out of fold: beyond noise': beyondNoise(p.oof),
    'test [95 %]': p.test ? formatDifference(p.test) : 'n/a',
    'test: beyond noise': beyondNoise(p.test),
  }));
}

/** Each recurrent model against each baseline, out of fold and (labels known) on the test subjects, in words. */
export function recurrentVsBaselineLines(runs: readonly ModelRun[]): string[] {
  const recurrent = runs.filter((m) => !isBaselineTrial(m.trial.trial));
  const baselines = runs.filter((m) => isBaselineTrial(m.trial.trial));
  if (recurrent.length === 0 || baselines.length === 0) return ['this config has no baseline entries (or no recurrent ones) to compare'];
  const testSet = (m: ModelRun) => (m.summary.test?.truth ? scoredSet(m.summary.test.ids, m.summary.test.truth, m.summary.test.y, N_CLASSES) : undefined);
  return recurrent.flatMap((r) => baselines.map((b) => {
    const [a, z] = [r.summary.model, b.summary.model];
    const oof = pairedDifference(trialSubjects(r.trial), trialSubjects(b.trial), 'pooled');
    const [rt, bt] = [testSet(r), testSet(b)];
    const test = rt && bt ? pairedDifference(rt, bt, 'pooled') : undefined;
    return `${a} − ${z}: out of fold ${formatDifference(oof)} → ${pairVerdict(oof, a, z)}` + (test ? `; test ${formatDifference(test)} → ${pairVerdict(test, a, z)}` : '');
  }));
}

/** The submission file checked: its header, first rows, and whether it lists exactly the test subjects in order. */
export function submissionLines(text: string, testIds: ArrayLike<number>): string[] {
  const lines = text.trim().split('\n');
  const submitted = lines.slice(1).map((l) => l.split(',')[0]);
  const expected = Array.from(testIds, formatId);
  const exact = submitted.length === expected.length && submitted.every((id, i) => id === expected[i]);
  return [
    `header: ${lines[0]}; first rows: ${lines.slice(1, 4).join(' · ')}`,
    `covers exactly the ${expected.length} test subjects, in order: ${exact ? 'yes' : 'NO'}`,
  ];
}

/**
 * The TensorBoard event files a trial's folds wrote, relative to the trial's folder ('fold-0/events.out.tfevents…'):
 * the store names each fold's folder (foldDir), this lists what the tracker wrote there.
 */
export function trialEventFiles(trial: { dir: string; folds: readonly { metrics: { fold: number } }[] }): string[] {
  return trial.folds.flatMap((f) => {
    const dir = foldDir(trial.dir, f.metrics.fold);
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((name) => name.startsWith('events.out.tfevents.')).map((name) => join(relative(trial.dir, dir), name));
  });
}

/** One line per recurrent model: where its runs are and how many event files they hold (baselines write none). */
export function eventFileLines(runs: readonly ModelRun[], root: string): string[] {
  return runs.filter((m) => !isBaselineTrial(m.trial.trial)).map((m) => {
    const events = trialEventFiles(m.trial);
    return `${m.summary.model}: ${relative(root, m.trial.dir)}/ — ${events.length} event file(s), e.g. ${events[0] ?? '(none)'}`;
  });
}
