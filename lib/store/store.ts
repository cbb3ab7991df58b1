// The trial store: content-addressed trial folders whose folds are trained exactly once, committed atomically and
// verified on every read. It knows nothing of models: a fold is a folder of files (the artifacts) plus a JSON
// record, and whatever trains it says which files need which content check.
//
//   <trial>/config.json              sealed: what was run, with the provenance of the process that created it
//   <trial>/fold-<k>/                appears complete or not at all (a staging folder renamed into place):
//       result.json                  the fold's record (metrics, history, … whatever the trainer returns)
//       manifest.json                sealed: size and sha256 of every other file, provenance, and the fold's seal
//                                    (its trial's hash, its index, the fingerprint of the data it was trained on);
//                                    marks the fold done. A fold copied in from another trial, index or data set
//                                    fails the seal on every read.
//       … artifacts                  model files, metrics.jsonl, TensorBoard events
//   <trial>/fold-<k>.lock/           proper-lockfile lock while a process trains fold k (+ .lock.owner: who)
//   <trial>/.staging/fold-<k>-<host>-<pid>-<r>/   a fold being trained; leftovers of dead processes are removed
//   <trial>/result.json              sealed trial summary, naming the fold manifests it was computed from
//   <trial>/<derived>.json           sealed caches computed from the folds (test predictions), same naming
//   <trial>/damaged/<what>-<time>/   damaged folds and files moved aside, with DAMAGE.txt saying why
import { existsSync, lstatSync, readdirSync, readlinkSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { fsyncTree, mkdirDurable, orphaned, removeOrphanTemps, renameDurable, writeFileAtomic } from './durable';
import { faultPoint } from './faults';
import { tryLock, withLock, type Lock, type LockOwner } from './lock';
import { canonicalJSON } from './hash';
import { provenance, type Provenance } from './provenance';
import { assertFiniteNumbers, DamageError, readSealedJSON, recordArtifact, sealJSON, verifyArtifact, type Artifact, type ArtifactCheck } from './verify';

export const FOLD_RECORD = 'result.json';
export const FOLD_MANIFEST = 'manifest.json';
export const TRIAL_CONFIG = 'config.json';
export const TRIAL_SUMMARY = 'result.json';
const STAGING = '.staging';
const DAMAGED = 'damaged';

/** Version 2 manifests carry the seal (trial, fold, data); version 1 ones predate it and are retrained. */
export const FOLD_MANIFEST_VERSION = 2;

export interface FoldManifest {
  format: 'pirate-pain-fold';
  version: typeof FOLD_MANIFEST_VERSION;
  /** the trial's hash: the name of the trial folder it belongs in */
  trial: string;
  fold: number;
  /** the fingerprint of the data the fold was trained on (config.json's data) */
  data: string;
  /** every file of the fold folder but the manifest, with size and sha256 */
  files: Artifact[];
  provenance: Provenance;
  checksum: string;
}

export interface StoredFold<R = unknown> {
  index: number;
  dir: string;
  manifest: FoldManifest;
  record: R;
}

/** What to do about damage: move it aside and recompute (repair, the default), or stop with the DamageError. */
export interface RepairOptions {
  repair?: boolean;
  /** one line per repair action */
  log?: (line: string) => void;
}

export const foldDir = (trialDir: string, k: number): string => join(trialDir, `fold-${k}`);
const trialName = (trialDir: string): string => basename(trialDir);

/** What a path is on disk without following links: 'link', 'dir', 'file', or undefined when absent. */
export function pathKind(p: string): 'link' | 'dir' | 'file' | undefined {
  try {
    const st = lstatSync(p);
    return st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

const linkTarget = (p: string): string => {
  try {
    return readlinkSync(p);
  } catch {
    return '?';
  }
};

/** A symbolic link where the store expects its own folder: never followed (it may lead out of the store). */
export function linkDamage(p: string, what: string): DamageError {
  return new DamageError(p, `a symbolic link (to ${linkTarget(p)}), not ${what} of the store; never followed`);
}

/** The data fingerprint config.json records, when it is intact (what every fold's seal must name). */
function configData(trialDir: string): string | undefined {
  try {
    const d = readSealedJSON<{ data?: unknown }>(join(trialDir, TRIAL_CONFIG)).data;
    return typeof d === 'string' ? d : undefined;
  } catch {
    return undefined; // missing or damaged config.json is reported on its own
  }
}

/** Default repair setting: on, unless $PIRATE_PAIN_NO_REPAIR=1 (how `--no-repair` reaches notebook kernels). */
export const repairByDefault = (): boolean => !['1', 'true', 'yes'].includes((process.env.PIRATE_PAIN_NO_REPAIR ?? '').toLowerCase());

/**
 * A committed fold, verified: the manifest's own checksum, then every artifact's size, sha256 and content check,
 * then the record. undefined when fold k was never committed; a DamageError names the first bad file.
 */
export function readFold<R = unknown>(trialDir: string, k: number, expect: { data?: string } = {}): StoredFold<R> | undefined {
  // a trial folder that is a link is never read through (its folds would be whatever it points to)
  if (pathKind(trialDir) === 'link') throw linkDamage(trialDir, 'a trial folder');
  const dir = foldDir(trialDir, k);
  const kind = pathKind(dir);
  if (kind === undefined) return undefined;
  if (kind === 'link') throw linkDamage(dir, 'a fold folder');
  if (kind !== 'dir') throw new DamageError(dir, 'not a folder');
  const file = join(dir, FOLD_MANIFEST);
  const manifest = readSealedJSON<FoldManifest>(file);
  if (manifest.format !== 'pirate-pain-fold' || !Array.isArray(manifest.files)) throw new DamageError(file, `not the manifest of a fold`);
  checkSeal(trialDir, k, manifest, file, expect.data ?? configData(trialDir));
  let record: R | undefined;
  for (const a of manifest.files) {
    const bytes = verifyArtifact(dir, a);
    if (a.path === FOLD_RECORD) record = JSON.parse(bytes.toString('utf8')) as R;
  }
  if (record === undefined) throw new DamageError(join(dir, FOLD_MANIFEST), `lists no ${FOLD_RECORD}`);
  // files the manifest does not list were added after the commit
  const listed = new Set(manifest.files.map((a) => a.path).concat(FOLD_MANIFEST));
  for (const f of listFiles(dir)) if (!listed.has(f)) throw new DamageError(join(dir, f), 'not part of the committed fold (added later)');
  return { index: k, dir, manifest, record };
}

/** The fold's seal: it belongs to this trial folder, at this index, trained on this trial's data. */
function checkSeal(trialDir: string, k: number, m: FoldManifest, file: string, data: string | undefined): void {
  if (m.version !== FOLD_MANIFEST_VERSION || typeof m.trial !== 'string' || typeof m.data !== 'string') {
    throw new DamageError(file, `not sealed to its trial (manifest version ${String(m.version)}, written before folds recorded their trial, index and data)`);
  }
  const trial = trialName(trialDir);
  if (m.trial !== trial) throw new DamageError(file, `foreign fold: it belongs to trial ${m.trial}, not ${trial} (a fold folder copied from another trial)`);
  if (m.fold !== k) throw new DamageError(file, `foreign fold: it is fold ${m.fold + 1} of its trial, found as fold ${k + 1}`);
  if (data !== undefined && m.data !== data) {
    throw new DamageError(file, `foreign fold: trained on data ${m.data.slice(0, 18)}…, the trial's is ${data.slice(0, 18)}… (a fold folder copied from a trial on other data)`);
  }
}

/** Files under dir, relative, '/'-separated, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

const stamp = (): string => new Date().toISOString().replace(/[:.]/g, '-');

/** Moves a damaged fold folder or trial file aside to <trial>/damaged/<name>-<time>/ with DAMAGE.txt (why). */
export function moveAside(trialDir: string, relPath: string, why: string): string {
  const from = join(trialDir, relPath);
  const to = join(trialDir, DAMAGED, `${relPath.replace(/[/\\]/g, '_')}-${stamp()}-${process.pid}`);
  mkdirDurable(to);
  renameDurable(from, join(to, basename(relPath)));
  writeFileSync(join(to, 'DAMAGE.txt'), `${why}\n`);
  return to;
}

function damageLine(trialDir: string, what: string, e: DamageError, to: string): string {
  return `trial ${trialName(trialDir)} ${what}: DAMAGED — ${e.message}; moved aside to ${to}; it will be recomputed`;
}

/** Fold k moved aside under its lock (a committing process is never cut off halfway). */
async function moveFoldAside(trialDir: string, k: number, e: DamageError, o: RepairOptions, held?: Lock): Promise<void> {
  const act = async (): Promise<void> => {
    if (!existsSync(foldDir(trialDir, k))) return;
    // someone may have repaired it already: check again while holding the lock
    try {
      if (readFold(trialDir, k)) return;
    } catch {
      // still damaged
    }
    const to = moveAside(trialDir, `fold-${k}`, e.message);
    o.log?.(damageLine(trialDir, `fold ${k + 1}`, e, to));
  };
  if (held) return act();
  await withLock(foldDir(trialDir, k), act);
}

/**
 * readFold with the repair policy applied: a damaged fold is moved aside (then undefined, so it is retrained) when
 * repairing, else its DamageError is thrown.
 */
export async function readFoldOrRepair<R = unknown>(trialDir: string, k: number, o: RepairOptions, held?: Lock): Promise<StoredFold<R> | undefined> {
  try {
    return readFold<R>(trialDir, k);
  } catch (e) {
    if (!(e instanceof DamageError) || o.repair === false) throw e;
    await moveFoldAside(trialDir, k, e, o, held);
    return undefined;
  }
}

/** What a fold trainer hands back: its record, and the content checks its artifacts need. */
export interface FoldWork<R> {
  record: R;
  /** content checks by relative path, e.g. { 'model/weights.bin': 'f32-finite' }; .json/.jsonl files get parsed */
  checks?: Record<string, ArtifactCheck>;
}

export interface EnsureFoldOptions extends RepairOptions {
  /** the trial's hash (recorded in the manifest's seal): must be the trial folder's name */
  trial?: string;
  /** the fingerprint of the data the fold is trained on (the seal; default: config.json's data) */
  data?: string;
  /** compute path for the provenance (required unless `provenance` is given) */
  compute?: string;
  /** the provenance to record instead of this process's (a fold trained elsewhere and landed here) */
  provenance?: Provenance;
  signal?: AbortSignal;
  /** called once when another process holds the fold and this one waits for it */
  onWait?: (owner: LockOwner | undefined) => void;
}

/** Removes staging folders of fold k left by dead processes (call while holding fold k's lock). */
function removeStaleStaging(trialDir: string, k: number): void {
  const staging = join(trialDir, STAGING);
  if (!existsSync(staging)) return;
  for (const name of readdirSync(staging)) {
    if (name.startsWith(`fold-${k}-`)) rmSync(join(staging, name), { recursive: true, force: true });
  }
}

/** The store records where a fold was computed; it does not know the engine, so its caller must say. */
function requireCompute(compute: string | undefined): string {
  if (compute === undefined || compute === '') throw new Error('store: a fold committed without a provenance needs its compute path');
  return compute;
}

function commitFold<R>(trialDir: string, k: number, staging: string, work: FoldWork<R>, o: EnsureFoldOptions): StoredFold<R> {
  const dir = foldDir(trialDir, k);
  assertFiniteNumbers(work.record, join(dir, FOLD_RECORD));
  writeFileSync(join(staging, FOLD_RECORD), JSON.stringify(work.record) + '\n');
  const files = listFiles(staging).filter((f) => f !== FOLD_MANIFEST);
  const checkOf = (f: string): ArtifactCheck | undefined => work.checks?.[f] ?? (f.endsWith('.jsonl') ? 'jsonl' : f.endsWith('.json') ? 'json' : undefined);
  const artifacts = files.map((f) => {
    try {
      return recordArtifact(staging, f, checkOf(f));
    } catch (e) {
      // report the file where it would have been committed
      if (e instanceof DamageError) throw new DamageError(join(dir, f), e.problem);
      throw e;
    }
  });
  faultPoint(`fold ${k}: artifacts recorded, not synced`);
  fsyncTree(staging);
  const data = o.data ?? configData(trialDir);
  if (data === undefined) throw new Error(`store: fold ${k + 1} of ${trialDir} needs the fingerprint of its data for its seal (config.json's data, or the data option)`);
  const manifest = {
    format: 'pirate-pain-fold', version: FOLD_MANIFEST_VERSION, trial: trialName(trialDir), fold: k, data, files: artifacts,
    provenance: o.provenance ?? provenance(requireCompute(o.compute)),
  };
  writeFileAtomic(join(staging, FOLD_MANIFEST), sealJSON(manifest));
  faultPoint(`fold ${k}: manifest written, not renamed into place`);
  renameDurable(staging, dir);
  faultPoint(`fold ${k}: committed`);
  return readFold<R>(trialDir, k)!;
}

/**
 * The one way a fold gets into the store. Returns fold k committed and verified, training it with `train` only when
 * no process has: under fold k's lock, in a private staging folder that is renamed into place when complete. A
 * process that finds fold k locked by a live holder waits and then reads the holder's result; a lock left by a
 * crashed holder is taken over once stale. Damage found on the way is repaired or thrown (RepairOptions).
 */
export async function ensureFold<R>(trialDir: string, k: number, train: (staging: string) => Promise<FoldWork<R>>, o: EnsureFoldOptions = {}): Promise<{ fold: StoredFold<R>; trained: boolean }> {
  if (o.trial !== undefined && o.trial !== trialName(trialDir)) throw new Error(`store: fold of trial ${o.trial} committed into the folder of ${trialName(trialDir)}`);
  if (pathKind(trialDir) === 'link') throw linkDamage(trialDir, 'a trial folder');
  const data = configData(trialDir);
  if (o.data !== undefined && data !== undefined && o.data !== data) throw new Error(`store: a fold trained on data ${o.data.slice(0, 18)}… cannot join trial ${trialName(trialDir)} (data ${data.slice(0, 18)}…)`);
  const done = await readFoldOrRepair<R>(trialDir, k, o);
  if (done) return { fold: done, trained: false };
  mkdirDurable(trialDir);
  const ready = (): { fold: StoredFold<R>; trained: boolean } | undefined => {
    try {
      const f = readFold<R>(trialDir, k);
      return f && { fold: f, trained: false };
    } catch {
      return undefined; // damaged: dealt with once this process holds the lock
    }
  };
  return withLock(foldDir(trialDir, k), async (lock) => {
    const again = await readFoldOrRepair<R>(trialDir, k, o, lock);
    if (again) return { fold: again, trained: false };
    if (o.signal?.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new Error('aborted');
    removeStaleStaging(trialDir, k);
    const staging = join(trialDir, STAGING, `fold-${k}-${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
    mkdirDurable(staging);
    try {
      const work = await train(staging);
      if (!lock.held) throw new Error(`trial ${trialName(trialDir)} fold ${k + 1}: lost the lock while training (took longer than the stale limit to refresh it); result discarded`);
      if (existsSync(foldDir(trialDir, k))) {
        // only possible when another holder took a stale-looking lock over and committed first: keep theirs
        const theirs = readFold<R>(trialDir, k);
        if (theirs) return { fold: theirs, trained: false };
      }
      return { fold: commitFold(trialDir, k, staging, work, o), trained: true };
    } finally {
      rmSync(staging, { recursive: true, force: true });
      try {
        rmdirSync(join(trialDir, STAGING));
      } catch {
        // other folds are being trained
      }
    }
  }, { ready, onWait: o.onWait, signal: o.signal });
}

/**
 * A trial folder as the store needs it: a real folder, not a link. A symbolic link in its place is removed (the link
 * only; whatever it points to is left alone) when repairing, so the trial is recomputed inside the store; without
 * repair it is a DamageError.
 */
export function ensureTrialDir(trialDir: string, o: RepairOptions = {}): void {
  const kind = pathKind(trialDir);
  if (kind === 'link') {
    const e = linkDamage(trialDir, 'a trial folder');
    if (o.repair === false) throw e;
    unlinkSync(trialDir);
    o.log?.(`trial ${trialName(trialDir)}: DAMAGED — ${e.message}; the link was removed (not what it points to); the trial will be recomputed in the store`);
  } else if (kind === 'file') throw new DamageError(trialDir, 'a file where the trial folder should be');
  mkdirDurable(trialDir);
}

/** The fields of config.json that name the trial: another value in any of them is another trial's config. */
const CONFIG_IDENTITY = ['hash', 'data', 'code', 'canonical'] as const;

/**
 * Writes config.json once (the first writer's provenance and labels are kept). A missing one (in a folder that
 * already holds results), a damaged one, or one naming another trial is re-sealed from `config` when repairing,
 * saying so (the damaged file moved aside), else a DamageError naming it.
 */
export function writeTrialConfig(trialDir: string, config: object, compute: string, o: RepairOptions = {}): void {
  ensureTrialDir(trialDir, o);
  const file = join(trialDir, TRIAL_CONFIG);
  let problem: DamageError | undefined;
  if (pathKind(file) !== undefined) {
    try {
      const have = readSealedJSON<Record<string, unknown>>(file);
      const want = config as Record<string, unknown>;
      const differs = CONFIG_IDENTITY.find((key) => key in want && canonicalJSON(have[key]) !== canonicalJSON(want[key]));
      if (differs === undefined) return;
      problem = new DamageError(file, `names another trial (its ${differs} differs from this trial's)`);
    } catch (e) {
      if (!(e instanceof DamageError)) throw e;
      problem = e;
    }
  } else if (readdirSync(trialDir).some((n) => /^fold-\d+$/.test(n) || n === TRIAL_SUMMARY)) {
    problem = new DamageError(file, 'missing (the trial folder holds results without the config that names them)');
  }
  if (problem) {
    if (o.repair === false) throw problem;
    const to = pathKind(file) !== undefined ? moveAside(trialDir, TRIAL_CONFIG, problem.message) : undefined;
    o.log?.(`trial ${trialName(trialDir)} ${TRIAL_CONFIG}: DAMAGED — ${problem.message}; ${to ? `moved aside to ${to}; ` : ''}re-sealed from the recipe`);
  }
  writeFileAtomic(file, sealJSON({ ...config, provenance: provenance(compute) }));
}

export function readTrialConfig<C = Record<string, unknown>>(trialDir: string): C & { provenance: Provenance; checksum: string } {
  return readSealedJSON<C & { provenance: Provenance }>(join(trialDir, TRIAL_CONFIG));
}

/** A sealed JSON file computed from the given folds: it records their manifests' checksums. */
export function writeDerived(trialDir: string, name: string, value: object, folds: readonly StoredFold[]): void {
  writeFileAtomic(join(trialDir, name), sealJSON({ ...value, fromFolds: folds.map((f) => f.manifest.checksum) }));
}

/**
 * A derived file, verified and checked against the folds it must come from: undefined when missing or computed from
 * other folds (stale: recompute it); damage is repaired (moved aside, undefined) or thrown.
 */
export function readDerived<T>(trialDir: string, name: string, folds: readonly StoredFold[], o: RepairOptions): T | undefined {
  const file = join(trialDir, name);
  if (!existsSync(file)) return undefined;
  let v: T & { fromFolds?: string[] };
  try {
    v = readSealedJSON<T & { fromFolds?: string[] }>(file);
  } catch (e) {
    if (!(e instanceof DamageError) || o.repair === false) throw e;
    const to = moveAside(trialDir, name, e.message);
    o.log?.(damageLine(trialDir, name, e, to));
    return undefined;
  }
  const want = folds.map((f) => f.manifest.checksum);
  if (!Array.isArray(v.fromFolds) || v.fromFolds.length !== want.length || v.fromFolds.some((c, i) => c !== want[i])) return undefined;
  const { fromFolds: _from, checksum: _sum, ...value } = v as T & { fromFolds?: string[]; checksum?: string };
  return value as T;
}

/** Every fold 0..count-1, verified (the K members of an ensemble, the folds of a summary): all or a DamageError. */
export function readAllFolds<R = unknown>(trialDir: string, count: number): StoredFold<R>[] {
  const out: StoredFold<R>[] = [];
  for (let k = 0; k < count; k++) {
    const f = readFold<R>(trialDir, k);
    if (!f) throw new DamageError(foldDir(trialDir, k), `missing: the trial needs all ${count} folds and fold ${k + 1} was never committed`);
    out.push(f);
  }
  return out;
}

/** Writes the trial summary, sealed, with the manifests of the folds it summarises. */
export function writeTrialSummary(trialDir: string, summary: object, folds: readonly StoredFold[]): void {
  writeDerived(trialDir, TRIAL_SUMMARY, summary, folds);
}

/**
 * A finished trial: its summary and all `count` folds verified, or undefined when it is not finished (or was just
 * repaired: damaged folds moved aside, to be retrained). Without repair, damage throws.
 */
export async function readTrial<S, R = unknown>(trialDir: string, count: number, o: RepairOptions): Promise<{ summary: S; folds: StoredFold<R>[] } | undefined> {
  const kind = pathKind(trialDir);
  if (kind === 'link') {
    ensureTrialDir(trialDir, o); // throws without repair; else removes the link (and makes the folder)
    return undefined;
  }
  if (kind === undefined || !existsSync(join(trialDir, TRIAL_SUMMARY))) return undefined;
  const folds: StoredFold<R>[] = [];
  for (let k = 0; k < count; k++) {
    let f: StoredFold<R> | undefined;
    try {
      f = readFold<R>(trialDir, k);
    } catch (e) {
      if (!(e instanceof DamageError) || o.repair === false) throw e;
      await moveFoldAside(trialDir, k, e, o); // says so
      continue;
    }
    if (f) {
      folds.push(f);
      continue;
    }
    const e = new DamageError(foldDir(trialDir, k), `missing: the trial summary needs all ${count} folds and fold ${k + 1} is not there`);
    if (o.repair === false) throw e;
    o.log?.(`trial ${trialName(trialDir)} fold ${k + 1}: DAMAGED — ${e.message}; it will be retrained`);
  }
  if (folds.length < count) return undefined;
  const summary = readDerived<S>(trialDir, TRIAL_SUMMARY, folds, o);
  if (summary === undefined && existsSync(join(trialDir, TRIAL_SUMMARY))) {
    // intact but computed from other folds than those committed now: never used, and never replaced silently
    const e = new DamageError(join(trialDir, TRIAL_SUMMARY), 'stale: computed from other folds than the ones committed now');
    if (o.repair === false) throw e;
    o.log?.(`trial ${trialName(trialDir)} ${TRIAL_SUMMARY}: ${e.problem}; it will be recomputed from them`);
  }
  return summary && { summary, folds };
}

/**
 * Removes what crashed processes left in a trial folder: temporary files of interrupted writes, and staging folders
 * whose fold lock nobody holds. Returns the paths removed.
 */
export async function cleanTrial(trialDir: string): Promise<string[]> {
  const removed = removeOrphanTemps(trialDir).map((n) => join(trialDir, n));
  for (const d of readdirSync(trialDir)) {
    if (/^fold-\d+$/.test(d) && existsSync(join(trialDir, d, 'model'))) removed.push(...removeOrphanTemps(join(trialDir, d, 'model')).map((n) => join(trialDir, d, 'model', n)));
  }
  // locks (and their owner notes) of folds whose holder is gone: taken over and released
  for (const name of readdirSync(trialDir)) {
    const m = /^(fold-\d+)\.lock(\.owner)?$/.exec(name);
    if (!m || (m[2] && existsSync(join(trialDir, `${m[1]}.lock`)))) continue;
    const lock = await tryLock(join(trialDir, m[1]));
    if (!lock) continue;
    await lock.release();
    rmSync(join(trialDir, `${m[1]}.lock.owner`), { force: true });
    removed.push(join(trialDir, name));
  }
  const staging = join(trialDir, STAGING);
  if (existsSync(staging)) {
    for (const name of readdirSync(staging)) {
      const m = /^fold-(\d+)-(.+)$/.exec(name);
      if (!m || !orphaned(join(staging, name), m[2])) continue;
      const lock = await tryLock(foldDir(trialDir, Number(m[1])));
      if (!lock) continue;
      try {
        rmSync(join(staging, name), { recursive: true, force: true });
        removed.push(join(staging, name));
      } finally {
        await lock.release();
      }
    }
  }
  return removed;
}

/** Size in bytes of everything under a path. */
export function diskUsage(path: string): number {
  const st = lstatSync(path); // a link counts as itself, never followed
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((a, n) => a + diskUsage(join(path, n)), 0);
}

export { DamageError };
export type { Artifact, ArtifactCheck };
