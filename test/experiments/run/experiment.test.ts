import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../../lib/data/dataset';
import { generateDataset, SYNTHETIC_TEST_LABELS } from '../../../lib/data/generate';
import { readLabels } from '../../../lib/data/read';
import { classificationReport } from '../../../lib/evaluate/metrics';
import { parseConfig } from '../../../lib/experiments/config/config';
import { runExperiment, type ExperimentResult } from '../../../lib/experiments/run/experiment';
import { foldModelDirs } from '../../../lib/experiments/run/test-predictions';
import { foldMember, predictEnsemble } from '../../../lib/train/ensemble';
import { loadFoldModel } from '../../../lib/train/persist';
import { tinyTrial } from '../../tiny-trial';

const config = parseConfig({
  name: 'final-test',
  kind: 'final',
  base: tinyTrial({ cv: { folds: 3, run: 3 }, window: { size: 40, stride: 40 }, model: { cell: 'lstm' }, train: { labelSmoothing: 0.1, patience: 5 } }),
  models: { lstm: {}, rnn: { model: { cell: 'rnn', hiddenSize: 4 } } },
  ensemble: { test: true },
  profiles: { quick: { base: { cv: { run: 1 } }, ensemble: { maxTestSubjects: 3 } } },
});

const stable = (r: ExperimentResult) => r.rows.map(({ windowsPerSecond: _w, wallSeconds: _s, ...rest }) => rest);

test('runExperiment (final): trials on the pool, out-of-fold scores, test ensembles, submissions; a rerun computes nothing', async () => {
  const root = mkdtempSync(join(tmpdir(), 'exp-'));
  try {
    generateDataset({ outDir: join(root, 'data'), seed: 7, trainSubjects: 36, testSubjects: 8 });
    const data = loadDataset(join(root, 'data'), { test: true });
    const lines: string[] = [];
    const out = join(root, 'outputs');
    const r = await runExperiment(config, 'full', { data, out, workers: 1, log: (l) => lines.push(l), codeVersion: 'test' });
    assert.equal(r.computed, 2);
    assert.equal(r.trials.length, 2);
    assert.deepEqual(r.overrides, []);
    assert.match(lines[0], /final-test: profile full \(the report's recipe/);
    // the pool runs one task per fold (2 trials × 3 folds): the first trial's third fold is task 3 of 6
    assert.ok(lines.some((l) => /^\[3\/6\] trial [0-9a-f]{12} fold 3\/3: val macro-F1/.test(l)));
    assert.deepEqual(r.ensembles.map((e) => e.model), ['lstm', 'rnn']);
    const truth = readLabels(join(root, 'data', SYNTHETIC_TEST_LABELS));
    for (const e of r.ensembles) {
      // out-of-fold: every training subject scored once
      assert.equal(e.oof.n, 36);
      // the test prediction is the mean-logit ensemble of the saved fold models, recomputed here
      const trial = r.trials.find((t) => t.hash === e.hash)!;
      const members = foldModelDirs(trial.dir).map((d) => foldMember(loadFoldModel(d)));
      assert.equal(members.length, 3);
      const p = predictEnsemble(members, data.test!);
      assert.deepEqual(e.test!.y, Array.from(p.y));
      assert.equal(e.test!.macroF1, classificationReport(truth.y, p.y, 3).macroF1);
      const csv = readFileSync(e.test!.submission!, 'utf8').trim().split('\n');
      assert.equal(csv[0], 'sample_index,label');
      assert.equal(csv.length, 9);
      assert.match(csv[1], /^000,(no_pain|low_pain|high_pain)$/);
    }
    assert.ok(existsSync(join(r.dir, 'summary.json')) && existsSync(join(r.dir, 'runs.txt')));

    const t0 = performance.now();
    const again = await runExperiment(config, 'full', { data, out, workers: 1, log: () => {}, codeVersion: 'test' });
    assert.equal(again.computed, 0);
    assert.ok(performance.now() - t0 < 2000, 'a finished experiment is read back in well under 2 s');
    assert.deepEqual(stable(again), stable(r));
    assert.deepEqual(again.ensembles.map((e) => e.test!.y), r.ensembles.map((e) => e.test!.y));

    // the quick profile: overrides printed and stored; a partial test prediction writes no submission
    const quick = await runExperiment(config, 'quick', { data, out, workers: 0, log: () => {}, codeVersion: 'test' });
    assert.deepEqual(quick.overrides, ['base.cv.run: 3 → 1', 'ensemble.maxTestSubjects: (unset) → 3']);
    assert.equal(quick.trials[0].folds.length, 1);
    assert.equal(quick.ensembles[0].test!.ids.length, 3);
    assert.equal(quick.ensembles[0].test!.submission, undefined);
    const summary = JSON.parse(readFileSync(join(out, 'experiments', 'final-test', 'quick', 'summary.json'), 'utf8'));
    assert.deepEqual(summary.overrides, quick.overrides);
    assert.equal(summary.profile, 'quick');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
