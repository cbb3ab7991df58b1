// The text of each generated region, from the recorded results: tables and inline figures, each figure with its
// 95 % interval, next to its baseline, with its provenance, and a difference called "within noise" when its
// interval contains 0. A region whose result file was never recorded says so and names the command that records it.
import { excludesZero, formatDifference, formatInterval } from '../evaluate/bootstrap';
import { noiseWords } from '../experiments/analysis/verdict';
import { fullBudgetText } from './full-budget';
import type { BenchRecord, Estimate, FoldMean, ModelFigures, Provenance, Results, SearchRecord, TimingRecord } from './results';

const f4 = (x: number): string => x.toFixed(4);
/** 0.4357 [0.3894, 0.4764] */
export const withInterval = (e: Estimate): string => formatInterval(e, 4);
/** +0.0900 [+0.0350, +0.1400]; a bound that would round to ±0.0000 gets the digits that show its sign (as notebooks print) */
export const difference = (d: Estimate): string => formatDifference(d);
/** 'beyond noise' when the interval of a difference excludes 0, else 'within noise' (the notebooks' wording) */
export const verdict = (d: Estimate): string => noiseWords({ estimate: d.estimate, excludesZero: excludesZero(d) });
const foldMean = (v: FoldMean): string => `${withInterval(v)} ± ${f4(v.std)}`;
const seconds = (s: number): string => (s >= 60 ? `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s` : `${s.toFixed(1)} s`);

/** One line: compute path, CPU, node, date, commit, profile, data. */
export function provenanceLine(p: Pick<Provenance, 'computePath' | 'cpu' | 'cores' | 'node' | 'date' | 'commit' | 'profile' | 'dataSource' | 'generator'>): string {
  const data = p.dataSource === 'synthetic' ? `generated data${p.generator ? ` (generator v${p.generator.version}, seed ${p.generator.seed})` : ''}` : 'the real Kaggle files';
  return `compute path \`${p.computePath}\`, ${p.cpu} (${p.cores} cores), Node ${p.node}, ${p.date.slice(0, 10)}, commit ` +
    `${p.commit ? `\`${p.commit.slice(0, 7)}\`` : 'none'}; ${p.profile} profile, ${data}`;
}

const notRecorded = (file: string, command: string): string => `*Not recorded yet: \`${command}\` writes \`docs/results/${file}\`.*`;

function table(header: string[], rows: string[][], align?: string[]): string {
  return [`| ${header.join(' | ')} |`, `|${(align ?? header.map(() => '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** 'LSTM 2×256 (quick: LSTM 1×64)' when the profile trains a stand-in. */
function modelLabel(m: ModelFigures, profile: string): string {
  if (m.baseline) return `${m.name} — baseline`;
  if (!m.report) return m.name;
  return m.report.model === m.name ? m.name : `${m.report.model} (${profile}: ${m.name})`;
}

/** The README's headline: the report's figures beside the reproduced ones, and the baselines. */
export function headline(r: Results): string {
  if (!r.final) return notRecorded('quick-final.json', 'npm run report -- --record');
  const p = r.final.provenance;
  const rows = r.final.models.map((m) => [
    modelLabel(m, p.profile),
    m.report ? f4(m.report.val) : '—',
    `${withInterval(m.val)}${m.optimistic ? ` / ${withInterval(m.optimistic)}` : ' (no epoch chosen)'}`,
    withInterval(m.oof),
    m.report ? f4(m.report.test) : '—',
    m.test ? withInterval(m.test) : '—',
  ]);
  const floor = r.baselines?.models.find((m) => m.model === 'majority');
  if (floor) rows.push([`${floor.name} — floor`, '—', withInterval(floor.val), withInterval(floor.oof), '—', floor.test ? withInterval(floor.test) : '—']);
  return [
    table(['model', 'val (report)', 'val reproduced: untouched / optimistic [95 %]', 'out-of-fold [95 %]', 'test (report, Kaggle)', 'test reproduced (synthetic hidden labels) [95 %]'], rows),
    '',
    `Reproduced: ${provenanceLine(p)}. Baselines use no gemm: their figures hold on every path.`,
  ].join('\n');
}

/** The final experiment in full: ± std over folds, the optimistic gap, and each model against the submitted one. */
export function finalTable(r: Results): string {
  if (!r.final) return notRecorded('quick-final.json', 'npm run report -- --record');
  const e = r.final;
  const ref = e.models.find((m) => m.model === e.reference)!;
  const rows = e.models.map((m) => [
    modelLabel(m, e.provenance.profile),
    foldMean(m.val),
    m.optimistic ? foldMean(m.optimistic) : 'same',
    m.optimisticGap ? `${difference(m.optimisticGap)} (${verdict(m.optimisticGap)})` : '—',
    withInterval(m.oof),
    m.test ? withInterval(m.test) : '—',
    m.vsReference ? `${difference(m.vsReference.oof)} (${verdict(m.vsReference.oof)})` : 'reference',
    m.vsReference?.test ? `${difference(m.vsReference.test)} (${verdict(m.vsReference.test)})` : m.vsReference ? '—' : 'reference',
  ]);
  return [
    table(['model', 'val untouched [95 %] ± std', 'val optimistic [95 %] ± std', 'optimistic − untouched', 'out-of-fold [95 %]', 'test [95 %]',
      `− ${ref.name}, out of fold`, `− ${ref.name}, test`], rows),
    '',
    `Submitted: ${ref.name} (highest mean validation macro-F1). ${provenanceLine(e.provenance)}.`,
  ].join('\n');
}

/** Notebook 03's four baselines. */
export function baselinesTable(r: Results): string {
  if (!r.baselines) return notRecorded('quick-baselines.json', 'npm run report -- --record');
  const e = r.baselines;
  const rows = e.models.map((m) => [m.name, withInterval(m.val), withInterval(m.oof), m.test ? withInterval(m.test) : '—']);
  return [
    table(['baseline', 'val macro-F1, fold mean [95 %]', 'out-of-fold [95 %]', 'test (synthetic hidden labels) [95 %]'], rows),
    '',
    `${provenanceLine(e.provenance)}.`,
  ].join('\n');
}

/** The paired differences the text discusses, as one sentence per model. */
export function differences(r: Results): string {
  if (!r.final) return notRecorded('quick-final.json', 'npm run report -- --record');
  const e = r.final;
  const lines: string[] = [];
  for (const m of e.models) {
    if (m.vsReference) {
      lines.push(`- ${m.name} − ${e.models.find((x) => x.model === e.reference)!.name}: out of fold ${difference(m.vsReference.oof)} (${verdict(m.vsReference.oof)})` +
        `${m.vsReference.test ? `, test ${difference(m.vsReference.test)} (${verdict(m.vsReference.test)})` : ''}.`);
    }
    if (m.optimisticGap) lines.push(`- ${m.name}, optimistic − untouched validation: ${difference(m.optimisticGap)} (${verdict(m.optimisticGap)}).`);
  }
  return lines.join('\n');
}

/** The settings that differ between a search's points (the rest is the base recipe, the same for all). */
function varyingKeys(points: readonly Record<string, unknown>[]): string[] {
  const keys = [...new Set(points.flatMap((p) => Object.keys(p)))];
  return keys.filter((k) => new Set(points.map((p) => JSON.stringify(p[k]))).size > 1);
}

const pointLabel = (p: Record<string, unknown>, keys: readonly string[]): string => {
  const parts = keys.map((k) => `${k.replace(/^.*\./, '')} ${typeof p[k] === 'object' ? JSON.stringify(p[k]) : String(p[k])}`);
  return parts.length ? parts.join(', ') : '(base)';
};

function searchTable(s: SearchRecord | undefined, file: string): string {
  if (!s) return notRecorded(file, 'npm run report -- --record');
  const keys = varyingKeys(s.points.map((x) => x.point));
  const rows = s.points.map((x, i) => [pointLabel(x.point, keys), x.model, withInterval(x.val), i === 0 ? 'best' : `${difference(x.vsBest)} (${verdict(x.vsBest)})`]);
  return [table(['point', 'model', 'val macro-F1, fold mean [95 %]', '− best, paired'], rows), '', `${provenanceLine(s.provenance)}.`].join('\n');
}

export const sweepTable = (r: Results): string => searchTable(r.sweep, 'quick-sweep.json');
export const gridTable = (r: Results): string => searchTable(r.grid, 'quick-grid.json');

/** The report's wall time and each notebook's. */
export function reportTiming(r: Results): string {
  const t: TimingRecord | undefined = r.timing;
  if (!t) return notRecorded('report-timing.json', 'npm run report -- --record');
  const what = t.trainedTrials > 0 ? `a report that trained ${t.trainedTrials} trial(s) (any others were read back from the store)` : 'a cached rerun (every trial read back from the store)';
  return [
    `${what}: **${seconds(t.totalSeconds)}** wall, up to ${t.jobs} notebook(s) at a time (` +
      `${t.notebooks.map((n) => `${n.name.slice(0, 2)} ${seconds(n.seconds)}${n.ok ? '' : ' failed'}`).join(', ')}); ` +
      `15-minute load average ${t.loadAverage.toFixed(1)} when recorded. ${provenanceLine({ ...t.provenance, generator: t.provenance.generator })}.`,
  ].join('\n');
}

const range = (xs: readonly number[] | undefined, digits: number): string => {
  if (!xs || xs.length === 0) return '—';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const f = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`;
};

/** `npm run bench`: windows per CPU-second and the ratios to PyTorch, ranges over repeats. */
export function benchTable(r: Results): string {
  const b: BenchRecord | undefined = r.bench;
  if (!b) return notRecorded('bench.json', 'npm run bench -- --record');
  const rows = b.rows.map((x) => [x.model, x.backend, range(x.trainCpuWps, 0), range(x.inferCpuWps, 0), x.vsTorchTrain ? `${range(x.vsTorchTrain, 2)}×` : '—',
    x.vsTorchInfer ? `${range(x.vsTorchInfer, 2)}×` : '—', x.peakFraction ? `${range(x.peakFraction.map((v) => 100 * v), 0)} %` : '—']);
  return [
    table(['model', 'backend', 'train windows/CPU-s', 'inference windows/CPU-s', 'train vs PyTorch', 'inference vs PyTorch', 'train % of peak'], rows,
      ['---', '---', '--:', '--:', '--:', '--:', '--:']),
    '',
    `${b.provenance.cpu} (${b.provenance.cores} cores), Node ${b.provenance.node}, ${b.provenance.date.slice(0, 10)}, commit ` +
      `${b.provenance.commit ? `\`${b.provenance.commit.slice(0, 7)}\`` : 'none'}, load average ${b.provenance.loadAverage.toFixed(1)}; ` +
      `paths: ${Object.entries(b.provenance.identities).map(([k, v]) => `${k} \`${v}\``).join(', ')}.`,
    ...b.notes.map((n) => `- ${n}`),
  ].join('\n');
}

/** The data: subjects, steps, class balance, and what the preprocessing fitted on every training subject keeps. */
export function dataFacts(r: Results): string {
  if (!r.data) return notRecorded('data.json', 'npm run report -- --record');
  const d = r.data;
  const n = d.classCounts.reduce((a, b) => a + b, 0);
  const f = d.features;
  const kept = f.groups.reduce((a, g) => a + g.kept, 0);
  const reasons = [...new Set(f.dropped.map((x) => x.reason))].map((why) => `${f.dropped.filter((x) => x.reason === why).map((x) => `\`${x.name}\``).join(', ')} (${why})`);
  return [
    `- ${d.trainSubjects} training subjects × ${d.steps} steps, ${d.testSubjects} test subjects; classes ` +
      `${d.classes.map((c, i) => `${c} ${d.classCounts[i]} (${(100 * d.classCounts[i] / n).toFixed(1)} %)`).join(', ')}.`,
    `- Fitted on every training subject: ${f.inputs} encoded columns, ${f.dropped.length} dropped: ${reasons.join('; ')}.`,
    `- ${f.groups.length} correlated joint groups (${f.groups.map((g) => g.members.map((m) => m.replace('joint_', '')).join('-')).join(', ')}) become ${kept} ` +
      `principal components, keeping ${f.groups.map((g) => `${(100 * g.explained).toFixed(1)} %`).join(', ')} of each group's variance; ${f.outputs} features reach the models.`,
    `- ${d.provenance.dataSource === 'synthetic' ? `generated data${d.provenance.generator ? ` (generator v${d.provenance.generator.version}, seed ${d.provenance.generator.seed})` : ''}` : 'the real Kaggle files'}, ` +
      `fingerprint \`${d.provenance.dataFingerprint.slice(0, 18)}…\`, recorded ${d.provenance.date.slice(0, 10)}.`,
  ].join('\n');
}

/** Every region the generator knows, by name. */
export const REGIONS: Readonly<Record<string, (r: Results) => string>> = {
  headline,
  'final-table': finalTable,
  'final-differences': differences,
  baselines: baselinesTable,
  sweep: sweepTable,
  grid: gridTable,
  'report-timing': reportTiming,
  bench: benchTable,
  data: dataFacts,
  'full-budget': (r) => fullBudgetText(r.fullBudget),
};


