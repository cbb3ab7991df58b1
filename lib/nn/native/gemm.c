/* N-API binding of OpenBLAS cblas_sgemm for lib/nn/gemm/openblas.ts.
 * Row-major, element offsets and leading dimensions, bounds-checked against the typed arrays.
 * Context-aware (NAPI_MODULE_INIT) so worker threads can load it; OpenBLAS runs single-threaded because the
 * trainer parallelises trials across worker threads instead. */
#include <node_api.h>
#include <cblas.h>
#include <stdint.h>
#include <stdio.h>

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

NAPI_MODULE_INIT() {
  openblas_set_num_threads(1);
  napi_value fn;
  if (napi_create_function(env, "sgemm", NAPI_AUTO_LENGTH, Sgemm, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "sgemm", fn) != napi_ok) return NULL;
  return exports;
}
