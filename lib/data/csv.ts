// A small CSV scanner over raw bytes: the files are ASCII numbers and a few known words, so scanning bytes and
// parsing numbers in place is several times faster than splitting strings, and allocates nothing per cell.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from './errors';

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** The bytes of a file, gunzipped when it starts with the gzip magic number (whatever its name). */
export function readFileBytes(file: string): Uint8Array {
  const raw = readFileSync(file);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (e) {
      throw new DataError(basename(file), undefined, undefined, `not a valid gzip file (${(e as Error).message})`);
    }
  }
  return raw;
}

/**
 * Walks a CSV file row by row. After next() returns true, cells [0, count) of the current row are described by
 * start/end byte offsets (quotes excluded); `line` is the row's 1-based physical line. Blank lines are skipped.
 */
export class CsvScanner {
  readonly bytes: Uint8Array;
  /** Name used in error messages. */
  readonly file: string;
  line = 0;
  count = 0;
  start: Int32Array;
  end: Int32Array;
  /** Cell i was quoted and contains doubled quotes, so its text needs unescaping. */
  private escaped: Uint8Array;
  private pos: number;
  private nextLine = 1;
  /** Column names for error messages, once the header has been read. */
  names: readonly string[] = [];

  constructor(bytes: Uint8Array, file: string) {
    this.bytes = bytes;
    this.file = file;
    // A UTF-8 byte order mark is not part of the first column's name.
    this.pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    this.start = new Int32Array(64);
    this.end = new Int32Array(64);
    this.escaped = new Uint8Array(64);
  }

  /** Number of physical lines up to the end of the file (a final newline does not start a new line). */
  static countLines(bytes: Uint8Array): number {
    let n = 0;
    for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) n++;
    if (bytes.length > 0 && bytes[bytes.length - 1] !== LF) n++;
    return n;
  }

  /** Advances to the next non-blank row; false at the end of the file. */
  next(): boolean {
    const b = this.bytes;
    const n = b.length;
    while (this.pos < n) {
      this.line = this.nextLine++;
      let p = this.pos;
      let count = 0;
      let quoted = false;
      for (;;) {
        if (count === this.start.length) this.grow();
        if (p < n && b[p] === QUOTE) {
          // Quoted cell: up to the closing quote; "" stands for one quote. Quoted newlines are not supported
          // because these files never have them and they would make line numbers in messages wrong.
          quoted = true;
          let q = p + 1;
          let esc = 0;
          for (;;) {
            if (q >= n || b[q] === LF || b[q] === CR) {
              throw new DataError(this.file, this.line, this.names[count], 'unterminated quoted cell');
            }
            if (b[q] === QUOTE) {
              if (q + 1 < n && b[q + 1] === QUOTE) {
                esc = 1;
                q += 2;
                continue;
              }
              break;
            }
            q++;
          }
          this.start[count] = p + 1;
          this.end[count] = q;
          this.escaped[count] = esc;
          count++;
          q++;
          if (q < n && b[q] === COMMA) {
            p = q + 1;
            continue;
          }
          if (q < n && b[q] === CR && q + 1 < n && b[q + 1] === LF) q++;
          if (q < n && b[q] !== LF && b[q] !== CR) {
            throw new DataError(this.file, this.line, this.names[count - 1], 'text after the closing quote of a cell');
          }
          p = q + 1;
          break;
        }
        let q = p;
        while (q < n) {
          const c = b[q];
          if (c === COMMA || c === LF || (c === CR && (q + 1 === n || b[q + 1] === LF))) break;
          q++;
        }
        this.start[count] = p;
        this.end[count] = q;
        this.escaped[count] = 0;
        count++;
        if (q < n && b[q] === COMMA) {
          p = q + 1;
          continue;
        }
        if (q < n && b[q] === CR) q++;
        p = q + 1;
        break;
      }
      this.pos = p;
      this.count = count;
      const blank = count === 1 && !quoted && this.end[0] === this.start[0];
      if (!blank) return true;
    }
    return false;
  }

  private grow(): void {
    const m = this.start.length * 2;
    const s = new Int32Array(m);
    s.set(this.start);
    const e = new Int32Array(m);
    e.set(this.end);
    const x = new Uint8Array(m);
    x.set(this.escaped);
    this.start = s;
    this.end = e;
    this.escaped = x;
  }

  /** The text of cell i (allocates; for headers, ids, labels and error messages). */
  text(i: number): string {
    let s = decode(this.bytes, this.start[i], this.end[i]);
    if (this.escaped[i]) s = s.replace(/""/g, '"');
    return s;
  }

  /** Cell i parsed as a decimal number; NaN when it is not one (including empty cells, "nan" and "inf"). */
  number(i: number): number {
    return parseDecimal(this.bytes, this.start[i], this.end[i]);
  }

  /** Whether cell i is exactly the given ASCII bytes. */
  equals(i: number, word: Uint8Array): boolean {
    const s = this.start[i];
    if (this.end[i] - s !== word.length) return false;
    const b = this.bytes;
    for (let k = 0; k < word.length; k++) if (b[s + k] !== word[k]) return false;
    return true;
  }

  isEmpty(i: number): boolean {
    return this.end[i] === this.start[i];
  }
}

export function asciiBytes(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

function decode(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');
}

const POW10 = Array.from({ length: 23 }, (_, k) => Number('1e' + k));
// Relative width of the band around a float32 rounding boundary in which the fast path's double (off by at most
// ~2^-48 relative when more than 15 digits were accumulated) might round differently from the exact decimal.
const GUARD_UP = 1 + 2 ** -45;
const GUARD_DOWN = 1 - 2 ** -45;

/**
 * Parses [s, e) of `b` as a decimal number (`-1.25`, `3`, `.5`, `1e-06`, `+2.`), returning NaN for anything else.
 * The result, rounded to float32, equals Math.fround(parseFloat(text)): up to 15 significant digits and exponents
 * within ±22 the double is exact (one correctly rounded division or product); longer mantissas are accumulated in
 * double and fall back to parseFloat only when the value lies too close to a float32 rounding boundary.
 */
export function parseDecimal(b: Uint8Array, s: number, e: number): number {
  let i = s;
  if (i >= e) return NaN;
  let neg = false;
  let c = b[i];
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let sig = 0; // significant digits accumulated (leading zeros excluded)
  let scale = 0; // power of ten to apply to mant
  let digits = 0;
  while (i < e && (c = b[i]) >= 48 && c <= 57) {
    if (mant !== 0 || c !== 48) {
      mant = mant * 10 + (c - 48);
      sig++;
    }
    digits++;
    i++;
  }
  if (i < e && b[i] === 46) {
    i++;
    while (i < e && (c = b[i]) >= 48 && c <= 57) {
      if (mant !== 0 || c !== 48) {
        mant = mant * 10 + (c - 48);
        sig++;
      }
      scale--;
      digits++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    let eneg = false;
    if (i < e && (b[i] === 45 || b[i] === 43)) {
      eneg = b[i] === 45;
      i++;
    }
    let ex = 0;
    let edigits = 0;
    while (i < e && (c = b[i]) >= 48 && c <= 57) {
      if (ex < 100000) ex = ex * 10 + (c - 48);
      edigits++;
      i++;
    }
    if (edigits === 0) return NaN;
    scale += eneg ? -ex : ex;
  }
  if (i !== e) return NaN;
  let v: number;
  if (mant === 0) {
    v = 0;
  } else if (scale >= -22 && scale <= 22 && sig <= 25) {
    v = scale < 0 ? mant / POW10[-scale] : mant * POW10[scale];
    if (sig > 15 && Math.fround(v * GUARD_UP) !== Math.fround(v * GUARD_DOWN)) v = slowParse(b, s, e);
    else if (neg) v = -v;
    return v;
  } else {
    return slowParse(b, s, e);
  }
  return neg ? -v : v;
}

function slowParse(b: Uint8Array, s: number, e: number): number {
  return parseFloat(decode(b, s, e));
}
