import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInline, renderMarkdown, safeUrl } from '../../lib/report/markdown';

test('inline: emphasis, strong, code; snake_case names stay plain; HTML is escaped', () => {
  assert.equal(renderInline('a *b* **c** _d_ __e__'), 'a <em>b</em> <strong>c</strong> <em>d</em> <strong>e</strong>');
  assert.equal(renderInline('joint_00 and pain_survey_1 and n_legs'), 'joint_00 and pain_survey_1 and n_legs');
  assert.equal(renderInline('`x **y** <z>` and <b>'), '<code>x **y** &lt;z&gt;</code> and &lt;b&gt;');
  assert.equal(renderInline('a & b "c"'), 'a &amp; b &quot;c&quot;');
});

test('links and images keep safe targets only; link text may carry markup', () => {
  assert.equal(renderInline('[the **docs**](https://x.org/a?b=1&c=2)'), '<a href="https://x.org/a?b=1&amp;c=2">the <strong>docs</strong></a>');
  assert.equal(renderInline('[rel](../html/index.html)'), '<a href="../html/index.html">rel</a>');
  assert.equal(renderInline('[x](javascript:alert)'), '[x](javascript:alert)');
  assert.equal(renderInline('![chart](img.png)'), '<img src="img.png" alt="chart">');
  assert.equal(safeUrl('data:text/html,hi'), undefined);
  assert.equal(safeUrl('mailto:a@b.c'), 'mailto:a@b.c');
});

test('blocks: headings with ids, paragraphs, fenced code escaped, rules, quotes', () => {
  const html = renderMarkdown('# Data *profile*\n\nline one\nline two\n\n```ts\nconst a = 1 < 2;\n```\n\n---\n\n> quoted\n');
  assert.equal(
    html,
    [
      '<h1 id="data-profile">Data <em>profile</em></h1>',
      '<p>line one\nline two</p>',
      '<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>',
      '<hr>',
      '<blockquote>\n<p>quoted</p>\n</blockquote>',
    ].join('\n'),
  );
});

test('lists: unordered, ordered with start, nested by indentation', () => {
  assert.equal(
    renderMarkdown('- a\n- b\n  - c\n  - d\n- e\n\n3. x\n4. y'),
    '<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n<li>d</li>\n</ul></li>\n<li>e</li>\n</ul>\n<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>',
  );
  // A paragraph directly followed by a list.
  assert.equal(renderMarkdown('Steps:\n1. one'), '<p>Steps:</p>\n<ol>\n<li>one</li>\n</ol>');
});

test('pipe tables with alignment and escaped bars', () => {
  const html = renderMarkdown('| col | n |\n|:---|---:|\n| a \\| b | `1` |\n| c | 2 |');
  assert.equal(
    html,
    '<table>\n<thead><tr><th style="text-align:left">col</th><th style="text-align:right">n</th></tr></thead>\n<tbody>\n' +
      '<tr><td style="text-align:left">a | b</td><td style="text-align:right"><code>1</code></td></tr>\n' +
      '<tr><td style="text-align:left">c</td><td style="text-align:right">2</td></tr>\n</tbody>\n</table>',
  );
});
