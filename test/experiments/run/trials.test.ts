import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { classificationReport } from '../../../lib/evaluate/metrics';
import { meanStd, runTrial, trialFolds, type TrialResult } from '../../../lib/experiments/run/trials';
import type { TrialConfig } from '../../../lib/experiments/config/config';
import { runFold, type RunFoldOptions } from '../../../lib/train/fold';
import { loadFoldModel } from '../../../lib/train/persist';
import { base, data, slowTrial, trial as fixtureTrial } from '../trial-fixture';

const trial = fixtureTrial;

/** Everything but clocks and locations. */
function stable(r: TrialResult): unknown {
  return JSON.parse(JSON.stringify(r, (k, v) => (['wallSeconds', 'windowsPerSecond', 'seconds', 'dir', 'cached'].includes(k) ? undefined : v)));
}

function counting(abortAfter?: { n: number; controller: AbortController }) {
  const calls: number[] = [];
  const runner = async (o: RunFoldOptions) => {
    if (abortAfter && calls.length === abortAfter.n) abortAfter.controller.abort(new Error('killed'));
    calls.push(o.fold.index);
    return runFold(o);
  };
  return { calls, runner };
}

test('meanStd is numpy mean and population std', () => {
  const m = meanStd([0.5, 0.7, 0.9]);
  assert.ok(Math.abs(m.mean - 0.7) < 1e-12);
  assert.ok(Math.abs(m.std - Math.sqrt(0.08 / 3)) < 1e-12);
  assert.deepEqual(meanStd([0.3]), { mean: 0.3, std: 0 });
});

test('a trial writes its run folder; an interrupted trial resumes without redoing finished folds', async () => {
  const root = mkdtempSync(join(tmpdir(), 'runs-'));
  try {
    // reference: one uninterrupted run
    const ref = counting();
    const full = await runTrial({ ...base, trial, runsDir: join(root, 'a'), foldRunner: ref.runner });
    assert.deepEqual(ref.calls, [0, 1, 2, 3]);
    assert.equal(full.folds.length, 4);
    assert.equal(full.cached, false);
    const dir = full.dir;
    assert.deepEqual(readdirSync(dir).sort(), ['config.json', 'fold-0', 'fold-1', 'fold-2', 'fold-3', 'result.json']);
    const fold0 = readdirSync(join(dir, 'fold-0')).sort();
    assert.deepEqual(fold0.filter((f) => !f.startsWith('events.out.tfevents.')), ['manifest.json', 'metrics.jsonl', 'model', 'result.json']);
    assert.equal(fold0.filter((f) => f.startsWith('events.out.tfevents.')).length, 1);
    const lines = readFileSync(join(dir, 'fold-0', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.epoch), full.folds[0].history.map((h) => h.epoch));
    assert.equal(loadFoldModel(join(dir, 'fold-0', 'model')).meta.fold, 0);
    // each fold record keeps its validation subjects' predictions, and they are the fold's validation subjects
    const folds = trialFolds(trial, data.labels);
    full.folds.forEach((f, k) => {
      assert.deepEqual(f.predictions.ids, [...folds[k].val].sort((a, b) => a - b));
      assert.equal(f.predictions.pred.length, f.metrics.valSubjects);
    });
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'fold-1', 'result.json'), 'utf8')).predictions, full.folds[1].predictions);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.deepEqual(config.trial, trial);
    assert.equal(config.labels.experiment, 'test');
    // the folds are the seeded stratified split's
    assert.deepEqual(full.folds.map((f) => f.metrics.valSubjects), trialFolds(trial, data.labels).map((f) => f.val.length));
    const mean = full.folds.reduce((a, f) => a + f.metrics.valMacroF1, 0) / 4;
    assert.ok(Math.abs(full.valMacroF1.mean - mean) < 1e-12);

    // interrupted after two folds
    const controller = new AbortController();
    const first = counting({ n: 2, controller });
    await assert.rejects(runTrial({ ...base, trial, runsDir: join(root, 'b'), foldRunner: first.runner, signal: controller.signal }), /killed/);
    assert.deepEqual(first.calls, [0, 1, 2]);
    const bdir = join(root, 'b', full.hash);
    assert.ok(!existsSync(join(bdir, 'result.json')));
    assert.ok(existsSync(join(bdir, 'fold-1', 'result.json')) && !existsSync(join(bdir, 'fold-2', 'result.json')));

    // resumed: only folds 2 and 3 are trained, and the result equals the uninterrupted one
    const second = counting();
    const resumed = await runTrial({ ...base, trial, runsDir: join(root, 'b'), foldRunner: second.runner });
    assert.deepEqual(second.calls, [2, 3]);
    assert.deepEqual(stable(resumed), stable(full));
    assert.equal(readFileSync(join(bdir, 'fold-2', 'metrics.jsonl'), 'utf8').trim().split('\n').length, full.folds[2].history.length);

    // finished: nothing is trained, the stored result comes back
    const third = counting();
    const again = await runTrial({ ...base, trial, runsDir: join(root, 'b'), foldRunner: third.runner });
    assert.deepEqual(third.calls, []);
    assert.equal(again.cached, true);
    assert.deepEqual(stable(again), stable(full));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a trial with earlyStopping "inner" summarises the untouched and the optimistic figure', async () => {
  const root = mkdtempSync(join(tmpdir(), 'runs-'));
  try {
    const inner: TrialConfig = { ...trial, train: { ...trial.train, epochs: 3, earlyStopping: 'inner' } };
    const r = await runTrial({ ...base, trial: inner, runsDir: root });
    const best = r.folds.map((f) => Math.max(...f.history.map((h) => h.valMacroF1!)));
    r.folds.forEach((f, k) => {
      assert.equal(f.metrics.earlyStopping, 'inner');
      assert.equal(f.metrics.optimisticValMacroF1, best[k]);
      assert.ok(f.metrics.valMacroF1 <= best[k]);
    });
    assert.deepEqual(r.optimisticValMacroF1, meanStd(best));
    assert.deepEqual(r.valMacroF1, meanStd(r.folds.map((f) => f.metrics.valMacroF1)));
    // the per-subject predictions behind the optimistic figure are stored and read back with the record
    const again = await runTrial({ ...base, trial: inner, runsDir: root });
    assert.equal(again.cached, true);
    again.folds.forEach((f, k) => {
      assert.deepEqual(f.optimisticPredictions, r.folds[k].optimisticPredictions);
      assert.equal(classificationReport(f.optimisticPredictions!.y, f.optimisticPredictions!.pred, 3).macroF1, best[k]);
    });
    // (results written before the figure existed have another code identity, hence another hash: never read back)
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a trial process killed between folds loses no finished fold', async () => {
  const root = mkdtempSync(join(tmpdir(), 'runs-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'trial-fixture.ts'), root], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const resultOf = (k: number): string | undefined => {
      const hashDir = readdirSync(root).filter((d) => !d.startsWith('.'))[0];
      return hashDir ? join(root, hashDir, `fold-${k}`, 'result.json') : undefined;
    };
    const t0 = Date.now();
    while (!(resultOf(1) && existsSync(resultOf(1)!))) {
      assert.ok(Date.now() - t0 < 30_000, 'the child finished fold 2 within 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    const finished = [0, 1, 2, 3].filter((k) => existsSync(resultOf(k)!));
    assert.ok(finished.length < 4, 'killed before the last fold');
    const { calls, runner } = counting();
    const resumed = await runTrial({ ...base, trial: slowTrial, runsDir: root, foldRunner: runner });
    assert.deepEqual(calls, [0, 1, 2, 3].filter((k) => !finished.includes(k)));
    assert.equal(resumed.folds.length, 4);
    const reference = await runTrial({ ...base, trial: slowTrial, runsDir: join(root, 'reference') });
    assert.deepEqual(stable(resumed), stable(reference));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
