// The report's two model shapes, as benchmarked (windows of 25 steps × 30 features, 3 classes, batch 128).
import type { ModelSpec } from '../nn/types';

export interface BenchModel {
  name: string;
  label: string;
  spec: ModelSpec;
  /** timed batches per phase unless --batches says otherwise (enough for a stable figure in a few seconds) */
  batches: number;
}

export const BENCH_MODELS: BenchModel[] = [
  {
    name: 'lstm',
    label: 'LSTM 2×256',
    spec: { cell: 'lstm', inputSize: 30, hiddenSize: 256, layers: 2, bidirectional: false, dropout: 0.2, classes: 3 },
    batches: 20,
  },
  {
    name: 'rnn',
    label: 'RNN 1×64',
    spec: { cell: 'rnn', inputSize: 30, hiddenSize: 64, layers: 1, bidirectional: false, dropout: 0, classes: 3 },
    batches: 200,
  },
];

export const BENCH_STEPS = 25;
export const BENCH_BATCH = 128;
