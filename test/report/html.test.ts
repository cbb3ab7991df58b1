import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLE_ATTRIBUTE, SHARED_BUNDLE_ATTRIBUTE, plotlyBundle } from '../../lib/plots/bundle';
import { plotHtml } from '../../lib/plots/display';
import { bar } from '../../lib/plots/figures';
import { highlightTs, indexHtml, notebookToHtml } from '../../lib/report/html';
import type { CodeCell, Notebook } from '../../lib/report/notebook';
import { notebook } from './helpers';

const count = (s: string, sub: string): number => s.split(sub).length - 1;
const fig = bar({ categories: ['a'], series: [{ name: 'n', values: [1] }] });

function executed(): Notebook {
  const nb = notebook([{ md: '# Profiling *the data*\n\nSome `code` here.' }, 'plot(a)', 'plot(b)\nconsole.error("w")', 'x']);
  const [c1, c2, c3] = nb.cells.filter((c): c is CodeCell => c.cell_type === 'code');
  // As the runner stores them: the first chart carries the bundle (as one string), the second does not.
  c1.execution_count = 1;
  c1.outputs = [{ output_type: 'display_data', data: { 'text/html': plotHtml(fig, { bundle: true, id: 'c1' }) }, metadata: {} }];
  c2.execution_count = 2;
  c2.outputs = [
    { output_type: 'display_data', data: { 'text/html': plotHtml(fig, { bundle: false, id: 'c2' }).split(/(?<=\n)/) }, metadata: {} },
    { output_type: 'stream', name: 'stderr', text: ['\u001b[33mw\u001b[39m <careful>\n'] },
    { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=\n', 'text/plain': 'img' }, metadata: {} },
    { output_type: 'display_data', data: { 'text/plain': ['a < b\n'] }, metadata: {} },
  ];
  c3.execution_count = 3;
  c3.outputs = [{ output_type: 'error', ename: 'TypeError', evalue: 'x is <bad>', traceback: ['at cell'] }];
  return nb;
}

test('notebook page: plotly inlined exactly once in <head>, outputs rendered by type, text escaped', () => {
  const html = notebookToHtml(executed(), { name: '01-profiling', seconds: 12.34, executedAt: '2026-01-02T03:04:05.678Z', facts: { profile: 'quick' } });
  assert.equal(count(html, `<script ${BUNDLE_ATTRIBUTE}=`), 1);
  const bundleAt = html.indexOf(`<script ${BUNDLE_ATTRIBUTE}=`);
  assert.ok(bundleAt > 0 && bundleAt < html.indexOf('</head>'));
  assert.ok(html.includes(plotlyBundle().source.slice(-200)));
  assert.equal(count(html, 'window.Plotly.newPlot(el,'), 2);
  assert.ok(html.includes('<div id="c1" class="pp-plot"') && html.includes('<div id="c2" class="pp-plot"'));
  assert.ok(html.includes('<title>Profiling the data</title>'));
  assert.ok(html.includes('<h1 id="profiling-the-data">Profiling <em>the data</em></h1>'));
  assert.ok(html.includes('<pre class="out stream stderr">w &lt;careful&gt;\n</pre>'));
  assert.ok(html.includes('<img src="data:image/png;base64,iVBORw0KGgo="'));
  assert.ok(html.includes('<pre class="out text">a &lt; b\n</pre>'));
  assert.ok(html.includes('TypeError: x is &lt;bad&gt;\nat cell'));
  assert.ok(html.includes('<span class="prompt">[3]</span>'));
  assert.ok(html.includes('12.3 s') && html.includes('profile: quick') && html.includes('run 2026-01-02 03:04:05Z'));
  assert.ok(html.includes('href="index.html"'));
});

test('a page without charts carries no plotly; code is escaped and highlighted', () => {
  const nb = notebook(['const s = "<b>"; // note\nlet n = 42;']);
  const html = notebookToHtml(nb, { name: 'x', indexHref: '' });
  assert.ok(!html.includes(BUNDLE_ATTRIBUTE));
  assert.ok(html.length < 20_000);
  assert.ok(!html.includes('all notebooks'));
  assert.equal(
    highlightTs('const s = "<b>"; // note\nlet n = 42;'),
    '<span class="k">const</span> s = <span class="s">&quot;&lt;b&gt;&quot;</span>; <span class="c">// note</span>\n<span class="k">let</span> n = <span class="n">42</span>;',
  );
});

test('index page links every notebook with its title and run time and flags failures', () => {
  const html = indexHtml([
    { name: '01-profiling', title: 'Profiling', href: '01-profiling.html', seconds: 20.04, ok: true, profile: 'quick', executedAt: '2026-01-02T03:04:05.678Z' },
    { name: '02-pca', title: 'PCA <groups>', href: '02-pca.html', seconds: 3, ok: false, error: 'cell 2: boom' },
  ]);
  assert.ok(html.includes('<a href="01-profiling.html">Profiling</a><span class="meta">01-profiling · 20.0 s · profile quick · run 2026-01-02 03:04:05Z</span>'));
  assert.ok(html.includes('<a href="02-pca.html">PCA &lt;groups&gt;</a>'));
  assert.ok(html.includes('failed: cell 2: boom'));
  assert.equal(count(html, '<li>'), 2);
});

test('with bundleSrc a page loads plotly from that file (escaped) instead of inlining it; a page without charts loads none', () => {
  const html = notebookToHtml(executed(), { name: '01-profiling', bundleSrc: 'plotly-3.7.0.min.js' });
  assert.equal(count(html, `<script ${SHARED_BUNDLE_ATTRIBUTE} src="plotly-3.7.0.min.js"></script>`), 1);
  assert.ok(html.indexOf(SHARED_BUNDLE_ATTRIBUTE) < html.indexOf('</head>'));
  assert.equal(count(html, `<script ${BUNDLE_ATTRIBUTE}`), 0, 'the copy the first chart carried is dropped too');
  assert.ok(html.length < 50_000);
  assert.equal(count(html, 'window.Plotly.newPlot(el,'), 2);
  assert.ok(notebookToHtml(executed(), { name: 'x', bundleSrc: 'a"b.js' }).includes('src="a&#34;b.js"'));
  assert.ok(!notebookToHtml(notebook(['1']), { name: 'x', bundleSrc: 'plotly.js' }).includes('plotly.js'));
});
