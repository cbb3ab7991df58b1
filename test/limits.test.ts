import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRIAL_SCHEMA, deepMerge, type RecurrentTrialConfig as TrialConfig } from '../lib/experiments/config/config';
import { ConfigError, validate } from '../lib/experiments/config/schema';
import { resolveFeatureConfig } from '../lib/features/pipeline';
import { CHOICES, LIMITS, SettingError, checkChoice, checkRange, describeRange, inRange, type Range } from '../lib/limits';
import { RecurrentClassifier } from '../lib/nn/model';
import { checkSpec } from '../lib/nn/types';
import { earlyStoppingOf } from '../lib/train/fold';
import { checkTrainConfig } from '../lib/train/loop';
import { checkWindow } from '../lib/windows/windows';
import { reportBase } from './experiments/report-recipe';

test('ranges are stated, tested and enforced one way', () => {
  assert.equal(describeRange({ integer: true, min: 1, max: 4 }), 'an integer ≥ 1 and ≤ 4');
  assert.equal(describeRange({ min: 0, max: 1, exclusiveMax: true }), 'a number ≥ 0 and < 1');
  assert.equal(describeRange({ min: 0, max: 1, exclusiveMin: true }), 'a number > 0 and ≤ 1');
  assert.equal(describeRange({ integer: true, min: 1 }), 'an integer ≥ 1');
  const unit = { min: 0, max: 1, exclusiveMax: true };
  assert.deepEqual([0, 0.5, 1, -0.1, NaN, Infinity, '0.5'].map((v) => inRange(v, unit)), [true, true, false, false, false, false, false]);
  assert.equal(inRange(2.5, { integer: true, min: 1 }), false);
  assert.equal(checkRange('model.layers', 4, LIMITS.model.layers), 4);
  assert.throws(() => checkRange('model.layers', 8, LIMITS.model.layers),
    (e: unknown) => e instanceof SettingError && e.key === 'model.layers' && e.message === 'model.layers: expected an integer ≥ 1 and ≤ 4, got 8');
  assert.throws(() => checkChoice('train.optimizer', 'sgd', ['adamw', 'adam']), { message: 'train.optimizer: expected one of "adamw", "adam", got "sgd"' });
});

/** Every numeric limit with its dotted key: `model.layers` → LIMITS.model.layers. */
function leaves(o: object, prefix: string[] = []): [string, Range][] {
  return Object.entries(o).flatMap(([k, v]): [string, Range][] =>
    'integer' in v || 'min' in v || 'max' in v ? [[[...prefix, k].join('.'), v as Range]] : leaves(v as object, [...prefix, k]));
}

/** Values on and just beyond each bound of a range, and a fraction for an integer one. */
function probes(r: Range): number[] {
  const step = r.integer ? 1 : 1e-9;
  const out: number[] = [];
  if (r.min !== undefined) out.push(r.min, r.min - step, r.min + step);
  if (r.max !== undefined) out.push(r.max, r.max + step, r.max - step);
  if (r.integer) out.push((r.min ?? 0) + 1.5);
  return out;
}

function setKey(t: TrialConfig, dotted: string, v: unknown): TrialConfig {
  const patch: Record<string, unknown> = {};
  const parts = dotted.split('.');
  parts.reduce<Record<string, unknown>>((o, p, i) => (o[p] = i === parts.length - 1 ? v : {}) as Record<string, unknown>, patch);
  return deepMerge(JSON.parse(JSON.stringify(t)) as TrialConfig, patch);
}

/** The engine's own check of the section that holds `key`: what training would do with it. */
function engineAccepts(t: TrialConfig, key: string): boolean | undefined {
  const section = key.split('.')[0];
  const run = (): void => {
    if (section === 'model') checkSpec({ ...t.model, inputSize: 1, classes: 3 }, 'model');
    else if (section === 'train') {
      checkTrainConfig(t.train);
      earlyStoppingOf(t.train);
    }
    else if (section === 'window') checkWindow(t.window.size, t.window.stride);
    else if (section === 'features') resolveFeatureConfig(t.features as never);
  };
  if (!['model', 'train', 'window', 'features'].includes(section)) return undefined;
  try {
    run();
    return true;
  } catch (e) {
    if (!(e instanceof SettingError)) throw e;
    assert.equal(e.key, key, `the engine names ${key}`);
    return false;
  }
}

test('the config schema and the engine accept and refuse exactly the same values at every limit', () => {
  // a base with room on both sides of each limit the probes move (stride ≤ size is a separate rule)
  const base = setKey(setKey(reportBase as TrialConfig, 'window.size', LIMITS.window.size.max), 'features.pca', { groups: 'auto', groupThreshold: 0.8, explainedVariance: 0.9 });
  let compared = 0;
  // search settings are not part of a trial (the config schema alone reads them)
  for (const [key, range] of leaves(LIMITS).filter(([k]) => !k.startsWith('search.'))) {
    for (const v of probes(range)) {
      let t = setKey(base, key, v);
      if (key === 'window.stride') t = setKey(t, 'window.size', LIMITS.window.size.max);
      if (key === 'window.size') t = setKey(t, 'window.stride', 1);
      let schemaOk = true;
      try {
        validate(t, TRIAL_SCHEMA);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        assert.equal(e.path, key);
        schemaOk = false;
      }
      assert.equal(schemaOk, inRange(v, range), `${key} = ${v}: the schema follows LIMITS`);
      const engine = engineAccepts(t, key);
      if (engine === undefined) continue;
      assert.equal(engine, schemaOk, `${key} = ${v}: schema ${schemaOk ? 'accepts' : 'refuses'}, engine ${engine ? 'accepts' : 'refuses'}`);
      compared++;
    }
  }
  assert.ok(compared >= 60, `${compared} comparisons`);
});

test('the issue\'s two disagreements are gone: layers 5..16 and dropout 1 are refused by both', () => {
  for (const [key, v] of [['model.layers', 8], ['model.layers', 5], ['model.dropout', 1]] as const) {
    assert.throws(() => validate(setKey(reportBase as TrialConfig, key, v), TRIAL_SCHEMA), new RegExp(`^ConfigError: ${key.replace('.', '\\.')}: expected`));
    const m = setKey(reportBase as TrialConfig, key, v).model;
    assert.throws(() => new RecurrentClassifier({ ...m, inputSize: 3, classes: 3 }), new RegExp(`^SettingError: spec\\.${key.split('.')[1]}: expected`));
  }
});

test('the limits table of docs/configs.md is lib/limits.ts, row for row', () => {
  const readme = readFileSync(join(__dirname, '..', 'docs', 'configs.md'), 'utf8');
  const start = readme.indexOf('| setting | allowed |\n|---|---|\n');
  assert.ok(start >= 0, 'docs/configs.md has the limits table');
  const rows = readme.slice(start).split('\n').slice(2);
  const table = rows.slice(0, rows.indexOf(''));
  const settingOf: Record<keyof typeof CHOICES, string> = {
    cell: 'model.cell', optimizer: 'train.optimizer', classWeights: 'train.classWeights', scaler: 'features.scaler', earlyStopping: 'train.earlyStopping',
  };
  const expected = [
    ...leaves(LIMITS).map(([k, r]) => `| \`${k}\` | ${describeRange(r)} |`),
    ...Object.entries(CHOICES).map(([k, v]) => `| \`${settingOf[k as keyof typeof CHOICES]}\` | one of ${v.map((x) => JSON.stringify(x)).join(', ')} |`),
  ];
  assert.deepEqual(table, expected);
});
