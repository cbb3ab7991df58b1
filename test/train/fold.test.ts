import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateDataset } from '../../lib/data/simulate';
import { classificationReport } from '../../lib/evaluate/metrics';
import { fitFeatures } from '../../lib/features/pipeline';
import { innerSplit, stratifiedKFold } from '../../lib/split/kfold';
import { deriveSeed } from '../../lib/core/random';
import { foldWindows, optimisticMacroF1, runFold, subsetLabels, type FoldRecipe } from '../../lib/train/fold';
import { loadFoldModel, predictSubjects, saveFoldModel } from '../../lib/train/persist';
import { predictLogits } from '../../lib/train/predict';

const data = simulateDataset({ seed: 3, trainSubjects: 36, testSubjects: 8, steps: 40 });
const recipe: FoldRecipe = {
  seed: 11,
  features: {},
  window: { size: 10, stride: 5 },
  model: { cell: 'gru', hiddenSize: 8, layers: 1, bidirectional: false, dropout: 0 },
  train: {
    epochs: 3, batchSize: 32, lr: 5e-3, optimizer: 'adamw', weightDecay: 0.01, l1: 0, l2: 0, labelSmoothing: 0.1,
    classWeights: 'inverse-log', patience: 5,
  },
};
const folds = stratifiedKFold(data.labels, 3, 42);

test('runFold: preprocessing fit on the fold\'s training subjects only, metrics on its validation subjects', async () => {
  const fold = folds[1];
  const r = await runFold({ data, fold, recipe });
  // features are exactly what fitting on the training ids gives (validation subjects never seen)
  assert.deepEqual(r.features, fitFeatures(data.train, data.labels, fold.train, recipe.features));
  assert.notDeepEqual(r.features, fitFeatures(data.train, data.labels, folds[0].train, recipe.features));
  const perSubject = 7; // ceil((40 - 10) / 5) + 1
  assert.equal(r.metrics.trainWindows, fold.train.length * perSubject);
  assert.equal(r.metrics.valWindows, fold.val.length * perSubject);
  assert.deepEqual([...r.val.ids], [...fold.val]);
  assert.equal(r.history.length, r.metrics.epochs);
  assert.equal(r.history[r.metrics.bestEpoch].valMacroF1, Math.max(...r.history.map((h) => h.valMacroF1!)));
  // the reported score is the subject vote of the returned model, recomputed here independently of runFold
  const truth = subsetLabels(data.labels, fold.val);
  assert.deepEqual(r.metrics.report, classificationReport(truth.y, r.val.y, 3));
  const again = predictSubjects({ model: r.model, features: r.features, window: r.window }, data.train, fold.val);
  assert.deepEqual([...again.y], [...r.val.y]);
  // the record's per-subject predictions are the same subjects, truth and vote, and rescore to the fold's macro-F1
  assert.deepEqual(r.predictions.ids, [...fold.val]);
  assert.deepEqual(r.predictions.y, [...truth.y]);
  assert.deepEqual(r.predictions.pred, [...r.val.y]);
  assert.equal(classificationReport(r.predictions.y, r.predictions.pred, 3).macroF1, r.metrics.valMacroF1);
  assert.equal(r.predictions.prob.length, 3 * fold.val.length);
  assert.equal(r.predictions.nll.length, fold.val.length);
  assert.equal(r.metrics.valMacroF1, r.history[r.metrics.bestEpoch].valMacroF1);
  assert.equal(r.spec.inputSize, r.features.names.length);
});

test('save and load a fold model: same logits on new subjects without retraining', async () => {
  const r = await runFold({ data, fold: folds[0], recipe: { ...recipe, train: { ...recipe.train, epochs: 1 } } });
  const dir = mkdtempSync(join(tmpdir(), 'foldmodel-'));
  try {
    saveFoldModel(dir, { model: r.model, features: r.features, window: r.window, meta: { fold: 0 } });
    assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'weights.bin']);
    const loaded = loadFoldModel(dir);
    assert.deepEqual(loaded.meta, { fold: 0 });
    const before = predictLogits(r.model, foldWindows(r.features, data.test, data.test.ids, r.window));
    const p = predictSubjects(loaded, data.test);
    assert.deepEqual([...p.logits], [...before]);
    assert.deepEqual([...p.ids], [...data.test.ids]);
    // a weights file of the wrong size is reported with its path
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(12));
    assert.throws(() => loadFoldModel(dir), /weights\.bin: 12 bytes, expected/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runFold with earlyStopping "inner": the validation subjects never influence the kept weights; both figures from one run', async () => {
  const fold = folds[2];
  const inner = { ...recipe, train: { ...recipe.train, epochs: 4, earlyStopping: 'inner' as const } };
  const r = await runFold({ data, fold, recipe: inner });
  // relabel every validation subject (class c → c+1): the kept model and its validation votes are unchanged
  const inVal = new Set(fold.val);
  const relabelled = { ids: data.labels.ids, y: data.labels.y.map((c, i) => (inVal.has(data.labels.ids[i]) ? (c + 1) % 3 : c)) };
  const q = await runFold({ data: { train: data.train, labels: relabelled }, fold, recipe: inner });
  assert.deepEqual(q.model.params.map((p) => [...p.data]), r.model.params.map((p) => [...p.data]));
  assert.equal(q.metrics.bestEpoch, r.metrics.bestEpoch);
  assert.deepEqual(q.predictions.pred, r.predictions.pred);
  assert.deepEqual(q.history.map((h) => h.innerMacroF1), r.history.map((h) => h.innerMacroF1));
  assert.notDeepEqual(q.predictions.y, r.predictions.y);

  // the model trained on the inner split's training side only; features were fitted on all the fold's training subjects
  const split = innerSplit(data.labels, fold, deriveSeed(recipe.seed + fold.index, 0x1a2e));
  assert.equal(r.metrics.earlyStopping, 'inner');
  assert.equal(r.metrics.innerSubjects, split.val.length);
  assert.equal(r.metrics.trainSubjects, split.train.length);
  assert.equal(r.metrics.trainWindows, split.train.length * 7);
  assert.deepEqual(r.features, fitFeatures(data.train, data.labels, fold.train, recipe.features));
  // the kept epoch is the best on the inner subjects; the untouched score is the kept model's, the optimistic one the
  // best over the history of the same run
  const innerF1 = r.history.map((h) => h.innerMacroF1!);
  assert.equal(r.history[r.metrics.bestEpoch].innerMacroF1, Math.max(...innerF1));
  assert.equal(r.metrics.innerMacroF1, Math.max(...innerF1));
  assert.equal(r.metrics.valMacroF1, r.history[r.metrics.bestEpoch].valMacroF1);
  assert.equal(r.metrics.optimisticValMacroF1, Math.max(...r.history.map((h) => h.valMacroF1!)));
  assert.ok(r.metrics.optimisticValMacroF1! >= r.metrics.valMacroF1);
  assert.equal(classificationReport(r.predictions.y, r.predictions.pred, 3).macroF1, r.metrics.valMacroF1);
  // the report's choice is recorded per subject too: the first epoch with the best validation macro-F1, its
  // predictions scoring exactly that figure on the same subjects
  const valF1 = r.history.map((h) => h.valMacroF1!);
  const o = r.optimisticPredictions!;
  assert.equal(r.metrics.optimisticEpoch, valF1.indexOf(Math.max(...valF1)));
  assert.deepEqual(o.ids, r.predictions.ids);
  assert.deepEqual(o.y, r.predictions.y);
  assert.equal(classificationReport(o.y, o.pred, 3).macroF1, r.metrics.optimisticValMacroF1);
  // here the inner split kept a later epoch (4) than validation would have (2): other weights, other probabilities
  assert.deepEqual([r.metrics.bestEpoch, r.metrics.optimisticEpoch], [3, 1]);
  // every epoch recorded its validation subjects' classes, which score that epoch's macro-F1
  r.history.forEach((h) => assert.equal(classificationReport(r.predictions.y, h.valPredicted!, 3).macroF1, h.valMacroF1));
  assert.deepEqual(r.history[r.metrics.bestEpoch].valPredicted, r.predictions.pred);
  assert.deepEqual(r.history[r.metrics.optimisticEpoch!].valPredicted, o.pred);
  assert.notDeepEqual(o.prob, r.predictions.prob);
});

test('runFold with earlyStopping "validation" (the report\'s procedure): the optimistic figure is the reported one', async () => {
  const r = await runFold({ data, fold: folds[0], recipe: { ...recipe, train: { ...recipe.train, earlyStopping: 'validation' } } });
  assert.equal(r.metrics.earlyStopping, 'validation');
  assert.equal(r.metrics.optimisticValMacroF1, r.metrics.valMacroF1);
  // the kept epoch is the best on validation (ties to the lower loss, so possibly a later one with the same F1)
  assert.equal(r.history[r.metrics.optimisticEpoch!].valMacroF1, r.history[r.metrics.bestEpoch].valMacroF1);
  assert.deepEqual(r.optimisticPredictions!.pred, r.predictions.pred);
  assert.equal(r.metrics.innerSubjects, undefined);
  assert.equal(r.metrics.trainSubjects, folds[0].train.length);
  await assert.rejects(runFold({ data, fold: folds[0], recipe: { ...recipe, train: { ...recipe.train, earlyStopping: 'inner', innerFraction: 1 } } }), /train\.innerFraction: expected a number > 0 and < 1, got 1/);
});

test('optimisticMacroF1: the maximum validation macro-F1 over the epochs, NaN without any', () => {
  const h = (v: (number | undefined)[]) => v.map((valMacroF1, epoch) => ({ epoch, trainLoss: 1, penalty: 0, trainAccuracy: 0, trainMacroF1: 0, windowsPerSecond: 1, seconds: 1, valMacroF1 }));
  assert.equal(optimisticMacroF1(h([0.4, 0.9, 0.7])), 0.9);
  assert.equal(optimisticMacroF1(h([0.5])), 0.5);
  assert.ok(Number.isNaN(optimisticMacroF1(h([undefined, undefined]))));
  assert.ok(Number.isNaN(optimisticMacroF1([])));
});
