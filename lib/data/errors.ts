// One error type for every problem found in a data file, so callers can print it without a stack trace.

/**
 * A problem in a data file. The message reads `file:line:column: what` (line is the 1-based physical line, the
 * header being line 1; column is a column name), leaving out the parts that do not apply.
 */
export class DataError extends Error {
  /** The file's name as shown in the message (its base name). */
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
  /** What is wrong, without the location prefix. */
  readonly what: string;

  constructor(file: string, line: number | undefined, column: string | undefined, what: string) {
    super(formatLocation(file, line, column) + ': ' + what);
    this.name = 'DataError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.what = what;
  }
}

function formatLocation(file: string, line?: number, column?: string): string {
  let s = file;
  if (line !== undefined) s += ':' + line;
  if (column !== undefined) s += ':' + column;
  return s;
}

export function isDataError(e: unknown): e is DataError {
  return e instanceof DataError;
}
