// Per-subject predictions of one fold's validation subjects, kept in the fold's record so that its scores can be
// resampled later (bootstrap intervals, paired comparisons between trials on the same subjects). Plain number
// arrays: the record is JSON.
import type { SubjectVote } from './vote';

export interface SubjectPredictions {
  /** subject ids, ascending */
  ids: number[];
  /** true class of each subject */
  y: number[];
  /** predicted class (majority vote of the windows) */
  pred: number[];
  /** mean softmax probability over the subject's windows, subject-major: prob[s * classes + c] (6 decimals) */
  prob: number[];
  /**
   * mean over the subject's windows of −log softmax(true class): the window-level validation loss without class
   * weights or label smoothing, per subject (6 decimals). Every subject has the same number of windows, so the mean
   * of these over subjects is the mean over windows.
   */
  nll: number[];
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Per-subject predictions from window logits: `subjects[i]` owns the window whose logits are
 * logits[i*classes .. +classes], `vote` is the subjects' majority vote over those logits, `truth[s]` the true class of
 * vote.ids[s].
 */
export function subjectPredictions(subjects: Int32Array, logits: Float32Array, classes: number, vote: SubjectVote, truth: ArrayLike<number>): SubjectPredictions {
  if (logits.length !== subjects.length * classes) {
    throw new Error(`subjectPredictions: ${subjects.length} windows need ${subjects.length * classes} logits, got ${logits.length}`);
  }
  if (truth.length !== vote.ids.length) throw new Error(`subjectPredictions: ${vote.ids.length} subjects but ${truth.length} true labels`);
  const n = vote.ids.length;
  for (let s = 0; s < n; s++) {
    if (!(Number.isInteger(truth[s]) && truth[s] >= 0 && truth[s] < classes)) throw new Error(`subjectPredictions: true label ${truth[s]} of subject ${vote.ids[s]} is not a class 0..${classes - 1}`);
  }
  const row = new Map<number, number>();
  vote.ids.forEach((id, s) => row.set(id, s));
  const prob = new Float64Array(n * classes);
  const nll = new Float64Array(n);
  const windows = new Int32Array(n);
  const p = new Float64Array(classes);
  for (let i = 0; i < subjects.length; i++) {
    const s = row.get(subjects[i]);
    if (s === undefined) throw new Error(`subjectPredictions: window ${i} belongs to subject ${subjects[i]}, which the vote does not list`);
    const o = i * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[o + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += (p[c] = Math.exp(logits[o + c] - max));
    for (let c = 0; c < classes; c++) prob[s * classes + c] += p[c] / sum;
    // log-sum-exp form: exact for confident windows whose true-class probability underflows
    nll[s] += Math.log(sum) - (logits[o + truth[s]] - max);
    windows[s]++;
  }
  const out: SubjectPredictions = { ids: Array.from(vote.ids), y: Array.from(truth), pred: Array.from(vote.y), prob: [], nll: [] };
  for (let s = 0; s < n; s++) {
    if (windows[s] === 0) throw new Error(`subjectPredictions: subject ${vote.ids[s]} has no windows`);
    for (let c = 0; c < classes; c++) out.prob.push(round6(prob[s * classes + c] / windows[s]));
    out.nll.push(round6(nll[s] / windows[s]));
  }
  return out;
}
