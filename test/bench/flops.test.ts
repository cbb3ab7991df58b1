import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuPeak, measuredCpuPeak, trainFlopsPerWindow } from '../../lib/bench/flops';
import { formatTable } from '../../lib/bench/table';
import type { BenchResult } from '../../lib/bench/engine';

test('matrix-product flops per training window, counted by hand', () => {
  // RNN 1×3, 2 inputs, 2 steps, 3 classes: x·W_ih^T 2·2·2·3 = 24 (forward, dW_ih; no dX for the first layer),
  // h·W_hh^T 2·1·3·3 = 18 (forward, dW_hh, dh), fc 2·3·3 = 18 (forward, dW, dX)
  assert.equal(trainFlopsPerWindow({ cell: 'rnn', inputSize: 2, hiddenSize: 3, layers: 1, bidirectional: false, dropout: 0, classes: 3 }, 2),
    2 * 24 + 3 * 18 + 3 * 18);
  // the report's LSTM 2×256 at 25 steps × 30 features: layer 0 2·1,536,000 + 3·12,582,912; layer 1 (with dX)
  // 3·13,107,200 + 3·12,582,912; fc 3·1,536
  assert.equal(trainFlopsPerWindow({ cell: 'lstm', inputSize: 30, hiddenSize: 256, layers: 2, bidirectional: false, dropout: 0.2, classes: 3 }, 25),
    40_820_736 + 77_070_336 + 4_608);
  // bidirectional doubles the recurrent part and widens the next layer's input
  const bi = trainFlopsPerWindow({ cell: 'gru', inputSize: 4, hiddenSize: 5, layers: 2, bidirectional: true, dropout: 0, classes: 3 }, 3);
  const G = 15, l0 = 2 * (2 * (2 * 3 * 4 * G) + 3 * (2 * 2 * 5 * G)), l1 = 2 * (3 * (2 * 3 * 10 * G) + 3 * (2 * 2 * 5 * G));
  assert.equal(bi, l0 + l1 + 3 * 2 * 10 * 3);
});

test('peak from the clock in cpuinfo, and a % of peak column in the table', () => {
  const f = join(mkdtempSync(join(tmpdir(), 'pp-cpu-')), 'cpuinfo');
  writeFileSync(f, 'processor\t: 0\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2500.000\n');
  const p = cpuPeak(32, f);
  assert.equal(p?.flops, 80e9);
  assert.match(p?.basis ?? '', /AMD EPYC at 2\.50 GHz .* × 32 FP32 flop\/cycle .* = 80\.0 GFLOP\/s/);
  assert.equal(cpuPeak(32, join(tmpdir(), 'no-such-cpuinfo')), undefined);
  const r: BenchResult = { trainWps: 300, inferWps: 900, trainCpuWps: 400, inferCpuWps: 1000, trainBatches: 1, inferBatches: 1 };
  const t = formatTable([{ model: 'LSTM', backend: 'builtin', results: [r], flopsPerWindow: 1e8, peakFlops: 80e9 }]);
  assert.match(t.split('\n')[0], /train % of peak \|$/);
  assert.match(t.split('\n')[2], /\|\s+50 % \|$/); // 400 windows × 1e8 flop per CPU second = 40 of 80 GFLOP/s
});

test('a measured peak wins over the nominal clock, which is still named', () => {
  const f = join(mkdtempSync(join(tmpdir(), 'pp-cpu-')), 'cpuinfo');
  writeFileSync(f, 'model name\t: AMD EPYC\ncpu MHz\t\t: 2600.000\n');
  const p = measuredCpuPeak({ flops: 112e9, isa: 'avx512' }, 32, f);
  assert.equal(p?.flops, 112e9);
  assert.match(p?.basis ?? '', /^measured 112\.0 GFLOP\/s per core \(avx512 .*\) = 32 FP32 flop\/cycle × 3\.50 GHz effective clock; \/proc\/cpuinfo's clock would give 83\.2$/);
  assert.equal(measuredCpuPeak(undefined, 32, f)?.flops, 83.2e9);
});
