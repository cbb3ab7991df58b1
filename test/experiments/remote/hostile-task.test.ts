// A fold task as it comes out of Redis (JSON.parse of the job's data) with keys that name Object.prototype's
// members: refused by key path like any unknown key, and never a prototype to pollute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFoldTask, type RemoteFoldTask } from '../../../lib/experiments/remote/remote-fold';
import { trial } from '../trial-fixture';

const task: RemoteFoldTask = { trial, labels: { experiment: 'e', model: 'm' }, dataFingerprint: `files:${'a'.repeat(64)}`, codeVersion: 'b'.repeat(64), fold: 1 };

/** The task's JSON with `"<key>": <value>` added to the object at `at` ('' = the task itself), parsed as BullMQ does. */
function withKey(at: string, key: string, value: unknown): unknown {
  const o = JSON.parse(JSON.stringify(task)) as Record<string, unknown>;
  const target = at === '' ? o : (at.split('.').reduce((x: Record<string, unknown>, k) => x[k] as Record<string, unknown>, o));
  const text = JSON.stringify(target);
  const injected = `{${JSON.stringify(key)}:${JSON.stringify(value)}${text.length > 2 ? ',' : ''}${text.slice(1)}`;
  if (at === '') return JSON.parse(injected);
  const parts = at.split('.');
  const parent = parts.slice(0, -1).reduce((x: Record<string, unknown>, k) => x[k] as Record<string, unknown>, o);
  parent[parts.at(-1)!] = JSON.parse(injected);
  return o;
}

test('fold tasks with __proto__, constructor, prototype or toString keys are refused naming the key; nothing is polluted', () => {
  assert.deepEqual(checkFoldTask(JSON.parse(JSON.stringify(task))), task);
  for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
    for (const at of ['', 'trial', 'trial.model', 'trial.train', 'labels']) {
      const raw = withKey(at, key, { polluted: true });
      assert.throws(() => checkFoldTask(raw), (e: Error) => e.name === 'ConfigError' && e.message.includes(key), `${at || 'task'}.${key}`);
      assert.equal(({} as { polluted?: unknown }).polluted, undefined, 'Object.prototype untouched');
    }
  }
});
