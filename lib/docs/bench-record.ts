// `npm run bench -- --record`: the bench's rows as docs/results/bench.json, every repeat kept (the docs show ranges),
// each ratio to PyTorch taken within one repeat (the same run, the same machine load).
import { cpus, loadavg } from 'node:os';
import type { BenchResult } from '../bench/engine';
import type { Row } from '../bench/table';
import { gitCommit } from '../store/provenance';
import type { BenchRecord, BenchRow } from './results';

/** A bench row as the bench table has it: the model, backend, every repeat, and PyTorch's repeats beside them. */
export type BenchRowInput = Row;

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
      date: new Date().toISOString(), commit: gitCommit(root), loadAverage: loadavg()[0], identities,
    },
    rows: out,
    notes: [...notes],
  };
}
