/* N-API binding of OpenBLAS cblas_sgemm for lib/nn/gemm/openblas.ts.
 * Row-major, element offsets and leading dimensions, bounds-checked against the typed arrays.
 * Context-aware (NAPI_MODULE_INIT) so worker threads can load it; OpenBLAS runs single-threaded because the
 * trainer parallelises trials across worker threads instead. */
#include <node_api.h>
#include <cblas.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "recurrent.h"

extern void openblas_set_num_threads(int num_threads);

#define CHECK(call)                                                   \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error(env, NULL, "pirate_pain_gemm: " #call " failed"); \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

static int get_f32(napi_env env, napi_value v, float **data, size_t *len) {
  napi_typedarray_type type;
  size_t length;
  void *ptr;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, &ab, &offset) != napi_ok) return 0;
  if (type != napi_float32_array) return 0;
  *data = (float *)ptr;
  *len = length;
  return 1;
}

/* need: rows×cols with stride ld starting at off fits in len */
static int fits(int64_t off, int64_t rows, int64_t cols, int64_t ld, size_t len) {
  if (rows == 0 || cols == 0) return 1;
  if (off < 0 || ld < cols) return 0;
  return off + (rows - 1) * ld + cols <= (int64_t)len;
}

/* sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) */
static napi_value Sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 16;
  napi_value argv[16];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 16) {
    napi_throw_type_error(env, NULL, "sgemm: expected 16 arguments");
    return NULL;
  }
  bool ta, tb;
  int32_t m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
  double alpha, beta;
  CHECK(napi_get_value_bool(env, argv[0], &ta));
  CHECK(napi_get_value_bool(env, argv[1], &tb));
  CHECK(napi_get_value_int32(env, argv[2], &m));
  CHECK(napi_get_value_int32(env, argv[3], &n));
  CHECK(napi_get_value_int32(env, argv[4], &k));
  CHECK(napi_get_value_double(env, argv[5], &alpha));
  CHECK(napi_get_value_int32(env, argv[7], &aOff));
  CHECK(napi_get_value_int32(env, argv[8], &lda));
  CHECK(napi_get_value_int32(env, argv[10], &bOff));
  CHECK(napi_get_value_int32(env, argv[11], &ldb));
  CHECK(napi_get_value_double(env, argv[12], &beta));
  CHECK(napi_get_value_int32(env, argv[14], &cOff));
  CHECK(napi_get_value_int32(env, argv[15], &ldc));
  float *a, *b, *c;
  size_t la, lb, lc;
  if (!get_f32(env, argv[6], &a, &la) || !get_f32(env, argv[9], &b, &lb) || !get_f32(env, argv[13], &c, &lc)) {
    napi_throw_type_error(env, NULL, "sgemm: a, b and c must be Float32Arrays");
    return NULL;
  }
  if (m < 0 || n < 0 || k < 0) {
    napi_throw_range_error(env, NULL, "sgemm: negative size");
    return NULL;
  }
  if (!fits(aOff, ta ? k : m, ta ? m : k, lda, la) || !fits(bOff, tb ? n : k, tb ? k : n, ldb, lb) ||
      !fits(cOff, m, n, ldc, lc)) {
    char msg[200];
    snprintf(msg, sizeof msg, "sgemm: operand overruns its array (m=%d n=%d k=%d lda=%d ldb=%d ldc=%d)", m, n, k, lda,
             ldb, ldc);
    napi_throw_range_error(env, NULL, msg);
    return NULL;
  }
  if (m == 0 || n == 0) return NULL;
  /* cblas rejects ld < 1 even for empty operands */
  if (lda < 1) lda = 1;
  if (ldb < 1) ldb = 1;
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, (float)alpha,
              a + aOff, lda, b + bOff, ldb, (float)beta, c + cOff, ldc);
  return NULL;
}

/* optional Float32Array: null/undefined → NULL, length 0 */
static int get_f32_opt(napi_env env, napi_value v, float **data, size_t *len) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return 0;
  if (t == napi_null || t == napi_undefined) {
    *data = NULL;
    *len = 0;
    return 1;
  }
  return get_f32(env, v, data, len);
}

#define NEED(ptr, len, need, name)                                                              \
  do {                                                                                          \
    if ((ptr) == NULL || (int64_t)(len) < (int64_t)(need)) {                                     \
      char msg[160];                                                                            \
      snprintf(msg, sizeof msg, "recurrent: %s has %lld values, needs %lld", name, (long long)(len), \
               (long long)(need));                                                             \
      napi_throw_range_error(env, NULL, msg);                                                   \
      return NULL;                                                                              \
    }                                                                                           \
  } while (0)

/* dirForward(cell, T, B, H, reverse, inW, ldh, outOff, inp, wih, whh, bih, bhh, gates, out, c, tc, hn, hh)
 * dirBackward(same 19, dOut, dG, dGh, dh, dc, gWih, gWhh, gBih, gBhh, dIn, dInBeta) */
static napi_value Dir(napi_env env, napi_callback_info info, int backward) {
  size_t argc = 30;
  napi_value argv[30];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != (size_t)(backward ? 30 : 19)) {
    napi_throw_type_error(env, NULL, backward ? "dirBackward: expected 30 arguments" : "dirForward: expected 19 arguments");
    return NULL;
  }
  int32_t iv[8];
  for (int i = 0; i < 8; i++) CHECK(napi_get_value_int32(env, argv[i], &iv[i]));
  pp_dir a;
  memset(&a, 0, sizeof a);
  a.cell = iv[0]; a.T = iv[1]; a.B = iv[2]; a.H = iv[3]; a.reverse = iv[4] != 0; a.inW = iv[5]; a.ldh = iv[6];
  int32_t outOff = iv[7];
  if (a.cell < 0 || a.cell > 2 || a.T < 1 || a.B < 1 || a.H < 1 || a.inW < 1 || outOff < 0 || a.ldh < outOff + a.H) {
    napi_throw_range_error(env, NULL, "recurrent: bad sizes");
    return NULL;
  }
  const int64_t G = (int64_t)(a.cell == CELL_LSTM ? 4 : a.cell == CELL_GRU ? 3 : 1) * a.H;
  const int64_t TB = (int64_t)a.T * a.B, BH = (int64_t)a.B * a.H;
  const int64_t outNeed = outOff + (TB - 1) * a.ldh + a.H;
  float *p[21];
  size_t n[21];
  const int nArr = backward ? 21 : 11;
  for (int i = 0; i < nArr; i++) {
    if (!get_f32_opt(env, argv[8 + i], &p[i], &n[i])) {
      napi_throw_type_error(env, NULL, "recurrent: arrays must be Float32Array (or null where unused)");
      return NULL;
    }
  }
  NEED(p[0], n[0], TB * a.inW, "inp");
  NEED(p[1], n[1], G * a.inW, "wih");
  NEED(p[2], n[2], G * a.H, "whh");
  NEED(p[3], n[3], G, "bih");
  NEED(p[4], n[4], G, "bhh");
  NEED(p[5], n[5], TB * G, "gates");
  NEED(p[6], n[6], outNeed, "out");
  if (a.cell == CELL_LSTM) {
    NEED(p[7], n[7], TB * a.H, "c");
    NEED(p[8], n[8], TB * a.H, "tc");
  }
  if (a.cell == CELL_GRU) {
    NEED(p[9], n[9], TB * a.H, "hn");
    if (!backward) NEED(p[10], n[10], a.B * G, "hh");
  }
  a.inp = p[0]; a.wih = p[1]; a.whh = p[2]; a.bih = p[3]; a.bhh = p[4]; a.gates = p[5]; a.out = p[6] + outOff;
  a.c = p[7]; a.tc = p[8]; a.hn = p[9]; a.hh = p[10];
  if (!backward) {
    pp_dir_forward(&a);
    return NULL;
  }
  NEED(p[11], n[11], outNeed, "dOut");
  NEED(p[12], n[12], TB * G, "dG");
  if (a.cell == CELL_GRU) NEED(p[13], n[13], TB * G, "dGh");
  NEED(p[14], n[14], BH, "dh");
  if (a.cell == CELL_LSTM) NEED(p[15], n[15], BH, "dc");
  NEED(p[16], n[16], G * a.inW, "gWih");
  NEED(p[17], n[17], G * a.H, "gWhh");
  NEED(p[18], n[18], G, "gBih");
  NEED(p[19], n[19], G, "gBhh");
  if (p[20]) NEED(p[20], n[20], TB * a.inW, "dIn");
  double beta;
  CHECK(napi_get_value_double(env, argv[29], &beta));
  a.dOut = p[11] + outOff; a.dG = p[12]; a.dGh = p[13]; a.dh = p[14]; a.dc = p[15];
  a.gWih = p[16]; a.gWhh = p[17]; a.gBih = p[18]; a.gBhh = p[19]; a.dIn = p[20]; a.dInBeta = (float)beta;
  pp_dir_backward(&a);
  return NULL;
}

/* adamStep(p, g, m, v, shrink, l2, b1, b2, stepSize, invBc2s, eps): lib/nn/optim.ts's update of one tensor */
static napi_value AdamStep(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 11) {
    napi_throw_type_error(env, NULL, "adamStep: expected 11 arguments");
    return NULL;
  }
  float *arr[4];
  size_t len[4];
  for (int i = 0; i < 4; i++) {
    if (!get_f32(env, argv[i], &arr[i], &len[i])) {
      napi_throw_type_error(env, NULL, "adamStep: p, g, m, v must be Float32Arrays");
      return NULL;
    }
  }
  if (len[1] != len[0] || len[2] != len[0] || len[3] != len[0]) {
    napi_throw_range_error(env, NULL, "adamStep: p, g, m, v lengths differ");
    return NULL;
  }
  double d[7];
  for (int i = 0; i < 7; i++) CHECK(napi_get_value_double(env, argv[4 + i], &d[i]));
  pp_adam_step(arr[0], arr[1], arr[2], arr[3], len[0], d[0], d[1], d[2], d[3], d[4], d[5], d[6]);
  return NULL;
}

static napi_value DirForward(napi_env env, napi_callback_info info) { return Dir(env, info, 0); }
static napi_value DirBackward(napi_env env, napi_callback_info info) { return Dir(env, info, 1); }

NAPI_MODULE_INIT() {
  openblas_set_num_threads(1);
  napi_value fn;
  if (napi_create_function(env, "sgemm", NAPI_AUTO_LENGTH, Sgemm, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "sgemm", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "adamStep", NAPI_AUTO_LENGTH, AdamStep, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "adamStep", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "dirForward", NAPI_AUTO_LENGTH, DirForward, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "dirForward", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "dirBackward", NAPI_AUTO_LENGTH, DirBackward, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "dirBackward", fn) != napi_ok) return NULL;
  return exports;
}
