// The front page's figures are the recorded results: every tagged figure is looked up in docs/results by its key and
// formatted here independently; the page is offline (no script, no external URL) and escapes what it quotes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResults, type Estimate, type ModelFigures, type Results } from '../../lib/docs/results';
import { READING_ORDER, frontPage, frontPageHtml, type PageEntry } from '../../lib/report/front-page';

const root = join(__dirname, '..', '..');
const recorded = readResults(root);

const iv = (e: Estimate): string => `${e.estimate.toFixed(4)} [${e.lo.toFixed(4)}, ${e.hi.toFixed(4)}]`;
const sg = (x: number): string => {
  // a bound that would round to 0 keeps the digits that show its sign
  let k = 4;
  while (x !== 0 && Number(Math.abs(x).toFixed(k)) === 0 && k < 12) k++;
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(k)}`;
};
const diff = (e: Estimate): string => `${sg(e.estimate)} [${sg(e.lo)}, ${sg(e.hi)}]`;

/** The text a figure key must show, read straight from the results. */
function expected(r: Results, key: string): string {
  const [group, ...rest] = key.split('.');
  if (group === 'data') {
    const d = r.data!;
    if (rest[0] === 'classes') {
      const i = d.classes.indexOf(rest[1]);
      const n = d.classCounts.reduce((a, b) => a + b, 0);
      return `${d.classCounts[i]} (${(100 * d.classCounts[i] / n).toFixed(1)} %)`;
    }
    if (rest[0] === 'features') {
      const f = d.features;
      return String({ dropped: f.dropped.length, inputs: f.inputs, groups: f.groups.length, outputs: f.outputs, kept: f.groups.reduce((a, g) => a + g.kept, 0) }[rest[1]]);
    }
    return String((d as unknown as Record<string, number>)[rest[0]]);
  }
  if (group === 'sweep' || group === 'grid') {
    const s = r[group]!;
    if (rest[0] === 'best') return iv(s.points[0].val);
    return String(s.points.slice(1).filter((p) => p.vsBest.lo <= 0 && p.vsBest.hi >= 0).length);
  }
  const e = group === 'final' ? r.final! : r.baselines!;
  const m = e.models.find((x) => x.model === rest[0]) as ModelFigures;
  const what = rest.slice(1).join('.');
  switch (what) {
    case 'val': return iv(m.val);
    case 'optimistic': return iv(m.optimistic!);
    case 'oof': return iv(m.oof);
    case 'test': return iv(m.test!);
    case 'report.val': return m.report!.val.toFixed(4);
    case 'report.test': return m.report!.test.toFixed(4);
    case 'vsReference.oof': return diff(m.vsReference!.oof);
    default: throw new Error(`unknown figure key ${key}`);
  }
}

const entries: PageEntry[] = READING_ORDER.map((o, i) => ({ name: `${o.prefix}-x`, title: `Notebook ${o.prefix}`, href: `${o.prefix}-x.html`, seconds: 10 + i, ok: true, profile: 'quick' }));

test('every figure on the front page is the recorded one', () => {
  assert.ok(recorded.final && recorded.baselines, 'docs/results holds the quick final and baseline results');
  const html = frontPageHtml({ results: recorded, source: 'recorded', entries, generatedAt: 'now' });
  const figures = [...html.matchAll(/<span class="fig" data-figure="([^"]+)">([^<]*)<\/span>/g)];
  assert.ok(figures.length >= 20, `${figures.length} figures tagged`);
  for (const [, key, text] of figures) assert.equal(text.replace(/&#39;/g, "'"), expected(recorded, key), key);
  // the headline has every final model, its report figure beside the reproduced one, and the floor
  for (const m of recorded.final.models) {
    assert.ok(html.includes(`data-figure="final.${m.model}.val"`), m.model);
    if (m.report) assert.ok(html.includes(`data-figure="final.${m.model}.report.val"`), m.model);
  }
  assert.ok(html.includes('data-figure="baselines.majority.oof"'));
  assert.ok(html.includes(`<code>${recorded.final.provenance.computePath}</code>`), 'the compute path is named');
});

test('offline and safe: no script, no external URL, every quoted string escaped, each notebook linked', () => {
  const bad = entries.map((e, i) => (i === 4 ? { ...e, ok: false, error: 'cell 3: <script>alert(1)</script>' } : e));
  const html = frontPageHtml({ results: recorded, source: 'recorded', entries: bad, generatedAt: 'now' });
  assert.ok(!/<script/i.test(html), 'no script');
  assert.ok(!/(src|href)="https?:/.test(html), 'no external resource');
  assert.match(html, /failed: cell 3: &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  for (const e of entries) assert.ok(html.includes(`<a href="${e.href}">`), e.href);
  for (const o of READING_ORDER) assert.ok(html.includes(o.question.replace(/'/g, '&#39;')), o.prefix);
});

test('pages that are not this project\'s notebooks keep the plain index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'front-page-'));
  assert.equal(frontPage(join(dir, 'html'), [{ name: '01-plots', title: 'x', href: '01-plots.html', ok: true }], 'now', root), undefined);
});
