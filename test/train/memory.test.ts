// The memory estimate's arithmetic against the engine's own parameter count and a hand count, the budget's parsing,
// and refusals: an absurd recipe on the real data's shape, a local experiment over a small budget (nothing trains),
// a queue task over it (refused, which the queue fails once without retries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { parseConfig } from '../../lib/experiments/config/config';
import { runExperiment } from '../../lib/experiments/run/experiment';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VALUE_COLUMNS } from '../../lib/data/schema';
import { RecurrentClassifier } from '../../lib/nn/model';
import { checkFoldMemory, estimateFoldMemory, memoryBudget, MemoryBudgetError, PREDICT_BATCH } from '../../lib/train/memory';
import { runTrial } from '../../lib/experiments/run/trials';
import { foldHandler } from '../../lib/experiments/remote/fold-worker';
import { TaskRefused, type TaskContext } from '../../lib/queue/worker';
import { base, trial } from '../experiments/trial-fixture';
import { generateDataset } from '../../lib/data/generate';
import { dataFingerprint } from '../../lib/store/fingerprint';

const F = VALUE_COLUMNS.length;

test('parameters: 5 copies of exactly the engine\'s parameter count, for every cell, depth and direction', () => {
  for (const cell of ['rnn', 'gru', 'lstm'] as const) {
    for (const [layers, bidirectional] of [[1, false], [2, true], [3, false]] as const) {
      const model = new RecurrentClassifier({ cell, inputSize: F, hiddenSize: 7, layers, bidirectional, dropout: 0, classes: 3 }, { seed: 1 });
      const e = estimateFoldMemory({ cv: { folds: 5 }, window: { size: 10, stride: 5 }, model: { cell, hiddenSize: 7, layers, bidirectional }, train: { batchSize: 4 } }, { subjects: 10, steps: 20 });
      assert.equal(e.parts.parameters, 5 * model.size * 4, `${cell} ${layers} ${bidirectional}`);
    }
  }
});

test('features, windows and activations counted by hand for one small recipe', () => {
  // 30 subjects × 40 steps, 3 folds: 20 train and 10 validation subjects; window 10 every 5 → 7 windows each
  const e = estimateFoldMemory({ cv: { folds: 3 }, window: { size: 10, stride: 5 }, model: { cell: 'lstm', hiddenSize: 4, layers: 1 }, train: { batchSize: 32 } }, { subjects: 30, steps: 40 });
  assert.equal(e.parts.features, 30 * 40 * F * 4);
  assert.equal(e.parts.windows, (20 * 7 + 10 * 7) * 10 * F * 4);
  // workspaces: min(32, 140 train windows) + min(512, 140); per step: x + out 4 + gates 16 + c, tanh c 8 + backward 8 + 16
  assert.equal(e.parts.activations, (32 + 140) * 10 * (F + 4 + 16 + 8 + 8 + 16) * 4);
  assert.equal(e.bytes, e.parts.features + e.parts.windows + e.parts.parameters + e.parts.activations);
  assert.ok(PREDICT_BATCH > 140);
});

test('the absurd recipe of the issue is refused on the real data\'s shape, with its estimate; budgets parse', () => {
  const absurd = { cv: { folds: 5 }, window: { size: 160, stride: 1 }, model: { cell: 'lstm' as const, hiddenSize: 4096, layers: 4, bidirectional: true }, train: { batchSize: 65536 } };
  assert.throws(() => checkFoldMemory(absurd, { subjects: 661, steps: 160 }, 'task', 64 * 2 ** 30),
    (e: Error) => e instanceof MemoryBudgetError && /^task: one fold needs about [\d.]+ GiB \(activations [\d.]+ GiB\), more than the memory budget of 64\.0 GiB/.test(e.message));
  const report = { cv: { folds: 5 }, window: { size: 25, stride: 2 }, model: { cell: 'lstm' as const, hiddenSize: 256, layers: 2, bidirectional: false }, train: { batchSize: 128 } };
  assert.ok(checkFoldMemory(report, { subjects: 661, steps: 160 }, 'report', 8 * 2 ** 30).bytes < 8 * 2 ** 30, 'the report\'s recipe fits 8 GiB');
  assert.equal(memoryBudget({}, 1000), 500);
  assert.equal(memoryBudget({ PIRATE_PAIN_MEMORY_BUDGET: '0.25' }, 1000), 250);
  assert.equal(memoryBudget({ PIRATE_PAIN_MEMORY_BUDGET: '8G' }, 1000), 8 * 2 ** 30);
  assert.equal(memoryBudget({ PIRATE_PAIN_MEMORY_BUDGET: '512M' }, 1000), 512 * 2 ** 20);
  assert.equal(memoryBudget({ PIRATE_PAIN_MEMORY_BUDGET: '3000000' }, 1000), 3e6);
  assert.throws(() => memoryBudget({ PIRATE_PAIN_MEMORY_BUDGET: 'lots' }), /PIRATE_PAIN_MEMORY_BUDGET: expected bytes \(e\.g\. 8G, 512M\) or a fraction/);
});

test('over the budget: runTrial refuses before a fold is trained; a queue worker refuses the task; a local experiment refuses up front', async () => {
  const runsDir = mkdtempSync(join(tmpdir(), 'memory-'));
  const saved = process.env.PIRATE_PAIN_MEMORY_BUDGET;
  process.env.PIRATE_PAIN_MEMORY_BUDGET = '1K';
  try {
    await assert.rejects(runTrial({ ...base, trial, runsDir }), /one fold needs about .* more than the memory budget of 0\.00 GiB/);
    const { trialHash } = await import('../../lib/store/identity');
    assert.ok(!existsSync(join(runsDir, trialHash(trial, base.dataFingerprint, base.codeVersion), 'fold-0')), 'nothing trained');
    // a worker with the task's data refuses it for its memory: TaskRefused, which the queue fails once, unretried
    const dataDir = join(runsDir, 'data');
    generateDataset({ outDir: dataDir, seed: 2, trainSubjects: 12, testSubjects: 2 });
    const handler = foldHandler({ cacheDir: join(runsDir, 'cache'), dataDir, threads: false, codeVersion: 'code' });
    const fp = `files:${dataFingerprint(dataDir, join(runsDir, 'cache', 'data-fingerprints.json'))}`;
    const ctx = { worker: 'w', id: '1', progress: () => {}, blob: async () => undefined, signal: new AbortController().signal } as TaskContext;
    await assert.rejects(handler({ trial, labels: {}, dataFingerprint: fp, codeVersion: 'code', fold: 0 }, ctx),
      (e: Error) => e instanceof TaskRefused && /^fold task 1: one fold needs about .* more than the memory budget/.test(e.message));
    // a local experiment refuses before any fold of any trial starts
    const out = join(runsDir, 'out');
    const config = parseConfig({ name: 'budget', kind: 'final', base: trial, models: { rnn: {} } });
    await assert.rejects(runExperiment(config, 'full', { data: { ...base.data, dir: '', source: 'synthetic' }, out, workers: 0, log: () => {}, codeVersion: 'c', dataFingerprint: 'd' }),
      /^MemoryBudgetError: trial [0-9a-f]{12} \(rnn\): one fold needs about .* more than the memory budget/);
    assert.deepEqual(existsSync(join(out, 'runs')) ? readdirSync(join(out, 'runs')).filter((d) => !d.startsWith('.')) : [], [], 'no trial folder made');
  } finally {
    if (saved === undefined) delete process.env.PIRATE_PAIN_MEMORY_BUDGET;
    else process.env.PIRATE_PAIN_MEMORY_BUDGET = saved;
    rmSync(runsDir, { recursive: true, force: true });
  }
});
