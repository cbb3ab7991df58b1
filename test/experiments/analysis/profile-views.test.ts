import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileValues } from '../../../lib/data/profile';
import type { SubjectLabels, SubjectSeries } from '../../../lib/data/series';
import {
  answerCounts, byStrength, classBalance, formatAssociations, profileFlags, profileRows, prosthesisOverlap, signColors, trajectorySeries,
} from '../../../lib/experiments/analysis/profile-views';

// three subjects of two steps; every column zero unless set below
const s: SubjectSeries = { ids: Int32Array.of(10, 11, 12), steps: 2, columns: {} };
const zeros = (): Float32Array => new Float32Array(6);
for (const name of ['pain_survey_1', 'pain_survey_2', 'n_legs', 'n_hands', 'n_eyes', 'joint_00']) s.columns[name] = zeros();
s.columns.pain_survey_1 = Float32Array.of(0, 0, 1, 2, 2, 2); // 0×2, 1×1, 2×3
s.columns.pain_survey_2 = Float32Array.of(0, 0, 0, 0, 1, 1); // no 2
s.columns.n_legs = Float32Array.of(1, 1, 0, 0, 1, 1); // subjects 10 and 12
s.columns.n_hands = Float32Array.of(0, 0, 0, 0, 1, 1); // subject 12
s.columns.n_eyes = Float32Array.of(1, 1, 1, 1, 1, 1); // all
s.columns.joint_00 = Float32Array.of(1, 3, 2, 4, 6, 8);

test('profileRows: shares in percent and the zero-variance flag', () => {
  const p = profileValues('joint_00', Float32Array.of(0, 0, 1, 1));
  const [row] = profileRows([p]);
  assert.equal(row['zeros %'], 50);
  assert.equal(row['zero variance'], '');
  assert.equal(profileRows([profileValues('joint_01', Float32Array.of(3, 3))])[0]['zero variance'], 'yes');
});

test('profileFlags: missing summed, constant columns named, heavy-tailed joints by outlier share', () => {
  // 1 outlier in 10 values (10 %), none, and a constant column with one NaN
  const heavy = profileValues('joint_01', Float32Array.of(1, 1, 1, 1, 1, 2, 2, 2, 2, 100));
  const mild = profileValues('joint_02', Float32Array.of(1, 2, 3, 4));
  const flat = profileValues('joint_30', Float32Array.of(5, 5, NaN));
  const f = profileFlags([mild, flat, heavy]);
  assert.equal(f.missing, 1);
  assert.deepEqual(f.zeroVariance, ['joint_30']);
  assert.deepEqual(f.heavy.map((h) => h.column), ['joint_01']);
  assert.equal(f.heavy[0]['outliers %'], 10);
  assert.equal(f.heavy[0].max, 100);
});

test('answerCounts: rows per answer on the first survey\'s answers, 0 where a survey never gave one', () => {
  const a = answerCounts(s, ['pain_survey_1', 'pain_survey_2']);
  assert.deepEqual(a.levels, ['0', '1', '2']);
  assert.deepEqual(a.series, [{ name: 'pain_survey_1', values: [2, 1, 3] }, { name: 'pain_survey_2', values: [4, 2, 0] }]);
});

test('prosthesisOverlap: subjects with a non-zero first step per body part, and those with all three', () => {
  const o = prosthesisOverlap(s);
  assert.deepEqual(o.sets.map((x) => [...x]), [[10, 12], [12], [10, 11, 12]]);
  assert.equal(o.all, 1);
});

test('classBalance: shares and the majority : minority ratio', () => {
  const b = classBalance({ classes: { no_pain: 6, low_pain: 3, high_pain: 1 } });
  assert.deepEqual(b.counts, [6, 3, 1]);
  assert.deepEqual(b.rows.map((r) => r.share), [0.6, 0.3, 0.1]);
  assert.equal(b.ratio, 6);
});

test('associations: sorted by |r|, coloured by sign, formatted to three decimals', () => {
  const a = byStrength([{ name: 'a', r: 0.1 }, { name: 'b', r: -0.5 }, { name: 'c', r: 0.3 }]);
  assert.deepEqual(a.map((x) => x.name), ['b', 'c', 'a']);
  assert.deepEqual(signColors([0.2, -0.1, 0]), ['#e63946', '#457b9d', '#e63946']);
  assert.equal(formatAssociations(a.slice(0, 2)), 'b (r = -0.500), c (r = 0.300)');
});

test('trajectorySeries: class mean per step with a ± 1 sd band', () => {
  const labels: SubjectLabels = { ids: Int32Array.of(10, 11, 12), y: Uint8Array.of(0, 0, 2) };
  const t = trajectorySeries(s, labels, 'joint_00', ['c0', 'c1', 'c2']);
  const none = t.find((x) => x.name.startsWith('no_pain'))!;
  // subjects 10 (1, 3) and 11 (2, 4): means 1.5 and 3.5
  assert.equal(none.name, 'no_pain (2)');
  assert.equal(none.color, 'c0');
  assert.deepEqual(Array.from(none.y), [1.5, 3.5]);
  // population sd over the class's subjects: values 1 and 2 at step 0, 3 and 4 at step 1 → 0.5 each
  assert.deepEqual(Array.from(none.band.lower), [1, 3]);
  assert.deepEqual(Array.from(none.band.upper), [2, 4]);
});
