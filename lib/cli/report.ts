// `pirate-pain report`: run the notebooks and export them as HTML.
import { PROFILES, type Profile } from '../experiments/config/config';
import { exportReport, runReport } from '../report/report';
import { selectProfile } from '../experiments/config/profiles';
import { recordAndRewrite } from '../docs/main';
import { outputsDir } from '../paths';
import { UsageError, runCommand, commandRoot } from './args';

export const usage = `pirate-pain report [--only 01,02] [--profile smoke|quick|full] [--queue URL] [--jobs N] [--verbose] [--no-repair] [--standalone] [--export-only] [--pdf] [--record]

Runs notebooks/*.ipynb in name order, each in a fresh tslab kernel (no Python), and writes
  outputs/notebooks/<name>.ipynb   executed copies (outputs filled)
  outputs/html/<name>.html         pages that open offline from disk
  outputs/html/plotly-<v>.min.js   plotly.js, shared by the pages (loaded by a relative src)
  outputs/html/index.html          links to every page with its run time
  outputs/report.pdf               with --pdf: the front page and every notebook in one PDF with bookmarks
Options:
  --only LIST      comma-separated notebook names or prefixes (e.g. 01,02)
  --profile NAME   passed to the notebooks as PIRATE_PAIN_PROFILE (smoke|quick|full;
                   default: $PIRATE_PAIN_PROFILE, else quick)
  --queue URL      train the experiments' folds on the workers of a Redis queue (passed to the notebooks as
                   $PIRATE_PAIN_QUEUE; default: $PIRATE_PAIN_QUEUE or the file $PIRATE_PAIN_QUEUE_FILE, which keep
                   the password off the command line; start workers with pirate-pain worker)
  --jobs N         notebooks run at the same time, each in its own kernel (default: $PIRATE_PAIN_REPORT_JOBS,
                   else min(cores, 2))
  --verbose        echo what cells print while they run
  --no-repair      a damaged stored result stops the report (exit 1) instead of being moved aside and retrained
  --standalone     inline plotly.js into every page (~5 MB each; one file opens alone, e.g. mailed)
  --export-only    run nothing: export the pages again from outputs/notebooks (an earlier report's executed copies)
  --pdf            also print the whole report into outputs/report.pdf with the system's headless Chromium (offline;
                   charts as vector graphics, each notebook from a new page, a linked contents page and bookmarks)
  --record         when every notebook passed: record the figures and timings to docs/results/*.json and rewrite the
                   generated regions of README.md, docs/ and data/README.md (lib/docs)
Exits 1 naming the notebook, the cell and the error when a cell fails.`;

const spec = {
  only: { kind: 'string' },
  profile: { kind: 'string' },
  verbose: { kind: 'flag' },
  queue: { kind: 'string' },
  jobs: { kind: 'string' },
  'no-repair': { kind: 'flag' },
  standalone: { kind: 'flag' },
  'export-only': { kind: 'flag' },
  pdf: { kind: 'flag' },
  record: { kind: 'flag' },
} as const;

export async function run(argv: string[]): Promise<number> {
  return runCommand('report', usage, argv, spec, async ({ options }) => {
    const profile = options.profile;
    if (profile !== undefined && !(PROFILES as readonly string[]).includes(profile)) {
      throw new UsageError(`--profile ${profile}: expected one of ${PROFILES.join(', ')}`);
    }
    // the notebook kernels inherit this process's environment (lib/store/store.ts repairByDefault)
    if (options['no-repair']) process.env.PIRATE_PAIN_NO_REPAIR = '1';
    const only = options.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const standalone = options.standalone === true;
    const pdf = options.pdf === true;
    if (options['export-only']) {
      await exportReport({ root: commandRoot(), only, standalone, pdf });
      return 0;
    }
    const jobs = options.jobs === undefined ? undefined : Number(options.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError(`--jobs ${options.jobs}: expected a positive integer`);
    const result = await runReport({ root: commandRoot(), only, profile: profile as Profile | undefined, queue: options.queue, verbose: options.verbose === true, jobs, standalone, pdf });
    if (options.record && result.ok) recordAndRewrite(commandRoot(), outputsDir(commandRoot()), selectProfile(profile as Profile | undefined));
    return result.ok ? 0 : 1;
  });
}
