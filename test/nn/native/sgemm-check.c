/* Stand-alone check of lib/nn/native/sgemm.c for ISAs this machine cannot run natively (test/nn/sgemm-arm64.slow.test.ts
 * cross-compiles it for arm64 and runs it under qemu): every ISA the CPU offers, all transposes, sizes around the
 * tiles and the k-block, padded rows, alpha/beta, NaN in C under beta = 0, against a float64 triple loop.
 * Prints one line per ISA and exits 1 on any wrong element. */
#include "sgemm.h"
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
int main(void) {
  int failed = 0;
  const char *const *av = pp_isa_available();
  for (int q=0; av[q]; q++) {
    const pp_isa *isa = pp_isa_named(av[q]); int bad=0, n_cases=0;
    int ms[]={1,7,8,9,17}, ns[]={1,11,12,13,25}, ks[]={0,1,5,256,300};
    for (int ta=0;ta<2;ta++) for(int tb=0;tb<2;tb++) for (int mi=0;mi<5;mi++) for(int ni=0;ni<5;ni++) for(int ki=0;ki<5;ki++){
      int m=ms[mi],n=ns[ni],k=ks[ki]; n_cases++;
      int lda=(ta?m:k)+3, ldb=(tb?k:n)+2, ldc=n+1;
      float *a=malloc(sizeof(float)*((ta?k:m)*lda+1)), *b=malloc(sizeof(float)*((tb?n:k)*ldb+1)), *c=malloc(sizeof(float)*m*ldc), *r=malloc(sizeof(float)*m*ldc);
      for(int i=0;i<(ta?k:m)*lda;i++)a[i]=rand()/(float)RAND_MAX-.5f;
      for(int i=0;i<(tb?n:k)*ldb;i++)b[i]=rand()/(float)RAND_MAX-.5f;
      for(int i=0;i<m*ldc;i++)c[i]=r[i]=rand()/(float)RAND_MAX;
      float beta = (k%2)? 0.5f : 0.f;
      if(beta==0) for(int i=0;i<m;i++)for(int j=0;j<n;j++) c[i*ldc+j]=NAN;
      for(int i=0;i<m;i++)for(int j=0;j<n;j++){double s=0;for(int p=0;p<k;p++)s+=(double)(ta?a[p*lda+i]:a[i*lda+p])*(tb?b[j*ldb+p]:b[p*ldb+j]); r[i*ldc+j]=1.5*s+(beta==0?0:beta*r[i*ldc+j]);}
      pp_sgemm(isa,ta,tb,m,n,k,1.5f,a,lda,b,ldb,beta,c,ldc);
      for(int i=0;i<m*ldc;i++) if(!(fabsf(c[i]-r[i])<1e-4f*(1+sqrtf(k)))) { if(bad<5)printf("%s bad ta%d tb%d %d %d %d [%d] %g %g\n",av[q],ta,tb,m,n,k,i,c[i],r[i]); bad++; }
      free(a);free(b);free(c);free(r);
    }
    float s;
    const double f = pp_isa_peak(isa, 1000, &s);
    printf("%s: %d cases, %d bad elements, peak probe %.0f flops\n", av[q], n_cases, bad, f);
    failed |= bad > 0 || f <= 0;
  }
  return failed;
}
