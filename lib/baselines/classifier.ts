// The baseline classifiers behind one shape: fit on standardised per-subject features, predict class
// probabilities, report what they weigh. Every fitted classifier is plain JSON.
import { fitLogReg, logRegProba, type LogRegModel } from './logreg';
import { fitExtraTrees, fitForest, forestProba, type ForestModel } from './tree';
import type { ResolvedBaseline } from './types';

/**
 * Always predicts the most frequent training class (ties: lowest class index); its probabilities are the training
 * class frequencies, so its log-loss is that of the class prior.
 */
export interface MajorityModel { kind: 'majority'; classes: number; features: number; majority: number; prior: number[] }

/**
 * Class means of the standardised features; p(class) ∝ exp(−½‖x − centroid‖²), a unit-variance Gaussian per class
 * with equal priors, so the most probable class is the nearest centroid and fold models can average probabilities.
 */
export interface CentroidModel { kind: 'centroid'; classes: number; features: number; centroids: number[][] }

export type Classifier = MajorityModel | CentroidModel | LogRegModel | ForestModel;

/** scikit-learn's class_weight='balanced': n / (classes · count); a class absent from training gets weight 0. */
export function balancedWeights(y: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return counts.map((c) => (c > 0 ? y.length / (classes * c) : 0));
}

/** Fits `h.classifier` on standardised rows x [n][d]; `seed` drives the trees' bootstrap, feature and threshold draws. */
export function fitClassifier(h: ResolvedBaseline, x: Float64Array, y: Uint8Array, d: number, classes: number, seed: number): Classifier {
  const n = y.length;
  if (x.length !== n * d) throw new Error(`baseline: ${n} subjects of ${d} features need ${n * d} values, got ${x.length}`);
  if (n === 0) throw new Error('baseline: no training subjects');
  const weights = h.classWeights === 'balanced' ? balancedWeights(y, classes) : new Array<number>(classes).fill(1);
  switch (h.classifier) {
    case 'majority': {
      const counts = new Array<number>(classes).fill(0);
      for (let i = 0; i < n; i++) counts[y[i]]++;
      return { kind: 'majority', classes, features: d, majority: counts.indexOf(Math.max(...counts)), prior: counts.map((c) => c / n) };
    }
    case 'centroid': {
      const centroids = Array.from({ length: classes }, () => new Array<number>(d).fill(0));
      const counts = new Array<number>(classes).fill(0);
      for (let i = 0; i < n; i++) {
        counts[y[i]]++;
        for (let j = 0; j < d; j++) centroids[y[i]][j] += x[i * d + j];
      }
      centroids.forEach((c, k) => {
        // a class with no training subject can never be the nearest
        for (let j = 0; j < d; j++) c[j] = counts[k] ? c[j] / counts[k] : Number.MAX_VALUE;
      });
      return { kind: 'centroid', classes, features: d, centroids };
    }
    case 'logreg':
      return fitLogReg(x, y, n, d, classes, { C: h.C, classWeight: weights, tolerance: h.tolerance, maxIterations: h.maxIterations });
    case 'forest':
    case 'extra-trees':
      return (h.classifier === 'forest' ? fitForest : fitExtraTrees)(x, y, n, d, classes, {
        trees: h.trees,
        maxDepth: h.maxDepth > 0 ? h.maxDepth : undefined,
        minSamplesLeaf: h.minSamplesLeaf,
        maxFeatures: h.maxFeatures === 'sqrt' ? Math.max(1, Math.floor(Math.sqrt(d))) : Math.min(d, h.maxFeatures),
        classWeight: weights,
        seed,
      });
  }
}

/** Class probabilities [n][classes]. */
export function classifierProba(c: Classifier, x: Float64Array, n: number): Float64Array {
  if (x.length !== n * c.features) throw new Error(`baseline ${c.kind}: ${n} subjects of ${c.features} features need ${n * c.features} values, got ${x.length}`);
  const k = c.classes;
  switch (c.kind) {
    case 'majority': {
      const out = new Float64Array(n * k);
      for (let i = 0; i < n; i++) for (let m = 0; m < k; m++) out[i * k + m] = c.prior[m];
      return out;
    }
    case 'centroid': {
      const d = c.features;
      const out = new Float64Array(n * k);
      for (let i = 0; i < n; i++) {
        let best = Infinity;
        for (let m = 0; m < k; m++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += (x[i * d + j] - c.centroids[m][j]) ** 2;
          out[i * k + m] = s;
          if (s < best) best = s;
        }
        let sum = 0;
        for (let m = 0; m < k; m++) sum += (out[i * k + m] = Math.exp(-0.5 * (out[i * k + m] - best)));
        for (let m = 0; m < k; m++) out[i * k + m] /= sum;
      }
      return out;
    }
    case 'logreg':
      return logRegProba(c, x, n);
    case 'forest':
    case 'extra-trees':
      return forestProba(c, x, n);
  }
}

/** Row-wise argmax (ties: lowest class). */
export function argmaxProba(p: Float64Array, classes: number): Uint8Array {
  const n = p.length / classes;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

/**
 * The classifier's own weighing of each feature: mean |coefficient| over classes (logreg; the features are
 * standardised, so coefficients are comparable) or the mean impurity decrease (forest, extra-trees); none for the references.
 */
export function modelImportances(c: Classifier): { kind: 'abs-coef' | 'impurity'; values: number[] } | undefined {
  if (c.kind === 'logreg') {
    return { kind: 'abs-coef', values: Array.from({ length: c.features }, (_, j) => c.coef.reduce((a, row) => a + Math.abs(row[j]), 0) / c.classes) };
  }
  if (c.kind === 'forest' || c.kind === 'extra-trees') return { kind: 'impurity', values: c.importances.slice() };
  return undefined;
}

/** Number of fitted numbers (coefficients, centroid coordinates, tree nodes) for the run table. */
export function classifierSize(c: Classifier): number {
  switch (c.kind) {
    case 'majority': return 1;
    case 'centroid': return c.classes * c.features;
    case 'logreg': return c.classes * (c.features + 1);
    case 'forest':
    case 'extra-trees': return c.trees.reduce((a, t) => a + t.feature.length, 0);
  }
}
