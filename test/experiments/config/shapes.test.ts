// The config types are inferred from the schemas (lib/experiments/config/shapes.ts). These assertions are checked by
// `npm run typecheck` (a wrong inferred type fails it), and the runtime tests below check that the schema the types
// come from is the one that validates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BaselineHyper } from '../../../lib/baselines/types';
import type {
  DeepPartial, ExperimentBody, ExperimentConfig, FeatureOverrides, RecurrentTrialConfig, SearchConfig, TrialConfig,
} from '../../../lib/experiments/config/config';
import { TRIAL_SCHEMA, parseConfig } from '../../../lib/experiments/config/config';
import { validate, type Infer } from '../../../lib/experiments/config/schema';
import type { ModelHyper, TrainHyper } from '../../../lib/train/types';
import { reportBase } from '../report-recipe';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(): T | undefined => undefined;

// what the hand-written interfaces said before the types were inferred
agree<Same<ExperimentConfig['name'], string>>();
agree<Same<ExperimentConfig['kind'], 'sweep' | 'grid' | 'final'>>();
agree<Same<ExperimentConfig['description'], string | undefined>>();
agree<Same<ExperimentConfig['base'], TrialConfig>>();
agree<Same<ExperimentConfig['models'], Record<string, DeepPartial<TrialConfig>> | undefined>>();
agree<Same<ExperimentConfig['ensemble'], { test: boolean; maxTestSubjects?: number } | undefined>>();
agree<Same<NonNullable<ExperimentConfig['profiles']>['quick'], DeepPartial<ExperimentBody> | undefined>>();
agree<Same<SearchConfig, {
  mode: 'grid' | 'random'; samples?: number; seed?: number; space: Record<string, unknown[]>; halving?: { minEpochs: number; eta: number };
}>>();
agree<Same<FeatureOverrides, {
  oneHotSurvey?: boolean; dropZeroVariance?: boolean; minTargetCorrelation?: number; scaler?: 'minmax' | 'standard';
  pca?: false | { groups: 'auto' | string[][]; groupThreshold: number; explainedVariance: number };
}>>();
agree<Same<RecurrentTrialConfig['model'], ModelHyper>>();
agree<Same<RecurrentTrialConfig['train'], TrainHyper>>();
agree<Same<Extract<TrialConfig, { model: { kind: 'baseline' } }>['model'], BaselineHyper>>();
// and the check itself can fail: a type that differs by one field is not the same
// @ts-expect-error a model with an extra field
agree<Same<RecurrentTrialConfig['model'], ModelHyper & { extra: number }>>();
// @ts-expect-error a required field made optional
agree<Same<RecurrentTrialConfig['train'], Partial<TrainHyper>>>();

test('Infer reads optional marks, enums, literals, unions and partial objects from a schema', () => {
  const s = {
    type: 'object',
    fields: {
      a: { type: 'number' },
      b: { type: 'string', enum: ['x', 'y'], optional: true },
      c: { type: 'union', options: [{ type: 'literal', value: false }, { type: 'array', items: { type: 'name' } }] },
      d: { type: 'object', partial: true, fields: { e: { type: 'boolean' } } },
    },
  } as const;
  agree<Same<Infer<typeof s>, { a: number; b?: 'x' | 'y'; c: false | string[]; d: { e?: boolean } }>>();
  const ok: Infer<typeof s> = { a: 1, c: ['n'], d: {} };
  assert.doesNotThrow(() => validate(ok, s));
  assert.throws(() => validate({ a: 1, b: 'z', c: false, d: {} }, s), { message: 'b: expected one of "x", "y", got the string "z"' });
  assert.throws(() => validate({ a: 1, c: ['../n'], d: {} }, s), { message: 'c[0]: expected a name (letters, digits, "-", "_", "." only), got "../n"' });
});

test('the schema the trial type comes from is the one that validates: the report recipe passes, a missing key fails', () => {
  const trial: RecurrentTrialConfig = JSON.parse(JSON.stringify(reportBase)) as RecurrentTrialConfig;
  assert.doesNotThrow(() => validate(trial, TRIAL_SCHEMA));
  const { patience: _, ...train } = trial.train;
  assert.throws(() => validate({ ...trial, train }, TRIAL_SCHEMA), { message: 'train.patience: missing (expected an integer ≥ 0 and ≤ 100000)' });
  assert.equal(parseConfig({ name: 'x', kind: 'sweep', base: trial }).name, 'x');
});

test('objects are data: a literal, a parsed object or one from another realm is an object, a Map or a class instance is not', async () => {
  const s = { type: 'object', fields: { a: { type: 'number' } } } as const;
  const { runInNewContext } = await import('node:vm');
  for (const ok of [{ a: 1 }, JSON.parse('{"a":1}') as unknown, Object.assign(Object.create(null) as object, { a: 1 }), runInNewContext('({ a: 1 })') as unknown]) {
    assert.doesNotThrow(() => validate(ok, s));
  }
  class A { a = 1; }
  for (const [bad, name] of [[new A(), 'A'], [new Map([['a', 1]]), 'Map'], [new Date(0), 'Date']] as const) {
    assert.throws(() => validate(bad, s), { message: `(root): expected an object, got a ${name} object` });
  }
});
