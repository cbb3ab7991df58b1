import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmaxRows, labelsFor, meanLogits, voteBySubject } from '../../lib/evaluate/vote';

test('argmaxRows picks the largest logit, the lowest index on ties', () => {
  const l = Float32Array.from([0, 2, 1, /**/ 5, 5, 1, /**/ -1, -3, -0.5]);
  assert.deepEqual([...argmaxRows(l, 3)], [1, 0, 2]);
  assert.throws(() => argmaxRows(Float32Array.from([1, 2]), 3), /not rows of 3/);
});

test('majority vote per subject, ids ascending', () => {
  // subject 7: windows vote 2,2,0 → 2; subject 3: votes 1,1 → 1
  const subjects = Int32Array.from([7, 7, 7, 3, 3]);
  const logits = Float32Array.from([
    0, 0, 1, /**/ 0, 0.5, 3, /**/ 9, 0, 0, // subject 7
    0, 1, 0, /**/ 0, 2, 1, // subject 3
  ]);
  const v = voteBySubject(subjects, logits, 3);
  assert.deepEqual([...v.ids], [3, 7]);
  assert.deepEqual([...v.y], [1, 2]);
  assert.deepEqual([...v.votes], [0, 2, 0, 1, 0, 2]);
  assert.deepEqual([...labelsFor(v, [7, 3])], [2, 1]);
  assert.throws(() => labelsFor(v, [4]), /vote: subject 4 has no label/);
});

test('a vote tie goes to the class with the higher summed logit, then to the lower index', () => {
  // one vote for 0 (logits 3,0,0) and one for 1 (0,1,0): sums 3,1,0 → class 0; swap the magnitudes → class 1
  const subjects = Int32Array.from([1, 1]);
  assert.deepEqual([...voteBySubject(subjects, Float32Array.from([3, 0, 0, 0, 1, 0]), 3).y], [0]);
  assert.deepEqual([...voteBySubject(subjects, Float32Array.from([1, 0, 0, 0, 3, 0]), 3).y], [1]);
  // tie in votes (1 for class 2, 1 for class 1), sums equal (2 and 2) → lowest index 1
  assert.deepEqual([...voteBySubject(subjects, Float32Array.from([0, 0, 2, 0, 2, 0]), 3).y], [1]);
  // the summed logit breaks ties only among the most-voted classes: class 0 has the largest sum but one vote of 3
  const three = Int32Array.from([1, 1, 1]);
  const l = Float32Array.from([100, 0, 0, /**/ 0, 1, 0, /**/ 0, 1, 0]);
  assert.deepEqual([...voteBySubject(three, l, 3).y], [1]);
});

test('vote rejects a logits array of the wrong length', () => {
  assert.throws(() => voteBySubject(Int32Array.from([1, 2]), new Float32Array(5), 3), /2 windows need 6 logits, got 5/);
});

test('meanLogits averages element-wise', () => {
  const m = meanLogits([Float32Array.from([1, 2, 3]), Float32Array.from([3, 2, -3]), Float32Array.from([2, 5, 0])]);
  assert.deepEqual([...m], [2, 3, 0]);
  assert.throws(() => meanLogits([]), /no logits/);
  assert.throws(() => meanLogits([new Float32Array(2), new Float32Array(3)]), /array 1 has 3 values, array 0 has 2/);
});
