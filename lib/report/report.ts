// The report: run every notebook in a fresh kernel, write executed copies, HTML pages and an index.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative } from 'node:path';
import { loadConfig, type Profile } from '../experiments/config/config';
import { PROFILE_ENV, selectProfile } from '../experiments/config/profiles';
import { QUEUE_ENV } from '../experiments/remote/queue-options';
import { planExperiment } from '../experiments/search/search';
import { outputsDir, projectRoot } from '../paths';
import { type IndexEntry, indexHtml } from './html';
import { frontPage } from './front-page';
import { notebookTitle, readNotebook } from './notebook';
import { writeNotebookPage } from './pages';
import { exportPdf } from './pdf';
import { type NotebookRun, type RunProgress, describeFailure, runNotebook, writeExecuted } from './run-notebook';


export interface ReportOptions {
  root?: string;
  /** Default <root>/notebooks. */
  notebooksDir?: string;
  /** Default <root>/outputs; pages go to <out>/html, executed copies to <out>/notebooks. */
  outDir?: string;
  /** Notebook names or name prefixes ("01", "02-correlation-pca"); default all. */
  only?: string[];
  /** Passed to the notebooks as $PIRATE_PAIN_PROFILE; default: $PIRATE_PAIN_PROFILE, else quick (selectProfile). */
  profile?: Profile;
  /** Passed to the notebooks as $PIRATE_PAIN_QUEUE: their experiments' folds go to that queue's workers. */
  queue?: string;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Echo what cells print, as they print it. */
  verbose?: boolean;
  /**
   * Notebooks run at the same time, each in its own kernel process (default: $PIRATE_PAIN_REPORT_JOBS, else
   * min(cores, 2)). Kernel start-up and tslab's compile of the imports are single-threaded, so a cached rerun is
   * about twice as fast on two cores; trials two notebooks share are trained once (the store's fold locks).
   */
  jobs?: number;
  /** Pages with plotly inlined (one file each, for mailing) instead of one shared bundle file beside them. */
  standalone?: boolean;
  /** Also print the front page and every listed page into <out>/report.pdf (headless Chromium). */
  pdf?: boolean;
}

export const REPORT_JOBS_ENV = 'PIRATE_PAIN_REPORT_JOBS';

/** The jobs option, else $PIRATE_PAIN_REPORT_JOBS, else min(cores, 2); anything but a positive integer is an error. */
export function reportJobs(jobs?: number): number {
  const env = process.env[REPORT_JOBS_ENV];
  const n = jobs ?? (env !== undefined && env !== '' ? Number(env) : Math.min(availableParallelism(), 2));
  if (!Number.isInteger(n) || n < 1) throw new Error(`report jobs: expected a positive integer${jobs === undefined ? ` in $${REPORT_JOBS_ENV}` : ''}, got ${jobs ?? env}`);
  return n;
}

export interface ReportResult { ok: boolean; runs: NotebookRun[]; indexPath: string; seconds: number; pdf?: string }

/** notebooks/*.ipynb in name order, filtered by `only`; an `only` entry that matches nothing is an error. */
export function listNotebooks(dir: string, only?: string[]): string[] {
  if (!existsSync(dir)) throw new Error(`notebook folder not found: ${dir}`);
  const all = readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();
  if (!only || only.length === 0) return all.map((f) => join(dir, f));
  for (const o of only) {
    if (!all.some((f) => f.startsWith(o))) throw new Error(`--only ${o}: no notebook in ${dir} starts with "${o}" (have: ${all.join(', ')})`);
  }
  return all.filter((f) => only.some((o) => f.startsWith(o))).map((f) => join(dir, f));
}

interface Manifest { entries: IndexEntry[] }

function readManifest(file: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    return Array.isArray(m.entries) ? m : { entries: [] };
  } catch {
    return { entries: [] };
  }
}

/**
 * Every experiment config in <notebooks>/configs, each trial checked whole for the profile (planExperiment, as the
 * notebooks' runExperiment and `pirate-pain run` do): a bad config stops the report before any notebook runs.
 */
export function checkConfigs(nbDir: string, profile: Profile): string[] {
  const dir = join(nbDir, 'configs');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.json5')).sort().map((f) => join(dir, f));
  for (const f of files) planExperiment(loadConfig(f), profile, f);
  return files;
}

/**
 * Writes report.json and index.html. Pages of notebooks not run this time stay listed (from earlier runs) as long as
 * their page still exists.
 */
function writeIndex(htmlDir: string, manifest: Manifest): string {
  manifest.entries = manifest.entries.filter((e) => existsSync(join(htmlDir, e.href))).sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(join(htmlDir, 'report.json'), JSON.stringify(manifest, null, 2) + '\n');
  const indexPath = join(htmlDir, 'index.html');
  const generatedAt = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  // this project's notebooks get the front page (lib/report/front-page.ts); any other set of pages the plain index
  writeFileSync(indexPath, frontPage(htmlDir, manifest.entries, generatedAt) ?? indexHtml(manifest.entries, { generatedAt }));
  return indexPath;
}

/** Prints <out>/report.pdf from the exported folder: the front page, then every listed page in name order. */
async function writePdf(out: string, manifest: Manifest, root: string, log: (line: string) => void): Promise<string> {
  const htmlDir = join(out, 'html');
  const r = await exportPdf({ htmlDir, pages: manifest.entries.map((e) => ({ name: e.name, title: e.title })), out: join(out, 'report.pdf') });
  log(`pdf: ${relative(root, r.file)} (${r.parts} notebooks, ${r.plots} charts, ${r.pages} pages, ${(r.bytes / 1e6).toFixed(1)} MB) in ${r.seconds.toFixed(1)} s`);
  return r.file;
}

export interface ExportOptions {
  root?: string;
  /** Default <root>/outputs: executed notebooks are read from <out>/notebooks, pages go to <out>/html. */
  outDir?: string;
  only?: string[];
  standalone?: boolean;
  pdf?: boolean;
  log?: (line: string) => void;
}

/**
 * Re-exports the pages and the index from the executed notebooks of an earlier report, without running anything:
 * run time, profile and date come from the earlier report's report.json.
 */
export async function exportReport(opts: ExportOptions = {}): Promise<{ pages: string[]; indexPath: string; pdf?: string }> {
  const root = opts.root ?? projectRoot();
  const log = opts.log ?? ((l: string) => console.log(l));
  const out = opts.outDir ?? outputsDir(root);
  const htmlDir = join(out, 'html');
  const executed = listNotebooks(join(out, 'notebooks'), opts.only);
  if (executed.length === 0) throw new Error(`no executed notebooks in ${join(out, 'notebooks')}: run the report first`);
  mkdirSync(htmlDir, { recursive: true });
  const manifest = readManifest(join(htmlDir, 'report.json'));
  const pages = executed.map((file) => {
    const name = basename(file, '.ipynb');
    const nb = readNotebook(file);
    const title = notebookTitle(nb, name);
    const earlier = manifest.entries.find((e) => e.name === name);
    const facts = earlier?.profile ? { profile: earlier.profile } : undefined;
    const page = writeNotebookPage(nb, { name, title, seconds: earlier?.seconds, executedAt: earlier?.executedAt, facts }, htmlDir, { standalone: opts.standalone });
    if (!earlier) manifest.entries.push({ name, title, href: `${name}.html`, ok: true });
    else earlier.title = title;
    log(`  ${relative(root, file)} → ${relative(root, page)}`);
    return page;
  });
  const indexPath = writeIndex(htmlDir, manifest);
  return { pages, indexPath, ...(opts.pdf ? { pdf: await writePdf(out, manifest, root, log) } : {}) };
}

const pad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export async function runReport(opts: ReportOptions = {}): Promise<ReportResult> {
  const root = opts.root ?? projectRoot();
  const log = opts.log ?? ((l: string) => console.log(l));
  const nbDir = opts.notebooksDir ?? join(root, 'notebooks');
  const out = opts.outDir ?? outputsDir(root);
  const htmlDir = join(out, 'html');
  const executedDir = join(out, 'notebooks');
  const files = listNotebooks(nbDir, opts.only);
  if (files.length === 0) throw new Error(`no notebooks in ${nbDir}`);
  const profile = selectProfile(opts.profile);
  const configs = checkConfigs(nbDir, profile);
  if (configs.length > 0) log(`configs: ${configs.map((f) => relative(nbDir, f)).join(', ')} checked for profile ${profile}`);
  mkdirSync(htmlDir, { recursive: true });
  const env: Record<string, string> = { [PROFILE_ENV]: profile, ...(opts.queue ? { [QUEUE_ENV]: opts.queue } : {}) };
  const facts = { profile };
  const started = Date.now();
  const manifest = readManifest(join(htmlDir, 'report.json'));

  const jobs = Math.min(reportJobs(opts.jobs), files.length);
  // with several notebooks at once, each progress line names its notebook
  const lineOf = (file: string) => (jobs > 1 ? (l: string) => log(l.replace(/^( *)/, `$1[${basename(file, '.ipynb').slice(0, 2)}] `)) : log);
  const runOne = async (file: string): Promise<NotebookRun> => {
    const rel = relative(root, file);
    const say = lineOf(file);
    log(`▶ ${rel} (profile ${profile})`);
    const executedAt = new Date().toISOString();
    const onProgress = (p: RunProgress): void => {
      if (p.kind === 'kernel-ready') {
        say(`  kernel ready in ${p.seconds.toFixed(1)} s`);
      } else if (p.kind === 'cell-end') {
        const c = `cell ${pad(String(p.cell), String(p.of).length)}/${p.of}`;
        say(`  ${c} ${pad(p.seconds.toFixed(2), 7)} s ${p.ok ? ' ' : '✗'} ${p.firstLine}`);
      } else if (p.kind === 'output' && opts.verbose && p.output.output_type === 'stream') {
        process.stdout.write(String(p.output.text).replace(/^(?=.)/gm, '      │ '));
      }
    };
    const run = await runNotebook(file, { root, env, onProgress });
    const executedPath = writeExecuted(run, executedDir);
    const title = notebookTitle(run.executed, run.name);
    writeNotebookPage(run.executed, { name: run.name, title, seconds: run.seconds, executedAt, facts }, htmlDir, { standalone: opts.standalone });
    const entry: IndexEntry = { name: run.name, title, href: `${run.name}.html`, seconds: run.seconds, ok: run.ok, executedAt, profile };
    if (!run.ok) entry.error = run.failure ? `cell ${run.failure.cell}: ${run.failure.message}` : 'incomplete';
    manifest.entries = manifest.entries.filter((e) => e.name !== run.name).concat(entry);
    if (run.ok) {
      log(`  ✓ ${run.name} in ${run.seconds.toFixed(1)} s → ${relative(root, executedPath)}, ${relative(root, join(htmlDir, `${run.name}.html`))}`);
    } else {
      log(`  ✗ ${describeFailure(run)}`);
    }
    return run;
  };
  // notebooks start in name order, `jobs` at a time; results keep that order
  const runs = new Array<NotebookRun>(files.length);
  let next = 0;
  const slot = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      runs[i] = await runOne(files[i]);
    }
  };
  await Promise.all(Array.from({ length: jobs }, slot));

  const indexPath = writeIndex(htmlDir, manifest);
  const pdf = opts.pdf ? await writePdf(out, manifest, root, log) : undefined;
  const seconds = (Date.now() - started) / 1000;
  const ok = runs.every((r) => r.ok);
  log(`${ok ? '✓' : '✗'} ${runs.filter((r) => r.ok).length}/${runs.length} notebooks ok in ${seconds.toFixed(1)} s; index: ${relative(root, indexPath)}`);
  return { ok, runs, indexPath, seconds, ...(pdf ? { pdf } : {}) };
}
