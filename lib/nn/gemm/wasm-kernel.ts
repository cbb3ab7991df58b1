// WebAssembly SIMD kernels, assembled here from opcodes (no toolchain needed, nothing downloaded):
//  gemmN / gemmT  C[Mp×Np] = A·B for 4-row × 8-column blocks; A read in place with its row stride (N: A[i][p] at
//                 a + i·lda + p; T: A stored transposed, A[i][p] at a + p·lda + i), B row-major with stride ldb.
//                 Rows ≥ M and columns ≥ N of the operands may hold anything: they only reach C's padding.
//  sigmoid / tanh in place over n floats (n a multiple of 4), with a Cephes-style exp (≈2 ulp).
// Addresses and strides are in bytes. The packing (transposes, alpha/beta) is done by wasm.ts.

const enc = {
  u32(n: number): number[] {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      out.push(b);
    } while (n !== 0);
    return out;
  },
  i32(n: number): number[] {
    const out: number[] = [];
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
        out.push(b);
        return out;
      }
      out.push(b | 0x80);
    }
  },
  str(s: string): number[] {
    const b = [...Buffer.from(s, 'utf8')];
    return [...enc.u32(b.length), ...b];
  },
  vec(items: number[][]): number[] {
    return [...enc.u32(items.length), ...items.flat()];
  },
  section(id: number, body: number[]): number[] {
    return [id, ...enc.u32(body.length), ...body];
  },
};

const I32 = 0x7f;
const V128 = 0x7b;

/** instruction emitter over numbered locals */
class Code {
  readonly b: number[] = [];
  get(l: number): this { this.b.push(0x20, ...enc.u32(l)); return this; }
  set(l: number): this { this.b.push(0x21, ...enc.u32(l)); return this; }
  tee(l: number): this { this.b.push(0x22, ...enc.u32(l)); return this; }
  const(v: number): this { this.b.push(0x41, ...enc.i32(v)); return this; }
  op(...bytes: number[]): this { this.b.push(...bytes); return this; }
  add(): this { return this.op(0x6a); }
  mul(): this { return this.op(0x6c); }
  shl(): this { return this.op(0x74); }
  geU(): this { return this.op(0x4f); }
  ltU(): this { return this.op(0x49); }
  block(): this { return this.op(0x02, 0x40); }
  loop(): this { return this.op(0x03, 0x40); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c, ...enc.u32(depth)); }
  brIf(depth: number): this { return this.op(0x0d, ...enc.u32(depth)); }
  simd(code: number, ...imm: number[]): this { return this.op(0xfd, ...enc.u32(code), ...imm); }
  load(offset = 0): this { return this.simd(0x00, 2, ...enc.u32(offset)); }
  store(offset = 0): this { return this.simd(0x0b, 2, ...enc.u32(offset)); }
  loadSplat(offset: number): this { return this.simd(0x09, 2, ...enc.u32(offset)); }
  f32x4(v: number): this {
    const bytes = new Uint8Array(new Float32Array([v, v, v, v]).buffer);
    return this.simd(0x0c, ...bytes);
  }
  i32x4(v: number): this {
    const bytes = new Uint8Array(new Int32Array([v, v, v, v]).buffer);
    return this.simd(0x0c, ...bytes);
  }
  fadd(): this { return this.simd(0xe4); }
  fsub(): this { return this.simd(0xe5); }
  fmul(): this { return this.simd(0xe6); }
  fdiv(): this { return this.simd(0xe7); }
  fmin(): this { return this.simd(0xe8); }
  fmax(): this { return this.simd(0xe9); }
  fabs(): this { return this.simd(0xe0); }
  flt(): this { return this.simd(0x43); }
  nearest(): this { return this.simd(0x6a); }
  truncSat(): this { return this.simd(0xf8); }
  iadd(): this { return this.simd(0xae); }
  ishl(): this { return this.simd(0xab); }
  and(): this { return this.simd(0x4e); }
  or(): this { return this.simd(0x50); }
  bitselect(): this { return this.simd(0x52); }
}

interface Fn {
  params: number;
  locals: [count: number, type: number][];
  code: Code;
  name: string;
}

/** gemm over 4×8 blocks; `trans` selects how A is addressed */
function gemmFn(trans: boolean): Fn {
  // params: a, lda, b, ldb, c, M, N, K (bytes for addresses/strides)
  const [A, LDA, B, LDB, C, M, N, K] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [i, j, p, a0, a1, a2, a3, bp, cp, ldc] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const acc = (r: number, h: number): number => 18 + r * 2 + h;
  const [b0, b1, av] = [26, 27, 28];
  const rowPtr = [a0, a1, a2, a3];
  const c = new Code();
  c.get(N).const(2).shl().set(ldc);
  c.const(0).set(i);
  c.block().loop();
  c.get(i).get(M).geU().brIf(1);
  c.const(0).set(j);
  c.block().loop();
  c.get(j).get(N).geU().brIf(1);
  for (let r = 0; r < 4; r++) for (let h = 0; h < 2; h++) c.f32x4(0).set(acc(r, h));
  if (trans) c.get(A).get(i).const(2).shl().add().set(a0); // &A[i][0] = a + 4i
  else for (let r = 0; r < 4; r++) c.get(A).get(i).const(r).add().get(LDA).mul().add().set(rowPtr[r]); // a + (i+r)·lda
  c.get(B).get(j).const(2).shl().add().set(bp);
  c.const(0).set(p);
  c.block();
  c.get(p).get(K).geU().brIf(0);
  c.loop();
  c.get(bp).load(0).set(b0);
  c.get(bp).load(16).set(b1);
  for (let r = 0; r < 4; r++) {
    if (trans) c.get(a0).loadSplat(4 * r).set(av);
    else c.get(rowPtr[r]).loadSplat(0).set(av);
    for (let h = 0; h < 2; h++) c.get(acc(r, h)).get(av).get(h === 0 ? b0 : b1).fmul().fadd().set(acc(r, h));
  }
  if (trans) c.get(a0).get(LDA).add().set(a0);
  else for (let r = 0; r < 4; r++) c.get(rowPtr[r]).const(4).add().set(rowPtr[r]);
  c.get(bp).get(LDB).add().set(bp);
  c.get(p).const(1).add().tee(p).get(K).ltU().brIf(0);
  c.end().end();
  c.get(C).get(i).get(N).mul().get(j).add().const(2).shl().add().set(cp);
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) c.get(cp).get(acc(r, h)).store(16 * h);
    c.get(cp).get(ldc).add().set(cp);
  }
  c.get(j).const(8).add().set(j);
  c.br(0);
  c.end().end();
  c.get(i).const(4).add().set(i);
  c.br(0);
  c.end().end();
  c.end();
  return { params: 8, locals: [[10, I32], [11, V128]], code: c, name: trans ? 'gemmT' : 'gemmN' };
}

/** pushes exp(local x) (v128) using scratch v128 locals n, r, q */
function emitExp(c: Code, x: number, n: number, r: number, q: number): void {
  c.get(x).f32x4(-87.3).fmax().f32x4(88.3).fmin().set(r); // r = clamped x
  c.get(r).f32x4(1.44269504088896341).fmul().nearest().set(n);
  c.get(r).get(n).f32x4(0.693359375).fmul().fsub().get(n).f32x4(-2.12194440e-4).fmul().fsub().set(r);
  c.f32x4(1.9875691500e-4);
  for (const k of [1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]) c.get(r).fmul().f32x4(k).fadd();
  c.get(r).fmul().get(r).fmul().get(r).fadd().f32x4(1).fadd().set(q); // q = p·r² + r + 1
  c.get(q).get(n).truncSat().i32x4(127).iadd().const(23).ishl().fmul(); // q · 2^n
}

/** in-place activation over n floats at ptr (n % 4 = 0) */
function actFn(kind: 'sigmoid' | 'tanh'): Fn {
  const [P, NN] = [0, 1];
  const end = 2;
  const [x, n, r, q, e, a] = [3, 4, 5, 6, 7, 8];
  const c = new Code();
  c.get(P).get(NN).const(2).shl().add().set(end);
  c.block();
  c.get(P).get(end).geU().brIf(0);
  c.loop();
  c.get(P).load(0).set(x);
  c.get(P); // address for the store
  if (kind === 'sigmoid') {
    c.f32x4(0).get(x).fsub().set(e); // e = -x
    c.f32x4(1);
    c.f32x4(1);
    emitExp(c, e, n, r, q);
    c.fadd().fdiv(); // 1 / (1 + exp(-x))
  } else {
    c.get(x).fabs().set(a);
    c.f32x4(-2).get(a).fmul().set(e);
    emitExp(c, e, n, r, q); // exp(-2|x|)
    c.set(e);
    // big = (1 - e) / (1 + e)
    c.f32x4(1).get(e).fsub().f32x4(1).get(e).fadd().fdiv().set(r);
    // small = a + a·z·P(z), z = x²  (Cephes tanhf, |x| < 0.625)
    c.get(x).get(x).fmul().set(n);
    c.f32x4(-5.70498872745e-3);
    for (const k of [2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1]) c.get(n).fmul().f32x4(k).fadd();
    c.get(n).fmul().get(a).fmul().get(a).fadd().set(q);
    // select small where a < 0.625, then copy the sign of x
    c.get(q).get(r).get(a).f32x4(0.625).flt().bitselect();
    c.get(x).i32x4(-0x80000000).and().or();
  }
  c.store(0);
  c.get(P).const(16).add().tee(P).get(end).ltU().brIf(0);
  c.end().end();
  c.end();
  return { params: 2, locals: [[1, I32], [6, V128]], code: c, name: kind };
}

/** the module's bytes: exports memory "mem" and the functions gemmN, gemmT, sigmoid, tanh */
export function kernelModule(): Uint8Array {
  const fns = [gemmFn(false), gemmFn(true), actFn('sigmoid'), actFn('tanh')];
  const types = fns.map((f) => [0x60, ...enc.u32(f.params), ...new Array(f.params).fill(I32), 0]);
  const bodies = fns.map((f) => {
    const body = [...enc.vec(f.locals.map(([n, t]) => [...enc.u32(n), t])), ...f.code.b];
    return [...enc.u32(body.length), ...body];
  });
  const exports = [[...enc.str('mem'), 0x02, 0], ...fns.map((f, k) => [...enc.str(f.name), 0x00, ...enc.u32(k)])];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...enc.section(1, enc.vec(types)),
    ...enc.section(3, enc.vec(fns.map((_, k) => enc.u32(k)))),
    ...enc.section(5, [1, 0x00, 1]), // one memory, min 1 page
    ...enc.section(7, enc.vec(exports)),
    ...enc.section(10, enc.vec(bodies)),
  ]);
}
