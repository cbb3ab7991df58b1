import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bootstrapInterval, bootstrapReplicates, formatDifference, formatInterval, macroF1Interval, pairedDifference, pairedMacroF1Difference,
  pointEstimate, scoredSet, scoredSubjects, withPredictions,
} from '../../lib/evaluate/bootstrap';
import { macroF1 } from '../../lib/evaluate/metrics';
import { Rng } from '../../lib/core/random';
import type { SubjectPredictions } from '../../lib/evaluate/predictions';

const preds = (ids: number[], y: number[], pred: number[], nll?: number[]): SubjectPredictions => ({ ids, y, pred, prob: [], nll: nll ?? [] });

test('point estimates: pooled and per-fold macro-F1 as metrics.macroF1 computes them, and the mean window loss', () => {
  const f0 = preds([4, 1, 7], [0, 1, 2], [0, 2, 2], [0.1, 0.5, 0.3]);
  const f1 = preds([2, 9, 3, 5], [0, 0, 1, 2], [0, 1, 1, 2], [0.2, 0.9, 0.4, 0.6]);
  const s = scoredSubjects([f0, f1], 3);
  assert.deepEqual([...s.ids], [1, 2, 3, 4, 5, 7, 9]);
  assert.deepEqual([...s.fold], [0, 1, 1, 0, 1, 0, 1]);
  const all = { y: [...f0.y, ...f1.y], pred: [...f0.pred, ...f1.pred] };
  assert.ok(Math.abs(pointEstimate(s, 'pooled') - macroF1(all.y, all.pred, 3)) < 1e-12);
  assert.ok(Math.abs(pointEstimate(s, 'fold-mean') - (macroF1(f0.y, f0.pred, 3) + macroF1(f1.y, f1.pred, 3)) / 2) < 1e-12);
  assert.ok(Math.abs(pointEstimate(s, 'nll') - 3 / 7) < 1e-12);
});

test('every resample of a tiny set is enumerable: the bootstrap distribution matches the exact one', () => {
  // one fold; class 0 has three subjects (predicted 0, 0, 1), class 1 has two (predicted 1, 0). Stratified
  // resampling draws 3 of the first and 2 of the second with replacement: 3^3 · 2^2 = 108 equally likely draws.
  const y = [0, 0, 0, 1, 1];
  const pred = [0, 0, 1, 1, 0];
  const exact = new Map<number, number>();
  for (let a = 0; a < 27; a++) {
    for (let b = 0; b < 4; b++) {
      const pick = [a % 3, Math.floor(a / 3) % 3, Math.floor(a / 9), 3 + (b % 2), 3 + Math.floor(b / 2)];
      const f = macroF1(pick.map((i) => y[i]), pick.map((i) => pred[i]), 2);
      const key = Math.round(f * 1e9) / 1e9;
      exact.set(key, (exact.get(key) ?? 0) + 1 / 108);
    }
  }
  const B = 40000;
  const reps = bootstrapReplicates(scoredSet([0, 1, 2, 3, 4], y, pred, 2), 'pooled', { samples: B, seed: 7 });
  const seen = new Map<number, number>();
  for (const r of reps) {
    const key = Math.round(r * 1e9) / 1e9;
    assert.ok(exact.has(key), `resampled macro-F1 ${r} is not a value any draw gives`);
    seen.set(key, (seen.get(key) ?? 0) + 1 / B);
  }
  for (const [v, p] of exact) assert.ok(Math.abs((seen.get(v) ?? 0) - p) < 0.01, `P(${v}) = ${p}, bootstrap gave ${seen.get(v)}`);
  // the interval's ends are the exact distribution's 2.5 % and 97.5 % points (both fall well inside an atom here)
  const values = [...exact.keys()].sort((a, b) => a - b);
  const quantile = (q: number): number => {
    let cdf = 0;
    for (const v of values) if ((cdf += exact.get(v)!) >= q) return v;
    return values[values.length - 1];
  };
  const iv = bootstrapInterval(scoredSet([0, 1, 2, 3, 4], y, pred, 2), 'pooled', { samples: B, seed: 7 });
  assert.ok(Math.abs(iv.lo - quantile(0.025)) < 1e-9 && Math.abs(iv.hi - quantile(0.975)) < 1e-9, `${formatInterval(iv)} vs exact ${quantile(0.025)}, ${quantile(0.975)}`);
});

test('stratified: every resample keeps each fold\'s class counts', () => {
  // nll = 1 for high_pain subjects, 0 otherwise: its mean is the high_pain share, constant under stratified resampling
  const y = [0, 0, 0, 0, 1, 1, 2, 0, 0, 1, 2, 2];
  const fold0 = preds([0, 1, 2, 3, 4, 5, 6], y.slice(0, 7), y.slice(0, 7), y.slice(0, 7).map((c) => (c === 2 ? 1 : 0)));
  const fold1 = preds([7, 8, 9, 10, 11], y.slice(7), y.slice(7), y.slice(7).map((c) => (c === 2 ? 1 : 0)));
  const reps = bootstrapReplicates(scoredSubjects([fold0, fold1], 3), 'nll', { samples: 500 });
  for (const r of reps) assert.equal(r, 3 / 12);
});

test('seeded: the same seed gives the same resamples, another seed others; default B = 2000', () => {
  const rng = new Rng(3);
  const n = 150;
  const y = Array.from({ length: n }, (_, i) => i % 3);
  const pred = y.map((c) => (rng.next() < 0.8 ? c : (c + 1) % 3));
  const s = scoredSet(y.map((_, i) => i), y, pred, 3);
  assert.deepEqual(bootstrapReplicates(s, 'pooled', { seed: 5, samples: 300 }), bootstrapReplicates(s, 'pooled', { seed: 5, samples: 300 }));
  assert.notDeepEqual(bootstrapReplicates(s, 'pooled', { seed: 5, samples: 300 }), bootstrapReplicates(s, 'pooled', { seed: 6, samples: 300 }));
  const iv = bootstrapInterval(s, 'pooled');
  assert.equal(iv.samples, 2000);
  assert.equal(iv.level, 0.95);
  assert.ok(iv.lo < iv.estimate && iv.estimate < iv.hi, formatInterval(iv));
  assert.deepEqual(macroF1Interval(y, pred, 3), iv); // the convenience form numbers subjects 0..n-1 the same way
});

test('paired: identical predictions differ by exactly 0; the difference resamples both on the same subjects', () => {
  const rng = new Rng(11);
  const n = 200;
  const y = Array.from({ length: n }, () => (rng.next() < 0.6 ? 0 : rng.next() < 0.6 ? 1 : 2));
  const noisy = (p: number): number[] => y.map((c) => (rng.next() < p ? c : rng.int(3)));
  const a = noisy(0.85);
  const b = noisy(0.75);
  const same = pairedMacroF1Difference(y, a, a, 3);
  assert.deepEqual([same.estimate, same.lo, same.hi, same.excludesZero], [0, 0, 0, false]);
  // what that shortcut stands for: resampled, the two sets' replicates are equal draw by draw, so every difference is 0
  const ids0 = y.map((_, i) => i);
  const s0 = scoredSet(ids0, y, a, 3);
  assert.deepEqual(bootstrapReplicates(withPredictions(s0, a), 'fold-mean'), bootstrapReplicates(s0, 'fold-mean'));
  assert.deepEqual(pairedDifference(s0, withPredictions(s0, a), 'fold-mean'), same);
  // one prediction apart: resampled, not taken as 0
  const oneOff = pairedDifference(s0, withPredictions(s0, a.map((c, i) => (i === 0 ? (c + 1) % 3 : c))), 'pooled');
  assert.notEqual(oneOff.estimate, 0);
  // same seed ⇒ same resampled subjects for both: the difference's replicates are the replicates' differences
  const ids = y.map((_, i) => i);
  const sa = scoredSet(ids, y, a, 3);
  const sb = withPredictions(sa, b);
  const ra = bootstrapReplicates(sa, 'pooled', { samples: 1000, seed: 9 });
  const rb = bootstrapReplicates(sb, 'pooled', { samples: 1000, seed: 9 });
  const diffs = Float64Array.from(ra, (v, i) => v - rb[i]).sort();
  const d = pairedDifference(sa, sb, 'pooled', { samples: 1000, seed: 9 });
  assert.ok(Math.abs(d.lo - (diffs[24] + (diffs[25] - diffs[24]) * 0.975)) < 1e-12); // numpy's linear 2.5 % point of 1000 values
  assert.ok(Math.abs(d.estimate - (pointEstimate(sa, 'pooled') - pointEstimate(sb, 'pooled'))) < 1e-12);
  // pairing removes the shared subject noise: the paired interval is narrower than the two marginal ones combined
  const ia = bootstrapInterval(sa, 'pooled');
  const ib = bootstrapInterval(sb, 'pooled');
  assert.ok(d.hi - d.lo < (ia.hi - ia.lo) + (ib.hi - ib.lo));
});

test('paired: a model right on every subject beats one that errs, beyond noise; one subject apart is not', () => {
  const n = 120;
  const y = Array.from({ length: n }, (_, i) => (i < 70 ? 0 : i < 100 ? 1 : 2));
  const wrong = y.map((c, i) => (i % 5 === 0 ? (c + 1) % 3 : c));
  const d = pairedMacroF1Difference(y, y, wrong, 3);
  assert.ok(d.estimate > 0 && d.lo > 0 && d.excludesZero, formatDifference(d));
  const oneOff = y.map((c, i) => (i === 100 ? 0 : c)); // a single high_pain subject missed
  const e = pairedMacroF1Difference(y, y, oneOff, 3);
  assert.ok(e.estimate > 0 && e.lo <= 0 && !e.excludesZero, formatDifference(e));
});

test('coverage: on simulated subjects the 95 % interval holds the population macro-F1 about 95 % of the time', () => {
  // a fixed classifier: class shares π and confusion P(pred | true); its population macro-F1 in closed form
  const pi = [0.7, 0.2, 0.1];
  const conf = [[0.9, 0.07, 0.03], [0.15, 0.75, 0.1], [0.05, 0.15, 0.8]];
  const predShare = [0, 1, 2].map((p) => pi.reduce((a, q, t) => a + q * conf[t][p], 0));
  const truth = [0, 1, 2].reduce((a, c) => a + (2 * pi[c] * conf[c][c]) / (pi[c] + predShare[c]), 0) / 3;
  const counts = [280, 80, 40];
  const rng = new Rng(2024);
  const draw = (t: number): number => {
    const u = rng.next();
    return u < conf[t][0] ? 0 : u < conf[t][0] + conf[t][1] ? 1 : 2;
  };
  const R = 200;
  let covered = 0;
  for (let r = 0; r < R; r++) {
    const y = counts.flatMap((k, c) => new Array<number>(k).fill(c));
    const pred = y.map(draw);
    const iv = macroF1Interval(y, pred, 3, { samples: 300, seed: r });
    if (iv.lo <= truth && truth <= iv.hi) covered++;
  }
  assert.ok(covered / R >= 0.88 && covered / R <= 0.99, `coverage ${covered}/${R}`);
});

test('bad input is named', () => {
  assert.throws(() => scoredSubjects([preds([1, 2], [0, 1], [0, 1]), preds([2], [1], [1])], 3), /subject 2 appears twice/);
  assert.throws(() => scoredSubjects([preds([1], [3], [0])], 3), /subject 1: true class 3/);
  assert.throws(() => scoredSubjects([undefined as unknown as SubjectPredictions], 3), /fold 0 has no per-subject predictions/);
  const a = scoredSet([1, 2, 3], [0, 1, 2], [0, 1, 2], 3);
  assert.throws(() => pairedDifference(a, scoredSet([1, 2, 4], [0, 1, 2], [0, 1, 2], 3), 'pooled'), /subject 3 against 4/);
  assert.throws(() => pairedDifference(a, scoredSet([1, 2, 3], [0, 1, 1], [0, 1, 2], 3), 'pooled'), /subject 3 has true class 2 in one set and 1/);
  assert.throws(() => bootstrapInterval(a, 'nll'), /nll needs every subject/);
  assert.throws(() => bootstrapInterval(a, 'pooled', { samples: 0 }), /samples must be an integer/);
  assert.throws(() => bootstrapInterval(scoredSubjects([preds([], [], []), preds([1], [0], [0])], 3), 'fold-mean'), /fold 0 has no subjects/);
  assert.equal(formatDifference({ estimate: -0.01, lo: -0.03, hi: 0.005 }), '−0.0100 [−0.0300, +0.0050]');
  assert.equal(formatDifference({ estimate: -0.08, lo: -0.18, hi: -0.000042 }), '−0.0800 [−0.1800, −0.00004]');
  assert.equal(formatDifference({ estimate: 0, lo: 0, hi: 0 }), '+0.0000 [+0.0000, +0.0000]');
});
