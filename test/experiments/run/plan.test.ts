import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateDataset } from '../../../lib/data/simulate';
import type { Dataset } from '../../../lib/data/series';
import { parseConfig } from '../../../lib/experiments/config/config';
import { planTrials, readFinished, resolveExperiment } from '../../../lib/experiments/run/plan';
import { trialHash } from '../../../lib/store/identity';
import { tinyTrial } from '../../tiny-trial';

const sim = simulateDataset({ seed: 4, trainSubjects: 30, testSubjects: 4, steps: 30 });
const data: Dataset = { dir: '', source: 'synthetic', train: sim.train, labels: sim.labels, test: sim.test };
const config = (window = 10) => parseConfig({
  name: 'plan-test',
  kind: 'final',
  base: tinyTrial({ cv: { folds: 3, run: 2 }, window: { size: window, stride: 5 } }),
  models: { rnn: {}, gru: { model: { cell: 'gru' } } },
  ensemble: { test: true, maxTestSubjects: 3 },
});
const opts = { data, codeVersion: 'code-x', dataFingerprint: 'data-y' };

test('resolveExperiment checks every trial against the data before anything is made', () => {
  const x = resolveExperiment(config(), 'full', data);
  assert.deepEqual(x.planned.map((p) => p.model), ['rnn', 'gru']);
  assert.match(x.banner, /plan-test/);
  assert.throws(() => resolveExperiment(config(40), 'full', data), /40 steps is longer than the data's series of 30 steps/);
});

test('planTrials: one task per trial with its labels, hash and test request; the experiment folder made', async () => {
  const out = mkdtempSync(join(tmpdir(), 'plan-'));
  try {
    const lines: string[] = [];
    const plan = planTrials(resolveExperiment(config(), 'quick', data), 'quick', { ...opts, out }, (l) => lines.push(l));
    assert.equal(plan.dir, join(out, 'experiments', 'plan-test', 'quick'));
    assert.ok(existsSync(plan.dir));
    assert.equal(plan.runsDir, join(out, 'runs'));
    assert.deepEqual(plan.tasks.map((t) => t.labels), [
      { experiment: 'plan-test', model: 'rnn', point: {}, profile: 'quick' },
      { experiment: 'plan-test', model: 'gru', point: {}, profile: 'quick' },
    ]);
    assert.deepEqual(plan.hashes, plan.plans.map((p) => trialHash(p.trial, 'data-y', 'code-x')));
    assert.equal(new Set(plan.hashes).size, 2);
    assert.ok(plan.wantTest);
    assert.deepEqual(plan.tasks.map((t) => t.test), [{ maxSubjects: 3 }, { maxSubjects: 3 }]);
    assert.equal(lines.length, 0);
    // nothing finished yet: every trial is to run, nothing read back
    const finished = await readFinished(plan, data, () => {});
    assert.deepEqual(finished.todo, [0, 1]);
    assert.deepEqual(Array.from(finished.outcomes), [undefined, undefined]);

    // without test subjects: no test request, and the log says why
    const noTest = planTrials(resolveExperiment(config(), 'full', data), 'full', { ...opts, out, data: { ...data, test: undefined } }, (l) => lines.push(l));
    assert.deepEqual(noTest.tasks.map((t) => t.test), [undefined, undefined]);
    assert.deepEqual(lines, ['ensemble: the dataset was loaded without test subjects; no test predictions']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("planTrials: a caller's plans replace the config's and are checked whole against the data", () => {
  const out = mkdtempSync(join(tmpdir(), 'plan-'));
  try {
    const x = resolveExperiment(config(), 'full', data);
    const short = x.planned.slice(0, 1).map((p) => ({ ...p, trial: tinyTrial({ cv: { folds: 3, run: 2 }, train: { epochs: 1 } }) }));
    const plan = planTrials(x, 'full', { ...opts, out, plans: short }, () => {});
    assert.equal(plan.tasks.length, 1);
    assert.equal(plan.hashes[0], trialHash(short[0].trial, 'data-y', 'code-x'));
    const tooLong = [{ ...short[0], trial: tinyTrial({ window: { size: 40, stride: 5 } }) }];
    assert.throws(() => planTrials(x, 'full', { ...opts, out, plans: tooLong }, () => {}), /40 steps is longer than the data's series of 30 steps/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
