import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, recordRefusal } from '../../lib/bench/main';
import { benchEngine, timeLoop } from '../../lib/bench/engine';
import { formatTable } from '../../lib/bench/table';
import type { BenchResult } from '../../lib/bench/engine';
import { typescriptGemm } from '../../lib/nn/gemm';

test('flags: defaults, lists, and clear errors', () => {
  const d = parseArgs([]);
  assert.equal(d.batches, undefined);
  assert.deepEqual(d.models, ['lstm', 'rnn']);
  assert.equal(d.explicitBackends, false);
  assert.equal(d.record, false);
  assert.equal(parseArgs(['--record']).record, true);
  const a = parseArgs(['--batches', '5', '--models', 'rnn', '--backends', 'typescript,pytorch', '--repeat', '2']);
  assert.equal(a.batches, 5);
  assert.deepEqual(a.models, ['rnn']);
  assert.deepEqual(a.backends, ['typescript', 'pytorch']);
  assert.equal(a.explicitBackends, true);
  assert.equal(a.repeat, 2);
  assert.throws(() => parseArgs(['--batches', '0']), /--batches: expected a positive integer, got 0/);
  assert.throws(() => parseArgs(['--models', 'tcn']), /--models: unknown model tcn/);
  assert.throws(() => parseArgs(['--backends', 'cuda']), /--backends: unknown backend cuda/);
  assert.throws(() => parseArgs(['--batches']), /--batches: missing value/);
  assert.throws(() => parseArgs(['--fast']), /unknown flag --fast/);
});

test('timeLoop warms up, then counts timed calls up to the limit', () => {
  const seen: number[] = [];
  const [n, wall, cpu] = timeLoop((i) => seen.push(i), 5, 3, 60, 60);
  assert.equal(n, 5);
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.ok(wall >= 0 && cpu >= 0);
  const none: number[] = [];
  timeLoop((i) => none.push(i), 2, 0, 60);
  assert.deepEqual(none, [0, 1]);
});

test('benchEngine trains and infers a small model and reports positive rates', () => {
  const r = benchEngine({ cell: 'gru', inputSize: 3, hiddenSize: 4, layers: 1, bidirectional: false, dropout: 0, classes: 3 },
    typescriptGemm, { batches: 3, batchSize: 8, steps: 5, maxSeconds: 10, warmup: 1, warmupSeconds: 0 });
  assert.equal(r.trainBatches, 3);
  assert.equal(r.inferBatches, 3);
  for (const v of [r.trainWps, r.inferWps, r.trainCpuWps, r.inferCpuWps]) assert.ok(Number.isFinite(v) && v > 0);
});

test('table: best and median over repeats, ratios against PyTorch best per CPU second', () => {
  const res = (train: number, cpu: number): BenchResult => ({ trainWps: train, inferWps: 2 * train, trainCpuWps: cpu, inferCpuWps: 2 * cpu, trainBatches: 1, inferBatches: 1 });
  const torch = [res(100, 200), res(80, 160)];
  const t = formatTable([
    { model: 'RNN', backend: 'openblas', results: [res(150, 300), res(120, 250), res(130, 260)], torch },
    { model: 'RNN', backend: 'pytorch', results: torch, torch },
  ]);
  const lines = t.split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0], /train win\/s \(best \/ median\)/);
  assert.match(lines[2], /\|\s+150 \/ 130 \|\s+300 \/ 260 \|/); // wall best / median, then CPU
  assert.match(lines[2], /\|\s+1\.50× \|\s+1\.50× \|\s+1\.50× \|$/); // 300/200 CPU, 600/400 infer CPU, 150/100 wall
  assert.match(lines[3], /1\.00×/);
});

test('--record refuses a run on a machine busier than its cores', () => {
  assert.equal(recordRefusal(1.5, 2), undefined);
  assert.match(recordRefusal(11.1, 2)!, /^load average 11\.1 on 2 cores: other work shares the CPUs/);
});
