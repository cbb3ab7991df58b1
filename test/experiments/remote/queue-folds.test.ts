import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remoteTask, statusLine } from '../../../lib/experiments/remote/queue-folds';
import { checkFoldTask } from '../../../lib/experiments/remote/remote-fold';
import { trial } from '../trial-fixture';

test('statusLine: folds done, the tasks each worker runs, the ETA; numbered as the log numbers tasks', () => {
  const running = new Map([[3, 'w1'], [4, 'w2'], [5, 'w1']]);
  assert.equal(statusLine({ done: 3, total: 12, running, etaSeconds: 83 }), '[queue] 3/12 fold tasks done, 3 running (w1 → task 4,6; w2 → task 5), ETA 1:23');
  assert.equal(statusLine({ done: 0, total: 2, running: new Map() }), '[queue] 0/2 fold tasks done, 0 running, ETA ?');
  assert.equal(statusLine({ done: 5, total: 9, running: new Map([[0, 'w9']]), etaSeconds: 3725 }, (i) => i + 7), '[queue] 5/9 fold tasks done, 1 running (w9 → task 7), ETA 1:02:05');
});

test('remoteTask: what travels is a valid fold task without the coordinator\'s paths or test request', () => {
  const local = { trial, labels: { experiment: 'e' }, dataFingerprint: 'files:abc', codeVersion: 'code+builtin:avx512', runsDir: '/home/me/outputs/runs', test: { maxSubjects: 3 }, progressEvery: 10, fold: 2 };
  const r = remoteTask(local);
  assert.deepEqual(Object.keys(r).sort(), ['codeVersion', 'dataFingerprint', 'fold', 'labels', 'progressEvery', 'trial']);
  assert.deepEqual(checkFoldTask(JSON.parse(JSON.stringify(r))), r);
});
