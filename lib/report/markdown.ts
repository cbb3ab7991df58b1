// A small, safe Markdown renderer for notebook narration: headings, paragraphs, emphasis, strong, inline code,
// fenced code, nested lists, links, images, block quotes, rules and pipe tables. All text is HTML-escaped; raw HTML
// in the source is shown as text, and links only keep http(s)/mailto/relative targets.

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Allows http(s), mailto, fragment and relative URLs; anything with another scheme (javascript:, data:) is refused. */
export function safeUrl(url: string): string | undefined {
  const u = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  if (scheme && !/^(https?|mailto)$/i.test(scheme[1])) return undefined;
  return u;
}

const PLACEHOLDER = /\u0000(\d+)\u0000/g;

/** Renders one paragraph's inline markup. */
export function renderInline(text: string): string {
  const held: string[] = [];
  const hold = (html: string): string => `\u0000${held.push(html) - 1}\u0000`;
  // Code spans first: nothing inside them is markup.
  let s = text.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => hold(`<code>${escapeHtml(code.trim())}</code>`));
  s = escapeHtml(s);
  // Images and links; the link text may carry emphasis, so it is rendered after the rest below.
  s = s.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)(?:\s+&quot;(.*?)&quot;)?\)/g, (whole, bang: string, label: string, href: string, title?: string) => {
    const url = safeUrl(href.replace(/&amp;/g, '&'));
    if (url === undefined) return whole;
    const attrUrl = escapeHtml(url);
    const t = title ? ` title="${title}"` : '';
    return bang
      ? hold(`<img src="${attrUrl}" alt="${label}"${t}>`)
      : hold(`<a href="${attrUrl}"${t}>${emphasis(label)}</a>`);
  });
  s = emphasis(s);
  s = s.replace(/ {2,}\n/g, '<br>\n');
  // Placeholders may nest (a code span inside a link label), so restore until none are left.
  while (PLACEHOLDER.test(s)) s = s.replace(PLACEHOLDER, (_, i: string) => held[Number(i)]);
  return s;
}

function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    // Underscores only at word boundaries, so snake_case names (joint_00, pain_survey_1) stay plain.
    .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
    .replace(/\*(?=[^\s*])([^*]*?[^\s*])\*/g, '<em>$1</em>')
    .replace(/(^|[^\w])_(?=[^\s_])([^_]*?[^\s_])_(?!\w)/g, '$1<em>$2</em>');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const TABLE_DELIM = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

const slug = (text: string): string =>
  text.toLowerCase().replace(/<[^>]*>/g, '').replace(/&[a-z#0-9]+;/g, '').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-');

function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  // A `\|` is a literal bar inside a cell.
  return t.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

function renderTable(lines: string[]): string {
  const head = splitRow(lines[0]);
  const align = splitRow(lines[1]).map((d) => (d.startsWith(':') && d.endsWith(':') ? 'center' : d.endsWith(':') ? 'right' : d.startsWith(':') ? 'left' : ''));
  const cell = (tag: string, text: string, i: number): string =>
    `<${tag}${align[i] ? ` style="text-align:${align[i]}"` : ''}>${renderInline(text)}</${tag}>`;
  const rows = lines.slice(2).map((l) => {
    const cells = splitRow(l);
    return `<tr>${head.map((_, i) => cell('td', cells[i] ?? '', i)).join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

const indentOf = (line: string): number => (/^\s*/.exec(line.replace(/\t/g, '    '))?.[0].length ?? 0);

/** Parses a list starting at lines[start]; returns the HTML and the index after it. */
function renderList(lines: string[], start: number): [string, number] {
  const first = LIST_ITEM.exec(lines[start])!;
  const baseIndent = indentOf(first[1]);
  const ordered = /\d/.test(first[2]);
  const items: string[][] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i];
    const m = LIST_ITEM.exec(line);
    if (m && indentOf(m[1]) === baseIndent && /\d/.test(m[2]) === ordered) {
      items.push([m[3]]);
      i++;
      continue;
    }
    if (line.trim() === '') {
      // A blank line continues the list only when an indented line follows.
      const next = lines[i + 1];
      if (next !== undefined && indentOf(next) > baseIndent && next.trim() !== '') {
        items[items.length - 1].push('');
        i++;
        continue;
      }
      break;
    }
    if (indentOf(line) > baseIndent) {
      items[items.length - 1].push(line.replace(/\t/g, '    ').slice(Math.min(indentOf(line), baseIndent + 2)));
      i++;
      continue;
    }
    // Lazy continuation of the item's paragraph.
    if (!m && !startsBlock(line)) {
      items[items.length - 1].push(line);
      i++;
      continue;
    }
    break;
  }
  const startAttr = ordered && parseInt(first[2], 10) !== 1 ? ` start="${parseInt(first[2], 10)}"` : '';
  const tag = ordered ? 'ol' : 'ul';
  const body = items.map((item) => {
    let html = renderBlocks(item);
    // Tight items: a lone paragraph is shown without <p>.
    const lone = /^<p>([\s\S]*?)<\/p>/.exec(html);
    if (lone && !item.includes('')) html = lone[1] + html.slice(lone[0].length);
    return `<li>${html}</li>`;
  });
  return [`<${tag}${startAttr}>\n${body.join('\n')}\n</${tag}>`, i];
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || LIST_ITEM.test(line) || QUOTE.test(line);
}

const tableStarts = (lines: string[], i: number): boolean =>
  lines[i].includes('|') && i + 1 < lines.length && lines[i + 1].includes('-') && TABLE_DELIM.test(lines[i + 1]);

function renderBlocks(lines: string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const close = new RegExp(`^ {0,3}${fence[1][0]}{${fence[1].length},}\\s*$`);
      const body: string[] = [];
      i++;
      while (i < lines.length && !close.test(lines[i])) body.push(lines[i++]);
      i++;
      const cls = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      out.push(`<pre><code${cls}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const n = heading[1].length;
      const html = renderInline(heading[2]);
      out.push(`<h${n} id="${slug(html)}">${html}</h${n}>`);
      i++;
      continue;
    }
    // A rule wins over a list item ("- - -"), as in CommonMark.
    if (RULE.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && (QUOTE.test(lines[i]) || body.length > 0)) {
        const q = QUOTE.exec(lines[i]);
        body.push(q ? q[1] : lines[i]);
        i++;
      }
      out.push(`<blockquote>\n${renderBlocks(body)}\n</blockquote>`);
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const [html, next] = renderList(lines, i);
      out.push(html);
      i = next;
      continue;
    }
    if (tableStarts(lines, i)) {
      const rows = [line, lines[i + 1]];
      i += 2;
      while (i < lines.length && lines[i].trim() !== '' && lines[i].includes('|')) rows.push(lines[i++]);
      out.push(renderTable(rows));
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && (para.length === 0 || !(startsBlock(lines[i]) || tableStarts(lines, i)))) {
      para.push(lines[i++]);
    }
    out.push(`<p>${renderInline(para.join('\n').trim())}</p>`);
  }
  return out.join('\n');
}

/** Renders Markdown source to an HTML fragment. */
export function renderMarkdown(source: string): string {
  return renderBlocks(source.replace(/\r\n?/g, '\n').split('\n'));
}
