// Adam and AdamW with PyTorch's update rules and defaults (torch.optim, amsgrad=False, maximize=False).
import { nativeAdamStep } from './gemm/native';
import type { NativeAdamStep } from './gemm/native';
import type { Param } from './types';

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  /** 'auto' (default): the native addon's vectorised update when it is built and $PIRATE_PAIN_GEMM is not typescript */
  impl?: 'auto' | 'typescript';
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
  private readonly native: NativeAdamStep | undefined;

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
    this.native = o.impl === 'typescript' || process.env.PIRATE_PAIN_GEMM === 'typescript' ? undefined : nativeAdamStep();
    this.m = params.map((p) => new Float32Array(p.data.length));
    this.v = params.map((p) => new Float32Array(p.data.length));
  }

  protected update(decoupled: boolean): void {
    this.t++;
    const [b1, b2] = this.betas;
    const lr = this.lr, wd = this.weightDecay;
    // PyTorch: denom = sqrt(v)/sqrt(1-β2^t) + eps; p -= lr/(1-β1^t) · m/denom
    const stepSize = lr / (1 - Math.pow(b1, this.t));
    const invBc2s = 1 / Math.sqrt(1 - Math.pow(b2, this.t));
    const step = this.native ?? adamStep;
    for (let k = 0; k < this.params.length; k++) {
      const { data, grad } = this.params[k];
      if (decoupled) step(data, grad, this.m[k], this.v[k], 1 - lr * wd, 0, b1, b2, stepSize, invBc2s, this.eps);
      else step(data, grad, this.m[k], this.v[k], 1, wd, b1, b2, stepSize, invBc2s, this.eps);
    }
  }

  /** which update runs: the addon's or the TypeScript loop */
  get implementation(): 'native' | 'typescript' {
    return this.native ? 'native' : 'typescript';
  }

  abstract step(): void;
}

/** One tensor's update; a flat monomorphic loop (V8 runs it ~3× faster than with branches inside). */
function adamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, shrink: number, l2: number,
  b1: number, b2: number, stepSize: number, invBc2s: number, eps: number): void {
  const c1 = 1 - b1, c2 = 1 - b2;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    const gi = g[i] + l2 * pi;
    const mi = b1 * m[i] + c1 * gi;
    const vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = pi * shrink - (stepSize * mi) / (Math.sqrt(vi) * invBc2s + eps);
  }
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
