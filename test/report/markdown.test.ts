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
      '<pre><code class="language-ts">const a = 1 &lt; 2;\n</code></pre>',
      '<hr>',
      '<blockquote>\n<p>quoted</p>\n</blockquote>\n',
    ].join('\n'),
  );
});

test('lists: unordered, ordered with start, nested by indentation', () => {
  assert.equal(
    renderMarkdown('- a\n- b\n  - c\n  - d\n- e\n\n3. x\n4. y'),
    '<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n<li>d</li>\n</ul>\n</li>\n<li>e</li>\n</ul>\n<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>\n',
  );
  // A paragraph directly followed by a list.
  assert.equal(renderMarkdown('Steps:\n1. one'), '<p>Steps:</p>\n<ol>\n<li>one</li>\n</ol>\n');
});

test('pipe tables with alignment and escaped bars', () => {
  const html = renderMarkdown('| col | n |\n|:---|---:|\n| a \\| b | `1` |\n| c | 2 |');
  assert.equal(
    html,
    '<table>\n<thead>\n<tr>\n<th style="text-align:left">col</th>\n<th style="text-align:right">n</th>\n</tr>\n</thead>\n<tbody>\n' +
      '<tr>\n<td style="text-align:left">a | b</td>\n<td style="text-align:right"><code>1</code></td>\n</tr>\n' +
      '<tr>\n<td style="text-align:left">c</td>\n<td style="text-align:right">2</td>\n</tr>\n</tbody>\n</table>\n',
  );
});

test('raw HTML is shown as text; unsafe link and image targets stay plain text', () => {
  assert.equal(
    renderMarkdown('<div onclick="x()">hi</div>\n\n<script>alert(1)</script>'),
    '<p>&lt;div onclick=&quot;x()&quot;&gt;hi&lt;/div&gt;</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
  );
  // markdown-it alone would keep a data:image target; the pages refuse every scheme but http(s) and mailto
  assert.equal(renderInline('![x](data:image/png;base64,AAAA) [y](JavaScript:alert(1))'), '![x](data:image/png;base64,AAAA) [y](JavaScript:alert(1))');
  assert.equal(renderInline('<https://a.org> <javascript:alert(1)>'), '<a href="https://a.org">https://a.org</a> &lt;javascript:alert(1)&gt;');
  assert.equal(renderMarkdown('## C++ & <T>: `a_b`'), '<h2 id="c-t-a_b">C++ &amp; &lt;T&gt;: <code>a_b</code></h2>\n');
});
