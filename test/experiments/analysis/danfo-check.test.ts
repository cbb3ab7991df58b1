import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAgreement, danfoCrossCheck } from '../../../lib/experiments/analysis/danfo-check';

test('danfoCrossCheck: danfojs agrees with lib/data/profile, and its table is one row per column', () => {
  const c = danfoCrossCheck({ a: [1, 2, 3, 4], b: [2, 2, 5, 7] }, 'joint');
  assert.ok(c.worst < 1e-12);
  assert.deepEqual(c.rows.map((r) => r.joint), ['a', 'b']);
  // b: mean 4, sample variance ((4+4+1+9)/3) = 6, median (2+5)/2
  assert.equal(c.rows[1].mean, 4);
  assert.equal(c.rows[1].variance, 6);
  assert.equal(c.rows[1].median, 3.5);
  assert.equal(c.rows[0].count, 4);
});

test('assertAgreement: stops on a difference beyond the tolerance', () => {
  assert.doesNotThrow(() => assertAgreement({ worst: 1e-12, rows: [] }));
  assert.throws(() => assertAgreement({ worst: 1e-3, rows: [] }), /disagree/);
  assert.throws(() => assertAgreement({ worst: NaN, rows: [] }), /disagree/);
});
