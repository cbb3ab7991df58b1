// Recording: the figures of a finished report (its outputs folder) written to docs/results/*.json, with their
// provenance. `npm run report -- --record` calls this after the notebooks; `npm run docs -- --record` records what
// the last report left. Nothing here trains: a trial that is not in the store is an error.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { collectData, collectExperiment, summaryFile, trialsProvenance, type CollectedExperiment } from './collect';
import { experimentFigures, searchFigures } from './figures';
import { writeResult, type NotebookTiming, type Provenance, type Results, type TimingRecord } from './results';

export interface RecordOptions {
  root: string;
  /** the report's outputs folder (experiments/, runs/, html/report.json) */
  out: string;
  profile: string;
  log?: (line: string) => void;
}

/** The experiments the docs quote: notebook 03, 04, 05 and 06's. */
const FINALS = { final: 'final', baselines: 'baselines' } as const;
const SEARCHES = { sweep: 'sweep', grid: 'grid' } as const;

/**
 * Every recordable result of the last report under `profile`, as the files would hold them (nothing written).
 * An experiment the report did not run is left out.
 */
export function collectResults(o: Pick<RecordOptions, 'root' | 'out' | 'profile'>): Results {
  const out: Results = {};
  const provenanceOf = (e: CollectedExperiment): Provenance => trialsProvenance(o.out, e, o.root);
  for (const [key, name] of Object.entries(FINALS) as [keyof typeof FINALS, string][]) {
    const e = collectExperiment(o.out, name, o.profile);
    if (e) out[key] = experimentFigures(e, provenanceOf(e));
  }
  for (const [key, name] of Object.entries(SEARCHES) as [keyof typeof SEARCHES, string][]) {
    const e = collectExperiment(o.out, name, o.profile);
    if (e) out[key] = searchFigures(e, provenanceOf(e));
  }
  const p = out.final?.provenance ?? out.baselines?.provenance;
  if (p) {
    const test = collectExperiment(o.out, FINALS.final, o.profile)?.ensembles[0]?.test?.ids.length ?? 0;
    out.data = collectData(o.root, p, test);
  }
  const timing = reportTiming(o);
  if (timing) out.timing = timing;
  return out;
}

/** Writes what collectResults found; returns the files written. */
export function recordResults(o: RecordOptions): string[] {
  const results = collectResults(o);
  const files = (Object.keys(results) as (keyof Results)[]).map((k) => writeResult(o.root, k, results[k] as never));
  for (const f of files) (o.log ?? console.log)(`recorded ${f}`);
  if (files.length === 0) throw new Error(`nothing to record: no experiment of profile ${o.profile} in ${o.out} (run the report first)`);
  return files;
}

interface ManifestEntry { name: string; seconds: number; ok: boolean; executedAt: string; profile?: string }

/**
 * The report's notebook timings from its manifest (outputs/html/report.json): each notebook's wall time, the whole
 * report's (first start to last end) and how many ran at once; trainedTrials tells a fresh report from a cached rerun.
 */
export function reportTiming(o: Pick<RecordOptions, 'root' | 'out' | 'profile'>): TimingRecord | undefined {
  const file = join(o.out, 'html', 'report.json');
  if (!existsSync(file)) return undefined;
  const entries = (JSON.parse(readFileSync(file, 'utf8')) as { entries: ManifestEntry[] }).entries.filter((e) => (e.profile ?? o.profile) === o.profile);
  if (entries.length === 0) return undefined;
  const spans = entries.map((e) => ({ start: Date.parse(e.executedAt), end: Date.parse(e.executedAt) + e.seconds * 1000 }));
  const first = Math.min(...spans.map((s) => s.start));
  const last = Math.max(...spans.map((s) => s.end));
  // the most notebooks running at one moment: a start inside another's span overlaps it
  const jobs = Math.max(...spans.map((s) => spans.filter((t) => t.start <= s.start && s.start < t.end).length));
  const trained = ['baselines', 'sweep', 'grid', 'grid-halving', 'final'].reduce((a, name) => {
    const f = summaryFile(o.out, name, o.profile);
    return a + (existsSync(f) ? ((JSON.parse(readFileSync(f, 'utf8')) as { computed?: number }).computed ?? 0) : 0);
  }, 0);
  const final = collectExperiment(o.out, FINALS.final, o.profile);
  const p = final ? trialsProvenance(o.out, final, o.root) : undefined;
  const notebooks: NotebookTiming[] = entries.map((e) => ({ name: e.name, seconds: e.seconds, ok: e.ok }));
  return {
    provenance: {
      computePath: p?.computePath ?? 'unknown', cpu: p?.cpu ?? 'unknown', cores: p?.cores ?? 0, node: p?.node ?? process.version,
      platform: p?.platform ?? `${process.platform}-${process.arch}`, date: new Date(last).toISOString(), commit: p?.commit ?? null,
      profile: o.profile, dataSource: p?.dataSource ?? 'synthetic', ...(p?.generator ? { generator: p.generator } : {}),
    },
    jobs,
    trainedTrials: trained,
    totalSeconds: (last - first) / 1000,
    // the 15-minute average: recorded at the end of a report of minutes, it covers most of the run
    loadAverage: loadavg()[2],
    notebooks,
  };
}
