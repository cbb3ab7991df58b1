// Content hashes: canonical JSON (equal values give equal strings) and sha256 of bytes or files.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** JSON with object keys sorted at every level and no whitespace: equal configs give equal strings. */
export function canonicalJSON(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`canonicalJSON: ${v} has no JSON form`);
    return v === undefined ? 'null' : JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJSON(o[k])}`).join(',')}}`;
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

export const sha256File = (file: string): string => sha256(readFileSync(file));
