import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asRecurrent, parseConfig, resolveProfile } from '../../../lib/experiments/config/config';
import { expandTrials, gridPoint, gridSize, sampleIndices } from '../../../lib/experiments/search/search';

import { reportBase as base } from '../report-recipe';

test('grid points enumerate the product like nested loops, first key slowest', () => {
  const space = { a: [1, 2], b: ['x', 'y', 'z'] };
  assert.equal(gridSize(space), 6);
  const all = Array.from({ length: 6 }, (_, i) => gridPoint(space, i));
  assert.deepEqual(all, [
    { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' },
  ]);
});

test('random subsets: distinct, in range, seeded, the whole range when asking for more', () => {
  const s = sampleIndices(1000, 50, 7);
  assert.equal(new Set(s).size, 50);
  assert.ok(s.every((i) => Number.isInteger(i) && i >= 0 && i < 1000));
  assert.deepEqual(sampleIndices(1000, 50, 7), s);
  assert.notDeepEqual(sampleIndices(1000, 50, 8), s);
  // a smaller sample with the same seed is a prefix: the quick profile trains a subset of the full search
  assert.deepEqual(sampleIndices(1000, 10, 7), s.slice(0, 10));
  assert.deepEqual(sampleIndices(4, 9, 1), [0, 1, 2, 3]);
  const huge = sampleIndices(2 ** 30, 20, 3); // rejection path
  assert.equal(new Set(huge).size, 20);
});

test('expandTrials: search points applied to the base, each trial complete', () => {
  const c = parseConfig({
    name: 's', kind: 'sweep', base,
    search: { mode: 'grid', space: { 'window.size': [10, 30], 'window.stride': [2, 5] } },
  });
  const plans = expandTrials(resolveProfile(c, 'full'));
  assert.deepEqual(plans.map((p) => [asRecurrent(p.trial).window.size, asRecurrent(p.trial).window.stride]), [[10, 2], [10, 5], [30, 2], [30, 5]]);
  assert.deepEqual(plans[1].point, { 'window.size': 10, 'window.stride': 5 });
  assert.equal(asRecurrent(plans[0].trial).model.cell, 'lstm');
  assert.equal(base.window.size, 25, 'the base is not mutated');
});

test('expandTrials: model variants × points; an incoherent point is an error naming it', () => {
  const c = parseConfig({
    name: 'f', kind: 'final', base,
    models: { lstm: {}, rnn: { model: { cell: 'rnn', hiddenSize: 64, layers: 1 } } },
    search: { mode: 'random', samples: 2, space: { 'train.lr': [1e-3, 1e-4, 5e-4] } },
  });
  const plans = expandTrials(resolveProfile(c, 'full'));
  assert.equal(plans.length, 4);
  assert.deepEqual(plans.map((p) => p.model), ['lstm', 'lstm', 'rnn', 'rnn']);
  assert.deepEqual(plans[2].trial.model, { cell: 'rnn', hiddenSize: 64, layers: 1, bidirectional: false, dropout: 0.3 });
  assert.deepEqual(plans[0].point, plans[2].point);
  const bad = parseConfig({ name: 'b', kind: 'sweep', base, search: { mode: 'grid', space: { 'window.stride': [2, 30] } } });
  assert.throws(() => expandTrials(resolveProfile(bad, 'full')), /^ConfigError: search\.space\."window\.stride"\[1\]: stride 30 is longer than the window size 25: steps would be skipped \(search point 2 of 2: \{"window\.stride":30\}\)$/);
});
