// Classification metrics over class indices. Conventions follow scikit-learn with zero_division=0: a class that is
// never predicted has precision 0, a class absent from the truth has recall 0, and an undefined F1 is 0 — never NaN.

/** Per-class scores; index = class. */
export interface ClassScores {
  precision: number[];
  recall: number[];
  f1: number[];
  /** number of true samples of each class */
  support: number[];
}

export interface ClassificationReport extends ClassScores {
  classes: number;
  /** confusion[t][p]: samples of true class t predicted as p */
  confusion: number[][];
  accuracy: number;
  /** unweighted mean of the per-class F1 over all `classes` classes */
  macroF1: number;
  /** per-class F1 weighted by support */
  weightedF1: number;
  n: number;
}

function checkPair(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number): void {
  if (!Number.isInteger(classes) || classes < 1) throw new Error(`classes: expected an integer ≥ 1, got ${classes}`);
  if (yTrue.length !== yPred.length) {
    throw new Error(`metrics: ${yTrue.length} true labels but ${yPred.length} predictions`);
  }
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!(Number.isInteger(t) && t >= 0 && t < classes)) throw new Error(`metrics: true label ${t} at ${i} is not a class 0..${classes - 1}`);
    if (!(Number.isInteger(p) && p >= 0 && p < classes)) throw new Error(`metrics: prediction ${p} at ${i} is not a class 0..${classes - 1}`);
  }
}

/** Confusion matrix, rows = true class, columns = predicted class. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number): number[][] {
  checkPair(yTrue, yPred, classes);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Precision, recall, F1 and support of each class from a confusion matrix. */
export function classScores(confusion: number[][]): ClassScores {
  const k = confusion.length;
  const out: ClassScores = { precision: [], recall: [], f1: [], support: [] };
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < k; j++) {
      predicted += confusion[j][c];
      actual += confusion[c][j];
    }
    const p = ratio(tp, predicted);
    const r = ratio(tp, actual);
    out.precision.push(p);
    out.recall.push(r);
    out.f1.push(ratio(2 * p * r, p + r));
    out.support.push(actual);
  }
  return out;
}

/** Everything at once: confusion, per-class scores, accuracy, macro and weighted F1. */
export function classificationReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number): ClassificationReport {
  const confusion = confusionMatrix(yTrue, yPred, classes);
  const scores = classScores(confusion);
  const n = yTrue.length;
  let correct = 0;
  for (let c = 0; c < classes; c++) correct += confusion[c][c];
  const macroF1 = scores.f1.reduce((a, b) => a + b, 0) / classes;
  const weightedF1 = ratio(scores.f1.reduce((a, f, c) => a + f * scores.support[c], 0), n);
  return { classes, confusion, ...scores, accuracy: ratio(correct, n), macroF1, weightedF1, n };
}

/**
 * Macro-averaged F1 over all `classes` classes (the challenge metric). A class present in neither truth nor
 * predictions still counts with F1 0, as sklearn does when it is named in `labels`.
 */
export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number): number {
  return classificationReport(yTrue, yPred, classes).macroF1;
}

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) throw new Error(`accuracy: ${yTrue.length} true labels but ${yPred.length} predictions`);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return ratio(correct, yTrue.length);
}

/** A fixed-width text table like sklearn's classification_report, for notebooks and logs. */
export function formatReport(r: ClassificationReport, names?: readonly string[]): string {
  const label = (c: number): string => (names && names[c] !== undefined ? names[c] : String(c));
  const width = Math.max(12, ...Array.from({ length: r.classes }, (_, c) => label(c).length));
  const f = (x: number): string => x.toFixed(4).padStart(10);
  const lines = [`${''.padEnd(width)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'f1'.padStart(10)}${'support'.padStart(10)}`];
  for (let c = 0; c < r.classes; c++) {
    lines.push(`${label(c).padEnd(width)}${f(r.precision[c])}${f(r.recall[c])}${f(r.f1[c])}${String(r.support[c]).padStart(10)}`);
  }
  lines.push(`${'accuracy'.padEnd(width)}${''.padStart(20)}${f(r.accuracy)}${String(r.n).padStart(10)}`);
  lines.push(`${'macro f1'.padEnd(width)}${''.padStart(20)}${f(r.macroF1)}${String(r.n).padStart(10)}`);
  return lines.join('\n');
}
