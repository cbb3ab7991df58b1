// One direction of one recurrent layer over all time steps: forward, and backward with its weight gradients.
// Time-major layout (row t*B+b). The input projection of all T*B rows is one gemm; each step adds h·W_hh^T with one
// gemm into its own contiguous rows and runs a fused gate kernel. Backward keeps the gate gradients of every step so
// dW_ih, dW_hh and dX are each a single gemm over all steps. lib/nn/native/recurrent.c is the same algorithm in C.
import { colSum, colSumInto } from './colsum';
import type { Gemm } from './gemm/types';
import { gruBackward, gruForward, lstmBackward, lstmForward, rnnBackward, rnnForward } from './kernels';
import type { CellType } from './types';
import type { DirArgs, DirGradArgs, RecurrentKernels } from './recurrent-types';
import { gateCount } from './types';

export type { DirArgs, DirGradArgs, RecurrentKernels } from './recurrent-types';

const req = <T>(v: T | null, what: string): T => {
  if (v === null) throw new Error(`recurrent: ${what} buffer missing`);
  return v;
};

/** TypeScript kernels over any gemm */
export function typescriptRecurrent(gemm: Gemm): RecurrentKernels {
  return {
    forward(a: DirArgs): void {
      const { cell, T, B, H, reverse, inp, inW, gates, out, outOff, ldh, bih, bhh } = a;
      const G = gateCount(cell) * H;
      const TB = T * B;
      for (let r = 0; r < TB; r++) {
        const o = r * G;
        if (cell === 'gru') gates.set(bih, o);
        else for (let j = 0; j < G; j++) gates[o + j] = bih[j] + bhh[j];
      }
      gemm.sgemm(false, true, TB, G, inW, 1, inp, 0, inW, a.wih, 0, inW, 1, gates, 0, G);
      for (let s = 0; s < T; s++) {
        const t = reverse ? T - 1 - s : s;
        const tp = reverse ? t + 1 : t - 1;
        const gOff = t * B * G;
        const hOff = t * B * ldh + outOff;
        const hpOff = tp * B * ldh + outOff;
        if (cell === 'gru') {
          const hh = req(a.hh, 'hh');
          for (let b = 0; b < B; b++) hh.set(bhh, b * G);
          if (s > 0) gemm.sgemm(false, true, B, G, H, 1, out, hpOff, ldh, a.whh, 0, H, 1, hh, 0, G);
          gruForward(B, H, gates, gOff, hh, req(a.hn, 'hn'), t * B * H, s > 0 ? out : null, hpOff, out, hOff, ldh);
        } else {
          if (s > 0) gemm.sgemm(false, true, B, G, H, 1, out, hpOff, ldh, a.whh, 0, H, 1, gates, gOff, G);
          if (cell === 'lstm') {
            const c = req(a.c, 'c');
            lstmForward(B, H, gates, gOff, s > 0 ? c : null, tp * B * H, c, t * B * H, req(a.tc, 'tc'), out, hOff, ldh);
          } else {
            rnnForward(B, H, gates, gOff, out, hOff, ldh);
          }
        }
      }
    },

    backward(a: DirGradArgs): void {
      const { cell, T, B, H, reverse, inp, inW, gates: act, out, outOff, ldh, dOut, dG, dh } = a;
      const G = gateCount(cell) * H;
      const TB = T * B;
      const dGh = cell === 'gru' ? req(a.dGh, 'dGh') : dG;
      for (let s = T - 1; s >= 0; s--) {
        const t = reverse ? T - 1 - s : s;
        const tp = reverse ? t + 1 : t - 1;
        const gOff = t * B * G;
        const hOff = t * B * ldh + outOff;
        const hpOff = tp * B * ldh + outOff;
        const first = s === T - 1;
        if (cell === 'lstm') {
          const c = req(a.c, 'c');
          lstmBackward(B, H, act, gOff, c, req(a.tc, 'tc'), t * B * H, s > 0 ? c : null, tp * B * H,
            dOut, hOff, ldh, first ? null : dh, req(a.dc, 'dc'), first, dG);
          if (s > 0) gemm.sgemm(false, false, B, H, G, 1, dG, gOff, G, a.whh, 0, H, 0, dh, 0, H);
        } else if (cell === 'gru') {
          gruBackward(B, H, act, gOff, req(a.hn, 'hn'), t * B * H, s > 0 ? out : null, hpOff, dOut, hOff, ldh, dh, first, dG, dGh);
          if (s > 0) gemm.sgemm(false, false, B, H, G, 1, dGh, gOff, G, a.whh, 0, H, 1, dh, 0, H);
        } else {
          rnnBackward(B, H, act, gOff, dOut, hOff, ldh, first ? null : dh, dG);
          if (s > 0) gemm.sgemm(false, false, B, H, G, 1, dG, gOff, G, a.whh, 0, H, 0, dh, 0, H);
        }
      }
      gemm.sgemm(true, false, G, inW, TB, 1, dG, 0, G, inp, 0, inW, 1, a.gWih, 0, inW);
      if (T > 1) {
        // step t's previous hidden state is out[t-1] (forward) or out[t+1] (reverse); the first step has h = 0
        const gStart = reverse ? 0 : B * G;
        const hStart = (reverse ? B * ldh : 0) + outOff;
        gemm.sgemm(true, false, G, H, (T - 1) * B, 1, dGh, gStart, G, out, hStart, ldh, 1, a.gWhh, 0, H);
      }
      if (cell === 'gru') {
        colSumInto(dG, TB, G, a.gBih);
        colSumInto(dGh, TB, G, a.gBhh);
      } else {
        // both biases enter the same pre-activation: one column sum serves both
        const sum = colSum(dG, TB, G);
        for (let j = 0; j < G; j++) {
          a.gBih[j] += sum[j];
          a.gBhh[j] += sum[j];
        }
      }
      if (a.dIn) gemm.sgemm(false, false, TB, inW, G, 1, dG, 0, G, a.wih, 0, inW, a.dInBeta, a.dIn, 0, inW);
    },
  };
}

const CELL_CODE: Record<CellType, number> = { rnn: 0, lstm: 1, gru: 2 };

/** positional entry points of lib/nn/native (see gemm.c: dirForward / dirBackward) */
export interface NativeRecurrentBinding {
  dirForward(...args: (number | Float32Array | null)[]): void;
  dirBackward(...args: (number | Float32Array | null)[]): void;
}

export function nativeRecurrent(n: NativeRecurrentBinding): RecurrentKernels {
  const head = (a: DirArgs): (number | Float32Array | null)[] => [
    CELL_CODE[a.cell], a.T, a.B, a.H, a.reverse ? 1 : 0, a.inW, a.ldh, a.outOff,
    a.inp, a.wih, a.whh, a.bih, a.bhh, a.gates, a.out, a.c, a.tc, a.hn, a.hh,
  ];
  return {
    forward: (a) => n.dirForward(...head(a)),
    backward: (a) => n.dirBackward(...head(a), a.dOut, a.dG, a.dGh, a.dh, a.dc, a.gWih, a.gWhh, a.gBih, a.gBhh, a.dIn, a.dInBeta),
  };
}
