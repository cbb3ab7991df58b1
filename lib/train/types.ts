// Shapes shared by the training modules and by the experiment configs above them.
import type { Param } from '../nn/types';

export type CellName = 'rnn' | 'lstm' | 'gru';

/** The architecture knobs of a config; inputSize and classes come from the data. */
export interface ModelHyper {
  cell: CellName;
  hiddenSize: number;
  layers: number;
  bidirectional: boolean;
  dropout: number;
}

export interface WindowConfig {
  size: number;
  stride: number;
}

export interface TrainHyper {
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: 'adamw' | 'adam';
  /** AdamW: decoupled decay; Adam: L2 added to the gradient (PyTorch's meanings) */
  weightDecay: number;
  /** explicit penalties l1·Σ|w| + l2·Σw² added to the loss */
  l1: number;
  l2: number;
  labelSmoothing: number;
  /** 'inverse-log': 1/log(1+count) from the training fold's window counts */
  classWeights: 'inverse-log' | 'none';
  /** epochs without a better validation score before stopping */
  patience: number;
  /** cap on training windows drawn per epoch (a fresh seeded subset each epoch); absent = all */
  maxWindowsPerEpoch?: number;
  /**
   * Which subjects pick the epoch whose weights a fold keeps. 'validation' (also when absent): the fold's validation
   * subjects, the report's procedure; the score it reports is then the best of many looks at those subjects, an
   * optimistic figure. 'inner': a stratified split of the fold's training subjects (lib/split innerSplit), so the
   * validation subjects are scored once, untouched.
   */
  earlyStopping?: EarlyStopping;
  /** 'inner' only: share of each class of the fold's training subjects held out to stop on; absent = the fold's own validation share, 1/K */
  innerFraction?: number;
}

export type EarlyStopping = 'inner' | 'validation';

export interface TrainConfig extends TrainHyper {
  /** drives weight init, shuffling and dropout */
  seed: number;
}

/** What the loop needs of a model; RecurrentClassifier has it, and tests can supply a tiny deterministic one. */
export interface TrainableModel {
  readonly params: Param[];
  forward(x: Float32Array, batch: number, steps: number, training: boolean): Float32Array;
  backward(dLogits: Float32Array): void;
  zeroGrad(): void;
  reseedDropout(seed: number): void;
}

/**
 * One epoch's numbers. Train metrics are over the epoch's windows as trained (dropout on); val metrics per subject,
 * always the fold's validation subjects (whether or not they choose the epoch); inner metrics the early-stopping
 * subjects when they are a separate inner split.
 */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  /** l1/l2 penalty at the end of the epoch (not included in trainLoss) */
  penalty: number;
  trainAccuracy: number;
  trainMacroF1: number;
  /** window-level cross-entropy with the training criterion (class weights, label smoothing) */
  valLoss?: number;
  /** subject level: majority vote of window argmaxes */
  valAccuracy?: number;
  valMacroF1?: number;
  /**
   * the predicted class of each validation subject at this epoch, ids ascending (the order of the fold record's
   * predictions), so a learning curve's macro-F1 can be resampled over subjects like the final figure
   */
  valPredicted?: number[];
  /** the inner early-stopping subjects' loss, accuracy and macro-F1 (earlyStopping 'inner' only) */
  innerLoss?: number;
  innerAccuracy?: number;
  innerMacroF1?: number;
  /** training windows per second in this epoch */
  windowsPerSecond: number;
  seconds: number;
}

export interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** windows trained so far in this epoch */
  windows: number;
  epochWindows: number;
  windowsPerSecond: number;
  /** seconds left in this epoch */
  epochEta: number;
  /** seconds left if every remaining epoch runs (early stopping can only shorten it) */
  eta: number;
  loss: number;
}
