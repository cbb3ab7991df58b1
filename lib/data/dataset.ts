// Finding and loading a data folder: the real Kaggle files when the user has put them in data/, otherwise the
// synthetic stand-in in data/synthetic, generated on first use.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';
import { DataError } from './errors';
import { SYNTHETIC_MARKER, type SyntheticMarker, generateDataset } from './generate';
import { parseLabels, parseSeries } from './read';
import { readFileBytes } from './csv';
import { FILES } from './schema';
import type { Dataset } from './series';
import { DEFAULT_SEED, SIMULATION_VERSION } from './simulate';

export { formatId } from './schema';

export type DataSource = 'kaggle' | 'synthetic';

/**
 * The path of `name` or `name.gz` in dir, or undefined. When both are there they must hold the same data (as
 * `gzip -k` leaves them; the plain one is then used): two different files under one name are an error naming both,
 * never a silent choice.
 */
export function findDataFile(dir: string, name: string): string | undefined {
  const plain = join(dir, name);
  const gz = `${plain}.gz`;
  if (!existsSync(gz)) return existsSync(plain) ? plain : undefined;
  if (!existsSync(plain)) return gz;
  const a = readFileBytes(plain);
  const b = readFileBytes(gz);
  if (a.byteLength !== b.byteLength || !Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))) {
    throw new DataError(name, undefined, undefined, `both ${name} and ${name}.gz are in ${dir} and their data differ: keep the one you mean and remove the other`);
  }
  return plain;
}

/** Whether dir was written by the synthetic generator (it holds synthetic.json). */
export function isSynthetic(dir: string): boolean {
  return existsSync(join(dir, SYNTHETIC_MARKER));
}

/**
 * Loads train series and labels (and the test series with `test: true`) from dir, checking that the labels cover
 * exactly the training subjects and that test subjects have as many steps as training ones.
 */
export function loadDataset(dir: string, opts: { test?: boolean } = {}): Dataset {
  const trainFile = requireFile(dir, FILES.train);
  const labelsFile = requireFile(dir, FILES.labels);
  const train = parseSeries(readFileBytes(trainFile), fileName(trainFile));
  const labels = parseLabels(readFileBytes(labelsFile), fileName(labelsFile));

  // Labels and training subjects must match one to one (both id lists are sorted).
  const a = train.series.ids;
  const b = labels.labels.ids;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      throw new DataError(train.file, train.firstLine[i], 'sample_index', `sample_index ${a[i]} has no label in ${labels.file}`);
    }
    if (i >= a.length || b[j] < a[i]) {
      throw new DataError(labels.file, labels.line[j], 'sample_index', `sample_index ${b[j]} is not in ${train.file}`);
    }
    i++;
    j++;
  }

  const ds: Dataset = { dir, source: isSynthetic(dir) ? 'synthetic' : 'kaggle', train: train.series, labels: labels.labels };
  if (opts.test) {
    const testFile = requireFile(dir, FILES.test);
    const test = parseSeries(readFileBytes(testFile), fileName(testFile));
    if (test.series.steps !== train.series.steps) {
      throw new DataError(test.file, test.firstLine[0], 'time',
        `test subjects have ${test.series.steps} steps, training subjects ${train.series.steps}`);
    }
    ds.test = test.series;
  }
  return ds;
}

/**
 * The data folder to use: <root>/data when it holds pirate_pain_train.csv(.gz) (the real Kaggle files), otherwise
 * <root>/data/synthetic, generated with seed 42 when missing or made by an older version of the simulation.
 */
export function defaultDataDir(root: string = projectRoot()): { dir: string; source: DataSource } {
  const data = join(root, 'data');
  if (findDataFile(data, FILES.train)) return { dir: data, source: 'kaggle' };
  const dir = join(data, 'synthetic');
  if (!isCurrentSynthetic(dir)) generateDefault(dir);
  return { dir, source: 'synthetic' };
}

/** defaultDataDir() loaded, with one line on stdout saying which data it is. */
export function loadDefaultDataset(opts: { test?: boolean } = {}): Dataset {
  const { dir, source } = defaultDataDir();
  const ds = loadDataset(dir, opts);
  ds.source = source;
  const what = source === 'kaggle' ? 'real Kaggle files' : `synthetic stand-in (seed ${DEFAULT_SEED})`;
  console.log(`data: ${what} from ${dir}: ${ds.train.ids.length} training subjects × ${ds.train.steps} steps` +
    (ds.test ? `, ${ds.test.ids.length} test subjects` : ''));
  return ds;
}

function isCurrentSynthetic(dir: string): boolean {
  const marker = join(dir, SYNTHETIC_MARKER);
  if (!existsSync(marker)) return false;
  try {
    const m = JSON.parse(readFileSync(marker, 'utf8')) as SyntheticMarker;
    if (m.version !== SIMULATION_VERSION || m.seed !== DEFAULT_SEED) return false;
  } catch {
    return false;
  }
  return [FILES.train, FILES.labels, FILES.test].every((f) => findDataFile(dir, f) !== undefined);
}

/**
 * Generates into a private folder and renames it into place, so a concurrent reader never sees half-written files
 * and two processes generating at once both end up with a complete folder.
 */
function generateDefault(dir: string): void {
  const parent = join(dir, '..');
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.synthetic-${process.pid}-${Date.now()}`);
  generateDataset({ outDir: tmp, seed: DEFAULT_SEED });
  try {
    if (existsSync(dir)) {
      if (isCurrentSynthetic(dir)) {
        rmSync(tmp, { recursive: true, force: true }); // another process was faster
        return;
      }
      const old = `${tmp}-old`;
      renameSync(dir, old);
      rmSync(old, { recursive: true, force: true });
    }
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!isCurrentSynthetic(dir)) throw e;
  }
}

function requireFile(dir: string, name: string): string {
  const path = findDataFile(dir, name);
  if (!path) throw new DataError(name, undefined, undefined, `file not found in ${dir} (nor ${name}.gz)`);
  return path;
}

function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
