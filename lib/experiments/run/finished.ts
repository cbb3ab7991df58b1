// The finished trials of an experiment config, read from the trial store without training anything: a notebook can
// show another experiment's results when they exist (e.g. the recurrent models next to the baselines) and say so
// when they do not.
import { join, resolve } from 'node:path';
import type { Dataset } from '../../data/series';
import { outputsDir, projectRoot } from '../../paths';
import { datasetFingerprint } from '../../store/fingerprint';
import { trialHash } from '../../store/identity';
import { codeIdentity } from './code-identity';
import { loadConfig, type ExperimentConfig, type Profile, type TrialConfig } from '../config/config';
import { planExperiment } from '../search/search';
import { readTrialResult, trialDir, type TrialResult } from './trials';

export interface FinishedTrial {
  model?: string;
  trial: TrialConfig;
  hash: string;
  /** undefined: not trained yet with this code and data (or damaged: the store's verification failed) */
  result?: TrialResult;
}

export function finishedTrials(config: ExperimentConfig | string, profile: Profile, data: Dataset, o: { out?: string; codeVersion?: string } = {}): FinishedTrial[] {
  const cfg = typeof config === 'string' ? loadConfig(config) : config;
  const { plans } = planExperiment(cfg, profile, typeof config === 'string' ? config : undefined);
  const out = resolve(o.out ?? outputsDir(projectRoot()));
  const code = o.codeVersion ?? codeIdentity();
  const fingerprint = datasetFingerprint(data, join(out, 'cache', 'data-fingerprints.json'));
  return plans.map((p) => {
    const hash = trialHash(p.trial, fingerprint, code);
    let result: TrialResult | undefined;
    try {
      result = readTrialResult(trialDir(join(out, 'runs'), hash));
    } catch {
      result = undefined; // damaged: runExperiment would repair it; here it simply is not available
    }
    return { model: p.model, trial: p.trial, hash, result };
  });
}
