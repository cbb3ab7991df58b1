// A log for long experiments in notebooks: runExperiment reports every epoch's end of every trial, which under the
// full profile is thousands of lines in a cell's output. This passes every other line through and lets at most one
// progress line per trial through every `everySeconds`, so a running cell still shows that each trial is alive.

/** `[3/12] <hash> … epoch 5/20 [####----] 40% …`, as runExperiment prefixes the trials' progress lines. */
export const PROGRESS_LINE = /^\[(\d+)\/\d+\] .*\bepoch \d+\/\d+ \[[#-]*\]/;

/** `[queue] 3/12 fold tasks done, … ETA 1:23`: an experiment's state on the queue, one current line (queue-folds). */
export const STATUS_PREFIX = '[queue] ';

export function throttledLog(log: (line: string) => void, everySeconds: number, now: () => number = Date.now): (line: string) => void {
  if (!(everySeconds >= 0)) throw new Error(`throttledLog: everySeconds must be ≥ 0, got ${everySeconds}`);
  const last = new Map<string, number>();
  return (line) => {
    const m = PROGRESS_LINE.exec(line);
    const key = m ? m[1] : line.startsWith(STATUS_PREFIX) ? 'status' : undefined;
    if (key !== undefined) {
      const t = now();
      const prev = last.get(key);
      if (prev !== undefined && t - prev < everySeconds * 1000) return;
      last.set(key, t);
    }
    log(line);
  };
}
