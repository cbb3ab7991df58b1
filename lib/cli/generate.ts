// `pirate-pain generate`: write the synthetic data set as Kaggle-format CSVs.

import { resolve } from 'node:path';
import { generateDataset } from '../data/generate';
import { DEFAULT_SEED, TEST_SUBJECTS, TRAIN_SUBJECTS } from '../data/simulate';
import { runCommand, UsageError } from './args';

export const usage = `pirate-pain generate --out DIR [--seed N] [--train-subjects N] [--test-subjects M]

Writes a deterministic synthetic stand-in for the Kaggle Pirate Pain data into DIR:
  pirate_pain_train.csv, pirate_pain_train_labels.csv, pirate_pain_test.csv, sample_submission.csv
  synthetic_test_labels.csv   the hidden test labels (for a Kaggle-like test score on synthetic data)
  synthetic.json              how the files were made (marks DIR as synthetic)
The same options always give byte-identical files.
Options:
  --out DIR              output folder (created if needed)
  --seed N               random seed (default ${DEFAULT_SEED})
  --train-subjects N     training subjects (default ${TRAIN_SUBJECTS}; classes in the real 511/94/56 proportions)
  --test-subjects M      test subjects (default ${TEST_SUBJECTS})`;

const spec = {
  out: { kind: 'string' },
  seed: { kind: 'int' },
  'train-subjects': { kind: 'int', min: 1 },
  'test-subjects': { kind: 'int', min: 1 },
} as const;

export async function run(argv: string[]): Promise<number> {
  return runCommand('generate', usage, argv, spec, ({ options }) => {
    if (options.out === undefined) throw new UsageError('--out DIR is required');
    const outDir = resolve(options.out);
    const t0 = Date.now();
    const { files } = generateDataset({
      outDir,
      seed: options.seed,
      trainSubjects: options['train-subjects'],
      testSubjects: options['test-subjects'],
    });
    console.log(`generated ${files.length} files in ${outDir} (seed ${options.seed ?? DEFAULT_SEED}, ${Date.now() - t0} ms):`);
    for (const f of files) console.log(`  ${f}`);
    return 0;
  });
}
