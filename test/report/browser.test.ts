import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { notebookToHtml } from '../../lib/report/html';
import { describeFailure, runNotebook } from '../../lib/report/run-notebook';
import { chromiumBinary, failIfMissing, root, scratchDir, toolGate } from './helpers';

// The exported page of the fixture (run by our runner) opened in headless Chromium, offline: plotly.js from the
// page's <head> must draw both charts.
const { bin, missing } = chromiumBinary();
const scratch = scratchDir('browser');
const profile = mkdtempSync(join(tmpdir(), 'pirate-pain-chromium-'));
after(() => {
  scratch.cleanup();
  rmSync(profile, { recursive: true, force: true });
});

test('an exported notebook page renders its plotly charts in headless Chromium', toolGate(missing), async () => {
  failIfMissing(missing);
  copyFileSync(join(root, 'test', 'report', 'fixtures', 'plots.ipynb'), join(scratch.dir, 'plots.ipynb'));
  const run = await runNotebook(join(scratch.dir, 'plots.ipynb'));
  assert.equal(run.ok, true, describeFailure(run));
  const page = join(scratch.dir, 'plots.html');
  writeFileSync(page, notebookToHtml(run.executed, { name: run.name }));

  const dom = spawnSync(
    bin,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--virtual-time-budget=5000', '--dump-dom',
      pathToFileURL(page).href,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(dom.status, 0, `chromium failed:\n${dom.stderr.slice(-2000)}`);
  const html = dom.stdout;
  // Plotly replaces each chart div's content with a .plot-container holding its SVG layers.
  const containers = html.match(/class="plot-container plotly"/g) ?? [];
  assert.equal(containers.length, 2, 'two rendered charts');
  assert.ok((html.match(/class="main-svg"/g) ?? []).length >= 2);
  assert.ok(/class="[^"]*\bbars\b/.test(html), 'bar trace drawn');
  assert.ok(html.includes('class="gtitle"') && html.includes('Class balance'), 'chart title drawn');
  assert.ok(!html.includes('>plotly.js is not loaded'), 'fallback text shown instead of a chart');
});
