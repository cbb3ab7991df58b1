// Times the TypeScript engine: a training step is forward + weighted cross-entropy + backward + AdamW, as in
// lib/train; inference is a forward without dropout. Same random batches for every backend.
import { RecurrentClassifier } from '../nn/model';
import { classWeights, crossEntropy } from '../nn/loss';
import { AdamW } from '../nn/optim';
import { Rng } from '../nn/rng';
import type { Gemm } from '../nn/gemm/index';
import type { ModelSpec } from '../nn/types';

export interface BenchOptions {
  batches: number;
  batchSize: number;
  steps: number;
  /** stop a phase early after this long (at least one timed batch) so slow backends stay bounded */
  maxSeconds: number;
  /** untimed batches first: at least 1 (unless 0), then more until warmupSeconds have passed (V8 needs a few to optimise) */
  warmup: number;
  warmupSeconds: number;
}

export interface BenchResult {
  /** windows per wall-clock second */
  trainWps: number;
  inferWps: number;
  /** windows per CPU second of this process: steadier than wall time on a machine shared with other work */
  trainCpuWps: number;
  inferCpuWps: number;
  trainBatches: number;
  inferBatches: number;
}

export interface BenchBatch {
  x: Float32Array;
  y: Uint8Array;
}

/** a few distinct random batches, cycled through */
export function benchBatches(spec: ModelSpec, o: { batchSize: number; steps: number }, count = 4, seed = 1): BenchBatch[] {
  const r = new Rng(seed);
  return Array.from({ length: count }, () => ({
    x: Float32Array.from({ length: o.batchSize * o.steps * spec.inputSize }, () => r.normal()),
    y: Uint8Array.from({ length: o.batchSize }, () => r.int(spec.classes)),
  }));
}

/**
 * Warms up (at least one call, then up to `warmup` calls within `warmupSeconds`), then runs `step` until `batches`
 * timed calls or `maxSeconds`; returns [calls, wall seconds, CPU seconds].
 */
export function timeLoop(step: (i: number) => void, batches: number, warmup: number, maxSeconds: number, warmupSeconds = 0): [number, number, number] {
  const w0 = performance.now();
  let i = 0;
  if (warmup > 0) {
    do step(i++);
    while (i < warmup && (performance.now() - w0) / 1000 < warmupSeconds);
  }
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  while (n < batches) {
    step(i + n);
    n++;
    if ((performance.now() - t0) / 1000 > maxSeconds) break;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return [n, wall, (cpu.user + cpu.system) / 1e6];
}

export function benchEngine(spec: ModelSpec, gemm: Gemm, o: BenchOptions): BenchResult {
  const model = new RecurrentClassifier(spec, { seed: 0, gemm });
  const opt = new AdamW(model.params);
  const data = benchBatches(spec, o);
  const weights = classWeights([700, 150, 60]);
  const { batchSize: B, steps: T } = o;
  const train = (i: number): void => {
    const b = data[i % data.length];
    model.zeroGrad();
    const logits = model.forward(b.x, B, T, true);
    const { dLogits } = crossEntropy(logits, b.y, B, spec.classes, { weights });
    model.backward(dLogits);
    opt.step();
  };
  const [tn, ts, tc] = timeLoop(train, o.batches, o.warmup, o.maxSeconds, o.warmupSeconds);
  const infer = (i: number): void => {
    model.forward(data[i % data.length].x, B, T, false);
  };
  const [inN, is, ic] = timeLoop(infer, o.batches, o.warmup, o.maxSeconds, o.warmupSeconds);
  return rates(B, tn, ts, tc, inN, is, ic);
}

export function rates(batchSize: number, tn: number, ts: number, tc: number, inN: number, is: number, ic: number): BenchResult {
  return {
    trainWps: (tn * batchSize) / ts, inferWps: (inN * batchSize) / is,
    trainCpuWps: (tn * batchSize) / tc, inferCpuWps: (inN * batchSize) / ic,
    trainBatches: tn, inferBatches: inN,
  };
}
