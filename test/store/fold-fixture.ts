// Committed fold models for tests of what reads a trial's folds (export, ensembles): each fold goes through the
// store (staging folder, manifest, rename) like a trained one, and config.json names the fold count.
import { join } from 'node:path';
import { ensureFold, writeTrialConfig } from '../../lib/store/store';
import { saveFoldModel } from '../../lib/train/persist';

export async function commitFoldModel(trialDir: string, k: number, folds: number, model: Parameters<typeof saveFoldModel>[1]): Promise<void> {
  writeTrialConfig(trialDir, { trial: { cv: { folds, run: folds } }, data: 'test-data' }, 'test-compute');
  await ensureFold(trialDir, k, async (staging) => {
    saveFoldModel(join(staging, 'model'), model);
    return { record: { fold: k }, checks: { 'model/weights.bin': 'f32-finite' } };
  }, { compute: 'test-compute' });
}
