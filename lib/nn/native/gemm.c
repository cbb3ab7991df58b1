/* N-API binding of the native gemm paths for lib/nn/gemm/native.ts:
 *   builtin(isa?)  the built-in sgemm (sgemm.c) for the best ISA this CPU runs, or a named one (tests compare them)
 *   blas           the system BLAS when the addon was built with one (PP_BLAS_OPENBLAS / PP_BLAS_ACCELERATE)
 * Each is an object { sgemm, dirForward, dirBackward, ... }; adamStep and isas sit at the top level.
 * Row-major, element offsets and leading dimensions, bounds-checked against the typed arrays.
 * Context-aware (NAPI_MODULE_INIT) so worker threads can load it; everything runs single-threaded because the
 * trainer parallelises trials across worker threads instead. */
#include <node_api.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "recurrent.h"
#include "sgemm.h"

#if defined(PP_BLAS_ACCELERATE)
#include <Accelerate/Accelerate.h>
#define PP_HAVE_BLAS 1
#elif defined(PP_BLAS_OPENBLAS)
#include <cblas.h>
#define PP_HAVE_BLAS 1
#endif

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

static void builtin_sgemm(const pp_gemm_ops *ops, int ta, int tb, int m, int n, int k, float alpha, const float *a,
                          long lda, const float *b, long ldb, float beta, float *c, long ldc) {
  pp_sgemm(ops->isa, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

#ifdef PP_HAVE_BLAS
static void blas_sgemm(const pp_gemm_ops *ops, int ta, int tb, int m, int n, int k, float alpha, const float *a,
                       long lda, const float *b, long ldb, float beta, float *c, long ldc) {
  (void)ops;
  if (m == 0 || n == 0) return;
  /* cblas rejects ld < 1 even for empty operands */
  if (lda < 1) lda = 1;
  if (ldb < 1) ldb = 1;
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
              (int)lda, b, (int)ldb, beta, c, (int)ldc);
}
static const pp_gemm_ops BLAS_OPS = {blas_sgemm, NULL};
#endif

/* one ops table per ISA, filled at load (the kernels' ISA is fixed for the process) */
#define MAX_ISAS 8
static pp_gemm_ops BUILTIN_OPS[MAX_ISAS];

/* sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) */
static napi_value Sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 16;
  napi_value argv[16];
  const pp_gemm_ops *ops;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&ops));
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
  ops->sgemm(ops, ta, tb, m, n, k, (float)alpha, a + aOff, lda, b + bOff, ldb, (float)beta, c + cOff, ldc);
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
  const pp_gemm_ops *ops;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&ops));
  if (argc != (size_t)(backward ? 30 : 19)) {
    napi_throw_type_error(env, NULL, backward ? "dirBackward: expected 30 arguments" : "dirForward: expected 19 arguments");
    return NULL;
  }
  int32_t iv[8];
  for (int i = 0; i < 8; i++) CHECK(napi_get_value_int32(env, argv[i], &iv[i]));
  pp_dir a;
  memset(&a, 0, sizeof a);
  a.ops = ops;
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

static int set_fn(napi_env env, napi_value obj, const char *name, napi_callback cb, void *data) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, data, &fn) == napi_ok &&
         napi_set_named_property(env, obj, name, fn) == napi_ok;
}

static int set_str(napi_env env, napi_value obj, const char *name, const char *value) {
  napi_value v;
  return napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &v) == napi_ok &&
         napi_set_named_property(env, obj, name, v) == napi_ok;
}

/* { sgemm, dirForward, dirBackward } over one ops table */
static napi_value path_object(napi_env env, const pp_gemm_ops *ops) {
  napi_value o;
  if (napi_create_object(env, &o) != napi_ok) return NULL;
  void *d = (void *)ops;
  if (!set_fn(env, o, "sgemm", Sgemm, d) || !set_fn(env, o, "dirForward", DirForward, d) ||
      !set_fn(env, o, "dirBackward", DirBackward, d))
    return NULL;
  return o;
}

/* builtin(isa?): the built-in path for the best ISA, or for a named one this CPU runs (else throws) */
static napi_value Builtin(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const pp_isa *isa = pp_isa_best();
  napi_valuetype t = napi_undefined;
  if (argc >= 1) CHECK(napi_typeof(env, argv[0], &t));
  if (t == napi_string) {
    char name[32];
    size_t len;
    CHECK(napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len));
    isa = pp_isa_named(name);
    if (!isa) {
      char msg[96];
      snprintf(msg, sizeof msg, "builtin gemm: this CPU cannot run ISA '%s'", name);
      napi_throw_error(env, NULL, msg);
      return NULL;
    }
  }
  const char *const *names = pp_isa_available();
  for (int i = 0; names[i] && i < MAX_ISAS; i++) {
    if (strcmp(names[i], pp_isa_name(isa)) != 0) continue;
    napi_value o = path_object(env, &BUILTIN_OPS[i]);
    if (!o || !set_str(env, o, "isa", pp_isa_name(isa))) return NULL;
    return o;
  }
  napi_throw_error(env, NULL, "builtin gemm: ISA table inconsistent");
  return NULL;
}

static double thread_cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* peak(): { flops, isa } — the best of five short runs of the best ISA's multiply-add chains, in flops per CPU second
 * of this thread (what one core reaches at the clock it runs now; about a tenth of a second) */
static napi_value Peak(napi_env env, napi_callback_info info) {
  (void)info;
  const pp_isa *isa = pp_isa_best();
  float sink;
  double best = 0.0;
  for (int r = 0; r < 5; r++) {
    const double t0 = thread_cpu_seconds();
    const double flops = pp_isa_peak(isa, 2000000, &sink);
    const double dt = thread_cpu_seconds() - t0;
    if (dt > 0 && flops / dt > best) best = flops / dt;
  }
  napi_value o, v;
  CHECK(napi_create_object(env, &o));
  CHECK(napi_create_double(env, best, &v));
  CHECK(napi_set_named_property(env, o, "flops", v));
  if (!set_str(env, o, "isa", pp_isa_name(isa))) return NULL;
  return o;
}

static pthread_once_t ops_once = PTHREAD_ONCE_INIT;
static void ops_init(void) {
  const char *const *names = pp_isa_available();
  for (int i = 0; names[i] && i < MAX_ISAS; i++) {
    BUILTIN_OPS[i].sgemm = builtin_sgemm;
    BUILTIN_OPS[i].isa = pp_isa_named(names[i]);
  }
}

/* runs on the environment's own thread as it shuts down (a worker thread exiting), before Node may unload the addon */
static void release_workspace(void *arg) {
  (void)arg;
  pp_workspace_release();
}

NAPI_MODULE_INIT() {
  pthread_once(&ops_once, ops_init); /* once per process, whichever thread loads the addon first */
  if (napi_add_env_cleanup_hook(env, release_workspace, NULL) != napi_ok) return NULL;
  const char *const *names = pp_isa_available();
  napi_value arr;
  if (napi_create_array(env, &arr) != napi_ok) return NULL;
  for (uint32_t i = 0; names[i]; i++) {
    napi_value v;
    if (napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &v) != napi_ok || napi_set_element(env, arr, i, v) != napi_ok)
      return NULL;
  }
  if (napi_set_named_property(env, exports, "isas", arr) != napi_ok) return NULL;
  if (!set_fn(env, exports, "builtin", Builtin, NULL) || !set_fn(env, exports, "adamStep", AdamStep, NULL) ||
      !set_fn(env, exports, "peak", Peak, NULL))
    return NULL;
#ifdef PP_HAVE_BLAS
  napi_value blas = path_object(env, &BLAS_OPS);
  if (!blas) return NULL;
#if defined(PP_BLAS_OPENBLAS)
  openblas_set_num_threads(1);
  char ver[64] = "?";
  /* "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64": the version is the second word */
  sscanf(openblas_get_config(), "OpenBLAS %63s", ver);
  if (!set_str(env, blas, "name", "openblas") || !set_str(env, blas, "version", ver) ||
      !set_str(env, blas, "core", openblas_get_corename()) || !set_str(env, blas, "config", openblas_get_config()))
    return NULL;
#else
  if (!set_str(env, blas, "name", "accelerate") || !set_str(env, blas, "version", "") || !set_str(env, blas, "core", "") ||
      !set_str(env, blas, "config", "Apple Accelerate"))
    return NULL;
#endif
  /* the fused gate kernels dispatch by ISA too (target_clones); the best one names them */
  if (!set_str(env, blas, "kernelIsa", pp_isa_name(pp_isa_best()))) return NULL;
  if (napi_set_named_property(env, exports, "blas", blas) != napi_ok) return NULL;
#endif
  return exports;
}
