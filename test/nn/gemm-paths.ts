// Every compute path this machine offers, for tests that must hold on each. The paths come from lib's
// availableGemms() (one place to add a path); each native one is tested with its fused C recurrent kernels and with
// the TypeScript gate kernels over its sgemm. A path not available here is listed in `skipped` with the reason.
import { availableGemms, builtinIsas, builtinUnavailableReason, loadBuiltinGemm, openblasUnavailableReason } from '../../lib/nn/gemm/index';
import type { Gemm } from '../../lib/nn/gemm/index';

export interface GemmPath {
  label: string;
  gemm: Gemm;
}

function withVariants(gemm: Gemm): GemmPath[] {
  const id = gemm.identity ?? gemm.name;
  if (!gemm.recurrent) return [{ label: id, gemm }];
  return [
    { label: `${id}, fused C kernels`, gemm },
    // the same products with the TypeScript gate kernels: the path an addon without kernels takes
    { label: `${id} sgemm, TS kernels`, gemm: { name: gemm.name, identity: `${id}+ts-kernels`, sgemm: gemm.sgemm } },
  ];
}

/** everyIsa: also the built-in kernels for each ISA this CPU runs below its best (avx2, sse, … on an AVX-512 CPU) */
export function gemmPaths(o: { everyIsa?: boolean } = {}): { paths: GemmPath[]; skipped: string[] } {
  const gemms = availableGemms();
  const best = loadBuiltinGemm().gemm?.identity;
  if (o.everyIsa) {
    for (const isa of builtinIsas()) {
      const g = loadBuiltinGemm(isa).gemm;
      if (g && g.identity !== best) gemms.push(g);
    }
  }
  const skipped: string[] = [];
  const why = { openblas: openblasUnavailableReason(), builtin: builtinUnavailableReason() };
  for (const [name, reason] of Object.entries(why)) if (reason !== undefined) skipped.push(`${name}: ${reason}`);
  return { paths: gemms.flatMap(withVariants), skipped };
}
