// A small trial shared by the trial tests and the child process that one of them kills mid-run.
import { simulateDataset } from '../../lib/data/simulate';
import type { RecurrentTrialConfig } from '../../lib/experiments/config/config';
import { arraysFingerprint } from '../../lib/store/fingerprint';
import { runTrial } from '../../lib/experiments/run/trials';
import { tinyTrial } from '../tiny-trial';

export const data = simulateDataset({ seed: 4, trainSubjects: 30, testSubjects: 4, steps: 30 });

export const trial: RecurrentTrialConfig = tinyTrial();

/** A slower variant (more epochs, no early stop) so a parent can kill the child between folds. */
export const slowTrial: RecurrentTrialConfig = { ...trial, model: { ...trial.model, cell: 'lstm', hiddenSize: 16 }, train: { ...trial.train, epochs: 12, patience: 100 } };

export const base = { data, dataFingerprint: arraysFingerprint(data), codeVersion: 'test-code', labels: { experiment: 'test' } };

// Run as a script: node --import tsx trial-fixture.ts <runsDir> trains slowTrial there.
if (process.argv[1] && process.argv[1].endsWith('trial-fixture.ts') && process.argv[2]) {
  void runTrial({ ...base, trial: slowTrial, runsDir: process.argv[2] });
}
