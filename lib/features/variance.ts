// Step 2: a column that never changes over the training rows carries no information (joint_30 is 0.5 everywhere).
import type { Frame } from './frame';

export interface ConstantColumn {
  name: string;
  value: number;
}

/** Columns whose training values are all identical (max = min exactly), with that value. */
export function constantColumns(frame: Frame, names: readonly string[] = frame.names): ConstantColumn[] {
  const out: ConstantColumn[] = [];
  for (const name of names) {
    const v = frame.columns[frame.names.indexOf(name)];
    if (v.length === 0) continue;
    let min = v[0];
    let max = v[0];
    for (let r = 1; r < v.length; r++) {
      const x = v[r];
      if (x < min) min = x;
      else if (x > max) max = x;
    }
    if (min === max) out.push({ name, value: min });
  }
  return out;
}
