// The install hook for real (node-gyp builds of a copy of lib/nn/native, ~5-20 s each): without OpenBLAS headers
// it builds the built-in gemm alone and says why; with OpenBLAS it links both; either addon then computes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'lib', 'setup', 'postinstall.cjs');
const sources = join(root, 'lib', 'nn', 'native');

/** a fresh copy of the addon's sources (the build must not replace the addon the other tests load) */
function nativeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pp-native-'));
  for (const f of readdirSync(sources)) if (/\.(c|h|inc|gyp)$/.test(f)) copyFileSync(join(sources, f), join(dir, f));
  return dir;
}

function install(env: Record<string, string>): { status: number | null; out: string; addon: string } {
  const dir = nativeCopy();
  const r = spawnSync(process.execPath, [script], {
    env: { ...process.env, PIRATE_PAIN_GEMM: '', PIRATE_PAIN_NATIVE_BLAS: '', PIRATE_PAIN_NATIVE_DIR: dir, ...env }, encoding: 'utf8',
  });
  return { status: r.status, out: (r.stdout + r.stderr).trim(), addon: join(dir, 'build', 'Release', 'pirate_pain_gemm.node') };
}

interface Addon {
  isas: string[];
  builtin(isa?: string): { isa: string; sgemm: (...a: unknown[]) => void };
  blas?: { name: string; sgemm: (...a: unknown[]) => void };
}

function product(p: { sgemm: (...a: unknown[]) => void }): string {
  const a = new Float32Array([1, 2, 3, 4]), c = new Float32Array(4).fill(NaN);
  p.sgemm(false, true, 2, 2, 2, 1, a, 0, 2, a, 0, 2, 0, c, 0, 2);
  return c.join();
}

const LABEL: Record<string, string> = { avx512: 'AVX-512', avx2: 'AVX2+FMA', sse: 'SSE', neon: 'NEON', scalar: 'scalar C' };

test('a machine without OpenBLAS headers (a compiler that lacks cblas.h) gets the built-in gemm, with one line saying why', () => {
  // the compiler of a fresh Debian machine: the same cc, but any translation unit that would include cblas.h fails
  const bin = mkdtempSync(join(tmpdir(), 'pp-cc-'));
  const cc = join(bin, 'cc');
  writeFileSync(cc, '#!/bin/sh\nfor a in "$@"; do case "$a" in -DPP_BLAS_OPENBLAS) blas=1;; esac; done\n' +
    'for f in "$@"; do case "$f" in *probe.c) grep -q "cblas.h" "$f" && blas=1;; esac; done\n' +
    'if [ -n "$blas" ]; then echo "probe.c:1:10: fatal error: cblas.h: No such file or directory" >&2; exit 1; fi\nexec cc "$@"\n');
  chmodSync(cc, 0o755);
  const r = install({ CC: cc });
  assert.equal(r.status, 0, r.out);
  assert.equal(r.out.split('\n').length, 1, r.out);
  const addon = require(r.addon) as Addon;
  assert.equal(addon.blas, undefined, 'no BLAS linked');
  assert.equal(r.out, `native addon built: built-in gemm (${LABEL[addon.isas[0]]} dispatch); OpenBLAS not found: cblas.h missing ` +
    '(apt-get install libopenblas-dev, then npm rebuild, for the OpenBLAS path)');
  for (const isa of addon.isas) assert.equal(product(addon.builtin(isa)), '5,11,11,25');
});

test('PIRATE_PAIN_NATIVE_BLAS=none simulates that machine; with OpenBLAS installed both paths are built', () => {
  const none = install({ PIRATE_PAIN_NATIVE_BLAS: 'none' });
  assert.equal(none.status, 0, none.out);
  assert.match(none.out, /^native addon built: built-in gemm \([^)]+ dispatch\); OpenBLAS not used: PIRATE_PAIN_NATIVE_BLAS=none/);
  assert.equal((require(none.addon) as Addon).blas, undefined);
  const probe = spawnSync('sh', ['-c', 'echo "#include <cblas.h>" | cc -E -x c - >/dev/null 2>&1']);
  if (probe.status !== 0) return; // no OpenBLAS headers here: the first case already is this machine
  const both = install({});
  assert.equal(both.status, 0, both.out);
  assert.match(both.out, /^native addon built: openblas \d+\.\d+\.\d+ \(used by default\) and built-in gemm \([^)]+ dispatch\); OpenBLAS found$/);
  assert.ok(existsSync(both.addon));
  const addon = require(both.addon) as Addon;
  assert.equal(addon.blas?.name, 'openblas');
  assert.equal(product(addon.blas as { sgemm: (...a: unknown[]) => void }), "5,11,11,25");
  assert.equal(product(addon.builtin()), '5,11,11,25');
});
