// tfjs timings for the bench: lossAndGrads + AdamW (same host optimizer as the engine), and inference.
import { classWeights } from '../nn/loss';
import { AdamW } from '../nn/optim';
import { initTfjs, TfjsClassifier } from '../nn/tfjs-backend';
import type { ModelSpec } from '../nn/types';
import { benchBatches, rates, timeLoop } from './engine';
import type { BenchOptions, BenchResult } from './engine';

export const TFJS_BACKENDS = { 'tfjs-wasm': 'wasm', 'tfjs-cpu': 'cpu' } as const;
export type TfjsBackendName = keyof typeof TFJS_BACKENDS;

export async function benchTfjs(spec: ModelSpec, backend: 'wasm' | 'cpu', o: BenchOptions): Promise<BenchResult> {
  const { tf, backend: got } = await initTfjs(backend);
  if (got !== backend) throw new Error(`tfjs backend ${backend} unavailable (got ${got})`);
  const model = new TfjsClassifier(tf, spec, 0);
  const opt = new AdamW(model.params);
  const data = benchBatches(spec, o);
  const weights = classWeights([700, 150, 60]);
  const { batchSize: B, steps: T } = o;
  const [tn, ts, tc] = timeLoop((i) => {
    const b = data[i % data.length];
    model.zeroGrad();
    model.lossAndGrads(b.x, B, T, b.y, { weights });
    opt.step();
  }, o.batches, o.warmup, o.maxSeconds, o.warmupSeconds);
  const [n, s, c] = timeLoop((i) => model.forward(data[i % data.length].x, B, T, false), o.batches, o.warmup, o.maxSeconds, o.warmupSeconds);
  return rates(B, tn, ts, tc, n, s, c);
}
