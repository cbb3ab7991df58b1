// Floating-point work of one training window and the CPU's peak rate, to say what fraction of the machine each
// compute path uses. Only the matrix products are counted (2 flops per multiply-add); gate math, loss and the
// optimizer are a few percent more and are left out, so the fractions are slight underestimates.
import { readFileSync } from 'node:fs';
import type { ModelSpec } from '../nn/types';
import { gateCount } from '../nn/types';

/** matrix-product flops of forward + backward for one window of `steps` steps (per window: divide out the batch) */
export function trainFlopsPerWindow(spec: ModelSpec, steps: number): number {
  const dirs = spec.bidirectional ? 2 : 1;
  const H = spec.hiddenSize;
  const G = gateCount(spec.cell) * H;
  let f = 0;
  for (let l = 0; l < spec.layers; l++) {
    const I = l === 0 ? spec.inputSize : dirs * H;
    const input = 2 * steps * I * G; // x·W_ih^T over all steps
    const rec = 2 * (steps - 1) * H * G; // h·W_hh^T from the second step on
    // forward: input + recurrent; backward: dW_ih, dW_hh, dh per step, and dX except for the first layer
    f += dirs * (input + rec + input + rec + rec + (l > 0 ? input : 0));
  }
  const DH = dirs * H;
  f += 3 * 2 * DH * spec.classes; // fc forward, dW, dX
  return f;
}

export interface Peak {
  /** flops per second of one core */
  flops: number;
  /** how it was obtained, for the table's notes */
  basis: string;
}

/**
 * One core's FP32 peak from the clock /proc/cpuinfo reports times flops per cycle (32 = two 256-bit FMA pipes, or
 * one 512-bit, × 8 lanes × 2: Zen 4 and Haswell-to-Zen 3 alike). In a VM that clock is often the nominal one and
 * the core runs faster (boost): see measuredCpuPeak.
 */
export function cpuPeak(flopsPerCycle = 32, cpuinfo = '/proc/cpuinfo'): Peak | undefined {
  let text: string;
  try {
    text = readFileSync(cpuinfo, 'utf8');
  } catch {
    return undefined;
  }
  const mhz = /^cpu MHz\s*:\s*([\d.]+)/m.exec(text);
  if (!mhz) return undefined;
  const ghz = Number(mhz[1]) / 1000;
  const model = /^model name\s*:\s*(.+)$/m.exec(text)?.[1].trim() ?? 'CPU';
  return { flops: flopsPerCycle * ghz * 1e9, basis: `${model} at ${ghz.toFixed(2)} GHz (/proc/cpuinfo) × ${flopsPerCycle} FP32 flop/cycle (FMA) = ${(flopsPerCycle * ghz).toFixed(1)} GFLOP/s per core` };
}

/**
 * The peak as measured (the native addon's register-only multiply-add chains, flops per CPU second), with the
 * clock it implies at `flopsPerCycle`, and /proc/cpuinfo's figure beside it; cpuinfo alone without the addon.
 */
export function measuredCpuPeak(measured: { flops: number; isa: string } | undefined, flopsPerCycle = 32, cpuinfo = '/proc/cpuinfo'): Peak | undefined {
  const nominal = cpuPeak(flopsPerCycle, cpuinfo);
  if (!measured || !(measured.flops > 0)) return nominal;
  const ghz = measured.flops / flopsPerCycle / 1e9;
  return {
    flops: measured.flops,
    basis: `measured ${(measured.flops / 1e9).toFixed(1)} GFLOP/s per core (${measured.isa} multiply-add chains on registers, per CPU-second) = ${flopsPerCycle} FP32 flop/cycle × ${ghz.toFixed(2)} GHz effective clock` +
      (nominal ? `; /proc/cpuinfo's clock would give ${(nominal.flops / 1e9).toFixed(1)}` : ''),
  };
}
