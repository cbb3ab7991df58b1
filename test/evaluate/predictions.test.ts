import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subjectPredictions } from '../../lib/evaluate/predictions';
import { voteBySubject } from '../../lib/evaluate/vote';

test('subjectPredictions: mean window probabilities and mean window log-loss per subject, by hand', () => {
  // subject 5: two windows; subject 2: one window. Logits chosen so the softmax is exact by hand.
  const ln2 = Math.log(2);
  const subjects = Int32Array.from([5, 2, 5]);
  const logits = Float32Array.from([
    0, 0, 0, //          subject 5: (1/3, 1/3, 1/3)
    ln2, 0, 0, //        subject 2: (1/2, 1/4, 1/4)
    0, ln2, ln2, //      subject 5: (1/5, 2/5, 2/5)
  ]);
  const vote = voteBySubject(subjects, logits, 3);
  const p = subjectPredictions(subjects, logits, 3, vote, [0, 2]); // subject 2 is class 0, subject 5 is class 2
  assert.deepEqual(p.ids, [2, 5]);
  assert.deepEqual(p.y, [0, 2]);
  assert.deepEqual(p.pred, [...vote.y]);
  const close = (got: number[], want: number[]): void => got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-6, `${g} vs ${want[i]} at ${i}`));
  close(p.prob, [1 / 2, 1 / 4, 1 / 4, (1 / 3 + 1 / 5) / 2, (1 / 3 + 2 / 5) / 2, (1 / 3 + 2 / 5) / 2]);
  close(p.nll, [-Math.log(1 / 2), (-Math.log(1 / 3) - Math.log(2 / 5)) / 2]);
  // JSON round trip keeps it as it is
  assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
});

test('subjectPredictions: confident windows give a finite loss, bad input is named', () => {
  const subjects = Int32Array.from([1]);
  const logits = Float32Array.from([200, -200, 0]);
  const vote = voteBySubject(subjects, logits, 3);
  const p = subjectPredictions(subjects, logits, 3, vote, [1]); // true class 1: log-loss 400
  assert.equal(p.nll[0], 400);
  assert.throws(() => subjectPredictions(subjects, logits, 3, vote, [3]), /true label 3 of subject 1/);
  assert.throws(() => subjectPredictions(subjects, logits, 3, vote, [0, 1]), /1 subjects but 2 true labels/);
  assert.throws(() => subjectPredictions(Int32Array.from([1, 1]), logits, 3, vote, [1]), /2 windows need 6 logits/);
});
