// The synthetic stand-in for the Pirate Pain data: same layout and marginal statistics as the real files
// (shared/data/pirate-pain/README.md). The real sensor files are not published, so how the class shows in them is
// unknown; every planted cue below stands on plain physical plausibility, and data/README.md ("Why the generator
// looks like this") gives one line of justification per cue. None is sized by how fast a model learns.
//
// Per subject, every joint group follows a latent signal = subject offset + slow drift; pain shows through
//  - tremor: a fast oscillation (period 4.5-6.5 steps) in joints 04-05 (half as strong in 06-07), amplitude rising
//    with pain (no-pain subjects keep a small physiological tremor);
//  - flare-ups: a few separate bursts of guarded movement (12-30 steps, period 8-14) shared by joints 00-03 and
//    06-07 (strongest in 02-03), more frequent and larger with pain;
//  - coordination: joint_11 follows joint_10 less closely with pain;
//  - posture and report: a level shift of joints 04-05 (guarding) and higher pain_survey answers with pain.
// Tremor and flare-ups average out to about zero over a subject, so subject means see only the last two cues.
// Subject-level nuisance (offsets, drift, noise level, tremor period and phase), overlapping per-class amplitudes,
// and 2% of subjects whose cues come from another class keep the task short of perfect, as on the real data.

import { CATEGORICAL_COLUMNS, JOINT_COLUMNS, LABELS, STEPS_PER_SUBJECT, SURVEY_COLUMNS, VALUE_COLUMNS } from './schema';
import { deriveSeed, Rng } from '../core/random';
import type { SubjectLabels, SubjectSeries } from './series';

export interface SimulateOptions {
  seed?: number;
  trainSubjects?: number;
  testSubjects?: number;
  steps?: number;
}

export interface SyntheticData {
  train: SubjectSeries;
  labels: SubjectLabels;
  test: SubjectSeries;
  /** The hidden labels of the test subjects (written to synthetic_test_labels.csv). */
  testLabels: SubjectLabels;
}

export const DEFAULT_SEED = 42;
export const TRAIN_SUBJECTS = 661;
export const TEST_SUBJECTS = 1324;
/** Class counts of the real training labels (no_pain, low_pain, high_pain). */
export const REAL_CLASS_COUNTS: readonly number[] = [511, 94, 56];
/** Subjects with one+peg_leg / one+hook_hand / one+eye_patch in the real training set. */
const REAL_PIRATES = 6;

/**
 * Bump when the simulation changes, so cached default data (data/synthetic) is regenerated.
 * 4: drawn from the shared lib/core/random Rng (its seeding differs from the former data-only generator's).
 * 5: episodes longer, slower, more frequent and class-scaled, shared by joints 00-03 and 06-07 (LSTMs learn early).
 * 6: episodes back to v1's rate, length and period (v5 had sized them so LSTMs learn fast: tuning the data to the
 *    model); offsets of joints 00-03 and 06-07 rebalanced so the published variances still hold.
 */
export const SIMULATION_VERSION = 6;

// ---- model constants (standardised units unless said otherwise) ----
/** Chance that a subject's cues are drawn from a different class than its label (overlap / label noise): the
 *  published scores on the real data stop short of 1 (the best teams just above 0.97). */
const CUE_SWAP = 0.02;
/** Mean survey latent per class (logit of P(value = 2)) and per-question offsets. */
const SURVEY_MU = [0.84, 1.74, 2.64];
const SURVEY_Q = [-0.03, 0.06, 0.06, 0.1];
/** Tremor amplitude (in sds of joints 04-05) per class, multiplied by a log-normal subject factor. */
const TREMOR = [0.05, 0.5, 1.0];
const TREMOR_SPREAD = 0.22;
/** Mean number of flare-ups per 160 steps, per class: a few separate episodes, more with more pain (the rates of
 *  generator v1, set before any model was trained; v5's 7 / 12, chosen so LSTMs learn fast, are gone). */
const EPISODES = [0.1, 2, 4];
/** Flare-up amplitude per class (in sds of joints 02-03), multiplied by a log-normal factor per episode. */
const EPISODE_AMP = [1.5, 2.0, 3.0];
/** How strongly each joint group (00-01, 02-03, ..., 10-11) carries the subject's episodes. */
const EPISODE_WEIGHT = [0.6, 1, 0, 0.8, 0, 0];
/** Between-subject offset sd and drift weight per joint group: smaller where flare-ups add variance, so the
 *  joints keep their published variances. Joints 04-05 carry the tremor: less spread between subjects, so few
 *  of them sit clipped at 0. */
const OFFSET_SD = [0.72, 0.71, 0.58, 0.7, 0.76, 0.76];
const DRIFT_WEIGHT = [0.62, 0.62, 0.78, 0.62, 0.62, 0.62];
/** How closely joint_11 follows joint_10's latent, per class. */
const COUPLING = [0.97, 0.85, 0.72];
/** Level shift of joints 04-05 per class. */
const LEVEL = [0, 0.55, 1.1];

interface Pair { joints: [number, number]; mean: [number, number]; sd: [number, number] }
// Means and sds of joints 00-03 and variances of 04-12 are the published ones; the other means are plausible.
const GROUPS: Pair[] = [
  { joints: [0, 1], mean: [0.943, 0.917], sd: [0.202, 0.198] },
  { joints: [2, 3], mean: [0.779, 0.768], sd: [0.296, 0.301] },
  { joints: [4, 5], mean: [0.72, 0.7], sd: [1.08 * Math.sqrt(0.1748), 1.08 * Math.sqrt(0.1696)] },
  { joints: [6, 7], mean: [0.86, 0.85], sd: [Math.sqrt(0.058), Math.sqrt(0.0566)] },
  { joints: [8, 9], mean: [0.93, 0.92], sd: [Math.sqrt(0.0326), Math.sqrt(0.0325)] },
  { joints: [10, 11], mean: [0.82, 0.8], sd: [Math.sqrt(0.0663), Math.sqrt(0.069)] },
];
const J12 = { mean: 0.96, sd: Math.sqrt(0.0123) };
const JOINT_MAX = 1.41;
/** Target variances of the heavy-tailed joints 13..25 (the published range, spread log-uniformly; 21 largest). */
const TINY_VAR = [1.7e-7, 4e-7, 9e-7, 2e-6, 3.5e-6, 5e-6, 8e-6, 1.2e-5, 2.5e-5, 1.6e-5, 6e-6, 2.5e-6, 1.1e-6];
/**
 * Joints 26..29 are max(0, mu + sigma z) with z ~ N(0, 1); mu and sigma solve the rectified-normal moments for
 * the means 0.012 / 0.03 / 0.045 / 0.06 and variances 3.6e-3 / 4.4e-3 / 5.5e-3 / 6.4e-3.
 */
const SMALL = [
  { mu: -0.59377, sigma: 0.3989 },
  { mu: -0.09822, sigma: 0.17081 },
  { mu: -0.02467, sigma: 0.14157 },
  { mu: 0.01793, sigma: 0.12666 },
];

/** Class counts for n subjects: the real 511/94/56 for 661, proportional (largest remainder) otherwise. */
export function classCounts(n: number): number[] {
  const total = REAL_CLASS_COUNTS.reduce((a, b) => a + b, 0);
  const exact = REAL_CLASS_COUNTS.map((c) => (c * n) / total);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => i).sort((a, b) => (exact[b] - counts[b]) - (exact[a] - counts[a]) || a - b);
  for (let k = 0, left = n - counts.reduce((a, b) => a + b, 0); k < left; k++) counts[order[k]]++;
  return counts;
}

export function simulateDataset(o: SimulateOptions = {}): SyntheticData {
  const seed = o.seed ?? DEFAULT_SEED;
  const steps = o.steps ?? STEPS_PER_SUBJECT;
  const train = simulateSplit(seed, 1, o.trainSubjects ?? TRAIN_SUBJECTS, steps);
  const test = simulateSplit(seed, 2, o.testSubjects ?? TEST_SUBJECTS, steps);
  return { train: train.series, labels: train.labels, test: test.series, testLabels: test.labels };
}

function simulateSplit(seed: number, split: number, n: number, steps: number): { series: SubjectSeries; labels: SubjectLabels } {
  if (!Number.isInteger(n) || n < 1) throw new Error(`number of subjects must be a positive integer, got ${n}`);
  if (!Number.isInteger(steps) || steps < 8) throw new Error(`steps must be an integer >= 8, got ${steps}`);
  const rng = new Rng(deriveSeed(seed, split));
  const counts = classCounts(n);
  const y = new Uint8Array(n);
  for (let i = 0, c = 0; c < counts.length; c++) for (let k = 0; k < counts[c]; k++) y[i++] = c;
  rng.shuffle(y);
  const pirate = new Uint8Array(n);
  const nPirates = Math.min(n, Math.round((n * REAL_PIRATES) / TRAIN_SUBJECTS));
  for (let k = 0; k < nPirates; k++) pirate[k] = 1;
  rng.shuffle(pirate);

  const columns: Record<string, Float32Array> = {};
  for (const c of VALUE_COLUMNS) columns[c] = new Float32Array(n * steps);
  const sim = new SubjectSimulator(steps);
  for (let s = 0; s < n; s++) sim.run(new Rng(deriveSeed(seed, split, s)), y[s], pirate[s] === 1, columns, s * steps);
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  return { series: { ids, steps, columns }, labels: { ids: ids.slice(), y } };
}

/** Per-subject simulation with reusable scratch buffers. */
class SubjectSimulator {
  private readonly T: number;
  private readonly burn = 64;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly lat: Float64Array;
  private readonly aux: Float64Array;
  private readonly episode: Float64Array;

  constructor(steps: number) {
    this.T = steps;
    this.a = new Float64Array(steps + this.burn);
    this.b = new Float64Array(steps + this.burn);
    this.lat = new Float64Array(steps);
    this.aux = new Float64Array(steps);
    this.episode = new Float64Array(steps);
  }

  run(rng: Rng, label: number, pirate: boolean, cols: Record<string, Float32Array>, at: number): void {
    const T = this.T;
    let cue = label;
    if (rng.next() < CUE_SWAP) cue = (label + 1 + rng.int(LABELS.length - 1)) % LABELS.length;

    // pain_survey_1..4: a sticky Markov chain around a subject-level distribution over {0, 1, 2}.
    const surveyBase = SURVEY_MU[cue] + 0.75 * rng.normal();
    for (let q = 0; q < SURVEY_COLUMNS.length; q++) {
      const p2 = 1 / (1 + Math.exp(-(surveyBase + SURVEY_Q[q] + 0.35 * rng.normal())));
      const p0 = (1 - p2) * (0.25 + 0.15 * rng.next());
      const col = cols[SURVEY_COLUMNS[q]];
      let state = drawSurvey(rng, p0, p2);
      for (let t = 0; t < T; t++) {
        if (t > 0 && rng.next() < 0.12) state = drawSurvey(rng, p0, p2);
        col[at + t] = state;
      }
    }
    for (const c of CATEGORICAL_COLUMNS) cols[c].fill(pirate ? 1 : 0, at, at + T);

    // Subject nuisance shared by the O(1) joints.
    const noise = 0.03 * Math.exp(0.15 * rng.normal());
    const tremorAmp = TREMOR[cue] * Math.exp(TREMOR_SPREAD * rng.normal());
    const tremorPeriod = rng.uniform(4.5, 6.5);
    const tremor = new Float64Array(T);
    this.oscillation(rng, tremorPeriod, 0.93, tremor);
    const episode = this.episode;
    episode.fill(0);
    this.episodes(rng, rng.poisson(EPISODES[cue]), EPISODE_AMP[cue], episode);

    for (let g = 0; g < GROUPS.length; g++) {
      const grp = GROUPS[g];
      const lat = this.lat;
      const offset = OFFSET_SD[g] * rng.normal();
      const driftWeight = DRIFT_WEIGHT[g];
      this.drift(rng, 0.9, lat);
      for (let t = 0; t < T; t++) lat[t] = offset + driftWeight * lat[t];
      const ew = EPISODE_WEIGHT[g];
      if (ew !== 0) for (let t = 0; t < T; t++) lat[t] += ew * episode[t];
      if (g === 2) for (let t = 0; t < T; t++) lat[t] += LEVEL[cue] + tremorAmp * tremor[t];
      if (g === 3) for (let t = 0; t < T; t++) lat[t] += 0.5 * tremorAmp * tremor[t];
      for (let k = 0; k < 2; k++) {
        const j = grp.joints[k];
        const col = cols[JOINT_COLUMNS[j]];
        const w = 0.93 + 0.1 * rng.next();
        // each joint adds a little drift of its own; joint_11 more so as the coupling weakens with pain
        let own = 0.25;
        let coupling = 1;
        if (g === 5 && k === 1) {
          coupling = Math.min(1, COUPLING[cue] + 0.04 * rng.normal());
          own = Math.sqrt(own * own + 1 - coupling * coupling);
        }
        this.drift(rng, 0.85, this.aux);
        for (let t = 0; t < T; t++) {
          const z = w * coupling * lat[t] + own * this.aux[t] + noise * rng.normal();
          col[at + t] = clip(grp.mean[k] + grp.sd[k] * z, 0, JOINT_MAX);
        }
      }
    }
    {
      // joint_12 partly follows the latent of joints 10-11 (still in this.lat after the last group).
      const mix = this.lat;
      const own = this.aux;
      this.drift(rng, 0.9, own);
      const offset = 0.7 * rng.normal();
      const col = cols[JOINT_COLUMNS[12]];
      for (let t = 0; t < T; t++) {
        const z = 0.5 * mix[t] + offset + 0.45 * own[t] + noise * rng.normal();
        col[at + t] = clip(J12.mean + J12.sd * z, 0, JOINT_MAX);
      }
    }

    // joints 13..25: near zero (~1e-6) with runs of larger values (~10% of steps) and rare large spikes.
    for (let k = 0; k < TINY_VAR.length; k++) {
      const col = cols[JOINT_COLUMNS[13 + k]];
      const activeFrac = 0.1;
      const scale = Math.sqrt(TINY_VAR[k] / (2 * activeFrac));
      let active = false;
      let level = 0;
      for (let t = 0; t < T; t++) {
        if (active) active = rng.next() < 0.82;
        else active = rng.next() < 0.02;
        if (active) level = scale * -Math.log(1 - rng.next());
        let v = active ? level : 1e-6 * Math.exp(0.5 * rng.normal());
        if (k === 8 && rng.next() < 1.5e-5) v = rng.uniform(0.5, 1.44);
        col[at + t] = v;
      }
    }

    // joints 26..29: small positive, a rectified slow process.
    for (let k = 0; k < SMALL.length; k++) {
      const col = cols[JOINT_COLUMNS[26 + k]];
      const { mu, sigma } = SMALL[k];
      const offset = 0.3 * rng.normal();
      this.drift(rng, 0.7, this.lat);
      for (let t = 0; t < T; t++) {
        col[at + t] = Math.max(0, mu + sigma * (offset + 0.9 * this.lat[t] + 0.3 * rng.normal()));
      }
    }
    cols[JOINT_COLUMNS[30]].fill(0.5, at, at + T);
  }

  /** Smooth unit-variance noise: two cascaded AR(1) filters with coefficient phi, started in equilibrium. */
  private drift(rng: Rng, phi: number, out: Float64Array): void {
    const n = this.T + this.burn;
    const x = this.a;
    let u = 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      u = phi * u + rng.normal();
      v = phi * v + u;
      x[i] = v;
    }
    // stationary variance of the cascade: (1 + phi^2) / ((1 - phi^2)^3)
    const sd = Math.sqrt((1 + phi * phi) / Math.pow(1 - phi * phi, 3));
    for (let t = 0; t < this.T; t++) out[t] = x[t + this.burn] / sd;
  }

  /** An AR(2) oscillation with the given period and pole radius r, scaled to unit variance over the subject. */
  private oscillation(rng: Rng, period: number, r: number, out: Float64Array): void {
    const n = this.T + this.burn;
    const a1 = 2 * r * Math.cos((2 * Math.PI) / period);
    const a2 = -r * r;
    const x = this.b;
    let p1 = 0;
    let p2 = 0;
    for (let i = 0; i < n; i++) {
      const z = a1 * p1 + a2 * p2 + rng.normal();
      p2 = p1;
      p1 = z;
      x[i] = z;
    }
    let ss = 0;
    for (let t = 0; t < this.T; t++) ss += x[t + this.burn] * x[t + this.burn];
    const sd = Math.sqrt(ss / this.T) || 1;
    for (let t = 0; t < this.T; t++) out[t] = x[t + this.burn] / sd;
  }

  /** Adds `count` Hann-windowed oscillation bursts (12-30 steps, period 8-14) of about `amp` to a signal. */
  private episodes(rng: Rng, count: number, amp0: number, out: Float64Array): void {
    const T = this.T;
    for (let e = 0; e < count; e++) {
      const len = 12 + rng.int(19);
      const start = rng.int(Math.max(1, T - len));
      const period = rng.uniform(8, 14);
      const amp = amp0 * Math.exp(0.2 * rng.normal());
      const phase = rng.uniform(0, 2 * Math.PI);
      for (let i = 0; i < len && start + i < T; i++) {
        const win = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / len);
        out[start + i] += amp * win * Math.sin(phase + (2 * Math.PI * i) / period);
      }
    }
  }
}

function drawSurvey(rng: Rng, p0: number, p2: number): number {
  const u = rng.next();
  return u < p2 ? 2 : u < p2 + p0 ? 0 : 1;
}

function clip(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
