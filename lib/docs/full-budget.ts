// The report's recipe at its own budget, measured once (notebooks/configs/full-budget.json5: one fold each of the
// LSTM 2×256 and the RNN 1×64, up to 100 epochs, patience 20): each trial's learning curve and per-epoch cost read
// from its fold's metrics.jsonl (a fold still training is read from its staging folder and marked unfinished), and
// the whole full profile's time projected from those costs. Recorded with `npm run docs -- --full-budget DIR`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { macroF1 } from '../evaluate/metrics';
import { N_CLASSES } from '../data/schema';
import type { Dataset } from '../data/series';
import type { RecurrentTrialConfig } from '../experiments/config/config';
import { trialFolds } from '../experiments/run/trials';

/** One epoch of a fold's curve. */
export interface CurvePoint {
  epoch: number;
  /** wall seconds of the epoch (training and scoring), as the fold logged it */
  seconds: number;
  trainLoss: number;
  /** the inner split the fold chooses its epoch on */
  innerMacroF1: number;
  valMacroF1: number;
  /** how many classes the fold predicted for its validation subjects: 1 is the majority plateau */
  classesPredicted: number;
}

export interface FullBudgetTrial {
  model: string;
  /** e.g. 'LSTM 2×256' */
  name: string;
  hash: string;
  compute: string;
  epochCap: number;
  patience: number;
  /** false: the fold was still training when recorded (its curve so far) */
  finished: boolean;
  curve: CurvePoint[];
  /** macro-F1 of predicting every validation subject as the fold's most frequent class */
  plateau: number;
  /** first epoch whose validation macro-F1 is past halfway from the plateau to 1 (undefined: never) */
  leftPlateauAt?: number;
  /** the epoch the fold kept (best inner macro-F1; ties: the earliest), and its validation macro-F1 */
  keptEpoch: number;
  keptVal: number;
  /** the report's optimistic figure: the best validation macro-F1 over the epochs run */
  bestVal: number;
  /** the least contended epoch: the per-epoch cost on a free core */
  secondsPerEpoch: number;
  wallSeconds: number;
}

export interface Projection {
  /** fold tasks of the full profile (models × folds) */
  tasks: number;
  /** each task's epochs: the measured fold's, or the cap for a fold that had not stopped */
  epochsPerTask: Record<string, number>;
  /** wall seconds on W workers (list scheduling, longest first), for W in workers */
  wall: { workers: number; seconds: number }[];
}

export interface FullBudgetRecord {
  provenance: { date: string; cpu: string; cores: number; node: string; commit: string | null; loadAverage: number };
  trials: FullBudgetTrial[];
  projection: Projection;
}

/** Where a fold's metrics are: the committed fold folder, else the newest staging folder of that fold. */
export function foldMetricsFile(trialDir: string, fold = 0): { file: string; finished: boolean } | undefined {
  const done = join(trialDir, `fold-${fold}`, 'metrics.jsonl');
  if (existsSync(done)) return { file: done, finished: true };
  const staging = join(trialDir, '.staging');
  if (!existsSync(staging)) return undefined;
  const runs = readdirSync(staging).filter((n) => n.startsWith(`fold-${fold}-`) && existsSync(join(staging, n, 'metrics.jsonl')));
  if (runs.length === 0) return undefined;
  const newest = runs.map((n) => join(staging, n, 'metrics.jsonl')).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  return { file: newest, finished: false };
}

/** Parses metrics.jsonl; a line that is not JSON (a write cut short by the training in progress) ends the curve. */
export function readCurve(file: string): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line);
    } catch {
      break;
    }
    const num = (k: string): number => {
      const v = m[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${file}: epoch ${out.length}: ${k} is not a number`);
      return v;
    };
    const predicted = Array.isArray(m.valPredicted) ? new Set(m.valPredicted).size : 0;
    out.push({ epoch: num('epoch'), seconds: num('seconds'), trainLoss: num('trainLoss'), innerMacroF1: num('innerMacroF1'), valMacroF1: num('valMacroF1'), classesPredicted: predicted });
  }
  return out;
}

/** Macro-F1 of predicting every subject as the most frequent class of `y`. */
export function plateauMacroF1(y: ArrayLike<number>): number {
  const counts = new Array<number>(N_CLASSES).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  const majority = counts.indexOf(Math.max(...counts));
  return macroF1(y, new Array<number>(y.length).fill(majority), N_CLASSES);
}

/** The curve's facts: when it left the plateau, the epoch it kept, the best validation figure, the cheapest epoch. */
export function curveFacts(curve: readonly CurvePoint[], plateau: number): Pick<FullBudgetTrial, 'leftPlateauAt' | 'keptEpoch' | 'keptVal' | 'bestVal' | 'secondsPerEpoch' | 'wallSeconds'> {
  if (curve.length === 0) throw new Error('curveFacts: no epoch recorded');
  const halfway = plateau + (1 - plateau) / 2;
  const left = curve.find((p) => p.valMacroF1 > halfway);
  const kept = curve.reduce((a, p) => (p.innerMacroF1 > a.innerMacroF1 ? p : a));
  return {
    ...(left ? { leftPlateauAt: left.epoch + 1 } : {}),
    keptEpoch: kept.epoch + 1,
    keptVal: kept.valMacroF1,
    bestVal: Math.max(...curve.map((p) => p.valMacroF1)),
    secondsPerEpoch: Math.min(...curve.map((p) => p.seconds)),
    wallSeconds: curve.reduce((a, p) => a + p.seconds, 0),
  };
}

/** Makespan of tasks on `workers` identical workers, longest task first to the least loaded worker. */
export function listScheduleSeconds(tasks: readonly number[], workers: number): number {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`listScheduleSeconds: workers must be an integer ≥ 1, got ${workers}`);
  const load = new Array<number>(workers).fill(0);
  for (const t of [...tasks].sort((a, b) => b - a)) load[load.indexOf(Math.min(...load))] += t;
  return Math.max(0, ...load);
}

/**
 * The full profile of final.json5 (every model × `folds` folds) projected from the measured trials: each fold task
 * runs the measured fold's epochs (the cap when it had not stopped) at its per-epoch cost.
 */
export function project(trials: readonly FullBudgetTrial[], folds: number, workers: readonly number[]): Projection {
  const epochsPerTask: Record<string, number> = {};
  const tasks: number[] = [];
  for (const t of trials) {
    const epochs = t.finished ? t.curve.length : t.epochCap;
    epochsPerTask[t.model] = epochs;
    for (let k = 0; k < folds; k++) tasks.push(epochs * t.secondsPerEpoch);
  }
  return { tasks: tasks.length, epochsPerTask, wall: workers.map((w) => ({ workers: w, seconds: listScheduleSeconds(tasks, w) })) };
}

interface TrialFile { hash: string; trial: RecurrentTrialConfig; labels?: { model?: string }; provenance: { compute: string; cpu: string; cores: number; node: string; gitCommit: string | null; time: string } }

const modelName = (t: RecurrentTrialConfig): string => `${t.model.cell.toUpperCase()} ${t.model.layers}×${t.model.hiddenSize}`;

/** The record of every trial in `runsDir` whose experiment label `experiment` accepts, fold 0 of each. */
export function collectFullBudget(runsDir: string, data: Pick<Dataset, 'labels'>, experiment: (name: string) => boolean, folds = 5): FullBudgetRecord {
  const trials: FullBudgetTrial[] = [];
  let newest: TrialFile['provenance'] | undefined;
  for (const hash of readdirSync(runsDir).sort()) {
    const cfgFile = join(runsDir, hash, 'config.json');
    if (!existsSync(cfgFile)) continue;
    const cfg = JSON.parse(readFileSync(cfgFile, 'utf8')) as TrialFile & { labels?: { experiment?: string; model?: string } };
    if (!experiment(cfg.labels?.experiment ?? '')) continue;
    const where = foldMetricsFile(join(runsDir, hash));
    if (!where) continue;
    const curve = readCurve(where.file);
    if (curve.length === 0) continue;
    const val = trialFolds(cfg.trial, data.labels)[0].val;
    const y = Array.from(val, (id) => data.labels.y[data.labels.ids.indexOf(id)]);
    const plateau = plateauMacroF1(y);
    trials.push({
      model: cfg.labels?.model ?? hash, name: modelName(cfg.trial), hash, compute: cfg.provenance.compute,
      epochCap: cfg.trial.train.epochs, patience: cfg.trial.train.patience, finished: where.finished, curve, plateau, ...curveFacts(curve, plateau),
    });
    if (!newest || cfg.provenance.time > newest.time) newest = cfg.provenance;
  }
  if (!newest) throw new Error(`full budget: no trial of the experiment with a recorded epoch in ${runsDir}`);
  return {
    provenance: { date: newest.time, cpu: newest.cpu, cores: newest.cores, node: newest.node, commit: newest.gitCommit, loadAverage: Math.round(loadavg()[2] * 100) / 100 },
    trials,
    projection: project(trials, folds, [1, 2, 4, 10]),
  };
}

const duration = (s: number): string => {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
};

/** Validation macro-F1 at the first epoch and every tenth, and at the last epoch run. */
export function curveLine(curve: readonly CurvePoint[]): string {
  const shown = curve.filter((p, i) => i === 0 || (p.epoch + 1) % 10 === 0 || i === curve.length - 1);
  return shown.map((p) => `${p.epoch + 1}: ${p.valMacroF1.toFixed(3)}`).join(', ');
}

/** The generated region: one row per measured trial, its curve, and the projection of the full profile. */
export function fullBudgetText(r: FullBudgetRecord | undefined): string {
  if (!r) return '*Not recorded yet: `npm run docs -- --full-budget DIR` writes `docs/results/full-budget.json` from the run of `notebooks/configs/full-budget.json5` in DIR.*';
  const rows = r.trials.map((t) => [
    t.name,
    `\`${t.compute}\``,
    `${t.curve.length}${t.finished ? (t.curve.length < t.epochCap ? ' (stopped early)' : '') : ' (still training when recorded)'} of ${t.epochCap}, patience ${t.patience}`,
    t.leftPlateauAt !== undefined ? `yes, at epoch ${t.leftPlateauAt}` : `not in ${t.curve.length} epochs`,
    `${t.keptEpoch}: ${t.keptVal.toFixed(4)}`,
    t.bestVal.toFixed(4),
    `${t.secondsPerEpoch.toFixed(1)} s`,
    duration(t.wallSeconds),
  ]);
  const p = r.projection;
  const epochs = r.trials.map((t) => `${t.name} ${p.epochsPerTask[t.model]} epochs${t.finished ? '' : ' (the cap: it had not stopped)'}`).join(', ');
  return [
    '| model | compute path | epochs run | left the majority plateau | kept epoch: val macro-F1 | best val macro-F1 (optimistic) | s / epoch (least contended) | fold wall time |',
    '|---|---|---|---|---|---|--:|--:|',
    ...rows.map((x) => `| ${x.join(' | ')} |`),
    '',
    ...r.trials.map((t) => `- ${t.name}, validation macro-F1 by epoch (the majority plateau is ${t.plateau.toFixed(4)}): ${curveLine(t.curve)}.`),
    `- The whole full profile (${p.tasks} fold tasks; ${epochs}), projected from the per-epoch costs above: ` +
      `${p.wall.map((w) => `${duration(w.seconds)} on ${w.workers} ${w.workers === 1 ? 'core' : w.workers <= r.provenance.cores ? 'cores' : 'queue workers'}`).join(', ')}.`,
    '',
    `${r.provenance.cpu} (${r.provenance.cores} cores), Node ${r.provenance.node}, ${r.provenance.date.slice(0, 10)}, commit ` +
      `${r.provenance.commit ? `\`${r.provenance.commit.slice(0, 7)}\`` : 'none'}; 15-minute load average ${r.provenance.loadAverage.toFixed(1)} when recorded ` +
      '(other work shared the cores during the run, so the wall times are upper bounds; the per-epoch cost is the least contended epoch).',
  ].join('\n');
}
