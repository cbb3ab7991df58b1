// HTML pages for executed notebooks, and the index page linking them. Offline: a page with charts loads plotly.js
// once in <head>, from the shared bundle file beside it or (standalone) inlined; the copies the notebook's first chart
// carries are dropped.
import { BUNDLE_SCRIPT_RE, bundleScript, sharedBundleScript } from '../plots/bundle';
import { escapeHtml, renderMarkdown } from './markdown';
import { type Notebook, type Output, joinSource, notebookTitle } from './notebook';

export interface PageMeta {
  /** File name without extension, e.g. "01-profiling". */
  name: string;
  title?: string;
  /** Run time of the notebook in seconds. */
  seconds?: number;
  /** ISO time of the run. */
  executedAt?: string;
  /** Free-form facts shown under the title (profile, data source). */
  facts?: Record<string, string>;
  /** Link back to the index (default "index.html"; empty string: none). */
  indexHref?: string;
  /** Load plotly.js from this relative URL (the shared bundle file) instead of inlining it (default: inline). */
  bundleSrc?: string;
}

const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

const TS_TOKEN = new RegExp(
  [
    String.raw`(\/\/[^\n]*|\/\*[\s\S]*?\*\/)`, // 1 comment
    String.raw`(\x60(?:\\[\s\S]|[^\x60\\])*\x60|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")`, // 2 string
    String.raw`\b(abstract|as|async|await|break|case|catch|class|const|continue|default|else|export|extends|false|finally|for|from|function|if|import|in|instanceof|interface|let|new|null|of|return|switch|throw|true|try|type|typeof|undefined|var|void|while)\b`, // 3 keyword
    String.raw`(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b)`, // 4 number
  ].join('|'),
  'g',
);

/** Escapes TypeScript source and wraps comments, strings, keywords and numbers in spans for colouring. */
export function highlightTs(src: string): string {
  let out = '';
  let last = 0;
  for (const m of src.matchAll(TS_TOKEN)) {
    out += escapeHtml(src.slice(last, m.index));
    const cls = m[1] ? 'c' : m[2] ? 's' : m[3] ? 'k' : 'n';
    out += `<span class="${cls}">${escapeHtml(m[0])}</span>`;
    last = m.index! + m[0].length;
  }
  return out + escapeHtml(src.slice(last));
}

export const hasPlotly = (nb: Notebook): boolean =>
  nb.cells.some((c) => c.cell_type === 'code' && c.outputs.some((o) => 'data' in o && /Plotly\.newPlot|data-plotly-bundle/.test(joinSource(o.data['text/html'] ?? ''))));

function renderOutput(o: Output): string {
  switch (o.output_type) {
    case 'stream':
      return `<pre class="out stream ${o.name}">${escapeHtml(stripAnsi(joinSource(o.text)))}</pre>`;
    case 'error':
      return `<pre class="out error">${escapeHtml(stripAnsi([`${o.ename}: ${o.evalue}`, ...o.traceback].join('\n')))}</pre>`;
    case 'display_data':
    case 'execute_result': {
      const d = o.data;
      const get = (mime: string): string | undefined => (d[mime] === undefined ? undefined : joinSource(d[mime]));
      const html = get('text/html');
      if (html !== undefined) return `<div class="out html">${html.replace(BUNDLE_SCRIPT_RE, '')}</div>`;
      for (const mime of ['image/png', 'image/jpeg', 'image/gif']) {
        const b64 = get(mime);
        if (b64 !== undefined) return `<div class="out image"><img src="data:${mime};base64,${b64.replace(/\s/g, '')}" alt=""></div>`;
      }
      const svg = get('image/svg+xml');
      if (svg !== undefined) {
        // As an <img>, so markup inside the SVG cannot script the page.
        return `<div class="out image"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" alt=""></div>`;
      }
      const md = get('text/markdown');
      if (md !== undefined) return `<div class="out markdown">${renderMarkdown(md)}</div>`;
      const text = get('text/plain');
      if (text !== undefined) return `<pre class="out text">${escapeHtml(stripAnsi(text))}</pre>`;
      return '';
    }
  }
}

export const PAGE_CSS = `
:root { --fg:#1d232a; --muted:#5b6672; --line:#e3e7ec; --code-bg:#f6f8fa; --accent:#2a6f97; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:#fff; font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; }
main { max-width:1080px; margin:0 auto; padding:24px 28px 64px; }
nav.top { font-size:14px; color:var(--muted); border-bottom:1px solid var(--line); padding-bottom:10px; margin-bottom:8px; }
nav.top a { color:var(--accent); text-decoration:none; }
nav.top span + span::before { content:"·"; margin:0 8px; }
h1,h2,h3,h4 { line-height:1.25; margin:1.4em 0 .5em; }
h1 { font-size:2em; } h2 { font-size:1.5em; border-bottom:1px solid var(--line); padding-bottom:.2em; }
a { color:var(--accent); }
code, pre { font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
p code, li code, td code { background:var(--code-bg); padding:1px 4px; border-radius:4px; }
.cell { margin:14px 0; }
.cell.code .source { position:relative; background:var(--code-bg); border:1px solid var(--line); border-radius:6px; }
.cell.code .source pre { margin:0; padding:10px 44px 10px 12px; overflow-x:auto; }
.cell.code .prompt { position:absolute; right:8px; top:6px; font:12px ui-monospace,monospace; color:#9aa5b1; }
.source .c { color:#6a737d; font-style:italic; } .source .s { color:#032f62; } .source .k { color:#a626a4; } .source .n { color:#005cc5; }
.outputs { margin:6px 0 0; padding-left:12px; border-left:3px solid var(--line); }
pre.out { margin:4px 0; padding:6px 8px; white-space:pre; overflow-x:auto; }
pre.stderr { background:#fff8e6; } pre.error { background:#fdecea; color:#8a1c1c; }
.out.image img { max-width:100%; }
.out.html { overflow-x:auto; }
table { border-collapse:collapse; margin:8px 0; font-size:14px; }
th, td { border:1px solid var(--line); padding:4px 8px; }
.pp-table { overflow-x:auto; } .pp-table td, .pp-table th { white-space:nowrap; }
thead th { background:var(--code-bg); }
tbody tr:nth-child(even) { background:#fafbfc; }
caption, .pp-caption { caption-side:top; text-align:left; color:var(--muted); font-size:13px; padding:2px 0; }
.pp-more { color:var(--muted); font-size:13px; }
blockquote { margin:0; padding:0 1em; color:var(--muted); border-left:4px solid var(--line); }
ul.index { list-style:none; padding:0; } ul.index li { padding:10px 0; border-bottom:1px solid var(--line); }
ul.index .meta { color:var(--muted); font-size:14px; margin-left:8px; }
.failed { color:#b3261e; font-weight:600; }
`;

function page(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
${head}</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The page of an executed notebook: standalone (plotly inlined) unless meta.bundleSrc names the shared bundle. */
export function notebookToHtml(nb: Notebook, meta: PageMeta): string {
  const title = meta.title ?? notebookTitle(nb, meta.name);
  const parts: string[] = [];
  let k = 0;
  for (const cell of nb.cells) {
    const src = joinSource(cell.source);
    if (cell.cell_type === 'markdown') {
      parts.push(`<div class="cell markdown">${renderMarkdown(src)}</div>`);
    } else if (cell.cell_type === 'code') {
      k++;
      const prompt = cell.execution_count === null ? '[ ]' : `[${cell.execution_count}]`;
      const outs = cell.outputs.map(renderOutput).filter((s) => s !== '').join('\n');
      parts.push(
        `<div class="cell code" id="cell-${k}"><div class="source"><span class="prompt">${prompt}</span><pre><code>${highlightTs(src)}</code></pre></div>` +
          (outs ? `\n<div class="outputs">${outs}</div>` : '') +
          `</div>`,
      );
    }
  }
  const facts: string[] = [];
  const indexHref = meta.indexHref ?? 'index.html';
  if (indexHref) facts.push(`<span><a href="${escapeHtml(indexHref)}">← all notebooks</a></span>`);
  facts.push(`<span>${escapeHtml(meta.name)}.ipynb</span>`);
  if (meta.executedAt) facts.push(`<span>run ${escapeHtml(meta.executedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</span>`);
  if (meta.seconds !== undefined) facts.push(`<span>${meta.seconds.toFixed(1)} s</span>`);
  for (const [key, v] of Object.entries(meta.facts ?? {})) facts.push(`<span>${escapeHtml(key)}: ${escapeHtml(v)}</span>`);
  const head = !hasPlotly(nb) ? '' : (meta.bundleSrc === undefined ? bundleScript() : sharedBundleScript(meta.bundleSrc)) + '\n';
  return page(title, `<nav class="top">${facts.join('')}</nav>\n${parts.join('\n')}`, head);
}

export interface IndexEntry {
  name: string;
  title: string;
  href: string;
  seconds?: number;
  ok: boolean;
  error?: string;
  /** Profile the notebook ran under and when (notebooks run with --only keep their earlier entry). */
  profile?: string;
  executedAt?: string;
}

/** The index page linking every notebook page. */
export function indexHtml(entries: IndexEntry[], meta: { title?: string; generatedAt?: string; facts?: Record<string, string> } = {}): string {
  const title = meta.title ?? 'Pirate Pain notebooks';
  const items = entries.map((e) => {
    const status = e.ok ? '' : ` <span class="failed">failed${e.error ? `: ${escapeHtml(e.error)}` : ''}</span>`;
    const meta = [e.name];
    if (e.seconds !== undefined) meta.push(`${e.seconds.toFixed(1)} s`);
    if (e.profile) meta.push(`profile ${e.profile}`);
    if (e.executedAt) meta.push(`run ${e.executedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`);
    const time = `<span class="meta">${escapeHtml(meta.join(' · '))}</span>`;
    return `<li><a href="${escapeHtml(e.href)}">${escapeHtml(e.title)}</a>${time}${status}</li>`;
  });
  const facts = Object.entries(meta.facts ?? {}).map(([k, v]) => `<span>${escapeHtml(k)}: ${escapeHtml(v)}</span>`);
  if (meta.generatedAt) facts.unshift(`<span>generated ${escapeHtml(meta.generatedAt)}</span>`);
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<nav class="top">${facts.join('')}</nav>\n<ul class="index">\n${items.join('\n')}\n</ul>`);
}
