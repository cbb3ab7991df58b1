// The optional native gemm: lib/nn/native (OpenBLAS cblas_sgemm through N-API), built by lib/setup/postinstall.cjs.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../../paths';
import { nativeRecurrent } from '../recurrent';
import type { NativeRecurrentBinding } from '../recurrent';
import type { Gemm } from './types';

/** one tensor's Adam/AdamW update (see lib/nn/optim.ts) */
export type NativeAdamStep = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, shrink: number,
  l2: number, b1: number, b2: number, stepSize: number, invBc2s: number, eps: number) => void;

interface NativeBinding extends Partial<NativeRecurrentBinding> {
  sgemm: Gemm['sgemm'];
  adamStep?: NativeAdamStep;
}

const ADDON = join('build', 'Release', 'pirate_pain_gemm.node');

/** Where the built addon would be: next to this module's source, or under the project root. */
export function addonCandidates(): string[] {
  const out: string[] = [];
  if (typeof __dirname === 'string') out.push(join(__dirname, '..', 'native', ADDON));
  try {
    out.push(join(projectRoot(), 'lib', 'nn', 'native', ADDON));
  } catch {
    // cwd outside the project: only the module-relative path is known
  }
  return out;
}

let cached: { gemm?: Gemm; adamStep?: NativeAdamStep; reason?: string } | undefined;

/** The OpenBLAS gemm, or the reason it is unavailable (never throws). */
export function loadOpenblasGemm(): { gemm?: Gemm; adamStep?: NativeAdamStep; reason?: string } {
  if (cached) return cached;
  const paths = addonCandidates();
  const file = paths.find((p) => existsSync(p));
  if (!file) {
    cached = { reason: `native addon not built (${paths[0] ?? ADDON} missing; run npm rebuild with libopenblas-dev installed)` };
    return cached;
  }
  try {
    const binding = createRequire(file)(file) as NativeBinding;
    if (typeof binding.sgemm !== 'function') throw new Error('addon exports no sgemm');
    const sgemm = binding.sgemm;
    // an addon built before the fused kernels existed still works, with the TypeScript gate kernels
    const recurrent = binding.dirForward && binding.dirBackward
      ? nativeRecurrent({ dirForward: binding.dirForward, dirBackward: binding.dirBackward })
      : undefined;
    cached = {
      gemm: recurrent ? { name: 'openblas', sgemm, recurrent } : { name: 'openblas', sgemm },
      adamStep: typeof binding.adamStep === 'function' ? binding.adamStep : undefined,
    };
  } catch (e) {
    cached = { reason: `native addon ${file} failed to load: ${(e as Error).message}` };
  }
  return cached;
}
