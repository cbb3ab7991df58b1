// Fold models out of the workspace: each as a .safetensors file with PyTorch's parameter names plus its fitted
// preprocessing as JSON, and a manifest over all folds. The module structure a PyTorch user rebuilds is
//
//   net = torch.nn.ModuleDict({'rnn': torch.nn.<RNN|LSTM|GRU>(**rnn_kwargs), 'fc': torch.nn.Linear(**fc_kwargs)})
//   logits = net.fc(net.rnn(x)[0][:, -1])        # x: float32 [windows, steps, features], batch_first
//
// whose state_dict keys are exactly the tensor names (rnn.weight_ih_l0, rnn.weight_hh_l0_reverse, …, fc.weight,
// fc.bias); both kwargs travel in the file's __metadata__. Dropout is left out of rnn_kwargs: an export is for
// inference, and the engine's spec (dropout included) is in __metadata__.spec.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LABELS } from '../data/schema';
import type { FittedFeatures } from '../features/types';
import { encodeSafetensors } from '../nn/safetensors';
import type { NamedTensor } from '../nn/safetensors';
import type { ModelSpec, Param } from '../nn/types';
import { writeFileAtomic } from '../store/durable';
import { sha256 } from '../store/hash';
import { loadFoldModel } from './persist';
import type { LoadedFoldModel } from './persist';
import type { WindowConfig } from './types';

export const EXPORT_FORMAT = 'pirate-pain-export';
export const PREPROCESSING_FORMAT = 'pirate-pain-preprocessing';

const TORCH_CLASS: Record<ModelSpec['cell'], string> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };

/** keyword arguments of torch.nn.RNN/LSTM/GRU and torch.nn.Linear that rebuild `spec` */
export function torchModules(spec: ModelSpec): { rnn: string; rnnKwargs: Record<string, unknown>; fcKwargs: Record<string, unknown> } {
  const rnnKwargs: Record<string, unknown> = {
    input_size: spec.inputSize, hidden_size: spec.hiddenSize, num_layers: spec.layers,
    batch_first: true, bidirectional: spec.bidirectional,
  };
  if (spec.cell === 'rnn') rnnKwargs.nonlinearity = 'tanh';
  const fcKwargs = { in_features: spec.hiddenSize * (spec.bidirectional ? 2 : 1), out_features: spec.classes };
  return { rnn: TORCH_CLASS[spec.cell], rnnKwargs, fcKwargs };
}

/** The model's parameters as safetensors bytes, with what rebuilds the module in the metadata. */
export function modelSafetensors(spec: ModelSpec, params: Param[], extra: Record<string, string> = {}): Uint8Array {
  const t = torchModules(spec);
  const tensors: NamedTensor[] = params.map((p) => ({ name: p.name, shape: p.shape, data: p.data }));
  return encodeSafetensors(tensors, {
    format: 'pt',
    rnn: t.rnn,
    rnn_kwargs: JSON.stringify(t.rnnKwargs),
    fc_kwargs: JSON.stringify(t.fcKwargs),
    spec: JSON.stringify(spec),
    classes: JSON.stringify(LABELS),
    ...extra,
  });
}

/** What turns a subject's raw series into the model's input windows (lib/features + lib/windows, fitted on the fold). */
export interface PreprocessingFile {
  format: typeof PREPROCESSING_FORMAT;
  version: 1;
  /** class index → label, the order of the logits */
  classes: string[];
  /** input feature names, the last axis of x */
  inputs: string[];
  window: WindowConfig;
  /** the fitted pipeline: survey one-hot, dropped columns, PCA groups, scaler (see lib/features/types.ts) */
  features: FittedFeatures;
  howTo: string;
}

const HOW_TO = 'x = windows of size window.size every window.stride steps (zero-padded past the end) over the subject\'s '
  + 'series transformed by features (lib/features/pipeline.ts transformFeatures), float32 [windows, steps, inputs]; '
  + 'a subject\'s class is the argmax of its windows\' summed votes (lib/evaluate/vote.ts).';

export interface ExportedFold {
  fold: number;
  weights: string;
  preprocessing: string;
  sha256: { weights: string; preprocessing: string };
  spec: ModelSpec;
  parameters: number;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: 1;
  trial?: string;
  classes: string[];
  module: string;
  folds: ExportedFold[];
}


/** Writes <outDir>/fold-<k>/model.safetensors and preprocessing.json for one loaded fold model. */
export function exportFoldModel(loaded: Pick<LoadedFoldModel, 'model' | 'features' | 'window'>, outDir: string, fold: number, trial?: string): ExportedFold {
  const { model } = loaded;
  const rel = `fold-${fold}`;
  mkdirSync(join(outDir, rel), { recursive: true });
  const weights = modelSafetensors(model.spec, model.params, { fold: String(fold), ...(trial ? { trial } : {}) });
  const pre: PreprocessingFile = {
    format: PREPROCESSING_FORMAT,
    version: 1,
    classes: [...LABELS],
    inputs: loaded.features.names.slice(),
    window: { ...loaded.window },
    features: loaded.features,
    howTo: HOW_TO,
  };
  const preText = JSON.stringify(pre, null, 1) + '\n';
  writeFileAtomic(join(outDir, rel, 'model.safetensors'), weights);
  writeFileAtomic(join(outDir, rel, 'preprocessing.json'), preText);
  return {
    fold,
    weights: `${rel}/model.safetensors`,
    preprocessing: `${rel}/preprocessing.json`,
    sha256: { weights: sha256(weights), preprocessing: sha256(preText) },
    spec: { ...model.spec },
    parameters: model.size,
  };
}

/** the fold index of a fold model folder <…>/fold-<k>/model (or <…>/fold-<k>) */
export function foldIndexOf(dir: string): number {
  const m = /^fold-(\d+)$/.exec(basename(dir)) ?? /^fold-(\d+)$/.exec(basename(join(dir, '..')));
  if (!m) throw new Error(`${dir}: not a fold model folder (expected …/fold-<k>/model)`);
  return Number(m[1]);
}

/**
 * Exports saved fold models (folders written by saveFoldModel) into `outDir`, then writes manifest.json last, so a
 * folder with a manifest is complete. Refuses a non-empty `outDir` that is not an earlier export of the same trial.
 */
export function exportFoldModels(modelDirs: string[], outDir: string, o: { trial?: string } = {}): ExportManifest {
  if (modelDirs.length === 0) throw new Error('export: no fold models to export');
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    const mf = join(outDir, 'manifest.json');
    let previous: Partial<ExportManifest> | undefined;
    try {
      previous = JSON.parse(readFileSync(mf, 'utf8')) as Partial<ExportManifest>;
    } catch {
      previous = undefined;
    }
    if (!previous || previous.format !== EXPORT_FORMAT || previous.trial !== o.trial) {
      throw new Error(`${outDir}: not empty and not an earlier export of ${o.trial ? `trial ${o.trial}` : 'these models'}; choose an empty folder`);
    }
  }
  // every model is read (and checked) before the folder is made: a refused export leaves nothing behind
  const loaded = modelDirs.map((dir) => ({ model: loadFoldModel(dir), fold: foldIndexOf(dir) }));
  mkdirSync(outDir, { recursive: true });
  const folds = loaded.map((m) => exportFoldModel(m.model, outDir, m.fold, o.trial));
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    version: 1,
    ...(o.trial ? { trial: o.trial } : {}),
    classes: [...LABELS],
    module: "torch.nn.ModuleDict({'rnn': torch.nn.<__metadata__.rnn>(**__metadata__.rnn_kwargs), 'fc': torch.nn.Linear(**__metadata__.fc_kwargs)}); logits = fc(rnn(x)[0][:, -1])",
    folds,
  };
  writeFileAtomic(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}
