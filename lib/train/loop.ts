// The training loop: seeded shuffles, mini-batches copied into one reused buffer, AdamW/Adam, explicit penalties,
// early stopping on the validation subjects' macro-F1 (or on a separate inner split) with the best weights restored.
import { classificationReport } from '../evaluate/metrics';
import { argmaxRows, voteBySubject, type SubjectVote } from '../evaluate/vote';
import { labelsOf, type SubjectLabels } from '../data/series';
import { CHOICES, LIMITS, checkChoice, checkRange } from '../limits';
import { RecurrentClassifier } from '../nn/model';
import { classWeights, crossEntropy } from '../nn/loss';
import { Adam, AdamW } from '../nn/optim';
import { applyPenalties } from '../nn/penalties';
import { Rng } from '../nn/rng';
import type { ModelSpec } from '../nn/types';
import type { Windows } from '../windows/windows';
import { windowLabels } from '../windows/windows';
import { predictLogits } from './predict';
import type { EpochMetrics, Progress, TrainableModel, TrainConfig } from './types';

export interface TrainOptions<M extends TrainableModel = TrainableModel> {
  /** a new RecurrentClassifier seeded with config.seed, or an existing model (trained further in place) */
  spec?: ModelSpec;
  model?: M;
  train: { windows: Windows; y: Uint8Array };
  /** validation windows and their subjects' labels, scored every epoch; without stopOn they also choose the epoch */
  val?: { windows: Windows; labels: SubjectLabels };
  /**
   * early-stopping subjects kept apart from `val` (an inner split of the training subjects): when given, they alone
   * choose the epoch and the kept weights, and `val` is only scored, never consulted
   */
  stopOn?: { windows: Windows; labels: SubjectLabels };
  config: TrainConfig;
  classes?: number;
  onEpoch?: (m: EpochMetrics) => void | Promise<void>;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface TrainResult<M extends TrainableModel = TrainableModel> {
  model: M;
  history: EpochMetrics[];
  /** epoch whose weights the model holds (the best early-stopping epoch, or the last without one) */
  bestEpoch: number;
  /** training windows per second over all epochs (validation excluded) */
  windowsPerSecond: number;
  wallSeconds: number;
  /** class weights used by the criterion (all 1 for 'none') */
  weights: Float32Array;
  /**
   * the validation scoring of the epoch with the best validation macro-F1 (the first such epoch): what the report's
   * procedure would have kept, recorded so that its optimistic figure can be resampled like the kept one. Absent
   * without validation data.
   */
  bestOnValidation?: { epoch: number; logits: Float32Array; vote: SubjectVote };
}

/** How often the loop hands control back to the event loop so notebook output and signals get through. */
const YIELD_MS = 100;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The training options the loop accepts, against the limits the configs use (lib/limits.ts): a SettingError names
 * the key (`train.lr`). The config layer runs this on every trial before anything trains.
 */
export function checkTrainConfig(c: Omit<TrainConfig, 'seed'>): void {
  const L = LIMITS.train;
  checkRange('train.epochs', c.epochs, L.epochs);
  checkRange('train.batchSize', c.batchSize, L.batchSize);
  if (c.maxWindowsPerEpoch !== undefined) checkRange('train.maxWindowsPerEpoch', c.maxWindowsPerEpoch, L.maxWindowsPerEpoch);
  checkRange('train.patience', c.patience, L.patience);
  checkRange('train.lr', c.lr, L.lr);
  checkRange('train.weightDecay', c.weightDecay, L.weightDecay);
  checkRange('train.l1', c.l1, L.l1);
  checkRange('train.l2', c.l2, L.l2);
  checkRange('train.labelSmoothing', c.labelSmoothing, L.labelSmoothing);
  checkChoice('train.optimizer', c.optimizer, CHOICES.optimizer);
  checkChoice('train.classWeights', c.classWeights, CHOICES.classWeights);
}

/** Counts of each class among the training windows. */
export function classCounts(y: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return counts;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('training aborted');
}

/** Scores the validation subjects: window-level loss, subject-level accuracy and macro-F1. */
export function evaluateSubjects(model: Pick<TrainableModel, 'forward'>, val: { windows: Windows; labels: SubjectLabels },
  o: { batchSize: number; classes: number; weights?: Float32Array; labelSmoothing?: number }) {
  const logits = predictLogits(model, val.windows, o.batchSize);
  const yWin = windowLabels(val.windows, val.labels);
  const loss = val.windows.n > 0
    ? crossEntropy(logits, yWin, val.windows.n, o.classes, { weights: o.weights, labelSmoothing: o.labelSmoothing }).loss
    : NaN;
  const vote = voteBySubject(val.windows.subject, logits, o.classes);
  const truth = labelsOf(val.labels, vote.ids, 'validation');
  const report = classificationReport(truth, vote.y, o.classes);
  return { loss, report, vote, logits };
}

/**
 * Trains for up to config.epochs epochs. Each epoch shuffles the training windows with a generator seeded from
 * config.seed (so the same seed gives the same history), optionally keeps the first maxWindowsPerEpoch of them,
 * and steps the optimizer once per batch. With early-stopping data (stopOn, else val), an epoch improves when its
 * subject-level macro-F1 rises, or stays equal while its loss falls; training stops after `patience` epochs without
 * improvement and the best epoch's weights are restored.
 */
export async function trainModel<M extends TrainableModel = RecurrentClassifier>(o: TrainOptions<M>): Promise<TrainResult<M>> {
  const { config: c, train, val, stopOn, signal } = o;
  checkTrainConfig(c);
  const classes = o.classes ?? o.spec?.classes ?? 3;
  const model = (o.model ?? (o.spec ? new RecurrentClassifier(o.spec, { seed: c.seed }) : undefined)) as M | undefined;
  if (!model) throw new Error('trainModel: give a model spec or a model');
  const w = train.windows;
  if (train.y.length !== w.n) throw new Error(`trainModel: ${w.n} training windows but ${train.y.length} labels`);
  if (w.n === 0) throw new Error('trainModel: no training windows');
  const per = w.size * w.features;
  const counts = classCounts(train.y, classes);
  const weights = c.classWeights === 'inverse-log' ? classWeights(counts) : new Float32Array(classes).fill(1);
  const optimizer = c.optimizer === 'adam'
    ? new Adam(model.params, { lr: c.lr, weightDecay: c.weightDecay })
    : new AdamW(model.params, { lr: c.lr, weightDecay: c.weightDecay });

  const rng = new Rng(c.seed);
  const order = new Int32Array(w.n);
  const perEpoch = Math.min(w.n, c.maxWindowsPerEpoch ?? w.n);
  const batches = Math.ceil(perEpoch / c.batchSize);
  const xb = new Float32Array(c.batchSize * per);
  const yb = new Uint8Array(c.batchSize);
  const predicted = new Uint8Array(perEpoch);
  const truth = new Uint8Array(perEpoch);

  const history: EpochMetrics[] = [];
  let best: { epoch: number; f1: number; loss: number; weights: Float32Array[] } | undefined;
  let bestOnValidation: (NonNullable<TrainResult['bestOnValidation']> & { f1: number }) | undefined;
  let sinceBest = 0;
  let trainSeconds = 0;
  let trainWindows = 0;
  const started = performance.now();
  let lastYield = started;

  for (let epoch = 0; epoch < c.epochs; epoch++) {
    throwIfAborted(signal);
    for (let i = 0; i < w.n; i++) order[i] = i;
    rng.shuffle(order);
    model.reseedDropout(rng.int(0x7fffffff));
    const epochStart = performance.now();
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      const b0 = b * c.batchSize;
      const nb = Math.min(c.batchSize, perEpoch - b0);
      for (let i = 0; i < nb; i++) {
        const k = order[b0 + i];
        xb.set(w.x.subarray(k * per, (k + 1) * per), i * per);
        yb[i] = train.y[k];
      }
      const x = nb === c.batchSize ? xb : xb.subarray(0, nb * per);
      const y = nb === c.batchSize ? yb : yb.subarray(0, nb);
      model.zeroGrad();
      const logits = model.forward(x, nb, w.size, true);
      const pred = argmaxRows(logits, classes);
      predicted.set(pred, b0);
      truth.set(y, b0);
      const { loss, dLogits } = crossEntropy(logits, y, nb, classes, { weights, labelSmoothing: c.labelSmoothing });
      if (!Number.isFinite(loss)) throw new Error(`trainModel: loss is ${loss} at epoch ${epoch} batch ${b} (learning rate ${c.lr} too high?)`);
      model.backward(dLogits);
      applyPenalties(model.params, { l1: c.l1, l2: c.l2 });
      optimizer.step();
      lossSum += loss * nb;

      const now = performance.now();
      if (now - lastYield >= YIELD_MS || b === batches - 1) {
        if (o.onProgress) {
          const done = b0 + nb;
          const rate = done / ((now - epochStart) / 1000);
          const epochEta = (perEpoch - done) / rate;
          o.onProgress({
            epoch, epochs: c.epochs, batch: b + 1, batches, windows: done, epochWindows: perEpoch, windowsPerSecond: rate,
            epochEta, eta: epochEta + ((c.epochs - epoch - 1) * perEpoch) / rate, loss: lossSum / done,
          });
        }
        await yieldToEventLoop();
        throwIfAborted(signal);
        lastYield = performance.now();
      }
    }
    const seconds = (performance.now() - epochStart) / 1000;
    trainSeconds += seconds;
    trainWindows += perEpoch;
    const trainReport = classificationReport(truth, predicted, classes);
    const m: EpochMetrics = {
      epoch,
      trainLoss: lossSum / perEpoch,
      penalty: c.l1 > 0 || c.l2 > 0 ? penaltyOf(model, c) : 0,
      trainAccuracy: trainReport.accuracy,
      trainMacroF1: trainReport.macroF1,
      windowsPerSecond: perEpoch / seconds,
      seconds,
    };
    let stop = false;
    const scoring = { batchSize: Math.max(c.batchSize, 256), classes, weights, labelSmoothing: c.labelSmoothing };
    let judge: { f1: number; loss: number } | undefined;
    if (stopOn) {
      const s = evaluateSubjects(model, stopOn, scoring);
      m.innerLoss = s.loss;
      m.innerAccuracy = s.report.accuracy;
      m.innerMacroF1 = s.report.macroF1;
      judge = { f1: s.report.macroF1, loss: s.loss };
    }
    if (val) {
      const v = evaluateSubjects(model, val, scoring);
      m.valLoss = v.loss;
      m.valAccuracy = v.report.accuracy;
      m.valMacroF1 = v.report.macroF1;
      m.valPredicted = Array.from(v.vote.y);
      // strictly greater: the first epoch reaching the maximum, as optimisticMacroF1 reads the history
      if (!bestOnValidation || v.report.macroF1 > bestOnValidation.f1) bestOnValidation = { epoch, f1: v.report.macroF1, logits: v.logits, vote: v.vote };
      if (!stopOn) judge = { f1: v.report.macroF1, loss: v.loss };
    }
    if (judge) {
      const better = !best || judge.f1 > best.f1 || (judge.f1 === best.f1 && judge.loss < best.loss);
      if (better) {
        best = { epoch, f1: judge.f1, loss: judge.loss, weights: model.params.map((p) => p.data.slice()) };
        sinceBest = 0;
      } else if (++sinceBest >= c.patience) {
        stop = true;
      }
    }
    history.push(m);
    if (o.onEpoch) await o.onEpoch(m);
    if (stop) break;
  }
  if (best) model.params.forEach((p, i) => p.data.set(best!.weights[i]));
  return {
    model,
    history,
    bestEpoch: best ? best.epoch : history.length - 1,
    windowsPerSecond: trainWindows / trainSeconds,
    wallSeconds: (performance.now() - started) / 1000,
    weights,
    ...(bestOnValidation ? { bestOnValidation: { epoch: bestOnValidation.epoch, logits: bestOnValidation.logits, vote: bestOnValidation.vote } } : {}),
  };
}

/** l1·Σ|w| + l2·Σw², the amount applyPenalties adds to the loss, without touching gradients. */
function penaltyOf(model: TrainableModel, c: TrainConfig): number {
  let abs = 0;
  let sq = 0;
  for (const p of model.params) {
    for (let i = 0; i < p.data.length; i++) {
      abs += Math.abs(p.data[i]);
      sq += p.data[i] * p.data[i];
    }
  }
  return c.l1 * abs + c.l2 * sq;
}
