// The subset of nbformat 4 that the runner and the exporter read and write.
import { readFileSync } from 'node:fs';

export type MultilineString = string | string[];

export interface StreamOutput { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineString }
export interface DisplayDataOutput {
  output_type: 'display_data';
  data: Record<string, MultilineString>;
  metadata: Record<string, unknown>;
}
export interface ExecuteResultOutput {
  output_type: 'execute_result';
  execution_count: number | null;
  data: Record<string, MultilineString>;
  metadata: Record<string, unknown>;
}
export interface ErrorOutput { output_type: 'error'; ename: string; evalue: string; traceback: string[] }
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: 'code';
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs: Output[];
  execution_count: number | null;
}
export interface MarkdownCell { cell_type: 'markdown'; id?: string; source: MultilineString; metadata: Record<string, unknown> }
export interface RawCell { cell_type: 'raw'; id?: string; source: MultilineString; metadata: Record<string, unknown> }
export type Cell = CodeCell | MarkdownCell | RawCell;

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: {
    kernelspec?: { name: string; display_name: string; language?: string };
    language_info?: { name: string; [k: string]: unknown };
    [k: string]: unknown;
  };
  cells: Cell[];
}

/** The kernelspec every notebook of this project declares. */
export const TSLAB_KERNELSPEC = { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } as const;

export const joinSource = (s: MultilineString): string => (Array.isArray(s) ? s.join('') : s);

/** Splits text the way Jupyter stores it: lines keep their '\n', the last one may lack it. */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

/** Parses and checks a notebook file; errors name the file and what is wrong. */
export function parseNotebook(text: string, file: string): Notebook {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (typeof nb !== 'object' || nb === null || Array.isArray(nb)) fail('not a notebook object');
  const o = nb as Record<string, unknown>;
  if (o.nbformat !== 4) fail(`nbformat is ${JSON.stringify(o.nbformat)}, expected 4`);
  if (!Array.isArray(o.cells)) fail('cells is not an array');
  if (typeof o.metadata !== 'object' || o.metadata === null) fail('metadata is missing');
  (o.cells as unknown[]).forEach((c, i) => {
    const cell = c as Record<string, unknown>;
    const type = cell?.cell_type;
    if (type !== 'code' && type !== 'markdown' && type !== 'raw') fail(`cells[${i}].cell_type is ${JSON.stringify(type)}`);
    const src = cell.source;
    if (typeof src !== 'string' && !(Array.isArray(src) && src.every((l) => typeof l === 'string'))) {
      fail(`cells[${i}].source is not a string or list of strings`);
    }
    if (type === 'code' && !Array.isArray(cell.outputs)) fail(`cells[${i}].outputs is not an array`);
  });
  return nb as Notebook;
}

export const readNotebook = (file: string): Notebook => parseNotebook(readFileSync(file, 'utf8'), file);

/** Jupyter's own layout: one-space indent, sorted keys are not required, trailing newline. */
export const serializeNotebook = (nb: Notebook): string => JSON.stringify(nb, null, 1) + '\n';

export const codeCells = (nb: Notebook): CodeCell[] => nb.cells.filter((c): c is CodeCell => c.cell_type === 'code');

/** The first non-blank line of a cell, for messages. */
export function firstLine(source: MultilineString): string {
  const line = joinSource(source).split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 80 ? line.slice(0, 77) + '...' : line;
}

/** Title of a notebook: its first markdown heading, else the fallback. */
export function notebookTitle(nb: Notebook, fallback: string): string {
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'markdown') continue;
    const m = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/m.exec(joinSource(cell.source));
    if (m) return m[1].replace(/[*_`]/g, '');
  }
  return fallback;
}
