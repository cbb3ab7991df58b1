#!/usr/bin/env node
// Root postinstall (npm install / npm ci / npm rebuild): builds the optional native OpenBLAS gemm in lib/nn/native.
// It must never fail the install: on any problem it prints one line saying why and that the portable TypeScript
// gemm is used, and exits 0. A cheap probe (compile + link a 3-line C file) runs first so a machine without
// OpenBLAS or a compiler answers in well under a second instead of going through node-gyp.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
const nativeDir = join(root, 'lib', 'nn', 'native');
const addon = join(nativeDir, 'build', 'Release', 'pirate_pain_gemm.node');
const BUILD_TIMEOUT_MS = 180000;

function fallback(reason) {
  console.log(
    `native OpenBLAS gemm not built: ${reason}; using the portable TypeScript gemm. ` +
      'apt-get install libopenblas-dev and npm rebuild to enable',
  );
  process.exit(0);
}

/** last informative line of a tool's output */
function lastError(text) {
  const lines = String(text || '').split('\n').map((l) => l.trim()).filter(Boolean);
  const err = lines.filter((l) => /error|not found|cannot|no such/i.test(l) && !/^gyp (ERR!|info) (stack|System|command|cwd|node -v|node-gyp -v|not ok)/.test(l));
  return (err[0] || lines[lines.length - 1] || 'unknown error').slice(0, 200);
}

/** Can the C compiler find cblas.h and link -lopenblas? */
function probeOpenblas() {
  const cc = process.env.CC || 'cc';
  const dir = mkdtempSync(join(tmpdir(), 'pp-blas-'));
  try {
    const src = join(dir, 'probe.c');
    writeFileSync(src, '#include <cblas.h>\nint main(void){float a=1,b=1,c=0;cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,1,1,1,1.f,&a,1,&b,1,0.f,&c,1);return c==1.f?0:1;}\n');
    const r = spawnSync(cc, [src, '-o', join(dir, 'probe'), '-lopenblas'], { encoding: 'utf8', timeout: 60000 });
    if (r.error) return r.error.code === 'ENOENT' ? `no C compiler (${cc})` : `${cc}: ${r.error.message}`;
    if (r.status !== 0) {
      const out = r.stderr + r.stdout;
      if (/cblas\.h/.test(out)) return 'cblas.h not found (OpenBLAS headers missing)';
      if (/-lopenblas|openblas/.test(out)) return 'libopenblas not found by the linker';
      return `test compile failed: ${lastError(out)}`;
    }
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** node-gyp: npm's own (npm_config_node_gyp), a local one, or the one bundled with the npm next to this node */
function findNodeGyp() {
  const c = [];
  if (process.env.npm_config_node_gyp) c.push(process.env.npm_config_node_gyp);
  try {
    c.push(require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] }));
  } catch {
    /* not a local dependency */
  }
  const prefix = dirname(dirname(process.execPath));
  c.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  c.push(join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return c.find((p) => existsSync(p));
}

function main() {
  if (process.env.PIRATE_PAIN_GEMM === 'typescript') fallback('PIRATE_PAIN_GEMM=typescript');
  if (!existsSync(join(nativeDir, 'binding.gyp'))) fallback(`${nativeDir}/binding.gyp missing`);
  const missing = probeOpenblas();
  if (missing) fallback(missing);
  const gyp = findNodeGyp();
  if (!gyp) fallback('node-gyp not found (neither npm_config_node_gyp nor npm\'s bundled copy)');
  const args = [gyp, 'rebuild'];
  // use the installed Node headers instead of downloading them (no network here; npm's nodedir says the same)
  const prefix = dirname(dirname(process.execPath));
  if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
  const r = spawnSync(process.execPath, args, { cwd: nativeDir, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  if (r.error) fallback(`node-gyp did not finish: ${r.error.message}`);
  if (r.status !== 0) {
    const log = join(nativeDir, 'build-error.log');
    try {
      writeFileSync(log, `${r.stdout}\n${r.stderr}`);
    } catch {
      /* read-only tree: the reason line is enough */
    }
    fallback(`node-gyp rebuild failed (${lastError(r.stderr + r.stdout)}; full log ${log})`);
  }
  // load it in a fresh process: a library mismatch shows up here, not in the middle of training
  const check = spawnSync(process.execPath, ['-e', `
    const g = require(${JSON.stringify(addon)});
    const a = new Float32Array([1, 2, 3, 4]), c = new Float32Array(4);
    g.sgemm(false, true, 2, 2, 2, 1, a, 0, 2, a, 0, 2, 0, c, 0, 2);
    if (c.join() !== '5,11,11,25') throw new Error('wrong product ' + c.join());`], { encoding: 'utf8', timeout: 60000 });
  if (check.status !== 0) {
    rmSync(addon, { force: true });
    fallback(`built addon does not work: ${lastError(check.stderr)}`);
  }
  console.log(`native OpenBLAS gemm built: ${addon.slice(root.length + 1)}`);
}

try {
  main();
} catch (e) {
  fallback(`unexpected error: ${e && e.message ? e.message : e}`);
}
