// The K fold models as one classifier: every member windows the subjects through ITS OWN fold's preprocessing
// (each fold fitted its scaler and PCA on different subjects), the members' window logits are averaged, and each
// subject takes the majority vote of the averaged windows' argmaxes.
import type { SubjectSeries } from '../data/series';
import { meanLogits, voteBySubject } from '../evaluate/vote';
import type { Windows } from '../windows/windows';
import { foldWindows } from './fold';
import type { LoadedFoldModel, SubjectPrediction } from './persist';
import { predictLogits } from './predict';

export interface EnsembleMember {
  /** the subjects' windows as this member sees them */
  windows(series: SubjectSeries, ids: ArrayLike<number>): Windows;
  predictLogits(windows: Windows): Float32Array;
}

/** A saved (or just trained) fold model as an ensemble member. */
export function foldMember(m: Pick<LoadedFoldModel, 'model' | 'features' | 'window'>, batchSize = 512): EnsembleMember {
  return {
    windows: (series, ids) => foldWindows(m.features, series, ids, m.window),
    predictLogits: (w) => predictLogits(m.model, w, batchSize),
  };
}

export interface EnsemblePrediction extends SubjectPrediction {
  /** each member's window logits, in member order */
  memberLogits: Float32Array[];
}

export function predictEnsemble(members: readonly EnsembleMember[], series: SubjectSeries, ids: ArrayLike<number> = series.ids): EnsemblePrediction {
  if (members.length === 0) throw new Error('ensemble: no members');
  let subject: Int32Array | undefined;
  const memberLogits = members.map((m, k) => {
    const w = m.windows(series, ids);
    // averaging is per window, so every member must cut the same windows of the same subjects
    if (!subject) subject = w.subject;
    else if (w.subject.length !== subject.length || w.subject.some((s, i) => s !== subject![i])) {
      throw new Error(`ensemble: member ${k} windows the subjects differently from member 0 (window size/stride must match)`);
    }
    const logits = m.predictLogits(w);
    // a NaN would vote for class 0 everywhere without a word: never let it reach a submission
    const bad = logits.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`ensemble: member ${k} produced a non-finite logit (${logits[bad]}) for window ${Math.floor(bad / (logits.length / w.subject.length))}`);
    return logits;
  });
  const logits = meanLogits(memberLogits);
  const classes = logits.length / subject!.length;
  return { ...voteBySubject(subject!, logits, classes), logits, subject: subject!, memberLogits };
}
