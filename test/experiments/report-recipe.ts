// The report's final recipe as a plain trial config: the base that the config and search tests build on.
import { tinyTrial } from '../tiny-trial';

export const reportBase = tinyTrial({
  cv: { folds: 5, run: 5 },
  window: { size: 25, stride: 2 },
  model: { cell: 'lstm', hiddenSize: 256, layers: 2, dropout: 0.3 },
  train: { epochs: 100, batchSize: 128, lr: 1e-3, labelSmoothing: 0.1, patience: 20 },
});
