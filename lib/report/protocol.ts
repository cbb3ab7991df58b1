// Messages between the runner (parent) and the notebook kernel process (child), over Node's IPC channel.

/** Parent → child: the code cells to run, in order. The child stops at the first failure. */
export interface RunRequest { type: 'run'; cells: string[] }

export interface CellFailure {
  /** 'compile': TypeScript diagnostics; 'runtime': a throw or rejection; 'uncaught': an async error after the cell's
   *  own code returned (timers, unawaited promises). */
  kind: 'compile' | 'runtime' | 'uncaught';
  /** One line: the diagnostics joined, or `Name: message`. */
  message: string;
  ename: string;
  /** Diagnostics (`line:col - message`) or the error's first stack lines, cell-relevant frames only. */
  detail: string[];
}

export type KernelEvent =
  | { type: 'ready'; ms: number }
  | { type: 'cell-start'; cell: number }
  | { type: 'stream'; cell: number; name: 'stdout' | 'stderr'; text: string }
  | { type: 'display'; cell: number; data: Record<string, string>; metadata: Record<string, unknown>; displayId?: string; update: boolean }
  | { type: 'cell-end'; cell: number; ok: boolean; ms: number; failure?: CellFailure }
  | { type: 'finished' };
