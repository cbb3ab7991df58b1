// One small recurrent trial recipe for the tests (seconds to train on simulated data), and a builder that changes
// only what a test names: tinyTrial({ cv: { folds: 3, run: 3 }, model: { cell: 'lstm' } }).
import type { DeepPartial, RecurrentTrialConfig } from '../lib/experiments/config/config';

const TINY: RecurrentTrialConfig = {
  seed: 42,
  cv: { folds: 4, run: 4 },
  features: {},
  window: { size: 10, stride: 5 },
  model: { cell: 'rnn', hiddenSize: 6, layers: 1, bidirectional: false, dropout: 0 },
  train: {
    epochs: 2, batchSize: 32, lr: 5e-3, optimizer: 'adamw', weightDecay: 0.01, l1: 0, l2: 0, labelSmoothing: 0,
    classWeights: 'inverse-log', patience: 3,
  },
};

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// plain objects merge key by key; anything else (numbers, strings, arrays) replaces; undefined leaves the base
function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return structuredClone(base);
  if (!isPlain(base) || !isPlain(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

/** A fresh copy of the tiny recipe with `over` merged in (the caller may mutate it). */
export function tinyTrial(over: DeepPartial<RecurrentTrialConfig> = {}): RecurrentTrialConfig {
  return merge(TINY, over) as RecurrentTrialConfig;
}
