import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throttledLog } from '../../lib/train/quiet-log';
import { formatProgress } from '../../lib/train/progress';
import type { Progress } from '../../lib/train/types';

const progress = (epoch: number, windows: number): Progress => ({
  epoch, epochs: 20, batch: 1, batches: 2, windows, epochWindows: 100, windowsPerSecond: 1000, epochEta: 1, eta: 10, loss: 0.5,
});
// what runExperiment logs: "[k/n] " + the trial's progress line (formatProgress with the trial label)
const line = (k: number, epoch: number, windows = 100) => `[${k}/3] ${formatProgress(progress(epoch, windows), `abcdef012345 size=25 stride=2 fold 1/1`)}`;

test('progress lines: at most one per trial per interval; every other line passes', () => {
  let t = 0;
  const out: string[] = [];
  const log = throttledLog((l) => out.push(l), 30, () => t);
  log('sweep: 3 trial(s), 0 already done, 3 to run');
  log(line(1, 0, 50)); // first line of trial 1
  t = 10_000;
  log(line(1, 0)); // 10 s later: dropped
  log(line(2, 0)); // another trial: its own clock
  log('[1/3] trial abcdef012345 fold 1/1: val macro-F1 0.9000 (best epoch 3/20, 1000 win/s)');
  t = 30_000;
  log(line(1, 1)); // 30 s after trial 1's last shown line
  log(line(2, 1)); // only 20 s after trial 2's
  assert.deepEqual(out, [
    'sweep: 3 trial(s), 0 already done, 3 to run',
    line(1, 0, 50),
    line(2, 0),
    '[1/3] trial abcdef012345 fold 1/1: val macro-F1 0.9000 (best epoch 3/20, 1000 win/s)',
    line(1, 1),
  ]);
  assert.match(line(1, 0), /^\[1\/3\] abcdef012345 size=25 stride=2 fold 1\/1 epoch 1\/20 \[#{20}\] 100%/);
});

test('an interval of 0 passes everything; a negative one throws', () => {
  const out: string[] = [];
  const log = throttledLog((l) => out.push(l), 0, () => 0);
  log(line(1, 0));
  log(line(1, 1));
  assert.equal(out.length, 2);
  assert.throws(() => throttledLog(() => {}, -1), /everySeconds must be ≥ 0, got -1/);
});
