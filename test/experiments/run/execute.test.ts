import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateDataset } from '../../../lib/data/simulate';
import type { Dataset } from '../../../lib/data/series';
import { parseConfig } from '../../../lib/experiments/config/config';
import { runUnfinished } from '../../../lib/experiments/run/execute';
import { planTrials, readFinished, resolveExperiment } from '../../../lib/experiments/run/plan';
import { tinyTrial } from '../../tiny-trial';

const sim = simulateDataset({ seed: 4, trainSubjects: 30, testSubjects: 4, steps: 30 });
const data: Dataset = { dir: '', source: 'synthetic', train: sim.train, labels: sim.labels, test: sim.test };

test('runUnfinished trains only what readFinished left, says so in one line, and returns every outcome in plan order', async () => {
  const out = mkdtempSync(join(tmpdir(), 'execute-'));
  try {
    const config = parseConfig({
      name: 'execute-test', kind: 'final', ensemble: { test: true },
      base: tinyTrial({ cv: { folds: 3, run: 1 }, train: { epochs: 1 } }),
      models: { a: {}, b: { seed: 7 } },
    });
    const step = async (plans?: ReturnType<typeof resolveExperiment>['planned']) => {
      const lines: string[] = [];
      const log = (l: string): void => void lines.push(l);
      const plan = planTrials(resolveExperiment(config, 'full', data), 'full', { data, out, plans, codeVersion: 'c', dataFingerprint: 'd' }, log);
      const finished = await readFinished(plan, data, log);
      // queue '' keeps a $PIRATE_PAIN_QUEUE of the environment out of this test: the local pool, in this thread
      const outcomes = await runUnfinished(plan, finished, { data, workers: 0, queue: '' }, log);
      return { plan, outcomes, lines };
    };
    // only trial a first: one to run, in this thread
    const first = await step(resolveExperiment(config, 'full', data).planned.slice(0, 1));
    assert.equal(first.lines[0], 'execute-test: 1 trial(s), 0 already done, 1 to run on 0 worker(s)');
    assert.equal(first.outcomes.length, 1);
    assert.equal(first.outcomes[0].result.cached, false);
    assert.deepEqual(first.outcomes[0].test?.ids, Array.from(sim.test.ids));

    // both: a is read back (verified), only b trains; outcomes stay in the plan's order
    const both = await step();
    assert.match(both.lines[0], /^execute-test: 2 trial\(s\), 1 already done, 1 to run on 0 worker\(s\) \(finished trials verified in \d+\.\d\d s\)$/);
    assert.deepEqual(both.outcomes.map((x) => [x.result.hash, x.result.cached]), [[both.plan.hashes[0], true], [both.plan.hashes[1], false]]);
    assert.equal(both.outcomes[0].result.hash, first.outcomes[0].result.hash);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
