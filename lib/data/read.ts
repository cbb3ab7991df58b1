// Reading and validating the Kaggle CSVs into SubjectSeries / SubjectLabels. Every problem becomes a DataError
// naming file, line and column; nothing is skipped or coerced silently.

import { basename } from 'node:path';
import { asciiBytes, CsvScanner, readFileBytes } from './csv';
import { DataError } from './errors';
import {
  CATEGORICAL_COLUMNS, CATEGORY_VALUES, LABELS, SERIES_COLUMNS, SURVEY_COLUMNS, VALUE_COLUMNS,
} from './schema';
import type { SubjectLabels, SubjectSeries } from './series';

/** A parsed series plus where each subject's rows are, for messages that point back into the file. */
export interface ParsedSeries {
  series: SubjectSeries;
  file: string;
  /** Per subject (same order as series.ids): the first physical line holding one of its rows. */
  firstLine: Int32Array;
}

export interface ParsedLabels {
  labels: SubjectLabels;
  file: string;
  /** Per label (same order as labels.ids): its physical line. */
  line: Int32Array;
}

export function readSeries(file: string): SubjectSeries {
  return parseSeries(readFileBytes(file), basename(file)).series;
}

export function readLabels(file: string): SubjectLabels {
  return parseLabels(readFileBytes(file), basename(file)).labels;
}

// Column kinds, as small ints for the hot loop.
const JOINT = 0;
const SURVEY = 1;
const CATEGORICAL = 2;

const NON_FINITE = /^[+-]?(inf|infinity|nan)$/i;

/** Parses the bytes of pirate_pain_train.csv / pirate_pain_test.csv; `file` is the name used in messages. */
export function parseSeries(bytes: Uint8Array, file: string): ParsedSeries {
  const sc = new CsvScanner(bytes, file);
  if (!sc.next()) throw new DataError(file, 1, undefined, `empty file (expected the header ${SERIES_COLUMNS.join(',')})`);
  checkHeader(sc, SERIES_COLUMNS);
  sc.names = SERIES_COLUMNS;

  const nValues = VALUE_COLUMNS.length;
  const maxRows = Math.max(0, CsvScanner.countLines(bytes) - 1);
  const values: Float32Array[] = VALUE_COLUMNS.map(() => new Float32Array(maxRows));
  const kinds: number[] = VALUE_COLUMNS.map((c) =>
    (SURVEY_COLUMNS as readonly string[]).includes(c) ? SURVEY
      : (CATEGORICAL_COLUMNS as readonly string[]).includes(c) ? CATEGORICAL : JOINT);
  const words: Uint8Array[][] = VALUE_COLUMNS.map((c) =>
    kinds[VALUE_COLUMNS.indexOf(c)] === CATEGORICAL
      ? CATEGORY_VALUES[c as keyof typeof CATEGORY_VALUES].map(asciiBytes) : []);
  const rowId = new Int32Array(maxRows);
  const rowTime = new Int32Array(maxRows);
  const rowLine = new Int32Array(maxRows);
  const nCells = SERIES_COLUMNS.length;

  let rows = 0;
  while (sc.next()) {
    if (sc.count !== nCells) cellCountError(sc, nCells);
    rowId[rows] = intCell(sc, 0, 'sample_index');
    rowTime[rows] = intCell(sc, 1, 'time');
    rowLine[rows] = sc.line;
    for (let j = 0; j < nValues; j++) {
      const cell = j + 2;
      const kind = kinds[j];
      let v: number;
      if (kind === CATEGORICAL) {
        const w = words[j];
        v = sc.equals(cell, w[0]) ? 0 : sc.equals(cell, w[1]) ? 1 : -1;
        if (v < 0) {
          throw new DataError(file, sc.line, VALUE_COLUMNS[j],
            `unknown value "${sc.text(cell)}" (expected ${CATEGORY_VALUES[VALUE_COLUMNS[j] as keyof typeof CATEGORY_VALUES].join(' or ')})`);
        }
      } else {
        v = sc.number(cell);
        if (!(v - v === 0)) numberError(sc, cell); // NaN or ±Infinity
        if (kind === SURVEY) {
          if (v !== 0 && v !== 1 && v !== 2) {
            throw new DataError(file, sc.line, VALUE_COLUMNS[j], `pain survey value must be 0, 1 or 2, found "${sc.text(cell)}"`);
          }
        } else if (!Number.isFinite(Math.fround(v))) {
          throw new DataError(file, sc.line, VALUE_COLUMNS[j], `number outside the float32 range: "${sc.text(cell)}"`);
        }
      }
      values[j][rows] = v;
    }
    rows++;
  }
  if (rows === 0) throw new DataError(file, 2, undefined, 'no data rows after the header');

  const order = subjectOrder(file, rowId, rowTime, rowLine, rows);
  const columns: Record<string, Float32Array> = {};
  for (let j = 0; j < nValues; j++) {
    const src = values[j];
    let dst: Float32Array;
    if (order.perm === undefined) dst = rows === maxRows ? src : src.slice(0, rows);
    else {
      dst = new Float32Array(rows);
      const perm = order.perm;
      for (let r = 0; r < rows; r++) dst[r] = src[perm[r]];
    }
    columns[VALUE_COLUMNS[j]] = dst;
  }
  return { series: { ids: order.ids, steps: order.steps, columns }, file, firstLine: order.firstLine };
}

interface SubjectOrder {
  ids: Int32Array;
  steps: number;
  firstLine: Int32Array;
  /** Source row of each output row (subject-major, time ascending); undefined when the file is already in order. */
  perm?: Int32Array;
}

/**
 * Groups rows by subject and checks that every subject has times 0..steps-1 exactly once, where steps is the row
 * count of the first subject in the file.
 */
function subjectOrder(file: string, rowId: Int32Array, rowTime: Int32Array, rowLine: Int32Array, rows: number): SubjectOrder {
  // Subjects in order of first appearance.
  const rankOf = new Map<number, number>();
  const rowRank = new Int32Array(rows);
  const firstIds: number[] = [];
  let lastId = NaN;
  let lastRank = -1;
  for (let r = 0; r < rows; r++) {
    const id = rowId[r];
    if (id !== lastId) {
      let k = rankOf.get(id);
      if (k === undefined) {
        k = firstIds.length;
        rankOf.set(id, k);
        firstIds.push(id);
      }
      lastId = id;
      lastRank = k;
    }
    rowRank[r] = lastRank;
  }
  const nSubjects = firstIds.length;
  // Rows of each subject (counting sort by rank keeps file order within a subject).
  const offset = new Int32Array(nSubjects + 1);
  for (let r = 0; r < rows; r++) offset[rowRank[r] + 1]++;
  for (let k = 0; k < nSubjects; k++) offset[k + 1] += offset[k];
  const byRank = new Int32Array(rows);
  const fill = offset.slice(0, nSubjects);
  for (let r = 0; r < rows; r++) byRank[fill[rowRank[r]]++] = r;

  // Sort each subject's rows by time (stable insertion sort: rows usually arrive sorted), then check them.
  for (let k = 0; k < nSubjects; k++) {
    const a = offset[k];
    const b = offset[k + 1];
    for (let i = a + 1; i < b; i++) {
      const r = byRank[i];
      const t = rowTime[r];
      let j = i - 1;
      while (j >= a && rowTime[byRank[j]] > t) {
        byRank[j + 1] = byRank[j];
        j--;
      }
      byRank[j + 1] = r;
    }
    for (let i = a + 1; i < b; i++) {
      const prev = byRank[i - 1];
      const r = byRank[i];
      if (rowTime[r] === rowTime[prev]) {
        const [first, second] = rowLine[prev] < rowLine[r] ? [prev, r] : [r, prev];
        throw new DataError(file, rowLine[second], 'time',
          `duplicate time ${rowTime[r]} for sample_index ${rowId[r]} (also on line ${rowLine[first]})`);
      }
    }
  }
  const steps = offset[1] - offset[0];
  for (let k = 0; k < nSubjects; k++) {
    const a = offset[k];
    const n = offset[k + 1] - a;
    const id = firstIds[k];
    for (let i = 0; i < n; i++) {
      const r = byRank[a + i];
      const t = rowTime[r];
      if (t === i && i < steps) continue;
      if (t >= steps) {
        throw new DataError(file, rowLine[r], 'time',
          `time ${t} out of range for sample_index ${id}: subjects have ${steps} steps (0..${steps - 1}), as many as the first subject (sample_index ${firstIds[0]})`);
      }
      throw new DataError(file, rowLine[r], 'time', `time ${i} missing for sample_index ${id} (this row has time ${t})`);
    }
    if (n < steps) {
      let lastLine = 0;
      for (let i = 0; i < n; i++) lastLine = Math.max(lastLine, rowLine[byRank[a + i]]);
      throw new DataError(file, lastLine, 'time',
        `sample_index ${id} has ${n} steps, expected ${steps} like the first subject (sample_index ${firstIds[0]}): time ${n}..${steps - 1} missing`);
    }
  }

  // Subjects by ascending id.
  const ranksById = Array.from({ length: nSubjects }, (_, k) => k).sort((x, y) => firstIds[x] - firstIds[y]);
  const ids = new Int32Array(nSubjects);
  const firstLine = new Int32Array(nSubjects);
  const perm = new Int32Array(rows);
  let identity = true;
  for (let s = 0; s < nSubjects; s++) {
    const k = ranksById[s];
    ids[s] = firstIds[k];
    let minLine = Infinity;
    for (let i = 0; i < steps; i++) {
      const r = byRank[offset[k] + i];
      perm[s * steps + i] = r;
      if (r !== s * steps + i) identity = false;
      if (rowLine[r] < minLine) minLine = rowLine[r];
    }
    firstLine[s] = minLine;
  }
  return { ids, steps, firstLine, perm: identity ? undefined : perm };
}

/** Parses the bytes of pirate_pain_train_labels.csv (or a submission file); labels come back sorted by id. */
export function parseLabels(bytes: Uint8Array, file: string): ParsedLabels {
  const header = ['sample_index', 'label'];
  const sc = new CsvScanner(bytes, file);
  if (!sc.next()) throw new DataError(file, 1, undefined, `empty file (expected the header ${header.join(',')})`);
  checkHeader(sc, header);
  sc.names = header;
  const ids: number[] = [];
  const ys: number[] = [];
  const lines: number[] = [];
  const lineOf = new Map<number, number>();
  while (sc.next()) {
    if (sc.count !== header.length) cellCountError(sc, header.length);
    const id = intCell(sc, 0, 'sample_index');
    const seen = lineOf.get(id);
    if (seen !== undefined) throw new DataError(file, sc.line, 'sample_index', `duplicate sample_index ${id} (also on line ${seen})`);
    lineOf.set(id, sc.line);
    const text = sc.text(1);
    const y = (LABELS as readonly string[]).indexOf(text);
    if (y < 0) throw new DataError(file, sc.line, 'label', `unknown label "${text}" (expected ${LABELS.join(', ')})`);
    ids.push(id);
    ys.push(y);
    lines.push(sc.line);
  }
  if (ids.length === 0) throw new DataError(file, 2, undefined, 'no data rows after the header');
  const order = ids.map((_, i) => i).sort((a, b) => ids[a] - ids[b]);
  return {
    labels: { ids: Int32Array.from(order, (i) => ids[i]), y: Uint8Array.from(order, (i) => ys[i]) },
    file,
    line: Int32Array.from(order, (i) => lines[i]),
  };
}

function checkHeader(sc: CsvScanner, expected: readonly string[]): void {
  const n = Math.max(sc.count, expected.length);
  for (let i = 0; i < n; i++) {
    if (i >= sc.count) {
      throw new DataError(sc.file, sc.line, expected[i],
        `missing column "${expected[i]}" (the header has ${sc.count} columns, expected ${expected.length}: ${expected.join(',')})`);
    }
    const name = sc.text(i);
    if (i >= expected.length) {
      throw new DataError(sc.file, sc.line, name,
        `unexpected column "${name}" after "${expected[expected.length - 1]}" (expected ${expected.length} columns)`);
    }
    if (name !== expected[i]) {
      const elsewhere = expected.indexOf(name);
      const hint = elsewhere >= 0 ? ` ("${name}" belongs at column ${elsewhere + 1})` : '';
      throw new DataError(sc.file, sc.line, expected[i],
        `column ${i + 1} is "${name}", expected "${expected[i]}"${hint}`);
    }
  }
}

function cellCountError(sc: CsvScanner, expected: number): never {
  if (sc.count < expected) {
    throw new DataError(sc.file, sc.line, sc.names[sc.count],
      `missing cell: the row has ${sc.count} cells, the header ${expected}`);
  }
  throw new DataError(sc.file, sc.line, undefined, `the row has ${sc.count} cells, the header ${expected}`);
}

function numberError(sc: CsvScanner, cell: number): never {
  const text = sc.text(cell);
  const what = text === '' ? 'empty cell'
    : NON_FINITE.test(text) || Number.isFinite(parseFloat(text)) === false && /^[+-]?[0-9.]+(e[+-]?[0-9]+)?$/i.test(text)
      ? `not a finite number: "${text}"` : `not a number: "${text}"`;
  throw new DataError(sc.file, sc.line, sc.names[cell], what);
}

function intCell(sc: CsvScanner, cell: number, name: string): number {
  const v = sc.number(cell);
  if (Number.isInteger(v) && v >= 0 && v <= 0x7fffffff) return v;
  if (sc.isEmpty(cell)) throw new DataError(sc.file, sc.line, name, 'empty cell');
  throw new DataError(sc.file, sc.line, name, `${name} must be a non-negative integer, found "${sc.text(cell)}"`);
}
