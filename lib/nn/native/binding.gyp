{
  "targets": [
    {
      "target_name": "pirate_pain_gemm",
      "sources": ["gemm.c", "recurrent.c"],
      "cflags": ["-O3", "-std=gnu11", "-ffp-contract=fast", "-fno-math-errno"],
      "libraries": ["-lopenblas"]
    }
  ]
}
