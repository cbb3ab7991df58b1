// Names used as paths: safeJoin on its own, then every writer that builds a path from input (an experiment's name,
// a model key, a worker's file list, the export's folder) walked with hostile names, bypassing the config's own
// validation (defence in depth). Each is refused or lands inside its folder; nothing is written outside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertInside, checkSegment, isInside, safeJoin, UnsafePathError } from '../../lib/core/safe-path';
import { simulateDataset } from '../../lib/data/simulate';
import type { Dataset } from '../../lib/data/series';
import { parseConfig } from '../../lib/experiments/config/config';
import { ensembleSummaries } from '../../lib/experiments/run/ensemble';
import { planTrials, resolveExperiment } from '../../lib/experiments/run/plan';
import type { TrialOutcome } from '../../lib/experiments/run/trial-task';
import type { TrialResult } from '../../lib/experiments/run/trials';
import { writeBestSubmission } from '../../lib/experiments/analysis/compare';
import { landFold, type RemoteFoldTask } from '../../lib/experiments/remote/remote-fold';
import { sha256 } from '../../lib/store/hash';

/** Names an attacker or a careless user would try. '__proto__' is a plain name: it may land, but only inside. */
const HOSTILE = ['../../x', '..', '../', 'a/../../b', '/tmp/abs', '', '.hidden', '.', 'x\u0000y', 'a\\..\\b', '__proto__'];

/** Every file and folder under dir (relative), to show that nothing appeared outside the output folder. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(`${rel}${e.name}`);
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
    }
  };
  walk(dir, '');
  return out.sort();
}

test('checkSegment accepts plain names only; safeJoin keeps the result under its base', () => {
  for (const ok of ['final', 'lstm-2x256', 'rnn_b.v2', '__proto__', 'submission-rnn.csv']) assert.equal(checkSegment(ok), ok);
  assert.throws(() => checkSegment('', 'config name'), /config name: an empty name cannot be a file or folder name/);
  assert.throws(() => checkSegment('../../x', 'model key'), /model key: "..\/..\/x" contains a path separator/);
  assert.throws(() => checkSegment('.hidden'), /starts with "\."/);
  assert.throws(() => checkSegment('..'), /starts with "\."/);
  assert.throws(() => checkSegment('x\u0000y'), /control character/);
  assert.throws(() => checkSegment('a'.repeat(256)), /longer than 255 bytes/);
  const base = mkdtempSync(join(tmpdir(), 'safe-'));
  try {
    assert.equal(safeJoin(base, ['a', 'b.csv']), join(base, 'a', 'b.csv'));
    for (const bad of HOSTILE.filter((n) => n !== '__proto__')) assert.throws(() => safeJoin(base, [bad]), UnsafePathError, JSON.stringify(bad));
    assert.ok(isInside('/a/b', '/a/b/c') && isInside('/a/b', '/a/b') && !isInside('/a/b', '/a/bc') && !isInside('/a/b', '/a'));
    assert.throws(() => assertInside(base, join(base, '..', 'x')), /is outside/);
    // a link planted inside the folder does not lead a write out of it; a base that is itself a link is the user's choice
    const outside = mkdtempSync(join(tmpdir(), 'safe-outside-'));
    symlinkSync(outside, join(base, 'planted'));
    assert.throws(() => safeJoin(base, ['planted', 'x.csv']), /leads to .* through a symbolic link, outside/);
    symlinkSync(join(base, 'nowhere'), join(base, 'dangling'));
    assert.throws(() => safeJoin(base, ['dangling', 'x.csv']), /a symbolic link that leads nowhere/);
    symlinkSync(base, join(outside, 'base-link'));
    assert.equal(safeJoin(join(outside, 'base-link'), ['y.csv']), join(outside, 'base-link', 'y.csv'));
    rmSync(outside, { recursive: true, force: true });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

const sim = simulateDataset({ seed: 3, trainSubjects: 12, testSubjects: 3, steps: 40 });
const data: Dataset = { dir: '', source: 'synthetic', train: sim.train, labels: sim.labels, test: sim.test };
const config = parseConfig({
  name: 'walk',
  kind: 'final',
  base: {
    seed: 1, cv: { folds: 2, run: 2 }, features: {}, window: { size: 10, stride: 10 },
    model: { cell: 'rnn', hiddenSize: 2, layers: 1, bidirectional: false, dropout: 0 },
    train: { epochs: 1, batchSize: 8, lr: 1e-3, optimizer: 'adamw', weightDecay: 0, l1: 0, l2: 0, labelSmoothing: 0, classWeights: 'none', patience: 1 },
  },
  models: { rnn: {} },
  ensemble: { test: true },
});

test('every writer, walked with hostile names past validation: refused, or inside its folder; nothing outside', async () => {
  const root = mkdtempSync(join(tmpdir(), 'safe-walk-'));
  const out = join(root, 'out');
  mkdirSync(out);
  try {
    for (const name of HOSTILE) {
      const what = JSON.stringify(name);
      // the experiment's folder from its config name (planTrials makes it)
      const x = resolveExperiment(config, 'smoke', data);
      x.resolved = { ...x.resolved, name };
      let planned: string | undefined;
      try {
        planned = planTrials(x, 'smoke', { data, out, dataFingerprint: 'fp', codeVersion: 'code' }, () => {}).dir;
      } catch (e) {
        assert.ok(e instanceof UnsafePathError, `${what}: ${(e as Error).message}`);
        assert.match((e as Error).message, /^experiment name: /);
      }
      if (name === '__proto__') assert.equal(planned, join(out, 'experiments', '__proto__', 'smoke'));
      else assert.equal(planned, undefined, `${what} is refused (it is no plain name)`);

      // a submission per model key (ensembleSummaries writes submission-<model>.csv)
      const dir = join(out, 'experiments', 'walk', 'smoke');
      mkdirSync(dir, { recursive: true });
      const result = { hash: 'h', folds: [], valMacroF1: { mean: 0, std: 0 }, optimisticValMacroF1: { mean: 0, std: 0 } } as unknown as TrialResult;
      const outcome: TrialOutcome = { result, test: { ids: [0, 1], y: [0, 2], complete: true } as TrialOutcome['test'] };
      const plan = { resolved: { ...x.resolved, kind: 'final' as const }, plans: [{ ...x.planned[0], model: name }], dir };
      // the key is part of a file name: refused when the name would hold a separator or a control character
      let file: string | undefined;
      try {
        file = ensembleSummaries(plan, [outcome], data)[0].test!.submission;
      } catch (e) {
        assert.ok(e instanceof UnsafePathError, `${what}: ${(e as Error).message}`);
        assert.match((e as Error).message, /^model key: /);
      }
      if (/[/\\\u0000]/.test(name)) assert.equal(file, undefined, `${what} is refused`);
      else assert.equal(file, join(dir, `submission-${name}.csv`));
      // the best submission: a fixed file name in the caller's folder
      assert.ok(isInside(dir, writeBestSubmission({ profile: 'smoke', ensembles: [{ model: name, test: { ids: [0], y: [1], complete: true } } as never] }, dir).file));
    }

    // a worker's fold files: paths from the network, refused unless they are a fold's own files
    const task = { trial: config.base, labels: {}, dataFingerprint: 'fp', codeVersion: 'code', fold: 0 } as unknown as RemoteFoldTask;
    const { trialHash } = await import('../../lib/store/identity');
    const hash = trialHash(task.trial, task.dataFingerprint, task.codeVersion);
    for (const path of ['../../x.json', '/tmp/x.json', 'model/../../../x.json', '.hidden.json', 'model\\..\\x.json']) {
      const bytes = Buffer.from('{}');
      await assert.rejects(landFold(join(out, 'runs'), task, { worker: 'w', hash, fold: 0, files: [{ path, sha256: sha256(bytes), base64: bytes.toString('base64') }] }),
        /unexpected file/, path);
    }
    // only out/ holds anything; no name escaped it
    assert.deepEqual(readdirSync(root), ['out']);
    for (const p of tree(out)) assert.ok(!p.split('/').some((s) => s === '..' || s.startsWith('.hidden')), p);
    assert.ok(tree(out).includes('experiments/__proto__/smoke'), 'a plain name, however odd, lands inside');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
