// The notebook kernel process: one per notebook (a fresh process, like a fresh Jupyter kernel), started by
// run-notebook.ts with the notebook's folder as working directory. It runs the cells on tslab's own converter and
// executor — the same code a tslab Jupyter kernel runs — and reports outputs over IPC. No Python, no zeromq.
//
// tslab 1.0.22 bug worth knowing when reading failures: object shorthand `{ w }` naming a variable declared in an
// EARLIER cell throws "ReferenceError: w is not defined" at run time; `{ w: w }` works. Notebooks avoid it.
import { existsSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import type { Converter } from 'tslab/dist/converter';
import type { Executor } from 'tslab/dist/executor';
import { projectRoot } from '../paths';
import type { CellFailure, KernelEvent, RunRequest } from './protocol';

interface DisplayData { data: Record<string, unknown>; metadata?: Record<string, unknown>; transient?: { display_id?: string } }
interface JupyterModule { lastWriteDisplayData: ((d: DisplayData, update: boolean) => void) | null }

const send = (e: KernelEvent): void => {
  process.send?.(e);
};

/** Stack lines that belong to the notebook or lib, not to vm/tslab/the runner. */
function stackHead(err: Error): string[] {
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const out: string[] = [];
  for (const f of frames) {
    if (/node:vm|tslab[\\/]dist[\\/]|lib[\\/]report[\\/]kernel/.test(f)) break;
    if (/\(node:internal|at node:internal/.test(f)) continue;
    out.push(f.trim());
    if (out.length === 6) break;
  }
  return out;
}

function describeThrow(e: unknown, kind: CellFailure['kind']): CellFailure {
  if (e instanceof Error) {
    // Multi-line messages (e.g. Node's "Require stack:") keep their first line as the message.
    const [first, ...rest] = e.message.split('\n');
    return { kind, ename: e.name, message: `${e.name}: ${first}`, detail: [...rest.filter((l) => l.trim() !== ''), ...stackHead(e)] };
  }
  return { kind, ename: 'Error', message: `thrown value: ${inspect(e, { depth: 2 })}`, detail: [] };
}

/** Hints for two tslab pitfalls whose raw messages are baffling. */
function tslabHints(f: CellFailure, source: string): string[] {
  const ref = /^ReferenceError: (\w+) is not defined/.exec(f.message);
  if (ref && new RegExp(`[{,]\\s*${ref[1]}\\s*[,}]`).test(source)) {
    return [`hint: tslab cannot compile object shorthand for a variable of an earlier cell; write { ${ref[1]}: ${ref[1]} }`];
  }
  const mod = /^Error: Cannot find module '(\.{1,2}\/[^']+)'/.exec(f.message);
  if (mod && existsSync(join(process.cwd(), mod[1], 'index.ts'))) {
    return [`hint: tslab does not resolve a folder to its index.ts; import '${mod[1]}/index'`];
  }
  return [];
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const req = createRequire(join(projectRoot(), 'package.json'));
  const { createConverter } = req('tslab/dist/converter') as typeof import('tslab/dist/converter');
  const { createExecutor } = req('tslab/dist/executor') as typeof import('tslab/dist/executor');
  const jupyter = req('tslab/dist/jupyter') as JupyterModule;

  let cell = 0; // 1-based index of the code cell being run; outputs arriving later still go to it
  let executorErrors: unknown[][] = [];
  let uncaught: unknown[] = [];

  // Everything a cell writes (console.*, process.stdout.write, late async output) becomes a stream event, in order.
  const capture = (name: 'stdout' | 'stderr') => (chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text) send({ type: 'stream', cell, name, text });
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') done();
    return true;
  };
  process.stdout.write = capture('stdout') as typeof process.stdout.write;
  process.stderr.write = capture('stderr') as typeof process.stderr.write;

  // tslab's `display.*` writes through this process-wide hook (set by its Jupyter handler in a real kernel).
  jupyter.lastWriteDisplayData = (d, update) => {
    const data: Record<string, string> = {};
    for (const [mime, v] of Object.entries(d.data)) data[mime] = typeof v === 'string' ? v : JSON.stringify(v);
    send({ type: 'display', cell, data, metadata: d.metadata ?? {}, displayId: d.transient?.display_id, update });
  };
  process.on('uncaughtException', (e) => uncaught.push(e));
  process.on('unhandledRejection', (e) => uncaught.push(e));

  const converter: Converter = createConverter({ isJS: false, isBrowser: false });
  // createExecutor wants a converter set: `node` is used for normal cells; close() is called by executor.close().
  const executor: Executor = createExecutor(process.cwd(), {
    node: converter,
    browser: converter, // `//%browser` cells are not used by this project
    close: () => converter.close(),
  }, {
    log: (...a: unknown[]) => process.stdout.write(format(...a) + '\n'),
    // Only failures reach here: diagnostics as ("%s%d:%d - %s", file, line, col, text) or the thrown value.
    error: (...a: unknown[]) => {
      executorErrors.push(a);
    },
  });
  send({ type: 'ready', ms: Date.now() - t0 });

  const request = await new Promise<RunRequest>((resolve) => process.once('message', (m) => resolve(m as RunRequest)));
  for (let i = 0; i < request.cells.length; i++) {
    cell = i + 1;
    executorErrors = [];
    uncaught = [];
    send({ type: 'cell-start', cell });
    const start = Date.now();
    const ok = await executor.execute(request.cells[i]);
    // Let already-queued callbacks (stream writes, rejections of unawaited promises) land in this cell.
    await new Promise((r) => setImmediate(r));
    let failure: CellFailure | undefined;
    if (!ok) {
      const diags = executorErrors.filter((a) => a[0] === '%s%d:%d - %s').map((a) => format(...a));
      if (diags.length > 0) {
        failure = { kind: 'compile', ename: 'CompileError', message: diags.join('; '), detail: diags };
      } else if (executorErrors.length > 0) {
        failure = describeThrow(executorErrors[0][0], 'runtime');
      } else {
        failure = { kind: 'runtime', ename: 'Error', message: 'cell failed without a message', detail: [] };
      }
    } else if (uncaught.length > 0) {
      failure = describeThrow(uncaught[0], 'uncaught');
    }
    if (failure) failure.detail.push(...tslabHints(failure, request.cells[i]));
    send({ type: 'cell-end', cell, ok: !failure, ms: Date.now() - start, failure });
    if (failure) break;
  }
  executor.close();
  process.send?.({ type: 'finished' } satisfies KernelEvent, () => process.exit(0));
}

main().catch((e: unknown) => {
  // A failure of the kernel itself (not of a cell): written straight to fd 2, past the capture, for the parent.
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
  writeSync(2, `notebook kernel failed: ${text}\n`);
  process.exit(70);
});
