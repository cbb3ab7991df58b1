import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ablationLines, ablationRows, ablationTable, featureGroups, type AblationEntry } from '../../../lib/experiments/analysis/ablation-views';
import type { TrialConfig } from '../../../lib/experiments/config/config';

const near = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

const baseline = (model: Record<string, unknown>, features: Record<string, unknown> = {}): TrialConfig =>
  ({ seed: 42, cv: { folds: 2, run: 2 }, features, model: { kind: 'baseline', classifier: 'forest', ...model } }) as unknown as TrialConfig;

test('featureGroups: whole statistic groups, joint-group means and deltas; partial lists are not ablation entries', () => {
  assert.deepEqual(featureGroups(baseline({})), ['basic']);
  assert.deepEqual(featureGroups(baseline({ stats: ['robust', 'basic'] })), ['basic', 'robust']);
  assert.deepEqual(featureGroups(baseline({ stats: ['roughness'], groupMeans: true }, { deltas: true })), ['roughness', 'groupMeans', 'deltas']);
  // q25, median and q75 belong to both basic and robust: basic alone does not make robust whole
  assert.deepEqual(featureGroups(baseline({ stats: ['basic', 'q05', 'q95'] })), undefined);
  assert.equal(featureGroups(baseline({ stats: ['mean'] })), undefined);
  assert.equal(featureGroups({ model: { cell: 'rnn' } } as unknown as TrialConfig), undefined);
});

// six subjects in two folds, true classes 0 0 1 1 2 2; each entry's predictions chosen so macro-F1 is known by hand
const Y = [0, 0, 1, 1, 2, 2];
const entry = (model: string, trial: TrialConfig, pred: number[]): AblationEntry => ({
  model,
  trial: {
    hash: model,
    trial,
    folds: [[0, 2, 4], [1, 3, 5]].map((rows) => ({
      predictions: { ids: rows.map((r) => r + 1), y: rows.map((r) => Y[r]), pred: rows.map((r) => pred[r]), prob: [], nll: [] },
    })) as never,
  },
});

test('ablationRows: each group added to the smallest set and removed from the full set, paired on the same subjects', () => {
  const entries = [
    entry('basic', baseline({}), [0, 1, 1, 0, 2, 2]), // F1s 1/2, 1/2, 1 → macro 2/3
    entry('rough', baseline({ stats: ['basic', 'roughness'] }), [0, 0, 1, 1, 2, 1]), // 1, 4/5, 2/3 → 37/45
    entry('full', baseline({ stats: ['basic', 'roughness'], groupMeans: true }), Y), // 1
    entry('no-rough', baseline({ groupMeans: true }), [0, 0, 1, 0, 2, 2]), // 4/5, 2/3, 1 → 37/45
    entry('single', baseline({ stats: ['mean'] }), [0, 0, 0, 0, 0, 0]), // not an ablation entry
  ];
  const rows = ablationRows(entries);
  assert.deepEqual(rows.map((r) => r.group), ['roughness', 'groupMeans']); // basic is in every set: nothing to compare
  const [rough, means] = rows;
  assert.equal(rough.added?.entry, 'rough');
  assert.equal(rough.added?.base, 'basic');
  near(rough.added!.difference.estimate, 37 / 45 - 2 / 3, 'roughness added');
  assert.equal(rough.removed?.entry, 'no-rough');
  near(rough.removed!.difference.estimate, 37 / 45 - 1, 'roughness removed');
  assert.equal(means.added?.entry, 'no-rough');
  near(means.added!.difference.estimate, 37 / 45 - 2 / 3, 'groupMeans added');
  assert.equal(means.removed?.entry, 'rough');
  near(means.removed!.difference.estimate, 37 / 45 - 1, 'groupMeans removed');
  // the table and the sentences carry the same verdict the interval gives
  const table = ablationTable(rows);
  assert.equal(table.length, 2);
  assert.match(table[0]['added to the smallest set'], /^\+0\.1556 \[.*\] \((beyond|within) noise; rough − basic\)$/);
  assert.match(ablationLines(rows)[1], /^forest, groupMeans: added to basic: \+0\.1556 .*; removed from full: −0\.1778 /);
});
