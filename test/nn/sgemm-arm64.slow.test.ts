// The built-in GEMM's NEON kernels, on an x86 machine: test/nn/native/sgemm-check.c cross-compiled for arm64 and run
// under qemu-user (apt: gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user). Skipped where those tools are
// missing, except under CI=true, where they are installed by .ci/run and their absence fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const native = join(root, 'lib', 'nn', 'native');
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = ['aarch64-linux-gnu-gcc', 'qemu-aarch64'].filter((c) => !has(c));
const ci = process.env.CI === 'true';

test('arm64: the NEON kernels give the float64 reference on every transpose and edge size (qemu)', { skip: missing.length > 0 && !ci ? `missing ${missing.join(', ')}` : false }, () => {
  assert.deepEqual(missing, [], 'cross compiler and qemu-user are installed');
  const exe = join(mkdtempSync(join(tmpdir(), 'pp-arm64-')), 'sgemm-check');
  const cc = spawnSync('aarch64-linux-gnu-gcc', ['-O3', '-std=gnu11', '-ffp-contract=fast', '-fno-math-errno', '-Wall', '-Werror', '-static',
    `-I${native}`, join(root, 'test', 'nn', 'native', 'sgemm-check.c'), join(native, 'sgemm.c'), '-o', exe, '-lm', '-lpthread'], { encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
  const run = spawnSync('qemu-aarch64', [exe], { encoding: 'utf8', timeout: 240000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /^neon: 500 cases, 0 bad elements, peak probe \d+ flops$/m);
});
