// Content hashes that name a trial: its canonical config, the data it trains on, and the code that computes it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Dataset } from '../data/series';
import { FILES } from '../data/schema';
import { projectRoot } from '../paths';
import { writeFileAtomic } from '../train/persist';

/** JSON with object keys sorted at every level and no whitespace: equal configs give equal strings. */
export function canonicalJSON(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`canonicalJSON: ${v} has no JSON form`);
    return v === undefined ? 'null' : JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJSON(o[k])}`).join(',')}}`;
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The folders whose code decides a trial's numbers (configs, tables, plots and the pool do not). */
export const RESULT_CODE_DIRS = ['lib/data', 'lib/features', 'lib/split', 'lib/windows', 'lib/nn', 'lib/train', 'lib/evaluate'];

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.isFile() && e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const codeCache = new Map<string, string>();

/** sha256 over the path and bytes of every .ts file under RESULT_CODE_DIRS (computed once per process and root). */
export function codeVersion(root: string = projectRoot()): string {
  const cached = codeCache.get(root);
  if (cached) return cached;
  const h = createHash('sha256');
  const files = RESULT_CODE_DIRS.flatMap((d) => tsFiles(join(root, d))).map((f) => relative(root, f).split('\\').join('/')).sort();
  for (const f of files) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  const v = h.digest('hex');
  codeCache.set(root, v);
  return v;
}

interface FingerprintCache {
  [file: string]: { size: number; mtimeMs: number; sha256: string };
}

/** The data files a trial depends on, as present in dir (plain or .gz). */
export function dataFiles(dir: string): string[] {
  const names = [FILES.train, FILES.labels, FILES.test];
  const out: string[] = [];
  for (const n of names) {
    for (const f of [n, `${n}.gz`]) if (existsSync(join(dir, f))) out.push(join(dir, f));
  }
  return out;
}

/**
 * sha256 over the names and bytes of the data files in dir. Each file's hash is cached in `cacheFile` under its
 * absolute path with size and mtime, so an unchanged multi-megabyte file is not read again.
 */
export function dataFingerprint(dir: string, cacheFile: string = join(projectRoot(), 'outputs', 'cache', 'data-fingerprints.json')): string {
  const files = dataFiles(dir);
  if (files.length === 0) throw new Error(`data fingerprint: no data files (${FILES.train}, ${FILES.labels}) in ${dir}`);
  let cache: FingerprintCache = {};
  try {
    cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as FingerprintCache;
  } catch {
    // missing or unreadable cache: recompute
  }
  let changed = false;
  const h = createHash('sha256');
  for (const file of files) {
    const abs = resolve(file);
    const st = statSync(abs);
    let entry = cache[abs];
    if (!entry || entry.size !== st.size || entry.mtimeMs !== st.mtimeMs) {
      entry = { size: st.size, mtimeMs: st.mtimeMs, sha256: sha256(readFileSync(abs)) };
      cache[abs] = entry;
      changed = true;
    }
    h.update(`${abs.slice(resolve(dir).length + 1)}\0${entry.sha256}\0`);
  }
  if (changed) {
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileAtomic(cacheFile, JSON.stringify(cache, null, 1));
    } catch {
      // a read-only outputs folder only costs a re-hash next time
    }
  }
  return h.digest('hex');
}

const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** sha256 of the loaded arrays themselves (for datasets that do not come from files, e.g. in tests). */
export function arraysFingerprint(ds: Pick<Dataset, 'train' | 'labels' | 'test'>): string {
  const h = createHash('sha256');
  for (const [name, s] of [['train', ds.train], ['test', ds.test]] as const) {
    if (!s) continue;
    h.update(`${name}\0${s.steps}\0`);
    h.update(bytes(s.ids));
    for (const col of Object.keys(s.columns).sort()) {
      h.update(`${col}\0`);
      h.update(bytes(s.columns[col]));
    }
  }
  h.update('labels\0');
  h.update(bytes(ds.labels.ids));
  h.update(bytes(ds.labels.y));
  return h.digest('hex');
}

/** The data files' fingerprint when the dataset's folder has them, else the arrays'. */
export function datasetFingerprint(ds: Dataset, cacheFile?: string): string {
  return ds.dir && dataFiles(ds.dir).length > 0 ? `files:${dataFingerprint(ds.dir, cacheFile)}` : `arrays:${arraysFingerprint(ds)}`;
}

/** The 12-hex name of a trial: sha256 of its canonical config, data fingerprint and code version. */
export function trialHash(trial: unknown, data: string, code: string): string {
  return sha256(canonicalJSON({ trial, data, code })).slice(0, 12);
}
