// Durable, atomic file IO: a reader sees a file whole or not at all, and a file that was reported written survives
// a power cut. Write to a temporary name in the same folder, fsync it, rename it over the target, fsync the folder
// (the rename lives in the folder's entry table). Temporary names carry the host and pid, so leftovers of a crashed
// writer can be told apart from a live writer's and removed on the next run.
import {
  closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { faultPoint } from './faults';

const TMP = '.tmp-';

/** fsync an existing file or folder (folders: so that entries created or renamed in it are on disk). */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** mkdir -p, then fsync every folder created and the parent of the first one, so the new path survives a crash. */
export function mkdirDurable(dir: string): void {
  if (existsSync(dir)) return;
  const created: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) created.push(d);
  mkdirSync(dir, { recursive: true });
  for (const d of created) fsyncPath(d);
  fsyncPath(dirname(created[created.length - 1]));
}

/** A unique temporary name next to `file`: <file>.tmp-<host>-<pid>-<random>. */
export function tempName(file: string): string {
  return `${file}${TMP}${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Writes `data` to `file` atomically and durably (temp file, fsync, rename, fsync of the folder). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = dirname(file);
  mkdirDurable(dir);
  const tmp = tempName(file);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  faultPoint(`write ${basename(file)}: before the temp file`);
  const fd = openSync(tmp, 'wx');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    faultPoint(`write ${basename(file)}: temp written, not synced`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  faultPoint(`write ${basename(file)}: temp synced, not renamed`);
  renameSync(tmp, file);
  faultPoint(`write ${basename(file)}: renamed, folder not synced`);
  fsyncPath(dir);
}

/** Renames a file or folder and fsyncs both parents: the move is on disk when this returns. */
export function renameDurable(from: string, to: string): void {
  mkdirDurable(dirname(to));
  renameSync(from, to);
  fsyncPath(dirname(to));
  if (dirname(from) !== dirname(to)) {
    try {
      fsyncPath(dirname(from));
    } catch (e) {
      // the source folder may already be gone (an emptied staging folder removed by another worker): nothing to sync
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/** fsyncs every file and folder under `dir` (files written with plain writes, made durable before a commit). */
export function fsyncTree(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) fsyncTree(p);
    else if (e.isFile()) fsyncPath(p);
  }
  fsyncPath(dir);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a temporary file or staging folder named `<…>-<host>-<pid>-<random>` belongs to nobody alive: its writer
 * was on this host and its pid is gone, or it is older than `maxAgeMs` (writers on other hosts sharing the folder).
 */
export function orphaned(path: string, tag: string, maxAgeMs = 3600_000): boolean {
  const m = /^(.+)-(\d+)-[0-9a-z]+$/.exec(tag);
  if (m && m[1] === hostname()) return !pidAlive(Number(m[2]));
  try {
    return Date.now() - statSync(path).mtimeMs > maxAgeMs;
  } catch {
    return false;
  }
}

/** Removes leftover temporary files of crashed writers in `dir` (not recursive); returns the names removed. */
export function removeOrphanTemps(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const at = name.indexOf(TMP);
    if (at < 0) continue;
    const p = join(dir, name);
    if (orphaned(p, name.slice(at + TMP.length))) {
      rmSync(p, { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** The bytes of a file, with an error that names it when it cannot be read. */
export function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (e as Error).message}`);
  }
}
