// sgemm and activations on the WebAssembly SIMD kernels of wasm-kernel.ts. Operands are copied into the module's
// memory (A and B as whole spans when they need no transposing; only a transposed B is repacked), multiplied in
// 4×8 blocks, and C = alpha·AB + beta·C is written back. Copies are O(mk + kn + mn) against O(mnk) work.
// Everything is undefined/false where the engine lacks WebAssembly SIMD; callers fall back to scalar loops.
import { kernelModule } from './wasm-kernel';

type GemmKernel = (a: number, lda: number, b: number, ldb: number, c: number, m: number, n: number, k: number) => void;
type ActKernel = (ptr: number, n: number) => void;

// the few WebAssembly JS-API members used (tsconfig's lib has no DOM, where the full typings live)
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface WasmState {
  mem: WasmMemory;
  gemmN: GemmKernel;
  gemmT: GemmKernel;
  sigmoid: ActKernel;
  tanh: ActKernel;
  f: Float32Array;
}

let state: WasmState | null | undefined;
let enabled = true;

/** Turns the SIMD path off (or back on) for this thread: the scalar fallback then runs, e.g. to test it. */
export function setWasmSimdEnabled(on: boolean): void {
  enabled = on;
}

function init(): WasmState | null {
  if (!enabled) return null;
  if (state !== undefined) return state;
  state = null;
  try {
    const bytes = kernelModule();
    if (!WA || !WA.validate(bytes)) return null;
    const ex = new WA.Instance(new WA.Module(bytes), {}).exports as Omit<WasmState, 'f'>;
    state = { ...ex, f: new Float32Array(ex.mem.buffer) };
  } catch {
    state = null;
  }
  return state;
}

export function wasmSimdAvailable(): boolean {
  return init() !== null;
}

/** the Float32Array view over at least `floats` values of module memory (grown on demand) */
function view(s: WasmState, floats: number): Float32Array {
  const need = floats * 4;
  if (s.mem.buffer.byteLength < need) s.mem.grow(Math.ceil((need - s.mem.buffer.byteLength) / 65536));
  if (s.f.buffer !== s.mem.buffer) s.f = new Float32Array(s.mem.buffer);
  return s.f;
}

const up = (x: number, q: number): number => Math.ceil(x / q) * q;
/** kernels read up to a block past the valid data (into padding whose results are dropped) */
const SLACK = 64;

/** C = alpha·op(A)·op(B) + beta·C through the SIMD kernels; arguments already checked by the caller */
export function wasmSgemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number,
  beta: number, c: Float32Array, cOff: number, ldc: number,
): boolean {
  const s = init();
  if (!s) return false;
  const Mp = up(m, 4);
  const Np = up(n, 8);
  // A in place: rows (N) or columns (T) at stride lda
  const aValid = transA ? (k - 1) * lda + m : (m - 1) * lda + k;
  const aSpan = transA ? (k - 1) * lda + Mp : (Mp - 1) * lda + k;
  const bBase = up(aSpan + SLACK, 4);
  const bLd = transB ? Np : ldb;
  const bSpan = (k - 1) * bLd + Np;
  const cBase = up(bBase + bSpan + SLACK, 4);
  const f = view(s, cBase + Mp * Np + SLACK);
  f.set(a.subarray(aOff, aOff + aValid), 0);
  if (!transB) f.set(b.subarray(bOff, bOff + (k - 1) * ldb + n), bBase);
  else {
    // B stored n×k: repack as k×Np
    for (let j = 0; j < n; j++) {
      const src = bOff + j * ldb;
      let dst = bBase + j;
      for (let p = 0; p < k; p++, dst += Np) f[dst] = b[src + p];
    }
  }
  (transA ? s.gemmT : s.gemmN)(0, lda * 4, bBase * 4, bLd * 4, cBase * 4, Mp, Np, k);
  for (let i = 0; i < m; i++) {
    const src = cBase + i * Np;
    const dst = cOff + i * ldc;
    if (beta === 0) {
      if (alpha === 1) c.set(f.subarray(src, src + n), dst);
      else for (let j = 0; j < n; j++) c[dst + j] = alpha * f[src + j];
    } else if (beta === 1 && alpha === 1) {
      for (let j = 0; j < n; j++) c[dst + j] += f[src + j];
    } else {
      for (let j = 0; j < n; j++) c[dst + j] = alpha * f[src + j] + beta * c[dst + j];
    }
  }
  return true;
}

/** dst[dOff..+n] = act(src[sOff..+n]) with the SIMD sigmoid/tanh; false when unavailable */
export function wasmActivate(kind: 'sigmoid' | 'tanh', src: Float32Array, sOff: number, n: number,
  dst: Float32Array, dOff: number): boolean {
  const s = init();
  if (!s) return false;
  const n4 = up(n, 4);
  const f = view(s, n4);
  f.set(src.subarray(sOff, sOff + n), 0);
  s[kind](0, n4);
  dst.set(f.subarray(0, n), dOff);
  return true;
}
