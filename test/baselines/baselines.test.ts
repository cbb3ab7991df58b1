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
import { loadConfig, parseConfig, PROFILES, resolveProfile } from '../../lib/experiments/config/config';
import { expandTrials } from '../../lib/experiments/search/search';
import { projectRoot } from '../../lib/paths';
import { channelImportance, featureImportance, statImportance, type ImportanceFold } from '../../lib/baselines/importance';
import {
  argmaxProba, balancedWeights, baselineName, channelGroups, classifierProba, fitClassifier, fitExtraTrees, fitForest, fitLogReg, forestProba,
  groupMeanFeatures, isBaselineModel, jointGroupName, leafOf, LOG_EPS, seriesStats, SUMMARY_STATS, STAT_GROUPS,
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

test('robust and roughness statistics, worked by hand', () => {
  // x = [1, 3, 2, 6]: sorted 1 2 3 6, quantile q at position 3q (linear); Δx = 2, −1, 4; Δ²x = −3, 5
  const got = seriesStats([1, 3, 2, 6], [...STAT_GROUPS.robust, ...STAT_GROUPS.roughness]);
  const want = [
    1 + 0.15 * 1, 1.75, 2.5, 3.75, 3 + 0.85 * 3, 3.75 - 1.75, // q05 q25 median q75 q95 iqr
    Math.sqrt(((2 - 5 / 3) ** 2 + (-1 - 5 / 3) ** 2 + (4 - 5 / 3) ** 2) / 3), // diffStd around the mean step 5/3
    Math.log((4 + 1 + 16) / 3 + LOG_EPS), Math.log((9 + 25) / 2 + LOG_EPS), 4, // logMsDiff logMsDiff2 maxAbsStep
  ];
  want.forEach((v, i) => close(got[i], v, 1e-12));
  // a still channel: the logs stop at ln ε instead of −∞; a single step has no difference at all
  assert.deepEqual(seriesStats([0.5, 0.5, 0.5], ['diffStd', 'logMsDiff', 'logMsDiff2', 'maxAbsStep']), [0, Math.log(LOG_EPS), Math.log(LOG_EPS), 0]);
  assert.deepEqual(seriesStats([7], ['diffStd', 'logMsDiff', 'maxAbsStep', 'iqr']), [0, Math.log(LOG_EPS), 0, 0]);
  // a steady ramp: every step the same, so no spread of steps, but a mean square of 0.25² and a largest step 0.25
  const ramp = seriesStats([0, 0.25, 0.5, 0.75, 1], ['diffStd', 'logMsDiff', 'maxAbsStep']);
  close(ramp[0], 0, 1e-15);
  close(ramp[1], Math.log(0.0625 + LOG_EPS));
  close(ramp[2], 0.25);
});

test('stats: groups expand in order, shared statistics once; the default is the nine basic ones', () => {
  assert.deepEqual(resolveBaseline({ kind: 'baseline', classifier: 'forest' }).stats, [...SUMMARY_STATS]);
  assert.deepEqual(resolveBaseline({ kind: 'baseline', classifier: 'logreg', stats: ['basic'] }).stats, [...SUMMARY_STATS]);
  assert.deepEqual(resolveBaseline({ kind: 'baseline', classifier: 'logreg', stats: ['basic', 'robust'] }).stats, [...SUMMARY_STATS, 'q05', 'q95', 'iqr']);
  assert.deepEqual(resolveBaseline({ kind: 'baseline', classifier: 'centroid', stats: ['maxAbsStep', 'roughness'] }).stats,
    ['maxAbsStep', 'diffStd', 'logMsDiff', 'logMsDiff2']);
  assert.throws(() => resolveBaseline({ kind: 'baseline', classifier: 'forest', stats: ['robust', 'robust'] }), /listed twice/);
  assert.throws(() => resolveBaseline({ kind: 'baseline', classifier: 'forest', stats: ['fancy' as 'mean'] }), /model\.stats\[0\]: expected one of .*roughness/);
  assert.equal(baselineName({ kind: 'baseline', classifier: 'centroid', stats: ['robust'] }), 'nearest centroid (6 statistics)');
  // the summary rows follow the expanded list: 13 features per channel for basic + roughness
  const fs = { ids: Int32Array.from([1]), steps: 4, names: ['a'], values: Float32Array.from([1, 3, 2, 6]) };
  const r = resolveBaseline({ kind: 'baseline', classifier: 'forest', stats: ['basic', 'roughness'] });
  const sf = summaryFeatures(fs, r.stats);
  assert.equal(sf.names.length, 13);
  assert.equal(sf.names[12], 'a:maxAbsStep');
  assert.equal(sf.values[12], 4);
});

test('shipped baseline trials resolve as before: four classifiers, the nine basic statistics unless a list is given', () => {
  let seen = 0;
  for (const file of ['baselines.json5', 'final.json5']) {
    const cfg = loadConfig(join(projectRoot(), 'notebooks', 'configs', file));
    for (const profile of PROFILES) {
      for (const { trial } of expandTrials(resolveProfile(cfg, profile))) {
        if (!isBaselineModel(trial.model)) continue;
        const m = trial.model;
        assert.ok(['majority', 'centroid', 'logreg', 'forest'].includes(m.classifier), `${file}: ${m.classifier}`);
        seen++;
        const r = resolveBaseline(m);
        assert.deepEqual(r.stats, m.stats ?? [...SUMMARY_STATS], `${file} ${m.classifier}: statistics`);
        // a resolved hyper (stored in every fold model) has exactly the keys it had before extra-trees and groups
        assert.deepEqual(Object.keys(r).sort(), ['C', 'classWeights', 'classifier', 'kind', 'maxDepth', 'maxFeatures', 'maxIterations',
          'minSamplesLeaf', 'permutationRepeats', 'stats', 'tolerance', 'trees']);
      }
    }
  }
  assert.ok(seen >= 12, `${seen} baseline trials in the shipped configs`);
});

test('configs: extra-trees, statistic groups and groupMeans are accepted and kept as written (nothing added to the trial)', () => {
  const model = { kind: 'baseline', classifier: 'extra-trees', trees: 300, stats: ['basic', 'robust', 'roughness'], groupMeans: true };
  const cfg = parseConfig({ name: 'f', kind: 'final', base: { seed: 42, cv: { folds: 5, run: 5 }, features: {}, model: { kind: 'baseline', classifier: 'majority' } },
    models: { et: { model }, rf: { model: { kind: 'baseline', classifier: 'forest' } } } });
  const trials = expandTrials(resolveProfile(cfg, 'full'));
  assert.deepEqual(trials.map((t) => t.trial.model), [model, { kind: 'baseline', classifier: 'forest' }]);
  const bad = (m: Record<string, unknown>): unknown => parseConfig({ name: 'f', kind: 'final', base: { seed: 1, cv: { folds: 2, run: 2 }, features: {}, model: { kind: 'baseline', classifier: 'majority' } }, models: { x: { model: m } } });
  assert.throws(() => bad({ kind: 'baseline', classifier: 'extra-trees', stats: ['rough'] }), /models\.x\.model\.stats\[0\]: expected one of/);
  assert.throws(() => bad({ kind: 'baseline', classifier: 'extra-trees', groupMeans: 1 }), /models\.x\.model\.groupMeans/);
  assert.throws(() => bad({ kind: 'baseline', classifier: 'extra-trees', C: 1 }), /models\.x\.model\.C: does not apply to classifier "extra-trees"/);
});

test('extra-trees: no bootstrap, thresholds inside the node range, seeded; the fold runner accepts it', () => {
  const n = 60;
  const d = 4;
  const x = Float64Array.from({ length: n * d }, (_, i) => ((i * 7919) % 101) / 101 + (i % d === 0 ? Math.floor(i / d) % 3 : 0));
  const y = Uint8Array.from({ length: n }, (_, i) => i % 3);
  const o = { trees: 20, minSamplesLeaf: 1, maxFeatures: 2, classWeight: [1, 2, 0.5], seed: 7 };
  const m = fitExtraTrees(x, y, n, d, 3, o);
  assert.equal(m.kind, 'extra-trees');
  assert.deepEqual(fitExtraTrees(x, y, n, d, 3, o), m);
  assert.notDeepEqual(fitExtraTrees(x, y, n, d, 3, { ...o, seed: 8 }).trees, m.trees);
  close(m.importances.reduce((a, v) => a + v, 0), 1, 1e-12);
  for (const t of m.trees) {
    // every tree saw every row (no bootstrap) and grew until pure: each training row's leaf is its own class
    for (let i = 0; i < n; i++) assert.equal(t.value[leafOf(t, x, i, d)][y[i]], 1, `row ${i}`);
    // each threshold lies in [min, max) of the rows that reach its node
    const walk = (node: number, rows: number[]): void => {
      const j = t.feature[node];
      if (j < 0) return;
      const v = rows.map((i) => x[i * d + j]);
      assert.ok(t.threshold[node] >= Math.min(...v) && t.threshold[node] < Math.max(...v), `threshold ${t.threshold[node]} of node ${node}`);
      walk(t.left[node], rows.filter((i) => x[i * d + j] <= t.threshold[node]));
      walk(t.right[node], rows.filter((i) => x[i * d + j] > t.threshold[node]));
    };
    walk(0, Array.from({ length: n }, (_, i) => i));
  }
  // a bootstrap forest leaves rows out of some trees, so some training rows land in leaves of another class
  const f = fitForest(x, y, n, d, 3, o);
  assert.ok(f.trees.some((t) => Array.from(y).some((c, i) => t.value[leafOf(t, x, i, d)][c] < 1)));

  const r = resolveBaseline({ kind: 'baseline', classifier: 'extra-trees', trees: 5, stats: ['basic', 'roughness'] });
  assert.equal(baselineName(r), 'extra trees (5 trees)');
  assert.throws(() => resolveBaseline({ kind: 'baseline', classifier: 'extra-trees', C: 1 }), /model\.C: does not apply to classifier extra-trees/);
  const data = simulateDataset({ seed: 5, trainSubjects: 30, testSubjects: 3, steps: 30 });
  const fold = stratifiedKFold(data.labels, 3, 42)[0];
  const run = runBaselineFold({ data, fold, seed: 42, features: {}, model: { kind: 'baseline', classifier: 'extra-trees', trees: 5, stats: ['robust'] } });
  assert.equal(run.model.classifier.kind, 'extra-trees');
  assert.equal(run.details.importance.model!.kind, 'impurity');
  assert.ok(run.details.features.every((name) => /:(q05|q25|median|q75|q95|iqr)$/.test(name)));
  assert.equal(run.details.features.length, 6 * run.model.features.names.length);
  assert.ok(run.details.importance.permutation, 'permutation importance per channel');
});

test('group means by hand: a group becomes one channel at its first member, each statistic the members\' mean', () => {
  // channels a, b, c, d with statistics mean and max; groups {a, c} and {d}; subject rows 1 and 2
  const x = {
    ids: Int32Array.from([1, 2]),
    names: ['a:mean', 'a:max', 'b:mean', 'b:max', 'c:mean', 'c:max', 'd:mean', 'd:max'],
    values: Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40, -1, 0, 5, 5, 1, 4, 7, 8]),
  };
  const g = groupMeanFeatures(x, ['mean', 'max'], [{ name: 'ac', members: ['a', 'c'] }, { name: 'dd', members: ['d', 'zz'] }]);
  assert.deepEqual(g.names, ['ac:mean', 'ac:max', 'b:mean', 'b:max', 'dd:mean', 'dd:max']);
  assert.deepEqual(Array.from(g.values), [2, 20, 2, 20, 4, 40, 0, 2, 5, 5, 7, 8]);
  assert.throws(() => groupMeanFeatures(x, ['mean', 'max'], [{ name: 'p', members: ['a'] }, { name: 'q', members: ['a', 'b'] }]), /a is in two groups/);
  assert.throws(() => groupMeanFeatures(x, ['max', 'mean'], []), /a:mean where a:max was expected/);
});

test('group means on a fold: member joints summarised on their own series and averaged; other channels as before', () => {
  const data = simulateDataset({ seed: 5, trainSubjects: 45, testSubjects: 6, steps: 40 });
  const ids = data.train.ids;
  const features = fitFeatures(data.train, data.labels, ids, {});
  assert.ok(features.groups.length >= 2, 'the simulated joints form correlated groups');
  const stats = resolveBaseline({ kind: 'baseline', classifier: 'logreg', stats: ['basic', 'roughness'] }).stats;
  const plain = subjectSummary(features, data.train, ids, { stats });
  const grouped = subjectSummary(features, data.train, ids, { stats, groupMeans: true });
  const channels = (sf: { names: string[] }): string[] => [...new Set(sf.names.map((n) => n.slice(0, n.lastIndexOf(':'))))];
  // every PCA component channel gives way to one channel per group, where the group's first component stood
  const expected = channels(plain).filter((c) => !/^pca\d+_pc[2-9]/.test(c)).map((c) => c.replace(/^pca(\d+)_pc1$/, 'pca$1_joints'));
  assert.deepEqual(channels(grouped), expected);
  const k = stats.length;
  const col = (sf: { names: string[] }, name: string): number => sf.names.indexOf(name);
  for (let s = 0; s < ids.length; s++) {
    // a plain channel: the same numbers as without groups
    const j = col(grouped, 'joint_12:hfEnergy');
    assert.equal(grouped.values[s * grouped.names.length + j], plain.values[s * plain.names.length + col(plain, 'joint_12:hfEnergy')]);
    features.groups.forEach((g, gi) => {
      // mean and largest step of each member's raw series, straight from the dataset's columns, averaged
      let mean = 0;
      let step = 0;
      for (const m of g.members) {
        const v = data.train.columns[m].subarray(s * 40, (s + 1) * 40);
        mean += v.reduce((a, b) => a + b, 0) / 40 / g.members.length;
        let big = 0;
        for (let t = 1; t < 40; t++) big = Math.max(big, Math.abs(v[t] - v[t - 1]));
        step += big / g.members.length;
      }
      const row = s * grouped.names.length;
      close(grouped.values[row + col(grouped, `${jointGroupName(gi)}:mean`)], mean, 1e-9);
      close(grouped.values[row + col(grouped, `${jointGroupName(gi)}:maxAbsStep`)], step, 1e-9);
    });
  }
  assert.equal(grouped.names.length % k, 0);
  // a fold with group means runs end to end, and asks for groups the preprocessing can find
  const fold = stratifiedKFold(data.labels, 3, 42)[0];
  const run = runBaselineFold({ data, fold, seed: 42, features: {}, model: { kind: 'baseline', classifier: 'logreg', groupMeans: true } });
  assert.ok(run.details.features.includes('pca1_joints:median'));
  assert.ok(run.details.importance.permutation!.groups.includes('pca1_joints'));
  assert.equal(run.model.hyper.groupMeans, true);
  const again = predictBaseline(JSON.parse(JSON.stringify(run.model)), data.train, run.predictions.ids);
  run.predictions.prob.forEach((v, i) => close(again.proba[i], v, 5e-7));
  assert.throws(() => runBaselineFold({ data, fold, seed: 42, features: { pca: false }, model: { kind: 'baseline', classifier: 'logreg', groupMeans: true } }),
    /model\.groupMeans: the preprocessing has features\.pca off/);
  assert.throws(() => resolveBaseline({ kind: 'baseline', classifier: 'forest', groupMeans: 'yes' as unknown as boolean }), /model\.groupMeans: expected true or false/);
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
