// The feature-group ablation of notebook 07: baseline entries of one classifier that differ only in which groups of
// per-subject features they see. Each group is judged twice, paired on the same out-of-fold subjects: added to the
// smallest set (what it brings alone) and removed from the full set (what nothing else makes up for).
import { N_CLASSES } from '../../data/schema';
import { formatDifference, pairedDifference, scoredSubjects, type Difference } from '../../evaluate/bootstrap';
import { expandStats, STAT_GROUPS, type StatGroup } from '../../baselines/summary';
import { isBaselineTrial, type TrialConfig } from '../config/config';
import type { TrialResult } from '../run/trial-result';
import { noiseWords } from './verdict';

/** An entry of the ablation: the config's model key and its trial. */
export interface AblationEntry {
  model: string;
  trial: Pick<TrialResult, 'hash' | 'folds' | 'trial'>;
}

/**
 * The named feature groups a baseline trial sees: the statistic groups its `stats` list covers whole ('basic' when
 * it lists none), 'groupMeans' when it averages over correlated joint groups, 'deltas' when its preprocessing adds
 * first differences. A list with single statistics that make up no whole group is not part of an ablation.
 */
export function featureGroups(trial: TrialConfig): string[] | undefined {
  if (!isBaselineTrial(trial)) return undefined;
  const stats = new Set(expandStats(trial.model.stats ?? ['basic']));
  const groups: string[] = (Object.keys(STAT_GROUPS) as StatGroup[]).filter((g) => STAT_GROUPS[g].every((s) => stats.has(s)));
  const covered = new Set(groups.flatMap((g) => STAT_GROUPS[g as StatGroup]));
  if ([...stats].some((s) => !covered.has(s))) return undefined;
  if (trial.model.groupMeans) groups.push('groupMeans');
  if ((trial.features as { deltas?: boolean } | undefined)?.deltas) groups.push('deltas');
  return groups;
}

const key = (groups: readonly string[]): string => [...groups].sort().join('+');
const classifierOf = (t: TrialConfig): string => (isBaselineTrial(t) ? t.model.classifier : '');

export interface AblationRow {
  classifier: string;
  group: string;
  /** entry with the smallest set plus the group − the smallest set (undefined when the config has no such entry) */
  added?: { entry: string; base: string; difference: Difference };
  /** full set without the group − the full set */
  removed?: { entry: string; full: string; difference: Difference };
}

/** The out-of-fold subjects of a trial, pooled over its folds. */
const subjectsOf = (e: AblationEntry) => scoredSubjects(e.trial.folds.map((f) => f.predictions), N_CLASSES);

/**
 * One row per (classifier, group): the paired out-of-fold macro-F1 difference of adding the group to the classifier's
 * smallest feature set and of removing it from its full set (the entry seeing every group any of its entries sees).
 * Entries must share seed and folds (pairing is by subject; pairedDifference refuses different subjects).
 */
export function ablationRows(entries: readonly AblationEntry[]): AblationRow[] {
  const byClassifier = new Map<string, { e: AblationEntry; groups: string[] }[]>();
  for (const e of entries) {
    const groups = featureGroups(e.trial.trial);
    if (!groups) continue;
    const c = classifierOf(e.trial.trial);
    byClassifier.set(c, [...(byClassifier.get(c) ?? []), { e, groups }]);
  }
  const rows: AblationRow[] = [];
  for (const [classifier, list] of byClassifier) {
    const all = [...new Set(list.flatMap((x) => x.groups))];
    const find = (groups: readonly string[]) => list.find((x) => key(x.groups) === key(groups));
    const full = find(all);
    const smallest = [...list].sort((a, b) => a.groups.length - b.groups.length)[0];
    for (const group of all) {
      const row: AblationRow = { classifier, group };
      if (!smallest.groups.includes(group)) {
        const plus = find([...smallest.groups, group]);
        if (plus) row.added = { entry: plus.e.model, base: smallest.e.model, difference: pairedDifference(subjectsOf(plus.e), subjectsOf(smallest.e), 'pooled') };
      }
      if (full) {
        const minus = find(all.filter((g) => g !== group));
        if (minus && minus !== full) row.removed = { entry: minus.e.model, full: full.e.model, difference: pairedDifference(subjectsOf(minus.e), subjectsOf(full.e), 'pooled') };
      }
      if (row.added || row.removed) rows.push(row);
    }
  }
  return rows;
}

/** Table rows for the notebook: the two paired differences with their verdicts. */
export function ablationTable(rows: readonly AblationRow[]): Record<string, string>[] {
  return rows.map((r) => ({
    classifier: r.classifier,
    'feature group': r.group,
    'added to the smallest set': r.added ? `${formatDifference(r.added.difference)} (${noiseWords(r.added.difference)}; ${r.added.entry} − ${r.added.base})` : '—',
    'removed from the full set': r.removed ? `${formatDifference(r.removed.difference)} (${noiseWords(r.removed.difference)}; ${r.removed.entry} − ${r.removed.full})` : '—',
  }));
}

/** The groups that matter beyond noise, in words: a group matters when removing it from the full set costs. */
export function ablationLines(rows: readonly AblationRow[]): string[] {
  return rows.map((r) => {
    const parts: string[] = [];
    if (r.added) parts.push(`added to ${r.added.base}: ${formatDifference(r.added.difference)}, ${noiseWords(r.added.difference)}`);
    if (r.removed) parts.push(`removed from ${r.removed.full}: ${formatDifference(r.removed.difference)}, ${noiseWords(r.removed.difference)}`);
    return `${r.classifier}, ${r.group}: ${parts.join('; ')}.`;
  });
}
