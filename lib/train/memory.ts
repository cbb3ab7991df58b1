// How much memory training one fold takes, estimated from the recipe and the data's shape before anything is
// allocated, and the budget a trial must fit in: a recipe that is valid key by key but absurd as a whole (LSTM
// 4×4096 bidirectional, window 160, stride 1, batch 65536) is refused up front with its estimate, locally and on a
// queue worker, instead of swapping the machine or being killed halfway.
//
// The terms (float32, 4 bytes each), as the engine allocates them (lib/train/fold.ts, lib/nn/model.ts):
//   features   the subjects through the fold's fitted preprocessing: subjects × steps × F
//   windows    every train and validation window, materialised: windows × size × F
//   parameters weights, gradients, Adam's two moments and the best epoch's copy: 5 × P
//   activations kept for backpropagation through time, per workspace of B windows: B × size × (F + Σ layers
//              D·H out + D·G gates [+ 2·D·H for the LSTM's c and tanh c] [+ D·H for the GRU's h·n]) plus the
//              backward pass's buffers (2·D·H + G per step); one workspace of the training batch and one of the
//              prediction batch (512 windows) are alive at once, neither larger than the windows there are.
// F is taken as the raw value columns (an upper bound: PCA and dropped columns only reduce it).
import { totalmem } from 'node:os';
import { VALUE_COLUMNS } from '../data/schema';

/** What the estimate needs of a trial (a recurrent or baseline recipe). */
export interface MemoryRecipe {
  cv: { folds: number };
  window?: { size: number; stride: number };
  model: { kind?: string; cell?: 'rnn' | 'lstm' | 'gru'; hiddenSize?: number; layers?: number; bidirectional?: boolean };
  train?: { batchSize?: number };
}

/** The data's shape: every training subject (the folds split them) and the steps per subject. */
export interface DataShape {
  subjects: number;
  steps: number;
}

export interface MemoryEstimate {
  /** the sum, in bytes */
  bytes: number;
  /** each term, in bytes */
  parts: { features: number; windows: number; parameters: number; activations: number };
}

const F32 = 4;
const GATES = { rnn: 1, gru: 3, lstm: 4 } as const;
/** windows per forward pass when a fold predicts its validation (and test) subjects (lib/train/predict.ts) */
export const PREDICT_BATCH = 512;

/** Peak bytes one fold of `trial` allocates on top of the process and its data set. */
export function estimateFoldMemory(trial: MemoryRecipe, data: DataShape): MemoryEstimate {
  const F = VALUE_COLUMNS.length;
  const features = data.subjects * data.steps * F * F32;
  if (trial.model.kind === 'baseline' || !trial.window || !trial.model.cell) {
    // summary statistics per subject and column: the transformed series dominate
    return { bytes: 2 * features, parts: { features: 2 * features, windows: 0, parameters: 0, activations: 0 } };
  }
  const { size, stride } = trial.window;
  const perSubject = Math.max(1, Math.ceil(Math.max(0, data.steps - size) / stride) + 1);
  // the larger side of an uneven split, in integers (30 × (1 − 1/3) is 20.000000000000004 in floating point)
  const trainWindows = (data.subjects - Math.floor(data.subjects / trial.cv.folds)) * perSubject;
  const valWindows = Math.ceil(data.subjects / trial.cv.folds) * perSubject;
  const windows = (trainWindows + valWindows) * size * F * F32;
  const m = trial.model;
  const H = m.hiddenSize ?? 0;
  const D = m.bidirectional ? 2 : 1;
  const G = GATES[m.cell!] * H;
  let P = 0;
  let input = F;
  for (let l = 0; l < (m.layers ?? 1); l++) {
    P += D * (G * input + G * H + 2 * G);
    input = D * H;
  }
  P += input * 3 + 3;
  const parameters = 5 * P * F32;
  const perStep = F + (m.layers ?? 1) * (D * H + D * G + (m.cell === 'lstm' ? 2 * D * H : 0) + (m.cell === 'gru' ? D * H : 0)) + 2 * D * H + G;
  // a workspace holds no more windows than there are
  const batches = Math.min(trial.train?.batchSize ?? 128, trainWindows) + Math.min(PREDICT_BATCH, Math.max(trainWindows, valWindows));
  const activations = batches * size * perStep * F32;
  return { bytes: features + windows + parameters + activations, parts: { features, windows, parameters, activations } };
}

/** The environment variable that sets the budget: bytes ('8G', '512M', '2000000000') or a fraction of RAM ('0.25'). */
export const MEMORY_BUDGET_ENV = 'PIRATE_PAIN_MEMORY_BUDGET';
/** Default budget: this fraction of the machine's memory (a fold trains beside the OS, the data and other folds). */
export const DEFAULT_BUDGET_FRACTION = 0.5;

/** The memory budget of one fold, in bytes: $PIRATE_PAIN_MEMORY_BUDGET, else half the machine's memory. */
export function memoryBudget(env: NodeJS.ProcessEnv = process.env, total: number = totalmem()): number {
  const text = (env[MEMORY_BUDGET_ENV] ?? '').trim();
  if (text === '') return DEFAULT_BUDGET_FRACTION * total;
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(text);
  if (!m) throw new Error(`$${MEMORY_BUDGET_ENV}: expected bytes (e.g. 8G, 512M) or a fraction of memory (e.g. 0.25), got "${text}"`);
  const v = Number(m[1]);
  if (m[2] === '' && v > 0 && v <= 1) return v * total;
  return v * 1024 ** 'KMGT'.indexOf(m[2].toUpperCase()) * (m[2] === '' ? 1 : 1024);
}

export const formatGB = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1)} GiB`;

/** Throws (naming the estimate, its largest term and the budget) when one fold of `trial` would not fit. */
export function checkFoldMemory(trial: MemoryRecipe, data: DataShape, what: string, budget: number = memoryBudget()): MemoryEstimate {
  const e = estimateFoldMemory(trial, data);
  if (e.bytes > budget) {
    const [term, bytes] = Object.entries(e.parts).sort((a, b) => b[1] - a[1])[0];
    throw new MemoryBudgetError(`${what}: one fold needs about ${formatGB(e.bytes)} (${term} ${formatGB(bytes)}), more than the memory budget of ` +
      `${formatGB(budget)} ($${MEMORY_BUDGET_ENV}; default ${DEFAULT_BUDGET_FRACTION} of this machine's memory)`);
  }
  return e;
}

export class MemoryBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryBudgetError';
  }
}
