{
  "variables": {
    # which system BLAS to link besides the built-in gemm: openblas | accelerate | none (postinstall.cjs probes
    # and sets PIRATE_PAIN_GYP_BLAS; a bare node-gyp rebuild builds the built-in gemm alone, or Accelerate on macOS)
    "pp_blas%": "<!(node -p \"process.env.PIRATE_PAIN_GYP_BLAS || (process.platform === 'darwin' ? 'accelerate' : 'none')\")"
  },
  "targets": [
    {
      "target_name": "pirate_pain_gemm",
      "sources": ["gemm.c", "recurrent.c", "sgemm.c"],
      "cflags": ["-O3", "-std=gnu11", "-ffp-contract=fast", "-fno-math-errno"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-std=gnu11", "-ffp-contract=fast", "-fno-math-errno"] },
      "conditions": [
        ["OS=='mac' and pp_blas=='accelerate'", {
          "defines": ["PP_BLAS_ACCELERATE"],
          "libraries": ["-framework Accelerate"]
        }],
        ["OS!='mac' and pp_blas=='openblas'", {
          "defines": ["PP_BLAS_OPENBLAS"],
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
