// Test-set predictions of a finished trial's K-fold ensemble, cached next to the fold models.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SubjectSeries } from '../data/series';
import { foldMember, predictEnsemble } from '../train/ensemble';
import { loadFoldModel, writeFileAtomic } from '../train/persist';

export interface TestPrediction {
  /** test subjects predicted, ascending */
  ids: number[];
  y: number[];
  /** fold models in the ensemble */
  members: number;
  /** all test subjects were predicted (only then is a submission written) */
  complete: boolean;
}

/** Fold model folders of a trial directory, in fold order. */
export function foldModelDirs(trialDir: string): string[] {
  return readdirSync(trialDir)
    .filter((d) => /^fold-\d+$/.test(d) && existsSync(join(trialDir, d, 'model', 'model.json')))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((d) => join(trialDir, d, 'model'));
}

/**
 * Mean-logit ensemble of the trial's fold models over the test subjects (the first `maxSubjects` ids when given),
 * majority vote per subject. Cached in <trialDir>/test-predictions[-N].json; the trial hash already covers the data.
 */
export function predictTestSubjects(trialDir: string, test: SubjectSeries, maxSubjects?: number): TestPrediction {
  const n = Math.min(test.ids.length, maxSubjects ?? Infinity);
  const cache = join(trialDir, n === test.ids.length ? 'test-predictions.json' : `test-predictions-${n}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as TestPrediction;
  const dirs = foldModelDirs(trialDir);
  if (dirs.length === 0) throw new Error(`${trialDir}: no fold models to ensemble`);
  const members = dirs.map((d) => foldMember(loadFoldModel(d)));
  const p = predictEnsemble(members, test, test.ids.subarray(0, n));
  const out: TestPrediction = { ids: Array.from(p.ids), y: Array.from(p.y), members: members.length, complete: n === test.ids.length };
  writeFileAtomic(cache, JSON.stringify(out) + '\n');
  return out;
}
