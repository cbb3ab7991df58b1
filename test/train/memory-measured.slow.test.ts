// The memory estimate against measured peaks: one fold of each recipe trained (one batch, then its validation
// windows predicted) in a child process, whose peak RSS minus that of a child that loads the same modules and data
// without training is the fold's measured peak. The estimate must lie within a factor of 2 of it either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const FACTOR = 2;
const lib = (p: string): string => JSON.stringify(resolve(__dirname, '../../lib', p));

/** [peak RSS in bytes, the estimate] of a child that trains (or only loads, with train=false) one fold of the recipe. */
function measure(model: string, window: [number, number], batch: number, train: boolean): { peak: number; estimate: number } {
  const [cell, H, L, bi] = model.split(' ');
  const script = `
    const { simulateDataset } = require(${lib('data/simulate.ts')});
    const { stratifiedKFold } = require(${lib('split/kfold.ts')});
    const { runFold } = require(${lib('train/fold.ts')});
    const { estimateFoldMemory } = require(${lib('train/memory.ts')});
    const sim = simulateDataset({ seed: 1, trainSubjects: 60, testSubjects: 1, steps: 160 });
    const trial = { seed: 1, cv: { folds: 3, run: 1 }, features: {}, window: { size: ${window[0]}, stride: ${window[1]} },
      model: { cell: '${cell}', hiddenSize: ${H}, layers: ${L}, bidirectional: ${bi === 'bi'}, dropout: 0 },
      train: { epochs: 1, batchSize: ${batch}, lr: 1e-3, optimizer: 'adamw', weightDecay: 0, l1: 0, l2: 0, labelSmoothing: 0,
        classWeights: 'none', patience: 1, maxWindowsPerEpoch: ${batch}, earlyStopping: 'validation' } };
    (${train} ? runFold({ data: sim, fold: stratifiedKFold(sim.labels, 3, 1)[0], recipe: trial }) : Promise.resolve()).then(() =>
      console.log(JSON.stringify({ peak: process.resourceUsage().maxRSS * 1024, estimate: estimateFoldMemory(trial, { subjects: 60, steps: 160 }).bytes })));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, PIRATE_PAIN_GEMM: process.env.PIRATE_PAIN_GEMM ?? 'builtin' } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { peak: number; estimate: number };
}

// activation-heavy (long windows, big batch), window-heavy (stride 1) and a deep bidirectional LSTM
const SIZES: [string, [number, number], number][] = [
  ['lstm 256 2 bi', [160, 1], 256],
  ['gru 128 1 uni', [40, 1], 1024],
  ['rnn 64 2 bi', [80, 2], 4096],
];

test('the estimate brackets the measured peak of one fold within a factor of 2, on three sizes', () => {
  for (const [model, window, batch] of SIZES) {
    const idle = measure(model, window, batch, false);
    const busy = measure(model, window, batch, true);
    const measured = busy.peak - idle.peak;
    const ratio = busy.estimate / measured;
    const what = `${model} window ${window.join('/')} batch ${batch}: estimate ${(busy.estimate / 2 ** 20).toFixed(0)} MiB, measured ${(measured / 2 ** 20).toFixed(0)} MiB`;
    console.log(what);
    assert.ok(measured > 100 * 2 ** 20, `${what}: big enough to measure`);
    assert.ok(ratio >= 1 / FACTOR && ratio <= FACTOR, what);
  }
});
