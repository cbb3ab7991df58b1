// RecurrentClassifier: PyTorch's nn.RNN/LSTM/GRU(batch_first=True) → output[:, -1, :] → nn.Linear, with full BPTT.
//
// Layout (why it is fast): the input is transposed to time-major [T, B, in] once, so each layer/direction does one
// big gemm for the input projection of all T*B rows, then one gemm per step for h·W_hh^T into that step's
// contiguous rows. Both directions write into one [T, B, D*H] output, which is the next layer's input as is.
// In backward the per-step gate gradients are kept for all steps, so dW_ih, dW_hh and dX are single gemms.
// All buffers live in a workspace per (batch, steps) that is reused across calls.
import { colSumInto } from './colsum';
import { getGemm } from './gemm/index';
import type { Gemm } from './gemm/index';
import { fillDropoutMask } from './dropout';
import { typescriptRecurrent } from './recurrent';
import type { RecurrentKernels } from './recurrent';
import { Rng } from './rng';
import { checkSpec, gateCount } from './types';
import type { ModelSpec, Param } from './types';
import { modelFromJSON, modelToJSON } from './serialize';
import type { ModelJSON } from './serialize';

interface DirParams {
  wih: Param;
  whh: Param;
  bih: Param;
  bhh: Param;
}

interface LayerBuffers {
  out: Float32Array; // [T, B, D*H]
  mask: Float32Array | null; // dropout mask on out (0 or 1/(1-p)), layers < L-1 when training with p > 0
  dropped: Float32Array | null; // out * mask: the next layer's input
  gates: Float32Array[]; // per direction [T, B, G*H], activated in place
  c: Float32Array[]; // LSTM cell state per direction [T, B, H]
  tc: Float32Array[]; // LSTM tanh(c)
  hn: Float32Array[]; // GRU W_hn h + b_hn
}

interface Workspace {
  batch: number;
  steps: number;
  x: Float32Array; // time-major input [T, B, in]
  layers: LayerBuffers[];
  logits: Float32Array;
  hh: Float32Array; // GRU per-step h·W_hh^T scratch [B, 3H]
  // backward buffers, allocated on first backward
  dA: Float32Array | null; // [T, B, D*H] ping
  dB: Float32Array | null; // pong
  dG: Float32Array | null; // [T, B, G*H]
  dGh: Float32Array | null; // GRU hidden-side gate gradients
  dh: Float32Array | null; // [B, H]
  dc: Float32Array | null; // [B, H]
}

/** inference batches larger than this run in chunks so memory stays bounded */
const INFER_CHUNK = 512;
const MAX_WORKSPACES = 4;

export interface ModelOptions {
  seed?: number;
  gemm?: Gemm;
}

export class RecurrentClassifier {
  readonly spec: ModelSpec;
  readonly params: Param[];
  readonly gemm: Gemm;
  /** per-direction recurrent kernels: the gemm's fused native ones when it has them */
  private readonly kernels: RecurrentKernels;
  /** seed used for the initial weights (informational) */
  readonly seed: number;
  private readonly dirs: DirParams[][]; // [layer][direction]
  private readonly fcW: Param;
  private readonly fcB: Param;
  private dropRng: Rng;
  private workspaces = new Map<string, Workspace>();
  private last: { ws: Workspace; training: boolean } | null = null;
  private chunkLogits = new Float32Array(0);

  constructor(spec: ModelSpec, opts: ModelOptions = {}) {
    checkSpec(spec);
    this.spec = { ...spec };
    this.gemm = opts.gemm ?? getGemm('auto');
    this.kernels = this.gemm.recurrent ?? typescriptRecurrent(this.gemm);
    this.seed = opts.seed ?? 0;
    const { cell, inputSize, hiddenSize: H, layers, bidirectional, classes } = spec;
    const G = gateCount(cell) * H;
    const D = bidirectional ? 2 : 1;
    const mk = (name: string, shape: number[]): Param => {
      const n = shape.reduce((a, b) => a * b, 1);
      return { name, shape, data: new Float32Array(n), grad: new Float32Array(n) };
    };
    this.params = [];
    this.dirs = [];
    for (let l = 0; l < layers; l++) {
      const inp = l === 0 ? inputSize : D * H;
      const row: DirParams[] = [];
      for (let d = 0; d < D; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        const p: DirParams = {
          wih: mk(`rnn.weight_ih${sfx}`, [G, inp]),
          whh: mk(`rnn.weight_hh${sfx}`, [G, H]),
          bih: mk(`rnn.bias_ih${sfx}`, [G]),
          bhh: mk(`rnn.bias_hh${sfx}`, [G]),
        };
        this.params.push(p.wih, p.whh, p.bih, p.bhh);
        row.push(p);
      }
      this.dirs.push(row);
    }
    this.fcW = mk('fc.weight', [classes, D * H]);
    this.fcB = mk('fc.bias', [classes]);
    this.params.push(this.fcW, this.fcB);

    // PyTorch defaults: every RNN tensor U(-1/√H, 1/√H); Linear weight kaiming_uniform(a=√5) = U(-1/√in, 1/√in),
    // bias U(-1/√in, 1/√in). Same order as named_parameters().
    const rng = new Rng(this.seed);
    const fill = (p: Param, bound: number): void => {
      for (let i = 0; i < p.data.length; i++) p.data[i] = rng.uniform(-bound, bound);
    };
    for (const p of this.params.slice(0, -2)) fill(p, 1 / Math.sqrt(H));
    fill(this.fcW, 1 / Math.sqrt(D * H));
    fill(this.fcB, 1 / Math.sqrt(D * H));
    this.dropRng = new Rng(dropoutSeed(this.seed));
  }

  /** Seeds the dropout-mask stream (e.g. per epoch) so a run is reproducible whatever happened before. */
  reseedDropout(seed: number): void {
    this.dropRng = new Rng(seed);
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0);
  }

  /** total number of scalar parameters */
  get size(): number {
    return this.params.reduce((a, p) => a + p.data.length, 0);
  }

  /** x: [batch, steps, inputSize]; returns logits [batch, classes], a view valid until the next forward. */
  forward(x: Float32Array, batch: number, steps: number, training: boolean): Float32Array {
    const { inputSize, classes } = this.spec;
    if (!Number.isInteger(batch) || batch < 1) throw new Error(`forward: batch must be a positive integer, got ${batch}`);
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`forward: steps must be a positive integer, got ${steps}`);
    if (x.length !== batch * steps * inputSize) {
      throw new Error(`forward: x has ${x.length} values, expected batch ${batch} × steps ${steps} × inputSize ${inputSize} = ${batch * steps * inputSize}`);
    }
    if (training || batch <= INFER_CHUNK) {
      const ws = this.workspace(batch, steps);
      this.run(ws, x, 0, training);
      this.last = { ws, training };
      return ws.logits;
    }
    // inference in bounded memory
    if (this.chunkLogits.length !== batch * classes) this.chunkLogits = new Float32Array(batch * classes);
    for (let b0 = 0; b0 < batch; b0 += INFER_CHUNK) {
      const nb = Math.min(INFER_CHUNK, batch - b0);
      const ws = this.workspace(nb, steps);
      this.run(ws, x, b0, false);
      this.chunkLogits.set(ws.logits, b0 * classes);
    }
    this.last = null;
    return this.chunkLogits;
  }

  private workspace(batch: number, steps: number): Workspace {
    const key = `${batch}x${steps}`;
    let ws = this.workspaces.get(key);
    if (ws) {
      // refresh recency
      this.workspaces.delete(key);
      this.workspaces.set(key, ws);
      return ws;
    }
    const { cell, inputSize, hiddenSize: H, layers, bidirectional, classes } = this.spec;
    const D = bidirectional ? 2 : 1;
    const G = gateCount(cell) * H;
    const TB = batch * steps;
    const lb: LayerBuffers[] = [];
    for (let l = 0; l < layers; l++) {
      const per = (n: number): Float32Array[] => Array.from({ length: D }, () => new Float32Array(n));
      lb.push({
        out: new Float32Array(TB * D * H),
        mask: null,
        dropped: null,
        gates: per(TB * G),
        c: cell === 'lstm' ? per(TB * H) : [],
        tc: cell === 'lstm' ? per(TB * H) : [],
        hn: cell === 'gru' ? per(TB * H) : [],
      });
    }
    ws = {
      batch, steps, x: new Float32Array(TB * inputSize), layers: lb, logits: new Float32Array(batch * classes),
      hh: new Float32Array(cell === 'gru' ? batch * G : 0),
      dA: null, dB: null, dG: null, dGh: null, dh: null, dc: null,
    };
    this.workspaces.set(key, ws);
    if (this.workspaces.size > MAX_WORKSPACES) {
      const oldest = this.workspaces.keys().next().value as string;
      if (this.last?.ws === this.workspaces.get(oldest)) this.last = null;
      this.workspaces.delete(oldest);
    }
    return ws;
  }

  /** forward of rows [b0, b0+ws.batch) of x into ws */
  private run(ws: Workspace, x: Float32Array, b0: number, training: boolean): void {
    const { cell, inputSize: I, hiddenSize: H, layers, bidirectional, classes: C, dropout } = this.spec;
    const gemm = this.gemm;
    const B = ws.batch, T = ws.steps, TB = B * T;
    const D = bidirectional ? 2 : 1, DH = D * H;
    const G = gateCount(cell) * H;
    // [B, T, I] → [T, B, I]
    const xs = ws.x;
    for (let b = 0; b < B; b++) {
      const src = (b0 + b) * T * I;
      for (let t = 0; t < T; t++) xs.set(x.subarray(src + t * I, src + (t + 1) * I), (t * B + b) * I);
    }
    let inp = xs;
    let inW = I;
    for (let l = 0; l < layers; l++) {
      const L = ws.layers[l];
      for (let d = 0; d < D; d++) {
        const p = this.dirs[l][d];
        this.kernels.forward({
          cell, T, B, H, reverse: d === 1, inp, inW,
          wih: p.wih.data, whh: p.whh.data, bih: p.bih.data, bhh: p.bhh.data,
          gates: L.gates[d], out: L.out, outOff: d * H, ldh: DH,
          c: L.c[d] ?? null, tc: L.tc[d] ?? null, hn: L.hn[d] ?? null, hh: cell === 'gru' ? ws.hh : null,
        });
      }
      inp = L.out;
      inW = DH;
      if (training && dropout > 0 && l < layers - 1) {
        if (!L.mask) {
          L.mask = new Float32Array(TB * DH);
          L.dropped = new Float32Array(TB * DH);
        }
        const mask = L.mask, dropped = L.dropped as Float32Array, out = L.out;
        fillDropoutMask(this.dropRng, mask, B, T, DH, dropout);
        for (let i = 0; i < TB * DH; i++) dropped[i] = out[i] * mask[i];
        inp = dropped;
      }
    }
    // logits = out[T-1] · W_fc^T + b_fc
    const last = ws.layers[layers - 1].out;
    const logits = ws.logits;
    for (let b = 0; b < B; b++) logits.set(this.fcB.data, b * C);
    gemm.sgemm(false, true, B, C, DH, 1, last, (T - 1) * B * DH, DH, this.fcW.data, 0, DH, 1, logits, 0, C);
  }

  /** Accumulates d(loss)/d(param) into params[].grad given d(loss)/d(logits) of the last training forward. */
  backward(dLogits: Float32Array): void {
    if (!this.last || !this.last.training) throw new Error('backward: call forward(..., training = true) first');
    const ws = this.last.ws;
    const { cell, inputSize: I, hiddenSize: H, layers, bidirectional, classes: C, dropout } = this.spec;
    const gemm = this.gemm;
    const B = ws.batch, T = ws.steps, TB = B * T;
    const D = bidirectional ? 2 : 1, DH = D * H;
    const G = gateCount(cell) * H;
    if (dLogits.length !== B * C) throw new Error(`backward: dLogits has ${dLogits.length} values, expected batch ${B} × classes ${C}`);
    if (!ws.dA) {
      ws.dA = new Float32Array(TB * DH);
      ws.dB = new Float32Array(TB * DH);
      ws.dG = new Float32Array(TB * G);
      ws.dGh = cell === 'gru' ? new Float32Array(TB * G) : null;
      ws.dh = new Float32Array(B * H);
      ws.dc = new Float32Array(B * H);
    }
    const dG = ws.dG as Float32Array;
    const dGh = cell === 'gru' ? (ws.dGh as Float32Array) : dG;
    const dh = ws.dh as Float32Array, dc = ws.dc as Float32Array;
    let dOut = ws.dA;
    let dIn = ws.dB as Float32Array;

    // Linear
    const lastOut = ws.layers[layers - 1].out;
    const fOff = (T - 1) * B * DH;
    gemm.sgemm(true, false, C, DH, B, 1, dLogits, 0, C, lastOut, fOff, DH, 1, this.fcW.grad, 0, DH);
    colSumInto(dLogits, B, C, this.fcB.grad);
    dOut.fill(0, 0, fOff);
    gemm.sgemm(false, false, B, DH, C, 1, dLogits, 0, C, this.fcW.data, 0, DH, 0, dOut, fOff, DH);

    for (let l = layers - 1; l >= 0; l--) {
      const L = ws.layers[l];
      const below = l > 0 ? ws.layers[l - 1] : null;
      const useDrop = below !== null && dropout > 0 && below.mask !== null;
      const inp = below === null ? ws.x : useDrop ? (below.dropped as Float32Array) : below.out;
      const inW = l === 0 ? I : DH;
      for (let d = 0; d < D; d++) {
        const p = this.dirs[l][d];
        this.kernels.backward({
          cell, T, B, H, reverse: d === 1, inp, inW,
          wih: p.wih.data, whh: p.whh.data, bih: p.bih.data, bhh: p.bhh.data,
          gates: L.gates[d], out: L.out, outOff: d * H, ldh: DH,
          c: L.c[d] ?? null, tc: L.tc[d] ?? null, hn: L.hn[d] ?? null, hh: null,
          dOut, dG, dGh: cell === 'gru' ? dGh : null, dh, dc: cell === 'lstm' ? dc : null,
          gWih: p.wih.grad, gWhh: p.whh.grad, gBih: p.bih.grad, gBhh: p.bhh.grad,
          dIn: below !== null ? dIn : null, dInBeta: d === 0 ? 0 : 1,
        });
      }
      if (below !== null) {
        if (useDrop) {
          const mask = below.mask as Float32Array;
          for (let i = 0; i < TB * DH; i++) dIn[i] *= mask[i];
        }
        const tmp = dOut;
        dOut = dIn;
        dIn = tmp;
      }
    }
  }

  toJSON(): ModelJSON {
    return modelToJSON(this.spec, this.params, this.seed);
  }

  static fromJSON(j: ModelJSON, opts: { gemm?: Gemm } = {}): RecurrentClassifier {
    return modelFromJSON(j, (spec, seed) => new RecurrentClassifier(spec, { seed, gemm: opts.gemm }));
  }
}

/** distinct stream for dropout masks so changing dropout never changes the initial weights */
function dropoutSeed(seed: number): number {
  return (seed ^ 0x5bd1e995) >>> 0;
}
