import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng as DataRandomRng } from '../../lib/core/random';
import { Rng } from '../../lib/nn/rng';

// The generator itself is tested in test/core/random.test.ts; lib/nn must not grow a second copy.
test('lib/nn draws from the shared generator', () => {
  assert.equal(Rng, DataRandomRng);
});
