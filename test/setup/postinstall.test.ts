// The install hook must exit 0 with one clear line whenever the native gemm cannot be built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', 'lib', 'setup', 'postinstall.cjs');
const LINE = /^native OpenBLAS gemm not built: (.+); using the portable TypeScript gemm\. apt-get install libopenblas-dev and npm rebuild to enable$/;

function run(env: Record<string, string>): { status: number | null; out: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, out: (r.stdout + r.stderr).trim(), ms: Date.now() - t0 };
}

test('without OpenBLAS headers it explains why, quickly, and exits 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-cc-'));
  const cc = join(dir, 'cc');
  writeFileSync(cc, '#!/bin/sh\necho "probe.c:1:10: fatal error: cblas.h: No such file or directory" >&2\nexit 1\n');
  chmodSync(cc, 0o755);
  const r = run({ CC: cc, PIRATE_PAIN_GEMM: '' });
  assert.equal(r.status, 0);
  assert.match(r.out, LINE);
  assert.equal(LINE.exec(r.out)?.[1], 'cblas.h not found (OpenBLAS headers missing)');
  assert.ok(r.ms < 5000, `took ${r.ms} ms`);
});

test('without a C compiler, or when the TypeScript gemm is forced, it exits 0 with the reason', () => {
  const a = run({ CC: join(tmpdir(), 'no-such-compiler-here'), PIRATE_PAIN_GEMM: '' });
  assert.equal(a.status, 0);
  assert.match(a.out, /not built: no C compiler/);
  const b = run({ PIRATE_PAIN_GEMM: 'typescript' });
  assert.equal(b.status, 0);
  assert.match(b.out, /not built: PIRATE_PAIN_GEMM=typescript;/);
});
