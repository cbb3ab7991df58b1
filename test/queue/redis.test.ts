import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { checkQueue, parseQueueUrl, redactUrl, scrub } from '../../lib/queue/redis';
import { priorityOf, runQueue } from '../../lib/queue/coordinator';
import { serveQueue } from '../../lib/queue/worker';
import { freePort, skipWithoutRedis, startRedis } from './redis-server';

test('redactUrl hides user and password; parseQueueUrl: TLS for rediss://, db, clear errors without the password', () => {
  assert.equal(redactUrl('redis://alice:s3cr%40t@host.example:6380/2'), 'redis://***@host.example:6380/2');
  assert.equal(redactUrl('rediss://:pw@10.0.0.1:6379'), 'rediss://***@10.0.0.1:6379');
  assert.equal(redactUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
  assert.equal(redactUrl('not a url :pw@'), '(unparsable queue URL)');
  const t = parseQueueUrl('rediss://alice:s3cr%40t@host.example:6380/2');
  assert.deepEqual(t.options, { host: 'host.example', port: 6380, db: 2, username: 'alice', password: 's3cr@t', tls: { servername: 'host.example' } });
  assert.equal(t.display, 'rediss://***@host.example:6380/2');
  assert.equal(parseQueueUrl('redis://h').options.port, 6379);
  assert.equal(parseQueueUrl('redis://h').options.tls, undefined);
  assert.throws(() => parseQueueUrl('http://u:topsecret@h:1'), (e: Error) => /redis:\/\/ or rediss:\/\//.test(e.message) && !e.message.includes('topsecret'));
  assert.throws(() => parseQueueUrl('redis://u:topsecret@h:1/x'), (e: Error) => /database number/.test(e.message) && !e.message.includes('topsecret'));
  assert.equal(scrub('ERR for redis://u:topsecret@h:1 topsecret', 'redis://u:topsecret@h:1'), 'ERR for redis://***@h:1 ***');
});

test('priorityOf: the costlier task gets the smaller (earlier) BullMQ priority, within 1..2^21-1', () => {
  assert.ok(priorityOf(1e12) < priorityOf(1e9));
  assert.ok(priorityOf(1e9) < priorityOf(10));
  assert.equal(priorityOf(0), priorityOf(1));
  for (const c of [0, 1, 1e3, 1e20, 1e300]) assert.ok(priorityOf(c) >= 1 && priorityOf(c) <= 2 ** 21 - 1);
});

test('checkQueue: refused, wrong password and missing password fail within seconds with a clear message', { skip: skipWithoutRedis() }, async () => {
  const r = await startRedis({ password: 'right-one' });
  try {
    await checkQueue(r.url);
    const cases: [string, RegExp][] = [
      [r.url.replace('right-one', 'wrong-one'), /authentication failed/],
      [`redis://127.0.0.1:${r.port}`, /authentication failed|NOAUTH/],
      [`redis://:x@127.0.0.1:${await freePort()}`, /connection refused/],
    ];
    for (const [url, re] of cases) {
      const t0 = performance.now();
      await assert.rejects(checkQueue(url, 3000), (e: Error) => {
        assert.match(e.message, re);
        assert.ok(!e.message.includes('wrong-one') && !e.message.includes('right-one'), e.message);
        return true;
      });
      assert.ok(performance.now() - t0 < 5000);
    }
    // a host that drops packets: the timeout, not a hang (TEST-NET-1 is never routed)
    const t0 = performance.now();
    await assert.rejects(checkQueue('redis://192.0.2.1:6379', 1500), /unreachable|refused|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/);
    assert.ok(performance.now() - t0 < 4000);
  } finally {
    await r.stop();
  }
});

test('pirate-pain worker with a wrong password exits 1 within seconds naming the redacted queue', { skip: skipWithoutRedis() }, async () => {
  const r = await startRedis({ password: 'pw1' });
  try {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'worker', '--queue', r.url.replace('pw1', 'nope')], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(p.status, 1, p.stderr);
    assert.match(p.stderr, new RegExp(`worker: queue redis://\\*\\*\\*@127\\.0\\.0\\.1:${r.port}: authentication failed`));
    assert.ok(!(p.stdout + p.stderr).includes('nope'));
    assert.ok(performance.now() - t0 < 15_000);
  } finally {
    await r.stop();
  }
});

test('runQueue: the costliest task is served first; results come back in task order', { skip: skipWithoutRedis() }, async () => {
  const r = await startRedis();
  const seen: string[] = [];
  const w = await serveQueue({
    url: r.url, concurrency: 1, log: () => {},
    handler: async (d: unknown, ctx) => {
      seen.push(ctx.id);
      await new Promise((res) => setTimeout(res, 100));
      return { twice: (d as { x: number }).x * 2 };
    },
  });
  try {
    const tasks = [{ id: 'rnn-cheap', data: { x: 1 }, cost: 10 }, { id: 'lstm-2x256', data: { x: 2 }, cost: 1e12 }, { id: 'gru-mid', data: { x: 3 }, cost: 1e6 }];
    const out = await runQueue<{ x: number }, { twice: number }>(tasks, { url: r.url });
    assert.deepEqual(out, [{ twice: 2 }, { twice: 4 }, { twice: 6 }]);
    assert.deepEqual(seen, ['lstm-2x256', 'gru-mid', 'rnn-cheap']);
  } finally {
    await w.close();
    await r.stop();
  }
});
