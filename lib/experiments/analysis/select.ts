// The report's rule for picking a configuration out of a search: a high validation macro-F1, but not from a model
// whose training loss has collapsed (one that memorised its training windows). Trials below the loss floor are set
// aside; of the rest, the best mean validation macro-F1 wins.

/** What the rule reads of a run-table row (RunRow has it). */
export interface SelectableRow {
  hash: string;
  /** mean validation macro-F1 over the folds run */
  f1Mean: number;
  f1Std: number;
  /** mean over folds of the last epoch's training loss */
  trainLoss: number;
}

export interface SelectOptions {
  /** trials whose final training loss is below this are treated as collapsed */
  minTrainLoss: number;
}

export interface Selection<R> {
  /** the chosen trial (undefined when every trial is excluded) */
  best: R | undefined;
  /** trials that pass the loss floor, best first */
  eligible: R[];
  /** trials set aside (training loss below the floor, or no finite score), in input order */
  excluded: R[];
}

/**
 * Among trials whose final training loss is ≥ minTrainLoss, the one with the highest mean validation macro-F1;
 * ties go to the smaller spread over folds, then the higher training loss (further from collapse), then the hash.
 */
export function selectTrial<R extends SelectableRow>(rows: readonly R[], o: SelectOptions): Selection<R> {
  if (!(Number.isFinite(o.minTrainLoss) && o.minTrainLoss >= 0)) {
    throw new Error(`selectTrial: minTrainLoss must be a finite number ≥ 0, got ${o.minTrainLoss}`);
  }
  const eligible: R[] = [];
  const excluded: R[] = [];
  for (const r of rows) {
    const ok = Number.isFinite(r.f1Mean) && Number.isFinite(r.trainLoss) && r.trainLoss >= o.minTrainLoss;
    (ok ? eligible : excluded).push(r);
  }
  const std = (r: R): number => (Number.isFinite(r.f1Std) ? r.f1Std : Infinity);
  eligible.sort((a, b) => b.f1Mean - a.f1Mean || std(a) - std(b) || b.trainLoss - a.trainLoss || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  return { best: eligible[0], eligible, excluded };
}

/**
 * The lowest mean cross-entropy a model can reach with label smoothing ε over C classes (equal class weights): the
 * entropy of the smoothed target, reached by predicting exactly that target for every window. With ε = 0 it is 0,
 * the "collapse to zero"; with the report's ε = 0.1 and 3 classes it is ≈ 0.2911, so a collapsed model sits there.
 * (The inverse-log class weights are nearly equal for window counts in the thousands and move it very little.)
 */
export function smoothedLossFloor(labelSmoothing: number, classes: number): number {
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new Error(`smoothedLossFloor: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  if (!(Number.isInteger(classes) && classes >= 2)) throw new Error(`smoothedLossFloor: classes must be an integer ≥ 2, got ${classes}`);
  const on = 1 - labelSmoothing + labelSmoothing / classes;
  const off = labelSmoothing / classes;
  const h = (p: number): number => (p > 0 ? -p * Math.log(p) : 0);
  return h(on) + (classes - 1) * h(off);
}
