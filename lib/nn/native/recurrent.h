/* Arguments of one layer direction (see recurrent.c and lib/nn/recurrent.ts). Pointers are already offset. */
#ifndef PP_RECURRENT_H
#define PP_RECURRENT_H
enum { CELL_RNN = 0, CELL_LSTM = 1, CELL_GRU = 2 };
typedef struct {
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
#include <stddef.h>
void pp_adam_step(float *p, const float *g, float *m, float *v, size_t n, double shrink, double l2, double b1, double b2,
                  double stepSize, double invBc2s, double eps);
#endif
