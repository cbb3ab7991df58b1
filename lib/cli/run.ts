// `pirate-pain run`: train a configured experiment on a data folder (the same runExperiment the notebooks call) and,
// for a final config with a test ensemble, write the Kaggle submission of the better model.
import { resolve } from 'node:path';
import { defaultDataDir, loadDataset } from '../data/dataset';
import { bestEnsemble, writeBestSubmission } from '../experiments/analysis/compare';
import { loadConfig, type Profile } from '../experiments/config/config';
import { runExperiment } from '../experiments/run/experiment';
import { selectProfile } from '../experiments/config/profiles';
import { planExperiment } from '../experiments/search/search';
import { UsageError, runCommand, enterProject } from './args';

export const usage = `pirate-pain run --config FILE --out DIR [--data DIR] [--profile smoke|quick|full] [--workers N] [--queue URL] [--no-repair]

Trains the experiment of a json5 config (e.g. notebooks/configs/final.json5) on the training files of DIR
(Kaggle layout: pirate_pain_train.csv, pirate_pain_train_labels.csv, plain or .gz) and writes into --out:
  runs/<hash>/                    one folder per trial: fold models, metrics.jsonl, TensorBoard events
  experiments/<name>/<profile>/   summary.json, runs.txt (and per-model submissions for a final config)
  submission.csv                  final configs with ensemble.test: the K-fold ensemble of the model with the
                                  best mean validation macro-F1 on pirate_pain_test.csv (sample_index,label);
                                  --profile smoke writes submission-smoke.csv and never replaces submission.csv
Finished trials are read back from --out/runs, never retrained; every file is checked against the checksums
recorded when its fold was committed. A damaged fold is moved aside to runs/<hash>/damaged/ and retrained.
Options:
  --config FILE    the experiment config (errors name the file and the key path)
  --out DIR        where results go (created if needed)
  --data DIR       the data folder (default: data/ with the real files, else data/synthetic)
  --profile NAME   smoke|quick|full (default: $PIRATE_PAIN_PROFILE, else quick); full is the report's recipe
  --workers N      worker threads for trials (default: min(cores, 2); 0 trains in this thread)
  --queue URL      send the fold tasks to the workers of a Redis queue (redis://[user:pass@]host:port or rediss://;
                   default: $PIRATE_PAIN_QUEUE, else the URL in the file $PIRATE_PAIN_QUEUE_FILE, which keeps the
                   password off the command line) instead of the local threads; start them with pirate-pain worker
  --no-repair      stop with exit 1 naming the damaged file instead of moving it aside and retraining`;

const spec = {
  config: { kind: 'string' },
  data: { kind: 'string' },
  out: { kind: 'string' },
  profile: { kind: 'string' },
  workers: { kind: 'int', min: 0 },
  queue: { kind: 'string' },
  'no-repair': { kind: 'flag' },
} as const;

export async function run(argv: string[]): Promise<number> {
  return runCommand('run', usage, argv, spec, async ({ options }) => {
    if (options.config === undefined) throw new UsageError('--config FILE is required');
    if (options.out === undefined) throw new UsageError('--out DIR is required');
    let profile: Profile;
    try {
      profile = selectProfile(options.profile);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    // paths are resolved against the caller's working directory before anything else
    const configFile = resolve(options.config);
    const out = resolve(options.out);
    const dataArg = options.data !== undefined ? resolve(options.data) : undefined;
    // the config, every trial of it, is checked before the (larger) data files are read
    const { resolved } = planExperiment(loadConfig(configFile), profile, configFile);
    const wantTest = resolved.kind === 'final' && resolved.ensemble?.test === true;
    enterProject();
    const dataDir = dataArg ?? defaultDataDir().dir;
    const data = loadDataset(dataDir, { test: wantTest });
    console.log(`data: ${dataDir} (${data.source}): ${data.train.ids.length} training subjects` + (data.test ? `, ${data.test.ids.length} test subjects` : ''));
    const result = await runExperiment(configFile, profile, { data, out, workers: options.workers, queue: options.queue, repair: options['no-repair'] ? false : undefined });
    if (!wantTest) return 0;
    const best = bestEnsemble(result.ensembles);
    if (best.test && !best.test.complete) {
      console.log(`no submission: ${best.model} predicted ${best.test.ids.length} of ${data.test!.ids.length} test subjects (ensemble.maxTestSubjects)`);
      return 0;
    }
    const written = writeBestSubmission(result, out);
    console.log(`submission: ${written.model} ensemble (mean validation macro-F1 ${best.valMacroF1.mean.toFixed(4)}), ${written.subjects} test subjects → ${written.file}`);
    return 0;
  });
}
