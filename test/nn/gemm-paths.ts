// Every compute path this machine offers, for tests that must hold on each: one place to add a path.
// A path that is not available here is listed in `skipped` with the reason (printed once by the test file).
import { getGemm, typescriptGemm } from '../../lib/nn';
import type { Gemm, GemmPreference } from '../../lib/nn';

export interface GemmPath {
  label: string;
  gemm: Gemm;
}

/** names getGemm may know besides typescript; a name it rejects is reported as unavailable */
const NATIVE_NAMES = ['openblas', 'builtin'];

export function gemmPaths(): { paths: GemmPath[]; skipped: string[] } {
  const paths: GemmPath[] = [{ label: 'typescript', gemm: typescriptGemm }];
  const skipped: string[] = [];
  for (const name of NATIVE_NAMES) {
    let gemm: Gemm;
    try {
      gemm = getGemm(name as GemmPreference);
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message}`);
      continue;
    }
    if (gemm.recurrent) {
      paths.push({ label: `${name}, fused C kernels`, gemm });
      // the same products with the TypeScript gate kernels: the path an addon without kernels takes
      paths.push({ label: `${name} sgemm, TS kernels`, gemm: { name: gemm.name, sgemm: gemm.sgemm } });
    } else {
      paths.push({ label: name, gemm });
    }
  }
  return { paths, skipped };
}
