// Small hand-made series for the feature tests: six subjects, four steps, values chosen so that correlations,
// ranges and PCA can be worked out by hand (all exactly representable in float32).
import type { SubjectLabels, SubjectSeries } from '../../lib/data/series';
import { VALUE_COLUMNS } from '../../lib/data/schema';

export const IDS = [10, 11, 12, 13, 14, 15];
export const Y = [0, 0, 1, 1, 2, 2];
export const STEPS = 4;

export function makeSeries(ids: number[], steps: number, value: (name: string, s: number, t: number) => number): SubjectSeries {
  const columns: Record<string, Float32Array> = {};
  for (const name of VALUE_COLUMNS) {
    const c = new Float32Array(ids.length * steps);
    for (let s = 0; s < ids.length; s++) for (let t = 0; t < steps; t++) c[s * steps + t] = value(name, s, t);
    columns[name] = c;
  }
  return { ids: Int32Array.from(ids), steps, columns };
}

/**
 * joint_00 = class + t/8                       strongly tied to the class through its mean
 * joint_01 = 2·joint_00 + 1 ± 1/16             nearly collinear with joint_00 (a PCA group)
 * joint_02 = (s mod 3) + ((7t) mod 4)/4        mean weakly tied to the class (score √3/4)
 * joint_05 = ±1 by subject parity ± 1/2 by t   mean and spread unrelated to the class (score 0)
 * joint_06 = 3 ± (1 for class 2, else 1/4)     only its spread follows the class
 * joint_30 = 0.5, other joints 0               zero variance
 */
export function fixtureValue(name: string, s: number, t: number): number {
  const y = Y[s];
  switch (name) {
    case 'pain_survey_1':
      return (s + t) % 3;
    case 'pain_survey_2':
    case 'pain_survey_3':
    case 'pain_survey_4':
      return 2;
    case 'n_legs':
    case 'n_hands':
    case 'n_eyes':
      return s === 1 ? 1 : 0;
    case 'joint_00':
      return y + t / 8;
    case 'joint_01':
      return 2 * (y + t / 8) + 1 + (t % 2 ? 1 : -1) * (s % 2 ? 1 : -1) / 16;
    case 'joint_02':
      return (s % 3) + ((7 * t) % 4) / 4;
    case 'joint_05':
      return (s % 2 ? -1 : 1) + (t % 2 ? -0.5 : 0.5);
    case 'joint_06':
      return 3 + (t % 2 ? 1 : -1) * (y === 2 ? 1 : 0.25);
    case 'joint_30':
      return 0.5;
    default:
      return 0;
  }
}

export function fixture(): { series: SubjectSeries; labels: SubjectLabels } {
  return {
    series: makeSeries(IDS, STEPS, fixtureValue),
    labels: { ids: Int32Array.from(IDS), y: Uint8Array.from(Y) },
  };
}
