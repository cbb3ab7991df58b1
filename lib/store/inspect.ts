// A trial folder as `pirate-pain runs` sees it: every fold, summary and derived file verified (nothing repaired,
// nothing moved), with what is running, what crashed processes left, and what was moved aside earlier.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isLocked, lockOwner, type LockOwner } from './lock';
import type { Provenance } from './provenance';
import { diskUsage, foldDir, linkDamage, pathKind, readFold, TRIAL_CONFIG, TRIAL_SUMMARY, type StoredFold } from './store';
import { DamageError, readSealedJSON } from './verify';

export type FoldStatus = 'done' | 'running' | 'missing' | 'damaged';

export interface FoldInspection {
  index: number;
  status: FoldStatus;
  fold?: StoredFold;
  /** the damaged file and what is wrong with it */
  error?: string;
  /** who trains it (status running) */
  owner?: LockOwner;
}

export interface TrialInspection {
  hash: string;
  dir: string;
  /** config.json's content (trial, labels, data, code, provenance), when intact */
  config?: Record<string, unknown> & { provenance?: Provenance };
  /** folds the trial trains (its cv.run), when the config says */
  expected?: number;
  folds: FoldInspection[];
  summary: 'done' | 'missing' | 'stale' | 'damaged';
  /** the summary's content when done */
  result?: Record<string, unknown>;
  /** one line per damaged file: "<file>: <problem>" */
  damage: string[];
  /** staging folders and temporary files left by processes (removed on the next run or by gc) */
  leftovers: string[];
  /** earlier damage moved aside to damaged/ */
  movedAside: string[];
  bytes: number;
  /** when the trial folder was created (config provenance), else its mtime */
  created: Date;
  /** a process holds one of its fold locks */
  running: boolean;
  /** the trial's entry is a symbolic link (never followed; nothing inside it was read) */
  link?: boolean;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function inspectTrial(dir: string): Promise<TrialInspection> {
  if (pathKind(dir) === 'link') {
    // never followed: what it points to is not the store's
    return {
      hash: basename(dir), dir, folds: [], summary: 'missing', damage: [linkDamage(dir, 'a trial folder').message], leftovers: [],
      movedAside: [], bytes: 0, created: lstatSync(dir).mtime, running: false, link: true,
    };
  }
  const names = readdirSync(dir);
  const damage: string[] = [];
  let config: TrialInspection['config'];
  try {
    config = readSealedJSON<Record<string, unknown>>(join(dir, TRIAL_CONFIG));
    if (typeof config.hash === 'string' && config.hash !== basename(dir)) {
      damage.push(`${join(dir, TRIAL_CONFIG)}: names another trial (its hash differs from this trial's: ${config.hash})`);
      config = undefined; // never judged by another trial's config (gc, ls)
    }
  } catch (e) {
    // missing too: every trial folder gets its config.json before anything else
    damage.push(messageOf(e));
  }
  const cv = (config?.trial as { cv?: { run?: number } } | undefined)?.cv;
  const expected = typeof cv?.run === 'number' ? cv.run : undefined;
  const present = names.map((n) => /^fold-(\d+)$/.exec(n)).filter((m): m is RegExpExecArray => !!m).map((m) => Number(m[1]));
  const indices = [...new Set([...present, ...Array.from({ length: expected ?? 0 }, (_, k) => k)])].sort((a, b) => a - b);
  const folds: FoldInspection[] = [];
  for (const k of indices) {
    let f: FoldInspection;
    try {
      const fold = readFold(dir, k, { data: typeof config?.data === 'string' ? config.data : undefined });
      f = fold ? { index: k, status: 'done', fold } : { index: k, status: 'missing' };
    } catch (e) {
      f = { index: k, status: 'damaged', error: messageOf(e) };
      damage.push(messageOf(e));
    }
    if (f.status === 'missing' && (await isLocked(foldDir(dir, k)))) f = { index: k, status: 'running', owner: lockOwner(foldDir(dir, k)) };
    folds.push(f);
  }
  let summary: TrialInspection['summary'] = 'missing';
  let result: Record<string, unknown> | undefined;
  if (names.includes(TRIAL_SUMMARY)) {
    try {
      const s = readSealedJSON<Record<string, unknown> & { fromFolds?: string[] }>(join(dir, TRIAL_SUMMARY));
      const done = folds.filter((f) => f.status === 'done').map((f) => f.fold!.manifest.checksum);
      const from = s.fromFolds ?? [];
      summary = from.length > 0 && from.length === done.length && from.every((c, i) => c === done[i]) ? 'done' : 'stale';
      if (summary === 'done') result = s;
      // a summary stands for all its folds: one missing beside it is damage, not a trial in progress
      for (const f of folds) {
        if (f.status === 'missing' && (expected === undefined || f.index < expected)) {
          damage.push(`${foldDir(dir, f.index)}: missing: the trial summary needs all ${expected ?? folds.length} folds and fold ${f.index + 1} is not there`);
        }
      }
      if (summary === 'stale' && folds.every((f) => f.status === 'done')) damage.push(`${join(dir, TRIAL_SUMMARY)}: stale: computed from other folds than the ones committed now`);
    } catch (e) {
      summary = 'damaged';
      damage.push(messageOf(e));
    }
  }
  // derived caches (test predictions): sealed JSON beside the summary
  for (const n of names) {
    if (n === TRIAL_CONFIG || n === TRIAL_SUMMARY || !n.endsWith('.json')) continue;
    try {
      readSealedJSON(join(dir, n));
    } catch (e) {
      if (e instanceof DamageError) damage.push(e.message);
    }
  }
  const leftovers = [
    ...names.filter((n) => n.includes('.tmp-')).map((n) => join(dir, n)),
    ...(existsSync(join(dir, '.staging')) ? readdirSync(join(dir, '.staging')).map((n) => join(dir, '.staging', n)) : []),
  ];
  const movedAside = existsSync(join(dir, 'damaged')) ? readdirSync(join(dir, 'damaged')).map((n) => join(dir, 'damaged', n)) : [];
  const time = config?.provenance?.time;
  const created = time && !Number.isNaN(Date.parse(time)) ? new Date(time) : lstatSync(dir).mtime;
  return {
    hash: basename(dir), dir, config, expected, folds, summary, result, damage, leftovers, movedAside,
    bytes: diskUsage(dir), created, running: folds.some((f) => f.status === 'running'),
  };
}

/**
 * Trial entries of a runs folder, sorted by name: every subfolder, and every symbolic link (listed so that it is
 * reported, never followed). Names starting with '.' are the store's own (holds, gc's trash).
 */
export function trialDirs(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.') && (e.isDirectory() || e.isSymbolicLink()))
    .map((e) => join(runsDir, e.name)).sort();
}
