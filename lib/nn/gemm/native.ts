// The native addon (lib/nn/native, built by lib/setup/postinstall.cjs): always the built-in C gemm with runtime ISA
// dispatch (`builtin`), plus the system BLAS it was linked with when one was found (`openblas`; Apple's Accelerate
// on macOS fills the same slot). Both come with the fused recurrent kernels and the vectorised Adam step.
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

interface NativePath extends NativeRecurrentBinding {
  sgemm: Gemm['sgemm'];
}

interface NativeBinding {
  /** ISAs this CPU can run the built-in kernels with, best first */
  isas: string[];
  builtin?(isa?: string): NativePath & { isa: string };
  blas?: NativePath & { name: string; version: string; core: string; config: string; kernelIsa: string };
  adamStep: NativeAdamStep;
  /** one core's FP32 multiply-add rate with the best ISA, measured (flops per CPU second) */
  peak?(): { flops: number; isa: string };
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

let loaded: { binding?: NativeBinding; reason?: string } | undefined;

/** The addon, or why it is not there (never throws). */
export function loadNativeAddon(): { binding?: NativeBinding; reason?: string } {
  if (loaded) return loaded;
  const paths = addonCandidates();
  const file = paths.find((p) => existsSync(p));
  if (!file) {
    loaded = { reason: `native addon not built (${paths[0] ?? ADDON} missing; run npm rebuild with a C compiler installed)` };
    return loaded;
  }
  try {
    const raw = createRequire(file)(file) as NativeBinding & Partial<NativePath>;
    if (typeof raw.builtin === 'function' && Array.isArray(raw.isas)) loaded = { binding: raw };
    else if (typeof raw.sgemm === 'function' && raw.dirForward && raw.dirBackward) {
      // an addon built before the built-in gemm existed (OpenBLAS only): still usable until the next npm rebuild
      const legacy: NativePath = { sgemm: raw.sgemm, dirForward: raw.dirForward, dirBackward: raw.dirBackward };
      loaded = {
        binding: { isas: [], adamStep: raw.adamStep, blas: { ...legacy, name: 'openblas', version: 'unknown', core: 'unknown', config: '', kernelIsa: 'unknown' } },
        reason: 'the native addon predates the built-in gemm: npm rebuild',
      };
    } else throw new Error('addon exports neither builtin nor sgemm; run npm rebuild');
  } catch (e) {
    loaded = { reason: `native addon ${file} failed to load: ${(e as Error).message}` };
  }
  return loaded;
}

const pathGemm = (name: Gemm['name'], identity: string, p: NativePath): Gemm => ({
  name, identity, sgemm: p.sgemm, recurrent: nativeRecurrent(p),
});

let blasCached: { gemm?: Gemm; reason?: string } | undefined;

/** The system-BLAS gemm (OpenBLAS; Accelerate on macOS), or the reason it is unavailable (never throws). */
export function loadOpenblasGemm(): { gemm?: Gemm; adamStep?: NativeAdamStep; reason?: string } {
  if (!blasCached) {
    const { binding, reason } = loadNativeAddon();
    if (!binding) blasCached = { reason };
    else if (!binding.blas) {
      blasCached = { reason: 'the native addon was built without OpenBLAS (apt-get install libopenblas-dev, then npm rebuild)' };
    } else {
      const b = binding.blas;
      const id = b.name === 'openblas' ? `openblas:${b.version}:${b.core.toLowerCase()}:${b.kernelIsa}` : `${b.name}:${b.kernelIsa}`;
      blasCached = { gemm: pathGemm('openblas', id, b) };
    }
  }
  return { ...blasCached, adamStep: loadNativeAddon().binding?.adamStep };
}

const builtinCached = new Map<string, { gemm?: Gemm; reason?: string }>();

/**
 * The built-in C gemm for the best ISA of this CPU, or for a named one ('avx512', 'avx2', 'sse', 'neon', 'scalar')
 * when the CPU runs it; or the reason it is unavailable (never throws).
 */
export function loadBuiltinGemm(isa?: string): { gemm?: Gemm; reason?: string } {
  const key = isa ?? '';
  const hit = builtinCached.get(key);
  if (hit) return hit;
  const { binding, reason } = loadNativeAddon();
  let r: { gemm?: Gemm; reason?: string };
  if (!binding || !binding.builtin) r = { reason };
  else if (isa !== undefined && !binding.isas.includes(isa)) {
    r = { reason: `this CPU cannot run the ${isa} kernels (it runs ${binding.isas.join(', ')})` };
  } else {
    const p = binding.builtin(isa);
    r = { gemm: pathGemm('builtin', `builtin:${p.isa}`, p) };
  }
  builtinCached.set(key, r);
  return r;
}

/** ISAs the built-in kernels can use on this CPU, best first (empty without the addon) */
export function builtinIsas(): string[] {
  return loadNativeAddon().binding?.isas.slice() ?? [];
}

/** the addon's vectorised Adam step, whichever gemm runs */
export function nativeAdamStep(): NativeAdamStep | undefined {
  return loadNativeAddon().binding?.adamStep;
}

/** one core's peak FP32 rate as measured by the addon's register-only multiply-add loop, or undefined without it */
export function measuredPeak(): { flops: number; isa: string } | undefined {
  const b = loadNativeAddon().binding;
  return b && typeof b.peak === 'function' ? b.peak() : undefined;
}
