import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FittedFeatures } from '../../../lib/features/types';
import type { FoldRecord, TrialResult } from '../../../lib/experiments/run/trials';
import type { EnsembleSummary } from '../../../lib/experiments/run/ensemble';
import type { ModelRun } from '../../../lib/experiments/analysis/fold-table';
import type { EnsembleUncertainty } from '../../../lib/experiments/analysis/uncertainty';
import {
  ensembleRows, eventFileLines, foldScalers, intervalLookup, pairRows, recurrentVsBaselineLines, referenceLines, referenceRows, submissionLines,
  trialEventFiles,
} from '../../../lib/experiments/analysis/final-views';
import { finalFindings } from '../../../lib/experiments/analysis/findings';

const iv = (estimate: number, lo: number, hi: number) => ({ estimate, lo, hi, level: 0.95, samples: 100 });
const d = (estimate: number, lo: number, hi: number) => ({ ...iv(estimate, lo, hi), excludesZero: lo > 0 || hi < 0 });
const features = (names: string[], offset: number[], scale: number[], trainIds: number[]): { features: FittedFeatures } =>
  ({ features: { names, scaler: { kind: 'minmax', offset, scale }, trainIds, groups: [] } as unknown as FittedFeatures });

test('foldScalers: inputs every fold kept, those scaled differently, and their offsets per fold', () => {
  const s = foldScalers([
    features(['a', 'b', 'c'], [0, 1, 5], [1, 2, 3], [1, 2]),
    features(['a', 'b'], [0, 1.5], [1, 2], [3, 4, 5]),
  ]);
  assert.equal(s.line, '2 fold models; 2 inputs kept by every fold, 1 of them scaled differently from fold to fold; inputs per fold: 3, 2');
  assert.deepEqual(s.rows[1], { fold: 2, 'fit on subjects': 3, 'model inputs': 2, 'PCA groups': 0, 'b offset': 1.5, 'b scale': 2 });
});

const u: EnsembleUncertainty[] = [
  { model: 'forest', val: iv(0.9, 0.85, 0.95), oof: iv(0.9, 0.86, 0.94), test: iv(0.92, 0.9, 0.94) },
  { model: 'lstm', val: iv(0.8, 0.7, 0.9), oof: iv(0.8, 0.75, 0.85), vsReference: { reference: 'forest', oof: d(-0.1, -0.15, -0.05), test: d(0.01, -0.02, 0.04) } },
];

test('intervalLookup, reference rows and lines: the verdict of each difference', () => {
  assert.equal(intervalLookup(u)('lstm').val.estimate, 0.8);
  assert.throws(() => intervalLookup(u)('gru'), /no intervals for model gru/);
  const [row] = referenceRows(u);
  assert.deepEqual([row.model, row['out of fold: beyond noise'], row['test: beyond noise']], ['lstm', 'yes', 'no']);
  assert.deepEqual(referenceLines(u), [
    'lstm − forest: out of fold −0.1000 [−0.1500, −0.0500]: worse beyond noise; on the test subjects +0.0100 [−0.0200, +0.0400]: within noise (the interval contains 0)',
  ]);
  assert.deepEqual(pairRows([{ a: 'lstm', b: 'rnn', oof: d(0.02, 0.01, 0.03) }])[0], {
    'a − b': 'lstm − rnn', 'out of fold [95 %]': '+0.0200 [+0.0100, +0.0300]', 'out of fold: beyond noise': 'yes', 'test [95 %]': 'n/a', 'test: beyond noise': '',
  });
});

test('ensembleRows: test figure with its interval, without labels, or why there is none', () => {
  const e = (model: string, test?: object) => ({ model, folds: 5, oof: { accuracy: 0.9 }, test } as unknown as EnsembleSummary);
  const rows = ensembleRows([e('forest', { ids: [1, 2, 3], y: [0, 2, 2], members: 5, report: { accuracy: 1 } }), e('lstm')], intervalLookup(u), 'synthetic');
  assert.equal(rows[0]['test macro-F1 [95 %]'], '0.9200 [0.9000, 0.9400]');
  assert.equal(rows[0]['test predicted (no / low / high pain)'], '1 / 0 / 2');
  assert.equal(rows[1]['test macro-F1 [95 %]'], 'n/a');
  assert.equal(rows[1].members, 5);
  assert.equal(ensembleRows([e('lstm')], intervalLookup(u), 'kaggle')[0]['test macro-F1 [95 %]'], 'n/a — Kaggle scores it');
});

const fold = (k: number, pred: number[]): FoldRecord =>
  ({ metrics: { fold: k }, history: [], predictions: { ids: [10 * k, 10 * k + 1, 10 * k + 2], y: [0, 1, 2], pred, prob: [], nll: [] } } as unknown as FoldRecord);
const run = (model: string, trial: object, folds: FoldRecord[], dir = '/x'): ModelRun =>
  ({ summary: { model } as EnsembleSummary, trial: { hash: model, dir, trial, folds } as unknown as TrialResult });

test('recurrent against baseline lines: paired out of fold, verdict in words; none to compare', () => {
  const lstm = run('lstm', { model: { cell: 'lstm' } }, [fold(0, [0, 1, 2]), fold(1, [0, 1, 2])]);
  const forest = run('forest', { model: { kind: 'baseline' } }, [fold(0, [0, 1, 2]), fold(1, [0, 1, 2])]);
  // the same predictions: a difference of exactly 0 (no resampling needed), within noise
  assert.deepEqual(recurrentVsBaselineLines([lstm, forest]), ['lstm − forest: out of fold +0.0000 [+0.0000, +0.0000] → lstm and forest cannot be told apart (the interval contains 0)']);
  assert.deepEqual(recurrentVsBaselineLines([lstm]), ['this config has no baseline entries (or no recurrent ones) to compare']);
});

test('submissionLines: header, first rows, and an exact check of the ids in order', () => {
  const text = 'sample_index,label\n000,no_pain\n001,low_pain\n';
  assert.deepEqual(submissionLines(text, [0, 1]), ['header: sample_index,label; first rows: 000,no_pain · 001,low_pain', 'covers exactly the 2 test subjects, in order: yes']);
  assert.equal(submissionLines(text, [1, 0])[1], 'covers exactly the 2 test subjects, in order: NO');
});

test('trialEventFiles: the event files in each fold\'s folder, baselines skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'events-'));
  try {
    mkdirSync(join(dir, 'fold-0'));
    mkdirSync(join(dir, 'fold-1'));
    writeFileSync(join(dir, 'fold-0', 'events.out.tfevents.1.host'), '');
    writeFileSync(join(dir, 'fold-0', 'metrics.jsonl'), '');
    const lstm = run('lstm', { model: { cell: 'lstm' } }, [fold(0, []), fold(1, []), fold(2, [])], dir);
    assert.deepEqual(trialEventFiles(lstm.trial), [join('fold-0', 'events.out.tfevents.1.host')]);
    const forest = run('forest', { model: { kind: 'baseline' } }, [], dir);
    assert.deepEqual(eventFileLines([lstm, forest], tmpdir()), [`lstm: ${dir.slice(tmpdir().length + 1)}/ — 1 event file(s), e.g. ${join('fold-0', 'events.out.tfevents.1.host')}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('finalFindings: each model\'s figures, the pairs beyond and within noise, the submission', () => {
  const text = finalFindings({
    profile: 'quick', source: 'synthetic', trainSubjects: 661, testSubjects: 1324, submitted: 'forest', submission: 'outputs/submission.csv',
    ensembles: [{ model: 'forest', folds: 5, valMacroF1: { mean: 0.9, std: 0.02 } }, { model: 'lstm', folds: 5, valMacroF1: { mean: 0.8, std: 0.05 } }],
    intervals: u, pairs: [{ a: 'forest', b: 'lstm', oof: d(0.1, 0.05, 0.15) }],
  });
  assert.match(text, /forest: 5-fold validation macro-F1 0\.9000 \[0\.8500, 0\.9500\] ± 0\.0200, out of fold 0\.9000 \[0\.8600, 0\.9400\], test 0\.9200 \[0\.9000, 0\.9400\]; lstm: .* test n\/a\./);
  assert.match(text, /1 of 1 pairs of models differ beyond noise \(forest − lstm \+0\.1000 \[\+0\.0500, \+0\.1500\]\)\./);
  assert.match(text, /forest's, the highest mean validation macro-F1, written to `outputs\/submission\.csv`/);
});
