// Fingerprints of the data a trial trains on. Content decides: each data file is hashed (sha256), and the hash is
// reused only while the file's inode, size, mtime AND ctime are unchanged. mtime alone can be set back by anyone
// (touch -d, cp -p, rsync -t); ctime cannot: the kernel sets it to "now" on every write, rename or utimes call, so
// a file edited in place with its old size and mtime still gets a new ctime and is hashed again.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FILES } from '../data/schema';
import type { Dataset } from '../data/series';
import { projectRoot } from '../paths';
import { removeOrphanTemps, writeFileAtomic } from './durable';
import { sha256 } from './hash';

interface FingerprintEntry {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  sha256: string;
}

interface FingerprintCache {
  version: 2;
  files: Record<string, FingerprintEntry>;
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

function statKey(file: string): Omit<FingerprintEntry, 'sha256'> {
  const st = statSync(file, { bigint: true });
  return { dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) };
}

const sameKey = (a: Omit<FingerprintEntry, 'sha256'>, b: Omit<FingerprintEntry, 'sha256'>): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

export const defaultFingerprintCache = (): string => join(projectRoot(), 'outputs', 'cache', 'data-fingerprints.json');

/**
 * sha256 over the names and content hashes of the data files in dir. A file's content hash is cached in
 * `cacheFile` (pass null for no cache) and reused while its inode, size, mtime and ctime are all unchanged.
 */
export function dataFingerprint(dir: string, cacheFile: string | null = defaultFingerprintCache()): string {
  const files = dataFiles(dir);
  if (files.length === 0) throw new Error(`data fingerprint: no data files (${FILES.train}, ${FILES.labels}) in ${dir}`);
  let cache: FingerprintCache = { version: 2, files: {} };
  if (cacheFile) {
    try {
      const c = JSON.parse(readFileSync(cacheFile, 'utf8')) as FingerprintCache;
      if (c.version === 2 && c.files && typeof c.files === 'object') cache = c;
    } catch {
      // missing or unreadable cache: every file is hashed
    }
  }
  let changed = false;
  const h = createHash('sha256');
  for (const file of files) {
    const abs = resolve(file);
    const before = statKey(abs);
    let entry = cache.files[abs];
    if (!entry || !sameKey(entry, before)) {
      const digest = sha256(readFileSync(abs));
      // a file changed while it was read gets no cache entry (its hash may mix two versions)
      if (sameKey(statKey(abs), before)) {
        entry = { ...before, sha256: digest };
        cache.files[abs] = entry;
        changed = true;
      } else entry = { ...before, sha256: digest };
    }
    h.update(`${abs.slice(resolve(dir).length + 1)}\0${entry.sha256}\0`);
  }
  if (cacheFile) removeOrphanTemps(dirname(cacheFile));
  if (changed && cacheFile) {
    try {
      writeFileAtomic(cacheFile, JSON.stringify(cache, null, 1) + '\n');
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
export function datasetFingerprint(ds: Dataset, cacheFile?: string | null): string {
  return ds.dir && dataFiles(ds.dir).length > 0 ? `files:${dataFingerprint(ds.dir, cacheFile)}` : `arrays:${arraysFingerprint(ds)}`;
}
