// The Kaggle submission file: `sample_index,label`, ids zero-padded like the competition's files.
import { formatId, LABELS } from '../data/schema';
import { writeFileAtomic } from '../store/durable';

export function submissionCsv(ids: ArrayLike<number>, labels: ArrayLike<number>): string {
  if (ids.length !== labels.length) throw new Error(`submission: ${ids.length} ids but ${labels.length} labels`);
  let s = 'sample_index,label\n';
  for (let i = 0; i < ids.length; i++) {
    const name = LABELS[labels[i]];
    if (name === undefined) throw new Error(`submission: label ${labels[i]} of sample_index ${ids[i]} is not a class 0..${LABELS.length - 1}`);
    s += `${formatId(ids[i])},${name}\n`;
  }
  return s;
}

export function writeSubmission(file: string, ids: ArrayLike<number>, labels: ArrayLike<number>): void {
  writeFileAtomic(file, submissionCsv(ids, labels));
}
