import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSeries, encodedNames } from '../../lib/features/encode';
import { frameColumn } from '../../lib/features/frame';
import { constantColumns } from '../../lib/features/variance';
import { fixture, fixtureValue, makeSeries } from './fixture';

test('surveys become three one-hot columns each; categoricals and joints pass through', () => {
  const { series } = fixture();
  const f = encodeSeries(series, [12, 10], true);
  assert.deepEqual(f.names.slice(0, 7), ['pain_survey_1=0', 'pain_survey_1=1', 'pain_survey_1=2', 'pain_survey_2=0', 'pain_survey_2=1', 'pain_survey_2=2', 'pain_survey_3=0']);
  assert.equal(f.names.length, 12 + 3 + 31);
  assert.deepEqual(f.names, encodedNames(true));
  assert.deepEqual(Array.from(f.ids), [12, 10]);
  // Subject 12 is s = 2: pain_survey_1 = (2 + t) mod 3 = 2, 0, 1, 2; then subject 10: 0, 1, 2, 0.
  assert.deepEqual(Array.from(frameColumn(f, 'pain_survey_1=2')), [1, 0, 0, 1, 0, 0, 1, 0]);
  assert.deepEqual(Array.from(frameColumn(f, 'pain_survey_1=0')), [0, 1, 0, 0, 1, 0, 0, 1]);
  assert.deepEqual(Array.from(frameColumn(f, 'joint_00')), [1, 1.125, 1.25, 1.375, 0, 0.125, 0.25, 0.375]);
  const raw = encodeSeries(series, [11], false);
  assert.deepEqual(raw.names.slice(0, 5), ['pain_survey_1', 'pain_survey_2', 'pain_survey_3', 'pain_survey_4', 'n_legs']);
  assert.deepEqual(Array.from(frameColumn(raw, 'pain_survey_1')), [1, 2, 0, 1]);
  assert.deepEqual(Array.from(frameColumn(raw, 'n_legs')), [1, 1, 1, 1]);
});

test('out-of-range codes and non-finite joints are named by column, subject and time', () => {
  const bad = (col: string, v: number) =>
    makeSeries([4, 8], 3, (name, s, t) => (name === col && s === 1 && t === 2 ? v : fixtureValue(name, s, t)));
  assert.throws(() => encodeSeries(bad('pain_survey_3', 3), [4, 8], true), /column pain_survey_3: sample_index 8, time 2: value 3 is not one of 0, 1, 2/);
  assert.throws(() => encodeSeries(bad('n_eyes', 2), [4, 8], true), /column n_eyes: sample_index 8, time 2: value 2 is not one of 0, 1/);
  assert.throws(() => encodeSeries(bad('joint_07', NaN), [4, 8], true), /column joint_07: sample_index 8, time 2: value NaN is not a finite number/);
  const { series } = fixture();
  assert.throws(() => encodeSeries(series, [10, 10], true), /sample_index 10 given twice/);
  assert.throws(() => encodeSeries(series, [3], true), /no subject with sample_index 3/);
});

test('zero-variance columns are those constant over the given rows', () => {
  const { series } = fixture();
  const f = encodeSeries(series, [10, 11, 12], true);
  const constant = constantColumns(f);
  const byName = new Map(constant.map((c) => [c.name, c.value]));
  assert.equal(byName.get('joint_30'), 0.5);
  assert.equal(byName.get('pain_survey_2=2'), 1);
  assert.equal(byName.get('joint_03'), 0);
  for (const varying of ['pain_survey_1=0', 'n_legs', 'joint_00', 'joint_01', 'joint_02', 'joint_05', 'joint_06']) assert.ok(!byName.has(varying), varying);
  // Over subjects 10 and 12 only, n_legs (1 only for subject 11) is constant too.
  assert.deepEqual(constantColumns(encodeSeries(series, [10, 12], true), ['n_legs', 'joint_00']), [{ name: 'n_legs', value: 0 }]);
});
