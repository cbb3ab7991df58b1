// `npm run bench -- --record`: the bench's rows as docs/results/bench.json, every repeat kept (the docs show ranges),
// each ratio to PyTorch taken within one repeat (the same run, the same machine load).
import { cpus, loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import type { BenchResult } from '../bench/engine';
import type { BenchRecord, BenchRow } from './results';

export interface BenchRowInput {
  model: string;
  backend: string;
  results: BenchResult[];
  torch?: BenchResult[];
  flopsPerWindow?: number;
  peakFlops?: number;
}

function gitHead(root: string): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

export function benchRecord(rows: readonly BenchRowInput[], notes: readonly string[], identities: Record<string, string>, root: string): BenchRecord {
  const out: BenchRow[] = rows.map((r) => {
    const perRepeat = (f: (x: BenchResult, i: number) => number | undefined): number[] | undefined => {
      const xs = r.results.map(f);
      return xs.every((x): x is number => x !== undefined && Number.isFinite(x)) ? xs : undefined;
    };
    const torch = r.torch && r.torch.length === r.results.length ? r.torch : undefined;
    const row: BenchRow = { model: r.model, backend: r.backend, trainCpuWps: r.results.map((x) => x.trainCpuWps), inferCpuWps: r.results.map((x) => x.inferCpuWps) };
    const vsTrain = torch && perRepeat((x, i) => x.trainCpuWps / torch[i].trainCpuWps);
    const vsInfer = torch && perRepeat((x, i) => x.inferCpuWps / torch[i].inferCpuWps);
    const peak = r.flopsPerWindow && r.peakFlops ? perRepeat((x) => (x.trainCpuWps * r.flopsPerWindow!) / r.peakFlops!) : undefined;
    if (vsTrain) row.vsTorchTrain = vsTrain;
    if (vsInfer) row.vsTorchInfer = vsInfer;
    if (peak) row.peakFraction = peak;
    return row;
  });
  return {
    provenance: {
      computePath: Object.values(identities).join(', ') || 'none',
      cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}`,
      date: new Date().toISOString(), commit: gitHead(root), loadAverage: loadavg()[0], identities,
    },
    rows: out,
    notes: [...notes],
  };
}
