// From window logits to one label per subject. A subject's series is cut into many windows; each window votes for
// its argmax class and the subject takes the majority.
import { labelsOf } from '../data/series';

/** Row-wise argmax of logits [n][classes]; ties go to the lowest class index. */
export function argmaxRows(logits: Float32Array, classes: number): Uint8Array {
  if (!Number.isInteger(classes) || classes < 1 || logits.length % classes !== 0) {
    throw new Error(`argmax: ${logits.length} logits are not rows of ${classes} classes`);
  }
  const n = logits.length / classes;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[o + c] > logits[o + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** One label per subject, ids ascending (the order of SubjectLabels). */
export interface SubjectVote {
  ids: Int32Array;
  y: Uint8Array;
  /** votes[s * classes + c]: windows of subject s whose argmax is c */
  votes: Int32Array;
}

/**
 * Per-subject majority vote of the window argmaxes. Tie-break: among the classes with the most votes, the one with
 * the highest logit summed over the subject's windows wins (it uses the evidence the vote discards); an exact tie
 * of those sums goes to the lowest class index.
 */
export function voteBySubject(subjects: Int32Array, logits: Float32Array, classes: number): SubjectVote {
  if (logits.length !== subjects.length * classes) {
    throw new Error(`vote: ${subjects.length} windows need ${subjects.length * classes} logits, got ${logits.length}`);
  }
  const pred = argmaxRows(logits, classes);
  const ids = Int32Array.from(new Set(subjects)).sort();
  const row = new Map<number, number>();
  ids.forEach((id, s) => row.set(id, s));
  const votes = new Int32Array(ids.length * classes);
  const sums = new Float64Array(ids.length * classes);
  for (let i = 0; i < subjects.length; i++) {
    const s = row.get(subjects[i]) as number;
    votes[s * classes + pred[i]]++;
    for (let c = 0; c < classes; c++) sums[s * classes + c] += logits[i * classes + c];
  }
  const y = new Uint8Array(ids.length);
  for (let s = 0; s < ids.length; s++) {
    const o = s * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) {
      const more = votes[o + c] > votes[o + best];
      const tie = votes[o + c] === votes[o + best] && sums[o + c] > sums[o + best];
      if (more || tie) best = c;
    }
    y[s] = best;
  }
  return { ids, y, votes };
}

/** Element-wise mean of equally long logit arrays (the K fold models of an ensemble). */
export function meanLogits(list: readonly Float32Array[]): Float32Array {
  if (list.length === 0) throw new Error('meanLogits: no logits to average');
  const n = list[0].length;
  const sum = new Float64Array(n);
  list.forEach((l, k) => {
    if (l.length !== n) throw new Error(`meanLogits: array ${k} has ${l.length} values, array 0 has ${n}`);
    for (let i = 0; i < n; i++) sum[i] += l[i];
  });
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sum[i] / list.length;
  return out;
}

/** Labels of `ids` looked up in a subject vote (for scoring against SubjectLabels in their order). */
export function labelsFor(vote: SubjectVote, ids: ArrayLike<number>): Uint8Array {
  return labelsOf(vote, ids, 'vote');
}
