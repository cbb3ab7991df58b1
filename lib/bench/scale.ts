// npm run bench -- --scale [--workers 1,2,3] [--profile quick] [--full-epochs E]
// The final experiment through the queue with 1, 2, 3 … local `pirate-pain worker` processes on a private
// redis-server: wall time of the fold phase, speed-up against one worker and against the ideal. With
// --full-epochs, one fold of each full-profile final model is trained for E epochs to project the full profile's
// makespan on N workers (machines × cores) from measured per-epoch times.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, loadDataset } from '../data/dataset';
import { asRecurrent, loadConfig, resolveProfile, type ExperimentConfig, type Profile } from '../experiments/config/config';
import { runExperiment } from '../experiments/run/experiment';
import { selectProfile } from '../experiments/config/profiles';
import { getGemm } from '../nn/gemm/index';
import { projectRoot } from '../paths';
import { startRedis } from '../queue/local-redis';
import { formatDuration } from '../train/progress';

export interface ScaleArgs { workers: number[]; profile: Profile; fullEpochs?: number; /** cap on every fold's epochs (a shorter bench) */ epochs?: number }

export function parseScaleArgs(argv: string[]): ScaleArgs {
  const a: ScaleArgs = { workers: [1, 2, 3], profile: 'quick' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = argv[++i];
    if (v === undefined) throw new Error(`${flag}: missing value`);
    if (flag === '--workers') {
      a.workers = v.split(',').map(Number);
      if (a.workers.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--workers: expected positive integers, got ${v}`);
    } else if (flag === '--profile') a.profile = selectProfile(v);
    else if (flag === '--epochs') {
      a.epochs = Number(v);
      if (!Number.isInteger(a.epochs) || a.epochs < 1) throw new Error(`--epochs: expected a positive integer, got ${v}`);
    } else if (flag === '--full-epochs') {
      a.fullEpochs = Number(v);
      if (!Number.isInteger(a.fullEpochs) || a.fullEpochs < 1) throw new Error(`--full-epochs: expected a positive integer, got ${v}`);
    } else throw new Error(`unknown flag ${flag} (npm run bench -- --scale [--workers 1,2,3] [--profile quick] [--epochs N] [--full-epochs E])`);
  }
  return a;
}

/** Makespan of tasks on `workers` identical workers, longest first to the least loaded (what the queue's priorities do). */
export function lptMakespan(times: readonly number[], workers: number): number {
  const load = new Array<number>(Math.max(1, workers)).fill(0);
  for (const t of [...times].sort((a, b) => b - a)) {
    let k = 0;
    for (let j = 1; j < load.length; j++) if (load[j] < load[k]) k = j;
    load[k] += t;
  }
  return Math.max(...load);
}

export interface ScaleRow {
  workers: number;
  wallSeconds: number;
  /** Σ of the folds' own wall times, and the longest fold */
  foldSeconds: number;
  longestFold: number;
  folds: number;
  speedup: number;
  /** speed-up if the fold phase were perfectly divided: min(workers, cores), bounded by the longest fold */
  ideal: number;
}

/** Starts n worker processes and resolves once every one of them serves the queue (start-up is not timed). */
async function startWorkers(n: number, url: string, cache: string): Promise<ChildProcess[]> {
  const procs = Array.from({ length: n }, (_, k) => spawn(process.execPath,
    ['--import', 'tsx', join(projectRoot(), 'lib', 'cli', 'main.ts'), 'worker', '--queue', url, '--name', `w${k + 1}`, '--cache', join(cache, `w${k + 1}`)],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } }));
  await Promise.all(procs.map((p) => new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('serving')) resolve();
    });
    p.once('exit', (code) => reject(new Error(`worker exited with code ${code} before serving: ${out}`)));
  })));
  return procs;
}

/** The final config without its test ensemble (the bench times the fold phase, which is what workers share). */
function foldsOnly(file: string, profile: Profile, epochs?: number): ExperimentConfig {
  const cfg = loadConfig(file);
  const { profiles: _, ...body } = cfg;
  const r = resolveProfile(cfg, profile);
  const rb = asRecurrent(r.base, 'final.json5 base');
  const base = epochs === undefined ? rb : { ...rb, train: { ...rb.train, epochs: Math.min(epochs, rb.train.epochs) } };
  // the profile applied here, so the bench's own change (epochs) is the only override left to print
  return { ...body, name: `${cfg.name}-scale`, base, models: r.models, ensemble: undefined };
}

/** Kills what the bench started if it is interrupted (workers and redis-server are separate processes). */
function onInterrupt(stop: () => void): () => void {
  const handler = (): void => {
    stop();
    process.exit(130);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

export async function runScale(a: ScaleArgs, log: (line: string) => void = console.log): Promise<ScaleRow[]> {
  const root = projectRoot();
  const data = loadDataset(defaultDataDir(root).dir);
  const config = foldsOnly(join(root, 'notebooks', 'configs', 'final.json5'), a.profile, a.epochs);
  const cores = availableParallelism();
  const redis = await startRedis();
  const rows: ScaleRow[] = [];
  try {
    for (const w of a.workers) {
      const tmp = mkdtempSync(join(tmpdir(), `pirate-pain-scale-${w}-`));
      const workers = await startWorkers(w, redis.url, tmp);
      const release = onInterrupt(() => {
        for (const p of workers) p.kill('SIGKILL');
        void redis.kill();
      });
      try {
        const t0 = performance.now();
        const r = await runExperiment(config, 'full', { data, out: join(tmp, 'out'), queue: redis.url, log: () => {} });
        const wall = (performance.now() - t0) / 1000;
        const folds = r.trials.flatMap((t) => t.folds.map((f) => f.metrics.wallSeconds));
        const sum = folds.reduce((x, y) => x + y, 0);
        const longest = Math.max(...folds);
        rows.push({ workers: w, wallSeconds: wall, foldSeconds: sum, longestFold: longest, folds: folds.length, speedup: 0, ideal: sum / Math.max(sum / Math.min(w, cores), longest) });
        log(`${w} worker(s): ${wall.toFixed(1)} s wall for ${folds.length} folds (Σ fold time ${sum.toFixed(1)} s, longest ${longest.toFixed(1)} s)`);
      } finally {
        release();
        for (const p of workers) p.kill('SIGKILL');
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  } finally {
    await redis.stop();
  }
  const base = rows[0]?.wallSeconds ?? NaN;
  for (const r of rows) r.speedup = base / r.wallSeconds;
  return rows;
}

/** One fold of each full-profile final model, `epochs` epochs each, one after the other: seconds per epoch. */
export async function fullEpochTimes(epochs: number, log: (line: string) => void = console.log): Promise<{ model: string; secondsPerEpoch: number; epochs: number }[]> {
  const root = projectRoot();
  const data = loadDataset(defaultDataDir(root).dir);
  const cfg = loadConfig(join(root, 'notebooks', 'configs', 'final.json5'));
  const base = asRecurrent(cfg.base, 'final.json5 base');
  const probe: ExperimentConfig = {
    ...cfg, name: 'final-epoch-probe', ensemble: undefined, profiles: undefined,
    // the recurrent models only: the baselines have no epochs to time
    models: Object.fromEntries(Object.entries(cfg.models ?? {}).filter(([, v]) => (v.model as { kind?: string } | undefined)?.kind !== 'baseline')),
    base: { ...base, cv: { ...base.cv, run: 1 }, train: { ...base.train, epochs, patience: epochs } },
  };
  const tmp = mkdtempSync(join(tmpdir(), 'pirate-pain-probe-'));
  try {
    const r = await runExperiment(probe, 'full', { data, out: tmp, workers: 1, log: () => {} });
    return r.trials.map((t) => {
      const f = t.folds[0].metrics;
      log(`full profile, ${t.labels.model}: ${f.epochs} epoch(s) of fold 1 in ${f.wallSeconds.toFixed(1)} s (${Math.round(f.windowsPerSecond)} windows/s)`);
      return { model: t.labels.model ?? '?', secondsPerEpoch: f.wallSeconds / f.epochs, epochs: base.train.epochs };
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function scaleMain(argv: string[]): Promise<void> {
  const a = parseScaleArgs(argv);
  const resolved = resolveProfile(loadConfig(join(projectRoot(), 'notebooks', 'configs', 'final.json5')), a.profile);
  const gemm = getGemm();
  console.log(`scale bench: final config (${Object.keys(resolved.models ?? {}).join(', ')}), profile ${a.profile}` +
    `${a.epochs ? `, at most ${a.epochs} epochs per fold` : ''}, folds only (no test ensemble); ` +
    `compute path ${gemm.identity ?? gemm.name}; ${availableParallelism()} cores; workers ${a.workers.join(', ')}`);
  const rows = await runScale(a);
  console.log('\nworkers  wall s  speed-up  ideal  efficiency  Σ fold s  longest fold s');
  for (const r of rows) {
    console.log(`${String(r.workers).padStart(7)}  ${r.wallSeconds.toFixed(1).padStart(6)}  ${r.speedup.toFixed(2).padStart(8)}  ${r.ideal.toFixed(2).padStart(5)}  ` +
      `${(100 * r.speedup / r.workers).toFixed(0).padStart(9)} %  ${r.foldSeconds.toFixed(1).padStart(8)}  ${r.longestFold.toFixed(1).padStart(14)}`);
  }
  console.log('ideal: Σ fold time ÷ max(Σ fold time ÷ min(workers, cores), longest fold), relative to one worker\'s Σ fold time');
  if (a.fullEpochs) {
    const times = await fullEpochTimes(a.fullEpochs);
    const folds = times.flatMap((t) => new Array<number>(5).fill(t.secondsPerEpoch * t.epochs));
    console.log(`\nprojection of the full profile's final experiment (5 folds per model, the full ${times[0]?.epochs} epochs each, no early stop):`);
    for (const n of [1, 2, 4, 5, 10]) console.log(`  ${String(n).padStart(2)} worker(s) (one per core): ${formatDuration(lptMakespan(folds, n))}`);
  }
}
