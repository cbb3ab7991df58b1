// Adam and AdamW with PyTorch's update rules and defaults (torch.optim, amsgrad=False, maximize=False).
import type { Param } from './types';

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

abstract class AdamBase {
  lr: number;
  readonly betas: [number, number];
  readonly eps: number;
  weightDecay: number;
  /** number of steps taken */
  t = 0;
  protected readonly m: Float32Array[];
  protected readonly v: Float32Array[];

  constructor(readonly params: Param[], o: AdamOptions, defaultDecay: number) {
    this.lr = o.lr ?? 1e-3;
    this.betas = o.betas ?? [0.9, 0.999];
    this.eps = o.eps ?? 1e-8;
    this.weightDecay = o.weightDecay ?? defaultDecay;
    const bad = (k: string, v: number): never => {
      throw new Error(`optimizer.${k}: invalid value ${v}`);
    };
    if (!(this.lr >= 0)) bad('lr', this.lr);
    if (!(this.eps >= 0)) bad('eps', this.eps);
    if (!(this.weightDecay >= 0)) bad('weightDecay', this.weightDecay);
    this.betas.forEach((b, i) => {
      if (!(b >= 0 && b < 1)) bad(`betas[${i}]`, b);
    });
    this.m = params.map((p) => new Float32Array(p.data.length));
    this.v = params.map((p) => new Float32Array(p.data.length));
  }

  protected update(decoupled: boolean): void {
    this.t++;
    const [b1, b2] = this.betas;
    const lr = this.lr, eps = this.eps, wd = this.weightDecay;
    const bc1 = 1 - Math.pow(b1, this.t);
    const bc2 = 1 - Math.pow(b2, this.t);
    const stepSize = lr / bc1;
    const bc2s = Math.sqrt(bc2);
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k].data, g = this.params[k].grad, m = this.m[k], v = this.v[k];
      const shrink = decoupled ? 1 - lr * wd : 1;
      for (let i = 0; i < p.length; i++) {
        let gi = g[i];
        if (!decoupled && wd !== 0) gi += wd * p[i];
        const pi = p[i] * shrink;
        const mi = b1 * m[i] + (1 - b1) * gi;
        const vi = b2 * v[i] + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        // PyTorch: denom = sqrt(v)/sqrt(bc2) + eps; p -= lr/bc1 · m/denom
        p[i] = pi - (stepSize * mi) / (Math.sqrt(vi) / bc2s + eps);
      }
    }
  }

  abstract step(): void;
}

/** AdamW: decoupled weight decay p ← p·(1 - lr·wd) before the Adam step (default wd 1e-2). */
export class AdamW extends AdamBase {
  constructor(params: Param[], o: AdamOptions = {}) {
    super(params, o, 1e-2);
  }

  step(): void {
    this.update(true);
  }
}

/** Adam: weightDecay (default 0) is classic L2 added to the gradient. */
export class Adam extends AdamBase {
  constructor(params: Param[], o: AdamOptions = {}) {
    super(params, o, 0);
  }

  step(): void {
    this.update(false);
  }
}
