import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateDataset } from '../../lib/data/simulate';
import type { SubjectSeries } from '../../lib/data/series';
import { fitFeatures } from '../../lib/features/pipeline';
import { foldMember, predictEnsemble, type EnsembleMember } from '../../lib/train/ensemble';
import { foldWindows } from '../../lib/train/fold';
import type { Windows } from '../../lib/windows/windows';

// Hand-made members: member k scales the raw windows by its own factor (as a fold's scaler would) and a linear
// "model" turns each window's first value v into logits [v, 1, -v].
const raw: Windows = {
  x: Float32Array.from([0.5, 2, -1, 3]), // 4 windows of size 1 × 1 feature
  n: 4, size: 1, features: 1,
  subject: Int32Array.from([9, 9, 4, 4]),
};
const member = (scale: number): EnsembleMember => ({
  windows: () => ({ ...raw, x: raw.x.map((v) => v * scale) }),
  predictLogits: (w) => Float32Array.from(Array.from(w.x).flatMap((v) => [v, 1, -v])),
});
const none = {} as SubjectSeries;

test('ensemble: each member its own windows, logits averaged per window, then a subject vote', () => {
  // member scales 1 and 3: mean logits per window = [2v, 1, -2v] for v = 0.5, 2, -1, 3
  const p = predictEnsemble([member(1), member(3)], none, [9, 4]);
  assert.deepEqual([...p.logits], [1, 1, -1, 4, 1, -4, -2, 1, 2, 6, 1, -6]);
  // window argmaxes: [1,1,-1] tie → 0; 0; 2; 0 → subject 9: votes 0,0 → 0; subject 4: votes 2,0 tie → sums [4,2,-4] → 0
  assert.deepEqual([...p.ids], [4, 9]);
  assert.deepEqual([...p.votes], [1, 0, 1, 2, 0, 0]);
  assert.deepEqual([...p.y], [0, 0]);
  assert.equal(p.memberLogits.length, 2);
  // member(0.25) alone: every window has v·0.25 < 1 → class 1 for both subjects
  assert.deepEqual([...predictEnsemble([member(0.25)], none, [9, 4]).y], [1, 1]);
  // with member(3): mean scale 1.625. Subject 9: windows [0.8125, 1, …] → 1 and [3.25, 1, …] → 0, a 1–1 tie that the
  // summed logits (class 0: 4.0625, class 1: 2) give to 0. Subject 4: [-1.625, 1, 1.625] → 2 and [4.875, 1, …] → 0,
  // tie, sums class 0: 3.25, class 2: -3.25 → 0.
  const mixed = predictEnsemble([member(0.25), member(3)], none, [9, 4]);
  assert.deepEqual([...mixed.votes], [1, 0, 1, 1, 1, 0]);
  assert.deepEqual([...mixed.y], [0, 0]);
});

test('ensemble: members that cut different windows are rejected', () => {
  const other: EnsembleMember = { ...member(1), windows: () => ({ ...raw, subject: Int32Array.from([9, 4, 4, 4]) }) };
  assert.throws(() => predictEnsemble([member(1), other], none, [9, 4]), /member 1 windows the subjects differently/);
  assert.throws(() => predictEnsemble([], none), /no members/);
});

test('foldMember: every fold model sees the subjects through its own fitted preprocessing', () => {
  const d = simulateDataset({ seed: 5, trainSubjects: 30, testSubjects: 6, steps: 30 });
  const window = { size: 10, stride: 10 };
  const fa = fitFeatures(d.train, d.labels, d.train.ids.subarray(0, 15));
  const fb = fitFeatures(d.train, d.labels, d.train.ids.subarray(15));
  const seen: Float32Array[] = [];
  // a recording model: logits = first value of each window, so the windows it received are visible
  const recorder = { forward: (x: Float32Array, batch: number) => { seen.push(x.slice()); return new Float32Array(batch * 3); } };
  const members = [fa, fb].map((features) => foldMember({ model: recorder as never, features, window }));
  predictEnsemble(members, d.test);
  assert.deepEqual([...seen[0]], [...foldWindows(fa, d.test, d.test.ids, window).x]);
  assert.deepEqual([...seen[1]], [...foldWindows(fb, d.test, d.test.ids, window).x]);
  assert.notDeepEqual([...seen[0]], [...seen[1]], 'the two folds scale differently');
});
