// Progress of a training run as text: one self-overwriting line on a terminal, periodic plain lines elsewhere
// (log files, CI, notebook cells, where a carriage return would not erase anything).
import type { Progress } from './types';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** `label epoch 3/100 [######------] 50% 1,234 win/s ETA 0:12 loss 0.5123` */
export function formatProgress(p: Progress, label = '', width = 20): string {
  const frac = p.epochWindows > 0 ? p.windows / p.epochWindows : 1;
  const filled = Math.round(frac * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const rate = Math.round(p.windowsPerSecond).toLocaleString('en-US');
  const head = label ? `${label} ` : '';
  return `${head}epoch ${p.epoch + 1}/${p.epochs} ${bar} ${String(Math.round(frac * 100)).padStart(3)}% ${rate} win/s ETA ${formatDuration(p.epochEta)} loss ${p.loss.toFixed(4)}`;
}

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/**
 * An onProgress callback that prints to `stream` (default stdout): on a TTY one line rewritten with \r, ended at
 * each epoch's end; otherwise a line every `everyMs` and at each epoch's end.
 */
export function progressPrinter(o: { label?: string; stream?: ProgressStream; everyMs?: number; now?: () => number } = {}): (p: Progress) => void {
  const stream = o.stream ?? process.stdout;
  const tty = !!stream.isTTY;
  const everyMs = o.everyMs ?? 10_000;
  const now = o.now ?? Date.now;
  let last = -Infinity;
  return (p) => {
    const end = p.windows >= p.epochWindows;
    const line = formatProgress(p, o.label);
    if (tty) {
      stream.write(`\r${line}\x1b[K${end ? '\n' : ''}`);
      return;
    }
    const t = now();
    if (end || t - last >= everyMs) {
      stream.write(`${line}\n`);
      last = t;
    }
  };
}
