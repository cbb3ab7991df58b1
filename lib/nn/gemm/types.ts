// The one matrix-product interface every layer goes through: BLAS sgemm on row-major Float32Arrays with offsets.
import type { RecurrentKernels } from '../recurrent-types';

/** openblas: the system BLAS the addon linked (Accelerate on macOS); builtin: the addon's own C gemm */
export type GemmName = 'typescript' | 'openblas' | 'builtin';

export interface Gemm {
  readonly name: GemmName;
  /**
   * The compute path exactly enough that equal identities give bit-identical numbers on the same inputs, e.g.
   * `openblas:0.3.21:cooperlake:avx512`, `builtin:avx512`, `typescript:wasm-simd`.
   */
  readonly identity?: string;
  /**
   * C = alpha · op(A) · op(B) + beta · C, row-major. op(A) is m×k (A stored k×m when transA), op(B) is k×n
   * (B stored n×k when transB), C is m×n. `*Off` are element offsets into the arrays, `ld*` the row strides.
   * beta = 0 overwrites C without reading it (BLAS semantics: NaN in C does not propagate).
   */
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, aOff: number, lda: number,
    b: Float32Array, bOff: number, ldb: number,
    beta: number, c: Float32Array, cOff: number, ldc: number,
  ): void;
  /** fused per-direction recurrent kernels (the native addon has them); the model uses TypeScript ones otherwise */
  readonly recurrent?: RecurrentKernels;
}
