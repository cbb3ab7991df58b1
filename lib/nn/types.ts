// Shared shapes of the nn engine.

export type CellType = 'rnn' | 'lstm' | 'gru';

export const CELL_TYPES: readonly CellType[] = ['rnn', 'lstm', 'gru'];

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

/** Throws a clear error naming the offending key when a spec is not usable. */
export function checkSpec(spec: ModelSpec, where = 'spec'): void {
  if (!CELL_TYPES.includes(spec.cell)) throw new Error(`${where}.cell: expected one of ${CELL_TYPES.join('|')}, got ${String(spec.cell)}`);
  const ints: [keyof ModelSpec, number, number][] = [
    ['inputSize', 1, 1 << 20],
    ['hiddenSize', 1, 1 << 16],
    ['layers', 1, 4],
    ['classes', 1, 1 << 16],
  ];
  for (const [k, lo, hi] of ints) {
    const v = spec[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      throw new Error(`${where}.${k}: expected an integer in [${lo}, ${hi}], got ${String(v)}`);
    }
  }
  if (typeof spec.bidirectional !== 'boolean') throw new Error(`${where}.bidirectional: expected a boolean, got ${String(spec.bidirectional)}`);
  if (typeof spec.dropout !== 'number' || !(spec.dropout >= 0 && spec.dropout < 1)) {
    throw new Error(`${where}.dropout: expected a number in [0, 1), got ${String(spec.dropout)}`);
  }
}
