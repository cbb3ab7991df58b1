// Portable sgemm in plain TypeScript. No allocation; each transpose case gets the loop order that walks memory
// contiguously in the innermost loop (V8 does not vectorise, so memory order and few bounds checks are what count).
import type { Gemm } from './types';
import { wasmSgemm, wasmSimdAvailable } from './wasm';

function scaleC(m: number, n: number, beta: number, c: Float32Array, cOff: number, ldc: number): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const r = cOff + i * ldc;
    if (beta === 0) c.fill(0, r, r + n);
    else for (let j = r; j < r + n; j++) c[j] *= beta;
  }
}

// C[i,:] += alpha * Σ_k A[i,k] B[k,:] — row axpys, k blocked so a panel of B stays in cache
function gemmNN(m: number, n: number, k: number, alpha: number, a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void {
  const KB = 64;
  for (let k0 = 0; k0 < k; k0 += KB) {
    const k1 = Math.min(k, k0 + KB);
    for (let i = 0; i < m; i++) {
      const ci = cOff + i * ldc;
      const ai = aOff + i * lda;
      let p = k0;
      // four rows of B per pass: one load/store of C per four multiply-adds
      for (; p + 3 < k1; p += 4) {
        const a0 = alpha * a[ai + p], a1 = alpha * a[ai + p + 1], a2 = alpha * a[ai + p + 2], a3 = alpha * a[ai + p + 3];
        const b0 = bOff + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        for (let j = 0; j < n; j++) c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
      for (; p < k1; p++) {
        const av = alpha * a[ai + p];
        if (av === 0) continue;
        const bp = bOff + p * ldb;
        for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
      }
    }
  }
}

// C[i,j] += alpha * A[i,:]·B[j,:] — dot products of contiguous rows, 2×2 register block
function gemmNT(m: number, n: number, k: number, alpha: number, a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = aOff + i * lda, a1 = a0 + lda;
    const c0 = cOff + i * ldc, c1 = c0 + ldc;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = bOff + j * ldb, b1 = b0 + ldb;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p], x1 = a[a1 + p], y0 = b[b0 + p], y1 = b[b1 + p];
        s00 += x0 * y0; s01 += x0 * y1; s10 += x1 * y0; s11 += x1 * y1;
      }
      c[c0 + j] += alpha * s00; c[c0 + j + 1] += alpha * s01;
      c[c1 + j] += alpha * s10; c[c1 + j + 1] += alpha * s11;
    }
    for (; j < n; j++) {
      const b0 = bOff + j * ldb;
      let s0 = 0, s1 = 0;
      for (let p = 0; p < k; p++) { const y = b[b0 + p]; s0 += a[a0 + p] * y; s1 += a[a1 + p] * y; }
      c[c0 + j] += alpha * s0; c[c1 + j] += alpha * s1;
    }
  }
  for (; i < m; i++) {
    const a0 = aOff + i * lda, c0 = cOff + i * ldc;
    for (let j = 0; j < n; j++) {
      const b0 = bOff + j * ldb;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[a0 + p] * b[b0 + p];
      c[c0 + j] += alpha * s;
    }
  }
}

// C[i,:] += alpha * Σ_p A[p,i] B[p,:] — rank-1 updates row by row of A and B
function gemmTN(m: number, n: number, k: number, alpha: number, a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void {
  const IB = 32;
  for (let i0 = 0; i0 < m; i0 += IB) {
    const i1 = Math.min(m, i0 + IB);
    let p = 0;
    for (; p + 1 < k; p += 2) {
      const ap0 = aOff + p * lda, ap1 = ap0 + lda, bp0 = bOff + p * ldb, bp1 = bp0 + ldb;
      for (let i = i0; i < i1; i++) {
        const x0 = alpha * a[ap0 + i], x1 = alpha * a[ap1 + i];
        if (x0 === 0 && x1 === 0) continue;
        const ci = cOff + i * ldc;
        for (let j = 0; j < n; j++) c[ci + j] += x0 * b[bp0 + j] + x1 * b[bp1 + j];
      }
    }
    for (; p < k; p++) {
      const ap = aOff + p * lda, bp = bOff + p * ldb;
      for (let i = i0; i < i1; i++) {
        const x = alpha * a[ap + i];
        if (x === 0) continue;
        const ci = cOff + i * ldc;
        for (let j = 0; j < n; j++) c[ci + j] += x * b[bp + j];
      }
    }
  }
}

// C[i,j] += alpha * Σ_p A[p,i] B[j,p] — rare; plain loops
function gemmTT(m: number, n: number, k: number, alpha: number, a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      const bj = bOff + j * ldb;
      for (let p = 0; p < k; p++) s += a[aOff + p * lda + i] * b[bj + p];
      c[cOff + i * ldc + j] += alpha * s;
    }
  }
}

export function checkGemmArgs(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number,
  c: Float32Array, cOff: number, ldc: number,
): void {
  const need = (arr: Float32Array, off: number, rows: number, cols: number, ld: number, what: string): void => {
    if (rows === 0 || cols === 0) return;
    if (ld < cols) throw new Error(`sgemm: ld${what} ${ld} < ${cols} columns`);
    if (off < 0 || off + (rows - 1) * ld + cols > arr.length) {
      throw new Error(`sgemm: ${what} (${rows}×${cols}, ld ${ld}, offset ${off}) overruns its array of ${arr.length}`);
    }
  };
  if (!(m >= 0 && n >= 0 && k >= 0)) throw new Error(`sgemm: negative size m=${m} n=${n} k=${k}`);
  need(a, aOff, transA ? k : m, transA ? m : k, lda, 'a');
  need(b, bOff, transB ? n : k, transB ? k : n, ldb, 'b');
  need(c, cOff, m, n, ldc, 'c');
}

/** plain scalar loops only (the fallback where WebAssembly SIMD is missing; also a test reference) */
export const scalarGemm: Gemm = {
  name: 'typescript',
  identity: 'typescript:scalar',
  sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) {
    checkGemmArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    scalarSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  },
};

/** below this many multiply-adds the packing of the SIMD path costs more than it saves */
const WASM_MIN_WORK = 2048;

/**
 * The portable gemm: products of any size go through the WebAssembly SIMD kernel (assembled in wasm-kernel.ts, so
 * still nothing but this repository's TypeScript), tiny ones and SIMD-less engines through scalar loops.
 */
export const typescriptGemm: Gemm & { readonly simd: boolean } = {
  name: 'typescript',
  simd: wasmSimdAvailable(),
  // a getter: tests switch the SIMD kernel off and on at run time
  get identity(): string {
    return wasmSimdAvailable() ? 'typescript:wasm-simd' : 'typescript:scalar';
  },
  sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) {
    checkGemmArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    if (m === 0 || n === 0) return;
    if (k > 0 && alpha !== 0 && m * n * k >= WASM_MIN_WORK &&
      wasmSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc)) return;
    scalarSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  },
};

function scalarSgemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number,
  beta: number, c: Float32Array, cOff: number, ldc: number): void {
    if (m === 0 || n === 0) return;
    scaleC(m, n, beta, c, cOff, ldc);
    if (k === 0 || alpha === 0) return;
    if (!transA && !transB) gemmNN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    else if (!transA && transB) gemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    else if (transA && !transB) gemmTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    else gemmTT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
}
