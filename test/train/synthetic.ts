// Small synthetic windows with a planted signal, shared by the training tests.
import type { SubjectLabels } from '../../lib/data/series';
import { Rng } from '../../lib/nn/rng';
import type { Windows } from '../../lib/windows/windows';

/** `subjects` subjects (ids 100, 101, ...), classes cycling 0,1,2; `perSubject` windows each; feature c carries class c. */
export function plantedWindows(subjects: number, perSubject: number, o: { size?: number; features?: number; seed?: number; signal?: number } = {}):
  { windows: Windows; y: Uint8Array; labels: SubjectLabels } {
  const size = o.size ?? 8;
  const features = o.features ?? 3;
  const signal = o.signal ?? 1;
  const rng = new Rng(o.seed ?? 1);
  const n = subjects * perSubject;
  const x = new Float32Array(n * size * features);
  const subject = new Int32Array(n);
  const y = new Uint8Array(n);
  const ids = new Int32Array(subjects);
  const labelY = new Uint8Array(subjects);
  for (let s = 0; s < subjects; s++) {
    ids[s] = 100 + s;
    labelY[s] = s % 3;
    for (let k = 0; k < perSubject; k++) {
      const i = s * perSubject + k;
      subject[i] = ids[s];
      y[i] = labelY[s];
      for (let t = 0; t < size; t++) {
        for (let f = 0; f < features; f++) {
          x[(i * size + t) * features + f] = 0.5 * rng.normal() + (f === labelY[s] ? signal : 0);
        }
      }
    }
  }
  return { windows: { x, n, size, features, subject }, y, labels: { ids, y: labelY } };
}
