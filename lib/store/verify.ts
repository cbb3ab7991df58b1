// Integrity of stored results. Every artifact is recorded with its size and sha256 in the file that marks its fold
// or trial complete; that marker carries its own checksum ("sealed" JSON). Reading verifies all of it, and a
// failure is a DamageError naming the file and what is wrong with it.
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { readBytes } from './durable';
import { sha256 } from './hash';

export class DamageError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'DamageError';
  }
}

/** Content checks beyond the checksum: float32 arrays must be finite, JSON must parse. */
export type ArtifactCheck = 'f32-finite' | 'json' | 'jsonl';

export interface Artifact {
  /** relative to the fold (or trial) folder, '/'-separated */
  path: string;
  bytes: number;
  sha256: string;
  check?: ArtifactCheck;
}

/** Every number in `value` is finite (JSON.stringify would silently write NaN and ±Infinity as null). */
export function assertFiniteNumbers(value: unknown, what: string, path = ''): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DamageError(what, `${path || 'value'} is ${value} (non-finite)`);
  } else if (Array.isArray(value)) value.forEach((v, i) => assertFiniteNumbers(v, what, `${path}[${i}]`));
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const a = value as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (typeof a[i] === 'number' && !Number.isFinite(a[i])) throw new DamageError(what, `${path}[${i}] is ${a[i]} (non-finite)`);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertFiniteNumbers(v, what, path ? `${path}.${k}` : k);
  }
}

/** Runs an artifact's content check on its bytes; throws DamageError naming `file`. */
export function checkContent(file: string, bytes: Uint8Array, check: ArtifactCheck | undefined): void {
  if (check === 'f32-finite') {
    if (bytes.byteLength % 4 !== 0) throw new DamageError(file, `${bytes.byteLength} bytes is not a whole number of float32 values`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < bytes.byteLength; i += 4) {
      const v = view.getFloat32(i, true);
      if (!Number.isFinite(v)) throw new DamageError(file, `value ${i / 4} is ${v} (non-finite weights)`);
    }
  } else if (check === 'json' || check === 'jsonl') {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const lines = check === 'json' ? [text] : text.split('\n').filter((l) => l !== '');
    lines.forEach((line, i) => {
      try {
        JSON.parse(line);
      } catch (e) {
        throw new DamageError(file, `${check === 'jsonl' ? `line ${i + 1}: ` : ''}not valid JSON (${(e as Error).message})`);
      }
    });
  }
}

/** Records a file of `dir` as an artifact (size, sha256), after its content check. */
export function recordArtifact(dir: string, path: string, check?: ArtifactCheck): Artifact {
  const file = join(dir, path);
  const bytes = readBytes(file);
  checkContent(file, bytes, check);
  return { path, bytes: bytes.byteLength, sha256: sha256(bytes), ...(check ? { check } : {}) };
}

/** Verifies one recorded artifact under `dir`: present, same size, same sha256, content check. Returns the bytes. */
export function verifyArtifact(dir: string, a: Artifact): Buffer {
  const file = join(dir, a.path);
  let st;
  try {
    st = lstatSync(file);
  } catch {
    throw new DamageError(file, 'missing');
  }
  if (st.isSymbolicLink()) throw new DamageError(file, 'a symbolic link, not a file of the store; never followed');
  if (!st.isFile()) throw new DamageError(file, 'not a file');
  const bytes = readBytes(file);
  if (bytes.byteLength !== a.bytes || sha256(bytes) !== a.sha256) throw new DamageError(file, changeOf(bytes, a));
  checkContent(file, bytes, a.check);
  return bytes;
}

/**
 * What happened to a file whose bytes differ from the record, in honest words: shorter and no longer parsable as
 * what it was is 'truncated'; still parsable (or not JSON) means its content was changed, whatever its size.
 */
function changeOf(bytes: Buffer, a: Artifact): string {
  const size = bytes.byteLength === a.bytes ? `same size, ${a.bytes} bytes` : `${bytes.byteLength} bytes, ${a.bytes} recorded`;
  if (bytes.byteLength < a.bytes && (a.check === 'json' || a.check === 'jsonl')) {
    try {
      checkContent('', bytes, a.check);
    } catch {
      return `truncated: ${bytes.byteLength} of ${a.bytes} bytes (no longer valid JSON)`;
    }
  } else if (bytes.byteLength < a.bytes && a.check === undefined) return `truncated or edited: ${bytes.byteLength} of ${a.bytes} bytes`;
  else if (bytes.byteLength < a.bytes) return `truncated: ${bytes.byteLength} of ${a.bytes} bytes`;
  return `content changed: sha256 differs from the one recorded (${size})`;
}

/** JSON that carries its own checksum: the object plus "checksum" = sha256 of the JSON text without it. */
export function sealJSON(value: object): string {
  if ('checksum' in value) throw new Error('sealJSON: the value already has a checksum field');
  const body = JSON.stringify(value);
  return `${body.slice(0, -1)}${body.length > 2 ? ',' : ''}"checksum":"${sha256(body)}"}\n`;
}

/** Reads sealed JSON: a missing, truncated, unparsable or altered file is a DamageError naming it. */
export function readSealedJSON<T>(file: string): T & { checksum: string } {
  if (!existsSync(file)) throw new DamageError(file, 'missing');
  const text = readBytes(file).toString('utf8');
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    // a sealed file always ends with '}': one that stops elsewhere was cut short, one that does not was edited
    const why = text.length === 0 ? 'empty file' : !text.trimEnd().endsWith('}') ? `truncated: it ends mid-value; ${(e as Error).message}`
      : `edited or damaged: ${(e as Error).message}`;
    throw new DamageError(file, `not valid JSON (${why})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new DamageError(file, 'not a JSON object');
  const { checksum, ...rest } = parsed;
  if (typeof checksum !== 'string') throw new DamageError(file, 'no checksum field (written by an older version or by hand)');
  if (sha256(JSON.stringify(rest)) !== checksum) throw new DamageError(file, 'content changed: its checksum does not match');
  return parsed as T & { checksum: string };
}
