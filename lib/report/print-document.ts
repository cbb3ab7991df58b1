// One HTML document of the whole exported report, for printing: the front page, a linked contents page, then every
// notebook page on pages of its own. The document's own classes are pp-prefixed: the front page's styles apply to the
// whole document and must not restyle its parts. Built from the exported folder's own pages, so whatever the front page and the
// pages show is what the PDF shows.

export interface PrintPart {
  /** File name without extension ("01-profiling"); the part's anchor is #nb-<name>. */
  name: string;
  title: string;
  /** The exported page's HTML. */
  html: string;
}

/** Width of the printed text column in CSS px: A4 (210 mm) less 12 mm margins, at 96 px per inch. */
export const PRINT_WIDTH_PX = Math.floor(((210 - 2 * 12) / 25.4) * 96);

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The inner HTML of a page's <main> (the whole <body> when there is no <main>). */
export function mainOf(html: string): string {
  const m = /<main[^>]*>([\s\S]*)<\/main>/i.exec(html) ?? /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  return m ? m[1] : html;
}

/** The <style> blocks of a page's head, in order. */
export function stylesOf(html: string): string[] {
  const head = /<head[^>]*>([\s\S]*?)<\/head>/i.exec(html)?.[1] ?? '';
  return head.match(/<style[^>]*>[\s\S]*?<\/style>/gi) ?? [];
}

/** Links to the report's own pages become links inside the document; the bundle tags of the pages are dropped. */
function relink(html: string, names: readonly string[]): string {
  let out = html;
  for (const n of names) out = out.split(`href="${n}.html"`).join(`href="#nb-${n}"`);
  return out.replace(/href="index\.html"/g, 'href="#front"').replace(/<script data-plotly-(?:shared|bundle)[^>]*>[\s\S]*?<\/script>/g, '');
}

const PRINT_CSS = `
@page { size: A4; margin: 14mm 12mm 16mm; }
html, body { margin: 0; padding: 0; max-width: none; }
main, .pp-part { max-width: none; width: ${PRINT_WIDTH_PX}px; margin: 0; padding: 0; }
.pp-part:not(.pp-front) { break-before: page; } /* not .part + .part: plotly inserts its own svg into <body> */
.pp-contents ol { padding-left: 1.4em; } .pp-contents li { margin: 4px 0; }
.pp-contents .toc-title { font-size: 1.5em; font-weight: 600; margin: 0 0 .6em; }
.pp-plot, .out.image, table { break-inside: avoid; }
.cell.code .source pre, pre.out { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
.out.html { overflow: visible; }
.pp-table { overflow: hidden; }
.pp-table.cut::after { content: "(wider than the page: cut here; the HTML page shows every column)"; display: block; color: #5b6672; font-size: 10px; }
.modebar-container { display: none !important; }
table { font-size: 11px; }
h1, h2, h3, h4 { white-space: pre-wrap; } /* Chromium's outline drops the space where a heading wraps, unless kept */
code, pre { font-size: 11px; }
`;

/**
 * Run in the laid-out document before printing: a table wider than the column is scaled down to fit, to at most half
 * size (smaller is unreadable); what is still wider is cut at the column's edge and says so. Returns how many tables
 * were scaled and cut.
 */
export const FIT_TABLES_SCRIPT = `(() => {
  let scaled = 0, cut = 0;
  for (const box of document.querySelectorAll('.pp-table')) {
    const table = box.querySelector('table');
    if (!table || table.scrollWidth <= box.clientWidth) continue;
    const zoom = Math.max(0.5, box.clientWidth / table.scrollWidth);
    table.style.zoom = String(zoom);
    scaled++;
    if (table.getBoundingClientRect().width > box.clientWidth + 1) { box.classList.add('cut'); cut++; }
  }
  return { scaled, cut };
})()`;

/**
 * The print document. `bundle` is a script tag loading plotly.js (the pages' shared file); the contents page lists
 * every part, linked to its anchor, and each part starts on a new page.
 */
export function printDocument(front: { title: string; html: string }, parts: readonly PrintPart[], bundle: string): string {
  const names = parts.map((p) => p.name);
  const styles = [...new Set([front.html, ...parts.map((p) => p.html)].flatMap(stylesOf))];
  const contents =
    `<section class="pp-part pp-contents" id="contents"><p class="toc-title">Contents</p><ol>` +
    parts.map((p) => `<li><a href="#nb-${p.name}">${esc(p.title)}</a> <span class="meta">(${esc(p.name)})</span></li>`).join('') +
    `</ol></section>`;
  // chart ids are random per run, but the same notebook printed twice would repeat them: each part gets its own
  const sections = parts.map((p, k) => {
    const body = relink(mainOf(p.html), names).replace(/\bpp-plot-([0-9a-f]+)\b/g, `pp-plot-${k + 1}-$1`);
    return `<section class="pp-part pp-notebook" id="nb-${p.name}">\n${body}\n</section>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(front.title)}</title>
${styles.join('\n')}
<style>${PRINT_CSS}</style>
${bundle}
</head>
<body>
<section class="pp-part pp-front" id="front">
${relink(mainOf(front.html), names)}
</section>
${contents}
${sections.join('\n')}
</body>
</html>
`;
}
