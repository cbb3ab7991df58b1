import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_ATTRIBUTE, SHARED_BUNDLE_ATTRIBUTE, bundleFileName, plotlyBundle } from '../../lib/plots/bundle';
import { type CodeCell, readNotebook, serializeNotebook } from '../../lib/report/notebook';
import { exportReport, listNotebooks, reportJobs, runReport } from '../../lib/report/report';
import { notebook, root, scratchDir } from './helpers';

const scratch = scratchDir('report');
after(scratch.cleanup);

test('listNotebooks: name order, --only by prefix, unknown prefixes named', () => {
  for (const n of ['02-b.ipynb', '01-a.ipynb', '10-c.ipynb', 'notes.txt']) writeFileSync(join(scratch.dir, n), '{}');
  const names = (files: string[]): string[] => files.map((f) => f.slice(scratch.dir.length + 1));
  assert.deepEqual(names(listNotebooks(scratch.dir)), ['01-a.ipynb', '02-b.ipynb', '10-c.ipynb']);
  assert.deepEqual(names(listNotebooks(scratch.dir, ['10', '01'])), ['01-a.ipynb', '10-c.ipynb']);
  assert.throws(() => listNotebooks(scratch.dir, ['03']), /--only 03: no notebook in .* starts with "03" \(have: 01-a\.ipynb, 02-b\.ipynb, 10-c\.ipynb\)/);
});

test('runReport writes executed copies, pages and an index; a failing notebook is flagged and fails the report', async () => {
  const nbDir = join(scratch.dir, 'notebooks');
  mkdirSync(nbDir);
  symlinkSync(join('..', 'lib'), join(nbDir, 'lib'));
  copyFileSync(join(root, 'test', 'report', 'fixtures', 'plots.ipynb'), join(nbDir, '01-plots.ipynb'));
  writeFileSync(join(nbDir, '02-broken.ipynb'), serializeNotebook(notebook([{ md: '# Broken one' }, "console.log(process.env.PIRATE_PAIN_PROFILE);", 'undefinedFunction();'])));
  const outDir = join(scratch.dir, 'out');
  const lines: string[] = [];
  const result = await runReport({ root, notebooksDir: nbDir, outDir, profile: 'smoke', jobs: 1, log: (l) => lines.push(l) });

  assert.equal(result.ok, false);
  assert.deepEqual(result.runs.map((r) => [r.name, r.ok]), [['01-plots', true], ['02-broken', false]]);
  const executed = readNotebook(join(outDir, 'notebooks', '01-plots.ipynb'));
  assert.ok(executed.cells.filter((c): c is CodeCell => c.cell_type === 'code').every((c) => c.execution_count !== null && c.outputs.length > 0));
  const broken = readNotebook(join(outDir, 'notebooks', '02-broken.ipynb')).cells.filter((c): c is CodeCell => c.cell_type === 'code');
  assert.deepEqual(broken[0].outputs, [{ output_type: 'stream', name: 'stdout', text: ['smoke\n'] }], 'profile reaches the kernel');
  assert.equal(broken[1].outputs[0].output_type, 'error');

  // light pages: plotly is one shared file beside them, loaded by a relative src; nothing of it inlined
  const page = readFileSync(join(outDir, 'html', '01-plots.html'), 'utf8');
  const bundle = bundleFileName();
  assert.match(bundle, /^plotly-\d+\.\d+\.\d+\.min\.js$/);
  assert.equal(page.split(`<script ${SHARED_BUNDLE_ATTRIBUTE} src="${bundle}"></script>`).length - 1, 1);
  assert.ok(!page.includes(`<script ${BUNDLE_ATTRIBUTE}`));
  assert.ok(page.length < 100_000, `page without the bundle: ${page.length} bytes`);
  assert.equal(statSync(join(outDir, 'html', bundle)).size, Buffer.byteLength(plotlyBundle().source));
  assert.ok(!readFileSync(join(outDir, 'html', '02-broken.html'), 'utf8').includes('plotly'), 'a page without charts loads no plotly');
  assert.ok(page.includes('profile: smoke'));
  const index = readFileSync(join(outDir, 'html', 'index.html'), 'utf8');
  assert.ok(index.includes('<a href="01-plots.html">Fixture: plots through the lib link</a>'));
  assert.match(index, /<a href="02-broken\.html">Broken one<\/a>.*failed: cell 2: 1:1 - Cannot find name &#39;undefinedFunction&#39;\./);
  assert.ok(lines.some((l) => /^ {2}cell 1\/3 +\d+\.\d\d s {3}import \{ bar, line, plot, table \}/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('✗ 02-broken.ipynb: cell 2/2 `undefinedFunction();` failed to compile:')));

  // A later --only run re-runs one notebook and keeps the other listed.
  const again = await runReport({ root, notebooksDir: nbDir, outDir, only: ['02'], jobs: 1, log: () => {} });
  assert.deepEqual(again.runs.map((r) => r.name), ['02-broken']);
  const index2 = readFileSync(join(outDir, 'html', 'index.html'), 'utf8');
  assert.ok(index2.includes('01-plots.html') && index2.includes('02-broken.html'));
  assert.ok(existsSync(join(outDir, 'html', 'report.json')));

  // --export-only --standalone: the pages again from the executed copies, plotly inlined, run facts kept
  const exported: string[] = [];
  const { pages } = await exportReport({ root, outDir, standalone: true, log: (l) => exported.push(l) });
  assert.deepEqual(pages.map((p) => p.slice(join(outDir, 'html').length + 1)), ['01-plots.html', '02-broken.html']);
  const standalone = readFileSync(join(outDir, 'html', '01-plots.html'), 'utf8');
  assert.equal(standalone.split(`<script ${BUNDLE_ATTRIBUTE}=`).length - 1, 1);
  assert.ok(!standalone.includes(SHARED_BUNDLE_ATTRIBUTE));
  assert.ok(standalone.includes('profile: smoke'), 'facts of the earlier run kept');
  assert.match(readFileSync(join(outDir, 'html', 'index.html'), 'utf8'), /02-broken\.html.*failed: cell 2/);
  await assert.rejects(exportReport({ root, outDir: join(scratch.dir, 'nothing-run') }), /notebook folder not found|no executed notebooks/);
});

test('runReport with two jobs: both kernels at once, results in name order, progress lines name their notebook', async () => {
  const nbDir = join(scratch.dir, 'jobs');
  mkdirSync(nbDir);
  symlinkSync(join('..', 'lib'), join(nbDir, 'lib'));
  // each notebook records when it ran; with two jobs the second starts before the first ends
  const stamp = (name: string): string => `const fs = require('node:fs'); fs.writeFileSync('${name}.start', String(Date.now())); await new Promise((r) => setTimeout(r, 1500)); fs.writeFileSync('${name}.end', String(Date.now())); console.log('${name}');`;
  writeFileSync(join(nbDir, '01-a.ipynb'), serializeNotebook(notebook([{ md: '# A' }, stamp('a')])));
  writeFileSync(join(nbDir, '02-b.ipynb'), serializeNotebook(notebook([{ md: '# B' }, stamp('b')])));
  writeFileSync(join(nbDir, '03-c.ipynb'), serializeNotebook(notebook([{ md: '# C' }, "console.log('c');"])));
  const lines: string[] = [];
  const result = await runReport({ root, notebooksDir: nbDir, outDir: join(scratch.dir, 'jobs-out'), profile: 'smoke', jobs: 2, log: (l) => lines.push(l) });
  assert.equal(result.ok, true);
  assert.deepEqual(result.runs.map((r) => r.name), ['01-a', '02-b', '03-c']);
  const t = (f: string): number => Number(readFileSync(join(nbDir, f), 'utf8'));
  assert.ok(t('b.start') < t('a.end') && t('a.start') < t('b.end'), 'the two kernels overlapped');
  assert.ok(lines.some((l) => /^ {2}\[01\] cell 1\/1 /.test(l)) && lines.some((l) => /^ {2}\[02\] cell 1\/1 /.test(l)), lines.join('\n'));
  assert.throws(() => reportJobs(0), /positive integer/);
});
