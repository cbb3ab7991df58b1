/* Arguments of one layer direction (see recurrent.c and lib/nn/recurrent.ts). Pointers are already offset. */
#ifndef PP_RECURRENT_H
#define PP_RECURRENT_H
#include <stddef.h>
#include "sgemm.h"
enum { CELL_RNN = 0, CELL_LSTM = 1, CELL_GRU = 2 };

/* The matrix products a direction runs on: a BLAS (sgemm set, isa NULL) or the built-in gemm (isa set; the
 * recurrent weight matrix is then packed once per call and reused by every time step). */
typedef struct pp_gemm_ops {
  void (*sgemm)(const struct pp_gemm_ops *ops, int transA, int transB, int m, int n, int k, float alpha,
                const float *a, long lda, const float *b, long ldb, float beta, float *c, long ldc);
  const pp_isa *isa;
} pp_gemm_ops;

typedef struct {
  const pp_gemm_ops *ops;
  int cell, T, B, H, reverse, inW, ldh;
  const float *inp, *wih, *whh, *bih, *bhh;
  float *gates, *out, *c, *tc, *hn, *hh;
  /* backward only */
  const float *dOut;
  float *dG, *dGh, *dh, *dc, *gWih, *gWhh, *gBih, *gBhh, *dIn;
  float dInBeta;
} pp_dir;
void pp_dir_forward(const pp_dir *a);
void pp_dir_backward(const pp_dir *a);
void pp_adam_step(float *p, const float *g, float *m, float *v, size_t n, double shrink, double l2, double b1, double b2,
                  double stepSize, double invBc2s, double eps);
#endif
