import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classTrajectories, labelCorrelations, profileSeries, profileValues, subjectClasses, valueCounts } from '../../lib/data/profile';
import type { SubjectLabels, SubjectSeries } from '../../lib/data/series';

// Three subjects (ids 10, 20, 30) of two steps; rows are subject-major.
const series: SubjectSeries = {
  ids: Int32Array.from([10, 20, 30]),
  steps: 2,
  columns: {
    joint_00: Float32Array.from([0, 2, 4, 4, NaN, 6]),
    joint_01: Float32Array.from([1, 3, 5, 5, 3, 7]),
    joint_30: Float32Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
    n_legs: Float32Array.from([0, 0, 1, 1, 0, 0]),
    pain_survey_1: Float32Array.from([2, 2, 0, 1, 2, 2]),
  },
};
const labels: SubjectLabels = { ids: Int32Array.from([10, 20, 30]), y: Uint8Array.from([0, 2, 0]) };
const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('profile of a numeric column: counts, moments (sample sd), numpy quartiles, most frequent value', () => {
  const [p] = profileSeries(series, ['joint_00']);
  // finite values 0, 2, 4, 4, 6
  assert.equal(p.kind, 'numeric');
  assert.deepEqual([p.count, p.missing, p.zeros, p.distinct], [6, 1, 1, 4]);
  assert.deepEqual([p.min, p.max, p.q1, p.median, p.q3], [0, 6, 2, 4, 4]);
  close(p.mean, 3.2);
  close(p.std, Math.sqrt(20.8 / 4)); // squared deviations 10.24 + 1.44 + 0.64 + 0.64 + 7.84
  assert.equal(p.iqrOutliers, 0); // fences [-1, 7]
  assert.deepEqual([p.top, p.topShare, p.zeroVariance], ['4', 0.4, false]);
});

test('IQR outliers, zero variance, categorical names, ordinal surveys', () => {
  // numpy: q1 3.25, q3 7.75 → fences [-3.5, 14.5]; only 100 lies outside
  assert.equal(profileValues('joint_05', [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]).iqrOutliers, 0.1);
  const [j30, legs, survey] = profileSeries(series, ['joint_30', 'n_legs', 'pain_survey_1']);
  assert.deepEqual([j30.zeroVariance, j30.distinct, j30.std], [true, 1, 0]);
  assert.deepEqual([legs.kind, legs.top, legs.topShare, legs.distinct], ['categorical', 'two', 4 / 6, 2]);
  assert.equal(survey.kind, 'ordinal');
  assert.deepEqual(valueCounts(series, 'n_legs'), [{ value: 'two', count: 4 }, { value: 'one+peg_leg', count: 2 }]);
  assert.deepEqual(valueCounts(series, 'pain_survey_1'), [{ value: '0', count: 1 }, { value: '1', count: 1 }, { value: '2', count: 4 }]);
  assert.throws(() => profileSeries(series, ['joint_99']), /unknown column "joint_99"/);
});

test('class trajectories: per step mean and population sd across the subjects of each class', () => {
  const [noPain, low, high] = classTrajectories(series, labels, 'joint_01');
  // no_pain = subjects 10 ([1, 3]) and 30 ([3, 7]); high_pain = subject 20 ([5, 5]); no low_pain subject
  assert.equal(noPain.subjects, 2);
  assert.deepEqual(Array.from(noPain.mean), [2, 5]);
  assert.deepEqual(Array.from(noPain.std), [1, 2]);
  assert.equal(low.subjects, 0);
  assert.ok(Number.isNaN(low.mean[0]));
  assert.deepEqual(Array.from(high.mean), [5, 5]);
  assert.deepEqual(Array.from(high.std), [0, 0]);
});

test('label correlation: Pearson r of subject means with the ordinal label; constant columns give 0', () => {
  // subject means of joint_01: 2, 5, 5; labels 0, 2, 0 → r = 2 / sqrt(6 · 8/3) = 0.5
  const r = labelCorrelations(series, labels, ['joint_01', 'joint_30']);
  close(r[0].r, 0.5, 1e-12);
  assert.deepEqual(r[1], { name: 'joint_30', r: 0 });
  assert.deepEqual(Array.from(subjectClasses(series, labels)), [0, 2, 0]);
  assert.throws(() => subjectClasses(series, { ids: Int32Array.from([10, 30]), y: Uint8Array.from([0, 0]) }), /subject 20 has no label/);
});
