// `pirate-pain validate`: check a data folder against the Pirate Pain schema and print a summary.

import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultDataDir, findDataFile, loadDataset } from '../data/dataset';
import { describeDataset, formatSummary } from '../data/describe';
import { FILES } from '../data/schema';
import { runCommand } from './args';

export const usage = `pirate-pain validate [--data DIR]

Reads and checks ${FILES.train}, ${FILES.labels} and (when present) ${FILES.test} in DIR
(plain or .gz), then prints subjects, rows, steps, class balance and categorical counts.
Without --data it checks the default data folder (data/ with the real files, else data/synthetic).
Exits 1 with "file:line:column: problem" on the first problem found.
Options:
  --data DIR    the folder to check`;

const spec = { data: { kind: 'string' } } as const;

export async function run(argv: string[]): Promise<number> {
  return runCommand('validate', usage, argv, spec, ({ options }) => {
    const dir = options.data !== undefined ? resolve(options.data) : defaultDataDir().dir;
    const t0 = Date.now();
    const hasTest = findDataFile(dir, FILES.test) !== undefined;
    const ds = loadDataset(dir, { test: hasTest });
    const ms = Date.now() - t0;
    console.log(`files:    ${readdirSync(dir).filter((f) => /\.(csv|csv\.gz|json)$/.test(f)).sort().join(', ')}`);
    console.log(formatSummary(describeDataset(ds)));
    console.log(`ok: read and checked in ${ms} ms${hasTest ? '' : ` (no ${FILES.test})`}`);
    return 0;
  });
}
