// A fold model's model.json, read back: parsed with the file named in every error, its format and version checked.
// Recurrent (lib/train/persist.ts) and baseline (lib/baselines/model.ts) fold models share this header.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What every model.json starts with. */
export interface ModelFileHeader {
  format: string;
  version: number;
}

/** `<dir>/model.json` as T, after checking that it is `format`, version 1; errors name the file. */
export function readModelFile<T extends ModelFileHeader>(dir: string, format: string): { file: string; json: T } {
  const file = join(dir, 'model.json');
  let json: T;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  if (json.format !== format) throw new Error(`${file}: format: expected "${format}", got ${JSON.stringify(json.format)}`);
  if (json.version !== 1) throw new Error(`${file}: version: expected 1, got ${JSON.stringify(json.version)}`);
  return { file, json };
}
