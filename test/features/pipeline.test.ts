import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstDifferences, fitFeatures, groupScores, resolveFeatureConfig, subjectMeans, transformFeatures } from '../../lib/features/pipeline';
import { DEFAULT_FEATURES } from '../../lib/features/types';
import { SettingError } from '../../lib/limits';
import { fixture, fixtureValue, IDS, makeSeries, STEPS } from './fixture';

const near = (a: number, b: number, tol = 1e-6, what = ''): void => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);

/** Value of feature `name` for subject `id` at time t. */
function at(fs: { ids: Int32Array; steps: number; names: string[]; values: Float32Array }, id: number, t: number, name: string): number {
  const s = fs.ids.indexOf(id);
  const j = fs.names.indexOf(name);
  assert.ok(s >= 0 && j >= 0, `${id} ${name}`);
  return fs.values[(s * fs.steps + t) * fs.names.length + j];
}

/** Rows of one raw column over the given fixture subjects (s = index in IDS). */
function rawRows(name: string, subjects: number[]): number[] {
  return subjects.flatMap((s) => Array.from({ length: STEPS }, (_, t) => Math.fround(fixtureValue(name, s, t))));
}

test('default pipeline: drops, groups, order of features and hand-checked values', () => {
  const { series, labels } = fixture();
  const f = fitFeatures(series, labels, IDS);
  const zero = f.dropped.filter((d) => d.reason === 'zero-variance').map((d) => d.name);
  const constantJoints = Array.from({ length: 31 }, (_, i) => `joint_${String(i).padStart(2, '0')}`).filter(
    (j) => !['joint_00', 'joint_01', 'joint_02', 'joint_05', 'joint_06'].includes(j),
  );
  const constantSurveys = [2, 3, 4].flatMap((k) => [0, 1, 2].map((v) => `pain_survey_${k}=${v}`));
  assert.deepEqual(zero, [...constantSurveys, ...constantJoints]);
  assert.equal(f.dropped.find((d) => d.name === 'joint_30')?.value, 0.5);
  const weak = f.dropped.filter((d) => d.reason === 'weak-target-correlation');
  assert.deepEqual(weak.map((d) => d.name), ['joint_05']);
  assert.deepEqual(f.groups.map((g) => g.members), [['joint_00', 'joint_01']]);
  assert.deepEqual(f.names, ['pain_survey_1=0', 'pain_survey_1=1', 'pain_survey_1=2', 'n_legs', 'n_hands', 'n_eyes', 'pca1_pc1', 'joint_02', 'joint_06']);

  // PCA of joint_00/joint_01 against an independent closed-form 2×2 eigen-solution.
  const all = [0, 1, 2, 3, 4, 5];
  const a0 = rawRows('joint_00', all);
  const a1 = rawRows('joint_01', all);
  const m0 = a0.reduce((s, v) => s + v, 0) / a0.length;
  const m1 = a1.reduce((s, v) => s + v, 0) / a1.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  a0.forEach((v, r) => {
    sxx += (v - m0) ** 2;
    sxy += (v - m0) * (a1[r] - m1);
    syy += (a1[r] - m1) ** 2;
  });
  const [a, b, c] = [sxx / 23, sxy / 23, syy / 23];
  const l1 = (a + c) / 2 + Math.sqrt(((a - c) / 2) ** 2 + b * b);
  const l2 = (a + c) / 2 - Math.sqrt(((a - c) / 2) ** 2 + b * b);
  const g = f.groups[0];
  near(g.eigenvalues[0], l1, 1e-12);
  near(g.eigenvalues[1], l2, 1e-12);
  near(g.explainedRatio[0], l1 / (l1 + l2), 1e-12);
  assert.equal(g.kept, 1);
  const norm = Math.hypot(b, l1 - a);
  near(g.components[0][0], b / norm, 1e-12);
  near(g.components[0][1], (l1 - a) / norm, 1e-12);

  // Hand-checked rows of the output (min-max over all six subjects).
  const fs = transformFeatures(f, series);
  assert.deepEqual(Array.from(fs.ids), IDS);
  assert.equal(fs.values.length, 6 * STEPS * 9);
  // subject 11 (s=1), t=2: pain_survey_1 = 0; n_legs = 1; joint_02 = 1 + 0.5 over range [0, 2.75]
  assert.deepEqual([0, 1, 2].map((v) => at(fs, 11, 2, `pain_survey_1=${v}`)), [1, 0, 0]);
  assert.equal(at(fs, 11, 2, 'n_legs'), 1);
  assert.equal(at(fs, 12, 2, 'n_legs'), 0);
  assert.equal(at(fs, 11, 2, 'joint_02'), Math.fround(1.5 / 2.75));
  // joint_06 ranges 2..4: high_pain subject 14 at t=1 is 4 → 1; no_pain subject 10 at t=0 is 2.75 → 0.375
  assert.equal(at(fs, 14, 1, 'joint_06'), 1);
  assert.equal(at(fs, 10, 0, 'joint_06'), 0.375);
  // PC1 min-max scaled: the training extremes map to 0 and 1.
  const pc = Array.from({ length: 24 }, (_, r) => fs.values[r * 9 + 6]);
  near(Math.min(...pc), 0, 1e-7);
  near(Math.max(...pc), 1, 1e-7);
});

test('everything is fit on the training subjects only', () => {
  const { series, labels } = fixture();
  const train = [10, 11, 12, 13];
  const cfg = { pca: false as const, minTargetCorrelation: 0 };
  const f = fitFeatures(series, labels, train, cfg);
  assert.deepEqual(f.trainIds, train);
  // Wildly different values for the two validation subjects change nothing in the fit.
  const other = makeSeries(IDS, STEPS, (name, s, t) => (s >= 4 && name.startsWith('joint') ? 100 * fixtureValue(name, s, t) + 7 : fixtureValue(name, s, t)));
  assert.deepEqual(fitFeatures(other, labels, train, cfg), f);
  // joint_00 spans [0, 1.375] over classes 0 and 1; a high_pain subject (2 + t/8) lands above 1.
  const val = transformFeatures(f, series, [14, 15]);
  assert.deepEqual(Array.from(val.ids), [14, 15]);
  assert.equal(at(val, 14, 0, 'joint_00'), Math.fround(2 / 1.375));
  assert.equal(at(val, 15, 3, 'joint_00'), Math.fround(2.375 / 1.375));
  assert.ok(at(val, 14, 0, 'joint_00') > 1);
  // On the training subjects themselves the range is exactly [0, 1].
  const tr = transformFeatures(f, series, train);
  assert.equal(at(tr, 10, 0, 'joint_00'), 0);
  assert.equal(at(tr, 13, 3, 'joint_00'), 1);
  // A fold whose training subjects lack a class still fits (that class's indicator is constant: r = 0).
  assert.deepEqual(f.targetCorrelation.find((t) => t.name === 'joint_00')?.mean[2], 0);
});

test('FittedFeatures survives a JSON round trip with identical output', () => {
  const { series, labels } = fixture();
  for (const cfg of [{}, { scaler: 'standard' as const }, { oneHotSurvey: false, pca: { groups: [['joint_00', 'joint_02']], groupThreshold: 0.5, explainedVariance: 1 } }]) {
    const f = fitFeatures(series, labels, [10, 11, 12, 14, 15], cfg);
    const back = JSON.parse(JSON.stringify(f));
    assert.deepEqual(back, f);
    const a = transformFeatures(f, series);
    const b = transformFeatures(back, series);
    assert.deepEqual(b, a);
    assert.ok(a.values.every(Number.isFinite));
  }
});

test('the correlation threshold keeps a correlated joint and drops an uncorrelated one', () => {
  const { series, labels } = fixture();
  const names = (t: number) => fitFeatures(series, labels, IDS, { minTargetCorrelation: t, pca: false }).names.filter((n) => n.startsWith('joint'));
  assert.deepEqual(names(0), ['joint_00', 'joint_01', 'joint_02', 'joint_05', 'joint_06']);
  assert.deepEqual(names(0.05), ['joint_00', 'joint_01', 'joint_02', 'joint_06']);
  // joint_02 scores √3/4 ≈ 0.433: kept at 0.43, dropped at 0.44
  assert.deepEqual(names(0.43), ['joint_00', 'joint_01', 'joint_02', 'joint_06']);
  assert.deepEqual(names(0.44), ['joint_00', 'joint_01', 'joint_06']);
});

test('configured PCA groups lose dropped joints; zero-variance drop can be switched off', () => {
  const { series, labels } = fixture();
  const f = fitFeatures(series, labels, IDS, { pca: { groups: [['joint_05', 'joint_02', 'joint_00'], ['joint_06', 'joint_30']], groupThreshold: 0.8, explainedVariance: 1 } });
  // joint_05 is weak, joint_30 constant: the second group is left with one joint, which stays a plain column.
  assert.deepEqual(f.groups.map((g) => g.members), [['joint_00', 'joint_02']]);
  assert.deepEqual(f.names.slice(6), ['pca1_pc1', 'pca1_pc2', 'joint_01', 'joint_06']);
  const keep = fitFeatures(series, labels, IDS, { dropZeroVariance: false, minTargetCorrelation: 0, pca: false });
  assert.equal(keep.names.length, 12 + 3 + 31);
  const fs = transformFeatures(keep, series);
  assert.equal(at(fs, 12, 1, 'joint_30'), 0); // constant column → 0, not NaN
  assert.ok(fs.values.every(Number.isFinite));
});

test('group scores and subject means for a PC1/PC2 scatter', () => {
  const { series, labels } = fixture();
  const f = fitFeatures(series, labels, IDS);
  const scores = groupScores(f, series, 0);
  assert.deepEqual(scores.names, ['pca1_pc1', 'pca1_pc2']);
  const g = f.groups[0];
  const [w0, w1] = g.components[0];
  const s = 3; // subject 13
  for (let t = 0; t < STEPS; t++) {
    const want = (Math.fround(fixtureValue('joint_00', s, t)) - g.mean[0]) * w0 + (Math.fround(fixtureValue('joint_01', s, t)) - g.mean[1]) * w1;
    near(at(scores, 13, t, 'pca1_pc1'), want);
  }
  const means = subjectMeans(scores);
  let sum = 0;
  for (let t = 0; t < STEPS; t++) sum += at(scores, 13, t, 'pca1_pc2');
  near(means.values[s * 2 + 1], sum / STEPS);
  // Training-set PC scores are centred.
  near(Array.from({ length: 6 }, (_, i) => means.values[i * 2]).reduce((x, y) => x + y, 0), 0, 1e-5);
  assert.throws(() => groupScores(f, series, 1), /no PCA group 1 \(there are 1\)/);
});

test('config errors name the key path', () => {
  assert.deepEqual(resolveFeatureConfig(), DEFAULT_FEATURES);
  assert.deepEqual(resolveFeatureConfig({ pca: { explainedVariance: 0.9 } as never }).pca, { groups: 'auto', groupThreshold: 0.8, explainedVariance: 0.9 });
  const bad = (cfg: unknown, re: RegExp) => assert.throws(() => resolveFeatureConfig(cfg as never), re);
  bad({ scaler: 'robust' }, /features\.scaler: expected one of "minmax", "standard", got "robust"/);
  bad({ minTargetCorrelation: 1.5 }, /features\.minTargetCorrelation: expected a number ≥ 0 and ≤ 1, got 1\.5/);
  bad({ pca: { explainedVariance: 0 } }, /features\.pca\.explainedVariance: expected a number > 0 and ≤ 1, got 0/);
  bad({ pca: { groups: [['joint_00', 'joint_99']] } }, /features\.pca\.groups\[0\]\[1\]: "joint_99" is not a joint column/);
  bad({ pca: { groups: [['joint_00'], ['joint_01', 'joint_00']] } }, /features\.pca\.groups\[1\]\[1\]: joint_00 is already in pca\.groups\[0\]\[0\]/);
  bad({ pca: { group: 'auto' } }, /features\.pca\.group: unknown key/);
  bad({ pca: true }, /features\.pca: expected false or an object/);
  bad({ onehot: true }, /features\.onehot: unknown key/);
  // the engine's errors carry the key on its own, for the config layer to say where in which file it was set
  assert.throws(() => resolveFeatureConfig({ pca: { groups: [['joint_99']] } } as never), (e: unknown) => e instanceof SettingError && e.key === 'features.pca.groups[0][0]');
  bad({ oneHotSurvey: 'yes' }, /features\.oneHotSurvey: expected true or false/);
  const { series, labels } = fixture();
  assert.throws(() => fitFeatures(series, labels, [10]), /at least 2 training subjects/);
  assert.throws(() => fitFeatures(series, { ids: Int32Array.of(10, 11), y: Uint8Array.of(0, 1) }, [10, 12]), /features \(training subjects\): subject 12 has no label/);
  const f = fitFeatures(series, labels, IDS);
  assert.throws(() => transformFeatures({ ...f, version: 2 as never }, series), /unknown version 2/);
  assert.throws(() => transformFeatures(f, series, [99]), /no subject with sample_index 99/);
});

test('firstDifferences: within each subject, 0 at its first step, never across subjects', () => {
  const col = Float32Array.from([1, 4, 2, /* next subject */ 10, 10.5, 9]);
  assert.deepEqual(Array.from(firstDifferences(col, 3)), [0, 3, -2, 0, 0.5, -1.5]);
  assert.throws(() => firstDifferences(col, 4), /6 rows are not whole subjects of 4 steps/);
});

test('features.deltas: each input gets a first-difference column, scaled on the training subjects only', () => {
  const { series, labels } = fixture();
  const train = [10, 11, 12, 13];
  const cfg = { pca: false as const, minTargetCorrelation: 0, deltas: true };
  const f = fitFeatures(series, labels, train, cfg);
  const levels = fitFeatures(series, labels, train, { pca: false, minTargetCorrelation: 0 }).names;
  assert.deepEqual(f.names, [...levels, ...levels.map((n) => `${n}_d1`)]);
  assert.deepEqual(f.sources.slice(levels.length), levels.map((_, j) => ({ kind: 'delta', of: j })));
  // the level columns are unchanged by the switch
  const plain = transformFeatures(fitFeatures(series, labels, train, { pca: false, minTargetCorrelation: 0 }), series);
  const both = transformFeatures(f, series);
  for (const id of IDS) for (let t = 0; t < STEPS; t++) for (const n of levels) assert.equal(at(both, id, t, n), at(plain, id, t, n));
  // joint_00's raw steps on the training subjects (s = 0..3), min-max scaled by hand
  const raw = rawRows('joint_00', [0, 1, 2, 3]);
  const d = raw.map((v, r) => (r % STEPS === 0 ? 0 : Math.fround(v - raw[r - 1])));
  const lo = Math.min(...d);
  const span = Math.max(...d) - lo;
  for (const [s, id] of [[0, 10], [3, 13], [4, 14]] as const) {
    for (let t = 0; t < STEPS; t++) {
      const x = Math.fround(fixtureValue('joint_00', s, t));
      const prev = t === 0 ? x : Math.fround(fixtureValue('joint_00', s, t - 1));
      near(at(both, id, t, 'joint_00_d1'), (Math.fround(x - prev) - lo) / span, 1e-6, `subject ${id} t ${t}`);
    }
  }
  // absent means off; a damaged fitted file (a difference of a later column) is refused
  assert.equal(resolveFeatureConfig({}).deltas, false);
  const bad = JSON.parse(JSON.stringify(f));
  bad.sources[levels.length] = { kind: 'delta', of: levels.length + 1 };
  assert.throws(() => transformFeatures(bad, series), /not of an earlier level/);
  assert.throws(() => resolveFeatureConfig({ deltas: 'yes' } as never), /features\.deltas/);
});
