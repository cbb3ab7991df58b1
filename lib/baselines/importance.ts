// Permutation importance on held-out subjects, one group of columns at a time: how much the score drops when a
// channel's summary features are shuffled across subjects (all its statistics with the same permutation, so a
// subject's statistics of that channel stay together and only their link to the class is broken).
import { macroF1 } from '../evaluate/metrics';
import { deriveSeed, Rng } from '../core/random';
import { argmaxProba, classifierProba, type Classifier } from './classifier';

export interface PermutationImportance {
  /** group names (channels) */
  groups: string[];
  /** mean over repeats of (macro-F1 as is − macro-F1 shuffled) */
  macroF1Drop: number[];
  /** mean over repeats of the rise in mean log-loss (smoother than macro-F1 on few subjects) */
  logLossRise: number[];
  repeats: number;
}

/** Mean log-loss of class probabilities [n][classes] (clipped at 1e-15, as sklearn's log_loss). */
export function logLoss(p: Float64Array, y: ArrayLike<number>, classes: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(Math.max(p[i * classes + y[i]], 1e-15));
  return y.length ? s / y.length : 0;
}

/**
 * Permutation importance of each column group for rows x [n][d] (standardised, as the classifier saw them).
 * `groups[g]` lists the columns of group g; `seed` makes the shuffles reproducible.
 */
export function permutationImportance(c: Classifier, x: Float64Array, y: Uint8Array, groups: { name: string; columns: number[] }[],
  repeats: number, seed: number): PermutationImportance {
  const n = y.length;
  const d = c.features;
  const k = c.classes;
  const base = classifierProba(c, x, n);
  const f1 = macroF1(y, argmaxProba(base, k), k);
  const ll = logLoss(base, y, k);
  const drop: number[] = [];
  const rise: number[] = [];
  const xs = new Float64Array(x.length);
  const perm = new Int32Array(n);
  groups.forEach((g, gi) => {
    let sumDrop = 0;
    let sumRise = 0;
    for (let r = 0; r < repeats; r++) {
      const rng = new Rng(deriveSeed(seed, gi, r));
      for (let i = 0; i < n; i++) perm[i] = i;
      rng.shuffle(perm);
      xs.set(x);
      for (let i = 0; i < n; i++) for (const j of g.columns) xs[i * d + j] = x[perm[i] * d + j];
      const p = classifierProba(c, xs, n);
      sumDrop += f1 - macroF1(y, argmaxProba(p, k), k);
      sumRise += logLoss(p, y, k) - ll;
    }
    drop.push(repeats ? sumDrop / repeats : 0);
    rise.push(repeats ? sumRise / repeats : 0);
  });
  return { groups: groups.map((g) => g.name), macroF1Drop: drop, logLossRise: rise, repeats };
}

/** What the aggregations below read of a baseline trial's fold records. */
export interface ImportanceFold {
  baseline?: { features: string[]; importance: { model?: { kind: 'abs-coef' | 'impurity'; values: number[] }; permutation?: PermutationImportance } };
}

export interface ChannelImportance {
  channel: string;
  /** mean over folds; a fold whose preprocessing dropped the channel counts 0 */
  macroF1Drop: number;
  logLossRise: number;
  /** folds that kept the channel */
  folds: number;
}

/** Permutation importance per channel, averaged over a trial's folds, largest log-loss rise first. */
export function channelImportance(folds: readonly ImportanceFold[]): ChannelImportance[] {
  const sums = new Map<string, ChannelImportance>();
  const used = folds.filter((f) => f.baseline?.importance.permutation);
  for (const f of used) {
    const p = f.baseline!.importance.permutation!;
    p.groups.forEach((channel, g) => {
      const s = sums.get(channel) ?? { channel, macroF1Drop: 0, logLossRise: 0, folds: 0 };
      s.macroF1Drop += p.macroF1Drop[g] / used.length;
      s.logLossRise += p.logLossRise[g] / used.length;
      s.folds++;
      sums.set(channel, s);
    });
  }
  return [...sums.values()].sort((a, b) => b.logLossRise - a.logLossRise || b.macroF1Drop - a.macroF1Drop || (a.channel < b.channel ? -1 : 1));
}

export interface FeatureImportance {
  feature: string;
  channel: string;
  stat: string;
  /** mean over folds of the classifier's own importance (0 where a fold did not have the feature) */
  value: number;
}

/** The classifier's own importance (|coef| or impurity) per summary feature, averaged over folds, largest first. */
export function featureImportance(folds: readonly ImportanceFold[]): { kind: 'abs-coef' | 'impurity'; features: FeatureImportance[] } | undefined {
  const used = folds.filter((f) => f.baseline?.importance.model);
  if (used.length === 0) return undefined;
  const sums = new Map<string, number>();
  for (const f of used) {
    const { features } = f.baseline!;
    f.baseline!.importance.model!.values.forEach((v, j) => sums.set(features[j], (sums.get(features[j]) ?? 0) + v / used.length));
  }
  const features = [...sums].map(([feature, value]) => {
    const at = feature.lastIndexOf(':');
    return { feature, channel: feature.slice(0, at), stat: feature.slice(at + 1), value };
  }).sort((a, b) => b.value - a.value || (a.feature < b.feature ? -1 : 1));
  return { kind: used[0].baseline!.importance.model!.kind, features };
}

/** Feature importances summed per statistic (which kind of summary carries the class), largest first. */
export function statImportance(features: readonly FeatureImportance[]): { stat: string; value: number }[] {
  const sums = new Map<string, number>();
  for (const f of features) sums.set(f.stat, (sums.get(f.stat) ?? 0) + f.value);
  return [...sums].map(([stat, value]) => ({ stat, value })).sort((a, b) => b.value - a.value);
}
