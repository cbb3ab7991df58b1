import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asRecurrent, deepMerge, describeOverrides, loadConfig, parseConfig, resolveProfile, type ExperimentConfig,
} from '../../../lib/experiments/config/config';
import { trialHash } from '../../../lib/store/identity';
import { selectProfile } from '../../../lib/experiments/config/profiles';
import { projectRoot } from '../../../lib/paths';

import { reportBase as base } from '../report-recipe';
const minimal = (): Record<string, unknown> => ({ name: 't', kind: 'final', base: JSON.parse(JSON.stringify(base)) });
const withBase = (patch: unknown): unknown => ({ ...minimal(), base: deepMerge(JSON.parse(JSON.stringify(base)), patch) });

test('a valid config parses and the full profile changes nothing', () => {
  const c = parseConfig(minimal());
  const r = resolveProfile(c, 'full');
  assert.deepEqual(r.base, base);
  assert.deepEqual(r.overrides, {});
  assert.deepEqual(describeOverrides(c, r), []);
});

test('unknown keys, wrong types and out-of-range values name the key path', () => {
  assert.throws(() => parseConfig(withBase({ train: { learningRate: 1 } }), 'x.json5'),
    { message: /^x\.json5: base\.train: unknown key "learningRate" \(known: epochs, / });
  assert.throws(() => parseConfig(withBase({ model: { layers: 'two' } }), 'x.json5'),
    { message: 'x.json5: base.model.layers: expected an integer ≥ 1 and ≤ 4, got the string "two"' });
  assert.throws(() => parseConfig(withBase({ model: { dropout: 1.5 } })), { message: 'base.model.dropout: expected a number ≥ 0 and < 1, got 1.5' });
  assert.throws(() => parseConfig(withBase({ train: { lr: 0 } })), { message: /base\.train\.lr: expected a number > 0 and ≤ 1, got 0/ });
  assert.throws(() => parseConfig(withBase({ train: { epochs: 2.5 } })), /base\.train\.epochs: expected an integer/);
  assert.throws(() => parseConfig(withBase({ model: { cell: 'transformer' } })),
    { message: 'base.model.cell: expected one of "rnn", "lstm", "gru", got the string "transformer"' });
  assert.throws(() => parseConfig(withBase({ features: { pca: { groups: 'auto', groupThreshold: 0.8, explainedVariance: 0.9, extra: 1 } } })),
    /base\.features\.pca: unknown key "extra"/);
  assert.throws(() => parseConfig(withBase({ features: { pca: true } })), { message: 'base.features.pca: expected false, got boolean true' });
  const missing = minimal();
  delete (missing.base as Record<string, unknown>).window;
  assert.throws(() => parseConfig(missing), { message: 'base.window: missing (expected an object)' });
  assert.throws(() => parseConfig({ ...minimal(), extra: 1 }), /\(root\): unknown key "extra"/);
});

test('cross-key checks: stride longer than window, more folds to run than folds', () => {
  assert.throws(() => parseConfig(withBase({ window: { size: 5, stride: 10 } })), /base\.window\.stride: stride 10 is longer than the window size 5/);
  assert.throws(() => parseConfig(withBase({ cv: { folds: 3, run: 4 } })), /base\.cv\.run: 4 folds to run but cv\.folds is 3/);
});

test('train.earlyStopping: "inner" or "validation", part of the trial and so of its hash; innerFraction only with "inner"', () => {
  const inner = resolveProfile(parseConfig(withBase({ train: { earlyStopping: 'inner', innerFraction: 0.2 } })), 'full').base;
  const validation = resolveProfile(parseConfig(withBase({ train: { earlyStopping: 'validation' } })), 'full').base;
  assert.equal(asRecurrent(inner).train.earlyStopping, 'inner');
  assert.notEqual(trialHash(inner, 'data', 'code'), trialHash(validation, 'data', 'code'));
  assert.throws(() => parseConfig(withBase({ train: { earlyStopping: 'test' } })), /base\.train\.earlyStopping: expected one of "inner", "validation"/);
  assert.throws(() => parseConfig(withBase({ train: { innerFraction: 0.2 } })), /base\.train\.innerFraction: only used with train\.earlyStopping "inner"/);
  assert.throws(() => parseConfig(withBase({ train: { earlyStopping: 'inner', innerFraction: 1 } })), /base\.train\.innerFraction: expected a number > 0 and < 1, got 1/);
  assert.throws(() => parseConfig(withBase({ train: { earlyStopping: 'inner', innerFraction: 0 } })), /base\.train\.innerFraction: expected a number > 0/);
});

test('search spaces: keys must be trial settings, values must fit them', () => {
  const cfg = (space: unknown, extra: object = {}): unknown => ({ ...minimal(), search: { mode: 'grid', space, ...extra } });
  assert.doesNotThrow(() => parseConfig(cfg({ 'model.cell': ['rnn', 'gru'], 'train.lr': [1e-3] })));
  assert.throws(() => parseConfig(cfg({ 'model.cells': ['rnn'] })), /search\.space\."model\.cells": not a trial setting/);
  assert.throws(() => parseConfig(cfg({ model: ['rnn'] })), /search\.space\.model: not a trial setting/);
  assert.throws(() => parseConfig(cfg({ 'model.layers': [1, 0] })), /search\.space\."model\.layers"\[1\]: expected an integer ≥ 1/);
  assert.throws(() => parseConfig(cfg({ 'model.layers': [] })), /search\.space\."model\.layers": expected at least 1 items/);
  assert.throws(() => parseConfig(cfg({ 'model.layers': [1] }, { mode: 'random' })), /search\.samples: missing/);
});

test('profiles: partial overrides validated, merged, and described', () => {
  const c = parseConfig({
    ...minimal(),
    models: { small: { model: { hiddenSize: 64 } } },
    profiles: { quick: { base: { train: { epochs: 3, maxWindowsPerEpoch: 100 } }, models: { small: { model: { layers: 1 } } } } },
  });
  const q = resolveProfile(c, 'quick');
  assert.equal(asRecurrent(q.base).train.epochs, 3);
  assert.equal(asRecurrent(q.base).train.lr, 1e-3);
  assert.deepEqual(q.models, { small: { model: { hiddenSize: 64, layers: 1 } } });
  assert.deepEqual(describeOverrides(c, q), [
    'base.train.epochs: 100 → 3', 'base.train.maxWindowsPerEpoch: (unset) → 100', 'models.small.model.layers: (unset) → 1',
  ]);
  assert.deepEqual(resolveProfile(c, 'smoke').base, base); // no smoke overrides declared
  assert.throws(() => parseConfig({ ...minimal(), profiles: { quick: { base: { train: { epochs: -1 } } } } }),
    /profiles\.quick\.base\.train\.epochs: expected an integer ≥ 1/);
  assert.throws(() => parseConfig({ ...minimal(), profiles: { fast: {} } }), /profiles: unknown key "fast"/);
  // an override that breaks a cross-key rule is caught when the profile is resolved
  assert.throws(() => parseConfig({ ...minimal(), profiles: { smoke: { base: { window: { stride: 30 } } } } }),
    /profiles\.smoke\.base\.window\.stride: stride 30 is longer/);
});

test('json5 syntax errors name file, line and column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  try {
    const f = join(dir, 'bad.json5');
    writeFileSync(f, "{\n  name: 'x',\n  kind: 'final' oops\n}\n");
    assert.throws(() => loadConfig(f), { message: new RegExp(`^${f.replace(/[.]/g, '\\.')}:3:17: invalid character 'o'`) });
    writeFileSync(f, JSON.stringify(withBase({ seed: -1 })));
    assert.throws(() => loadConfig(f), { message: `${f}: base.seed: expected an integer ≥ 0 and ≤ 2147483647, got -1` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the shipped configs load in every profile', () => {
  for (const name of ['sweep', 'grid', 'final']) {
    const c: ExperimentConfig = loadConfig(join(projectRoot(), 'notebooks', 'configs', `${name}.json5`));
    assert.equal(c.name, name);
    for (const p of ['full', 'quick', 'smoke'] as const) resolveProfile(c, p);
  }
  const final = loadConfig(join(projectRoot(), 'notebooks', 'configs', 'final.json5'));
  const full = resolveProfile(final, 'full');
  const fullBase = asRecurrent(full.base);
  assert.deepEqual({ ...fullBase.window, seed: full.base.seed, folds: full.base.cv.folds }, { size: 25, stride: 2, seed: 42, folds: 5 });
  assert.deepEqual([fullBase.train.batchSize, fullBase.train.lr, fullBase.model.dropout, fullBase.train.l1, fullBase.train.l2], [128, 1e-3, 0.3, 0, 0]);
  // the report's configs stop early on an inner split by default (unbiased estimates beside the report's)
  for (const name of ['sweep', 'grid', 'final']) {
    const c = loadConfig(join(projectRoot(), 'notebooks', 'configs', `${name}.json5`));
    for (const p of ['full', 'quick'] as const) assert.equal(asRecurrent(resolveProfile(c, p).base).train.earlyStopping, 'inner', `${name} ${p}`);
  }
});

test('selectProfile: argument, then environment, then quick', () => {
  assert.equal(selectProfile('full', {}), 'full');
  assert.equal(selectProfile(undefined, { PIRATE_PAIN_PROFILE: 'smoke' }), 'smoke');
  assert.equal(selectProfile(undefined, {}), 'quick');
  assert.throws(() => selectProfile(undefined, { PIRATE_PAIN_PROFILE: 'fast' }), /\$PIRATE_PAIN_PROFILE: unknown profile "fast"/);
  assert.throws(() => selectProfile('huge', {}), { message: 'profile: unknown profile "huge" (expected smoke, quick, full)' });
});
