// Every page of the report as a reader opens it, and the report's PDF. The pages are exported again from the last
// report's executed notebooks (outputs/notebooks) when it has every notebook, else from a smoke-profile report run
// here. Each page must draw every chart offline from the shared bundle beside it; every chart is screenshotted at a
// screen width and at the PDF's print width into outputs/screenshots/ (kept as the suite's artefacts, so a change in
// how a chart reads can be seen) and checked for what a reader cannot read; the PDF has one section per notebook.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SHARED_BUNDLE_ATTRIBUTE, bundleFileName } from '../../lib/plots/bundle';
import { Chromium } from '../../lib/report/chromium';
import { type PageCheck, checkPage } from '../../lib/report/legibility';
import { notebookTitle, readNotebook } from '../../lib/report/notebook';
import { PRINT_WIDTH_PX } from '../../lib/report/print-document';
import { exportReport, listNotebooks, runReport } from '../../lib/report/report';
import { chromiumBinary, failIfMissing, root, scratchDir, toolGate } from './helpers';
import { pdfOutline } from './pdf-outline';

process.env.PIRATE_PAIN_GEMM ??= 'builtin';

const { bin, missing } = chromiumBinary();
const scratch = scratchDir('pages');
after(scratch.cleanup);
const artefacts = join(root, 'outputs', 'screenshots');

test('every page draws its charts offline from the shared bundle, every chart reads, and the PDF has one section per notebook', { ...toolGate(missing), timeout: 60 * 60 * 1000 }, async () => {
  failIfMissing(missing);
  const notebooks = listNotebooks(join(root, 'notebooks')).map((f) => basename(f, '.ipynb'));
  const executed = join(root, 'outputs', 'notebooks');
  const complete = notebooks.every((n) => existsSync(join(executed, `${n}.ipynb`)));
  const out = join(scratch.dir, 'out');
  if (complete) {
    mkdirSync(join(out, 'html'), { recursive: true });
    // the executed copies are read from the project's outputs; the pages and the PDF go to the scratch folder
    const manifest = join(root, 'outputs', 'html', 'report.json');
    if (existsSync(manifest)) writeFileSync(join(out, 'html', 'report.json'), readFileSync(manifest));
    mkdirSync(join(out, 'notebooks'));
    for (const n of notebooks) writeFileSync(join(out, 'notebooks', `${n}.ipynb`), readFileSync(join(executed, `${n}.ipynb`)));
    await exportReport({ root, outDir: out, pdf: true, log: () => {} });
  } else {
    const r = await runReport({ root, outDir: out, profile: 'smoke', pdf: true, log: () => {} });
    assert.equal(r.ok, true, r.runs.filter((x) => !x.ok).map((x) => x.name).join(', '));
  }
  const htmlDir = join(out, 'html');
  assert.deepEqual(readdirSync(htmlDir).filter((f) => /\.js$/.test(f)), [bundleFileName()], 'one shared bundle');

  rmSync(artefacts, { recursive: true, force: true });
  const browser = Chromium.launch(bin);
  const checks: Record<string, PageCheck> = {};
  try {
    for (const n of notebooks) {
      const html = readFileSync(join(htmlDir, `${n}.html`), 'utf8');
      const charts = (html.match(/class="pp-plot"/g) ?? []).length;
      if (charts > 0) assert.ok(html.includes(`<script ${SHARED_BUNDLE_ATTRIBUTE} src="${bundleFileName()}"></script>`), `${n} loads the shared bundle`);
      for (const width of [1100, PRINT_WIDTH_PX]) {
        const c = await checkPage(browser, join(htmlDir, `${n}.html`), width, join(artefacts, `${width}px`, n));
        checks[`${width}px/${n}`] = c;
        assert.deepEqual({ page: n, plots: c.plots, drawn: c.drawn, remote: c.remoteRequests }, { page: n, plots: charts, drawn: charts, remote: [] });
      }
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(artefacts, 'checks.json'), JSON.stringify(checks, null, 2) + '\n');
  const problems = Object.entries(checks).flatMap(([page, c]) => c.charts.flatMap((ch) => ch.problems.map((p) => `${page} chart ${ch.index} (${ch.title}): ${p}`)));
  assert.deepEqual(problems, [], `charts a reader cannot read (screenshots in ${artefacts}):\n${problems.join('\n')}`);

  const pdf = readFileSync(join(out, 'report.pdf'));
  writeFileSync(join(artefacts, 'report.pdf'), pdf);
  const outline = pdfOutline(pdf);
  const titles = notebooks.map((n) => notebookTitle(readNotebook(join(out, 'notebooks', `${n}.ipynb`)), n));
  // the front page's title, then one top-level bookmark per notebook, in order, each at the top of a new page
  assert.deepEqual(outline.slice(1).map((o) => o.title), titles);
  outline.slice(1).forEach((o, k) => {
    assert.ok(o.page > (k === 0 ? outline[0].page : outline[k].page), `${o.title} starts a new page`);
    assert.ok(o.y > 700, `${o.title} at the top of its page`);
  });
});
