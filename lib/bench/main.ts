// npm run bench -- --scale …: the queue's scale bench (lib/bench/scale.ts)
// npm run bench [-- --batches N --models lstm,rnn --backends openblas,builtin,typescript,tfjs-wasm,tfjs-cpu,pytorch
//                  --repeat R --max-seconds S --record]
// Trains each report model for a fixed number of batches on every available backend and prints windows/s,
// with the ratio to PyTorch (Debian's, single thread) measured in the same run and the fraction of one core's peak
// FP32 rate that the training reaches (matrix-product flops per window, lib/bench/flops.ts).
import { builtinUnavailableReason, getGemm, openblasUnavailableReason, typescriptGemm } from '../nn/gemm/index';
import { measuredCpuPeak, trainFlopsPerWindow } from './flops';
import { measuredPeak } from '../nn/gemm/native';
import { benchEngine } from './engine';
import type { BenchOptions, BenchResult } from './engine';
import { BENCH_BATCH, BENCH_MODELS, BENCH_STEPS } from './models';
import type { BenchModel } from './models';
import { formatTable } from './table';
import type { Row } from './table';
import { benchTorch, torchPython } from './torch';
import { benchTfjs, TFJS_BACKENDS } from './tfjs';
import { benchRecord } from '../docs/bench-record';
import { writeDocs } from '../docs/main';
import { writeResult } from '../docs/results';
import { projectRoot } from '../paths';
import { cpus, loadavg } from 'node:os';
import type { TfjsBackendName } from './tfjs';

export const BACKENDS = ['openblas', 'builtin', 'typescript', 'tfjs-wasm', 'tfjs-cpu', 'pytorch'] as const;
export type BenchBackend = (typeof BACKENDS)[number];

export interface BenchArgs {
  /** --backends given: run exactly those, slow combinations included */
  explicitBackends: boolean;
  /** undefined: each model's default */
  batches?: number;
  models: string[];
  backends: BenchBackend[];
  repeat: number;
  maxSeconds: number;
  /** --record: write the run to docs/results/bench.json and rewrite the docs' bench table */
  record: boolean;
}

export function parseArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = { explicitBackends: false, models: BENCH_MODELS.map((m) => m.name), backends: [...BACKENDS], repeat: 1, maxSeconds: 20, record: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag}: missing value`);
      return v;
    };
    const posInt = (v: string): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got ${v}`);
      return n;
    };
    if (flag === '--record') a.record = true;
    else if (flag === '--batches') a.batches = posInt(val());
    else if (flag === '--repeat') a.repeat = posInt(val());
    else if (flag === '--max-seconds') a.maxSeconds = posInt(val());
    else if (flag === '--models') {
      a.models = val().split(',');
      for (const m of a.models) if (!BENCH_MODELS.some((b) => b.name === m)) throw new Error(`--models: unknown model ${m} (known: ${BENCH_MODELS.map((b) => b.name).join(', ')})`);
    } else if (flag === '--backends') {
      const list = val().split(',');
      for (const b of list) if (!(BACKENDS as readonly string[]).includes(b)) throw new Error(`--backends: unknown backend ${b} (known: ${BACKENDS.join(', ')})`);
      a.backends = list as BenchBackend[];
      a.explicitBackends = true;
    } else if (flag === '--help' || flag === '-h') {
      throw new Error(`usage: npm run bench -- [--batches N] [--models ${BENCH_MODELS.map((b) => b.name).join(',')}] [--backends ${BACKENDS.join(',')}] [--repeat R] [--max-seconds S] [--record]`);
    } else throw new Error(`unknown flag ${flag}`);
  }
  return a;
}

/** Why a run may not be recorded (undefined when it may): a load average above the core count. */
export function recordRefusal(load: number, cores: number): string | undefined {
  return load > cores ? `load average ${load.toFixed(1)} on ${cores} cores: other work shares the CPUs, and the rates would not be the engine's (rerun on an idle machine)` : undefined;
}

export async function main(argv: string[]): Promise<void> {
  // the queue's scale bench (lib/bench/scale.ts) has its own flags
  if (argv[0] === '--scale') return (await import('./scale')).scaleMain(argv.slice(1));
  const args = parseArgs(argv);
  const models = BENCH_MODELS.filter((m) => args.models.includes(m.name));
  const base: BenchOptions = { batches: 0, batchSize: BENCH_BATCH, steps: BENCH_STEPS, maxSeconds: args.maxSeconds, warmup: 20, warmupSeconds: 2 };
  const notes: string[] = [];
  const backends = args.backends.filter((b) => {
    if (b === 'openblas' || b === 'builtin') {
      const why = b === 'openblas' ? openblasUnavailableReason() : builtinUnavailableReason();
      if (why) notes.push(`${b} skipped: ${why}`);
      else notes.push(`${b} is ${getGemm(b).identity}`);
      return !why;
    }
    return true;
  });
  const peak = measuredCpuPeak(measuredPeak());
  if (peak) notes.push(`% of peak: matrix-product flops per training window (${models.map((m) => `${m.label} ${(trainFlopsPerWindow(m.spec, BENCH_STEPS) / 1e6).toFixed(1)} MFLOP`).join(', ')}) × train windows per CPU-second ÷ ${peak.basis}`);
  let python: string | undefined;
  if (backends.includes('pytorch')) {
    const t = torchPython();
    if (t.python) {
      python = t.python;
      notes.push(`PyTorch ${t.version} via ${t.python}, OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)`);
    } else notes.push(`pytorch skipped: ${t.reason}`);
  }
  const optsFor = (m: BenchModel): BenchOptions => ({ ...base, batches: args.batches ?? m.batches });
  console.log(`bench: batch ${BENCH_BATCH}, windows ${BENCH_STEPS}×${models[0]?.spec.inputSize ?? 30}, timed batches per phase ${models.map((m) => `${m.name} ${optsFor(m).batches}`).join(', ')} (each phase ≤ ${args.maxSeconds} s after ≤ ${base.warmupSeconds} s warm-up), repeat ${args.repeat}`);
  const results = new Map<string, BenchResult[]>(); // key model/backend
  const add = (m: BenchModel, b: string, r: BenchResult): void => {
    const k = `${m.name}/${b}`;
    results.set(k, [...(results.get(k) ?? []), r]);
    console.log(`  ${m.label.padEnd(11)} ${b.padEnd(10)} train ${r.trainWps.toFixed(0).padStart(7)} win/s ${r.trainCpuWps.toFixed(0).padStart(7)} win/CPU-s (${r.trainBatches} batches)  infer ${r.inferWps.toFixed(0).padStart(7)} win/s ${r.inferCpuWps.toFixed(0).padStart(7)} win/CPU-s`);
  };
  for (let rep = 0; rep < args.repeat; rep++) {
    if (args.repeat > 1) console.log(`run ${rep + 1}/${args.repeat}`);
    for (const b of backends) {
      if (b === 'pytorch') {
        if (!python) continue;
        const r = new Map<string, BenchResult>();
        for (const m of models) for (const [k, v] of benchTorch(python, [m], optsFor(m))) r.set(k, v);
        for (const m of models) {
          const x = r.get(m.name);
          if (x) add(m, b, x);
        }
        continue;
      }
      for (const m of models) {
        if (b === 'openblas' || b === 'builtin' || b === 'typescript') {
          add(m, b, benchEngine(m.spec, b === 'typescript' ? typescriptGemm : getGemm(b), optsFor(m)));
        } else {
          const tb = TFJS_BACKENDS[b as TfjsBackendName];
          // pure-JS tfjs runs the LSTM at a few windows/s: time a couple of batches only
          const opts = optsFor(m);
          // tfjs runs the LSTM at a few windows/s (pure-JS cpu: ~2): one timed batch, no warm-up; pure-JS cpu only
          // when asked for by name
          if (b === 'tfjs-cpu' && m.name !== 'rnn' && !args.explicitBackends) {
            if (rep === 0) notes.push(`tfjs-cpu ${m.name} skipped (about a minute per batch); ask with --backends tfjs-cpu`);
            continue;
          }
          const o = m.name !== 'rnn' ? { ...opts, batches: Math.min(opts.batches, args.batches ?? 1), warmup: 0 } : opts;
          try {
            add(m, b, await benchTfjs(m.spec, tb, o));
          } catch (e) {
            notes.push(`${b} ${m.name} skipped: ${(e as Error).message}`);
          }
        }
      }
    }
  }
  const rows: Row[] = [];
  for (const m of models) {
    const torch = results.get(`${m.name}/pytorch`);
    for (const b of backends) {
      const rs = results.get(`${m.name}/${b}`);
      if (rs) rows.push({ model: m.label, backend: b, results: rs, torch, flopsPerWindow: trainFlopsPerWindow(m.spec, BENCH_STEPS), peakFlops: peak?.flops });
    }
  }
  console.log('');
  console.log(formatTable(rows));
  for (const n of notes) console.log(`note: ${n}`);
  // on an oversubscribed machine the VM's steal time distorts even per-CPU-second rates (a run under load 11-25
  // measured a 6.9 GHz "effective clock"): such a run is printed but not recorded
  const busy = recordRefusal(loadavg()[0], cpus().length);
  if (args.record && busy) console.log(`bench: not recorded: ${busy}`);
  if (args.record && !busy) {
    const root = projectRoot();
    const identities: Record<string, string> = {};
    for (const b of backends) if (b === 'openblas' || b === 'builtin') identities[b] = getGemm(b).identity ?? b;
    console.log(`recorded ${writeResult(root, 'bench', benchRecord(rows, notes, identities, root))}`);
    const changed = writeDocs(root);
    console.log(changed.length ? `docs: rewrote ${changed.join(', ')}` : 'docs: the bench table was already current');
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: Error) => {
    console.error(`bench: ${e.message}`);
    process.exit(1);
  });
}
