// The report's explicit regularisation: loss += l1·Σ|w| + l2·Σw² over all parameters, gradients added in place.
import type { Param } from './types';

export function applyPenalties(params: Param[], o: { l1: number; l2: number }): number {
  const { l1, l2 } = o;
  if (!(l1 >= 0) || !(l2 >= 0)) throw new Error(`applyPenalties: l1 and l2 must be ≥ 0, got l1=${l1} l2=${l2}`);
  if (l1 === 0 && l2 === 0) return 0;
  let abs = 0;
  let sq = 0;
  for (const p of params) {
    const d = p.data, g = p.grad;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      abs += Math.abs(v);
      sq += v * v;
      // d|w|/dw = sign(w), 0 at 0 (torch.sign)
      g[i] += l1 * Math.sign(v) + 2 * l2 * v;
    }
  }
  return l1 * abs + l2 * sq;
}
