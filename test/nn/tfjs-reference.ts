// Independent oracle: the same model written with tfjs ops straight from PyTorch's documented equations
// (not sharing any code with lib/nn), differentiated by tf.grads.
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, Param } from '../../lib/nn';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

type Weights = Map<string, tf.Tensor>;

function cellStep(cell: ModelSpec['cell'], H: number, x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D,
  wih: tf.Tensor, whh: tf.Tensor, bih: tf.Tensor, bhh: tf.Tensor): [tf.Tensor2D, tf.Tensor2D] {
  const gi = tf.add(tf.matMul(x, wih as tf.Tensor2D, false, true), bih) as tf.Tensor2D;
  const gh = tf.add(tf.matMul(h, whh as tf.Tensor2D, false, true), bhh) as tf.Tensor2D;
  if (cell === 'rnn') return [tf.tanh(tf.add(gi, gh)) as tf.Tensor2D, c];
  if (cell === 'lstm') {
    const [i, f, g, o] = tf.split(tf.add(gi, gh), 4, 1);
    const c2 = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
    return [tf.mul(tf.sigmoid(o), tf.tanh(c2)) as tf.Tensor2D, c2];
  }
  const [ir, iz, iN] = tf.split(gi, 3, 1);
  const [hr, hz, hN] = tf.split(gh, 3, 1);
  const r = tf.sigmoid(tf.add(ir, hr));
  const z = tf.sigmoid(tf.add(iz, hz));
  const n = tf.tanh(tf.add(iN, tf.mul(r, hN)));
  return [tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D, c];
}

/** logits [B, C]; masks[l] ([B, T, D*H] batch-major) multiplies layer l's output when given */
export function referenceLogits(spec: ModelSpec, w: Weights, x: tf.Tensor3D, masks?: (Float32Array | null)[]): tf.Tensor2D {
  const [B, T] = x.shape;
  const H = spec.hiddenSize;
  const D = spec.bidirectional ? 2 : 1;
  let inp: tf.Tensor3D = x;
  for (let l = 0; l < spec.layers; l++) {
    const dirs: tf.Tensor3D[] = [];
    for (let d = 0; d < D; d++) {
      const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
      const get = (k: string): tf.Tensor => w.get(`rnn.${k}${sfx}`) as tf.Tensor;
      let h = tf.zeros([B, H]) as tf.Tensor2D;
      let c = tf.zeros([B, H]) as tf.Tensor2D;
      const outs: tf.Tensor2D[] = new Array(T);
      for (let s = 0; s < T; s++) {
        const t = d === 0 ? s : T - 1 - s;
        const xt = tf.squeeze(tf.slice(inp, [0, t, 0], [B, 1, -1]), [1]) as tf.Tensor2D;
        [h, c] = cellStep(spec.cell, H, xt, h, c, get('weight_ih'), get('weight_hh'), get('bias_ih'), get('bias_hh'));
        outs[t] = h;
      }
      dirs.push(tf.stack(outs, 1) as tf.Tensor3D);
    }
    inp = D === 1 ? dirs[0] : (tf.concat(dirs, 2) as tf.Tensor3D);
    const m = masks?.[l];
    if (m) inp = tf.mul(inp, tf.tensor3d(m, [B, T, D * H])) as tf.Tensor3D;
  }
  const last = tf.squeeze(tf.slice(inp, [0, T - 1, 0], [B, 1, -1]), [1]) as tf.Tensor2D;
  return tf.add(tf.matMul(last, w.get('fc.weight') as tf.Tensor2D, false, true), w.get('fc.bias') as tf.Tensor) as tf.Tensor2D;
}

/** PyTorch cross_entropy(weight, label_smoothing, mean) written with tfjs ops */
export function referenceLoss(logits: tf.Tensor2D, y: number[], classWeights: Float32Array, eps: number): tf.Scalar {
  const C = logits.shape[1];
  const logp = tf.logSoftmax(logits);
  const onehot = tf.oneHot(tf.tensor1d(y, 'int32'), C).toFloat();
  const wv = tf.tensor1d(classWeights);
  const wt = tf.sum(tf.mul(onehot, wv), 1); // w[y_i]
  const nll = tf.neg(tf.sum(tf.mul(onehot, logp), 1));
  const smooth = tf.neg(tf.sum(tf.mul(logp, wv), 1));
  const denom = tf.sum(wt);
  const total = tf.add(tf.mul(1 - eps, tf.sum(tf.mul(wt, nll))), tf.mul(eps / C, tf.sum(smooth)));
  return tf.div(total, denom) as tf.Scalar;
}

/** loss, logits and d(loss)/d(param) for every param, computed by tfjs from the given param values */
export function referenceGrads(spec: ModelSpec, params: Param[], x: Float32Array, B: number, T: number, y: number[],
  classWeights: Float32Array, eps: number, masks?: (Float32Array | null)[]): { loss: number; logits: Float32Array; grads: Float32Array[] } {
  return tf.tidy(() => {
    const vars = params.map((p) => tf.tensor(p.data, p.shape));
    const xt = tf.tensor3d(x, [B, T, spec.inputSize]);
    const f = (...ws: tf.Tensor[]): tf.Scalar => {
      const m: Weights = new Map(params.map((p, i) => [p.name, ws[i]]));
      return referenceLoss(referenceLogits(spec, m, xt, masks), y, classWeights, eps);
    };
    const grads = tf.grads(f)(vars);
    const m: Weights = new Map(params.map((p, i) => [p.name, vars[i]]));
    const logits = referenceLogits(spec, m, xt, masks);
    return {
      loss: f(...vars).dataSync()[0],
      logits: logits.dataSync() as Float32Array,
      grads: grads.map((g) => g.dataSync() as Float32Array),
    };
  });
}
