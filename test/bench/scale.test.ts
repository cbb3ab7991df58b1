import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lptMakespan, parseScaleArgs } from '../../lib/bench/scale';

test('lptMakespan: longest first to the least loaded worker, by hand', () => {
  // 5 long and 5 short folds (the final experiment's shape)
  const folds = [...new Array(5).fill(100), ...new Array(5).fill(10)];
  assert.equal(lptMakespan(folds, 1), 550);
  // 2 workers: 100,100 | 100,100 | 100 → 300 and 200, then the short ones fill the lighter one: 300 vs 250
  assert.equal(lptMakespan(folds, 2), 300);
  assert.equal(lptMakespan(folds, 5), 110);
  assert.equal(lptMakespan(folds, 10), 100);
  assert.equal(lptMakespan(folds, 50), 100, 'never below the longest task');
  assert.equal(lptMakespan([3, 3, 2, 2, 2], 2), 7);
  assert.equal(lptMakespan([], 3), 0);
});

test('parseScaleArgs: defaults and clear errors', () => {
  assert.deepEqual(parseScaleArgs([]), { workers: [1, 2, 3], profile: 'quick' });
  assert.deepEqual(parseScaleArgs(['--workers', '1,4', '--profile', 'smoke', '--full-epochs', '2']), { workers: [1, 4], profile: 'smoke', fullEpochs: 2 });
  assert.throws(() => parseScaleArgs(['--workers', '0']), /--workers: expected positive integers/);
  assert.throws(() => parseScaleArgs(['--profile', 'huge']), /unknown profile "huge"/);
  assert.throws(() => parseScaleArgs(['--fast', '1']), /unknown flag --fast/);
  assert.throws(() => parseScaleArgs(['--workers']), /--workers: missing value/);
});
