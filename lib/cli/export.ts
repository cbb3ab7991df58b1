// `pirate-pain export`: a finished trial's fold models as .safetensors (PyTorch parameter names) plus each fold's
// fitted preprocessing as JSON and a manifest, for use outside this workspace (lib/train/export.ts).
import { join, resolve } from 'node:path';
import { foldModelDirs } from '../experiments/run/test-predictions';
import { outputsDir } from '../paths';
import { readTrialConfig } from '../store/store';
import { isBaselineTrial } from '../experiments/config/config';
import { exportFoldModels } from '../train/export';
import { UsageError, runCommand, commandRoot } from './args';
import { resolveTrial } from './trial-arg';

export const usage = `pirate-pain export --trial HASH --out DIR [--runs DIR]

Writes every fold model of trial HASH (a folder of the runs directory; a unique prefix is enough) into DIR:
  fold-<k>/model.safetensors    float32 weights named as PyTorch names them (rnn.weight_ih_l0, …, fc.weight, fc.bias);
                                __metadata__ holds the torch.nn module and its kwargs
  fold-<k>/preprocessing.json   the fold's fitted features (filters, PCA, scaler), window size and stride, classes
  manifest.json                 the folds, their specs and SHA-256 checksums (written last)
docs/export.md ("Models outside the workspace") shows the Python that loads them.
Options:
  --trial HASH   the trial to export (see outputs/runs/ or \`pirate-pain run\`'s runs.txt)
  --out DIR      where the export goes (created; must be empty or an earlier export of the same trial)
  --runs DIR     the runs directory (default: outputs/runs of this project)`;

const spec = {
  trial: { kind: 'string' },
  out: { kind: 'string' },
  runs: { kind: 'string' },
} as const;

/** The classifier of a baseline trial (from its config.json), or undefined for a recurrent one. */
function baselineOf(trialDir: string): string | undefined {
  const trial = readTrialConfig<{ trial?: unknown }>(trialDir).trial as Parameters<typeof isBaselineTrial>[0] | undefined;
  if (!trial || typeof trial !== 'object' || !trial.model) return undefined;
  return isBaselineTrial(trial) ? String((trial.model as { classifier?: unknown }).classifier ?? 'baseline') : undefined;
}

export async function run(argv: string[]): Promise<number> {
  return runCommand('export', usage, argv, spec, ({ options }) => {
    if (options.trial === undefined) throw new UsageError('--trial HASH is required');
    if (options.out === undefined) throw new UsageError('--out DIR is required');
    const out = resolve(options.out);
    const runsDir = options.runs !== undefined ? resolve(options.runs) : join(outputsDir(commandRoot()), 'runs');
    const trial = resolveTrial(runsDir, options.trial, { what: '--trial', hint: 'use --runs DIR' });
    const kind = baselineOf(trial.dir);
    if (kind) throw new Error(`trial ${trial.hash} is a baseline (${kind}), not a neural network: only recurrent trials export as .safetensors`);
    const dirs = foldModelDirs(trial.dir);
    if (dirs.length === 0) throw new Error(`${trial.dir}: no saved fold models (fold-<k>/model/model.json)`);
    const m = exportFoldModels(dirs, out, { trial: trial.hash });
    for (const f of m.folds) console.log(`fold ${f.fold}: ${f.spec.cell} ${f.spec.layers}×${f.spec.hiddenSize}${f.spec.bidirectional ? ' bidirectional' : ''}, ${f.parameters} parameters → ${join(out, f.weights)}`);
    console.log(`export: trial ${trial.hash}, ${m.folds.length} fold model(s) → ${join(out, 'manifest.json')}`);
    return 0;
  });
}
