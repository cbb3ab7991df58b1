// `pirate-pain worker` as a service manager runs it: the URL and password from a file (never on the command line,
// where `ps` shows them), leftovers of a killed worker removed at start, and SIGTERM honoured within a few seconds
// even when Redis has gone away.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

test('a busy worker asked to stop abandons its task after --stop-seconds (plus the close bound), removing its task folder', { skip: skipWithoutRedis() }, async () => {
  const { generateDataset } = await import('../../lib/data/generate');
  const redis = await startRedis();
  const dir = join(root, 'busy');
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  generateDataset({ outDir: join(dir, 'data'), seed: 7, trainSubjects: 36, testSubjects: 6 });
  // one long fold: the worker is busy when it is asked to stop
  const config = {
    name: 'busy', kind: 'final',
    base: {
      seed: 1, cv: { folds: 3, run: 1 }, features: {}, window: { size: 40, stride: 5 },
      model: { cell: 'lstm', hiddenSize: 64, layers: 2, bidirectional: false, dropout: 0 },
      train: { epochs: 200, batchSize: 16, lr: 1e-3, optimizer: 'adamw', weightDecay: 0, l1: 0, l2: 0, labelSmoothing: 0, classWeights: 'none', patience: 1000 },
    },
    models: { lstm: {} },
  };
  writeFileSync(join(dir, 'busy.json5'), JSON.stringify(config));
  const env = { ...process.env, TMPDIR: tmp, PIRATE_PAIN_QUEUE: redis.url, PIRATE_PAIN_QUEUE_FILE: '' };
  const proc = (args: string[]): { p: ReturnType<typeof spawn>; out: () => string; exited: Promise<number | null> } => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    p.stdout!.on('data', (b: Buffer) => (text += b.toString()));
    p.stderr!.on('data', (b: Buffer) => (text += b.toString()));
    return { p, out: () => text, exited: new Promise((r) => p.once('exit', (code) => r(code))) };
  };
  const worker = proc(['worker', '--name', 'w1', '--cache', join(dir, 'cache'), '--stop-seconds', '2']);
  const coord = proc(['run', '--config', join(dir, 'busy.json5'), '--data', join(dir, 'data'), '--out', join(dir, 'out'), '--profile', 'full']);
  try {
    const t0 = Date.now();
    while (!/epoch \d+\//.test(coord.out())) {
      if (Date.now() - t0 > 120_000 || worker.p.exitCode !== null || coord.p.exitCode !== null) throw new Error(`no fold in progress:\n${worker.out()}\n${coord.out()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(readdirSync(tmp).filter((d) => d.startsWith(`pirate-pain-worker-${worker.p.pid}-`)).length, 1, 'the task trains in its folder');
    const asked = Date.now();
    worker.p.kill('SIGTERM');
    const code = await Promise.race([worker.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
    const seconds = (Date.now() - asked) / 1000;
    assert.equal(code, 0, worker.out());
    // the bound: --stop-seconds for the task, then IDLE_STOP_MS for the forced close, plus process start-up slack
    assert.ok(seconds < 2 + IDLE_STOP_MS / 1000 + 3, `stopped in ${seconds.toFixed(1)} s`);
    assert.match(worker.out(), /worker w1: stopping; 1 running task\(s\) get up to 2 s to finish/);
    assert.match(worker.out(), /worker w1: abandoning 1 task\(s\) after 2 s; the queue hands them to another worker/);
    assert.deepEqual(readdirSync(tmp).filter((d) => d.startsWith('pirate-pain-worker-')), [], 'its task folder is gone');
  } finally {
    for (const x of [worker, coord]) if (x.p.exitCode === null && x.p.signalCode === null) x.p.kill('SIGKILL');
    await redis.kill();
    rmSync(redis.dir, { recursive: true, force: true });
  }
});
