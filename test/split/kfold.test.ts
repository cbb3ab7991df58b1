import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdoutSplit, innerSplit, stratifiedKFold, type Fold } from '../../lib/split/kfold';
import type { SubjectLabels } from '../../lib/data/series';

/** 30 subjects with gaps in their ids: 20 no_pain, 7 low_pain, 3 high_pain, classes interleaved. */
function smallLabels(): SubjectLabels {
  const y: number[] = [];
  for (let i = 0; i < 30; i++) y.push(i % 10 === 3 ? 2 : i % 4 === 1 ? 1 : 0);
  return { ids: Int32Array.from(y, (_, i) => 3 * i + 1), y: Uint8Array.from(y) };
}

function classOf(labels: SubjectLabels): Map<number, number> {
  return new Map(Array.from(labels.ids, (id, i) => [id, labels.y[i]] as [number, number]));
}

function counts(ids: Int32Array, cls: Map<number, number>): number[] {
  const c = [0, 0, 0];
  ids.forEach((id) => c[cls.get(id)!]++);
  return c;
}

function checkFolds(labels: SubjectLabels, folds: Fold[], k: number): void {
  const cls = classOf(labels);
  const all = Array.from(labels.ids).sort((a, b) => a - b);
  const total = counts(labels.ids, cls);
  assert.equal(folds.length, k);
  const seenInVal: number[] = [];
  folds.forEach((f, i) => {
    assert.equal(f.index, i);
    const train = new Set(f.train);
    for (const id of f.val) assert.ok(!train.has(id), `fold ${i}: subject ${id} in train and val`);
    assert.deepEqual([...f.train, ...f.val].sort((a, b) => a - b), all, `fold ${i} covers every subject once`);
    assert.deepEqual(Array.from(f.val), Array.from(f.val).sort((a, b) => a - b), 'val ascending');
    assert.deepEqual(Array.from(f.train), Array.from(f.train).sort((a, b) => a - b), 'train ascending');
    const c = counts(f.val, cls);
    c.forEach((n, k2) => assert.ok(Math.abs(n - total[k2] / k) < 1, `fold ${i} class ${k2}: ${n} vs ideal ${total[k2] / k}`));
    assert.ok(Math.abs(f.val.length - all.length / k) < 1, `fold ${i} size ${f.val.length}`);
    seenInVal.push(...f.val);
  });
  assert.deepEqual(seenInVal.sort((a, b) => a - b), all, 'every subject is in exactly one validation fold');
}

test('5 folds of 30 subjects: disjoint, covering, stratified', () => {
  const labels = smallLabels();
  assert.deepEqual(counts(labels.ids, classOf(labels)), [20, 7, 3]); // the fixture itself
  const folds = stratifiedKFold(labels, 5, 42);
  checkFolds(labels, folds, 5);
  // 20 no_pain / 5 = 4 in every fold exactly; 30 / 5 = 6 subjects per fold.
  for (const f of folds) {
    assert.equal(f.val.length, 6);
    assert.equal(counts(f.val, classOf(labels))[0], 4);
  }
});

test('the real class counts (511/94/56) with SEED=42 and 5 folds stay within one subject of the ideal', () => {
  const y = [...Array(511).fill(0), ...Array(94).fill(1), ...Array(56).fill(2)];
  const labels: SubjectLabels = { ids: Int32Array.from(y, (_, i) => i), y: Uint8Array.from(y) };
  checkFolds(labels, stratifiedKFold(labels, 5, 42), 5);
  checkFolds(labels, stratifiedKFold(labels, 3, 7), 3);
});

test('same seed gives the same folds, whatever the order of the labels; another seed shuffles differently', () => {
  const labels = smallLabels();
  const a = stratifiedKFold(labels, 5, 42);
  const order = Array.from(labels.ids.keys()).reverse();
  const reversed: SubjectLabels = { ids: Int32Array.from(order, (i) => labels.ids[i]), y: Uint8Array.from(order, (i) => labels.y[i]) };
  assert.deepEqual(stratifiedKFold(reversed, 5, 42), a);
  assert.deepEqual(stratifiedKFold(labels, 5, 42), a);
  const b = stratifiedKFold(labels, 5, 43);
  assert.notDeepEqual(b.map((f) => Array.from(f.val)), a.map((f) => Array.from(f.val)));
});

test('k-fold rejects bad k, seed and labels with clear errors', () => {
  const labels = smallLabels();
  assert.throws(() => stratifiedKFold(labels, 1, 42), /k: expected an integer ≥ 2/);
  assert.throws(() => stratifiedKFold(labels, 31, 42), /31 folds but only 30 subjects/);
  assert.throws(() => stratifiedKFold(labels, 2.5, 42), /k: expected an integer/);
  assert.throws(() => stratifiedKFold(labels, 5, 0.5), /seed: expected an integer/);
  const dup: SubjectLabels = { ids: Int32Array.of(1, 2, 1), y: Uint8Array.of(0, 1, 0) };
  assert.throws(() => stratifiedKFold(dup, 2, 42), /sample_index 1 appears twice/);
  const badClass: SubjectLabels = { ids: Int32Array.of(1, 2, 3), y: Uint8Array.of(0, 3, 0) };
  assert.throws(() => stratifiedKFold(badClass, 2, 42), /sample_index 2 has class 3/);
  const short: SubjectLabels = { ids: Int32Array.of(1, 2, 3), y: Uint8Array.of(0, 1) };
  assert.throws(() => stratifiedKFold(short, 2, 42), /3 ids but 2 labels/);
});

test('holdout takes round(class count × fraction) of each class', () => {
  const labels = smallLabels();
  const cls = classOf(labels);
  const f = holdoutSplit(labels, 0.2, 42);
  // 20 × 0.2 = 4, 7 × 0.2 = 1.4 → 1, 3 × 0.2 = 0.6 → 1
  assert.deepEqual(counts(f.val, cls), [4, 1, 1]);
  assert.deepEqual(counts(f.train, cls), [16, 6, 2]);
  const val = new Set(f.val);
  for (const id of f.train) assert.ok(!val.has(id));
  assert.deepEqual(holdoutSplit(labels, 0.2, 42), f);
  assert.throws(() => holdoutSplit(labels, 0, 42), /valFraction: expected a number in \(0, 1\)/);
  assert.throws(() => holdoutSplit(labels, 1, 42), /valFraction/);
  const tiny: SubjectLabels = { ids: Int32Array.of(1, 2), y: Uint8Array.of(0, 0) };
  assert.throws(() => holdoutSplit(tiny, 0.1, 42), /empty train or validation side/);
});

test('inner split: stratified within the fold\'s training subjects, disjoint from its validation subjects, deterministic', () => {
  // 661 subjects with the real class counts, 5 folds
  const y: number[] = [];
  for (const [c, n] of [[0, 511], [1, 94], [2, 56]]) for (let i = 0; i < n; i++) y.push(c);
  const labels: SubjectLabels = { ids: Int32Array.from(y, (_, i) => 1000 + 2 * i), y: Uint8Array.from(y) };
  const cls = classOf(labels);
  for (const fold of stratifiedKFold(labels, 5, 42)) {
    const inner = innerSplit(labels, fold, 7);
    assert.equal(inner.index, fold.index);
    const outerVal = new Set(fold.val);
    const innerVal = new Set(inner.val);
    for (const id of [...inner.train, ...inner.val]) assert.ok(!outerVal.has(id), `fold ${fold.index}: subject ${id} of the inner split is a validation subject`);
    for (const id of inner.train) assert.ok(!innerVal.has(id), `subject ${id} on both sides of the inner split`);
    assert.deepEqual([...inner.train, ...inner.val].sort((a, b) => a - b), Array.from(fold.train), 'the inner split partitions the fold\'s training subjects');
    // default fraction: the fold's own validation share, 1/5 here; each class holds out round(count × fraction)
    const f = fold.val.length / 661;
    assert.deepEqual(counts(inner.val, cls), counts(fold.train, cls).map((n) => Math.round(n * f)));
    assert.deepEqual(innerSplit(labels, fold, 7), inner, 'same seed, same split');
    assert.notDeepEqual(innerSplit(labels, fold, 8).val, inner.val, 'another seed, another split');
  }
  const fold = stratifiedKFold(labels, 5, 42)[0];
  const tenth = innerSplit(labels, fold, 7, 0.1);
  assert.deepEqual(counts(tenth.val, cls), counts(fold.train, cls).map((n) => Math.round(n * 0.1)));
  assert.throws(() => innerSplit(labels, fold, 7, 1), /valFraction/);
  // two folds: the default still leaves both sides of the inner split non-empty (half of the fold's training subjects)
  const two = stratifiedKFold(labels, 2, 42)[1];
  const half = innerSplit(labels, two, 7);
  assert.ok(Math.abs(half.val.length - two.train.length / 2) <= 2, `${half.val.length} of ${two.train.length}`);
  const unlabelled: Fold = { index: 0, train: Int32Array.of(1000, 5), val: Int32Array.of(1002) };
  assert.throws(() => innerSplit(labels, unlabelled, 7), /inner split of fold 0: subject 5 has no label/);
});
