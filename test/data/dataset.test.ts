import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultDataDir, findDataFile, formatId, isSynthetic, loadDataset } from '../../lib/data/dataset';
import { describeDataset, formatSummary } from '../../lib/data/describe';
import { DataError } from '../../lib/data/errors';
import { FILES } from '../../lib/data/schema';
import { readSeries } from '../../lib/data/read';
import { SYNTHETIC_MARKER } from '../../lib/data/generate';
import { SIMULATION_VERSION } from '../../lib/data/simulate';
import { seriesCsv, tempDir, writeText } from './fixtures';

function labelsText(pairs: Array<[number, string]>): string {
  return 'sample_index,label\n' + pairs.map(([id, l]) => `${formatId(id)},${l}\n`).join('');
}

function loadError(dir: string, opts?: { test?: boolean }): string {
  try {
    loadDataset(dir, opts);
  } catch (e) {
    assert.ok(e instanceof DataError, String(e));
    return e.message;
  }
  assert.fail('expected loadDataset to throw');
}

test('formatId pads to three digits like the Kaggle files', () => {
  assert.equal(formatId(0), '000');
  assert.equal(formatId(7), '007');
  assert.equal(formatId(660), '660');
  assert.equal(formatId(1323), '1323');
});

test('findDataFile prefers the plain file and falls back to .gz', () => {
  const dir = tempDir();
  assert.equal(findDataFile(dir, FILES.train), undefined);
  writeText(dir, FILES.train + '.gz', gzipSync('x'));
  assert.equal(findDataFile(dir, FILES.train), join(dir, FILES.train + '.gz'));
  writeText(dir, FILES.train, 'x');
  assert.equal(findDataFile(dir, FILES.train), join(dir, FILES.train));
});

test('findDataFile: a plain file and a .gz with other data under one name are an error naming both, never a silent choice', () => {
  const dir = tempDir();
  writeText(dir, FILES.labels + '.gz', gzipSync('sample_index,label\n000,no_pain\n'));
  writeText(dir, FILES.labels, 'sample_index,label\n000,high_pain\n');
  assert.throws(() => findDataFile(dir, FILES.labels), (e: unknown) => e instanceof DataError &&
    new RegExp(`both ${FILES.labels} and ${FILES.labels}\\.gz are in .* and their data differ: keep the one you mean`).test(e.message));
  writeText(dir, FILES.train + '.gz', gzipSync('a'));
  writeText(dir, FILES.train, 'b');
  assert.throws(() => loadDataset(dir), new RegExp(`both ${FILES.train} and ${FILES.train}\\.gz .* their data differ`));
  rmSync(join(dir, FILES.train));
  // the same data twice (as gzip -k leaves it) is fine: the plain file is read
  writeText(dir, FILES.labels, 'sample_index,label\n000,no_pain\n');
  assert.equal(findDataFile(dir, FILES.labels), join(dir, FILES.labels));
});

test('loadDataset reads train, labels and test, gz or not', () => {
  const dir = tempDir();
  writeText(dir, FILES.train + '.gz', gzipSync(seriesCsv([2, 0, 1], 3)));
  writeText(dir, FILES.labels, labelsText([[1, 'high_pain'], [0, 'no_pain'], [2, 'low_pain']]));
  writeText(dir, FILES.test, seriesCsv([5, 4], 3));
  const ds = loadDataset(dir, { test: true });
  assert.equal(ds.source, 'kaggle');
  assert.equal(ds.dir, dir);
  assert.deepEqual(Array.from(ds.train.ids), [0, 1, 2]);
  assert.deepEqual(Array.from(ds.labels.ids), [0, 1, 2]);
  assert.deepEqual(Array.from(ds.labels.y), [0, 2, 1]);
  assert.deepEqual(Array.from(ds.test!.ids), [4, 5]);
  assert.equal(loadDataset(dir).test, undefined);
  const sum = describeDataset(ds);
  assert.deepEqual(sum.classes, { no_pain: 1, low_pain: 1, high_pain: 1 });
  assert.deepEqual(sum.train, {
    subjects: 3, rows: 9, steps: 3,
    categorical: {
      n_legs: { two: 2, 'one+peg_leg': 1 }, n_hands: { two: 2, 'one+hook_hand': 1 }, n_eyes: { two: 2, 'one+eye_patch': 1 },
    },
  });
  assert.equal(sum.test!.subjects, 2);
  const text = formatSummary(sum);
  assert.match(text, /train: +3 subjects × 3 steps = 9 rows/);
  assert.match(text, /classes: +no_pain 1 \(33\.3%\), low_pain 1 \(33\.3%\), high_pain 1 \(33\.3%\)/);
});

test('labels must match the training subjects exactly', () => {
  const dir = tempDir();
  writeText(dir, FILES.train, seriesCsv([0, 1, 2], 2));
  writeText(dir, FILES.labels, labelsText([[0, 'no_pain'], [2, 'low_pain']]));
  assert.equal(loadError(dir), 'pirate_pain_train.csv:4:sample_index: sample_index 1 has no label in pirate_pain_train_labels.csv');
  writeText(dir, FILES.labels, labelsText([[0, 'no_pain'], [1, 'no_pain'], [2, 'low_pain'], [3, 'low_pain']]));
  assert.equal(loadError(dir), 'pirate_pain_train_labels.csv:5:sample_index: sample_index 3 is not in pirate_pain_train.csv');
  writeText(dir, FILES.labels, labelsText([[0, 'no_pain'], [1, 'no_pain'], [1, 'low_pain']]));
  assert.equal(loadError(dir), 'pirate_pain_train_labels.csv:4:sample_index: duplicate sample_index 1 (also on line 3)');
});

test('missing files and a test set with other steps are reported', () => {
  const dir = tempDir();
  assert.match(loadError(dir), /^pirate_pain_train\.csv: file not found in .* \(nor pirate_pain_train\.csv\.gz\)$/);
  writeText(dir, FILES.train, seriesCsv([0], 2));
  assert.match(loadError(dir), /^pirate_pain_train_labels\.csv: file not found/);
  writeText(dir, FILES.labels, labelsText([[0, 'no_pain']]));
  assert.match(loadError(dir, { test: true }), /^pirate_pain_test\.csv: file not found/);
  writeText(dir, FILES.test, seriesCsv([0], 3));
  assert.equal(loadError(dir, { test: true }), 'pirate_pain_test.csv:2:time: test subjects have 3 steps, training subjects 2');
});

test('defaultDataDir prefers real files in data/, else a current data/synthetic', () => {
  const root = tempDir('pp-root-');
  mkdirSync(join(root, 'data', 'synthetic'), { recursive: true });
  // a synthetic folder of the current version is used as it is (no regeneration: the tiny files stay)
  const syn = join(root, 'data', 'synthetic');
  writeText(syn, FILES.train, seriesCsv([0], 2));
  writeText(syn, FILES.labels, labelsText([[0, 'no_pain']]));
  writeText(syn, FILES.test, seriesCsv([0], 2));
  writeFileSync(join(syn, SYNTHETIC_MARKER), JSON.stringify({ version: SIMULATION_VERSION, seed: 42 }));
  assert.deepEqual(defaultDataDir(root), { dir: syn, source: 'synthetic' });
  assert.equal(loadDataset(syn).train.ids.length, 1);
  assert.ok(isSynthetic(syn));
  // real training data in data/ wins
  writeText(join(root, 'data'), FILES.train + '.gz', gzipSync(seriesCsv([0], 2)));
  assert.deepEqual(defaultDataDir(root), { dir: join(root, 'data'), source: 'kaggle' });
});

test('defaultDataDir generates the full synthetic set (seed 42) when it is missing or stale', (t) => {
  const root = tempDir('pp-root-');
  t.after(() => rmSync(root, { recursive: true, force: true })); // 100 MB of CSV
  const syn = join(root, 'data', 'synthetic');
  mkdirSync(syn, { recursive: true });
  writeFileSync(join(syn, SYNTHETIC_MARKER), JSON.stringify({ version: SIMULATION_VERSION - 1, seed: 42 }));
  const t0 = Date.now();
  assert.deepEqual(defaultDataDir(root), { dir: syn, source: 'synthetic' });
  console.log(`generated the default synthetic set in ${Date.now() - t0} ms`);
  const marker = JSON.parse(readFileSync(join(syn, SYNTHETIC_MARKER), 'utf8'));
  assert.deepEqual(marker, { generator: 'pirate-pain-lab/simulate', version: SIMULATION_VERSION, seed: 42, trainSubjects: 661, testSubjects: 1324 });
  for (const f of [FILES.train, FILES.labels, FILES.test, FILES.sampleSubmission]) assert.ok(existsSync(join(syn, f)), f);
  for (let k = 0; k < 2; k++) {
    const t = process.hrtime.bigint();
    const s = readSeries(join(syn, FILES.train));
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    console.log(`bench: readSeries ${FILES.train} (${s.ids.length * s.steps} rows × 40 columns) ${ms.toFixed(0)} ms${k ? '' : ' (cold)'}`);
  }
  const t1 = Date.now();
  const ds = loadDataset(syn, { test: true });
  console.log(`bench: loadDataset train + labels + test (317,600 rows) ${Date.now() - t1} ms`);
  assert.equal(ds.source, 'synthetic');
  assert.equal(ds.train.ids.length, 661);
  assert.equal(ds.train.steps, 160);
  assert.equal(ds.test!.ids.length, 1324);
  assert.deepEqual(describeDataset(ds).classes, { no_pain: 511, low_pain: 94, high_pain: 56 });
});
