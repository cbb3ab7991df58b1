import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDataset, SYNTHETIC_TEST_LABELS } from '../../lib/data/generate';
import { loadDataset } from '../../lib/data/dataset';
import { readLabels } from '../../lib/data/read';
import { FILES, JOINT_COLUMNS, SURVEY_COLUMNS, VALUE_COLUMNS } from '../../lib/data/schema';
import type { SubjectLabels, SubjectSeries } from '../../lib/data/series';
import { classCounts, simulateDataset } from '../../lib/data/simulate';
import { tempDir } from './fixtures';

const full = simulateDataset({ seed: 42, trainSubjects: 661, testSubjects: 1 });
const train = full.train;
const T = train.steps;

function meanVar(a: ArrayLike<number>): { mean: number; variance: number } {
  let m = 0;
  for (let i = 0; i < a.length; i++) m += a[i];
  m /= a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - m) ** 2;
  return { mean: m, variance: v / (a.length - 1) };
}

function quantile(a: Float32Array, p: number): number {
  const s = Float32Array.from(a).sort();
  return s[Math.floor(p * (s.length - 1))];
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

test('class counts: the real 511/94/56 for 661 subjects, proportional otherwise', () => {
  assert.deepEqual(classCounts(661), [511, 94, 56]);
  assert.deepEqual(classCounts(1324), [1024, 188, 112]);
  assert.deepEqual(classCounts(20), [15, 3, 2]);
  assert.deepEqual(classCounts(1), [1, 0, 0]);
  const counts = [0, 0, 0];
  for (const y of full.labels.y) counts[y]++;
  assert.deepEqual(counts, [511, 94, 56]);
  // shuffled: the first 20 subjects are not all no_pain and the classes are spread over the ids
  assert.ok(Array.from(full.labels.y.subarray(0, 100)).some((y) => y !== 0));
  assert.deepEqual(Array.from(train.ids.subarray(0, 3)), [0, 1, 2]);
});

test('layout and value ranges match the real files', () => {
  assert.equal(train.steps, 160);
  assert.equal(train.ids.length, 661);
  for (const c of VALUE_COLUMNS) assert.equal(train.columns[c].length, 661 * 160, c);
  assert.ok(train.columns.joint_30.every((v) => v === 0.5), 'joint_30 is constant 0.5');
  for (const c of SURVEY_COLUMNS) {
    const col = train.columns[c];
    assert.ok(col.every((v) => v === 0 || v === 1 || v === 2), c);
    const { mean } = meanVar(col);
    assert.ok(mean > 1.55 && mean < 1.72, `${c} mean ${mean}`);
    assert.equal(quantile(col, 0.5), 2, `${c} median`);
  }
  for (let j = 0; j <= 12; j++) {
    const col = train.columns[JOINT_COLUMNS[j]];
    assert.ok(col.every((v) => v >= 0 && v <= 1.41), JOINT_COLUMNS[j]);
  }
  for (const c of JOINT_COLUMNS.slice(13, 30)) assert.ok(train.columns[c].every((v) => v >= 0 && Number.isFinite(v)), c);
});

test('one+ categories: about 1% of subjects, all three together, whole subject', () => {
  const { n_legs, n_hands, n_eyes } = train.columns;
  let pirates = 0;
  for (let s = 0; s < 661; s++) {
    const v = n_legs[s * T];
    for (let t = 0; t < T; t++) {
      const r = s * T + t;
      assert.ok(n_legs[r] === v && n_hands[r] === v && n_eyes[r] === v, `subject ${s} step ${t}`);
    }
    pirates += v;
  }
  assert.equal(pirates, 6);
});

test('joint statistics are close to the published profile', () => {
  const published: Record<string, [number, number]> = {
    // mean, variance
    joint_00: [0.943, 0.0408], joint_01: [0.917, 0.039], joint_02: [0.779, 0.0874], joint_03: [0.768, 0.0905],
  };
  for (const [c, [m, v]] of Object.entries(published)) {
    const s = meanVar(train.columns[c]);
    assert.ok(Math.abs(s.mean - m) < 0.03, `${c} mean ${s.mean} vs ${m}`);
    assert.ok(Math.abs(s.variance / v - 1) < 0.2, `${c} variance ${s.variance} vs ${v}`);
  }
  const variances: Record<string, number> = {
    joint_04: 0.1748, joint_05: 0.1696, joint_06: 0.058, joint_07: 0.0566, joint_08: 0.0326, joint_09: 0.0325,
    joint_10: 0.0663, joint_11: 0.069, joint_12: 0.0123,
  };
  for (const [c, v] of Object.entries(variances)) {
    const s = meanVar(train.columns[c]);
    assert.ok(Math.abs(s.variance / v - 1) < 0.25, `${c} variance ${s.variance} vs ${v}`);
  }
  // strongly correlated pairs
  for (const [a, b] of [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11]]) {
    const r = correlation(train.columns[JOINT_COLUMNS[a]], train.columns[JOINT_COLUMNS[b]]);
    assert.ok(r > 0.8, `corr joint ${a}/${b} = ${r}`);
  }
  for (const c of JOINT_COLUMNS.slice(13, 26)) {
    const col = train.columns[c];
    const med = quantile(col, 0.5);
    const q1 = quantile(col, 0.25);
    const q3 = quantile(col, 0.75);
    const iqr = q3 - q1;
    let outliers = 0;
    for (const v of col) if (v < q1 - 1.5 * iqr || v > q3 + 1.5 * iqr) outliers++;
    const { variance } = meanVar(col);
    assert.ok(med > 3e-7 && med < 3e-6, `${c} median ${med}`);
    assert.ok(variance > 1e-7 && variance < 6e-5, `${c} variance ${variance}`);
    assert.ok(outliers / col.length > 0.08 && outliers / col.length < 0.17, `${c} outliers ${outliers / col.length}`);
  }
  const max21 = train.columns.joint_21.reduce((a, b) => Math.max(a, b), 0);
  assert.ok(max21 > 0.3 && max21 <= 1.44, `joint_21 max ${max21}`);
  for (const c of JOINT_COLUMNS.slice(26, 30)) {
    const s = meanVar(train.columns[c]);
    assert.ok(s.mean > 0.008 && s.mean < 0.07, `${c} mean ${s.mean}`);
    assert.ok(s.variance > 3e-3 && s.variance < 7.5e-3, `${c} variance ${s.variance}`);
  }
});

function correlation(a: Float32Array, b: Float32Array): number {
  const A = meanVar(a);
  const B = meanVar(b);
  let c = 0;
  for (let i = 0; i < a.length; i++) c += (a[i] - A.mean) * (b[i] - B.mean);
  return c / (a.length - 1) / Math.sqrt(A.variance * B.variance);
}

test('same seed gives byte-identical files, another seed different ones', () => {
  const a = tempDir('pp-gen-');
  const b = tempDir('pp-gen-');
  const c = tempDir('pp-gen-');
  const opts = { seed: 5, trainSubjects: 25, testSubjects: 15 };
  const fa = generateDataset({ outDir: a, ...opts }).files;
  generateDataset({ outDir: b, ...opts });
  generateDataset({ outDir: c, ...opts, seed: 6 });
  assert.equal(fa.length, 6);
  for (const f of fa) {
    const name = f.slice(a.length + 1);
    assert.equal(sha256(join(b, name)), sha256(f), name);
  }
  assert.notEqual(sha256(join(c, FILES.train)), sha256(join(a, FILES.train)));
});

test('generate → read → validate round trip, Kaggle number and id styles', () => {
  const dir = tempDir('pp-gen-');
  const opts = { seed: 9, trainSubjects: 40, testSubjects: 22 };
  generateDataset({ outDir: dir, ...opts });
  const sim = simulateDataset(opts);
  const ds = loadDataset(dir, { test: true });
  assert.equal(ds.source, 'synthetic');
  assert.deepEqual(ds.labels, sim.labels);
  assert.deepEqual(readLabels(join(dir, SYNTHETIC_TEST_LABELS)), sim.testLabels);
  assert.deepEqual(Array.from(readLabels(join(dir, FILES.sampleSubmission)).ids), Array.from(sim.test.ids));
  for (const [got, want] of [[ds.train, sim.train], [ds.test!, sim.test]] as Array<[SubjectSeries, SubjectSeries]>) {
    assert.deepEqual(got.ids, want.ids);
    assert.equal(got.steps, want.steps);
    for (const c of VALUE_COLUMNS) {
      const g = got.columns[c];
      const w = want.columns[c];
      for (let i = 0; i < g.length; i++) {
        // 6 decimals, or 6 significant digits below 1e-3
        const tol = Math.abs(w[i]) >= 1e-3 ? 5.1e-7 : Math.abs(w[i]) * 5e-6 + 1e-12;
        if (Math.abs(g[i] - w[i]) > tol + Math.abs(w[i]) * 1.2e-7) assert.fail(`${c}[${i}]: read ${g[i]}, simulated ${w[i]}`);
      }
    }
  }
  const trainText = readFileSync(join(dir, FILES.train), 'utf8').split('\n');
  assert.equal(trainText[0], ['sample_index', 'time', ...SURVEY_COLUMNS, 'n_legs', 'n_hands', 'n_eyes', ...JOINT_COLUMNS].join(','));
  assert.match(trainText[1], /^0,0,[012],[012],[012],[012],two,two,two,/);
  assert.match(trainText[161], /^1,0,/);
  assert.ok(trainText[1].endsWith(',0.5'));
  const labelText = readFileSync(join(dir, FILES.labels), 'utf8').split('\n');
  assert.equal(labelText[0], 'sample_index,label');
  assert.match(labelText[1], /^000,(no_pain|low_pain|high_pain)$/);
  assert.match(labelText[40], /^039,/);
  assert.match(readFileSync(join(dir, FILES.sampleSubmission), 'utf8'), /^sample_index,label\n000,no_pain\n001,no_pain\n/);
});

// ---- the class signal is temporal: subject means see little of it ----

/** Per-subject feature rows. */
function features(s: SubjectSeries, f: (col: (name: string) => Float32Array) => number[]): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < s.ids.length; i++) rows.push(f((name) => s.columns[name].subarray(i * s.steps, (i + 1) * s.steps)));
  return rows;
}

function mean(a: Float32Array): number {
  let m = 0;
  for (const v of a) m += v;
  return m / a.length;
}

/** log mean squared deviation from the neighbours' average: energy at the highest frequencies. */
function highFrequencyEnergy(a: Float32Array): number {
  let e = 0;
  for (let t = 1; t < a.length - 1; t++) e += (a[t] - 0.5 * (a[t - 1] + a[t + 1])) ** 2;
  return Math.log(e / (a.length - 2) + 1e-12);
}

/** Standardise with the training rows' statistics, then predict the class of the nearest class centroid. */
function nearestCentroid(trainX: number[][], trainY: Uint8Array, testX: number[][]): number[] {
  const p = trainX[0].length;
  const mu = new Float64Array(p);
  const sd = new Float64Array(p);
  for (const r of trainX) for (let j = 0; j < p; j++) mu[j] += r[j] / trainX.length;
  for (const r of trainX) for (let j = 0; j < p; j++) sd[j] += (r[j] - mu[j]) ** 2 / trainX.length;
  const z = (r: number[]): number[] => r.map((v, j) => (sd[j] > 0 ? (v - mu[j]) / Math.sqrt(sd[j]) : 0));
  const centroids = [0, 1, 2].map(() => new Float64Array(p));
  const n = [0, 0, 0];
  trainX.forEach((r, i) => {
    n[trainY[i]]++;
    z(r).forEach((v, j) => (centroids[trainY[i]][j] += v));
  });
  centroids.forEach((c, k) => c.forEach((_, j) => (c[j] /= n[k])));
  return testX.map((r) => {
    const zr = z(r);
    const d = centroids.map((c) => zr.reduce((a, v, j) => a + (v - c[j]) ** 2, 0));
    return d.indexOf(Math.min(...d));
  });
}

function macroF1(y: ArrayLike<number>, pred: number[]): number {
  let f = 0;
  for (let k = 0; k < 3; k++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < y.length; i++) {
      if (pred[i] === k && y[i] === k) tp++;
      else if (pred[i] === k) fp++;
      else if (y[i] === k) fn++;
    }
    f += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return f / 3;
}

test('the class signal is temporal: a tremor statistic beats every subject mean', () => {
  const d = simulateDataset({ seed: 42, trainSubjects: 400, testSubjects: 400 });
  const score = (f: (col: (name: string) => Float32Array) => number[]): number =>
    macroF1((d.testLabels as SubjectLabels).y, nearestCentroid(features(d.train, f), d.labels.y, features(d.test, f)));
  const means = score((col) => VALUE_COLUMNS.map((c) => mean(col(c))));
  const tremor = score((col) => [highFrequencyEnergy(col('joint_04')), highFrequencyEnergy(col('joint_05'))]);
  console.log(`macro-F1 on 400 held-out synthetic subjects: nearest centroid on the 38 subject means ${means.toFixed(3)}, ` +
    `on high-frequency energy of joints 04-05 ${tremor.toFixed(3)}`);
  assert.ok(means > 0.3 && means < 0.65, `subject-mean baseline ${means}`);
  assert.ok(tremor > 0.8, `temporal cue ${tremor}`);
  assert.ok(tremor > means + 0.2, `temporal ${tremor} vs means ${means}`);
});
