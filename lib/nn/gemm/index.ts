// getGemm: the native addon's OpenBLAS path when linked, else its built-in C gemm, else portable TypeScript.
// PIRATE_PAIN_GEMM=openblas|builtin|typescript forces one.
import { loadBuiltinGemm, loadOpenblasGemm } from './native';
import { typescriptGemm } from './typescript';
import type { Gemm, GemmName } from './types';

export type { Gemm, GemmName } from './types';
export { typescriptGemm } from './typescript';
export { builtinIsas, loadBuiltinGemm, loadOpenblasGemm } from './native';

export type GemmPreference = 'auto' | GemmName;

const ENV = 'PIRATE_PAIN_GEMM';
const NAMES: readonly GemmName[] = ['openblas', 'builtin', 'typescript'];

/**
 * 'auto' (default) honours $PIRATE_PAIN_GEMM, then prefers OpenBLAS, then the built-in C gemm. Asking for a native
 * path (argument or env) that is not available throws with the reason rather than silently running slower.
 */
export function getGemm(prefer: GemmPreference = 'auto'): Gemm {
  let want: string = prefer;
  if (want === 'auto') {
    const env = process.env[ENV];
    if (env !== undefined && env !== '' && env !== 'auto') want = env;
  }
  if (want === 'typescript') return typescriptGemm;
  if (want === 'auto') return loadOpenblasGemm().gemm ?? loadBuiltinGemm().gemm ?? typescriptGemm;
  if (want === 'openblas' || want === 'builtin') {
    const r = want === 'openblas' ? loadOpenblasGemm() : loadBuiltinGemm();
    if (r.gemm) return r.gemm;
    throw new Error(`gemm '${want}' requested${prefer === 'auto' ? ` by $${ENV}` : ''} but unavailable: ${r.reason}`);
  }
  throw new Error(`$${ENV}: expected ${NAMES.join('|')}|auto, got ${JSON.stringify(want)}`);
}

/** The compute path exactly enough that equal strings give bit-identical numbers (e.g. openblas:0.3.21:haswell). */
export function computePath(gemm: Pick<Gemm, 'name'> & { identity?: string } = getGemm()): string {
  return gemm.identity ?? gemm.name;
}

/** Why the OpenBLAS gemm is not available, or undefined when it is. */
export function openblasUnavailableReason(): string | undefined {
  return loadOpenblasGemm().reason;
}

/** Why the built-in C gemm is not available (no addon), or undefined when it is. */
export function builtinUnavailableReason(): string | undefined {
  return loadBuiltinGemm().reason;
}

/**
 * Every gemm path this machine can run, fastest first: openblas, builtin (best ISA), typescript. Tests that must
 * hold on every path enumerate this, so a new path is tested everywhere at once.
 */
export function availableGemms(): Gemm[] {
  const out: Gemm[] = [];
  for (const r of [loadOpenblasGemm(), loadBuiltinGemm()]) if (r.gemm) out.push(r.gemm);
  out.push(typescriptGemm);
  return out;
}
