// The report's final recipe as a plain trial config: the base that the config and search tests build on.
export const reportBase = {
  seed: 42,
  cv: { folds: 5, run: 5 },
  features: {},
  window: { size: 25, stride: 2 },
  model: { cell: 'lstm', hiddenSize: 256, layers: 2, bidirectional: false, dropout: 0.3 },
  train: {
    epochs: 100, batchSize: 128, lr: 1e-3, optimizer: 'adamw', weightDecay: 0.01, l1: 0, l2: 0,
    labelSmoothing: 0.1, classWeights: 'inverse-log', patience: 20,
  },
};
