import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curveFacts, curveLine, foldMetricsFile, fullBudgetText, listScheduleSeconds, plateauMacroF1, project, readCurve, type CurvePoint, type FullBudgetTrial } from '../../lib/docs/full-budget';

const point = (epoch: number, val: number, inner: number, seconds: number): CurvePoint => ({ epoch, seconds, trainLoss: 1 - epoch / 100, innerMacroF1: inner, valMacroF1: val, classesPredicted: val > 0.3 ? 3 : 1 });

test('plateauMacroF1: every subject as the most frequent class', () => {
  // 7 of class 0, 2 of class 1, 1 of class 2: F1 of class 0 = 2·7/(10+7) = 14/17, the others 0
  assert.equal(plateauMacroF1([0, 0, 0, 0, 0, 0, 0, 1, 1, 2]), 14 / 17 / 3);
  // ties go to the lowest class
  assert.equal(plateauMacroF1([1, 1, 2, 2]), (2 * 2 / (4 + 2)) / 3);
});

test('listScheduleSeconds: longest task first to the least loaded worker', () => {
  assert.equal(listScheduleSeconds([5, 3, 3, 2, 2, 1], 1), 16);
  assert.equal(listScheduleSeconds([5, 3, 3, 2, 2, 1], 2), 8); // 5+2+1 | 3+3+2
  assert.equal(listScheduleSeconds([5, 3, 3, 2, 2, 1], 10), 5);
  assert.equal(listScheduleSeconds([], 2), 0);
  assert.throws(() => listScheduleSeconds([1], 0), /workers must be an integer/);
});

test('curveFacts: left the plateau past halfway to 1, kept the best inner epoch (earliest tie), cheapest epoch', () => {
  const curve = [point(0, 0.29, 0.3, 9), point(1, 0.5, 0.6, 4), point(2, 0.7, 0.8, 5), point(3, 0.9, 0.8, 6)];
  const f = curveFacts(curve, 0.3); // halfway = 0.65
  assert.equal(f.leftPlateauAt, 3);
  assert.equal(f.keptEpoch, 3);
  assert.equal(f.keptVal, 0.7);
  assert.equal(f.bestVal, 0.9);
  assert.equal(f.secondsPerEpoch, 4);
  assert.equal(f.wallSeconds, 24);
  assert.equal(curveFacts([point(0, 0.3, 0.3, 1)], 0.3).leftPlateauAt, undefined);
  assert.equal(curveLine([...Array(12)].map((_, e) => point(e, e / 20, 0, 1))), '1: 0.000, 10: 0.450, 12: 0.550');
});

test('readCurve and foldMetricsFile: a committed fold first, else the newest staging run; a cut-off last line ends the curve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-full-'));
  const line = (e: number) => JSON.stringify({ epoch: e, seconds: 2, trainLoss: 0.5, innerMacroF1: 0.4, valMacroF1: 0.35, valPredicted: [0, 0, 1] });
  for (const [name, t] of [['fold-0-a', 1000], ['fold-0-b', 2000]] as const) {
    mkdirSync(join(dir, '.staging', name), { recursive: true });
    writeFileSync(join(dir, '.staging', name, 'metrics.jsonl'), `${line(0)}\n${line(1)}\n{"epoch":2,"sec`);
    utimesSync(join(dir, '.staging', name, 'metrics.jsonl'), t, t);
  }
  const staged = foldMetricsFile(dir)!;
  assert.equal(staged.finished, false);
  assert.match(staged.file, /fold-0-b/);
  const curve = readCurve(staged.file);
  assert.equal(curve.length, 2);
  assert.equal(curve[1].classesPredicted, 2);
  mkdirSync(join(dir, 'fold-0'));
  writeFileSync(join(dir, 'fold-0', 'metrics.jsonl'), `${line(0)}\n`);
  assert.deepEqual(foldMetricsFile(dir), { file: join(dir, 'fold-0', 'metrics.jsonl'), finished: true });
  writeFileSync(join(dir, 'fold-0', 'metrics.jsonl'), JSON.stringify({ epoch: 0, seconds: 'x' }) + '\n');
  assert.throws(() => readCurve(join(dir, 'fold-0', 'metrics.jsonl')), /epoch 0: seconds is not a number/);
});

test('project and fullBudgetText: an unfinished trial is projected at its cap and said to be still training', () => {
  const mk = (model: string, finished: boolean, epochs: number, s: number): FullBudgetTrial => {
    const curve = [...Array(epochs)].map((_, e) => point(e, 0.29, 0.3, s));
    return { model, name: model.toUpperCase(), hash: model, compute: 'builtin:fma-f32', epochCap: 100, patience: 20, finished, curve, plateau: 0.29, ...curveFacts(curve, 0.29) };
  };
  const trials = [mk('lstm', false, 3, 40), mk('rnn', true, 50, 1)];
  const p = project(trials, 5, [1, 2, 10]);
  assert.deepEqual(p.epochsPerTask, { lstm: 100, rnn: 50 });
  assert.equal(p.tasks, 10);
  assert.deepEqual(p.wall.map((w) => w.seconds), [5 * 4000 + 5 * 50, 3 * 4000 /* 4000·3 | 4000·2 + 50·5 */, 4000]);
  const text = fullBudgetText({ provenance: { date: '2026-12-03T00:00:00Z', cpu: 'CPU', cores: 2, node: 'v20', commit: 'abcdef123', loadAverage: 1 }, trials, projection: p });
  assert.match(text, /\| LSTM \| `builtin:fma-f32` \| 3 \(still training when recorded\) of 100, patience 20 \| not in 3 epochs \|/);
  assert.match(text, /\| RNN \| .* \| 50 \(stopped early\) of 100/);
  assert.match(text, /LSTM 100 epochs \(the cap: it had not stopped\)/);
  assert.match(text, /5 h 38 min on 1 core, 3 h 20 min on 2 cores, 1 h 07 min on 10 queue workers/);
  assert.match(fullBudgetText(undefined), /Not recorded yet/);
});
