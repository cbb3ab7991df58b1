// Fused elementwise gate kernels for one time step of one direction (all batch rows). Gate pre-activations sit
// in `gates` rows of width G*H (PyTorch order); activations overwrite them in place because backward needs the
// activated values. Hidden states are written into the layer output, whose rows are `ldh` wide (both directions).
// The transcendental parts of the RNN and LSTM kernels run as one SIMD pass per step where WebAssembly SIMD exists
// (V8's Math.tanh/Math.exp cost ~15 ns each, more than the whole step's products otherwise).
import { wasmActivate } from './gemm/wasm';

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** h = tanh(pre); pre in gates[gOff..], h to out[hOff + b*ldh + j] */
export function rnnForward(batch: number, hidden: number, gates: Float32Array, gOff: number,
  out: Float32Array, hOff: number, ldh: number): void {
  if (wasmActivate('tanh', gates, gOff, batch * hidden, gates, gOff)) {
    for (let b = 0; b < batch; b++) {
      const g = gOff + b * hidden;
      out.set(gates.subarray(g, g + hidden), hOff + b * ldh);
    }
    return;
  }
  for (let b = 0; b < batch; b++) {
    const g = gOff + b * hidden, o = hOff + b * ldh;
    for (let j = 0; j < hidden; j++) {
      const h = Math.tanh(gates[g + j]);
      gates[g + j] = h;
      out[o + j] = h;
    }
  }
}

/** LSTM: i,f,g,o gates; c = f*cPrev + i*g; h = o*tanh(c). cPrev null at the first step (zero state). */
export function lstmForward(batch: number, hidden: number, gates: Float32Array, gOff: number,
  cPrev: Float32Array | null, cPrevOff: number, c: Float32Array, cOff: number, tc: Float32Array,
  out: Float32Array, hOff: number, ldh: number): void {
  const H = hidden, G = 4 * H;
  if (lstmForwardSimd(batch, H, gates, gOff, cPrev, cPrevOff, c, cOff, tc, out, hOff, ldh)) return;
  for (let b = 0; b < batch; b++) {
    const g = gOff + b * G, cr = cOff + b * H, cp = cPrevOff + b * H, o = hOff + b * ldh;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(gates[g + j]);
      const f = sigmoid(gates[g + H + j]);
      const gg = Math.tanh(gates[g + 2 * H + j]);
      const og = sigmoid(gates[g + 3 * H + j]);
      gates[g + j] = i;
      gates[g + H + j] = f;
      gates[g + 2 * H + j] = gg;
      gates[g + 3 * H + j] = og;
      const cv = (cPrev === null ? 0 : f * cPrev[cp + j]) + i * gg;
      c[cr + j] = cv;
      const t = Math.tanh(cv);
      tc[cr + j] = t;
      out[o + j] = og * t;
    }
  }
}

/** lstmForward with one SIMD sigmoid over all gates (g as tanh(x) = 2σ(2x) − 1) and one SIMD tanh over c */
function lstmForwardSimd(batch: number, H: number, gates: Float32Array, gOff: number,
  cPrev: Float32Array | null, cPrevOff: number, c: Float32Array, cOff: number, tc: Float32Array,
  out: Float32Array, hOff: number, ldh: number): boolean {
  const G = 4 * H;
  const gEnd = gOff + batch * G;
  if (!wasmActivate('sigmoid', gates, gOff, 0, gates, gOff)) return false;
  for (let g = gOff + 2 * H; g < gEnd; g += G) for (let j = 0; j < H; j++) gates[g + j] *= 2;
  wasmActivate('sigmoid', gates, gOff, batch * G, gates, gOff);
  for (let b = 0; b < batch; b++) {
    const g = gOff + b * G, cr = cOff + b * H, cp = cPrevOff + b * H;
    for (let j = 0; j < H; j++) {
      const gg = 2 * gates[g + 2 * H + j] - 1;
      gates[g + 2 * H + j] = gg;
      c[cr + j] = (cPrev === null ? 0 : gates[g + H + j] * cPrev[cp + j]) + gates[g + j] * gg;
    }
  }
  wasmActivate('tanh', c, cOff, batch * H, tc, cOff);
  for (let b = 0; b < batch; b++) {
    const g = gOff + b * G + 3 * H, cr = cOff + b * H, o = hOff + b * ldh;
    for (let j = 0; j < H; j++) out[o + j] = gates[g + j] * tc[cr + j];
  }
  return true;
}

/**
 * GRU: gates hold x·W_ih^T + b_ih, hh holds h·W_hh^T + b_hh (this step). r,z,n overwrite gates; W_hn h + b_hn is
 * kept in hn for backward. hPrev null at the first step.
 */
export function gruForward(batch: number, hidden: number, gates: Float32Array, gOff: number, hh: Float32Array,
  hn: Float32Array, hnOff: number, hPrev: Float32Array | null, hPrevOff: number,
  out: Float32Array, hOff: number, ldh: number): void {
  const H = hidden, G = 3 * H;
  for (let b = 0; b < batch; b++) {
    const g = gOff + b * G, q = b * G, n0 = hnOff + b * H, p = hPrevOff + b * ldh, o = hOff + b * ldh;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(gates[g + j] + hh[q + j]);
      const z = sigmoid(gates[g + H + j] + hh[q + H + j]);
      const hnv = hh[q + 2 * H + j];
      const n = Math.tanh(gates[g + 2 * H + j] + r * hnv);
      gates[g + j] = r;
      gates[g + H + j] = z;
      gates[g + 2 * H + j] = n;
      hn[n0 + j] = hnv;
      const hp = hPrev === null ? 0 : hPrev[p + j];
      out[o + j] = (1 - z) * n + z * hp;
    }
  }
}

/** dPre = (dOut + dhRec) * (1 - h²) */
export function rnnBackward(batch: number, hidden: number, act: Float32Array, gOff: number,
  dOut: Float32Array, dOff: number, ldh: number, dhRec: Float32Array | null, dG: Float32Array): void {
  for (let b = 0; b < batch; b++) {
    const g = gOff + b * hidden, d = dOff + b * ldh, r = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const dh = dOut[d + j] + (dhRec === null ? 0 : dhRec[r + j]);
      const h = act[g + j];
      dG[g + j] = dh * (1 - h * h);
    }
  }
}

/** LSTM step backward; dcRec carries dc to the previous step (read then overwritten). */
export function lstmBackward(batch: number, hidden: number, act: Float32Array, gOff: number,
  c: Float32Array, tc: Float32Array, cOff: number, cPrev: Float32Array | null, cPrevOff: number,
  dOut: Float32Array, dOff: number, ldh: number, dhRec: Float32Array | null, dcRec: Float32Array, first: boolean,
  dG: Float32Array): void {
  const H = hidden, G = 4 * H;
  for (let b = 0; b < batch; b++) {
    const g = gOff + b * G, cr = cOff + b * H, cp = cPrevOff + b * H, d = dOff + b * ldh, r = b * H;
    for (let j = 0; j < H; j++) {
      const dh = dOut[d + j] + (dhRec === null ? 0 : dhRec[r + j]);
      const i = act[g + j], f = act[g + H + j], gg = act[g + 2 * H + j], o = act[g + 3 * H + j];
      const t = tc[cr + j];
      const dc = (first ? 0 : dcRec[r + j]) + dh * o * (1 - t * t);
      const cp0 = cPrev === null ? 0 : cPrev[cp + j];
      dG[g + j] = dc * gg * i * (1 - i);
      dG[g + H + j] = dc * cp0 * f * (1 - f);
      dG[g + 2 * H + j] = dc * i * (1 - gg * gg);
      dG[g + 3 * H + j] = dh * t * o * (1 - o);
      dcRec[r + j] = dc * f;
    }
  }
}

/**
 * GRU step backward. dGi: gradient of the input-side pre-activations (x·W_ih^T + b_ih), dGh: of the hidden-side
 * ones (h·W_hh^T + b_hh). dhRec is read (gradient from the next step) and overwritten with the direct z-path term
 * dh*z of the previous hidden state; the caller adds dGh·W_hh.
 */
export function gruBackward(batch: number, hidden: number, act: Float32Array, gOff: number, hn: Float32Array,
  hnOff: number, hPrev: Float32Array | null, hPrevOff: number, dOut: Float32Array, dOff: number, ldh: number,
  dhRec: Float32Array, first: boolean, dGi: Float32Array, dGh: Float32Array): void {
  const H = hidden, G = 3 * H;
  for (let b = 0; b < batch; b++) {
    const g = gOff + b * G, n0 = hnOff + b * H, p = hPrevOff + b * ldh, d = dOff + b * ldh, rr = b * H;
    for (let j = 0; j < H; j++) {
      const dh = dOut[d + j] + (first ? 0 : dhRec[rr + j]);
      const r = act[g + j], z = act[g + H + j], n = act[g + 2 * H + j];
      const hp = hPrev === null ? 0 : hPrev[p + j];
      const dnPre = dh * (1 - z) * (1 - n * n);
      const dzPre = dh * (hp - n) * z * (1 - z);
      const drPre = dnPre * hn[n0 + j] * r * (1 - r);
      dGi[g + j] = drPre;
      dGi[g + H + j] = dzPre;
      dGi[g + 2 * H + j] = dnPre;
      dGh[g + j] = drPre;
      dGh[g + H + j] = dzPre;
      dGh[g + 2 * H + j] = dnPre * r;
      dhRec[rr + j] = dh * z;
    }
  }
}
