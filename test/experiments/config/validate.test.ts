// Whole configs are validated before anything trains: every trial (profile applied, every search point) is checked
// by the schema and by the engine's own checks, and an error names the file and where the bad value was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../lib/experiments/config/config';
import { runExperiment } from '../../../lib/experiments/run/experiment';
import { fitsData, planExperiment } from '../../../lib/experiments/search/search';
import { ConfigError } from '../../../lib/experiments/config/schema';
import { checkConfigs } from '../../../lib/report/report';
import type { Dataset } from '../../../lib/data/series';
import { data as simulated, trial as smallTrial } from '../trial-fixture';
import { reportBase } from '../report-recipe';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const badPca = { groups: [['joint_00', 'joint_99']], groupThreshold: 0.8, explainedVariance: 0.9 };
const data: Dataset = { ...simulated, dir: '', source: 'synthetic' };
const goodPca = { groups: [['joint_00', 'joint_01']], groupThreshold: 0.8, explainedVariance: 0.9 };

/** The first error of planning `raw` under `profile`, as `file: path: reason`. */
function planError(raw: unknown, profile: 'full' | 'quick' | 'smoke' = 'full'): string {
  try {
    planExperiment(parseConfig(raw, 'c.json5'), profile, 'c.json5');
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
  assert.fail('the config was accepted');
}

test('the engine\'s checks run on every trial: an unknown joint in pca.groups is an error at load, naming the key path', () => {
  const raw = { name: 'x', kind: 'sweep', base: { ...clone(reportBase), features: { pca: badPca } } };
  assert.throws(() => parseConfig(raw, 'c.json5'), { message: 'c.json5: base.features.pca.groups[0][1]: "joint_99" is not a joint column' });
  const dup = { name: 'x', kind: 'sweep', base: { ...clone(reportBase), features: { pca: { ...goodPca, groups: [['joint_00'], ['joint_00']] } } } };
  assert.throws(() => parseConfig(dup, 'c.json5'), { message: 'c.json5: base.features.pca.groups[1][0]: joint_00 is already in pca.groups[0][0]' });
});

test('a bad search point is named by its value in search.space, its number and its settings', () => {
  const raw = { name: 'x', kind: 'sweep', base: clone(reportBase), search: { mode: 'grid', space: { 'window.size': [25, 10], 'features.pca': [goodPca, badPca] } } };
  // the schema alone accepts it (joint names are strings): only a whole-trial check sees it
  assert.doesNotThrow(() => parseConfig(raw));
  assert.equal(planError(raw),
    'c.json5: search.space."features.pca"[1].groups[0][1]: "joint_99" is not a joint column ' +
    `(search point 2 of 4: {"window.size":25,"features.pca":${JSON.stringify(badPca)}})`);
  // a cross-key rule broken only by a combination: the value of the point that breaks it
  const stride = { name: 'x', kind: 'sweep', base: clone(reportBase), search: { mode: 'grid', space: { 'window.size': [25, 4], 'window.stride': [2, 5] } } };
  assert.match(planError(stride), /^c\.json5: search\.space\."window\.stride"\[1\]: stride 5 is longer than the window size 4: steps would be skipped \(search point 4 of 4: \{"window\.size":4,"window\.stride":5\}\)$/);
});

test('profile overrides and model variants: the error points at what set the bad value', () => {
  const base = clone(reportBase);
  // the smoke profile's own search space
  const profileSpace = {
    name: 'x', kind: 'sweep', base, search: { mode: 'grid', space: { 'train.lr': [1e-3] } },
    profiles: { smoke: { search: { space: { 'features.pca': [badPca] } } } },
  };
  assert.doesNotThrow(() => planExperiment(parseConfig(profileSpace), 'full'));
  assert.match(planError(profileSpace, 'smoke'), /^c\.json5: profiles\.smoke\.search\.space\."features\.pca"\[0\]\.groups\[0\]\[1\]: "joint_99" is not a joint column \(search point 1 of 1: .*; profile smoke\)$/);
  // a variant's own value, and a base value that only a variant's change makes wrong
  const variant = { name: 'x', kind: 'final', base, models: { a: {}, b: { window: { stride: 30 } } } };
  assert.equal(planError(variant), 'c.json5: models.b.window.stride: stride 30 is longer than the window size 25: steps would be skipped (model "b")');
  const combo = { name: 'x', kind: 'final', base: { ...base, window: { size: 25, stride: 5 } }, models: { a: {}, b: { window: { size: 4 } } } };
  assert.equal(planError(combo), 'c.json5: base.window.stride: stride 5 is longer than the window size 4: steps would be skipped (model "b")');
  // a profile's change to a variant
  const profileVariant = { ...variant, models: { a: {} }, profiles: { quick: { models: { a: { window: { stride: 40 } } } } } };
  assert.match(planError(profileVariant, 'quick'), /^c\.json5: profiles\.quick\.models\.a\.window\.stride: stride 40 is longer .* \(model "a"; profile quick\)$/);
});

test('search values are checked against the same limits: model.layers 8 is refused where it is written', () => {
  assert.throws(() => parseConfig({ name: 'x', kind: 'sweep', base: clone(reportBase), search: { mode: 'grid', space: { 'model.layers': [2, 8] } } }, 'c.json5'),
    { message: 'c.json5: search.space."model.layers"[1]: expected an integer ≥ 1 and ≤ 4, got 8' });
});

/** A sweep over the small fixture trial; `pca` lists the search values of features.pca. */
function sweepFile(dir: string, pca: unknown[]): string {
  const file = join(dir, 'sweep.json5');
  const base = { ...clone(smallTrial), cv: { folds: 2, run: 2 }, train: { ...smallTrial.train, epochs: 1 } };
  writeFileSync(file, JSON.stringify({ name: 'v', kind: 'sweep', base, search: { mode: 'grid', space: { 'features.pca': pca } } }));
  return file;
}

/** Fold trainings on disk: every fold folder under every trial. */
function foldsTrained(out: string): number {
  const runs = join(out, 'runs');
  if (!existsSync(runs)) return 0;
  return readdirSync(runs).reduce((n, h) => n + (existsSync(join(runs, h)) ? readdirSync(join(runs, h)).filter((f) => /^fold-\d+$/.test(f)).length : 0), 0);
}

test('runExperiment: one bad trial (the last search point) and nothing trains; without it every fold trains', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pp-validate-'));
  try {
    const lines: string[] = [];
    const bad = sweepFile(join(root), [false, badPca]);
    const out = join(root, 'out');
    await assert.rejects(runExperiment(bad, 'full', { data, out, workers: 0, log: (l) => lines.push(l), codeVersion: 't', dataFingerprint: 'd' }),
      (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${bad}: search.space."features.pca"[1].groups[0][1]: "joint_99" is not a joint column (search point 2 of 2`));
    assert.equal(foldsTrained(out), 0);
    assert.ok(!existsSync(out), 'no folder is made for a config that fails');
    assert.deepEqual(lines, []);
    // the same sweep with the bad point fixed trains both points' two folds: the count above is not vacuous
    const good = sweepFile(join(root), [false, goodPca]);
    const r = await runExperiment(good, 'full', { data, out, workers: 0, log: () => {}, codeVersion: 't', dataFingerprint: 'd' });
    assert.equal(r.computed, 2);
    assert.equal(foldsTrained(out), 4);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('runExperiment also checks every trial against the data: a window longer than its series trains nothing', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pp-validate-'));
  try {
    const file = join(root, 'long.json5');
    const base = { ...clone(smallTrial), cv: { folds: 2, run: 1 }, train: { ...smallTrial.train, epochs: 1 } };
    writeFileSync(file, JSON.stringify({ name: 'w', kind: 'sweep', base, search: { mode: 'grid', space: { 'window.size': [10, 40] } } }));
    const out = join(root, 'out');
    await assert.rejects(runExperiment(file, 'full', { data, out, workers: 0, log: () => {}, codeVersion: 't', dataFingerprint: 'd' }),
      { message: `${file}: search.space."window.size"[1]: 40 steps is longer than the data's series of 30 steps (search point 2 of 2: {"window.size":40})` });
    assert.equal(foldsTrained(out), 0);
    // more folds than subjects
    const few = fitsData({ ids: new Int32Array(12), steps: 160 });
    assert.throws(() => few({ ...clone(smallTrial), cv: { folds: 20, run: 1 } }), { message: 'cv.folds: 20 folds but the data has 12 training subjects' });
    assert.doesNotThrow(() => few({ ...clone(smallTrial), cv: { folds: 12, run: 1 } }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the report checks every config next to the notebooks for its profile before any notebook runs', () => {
  const root = mkdtempSync(join(tmpdir(), 'pp-validate-'));
  try {
    mkdirSync(join(root, 'configs'));
    assert.deepEqual(checkConfigs(root, 'smoke'), []);
    const good = sweepFile(join(root, 'configs'), [false]);
    assert.deepEqual(checkConfigs(root, 'smoke'), [good]);
    const bad = sweepFile(join(root, 'configs'), [false, badPca]);
    assert.throws(() => checkConfigs(root, 'smoke'), { message: new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: search\\.space\\."features\\.pca"\\[1\\]`) });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the shipped configs pass the whole check in every profile', () => {
  // (also what `npm run report` does first); the grid's random search checks the sampled points it will run
  const notebooks = join(__dirname, '..', '..', '..', 'notebooks');
  for (const p of ['full', 'quick', 'smoke'] as const) {
    assert.deepEqual(checkConfigs(notebooks, p).map((f) => f.slice(notebooks.length + 1)), ['configs/baselines.json5', 'configs/final.json5', 'configs/full-budget.json5', 'configs/grid.json5', 'configs/sweep.json5']);
  }
});
