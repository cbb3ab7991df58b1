// Seeded bootstrap over subjects: 95 % percentile intervals for a score, and for the difference between two models'
// scores on the same subjects (paired: both are rescored on the same resampled subjects, so what the two models
// share — which subjects are easy — cancels out of the difference).
//
// Resampling is stratified by (fold, true class): each fold's subjects of each class are redrawn with replacement
// within that group. The validation subjects come from a stratified K-fold split, so their class counts are fixed by
// the design, not random; redrawing them freely would add class-proportion noise the experiment does not have, and
// with few high_pain subjects in a fold it would produce resamples without that class, whose macro-F1 counts a 0 for
// it. Stratifying keeps every resample a valid draw of the same design. For a test set there is one "fold".
import { Rng } from '../core/random';
import { quantileSorted } from '../data/stats';
import type { SubjectPredictions } from './predictions';

export interface BootstrapOptions {
  /** resamples (default 2000) */
  samples?: number;
  /** seed of the resampling (default 42): equal seeds and equal subject sets draw the same resamples */
  seed?: number;
  /** coverage of the interval (default 0.95) */
  level?: number;
}

export interface Interval {
  /** the statistic on the subjects as observed */
  estimate: number;
  /** percentile interval of the resampled statistic */
  lo: number;
  hi: number;
  level: number;
  samples: number;
}

export interface Difference extends Interval {
  /** the interval lies wholly above or wholly below 0: the difference is beyond resampling noise */
  excludesZero: boolean;
}

/** One model's predictions of a set of subjects, as typed arrays, one row per subject, ids ascending. */
export interface ScoredSubjects {
  ids: Int32Array;
  y: Uint8Array;
  pred: Uint8Array;
  /** the fold that held each subject out (0 throughout for a single set such as the test subjects) */
  fold: Int32Array;
  /** per-subject mean window log-loss (NaN where it was not recorded) */
  nll: Float64Array;
  classes: number;
}

/**
 * What is resampled:
 * - `pooled`: macro-F1 over all subjects at once (out-of-fold, test);
 * - `fold-mean`: the mean over folds of each fold's macro-F1 (the run tables' figure);
 * - `nll`: mean over subjects of the mean window log-loss (the window-level validation loss, a finer measure).
 */
export type Statistic = 'pooled' | 'fold-mean' | 'nll';

export const DEFAULT_SAMPLES = 2000;
export const DEFAULT_SEED = 42;

/** Subjects from one set of predictions, or from one per fold (the fold index is the position in the list). */
export function scoredSubjects(folds: SubjectPredictions | readonly SubjectPredictions[], classes: number): ScoredSubjects {
  const list = Array.isArray(folds) ? (folds as readonly SubjectPredictions[]) : [folds as SubjectPredictions];
  const rows: { id: number; y: number; pred: number; fold: number; nll: number }[] = [];
  list.forEach((p, k) => {
    if (!p || !Array.isArray(p.ids)) throw new Error(`scoredSubjects: fold ${k} has no per-subject predictions (a record written before they were kept; rerun the trial)`);
    if (p.y.length !== p.ids.length || p.pred.length !== p.ids.length) {
      throw new Error(`scoredSubjects: fold ${k} has ${p.ids.length} ids, ${p.y.length} true and ${p.pred.length} predicted classes`);
    }
    p.ids.forEach((id, i) => rows.push({ id, y: p.y[i], pred: p.pred[i], fold: k, nll: p.nll && p.nll.length === p.ids.length ? p.nll[i] : NaN }));
  });
  rows.sort((a, b) => a.id - b.id);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (i > 0 && rows[i - 1].id === r.id) throw new Error(`scoredSubjects: subject ${r.id} appears twice (folds ${rows[i - 1].fold} and ${r.fold})`);
    for (const [what, c] of [['true class', r.y], ['predicted class', r.pred]] as const) {
      if (!(Number.isInteger(c) && c >= 0 && c < classes)) throw new Error(`scoredSubjects: subject ${r.id}: ${what} ${c} is not a class 0..${classes - 1}`);
    }
  }
  return {
    ids: Int32Array.from(rows, (r) => r.id),
    y: Uint8Array.from(rows, (r) => r.y),
    pred: Uint8Array.from(rows, (r) => r.pred),
    fold: Int32Array.from(rows, (r) => r.fold),
    nll: Float64Array.from(rows, (r) => r.nll),
    classes,
  };
}

/** A single set of subjects (e.g. the test subjects with their hidden labels). */
export function scoredSet(ids: ArrayLike<number>, y: ArrayLike<number>, pred: ArrayLike<number>, classes: number): ScoredSubjects {
  return scoredSubjects({ ids: Array.from(ids), y: Array.from(y), pred: Array.from(pred), prob: [], nll: [] }, classes);
}

/** The same subjects with another model's predictions (for pairing against a model scored on the same set). */
export function withPredictions(s: ScoredSubjects, pred: ArrayLike<number>): ScoredSubjects {
  if (pred.length !== s.ids.length) throw new Error(`withPredictions: ${s.ids.length} subjects but ${pred.length} predictions`);
  return { ...s, pred: Uint8Array.from(pred), nll: new Float64Array(s.ids.length).fill(NaN) };
}

function folds(s: ScoredSubjects): number {
  let k = 0;
  for (let i = 0; i < s.fold.length; i++) k = Math.max(k, s.fold[i] + 1);
  return k;
}

/** Subject indices grouped by stratum (fold × true class): members[offsets[g] .. offsets[g+1]). */
function strata(s: ScoredSubjects): { members: Int32Array; offsets: Int32Array } {
  const groups = folds(s) * s.classes;
  const count = new Int32Array(groups + 1);
  const key = (i: number): number => s.fold[i] * s.classes + s.y[i];
  for (let i = 0; i < s.ids.length; i++) count[key(i) + 1]++;
  for (let g = 0; g < groups; g++) count[g + 1] += count[g];
  const offsets = count.slice();
  const fill = count.slice(0, groups);
  const members = new Int32Array(s.ids.length);
  for (let i = 0; i < s.ids.length; i++) members[fill[key(i)]++] = i;
  return { members, offsets };
}

/**
 * Calls visit(w) once per resample with w[i] = how many times subject i was drawn. Each stratum draws as many
 * subjects as it has, uniformly with replacement, from one seeded stream.
 */
function eachResample(s: ScoredSubjects, samples: number, seed: number, visit: (w: Int32Array) => void): void {
  const { members, offsets } = strata(s);
  const n = s.ids.length;
  const w = new Int32Array(n);
  const u = new Uint32Array(n);
  const rng = new Rng(seed);
  for (let b = 0; b < samples; b++) {
    w.fill(0);
    rng.fillU32(u);
    for (let g = 0; g + 1 < offsets.length; g++) {
      const start = offsets[g];
      const m = offsets[g + 1] - start;
      // u32 × m < 2^53: the product is exact, and floor(u·m / 2^32) is uniform on 0..m-1 up to 2^-32
      for (let j = start; j < start + m; j++) w[members[start + Math.floor((u[j] * m) / 4294967296)]]++;
    }
    visit(w);
  }
}

/**
 * The statistic on weighted subjects (weight = times drawn). Macro-F1 per fold uses F1_c = 2·tp / (predicted +
 * actual), which equals 2PR/(P+R) when tp > 0 and is 0 otherwise — sklearn's zero_division=0 convention.
 */
function statistic(s: ScoredSubjects, stat: Statistic, w: Int32Array | undefined, scratch: Float64Array): number {
  const n = s.ids.length;
  if (stat === 'nll') {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1;
      sum += wi * s.nll[i];
      count += wi;
    }
    return sum / count;
  }
  const k = s.classes;
  const groups = stat === 'pooled' ? 1 : folds(s);
  // scratch: tp, actual, predicted per (group, class)
  scratch.fill(0, 0, 3 * groups * k);
  const A = groups * k;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    if (wi === 0) continue;
    const o = (stat === 'pooled' ? 0 : s.fold[i]) * k;
    const t = s.y[i];
    const p = s.pred[i];
    if (t === p) scratch[o + t] += wi;
    scratch[A + o + t] += wi;
    scratch[2 * A + o + p] += wi;
  }
  let total = 0;
  for (let g = 0; g < groups; g++) {
    let f1 = 0;
    for (let c = 0; c < k; c++) {
      const j = g * k + c;
      const den = scratch[A + j] + scratch[2 * A + j];
      f1 += den > 0 ? (2 * scratch[j]) / den : 0;
    }
    total += f1 / k;
  }
  return total / groups;
}

function options(o: BootstrapOptions): Required<BootstrapOptions> {
  const samples = o.samples ?? DEFAULT_SAMPLES;
  const level = o.level ?? 0.95;
  if (!(Number.isInteger(samples) && samples >= 1)) throw new Error(`bootstrap: samples must be an integer ≥ 1, got ${o.samples}`);
  if (!(level > 0 && level < 1)) throw new Error(`bootstrap: level must be in (0, 1), got ${o.level}`);
  return { samples, level, seed: o.seed ?? DEFAULT_SEED };
}

function check(s: ScoredSubjects, stat: Statistic): void {
  if (s.ids.length === 0) throw new Error('bootstrap: no subjects');
  if (stat === 'nll' && s.nll.some((v) => !Number.isFinite(v))) throw new Error('bootstrap: nll needs every subject\'s window log-loss (not recorded for these predictions)');
  if (stat === 'fold-mean') {
    const seen = new Uint8Array(folds(s));
    s.fold.forEach((k) => (seen[k] = 1));
    const empty = seen.indexOf(0);
    if (empty >= 0) throw new Error(`bootstrap: fold ${empty} has no subjects, so it has no macro-F1 to average`);
  }
}

/** The statistic of each resample, in draw order (for tests and histograms). */
export function bootstrapReplicates(s: ScoredSubjects, stat: Statistic, o: BootstrapOptions = {}): Float64Array {
  const { samples, seed } = options(o);
  check(s, stat);
  const out = new Float64Array(samples);
  const scratch = new Float64Array(3 * Math.max(1, folds(s)) * s.classes);
  let b = 0;
  eachResample(s, samples, seed, (w) => (out[b++] = statistic(s, stat, w, scratch)));
  return out;
}

/** The statistic on the subjects as observed. */
export function pointEstimate(s: ScoredSubjects, stat: Statistic): number {
  check(s, stat);
  return statistic(s, stat, undefined, new Float64Array(3 * Math.max(1, folds(s)) * s.classes));
}

function percentile(reps: Float64Array, estimate: number, o: Required<BootstrapOptions>): Interval {
  const sorted = reps.slice().sort();
  const tail = (1 - o.level) / 2;
  return { estimate, lo: quantileSorted(sorted, tail), hi: quantileSorted(sorted, 1 - tail), level: o.level, samples: o.samples };
}

/** Percentile bootstrap interval of a statistic over the subjects. */
export function bootstrapInterval(s: ScoredSubjects, stat: Statistic, o: BootstrapOptions = {}): Interval {
  const opts = options(o);
  return percentile(bootstrapReplicates(s, stat, opts), pointEstimate(s, stat), opts);
}

function sameSubjects(a: ScoredSubjects, b: ScoredSubjects, stat: Statistic): void {
  if (a.classes !== b.classes) throw new Error(`paired bootstrap: ${a.classes} classes against ${b.classes}`);
  if (a.ids.length !== b.ids.length) throw new Error(`paired bootstrap: ${a.ids.length} subjects against ${b.ids.length}; both models must be scored on the same subjects`);
  for (let i = 0; i < a.ids.length; i++) {
    if (a.ids[i] !== b.ids[i]) throw new Error(`paired bootstrap: subject ${a.ids[i]} against ${b.ids[i]} at row ${i}; both models must be scored on the same subjects`);
    if (a.y[i] !== b.y[i]) throw new Error(`paired bootstrap: subject ${a.ids[i]} has true class ${a.y[i]} in one set and ${b.y[i]} in the other`);
    if (stat === 'fold-mean' && a.fold[i] !== b.fold[i]) throw new Error(`paired bootstrap: subject ${a.ids[i]} is in fold ${a.fold[i]} for one model and ${b.fold[i]} for the other (different splits)`);
  }
}

/**
 * Interval of statistic(a) − statistic(b) over the same resampled subjects (a's fold × class strata). Identical
 * predictions give exactly 0 in every resample (returned without drawing them).
 */
/** Whether a difference's interval lies wholly on one side of 0: the rule behind every "beyond noise". */
export function excludesZero(iv: Pick<Interval, 'estimate' | 'lo' | 'hi'>): boolean {
  return iv.lo > 0 || iv.hi < 0;
}

export function pairedDifference(a: ScoredSubjects, b: ScoredSubjects, stat: Statistic, o: BootstrapOptions = {}): Difference {
  const opts = options(o);
  check(a, stat);
  check(b, stat);
  sameSubjects(a, b, stat);
  // the same scores on the same subjects: every resample differs by exactly 0, so skip drawing them
  const scores = stat === 'nll' ? [a.nll, b.nll] : [a.pred, b.pred];
  if (scores[0].every((v, i) => v === scores[1][i])) {
    return { estimate: 0, lo: 0, hi: 0, level: opts.level, samples: opts.samples, excludesZero: false };
  }
  const reps = new Float64Array(opts.samples);
  const sa = new Float64Array(3 * Math.max(1, folds(a), folds(b)) * a.classes);
  const sb = sa.slice();
  let k = 0;
  eachResample(a, opts.samples, opts.seed, (w) => (reps[k++] = statistic(a, stat, w, sa) - statistic(b, stat, w, sb)));
  const iv = percentile(reps, pointEstimate(a, stat) - pointEstimate(b, stat), opts);
  return { ...iv, excludesZero: excludesZero(iv) };
}

/** Macro-F1 of one set of subject predictions with its interval (e.g. a test set with hidden labels). */
export function macroF1Interval(y: ArrayLike<number>, pred: ArrayLike<number>, classes: number, o: BootstrapOptions = {}): Interval {
  const ids = Array.from({ length: y.length }, (_, i) => i);
  return bootstrapInterval(scoredSet(ids, y, pred, classes), 'pooled', o);
}

/** Paired interval of macroF1(predA) − macroF1(predB) on the same subjects. */
export function pairedMacroF1Difference(y: ArrayLike<number>, predA: ArrayLike<number>, predB: ArrayLike<number>, classes: number, o: BootstrapOptions = {}): Difference {
  const ids = Array.from({ length: y.length }, (_, i) => i);
  return pairedDifference(scoredSet(ids, y, predA, classes), scoredSet(ids, y, predB, classes), 'pooled', o);
}

/** '0.9213 [0.8950, 0.9468]' */
export function formatInterval(iv: Pick<Interval, 'estimate' | 'lo' | 'hi'>, digits = 4): string {
  return `${iv.estimate.toFixed(digits)} [${iv.lo.toFixed(digits)}, ${iv.hi.toFixed(digits)}]`;
}

/**
 * '+0.0120 [−0.0050, +0.0290]'. A non-zero end that would round to 0 gets more digits (−0.00004, not −0.0000), so an
 * interval that excludes 0 never reads as if it touched it.
 */
export function formatDifference(d: Pick<Difference, 'estimate' | 'lo' | 'hi'>, digits = 4): string {
  const f = (x: number): string => {
    let k = digits;
    while (x !== 0 && Number(Math.abs(x).toFixed(k)) === 0 && k < 12) k++;
    return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(k)}`;
  };
  return `${f(d.estimate)} [${f(d.lo)}, ${f(d.hi)}]`;
}
