import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readLabels, readSeries } from '../../lib/data/read';
import { DataError } from '../../lib/data/errors';
import { SERIES_COLUMNS, VALUE_COLUMNS } from '../../lib/data/schema';
import { cellText, grid, seriesCsv, seriesRows, tempDir, toCsv, writeText } from './fixtures';

const dir = tempDir();
const FILE = 'pirate_pain_train.csv';

/** Writes text as FILE and returns the DataError message readSeries throws. */
function seriesError(text: string | Uint8Array): string {
  const path = writeText(dir, FILE, text);
  try {
    readSeries(path);
  } catch (e) {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected readSeries to throw');
}

function labelsError(text: string): string {
  const path = writeText(dir, 'pirate_pain_train_labels.csv', text);
  try {
    readLabels(path);
  } catch (e) {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected readLabels to throw');
}

/** Rows for ids 0..2 × 4 steps with one cell replaced (row index counted from the first data row). */
function withCell(row: number, col: string, text: string): string {
  const rows = seriesRows(grid([0, 1, 2], 4));
  rows[row][SERIES_COLUMNS.indexOf(col)] = text;
  return toCsv(SERIES_COLUMNS, rows);
}

test('reads a small file into subject-major columns with the exact written values', () => {
  const s = readSeries(writeText(dir, FILE, seriesCsv([0, 1, 2], 4)));
  assert.deepEqual(Array.from(s.ids), [0, 1, 2]);
  assert.equal(s.steps, 4);
  assert.deepEqual(Object.keys(s.columns), [...VALUE_COLUMNS]);
  // joint_07 of subject 2 at time 3 is "2.307"
  assert.equal(s.columns.joint_07[2 * 4 + 3], Math.fround(2.307));
  assert.equal(s.columns.joint_00[0], 0);
  assert.equal(s.columns.joint_30[5], 0.5);
  assert.deepEqual(Array.from(s.columns.pain_survey_2.subarray(0, 4)), [2, 0, 1, 2]);
  assert.deepEqual(Array.from(s.columns.n_legs), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(s.columns.n_eyes.subarray(4, 8)), [1, 1, 1, 1]);
  for (const col of VALUE_COLUMNS) {
    for (let id = 0; id < 3; id++) {
      for (let t = 0; t < 4; t++) {
        const text = cellText(id, t, col);
        const want = col.startsWith('n_') ? (text === 'two' ? 0 : 1) : Math.fround(Number(text));
        assert.equal(s.columns[col][id * 4 + t], want, `${col} id ${id} t ${t}`);
      }
    }
  }
});

test('rows in any order give the same series, subjects sorted by id', () => {
  const ordered = readSeries(writeText(dir, FILE, seriesCsv([3, 7, 9], 5)));
  const pairs = grid([9, 3, 7], 5);
  // a fixed scramble: reverse, then interleave halves
  pairs.reverse();
  const scrambled = pairs.filter((_, i) => i % 2 === 0).concat(pairs.filter((_, i) => i % 2 === 1));
  const s = readSeries(writeText(dir, FILE, toCsv(SERIES_COLUMNS, seriesRows(scrambled))));
  assert.deepEqual(Array.from(s.ids), [3, 7, 9]);
  assert.deepEqual(s, ordered);
});

test('gzip, BOM, CRLF, a missing final newline and blank lines read the same', () => {
  const text = seriesCsv([0, 1], 3);
  const plain = readSeries(writeText(dir, FILE, text));
  assert.deepEqual(readSeries(writeText(dir, FILE + '.gz', gzipSync(Buffer.from(text)))), plain);
  const crlf = '\ufeff' + toCsv(SERIES_COLUMNS, seriesRows(grid([0, 1], 3)), '\r\n');
  assert.deepEqual(readSeries(writeText(dir, FILE, crlf)), plain);
  assert.deepEqual(readSeries(writeText(dir, FILE, text.trimEnd())), plain);
  assert.deepEqual(readSeries(writeText(dir, FILE, text.replace('\n', '\n\n') + '\r\n\n')), plain);
  assert.deepEqual(readSeries(writeText(dir, FILE + '.gz', gzipSync(Buffer.from(crlf)))), plain);
});

test('quoted cells are read like plain ones', () => {
  const rows = seriesRows(grid([0], 2)).map((r) => r.map((c) => `"${c}"`));
  const s = readSeries(writeText(dir, FILE, toCsv(SERIES_COLUMNS.map((c) => `"${c}"`), rows)));
  assert.deepEqual(s, readSeries(writeText(dir, FILE, seriesCsv([0], 2))));
});

test('empty file and header-only file', () => {
  assert.match(seriesError(''), /^pirate_pain_train\.csv:1: empty file \(expected the header sample_index,time,/);
  assert.match(seriesError('\ufeff\n\n'), /^pirate_pain_train\.csv:1: empty file/);
  assert.equal(seriesError(SERIES_COLUMNS.join(',') + '\n'), 'pirate_pain_train.csv:2: no data rows after the header');
});

test('header problems name the column', () => {
  const rows = seriesRows(grid([0], 2));
  assert.match(seriesError(toCsv(SERIES_COLUMNS.slice(0, -1), rows.map((r) => r.slice(0, -1)))),
    /^pirate_pain_train\.csv:1:joint_30: missing column "joint_30" \(the header has 39 columns, expected 40/);
  assert.match(seriesError(toCsv([...SERIES_COLUMNS, 'extra'], rows.map((r) => [...r, '1']))),
    /^pirate_pain_train\.csv:1:extra: unexpected column "extra" after "joint_30"/);
  const misnamed = SERIES_COLUMNS.map((c) => (c === 'joint_07' ? 'joint_7' : c));
  assert.equal(seriesError(toCsv(misnamed, rows)), 'pirate_pain_train.csv:1:joint_07: column 17 is "joint_7", expected "joint_07"');
  const swapped = [...SERIES_COLUMNS];
  swapped[2] = 'pain_survey_2';
  swapped[3] = 'pain_survey_1';
  assert.equal(seriesError(toCsv(swapped, rows)),
    'pirate_pain_train.csv:1:pain_survey_1: column 3 is "pain_survey_2", expected "pain_survey_1" ("pain_survey_2" belongs at column 4)');
});

test('rows with the wrong number of cells', () => {
  const rows = seriesRows(grid([0, 1, 2], 4));
  rows[3] = rows[3].slice(0, -1);
  assert.equal(seriesError(toCsv(SERIES_COLUMNS, rows)), 'pirate_pain_train.csv:5:joint_30: missing cell: the row has 39 cells, the header 40');
  const extra = seriesRows(grid([0, 1, 2], 4));
  extra[6].push('0.1');
  assert.equal(seriesError(toCsv(SERIES_COLUMNS, extra)), 'pirate_pain_train.csv:8: the row has 41 cells, the header 40');
});

test('bad numbers in joint columns', () => {
  assert.equal(seriesError(withCell(2, 'joint_07', 'abc')), 'pirate_pain_train.csv:4:joint_07: not a number: "abc"');
  assert.equal(seriesError(withCell(5, 'joint_12', '')), 'pirate_pain_train.csv:7:joint_12: empty cell');
  assert.equal(seriesError(withCell(0, 'joint_00', 'NaN')), 'pirate_pain_train.csv:2:joint_00: not a finite number: "NaN"');
  assert.equal(seriesError(withCell(1, 'joint_29', '-inf')), 'pirate_pain_train.csv:3:joint_29: not a finite number: "-inf"');
  assert.equal(seriesError(withCell(1, 'joint_29', '1e999')), 'pirate_pain_train.csv:3:joint_29: not a finite number: "1e999"');
  assert.equal(seriesError(withCell(11, 'joint_13', '1e39')), 'pirate_pain_train.csv:13:joint_13: number outside the float32 range: "1e39"');
  assert.equal(seriesError(withCell(3, 'joint_01', '0.5.1')), 'pirate_pain_train.csv:5:joint_01: not a number: "0.5.1"');
  assert.equal(seriesError(withCell(3, 'joint_01', ' 0.5')), 'pirate_pain_train.csv:5:joint_01: not a number: " 0.5"');
  assert.equal(seriesError(withCell(3, 'joint_01', '1e')), 'pirate_pain_train.csv:5:joint_01: not a number: "1e"');
});

test('keys must be non-negative integers', () => {
  assert.equal(seriesError(withCell(4, 'sample_index', '1.5')), 'pirate_pain_train.csv:6:sample_index: sample_index must be a non-negative integer, found "1.5"');
  assert.equal(seriesError(withCell(4, 'sample_index', 'x')), 'pirate_pain_train.csv:6:sample_index: sample_index must be a non-negative integer, found "x"');
  assert.equal(seriesError(withCell(4, 'time', '-1')), 'pirate_pain_train.csv:6:time: time must be a non-negative integer, found "-1"');
  assert.equal(seriesError(withCell(4, 'time', '')), 'pirate_pain_train.csv:6:time: empty cell');
});

test('surveys and categoricals must come from their value sets', () => {
  assert.equal(seriesError(withCell(9, 'pain_survey_3', '3')), 'pirate_pain_train.csv:11:pain_survey_3: pain survey value must be 0, 1 or 2, found "3"');
  assert.equal(seriesError(withCell(9, 'pain_survey_3', '1.5')), 'pirate_pain_train.csv:11:pain_survey_3: pain survey value must be 0, 1 or 2, found "1.5"');
  assert.equal(seriesError(withCell(9, 'pain_survey_1', 'high')), 'pirate_pain_train.csv:11:pain_survey_1: not a number: "high"');
  assert.equal(seriesError(withCell(0, 'n_hands', 'three')), 'pirate_pain_train.csv:2:n_hands: unknown value "three" (expected two or one+hook_hand)');
  assert.equal(seriesError(withCell(0, 'n_legs', 'Two')), 'pirate_pain_train.csv:2:n_legs: unknown value "Two" (expected two or one+peg_leg)');
});

test('time must run 0..steps-1 once per subject, steps set by the first subject', () => {
  const rowsFor = (pairs: Array<[number, number]>): string => toCsv(SERIES_COLUMNS, seriesRows(pairs));
  // duplicate (subject, time): the second occurrence is reported
  const dup = grid([0, 1, 2], 4);
  dup[6] = [1, 1];
  assert.equal(seriesError(rowsFor(dup)), 'pirate_pain_train.csv:8:time: duplicate time 1 for sample_index 1 (also on line 7)');
  // gap: subject 1 jumps from time 1 to 3 (and still has 4 rows, or only 3)
  const gap = grid([0, 1, 2], 4);
  gap[6] = [1, 3];
  gap[7] = [1, 4];
  assert.equal(seriesError(rowsFor(gap)), 'pirate_pain_train.csv:8:time: time 2 missing for sample_index 1 (this row has time 3)');
  const gap2 = grid([0, 1, 2], 4);
  gap2[6] = [1, 3];
  gap2.splice(7, 1);
  assert.equal(seriesError(rowsFor(gap2)), 'pirate_pain_train.csv:8:time: time 2 missing for sample_index 1 (this row has time 3)');
  // a subject with fewer steps
  const short = grid([0, 1, 2], 4);
  short.splice(11, 1);
  assert.equal(seriesError(rowsFor(short)),
    'pirate_pain_train.csv:12:time: sample_index 2 has 3 steps, expected 4 like the first subject (sample_index 0): time 3..3 missing');
  // a subject with more steps
  const long = grid([0, 1, 2], 4);
  long.splice(8, 0, [1, 4]);
  assert.equal(seriesError(rowsFor(long)),
    'pirate_pain_train.csv:10:time: time 4 out of range for sample_index 1: subjects have 4 steps (0..3), as many as the first subject (sample_index 0)');
  // the first subject's own gap
  const first = grid([0, 1], 4);
  first[2] = [0, 5];
  assert.equal(seriesError(rowsFor(first)), 'pirate_pain_train.csv:5:time: time 2 missing for sample_index 0 (this row has time 3)');
  // time not starting at 0
  assert.equal(seriesError(rowsFor([[0, 1], [0, 2]])), 'pirate_pain_train.csv:2:time: time 0 missing for sample_index 0 (this row has time 1)');
});

test('an unterminated quote is reported', () => {
  const rows = seriesRows(grid([0], 2));
  rows[1][9] = '"0.5';
  assert.equal(seriesError(toCsv(SERIES_COLUMNS, rows)), 'pirate_pain_train.csv:3:joint_00: unterminated quoted cell');
});

test('labels: read sorted by id with zero-padded ids', () => {
  const l = readLabels(writeText(dir, 'labels.csv', 'sample_index,label\n002,high_pain\r\n000,no_pain\n001,low_pain\n'));
  assert.deepEqual(Array.from(l.ids), [0, 1, 2]);
  assert.deepEqual(Array.from(l.y), [0, 1, 2]);
});

test('labels: problems are reported with line and column', () => {
  assert.match(labelsError('sample_index,pain\n000,no_pain\n'), /^pirate_pain_train_labels\.csv:1:label: column 2 is "pain", expected "label"/);
  assert.equal(labelsError('sample_index,label\n000,no_pain\n001,mild\n'),
    'pirate_pain_train_labels.csv:3:label: unknown label "mild" (expected no_pain, low_pain, high_pain)');
  assert.equal(labelsError('sample_index,label\n000,no_pain\n001,low_pain\n000,high_pain\n'),
    'pirate_pain_train_labels.csv:4:sample_index: duplicate sample_index 0 (also on line 2)');
  assert.equal(labelsError('sample_index,label\n0a,no_pain\n'),
    'pirate_pain_train_labels.csv:2:sample_index: sample_index must be a non-negative integer, found "0a"');
  assert.equal(labelsError('sample_index,label\n000,no_pain,1\n'), 'pirate_pain_train_labels.csv:2: the row has 3 cells, the header 2');
  assert.equal(labelsError('sample_index,label\n000\n'), 'pirate_pain_train_labels.csv:2:label: missing cell: the row has 1 cells, the header 2');
  assert.equal(labelsError('sample_index,label\n'), 'pirate_pain_train_labels.csv:2: no data rows after the header');
  assert.match(labelsError(''), /^pirate_pain_train_labels\.csv:1: empty file/);
});
