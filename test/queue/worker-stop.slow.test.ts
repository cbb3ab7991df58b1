// `pirate-pain worker` as a service manager runs it: the URL and password from a file (never on the command line,
// where `ps` shows them), leftovers of a killed worker removed at start, and SIGTERM honoured within a few seconds
// even when Redis has gone away.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IDLE_STOP_MS } from '../../lib/cli/worker';
import { queueUrlFrom, readQueueFile } from '../../lib/queue/url-source';
import { skipWithoutRedis, startRedis } from './redis-server';

const ROOT = resolve(__dirname, '../..');
const root = mkdtempSync(join(tmpdir(), 'pp-worker-stop-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('the queue URL from a file or the environment, in order; the file\'s content never in a message', () => {
  const f = join(root, 'queue-url');
  writeFileSync(f, '# the lab queue\n\n  redis://:s3cret@10.0.0.1:6379  \n');
  assert.equal(readQueueFile(f), 'redis://:s3cret@10.0.0.1:6379');
  assert.deepEqual(queueUrlFrom({}, { PIRATE_PAIN_QUEUE_FILE: f }), { url: 'redis://:s3cret@10.0.0.1:6379', from: f });
  assert.equal(queueUrlFrom({}, { PIRATE_PAIN_QUEUE: 'redis://a:1', PIRATE_PAIN_QUEUE_FILE: f })!.url, 'redis://a:1');
  assert.equal(queueUrlFrom({ file: f }, { PIRATE_PAIN_QUEUE: 'redis://a:1' })!.url, 'redis://:s3cret@10.0.0.1:6379');
  assert.equal(queueUrlFrom({}, {}), undefined);
  writeFileSync(f, '# nothing but comments\n');
  assert.throws(() => readQueueFile(f), (e: Error) => /holds no URL/.test(e.message) && !e.message.includes('comments'));
  assert.throws(() => readQueueFile(join(root, 'absent')), /cannot be read \(ENOENT\)/);
});

test('worker: password from a file (not on its command line); a killed worker\'s temp folder removed at start; SIGTERM with Redis gone exits within seconds', { skip: skipWithoutRedis() }, async () => {
  const password = 'pw-' + Math.random().toString(36).slice(2);
  const redis = await startRedis({ password });
  const tmp = join(root, 'tmp');
  mkdirSync(tmp);
  // a folder of a worker that was killed (its pid is gone) and one of a live process (this test): only the first goes
  const dead = spawnSync('true').pid;
  const leftover = join(tmp, `pirate-pain-worker-${dead}-abc123`);
  const live = join(tmp, `pirate-pain-worker-${process.pid}-def456`);
  for (const d of [leftover, live]) {
    mkdirSync(join(d, 'runs'), { recursive: true });
    writeFileSync(join(d, 'runs', 'x'), 'x');
  }
  const urlFile = join(root, 'queue-url');
  writeFileSync(urlFile, `${redis.url}\n`);
  chmodSync(urlFile, 0o600);
  const p = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'worker', '--queue-file', urlFile, '--cache', join(root, 'cache'), '--name', 'w1'],
    { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, PIRATE_PAIN_QUEUE: '', PIRATE_PAIN_QUEUE_FILE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  p.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  let redisGone = false;
  const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
  try {
    const t0 = Date.now();
    while (!/serving "/.test(out)) {
      if (Date.now() - t0 > 60_000 || p.exitCode !== null) throw new Error(`worker did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const cmdline = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
    assert.ok(!cmdline.includes(password), 'the password is not on the worker\'s command line');
    assert.ok(!out.includes(password), 'nor in its output');
    assert.doesNotMatch(out, /warning/);
    assert.ok(!existsSync(leftover), 'a killed worker\'s task folder is removed at start');
    assert.match(out, new RegExp(`removed ${leftover} \\(left by a worker that was killed\\)`));
    assert.ok(existsSync(live), 'a live process\'s folder stays');
    // Redis goes away; the idle worker is asked to stop
    await redis.kill();
    redisGone = true;
    await new Promise((r) => setTimeout(r, 500));
    const asked = Date.now();
    p.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
    const seconds = (Date.now() - asked) / 1000;
    assert.equal(code, 0, `exit ${code} after ${seconds.toFixed(1)} s:\n${out}`);
    assert.ok(seconds < IDLE_STOP_MS / 1000 + 3, `stopped in ${seconds.toFixed(1)} s`);
    assert.match(out, /worker w1: stopping \(idle\)/);
    assert.match(out, /worker w1: stopped after 0 task\(s\)/);
  } finally {
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    if (!redisGone) await redis.kill();
    rmSync(redis.dir, { recursive: true, force: true });
  }
});
