// Sliding windows over each subject's feature series: the samples the recurrent models train on.
import type { FeatureSeries } from '../features/types';
import { labelsOf, type SubjectLabels } from '../data/series';
import { LIMITS, SettingError, checkRange } from '../limits';

/** Windows of all chosen subjects in one contiguous buffer x = [n][size][features]. */
export interface Windows {
  x: Float32Array;
  n: number;
  size: number;
  features: number;
  /** sample_index of the subject each window comes from */
  subject: Int32Array;
}

/** Window size and stride against the limits the configs use (lib/limits.ts); a SettingError names the key. */
export function checkWindow(size: number, stride: number): void {
  checkRange('window.size', size, LIMITS.window.size);
  checkRange('window.stride', stride, LIMITS.window.stride);
  // A stride longer than the window would skip steps and could leave a window made only of padding.
  if (stride > size) throw new SettingError('window.stride', `stride ${stride} is longer than the window size ${size}: steps would be skipped`);
}

/**
 * Windows per subject: n = max(1, ceil((steps - size) / stride) + 1). Window i covers steps
 * [i*stride, i*stride + size); positions ≥ steps are zeros, so the tail is always covered and a series shorter
 * than the window gives one zero-padded window.
 */
export function windowCount(steps: number, size: number, stride: number): number {
  checkWindow(size, stride);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps: expected an integer ≥ 1, got ${steps}`);
  return Math.max(1, Math.ceil((steps - size) / stride) + 1);
}

/** Windows of the given subjects (sample_index values, in that order) of a feature series. */
export function windowsOfSubjects(fs: FeatureSeries, ids: ArrayLike<number>, size: number, stride: number): Windows {
  const { steps, values } = fs;
  const features = fs.names.length;
  if (values.length !== fs.ids.length * steps * features) {
    throw new Error(`feature series: ${values.length} values, expected ${fs.ids.length} subjects × ${steps} steps × ${features} features`);
  }
  const perSubject = windowCount(steps, size, stride);
  const row = new Map<number, number>();
  fs.ids.forEach((id, i) => row.set(id, i));
  const n = ids.length * perSubject;
  const x = new Float32Array(n * size * features); // zero-filled: the padding
  const subject = new Int32Array(n);
  let w = 0;
  for (let s = 0; s < ids.length; s++) {
    const id = ids[s];
    const r = row.get(id);
    if (r === undefined) throw new Error(`windows: subject ${id} is not in the feature series`);
    const base = r * steps;
    for (let i = 0; i < perSubject; i++, w++) {
      const start = i * stride;
      const end = Math.min(start + size, steps);
      x.set(values.subarray((base + start) * features, (base + end) * features), w * size * features);
      subject[w] = id;
    }
  }
  return { x, n, size, features, subject };
}

/** Windows of every subject of a feature series, in its subject order. */
export function makeWindows(fs: FeatureSeries, size: number, stride: number): Windows {
  return windowsOfSubjects(fs, fs.ids, size, stride);
}

/** The class of each window: its subject's label. */
export function windowLabels(w: Windows, labels: SubjectLabels): Uint8Array {
  return labelsOf(labels, w.subject.subarray(0, w.n), 'windows');
}
