// `pirate-pain runs`: the trial store as MLflow's or DVC's users expect to see it — list, show, verify, clean.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, PROFILES, resolveProfile } from '../experiments/config/config';
import { modelName } from '../experiments/analysis/compare';
import { expandTrials } from '../experiments/search/search';
import { outputsDir } from '../paths';
import { canonicalJSON } from '../store/hash';
import { codeVersion } from '../experiments/run/code-identity';
import { inspectTrial, trialDirs, type TrialInspection } from '../store/inspect';
import { diskUsage } from '../store/store';
import { liveHolds, whileUnheld } from '../store/holds';
import { isLocked } from '../store/lock';
import { UsageError, runCommand, commandRoot } from './args';
import { resolveTrial } from './trial-arg';

export const usage = `pirate-pain runs ls|show HASH|verify|gc [--out DIR] [options]

The trial store under DIR/runs (default outputs/runs): one folder per trial, named by the hash of its recipe,
data and code identity.
  ls                 every trial: recipe, status, folds done, mean validation macro-F1, size, age
  show HASH          one trial (a unique prefix will do): config, provenance, per-fold metrics and provenance
  verify             checks every artifact against the checksums recorded at commit; exit 1 listing damaged files
  gc                 removes trials that no config references (under any profile; a trial of the same recipe with
                     fewer epochs, e.g. a successive-halving rung, counts as referenced) or that were trained by
                     other code, plus trials older than --older-than; folds being trained are never touched
Options:
  --out DIR          the outputs folder holding runs/ (default: the project's outputs/)
  --configs DIR      gc: the configs that reference trials (default: notebooks/configs; *.json5)
  --older-than AGE   gc: also remove trials created more than AGE ago (e.g. 30d, 12h, 90m, 2w)
  --damaged          gc: also delete what earlier repairs moved aside (runs/<hash>/damaged/)
  --dry-run          gc: say what would be removed, remove nothing`;

const spec = {
  out: { kind: 'string' },
  configs: { kind: 'string' },
  'older-than': { kind: 'string' },
  damaged: { kind: 'flag' },
  'dry-run': { kind: 'flag' },
} as const;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, ms / 1000);
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

/** '30d', '12h', '90m', '2w', '45s' → milliseconds. */
export function parseAge(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(text.trim());
  if (!m) throw new UsageError(`--older-than: expected a number with s, m, h, d or w (e.g. 30d), got "${text}"`);
  return Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86_400e3, w: 604_800e3 }[m[2] as 's']!;
}

interface TrialLike {
  model?: { cell?: 'rnn' | 'lstm' | 'gru'; layers?: number; hiddenSize?: number; bidirectional?: boolean; kind?: string; classifier?: string };
  window?: { size?: number; stride?: number };
  train?: { batchSize?: number; lr?: number; epochs?: number };
  cv?: { folds?: number; run?: number };
}

/** One line of recipe: model, window/stride, batch, lr, epochs, folds. */
export function recipeSummary(t: TrialLike | undefined): string {
  if (!t) return '?';
  const m = t.model;
  const model = m?.cell ? modelName(m as Parameters<typeof modelName>[0]) : [m?.kind, m?.classifier].filter(Boolean).join(' ') || '?';
  const parts = [model];
  if (t.window) parts.push(`w${t.window.size}/${t.window.stride}`);
  if (t.train?.batchSize !== undefined) parts.push(`bs${t.train.batchSize}`);
  if (t.train?.lr !== undefined) parts.push(`lr${t.train.lr}`);
  if (t.train?.epochs !== undefined) parts.push(`ep${t.train.epochs}`);
  return parts.join(' ');
}

const trialOf = (t: TrialInspection): TrialLike | undefined => t.config?.trial as TrialLike | undefined;
const labelsOf = (t: TrialInspection): string => {
  const l = t.config?.labels as { experiment?: string; model?: string; profile?: string } | undefined;
  return [l?.experiment, l?.model, l?.profile].filter(Boolean).join('/');
};

export function statusOf(t: TrialInspection): string {
  const done = t.folds.filter((f) => f.status === 'done').length;
  const of = t.expected ?? t.folds.length;
  if (t.damage.length > 0) return 'DAMAGED';
  if (t.running) return `running ${done}/${of}`;
  if (t.summary === 'done' && done === of) return 'done';
  return done === of && of > 0 ? 'folds done' : `partial ${done}/${of}`;
}

function score(t: TrialInspection): string {
  const mean = (t.result?.valMacroF1 as { mean?: number } | undefined)?.mean;
  if (typeof mean === 'number') return mean.toFixed(4);
  const f1 = t.folds.filter((f) => f.status === 'done').map((f) => (f.fold!.record as { metrics?: { valMacroF1?: number } }).metrics?.valMacroF1)
    .filter((x): x is number => typeof x === 'number');
  return f1.length ? `${(f1.reduce((a, b) => a + b, 0) / f1.length).toFixed(4)}*` : '—';
}

function table(header: string[], rows: string[][], right: Set<number>): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (right.has(i) ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

async function inspectAll(runsDir: string): Promise<TrialInspection[]> {
  const out: TrialInspection[] = [];
  for (const d of trialDirs(runsDir)) out.push(await inspectTrial(d));
  return out;
}

async function ls(runsDir: string): Promise<number> {
  const trials = await inspectAll(runsDir);
  if (trials.length === 0) {
    console.log(`no trials in ${runsDir}`);
    return 0;
  }
  const now = Date.now();
  const rows = trials.sort((a, b) => b.created.getTime() - a.created.getTime()).map((t) => {
    const done = t.folds.filter((f) => f.status === 'done').length;
    return [t.hash, labelsOf(t), recipeSummary(trialOf(t)), statusOf(t), `${done}/${t.expected ?? t.folds.length}`, score(t), formatBytes(t.bytes), formatAge(now - t.created.getTime())];
  });
  console.log(table(['hash', 'experiment', 'recipe', 'status', 'folds', 'val F1', 'size', 'age'], rows, new Set([4, 5, 6, 7])));
  const total = trials.reduce((a, t) => a + t.bytes, 0);
  console.log(`${trials.length} trial(s), ${formatBytes(total)} in ${runsDir}  (* = mean of the folds done so far)`);
  return 0;
}

const fmt = (v: unknown, digits = 4): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(digits)) : v === undefined ? '—' : String(v));

async function show(runsDir: string, hash: string): Promise<number> {
  const t = await inspectTrial(resolveTrial(runsDir, hash, { hint: 'use --out DIR' }).dir);
  console.log(`trial ${t.hash}  ${statusOf(t)}  ${formatBytes(t.bytes)}  ${t.dir}`);
  if (t.config) {
    const c = t.config;
    console.log(`labels: ${labelsOf(t) || '—'}`);
    console.log(`data: ${fmt(c.data)}\ncode: ${fmt(c.code)}`);
    const p = c.provenance;
    if (p) console.log(`created: ${p.time} on ${p.host} (${p.cpu}, ${p.cores} cores, ${p.platform}), node ${p.node}, compute ${p.compute}, ` +
      `git ${p.gitCommit ?? 'none'}, package-lock ${p.packageLock ? p.packageLock.slice(0, 12) : 'none'}`);
    console.log(`config:\n${JSON.stringify(c.trial, null, 2).split('\n').map((l) => `  ${l}`).join('\n')}`);
  } else console.log('config: missing or damaged');
  const rows = t.folds.map((f) => {
    if (f.status !== 'done') return [String(f.index + 1), f.status + (f.owner ? ` (pid ${f.owner.pid} on ${f.owner.host})` : ''), '', '', '', '', '', '', ''];
    const m = ((f.fold!.record as { metrics?: Record<string, unknown> }).metrics ?? {}) as Record<string, unknown>;
    const p = f.fold!.manifest.provenance;
    return [String(f.index + 1), 'done', fmt(m.valMacroF1), fmt(m.valAccuracy), fmt(m.valLoss),
      typeof m.bestEpoch === 'number' ? `${m.bestEpoch + 1}/${fmt(m.epochs)}` : '—', fmt(m.wallSeconds, 1), p.compute, `${p.host} ${p.time}`];
  });
  console.log(table(['fold', 'status', 'val F1', 'val acc', 'val loss', 'best/epochs', 'seconds', 'compute', 'trained on'], rows, new Set([2, 3, 4, 5, 6])));
  const mean = t.result?.valMacroF1 as { mean?: number; std?: number } | undefined;
  if (mean?.mean !== undefined) console.log(`val macro-F1 ${fmt(mean.mean)} ± ${fmt(mean.std)} over ${t.folds.length} fold(s)`);
  for (const d of t.damage) console.log(`DAMAGED: ${d}`);
  if (t.movedAside.length) console.log(`moved aside earlier: ${t.movedAside.join(', ')}`);
  return 0;
}

async function verify(runsDir: string): Promise<number> {
  const started = performance.now();
  const trials = await inspectAll(runsDir);
  const damaged = trials.filter((t) => t.damage.length > 0);
  const files = trials.reduce((a, t) => a + t.folds.reduce((b, f) => b + (f.fold?.manifest.files.length ?? 0), 0), 0);
  for (const t of damaged) for (const d of t.damage) console.log(`DAMAGED ${d}`);
  const leftovers = trials.flatMap((t) => t.leftovers);
  for (const l of leftovers) console.log(`leftover (removed by the next run or gc): ${l}`);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${trials.length} trial(s), ${files} fold artifact(s) checked in ${seconds.toFixed(2)} s: ` +
    (damaged.length ? `${damaged.length} trial(s) damaged (a run repairs them by retraining; --no-repair stops instead)` : 'all intact'));
  return damaged.length ? 1 : 0;
}

/** Recipe keys the configs reference: canonical trial without its epoch budget, under every profile. */
export function referencedRecipes(configsDir: string): Set<string> {
  const keys = new Set<string>();
  if (!existsSync(configsDir)) throw new Error(`${configsDir}: no configs folder (use --configs DIR)`);
  for (const name of readdirSync(configsDir).filter((n) => n.endsWith('.json5')).sort()) {
    const file = join(configsDir, name);
    const cfg = loadConfig(file);
    for (const profile of PROFILES) for (const p of expandTrials(resolveProfile(cfg, profile, file))) keys.add(recipeKey(p.trial));
  }
  return keys;
}

export function recipeKey(trial: unknown): string {
  const t = JSON.parse(JSON.stringify(trial ?? null)) as { train?: { epochs?: number } } | null;
  if (t?.train) delete t.train.epochs;
  return canonicalJSON(t);
}

/** Why gc removes trial t, or undefined to keep it; `keep` says why a trial it cannot judge is kept. */
function verdict(t: TrialInspection, keys: Set<string>, code: string, o: { olderThan?: number }, now: number): { remove?: string; keep?: string } {
  // never judged from a trial's own damaged files: what cannot be read cannot be shown to be unreferenced
  if (t.link) return { keep: 'a symbolic link, not a trial folder of the store (never followed; remove the link by hand)' };
  if (!t.config) return { keep: 'its config.json is missing or damaged, so gc cannot tell which recipe it holds (a run re-seals it)' };
  if (!keys.has(recipeKey(t.config.trial))) return { remove: 'no config references its recipe' };
  const trialCode = typeof t.config.code === 'string' ? t.config.code.split('+')[0] : undefined;
  if (trialCode !== code) return { remove: 'trained by other code' };
  if (o.olderThan !== undefined && now - t.created.getTime() > o.olderThan) return { remove: `older than ${formatAge(o.olderThan)}` };
  return {};
}

async function gc(runsDir: string, o: { configs: string; olderThan?: number; damaged: boolean; dryRun: boolean }): Promise<number> {
  const keys = referencedRecipes(o.configs);
  const code = codeVersion(commandRoot());
  const now = Date.now();
  let freed = 0;
  let removed = 0;
  const trials = await inspectAll(runsDir);
  for (const t of trials) {
    const v = verdict(t, keys, code, o, now);
    if (v.keep) {
      console.log(`keep ${t.hash}: ${v.keep}`);
      continue;
    }
    if (t.running) {
      if (v.remove) console.log(`keep ${t.hash}: ${v.remove}, but a fold is being trained now`);
      continue;
    }
    if (v.remove) {
      const what = `${t.hash} (${recipeSummary(trialOf(t))}, ${formatBytes(t.bytes)}): ${v.remove}`;
      if (o.dryRun) {
        const holders = await liveHolds(runsDir, t.hash);
        if (holders.length) console.log(`keep ${t.hash}: ${v.remove}, but a running experiment holds it (${holders.length} holder(s))`);
        else {
          console.log(`would remove ${what}`);
          freed += t.bytes;
          removed++;
        }
        continue;
      }
      // decided under the trial's gc lock, after checking that no experiment holds it and no fold is being trained
      const r = await whileUnheld(runsDir, t.hash, async () => {
        for (const n of readdirSync(t.dir)) if (/^fold-\d+\.lock$/.test(n) && (await isLocked(join(t.dir, n.slice(0, -5))))) return false;
        // renamed first (atomic), so no reader ever sees a half-deleted trial; a link would be renamed, not followed
        const trash = join(runsDir, `.gc-${t.hash}-${process.pid}`);
        renameSync(t.dir, trash);
        rmSync(trash, { recursive: true, force: true });
        return true;
      });
      if (!r.ran) console.log(`keep ${t.hash}: ${v.remove}, but a running experiment holds it (${r.holders.join(', ')})`);
      else if (!r.value) console.log(`keep ${t.hash}: ${v.remove}, but a fold is being trained now`);
      else {
        console.log(`remove ${what}`);
        freed += t.bytes;
        removed++;
      }
    } else if (o.damaged && t.movedAside.length > 0) {
      const bytes = t.movedAside.reduce((a, p) => a + (existsSync(p) ? diskUsage(p) : 0), 0);
      console.log(`${o.dryRun ? 'would delete' : 'delete'} ${t.movedAside.length} moved-aside item(s) of ${t.hash} (${formatBytes(bytes)})`);
      freed += bytes;
      if (!o.dryRun) rmSync(join(t.dir, 'damaged'), { recursive: true, force: true });
    }
  }
  console.log(`${o.dryRun ? 'would remove' : 'removed'} ${removed} of ${trials.length} trial(s), ${formatBytes(freed)}`);
  return 0;
}

/** `pirate-pain runs ls | head`: a reader that stops early closes the pipe; that ends the listing, quietly. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

export async function run(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    console.log(usage);
    return sub === undefined ? 2 : 0;
  }
  return runCommand(`runs ${sub}`, usage, rest, spec, async ({ options, positionals }) => {
    const out = options.out !== undefined ? resolve(options.out) : outputsDir(commandRoot());
    const runsDir = join(out, 'runs');
    const want = (n: number): void => {
      if (positionals.length !== n) throw new UsageError(n === 0 ? `unexpected argument "${positionals[0]}"` : 'expected a trial HASH');
    };
    if (sub === 'ls') return want(0), ls(runsDir);
    if (sub === 'show') return want(1), show(runsDir, positionals[0]);
    if (sub === 'verify') return want(0), verify(runsDir);
    if (sub === 'gc') {
      want(0);
      return gc(runsDir, {
        configs: options.configs !== undefined ? resolve(options.configs) : join(commandRoot(), 'notebooks', 'configs'),
        olderThan: options['older-than'] !== undefined ? parseAge(options['older-than']) : undefined,
        damaged: options.damaged === true,
        dryRun: options['dry-run'] === true,
      });
    }
    throw new UsageError(`unknown subcommand "${sub}" (ls, show, verify, gc)`);
  }, true);
}
