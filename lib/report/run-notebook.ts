// Runs a notebook top to bottom in a fresh kernel process (kernel.ts) and returns the executed copy.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { projectRoot } from '../paths';
import {
  type CodeCell, type Notebook, type Output, codeCells, firstLine, joinSource, readNotebook, serializeNotebook, splitLines,
} from './notebook';
import type { CellFailure, KernelEvent } from './protocol';

export interface CellRun {
  /** 1-based index among the notebook's code cells. */
  cell: number;
  firstLine: string;
  seconds: number;
  ok: boolean;
}

export interface NotebookRun {
  /** File name without .ipynb, e.g. "01-profiling". */
  name: string;
  file: string;
  ok: boolean;
  /** Wall time including kernel start. */
  seconds: number;
  kernelStartSeconds: number;
  cells: CellRun[];
  /** The notebook with outputs and execution counts filled (up to and including a failed cell). */
  executed: Notebook;
  failure?: { cell: number; codeCells: number; firstLine: string } & CellFailure;
}

export type RunProgress =
  | { kind: 'kernel-ready'; seconds: number }
  | { kind: 'cell-start'; cell: number; of: number; firstLine: string }
  | { kind: 'cell-end'; cell: number; of: number; seconds: number; ok: boolean; firstLine: string }
  | { kind: 'output'; cell: number; output: Output };

export interface RunOptions {
  /** Extra environment for the kernel (merged over process.env). */
  env?: Record<string, string>;
  onProgress?: (p: RunProgress) => void;
  /** Kill the kernel when one cell runs longer than this (default 15 min). */
  cellTimeoutMs?: number;
  root?: string;
}

/** "01-profiling.ipynb: cell 3/12 `const x = f()` failed: 2:5 - Cannot find name 'y'." plus the stack head. */
export function describeFailure(run: NotebookRun): string {
  const f = run.failure;
  if (!f) return `${run.name}.ipynb: ok`;
  const head = `${basename(run.file)}: cell ${f.cell}/${f.codeCells} \`${f.firstLine}\` failed`;
  const lines = f.kind === 'compile' ? f.detail : [f.message, ...f.detail.map((d) => `    ${d}`)];
  return [head + (f.kind === 'compile' ? ' to compile:' : ':'), ...lines.map((l) => `  ${l}`)].join('\n');
}

/** Appends a stream chunk, merging with the previous output of the same stream as Jupyter does. */
function appendStream(outputs: Output[], name: 'stdout' | 'stderr', text: string): void {
  const last = outputs[outputs.length - 1];
  if (last && last.output_type === 'stream' && last.name === name) {
    last.text = joinSource(last.text) + text;
  } else {
    outputs.push({ output_type: 'stream', name, text });
  }
}

/** Normalises outputs to Jupyter's on-disk form (multi-line strings as line lists). */
function finishOutputs(outputs: Output[]): Output[] {
  return outputs.map((o) => {
    if (o.output_type === 'stream') return { ...o, text: splitLines(joinSource(o.text)) };
    if (o.output_type === 'display_data' || o.output_type === 'execute_result') {
      const data: Record<string, string | string[]> = {};
      for (const [mime, v] of Object.entries(o.data)) {
        // Binary payloads and large texts (a chart carrying plotly.js) stay one string; other text is split into lines.
        const text = joinSource(v);
        data[mime] = (mime.startsWith('image/') && mime !== 'image/svg+xml') || text.length > 100_000 ? text : splitLines(text);
      }
      return { ...o, data };
    }
    return o;
  });
}

/**
 * Executes every code cell of `file` in order, in a new Node process whose working directory is the notebook's
 * folder (tslab's rootDir rule). Resolves with the run, failed or not; it rejects only when the kernel cannot start.
 */
export function runNotebook(file: string, opts: RunOptions = {}): Promise<NotebookRun> {
  const path = resolve(file);
  const nb = readNotebook(path);
  const root = opts.root ?? projectRoot(dirname(path));
  const executed: Notebook = JSON.parse(JSON.stringify(nb));
  const cells: CodeCell[] = codeCells(executed);
  for (const c of cells) {
    c.outputs = [];
    c.execution_count = null;
  }
  const n = cells.length;
  const name = basename(path).replace(/\.ipynb$/, '');
  const run: NotebookRun = { name, file: path, ok: false, seconds: 0, kernelStartSeconds: 0, cells: [], executed };
  const started = Date.now();
  const progress = opts.onProgress ?? (() => {});
  const cellTimeoutMs = opts.cellTimeoutMs ?? 15 * 60_000;
  const outputsOf = (k: number): Output[] => cells[k - 1].outputs;
  const displays = new Map<string, { data: Record<string, string> }>();

  return new Promise<NotebookRun>((resolvePromise, reject) => {
    // A plain Node process (no --import tsx inherited): kernel-boot.cjs loads the kernel and drops tsx's hook.
    const child = fork(join(root, 'lib', 'report', 'kernel-boot.cjs'), [], {
      cwd: dirname(path),
      env: { ...process.env, ...opts.env },
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    child.stdout?.resume();
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    let current = 0;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const c of cells) c.outputs = finishOutputs(c.outputs);
      run.seconds = (Date.now() - started) / 1000;
      run.ok = !run.failure && run.cells.length === n && run.cells.every((c) => c.ok);
      resolvePromise(run);
    };
    const fail = (cell: number, failure: CellFailure): void => {
      const k = Math.max(1, cell);
      run.failure = { cell: k, codeCells: n, firstLine: n > 0 ? firstLine(cells[k - 1].source) : '', ...failure };
      if (n > 0) {
        const evalue = failure.message.startsWith(`${failure.ename}: `) ? failure.message.slice(failure.ename.length + 2) : failure.message;
        outputsOf(k).push({ output_type: 'error', ename: failure.ename, evalue, traceback: failure.detail });
      }
    };
    const armTimer = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        fail(current, { kind: 'runtime', ename: 'Timeout', message: `cell ran longer than ${cellTimeoutMs / 1000} s; kernel killed`, detail: [] });
        child.kill('SIGKILL');
      }, cellTimeoutMs);
    };

    child.on('message', (m: KernelEvent) => {
      switch (m.type) {
        case 'ready':
          run.kernelStartSeconds = m.ms / 1000;
          progress({ kind: 'kernel-ready', seconds: run.kernelStartSeconds });
          child.send({ type: 'run', cells: cells.map((c) => joinSource(c.source)) });
          break;
        case 'cell-start':
          current = m.cell;
          armTimer();
          progress({ kind: 'cell-start', cell: m.cell, of: n, firstLine: firstLine(cells[m.cell - 1].source) });
          break;
        case 'stream': {
          const outs = outputsOf(Math.max(1, m.cell));
          appendStream(outs, m.name, m.text);
          progress({ kind: 'output', cell: m.cell, output: { output_type: 'stream', name: m.name, text: m.text } });
          break;
        }
        case 'display': {
          const known = m.displayId ? displays.get(m.displayId) : undefined;
          if (m.update && known) {
            // update_display_data: replace the content of the output that carries this display id.
            for (const k of Object.keys(known.data)) delete known.data[k];
            Object.assign(known.data, m.data);
            break;
          }
          const out: Output = { output_type: 'display_data', data: { ...m.data }, metadata: m.metadata };
          if (m.displayId) displays.set(m.displayId, out as { data: Record<string, string> });
          outputsOf(Math.max(1, m.cell)).push(out);
          progress({ kind: 'output', cell: m.cell, output: out });
          break;
        }
        case 'cell-end': {
          const c = cells[m.cell - 1];
          c.execution_count = m.cell;
          // The kernel's own clock: the parent may see start and end late (e.g. busy parsing a large output).
          const seconds = m.ms / 1000;
          run.cells.push({ cell: m.cell, firstLine: firstLine(c.source), seconds, ok: m.ok });
          if (m.failure) fail(m.cell, m.failure);
          clearTimeout(timer);
          progress({ kind: 'cell-end', cell: m.cell, of: n, seconds, ok: m.ok, firstLine: firstLine(c.source) });
          break;
        }
        case 'finished':
          break;
      }
    });
    child.on('error', (e) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(new Error(`${basename(path)}: could not start the notebook kernel: ${e.message}`));
      }
    });
    child.on('close', (code, signal) => {
      if (!run.failure && run.cells.length < n) {
        // The kernel died mid-run (process.exit in a cell, out of memory, a native crash).
        const why = signal ? `signal ${signal}` : `exit code ${code}`;
        const tail = stderr.trim().split('\n').filter((l) => l !== '').slice(-8);
        fail(current, { kind: 'runtime', ename: 'KernelDied', message: `kernel process ended (${why}) before the notebook finished`, detail: tail });
      }
      finish();
    });
  });
}

/** Writes the executed copy to `<dir>/<name>.ipynb` and returns its path. */
export function writeExecuted(run: NotebookRun, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${run.name}.ipynb`);
  writeFileSync(out, serializeNotebook(run.executed));
  return out;
}
