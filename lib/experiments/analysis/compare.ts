// The final models next to the report's published figures, the choice of the model whose ensemble is submitted,
// and the submission file itself (used by notebook 06 and `pirate-pain run`).
import { baselineName, isBaselineModel, type BaselineHyper } from '../../baselines/types';
import type { DataSource } from '../../data/dataset';
import { N_CLASSES } from '../../data/schema';
import { bootstrapInterval, macroF1Interval, type Interval } from '../../evaluate/bootstrap';
import { writeSubmission } from '../../train/submission';
import type { ModelHyper } from '../../train/types';
import { isBaselineTrial, type Profile } from '../config/config';
import type { EnsembleSummary, ExperimentResult } from '../run/experiment';
import { foldMeanInterval, hasPredictions, optimisticSubjects } from './uncertainty';
import { safeJoin } from '../../core/safe-path';

export interface ReportFigure {
  /** the architecture as the report names it */
  model: string;
  /** 5-fold validation macro-F1 */
  val: number;
  /** Kaggle test macro-F1 of the 5-fold ensemble */
  test: number;
}

/** "The Big Batch Theory", final models (keys are the model names of notebooks/configs/final.json5). */
export const REPORT_FINAL: Readonly<Record<string, ReportFigure>> = {
  lstm: { model: 'LSTM 2×256', val: 0.9384, test: 0.9567 },
  rnn: { model: 'RNN 1×64', val: 0.9363, test: 0.9558 },
};

/** 'LSTM 2×256', 'BiGRU 1×64': cell, layers × hidden units; a baseline by its classifier ('random forest (200 trees)'). */
export function modelName(m: Pick<ModelHyper, 'cell' | 'layers' | 'hiddenSize' | 'bidirectional'> | BaselineHyper): string {
  if (isBaselineModel(m)) return baselineName(m);
  return `${m.bidirectional ? 'Bi' : ''}${m.cell.toUpperCase()} ${m.layers}×${m.hiddenSize}`;
}

export const COMPARISON_COLUMNS = (profile: Profile): string[] => [
  'Model', 'val macro-F1 (report)', `val macro-F1 (reproduced, ${profile})`, 'val macro-F1 (reproduced, optimistic as in the report)',
  'test macro-F1 (report, Kaggle)', 'test macro-F1 (reproduced)',
];


function testCell(e: EnsembleSummary, source: DataSource): string {
  if (source === 'kaggle') return 'n/a — Kaggle scores it';
  if (!e.test) return 'n/a — no test predictions';
  if (e.test.macroF1 === undefined) return 'n/a — no hidden labels';
  // the 95 % bootstrap interval over the test subjects, when their labels came with the predictions
  const ci = e.test.truth ? ` [${interval(macroF1Interval(e.test.truth, e.test.y, N_CLASSES))}]` : '';
  return `${e.test.macroF1.toFixed(4)}${ci} (synthetic hidden labels${e.test.complete ? '' : `, first ${e.test.ids.length} subjects`})`;
}

/**
 * The report's way of scoring validation (each fold at its best validation epoch), with its interval when the folds
 * kept those predictions; 'same' when it is the figure of the previous column (a baseline, or earlyStopping
 * 'validation').
 */
function optimisticCell(e: EnsembleSummary, trial: ExperimentResult['trials'][number]): string {
  if (isBaselineTrial(trial.trial)) return 'same (a baseline chooses no epoch)';
  if (trial.trial.train.earlyStopping !== 'inner') return 'same (the epoch was chosen on validation)';
  const s = hasPredictions(trial) ? optimisticSubjects(trial) : undefined;
  const ci = s ? ` [${interval(bootstrapInterval(s, 'fold-mean'))}]` : '';
  return `${e.optimisticValMacroF1.mean.toFixed(4)}${ci} ± ${e.optimisticValMacroF1.std.toFixed(4)}`;
}

const interval = (iv: Interval): string => `${iv.lo.toFixed(4)}, ${iv.hi.toFixed(4)}`;

/**
 * One row per final model of a final experiment, keyed by COMPARISON_COLUMNS(profile): the report's figures next to
 * ours. A profile that trains a smaller stand-in says so in the Model column.
 * Our figures carry their 95 % bootstrap interval over subjects in brackets (validation: fold-mean macro-F1 from the
 * folds' recorded predictions; test: over the test subjects, when their labels are known).
 */
export function comparisonRows(result: Pick<ExperimentResult, 'ensembles' | 'trials' | 'profile'>, source: DataSource): Record<string, string>[] {
  const profile = result.profile;
  const [model, valReport, valOurs, valOptimistic, testReport, testOurs] = COMPARISON_COLUMNS(profile);
  return result.ensembles.map((e) => {
    const trial = result.trials.find((t) => t.hash === e.hash);
    if (!trial) throw new Error(`comparisonRows: no trial ${e.hash} for model ${e.model}`);
    const ref = REPORT_FINAL[e.model];
    const trained = modelName(trial.trial.model);
    const name = !ref ? trained : ref.model === trained ? ref.model : `${ref.model} (${profile}: ${trained})`;
    return {
      [model]: name,
      [valReport]: ref ? ref.val.toFixed(4) : '—',
      [valOurs]: `${e.valMacroF1.mean.toFixed(4)}${hasPredictions(trial) ? ` [${interval(foldMeanInterval(trial))}]` : ''} ± ${e.valMacroF1.std.toFixed(4)} (${e.folds} fold${e.folds === 1 ? '' : 's'})`,
      [valOptimistic]: optimisticCell(e, trial),
      [testReport]: ref ? ref.test.toFixed(4) : '—',
      [testOurs]: testCell(e, source),
    };
  });
}

/** Rows as a Markdown table (the report's format), columns in the given order. */
export function markdownTable(rows: readonly Record<string, string>[], columns: readonly string[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${columns.map(esc).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${columns.map((c) => esc(r[c] ?? '')).join(' | ')} |`),
  ].join('\n');
}

/**
 * The model to submit: the highest mean fold validation macro-F1 (the test labels are never looked at); ties go to
 * the higher out-of-fold macro-F1, then the name.
 */
export function bestEnsemble<E extends EnsembleSummary>(ensembles: readonly E[]): E {
  if (ensembles.length === 0) throw new Error('bestEnsemble: no ensembles (is this a final experiment?)');
  return [...ensembles].sort((a, b) => b.valMacroF1.mean - a.valMacroF1.mean || b.oof.macroF1 - a.oof.macroF1 || (a.model < b.model ? -1 : 1))[0];
}

/**
 * The Kaggle submission of the chosen ensemble, written into `dir` under the profile's name (submissionFileName: a
 * smoke run never replaces a real submission). Throws when it did not predict every test subject.
 */
export function writeBestSubmission(result: Pick<ExperimentResult, 'ensembles' | 'profile'>, dir: string): { model: string; subjects: number; file: string } {
  const best = bestEnsemble(result.ensembles);
  const file = safeJoin(dir, [submissionFileName(result.profile)], 'submission');
  if (!best.test) throw new Error(`${best.model}: no test predictions (load the data with its test file and set ensemble.test)`);
  if (!best.test.complete) throw new Error(`${best.model}: only ${best.test.ids.length} test subjects were predicted (ensemble.maxTestSubjects); no submission`);
  writeSubmission(file, best.test.ids, best.test.y);
  return { model: best.model, subjects: best.test.ids.length, file };
}

/**
 * The one rule for the submission's file name, whoever writes it (notebook 06, `pirate-pain run`): smoke runs are
 * plumbing checks and never replace a real submission.csv.
 */
export function submissionFileName(profile: Profile): string {
  return profile === 'smoke' ? 'submission-smoke.csv' : 'submission.csv';
}
