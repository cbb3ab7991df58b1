// Baselines as ordinary experiment entries: configs, trial store, pool, ensembles, comparison and submission.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBaselineModel, predictBaselineEnsemble } from '../../../lib/baselines/model';
import { loadDataset } from '../../../lib/data/dataset';
import { generateDataset } from '../../../lib/data/generate';
import { bestEnsemble, comparisonRows, modelName } from '../../../lib/experiments/analysis/compare';
import { isBaselineTrial, loadConfig, mergeVariant, parseConfig, resolveProfile, type TrialConfig } from '../../../lib/experiments/config/config';
import { runExperiment } from '../../../lib/experiments/run/experiment';
import { expandTrials } from '../../../lib/experiments/search/search';
import { epochsOf, withEpochs } from '../../../lib/experiments/search/halving';
import { checkFoldTask, foldCost } from '../../../lib/experiments/remote/remote-fold';
import { finishedTrials } from '../../../lib/experiments/run/finished';
import { foldModelDirs } from '../../../lib/experiments/run/test-predictions';
import { trialFolds } from '../../../lib/experiments/run/trials';
import { projectRoot } from '../../../lib/paths';
import { reportBase } from '../report-recipe';

const final = (models: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ name: 'f', kind: 'final', base: reportBase, models, ...extra });

test('a baseline variant keeps the base seed, folds and features and nothing recurrent', () => {
  const t = mergeVariant(reportBase as TrialConfig, { model: { kind: 'baseline', classifier: 'logreg', C: 0.5 } });
  assert.deepEqual(t, { seed: 42, cv: { folds: 5, run: 5 }, features: {}, model: { kind: 'baseline', classifier: 'logreg', C: 0.5 } });
  assert.ok(isBaselineTrial(t));
  // on a baseline base: same classifier merges, another classifier replaces
  assert.deepEqual(mergeVariant(t, { model: { kind: 'baseline', C: 2 } }).model, { kind: 'baseline', classifier: 'logreg', C: 2 });
  assert.deepEqual(mergeVariant(t, { model: { kind: 'baseline', classifier: 'forest' } }).model, { kind: 'baseline', classifier: 'forest' });
  const plans = expandTrials(resolveProfile(parseConfig(final({ lstm: {}, lr: { model: { kind: 'baseline', classifier: 'logreg' } } })), 'full'));
  assert.deepEqual(plans.map((p) => [p.model, isBaselineTrial(p.trial)]), [['lstm', false], ['lr', true]]);
  // the same folds as the recurrent trial
  const labels = { ids: Int32Array.from({ length: 30 }, (_, i) => i), y: Uint8Array.from({ length: 30 }, (_, i) => i % 3) };
  assert.deepEqual(trialFolds(plans[1].trial, labels), trialFolds(plans[0].trial, labels));
});

test('baseline entries are validated by their own schema; errors name the key path', () => {
  assert.throws(() => parseConfig(final({ lr: { model: { kind: 'baseline', classifier: 'logreg', trees: 10 } } })),
    /models\.lr\.model\.trees: does not apply to classifier "logreg"/);
  assert.throws(() => parseConfig(final({ rf: { model: { kind: 'baseline', classifier: 'forest', trees: 0 } } })),
    /models\.rf\.model\.trees: expected an integer ≥ 1/);
  assert.throws(() => parseConfig(final({ rf: { model: { kind: 'baseline', classifier: 'svm' } } })),
    /models\.rf\.model\.classifier: expected one of "majority", "centroid", "logreg", "forest"/);
  assert.throws(() => parseConfig(final({ rf: { window: { size: 10 }, model: { kind: 'baseline', classifier: 'forest' } } })),
    /models\.rf: unknown key "window" \(known: seed, cv, features, model\)/);
  assert.throws(() => parseConfig(final({ c: { model: { kind: 'baseline', classifier: 'centroid', stats: ['mean', 'kurtosis'] } } })),
    /models\.c\.model\.stats\[1\]: expected one of/);
  // a profile changes a baseline by repeating its kind
  const c = parseConfig(final({ rf: { model: { kind: 'baseline', classifier: 'forest' } } }, { profiles: { smoke: { models: { rf: { model: { kind: 'baseline', trees: 3 } } } } } }));
  assert.deepEqual(expandTrials(resolveProfile(c, 'smoke'))[0].trial.model, { kind: 'baseline', classifier: 'forest', trees: 3 });
});

test('configs: baselines.json5 and final.json5 list baselines; the shared entries are the same trials in every profile', () => {
  const dir = join(projectRoot(), 'notebooks', 'configs');
  const baselines = loadConfig(join(dir, 'baselines.json5'));
  const fin = loadConfig(join(dir, 'final.json5'));
  for (const profile of ['smoke', 'quick', 'full'] as const) {
    const b = expandTrials(resolveProfile(baselines, profile));
    const f = expandTrials(resolveProfile(fin, profile));
    assert.deepEqual(b.map((p) => p.model), ['majority', 'centroid', 'logreg', 'forest']);
    assert.ok(b.every((p) => isBaselineTrial(p.trial)));
    const shared = f.filter((p) => isBaselineTrial(p.trial));
    assert.deepEqual(shared.map((p) => p.model), ['logreg', 'forest']);
    for (const p of shared) assert.deepEqual(p.trial, b.find((q) => q.model === p.model)!.trial, `${profile} ${p.model}`);
  }
});

test('runExperiment: baselines next to a recurrent model, through the pool and the trial store; ensembles average probabilities', async () => {
  const root = mkdtempSync(join(tmpdir(), 'exp-baselines-'));
  try {
    generateDataset({ outDir: join(root, 'data'), seed: 11, trainSubjects: 36, testSubjects: 8 });
    const data = loadDataset(join(root, 'data'), { test: true });
    const config = parseConfig({
      name: 'mixed',
      kind: 'final',
      base: {
        ...reportBase,
        cv: { folds: 3, run: 3 },
        window: { size: 40, stride: 40 },
        model: { cell: 'rnn', hiddenSize: 4, layers: 1, bidirectional: false, dropout: 0 },
        train: { ...reportBase.train, epochs: 1, batchSize: 32 },
      },
      models: {
        rnn: {},
        majority: { model: { kind: 'baseline', classifier: 'majority' } },
        forest: { model: { kind: 'baseline', classifier: 'forest', trees: 20 } },
      },
      ensemble: { test: true },
    });
    const out = join(root, 'outputs');
    const r = await runExperiment(config, 'full', { data, out, workers: 1, log: () => {}, codeVersion: 'test' });
    assert.equal(r.computed, 3);
    assert.deepEqual(r.ensembles.map((e) => e.model), ['rnn', 'majority', 'forest']);
    for (const e of r.ensembles) {
      assert.equal(e.oof.n, 36, `${e.model}: every training subject scored once out of fold`);
      assert.equal(e.test!.ids.length, 8);
    }
    const forest = r.ensembles[2];
    const trial = r.trials.find((t) => t.hash === forest.hash)!;
    assert.equal(trial.folds.length, 3);
    assert.ok(trial.folds.every((f) => f.baseline && f.predictions.ids.length === f.metrics.valSubjects));
    // the stored test prediction is the mean-probability ensemble of the saved fold models
    const members = foldModelDirs(trial.dir).map(loadBaselineModel);
    assert.equal(members.length, 3);
    assert.deepEqual(forest.test!.y, Array.from(predictBaselineEnsemble(members, data.test!).y));
    // the majority reference predicts the most frequent class for everyone
    assert.ok(r.ensembles[1].test!.y.every((y) => y === 0));
    assert.equal(r.rows.find((row) => row.model === 'forest')!.cell, 'forest');
    assert.equal(modelName(trial.trial.model), 'random forest (20 trees)');
    const rows = comparisonRows(r, 'synthetic');
    assert.equal(rows[2].Model, 'random forest (20 trees)');
    assert.equal(rows[2]['val macro-F1 (reproduced, optimistic as in the report)'], 'same (a baseline chooses no epoch)');
    // the submission is the best validation score of all entries, whichever kind
    const best = bestEnsemble(r.ensembles);
    assert.equal(best.valMacroF1.mean, Math.max(...r.ensembles.map((e) => e.valMacroF1.mean)));
    const sub = readFileSync(join(r.dir, 'submission-forest.csv'), 'utf8').trim().split('\n');
    assert.equal(sub.length, 9);

    // read back without training: every trial of the config is finished, under the hashes runExperiment used
    const finished = finishedTrials(config, 'full', data, { out, codeVersion: 'test' });
    assert.deepEqual(finished.map((f) => [f.model, f.hash, f.result?.valMacroF1.mean]), r.ensembles.map((e) => [e.model, e.hash, e.valMacroF1.mean]));
    assert.ok(finishedTrials(config, 'full', data, { out, codeVersion: 'other code' }).every((f) => f.result === undefined));

    const again = await runExperiment(config, 'full', { data, out, workers: 1, log: () => {}, codeVersion: 'test' });
    assert.equal(again.computed, 0);
    assert.deepEqual(again.ensembles.map((e) => e.test!.y), r.ensembles.map((e) => e.test!.y));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('baseline fold tasks pass the queue\'s payload check, cost little, and have no epochs to halve', () => {
  const trial = mergeVariant(reportBase as TrialConfig, { model: { kind: 'baseline', classifier: 'forest', trees: 50 } });
  const task = { trial, labels: { experiment: 'e', model: 'forest' }, dataFingerprint: `files:${'a'.repeat(64)}`, codeVersion: 'b'.repeat(64), fold: 0 };
  assert.deepEqual(checkFoldTask(JSON.parse(JSON.stringify(task))), task);
  assert.throws(() => checkFoldTask({ ...task, trial: { ...trial, model: { kind: 'baseline', classifier: 'logreg', trees: 3 } } }),
    /task\.trial\.model\.trees: does not apply to classifier "logreg"/);
  assert.ok(foldCost(trial) > 0 && foldCost(trial) < foldCost(reportBase as TrialConfig));
  assert.equal(epochsOf(trial), 1);
  assert.equal(withEpochs(trial, 8), trial);
});
