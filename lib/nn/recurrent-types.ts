// Argument shapes of the per-direction recurrent kernels (TypeScript in recurrent.ts, C in native/recurrent.c).
import type { CellType } from './types';

export interface DirArgs {
  cell: CellType;
  T: number;
  B: number;
  H: number;
  /** processes t = T-1 … 0 (the _reverse direction) */
  reverse: boolean;
  /** input [T*B, inW] */
  inp: Float32Array;
  inW: number;
  wih: Float32Array;
  whh: Float32Array;
  bih: Float32Array;
  bhh: Float32Array;
  /** [T*B, G*H]: activated gate values after forward */
  gates: Float32Array;
  /** layer output [T*B, ldh]; this direction owns columns outOff … outOff+H */
  out: Float32Array;
  outOff: number;
  ldh: number;
  c: Float32Array | null; // LSTM cell state [T*B, H]
  tc: Float32Array | null; // LSTM tanh(c)
  hn: Float32Array | null; // GRU W_hn h + b_hn
  hh: Float32Array | null; // GRU scratch [B, G*H]
}

export interface DirGradArgs extends DirArgs {
  /** d(loss)/d(out), same layout as out */
  dOut: Float32Array;
  dG: Float32Array; // [T*B, G*H]
  dGh: Float32Array | null; // GRU hidden-side gate gradients
  dh: Float32Array; // [B, H]
  dc: Float32Array | null; // LSTM [B, H]
  gWih: Float32Array;
  gWhh: Float32Array;
  gBih: Float32Array;
  gBhh: Float32Array;
  /** d(loss)/d(inp) is written (dInBeta 0) or added (1) here when not null */
  dIn: Float32Array | null;
  dInBeta: number;
}

export interface RecurrentKernels {
  forward(a: DirArgs): void;
  backward(a: DirGradArgs): void;
}
