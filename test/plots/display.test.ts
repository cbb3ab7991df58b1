import { test } from 'node:test';
import * as aq from 'arquero';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BUNDLE_ATTRIBUTE, BUNDLE_SCRIPT_RE, plotlyBundle } from '../../lib/plots/bundle';
import { formatCell, plot, plotHtml, resetPlotBundle, scriptJson, table, tableHtml } from '../../lib/plots/display';
import { bar } from '../../lib/plots/figures';
import { projectRoot } from '../../lib/paths';

interface Shown { data: Record<string, string> }
// tslab's display API writes through this process-wide hook; a kernel sets it, here the test does.
const jupyter = createRequire(join(projectRoot(), 'package.json'))('tslab/dist/jupyter') as {
  lastWriteDisplayData: ((d: Shown, update: boolean) => void) | null;
};
function capture(fn: () => void): Shown[] {
  const shown: Shown[] = [];
  jupyter.lastWriteDisplayData = (d) => shown.push(d);
  try {
    fn();
  } finally {
    jupyter.lastWriteDisplayData = null;
  }
  return shown;
}
const count = (s: string, sub: string): number => s.split(sub).length - 1;
const fig = bar({ categories: ['a', 'b'], series: [{ name: 'n', values: [1, 2] }], title: 'Bars' });

test('plot: the first call of a kernel carries the plotly bundle, the second does not', () => {
  resetPlotBundle();
  const shown = capture(() => {
    plot(fig);
    plot(fig);
  });
  assert.equal(shown.length, 2);
  const [first, second] = shown.map((s) => s.data['text/html']);
  assert.equal(count(first + second, `<script ${BUNDLE_ATTRIBUTE}=`), 1);
  assert.equal(count(first, `<script ${BUNDLE_ATTRIBUTE}=`), 1);
  // The bundle really is plotly.js (its banner), and each output draws its own div.
  assert.ok(first.includes(plotlyBundle().source.slice(0, 200)));
  for (const html of [first, second]) {
    const id = /<div id="([^"]+)" class="pp-plot"/.exec(html)?.[1];
    assert.ok(id, 'chart div');
    assert.ok(html.includes(`document.getElementById(${JSON.stringify(id)})`));
    assert.ok(html.includes('Plotly.newPlot'));
  }
  assert.notEqual(/id="([^"]+)"/.exec(first)?.[1], /id="([^"]+)"/.exec(second)?.[1]);
  assert.ok(!second.includes(plotlyBundle().source.slice(0, 200)));
  // An explicit request ships it again (after a page reload in a live session).
  const again = capture(() => plot(fig, { bundle: true }));
  assert.equal(count(again[0].data['text/html'], `<script ${BUNDLE_ATTRIBUTE}=`), 1);
});

test('plotHtml: the figure JSON cannot close the script tag, floats are shortened; BUNDLE_SCRIPT_RE strips the bundle', () => {
  const evil = bar({ categories: ['</script><b>x'], series: [{ name: 'n', values: [1 / 3] }] });
  const html = plotHtml(evil, { bundle: true, id: 'p1' });
  const scripts = html.match(/<script[\s>]/g) ?? [];
  assert.equal(scripts.length, 2);
  assert.equal(count(html, '</script>'), 2);
  assert.ok(html.includes('\\u003c/script>\\u003cb>x'));
  assert.ok(html.includes('0.3333333') && !html.includes('0.33333333'));
  const stripped = html.replace(BUNDLE_SCRIPT_RE, '');
  assert.equal(count(stripped, '<script'), 1);
  assert.ok(stripped.startsWith('<div id="p1"'));
  assert.equal(scriptJson({ a: NaN, b: 2 }), '{"a":null,"b":2}');
});

test('table: rows as an HTML table with escaped cells, numbers right-aligned and rounded, extra rows counted', () => {
  const rows = [
    { name: '<a>', value: 1.23456789, n: 3 },
    { name: 'b', value: 0.00001234, n: 4 },
    { name: 'c', value: NaN, n: 5 },
  ];
  const html = tableHtml(rows, { maxRows: 2, caption: 'Caption' });
  assert.ok(html.includes('<caption>Caption</caption>'));
  assert.ok(html.includes('<th style="text-align:right">value</th>'));
  assert.ok(html.includes('<th>name</th>'));
  assert.ok(html.includes('<td>&lt;a&gt;</td>'));
  assert.ok(html.includes('>1.235<'));
  assert.ok(html.includes('>1.234e-5<'));
  assert.equal(count(html, '<tr>'), 3); // header + 2 rows
  assert.ok(html.includes('1 more rows (3 in all)'));
  assert.equal(formatCell(NaN, 4), 'NaN');
  assert.equal(formatCell(new Float32Array([0.5, 2]), 4), '0.5, 2');
  // An arquero table renders through its own toHTML, limited to maxRows.
  const aqHtml = tableHtml(aq.table({ k: ['x', 'y', 'z'], v: [1, 2, 3] }), { maxRows: 2 });
  assert.ok(aqHtml.includes('>x<') && aqHtml.includes('>y<') && !aqHtml.includes('>z<'));
  const shown = capture(() => table(rows));
  assert.equal(shown.length, 1);
  assert.ok(shown[0].data['text/html'].includes('<td>b</td>'));
});
