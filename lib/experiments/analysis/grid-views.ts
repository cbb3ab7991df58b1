// Notebook 05's views of the grid search: the search space, the score per setting value, the selection rule's
// outcome, the trials against the selected one, the selected trial's curves and the successive-halving rungs.
import { formatInterval, type Interval } from '../../evaluate/bootstrap';
import type { ExperimentConfig, ResolvedConfig } from '../config/config';
import type { HalvingSummary, Rung } from '../search/halving';
import { gridSize, searchPoints } from '../search/search';
import type { TrialResult } from '../run/trials';
import type { HyperAxis } from './axes';
import type { EpochCurves } from './curves';
import type { RunRow } from './table';
import type { Selection } from './select';
import { meanOfTrialsInterval } from './uncertainty';

/** The space's size and sample under the report's recipe and under this profile, in two lines. */
export function searchSizeLines(full: ResolvedConfig, mine: ResolvedConfig, profile: string, epochs: number): string[] {
  return [
    `full space: ${gridSize(full.search!.space).toLocaleString('en')} points; the report's recipe trains a random sample of ${searchPoints(full).length} (${full.search!.mode} search, seed ${full.search!.seed})`,
    `${profile} profile: ${gridSize(mine.search!.space).toLocaleString('en')} points, ${searchPoints(mine).length} trained, ` +
      `${mine.base.cv.run} of ${mine.base.cv.folds} folds each, at most ${epochs} epochs`,
  ];
}

/** One row per setting: its values in the full space and under this profile. */
export function searchSpaceRows(full: Record<string, readonly unknown[]>, mine: Record<string, readonly unknown[]>, profile: string) {
  return Object.keys(full).map((key) => ({
    setting: key,
    'full space': full[key].join(', '),
    values: full[key].length,
    [`${profile} profile`]: mine[key].join(', '),
  }));
}

/** The parallel-coordinates axes of the settings, then the score itself. */
export function axisDimensions(axes: readonly HyperAxis[], scores: readonly number[]) {
  return [...axes.map((a) => ({ label: a.label, values: a.values, tickvals: a.tickvals, ticktext: a.ticktext })), { label: 'val macro-F1', values: scores }];
}

/**
 * Each setting with few values on its own: the mean validation macro-F1 of the trials with each value, with its 95 %
 * interval (the trials rescored on the same resampled subjects) and the number of trials.
 */
export function settingMeanRows(axes: readonly HyperAxis[], rows: readonly Pick<RunRow, 'hash'>[], trials: readonly TrialResult[]) {
  return axes.filter((a) => a.tickvals !== undefined).map((a) => ({
    setting: a.key,
    'mean val macro-F1 [95 %] per value (trials)': a.ticktext!.map((name, k) => {
      const withValue = rows.filter((_, i) => a.values[i] === a.tickvals![k]).map((r) => trials.find((t) => t.hash === r.hash)!);
      return `${name}: ${formatInterval(meanOfTrialsInterval(withValue), 3)} (${withValue.length})`;
    }).join(' · '),
  }));
}

type GridRow = Pick<RunRow, 'hash' | 'f1Mean' | 'trainLoss'>;

/** What the selection rule did: the bar, who passed, who was set aside, and which trial it picked. */
export function selectionLines<R extends GridRow>(s: Selection<R>, top: R, o: { smoothing: number; floor: number; bar: number }): string[] {
  const chosen = s.best ?? top;
  const excluded = s.excluded.map((r) => `${r.hash} (train loss ${r.trainLoss.toFixed(3)}, val macro-F1 ${r.f1Mean.toFixed(4)})`).join(', ');
  const pick = !s.best ? 'no trial stays above the bar; the curves below show the top trial by score instead'
    : chosen.hash === top.hash ? `selected ${chosen.hash}: also the top trial by validation score`
    : `selected ${chosen.hash} (val macro-F1 ${chosen.f1Mean.toFixed(4)}) over the top-scoring ${top.hash} (${top.f1Mean.toFixed(4)}, train loss ${top.trainLoss.toFixed(3)})`;
  return [
    `label smoothing ${o.smoothing}: loss floor ${o.floor.toFixed(4)}, bar for "not collapsed" ${o.bar.toFixed(4)}`,
    `${s.eligible.length} trials pass, ${s.excluded.length} set aside` + (s.excluded.length ? `: ${excluded}` : ''),
    pick,
  ];
}

/** Each trial's role in the rule chart: 0 above the bar, 1 collapsed, 2 selected. */
export function ruleRoles<R extends GridRow>(rows: readonly R[], chosen: R, s: Selection<R>): number[] {
  return rows.map((r) => (r.hash === chosen.hash ? 2 : s.excluded.includes(r) ? 1 : 0));
}

type ArchRow = Pick<RunRow, 'hash' | 'cell' | 'layers' | 'hidden' | 'bidirectional'>;

/** 'abc123: lstm 2×64 bi, size 25/stride 2' (hover text). */
export function trialLabel(r: ArchRow & Pick<RunRow, 'window' | 'stride'>): string {
  return `${r.hash}: ${r.cell} ${r.layers}×${r.hidden}${r.bidirectional ? ' bi' : ''}, size ${r.window}/stride ${r.stride}`;
}

/** Names a grid trial: 'abc12345 (lstm 2×64 bi, lr 0.001, batch 64)'. */
export function gridNamer(rows: readonly (ArchRow & Pick<RunRow, 'lr' | 'batch'>)[]): (hash: string) => string {
  return (hash) => {
    const r = rows.find((x) => x.hash === hash);
    if (!r) throw new Error(`gridNamer: no trial ${hash}`);
    return `${hash.slice(0, 8)} (${r.cell} ${r.layers}×${r.hidden}${r.bidirectional ? ' bi' : ''}, lr ${r.lr}, batch ${r.batch})`;
  };
}

/** Train (solid) and validation (dashed) curves of one trial; the validation macro-F1 carries its band. */
export function selectedCurves(c: EpochCurves, bands: readonly (Interval | undefined)[], colors: readonly string[]) {
  return {
    loss: [
      { name: 'train loss', y: c.trainLoss, color: colors[0] },
      { name: 'validation loss', y: c.valLoss, color: colors[1], dash: 'dash' as const },
    ],
    macroF1: [
      { name: 'train macro-F1 (windows)', y: c.trainMacroF1, color: colors[0] },
      {
        name: 'validation macro-F1 (subjects)', y: c.valMacroF1, color: colors[1], dash: 'dash' as const,
        band: { lower: bands.map((b) => b?.lo ?? NaN), upper: bands.map((b) => b?.hi ?? NaN) },
      },
    ],
  };
}

/** The grid config with successive halving switched on, under its own name (its summary goes elsewhere). */
export function withHalving(config: ExperimentConfig, halving: { minEpochs: number; eta: number }, name = 'grid-halving'): ExperimentConfig {
  return { ...config, name, search: { ...config.search!, halving } };
}

/** Every rung's trials, best first, with whether each goes on. */
export function rungRows(rungs: readonly Rung[]) {
  return rungs.flatMap((rung, r) => rung.trials.map((t) => ({
    rung: r + 1, epochs: rung.epochs, hash: t.hash, point: JSON.stringify(t.point),
    'val macro-F1 [95 %]': t.interval ? formatInterval(t.interval) : Number(t.score.toFixed(4)), 'epochs run': t.epochsRun, seconds: Number(t.wallSeconds.toFixed(1)),
    kept: rung.kept.includes(t.hash) ? 'yes' : '',
  })));
}

/** The halving search's best row (ties by hash, so it does not depend on order). */
export function halvingBest<R extends Pick<RunRow, 'hash' | 'f1Mean'>>(rows: readonly R[]): R {
  return [...rows].sort((a, b) => b.f1Mean - a.f1Mean || (a.hash < b.hash ? -1 : 1))[0];
}

export interface HalvingComparison {
  sameBest: boolean;
  lines: string[];
}

/** What pruning saved against the plain search, and whether it kept the plain search's best configuration. */
export function halvingLines(h: HalvingSummary, best: Pick<RunRow, 'hash' | 'f1Mean'>, plain: { trials: readonly TrialResult[]; top: Pick<RunRow, 'hash' | 'f1Mean'> }): HalvingComparison {
  const plainEpochs = plain.trials.reduce((a, t) => a + t.folds.reduce((b, f) => b + f.metrics.epochs, 0), 0);
  const plainSeconds = plain.trials.reduce((a, t) => a + t.wallSeconds, 0);
  const halvingSeconds = h.rungs.reduce((a, rung) => a + rung.trials.reduce((b, t) => b + t.wallSeconds, 0), 0);
  const sameBest = best.hash === plain.top.hash;
  return {
    sameBest,
    lines: [
      `rungs at ${h.rungs.map((r) => r.epochs).join(', ')} epochs with ${h.rungs.map((r) => r.trials.length).join(', ')} points`,
      `epoch budget: ${h.budgetEpochs} against ${h.plainBudgetEpochs} for the plain search (${Math.round(100 * (1 - h.budgetEpochs / h.plainBudgetEpochs))} % saved); ` +
        `epochs trained: ${h.epochsRun} against ${plainEpochs}`,
      `training time (sum over folds): ${halvingSeconds.toFixed(0)} s against ${plainSeconds.toFixed(0)} s for the plain search`,
      `best after halving: ${best.hash} (val macro-F1 ${best.f1Mean.toFixed(4)}); plain search's best: ${plain.top.hash} (${plain.top.f1Mean.toFixed(4)}): ` +
        (sameBest ? 'the same configuration' : 'a different configuration — the short rungs pruned the plain search\'s best'),
    ],
  };
}
