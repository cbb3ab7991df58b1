/* The built-in single-precision GEMM (sgemm.c): no BLAS library needed. Row-major, BLAS semantics:
 * C = alpha·op(A)·op(B) + beta·C, op(A) m×k, op(B) k×n; beta = 0 overwrites C without reading it.
 * Pointers are already offset; leading dimensions are row strides in elements. */
#ifndef PP_SGEMM_H
#define PP_SGEMM_H
#include <stddef.h>

/* one micro-kernel set, chosen once per process from what the CPU supports */
typedef struct pp_isa pp_isa;

/* the ISA the CPU's best kernels use: "avx512", "avx2", "sse", "neon" or "scalar" */
const pp_isa *pp_isa_best(void);
/* an ISA by name when this CPU can run it, else NULL */
const pp_isa *pp_isa_named(const char *name);
const char *pp_isa_name(const pp_isa *isa);
/* runs `iters` rounds of the ISA's multiply-add chains on registers (nothing else) and returns the flops done: timed
 * by the caller, the core's peak FP32 rate as this ISA reaches it */
double pp_isa_peak(const pp_isa *isa, long iters, float *sink);
/* names of every ISA this CPU can run, best first; NULL-terminated */
const char *const *pp_isa_available(void);

void pp_sgemm(const pp_isa *isa, int transA, int transB, int m, int n, int k, float alpha, const float *a, long lda,
              const float *b, long ldb, float beta, float *c, long ldc);

/* frees the calling thread's packing buffers (they are kept between calls); the next product allocates again */
void pp_workspace_release(void);

/* op(B) packed once into the kernels' panel layout, for products that reuse B many times (a recurrent weight
 * matrix across the time steps of a window). */
typedef struct pp_packed_b pp_packed_b;
/* NULL when out of memory */
pp_packed_b *pp_pack_b(const pp_isa *isa, int transB, int k, int n, const float *b, long ldb);
void pp_packed_b_free(pp_packed_b *p);
/* C = alpha·op(A)·B + beta·C with B from pp_pack_b (k and n as packed); bit-identical to pp_sgemm */
void pp_sgemm_packed(const pp_isa *isa, int transA, int m, float alpha, const float *a, long lda, const pp_packed_b *b,
                     float beta, float *c, long ldc);
#endif
