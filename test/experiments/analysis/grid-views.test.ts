import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FoldRecord, TrialResult } from '../../../lib/experiments/run/trials';
import type { HalvingSummary } from '../../../lib/experiments/search/halving';
import type { RunRow } from '../../../lib/experiments/analysis/table';
import { selectTrial } from '../../../lib/experiments/analysis/select';
import {
  axisDimensions, gridNamer, halvingBest, halvingLines, ruleRoles, rungRows, searchSpaceRows, selectedCurves, selectionLines, settingMeanRows,
  trialLabel, withHalving,
} from '../../../lib/experiments/analysis/grid-views';
import { gridFindings } from '../../../lib/experiments/analysis/findings';

const row = (hash: string, f1Mean: number, trainLoss: number, extra: Partial<RunRow> = {}): RunRow =>
  ({ hash, f1Mean, f1Std: 0.01, f1Lo: f1Mean - 0.02, f1Hi: f1Mean + 0.02, trainLoss, cell: 'lstm', layers: 2, hidden: 64, bidirectional: false, window: 25, stride: 2, lr: 0.001, batch: 64, ...extra } as RunRow);

test('search space rows and axis dimensions', () => {
  const rows = searchSpaceRows({ 'model.cell': ['rnn', 'lstm'], lr: [1, 2, 3] }, { 'model.cell': ['lstm'], lr: [1] }, 'smoke');
  assert.deepEqual(rows[1], { setting: 'lr', 'full space': '1, 2, 3', values: 3, 'smoke profile': '1' });
  const dims = axisDimensions([{ key: 'cell', label: 'cell', values: [0, 1], tickvals: [0, 1], ticktext: ['rnn', 'lstm'] }], [0.5, 0.7]);
  assert.deepEqual(dims[1], { label: 'val macro-F1', values: [0.5, 0.7] });
});

test('selection: the bar, who is set aside, and the pick in words; roles for the chart', () => {
  const rows = [row('top', 0.95, 0.30), row('ok', 0.9, 0.5), row('low', 0.7, 0.6)];
  const s = selectTrial(rows, { minTrainLoss: 0.34 });
  const lines = selectionLines(s, rows[0], { smoothing: 0.1, floor: 0.2911, bar: 0.3411 });
  assert.deepEqual(lines, [
    'label smoothing 0.1: loss floor 0.2911, bar for "not collapsed" 0.3411',
    '2 trials pass, 1 set aside: top (train loss 0.300, val macro-F1 0.9500)',
    'selected ok (val macro-F1 0.9000) over the top-scoring top (0.9500, train loss 0.300)',
  ]);
  assert.deepEqual(ruleRoles(rows, s.best!, s), [1, 2, 0]);
  const none = selectTrial(rows, { minTrainLoss: 5 });
  assert.equal(selectionLines(none, rows[0], { smoothing: 0.1, floor: 0.29, bar: 5 })[2], 'no trial stays above the bar; the curves below show the top trial by score instead');
  assert.equal(selectionLines(selectTrial(rows, { minTrainLoss: 0.1 }), rows[0], { smoothing: 0, floor: 0, bar: 0.1 })[2], 'selected top: also the top trial by validation score');
});

test('names and labels of grid trials', () => {
  const r = row('0123456789ab', 0.9, 0.5, { bidirectional: true, lr: 0.0005, batch: 32 });
  assert.equal(gridNamer([r])('0123456789ab'), '01234567 (lstm 2×64 bi, lr 0.0005, batch 32)');
  assert.equal(trialLabel(r), '0123456789ab: lstm 2×64 bi, size 25/stride 2');
  assert.throws(() => gridNamer([r])('x'), /no trial x/);
});

// trials validated on the same 4 subjects: 'a' right on all, 'b' wrong on the class-2 subject
const trial = (hash: string, pred: number[]): TrialResult => ({
  hash, wallSeconds: 10, folds: [{ metrics: { epochs: 3 }, predictions: { ids: [1, 2, 3, 4], y: [0, 1, 2, 0], pred, prob: [], nll: [] } } as unknown as FoldRecord],
} as TrialResult);

test('settingMeanRows: per value, the mean of the trials with it, with their count', () => {
  const trials = [trial('a', [0, 1, 2, 0]), trial('b', [0, 1, 0, 0])];
  const rows = settingMeanRows([{ key: 'cell', label: 'cell', values: [0, 1], tickvals: [0, 1], ticktext: ['rnn', 'lstm'] }, { key: 'lr', label: 'lr', values: [1, 2] }], [{ hash: 'a' }, { hash: 'b' }], trials);
  assert.equal(rows.length, 1); // lr has no ticks: left out
  // a: macro-F1 1 every resample; b: class 0 F1 2·2/(2·2+1) = 0.8, class 1 1, class 2 0 → 0.6 in every resample
  assert.equal(rows[0]['mean val macro-F1 [95 %] per value (trials)'], 'rnn: 1.000 [1.000, 1.000] (1) · lstm: 0.600 [0.600, 0.600] (1)');
});

test('selectedCurves: train solid, validation dashed with its band', () => {
  const c = selectedCurves({ epoch: [1, 2], folds: [1, 1], trainLoss: [1, 0.5], valLoss: [0.9, 0.8], trainMacroF1: [0.4, 0.6], valMacroF1: [0.5, 0.55] },
    [{ estimate: 0.5, lo: 0.4, hi: 0.6, level: 0.95, samples: 1 }, undefined], ['c0', 'c1']);
  assert.deepEqual(c.loss.map((s) => [s.name, s.color]), [['train loss', 'c0'], ['validation loss', 'c1']]);
  assert.deepEqual(c.macroF1[1].band, { lower: [0.4, NaN], upper: [0.6, NaN] });
});

test('halving: config, rung rows, best by score then hash, savings in words', () => {
  const cfg = withHalving({ name: 'grid', search: { mode: 'random', space: {} } } as never, { minEpochs: 1, eta: 2 });
  assert.equal(cfg.name, 'grid-halving');
  assert.deepEqual((cfg.search as { halving: unknown }).halving, { minEpochs: 1, eta: 2 });
  const h: HalvingSummary = {
    eta: 2, budgetEpochs: 30, plainBudgetEpochs: 120, epochsRun: 25,
    rungs: [
      { epochs: 1, kept: ['a'], trials: [{ hash: 'a', point: { lr: 1 }, score: 0.5, epochsRun: 2, wallSeconds: 1.25 }, { hash: 'b', point: { lr: 2 }, score: 0.4, epochsRun: 2, wallSeconds: 2 }] },
      { epochs: 2, kept: ['a'], trials: [{ hash: 'a', point: { lr: 1 }, score: 0.6, epochsRun: 4, wallSeconds: 3 }] },
    ],
  };
  const rows = rungRows(h.rungs);
  assert.deepEqual(rows.map((r) => [r.rung, r.hash, r.kept, r['val macro-F1 [95 %]'], r.seconds]), [[1, 'a', 'yes', 0.5, 1.3], [1, 'b', '', 0.4, 2], [2, 'a', 'yes', 0.6, 3]]);
  assert.equal(halvingBest([row('b', 0.9, 1), row('a', 0.9, 1), row('c', 0.8, 1)]).hash, 'a');
  const plain = [trial('a', [0, 1, 2, 0]), trial('b', [0, 1, 2, 0])];
  const out = halvingLines(h, { hash: 'a', f1Mean: 0.6 }, { trials: plain, top: { hash: 'b', f1Mean: 0.65 } });
  assert.equal(out.sameBest, false);
  assert.equal(out.lines[0], 'rungs at 1, 2 epochs with 2, 1 points');
  assert.equal(out.lines[1], 'epoch budget: 30 against 120 for the plain search (75 % saved); epochs trained: 25 against 6');
  assert.equal(out.lines[2], 'training time (sum over folds): 6 s against 20 s for the plain search');
  assert.match(out.lines[3], /a different configuration/);
});

test('gridFindings: space sizes, the selection and the noise counts, computed', () => {
  const d = (estimate: number, lo: number, hi: number) => ({ estimate, lo, hi, level: 0.95, samples: 10, excludesZero: lo > 0 || hi < 0 });
  const text = gridFindings({
    profile: 'quick', source: 'synthetic', trained: 3, fullSpace: { a: [1, 2, 3], b: [1, 2] }, space: { a: [1], b: [1, 2] },
    top: { hash: 't', f1Mean: 0.9, f1Lo: 0.85, f1Hi: 0.95, f1Std: 0.02 }, chosen: { hash: 't', f1Mean: 0.9, f1Lo: 0.85, f1Hi: 0.95, trainLoss: 0.5 },
    bar: 0.341, name: String, point: { lr: 0.001 }, halvingKeptBest: true,
    comparisons: [{ hash: 't', reference: 't', f1: d(0, 0, 0) }, { hash: 'u', reference: 't', f1: d(-0.1, -0.2, -0.05) }, { hash: 'v', reference: 't', f1: d(-0.01, -0.05, 0.03) }],
  });
  assert.match(text, /trained 3 of 6 possible configurations \(2 in this profile's space\)/);
  assert.match(text, /selects that same trial, final training loss 0\.500, recipe changes \{"lr":0\.001\}/);
  assert.match(text, /1 of the other 2 configurations are lower beyond noise, 1 are within noise by macro-F1/);
  assert.match(text, /ended on the same best configuration/);
  assert.match(text, /LSTM 2×256 and RNN 1×64\.$/);
});
