/* The built-in sgemm (see sgemm.h): Goto-style blocking with packed panels and a register-tiled micro-kernel per
 * ISA, chosen at run time from what the CPU supports (AVX-512, AVX2+FMA or SSE on x86-64; NEON on arm64; plain C
 * elsewhere). Single-threaded: the trainer runs trials in parallel worker threads instead.
 *
 * Determinism: blocking is fixed per ISA and each element of C is one chain of multiply-adds over k in order
 * (restarted per KC block), so reruns on one machine are bit-identical whatever m, n, offsets or strides. */
#include "sgemm.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* k is consumed in blocks of KC (a packed B micro-panel KC×NR stays in L1/L2), m in blocks of about MC_ROWS
 * (a packed A block MC×KC stays in L2) */
#define KC 256
#define MC_ROWS 128
#define ALIGN 64

typedef void (*kernel_fn)(int kc, const float *restrict pa, const float *restrict pb, float *restrict c, long ldc,
                          float alpha, float beta);

struct pp_isa {
  const char *name;
  int mr, nr;
  kernel_fn kernel;
  int (*supported)(void);
  double (*peak)(long iters, float *sink);
};

struct pp_packed_b {
  int k, n, npad, nr;
  float *data;
};

static int always(void) { return 1; }

#if defined(__x86_64__) && defined(__GNUC__)
#define TGT_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,fma,avx2")))
#define TGT_AVX2 __attribute__((target("avx2,fma")))
typedef float v16sf __attribute__((vector_size(64)));
typedef float v16sf_u __attribute__((vector_size(64), aligned(4)));
typedef float v8sf __attribute__((vector_size(32)));
typedef float v8sf_u __attribute__((vector_size(32), aligned(4)));
typedef float v4sf __attribute__((vector_size(16)));
typedef float v4sf_u __attribute__((vector_size(16), aligned(4)));

/* 8×32: 16 zmm accumulators, B loaded as two zmm per k, A broadcast from memory */
#define KNAME kernel_avx512
#define KPEAK peak_avx512
#define KTARGET TGT_AVX512
#define VT v16sf
#define VU v16sf_u
#define VL 16
#define MR 8
#define NV 2
#include "sgemm_kernel.inc"

/* 6×16: 12 ymm accumulators, 2 for B, 1 broadcast (the classic Haswell shape) */
#define KNAME kernel_avx2
#define KPEAK peak_avx2
#define KTARGET TGT_AVX2
#define VT v8sf
#define VU v8sf_u
#define VL 8
#define MR 6
#define NV 2
#include "sgemm_kernel.inc"

/* 6×8 with separate multiply and add (x86-64 baseline has no FMA) */
#define KNAME kernel_sse
#define KPEAK peak_sse
#define KTARGET
#define VT v4sf
#define VU v4sf_u
#define VL 4
#define MR 6
#define NV 2
#include "sgemm_kernel.inc"

static int has_avx512(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("fma");
}
static int has_avx2(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

static const pp_isa ISAS[] = {
    {"avx512", 8, 32, kernel_avx512, has_avx512, peak_avx512},
    {"avx2", 6, 16, kernel_avx2, has_avx2, peak_avx2},
    {"sse", 6, 8, kernel_sse, always, peak_sse},
};
#elif defined(__aarch64__) && defined(__GNUC__)
typedef float v4sf __attribute__((vector_size(16)));
typedef float v4sf_u __attribute__((vector_size(16), aligned(4)));
/* 8×12: 24 of the 32 NEON registers accumulate */
#define KNAME kernel_neon
#define KPEAK peak_neon
#define KTARGET
#define VT v4sf
#define VU v4sf_u
#define VL 4
#define MR 8
#define NV 3
#include "sgemm_kernel.inc"
static const pp_isa ISAS[] = {{"neon", 8, 12, kernel_neon, always, peak_neon}};
#else
typedef float v4sf __attribute__((vector_size(16)));
typedef float v4sf_u __attribute__((vector_size(16), aligned(4)));
#define KNAME kernel_generic
#define KPEAK peak_generic
#define KTARGET
#define VT v4sf
#define VU v4sf_u
#define VL 4
#define MR 4
#define NV 1
#include "sgemm_kernel.inc"
static const pp_isa ISAS[] = {{"scalar", 4, 4, kernel_generic, always, peak_generic}};
#endif

#define N_ISAS ((int)(sizeof ISAS / sizeof ISAS[0]))

const pp_isa *pp_isa_best(void) {
  for (int i = 0; i < N_ISAS; i++)
    if (ISAS[i].supported()) return &ISAS[i];
  return &ISAS[N_ISAS - 1];
}

const pp_isa *pp_isa_named(const char *name) {
  for (int i = 0; i < N_ISAS; i++)
    if (strcmp(ISAS[i].name, name) == 0) return ISAS[i].supported() ? &ISAS[i] : NULL;
  return NULL;
}

const char *pp_isa_name(const pp_isa *isa) { return isa->name; }

double pp_isa_peak(const pp_isa *isa, long iters, float *sink) { return isa->peak(iters, sink); }

static const char *available_names[N_ISAS + 1];
static pthread_once_t available_once = PTHREAD_ONCE_INIT;
static void available_init(void) {
  int n = 0;
  for (int i = 0; i < N_ISAS; i++)
    if (ISAS[i].supported()) available_names[n++] = ISAS[i].name;
  available_names[n] = NULL;
}

/* filled once: worker threads load the addon concurrently */
const char *const *pp_isa_available(void) {
  pthread_once(&available_once, available_init);
  return available_names;
}

/* ---- per-thread packing buffers, kept between calls (page-faulting fresh megabytes per call costs more than the
 * packing itself). No pthread-key destructor: Node unloads an addon that only a worker thread loaded before that
 * thread's destructors would run, so the binding frees them from its environment cleanup hook instead. */
typedef struct {
  float *buf[2];
  size_t cap[2];
} workspace;

static __thread workspace ws;

void pp_workspace_release(void) {
  for (int i = 0; i < 2; i++) {
    free(ws.buf[i]);
    ws.buf[i] = NULL;
    ws.cap[i] = 0;
  }
}

/* slot 0: packed A block, slot 1: packed B of a one-off product; NULL when out of memory */
static float *ws_get(int slot, size_t floats) {
  if (ws.cap[slot] < floats) {
    free(ws.buf[slot]);
    size_t bytes = (floats * sizeof(float) + ALIGN - 1) / ALIGN * ALIGN;
    ws.buf[slot] = aligned_alloc(ALIGN, bytes);
    ws.cap[slot] = ws.buf[slot] ? floats : 0;
  }
  return ws.buf[slot];
}

static inline int min_i(int a, int b) { return a < b ? a : b; }
static inline int round_up(int x, int q) { return (x + q - 1) / q * q; }

/* r full rows (row stride lda) into one panel, d[p·r + i] = a[i·lda + p] (A's rows, or a transposed B's): 4 columns
 * of every row at a time, so both the reads (r sequential streams) and the writes (contiguous) run at cache speed */
static inline void pack_rows_n(const int mr, int kb, const float *a, long lda, float *restrict d) {
  int p = 0;
  for (; p + 4 <= kb; p += 4) {
    for (int i = 0; i < mr; i++) {
      const float *s = a + (size_t)i * lda + p;
      d[(size_t)p * mr + i] = s[0];
      d[(size_t)(p + 1) * mr + i] = s[1];
      d[(size_t)(p + 2) * mr + i] = s[2];
      d[(size_t)(p + 3) * mr + i] = s[3];
    }
  }
  for (; p < kb; p++)
    for (int i = 0; i < mr; i++) d[(size_t)p * mr + i] = a[(size_t)i * lda + p];
}
static void pack_rows(int mr, int kb, const float *a, long lda, float *restrict d) {
  switch (mr) { /* constant row counts let the compiler unroll */
    case 8: pack_rows_n(8, kb, a, lda, d); break;
    case 6: pack_rows_n(6, kb, a, lda, d); break;
    case 4: pack_rows_n(4, kb, a, lda, d); break;
    case 32: pack_rows_n(32, kb, a, lda, d); break;
    case 16: pack_rows_n(16, kb, a, lda, d); break;
    case 12: pack_rows_n(12, kb, a, lda, d); break;
    default: pack_rows_n(mr, kb, a, lda, d);
  }
}

/* B's k-block at p0 (kb rows) as NR-wide panels, each kb×NR, zero beyond column n:
 * dst[jp·kb + p·NR + j] = op(B)[p0 + p][jp + j] */
static void pack_b_block(int transB, int p0, int kb, int n, int nr, const float *b, long ldb, float *dst) {
  for (int jp = 0; jp < n; jp += nr) {
    const int w = min_i(nr, n - jp);
    float *d = dst + (size_t)jp * kb;
    if (!transB) {
      for (int p = 0; p < kb; p++) {
        const float *s = b + (size_t)(p0 + p) * ldb + jp;
        float *dp = d + (size_t)p * nr;
        memcpy(dp, s, sizeof(float) * w);
        for (int j = w; j < nr; j++) dp[j] = 0.0f;
      }
    } else if (w == nr) {
      pack_rows(nr, kb, b + (size_t)jp * ldb + p0, ldb, d);
    } else {
      for (int j = 0; j < w; j++) {
        const float *s = b + (size_t)(jp + j) * ldb + p0;
        for (int p = 0; p < kb; p++) d[(size_t)p * nr + j] = s[p];
      }
      for (int j = w; j < nr; j++)
        for (int p = 0; p < kb; p++) d[(size_t)p * nr + j] = 0.0f;
    }
  }
}

/* whole op(B) (k×n): k-block at p0 starts at p0·npad */
static void pack_b_all(const pp_isa *isa, int transB, int k, int n, const float *b, long ldb, float *dst) {
  const int npad = round_up(n, isa->nr);
  for (int p0 = 0; p0 < k; p0 += KC) pack_b_block(transB, p0, min_i(KC, k - p0), n, isa->nr, b, ldb, dst + (size_t)p0 * npad);
}

/* rows i0 … i0+mb of op(A), k-block p0 … p0+kb, as MR-row panels, each kb×MR, zero beyond row mb:
 * dst[ip·kb + p·MR + i] = op(A)[i0 + ip + i][p0 + p] */
static void pack_a_block(int transA, int i0, int mb, int p0, int kb, int mr, const float *a, long lda, float *dst) {
  for (int ip = 0; ip < mb; ip += mr) {
    const int h = min_i(mr, mb - ip);
    float *d = dst + (size_t)ip * kb;
    if (!transA && h == mr) {
      pack_rows(mr, kb, a + (size_t)(i0 + ip) * lda + p0, lda, d);
    } else if (!transA) {
      for (int i = 0; i < h; i++) {
        const float *s = a + (size_t)(i0 + ip + i) * lda + p0;
        for (int p = 0; p < kb; p++) d[(size_t)p * mr + i] = s[p];
      }
    } else {
      for (int p = 0; p < kb; p++) {
        const float *s = a + (size_t)(p0 + p) * lda + i0 + ip;
        float *dp = d + (size_t)p * mr;
        for (int i = 0; i < h; i++) dp[i] = s[i];
      }
    }
    if (h < mr)
      for (int p = 0; p < kb; p++)
        for (int i = h; i < mr; i++) d[(size_t)p * mr + i] = 0.0f;
  }
}

/* C = beta·C (beta = 0: zeros, C unread) */
static void scale_c(int m, int n, float beta, float *c, long ldc) {
  if (beta == 1.0f) return;
  for (int i = 0; i < m; i++) {
    float *r = c + (size_t)i * ldc;
    if (beta == 0.0f)
      memset(r, 0, sizeof(float) * n);
    else
      for (int j = 0; j < n; j++) r[j] *= beta;
  }
}

/* textbook loops: only when a packing buffer cannot be allocated */
static void sgemm_naive(int transA, int transB, int m, int n, int k, float alpha, const float *a, long lda,
                        const float *b, long ldb, float beta, float *c, long ldc) {
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      float s = 0.0f;
      for (int p = 0; p < k; p++)
        s += (transA ? a[(size_t)p * lda + i] : a[(size_t)i * lda + p]) *
             (transB ? b[(size_t)j * ldb + p] : b[(size_t)p * ldb + j]);
      float *cp = c + (size_t)i * ldc + j;
      *cp = beta == 0.0f ? alpha * s : alpha * s + beta * *cp;
    }
}

/* the blocked product over a packed B (layout of pack_b_all); 0 when the A buffer cannot be allocated */
static int gemm_packed(const pp_isa *isa, int transA, int m, int n, int k, float alpha, const float *a, long lda,
                       const float *pb, int npad, float beta, float *c, long ldc) {
  const int mr = isa->mr, nr = isa->nr;
  const int mc = MC_ROWS / mr * mr;
  float *pa = ws_get(0, (size_t)mc * KC);
  if (!pa) return 0;
  float tile[32 * 32] __attribute__((aligned(ALIGN)));
  for (int p0 = 0; p0 < k; p0 += KC) {
    const int kb = min_i(KC, k - p0);
    const float bt = p0 == 0 ? beta : 1.0f; /* later k-blocks add to what the first wrote */
    const float *bblk = pb + (size_t)p0 * npad;
    for (int i0 = 0; i0 < m; i0 += mc) {
      const int mb = min_i(mc, m - i0);
      pack_a_block(transA, i0, mb, p0, kb, mr, a, lda, pa);
      for (int jp = 0; jp < n; jp += nr) {
        const int w = min_i(nr, n - jp);
        const float *bpan = bblk + (size_t)jp * kb;
        for (int ip = 0; ip < mb; ip += mr) {
          const int h = min_i(mr, mb - ip);
          float *cb = c + (size_t)(i0 + ip) * ldc + jp;
          if (h == mr && w == nr) {
            isa->kernel(kb, pa + (size_t)ip * kb, bpan, cb, ldc, alpha, bt);
          } else {
            /* edge tile: the same kernel on a full scratch tile, so edge elements round exactly like the rest */
            if (bt != 0.0f)
              for (int i = 0; i < h; i++) memcpy(tile + i * nr, cb + (size_t)i * ldc, sizeof(float) * w);
            isa->kernel(kb, pa + (size_t)ip * kb, bpan, tile, nr, alpha, bt);
            for (int i = 0; i < h; i++) memcpy(cb + (size_t)i * ldc, tile + i * nr, sizeof(float) * w);
          }
        }
      }
    }
  }
  return 1;
}

void pp_sgemm(const pp_isa *isa, int transA, int transB, int m, int n, int k, float alpha, const float *a, long lda,
              const float *b, long ldb, float beta, float *c, long ldc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0.0f) {
    scale_c(m, n, beta, c, ldc);
    return;
  }
  const int npad = round_up(n, isa->nr);
  float *pb = ws_get(1, (size_t)k * npad);
  if (pb) {
    pack_b_all(isa, transB, k, n, b, ldb, pb);
    if (gemm_packed(isa, transA, m, n, k, alpha, a, lda, pb, npad, beta, c, ldc)) return;
  }
  sgemm_naive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

pp_packed_b *pp_pack_b(const pp_isa *isa, int transB, int k, int n, const float *b, long ldb) {
  if (k <= 0 || n <= 0) return NULL;
  pp_packed_b *p = malloc(sizeof *p);
  if (!p) return NULL;
  p->k = k;
  p->n = n;
  p->nr = isa->nr;
  p->npad = round_up(n, isa->nr);
  size_t bytes = ((size_t)k * p->npad * sizeof(float) + ALIGN - 1) / ALIGN * ALIGN;
  p->data = aligned_alloc(ALIGN, bytes);
  if (!p->data) {
    free(p);
    return NULL;
  }
  pack_b_all(isa, transB, k, n, b, ldb, p->data);
  return p;
}

void pp_packed_b_free(pp_packed_b *p) {
  if (!p) return;
  free(p->data);
  free(p);
}

void pp_sgemm_packed(const pp_isa *isa, int transA, int m, float alpha, const float *a, long lda, const pp_packed_b *b,
                     float beta, float *c, long ldc) {
  if (m <= 0) return;
  if (alpha == 0.0f) {
    scale_c(m, b->n, beta, c, ldc);
    return;
  }
  if (!gemm_packed(isa, transA, m, b->n, b->k, alpha, a, lda, b->data, b->npad, beta, c, ldc)) {
    /* out of memory for the A panel: unpacking B is not possible here, so go block by block naively */
    for (int i = 0; i < m; i++)
      for (int j = 0; j < b->n; j++) {
        float s = 0.0f;
        for (int p = 0; p < b->k; p++) {
          const int p0 = p / KC * KC, kb = min_i(KC, b->k - p0);
          const float bv = b->data[(size_t)p0 * b->npad + (size_t)(j / b->nr * b->nr) * kb + (size_t)(p - p0) * b->nr + j % b->nr];
          s += (transA ? a[(size_t)p * lda + i] : a[(size_t)i * lda + p]) * bv;
        }
        float *cp = c + (size_t)i * ldc + j;
        *cp = beta == 0.0f ? alpha * s : alpha * s + beta * *cp;
      }
  }
}
