// Test-set predictions of a finished trial's K-fold ensemble, cached in the trial's folder. The ensemble takes all
// K fold models, each verified by the store; the cache records which fold commits it was computed from, so a
// retrained fold makes it stale.
import { join } from 'node:path';
import { isBaselineModelDir, loadBaselineModel, predictBaselineEnsemble } from '../../baselines/model';
import type { SubjectSeries } from '../../data/series';
import { DamageError, readAllFolds, readDerived, readTrialConfig, writeDerived, type RepairOptions, type StoredFold } from '../../store/index';
import { foldMember, predictEnsemble } from '../../train/ensemble';
import { loadFoldModel } from '../../train/persist';

export interface TestPrediction {
  /** test subjects predicted, ascending */
  ids: number[];
  y: number[];
  /** fold models in the ensemble */
  members: number;
  /** all test subjects were predicted (only then is a submission written) */
  complete: boolean;
}

/** How many folds a trial trains (cv.run of its config.json). */
function foldCount(trialDir: string): number {
  return readTrialConfig<{ trial: { cv: { run: number } } }>(trialDir).trial.cv.run;
}

/** Model folders of a trial's folds, in fold order: all K of them, verified (else a DamageError naming the file). */
export function foldModelDirs(trialDir: string, folds: number = foldCount(trialDir)): string[] {
  return readAllFolds(trialDir, folds).map((f) => modelDir(f));
}

function modelDir(f: StoredFold): string {
  if (!f.manifest.files.some((a) => a.path === 'model/model.json')) throw new DamageError(join(f.dir, 'model', 'model.json'), 'missing: the fold was committed without its model');
  return join(f.dir, 'model');
}

/**
 * Ensemble of the trial's K fold models over the test subjects (the first `maxSubjects` ids when given): recurrent
 * models average window logits, then each subject takes the majority vote; baselines average class probabilities. Cached in <trialDir>/test-predictions[-N].json; the trial hash already covers the data.
 */
export function predictTestSubjects(trialDir: string, test: SubjectSeries, maxSubjects?: number, o: RepairOptions & { folds?: number } = {}): TestPrediction {
  const n = Math.min(test.ids.length, maxSubjects ?? Infinity);
  const name = n === test.ids.length ? 'test-predictions.json' : `test-predictions-${n}.json`;
  const folds = readAllFolds(trialDir, o.folds ?? foldCount(trialDir));
  const cached = readDerived<TestPrediction>(trialDir, name, folds, o);
  if (cached) return { ids: cached.ids, y: cached.y, members: cached.members, complete: cached.complete };
  const dirs = folds.map(modelDir);
  const p = dirs.length > 0 && isBaselineModelDir(dirs[0])
    ? predictBaselineEnsemble(dirs.map(loadBaselineModel), test, test.ids.subarray(0, n))
    : predictEnsemble(dirs.map((d) => foldMember(loadFoldModel(d))), test, test.ids.subarray(0, n));
  const out: TestPrediction = { ids: Array.from(p.ids), y: Array.from(p.y), members: dirs.length, complete: n === test.ids.length };
  writeDerived(trialDir, name, out, folds);
  return out;
}
