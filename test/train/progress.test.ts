import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatProgress, progressPrinter } from '../../lib/train/progress';
import type { Progress } from '../../lib/train/types';

const p = (windows: number, o: Partial<Progress> = {}): Progress => ({
  epoch: 2, epochs: 10, batch: 1, batches: 4, windows, epochWindows: 400, windowsPerSecond: 1234.4, epochEta: 75, eta: 900, loss: 0.51234, ...o,
});

test('durations as m:ss or h:mm:ss', () => {
  assert.equal(formatDuration(75), '1:15');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatDuration(Infinity), '?');
});

test('a progress line shows epoch, bar, percent, rate, ETA and loss', () => {
  assert.equal(formatProgress(p(200), 'fold 1', 10), 'fold 1 epoch 3/10 [#####-----]  50% 1,234 win/s ETA 1:15 loss 0.5123');
});

test('on a TTY one line is rewritten and ended at the epoch end; elsewhere lines are throttled', () => {
  let out = '';
  const tty = progressPrinter({ stream: { isTTY: true, write: (s: string) => (out += s) } });
  tty(p(100));
  tty(p(400));
  assert.equal(out.split('\r').length, 3);
  assert.ok(out.endsWith('\n') && !out.slice(0, -1).includes('\n'));
  let log = '';
  let t = 0;
  const plain = progressPrinter({ stream: { write: (s: string) => (log += s) }, everyMs: 1000, now: () => t });
  plain(p(100)); // printed (first)
  t = 500;
  plain(p(200)); // throttled
  t = 1600;
  plain(p(300)); // printed
  plain(p(400)); // epoch end: printed
  assert.equal(log.split('\n').filter(Boolean).length, 3);
  assert.ok(!log.includes('\r'));
});
