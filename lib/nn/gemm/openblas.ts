// Kept for imports from before lib/nn/gemm/native.ts held every native path.
export { addonCandidates, loadOpenblasGemm } from './native';
export type { NativeAdamStep } from './native';
