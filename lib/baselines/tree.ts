// CART classification trees (weighted Gini) and a random forest of them, with scikit-learn's semantics where it
// matters for comparing: thresholds halfway between consecutive distinct values, x ≤ threshold goes left, the first
// best split wins (strictly greater improvement), leaves hold the weighted class distribution, a forest averages its
// trees' probabilities, and impurity importances are normalised per tree then averaged. Extra-trees (sklearn's
// ExtraTreesClassifier) share all of it but draw one threshold per tried feature instead of searching for the best.
import { deriveSeed, Rng } from '../core/random';

export interface TreeOptions {
  /** undefined: grow until pure */
  maxDepth?: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** features tried per split (all when ≥ d); drawn without replacement from `rng` */
  maxFeatures: number;
  rng?: Rng;
  /**
   * 'best' (default): the best threshold of each tried feature. 'random' (extra-trees, needs `rng`): one threshold
   * per tried feature, uniform in [min, max) of the node's values, max itself mapped to min (sklearn's
   * RandomSplitter); the best of those wins.
   */
  splitter?: 'best' | 'random';
}

/** Nodes in creation order (depth first, left before right); node 0 is the root. */
export interface DecisionTree {
  /** split feature of each node, −1 for a leaf */
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  /** class probabilities of each leaf ([] for split nodes) */
  value: number[][];
}

export interface FittedTree {
  tree: DecisionTree;
  /** weighted Gini decrease per feature, normalised to sum 1 (all 0 for a single leaf) */
  importances: Float64Array;
}

// sklearn's FEATURE_THRESHOLD: values closer than this count as equal (no split between them)
const SAME = 1e-7;

function gini(counts: Float64Array, total: number): number {
  if (total <= 0) return 0;
  let s = 0;
  for (let c = 0; c < counts.length; c++) s += (counts[c] / total) ** 2;
  return 1 - s;
}

/**
 * Fits one tree on rows x [n][d] with classes y and per-row weights (bootstrap counts × class weights; rows with
 * weight 0 are left out).
 */
/**
 * sklearn's split proxy, −(wL·giniL + wR·giniR) up to a constant (larger is better): Σ left² / wL + Σ right² / wR,
 * the right side's class weights being total − left.
 */
function giniProxy(left: Float64Array, total: Float64Array, classes: number, wLeft: number, wTotal: number): number {
  let sl = 0;
  let sr = 0;
  for (let c = 0; c < classes; c++) {
    sl += left[c] * left[c];
    const r = total[c] - left[c];
    sr += r * r;
  }
  return sl / wLeft + sr / (wTotal - wLeft);
}

export function fitTree(x: ArrayLike<number>, y: ArrayLike<number>, weight: ArrayLike<number>, n: number, d: number, classes: number, o: TreeOptions): FittedTree {
  if (x.length !== n * d) throw new Error(`tree: ${n} rows of ${d} features need ${n * d} values, got ${x.length}`);
  if (y.length !== n || weight.length !== n) throw new Error(`tree: ${n} rows but ${y.length} labels and ${weight.length} weights`);
  return fitTreeSorted(x, y, weight, n, d, classes, o, sortColumns(x, n, d));
}

/** Row order of each feature, ascending by value (ties by row): computed once, filtered per node. */
export function sortColumns(x: ArrayLike<number>, n: number, d: number): Int32Array[] {
  const v = new Float64Array(n);
  return Array.from({ length: d }, (_, j) => {
    for (let i = 0; i < n; i++) v[i] = x[i * d + j];
    return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b] || a - b);
  });
}

function fitTreeSorted(x: ArrayLike<number>, y: ArrayLike<number>, weight: ArrayLike<number>, n: number, d: number, classes: number,
  o: TreeOptions, columns: readonly Int32Array[]): FittedTree {
  const tree: DecisionTree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const importance = new Float64Array(d);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (weight[i] > 0) rows.push(i);
  if (rows.length === 0) throw new Error('tree: no rows with positive weight');
  if (o.splitter === 'random' && o.rng === undefined) throw new Error('tree: the random splitter needs an rng');
  const maxFeatures = Math.max(1, Math.min(d, Math.floor(o.maxFeatures)));
  const order = Int32Array.from({ length: d }, (_, j) => j);
  const inNode = new Uint8Array(n);
  const sorted = new Int32Array(n);
  const counts = (idx: readonly number[]): Float64Array => {
    const c = new Float64Array(classes);
    for (const i of idx) c[y[i]] += weight[i];
    return c;
  };

  const grow = (idx: number[], depth: number): number => {
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push([]);
    const total = counts(idx);
    const wTotal = total.reduce((a, b) => a + b, 0);
    const impurity = gini(total, wTotal);
    const leaf = (): number => {
      tree.value[node] = Array.from(total, (v) => v / wTotal);
      return node;
    };
    if (impurity <= 1e-12 || idx.length < o.minSamplesSplit || idx.length < 2 * o.minSamplesLeaf || (o.maxDepth !== undefined && depth >= o.maxDepth)) return leaf();

    let best = { improvement: -Infinity, feature: -1, threshold: 0 };
    // features in index order, or a fresh random order of which the first `maxFeatures` non-constant ones count
    const random = maxFeatures < d && o.rng !== undefined;
    if (random) for (let j = d - 1; j > 0; j--) {
      const r = o.rng!.int(j + 1);
      const t = order[j];
      order[j] = order[r];
      order[r] = t;
    }
    for (const i of idx) inNode[i] = 1;
    const m = idx.length;
    const left = new Float64Array(classes);
    let tried = 0;
    for (let f = 0; f < d && tried < maxFeatures; f++) {
      const j = random ? order[f] : f;
      if (o.splitter === 'random') {
        let lo = Infinity;
        let hi = -Infinity;
        for (const i of idx) {
          const v = x[i * d + j];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (hi <= lo + SAME) continue; // constant here: not counted
        tried++;
        let threshold = o.rng!.uniform(lo, hi);
        if (threshold >= hi) threshold = lo;
        left.fill(0);
        let wLeft = 0;
        let nLeft = 0;
        for (const i of idx) {
          if (x[i * d + j] > threshold) continue;
          left[y[i]] += weight[i];
          wLeft += weight[i];
          nLeft++;
        }
        if (nLeft < o.minSamplesLeaf || m - nLeft < o.minSamplesLeaf) continue; // counted, as in sklearn
        const proxy = giniProxy(left, total, classes, wLeft, wTotal);
        if (proxy > best.improvement) best = { improvement: proxy, feature: j, threshold };
        continue;
      }
      const col = columns[j];
      let k = 0;
      for (let r = 0; r < n; r++) if (inNode[col[r]]) sorted[k++] = col[r];
      if (x[sorted[m - 1] * d + j] <= x[sorted[0] * d + j] + SAME) continue; // constant here: not counted
      tried++;
      left.fill(0);
      let wLeft = 0;
      for (let p = 0; p < m - 1; p++) {
        const i = sorted[p];
        left[y[i]] += weight[i];
        wLeft += weight[i];
        const xi = x[i * d + j];
        const xn = x[sorted[p + 1] * d + j];
        if (xn <= xi + SAME) continue;
        if (p + 1 < o.minSamplesLeaf || m - p - 1 < o.minSamplesLeaf) continue;
        const proxy = giniProxy(left, total, classes, wLeft, wTotal);
        if (proxy > best.improvement) {
          let threshold = xi / 2 + xn / 2;
          if (threshold === xn || !Number.isFinite(threshold)) threshold = xi;
          best = { improvement: proxy, feature: j, threshold };
        }
      }
    }
    for (const i of idx) inNode[i] = 0;
    if (best.feature < 0) return leaf();
    const leftIdx: number[] = [];
    const rightIdx: number[] = [];
    for (const i of idx) (x[i * d + best.feature] <= best.threshold ? leftIdx : rightIdx).push(i);
    const lc = counts(leftIdx);
    const rc = counts(rightIdx);
    const wl = lc.reduce((a, b) => a + b, 0);
    const wr = rc.reduce((a, b) => a + b, 0);
    importance[best.feature] += wTotal * impurity - wl * gini(lc, wl) - wr * gini(rc, wr);
    tree.feature[node] = best.feature;
    tree.threshold[node] = best.threshold;
    // left subtree first: node numbers follow sklearn's depth-first order
    tree.left[node] = grow(leftIdx, depth + 1);
    tree.right[node] = grow(rightIdx, depth + 1);
    return node;
  };
  grow(rows, 0);
  const sum = importance.reduce((a, b) => a + b, 0);
  if (sum > 0) for (let j = 0; j < d; j++) importance[j] /= sum;
  return { tree, importances: importance };
}

/** The leaf of row i of x [·][d]. */
export function leafOf(t: DecisionTree, x: ArrayLike<number>, i: number, d: number): number {
  let node = 0;
  while (t.feature[node] >= 0) node = x[i * d + t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
  return node;
}

export function treeProba(t: DecisionTree, x: ArrayLike<number>, n: number, d: number, classes: number): Float64Array {
  const out = new Float64Array(n * classes);
  for (let i = 0; i < n; i++) {
    const v = t.value[leafOf(t, x, i, d)];
    for (let c = 0; c < classes; c++) out[i * classes + c] = v[c];
  }
  return out;
}

export interface ForestOptions {
  trees: number;
  maxDepth?: number;
  minSamplesLeaf: number;
  /** features tried per split */
  maxFeatures: number;
  classWeight: readonly number[];
  seed: number;
}

export interface ForestModel {
  kind: 'forest' | 'extra-trees';
  classes: number;
  features: number;
  trees: DecisionTree[];
  /** mean over trees of each tree's normalised impurity importances */
  importances: number[];
}

/**
 * A random forest: each tree on a bootstrap sample (n draws with replacement, as row weights), with `maxFeatures`
 * features drawn at every split. Tree t draws from Rng(deriveSeed(seed, t)), so the forest does not depend on
 * anything but its inputs.
 */
export function fitForest(x: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number, classes: number, o: ForestOptions): ForestModel {
  return fitTrees('forest', x, y, n, d, classes, o);
}

/**
 * Extremely randomised trees (Geurts et al. 2006; sklearn's ExtraTreesClassifier defaults): every tree sees all
 * rows (no bootstrap), and at each split `maxFeatures` features are drawn, each with one threshold drawn uniformly
 * between the node's min and max of it; the best of those splits wins. Seeded like the forest.
 */
export function fitExtraTrees(x: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number, classes: number, o: ForestOptions): ForestModel {
  return fitTrees('extra-trees', x, y, n, d, classes, o);
}

function fitTrees(kind: ForestModel['kind'], x: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number, classes: number, o: ForestOptions): ForestModel {
  if (!Number.isInteger(o.trees) || o.trees < 1) throw new Error(`${kind}: trees must be an integer ≥ 1, got ${o.trees}`);
  if (o.classWeight.length !== classes) throw new Error(`${kind}: ${o.classWeight.length} class weights for ${classes} classes`);
  if (x.length !== n * d) throw new Error(`${kind}: ${n} rows of ${d} features need ${n * d} values, got ${x.length}`);
  const extra = kind === 'extra-trees';
  // the random splitter never reads the sorted columns
  const columns = extra ? [] : sortColumns(x, n, d);
  const trees: DecisionTree[] = [];
  const importances = new Float64Array(d);
  const weight = new Float64Array(n);
  for (let t = 0; t < o.trees; t++) {
    const rng = new Rng(deriveSeed(o.seed, t));
    if (extra) weight.fill(1);
    else {
      weight.fill(0);
      for (let k = 0; k < n; k++) weight[rng.int(n)] += 1;
    }
    for (let i = 0; i < n; i++) weight[i] *= o.classWeight[y[i]];
    const fitted = fitTreeSorted(x, y, weight, n, d, classes, {
      maxDepth: o.maxDepth, minSamplesLeaf: o.minSamplesLeaf, minSamplesSplit: 2, maxFeatures: o.maxFeatures, rng, splitter: extra ? 'random' : 'best',
    }, columns);
    trees.push(fitted.tree);
    for (let j = 0; j < d; j++) importances[j] += fitted.importances[j] / o.trees;
  }
  return { kind, classes, features: d, trees, importances: Array.from(importances) };
}

/** Mean of the trees' class probabilities. */
export function forestProba(m: Pick<ForestModel, 'classes' | 'features' | 'trees'>, x: ArrayLike<number>, n: number): Float64Array {
  if (x.length !== n * m.features) throw new Error(`forest: ${n} rows of ${m.features} features need ${n * m.features} values, got ${x.length}`);
  const out = new Float64Array(n * m.classes);
  for (const t of m.trees) {
    const p = treeProba(t, x, n, m.features, m.classes);
    for (let i = 0; i < out.length; i++) out[i] += p[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= m.trees.length;
  return out;
}
