// In-memory shape of the Pirate Pain files: one typed array per column, subjects laid out one after another.

import { VALUE_COLUMNS } from './schema';

export interface SubjectSeries {
  /** sample_index of each subject, ascending, unique. */
  ids: Int32Array;
  /** Time steps per subject (160 in the real data). */
  steps: number;
  /**
   * One Float32Array per VALUE_COLUMNS name, length ids.length*steps, row = subjectIndex*steps + time.
   * Categoricals hold their code = index in CATEGORY_VALUES[col] (0 = 'two').
   */
  columns: Record<string, Float32Array>;
}

export interface SubjectLabels {
  ids: Int32Array;
  /** Index into LABELS. */
  y: Uint8Array;
}

export interface Dataset {
  dir: string;
  source: 'kaggle' | 'synthetic';
  train: SubjectSeries;
  /** Same id order as train.ids. */
  labels: SubjectLabels;
  test?: SubjectSeries;
}

/** The values of one column; throws on a name that is not a value column. */
export function column(s: SubjectSeries, name: string): Float32Array {
  const c = Object.prototype.hasOwnProperty.call(s.columns, name) ? s.columns[name] : undefined;
  if (!c) throw new Error(`unknown column "${name}" (value columns: ${VALUE_COLUMNS.join(', ')})`);
  return c;
}

/** Position of each id in `ids` (which must be ascending), or -1. */
export function indexOfId(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid];
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The subjects with the given sample_index values, in ascending id order (the subset keeps the sorted-ids
 * invariant). Throws on an id that is not in the series or that is given twice.
 */
export function subjectSlice(s: SubjectSeries, ids: ArrayLike<number>): SubjectSeries {
  const wanted = Int32Array.from(ids as ArrayLike<number>).sort();
  const pos = new Int32Array(wanted.length);
  for (let i = 0; i < wanted.length; i++) {
    if (i > 0 && wanted[i] === wanted[i - 1]) throw new Error(`subjectSlice: sample_index ${wanted[i]} given twice`);
    const p = indexOfId(s.ids, wanted[i]);
    if (p < 0) throw new Error(`subjectSlice: no subject with sample_index ${wanted[i]}`);
    pos[i] = p;
  }
  const steps = s.steps;
  const columns: Record<string, Float32Array> = {};
  for (const name of Object.keys(s.columns)) {
    const src = s.columns[name];
    const dst = new Float32Array(wanted.length * steps);
    for (let i = 0; i < pos.length; i++) dst.set(src.subarray(pos[i] * steps, (pos[i] + 1) * steps), i * steps);
    columns[name] = dst;
  }
  return { ids: wanted, steps, columns };
}

/**
 * The subject→label lookup, the one in the workspace: the labels of `ids` (sample_index values, any order, repeats
 * allowed, e.g. one per window) in the order given. `labels.ids` may be in any order. Throws on a subject without a
 * label, naming it; `where` says whose lookup failed (e.g. 'windows', 'features').
 */
export function labelsOf(labels: Pick<SubjectLabels, 'ids' | 'y'>, ids: ArrayLike<number>, where = 'labels'): Uint8Array {
  if (labels.ids.length !== labels.y.length) throw new Error(`${where}: ${labels.ids.length} subject ids but ${labels.y.length} labels`);
  const row = new Map<number, number>();
  for (let i = 0; i < labels.ids.length; i++) row.set(labels.ids[i], i);
  const out = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const p = row.get(ids[i]);
    if (p === undefined) throw new Error(`${where}: subject ${ids[i]} has no label`);
    out[i] = labels.y[p];
  }
  return out;
}
