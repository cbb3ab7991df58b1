import { test } from 'node:test';
import assert from 'node:assert/strict';
import { column, indexOfId, labelsOf, subjectSlice, type SubjectSeries } from '../../lib/data/series';

// 3 subjects (ids 4, 7, 9) × 2 steps, two columns
const s: SubjectSeries = {
  ids: Int32Array.from([4, 7, 9]),
  steps: 2,
  columns: {
    joint_00: Float32Array.from([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]),
    n_legs: Float32Array.from([0, 0, 1, 1, 0, 0]),
  },
};

test('column returns the array and rejects unknown names', () => {
  assert.equal(column(s, 'joint_00'), s.columns.joint_00);
  assert.throws(() => column(s, 'joint_99'), /unknown column "joint_99"/);
  assert.throws(() => column(s, 'toString'), /unknown column "toString"/);
});

test('subjectSlice copies the chosen subjects in ascending id order', () => {
  const sub = subjectSlice(s, [9, 4]);
  assert.deepEqual(Array.from(sub.ids), [4, 9]);
  assert.equal(sub.steps, 2);
  assert.deepEqual(Array.from(sub.columns.joint_00), [0.5, 1.5, 4.5, 5.5]);
  assert.deepEqual(Array.from(sub.columns.n_legs), [0, 0, 0, 0]);
  sub.columns.joint_00[0] = 99;
  assert.equal(s.columns.joint_00[0], 0.5, 'the slice is a copy');
  assert.deepEqual(Array.from(subjectSlice(s, Int32Array.from([7])).columns.n_legs), [1, 1]);
  assert.equal(subjectSlice(s, []).columns.joint_00.length, 0);
});

test('subjectSlice rejects unknown and repeated ids', () => {
  assert.throws(() => subjectSlice(s, [4, 5]), /no subject with sample_index 5/);
  assert.throws(() => subjectSlice(s, [7, 7]), /sample_index 7 given twice/);
});

test('indexOfId and labelsOf look ids up in sorted order', () => {
  assert.equal(indexOfId(s.ids, 4), 0);
  assert.equal(indexOfId(s.ids, 9), 2);
  assert.equal(indexOfId(s.ids, 8), -1);
  const labels = { ids: Int32Array.from([4, 7, 9]), y: Uint8Array.from([2, 0, 1]) };
  assert.deepEqual(Array.from(labelsOf(labels, [9, 4, 7])), [1, 2, 0]);
  assert.throws(() => labelsOf(labels, [3]), /labels: subject 3 has no label/);
});

test('labelsOf is the one subject→label lookup: any label order, repeated ids, a named failure', () => {
  const labels = { ids: Int32Array.from([9, 4, 7]), y: Uint8Array.from([1, 2, 0]) };
  assert.deepEqual(Array.from(labelsOf(labels, [4, 4, 9, 7, 7])), [2, 2, 1, 0, 0]);
  assert.throws(() => labelsOf(labels, [4, 12], 'windows'), /^Error: windows: subject 12 has no label$/);
  assert.throws(() => labelsOf({ ids: Int32Array.of(1, 2), y: Uint8Array.of(0) }, [1]), /2 subject ids but 1 labels/);
});
