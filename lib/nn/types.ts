// Shared shapes of the nn engine.
import { CHOICES, LIMITS, SettingError, checkChoice, checkRange } from '../limits';

export type CellType = (typeof CHOICES.cell)[number];

export const CELL_TYPES: readonly CellType[] = CHOICES.cell;

/** Architecture of a recurrent classifier (PyTorch nn.RNN/LSTM/GRU with batch_first, then nn.Linear). */
export interface ModelSpec {
  cell: CellType;
  inputSize: number;
  hiddenSize: number;
  layers: number;
  bidirectional: boolean;
  /** dropout between stacked recurrent layers (not after the last), as PyTorch's `dropout` argument */
  dropout: number;
  classes: number;
}

/** One trainable tensor; `grad` has the same length as `data` and is accumulated by backward(). */
export interface Param {
  name: string;
  shape: number[];
  data: Float32Array;
  grad: Float32Array;
}

/** gates per cell: rows of weight_ih/weight_hh are G*hidden */
export function gateCount(cell: CellType): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

/**
 * Throws a SettingError naming the offending key (`${where}.layers`) when a spec is not usable. The architecture
 * limits are the config's (lib/limits.ts); inputSize and classes come from the data, not from a config.
 */
export function checkSpec(spec: ModelSpec, where = 'spec'): void {
  checkChoice(`${where}.cell`, spec.cell, CELL_TYPES);
  checkRange(`${where}.inputSize`, spec.inputSize, { integer: true, min: 1, max: 1 << 20 });
  checkRange(`${where}.hiddenSize`, spec.hiddenSize, LIMITS.model.hiddenSize);
  checkRange(`${where}.layers`, spec.layers, LIMITS.model.layers);
  checkRange(`${where}.classes`, spec.classes, { integer: true, min: 1, max: 1 << 16 });
  if (typeof spec.bidirectional !== 'boolean') throw new SettingError(`${where}.bidirectional`, `expected true or false, got ${String(spec.bidirectional)}`);
  checkRange(`${where}.dropout`, spec.dropout, LIMITS.model.dropout);
}
