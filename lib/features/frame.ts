// The working table of the feature steps: named Float32Array columns over the rows of the chosen subjects
// (subject after subject, `steps` rows each).

export interface Frame {
  ids: Int32Array;
  steps: number;
  names: string[];
  columns: Float32Array[];
}

/** The column called `name`; throws naming the missing column. */
export function frameColumn(frame: Frame, name: string): Float32Array {
  const i = frame.names.indexOf(name);
  if (i < 0) throw new Error(`feature column "${name}" is not in the table (${frame.names.join(', ')})`);
  return frame.columns[i];
}
