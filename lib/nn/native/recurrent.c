/* One direction of one recurrent layer, forward and backward over all time steps, in C: the same algorithm as
 * lib/nn/recurrent.ts (read that first), with vectorisable exp/tanh/sigmoid so the gate math runs at SIMD speed.
 * Layouts are time-major: row t*B+b. Gate rows are G = gates*H wide in PyTorch order. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "recurrent.h"

#define GEMM(...) a->ops->sgemm(a->ops, __VA_ARGS__)

/* h·W_hh^T (forward) or dG·W_hh (backward) at every step: with the built-in gemm W_hh is packed once per call */
typedef struct {
  const pp_gemm_ops *ops;
  pp_packed_b *packed;
  int transB, k, n;
  const float *b;
  long ldb;
} step_product;

static step_product step_product_init(const pp_gemm_ops *ops, int T, int transB, int k, int n, const float *b, long ldb) {
  step_product s = {ops, NULL, transB, k, n, b, ldb};
  if (ops->isa && T > 1) s.packed = pp_pack_b(ops->isa, transB, k, n, b, ldb); /* NULL (no memory): unpacked calls */
  return s;
}

/* C[m×n] = A[m×k]·op(B) + beta·C; bit-identical whether B was packed here or is packed per call */
static void step_product_run(const step_product *s, int m, const float *a, long lda, float beta, float *c, long ldc) {
  if (s->packed)
    pp_sgemm_packed(s->ops->isa, 0, m, 1.0f, a, lda, s->packed, beta, c, ldc);
  else
    s->ops->sgemm(s->ops, 0, s->transB, m, s->n, s->k, 1.0f, a, lda, s->b, s->ldb, beta, c, ldc);
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
/* one build runs with AVX-512 or AVX2+FMA where the CPU has it (glibc ifunc dispatch) */
#define SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SIMD_CLONES
#endif

/* Cephes-style expf: |rel err| < 2 ulp on [-87, 88]; branch-free so loops vectorise; NaN propagates */
static inline float fexp(float x) {
  x = x < -87.3f ? -87.3f : x;
  x = x > 88.3f ? 88.3f : x;
  const float magic = 12582912.0f; /* 1.5·2^23: adding and subtracting it rounds to nearest integer */
  float n = (x * 1.44269504088896341f + magic) - magic;
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500E-4f;
  p = p * r + 1.3981999507E-3f;
  p = p * r + 8.3334519073E-3f;
  p = p * r + 4.1665795894E-2f;
  p = p * r + 1.6666665459E-1f;
  p = p * r + 5.0000001201E-1f;
  p = p * r * r + r + 1.0f;
  int32_t e = ((int32_t)n + 127) << 23;
  float s;
  memcpy(&s, &e, sizeof s);
  return p * s;
}

static inline float fsigmoid(float x) { return 1.0f / (1.0f + fexp(-x)); }

/* tanh: odd polynomial near 0 (Cephes tanhf), (1-e)/(1+e) with e = exp(-2|x|) elsewhere */
static inline float ftanh(float x) {
  float a = fabsf(x);
  float e = fexp(-2.0f * a);
  float big = (1.0f - e) / (1.0f + e);
  float z = x * x;
  float p = ((((-5.70498872745E-3f * z + 2.06390887954E-2f) * z - 5.37397155531E-2f) * z + 1.33314422036E-1f) * z -
             3.33332819422E-1f) * z * a + a;
  float r = a < 0.625f ? p : big;
  return copysignf(r, x);
}

SIMD_CLONES
static void rnn_fwd(int B, int H, float *restrict g, float *restrict out, int ldh) {
  for (int b = 0; b < B; b++) {
    float *restrict gr = g + (size_t)b * H, *restrict o = out + (size_t)b * ldh;
    for (int j = 0; j < H; j++) {
      float h = ftanh(gr[j]);
      gr[j] = h;
      o[j] = h;
    }
  }
}

SIMD_CLONES
static void lstm_fwd(int B, int H, float *restrict g, const float *restrict cp, float *restrict c, float *restrict tc,
                     float *restrict out, int ldh) {
  for (int b = 0; b < B; b++) {
    float *restrict gi = g + (size_t)b * 4 * H, *restrict gf = gi + H, *restrict gg = gf + H, *restrict go = gg + H;
    float *restrict cr = c + (size_t)b * H, *restrict tr = tc + (size_t)b * H, *restrict o = out + (size_t)b * ldh;
    const float *restrict cpr = cp ? cp + (size_t)b * H : NULL;
    for (int j = 0; j < H; j++) {
      float i = fsigmoid(gi[j]), f = fsigmoid(gf[j]), gv = ftanh(gg[j]), ov = fsigmoid(go[j]);
      gi[j] = i;
      gf[j] = f;
      gg[j] = gv;
      go[j] = ov;
      float cv = (cpr ? f * cpr[j] : 0.0f) + i * gv;
      cr[j] = cv;
      float t = ftanh(cv);
      tr[j] = t;
      o[j] = ov * t;
    }
  }
}

SIMD_CLONES
static void gru_fwd(int B, int H, float *restrict g, const float *restrict hh, float *restrict hn,
                    const float *restrict hp, float *restrict out, int ldh) {
  for (int b = 0; b < B; b++) {
    float *restrict gr = g + (size_t)b * 3 * H, *restrict gz = gr + H, *restrict gn = gz + H;
    const float *restrict qr = hh + (size_t)b * 3 * H, *restrict qz = qr + H, *restrict qn = qz + H;
    float *restrict hnr = hn + (size_t)b * H, *restrict o = out + (size_t)b * ldh;
    const float *restrict hpr = hp ? hp + (size_t)b * ldh : NULL;
    for (int j = 0; j < H; j++) {
      float r = fsigmoid(gr[j] + qr[j]);
      float z = fsigmoid(gz[j] + qz[j]);
      float hv = qn[j];
      float n = ftanh(gn[j] + r * hv);
      gr[j] = r;
      gz[j] = z;
      gn[j] = n;
      hnr[j] = hv;
      o[j] = (1.0f - z) * n + (hpr ? z * hpr[j] : 0.0f);
    }
  }
}

SIMD_CLONES
static void rnn_bwd(int B, int H, const float *restrict act, const float *restrict dOut, int ldh,
                    const float *restrict dh, float *restrict dG) {
  for (int b = 0; b < B; b++) {
    const float *restrict a = act + (size_t)b * H, *restrict d = dOut + (size_t)b * ldh;
    const float *restrict r = dh ? dh + (size_t)b * H : NULL;
    float *restrict o = dG + (size_t)b * H;
    for (int j = 0; j < H; j++) {
      float g = d[j] + (r ? r[j] : 0.0f);
      o[j] = g * (1.0f - a[j] * a[j]);
    }
  }
}

SIMD_CLONES
static void lstm_bwd(int B, int H, const float *restrict act, const float *restrict tc, const float *restrict cp,
                     const float *restrict dOut, int ldh, const float *restrict dh, float *restrict dc,
                     float *restrict dG) {
  for (int b = 0; b < B; b++) {
    const float *restrict ai = act + (size_t)b * 4 * H, *restrict af = ai + H, *restrict ag = af + H,
                          *restrict ao = ag + H;
    const float *restrict t = tc + (size_t)b * H, *restrict d = dOut + (size_t)b * ldh;
    const float *restrict cpr = cp ? cp + (size_t)b * H : NULL;
    const float *restrict r = dh ? dh + (size_t)b * H : NULL;
    float *restrict dcr = dc + (size_t)b * H;
    float *restrict oi = dG + (size_t)b * 4 * H, *restrict of = oi + H, *restrict og = of + H, *restrict oo = og + H;
    for (int j = 0; j < H; j++) {
      float dhv = d[j] + (r ? r[j] : 0.0f);
      float i = ai[j], f = af[j], g = ag[j], o = ao[j], tv = t[j];
      float dcv = (r ? dcr[j] : 0.0f) + dhv * o * (1.0f - tv * tv);
      float c0 = cpr ? cpr[j] : 0.0f;
      oi[j] = dcv * g * i * (1.0f - i);
      of[j] = dcv * c0 * f * (1.0f - f);
      og[j] = dcv * i * (1.0f - g * g);
      oo[j] = dhv * tv * o * (1.0f - o);
      dcr[j] = dcv * f;
    }
  }
}

SIMD_CLONES
static void gru_bwd(int B, int H, const float *restrict act, const float *restrict hn, const float *restrict hp,
                    const float *restrict dOut, int ldh, float *restrict dh, int first, float *restrict dGi,
                    float *restrict dGh) {
  for (int b = 0; b < B; b++) {
    const float *restrict ar = act + (size_t)b * 3 * H, *restrict az = ar + H, *restrict an = az + H;
    const float *restrict hnr = hn + (size_t)b * H, *restrict d = dOut + (size_t)b * ldh;
    const float *restrict hpr = hp ? hp + (size_t)b * ldh : NULL;
    float *restrict dhr = dh + (size_t)b * H;
    float *restrict ir = dGi + (size_t)b * 3 * H, *restrict iz = ir + H, *restrict in = iz + H;
    float *restrict hr = dGh + (size_t)b * 3 * H, *restrict hz = hr + H, *restrict hN = hz + H;
    for (int j = 0; j < H; j++) {
      float dhv = d[j] + (first ? 0.0f : dhr[j]);
      float r = ar[j], z = az[j], n = an[j];
      float h0 = hpr ? hpr[j] : 0.0f;
      float dn = dhv * (1.0f - z) * (1.0f - n * n);
      float dz = dhv * (h0 - n) * z * (1.0f - z);
      float dr = dn * hnr[j] * r * (1.0f - r);
      ir[j] = dr;
      iz[j] = dz;
      in[j] = dn;
      hr[j] = dr;
      hz[j] = dz;
      hN[j] = dn * r;
      dhr[j] = dhv * z;
    }
  }
}

static int gate_count(int cell) { return cell == CELL_LSTM ? 4 : cell == CELL_GRU ? 3 : 1; }

void pp_dir_forward(const pp_dir *a) {
  const int T = a->T, B = a->B, H = a->H, G = gate_count(a->cell) * H, ldh = a->ldh;
  const size_t TB = (size_t)T * B;
  float *gates = a->gates;
  for (size_t r = 0; r < TB; r++) {
    float *row = gates + r * G;
    if (a->cell == CELL_GRU)
      memcpy(row, a->bih, sizeof(float) * G);
    else
      for (int j = 0; j < G; j++) row[j] = a->bih[j] + a->bhh[j];
  }
  GEMM(0, 1, (int)TB, G, a->inW, 1.0f, a->inp, a->inW, a->wih, a->inW, 1.0f,
              gates, G);
  const step_product wh = step_product_init(a->ops, T, 1, H, G, a->whh, H);
  for (int s = 0; s < T; s++) {
    const int t = a->reverse ? T - 1 - s : s;
    const int tp = a->reverse ? t + 1 : t - 1;
    float *g = gates + (size_t)t * B * G;
    float *h = a->out + (size_t)t * B * ldh;
    const float *hp = s > 0 ? a->out + (size_t)tp * B * ldh : NULL;
    if (a->cell == CELL_GRU) {
      for (int b = 0; b < B; b++) memcpy(a->hh + (size_t)b * G, a->bhh, sizeof(float) * G);
      if (hp) step_product_run(&wh, B, hp, ldh, 1.0f, a->hh, G);
      gru_fwd(B, H, g, a->hh, a->hn + (size_t)t * B * H, hp, h, ldh);
    } else {
      if (hp) step_product_run(&wh, B, hp, ldh, 1.0f, g, G);
      if (a->cell == CELL_LSTM)
        lstm_fwd(B, H, g, s > 0 ? a->c + (size_t)tp * B * H : NULL, a->c + (size_t)t * B * H,
                 a->tc + (size_t)t * B * H, h, ldh);
      else
        rnn_fwd(B, H, g, h, ldh);
    }
  }
  pp_packed_b_free(wh.packed);
}

static void col_sum(const float *m, size_t rows, int cols, float *out) {
  for (size_t r = 0; r < rows; r++) {
    const float *row = m + r * cols;
    for (int j = 0; j < cols; j++) out[j] += row[j];
  }
}

void pp_dir_backward(const pp_dir *a) {
  const int T = a->T, B = a->B, H = a->H, G = gate_count(a->cell) * H, ldh = a->ldh;
  const size_t TB = (size_t)T * B;
  float *dG = a->dG;
  float *dGh = a->cell == CELL_GRU ? a->dGh : a->dG;
  const step_product wh = step_product_init(a->ops, T, 0, G, H, a->whh, H);
  for (int s = T - 1; s >= 0; s--) {
    const int t = a->reverse ? T - 1 - s : s;
    const int tp = a->reverse ? t + 1 : t - 1;
    const int first = s == T - 1;
    const size_t gOff = (size_t)t * B * G;
    const float *dOut = a->dOut + (size_t)t * B * ldh;
    if (a->cell == CELL_LSTM) {
      lstm_bwd(B, H, a->gates + gOff, a->tc + (size_t)t * B * H, s > 0 ? a->c + (size_t)tp * B * H : NULL, dOut, ldh,
               first ? NULL : a->dh, a->dc, dG + gOff);
      if (s > 0)
        step_product_run(&wh, B, dG + gOff, G, 0.0f, a->dh, H);
    } else if (a->cell == CELL_GRU) {
      gru_bwd(B, H, a->gates + gOff, a->hn + (size_t)t * B * H, s > 0 ? a->out + (size_t)tp * B * ldh : NULL, dOut, ldh,
              a->dh, first, dG + gOff, dGh + gOff);
      if (s > 0)
        step_product_run(&wh, B, dGh + gOff, G, 1.0f, a->dh, H);
    } else {
      rnn_bwd(B, H, a->gates + gOff, dOut, ldh, first ? NULL : a->dh, dG + gOff);
      if (s > 0)
        step_product_run(&wh, B, dG + gOff, G, 0.0f, a->dh, H);
    }
  }
  GEMM(1, 0, G, a->inW, (int)TB, 1.0f, dG, G, a->inp, a->inW, 1.0f, a->gWih,
              a->inW);
  if (T > 1) {
    const float *gs = dGh + (a->reverse ? 0 : (size_t)B * G);
    const float *hs = a->out + (a->reverse ? (size_t)B * ldh : 0);
    GEMM(1, 0, G, H, (T - 1) * B, 1.0f, gs, G, hs, ldh, 1.0f, a->gWhh, H);
  }
  if (a->cell == CELL_GRU) {
    col_sum(dG, TB, G, a->gBih);
    col_sum(dGh, TB, G, a->gBhh);
  } else {
    /* both biases enter the same pre-activation: one column sum serves both */
    float *sum = calloc((size_t)G, sizeof(float));
    if (sum) {
      col_sum(dG, TB, G, sum);
      for (int j = 0; j < G; j++) {
        a->gBih[j] += sum[j];
        a->gBhh[j] += sum[j];
      }
      free(sum);
    } else {
      col_sum(dG, TB, G, a->gBih);
      col_sum(dG, TB, G, a->gBhh);
    }
  }
  if (a->dIn)
    GEMM(0, 0, (int)TB, a->inW, G, 1.0f, dG, G, a->wih, a->inW, a->dInBeta,
                a->dIn, a->inW);
  pp_packed_b_free(wh.packed);
}

/* Adam/AdamW update of one tensor, the same arithmetic as adamStep in lib/nn/optim.ts (in float) */
SIMD_CLONES
void pp_adam_step(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, size_t n,
                  double shrink, double l2, double b1, double b2, double stepSize, double invBc2s, double eps) {
  const float fs = (float)shrink, fl2 = (float)l2, fb1 = (float)b1, fb2 = (float)b2, c1 = (float)(1 - b1),
              c2 = (float)(1 - b2), st = (float)stepSize, ib = (float)invBc2s, fe = (float)eps;
  for (size_t i = 0; i < n; i++) {
    float pi = p[i];
    float gi = g[i] + fl2 * pi;
    float mi = fb1 * m[i] + c1 * gi;
    float vi = fb2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = pi * fs - (st * mi) / (sqrtf(vi) * ib + fe);
  }
}
