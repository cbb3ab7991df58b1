import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classWeights } from '../../lib/nn/loss';
import type { Param } from '../../lib/nn/types';
import { classCounts, trainModel } from '../../lib/train/loop';
import { predictLogits } from '../../lib/train/predict';
import type { EpochMetrics, TrainableModel, TrainConfig } from '../../lib/train/types';
import type { Windows } from '../../lib/windows/windows';
import { plantedWindows } from './synthetic';

const config = (o: Partial<TrainConfig> = {}): TrainConfig => ({
  epochs: 6, batchSize: 32, lr: 1e-2, optimizer: 'adamw', weightDecay: 0, l1: 0, l2: 0, labelSmoothing: 0,
  classWeights: 'inverse-log', patience: 10, seed: 3, ...o,
});
const spec = (o: object = {}) => ({ cell: 'gru' as const, inputSize: 3, hiddenSize: 8, layers: 1, bidirectional: false, dropout: 0, classes: 3, ...o });
const withoutTiming = (h: EpochMetrics[]) => h.map(({ seconds: _s, windowsPerSecond: _w, ...rest }) => rest);

test('learns a planted signal: loss falls, validation subjects are classified', async () => {
  const tr = plantedWindows(30, 8, { seed: 1, signal: 0.4 });
  const va = plantedWindows(15, 8, { seed: 2, signal: 0.4 });
  const r = await trainModel({ spec: spec(), train: { windows: tr.windows, y: tr.y }, val: { windows: va.windows, labels: va.labels }, config: config({ epochs: 8 }) });
  assert.equal(r.history.length, 8);
  assert.ok(r.history[7].trainLoss < r.history[0].trainLoss * 0.6, `loss ${r.history[0].trainLoss} → ${r.history[7].trainLoss}`);
  assert.ok(r.history[r.bestEpoch].valMacroF1! >= 0.9, `val macro-F1 ${r.history[r.bestEpoch].valMacroF1}`);
  assert.ok(r.windowsPerSecond > 0 && r.wallSeconds > 0);
  // the returned model holds the best epoch's weights: scoring it again gives that epoch's validation loss
  const again = await trainModel({ model: r.model, train: { windows: tr.windows, y: tr.y }, val: { windows: va.windows, labels: va.labels }, config: config({ epochs: 1, lr: 1e-12 }) });
  assert.ok(Math.abs(again.history[0].valLoss! - r.history[r.bestEpoch].valLoss!) < 1e-4);
});

test('same seed → identical history; another seed → a different one', async () => {
  const tr = plantedWindows(12, 6, { seed: 5, signal: 0.3 });
  const va = plantedWindows(6, 6, { seed: 6, signal: 0.3 });
  const run = (seed: number) => trainModel({
    spec: spec({ dropout: 0.2, layers: 2 }), train: { windows: tr.windows, y: tr.y }, val: { windows: va.windows, labels: va.labels },
    config: config({ epochs: 3, seed, batchSize: 16, maxWindowsPerEpoch: 50 }),
  });
  const a = await run(7);
  const b = await run(7);
  const c = await run(8);
  assert.deepEqual(withoutTiming(a.history), withoutTiming(b.history));
  assert.deepEqual(a.model.params.map((p) => [...p.data]), b.model.params.map((p) => [...p.data]));
  assert.notDeepEqual(withoutTiming(a.history).map((h) => h.trainLoss), withoutTiming(c.history).map((h) => h.trainLoss));
});

test('class weights are inverse-log of the training windows\' class counts, or all ones', async () => {
  const tr = plantedWindows(7, 3, { seed: 1 }); // classes 0,1,2,0,1,2,0 → windows 9,6,6
  assert.deepEqual(classCounts(tr.y, 3), [9, 6, 6]);
  const r = await trainModel({ spec: spec(), train: { windows: tr.windows, y: tr.y }, config: config({ epochs: 1 }) });
  assert.deepEqual([...r.weights], [...classWeights([9, 6, 6])]);
  assert.equal(r.bestEpoch, 0);
  const none = await trainModel({ spec: spec(), train: { windows: tr.windows, y: tr.y }, config: config({ epochs: 1, classWeights: 'none' }) });
  assert.deepEqual([...none.weights], [1, 1, 1]);
});

/**
 * A deterministic fake: training forwards only count steps (in a parameter, so best-weight restore is visible);
 * in inference it reads each window's label and subject from x[0], x[1] and answers correctly for the subjects
 * below the current epoch's scripted threshold, with scripted confidence.
 */
class ScriptedModel implements TrainableModel {
  readonly steps: Param = { name: 'steps', shape: [1], data: new Float32Array(1), grad: new Float32Array(1) };
  readonly params = [this.steps];
  trainingWindows = 0;
  constructor(private script: { correctBelow: number; scale: number }[], private batchesPerEpoch: number, private per: number) {}
  forward(x: Float32Array, batch: number, _steps: number, training: boolean): Float32Array {
    const out = new Float32Array(batch * 3);
    if (training) {
      this.steps.data[0] += 1;
      this.trainingWindows += batch;
      return out;
    }
    const epoch = Math.round(this.steps.data[0] / this.batchesPerEpoch) - 1;
    const { correctBelow, scale } = this.script[epoch];
    for (let i = 0; i < batch; i++) {
      const label = x[i * this.per];
      const subject = x[i * this.per + 1];
      if (subject < correctBelow) out[i * 3 + label] = scale;
      else out[i * 3 + ((label + 1) % 3)] = 1;
    }
    return out;
  }
  backward(): void {}
  zeroGrad(): void {}
  reseedDropout(): void {}
}

function scriptedData(subjects: number): { windows: Windows; y: Uint8Array; labels: { ids: Int32Array; y: Uint8Array } } {
  const size = 2;
  const features = 2;
  const n = subjects * 2;
  const x = new Float32Array(n * size * features);
  const subject = new Int32Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = i >> 1;
    subject[i] = s;
    y[i] = s % 3;
    x[i * size * features] = s % 3;
    x[i * size * features + 1] = s;
  }
  return { windows: { x, n, size, features, subject }, y, labels: { ids: Int32Array.from({ length: subjects }, (_, s) => s), y: Uint8Array.from({ length: subjects }, (_, s) => s % 3) } };
}

test('early stopping: patience counts epochs without a better subject macro-F1; best weights are restored', async () => {
  const d = scriptedData(9);
  const script = [
    { correctBelow: 2, scale: 1 },
    { correctBelow: 5, scale: 1 }, // best
    { correctBelow: 5, scale: 1 }, // equal F1, equal loss: no improvement (1)
    { correctBelow: 3, scale: 1 }, // worse (2) → stop with patience 2
    { correctBelow: 9, scale: 1 }, // never reached
  ];
  const m = new ScriptedModel(script, 2, 4);
  const r = await trainModel({ model: m, train: { windows: d.windows, y: d.y }, val: { windows: d.windows, labels: d.labels }, config: config({ epochs: 5, batchSize: 9, patience: 2, weightDecay: 0 }) });
  assert.equal(r.history.length, 4);
  assert.equal(r.bestEpoch, 1);
  const f1 = r.history.map((h) => h.valMacroF1!);
  assert.ok(f1[0] < f1[1] && f1[1] === f1[2] && f1[3] < f1[1]);
  assert.equal(m.steps.data[0], 4, 'the step counter of epoch 1 is restored');
  const restored = predictLogits(m, d.windows);
  // subject 3 (label 0, first window = window 6) is right under epoch 1's script, wrong under epoch 3's
  assert.deepEqual([...restored.subarray(6 * 3, 7 * 3)], [1, 0, 0], 'inference uses epoch 1\'s script again');
});

test('early stopping: an equal macro-F1 with a lower validation loss counts as better', async () => {
  const d = scriptedData(9);
  const script = [
    { correctBelow: 5, scale: 1 },
    { correctBelow: 5, scale: 4 }, // same votes, more confident where right → lower loss: best
    { correctBelow: 5, scale: 2 },
    { correctBelow: 5, scale: 3 },
  ];
  const m = new ScriptedModel(script, 1, 4);
  const r = await trainModel({ model: m, train: { windows: d.windows, y: d.y }, val: { windows: d.windows, labels: d.labels }, config: config({ epochs: 4, batchSize: 18, patience: 2 }) });
  assert.equal(r.bestEpoch, 1);
  assert.equal(r.history.length, 4);
  assert.ok(r.history[1].valLoss! < r.history[0].valLoss!);
});

test('maxWindowsPerEpoch caps the windows trained per epoch', async () => {
  const d = scriptedData(30);
  const m = new ScriptedModel([], 1, 4);
  const r = await trainModel({ model: m, train: { windows: d.windows, y: d.y }, config: config({ epochs: 3, batchSize: 8, maxWindowsPerEpoch: 20 }) });
  assert.equal(m.trainingWindows, 60);
  assert.equal(r.history.length, 3);
});

test('yields to the event loop while training, reports progress, and stops on abort', async () => {
  const d = scriptedData(100); // 200 windows
  const m = new ScriptedModel([], 1, 4);
  const forward = m.forward.bind(m);
  m.forward = (x, b, s, training) => {
    const until = performance.now() + 5; // a slow model: 25 batches × 5 ms ≈ 125 ms per epoch, over one yield period…
    while (performance.now() < until);
    return forward(x, b, s, training);
  };
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const progress: [number, number][] = [];
  const controller = new AbortController();
  try {
    await assert.rejects(trainModel({
      model: m, train: { windows: d.windows, y: d.y }, config: config({ epochs: 50, batchSize: 8 }), signal: controller.signal,
      onProgress: (p) => progress.push([p.epoch, p.windows]),
      onEpoch: (e) => {
        if (e.epoch === 2) controller.abort(new Error('stop after epoch 3'));
      },
    }), /stop after epoch 3/);
  } finally {
    clearInterval(timer);
  }
  // …so the loop yields mid-epoch, besides at the epoch ends
  assert.ok(progress.some(([, w]) => w < 200), `progress ${JSON.stringify(progress)}`);
  assert.deepEqual(progress.filter(([, w]) => w === 200).map(([e]) => e), [0, 1, 2]);
  assert.ok(ticks >= 3, `timer ticked ${ticks} times during training`);
  assert.equal(m.trainingWindows, 600, 'no batch ran after the abort');
});

test('bad input is rejected clearly', async () => {
  const d = plantedWindows(3, 2);
  await assert.rejects(trainModel({ spec: spec(), train: { windows: d.windows, y: d.y.subarray(1) }, config: config() }), /6 training windows but 5 labels/);
  await assert.rejects(trainModel({ spec: spec(), train: { windows: d.windows, y: d.y }, config: config({ batchSize: 0 }) }), /train\.batchSize: expected an integer ≥ 1 and ≤ 65536, got 0/);
  await assert.rejects(trainModel({ train: { windows: d.windows, y: d.y }, config: config() }), /give a model spec or a model/);
});

test('early stopping on stopOn: the inner subjects alone choose the kept epoch; val is only scored', async () => {
  const d = scriptedData(9);
  // the inner subjects improve until epoch 2; the validation subjects (labels shifted) would be best elsewhere
  const script = [
    { correctBelow: 3, scale: 1 },
    { correctBelow: 6, scale: 1 },
    { correctBelow: 9, scale: 1 }, // best on the inner subjects
    { correctBelow: 1, scale: 1 },
    { correctBelow: 0, scale: 1 },
  ];
  const shifted = { ids: d.labels.ids, y: d.labels.y.map((c) => (c + 1) % 3) };
  const run = async (val?: { windows: Windows; labels: { ids: Int32Array; y: Uint8Array } }) => {
    const m = new ScriptedModel(script, 1, 4);
    const r = await trainModel({ model: m, train: { windows: d.windows, y: d.y }, val, stopOn: { windows: d.windows, labels: d.labels }, config: config({ epochs: 5, batchSize: 18, patience: 2 }) });
    return { r, steps: m.steps.data[0] };
  };
  const a = await run({ windows: d.windows, labels: shifted });
  const b = await run({ windows: d.windows, labels: d.labels });
  const none = await run();
  for (const x of [a, b, none]) {
    assert.equal(x.r.bestEpoch, 2);
    assert.equal(x.r.history.length, 5);
    assert.equal(x.steps, 3, 'epoch 2\'s weights are kept');
    assert.deepEqual(x.r.history.map((h) => h.innerMacroF1), a.r.history.map((h) => h.innerMacroF1));
  }
  assert.equal(a.r.history[2].innerMacroF1, 1);
  // the validation subjects were scored every epoch, and their best epoch is not the kept one
  const valF1 = a.r.history.map((h) => h.valMacroF1!);
  assert.equal(valF1.length, 5);
  assert.ok(Math.max(...valF1) > valF1[2], `val macro-F1 per epoch ${valF1}`);
  assert.equal(none.r.history[0].valMacroF1, undefined);
});
