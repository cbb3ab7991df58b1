// The ensemble step of a final experiment: each trial's out-of-fold report and, where its fold ensemble predicted
// the test subjects, their score against hidden labels (synthetic data) and the submission file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readLabels } from '../../data/read';
import { SYNTHETIC_TEST_LABELS } from '../../data/generate';
import { labelsOf, type Dataset } from '../../data/series';
import { N_CLASSES } from '../../data/schema';
import { classScores, classificationReport, type ClassificationReport } from '../../evaluate/metrics';
import { writeSubmission } from '../../train/submission';
import { safeJoin } from '../../core/safe-path';
import type { ExperimentPlan } from './plan';
import type { TestPrediction } from './test-predictions';
import type { TrialOutcome } from './trial-task';
import type { TrialResult } from './trials';

export interface EnsembleSummary {
  model: string;
  hash: string;
  folds: number;
  /** fold validation macro-F1 of the kept weights, mean ± std (untouched with train.earlyStopping 'inner') */
  valMacroF1: { mean: number; std: number };
  /** the report's figure, optimistic: each fold's best validation macro-F1 over its epochs, mean ± std */
  optimisticValMacroF1: { mean: number; std: number };
  /** out-of-fold: every validation subject scored by the model of the fold that held it out */
  oof: ClassificationReport;
  /** truth: the hidden label of each predicted test subject, in ids order (synthetic data only), for intervals */
  test?: TestPrediction & { macroF1?: number; report?: ClassificationReport; truth?: number[]; submission?: string };
}

/** Sum of the folds' validation confusion matrices, rescored: the out-of-fold report of a trial. */
export function outOfFoldReport(r: TrialResult): ClassificationReport {
  const confusion = Array.from({ length: N_CLASSES }, () => new Array<number>(N_CLASSES).fill(0));
  for (const f of r.folds) f.metrics.report.confusion.forEach((row, t) => row.forEach((v, p) => (confusion[t][p] += v)));
  const scores = classScores(confusion);
  const n = confusion.flat().reduce((a, b) => a + b, 0);
  const correct = confusion.reduce((a, row, c) => a + row[c], 0);
  const macroF1 = scores.f1.reduce((a, b) => a + b, 0) / N_CLASSES;
  const weightedF1 = n ? scores.f1.reduce((a, f, c) => a + f * scores.support[c], 0) / n : 0;
  return { classes: N_CLASSES, confusion, ...scores, accuracy: n ? correct / n : 0, macroF1, weightedF1, n };
}

function testLabelsFile(data: Dataset): string | undefined {
  const f = join(data.dir, SYNTHETIC_TEST_LABELS);
  return data.dir && existsSync(f) ? f : undefined;
}

/** One summary per trial of a final experiment ([] for a search); writes the submissions of complete test predictions into plan.dir. */
export function ensembleSummaries(plan: Pick<ExperimentPlan, 'resolved' | 'plans' | 'dir'>, outcomes: readonly TrialOutcome[], data: Dataset): EnsembleSummary[] {
  if (plan.resolved.kind !== 'final') return [];
  const truthFile = testLabelsFile(data);
  const truth = truthFile ? readLabels(truthFile) : undefined;
  return outcomes.map((x, i) => {
    const r = x.result;
    const model = plan.plans[i].model ?? `trial-${i}`;
    const summary: EnsembleSummary = { model, hash: r.hash, folds: r.folds.length, valMacroF1: r.valMacroF1, optimisticValMacroF1: r.optimisticValMacroF1, oof: outOfFoldReport(r) };
    if (x.test) {
      const t: EnsembleSummary['test'] = { ...x.test };
      if (truth) {
        t.truth = Array.from(labelsOf(truth, t.ids, truthFile));
        t.report = classificationReport(t.truth, t.y, N_CLASSES);
        t.macroF1 = t.report.macroF1;
      }
      if (t.complete) {
        t.submission = safeJoin(plan.dir, [`submission-${model}.csv`], 'model key');
        writeSubmission(t.submission, t.ids, t.y);
      }
      summary.test = t;
    }
    return summary;
  });
}
