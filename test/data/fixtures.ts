// Tiny hand-made CSV files for the data tests, written to a fresh temporary folder.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERIES_COLUMNS } from '../../lib/data/schema';

export function tempDir(prefix = 'pp-data-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeText(dir: string, name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * The text of cell `col` for subject id at time t: surveys cycle 0,1,2; subject 1 is the one-legged pirate;
 * joint_k = id + t/10 + k/1000 written as a short decimal (joint_30 is 0.5 as in the real data).
 */
export function cellText(id: number, t: number, col: string): string {
  if (col === 'sample_index') return String(id);
  if (col === 'time') return String(t);
  if (col.startsWith('pain_survey_')) return String((id + t + Number(col.slice(-1))) % 3);
  if (col === 'n_legs') return id === 1 ? 'one+peg_leg' : 'two';
  if (col === 'n_hands') return id === 1 ? 'one+hook_hand' : 'two';
  if (col === 'n_eyes') return id === 1 ? 'one+eye_patch' : 'two';
  const k = Number(col.slice(6));
  if (k === 30) return '0.5';
  return (id + t / 10 + k / 1000).toFixed(3);
}

/** Rows of a series file: one per (id, t) in the given order, each a list of cell texts. */
export function seriesRows(order: Array<[number, number]>): string[][] {
  return order.map(([id, t]) => SERIES_COLUMNS.map((c) => cellText(id, t, c)));
}

/** Subject-major (id, t) pairs for the given ids and steps. */
export function grid(ids: number[], steps: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const id of ids) for (let t = 0; t < steps; t++) out.push([id, t]);
  return out;
}

export function toCsv(header: readonly string[], rows: string[][], eol = '\n'): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join(eol) + eol;
}

/** A valid series file text: subjects `ids`, `steps` steps each, subject-major. */
export function seriesCsv(ids: number[], steps: number): string {
  return toCsv(SERIES_COLUMNS, seriesRows(grid(ids, steps)));
}
