import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClassificationReport } from '../../../lib/evaluate/metrics';
import {
  COMPARISON_COLUMNS, bestEnsemble, comparisonRows, markdownTable, modelName, submissionFileName, writeBestSubmission,
} from '../../../lib/experiments/analysis/compare';
import type { EnsembleSummary } from '../../../lib/experiments/run/experiment';
import { trialIntervals } from '../../../lib/experiments/analysis/uncertainty';
import { macroF1Interval } from '../../../lib/evaluate/bootstrap';
import type { TrialResult } from '../../../lib/experiments/run/trials';
import type { ModelHyper } from '../../../lib/train/types';

const ensemble = (model: string, hash: string, val: number, oof: number, test?: EnsembleSummary['test']): EnsembleSummary => ({
  model, hash, folds: 5, valMacroF1: { mean: val, std: 0.01 }, optimisticValMacroF1: { mean: val, std: 0.01 }, oof: { macroF1: oof } as ClassificationReport, test,
});
const trial = (hash: string, model: ModelHyper) => ({ hash, trial: { model, train: {} } }) as unknown as TrialResult;
const lstm = (layers: number, hiddenSize: number): ModelHyper => ({ cell: 'lstm', layers, hiddenSize, bidirectional: false, dropout: 0.3 });
const rnn: ModelHyper = { cell: 'rnn', layers: 1, hiddenSize: 64, bidirectional: false, dropout: 0.3 };

test('model names: cell, layers × hidden units, Bi for bidirectional', () => {
  assert.equal(modelName(lstm(2, 256)), 'LSTM 2×256');
  assert.equal(modelName({ ...rnn, cell: 'gru', bidirectional: true }), 'BiGRU 1×64');
});

test("comparison rows: the report's figures next to ours; a stand-in architecture is named; test cell by data source", () => {
  const result = {
    profile: 'quick' as const,
    trials: [trial('h1', lstm(1, 64)), trial('h2', rnn)],
    ensembles: [
      ensemble('lstm', 'h1', 0.91234, 0.9, { ids: [0, 1], y: [0, 2], members: 5, complete: true, macroF1: 0.95678 }),
      ensemble('rnn', 'h2', 0.9, 0.88, { ids: [0], y: [1], members: 5, complete: false, macroF1: 0.5 }),
    ],
  };
  const cols = COMPARISON_COLUMNS('quick');
  assert.deepEqual(cols, ['Model', 'val macro-F1 (report)', 'val macro-F1 (reproduced, quick)', 'val macro-F1 (reproduced, optimistic as in the report)', 'test macro-F1 (report, Kaggle)', 'test macro-F1 (reproduced)']);
  const rows = comparisonRows(result, 'synthetic');
  assert.deepEqual(rows[0], {
    Model: 'LSTM 2×256 (quick: LSTM 1×64)',
    'val macro-F1 (report)': '0.9384',
    'val macro-F1 (reproduced, quick)': '0.9123 ± 0.0100 (5 folds)',
    'val macro-F1 (reproduced, optimistic as in the report)': 'same (the epoch was chosen on validation)',
    'test macro-F1 (report, Kaggle)': '0.9567',
    'test macro-F1 (reproduced)': '0.9568 (synthetic hidden labels)',
  });
  assert.equal(rows[1].Model, 'RNN 1×64');
  assert.equal(rows[1]['val macro-F1 (report)'], '0.9363');
  assert.equal(rows[1]['test macro-F1 (report, Kaggle)'], '0.9558');
  assert.equal(rows[1]['test macro-F1 (reproduced)'], '0.5000 (synthetic hidden labels, first 1 subjects)');
  const real = comparisonRows(result, 'kaggle');
  assert.deepEqual(real.map((r) => r['test macro-F1 (reproduced)']), ['n/a — Kaggle scores it', 'n/a — Kaggle scores it']);
  const noTest = comparisonRows({ ...result, ensembles: [ensemble('other', 'h2', 0.5, 0.5)] }, 'synthetic');
  assert.deepEqual(noTest[0], {
    Model: 'RNN 1×64', 'val macro-F1 (report)': '—', 'val macro-F1 (reproduced, quick)': '0.5000 ± 0.0100 (5 folds)',
    'val macro-F1 (reproduced, optimistic as in the report)': 'same (the epoch was chosen on validation)',
    'test macro-F1 (report, Kaggle)': '—', 'test macro-F1 (reproduced)': 'n/a — no test predictions',
  });
  assert.throws(() => comparisonRows({ ...result, trials: [] }, 'synthetic'), /no trial h1 for model lstm/);
});

test('comparison rows carry 95 % intervals when the folds kept their predictions and the test labels are known', () => {
  const ids = Array.from({ length: 90 }, (_, i) => i);
  const y = ids.map((i) => i % 3);
  const pred = y.map((c, i) => (i % 7 === 0 ? (c + 1) % 3 : c));
  const folds = [0, 1].map((k) => ({ metrics: {}, history: [], predictions: { ids: ids.filter((i) => i % 2 === k), y: y.filter((_, i) => i % 2 === k), pred: pred.filter((_, i) => i % 2 === k), prob: [], nll: [] } }));
  // stopped on an inner split; at the best validation epoch every subject was right
  const optimistic = folds.map((f) => ({ ...f, optimisticPredictions: { ...f.predictions, pred: f.predictions.y } }));
  const t = { hash: 'h2', trial: { model: rnn, train: { earlyStopping: 'inner' } }, folds: optimistic } as unknown as TrialResult;
  const e = { ...ensemble('rnn', 'h2', 0.9, 0.88, { ids, y: pred, truth: y, members: 2, complete: true, macroF1: 0.9 }), optimisticValMacroF1: { mean: 1, std: 0 } };
  const row = comparisonRows({ profile: 'quick', trials: [t], ensembles: [e] }, 'synthetic')[0];
  const val = trialIntervals(t).f1;
  assert.equal(row['val macro-F1 (reproduced, quick)'], `0.9000 [${val.lo.toFixed(4)}, ${val.hi.toFixed(4)}] ± 0.0100 (5 folds)`);
  // perfect predictions: every resample scores 1
  assert.equal(row['val macro-F1 (reproduced, optimistic as in the report)'], '1.0000 [1.0000, 1.0000] ± 0.0000');
  const old = comparisonRows({ profile: 'quick', trials: [{ ...t, folds } as unknown as TrialResult], ensembles: [e] }, 'synthetic')[0];
  assert.equal(old['val macro-F1 (reproduced, optimistic as in the report)'], '1.0000 ± 0.0000', 'a record without those predictions: no interval');
  const test = macroF1Interval(y, pred, 3);
  assert.equal(row['test macro-F1 (reproduced)'], `0.9000 [${test.lo.toFixed(4)}, ${test.hi.toFixed(4)}] (synthetic hidden labels)`);
  assert.ok(test.lo < test.hi);
});

test('markdown table in the given column order, pipes escaped', () => {
  assert.equal(markdownTable([{ a: '1', b: 'x|y' }, { b: '2' }], ['b', 'a']), '| b | a |\n|---|---|\n| x\\|y | 1 |\n| 2 |  |');
});

test('the submitted model: best mean validation F1, then out-of-fold F1, then name; never the test score', () => {
  const a = ensemble('a', 'ha', 0.90, 0.80, { ids: [], y: [], members: 5, complete: true, macroF1: 0.99 });
  const b = ensemble('b', 'hb', 0.92, 0.70, { ids: [], y: [], members: 5, complete: true, macroF1: 0.10 });
  assert.equal(bestEnsemble([a, b]).model, 'b');
  const c = ensemble('c', 'hc', 0.92, 0.75);
  assert.equal(bestEnsemble([a, b, c]).model, 'c');
  assert.equal(bestEnsemble([ensemble('z', 'z', 0.5, 0.5), ensemble('y', 'y', 0.5, 0.5)]).model, 'y');
  assert.throws(() => bestEnsemble([]), /no ensembles/);
});

test('writeBestSubmission writes the chosen ensemble in Kaggle format; incomplete or missing predictions throw', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-compare-'));
  try {
    const file = join(dir, 'submission.csv');
    const good = ensemble('rnn', 'h', 0.95, 0.9, { ids: [0, 7, 1203], y: [0, 2, 1], members: 5, complete: true });
    const worse = ensemble('lstm', 'g', 0.90, 0.9, { ids: [0], y: [1], members: 5, complete: true });
    assert.deepEqual(writeBestSubmission({ ensembles: [worse, good], profile: 'full' }, dir), { model: 'rnn', subjects: 3, file });
    assert.equal(readFileSync(file, 'utf8'), 'sample_index,label\n000,no_pain\n007,high_pain\n1203,low_pain\n');
    const partial = ensemble('p', 'p', 0.99, 0.9, { ids: [0], y: [1], members: 5, complete: false });
    assert.throws(() => writeBestSubmission({ ensembles: [partial, good], profile: 'quick' }, dir), /p: only 1 test subjects were predicted/);
    assert.throws(() => writeBestSubmission({ ensembles: [ensemble('n', 'n', 0.99, 0.9)], profile: 'quick' }, dir), /n: no test predictions/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('smoke runs write their own submission file and leave a real one untouched', () => {
  assert.equal(submissionFileName('full'), 'submission.csv');
  assert.equal(submissionFileName('quick'), 'submission.csv');
  assert.equal(submissionFileName('smoke'), 'submission-smoke.csv');
  const dir = mkdtempSync(join(tmpdir(), 'pp-compare-'));
  try {
    const real = 'sample_index,label\n000,high_pain\n';
    writeFileSync(join(dir, 'submission.csv'), real);
    const e = ensemble('rnn', 'h', 0.5, 0.5, { ids: [0], y: [0], members: 2, complete: true });
    assert.equal(writeBestSubmission({ ensembles: [e], profile: 'smoke' }, dir).file, join(dir, 'submission-smoke.csv'));
    assert.equal(readFileSync(join(dir, 'submission.csv'), 'utf8'), real);
    assert.equal(readFileSync(join(dir, 'submission-smoke.csv'), 'utf8'), 'sample_index,label\n000,no_pain\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
