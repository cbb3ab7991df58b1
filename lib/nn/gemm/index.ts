// getGemm: the OpenBLAS addon when built, else portable TypeScript. PIRATE_PAIN_GEMM=typescript|openblas forces one.
import { loadOpenblasGemm } from './openblas';
import { typescriptGemm } from './typescript';
import type { Gemm, GemmName } from './types';

export type { Gemm, GemmName } from './types';
export { typescriptGemm } from './typescript';
export { loadOpenblasGemm } from './openblas';

export type GemmPreference = 'auto' | GemmName;

const ENV = 'PIRATE_PAIN_GEMM';

/**
 * 'auto' (default) honours $PIRATE_PAIN_GEMM, then prefers OpenBLAS. Asking for 'openblas' (argument or env) when
 * the addon is not available throws with the reason rather than silently running 40× slower.
 */
export function getGemm(prefer: GemmPreference = 'auto'): Gemm {
  let want: string = prefer;
  if (want === 'auto') {
    const env = process.env[ENV];
    if (env !== undefined && env !== '' && env !== 'auto') want = env;
  }
  if (want === 'typescript') return typescriptGemm;
  if (want === 'openblas' || want === 'auto') {
    const r = loadOpenblasGemm();
    if (r.gemm) return r.gemm;
    if (want === 'openblas') throw new Error(`gemm 'openblas' requested${prefer === 'auto' ? ` by $${ENV}` : ''} but unavailable: ${r.reason}`);
    return typescriptGemm;
  }
  throw new Error(`$${ENV}: expected typescript|openblas|auto, got ${JSON.stringify(want)}`);
}

/** Why the OpenBLAS gemm is not available, or undefined when it is. */
export function openblasUnavailableReason(): string | undefined {
  return loadOpenblasGemm().reason;
}
