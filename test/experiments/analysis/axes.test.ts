import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hyperparameterAxes } from '../../../lib/experiments/analysis/axes';

const rows = [
  { cell: 'lstm', bidirectional: false, hidden: 64, lr: 1e-3, dropout: 0.3, f1Mean: 0.8 },
  { cell: 'gru', bidirectional: true, hidden: 128, lr: 1e-4, dropout: 0.3, f1Mean: 0.9 },
  { cell: 'rnn', bidirectional: false, hidden: 64, lr: 5e-4, dropout: 0.3, f1Mean: 0.7 },
];

test('numbers stay, categories become sorted codes with tick labels, constant columns are dropped', () => {
  const axes = hyperparameterAxes(rows, ['cell', 'bidirectional', 'hidden', 'dropout', 'f1Mean'], { labels: { hidden: 'hidden size' } });
  assert.deepEqual(axes.map((a) => a.key), ['cell', 'bidirectional', 'hidden', 'f1Mean']);
  assert.deepEqual(axes[0], { key: 'cell', label: 'cell', values: [1, 0, 2], tickvals: [0, 1, 2], ticktext: ['gru', 'lstm', 'rnn'] });
  assert.deepEqual(axes[1], { key: 'bidirectional', label: 'bidirectional', values: [0, 1, 0], tickvals: [0, 1], ticktext: ['false', 'true'] });
  assert.deepEqual(axes[2], { key: 'hidden', label: 'hidden size', values: [64, 128, 64], tickvals: [64, 128], ticktext: ['64', '128'] });
  assert.deepEqual(axes[3].values, [0.8, 0.9, 0.7]);
  assert.deepEqual(axes[3].tickvals, [0.7, 0.8, 0.9]);
  // many distinct values: plotly's own ticks
  const many = Array.from({ length: 9 }, (_, i) => ({ f1: i / 10 }));
  assert.deepEqual(hyperparameterAxes(many, ['f1'])[0], { key: 'f1', label: 'f1', values: many.map((r) => r.f1) });
  const kept = hyperparameterAxes(rows, ['dropout'], { keepConstant: true });
  assert.deepEqual(kept[0].values, [0.3, 0.3, 0.3]);
});

test('log axes: log10 positions, ticks labelled with the original values; non-positive values and mixed types throw', () => {
  const [lr] = hyperparameterAxes(rows, ['lr'], { log: ['lr'] });
  assert.deepEqual(lr.values, [-3, -4, Math.log10(5e-4)]);
  assert.deepEqual(lr.tickvals, [-4, Math.log10(5e-4), -3]);
  assert.deepEqual(lr.ticktext, ['0.0001', '0.0005', '0.001']);
  assert.throws(() => hyperparameterAxes([{ l1: 0 }, { l1: 1e-6 }], ['l1'], { log: ['l1'] }), /l1 has 0, which a log axis cannot show/);
  assert.throws(() => hyperparameterAxes([{ x: 1 }, { x: 'a' }], ['x']), /x mixes number and string values/);
});
