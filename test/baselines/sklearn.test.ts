// lib/baselines against scikit-learn and numpy: committed fixtures (test/baselines/sklearn_fixtures.py), and the
// same script run live when Debian's python3-sklearn is installed (CI installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { balancedWeights } from '../../lib/baselines/classifier';
import { fitLogReg, logRegProba } from '../../lib/baselines/logreg';
import { ALL_STATS, seriesStats } from '../../lib/baselines/summary';
import { fitExtraTrees, fitForest, fitTree, forestProba, treeProba, type DecisionTree, type ForestOptions } from '../../lib/baselines/tree';

interface LogRegCase { name: string; C: number; classWeight: 'balanced' | null | number[]; coef: number[][]; intercept: number[]; probaTest: number[][] }
interface TreeCase {
  name: string;
  options: { class_weight?: 'balanced'; max_depth?: number; min_samples_leaf?: number };
  x: number[][]; y: number[]; xTest: number[][]; tree: DecisionTree; probaTest: number[][]; importances: number[];
}
/** sklearn's ExtraTreesClassifier(class_weight='balanced', max_features='sqrt'): per-tree means and spreads */
interface ExtraTreesCase {
  name: string; options: { max_depth?: number; min_samples_leaf?: number };
  x: number[][]; y: number[]; xTest: number[][]; trees: number;
  probaMean: number[][]; probaSd: number[][]; probaTest: number[][]; importanceMean: number[]; importanceSd: number[];
}
interface Fixtures {
  sklearn: string;
  logreg: { x: number[][]; y: number[]; xTest: number[][]; classes: number; cases: LogRegCase[] };
  trees: TreeCase[];
  extraTrees: ExtraTreesCase[];
  stats: ({ x: number[] } & Record<string, number>)[];
}

const here = join(__dirname);
const committed = JSON.parse(readFileSync(join(here, 'fixtures', 'sklearn.json'), 'utf8')) as Fixtures;

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

function checkAgainst(fx: Fixtures, source: string): void {
  const { x, y, xTest, classes } = fx.logreg;
  const n = x.length;
  const d = x[0].length;
  const xs = Float64Array.from(x.flat());
  const ys = Uint8Array.from(y);
  for (const c of fx.logreg.cases) {
    const weights = c.classWeight === 'balanced' ? balancedWeights(ys, classes) : c.classWeight ?? [1, 1, 1];
    const m = fitLogReg(xs, ys, n, d, classes, { C: c.C, classWeight: weights, tolerance: 1e-8, maxIterations: 10000 });
    assert.ok(m.converged, `${source} logreg ${c.name}: did not converge in ${m.iterations} iterations`);
    m.coef.forEach((row, k) => row.forEach((v, j) => close(v, c.coef[k][j], 1e-5, `${source} logreg ${c.name} coef[${k}][${j}]`)));
    const mean = m.intercept.reduce((a, b) => a + b, 0) / classes;
    m.intercept.forEach((v, k) => close(v - mean, c.intercept[k], 1e-5, `${source} logreg ${c.name} intercept[${k}] (centred)`));
    const p = logRegProba(m, Float64Array.from(xTest.flat()), xTest.length);
    c.probaTest.forEach((row, i) => row.forEach((v, k) => close(p[i * classes + k], v, 1e-6, `${source} logreg ${c.name} proba[${i}][${k}]`)));
  }
  for (const t of fx.trees) {
    const n = t.x.length;
    const d = t.x[0].length;
    const ys = Uint8Array.from(t.y);
    const cw = t.options.class_weight === 'balanced' ? balancedWeights(ys, 3) : [1, 1, 1];
    const w = Float64Array.from(ys, (c) => cw[c]);
    const fitted = fitTree(Float64Array.from(t.x.flat()), ys, w, n, d, 3, {
      maxDepth: t.options.max_depth, minSamplesLeaf: t.options.min_samples_leaf ?? 1, minSamplesSplit: 2, maxFeatures: d,
    });
    const what = `${source} tree ${t.name}`;
    assert.deepEqual(fitted.tree.feature, t.tree.feature, `${what}: split features`);
    assert.deepEqual(fitted.tree.left, t.tree.left, `${what}: left children`);
    assert.deepEqual(fitted.tree.right, t.tree.right, `${what}: right children`);
    // sklearn stores thresholds as float64 midpoints of float32 inputs; ours are exact for these inputs
    fitted.tree.threshold.forEach((v, i) => close(v, t.tree.threshold[i], 1e-12, `${what}: threshold of node ${i}`));
    fitted.tree.value.forEach((v, i) => v.forEach((p, c) => close(p, t.tree.value[i][c], 1e-12, `${what}: leaf ${i} class ${c}`)));
    const p = treeProba(fitted.tree, Float64Array.from(t.xTest.flat()), t.xTest.length, d, 3);
    t.probaTest.forEach((row, i) => row.forEach((v, c) => close(p[i * 3 + c], v, 1e-12, `${what}: proba[${i}][${c}]`)));
    fitted.importances.forEach((v, j) => close(v, t.importances[j], 1e-9, `${what}: importance[${j}]`));
  }
  for (const s of fx.stats) {
    const got = seriesStats(s.x, ALL_STATS);
    ALL_STATS.forEach((name, i) => close(got[i], s[name], 1e-12, `${source} ${name} of ${s.x.length} values`));
  }
  for (const e of fx.extraTrees) checkExtraTrees(e, source);
}

const OUR_TREES = 1000;

/**
 * Our ensemble's probability at a test point is a mean of OUR_TREES independent tree outputs, sklearn's of e.trees:
 * if both draw trees from the same distribution, their difference has standard error sd·√(1/B₁ + 1/B₂), with sd the
 * per-tree spread sklearn measured. Allowed: 5 standard errors (≈ 3e-5 chance per comparison that a correct
 * implementation fails), and at least 0.02 where sklearn's trees (nearly) all agree and sd says nothing: were ours
 * to disagree in under 3 of 1000 trees (sklearn saw none), the means would differ by under 0.003 + 5·√3/1000 ≈ 0.012.
 */
function extraTreesTolerance(sd: number, skTrees: number, floor: number): number {
  return Math.max(5 * sd * Math.sqrt(1 / skTrees + 1 / OUR_TREES), floor);
}

function extraTreesFit(e: ExtraTreesCase, fit: typeof fitExtraTrees, seed: number): { proba: Float64Array; importances: number[] } {
  const n = e.x.length;
  const d = e.x[0].length;
  const ys = Uint8Array.from(e.y);
  const o: ForestOptions = {
    trees: OUR_TREES, maxDepth: e.options.max_depth, minSamplesLeaf: e.options.min_samples_leaf ?? 1, maxFeatures: Math.floor(Math.sqrt(d)), classWeight: balancedWeights(ys, 3), seed,
  };
  const m = fit(Float64Array.from(e.x.flat()), ys, n, d, 3, o);
  return { proba: forestProba(m, Float64Array.from(e.xTest.flat()), e.xTest.length), importances: m.importances };
}

function checkExtraTrees(e: ExtraTreesCase, source: string): void {
  const ours = extraTreesFit(e, fitExtraTrees, 5);
  e.probaMean.forEach((row, i) => row.forEach((v, c) => {
    const tol = extraTreesTolerance(e.probaSd[i][c], e.trees, 0.02);
    assert.ok(Math.abs(ours.proba[i * 3 + c] - v) <= tol, `${source} extra-trees ${e.name} proba[${i}][${c}]: ${ours.proba[i * 3 + c]} vs ${v} ± ${tol}`);
  }));
  e.importanceMean.forEach((v, j) => {
    const tol = extraTreesTolerance(e.importanceSd[j], e.trees, 0.01);
    assert.ok(Math.abs(ours.importances[j] - v) <= tol, `${source} extra-trees ${e.name} importance[${j}]: ${ours.importances[j]} vs ${v} ± ${tol}`);
  });
}

test('extra-trees check has power: a random forest (bootstrap, best thresholds) on the same rows fails it', () => {
  const e = committed.extraTrees[0];
  const forest = extraTreesFit(e, fitForest, 5);
  let outside = 0;
  e.probaMean.forEach((row, i) => row.forEach((v, c) => {
    if (Math.abs(forest.proba[i * 3 + c] - v) > extraTreesTolerance(e.probaSd[i][c], e.trees, 0.02)) outside++;
  }));
  assert.ok(outside >= 5, `only ${outside} of ${e.probaMean.length * 3} forest probabilities fall outside the extra-trees tolerance`);
});

test('the committed fixture covers logistic regression, three trees, extra-trees and the statistics', () => {
  assert.equal(committed.logreg.cases.length, 3);
  assert.equal(committed.trees.length, 3);
  assert.ok(committed.trees.every((t) => t.tree.feature.some((f) => f >= 0)), 'every fixture tree has splits');
  assert.deepEqual(committed.extraTrees.map((e) => [e.name, e.probaMean.length]), [['grown', 20], ['depth3-leaf5', 20]]);
  assert.equal(committed.stats.length, 6);
  assert.ok(committed.stats.every((s) => ALL_STATS.every((name) => typeof s[name] === 'number')), 'every statistic in every case');
});

test('multinomial logistic regression, trees, extra-trees and statistics match the committed scikit-learn/numpy fixture', () => {
  checkAgainst(committed, 'fixture');
});

const python = '/usr/bin/python3';
const hasSklearn = ((): boolean => {
  if (!existsSync(python)) return false;
  try {
    execFileSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('live: scikit-learn regenerates the fixture and lib/baselines matches it', { skip: !hasSklearn && !process.env.CI ? 'python3-sklearn not installed' : false }, () => {
  assert.ok(hasSklearn, 'CI: python3-sklearn must be installed (see APT_PACKAGES in .ci/run)');
  const live = JSON.parse(execFileSync(python, [join(here, 'sklearn_fixtures.py')], { encoding: 'utf8', maxBuffer: 1 << 24 })) as Fixtures;
  checkAgainst(live, `live sklearn ${live.sklearn}`);
});
