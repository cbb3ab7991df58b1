// The install hook must exit 0 with exactly one clear line whenever the native addon cannot be built (the slow
// suite builds it for real, with and without OpenBLAS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', 'lib', 'setup', 'postinstall.cjs');
const NOT_BUILT = /^native addon not built: (.+); using the portable TypeScript\/WebAssembly gemm \(install a C compiler, make and python3, then npm rebuild, for the native path\)$/;

function run(env: Record<string, string>): { status: number | null; out: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [script], { env: { ...process.env, PIRATE_PAIN_GEMM: '', ...env }, encoding: 'utf8' });
  return { status: r.status, out: (r.stdout + r.stderr).trim(), ms: Date.now() - t0 };
}

test('without a C compiler it says so in one line, quickly, and exits 0 (the WebAssembly path runs)', () => {
  const r = run({ CC: join(tmpdir(), 'no-such-compiler-here') });
  assert.equal(r.status, 0);
  assert.equal(r.out.split('\n').length, 1);
  assert.equal(NOT_BUILT.exec(r.out)?.[1], `no C compiler (${join(tmpdir(), 'no-such-compiler-here')})`);
  assert.ok(r.ms < 5000, `took ${r.ms} ms`);
});

test('a compiler that cannot compile, a missing binding.gyp, or the TypeScript gemm forced: one line with the reason, exit 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-cc-'));
  const cc = join(dir, 'cc');
  writeFileSync(cc, '#!/bin/sh\necho "cc1: fatal error: cannot execute as: No such file or directory" >&2\nexit 1\n');
  chmodSync(cc, 0o755);
  const broken = run({ CC: cc });
  assert.equal(broken.status, 0);
  assert.equal(NOT_BUILT.exec(broken.out)?.[1], 'the C compiler does not work: cc1: fatal error: cannot execute as: No such file or directory');
  const noGyp = run({ PIRATE_PAIN_NATIVE_DIR: dir });
  assert.equal(noGyp.status, 0);
  assert.equal(NOT_BUILT.exec(noGyp.out)?.[1], `${dir}/binding.gyp missing`);
  const forced = run({ PIRATE_PAIN_GEMM: 'typescript' });
  assert.equal(forced.status, 0);
  assert.equal(NOT_BUILT.exec(forced.out)?.[1], 'PIRATE_PAIN_GEMM=typescript');
});
