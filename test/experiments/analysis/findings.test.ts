import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listWords, profileFindings } from '../../../lib/experiments/analysis/findings';

test('listWords: commas and a final "and"', () => {
  assert.equal(listWords([]), '');
  assert.equal(listWords(['a']), 'a');
  assert.equal(listWords(['a', 'b', 'c']), 'a, b and c');
});

test('profileFindings: class shares, the imbalance ratio and the constant columns, computed', () => {
  const text = profileFindings({
    source: 'synthetic', subjects: 200, steps: 160, missing: 0, zeroVariance: ['joint_30'], heavyTailed: 3,
    classCounts: [150, 30, 20], strongest: ['joint_05', 'joint_04'],
  });
  // 150/200 = 75.0 %, 30/200 = 15.0 %, 20/200 = 10.0 %; 150 : 20 = 7.5 : 1
  assert.match(text, /no_pain 75\.0 %, low_pain 15\.0 %, high_pain 10\.0 %; majority : minority = 7\.5 : 1/);
  assert.match(text, /`joint_30` is constant and carries no information/);
  assert.match(text, /200 training subjects × 160 steps with 0 missing values/);
  assert.match(text, /3 joints are heavy-tailed/);
  assert.match(text, /`joint_05` and `joint_04`\.$/);
  const none = profileFindings({ source: 'kaggle', subjects: 1, steps: 1, missing: 2, zeroVariance: [], heavyTailed: 0, classCounts: [1, 1, 1], strongest: [] });
  assert.match(none, /no column is constant/);
});
