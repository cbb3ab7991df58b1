import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_ATTRIBUTE, SHARED_BUNDLE_ATTRIBUTE, bundleFileName } from '../../lib/plots/bundle';
import { Chromium } from '../../lib/report/chromium';
import { indexHtml } from '../../lib/report/html';
import { checkPage } from '../../lib/report/legibility';
import { writeNotebookPage } from '../../lib/report/pages';
import { exportPdf } from '../../lib/report/pdf';
import { type NotebookRun, describeFailure, runNotebook } from '../../lib/report/run-notebook';
import { chromiumBinary, failIfMissing, root, scratchDir, toolGate } from './helpers';
import { pdfLinkTargets, pdfOutline, pdfPageCount } from './pdf-outline';

// The fixture notebook (run by our runner, two charts) exported as pages and printed, in the system's headless
// Chromium, offline.
const { bin, missing } = chromiumBinary();
const scratch = scratchDir('browser');
let run: NotebookRun;
let browser: Chromium | undefined;
before(async () => {
  if (missing) return;
  copyFileSync(join(root, 'test', 'report', 'fixtures', 'plots.ipynb'), join(scratch.dir, 'plots.ipynb'));
  run = await runNotebook(join(scratch.dir, 'plots.ipynb'));
  browser = Chromium.launch(bin);
});
after(async () => {
  await browser?.close();
  scratch.cleanup();
});

test('a light page draws its charts from the shared bundle beside it, asking nothing of the network', toolGate(missing), async () => {
  failIfMissing(missing);
  assert.equal(run.ok, true, describeFailure(run));
  const page = writeNotebookPage(run.executed, { name: 'light' }, scratch.dir);
  const html = readFileSync(page, 'utf8');
  assert.ok(html.includes(`<script ${SHARED_BUNDLE_ATTRIBUTE} src="${bundleFileName()}"></script>`) && !html.includes(BUNDLE_ATTRIBUTE));
  const check = await checkPage(browser!, page, 1100, join(scratch.dir, 'shots'));
  assert.deepEqual({ plots: check.plots, drawn: check.drawn, notLoaded: check.notLoaded, remote: check.remoteRequests }, { plots: 2, drawn: 2, notLoaded: 0, remote: [] });
  assert.equal(check.charts[0].title, 'Class balance');
  assert.deepEqual(check.charts.flatMap((c) => c.problems), []);
  // the screenshots are PNGs of the charts' size
  const png = readFileSync(check.charts[0].png!);
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.equal(png.readUInt32BE(16), Math.round(check.charts[0].box.width));

  // without the bundle file beside it the same page shows the fallback text instead of charts
  const moved = join(scratch.dir, 'elsewhere');
  const orphan = writeNotebookPage(run.executed, { name: 'orphan' }, scratch.dir);
  writeFileSync(join(scratch.dir, 'orphan-copy.html'), readFileSync(orphan, 'utf8').replace(`src="${bundleFileName()}"`, `src="${moved}/${bundleFileName()}"`));
  const broken = await checkPage(browser!, join(scratch.dir, 'orphan-copy.html'), 1100);
  assert.equal(broken.notLoaded, 2);
});

test('a standalone page carries plotly itself and draws alone', toolGate(missing), async () => {
  failIfMissing(missing);
  const page = writeNotebookPage(run.executed, { name: 'standalone' }, join(scratch.dir), { standalone: true });
  assert.equal(readFileSync(page, 'utf8').split(`<script ${BUNDLE_ATTRIBUTE}=`).length - 1, 1);
  const check = await checkPage(browser!, page, 1100);
  assert.equal(check.drawn, 2);
});

test('the PDF: front page, linked contents, each notebook from the top of a new page with a bookmark, charts as vectors', toolGate(missing), async () => {
  failIfMissing(missing);
  const dir = join(scratch.dir, 'pdf');
  const pages = [{ name: '01-first', title: 'Fixture: plots through the lib link' }, { name: '02-second', title: 'Fixture: plots through the lib link' }];
  mkdirSync(dir, { recursive: true });
  for (const p of pages) writeNotebookPage(run.executed, { name: p.name }, dir);
  writeFileSync(join(dir, 'index.html'), indexHtml(pages.map((p) => ({ ...p, href: `${p.name}.html`, ok: true })), { title: 'Fixture report' }));
  const r = await exportPdf({ htmlDir: dir, pages, out: join(dir, 'report.pdf'), chromium: bin });
  assert.deepEqual([r.parts, r.plots], [2, 4]);
  const pdf = readFileSync(r.file);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const outline = pdfOutline(pdf);
  assert.deepEqual(outline.map((o) => o.title), ['Fixture report', 'Fixture: plots through the lib link', 'Fixture: plots through the lib link']);
  const [front, first, second] = outline;
  assert.equal(front.page, 1);
  // page 2 is the contents; each notebook starts a page of its own, at its top (A4 is 842 pt high)
  assert.ok(first.page >= 3 && second.page > first.page, `notebooks on pages ${first.page}, ${second.page}`);
  for (const o of [first, second]) assert.ok(o.y > 700, `${o.title} starts ${o.y} pt from the bottom of its page`);
  assert.equal(pdfPageCount(pdf), r.pages);
  assert.ok(r.pages >= second.page);
  // the contents page and the front page link into the document
  assert.deepEqual(pdfLinkTargets(pdf).filter((t) => t.startsWith('nb-')).sort(), ['nb-01-first', 'nb-02-second']);
  // vector charts: plotly's SVG prints as paths, so the PDF holds no raster image at all
  assert.equal((pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length, 0);
});
