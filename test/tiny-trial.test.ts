import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrial } from '../lib/experiments/config/config';
import { tinyTrial } from './tiny-trial';

test('tinyTrial: a valid recipe; overrides merge deep, replace leaves, and never leak into the next call', () => {
  assert.doesNotThrow(() => checkTrial(tinyTrial(), 'tiny'));
  const t = tinyTrial({ cv: { folds: 3, run: 3 }, model: { cell: 'lstm' }, train: { lr: 0.1 } });
  assert.deepEqual(t.cv, { folds: 3, run: 3 });
  assert.deepEqual(t.model, { cell: 'lstm', hiddenSize: 6, layers: 1, bidirectional: false, dropout: 0 });
  assert.equal(t.train.lr, 0.1);
  assert.equal(t.train.batchSize, 32);
  t.train.epochs = 99;
  t.window.size = 1;
  assert.equal(tinyTrial().train.epochs, 2);
  assert.equal(tinyTrial().window.size, 10);
  assert.throws(() => checkTrial(tinyTrial({ window: { size: 5, stride: 10 } }), 'tiny'), /stride 10 is longer than the window size 5/);
});
