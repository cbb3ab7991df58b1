// Intervals for trials, from the per-subject validation predictions their fold records keep: each trial's fold-mean
// macro-F1 (the run tables' figure), its out-of-fold macro-F1 and mean window log-loss, each with a seeded 95 %
// bootstrap interval over subjects; and paired comparisons of trials scored on the same subjects (same seed and
// folds), with the verdict in words: which differences are beyond resampling noise and which are not.
import { N_CLASSES } from '../../data/schema';
import { quantileSorted } from '../../data/stats';
import {
  bootstrapInterval, bootstrapReplicates, formatDifference, pairedDifference, pointEstimate, scoredSet, scoredSubjects, type BootstrapOptions, type Difference, type Interval,
  type ScoredSubjects,
} from '../../evaluate/bootstrap';
import { isBaselineTrial } from '../config/config';
import type { TrialConfig } from '../config/config';
import type { TrialResult } from '../run/trial-result';

/** What the intervals read of a trial: its folds' records, and its recipe when known. */
export type TrialLike = Pick<TrialResult, 'hash' | 'folds'> & { trial?: TrialConfig };

/** A trial's validation subjects, pooled over its folds (fold = position of the fold record). */
export function trialSubjects(r: Pick<TrialResult, 'hash' | 'folds'>): ScoredSubjects {
  try {
    return scoredSubjects(r.folds.map((f) => f.predictions), N_CLASSES);
  } catch (e) {
    throw new Error(`trial ${r.hash}: ${(e as Error).message}`);
  }
}

/**
 * A trial's validation subjects as the report's procedure scores them: each fold at its epoch with the best
 * validation macro-F1. The same as trialSubjects when nothing else chose the kept epoch (a baseline has no epochs;
 * earlyStopping 'validation' keeps that epoch); undefined for records written before these predictions were kept.
 */
export function optimisticSubjects(r: TrialLike): ScoredSubjects | undefined {
  if (r.folds.length > 0 && r.folds.every((f) => f.optimisticPredictions && Array.isArray(f.optimisticPredictions.ids))) {
    try {
      return scoredSubjects(r.folds.map((f) => f.optimisticPredictions!), N_CLASSES);
    } catch (e) {
      throw new Error(`trial ${r.hash} (optimistic predictions): ${(e as Error).message}`);
    }
  }
  const sameAsKept = r.trial !== undefined && (isBaselineTrial(r.trial) || (r.trial.train.earlyStopping ?? 'validation') === 'validation');
  return sameAsKept ? trialSubjects(r) : undefined;
}

/** True when every fold record of the trial kept its per-subject predictions. */
export function hasPredictions(r: Pick<TrialResult, 'folds'>): boolean {
  return Array.isArray(r.folds) && r.folds.length > 0 && r.folds.every((f) => f.predictions && Array.isArray(f.predictions.ids) && f.predictions.ids.length > 0);
}

export interface TrialIntervals {
  hash: string;
  /** mean over folds of the fold macro-F1 */
  f1: Interval;
  /** macro-F1 of all validation subjects pooled (out of fold) */
  oof: Interval;
  /** mean window log-loss of the validation subjects (undefined when not recorded) */
  nll?: Interval;
  subjects: number;
}

/** The interval of a trial's fold-mean macro-F1 alone (the run tables' figure). */
export function foldMeanInterval(r: Pick<TrialResult, 'hash' | 'folds'>, o: BootstrapOptions = {}): Interval {
  return bootstrapInterval(trialSubjects(r), 'fold-mean', o);
}

export function trialIntervals(r: Pick<TrialResult, 'hash' | 'folds'>, o: BootstrapOptions = {}): TrialIntervals {
  const s = trialSubjects(r);
  return {
    hash: r.hash,
    f1: bootstrapInterval(s, 'fold-mean', o),
    oof: bootstrapInterval(s, 'pooled', o),
    nll: s.nll.every(Number.isFinite) ? bootstrapInterval(s, 'nll', o) : undefined,
    subjects: s.ids.length,
  };
}

export interface TrialComparison {
  hash: string;
  reference: string;
  /** fold-mean macro-F1 of the trial minus the reference's, paired on the same subjects */
  f1: Difference;
  /** mean window log-loss of the trial minus the reference's (negative: the trial's loss is lower) */
  nll?: Difference;
}

/** Each trial against the reference trial (itself included: a difference of exactly 0), paired on the same subjects. */
export function compareTrials(trials: readonly Pick<TrialResult, 'hash' | 'folds'>[], reference: string, o: BootstrapOptions = {}): TrialComparison[] {
  const ref = trials.find((t) => t.hash === reference);
  if (!ref) throw new Error(`compareTrials: the reference ${reference} is not one of the ${trials.length} trials`);
  const rs = trialSubjects(ref);
  return trials.map((t) => {
    const ts = trialSubjects(t);
    const paired = (stat: 'fold-mean' | 'nll'): Difference => {
      try {
        return pairedDifference(ts, rs, stat, o);
      } catch (e) {
        throw new Error(`trial ${t.hash} against ${reference}: ${(e as Error).message}`);
      }
    };
    const both = ts.nll.every(Number.isFinite) && rs.nll.every(Number.isFinite);
    return { hash: t.hash, reference, f1: paired('fold-mean'), nll: both ? paired('nll') : undefined };
  });
}

export interface VerdictOptions {
  /** how a trial is named in the text, e.g. 'size 25 / stride 2' */
  name: (hash: string) => string;
  /** what is being compared, e.g. 'window/stride pairs' */
  what: string;
}

/** The verdict on one measure: which trials differ from the reference beyond noise, and which do not. */
function measureVerdict(cs: readonly TrialComparison[], measure: 'f1' | 'nll', o: VerdictOptions): string {
  const ref = o.name(cs[0].reference);
  const others = cs.filter((c) => c.hash !== c.reference && c[measure] !== undefined);
  const label = measure === 'f1' ? 'validation macro-F1' : 'validation loss (mean window log-loss)';
  if (others.length === 0) return `${label}: nothing to compare with ${ref}.`;
  const beyond = others.filter((c) => c[measure]!.excludesZero);
  const within = others.filter((c) => !c[measure]!.excludesZero);
  const list = (xs: readonly TrialComparison[]): string => xs.map((c) => `${o.name(c.hash)} (${formatDifference(c[measure]!)})`).join('; ');
  const worse = measure === 'f1' ? 'lower' : 'higher';
  const parts = [`${label}, each of the other ${others.length} ${o.what} against ${ref}, paired on the same subjects:`];
  if (beyond.length === 0) {
    parts.push(`no difference is beyond noise — every 95 % interval of the difference contains 0, so by ${label} these ${o.what} cannot be told apart (${list(within)}).`);
  } else {
    const better = beyond.filter((c) => (measure === 'f1' ? c[measure]!.lo > 0 : c[measure]!.hi < 0));
    const lower = beyond.filter((c) => !better.includes(c));
    if (lower.length) parts.push(`${lower.length} ${lower.length === 1 ? 'is' : 'are'} ${worse} beyond noise: ${list(lower)}.`);
    if (better.length) parts.push(`${better.length} ${better.length === 1 ? 'is' : 'are'} better than ${ref} beyond noise: ${list(better)}.`);
    parts.push(within.length
      ? `${within.length} ${within.length === 1 ? 'is' : 'are'} within noise of ${ref} (the interval contains 0): ${list(within)}.`
      : `none is within noise of ${ref}.`);
  }
  return parts.join(' ');
}

/**
 * The comparisons in words, computed: one paragraph for macro-F1, one for the window-level loss when recorded, and
 * what the intervals do and do not cover.
 */
export function noiseVerdict(cs: readonly TrialComparison[], o: VerdictOptions): string[] {
  if (cs.length === 0) return [`no ${o.what} to compare.`];
  const out = [measureVerdict(cs, 'f1', o)];
  if (cs.every((c) => c.nll !== undefined)) out.push(measureVerdict(cs, 'nll', o));
  const k = cs.filter((c) => c.hash !== c.reference).length;
  const samples = cs[0].f1.samples;
  out.push(`Each interval is a 95 % paired bootstrap interval over subjects (${samples} seeded resamples, stratified by fold and class); ` +
    `at that level about 1 comparison in 20 excludes 0 by chance alone (${k} per measure here: ${(0.05 * k).toFixed(1)} expected). ` +
    'The intervals cover which subjects were validated on, not retraining with another seed.');
  return out;
}

/**
 * Interval of the mean of several trials' fold-mean macro-F1 (e.g. all trials with one value of a setting): each
 * trial is rescored on the same resampled subjects (same seed, same subjects and folds), and the resampled means are
 * averaged per resample.
 */
export function meanOfTrialsInterval(trials: readonly Pick<TrialResult, 'hash' | 'folds'>[], o: BootstrapOptions = {}): Interval {
  if (trials.length === 0) throw new Error('meanOfTrialsInterval: no trials');
  const sets = trials.map(trialSubjects);
  const [first] = sets;
  sets.forEach((s, t) => {
    const same = s.ids.length === first.ids.length && s.ids.every((id, i) => id === first.ids[i] && s.fold[i] === first.fold[i] && s.y[i] === first.y[i]);
    if (!same) throw new Error(`meanOfTrialsInterval: trial ${trials[t].hash} was validated on other subjects or folds than ${trials[0].hash}`);
  });
  const reps = sets.map((s) => bootstrapReplicates(s, 'fold-mean', o));
  const mean = Float64Array.from(reps[0], (_, b) => reps.reduce((a, r) => a + r[b], 0) / reps.length).sort();
  const level = o.level ?? 0.95;
  const tail = (1 - level) / 2;
  return {
    estimate: sets.reduce((a, s) => a + pointEstimate(s, 'fold-mean'), 0) / sets.length,
    lo: quantileSorted(mean, tail), hi: quantileSorted(mean, 1 - tail), level, samples: mean.length,
  };
}

/** What ensembleUncertainty reads of an experiment's ensemble summary (EnsembleSummary has it). */
export interface EnsembleLike {
  model: string;
  hash: string;
  test?: { ids: number[]; y: number[]; truth?: number[] };
}

export interface EnsembleUncertainty {
  model: string;
  /** fold-mean validation macro-F1 */
  val: Interval;
  /**
   * the report's optimistic figure (fold-mean, each fold at its best validation epoch) and its excess over the
   * untouched one, paired on the same subjects; undefined for records without the optimistic predictions
   */
  optimistic?: Interval;
  optimisticGap?: Difference;
  /** out-of-fold macro-F1 (every training subject, scored by the fold model that held it out) */
  oof: Interval;
  /** the K-fold ensemble's test macro-F1, when the test subjects' labels are known (synthetic data) */
  test?: Interval;
  /** this model minus the reference model, paired on the same subjects (undefined for the reference itself) */
  vsReference?: { reference: string; oof: Difference; test?: Difference };
}

/**
 * Intervals of each final model's figures and paired differences against the reference model (e.g. the submitted
 * one): out of fold on the same training subjects (same seed and folds), and on the same test subjects.
 */
export function ensembleUncertainty(ensembles: readonly EnsembleLike[], trials: readonly TrialLike[], reference: string, o: BootstrapOptions = {}): EnsembleUncertainty[] {
  const ref = ensembles.find((e) => e.model === reference);
  if (!ref) throw new Error(`ensembleUncertainty: the reference model ${reference} is not one of ${ensembles.map((e) => e.model).join(', ')}`);
  const refOof = trialSubjects(trialOf(trials, ref, 'ensembleUncertainty'));
  const refTest = testSubjects(ref);
  return ensembles.map((e) => {
    const trial = trialOf(trials, e, 'ensembleUncertainty');
    const s = trialSubjects(trial);
    const t = testSubjects(e);
    const opt = optimisticSubjects(trial);
    const out: EnsembleUncertainty = {
      model: e.model,
      val: bootstrapInterval(s, 'fold-mean', o),
      ...(opt ? { optimistic: bootstrapInterval(opt, 'fold-mean', o), optimisticGap: pairedDifference(opt, s, 'fold-mean', o) } : {}),
      oof: bootstrapInterval(s, 'pooled', o),
      test: t ? bootstrapInterval(t, 'pooled', o) : undefined,
    };
    if (e.model !== reference) {
      const paired = (a: ScoredSubjects, b: ScoredSubjects, what: string) => pairedPooled(a, b, o, `${e.model} against ${reference} (${what})`);
      out.vsReference = { reference, oof: paired(s, refOof, 'out of fold'), test: t && refTest ? paired(t, refTest, 'test') : undefined };
    }
    return out;
  });
}

/** The trial of an ensemble, by hash. */
function trialOf(trials: readonly TrialLike[], e: EnsembleLike, who: string): TrialLike {
  const t = trials.find((x) => x.hash === e.hash);
  if (!t) throw new Error(`${who}: no trial ${e.hash} for model ${e.model}`);
  return t;
}

/** An ensemble's test subjects, when their labels are known (synthetic data). */
function testSubjects(e: EnsembleLike): ScoredSubjects | undefined {
  return e.test?.truth ? scoredSet(e.test.ids, e.test.truth, e.test.y, N_CLASSES) : undefined;
}

/** Pooled macro-F1 of a minus b on the same subjects; an error says which comparison failed. */
function pairedPooled(a: ScoredSubjects, b: ScoredSubjects, o: BootstrapOptions, what: string): Difference {
  try {
    return pairedDifference(a, b, 'pooled', o);
  } catch (err) {
    throw new Error(`${what}: ${(err as Error).message}`);
  }
}

export interface PairDifference {
  a: string;
  b: string;
  /** out-of-fold macro-F1 of a minus b, paired on the same training subjects */
  oof: Difference;
  /** test macro-F1 of a minus b on the same test subjects (when their labels are known) */
  test?: Difference;
}

/** Every pair of final models (a before b in the given order), each difference paired on the same subjects. */
export function pairwiseDifferences(ensembles: readonly EnsembleLike[], trials: readonly TrialLike[], o: BootstrapOptions = {}): PairDifference[] {
  // only the paired differences: no per-model intervals, which ensembleUncertainty would recompute for every pair
  const sets = ensembles.map((e) => ({ oof: trialSubjects(trialOf(trials, e, 'pairwiseDifferences')), test: testSubjects(e) }));
  const out: PairDifference[] = [];
  ensembles.forEach((b, j) => {
    for (let i = 0; i < j; i++) {
      const [a, sa, sb] = [ensembles[i], sets[i], sets[j]];
      const what = (x: string): string => `${a.model} against ${b.model} (${x})`;
      out.push({ a: a.model, b: b.model, oof: pairedPooled(sa.oof, sb.oof, o, what('out of fold')), test: sa.test && sb.test ? pairedPooled(sa.test, sb.test, o, what('test')) : undefined });
    }
  });
  return out;
}
