// A trained fold model on disk together with the preprocessing it was trained behind, so new subjects can be
// predicted without retraining: <dir>/model.json (spec, parameter names and shapes, fitted features, window)
// and <dir>/weights.bin (all parameters, float32 little-endian, in parameter order).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SubjectSeries } from '../data/series';
import { writeFileAtomic } from '../store/durable';
import { readModelFile } from '../core/model-file';
import type { FittedFeatures } from '../features/types';
import { RecurrentClassifier } from '../nn/model';
import { paramsFromBuffer, paramsToBuffer } from '../nn/serialize';
import type { ModelSpec } from '../nn/types';
import { voteBySubject, type SubjectVote } from '../evaluate/vote';
import { foldWindows } from './fold';
import { predictLogits } from './predict';
import type { WindowConfig } from './types';

export const FOLD_MODEL_FORMAT = 'pirate-pain-fold-model';

export interface FoldModelFile {
  format: typeof FOLD_MODEL_FORMAT;
  version: 1;
  spec: ModelSpec;
  params: { name: string; shape: number[] }[];
  features: FittedFeatures;
  window: WindowConfig;
  /** anything worth keeping with the model (fold index, metrics, trial hash) */
  meta?: Record<string, unknown>;
}

export interface LoadedFoldModel {
  model: RecurrentClassifier;
  features: FittedFeatures;
  window: WindowConfig;
  meta: Record<string, unknown>;
  dir: string;
}

export function saveFoldModel(dir: string, o: { model: RecurrentClassifier; features: FittedFeatures; window: WindowConfig; meta?: Record<string, unknown> }): void {
  mkdirSync(dir, { recursive: true });
  const file: FoldModelFile = {
    format: FOLD_MODEL_FORMAT,
    version: 1,
    spec: { ...o.model.spec },
    params: o.model.params.map((p) => ({ name: p.name, shape: [...p.shape] })),
    features: o.features,
    window: { ...o.window },
    ...(o.meta ? { meta: o.meta } : {}),
  };
  // weights first: model.json is what marks the directory as complete (inside the trial store, the fold's
  // manifest does, with both files' checksums)
  writeFileAtomic(join(dir, 'weights.bin'), paramsToBuffer(o.model.params));
  writeFileAtomic(join(dir, 'model.json'), JSON.stringify(file) + '\n');
}

export function loadFoldModel(dir: string): LoadedFoldModel {
  const { file: jsonFile, json: j } = readModelFile<FoldModelFile>(dir, FOLD_MODEL_FORMAT);
  let model: RecurrentClassifier;
  try {
    model = new RecurrentClassifier(j.spec);
  } catch (e) {
    throw new Error(`${jsonFile}: ${(e as Error).message}`);
  }
  model.params.forEach((p, i) => {
    const q = j.params?.[i];
    if (!q || q.name !== p.name || q.shape.join(',') !== p.shape.join(',')) {
      throw new Error(`${jsonFile}: params[${i}]: expected ${p.name} [${p.shape}], got ${q ? `${q.name} [${q.shape}]` : 'nothing'}`);
    }
  });
  if (j.params.length !== model.params.length) throw new Error(`${jsonFile}: params: expected ${model.params.length} tensors, got ${j.params.length}`);
  const weightsFile = join(dir, 'weights.bin');
  paramsFromBuffer(model.params, new Uint8Array(readFileSync(weightsFile)), weightsFile);
  for (const p of model.params) {
    const bad = p.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${weightsFile}: ${p.name}[${bad}] is ${p.data[bad]} (non-finite weights)`);
  }
  return { model, features: j.features, window: j.window, meta: j.meta ?? {}, dir };
}

export interface SubjectPrediction extends SubjectVote {
  /** window logits [windows][classes] and each window's subject */
  logits: Float32Array;
  subject: Int32Array;
}

/** Class of each subject of `series` (all, or `ids`) by a saved fold model behind its own preprocessing. */
export function predictSubjects(loaded: Pick<LoadedFoldModel, 'model' | 'features' | 'window'>, series: SubjectSeries,
  ids: ArrayLike<number> = series.ids, batchSize = 512): SubjectPrediction {
  const w = foldWindows(loaded.features, series, ids, loaded.window);
  const logits = predictLogits(loaded.model, w, batchSize);
  return { ...voteBySubject(w.subject, logits, loaded.model.spec.classes), logits, subject: w.subject };
}
