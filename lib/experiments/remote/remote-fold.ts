// A fold task as it travels through the queue: the payload a worker accepts (validated like a config file), the
// files it sends back (each with its sha256), how the coordinator lands them in its trial folder, the data set as
// one blob, and the cost estimate that puts long folds first.
import { createGunzip, gzipSync } from 'node:zlib';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { FILES } from '../../data/schema';
import { ANY_TRIAL_SCHEMA, checkTrial, isBaselineTrial, type TrialConfig } from '../config/config';
import { dataFiles } from '../../store/fingerprint';
import { sha256 } from '../../store/hash';
import { trialHash } from '../../store/identity';
import { computePath } from '../../nn/gemm/index';
import { ensureFold, FOLD_MANIFEST, FOLD_RECORD, foldDir, writeTrialConfig, type ArtifactCheck, type FoldManifest } from '../../store/store';
import { ConfigError, joinPath, validate, type Schema } from '../config/schema';
import { trialConfigRecord, type TrialLabels } from '../run/trials';
import { safeJoin } from '../../core/safe-path';

/** What a worker needs to train one fold: no paths, nothing but the recipe and the identities it must match. */
export interface RemoteFoldTask {
  trial: TrialConfig;
  labels: TrialLabels;
  dataFingerprint: string;
  codeVersion: string;
  fold: number;
  progressEvery?: number;
}

/** A fold's files as a worker returns them: paths relative to the fold folder, bytes base64, sha256 hex. */
export interface FoldArtifacts {
  worker: string;
  hash: string;
  fold: number;
  files: { path: string; sha256: string; base64: string }[];
}

/** Largest payload a worker reads (a trial recipe is about 1 kB). */
export const MAX_TASK_BYTES = 64 * 1024;

const IDENTITY = /^[A-Za-z0-9_.:+-]{1,200}$/;

const LABELS_SCHEMA: Schema = {
  type: 'object',
  fields: {
    experiment: { type: 'string', optional: true },
    model: { type: 'string', optional: true },
    point: { type: 'record', optional: true, values: { type: 'any' } },
    profile: { type: 'string', optional: true },
  },
};

export const FOLD_TASK_SCHEMA: Schema = {
  type: 'object',
  fields: {
    trial: ANY_TRIAL_SCHEMA, // recurrent or baseline, by the model's kind
    labels: LABELS_SCHEMA,
    dataFingerprint: { type: 'string' },
    codeVersion: { type: 'string' },
    fold: { type: 'number', integer: true, min: 0, max: 19 },
    progressEvery: { type: 'number', min: 1, max: 3600, optional: true },
  },
};

/**
 * The payload as a fold task, or a ConfigError naming the key: the same schema and cross-key checks as a config
 * file's trials, plus the identities' shape and the fold's range. Anything else (unknown keys, paths) is rejected.
 */
export function checkFoldTask(raw: unknown): RemoteFoldTask {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(raw) ?? '');
  } catch {
    throw new ConfigError('(task)', 'not JSON data');
  }
  if (size > MAX_TASK_BYTES) throw new ConfigError('(task)', `${size} bytes, more than the ${MAX_TASK_BYTES} a fold task may have`);
  validate(raw, FOLD_TASK_SCHEMA, 'task');
  const t = raw as RemoteFoldTask;
  checkTrial(t.trial, 'task.trial');
  for (const key of ['dataFingerprint', 'codeVersion'] as const) {
    if (!IDENTITY.test(t[key])) throw new ConfigError(joinPath('task', key), `expected an identity string (letters, digits, _.:+-), got ${JSON.stringify(t[key].slice(0, 80))}`);
  }
  if (t.fold >= t.trial.cv.run) throw new ConfigError('task.fold', `fold ${t.fold} but the trial runs ${t.trial.cv.run} fold(s)`);
  return t;
}

/** The queue's job id of a fold: trial hash + fold, so the same fold is never queued twice. */
export const foldTaskId = (t: Pick<RemoteFoldTask, 'trial' | 'dataFingerprint' | 'codeVersion' | 'fold'>): string =>
  `${trialHash(t.trial, t.dataFingerprint, t.codeVersion)}-fold-${t.fold}`;

const GATES = { rnn: 1, gru: 3, lstm: 4 } as const;

/**
 * Work of one fold in multiply-adds, roughly: epochs × windows × steps × Σ layers directions × gates × hidden ×
 * (input + hidden). Only the order matters (longest first, and the ETA's shape); inputs are taken as 30 features.
 */
export function foldCost(trial: TrialConfig, trainSubjects = 600, steps = 160): number {
  // a baseline: one pass of summary statistics over every training step (its fit is seconds)
  if (isBaselineTrial(trial)) return trainSubjects * steps * 30 * 100;
  const { size, stride } = trial.window;
  const perSubject = Math.max(1, Math.ceil((steps - size) / stride) + 1);
  const subjects = trainSubjects * (1 - 1 / trial.cv.folds);
  const windows = Math.min(subjects * perSubject, trial.train.maxWindowsPerEpoch ?? Infinity);
  const m = trial.model;
  const dirs = m.bidirectional ? 2 : 1;
  let perStep = 0;
  let input = 30;
  for (let l = 0; l < m.layers; l++) {
    perStep += dirs * GATES[m.cell] * m.hiddenSize * (input + m.hiddenSize);
    input = m.hiddenSize * dirs;
  }
  return trial.train.epochs * windows * size * perStep;
}


function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** Reads a trained fold folder into artifacts (on the worker). */
export function collectFold(foldDir: string, o: { worker: string; hash: string; fold: number }): FoldArtifacts {
  if (!existsSync(join(foldDir, 'result.json'))) throw new Error(`fold folder ${foldDir} has no result.json`);
  const files = listFiles(foldDir).map((f) => {
    const bytes = readFileSync(f);
    return { path: relative(foldDir, f).split(sep).join('/'), sha256: sha256(bytes), base64: bytes.toString('base64') };
  });
  return { ...o, files };
}

// what a fold folder may hold: result, metrics, TensorBoard events, the model (anything else is refused)
const FOLD_FILE = /^(result\.json|metrics\.jsonl|events\.out\.tfevents\.[A-Za-z0-9._-]+|model\/(model\.json|weights\.bin)|[a-z][a-z0-9-]*\.json)$/;

/**
 * Lands a worker's fold in `<runsDir>/<hash>/fold-<k>/` (on the coordinator): every path checked against what a
 * fold folder holds, every file checked against its sha256, the result checked to be that fold's; then committed
 * through the trial store like a fold trained here (its lock, a staging folder renamed into place, a manifest with
 * every checksum and the worker's provenance), so it is whole or absent and a fold is never landed twice.
 */
export async function landFold(runsDir: string, task: RemoteFoldTask, a: FoldArtifacts): Promise<string> {
  const hash = trialHash(task.trial, task.dataFingerprint, task.codeVersion);
  const where = `fold ${task.fold} of trial ${hash} from worker ${String(a?.worker)}`;
  if (!a || a.hash !== hash || a.fold !== task.fold || !Array.isArray(a.files)) throw new Error(`${where}: the result names another task`);
  const files = a.files.map((f) => {
    if (typeof f.path !== 'string' || !FOLD_FILE.test(f.path)) throw new Error(`${where}: unexpected file ${JSON.stringify(String(f.path).slice(0, 100))}`);
    const bytes = Buffer.from(String(f.base64), 'base64');
    if (sha256(bytes) !== f.sha256) throw new Error(`${where}: ${f.path} does not match its sha256 (corrupted in transit)`);
    return { path: f.path, bytes };
  });
  const text = (path: string): string | undefined => files.find((f) => f.path === path)?.bytes.toString('utf8');
  let result: { metrics?: { fold?: number } } | undefined;
  let manifest: Partial<FoldManifest> | undefined;
  try {
    result = JSON.parse(text(FOLD_RECORD) ?? 'null') as typeof result;
    manifest = JSON.parse(text(FOLD_MANIFEST) ?? 'null') as Partial<FoldManifest> | undefined;
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
  if (!result || result.metrics?.fold !== task.fold) throw new Error(`${where}: result.json missing or of another fold`);
  const dir = join(runsDir, hash);
  writeTrialConfig(dir, trialConfigRecord(hash, task), computePath());
  // the worker's content checks (non-finite weights) are checked again here
  const checks: Record<string, ArtifactCheck> = {};
  for (const f of manifest?.files ?? []) if (f && typeof f.path === 'string' && f.check) checks[f.path] = f.check;
  await ensureFold(dir, task.fold, async (staging) => {
    for (const f of files) {
      if (f.path === FOLD_MANIFEST || f.path === FOLD_RECORD) continue; // the commit writes both
      // the path passed FOLD_FILE; safeJoin refuses it anyway if it would leave the staging folder
      const to = safeJoin(staging, f.path.split('/'), 'fold file from a worker');
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, f.bytes);
    }
    return { record: result, checks };
  }, { trial: hash, data: task.dataFingerprint, provenance: manifest?.provenance, compute: computePath() });
  return foldDir(dir, task.fold);
}

/** The data files of a folder as one blob: a JSON header ([name, bytes] pairs) and the files' bytes. */
export function packDataFiles(dir: string): Uint8Array {
  const files = dataFiles(dir);
  const parts = files.map((f) => readFileSync(f));
  const header = Buffer.from(JSON.stringify(files.map((f, i) => [basename(f), parts[i].byteLength])));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.byteLength);
  // gzip at its fastest level: the generated CSVs shrink from 100 MB to 40 MB (Redis memory, each worker's download)
  return gzipSync(Buffer.concat([len, header, ...parts]), { level: 1 });
}

/** Largest unpacked data blob a worker accepts (the real Kaggle files are well under it). */
export const MAX_DATA_BYTES = 2 ** 31 - 1;
/** Largest header a blob may have (three [name, bytes] pairs need about 200 bytes). */
const MAX_HEADER_BYTES = 64 * 1024;
/** Bytes gunzip hands over at a time: with the header, what an unpack holds of the output at most. */
export const UNPACK_CHUNK_BYTES = 64 * 1024;

const DATA_NAMES = new Set([FILES.train, FILES.labels, FILES.test].flatMap((n) => [n, `${n}.gz`]));

/**
 * Writes a packed blob's files into dir, as a stream: the blob is untrusted (a gzip bomb, names that are paths,
 * sizes that lie). The header is read first (at most 64 KiB) and must name only data files whose sizes add up to at
 * most `maxBytes`; then each file gets exactly its declared bytes, written as they are unpacked, and one byte more
 * than the header declared ends the unpack. So an unpack holds the compressed blob plus at most the header and one
 * gunzip chunk (UNPACK_CHUNK_BYTES) of output, and writes at most what the header declared.
 */
export async function unpackDataFiles(blob: Uint8Array, dir: string, maxBytes: number = MAX_DATA_BYTES): Promise<void> {
  const gunzip = createGunzip({ chunkSize: UNPACK_CHUNK_BYTES });
  let head = Buffer.alloc(0);
  let entries: [string, number][] | undefined;
  let file = 0;
  let left = 0;
  let fd: number | undefined;
  const close = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  const open = (): void => {
    while (entries && file < entries.length && entries[file][1] === 0) writeFileSync(join(dir, entries[file++][0]), '');
    if (entries && file < entries.length) {
      fd = openSync(join(dir, entries[file][0]), 'w');
      left = entries[file][1];
    }
  };
  const readHeader = (): void => {
    if (head.byteLength < 4) return;
    const n = head.readUInt32LE(0);
    if (n > MAX_HEADER_BYTES) throw new Error(`data blob: a ${n}-byte header (more than ${MAX_HEADER_BYTES})`);
    if (head.byteLength < 4 + n) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(head.subarray(4, 4 + n).toString('utf8'));
    } catch {
      throw new Error('data blob: unreadable header');
    }
    if (!Array.isArray(parsed)) throw new Error('data blob: unreadable header');
    let total = 0;
    for (const e of parsed) {
      const [name, size] = (Array.isArray(e) ? e : []) as [unknown, unknown];
      if (typeof name !== 'string' || !DATA_NAMES.has(name) || !Number.isSafeInteger(size) || (size as number) < 0) {
        throw new Error(`data blob: unexpected entry ${JSON.stringify(e).slice(0, 100)}`);
      }
      total += size as number;
    }
    if (total > maxBytes) throw new Error(`data blob: its header declares ${total} bytes, more than the ${maxBytes} a worker accepts`);
    entries = parsed as [string, number][];
    mkdirSync(dir, { recursive: true });
    const rest = head.subarray(4 + n);
    head = Buffer.alloc(0);
    open();
    take(rest);
  };
  const take = (chunk: Buffer): void => {
    let at = 0;
    while (at < chunk.byteLength) {
      if (fd === undefined) throw new Error('data blob: trailing bytes (more data than its header declares)');
      const k = Math.min(left, chunk.byteLength - at);
      writeSync(fd, chunk, at, k);
      at += k;
      left -= k;
      if (left === 0) {
        close();
        file++;
        open();
      }
    }
  };
  try {
    await new Promise<void>((done, fail) => {
      gunzip.on('data', (chunk: Buffer) => {
        try {
          if (entries) take(chunk);
          else {
            head = Buffer.concat([head, chunk]);
            readHeader();
          }
        } catch (e) {
          gunzip.destroy();
          fail(e);
        }
      });
      gunzip.on('error', (e) => fail(new Error(`data blob: not a packed data set (${e.message})`)));
      gunzip.on('end', () => {
        if (!entries) fail(new Error('data blob: unreadable header'));
        else if (fd !== undefined || file < entries.length) fail(new Error(`data blob: unexpected entry ${JSON.stringify(entries[Math.min(file, entries.length - 1)])} (the blob ends before its declared bytes)`));
        else done();
      });
      gunzip.end(blob);
    });
  } finally {
    close();
  }
}

/** Total size of a folder's data files (to say what a blob costs). */
export const dataBytes = (dir: string): number => dataFiles(dir).reduce((a, f) => a + statSync(f).size, 0);
