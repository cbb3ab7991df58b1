// Subject-wise splits: every subject's whole series goes to one side, so no time step of a validation subject is
// ever seen in training (a row-wise split leaks the subject and inflates the score).
import { labelsOf, type SubjectLabels } from '../data/series';
import { N_CLASSES } from '../data/schema';
import { Rng } from '../core/random';
import { LIMITS } from '../limits';

/** One split: sample_index values, ascending. */
export interface Fold {
  index: number;
  train: Int32Array;
  val: Int32Array;
}

/** Checks labels and returns the ids of each class, ascending (so the result does not depend on input order). */
function idsByClass(labels: SubjectLabels): Int32Array[] {
  const { ids, y } = labels;
  if (ids.length !== y.length) throw new Error(`labels: ${ids.length} ids but ${y.length} labels`);
  const seen = new Set<number>();
  const lists: number[][] = Array.from({ length: N_CLASSES }, () => []);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (seen.has(id)) throw new Error(`labels: sample_index ${id} appears twice`);
    seen.add(id);
    const c = y[i];
    if (c >= N_CLASSES) throw new Error(`labels: sample_index ${id} has class ${c}, expected 0..${N_CLASSES - 1}`);
    lists[c].push(id);
  }
  return lists.map((l) => Int32Array.from(l).sort());
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed)) throw new Error(`seed: expected an integer, got ${seed}`);
}

function sorted(ids: number[]): Int32Array {
  return Int32Array.from(ids).sort();
}

/**
 * Stratified K-fold over subjects. Each class's ids are shuffled with the seeded generator and dealt round-robin
 * to the folds, the dealing position carrying over from one class to the next. So every subject is in exactly one
 * validation fold, fold sizes differ by at most one, and each fold holds floor or ceil of (class count / k) subjects
 * of every class. Same labels and seed → same folds.
 */
export function stratifiedKFold(labels: SubjectLabels, k: number, seed: number): Fold[] {
  const byClass = idsByClass(labels);
  const n = labels.ids.length;
  if (!Number.isInteger(k) || k < LIMITS.cv.folds.min) throw new Error(`k: expected an integer ≥ ${LIMITS.cv.folds.min}, got ${k}`);
  if (k > n) throw new Error(`k: ${k} folds but only ${n} subjects`);
  checkSeed(seed);
  const rng = new Rng(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let position = 0;
  for (const ids of byClass) {
    rng.shuffle(ids);
    for (let i = 0; i < ids.length; i++) folds[position++ % k].push(ids[i]);
  }
  return folds.map((val, index) => {
    const train: number[] = [];
    folds.forEach((other, j) => {
      if (j !== index) train.push(...other);
    });
    return { index, train: sorted(train), val: sorted(val) };
  });
}

/**
 * One stratified train/validation split: each class contributes round(class count × valFraction) shuffled
 * subjects to validation.
 */
export function holdoutSplit(labels: SubjectLabels, valFraction: number, seed: number): Fold {
  const byClass = idsByClass(labels);
  if (!(valFraction > 0 && valFraction < 1)) throw new Error(`valFraction: expected a number in (0, 1), got ${valFraction}`);
  checkSeed(seed);
  const rng = new Rng(seed);
  const train: number[] = [];
  const val: number[] = [];
  for (const ids of byClass) {
    rng.shuffle(ids);
    const nVal = Math.round(ids.length * valFraction);
    for (let i = 0; i < ids.length; i++) (i < nVal ? val : train).push(ids[i]);
  }
  if (val.length === 0 || train.length === 0) {
    throw new Error(`valFraction: ${valFraction} of ${labels.ids.length} subjects leaves an empty train or validation side`);
  }
  return { index: 0, train: sorted(train), val: sorted(val) };
}

/**
 * The inner split of a fold for early stopping: a stratified holdout of the fold's *training* subjects, so the
 * fold's validation subjects play no part in choosing the weights. `fraction` is the share of each class held out;
 * absent, it is the fold's own share val/(train + val), 1/K for K folds: the inner split mirrors the outer one (and
 * stays below 1 even for K = 2, where val/train would be about 1).
 * The returned Fold keeps the outer fold's index; its train and val are both subsets of fold.train.
 */
export function innerSplit(labels: SubjectLabels, fold: Fold, seed: number, fraction?: number): Fold {
  const ids = Int32Array.from(fold.train);
  const y = labelsOf(labels, ids, `inner split of fold ${fold.index}`);
  const f = fraction ?? fold.val.length / (fold.train.length + fold.val.length);
  return { ...holdoutSplit({ ids, y }, f, seed), index: fold.index };
}
