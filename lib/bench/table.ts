// Markdown table of benchmark results. Rates are best over repeats (median shown too when repeated); ratios compare
// best against best, per CPU second, which on a machine shared with other work is steadier than wall time.
import type { BenchResult } from './engine';

export interface Row {
  model: string;
  backend: string;
  results: BenchResult[];
  /** PyTorch's results for the same model in the same run */
  torch?: BenchResult[];
  /** matrix-product flops per training window and one core's peak flops/s: adds a '% of peak' column */
  flopsPerWindow?: number;
  peakFlops?: number;
}

type Key = 'trainWps' | 'inferWps' | 'trainCpuWps' | 'inferCpuWps';

const best = (rs: BenchResult[], k: Key): number => Math.max(...rs.map((r) => r[k]));
function median(rs: BenchResult[], k: Key): number {
  const s = rs.map((r) => r[k]).sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const num = (v: number): string => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));

export function formatTable(rows: Row[]): string {
  const repeated = rows.some((r) => r.results.length > 1);
  const cell = (rs: BenchResult[], k: Key): string => (repeated ? `${num(best(rs, k))} / ${num(median(rs, k))}` : num(best(rs, k)));
  const ratio = (r: Row, k: Key): string => (r.torch ? `${(best(r.results, k) / best(r.torch, k)).toFixed(2)}×` : '–');
  const sfx = repeated ? ' (best / median)' : '';
  const withPeak = rows.some((r) => r.flopsPerWindow && r.peakFlops);
  // train flops per CPU second of the best repeat against one core's peak
  const peak = (r: Row): string => (r.flopsPerWindow && r.peakFlops
    ? `${((100 * best(r.results, 'trainCpuWps') * r.flopsPerWindow) / r.peakFlops).toFixed(0)} %` : '–');
  const head = ['model', 'backend', `train win/s${sfx}`, `train win/CPU-s${sfx}`, `infer win/s${sfx}`, `infer win/CPU-s${sfx}`,
    'train vs PyTorch (CPU-s)', 'infer vs PyTorch (CPU-s)', 'train vs PyTorch (wall)', ...(withPeak ? ['train % of peak'] : [])];
  const body = rows.map((r) => [
    r.model, r.backend,
    cell(r.results, 'trainWps'), cell(r.results, 'trainCpuWps'), cell(r.results, 'inferWps'), cell(r.results, 'inferCpuWps'),
    ratio(r, 'trainCpuWps'), ratio(r, 'inferCpuWps'), ratio(r, 'trainWps'), ...(withPeak ? [peak(r)] : []),
  ]);
  const all = [head, ...body];
  const w = head.map((_, c) => Math.max(...all.map((x) => x[c].length)));
  const line = (x: string[]): string => `| ${x.map((v, c) => (c < 2 ? v.padEnd(w[c]) : v.padStart(w[c]))).join(' | ')} |`;
  const rule = `|${w.map((x, c) => (c < 2 ? ` ${'-'.repeat(x)} ` : ` ${'-'.repeat(x - 1)}: `)).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}
