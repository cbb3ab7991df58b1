import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { liveLog, ProgressBoard } from '../../lib/plots/live';

const bar = (k: number, epoch: number) => `[${k}/3] abc lstm fold 1/5 epoch ${epoch}/20 [##--] 10% 600 win/s ETA 0:10 loss 0.9`;

test('the board keeps every ordinary line and only the latest bar of each trial, bars last in trial order', () => {
  const b = new ProgressBoard();
  assert.equal(b.add('final: profile quick'), false);
  assert.equal(b.add(bar(2, 1)), true);
  assert.equal(b.add(bar(1, 1)), true);
  assert.equal(b.add(bar(2, 2)), true);
  assert.equal(b.add('[1/3] trial abc fold 1/5: val macro-F1 0.9'), false);
  assert.equal(b.text(), ['final: profile quick', '[1/3] trial abc fold 1/5: val macro-F1 0.9', bar(1, 1), bar(2, 2)].join('\n'));
});

test('a queue status line is kept once, the latest, between the ordinary lines and the bars', () => {
  const b = new ProgressBoard();
  b.add('final: profile quick');
  assert.equal(b.add('[queue] 0/3 fold tasks done, 1 running (w1 → task 2), ETA ?'), true);
  b.add(`[2/3] w1: ${bar(2, 1).slice(6)}`);
  assert.equal(b.add('[queue] 1/3 fold tasks done, 2 running (w1 → task 2; w2 → task 3), ETA 0:42'), true);
  assert.equal(b.text(), ['final: profile quick', '[queue] 1/3 fold tasks done, 2 running (w1 → task 2; w2 → task 3), ETA 0:42', `[2/3] w1: ${bar(2, 1).slice(6)}`].join('\n'));
});

test('progress lines redraw at most every everyMs, other lines at once, close flushes the last state', () => {
  let t = 0;
  const draws: { text: string; update: boolean }[] = [];
  const live = liveLog({ everyMs: 500, now: () => t, render: (text, update) => draws.push({ text, update }) });
  live.log(bar(1, 1)); // first draw
  t = 100;
  live.log(bar(1, 2)); // throttled
  assert.equal(draws.length, 1);
  assert.equal(draws[0].update, false);
  live.log('fold done'); // ordinary line: immediate, includes the throttled bar
  assert.equal(draws.length, 2);
  assert.equal(draws[1].text, ['fold done', bar(1, 2)].join('\n'));
  assert.equal(draws[1].update, true);
  t = 200;
  live.log(bar(1, 3)); // throttled again
  live.close();
  assert.equal(draws.length, 3);
  assert.equal(draws[2].text, ['fold done', bar(1, 3)].join('\n'));
  live.close(); // nothing pending: no redraw
  assert.equal(draws.length, 3);
});

test('inside a kernel it overwrites one display entry (update_display_data after the first)', () => {
  const sent: { data: Record<string, unknown>; id: unknown; update: boolean }[] = [];
  // the CommonJS module object itself (an ESM namespace view of it is read-only)
  const j = createRequire(`${process.cwd()}/`)('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
  const saved = j.lastWriteDisplayData;
  j.lastWriteDisplayData = (msg: { data: Record<string, unknown>; transient: { display_id: unknown } }, update: boolean) =>
    sent.push({ data: msg.data, id: msg.transient.display_id, update });
  try {
    const live = liveLog({ everyMs: 0 });
    live.log('a');
    live.log('b');
    live.close();
    assert.equal(sent.length, 2);
    assert.deepEqual(sent.map((s) => Boolean(s.update)), [false, true]); // tslab sends undefined, then true
    assert.equal(sent[0].id, sent[1].id);
    assert.equal(sent[1].data['text/plain'], 'a\nb');
  } finally {
    j.lastWriteDisplayData = saved;
  }
});

test('outside a kernel it prints lines instead', (t) => {
  const printed: string[] = [];
  t.mock.method(console, 'log', (line: string) => printed.push(line));
  const live = liveLog();
  live.log('x');
  live.log(bar(1, 1));
  live.log(bar(1, 2)); // within 30 s of the previous bar of trial 1: dropped
  live.close();
  assert.deepEqual(printed, ['x', bar(1, 1)]);
});
