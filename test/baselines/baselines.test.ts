// lib/baselines on hand-worked cases: summary features, the train-only standardiser, class weights, the two
// reference classifiers, forests, permutation importance and a whole fold with its saved model and ensemble.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateDataset } from '../../lib/data/simulate';
import { classificationReport } from '../../lib/evaluate/metrics';
import { fitFeatures } from '../../lib/features/pipeline';
import { stratifiedKFold } from '../../lib/split/kfold';
import { channelImportance, featureImportance, statImportance, type ImportanceFold } from '../../lib/baselines/importance';
import {
  argmaxProba, balancedWeights, baselineName, channelGroups, classifierProba, fitClassifier, fitForest, fitLogReg, forestProba,
  fitStandardizer, isBaselineModelDir, loadBaselineModel, permutationImportance, predictBaseline, predictBaselineEnsemble,
  resolveBaseline, runBaselineFold, saveBaselineModel, standardize, summaryFeatures, subjectSummary, type ResolvedBaseline,
} from '../../lib/baselines/index';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('summary features: channel-major names and the statistics of each channel, worked by hand', () => {
  // two subjects, four steps, two channels: a = [1, 3, 2, 6], b = [0, 0, 0, 0] / subject 2: a = [2, 2, 2, 2], b = [1, -1, 1, -1]
  const values = Float32Array.from([1, 0, 3, 0, 2, 0, 6, 0, 2, 1, 2, -1, 2, 1, 2, -1]);
  const s = summaryFeatures({ ids: Int32Array.from([5, 9]), steps: 4, names: ['a', 'b'], values }, ['mean', 'std', 'q25', 'meanAbsDiff', 'hfEnergy']);
  assert.deepEqual(s.names, ['a:mean', 'a:std', 'a:q25', 'a:meanAbsDiff', 'a:hfEnergy', 'b:mean', 'b:std', 'b:q25', 'b:meanAbsDiff', 'b:hfEnergy']);
  // a: mean 3, var (4+0+1+9)/4 = 3.5, sorted 1 2 3 6 → q25 at 0.75 = 1.75, |Δ| 2 1 4 → 7/3, Δ² 2−2·3+1 = −3, 6−4+3 = 5 → (9+25)/2
  const row0 = Array.from(s.values.subarray(0, 10));
  [3, Math.sqrt(3.5), 1.75, 7 / 3, 17, 0, 0, 0, 0, 0].forEach((v, j) => close(row0[j], v));
  // b of subject 2: mean 0, std 1, q25 −1, |Δ| = 2, Δ² = ±4 → 16
  const row1 = Array.from(s.values.subarray(10, 20));
  [2, 0, 2, 0, 0, 0, 1, -1, 2, 16].forEach((v, j) => close(row1[j], v));
});

test('standardiser: fitted on the rows it is given only; a constant feature maps to 0', () => {
  const train = { ids: Int32Array.from([1, 2, 3]), names: ['x', 'c'], values: Float64Array.from([1, 7, 2, 7, 6, 7]) };
  const st = fitStandardizer(train);
  assert.deepEqual(st.mean, [3, 7]);
  close(st.scale[0], Math.sqrt(14 / 3));
  assert.equal(st.scale[1], 1);
  const other = standardize(st, { ids: Int32Array.from([4]), names: ['x', 'c'], values: Float64Array.from([3 + Math.sqrt(14 / 3), 9]) });
  close(other.values[0], 1);
  assert.equal(other.values[1], 2);
  assert.throws(() => standardize(st, { ids: Int32Array.from([4]), names: ['y', 'c'], values: new Float64Array(2) }), /different ones/);
});

test('balanced class weights: n / (classes · count), 0 for an absent class', () => {
  assert.deepEqual(balancedWeights([0, 0, 0, 1], 3), [4 / 9, 4 / 3, 0]);
});

const base = (classifier: ResolvedBaseline['classifier'], over: Partial<ResolvedBaseline> = {}): ResolvedBaseline =>
  resolveBaseline({ kind: 'baseline', classifier, ...over });

test('majority and nearest centroid, by hand', () => {
  // one feature; classes 0 0 0 1 2 with values 0 1 2 10 20
  const x = Float64Array.from([0, 1, 2, 10, 20]);
  const y = Uint8Array.from([0, 0, 0, 1, 2]);
  const maj = fitClassifier(base('majority'), x, y, 1, 3, 0);
  assert.deepEqual(Array.from(classifierProba(maj, Float64Array.from([50]), 1)), [0.6, 0.2, 0.2]);
  const cen = fitClassifier(base('centroid'), x, y, 1, 3, 0);
  assert.equal(cen.kind, 'centroid');
  assert.deepEqual(cen.kind === 'centroid' && cen.centroids, [[1], [10], [20]]);
  // x = 6: squared distances 25, 16, 196 → p ∝ exp(−12.5), exp(−8), exp(−98)
  const p = classifierProba(cen, Float64Array.from([6]), 1);
  const z = Math.exp(-12.5) + Math.exp(-8) + Math.exp(-98);
  close(p[0], Math.exp(-12.5) / z);
  close(p[1], Math.exp(-8) / z);
  assert.deepEqual(Array.from(argmaxProba(p, 3)), [1]);
});

test('logistic regression: the gradient vanishes at the solution (checked by finite differences of the objective)', () => {
  const x = Float64Array.from([0, 1, 1, 0, 2, 2, -1, 0.5, 0.5, -1, 3, 1]);
  const y = Uint8Array.from([0, 1, 2, 0, 1, 2]);
  const o = { C: 0.5, classWeight: [1, 2, 0.5], tolerance: 1e-10, maxIterations: 1000 };
  const m = fitLogReg(x, y, 6, 2, 3, o);
  const f = (coef: number[][], b: number[]): number => {
    let loss = 0;
    for (let i = 0; i < 6; i++) {
      const z = coef.map((w, k) => b[k] + w[0] * x[i * 2] + w[1] * x[i * 2 + 1]);
      const lse = Math.log(z.reduce((a, v) => a + Math.exp(v), 0));
      loss += o.classWeight[y[i]] * (lse - z[y[i]]);
    }
    return o.C * loss + 0.5 * coef.flat().reduce((a, v) => a + v * v, 0);
  };
  const h = 1e-5;
  for (let k = 0; k < 3; k++) {
    for (let j = 0; j < 2; j++) {
      const up = m.coef.map((r) => r.slice());
      const down = m.coef.map((r) => r.slice());
      up[k][j] += h;
      down[k][j] -= h;
      assert.ok(Math.abs((f(up, m.intercept) - f(down, m.intercept)) / (2 * h)) < 1e-5, `d/dW[${k}][${j}]`);
    }
    const up = m.intercept.slice();
    const down = m.intercept.slice();
    up[k] += h;
    down[k] -= h;
    assert.ok(Math.abs((f(m.coef, up) - f(m.coef, down)) / (2 * h)) < 1e-5, `d/db[${k}]`);
  }
  // the penalty makes the coefficients sum to zero over the classes
  for (let j = 0; j < 2; j++) close(m.coef.reduce((a, r) => a + r[j], 0), 0, 1e-7);
});

test('forest: seeded (same seed → same trees), bootstrap and feature draws change with the seed, importances sum to 1', () => {
  const n = 40;
  const x = Float64Array.from({ length: n * 3 }, (_, i) => ((i * 7919) % 97) / 97 + (i % 3 === 0 ? Math.floor(i / 3) % 3 : 0));
  const y = Uint8Array.from({ length: n }, (_, i) => i % 3);
  const o = { trees: 5, minSamplesLeaf: 1, maxFeatures: 1, classWeight: [1, 1, 1], seed: 3 };
  const a = fitForest(x, y, n, 3, 3, o);
  assert.deepEqual(fitForest(x, y, n, 3, 3, o), a);
  assert.notDeepEqual(fitForest(x, y, n, 3, 3, { ...o, seed: 4 }).trees, a.trees);
  close(a.importances.reduce((s, v) => s + v, 0), 1, 1e-12);
  // feature 0 carries the class (i % 3 === 0 rows hold the class in their integer part)
  assert.ok(a.importances[0] > a.importances[1] && a.importances[0] > a.importances[2], `importances ${a.importances}`);
  const p = forestProba(a, x, n);
  for (let i = 0; i < n; i++) close(p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2], 1, 1e-12);
});

test('permutation importance: shuffling the informative channel costs macro-F1, shuffling noise does not', () => {
  const n = 60;
  const y = Uint8Array.from({ length: n }, (_, i) => i % 3);
  // channel sig: two statistics equal to the class; channel noise: a statistic unrelated to it
  const names = ['sig:mean', 'sig:std', 'noise:mean'];
  const x = Float64Array.from({ length: n * 3 }, (_, k) => (k % 3 < 2 ? y[Math.floor(k / 3)] - 1 : ((k * 37) % 11) / 11 - 0.5));
  const c = fitClassifier(base('logreg'), x, y, 3, 3, 0);
  const groups = channelGroups(names);
  assert.deepEqual(groups, [{ name: 'sig', columns: [0, 1] }, { name: 'noise', columns: [2] }]);
  const imp = permutationImportance(c, x, y, groups, 5, 1);
  assert.deepEqual(imp.groups, ['sig', 'noise']);
  assert.ok(imp.macroF1Drop[0] > 0.4, `sig drop ${imp.macroF1Drop[0]}`);
  assert.ok(Math.abs(imp.macroF1Drop[1]) < 0.05, `noise drop ${imp.macroF1Drop[1]}`);
  assert.ok(imp.logLossRise[0] > imp.logLossRise[1]);
  assert.deepEqual(permutationImportance(c, x, y, groups, 5, 1), imp, 'seeded');
});

test('resolveBaseline: defaults filled, keys another classifier reads are errors naming the key', () => {
  const r = resolveBaseline({ kind: 'baseline', classifier: 'forest' });
  assert.equal(r.trees, 200);
  assert.equal(r.maxFeatures, 'sqrt');
  assert.throws(() => resolveBaseline({ kind: 'baseline', classifier: 'logreg', trees: 5 }), /^Error: model\.trees: does not apply to classifier logreg/);
  assert.throws(() => resolveBaseline({ kind: 'baseline', classifier: 'forest', trees: 0 }), /model\.trees: expected an integer ≥ 1/);
  assert.throws(() => resolveBaseline({ kind: 'baseline', classifier: 'centroid', stats: ['mean', 'mean'] }), /listed twice/);
  assert.equal(baselineName({ kind: 'baseline', classifier: 'centroid', stats: ['mean'] }), 'nearest centroid (per-subject mean)');
});

test('a baseline fold: everything fitted on the training subjects; the saved model and the ensemble reproduce it', () => {
  const data = simulateDataset({ seed: 5, trainSubjects: 45, testSubjects: 6, steps: 40 });
  const folds = stratifiedKFold(data.labels, 3, 42);
  const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
  try {
    const runs = folds.map((fold) => runBaselineFold({ data, fold, seed: 42, features: {}, model: { kind: 'baseline', classifier: 'forest', trees: 15 } }));
    const r = runs[0];
    const fold = folds[0];
    assert.deepEqual(r.model.features.trainIds, Array.from(fold.train));
    assert.deepEqual(r.model.features, fitFeatures(data.train, data.labels, fold.train, {}));
    // the standardiser is the training subjects' mean and spread
    const raw = subjectSummary(r.model.features, data.train, fold.train, r.model.hyper);
    assert.deepEqual(r.model.standardizer, fitStandardizer(raw));
    assert.deepEqual(r.predictions.ids, Array.from(fold.val));
    assert.deepEqual(r.metrics.report, classificationReport(r.predictions.y, r.predictions.pred, 3));
    assert.equal(r.metrics.valSubjects, fold.val.length);
    assert.equal(r.details.importance.permutation!.groups.length, r.model.features.names.length);
    assert.equal(r.details.importance.model!.kind, 'impurity');

    // JSON round trip: same probabilities for the validation subjects
    saveBaselineModel(join(dir, 'f0'), r.model);
    assert.ok(isBaselineModelDir(join(dir, 'f0')));
    const loaded = loadBaselineModel(join(dir, 'f0'));
    const again = predictBaseline(loaded, data.train, fold.val);
    r.predictions.prob.forEach((v, k) => close(again.proba[k], v, 5e-7));
    r.predictions.nll.forEach((v, i) => close(-Math.log(again.proba[i * 3 + r.predictions.y[i]]), v, 1e-6 + 1e-6 * v));

    // the ensemble is the mean of the members' probabilities, each through its own preprocessing
    const ens = predictBaselineEnsemble(runs.map((x) => x.model), data.test!);
    const each = runs.map((x) => predictBaseline(x.model, data.test!));
    for (let i = 0; i < ens.proba.length; i++) close(ens.proba[i], each.reduce((a, p) => a + p.proba[i], 0) / 3, 1e-15);
    assert.deepEqual(Array.from(ens.y), Array.from(argmaxProba(ens.proba, 3)));
    assert.equal(ens.members, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('importances over folds: channels averaged with a dropped channel counting 0, features ranked, shares per statistic', () => {
  const folds: ImportanceFold[] = [
    { baseline: { features: ['a:mean', 'a:std', 'b:mean'], importance: {
      model: { kind: 'impurity', values: [0.5, 0.3, 0.2] },
      permutation: { groups: ['a', 'b'], macroF1Drop: [0.2, 0.0], logLossRise: [0.4, 0.1], repeats: 5 } } } },
    { baseline: { features: ['a:mean', 'a:std'], importance: {
      model: { kind: 'impurity', values: [0.9, 0.1] },
      permutation: { groups: ['a'], macroF1Drop: [0.1], logLossRise: [0.2], repeats: 5 } } } },
  ];
  const ch = channelImportance(folds);
  assert.deepEqual(ch.map((c) => c.channel), ['a', 'b']);
  close(ch[0].logLossRise, 0.3);
  close(ch[0].macroF1Drop, 0.15);
  assert.equal(ch[0].folds, 2);
  close(ch[1].logLossRise, 0.05);
  assert.equal(ch[1].folds, 1);
  const fi = featureImportance(folds)!;
  assert.equal(fi.kind, 'impurity');
  assert.deepEqual(fi.features.map((f) => f.feature), ['a:mean', 'a:std', 'b:mean']);
  close(fi.features[0].value, 0.7);
  close(fi.features[2].value, 0.1);
  const st = statImportance(fi.features);
  assert.deepEqual(st.map((s) => s.stat), ['mean', 'std']);
  close(st[0].value, 0.8);
  assert.equal(featureImportance([{}]), undefined);
});
