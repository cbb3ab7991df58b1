// Writes the synthetic data set as Kaggle-format CSVs (same names, columns and number styles as the real files).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORICAL_COLUMNS, CATEGORY_VALUES, FILES, formatId, JOINT_COLUMNS, LABELS, SERIES_COLUMNS, SURVEY_COLUMNS } from './schema';
import type { SubjectLabels, SubjectSeries } from './series';
import { DEFAULT_SEED, SIMULATION_VERSION, simulateDataset, TEST_SUBJECTS, TRAIN_SUBJECTS } from './simulate';

export interface GenerateOptions {
  outDir: string;
  seed?: number;
  trainSubjects?: number;
  testSubjects?: number;
}

/** Hidden labels of the synthetic test subjects, for a Kaggle-like test score (no such file exists for real data). */
export const SYNTHETIC_TEST_LABELS = 'synthetic_test_labels.csv';
/** Marks a folder as synthetic and records how it was made. */
export const SYNTHETIC_MARKER = 'synthetic.json';

export interface SyntheticMarker {
  generator: 'pirate-pain-lab/simulate';
  version: number;
  seed: number;
  trainSubjects: number;
  testSubjects: number;
}

/**
 * Simulates a data set and writes pirate_pain_train.csv, pirate_pain_train_labels.csv, pirate_pain_test.csv,
 * sample_submission.csv, synthetic_test_labels.csv and synthetic.json into outDir (created if needed).
 * The same options give byte-identical files.
 */
export function generateDataset(o: GenerateOptions): { files: string[] } {
  const seed = o.seed ?? DEFAULT_SEED;
  const trainSubjects = o.trainSubjects ?? TRAIN_SUBJECTS;
  const testSubjects = o.testSubjects ?? TEST_SUBJECTS;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const d = simulateDataset({ seed, trainSubjects, testSubjects });
  mkdirSync(o.outDir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, data: Uint8Array | string): void => {
    const path = join(o.outDir, name);
    writeFileSync(path, data);
    files.push(path);
  };
  write(FILES.train, seriesCsv(d.train));
  write(FILES.labels, labelsCsv(d.labels));
  write(FILES.test, seriesCsv(d.test));
  write(FILES.sampleSubmission, labelsCsv({ ids: d.testLabels.ids, y: new Uint8Array(d.testLabels.ids.length) }));
  write(SYNTHETIC_TEST_LABELS, labelsCsv(d.testLabels));
  const marker: SyntheticMarker = { generator: 'pirate-pain-lab/simulate', version: SIMULATION_VERSION, seed, trainSubjects, testSubjects };
  write(SYNTHETIC_MARKER, JSON.stringify(marker, null, 2) + '\n');
  return { files };
}

/** `sample_index,label` with zero-padded ids, one line per subject in the given order. */
export function labelsCsv(l: SubjectLabels): string {
  let s = 'sample_index,label\n';
  for (let i = 0; i < l.ids.length; i++) s += formatId(l.ids[i]) + ',' + LABELS[l.y[i]] + '\n';
  return s;
}

/** The series file: plain integer ids and times, integer surveys, category words, joints as short decimals. */
export function seriesCsv(s: SubjectSeries): Uint8Array {
  const n = s.ids.length;
  const w = new ByteWriter(n * s.steps * 360 + 1024);
  w.ascii(SERIES_COLUMNS.join(',') + '\n');
  const surveys = SURVEY_COLUMNS.map((c) => s.columns[c]);
  const cats = CATEGORICAL_COLUMNS.map((c) => s.columns[c]);
  const catWords = CATEGORICAL_COLUMNS.map((c) => CATEGORY_VALUES[c].map((v) => Buffer.from(v, 'latin1')));
  const joints = JOINT_COLUMNS.map((c) => s.columns[c]);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < s.steps; t++) {
      const r = i * s.steps + t;
      w.int(s.ids[i]);
      w.byte(44);
      w.int(t);
      for (const c of surveys) {
        w.byte(44);
        w.int(c[r]);
      }
      for (let k = 0; k < cats.length; k++) {
        w.byte(44);
        w.bytes(catWords[k][cats[k][r]]);
      }
      for (const c of joints) {
        w.byte(44);
        w.decimal(c[r]);
      }
      w.byte(10);
    }
  }
  return w.result();
}

/** Appends ASCII into a growing byte buffer; numbers are written digit by digit without temporary strings. */
class ByteWriter {
  private buf: Uint8Array;
  private pos = 0;
  private readonly digits = new Uint8Array(24);

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  ascii(s: string): void {
    this.bytes(Buffer.from(s, 'latin1'));
  }

  /** A non-negative integer below 2^53. */
  int(v: number): void {
    this.ensure(20);
    if (v === 0) {
      this.buf[this.pos++] = 48;
      return;
    }
    let k = 0;
    while (v > 0) {
      const q = Math.floor(v / 10);
      this.digits[k++] = 48 + (v - q * 10);
      v = q;
    }
    while (k > 0) this.buf[this.pos++] = this.digits[--k];
  }

  /**
   * A number with 6 decimals (trailing zeros dropped) when |v| >= 1e-3, else 6 significant digits in Python's
   * exponent style (`1.23456e-06`), so the tiny heavy-tailed joints keep their precision.
   */
  decimal(v: number): void {
    this.ensure(24);
    if (v < 0) {
      this.buf[this.pos++] = 45;
      v = -v;
    }
    if (v === 0) {
      this.buf[this.pos++] = 48;
      return;
    }
    if (v >= 1e-3) {
      const scaled = Math.round(v * 1e6);
      const whole = Math.floor(scaled / 1e6);
      this.int(whole);
      this.fraction(scaled - whole * 1e6, 6);
      return;
    }
    let exp = -3;
    let m = v * 1e3; // scale to [1, 10)
    while (m < 1) {
      m *= 10;
      exp--;
    }
    let mant = Math.round(m * 1e5); // 6 significant digits
    if (mant >= 1e6) {
      mant = Math.round(mant / 10);
      exp++;
    }
    const lead = Math.floor(mant / 1e5);
    this.buf[this.pos++] = 48 + lead;
    this.fraction(mant - lead * 1e5, 5);
    this.buf[this.pos++] = 101; // e
    this.buf[this.pos++] = 45; // -
    if (-exp < 10) this.buf[this.pos++] = 48;
    this.int(-exp);
  }

  /** `.` and the `width` digits of frac with trailing zeros dropped (nothing when frac is 0). */
  private fraction(frac: number, width: number): void {
    if (frac === 0) return;
    while (frac % 10 === 0) {
      frac /= 10;
      width--;
    }
    this.buf[this.pos++] = 46;
    this.padded(frac, width);
  }

  private padded(v: number, width: number): void {
    for (let k = width - 1; k >= 0; k--) {
      const q = Math.floor(v / 10);
      this.digits[k] = 48 + (v - q * 10);
      v = q;
    }
    for (let k = 0; k < width; k++) this.buf[this.pos++] = this.digits[k];
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}
