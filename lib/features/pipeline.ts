// The order of the feature steps, in one place:
//   encode (one-hot surveys) → drop zero-variance columns → drop joints weakly tied to the target
//   → PCA per group of correlated joints → (optionally) first differences over time → scale.
// Every statistic is computed on the training subjects' rows only; the result is plain JSON and is reapplied
// unchanged to validation and test subjects.
import { labelsOf, type SubjectLabels, type SubjectSeries } from '../data/series';
import { JOINT_COLUMNS } from '../data/schema';
import { CHOICES, LIMITS, SettingError, checkChoice, checkRange } from '../limits';
import { correlationGroups, columnCorrelation, targetCorrelations } from './correlation';
import { encodeSeries, encodedNames } from './encode';
import { frameColumn, type Frame } from './frame';
import { fitPcaGroup, pcaScores, componentName } from './pca';
import { applyScaler, fitScaler } from './scaler';
import { constantColumns } from './variance';
import {
  DEFAULT_FEATURES,
  type DroppedColumn,
  type FeatureConfig,
  type FeatureSeries,
  type FeatureSource,
  type FittedFeatures,
  type PcaConfig,
  type PcaGroup,
} from './types';

const CONFIG_KEYS = Object.keys(DEFAULT_FEATURES);
const PCA_KEYS = ['groups', 'groupThreshold', 'explainedVariance'];
const JOINTS = new Set(JOINT_COLUMNS);

function fail(path: string, what: string): never {
  throw new SettingError(`features.${path}`, what);
}

function resolvePca(p: unknown): false | PcaConfig {
  if (p === false) return false;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) fail('pca', `expected false or an object, got ${JSON.stringify(p)}`);
  const given = p as Record<string, unknown>;
  for (const k of Object.keys(given)) if (!PCA_KEYS.includes(k)) fail(`pca.${k}`, `unknown key (known: ${PCA_KEYS.join(', ')})`);
  const base = DEFAULT_FEATURES.pca as PcaConfig;
  const groups = given.groups === undefined ? base.groups : given.groups;
  let resolvedGroups: 'auto' | string[][];
  if (groups === 'auto') resolvedGroups = 'auto';
  else if (Array.isArray(groups)) {
    const seen = new Map<string, string>();
    resolvedGroups = groups.map((g, i) => {
      if (!Array.isArray(g)) fail(`pca.groups[${i}]`, `expected an array of joint names, got ${JSON.stringify(g)}`);
      return g.map((name, j) => {
        const path = `pca.groups[${i}][${j}]`;
        if (typeof name !== 'string' || !JOINTS.has(name)) fail(path, `${JSON.stringify(name)} is not a joint column`);
        const before = seen.get(name);
        if (before) fail(path, `${name} is already in ${before}`);
        seen.set(name, path);
        return name;
      });
    });
  } else fail('pca.groups', `expected "auto" or an array of joint-name arrays, got ${JSON.stringify(groups)}`);
  return {
    groups: resolvedGroups,
    groupThreshold: checkRange('features.pca.groupThreshold', given.groupThreshold ?? base.groupThreshold, LIMITS.features.pca.groupThreshold),
    explainedVariance: checkRange('features.pca.explainedVariance', given.explainedVariance ?? base.explainedVariance, LIMITS.features.pca.explainedVariance),
  };
}

/** Defaults filled in and every key checked; errors name the key path (features.pca.groupThreshold). */
export function resolveFeatureConfig(cfg: Partial<FeatureConfig> = {}): FeatureConfig {
  const given = cfg as Record<string, unknown>;
  for (const k of Object.keys(given)) if (!CONFIG_KEYS.includes(k)) fail(k, `unknown key (known: ${CONFIG_KEYS.join(', ')})`);
  const flag = (k: 'oneHotSurvey' | 'dropZeroVariance' | 'deltas'): boolean => {
    const v = given[k] ?? DEFAULT_FEATURES[k];
    if (typeof v !== 'boolean') fail(k, `expected true or false, got ${JSON.stringify(v)}`);
    return v;
  };
  const scaler = checkChoice('features.scaler', given.scaler ?? DEFAULT_FEATURES.scaler, CHOICES.scaler);
  return {
    oneHotSurvey: flag('oneHotSurvey'),
    dropZeroVariance: flag('dropZeroVariance'),
    minTargetCorrelation: checkRange('features.minTargetCorrelation', given.minTargetCorrelation ?? DEFAULT_FEATURES.minTargetCorrelation, LIMITS.features.minTargetCorrelation),
    pca: resolvePca(given.pca === undefined ? DEFAULT_FEATURES.pca : given.pca),
    scaler,
    deltas: flag('deltas'),
  };
}

/**
 * First differences over time within each subject of a column laid out subject after subject (`steps` rows each):
 * d[t] = x[t] − x[t−1], and 0 at a subject's first step (no step before it, and never the previous subject's last).
 */
export function firstDifferences(column: Float32Array, steps: number): Float32Array {
  if (!Number.isInteger(steps) || steps < 1 || column.length % steps !== 0) {
    throw new Error(`firstDifferences: ${column.length} rows are not whole subjects of ${steps} steps`);
  }
  const d = new Float32Array(column.length);
  for (let base = 0; base < column.length; base += steps) {
    for (let t = 1; t < steps; t++) d[base + t] = column[base + t] - column[base + t - 1];
  }
  return d;
}

/** The model inputs before scaling, one column per source. */
function unscaledColumns(frame: Frame, groups: readonly PcaGroup[], sources: readonly FeatureSource[]): Float32Array[] {
  const scores = groups.map((g) => pcaScores(g, g.members.map((m) => frameColumn(frame, m))));
  const out: Float32Array[] = [];
  for (const s of sources) {
    if (s.kind === 'column') out.push(frameColumn(frame, s.column));
    else if (s.kind === 'pca') out.push(scores[s.group][s.component]);
    else out.push(firstDifferences(out[s.of], frame.steps)); // `of` is always an earlier source (checkFitted)
  }
  return out;
}

/** Fits the feature steps on the training subjects `trainIds` of `train` only. */
export function fitFeatures(train: SubjectSeries, labels: SubjectLabels, trainIds: ArrayLike<number>, cfg?: Partial<FeatureConfig>): FittedFeatures {
  const config = resolveFeatureConfig(cfg);
  if (trainIds.length < 2) throw new Error(`features: need at least 2 training subjects, got ${trainIds.length}`);
  const y = labelsOf(labels, trainIds, 'features (training subjects)');
  const frame = encodeSeries(train, trainIds, config.oneHotSurvey);
  const inputs = frame.names.slice();
  const dropped: DroppedColumn[] = [];
  const isDropped = (name: string): boolean => dropped.some((d) => d.name === name);

  if (config.dropZeroVariance) {
    for (const c of constantColumns(frame)) dropped.push({ name: c.name, reason: 'zero-variance', value: c.value });
  }

  const joints = inputs.filter((n) => JOINTS.has(n) && !isDropped(n));
  const targetCorrelation = targetCorrelations(frame, y, joints);
  if (config.minTargetCorrelation > 0) {
    for (const t of targetCorrelation) {
      if (t.score < config.minTargetCorrelation) dropped.push({ name: t.name, reason: 'weak-target-correlation', value: t.score });
    }
  }
  const kept = inputs.filter((n) => !isDropped(n));

  const groups: PcaGroup[] = [];
  if (config.pca) {
    const keptJoints = kept.filter((n) => JOINTS.has(n));
    const memberSets =
      config.pca.groups === 'auto'
        ? correlationGroups(columnCorrelation(keptJoints.map((n) => frameColumn(frame, n))), keptJoints, config.pca.groupThreshold)
        : config.pca.groups.map((g) => keptJoints.filter((n) => g.includes(n))); // input order; dropped joints leave
    for (const members of memberSets) {
      if (members.length < 2) continue; // a lone joint stays a plain column
      groups.push(fitPcaGroup(groups.length, members, members.map((m) => frameColumn(frame, m)), config.pca.explainedVariance));
    }
  }

  // Output order follows the inputs; a group's components take the place of its first member.
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => g.members.forEach((m) => groupOf.set(m, i)));
  const sources: FeatureSource[] = [];
  const names: string[] = [];
  for (const name of kept) {
    const g = groupOf.get(name);
    if (g === undefined) {
      sources.push({ kind: 'column', column: name });
      names.push(name);
    } else if (groups[g].members[0] === name) {
      for (let k = 0; k < groups[g].kept; k++) {
        sources.push({ kind: 'pca', group: g, component: k });
        names.push(componentName(g, k));
      }
    }
  }

  if (config.deltas) {
    const levels = sources.length;
    for (let j = 0; j < levels; j++) {
      sources.push({ kind: 'delta', of: j });
      names.push(`${names[j]}_d1`);
    }
  }

  const scaler = fitScaler(config.scaler, unscaledColumns(frame, groups, sources));
  return { version: 1, config, trainIds: Array.from(trainIds), inputs, dropped, targetCorrelation, groups, names, sources, scaler };
}

function checkFitted(f: FittedFeatures): void {
  if (f.version !== 1) throw new Error(`fitted features: unknown version ${JSON.stringify(f.version)}`);
  if (f.sources.length !== f.names.length || f.scaler.offset.length !== f.names.length) {
    throw new Error(`fitted features: ${f.names.length} names, ${f.sources.length} sources, ${f.scaler.offset.length} scaler columns`);
  }
  f.sources.forEach((s, j) => {
    if (s.kind === 'delta' && !(Number.isInteger(s.of) && s.of >= 0 && s.of < j && f.sources[s.of].kind !== 'delta')) {
      throw new Error(`fitted features: source ${j} (${f.names[j]}) is the difference of ${JSON.stringify(s.of)}, not of an earlier level`);
    }
  });
  const expected = encodedNames(f.config.oneHotSurvey);
  if (expected.join() !== f.inputs.join()) throw new Error('fitted features: inputs do not match this version of the encoder');
}

/** Interleaves feature columns into [subject][step][feature]. */
function toSeries(ids: Int32Array, steps: number, names: string[], columns: readonly Float32Array[]): FeatureSeries {
  const f = columns.length;
  const rows = ids.length * steps;
  const values = new Float32Array(rows * f);
  for (let j = 0; j < f; j++) {
    const c = columns[j];
    for (let r = 0; r < rows; r++) values[r * f + j] = c[r];
  }
  return { ids, steps, names, values };
}

/** Applies fitted features to the subjects `ids` of `s` (default: all, in series order). */
export function transformFeatures(f: FittedFeatures, s: SubjectSeries, ids: ArrayLike<number> = s.ids): FeatureSeries {
  checkFitted(f);
  const frame = encodeSeries(s, ids, f.config.oneHotSurvey);
  const columns = applyScaler(f.scaler, unscaledColumns(frame, f.groups, f.sources));
  return toSeries(frame.ids, frame.steps, f.names.slice(), columns);
}

/**
 * Unscaled scores of every component of PCA group `group` (0-based) for the subjects `ids` of `s`, e.g. for a
 * PC1/PC2 scatter; names pca1_pc1 … cover all components, including those not kept as features.
 */
export function groupScores(f: FittedFeatures, s: SubjectSeries, group: number, ids: ArrayLike<number> = s.ids): FeatureSeries {
  checkFitted(f);
  const g = f.groups[group];
  if (!g) throw new Error(`groupScores: no PCA group ${group} (there are ${f.groups.length})`);
  const frame = encodeSeries(s, ids, f.config.oneHotSurvey);
  const n = g.members.length;
  const scores = pcaScores(g, g.members.map((m) => frameColumn(frame, m)), n);
  const names = Array.from({ length: n }, (_, k) => componentName(group, k));
  return toSeries(frame.ids, frame.steps, names, scores);
}

/** Per-subject means over time of a feature series: values[subject * names.length + feature]. */
export function subjectMeans(fs: FeatureSeries): { ids: Int32Array; names: string[]; values: Float64Array } {
  const f = fs.names.length;
  const values = new Float64Array(fs.ids.length * f);
  for (let s = 0; s < fs.ids.length; s++) {
    for (let t = 0; t < fs.steps; t++) {
      const base = (s * fs.steps + t) * f;
      for (let j = 0; j < f; j++) values[s * f + j] += fs.values[base + j];
    }
    for (let j = 0; j < f; j++) values[s * f + j] /= fs.steps;
  }
  return { ids: fs.ids, names: fs.names.slice(), values };
}
