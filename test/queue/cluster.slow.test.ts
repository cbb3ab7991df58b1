// The queue against a real redis-server with real processes: three `pirate-pain worker`s, `pirate-pain run --queue`
// as the coordinator; one worker killed with SIGKILL mid-fold, then the coordinator killed and restarted, then a
// Redis crash during a run; every result compared byte for byte with the local pool's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../lib/data/dataset';
import { generateDataset } from '../../lib/data/generate';
import { parseConfig } from '../../lib/experiments/config/config';
import { runExperiment } from '../../lib/experiments/run/experiment';
import { datasetFingerprint } from '../../lib/store/fingerprint';
import { codeIdentity as codeVersion } from '../../lib/experiments/run/code-identity';
import { runQueue } from '../../lib/queue/coordinator';
import { skipWithoutRedis, startRedis } from './redis-server';
import { tinyTrial } from '../tiny-trial';

const config = {
  name: 'queue-cluster',
  kind: 'final',
  base: tinyTrial({
    cv: { folds: 3, run: 3 }, window: { size: 40, stride: 20 }, model: { cell: 'lstm', hiddenSize: 12 },
    train: { epochs: 6, batchSize: 16, labelSmoothing: 0.1, patience: 100 },
  }),
  models: { lstm: {}, rnn: { model: { cell: 'rnn', hiddenSize: 4 }, train: { epochs: 2 } } },
};

interface Proc { p: ChildProcess; out: string[]; exited: Promise<number | null> }

function start(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const p = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  let partial = '';
  const take = (b: Buffer): void => {
    const lines = (partial + b.toString()).split('\n');
    partial = lines.pop()!;
    out.push(...lines);
  };
  p.stdout!.on('data', take);
  p.stderr!.on('data', take);
  return { p, out, exited: new Promise((r) => p.once('exit', (code) => r(code))) };
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every fold's weights and model file, and its result without wall-clock fields, by trial hash and fold. */
function foldBytes(runs: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const hash of readdirSync(runs)) {
    for (const fold of readdirSync(join(runs, hash)).filter((d) => /^fold-\d+$/.test(d))) {
      const dir = join(runs, hash, fold);
      const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'), (k, v) => (['wallSeconds', 'windowsPerSecond', 'seconds'].includes(k) ? undefined : v));
      out.set(`${hash}/${fold}`, [
        readFileSync(join(dir, 'model', 'weights.bin')).toString('base64'),
        readFileSync(join(dir, 'model', 'model.json'), 'utf8'),
        JSON.stringify(result),
        readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean).length,
      ].join('\n'));
    }
  }
  return out;
}

test('three workers, one killed mid-fold, the coordinator killed and restarted, Redis crashed: nothing lost, nothing repeated, results byte-identical to the local pool', {
  skip: skipWithoutRedis(), timeout: 180_000,
}, async () => {
  const root = mkdtempSync(join(tmpdir(), 'queue-cluster-'));
  const redis = await startRedis({ password: 'p@ss word' });
  const workers: Proc[] = [];
  try {
    const dataDir = join(root, 'data');
    generateDataset({ outDir: dataDir, seed: 7, trainSubjects: 36, testSubjects: 6 });
    const cfgFile = join(root, 'cluster.json5');
    writeFileSync(cfgFile, JSON.stringify(config));
    const data = loadDataset(dataDir);
    // the reference: the same config on the local pool
    await runExperiment(parseConfig(config), 'full', { data, out: join(root, 'local'), workers: 2, log: () => {} });
    const reference = foldBytes(join(root, 'local', 'runs'));
    assert.equal(reference.size, 6);

    const workerArgs = (name: string): string[] => ['worker', '--queue', redis.url, '--name', name, '--cache', join(root, `cache-${name}`), '--lock-seconds', '2'];
    for (const name of ['w1', 'w2', 'w3']) workers.push(start(workerArgs(name)));
    await until('three workers', () => workers.every((w) => w.out.some((l) => l.includes('serving'))));
    const runArgs = ['run', '--config', cfgFile, '--data', dataDir, '--out', join(root, 'queue'), '--profile', 'full', '--queue', redis.url];

    // 1. a worker dies with SIGKILL in the middle of its first fold
    let coord = start(runArgs);
    await until('a fold in progress on w1', () => coord.out.some((l) => /^\[\d+\/6\] w1: .*epoch 2\//.test(l)));
    const victim = coord.out.find((l) => /^\[\d+\/6\] w1: .*epoch 2\//.test(l))!.match(/^\[(\d+)\/6\]/)![1];
    workers[0].p.kill('SIGKILL');
    await workers[0].exited;
    // 2. the coordinator dies too, after at least one fold landed; a new one collects the rest
    await until('a landed fold', () => coord.out.some((l) => /landed from w[23]/.test(l)));
    coord.p.kill('SIGKILL');
    await coord.exited;
    coord = start(runArgs);
    assert.equal(await coord.exited, 0, coord.out.join('\n'));
    const log = coord.out.join('\n');
    assert.match(log, /fold\(s\) already in .*, reused/);
    assert.match(log, /already queued, running or finished by an earlier run: collected, not enqueued again/);
    assert.match(log, /submission|lstm: 3-fold val macro-F1/);
    // the killed worker's task went to another worker (BullMQ's stalled-job check)
    const w23 = [...workers[1].out, ...workers[2].out];
    const done = w23.filter((l) => / done in /.test(l)).map((l) => l.match(/task (\S+) done/)![1]);
    assert.equal(new Set(done).size, done.length, `no task trained twice by the live workers: ${done}`);
    assert.equal(done.length + workers[0].out.filter((l) => / done in /.test(l)).length, 6, 'each of the 6 folds trained once, plus the killed attempt');
    assert.ok(victim);
    assert.deepEqual(foldBytes(join(root, 'queue', 'runs')), reference);

    // 3. Redis crashes (no persistence: the queue is empty afterwards) during a run; restarted, the run completes
    coord = start(runArgs.map((a) => (a === join(root, 'queue') ? join(root, 'queue2') : a)));
    await until('a fold in progress', () => coord.out.some((l) => /^\[\d+\/6\] w[23]: .*epoch 1\//.test(l)));
    await redis.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.restart();
    assert.equal(await coord.exited, 0, coord.out.join('\n'));
    assert.match(coord.out.join('\n'), /vanished from Redis .*enqueued again/);
    assert.deepEqual(foldBytes(join(root, 'queue2', 'runs')), reference);

    // credentials never appear in any output
    for (const line of [...coord.out, ...workers.flatMap((w) => w.out)]) assert.ok(!line.includes('p@ss') && !line.includes('p%40ss'), line);
    for (const f of ['queue', 'queue2']) {
      const all = readdirSync(join(root, f, 'runs'), { recursive: true }) as string[];
      for (const p of all.filter((x) => x.endsWith('.json') || x.endsWith('.jsonl'))) {
        assert.ok(!readFileSync(join(root, f, 'runs', p), 'utf8').includes('p@ss'), p);
      }
    }

    // 4. a task that fails deterministically fails once, with its message at the coordinator; so does a task
    //    from another code version (refused); payloads are checked like configs
    const fp = datasetFingerprint(data, join(root, 'fp.json'));
    const code = codeVersion();
    const recipe = parseConfig(config).base;
    // a recipe the schema accepts but training rejects (or, once configs check it, validation): a PCA group of no joint
    const pca = { groups: [['joint_nope']], groupThreshold: 0.8, explainedVariance: 0.9 };
    const bad = { trial: { ...recipe, features: { pca } }, labels: {}, dataFingerprint: fp, codeVersion: code, fold: 0 };
    const cases: [unknown, RegExp][] = [
      [bad, /(failed on|refused by) worker w[23]: .*joint_nope/],
      [{ ...bad, trial: recipe, codeVersion: 'f'.repeat(64) }, /refused by worker w[23]: its code identity ffffffffffff… differs from this worker's/],
      [{ ...bad, trial: recipe, runsDir: '/etc' }, /refused by worker w[23]: invalid fold task: task: unknown key "runsDir"/],
      [{ ...bad, trial: { ...recipe, model: { ...recipe.model, layers: 99 } } }, /invalid fold task: task\.trial\.model\.layers: expected an integer/],
    ];
    for (const [k, [payload, re]] of cases.entries()) {
      const before = w23.length;
      await assert.rejects(runQueue([{ id: `bad-${k}`, data: payload, cost: 1 }], { url: redis.url }), re);
      await new Promise((r) => setTimeout(r, 300));
      const attempts = [...workers[1].out, ...workers[2].out].slice(before).filter((l) => l.includes(`task bad-${k} `));
      assert.ok(attempts.length <= 1, `tried once: ${attempts}`);
    }
  } finally {
    for (const w of workers) if (w.p.exitCode === null) w.p.kill('SIGKILL');
    await redis.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
