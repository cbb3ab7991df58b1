// Showing figures and tables in a tslab notebook: each call emits one text/html display_data.
import { randomBytes } from 'node:crypto';
import * as tslab from 'tslab';
import { bundleScript } from './bundle';
import { DEFAULT_HEIGHT, type Figure } from './figures';

export interface PlotOptions {
  /** Include the plotly bundle in this output; default: only in the first plot of the kernel process. */
  bundle?: boolean;
  /** Element id of the chart's div (default: random, so charts of several open notebooks never collide). */
  id?: string;
}

/** JSON for inside a <script>: `<` escaped so no string in the data can close the tag; floats to 7 digits. */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Number(v.toPrecision(7)) : v,
  );
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The HTML of one chart: a div and a script drawing into it (plus the plotly bundle when `bundle` is set). */
export function plotHtml(fig: Figure, opts: { bundle: boolean; id?: string }): string {
  const id = opts.id ?? `pp-plot-${randomBytes(6).toString('hex')}`;
  const height = fig.layout?.height ?? DEFAULT_HEIGHT;
  const config = { responsive: true, displaylogo: false, ...fig.config };
  const script =
    `(function(){var el=document.getElementById(${JSON.stringify(id)});` +
    `if(!window.Plotly){el.textContent='plotly.js is not loaded here: rerun the notebook (or trust it) to see this chart.';return;}` +
    `window.Plotly.newPlot(el,${scriptJson(fig.data)},${scriptJson(fig.layout ?? {})},${scriptJson(config)});})();`;
  return (
    (opts.bundle ? bundleScript() : '') +
    `<div id="${id}" class="pp-plot" style="width:100%;height:${height}px"></div>\n<script>${script}</script>`
  );
}

// The "bundle already sent" flag lives on globalThis, i.e. per kernel process: tslab re-evaluates lib modules after
// an edit, which would reset a module-level flag.
interface PlotState { __piratePainPlotlySent?: boolean }
const state = globalThis as PlotState;

/** Displays a plotly figure; the first call in a kernel also ships plotly.js itself. */
export function plot(fig: Figure, opts: PlotOptions = {}): void {
  const bundle = opts.bundle ?? !state.__piratePainPlotlySent;
  tslab.display.html(plotHtml(fig, { bundle, id: opts.id }));
  if (bundle) state.__piratePainPlotlySent = true;
}

/** Forgets that the bundle was sent (after a page reload in a live session, call this then rerun a plot). */
export function resetPlotBundle(): void {
  state.__piratePainPlotlySent = false;
}

// ---------- tables ----------

export type Row = Record<string, unknown>;
/** Anything with arquero's `toHTML()` (an arquero table), or plain rows. */
export interface HtmlTable { toHTML(options?: { limit?: number }): string }

export interface TableOptions {
  /** Rows shown at most (default 50); the rest are counted in a footer line. */
  maxRows?: number;
  /** Significant digits for non-integer numbers (default 4). */
  digits?: number;
  caption?: string;
  /** Column order/subset (default: keys of the first row, then any new keys of later rows). */
  columns?: string[];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function formatCell(v: unknown, digits: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(digits - 1) : String(Number(v.toPrecision(digits)));
  }
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>, (x) => formatCell(x, digits)).join(', ');
  return JSON.stringify(v);
}

/** Renders rows (plain objects, e.g. arquero's `objects()`) or an arquero table as an HTML table. */
export function tableHtml(rows: readonly object[] | HtmlTable, opts: TableOptions = {}): string {
  const maxRows = opts.maxRows ?? 50;
  const caption = opts.caption ? `<caption>${esc(opts.caption)}</caption>` : '';
  if (!Array.isArray(rows)) {
    const html = (rows as HtmlTable).toHTML({ limit: maxRows });
    return `<div class="pp-table">${caption ? `<div class="pp-caption">${esc(opts.caption!)}</div>` : ''}${html}</div>`;
  }
  const list = rows as readonly Row[];
  const digits = opts.digits ?? 4;
  const columns = opts.columns ?? [...new Set(list.flatMap((r) => Object.keys(r)))];
  const numeric = columns.map((c) => list.every((r) => r[c] === undefined || r[c] === null || typeof r[c] === 'number'));
  const align = (i: number): string => (numeric[i] ? ' style="text-align:right"' : '');
  const head = `<tr>${columns.map((c, i) => `<th${align(i)}>${esc(c)}</th>`).join('')}</tr>`;
  const body = list
    .slice(0, maxRows)
    .map((r) => `<tr>${columns.map((c, i) => `<td${align(i)}>${esc(formatCell(r[c], digits))}</td>`).join('')}</tr>`)
    .join('\n');
  const more = list.length > maxRows ? `<div class="pp-more">… ${list.length - maxRows} more rows (${list.length} in all)</div>` : '';
  return `<div class="pp-table"><table>${caption}<thead>${head}</thead>\n<tbody>\n${body}\n</tbody></table>${more}</div>`;
}

/** Displays rows or an arquero table. */
export function table(rows: readonly object[] | HtmlTable, opts: TableOptions = {}): void {
  tslab.display.html(tableHtml(rows, opts));
}
