// The bench's record: every repeat kept, each ratio to PyTorch within its own repeat, % of peak from the flops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchRecord } from '../../lib/docs/bench-record';
import { benchTable } from '../../lib/docs/render';

const r = (train: number, infer: number) => ({ trainWps: train, inferWps: infer, trainCpuWps: train, inferCpuWps: infer, trainBatches: 1, inferBatches: 1 });

test('ratios are taken within one repeat, and the table shows their range', () => {
  const rec = benchRecord([{ model: 'RNN 1×64', backend: 'builtin', results: [r(60000, 130000), r(55000, 140000)], torch: [r(30000, 100000), r(31000, 95000)], flopsPerWindow: 1e6, peakFlops: 1e11 }],
    ['a note'], { builtin: 'builtin:avx512' }, __dirname);
  const row = rec.rows[0];
  assert.deepEqual(row.vsTorchTrain, [2, 55000 / 31000]);
  assert.deepEqual(row.peakFraction, [0.6, 0.55]);
  assert.equal(rec.provenance.identities.builtin, 'builtin:avx512');
  const t = benchTable({ bench: rec });
  assert.match(t, /\| RNN 1×64 \| builtin \| 55,000–60,000 \| 130,000–140,000 \| 1\.77–2\.00× \| 1\.30–1\.47× \| 55–60 % \|/);
  assert.match(t, /paths: builtin `builtin:avx512`/);
  assert.match(t, /^- a note$/m);
});

test('without PyTorch in the run there is no ratio, not a made-up one', () => {
  const rec = benchRecord([{ model: 'LSTM 2×256', backend: 'typescript', results: [r(90, 320)] }], [], {}, __dirname);
  assert.equal(rec.rows[0].vsTorchTrain, undefined);
  assert.match(benchTable({ bench: rec }), /\| LSTM 2×256 \| typescript \| 90 \| 320 \| — \| — \| — \|/);
});
