// A trial is one recipe trained on the first cv.run folds of a stratified K-fold split. Its results live in the
// trial store (lib/store) under outputs/runs/<hash>/, named by the content hash of recipe + data + code identity, so
// a finished trial is never recomputed and an interrupted one resumes at the first fold without a committed result.
// Each fold folder holds what the trainer below leaves in its staging folder, plus the store's manifest:
//
//   <hash>/fold-<k>/metrics.jsonl     one JSON line per epoch, appended while training
//   <hash>/fold-<k>/events.out.tfevents.*   the same scalars for TensorBoard (one run per fold)
//   <hash>/fold-<k>/model/            model.json + weights.bin (saveFoldModel)
//   <hash>/fold-<k>/result.json       the fold's record: final metrics, history, per-subject validation predictions
//   <hash>/result.json                the trial's summary (sealed), written when every fold is committed
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBaselineFold, saveBaselineModel } from '../../baselines/index';
import type { Dataset } from '../../data/series';
import { stratifiedKFold } from '../../split/kfold';
import type { Fold } from '../../split/kfold';
import { canonicalJSON } from '../../store/hash';
import { trialHash } from '../../store/identity';
import { computePath } from '../../nn/gemm/index';
import {
  cleanTrial, ensureFold, pathKind, readAllFolds, readSealedJSON, readTrial, repairByDefault, TRIAL_SUMMARY, writeTrialConfig,
  writeTrialSummary, type FoldWork, type RepairOptions, type StoredFold,
} from '../../store/index';
import { EventWriter, type HParamValue } from '../../tracking/tensorboard';
import { holdTrials } from '../../store/holds';
import { optimisticMacroF1, runFold, type FoldResult, type RunFoldOptions } from '../../train/fold';
import { saveFoldModel } from '../../train/persist';
import { checkFoldMemory } from '../../train/memory';
import type { EpochMetrics, Progress } from '../../train/types';
import { isBaselineTrial, type TrialConfig } from '../config/config';
import type { FoldRecord, MeanStd, TrialLabels, TrialResult } from './trial-result';

// the result types live in a leaf module below their users (search, analysis, remote); re-exported for callers
export type { FoldRecord, MeanStd, TrialLabels, TrialResult } from './trial-result';

export interface RunTrialOptions {
  data: Pick<Dataset, 'train' | 'labels'>;
  trial: TrialConfig;
  /** data fingerprint and code version that go into the hash */
  dataFingerprint: string;
  codeVersion: string;
  /** root of the run folders (outputs/runs) */
  runsDir: string;
  labels?: TrialLabels;
  /** keep fold models on disk (default true) */
  saveModels?: boolean;
  onProgress?: (p: Progress & { fold: number; folds: number }) => void;
  onEpoch?: (m: EpochMetrics & { fold: number }) => void;
  /** one line per finished or skipped fold */
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** the fold runner (tests count its calls) */
  foldRunner?: (o: RunFoldOptions) => Promise<FoldResult>;
  /** damaged folds: move aside and retrain (default, unless $PIRATE_PAIN_NO_REPAIR=1), or stop with the error */
  repair?: boolean;
}

export function meanStd(xs: number[]): MeanStd {
  if (xs.length === 0) return { mean: NaN, std: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

/** The folds a trial trains: the first cv.run of stratifiedKFold(labels, cv.folds, seed). */
export function trialFolds(trial: TrialConfig, labels: Dataset['labels']): Fold[] {
  return stratifiedKFold(labels, trial.cv.folds, trial.seed).slice(0, trial.cv.run);
}

export function trialDir(runsDir: string, hash: string): string {
  return join(runsDir, hash);
}

/**
 * A finished trial's result from disk, every fold verified, or undefined when unfinished. Damage throws a
 * DamageError naming the file (the read-only path: tables, `pirate-pain runs`).
 */
export function readTrialResult(dir: string): TrialResult | undefined {
  const file = join(dir, TRIAL_SUMMARY);
  let summary: TrialResult;
  try {
    summary = readSealedJSON<TrialResult>(file);
  } catch (e) {
    if ((e as { problem?: string }).problem === 'missing') return undefined;
    throw e;
  }
  const folds = readAllFolds(dir, summary.trial.cv.run);
  const want = folds.map((f) => f.manifest.checksum);
  const { fromFolds, checksum: _checksum, ...result } = summary as TrialResult & { fromFolds?: string[]; checksum: string };
  if (!fromFolds || fromFolds.length !== want.length || fromFolds.some((c, i) => c !== want[i])) return undefined;
  return { ...result, dir };
}

/** A finished trial, verified, with the repair policy applied (damaged folds moved aside: then undefined). */
export async function loadTrialResult(dir: string, trial: TrialConfig, o: RepairOptions): Promise<TrialResult | undefined> {
  const r = await readTrial<TrialResult, FoldRecord>(dir, trial.cv.run, o);
  return r && { ...r.summary, dir };
}

/** What config.json of a trial holds (sealed with the provenance by the store): what names the trial, and its labels. */
export function trialConfigRecord(hash: string, t: { trial: TrialConfig; dataFingerprint: string; codeVersion: string; labels?: TrialLabels }): object {
  return { hash, trial: t.trial, data: t.dataFingerprint, code: t.codeVersion, labels: t.labels ?? {}, canonical: canonicalJSON(t.trial) };
}

/**
 * A finished trial read back before anything is trained: what crashed processes left is cleared, config.json is
 * checked (missing, damaged or another trial's: re-sealed from the recipe, saying so, or a DamageError without
 * repair), then every fold and the summary are verified (loadTrialResult). undefined when not finished.
 */
export async function loadFinishedTrial(t: { trial: TrialConfig; dataFingerprint: string; codeVersion: string; runsDir: string; labels?: TrialLabels }, o: RepairOptions): Promise<TrialResult | undefined> {
  const hash = trialHash(t.trial, t.dataFingerprint, t.codeVersion);
  const dir = trialDir(t.runsDir, hash);
  if (pathKind(dir) === undefined) return undefined;
  if (pathKind(dir) === 'dir') await cleanTrial(dir);
  writeTrialConfig(dir, trialConfigRecord(hash, t), computePath(), o);
  return loadTrialResult(dir, t.trial, o);
}

/** Flat hyperparameters for TensorBoard's HParams tab. */
function hparamsOf(trial: TrialConfig): Record<string, HParamValue> {
  const out: Record<string, HParamValue> = {};
  const walk = (o: unknown, prefix: string): void => {
    if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
      for (const [k, v] of Object.entries(o)) walk(v, prefix ? `${prefix}.${k}` : k);
    } else if (typeof o === 'number' || typeof o === 'string' || typeof o === 'boolean') out[prefix] = o;
    else if (o !== undefined) out[prefix] = JSON.stringify(o);
  };
  walk(trial, '');
  return out;
}

function summarize(hash: string, dir: string, trial: TrialConfig, labels: TrialLabels, folds: FoldRecord[], cached: boolean): TrialResult {
  const m = folds.map((f) => f.metrics);
  return {
    hash,
    dir,
    trial,
    labels,
    folds,
    valMacroF1: meanStd(m.map((x) => x.valMacroF1)),
    optimisticValMacroF1: meanStd(folds.map((f) => f.metrics.optimisticValMacroF1 ?? optimisticMacroF1(f.history))),
    valAccuracy: meanStd(m.map((x) => x.valAccuracy)),
    finalTrainLoss: meanStd(m.map((x) => x.finalTrainLoss)).mean,
    windowsPerSecond: meanStd(m.map((x) => x.windowsPerSecond)).mean,
    wallSeconds: m.reduce((a, x) => a + x.wallSeconds, 0),
    cached,
  };
}

const repairOf = (o: RunTrialOptions): RepairOptions => ({ repair: o.repair ?? repairByDefault(), log: o.log });

/** `fn` while this process holds trial `hash` (lib/store/holds.ts): `runs gc` leaves it alone meanwhile. */
async function whileHeld<T>(runsDir: string, hash: string, fn: () => Promise<T>): Promise<T> {
  const holds = await holdTrials(runsDir, [hash]);
  try {
    return await fn();
  } finally {
    await holds.release();
  }
}

/** Runs (or resumes, or just reads) one trial, holding it meanwhile (notebooks call this directly). */
export async function runTrial(o: RunTrialOptions): Promise<TrialResult> {
  return whileHeld(o.runsDir, trialHash(o.trial, o.dataFingerprint, o.codeVersion), () => runHeldTrial(o));
}

async function runHeldTrial(o: RunTrialOptions): Promise<TrialResult> {
  const labels = o.labels ?? {};
  const hash = trialHash(o.trial, o.dataFingerprint, o.codeVersion);
  const dir = trialDir(o.runsDir, hash);
  const done = await loadTrialResult(dir, o.trial, repairOf(o));
  if (done) {
    o.log?.(`trial ${hash}: done earlier (val macro-F1 ${done.valMacroF1.mean.toFixed(4)}), not recomputed`);
    return { ...done, labels: done.labels ?? labels, cached: true };
  }
  const { trained } = await runHeldFolds(o);
  // every fold read back verified from the store: the summary is computed from what is on disk
  const folds = readAllFolds<FoldRecord>(dir, o.trial.cv.run);
  const result = summarize(hash, dir, o.trial, labels, folds.map((f) => f.record), !trained);
  writeTrialSummary(dir, result, folds);
  return result;
}

/**
 * Trains (or reads back) the trial's folds, all of them or the `only` ones, without summarising the trial: worker
 * threads (and other processes) train different folds of one trial side by side this way; the store makes sure
 * each fold is trained once.
 */
export async function runTrialFolds(o: RunTrialOptions, only?: readonly number[]): Promise<{ records: FoldRecord[]; trained: boolean }> {
  return whileHeld(o.runsDir, trialHash(o.trial, o.dataFingerprint, o.codeVersion), () => runHeldFolds(o, only));
}

async function runHeldFolds(o: RunTrialOptions, only?: readonly number[]): Promise<{ records: FoldRecord[]; trained: boolean }> {
  const { trial, data } = o;
  const labels = o.labels ?? {};
  const hash = trialHash(trial, o.dataFingerprint, o.codeVersion);
  const dir = trialDir(o.runsDir, hash);
  writeTrialConfig(dir, trialConfigRecord(hash, { ...o, labels }), computePath(), repairOf(o));
  await cleanTrial(dir);
  const folds = trialFolds(trial, data.labels);
  const records: FoldRecord[] = [];
  let trained = false;
  for (const fold of folds) {
    if (only && !only.includes(fold.index)) continue;
    if (o.signal?.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new Error('trial aborted');
    const r = await ensureFold<FoldRecord>(dir, fold.index, (staging) => trainFold(o, hash, fold, folds.length, staging), {
      ...repairOf(o),
      trial: hash,
      data: o.dataFingerprint,
      compute: computePath(),
      signal: o.signal,
      onWait: (owner) => o.log?.(`trial ${hash} fold ${fold.index + 1}/${folds.length}: being trained by ` +
        `${owner ? `pid ${owner.pid} on ${owner.host}` : 'another process'}; waiting for its result`),
    });
    const record = r.fold.record;
    if (r.trained) {
      trained = true;
      o.log?.(`trial ${hash} fold ${fold.index + 1}/${folds.length}: val macro-F1 ${record.metrics.valMacroF1.toFixed(4)} ` +
        (record.baseline ? `(${record.baseline.hyper.classifier}, ${record.metrics.wallSeconds.toFixed(1)} s)`
          : `(best epoch ${record.metrics.bestEpoch + 1}/${record.metrics.epochs}, ${Math.round(record.metrics.windowsPerSecond)} win/s)`));
    } else {
      o.log?.(`trial ${hash} fold ${fold.index + 1}/${folds.length}: done earlier, val macro-F1 ${record.metrics.valMacroF1.toFixed(4)}`);
    }
    records.push(record);
  }
  return { records, trained };
}

/** Trains one fold into the store's staging folder: metrics, TensorBoard events, model; returns the record. */
async function trainFold(o: RunTrialOptions, hash: string, fold: Fold, count: number, staging: string): Promise<FoldWork<FoldRecord>> {
  const { trial, data } = o;
  if (isBaselineTrial(trial)) {
    // seconds and no epochs: no metrics.jsonl or TensorBoard events, just the model and the record
    const r = runBaselineFold({ data, fold, seed: trial.seed, features: trial.features, model: trial.model });
    if (o.saveModels !== false) saveBaselineModel(join(staging, 'model'), { ...r.model, meta: { trial: hash, fold: fold.index, valIds: Array.from(fold.val) } });
    return { record: { metrics: r.metrics, history: [], predictions: r.predictions, baseline: r.details } };
  }
  // notebooks call runTrial directly: the budget holds here too (lib/train/memory.ts)
  checkFoldMemory(trial, { subjects: data.train.ids.length, steps: data.train.steps }, `trial ${hash}`);
  const metricsFile = join(staging, 'metrics.jsonl');
  const events = new EventWriter(staging);
  try {
    events.hparams(hparamsOf(trial), ['val/macro_f1', 'val/accuracy', 'train/loss']);
    const run = o.foldRunner ?? runFold;
    const r = await run({
      data,
      fold,
      recipe: { seed: trial.seed, features: trial.features, window: trial.window, model: trial.model, train: trial.train },
      signal: o.signal,
      onProgress: o.onProgress ? (p) => o.onProgress!({ ...p, fold: fold.index, folds: count }) : undefined,
      onEpoch: (m) => {
        appendFileSync(metricsFile, JSON.stringify(m) + '\n');
        const scalars: Record<string, number> = {
          'train/loss': m.trainLoss, 'train/accuracy': m.trainAccuracy, 'train/macro_f1': m.trainMacroF1,
          'perf/windows_per_second': m.windowsPerSecond,
        };
        if (m.valLoss !== undefined) scalars['val/loss'] = m.valLoss;
        if (m.valAccuracy !== undefined) scalars['val/accuracy'] = m.valAccuracy;
        if (m.valMacroF1 !== undefined) scalars['val/macro_f1'] = m.valMacroF1;
        if (m.innerLoss !== undefined) scalars['inner/loss'] = m.innerLoss;
        if (m.innerMacroF1 !== undefined) scalars['inner/macro_f1'] = m.innerMacroF1;
        events.scalars(scalars, m.epoch);
        o.onEpoch?.({ ...m, fold: fold.index });
      },
    });
    if (o.saveModels !== false) {
      saveFoldModel(join(staging, 'model'), { model: r.model, features: r.features, window: r.window, meta: { trial: hash, fold: fold.index, valIds: Array.from(fold.val) } });
    }
    return { record: { metrics: r.metrics, history: r.history, predictions: r.predictions, optimisticPredictions: r.optimisticPredictions }, checks: { 'model/weights.bin': 'f32-finite' } };
  } finally {
    events.close();
  }
}

export type { StoredFold };
