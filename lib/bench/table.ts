// Markdown table of benchmark results (ratios are best-vs-best against PyTorch in the same run).

export interface Row {
  model: string;
  backend: string;
  trainBest: number;
  trainMedian: number;
  inferBest: number;
  inferMedian: number;
  trainRatio?: number;
  inferRatio?: number;
}

const num = (v: number): string => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));
const ratio = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(2)}×`);

export function formatTable(rows: Row[], withMedian: boolean): string {
  const head = withMedian
    ? ['model', 'backend', 'train win/s (best / median)', 'infer win/s (best / median)', 'train vs PyTorch', 'infer vs PyTorch']
    : ['model', 'backend', 'train win/s', 'infer win/s', 'train vs PyTorch', 'infer vs PyTorch'];
  const body = rows.map((r) => [
    r.model, r.backend,
    withMedian ? `${num(r.trainBest)} / ${num(r.trainMedian)}` : num(r.trainBest),
    withMedian ? `${num(r.inferBest)} / ${num(r.inferMedian)}` : num(r.inferBest),
    r.backend === 'pytorch' ? '1.00×' : ratio(r.trainRatio),
    r.backend === 'pytorch' ? '1.00×' : ratio(r.inferRatio),
  ]);
  const all = [head, ...body];
  const w = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]): string => `| ${r.map((v, c) => (c < 2 ? v.padEnd(w[c]) : v.padStart(w[c]))).join(' | ')} |`;
  return [line(head), `|${w.map((x, c) => (c < 2 ? ` ${'-'.repeat(x)} ` : ` ${'-'.repeat(x - 1)}: `)).join('|')}|`, ...body.map(line)].join('\n');
}
