#!/usr/bin/env node
// Root postinstall (npm install / npm ci / npm rebuild): builds the native addon in lib/nn/native.
//   - always its built-in C gemm (runtime dispatch across AVX-512 / AVX2 / SSE, NEON on arm64): needs only a C
//     compiler, make and python3 (node-gyp);
//   - plus the system BLAS when found: OpenBLAS (cblas.h and -lopenblas) on Linux, Accelerate on macOS.
// It must never fail the install and prints exactly one line: the path built and why, or why the portable
// TypeScript/WebAssembly gemm is used. Cheap probes (compile a 3-line C file) run first, so a machine without a
// compiler answers in well under a second instead of going through node-gyp.
//
// Environment: PIRATE_PAIN_NATIVE_BLAS=none builds without any system BLAS (what a machine without OpenBLAS
// headers gets; for tests and timing); PIRATE_PAIN_GEMM=typescript skips the build; PIRATE_PAIN_NATIVE_DIR
// builds another copy of lib/nn/native (tests); CC picks the compiler the probes use.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
const nativeDir = process.env.PIRATE_PAIN_NATIVE_DIR ? resolve(process.env.PIRATE_PAIN_NATIVE_DIR) : join(root, 'lib', 'nn', 'native');
const addon = join(nativeDir, 'build', 'Release', 'pirate_pain_gemm.node');
const BUILD_TIMEOUT_MS = 300000;
const ISA_LABEL = { avx512: 'AVX-512', avx2: 'AVX2+FMA', sse: 'SSE', neon: 'NEON', scalar: 'scalar C' };

function fallback(reason) {
  console.log(
    `native addon not built: ${reason}; using the portable TypeScript/WebAssembly gemm ` +
      '(install a C compiler, make and python3, then npm rebuild, for the native path)',
  );
  process.exit(0);
}

/** last informative line of a tool's output */
function lastError(text) {
  const lines = String(text || '').split('\n').map((l) => l.trim()).filter(Boolean);
  const err = lines.filter((l) => /error|not found|cannot|no such/i.test(l) && !/^gyp (ERR!|info) (stack|System|command|cwd|node -v|node-gyp -v|not ok)/.test(l));
  return (err[0] || lines[lines.length - 1] || 'unknown error').slice(0, 200);
}

/** compile (and link) a small C program with $CC; null when it works, else the reason */
function compiles(source, libs) {
  const cc = process.env.CC || 'cc';
  const dir = mkdtempSync(join(tmpdir(), 'pp-probe-'));
  try {
    const src = join(dir, 'probe.c');
    writeFileSync(src, source);
    const r = spawnSync(cc, [src, '-o', join(dir, 'probe'), ...libs], { encoding: 'utf8', timeout: 60000 });
    if (r.error) return r.error.code === 'ENOENT' ? `no C compiler (${cc})` : `${cc}: ${r.error.message}`;
    if (r.status !== 0) return r.stderr + r.stdout || `${cc} exited with ${r.status}`;
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** which system BLAS to link: { blas: 'openblas' | 'accelerate' | 'none', why } */
function chooseBlas() {
  const env = process.env.PIRATE_PAIN_NATIVE_BLAS;
  if (env === 'none') return { blas: 'none', why: 'OpenBLAS not used: PIRATE_PAIN_NATIVE_BLAS=none' };
  if (process.platform === 'darwin') return { blas: 'accelerate', why: 'macOS' };
  const out = compiles(
    '#include <cblas.h>\nint main(void){float a=1,b=1,c=0;cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,1,1,1,1.f,&a,1,&b,1,0.f,&c,1);return c==1.f?0:1;}\n',
    ['-lopenblas'],
  );
  if (out === null) return { blas: 'openblas', why: 'OpenBLAS found' };
  if (/cblas\.h/.test(out)) return { blas: 'none', why: 'OpenBLAS not found: cblas.h missing' };
  if (/-lopenblas|openblas/.test(out)) return { blas: 'none', why: 'OpenBLAS not found: the linker has no libopenblas' };
  return { blas: 'none', why: `OpenBLAS not usable: ${lastError(out)}` };
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

/** node-gyp rebuild linking `blas`; null on success, else the reason */
function build(gyp, blas) {
  const args = [gyp, 'rebuild'];
  // use the installed Node headers instead of downloading them (no network here; npm's nodedir says the same)
  const prefix = dirname(dirname(process.execPath));
  if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
  const r = spawnSync(process.execPath, args, {
    cwd: nativeDir, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS, env: { ...process.env, PIRATE_PAIN_GYP_BLAS: blas },
  });
  if (r.error) return `node-gyp did not finish: ${r.error.message}`;
  if (r.status === 0) return null;
  const log = join(nativeDir, 'build-error.log');
  try {
    writeFileSync(log, `${r.stdout}\n${r.stderr}`);
  } catch {
    /* read-only tree: the reason line is enough */
  }
  return `node-gyp rebuild failed (${lastError(r.stderr + r.stdout)}; full log ${log})`;
}

/** load the addon in a fresh process and multiply with every path: a library mismatch shows up here, not in training */
function check() {
  const r = spawnSync(process.execPath, ['-e', `
    const g = require(${JSON.stringify(addon)});
    const a = new Float32Array([1, 2, 3, 4]);
    const paths = [g.builtin(), ...(g.blas ? [g.blas] : [])];
    for (const p of paths) {
      const c = new Float32Array(4).fill(NaN);
      p.sgemm(false, true, 2, 2, 2, 1, a, 0, 2, a, 0, 2, 0, c, 0, 2);
      if (c.join() !== '5,11,11,25') throw new Error('wrong product ' + c.join());
    }
    console.log(JSON.stringify({ isa: g.builtin().isa, blas: g.blas ? g.blas.name + ' ' + g.blas.version : null }));`],
  { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) return { error: lastError(r.stderr) };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function main() {
  if (process.env.PIRATE_PAIN_GEMM === 'typescript') fallback('PIRATE_PAIN_GEMM=typescript');
  if (!existsSync(join(nativeDir, 'binding.gyp'))) fallback(`${nativeDir}/binding.gyp missing`);
  const noCc = compiles('int main(void){return 0;}\n', []);
  if (noCc) fallback(noCc.startsWith('no C compiler') ? noCc : `the C compiler does not work: ${lastError(noCc)}`);
  const gyp = findNodeGyp();
  if (!gyp) fallback('node-gyp not found (neither npm_config_node_gyp nor npm\'s bundled copy)');
  let { blas, why } = chooseBlas();
  let err = build(gyp, blas);
  if (err && blas !== 'none') {
    // the BLAS probe passed but the addon did not build with it: the built-in gemm alone still helps
    why = `${blas} build failed: ${err}`;
    blas = 'none';
    err = build(gyp, blas);
  }
  if (err) fallback(err);
  const info = check();
  if (info.error) {
    rmSync(addon, { force: true });
    fallback(`built addon does not work: ${info.error}`);
  }
  const isa = `${ISA_LABEL[info.isa] || info.isa} dispatch`;
  if (info.blas) {
    console.log(`native addon built: ${info.blas} (used by default) and built-in gemm (${isa}); ${why}`);
  } else {
    const hint = process.platform === 'darwin' ? '' : ' (apt-get install libopenblas-dev, then npm rebuild, for the OpenBLAS path)';
    console.log(`native addon built: built-in gemm (${isa}); ${why}${hint}`);
  }
}

try {
  main();
} catch (e) {
  fallback(`unexpected error: ${e && e.message ? e.message : e}`);
}
