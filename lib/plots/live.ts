// Live progress for long notebook cells. runExperiment reports the end of every epoch of every trial; printed as
// lines that is hundreds of lines per cell. Here they feed one display entry that tslab overwrites in place
// (Jupyter's update_display_data): the lines that matter stay, and each running trial keeps one current bar.
import * as tslab from 'tslab';
import * as jupyter from 'tslab/dist/jupyter';
import { PROGRESS_LINE, STATUS_PREFIX, throttledLog } from '../train/quiet-log';

/**
 * What the display shows: every non-progress line in order, the latest queue status line (tasks done, running per
 * worker, ETA), then the latest progress line of each trial (through a queue, each names its worker).
 */
export class ProgressBoard {
  private readonly lines: string[] = [];
  private readonly bars = new Map<string, string>();
  private status: string | undefined;

  /** Takes one log line; returns true when it was a progress line (a trial's bar or the queue's status). */
  add(line: string): boolean {
    if (line.startsWith(STATUS_PREFIX)) {
      this.status = line;
      return true;
    }
    const m = PROGRESS_LINE.exec(line);
    if (m) this.bars.set(m[1], line);
    else this.lines.push(line);
    return m !== null;
  }

  text(): string {
    const bars = [...this.bars.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map((e) => e[1]);
    return [...this.lines, ...(this.status ? [this.status] : []), ...bars].join('\n');
  }
}

export interface LiveLog {
  /** pass as runExperiment's `log` */
  readonly log: (line: string) => void;
  /** shows the final state (call when the experiment returns) */
  readonly close: () => void;
  readonly board: ProgressBoard;
}

export interface LiveLogOptions {
  /** least time between two redraws caused by progress lines (default 500 ms; other lines redraw at once) */
  everyMs?: number;
  now?: () => number;
  /** draws the board's text; `update` is false for the first draw (default: one tslab display entry) */
  render?: (text: string, update: boolean) => void;
}

/** True inside a tslab kernel (its display channel is connected). */
export const inKernel = (): boolean => jupyter.lastWriteDisplayData != null;

/**
 * A log that keeps one live display entry up to date inside a notebook kernel. Outside a kernel (CLI, tests) without
 * a `render`, it falls back to printing lines, with at most one progress line per trial every 30 s.
 */
export function liveLog(o: LiveLogOptions = {}): LiveLog {
  const board = new ProgressBoard();
  if (!o.render && !inKernel()) {
    const print = throttledLog((line) => console.log(line), 30);
    return { log: (line) => { board.add(line); print(line); }, close: () => {}, board };
  }
  const everyMs = o.everyMs ?? 500;
  const now = o.now ?? Date.now;
  let render = o.render;
  if (!render) {
    const display = tslab.newDisplay();
    render = (text) => display.text(text);
  }
  const draw = render;
  let drawn = false;
  let last = -Infinity;
  let pending = false;
  const redraw = (): void => {
    draw(board.text(), drawn);
    drawn = true;
    last = now();
    pending = false;
  };
  return {
    log: (line) => {
      const progress = board.add(line);
      if (!progress || now() - last >= everyMs) redraw();
      else pending = true;
    },
    close: () => {
      if (pending || !drawn) redraw();
    },
    board,
  };
}
