// Step 1: from the data layer's columns to numeric model inputs. Categorical codes are already numbers
// (n_legs, n_hands, n_eyes are 0/1 and stay as they are); pain surveys are ordinal 0/1/2 and become one-hot.
import { column, type SubjectSeries } from '../data/series';
import { CATEGORICAL_COLUMNS, JOINT_COLUMNS, SURVEY_COLUMNS } from '../data/schema';
import type { Frame } from './frame';

export const SURVEY_LEVELS: readonly number[] = [0, 1, 2];

/** Feature name of one survey level: pain_survey_1=2. */
export function oneHotName(survey: string, level: number): string {
  return `${survey}=${level}`;
}

/** Encoded column names, in order: surveys (one-hot or raw), categoricals, joints. */
export function encodedNames(oneHotSurvey: boolean): string[] {
  const surveys = oneHotSurvey
    ? SURVEY_COLUMNS.flatMap((s) => SURVEY_LEVELS.map((v) => oneHotName(s, v)))
    : [...SURVEY_COLUMNS];
  return [...surveys, ...CATEGORICAL_COLUMNS, ...JOINT_COLUMNS];
}

/** Position of each wanted subject in the series; throws on an unknown or repeated id. */
export function subjectRows(s: SubjectSeries, ids: ArrayLike<number>): Int32Array {
  const at = new Map<number, number>();
  s.ids.forEach((id, i) => at.set(id, i));
  const seen = new Set<number>();
  const rows = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const r = at.get(ids[i]);
    if (r === undefined) throw new Error(`features: no subject with sample_index ${ids[i]} in the series`);
    if (seen.has(ids[i])) throw new Error(`features: sample_index ${ids[i]} given twice`);
    seen.add(ids[i]);
    rows[i] = r;
  }
  return rows;
}

/** The values of one source column for the chosen subjects, subject after subject. */
function gather(s: SubjectSeries, name: string, rows: Int32Array): Float32Array {
  const src = column(s, name);
  const steps = s.steps;
  if (src.length !== s.ids.length * steps) {
    throw new Error(`column ${name}: ${src.length} values, expected ${s.ids.length} subjects × ${steps} steps`);
  }
  const out = new Float32Array(rows.length * steps);
  for (let i = 0; i < rows.length; i++) out.set(src.subarray(rows[i] * steps, (rows[i] + 1) * steps), i * steps);
  return out;
}

/** Throws, naming subject and time, at the first value outside `allowed` (or non-finite when allowed is null). */
function check(name: string, v: Float32Array, ids: ArrayLike<number>, steps: number, allowed: readonly number[] | null): void {
  for (let r = 0; r < v.length; r++) {
    const x = v[r];
    const ok = allowed ? allowed.includes(x) : Number.isFinite(x);
    if (!ok) {
      const expected = allowed ? `one of ${allowed.join(', ')}` : 'a finite number';
      throw new Error(`column ${name}: sample_index ${ids[Math.floor(r / steps)]}, time ${r % steps}: value ${x} is not ${expected}`);
    }
  }
}

/** Encodes the chosen subjects (in the order given) into the frame the later steps work on. */
export function encodeSeries(s: SubjectSeries, ids: ArrayLike<number>, oneHotSurvey: boolean): Frame {
  const rows = subjectRows(s, ids);
  const steps = s.steps;
  const names: string[] = [];
  const columns: Float32Array[] = [];
  for (const survey of SURVEY_COLUMNS) {
    const v = gather(s, survey, rows);
    check(survey, v, ids, steps, SURVEY_LEVELS);
    if (!oneHotSurvey) {
      names.push(survey);
      columns.push(v);
      continue;
    }
    for (const level of SURVEY_LEVELS) {
      const hot = new Float32Array(v.length);
      for (let r = 0; r < v.length; r++) hot[r] = v[r] === level ? 1 : 0;
      names.push(oneHotName(survey, level));
      columns.push(hot);
    }
  }
  for (const cat of CATEGORICAL_COLUMNS) {
    const v = gather(s, cat, rows);
    check(cat, v, ids, steps, [0, 1]);
    names.push(cat);
    columns.push(v);
  }
  for (const joint of JOINT_COLUMNS) {
    const v = gather(s, joint, rows);
    check(joint, v, ids, steps, null);
    names.push(joint);
    columns.push(v);
  }
  return { ids: Int32Array.from(ids), steps, names, columns };
}
