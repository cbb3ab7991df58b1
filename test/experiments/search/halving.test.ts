import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asRecurrent, parseConfig } from '../../../lib/experiments/config/config';
import { runExperiment } from '../../../lib/experiments/run/experiment';
import { halvingRungs, successiveHalving, survivors } from '../../../lib/experiments/search/halving';
import type { TrialPlan } from '../../../lib/experiments/search/search';
import type { TrialResult } from '../../../lib/experiments/run/trials';
import { data, trial } from '../trial-fixture';

test('halvingRungs: minEpochs × eta^r capped at and ending with the recipe\'s epochs', () => {
  assert.deepEqual(halvingRungs(8, { minEpochs: 1, eta: 2 }), [1, 2, 4, 8]);
  assert.deepEqual(halvingRungs(10, { minEpochs: 3, eta: 3 }), [3, 9, 10]);
  assert.deepEqual(halvingRungs(100, { minEpochs: 4, eta: 3 }), [4, 12, 36, 100]);
  assert.deepEqual(halvingRungs(2, { minEpochs: 5, eta: 2 }), [2]);
  assert.throws(() => halvingRungs(8, { minEpochs: 1, eta: 1 }), /eta must be an integer ≥ 2/);
  assert.throws(() => halvingRungs(8, { minEpochs: 0, eta: 2 }), /minEpochs/);
});

test('survivors: the best ceil(n/eta) by score, ties by hash, unscored last', () => {
  const s = [{ hash: 'c', score: 0.5 }, { hash: 'a', score: 0.5 }, { hash: 'b', score: 0.9 }, { hash: 'd', score: NaN }, { hash: 'e', score: 0.1 }];
  assert.deepEqual(survivors(s, 2), ['b', 'a', 'c']);
  assert.deepEqual(survivors(s, 3), ['b', 'a']);
  assert.deepEqual(survivors(s, 100), ['b']);
  assert.deepEqual(survivors([...s].reverse(), 2), ['b', 'a', 'c'], 'independent of the order results arrive in');
});

/** A fake trainer: the score of a point at a budget is a fixed function; results come back in any order. */
function fakeRun(order: 'forward' | 'reverse') {
  const calls: { epochs: number; points: unknown[] }[] = [];
  const run = async (plans: TrialPlan[], _r: number, epochs: number): Promise<TrialResult[]> => {
    calls.push({ epochs, points: plans.map((p) => p.point.x) });
    const idx = plans.map((_, i) => i);
    if (order === 'reverse') idx.reverse();
    const out = new Array<TrialResult>(plans.length);
    for (const i of idx) {
      const x = plans[i].point.x as number;
      // early budgets favour small x, the full budget large x; 3 and 4 tie at every budget
      const score = epochs >= 8 ? x / 10 : (x === 3 || x === 4 ? 0.5 : 1 - x / 10);
      out[i] = { hash: `h${x}-${asRecurrent(plans[i].trial).train.epochs}`, valMacroF1: { mean: score, std: 0 }, folds: [{ metrics: { epochs: asRecurrent(plans[i].trial).train.epochs } }] } as unknown as TrialResult;
    }
    return out;
  };
  return { run, calls };
}

test('successiveHalving: rungs at growing budgets keep the top fraction, deterministically, with the compute it saved', async () => {
  const plans: TrialPlan[] = [1, 2, 3, 4, 5, 6].map((x) => ({ point: { x }, trial: { ...trial, cv: { folds: 4, run: 2 }, train: { ...asRecurrent(trial).train, epochs: 8 } } }));
  const a = fakeRun('forward');
  const r = await successiveHalving(plans, { minEpochs: 2, eta: 2 }, a.run);
  assert.deepEqual(a.calls, [{ epochs: 2, points: [1, 2, 3, 4, 5, 6] }, { epochs: 4, points: [1, 2, 3] }, { epochs: 8, points: [1, 2] }]);
  assert.deepEqual(r.plans.map((p) => [p.point.x, asRecurrent(p.trial).train.epochs]), [[1, 8], [2, 8]]);
  assert.deepEqual(r.summary.rungs.map((g) => g.kept), [['h1-2', 'h2-2', 'h3-2'], ['h1-4', 'h2-4'], ['h2-8', 'h1-8']]);
  // 2 folds × (6 × 2 + 3 × 4 + 2 × 8) epochs against 2 × 6 × 8
  assert.equal(r.summary.budgetEpochs, 2 * (12 + 12 + 16));
  assert.equal(r.summary.plainBudgetEpochs, 2 * 48);
  assert.equal(r.summary.epochsRun, 6 * 2 + 3 * 4 + 2 * 8);
  // results arriving in another order, or plans given in another order: the same survivors
  const b = fakeRun('reverse');
  const r2 = await successiveHalving([...plans].reverse(), { minEpochs: 2, eta: 2 }, b.run);
  assert.deepEqual(r2.summary.rungs.map((g) => [...g.kept].sort()), r.summary.rungs.map((g) => [...g.kept].sort()));
});

test('runExperiment with search.halving: rung trials cached like any trial, the last rung is the plain search\'s trials, any worker count', async () => {
  const root = mkdtempSync(join(tmpdir(), 'halving-'));
  try {
    const cfg = {
      name: 'halving-test',
      kind: 'grid' as const,
      base: { ...trial, cv: { folds: 3, run: 1 }, train: { ...trial.train, epochs: 4, patience: 10 } },
      search: { mode: 'grid' as const, space: { 'model.hiddenSize': [3, 5, 7, 9], 'train.lr': [0.02] } },
    };
    const halving = parseConfig({ ...cfg, search: { ...cfg.search, halving: { minEpochs: 1, eta: 2 } } });
    const opts = { data: { ...data, dir: '', source: 'synthetic' as const }, log: () => {}, codeVersion: 'test', dataFingerprint: 'test-data' };
    const one = await runExperiment(halving, 'full', { ...opts, out: join(root, 'a'), workers: 0 });
    const two = await runExperiment(halving, 'full', { ...opts, out: join(root, 'b'), workers: 2 });
    assert.deepEqual(one.halving!.rungs.map((g) => g.epochs), [1, 2, 4]);
    assert.deepEqual(one.halving!.rungs.map((g) => g.trials.length), [4, 2, 1]);
    assert.equal(one.computed, 4 + 2 + 1);
    assert.equal(one.halving!.budgetEpochs, 4 + 4 + 4);
    assert.equal(one.halving!.plainBudgetEpochs, 16);
    assert.deepEqual(two.halving!.rungs.map((g) => g.kept), one.halving!.rungs.map((g) => g.kept));
    assert.equal(one.trials.length, 1);
    assert.equal(asRecurrent(one.trials[0].trial).train.epochs, 4);
    const summary = JSON.parse(readFileSync(join(one.dir, 'summary.json'), 'utf8'));
    assert.deepEqual(summary.halving.rungs[2].kept, [one.trials[0].hash]);
    // the survivor's trial is the plain search's trial of that point: the plain search finds it cached
    const plain = await runExperiment(parseConfig(cfg), 'full', { ...opts, out: join(root, 'a'), workers: 0 });
    assert.equal(plain.computed, 3);
    assert.ok(plain.trials.some((t) => t.hash === one.trials[0].hash));
    // rerun: everything read back
    assert.equal((await runExperiment(halving, 'full', { ...opts, out: join(root, 'a'), workers: 0 })).computed, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
