{
  "targets": [
    {
      "target_name": "pirate_pain_gemm",
      "sources": ["gemm.c"],
      "cflags": ["-O2", "-std=c11"],
      "libraries": ["-lopenblas"]
    }
  ]
}
