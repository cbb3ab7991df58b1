// The same ModelSpec trained/inferred with TensorFlow.js, as an alternative backend and an independent check.
// Picks @tensorflow/tfjs-node when a user's machine has the real package (not a dependency here: its install
// downloads libtensorflow), else @tensorflow/tfjs-backend-wasm, else the pure-JS cpu backend.
// Weights stay in host Params so the same AdamW / penalties / serialisation as the native engine apply:
// lossAndGrads() fills params[].grad, then the caller steps its optimizer.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import { fillDropoutMask } from './dropout';
import { RecurrentClassifier } from './model';
import { Rng } from './rng';
import { typescriptGemm } from './gemm/typescript';
import type { CrossEntropyOptions } from './loss';
import { checkSpec, gateCount } from './types';
import type { ModelSpec, Param } from './types';

type TF = typeof tfjs;
export type TfjsBackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

let tfNode: TF | null | undefined;

/** The real @tensorflow/tfjs-node if installed (this project aliases that name to plain tfjs for danfojs). */
function loadTfNode(): TF | null {
  if (tfNode !== undefined) return tfNode;
  tfNode = null;
  try {
    const req = createRequire(join(process.cwd(), 'noop.js'));
    const pkg = req.resolve('@tensorflow/tfjs-node/package.json');
    const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name;
    if (name === '@tensorflow/tfjs-node' && existsSync(dirname(pkg))) {
      const mod = req('@tensorflow/tfjs-node') as TF;
      if (mod.findBackend('tensorflow')) tfNode = mod;
    }
  } catch {
    // not installed or its native library missing
  }
  return tfNode;
}

/** Initialises tfjs and returns the namespace plus the backend in use. */
export async function initTfjs(prefer: TfjsBackendChoice = 'auto'): Promise<{ tf: TF; backend: string }> {
  if (prefer === 'auto' || prefer === 'tensorflow') {
    const n = loadTfNode();
    if (n) {
      await n.setBackend('tensorflow');
      return { tf: n, backend: 'tensorflow' };
    }
    if (prefer === 'tensorflow') throw new Error('tfjs backend "tensorflow": @tensorflow/tfjs-node is not installed (or failed to load)');
  }
  if (prefer === 'auto' || prefer === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tfjs.setBackend('wasm')) {
        await tfjs.ready();
        return { tf: tfjs, backend: 'wasm' };
      }
    } catch (e) {
      if (prefer === 'wasm') throw new Error(`tfjs backend "wasm" unavailable: ${(e as Error).message}`);
    }
    if (prefer === 'wasm') throw new Error('tfjs backend "wasm" failed to initialise');
  }
  await tfjs.setBackend('cpu');
  await tfjs.ready();
  return { tf: tfjs, backend: 'cpu' };
}

/** RecurrentClassifier's forward and gradients computed by tfjs ops (PyTorch equations, parameter layout). */
export class TfjsClassifier {
  readonly spec: ModelSpec;
  readonly params: Param[];
  readonly backend: string;
  private dropRng: Rng;

  /** `from`: a model whose params (names, shapes, values) to share, or a seed for PyTorch-default init */
  constructor(private readonly tf: TF, spec: ModelSpec, from: RecurrentClassifier | number = 0) {
    checkSpec(spec);
    this.spec = { ...spec };
    const src = typeof from === 'number' ? new RecurrentClassifier(spec, { seed: from, gemm: typescriptGemm }) : from;
    this.params = src.params;
    this.backend = tf.getBackend();
    this.dropRng = new Rng(((typeof from === 'number' ? from : src.seed) ^ 0x5bd1e995) >>> 0);
  }

  reseedDropout(seed: number): void {
    this.dropRng = new Rng(seed);
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0);
  }

  private logits(w: Map<string, tfjs.Tensor>, x: tfjs.Tensor3D, masks: (tfjs.Tensor | null)[]): tfjs.Tensor2D {
    const tf = this.tf;
    const { cell, hiddenSize: H, layers, bidirectional } = this.spec;
    const [B, T] = x.shape;
    const D = bidirectional ? 2 : 1;
    const G = gateCount(cell) * H;
    let inp: tfjs.Tensor3D = x;
    for (let l = 0; l < layers; l++) {
      const outs: tfjs.Tensor3D[] = [];
      for (let d = 0; d < D; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        const get = (k: string): tfjs.Tensor => w.get(`rnn.${k}${sfx}`) as tfjs.Tensor;
        const wih = get('weight_ih') as tfjs.Tensor2D, whh = get('weight_hh') as tfjs.Tensor2D;
        const bih = get('bias_ih'), bhh = get('bias_hh');
        // input projection of all steps in one product: [B*T, in] · W_ih^T
        const inW = inp.shape[2];
        let proj = tf.matMul(tf.reshape(inp, [B * T, inW]) as tfjs.Tensor2D, wih, false, true);
        proj = cell === 'gru' ? tf.add(proj, bih) : tf.add(proj, tf.add(bih, bhh));
        const steps = tf.unstack(tf.reshape(proj, [B, T, G]), 1) as tfjs.Tensor2D[];
        let h: tfjs.Tensor2D | null = null;
        let c: tfjs.Tensor2D | null = null;
        const hs: tfjs.Tensor2D[] = new Array(T);
        for (let s = 0; s < T; s++) {
          const t = d === 0 ? s : T - 1 - s;
          const gi = steps[t];
          if (cell === 'gru') {
            const gh = h ? tf.add(tf.matMul(h, whh, false, true), bhh) : tf.add(tf.zerosLike(gi), bhh);
            const [ir, iz, iN] = tf.split(gi, 3, 1);
            const [hr, hz, hN] = tf.split(gh, 3, 1);
            const r = tf.sigmoid(tf.add(ir, hr));
            const z = tf.sigmoid(tf.add(iz, hz));
            const n = tf.tanh(tf.add(iN, tf.mul(r, hN)));
            h = (h ? tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) : tf.mul(tf.sub(1, z), n)) as tfjs.Tensor2D;
          } else {
            const pre = h ? tf.add(gi, tf.matMul(h, whh, false, true)) : gi;
            if (cell === 'rnn') h = tf.tanh(pre) as tfjs.Tensor2D;
            else {
              const [i, f, g, o] = tf.split(pre, 4, 1);
              const ig = tf.mul(tf.sigmoid(i), tf.tanh(g));
              c = (c ? tf.add(tf.mul(tf.sigmoid(f), c), ig) : ig) as tfjs.Tensor2D;
              h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as tfjs.Tensor2D;
            }
          }
          hs[t] = h;
        }
        outs.push(tf.stack(hs, 1) as tfjs.Tensor3D);
      }
      inp = D === 1 ? outs[0] : (tf.concat(outs, 2) as tfjs.Tensor3D);
      const m = masks[l];
      if (m) inp = tf.mul(inp, m) as tfjs.Tensor3D;
    }
    const last = tf.reshape(tf.slice(inp, [0, T - 1, 0], [B, 1, -1]), [B, D * H]) as tfjs.Tensor2D;
    return tf.add(tf.matMul(last, w.get('fc.weight') as tfjs.Tensor2D, false, true), w.get('fc.bias') as tfjs.Tensor) as tfjs.Tensor2D;
  }

  /** batch-major dropout masks drawn exactly as the native engine draws them */
  private masks(B: number, T: number, training: boolean): (tfjs.Tensor | null)[] {
    const { layers, dropout, hiddenSize, bidirectional } = this.spec;
    const DH = (bidirectional ? 2 : 1) * hiddenSize;
    const out: (tfjs.Tensor | null)[] = [];
    for (let l = 0; l < layers; l++) {
      if (!training || dropout === 0 || l === layers - 1) {
        out.push(null);
        continue;
      }
      const tm = new Float32Array(B * T * DH);
      fillDropoutMask(this.dropRng, tm, B, T, DH, dropout); // time-major [T, B, DH]
      const bm = new Float32Array(B * T * DH);
      for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) bm.set(tm.subarray((t * B + b) * DH, (t * B + b + 1) * DH), (b * T + t) * DH);
      out.push(this.tf.tensor3d(bm, [B, T, DH]));
    }
    return out;
  }

  private check(x: Float32Array, B: number, T: number): void {
    if (x.length !== B * T * this.spec.inputSize) {
      throw new Error(`tfjs forward: x has ${x.length} values, expected batch ${B} × steps ${T} × inputSize ${this.spec.inputSize}`);
    }
  }

  /** logits [B, classes] (a fresh array) */
  forward(x: Float32Array, batch: number, steps: number, training = false): Float32Array {
    this.check(x, batch, steps);
    return this.tf.tidy(() => {
      const w = new Map(this.params.map((p) => [p.name, this.tf.tensor(p.data, p.shape)]));
      return this.logits(w, this.tf.tensor3d(x, [batch, steps, this.spec.inputSize]), this.masks(batch, steps, training)).dataSync() as Float32Array;
    });
  }

  /** Training forward + PyTorch cross-entropy; adds d(loss)/d(param) into params[].grad. */
  lossAndGrads(x: Float32Array, batch: number, steps: number, y: ArrayLike<number>, o: CrossEntropyOptions = {}): { loss: number; logits: Float32Array } {
    this.check(x, batch, steps);
    const tf = this.tf;
    const C = this.spec.classes;
    const res = tf.tidy(() => {
      const vars = this.params.map((p) => tf.tensor(p.data, p.shape));
      const xt = tf.tensor3d(x, [batch, steps, this.spec.inputSize]);
      const masks = this.masks(batch, steps, true);
      const onehot = tf.oneHot(tf.tensor1d(Array.from(y), 'int32'), C).toFloat();
      const wv = tf.tensor1d(o.weights ?? new Float32Array(C).fill(1));
      const eps = o.labelSmoothing ?? 0;
      let logitsOut: tfjs.Tensor | null = null;
      const f = (...ws: tfjs.Tensor[]): tfjs.Scalar => {
        const logits = this.logits(new Map(this.params.map((p, i) => [p.name, ws[i]])), xt, masks);
        logitsOut = tf.keep(logits);
        const logp = tf.logSoftmax(logits);
        const wt = tf.sum(tf.mul(onehot, wv), 1);
        const nll = tf.neg(tf.sum(tf.mul(onehot, logp), 1));
        const smooth = tf.neg(tf.sum(tf.mul(logp, wv), 1));
        const total = tf.add(tf.mul(1 - eps, tf.sum(tf.mul(wt, nll))), tf.mul(eps / C, tf.sum(smooth)));
        return tf.div(total, tf.sum(wt)) as tfjs.Scalar;
      };
      const { value, grads } = tf.valueAndGrads(f)(vars);
      return { value, grads, logits: logitsOut as unknown as tfjs.Tensor };
    });
    res.grads.forEach((g, i) => {
      const d = g.dataSync();
      const acc = this.params[i].grad;
      for (let k = 0; k < acc.length; k++) acc[k] += d[k];
    });
    const loss = res.value.dataSync()[0];
    const logits = res.logits.dataSync() as Float32Array;
    tf.dispose([res.value, res.logits, ...res.grads]);
    return { loss, logits: Float32Array.from(logits) };
  }
}
