import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableGemms, builtinIsas, getGemm, loadBuiltinGemm, openblasUnavailableReason, typescriptGemm } from '../../lib/nn/gemm';
import { builtinUnavailableReason } from '../../lib/nn/gemm';
import { scalarGemm } from '../../lib/nn/gemm/typescript';
import { wasmActivate, wasmSimdAvailable } from '../../lib/nn/gemm/wasm';
import type { Gemm } from '../../lib/nn/gemm';
import { Rng } from '../../lib/nn/rng';

const why = openblasUnavailableReason();
if (why) console.log(`# openblas gemm tests skipped: ${why}`);
const noBuiltin = builtinUnavailableReason();
if (noBuiltin) console.log(`# builtin gemm tests skipped: ${noBuiltin}`);
const impls: [string, Gemm][] = [['typescript (WebAssembly SIMD kernel)', typescriptGemm], ['typescript scalar loops', scalarGemm]];
if (!why) impls.push(['openblas', getGemm('openblas')]);
// every ISA's kernels this CPU runs (AVX-512, AVX2+FMA and SSE on this machine), not only the dispatched one
for (const isa of builtinIsas()) impls.push([`builtin ${isa}`, loadBuiltinGemm(isa).gemm as Gemm]);

/** textbook triple loop in float64 */
function naive(ta: boolean, tb: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number, beta: number, c: Float32Array, cOff: number, ldc: number): Float64Array {
  const out = new Float64Array(c.length);
  out.set(c);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        const bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        s += av * bv;
      }
      const ci = cOff + i * ldc + j;
      out[ci] = alpha * s + (beta === 0 ? 0 : beta * c[ci]);
    }
  }
  return out;
}

// odd sizes around the micro-tiles (8×32, 6×16, 6×8) and the k-block (256), plus empty k
const sizes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [17, 1, 9], [1, 33, 4], [65, 30, 129], [130, 67, 3], [8, 8, 0],
  [9, 33, 257], [7, 17, 513], [129, 31, 2]];

for (const [label, g] of impls) {
  test(`${label} sgemm matches a naive triple loop for every transpose, odd sizes, offsets and padded rows`, () => {
    const r = new Rng(1);
    for (const [m, n, k] of sizes) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          for (const [alpha, beta] of [[1, 0], [1, 1], [-0.5, 2]]) {
            const aRows = ta ? k : m, aCols = ta ? m : k;
            const bRows = tb ? n : k, bCols = tb ? k : n;
            const lda = aCols + 2, ldb = bCols + 1, ldc = n + 3;
            const aOff = 5, bOff = 2, cOff = 7;
            const rand = (len: number): Float32Array => Float32Array.from({ length: len }, () => r.normal());
            const a = rand(aOff + aRows * lda), b = rand(bOff + bRows * ldb), c = rand(cOff + m * ldc + 4);
            // beta = 0 must not read C: NaN there must not propagate
            if (beta === 0) for (let i = 0; i < m; i++) c.fill(NaN, cOff + i * ldc, cOff + i * ldc + n);
            const want = naive(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            const got = Float32Array.from(c);
            g.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
            for (let i = 0; i < got.length; i++) {
              const tol = 1e-5 * (Math.sqrt(k) + 1) * 4;
              assert.ok(Math.abs(got[i] - want[i]) <= tol, `${label} ta=${ta} tb=${tb} ${m}×${n}×${k} α=${alpha} β=${beta} [${i}]: ${got[i]} vs ${want[i]}`);
            }
          }
        }
      }
    }
  });

  test(`${label} sgemm rejects operands that overrun their arrays`, () => {
    const a = new Float32Array(6), b = new Float32Array(6), c = new Float32Array(4);
    assert.throws(() => g.sgemm(false, false, 2, 2, 3, 1, a, 1, 3, b, 0, 2, 0, c, 0, 2), /overrun/);
    assert.throws(() => g.sgemm(false, false, 2, 2, 3, 1, a, 0, 3, b, 0, 2, 0, c, 1, 2), /overrun/);
  });
}

if (!why) {
  test('typescript and openblas agree on a model-sized product', () => {
    const r = new Rng(2);
    const m = 128, n = 1024, k = 256;
    const a = Float32Array.from({ length: m * k }, () => r.normal());
    const b = Float32Array.from({ length: n * k }, () => r.normal());
    const c1 = new Float32Array(m * n), c2 = new Float32Array(m * n);
    typescriptGemm.sgemm(false, true, m, n, k, 1, a, 0, k, b, 0, k, 0, c1, 0, n);
    getGemm('openblas').sgemm(false, true, m, n, k, 1, a, 0, k, b, 0, k, 0, c2, 0, n);
    for (let i = 0; i < c1.length; i++) assert.ok(Math.abs(c1[i] - c2[i]) < 1e-3, `[${i}] ${c1[i]} vs ${c2[i]}`);
  });
}

test('getGemm honours the preference and $PIRATE_PAIN_GEMM; auto prefers openblas, then builtin, then typescript', () => {
  const saved = process.env.PIRATE_PAIN_GEMM;
  try {
    assert.equal(getGemm('typescript').name, 'typescript');
    process.env.PIRATE_PAIN_GEMM = 'typescript';
    assert.equal(getGemm().name, 'typescript');
    process.env.PIRATE_PAIN_GEMM = 'cuda';
    assert.throws(() => getGemm(), /PIRATE_PAIN_GEMM: expected openblas\|builtin\|typescript\|auto, got "cuda"/);
    process.env.PIRATE_PAIN_GEMM = 'builtin';
    if (noBuiltin) assert.throws(() => getGemm(), /gemm 'builtin' requested by \$PIRATE_PAIN_GEMM but unavailable/);
    else assert.equal(getGemm().identity, `builtin:${builtinIsas()[0]}`);
    delete process.env.PIRATE_PAIN_GEMM;
    assert.equal(getGemm().name, !why ? 'openblas' : !noBuiltin ? 'builtin' : 'typescript');
    assert.deepEqual(availableGemms().map((g) => g.name), [...(why ? [] : ['openblas']), ...(noBuiltin ? [] : ['builtin']), 'typescript']);
    if (why) assert.throws(() => getGemm('openblas'), /unavailable/);
  } finally {
    if (saved === undefined) delete process.env.PIRATE_PAIN_GEMM;
    else process.env.PIRATE_PAIN_GEMM = saved;
  }
});

test('every gemm path names itself exactly (identity)', () => {
  assert.equal(typescriptGemm.identity, 'typescript:wasm-simd');
  assert.equal(scalarGemm.identity, 'typescript:scalar');
  if (!why) assert.match(getGemm('openblas').identity ?? '', /^openblas:\d+\.\d+\.\d+:[a-z0-9_]+:(avx512|avx2|sse|neon|scalar)$/);
  for (const isa of builtinIsas()) assert.equal(loadBuiltinGemm(isa).gemm?.identity, `builtin:${isa}`);
  assert.match(loadBuiltinGemm('mmx').reason ?? '', /cannot run the mmx kernels/);
});

if (!noBuiltin) {
  test("builtin sgemm: reruns are bit-identical, and products of the model's shapes agree with a float64 reference", () => {
    const r = new Rng(3);
    // the LSTM 2×256's products: recurrent step (B×4H×H, B transposed), input projection, dh, weight gradient
    const shapes: [boolean, boolean, number, number, number][] = [[false, true, 128, 1024, 256], [false, true, 3200, 1024, 30],
      [false, false, 128, 256, 1024], [true, false, 1024, 256, 600]];
    for (const isa of builtinIsas()) {
      const g = loadBuiltinGemm(isa).gemm as Gemm;
      for (const [ta, tb, m, n, k] of shapes) {
        const a = Float32Array.from({ length: m * k }, () => r.normal());
        const b = Float32Array.from({ length: n * k }, () => r.normal());
        const lda = ta ? m : k, ldb = tb ? k : n;
        const c1 = new Float32Array(m * n).fill(NaN), c2 = new Float32Array(m * n).fill(NaN);
        g.sgemm(ta, tb, m, n, k, 1, a, 0, lda, b, 0, ldb, 0, c1, 0, n);
        g.sgemm(ta, tb, m, n, k, 1, a, 0, lda, b, 0, ldb, 0, c2, 0, n);
        assert.deepEqual(c1, c2, `${isa} ${m}×${n}×${k} rerun`);
        for (let t = 0; t < 200; t++) {
          const i = r.int(m), j = r.int(n);
          let s = 0;
          for (let p = 0; p < k; p++) s += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
          assert.ok(Math.abs(c1[i * n + j] - s) <= 1e-5 * Math.sqrt(k) * 4, `${isa} ${m}×${n}×${k} [${i},${j}] ${c1[i * n + j]} vs ${s}`);
        }
      }
    }
  });
}

if (!noBuiltin) {
  test('the addon loads and computes in several worker threads at once (context-aware module, per-thread buffers)', async () => {
    const { Worker } = await import('node:worker_threads');
    const file = require.resolve('../../lib/nn/native/build/Release/pirate_pain_gemm.node');
    const src = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.file);
      const n = 64, a = new Float32Array(n * n).fill(workerData.v), c = new Float32Array(n * n);
      for (const g of [addon.builtin(), ...(addon.blas ? [addon.blas] : [])])
        for (let i = 0; i < 50; i++) g.sgemm(false, false, n, n, n, 1, a, 0, n, a, 0, n, 0, c, 0, n);
      parentPort.postMessage(c[0]);`;
    const results = await Promise.all([1, 2, 3].map((v) => new Promise<number>((res, rej) => {
      const w = new Worker(src, { eval: true, workerData: { file, v } });
      w.once('message', (m: number) => { res(m); void w.terminate(); });
      w.once('error', rej);
    })));
    assert.deepEqual(results, [64, 256, 576]); // n·v²
  });
}

if (!noBuiltin) {
  test('a process whose addon only worker threads loaded exits cleanly after they end (no per-thread destructor into an unloaded addon)', async () => {
    const { spawnSync } = await import('node:child_process');
    const file = require.resolve('../../lib/nn/native/build/Release/pirate_pain_gemm.node');
    const main = `
      const { Worker } = require('node:worker_threads');
      const src = "const wt = require('node:worker_threads'); const g = require(wt.workerData).builtin();" +
        "const a = new Float32Array(4096).fill(1), c = new Float32Array(4096); g.sgemm(false, true, 64, 64, 64, 1, a, 0, 64, a, 0, 64, 0, c, 0, 64);" +
        "wt.parentPort.postMessage(c[0]);";
      Promise.all([1, 2, 3].map(() => new Promise((res) => { const w = new Worker(src, { eval: true, workerData: ${JSON.stringify(file)} });
        w.once('message', (m) => { res(m); void w.terminate(); }); }))).then((r) => console.log(r.join()));`;
    const r = spawnSync(process.execPath, ['-e', main], { encoding: 'utf8' });
    assert.equal(r.signal, null, `killed by ${r.signal}`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '64,64,64');
  });
}

for (const g of availableGemms().filter((x) => x.name !== 'typescript')) {
  test(`native recurrent kernels (${g.identity}) refuse buffers too small for the stated sizes`, () => {
    const k = g.recurrent;
    assert.ok(k);
    const f = (n: number): Float32Array => new Float32Array(n);
    const T = 3, B = 2, H = 4, I = 5, G = 4 * H;
    const args = {
      cell: 'lstm' as const, T, B, H, reverse: false, inp: f(T * B * I), inW: I, wih: f(G * I), whh: f(G * H), bih: f(G), bhh: f(G),
      gates: f(T * B * G), out: f(T * B * H), outOff: 0, ldh: H, c: f(T * B * H), tc: f(T * B * H), hn: null, hh: null,
    };
    k.forward(args);
    assert.throws(() => k.forward({ ...args, gates: f(T * B * G - 1) }), /gates has 95 values, needs 96/);
    assert.throws(() => k.forward({ ...args, c: null }), /c has 0 values/);
    assert.throws(() => k.forward({ ...args, outOff: 1 }), /bad sizes/);
    assert.throws(() => k.forward({ ...args, out: f(T * B * H - 1) }), /out has/);
  });
}

test('WebAssembly SIMD is available on Node 20 and its sigmoid/tanh agree with Math to float precision', () => {
  assert.ok(wasmSimdAvailable());
  assert.ok((typescriptGemm as { simd?: boolean }).simd);
  const xs = Float32Array.from({ length: 1001 }, (_, i) => (i - 500) / 40); // odd length: exercises padding
  xs[0] = -200; xs[1] = 200; xs[2] = 1e-6; xs[3] = -3e-5; xs[4] = NaN;
  for (const [kind, ref] of [['sigmoid', (v: number) => 1 / (1 + Math.exp(-v))], ['tanh', Math.tanh]] as const) {
    const out = new Float32Array(xs.length + 2).fill(7);
    assert.ok(wasmActivate(kind, xs, 0, xs.length, out, 1));
    assert.equal(out[0], 7);
    assert.equal(out[xs.length + 1], 7, 'writes exactly n values');
    assert.ok(Number.isNaN(out[5]), `${kind}(NaN) is NaN`);
    for (let i = 0; i < xs.length; i++) {
      if (i === 4) continue;
      const r = ref(xs[i]);
      assert.ok(Math.abs(out[i + 1] - r) <= 3e-7 * Math.abs(r) + 1e-30, `${kind}(${xs[i]}) = ${out[i + 1]}, expected ${r}`);
    }
  }
});
