// The results a report run left in its outputs folder, read back without training anything: each experiment's
// summary.json (ensembles, test predictions and their hidden labels) and its trials from the store, every fold
// verified on the way (readTrialResult). Also the provenance of those trials and the data facts of notebooks 01-02.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLabels } from '../data/read';
import { defaultDataDir, findDataFile, loadDataset } from '../data/dataset';
import { fitFeatures } from '../features/pipeline';
import { SYNTHETIC_MARKER, type SyntheticMarker } from '../data/generate';
import { FILES, LABELS, STEPS_PER_SUBJECT } from '../data/schema';
import type { EnsembleSummary } from '../experiments/run/experiment';
import { readTrialResult, type TrialResult } from '../experiments/run/trials';
import { readTrialConfig } from '../store/store';
import type { DataRecord, Provenance } from './results';

/** What summary.json keeps of an experiment (trials by hash). */
interface StoredSummary { name: string; kind: string; profile: string; ensembles: EnsembleSummary[]; trials: string[] }

export interface CollectedExperiment {
  name: string;
  profile: string;
  ensembles: EnsembleSummary[];
  trials: TrialResult[];
}

/** outputs/experiments/<name>/<profile>/summary.json */
export function summaryFile(out: string, name: string, profile: string): string {
  return join(out, 'experiments', name, profile, 'summary.json');
}

/**
 * An experiment as the last run left it, or undefined when it has not been run under this profile. A trial that is
 * missing or unfinished is an error naming it: the summary would then describe results that are no longer there.
 */
export function collectExperiment(out: string, name: string, profile: string): CollectedExperiment | undefined {
  const file = summaryFile(out, name, profile);
  if (!existsSync(file)) return undefined;
  const s = JSON.parse(readFileSync(file, 'utf8')) as StoredSummary;
  const trials = s.trials.map((hash) => {
    const r = readTrialResult(join(out, 'runs', hash));
    if (!r) throw new Error(`${file}: trial ${hash} is not finished in ${join(out, 'runs')} (rerun the report)`);
    return r;
  });
  return { name: s.name, profile: s.profile, ensembles: s.ensembles, trials };
}

/** The trials' provenance: the compute path they share (an error when they differ), and the newest trial's facts. */
export function trialsProvenance(out: string, e: CollectedExperiment, root: string): Provenance {
  const configs = e.trials.map((t) => readTrialConfig<{ data: string; code: string; trial: unknown }>(join(out, 'runs', t.hash)));
  const paths = [...new Set(configs.filter((c) => !isBaseline(c)).map((c) => c.provenance.compute))];
  if (paths.length > 1) throw new Error(`${e.name}: trials trained on ${paths.length} compute paths (${paths.join(', ')}): record one path at a time`);
  const newest = configs.reduce((a, c) => (c.provenance.time > a.provenance.time ? c : a));
  const data = dataFacts(root);
  return {
    // baselines use no gemm: their figures hold on every path
    computePath: paths[0] ?? 'any (no gemm)',
    cpu: newest.provenance.cpu,
    cores: newest.provenance.cores,
    node: newest.provenance.node,
    platform: newest.provenance.platform,
    date: newest.provenance.time,
    commit: newest.provenance.gitCommit,
    codeVersion: newest.code.split('+')[0],
    profile: e.profile,
    dataSource: data.source,
    dataFingerprint: newest.data,
    ...(data.generator ? { generator: data.generator } : {}),
  };
}

const isBaseline = (c: { trial?: unknown }): boolean => (c.trial as { model?: { kind?: string } } | undefined)?.model?.kind === 'baseline';

function dataFacts(root: string): { dir: string; source: 'synthetic' | 'kaggle'; generator?: { version: number; seed: number } } {
  const { dir, source } = defaultDataDir(root);
  const marker = join(dir, SYNTHETIC_MARKER);
  if (source !== 'synthetic' || !existsSync(marker)) return { dir, source };
  const m = JSON.parse(readFileSync(marker, 'utf8')) as SyntheticMarker;
  return { dir, source, generator: { version: m.version, seed: m.seed } };
}

/** Notebooks 01 and 02's headline facts: subjects, steps, class balance, and what the preprocessing drops and keeps. */
export function collectData(root: string, p: Pick<Provenance, 'dataFingerprint' | 'date' | 'commit'>, testSubjects: number): DataRecord {
  const d = dataFacts(root);
  const labelsFile = findDataFile(d.dir, FILES.labels);
  if (!labelsFile) throw new Error(`${d.dir}: no ${FILES.labels}`);
  const labels = readLabels(labelsFile);
  const counts = LABELS.map((_, c) => labels.y.filter((y) => y === c).length);
  const ds = loadDataset(d.dir);
  const fitted = fitFeatures(ds.train, ds.labels, ds.train.ids);
  return {
    provenance: { dataSource: d.source, dataFingerprint: p.dataFingerprint, ...(d.generator ? { generator: d.generator } : {}), date: p.date, commit: p.commit },
    trainSubjects: labels.ids.length,
    testSubjects,
    // every subject has exactly this many steps: the reader rejects any other
    steps: STEPS_PER_SUBJECT,
    classCounts: counts,
    classes: [...LABELS],
    features: {
      inputs: fitted.inputs.length,
      outputs: fitted.names.length,
      dropped: fitted.dropped.map((x) => ({ name: x.name, reason: x.reason })),
      groups: fitted.groups.map((g) => ({ members: [...g.members], kept: g.kept, explained: g.explainedRatio.slice(0, g.kept).reduce((a, x) => a + x, 0) })),
    },
  };
}
