// Typed plotly figure builders: pure functions from data to plain {data, layout} objects (JSON, no plotly import).
// Summaries that would otherwise embed every raw value (histogram bins, box quartiles) are computed here, so a chart
// over 100k values stays a few kilobytes in the notebook and the exported page.
import { LABELS } from '../data/schema';
import { quantileSorted } from '../data/stats';
import { CLASS_COLORS, PALETTE, seriesColors } from './palette';

// the colours are defined once, in palette.ts; re-exported here for the notebooks' existing imports
export { CLASS_COLORS, PALETTE };

export interface Trace { type: string; name?: string; [key: string]: unknown }
export interface Axis {
  title?: { text: string };
  type?: 'linear' | 'log' | 'category';
  autorange?: boolean | 'reversed';
  range?: [number, number];
  [key: string]: unknown;
}
export interface Annotation { x: string | number; y: string | number; text: string; showarrow: false; font?: { color: string; size?: number } }
export interface Layout {
  title?: { text: string; font?: { size?: number }; [key: string]: unknown };
  xaxis?: Axis;
  yaxis?: Axis;
  height?: number;
  width?: number;
  barmode?: 'group' | 'stack' | 'overlay' | 'relative';
  bargap?: number;
  annotations?: Annotation[];
  showlegend?: boolean;
  margin?: { l?: number; r?: number; t?: number; b?: number };
  [key: string]: unknown;
}
export interface Figure { data: Trace[]; layout?: Layout; config?: Record<string, unknown> }

/** Height of a chart whose options give none (plotHtml draws it at this height too). */
export const DEFAULT_HEIGHT = 420;

/** Options every builder takes. */
export interface Common { title?: string; xTitle?: string; yTitle?: string; height?: number; width?: number }


const toArray = (a: ArrayLike<number>): number[] => Array.from(a);

/** Title lines at most this long: they fit a chart on a printed A4 page (about 690 px) at the title's 16 px. */
export const TITLE_LINE_CHARS = 72;

/** Breaks a title at spaces into lines of at most `width` characters (a longer word stays whole), joined by <br>. */
export function wrapTitle(text: string, width = TITLE_LINE_CHARS): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('<br>');
}

/** Top margin that holds a title (wrapped by wrapTitle), or 20 px without one. */
function titleMargin(text: string | undefined): number {
  return text ? 30 + 20 * wrapTitle(text).split('<br>').length : 20;
}

/** Height one row of a legend below the chart takes, in px; entries are counted two to a row (a printed chart). */
const LEGEND_ROW_PX = 20;

/**
 * The layout every builder starts from. With a legend (`legendEntries` > 0) the legend goes below the chart, across
 * its width, and the chart grows by its rows: a legend at the side would take a third of a printed chart's width.
 */
function baseLayout(o: Common, extra: Layout = {}, legendEntries = 0): Layout {
  // plotly does not wrap titles: a long one is broken into lines here, and the top margin grows with them
  const title = o.title ? wrapTitle(o.title) : undefined;
  const layout: Layout = { margin: { l: 60, r: 20, t: titleMargin(o.title), b: 50 }, ...extra };
  if (title) layout.title = { text: title, font: { size: 16 } };
  // automargin: long tick labels (feature names) push the margin instead of being cut off
  layout.xaxis = { automargin: true, ...(extra.xaxis ?? {}), ...(o.xTitle ? { title: { text: o.xTitle } } : {}) };
  layout.yaxis = { automargin: true, ...(extra.yaxis ?? {}), ...(o.yTitle ? { title: { text: o.yTitle } } : {}) };
  if (o.height) layout.height = o.height;
  if (o.width) layout.width = o.width;
  if (layout.showlegend && legendEntries > 0) {
    layout.legend = { orientation: 'h', x: 0, xanchor: 'left', yref: 'container', y: 0, yanchor: 'bottom' };
    layout.height = (layout.height ?? DEFAULT_HEIGHT) + LEGEND_ROW_PX * Math.ceil(legendEntries / 2);
  }
  return layout;
}

function checkLength(what: string, got: number, want: number): void {
  if (got !== want) throw new Error(`${what}: ${got} values, expected ${want}`);
}

// ---------- bar ----------

export interface BarSeries {
  name?: string;
  values: ArrayLike<number>;
  color?: string | string[];
  text?: string[];
  /** error bars from lo to hi per bar (e.g. a 95 % interval) */
  error?: { lo: ArrayLike<number>; hi: ArrayLike<number> };
}
export interface BarOptions extends Common {
  categories: readonly string[];
  series: BarSeries[];
  horizontal?: boolean;
  stacked?: boolean;
}

/** Hatching for the second, third… series of one colour (e.g. two figures of one model), so they stay apart. */
const HATCHES = ['/', 'x', '.', '\\'] as const;

/**
 * Bars with optional error bars and value labels. A value label is drawn above its bar, level, and only where it fits
 * the bar's width at a legible size (uniformtext hides the rest); a series with error bars keeps its labels for the
 * hover only, since a label above the bar would sit across the error bar.
 */
export function bar(o: BarOptions): Figure {
  const colors = seriesColors(o.series.map((s) => s.name));
  const uses = new Map<string, number>();
  let labels = false;
  const data = o.series.map((s, i): Trace => {
    checkLength(`bar series ${s.name ?? i}`, s.values.length, o.categories.length);
    const values = toArray(s.values);
    const cats = [...o.categories];
    const t: Trace = {
      type: 'bar',
      name: s.name,
      x: o.horizontal ? values : cats,
      y: o.horizontal ? cats : values,
      orientation: o.horizontal ? 'h' : 'v',
      marker: { color: s.color ?? colors[i] },
    };
    const color = s.color ?? colors[i];
    if (typeof color === 'string') {
      const n = uses.get(color) ?? 0;
      uses.set(color, n + 1);
      if (n > 0) (t.marker as Record<string, unknown>).pattern = { shape: HATCHES[(n - 1) % HATCHES.length], solidity: 0.4 };
    }
    if (s.text && s.error) {
      t.hovertext = s.text;
    } else if (s.text) {
      t.text = s.text;
      Object.assign(t, { textposition: 'outside', textangle: 0, cliponaxis: false });
      labels = true;
    }
    if (s.error) t[o.horizontal ? 'error_x' : 'error_y'] = errorBars(values, s.error.lo, s.error.hi);
    return t;
  });
  return {
    data,
    layout: baseLayout(o, {
      barmode: o.stacked ? 'stack' : 'group',
      showlegend: o.series.length > 1,
      ...(labels ? { uniformtext: { minsize: 11, mode: 'hide' } } : {}),
      ...(o.horizontal ? { yaxis: { autorange: 'reversed', automargin: true } } : {}),
    }, o.series.length),
  };
}

// ---------- histogram ----------

export interface Bins { edges: Float64Array; counts: Float64Array }

/**
 * Counts `values` into `bins` equal bins over [lo, hi] (numpy's convention: the last bin includes hi).
 * Non-finite values and values outside the range are skipped.
 */
export function binValues(values: ArrayLike<number>, bins: number, lo: number, hi: number): Bins {
  if (!(bins >= 1) || !Number.isInteger(bins)) throw new Error(`bins must be a positive integer, got ${bins}`);
  if (!(hi >= lo)) throw new Error(`histogram range [${lo}, ${hi}] is empty`);
  const width = hi > lo ? (hi - lo) / bins : 1;
  const edges = new Float64Array(bins + 1);
  for (let b = 0; b <= bins; b++) edges[b] = lo + b * width;
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { edges, counts };
}

/** Finite minimum and maximum of several arrays ([NaN, NaN] when there is none). */
export function finiteRange(arrays: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

export interface HistogramOptions extends Common {
  series: { name: string; values: ArrayLike<number>; color?: string }[];
  bins?: number;
  range?: [number, number];
  /** 'probability': each series sums to 1, so groups of different sizes compare. */
  normalize?: 'count' | 'probability';
  logY?: boolean;
}

/** Histogram of one or more series over shared bins, drawn as pre-binned bar traces. */
export function histogram(o: HistogramOptions): Figure {
  const bins = o.bins ?? 40;
  let [lo, hi] = o.range ?? finiteRange(o.series.map((s) => s.values));
  if (Number.isNaN(lo)) [lo, hi] = [0, 1];
  const colors = seriesColors(o.series.map((s) => s.name));
  const data = o.series.map((s, i): Trace => {
    const { edges, counts } = binValues(s.values, bins, lo, hi);
    let y = toArray(counts);
    if (o.normalize === 'probability') {
      const total = y.reduce((a, b) => a + b, 0);
      if (total > 0) y = y.map((c) => c / total);
    }
    const w = edges[1] - edges[0];
    return {
      type: 'bar',
      name: s.name,
      x: Array.from({ length: bins }, (_, b) => edges[b] + w / 2),
      y,
      width: w,
      opacity: o.series.length > 1 ? 0.6 : 1,
      marker: { color: s.color ?? colors[i] },
      hovertemplate: `${s.name}<br>[%{customdata[0]:.4g}, %{customdata[1]:.4g}): %{y}<extra></extra>`,
      customdata: Array.from({ length: bins }, (_, b) => [edges[b], edges[b + 1]]),
    };
  });
  return {
    data,
    layout: baseLayout(
      { yTitle: o.normalize === 'probability' ? 'fraction' : 'count', ...o },
      { barmode: 'overlay', bargap: 0, showlegend: o.series.length > 1, ...(o.logY ? { yaxis: { type: 'log' } } : {}) },
      o.series.length,
    ),
  };
}

// ---------- heatmap ----------

export interface HeatmapOptions extends Common {
  z: ArrayLike<number>[];
  x: readonly string[];
  y: readonly string[];
  /** Writes each cell's value on it (digits after the point, default 2). */
  annotate?: boolean | { digits: number };
  colorscale?: string | [number, string][];
  zmin?: number;
  zmax?: number;
  /** First row at the top, as in a matrix (default true). */
  matrixOrder?: boolean;
  /** Extra text per cell for the annotation (e.g. "12 (34%)"); overrides the formatted value. */
  cellText?: string[][];
  /** Which end of the colour scale is dark, so annotations there are white (default 'low', as in Viridis). */
  darkAt?: 'low' | 'high' | 'both';
  /** Hover text per cell (e.g. the value with its interval); default: plotly's x, y, z. */
  hoverText?: string[][];
}

/** Light-to-dark blue, for counts. */
export const BLUES: [number, string][] = [[0, '#f7fbff'], [0.5, '#6baed6'], [1, '#08306b']];
/** Blue-white-red, for values in [-1, 1]. */
export const DIVERGING: [number, string][] = [[0, '#2166ac'], [0.5, '#f7f7f7'], [1, '#b2182b']];

export function heatmap(o: HeatmapOptions): Figure {
  checkLength('heatmap rows', o.z.length, o.y.length);
  o.z.forEach((row, r) => checkLength(`heatmap row ${o.y[r]}`, row.length, o.x.length));
  const z = o.z.map(toArray);
  const trace: Trace = { type: 'heatmap', z, x: [...o.x], y: [...o.y], colorscale: o.colorscale ?? 'Viridis' };
  if (o.zmin !== undefined) trace.zmin = o.zmin;
  if (o.zmax !== undefined) trace.zmax = o.zmax;
  if (o.hoverText) {
    checkLength('heatmap hover rows', o.hoverText.length, o.y.length);
    trace.text = o.hoverText.map((r) => [...r]);
    trace.hovertemplate = '%{text}<extra></extra>';
  }
  const extra: Layout = { yaxis: { autorange: o.matrixOrder === false ? true : 'reversed', automargin: true }, xaxis: { automargin: true } };
  if (o.annotate || o.cellText) {
    const digits = typeof o.annotate === 'object' ? o.annotate.digits : 2;
    const darkAt = o.darkAt ?? 'low';
    const [lo, hi] = [o.zmin ?? finiteRange(z)[0], o.zmax ?? finiteRange(z)[1]];
    extra.annotations = [];
    z.forEach((row, r) =>
      row.forEach((v, c) => {
        const frac = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        const dark = darkAt === 'low' ? frac < 0.5 : darkAt === 'high' ? frac > 0.6 : Math.abs(frac - 0.5) > 0.3;
        extra.annotations!.push({
          x: o.x[c],
          y: o.y[r],
          text: o.cellText?.[r]?.[c] ?? (Number.isFinite(v) ? v.toFixed(digits) : ''),
          showarrow: false,
          font: { color: dark ? '#ffffff' : '#111111', size: 11 },
        });
      }),
    );
  }
  return { data: [trace], layout: baseLayout(o, extra) };
}

/** A diverging heatmap for correlations in [-1, 1]. */
export function correlationHeatmap(o: Omit<HeatmapOptions, 'colorscale' | 'zmin' | 'zmax' | 'darkAt'>): Figure {
  return heatmap({ ...o, colorscale: DIVERGING, zmin: -1, zmax: 1, darkAt: 'both' });
}

// ---------- line ----------

export interface LineSeries {
  name: string;
  y: ArrayLike<number>;
  color?: string;
  dash?: 'solid' | 'dot' | 'dash' | 'dashdot';
  /** A shaded band (e.g. mean ± sd) drawn under the line. */
  band?: { lower: ArrayLike<number>; upper: ArrayLike<number> };
}
export interface LineOptions extends Common { x?: ArrayLike<number> | readonly string[]; series: LineSeries[]; markers?: boolean }

export function line(o: LineOptions): Figure {
  const data: Trace[] = [];
  const colors = seriesColors(o.series.map((s) => s.name));
  o.series.forEach((s, i) => {
    const n = s.y.length;
    const x = o.x ? Array.from(o.x as ArrayLike<number | string>) : Array.from({ length: n }, (_, k) => k);
    checkLength(`line series ${s.name}`, n, x.length);
    const color = s.color ?? colors[i];
    if (s.band) {
      checkLength(`band of ${s.name} (lower)`, s.band.lower.length, n);
      checkLength(`band of ${s.name} (upper)`, s.band.upper.length, n);
      const common = { type: 'scatter', mode: 'lines', x, line: { width: 0 }, legendgroup: s.name, showlegend: false, hoverinfo: 'skip' };
      data.push({ ...common, name: `${s.name} lower`, y: toArray(s.band.lower) });
      data.push({ ...common, name: `${s.name} upper`, y: toArray(s.band.upper), fill: 'tonexty', fillcolor: withAlpha(color, 0.18) });
    }
    data.push({
      type: 'scatter',
      mode: o.markers ? 'lines+markers' : 'lines',
      name: s.name,
      legendgroup: s.name,
      x,
      y: toArray(s.y),
      line: { color, dash: s.dash ?? 'solid', width: 2 },
    });
  });
  return { data, layout: baseLayout(o, { showlegend: o.series.length > 1 }, o.series.length) };
}

/** '#rrggbb' → 'rgba(r,g,b,a)'; other colour strings are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${alpha})`;
}

// ---------- scatter ----------

export interface ScatterOptions extends Common {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Class index of each point; one trace (legend entry, colour) per class. */
  classes: ArrayLike<number>;
  classNames?: readonly string[];
  colors?: readonly string[];
  /** Hover text per point (e.g. the subject id). */
  text?: readonly string[];
  markerSize?: number;
  /** Vertical error bars from lo to hi per point (e.g. a 95 % interval); NaN ends draw none. */
  errorY?: { lo: ArrayLike<number>; hi: ArrayLike<number> };
}

/** plotly's asymmetric error bars for values with interval ends lo ≤ value ≤ hi. */
export function errorBars(values: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>): Record<string, unknown> {
  checkLength('error bars (lo)', lo.length, values.length);
  checkLength('error bars (hi)', hi.length, values.length);
  const gap = (a: number, b: number): number => (Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, a - b) : 0);
  return {
    type: 'data', symmetric: false, visible: true,
    array: Array.from(values, (v, i) => gap(hi[i], v)),
    arrayminus: Array.from(values, (v, i) => gap(v, lo[i])),
  };
}

export function scatter(o: ScatterOptions): Figure {
  const n = o.x.length;
  checkLength('scatter y', o.y.length, n);
  if (o.errorY) {
    checkLength('scatter errorY lo', o.errorY.lo.length, n);
    checkLength('scatter errorY hi', o.errorY.hi.length, n);
  }
  checkLength('scatter classes', o.classes.length, n);
  if (o.text) checkLength('scatter text', o.text.length, n);
  const names = o.classNames ?? LABELS;
  const colors = o.colors ?? (names === LABELS ? CLASS_COLORS : PALETTE);
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, o.classes[i] + 1);
  const data: Trace[] = [];
  for (let c = 0; c < Math.max(k, names.length); c++) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (o.classes[i] === c) idx.push(i);
    if (idx.length === 0) continue;
    const t: Trace = {
      type: 'scatter',
      mode: 'markers',
      name: names[c] ?? `class ${c}`,
      x: idx.map((i) => o.x[i]),
      y: idx.map((i) => o.y[i]),
      marker: { color: colors[c % colors.length], size: o.markerSize ?? 7, opacity: 0.75 },
    };
    if (o.text) t.text = idx.map((i) => o.text![i]);
    if (o.errorY) t.error_y = errorBars(idx.map((i) => o.y[i]), idx.map((i) => o.errorY!.lo[i]), idx.map((i) => o.errorY!.hi[i]));
    data.push(t);
  }
  return { data, layout: baseLayout(o, { showlegend: true }, data.length) };
}

// ---------- box ----------

// the quantile rule lives with the data statistics (the column profile uses it too)
export { quantileSorted };

export interface BoxStats { q1: number; median: number; q3: number; lowerfence: number; upperfence: number; mean: number; n: number }

/** Quartiles and Tukey whiskers (the most extreme values within 1.5 IQR of the box). Non-finite values are skipped. */
export function boxStats(values: ArrayLike<number>): BoxStats {
  const v = Float64Array.from(Array.from(values).filter(Number.isFinite)).sort();
  const n = v.length;
  if (n === 0) return { q1: NaN, median: NaN, q3: NaN, lowerfence: NaN, upperfence: NaN, mean: NaN, n: 0 };
  const q1 = quantileSorted(v, 0.25);
  const median = quantileSorted(v, 0.5);
  const q3 = quantileSorted(v, 0.75);
  const iqr = q3 - q1;
  let lowerfence = v[0];
  for (let i = 0; i < n; i++) if (v[i] >= q1 - 1.5 * iqr) { lowerfence = v[i]; break; }
  let upperfence = v[n - 1];
  for (let i = n - 1; i >= 0; i--) if (v[i] <= q3 + 1.5 * iqr) { upperfence = v[i]; break; }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += v[i];
  return { q1, median, q3, lowerfence, upperfence, mean: sum / n, n };
}

export interface BoxOptions extends Common { groups: { name: string; values: ArrayLike<number>; color?: string }[] }

/** Box plot from precomputed statistics (whiskers at Tukey fences; outliers are not drawn). */
export function box(o: BoxOptions): Figure {
  const colors = seriesColors(o.groups.map((g) => g.name));
  const data = o.groups.map((g, i): Trace => {
    const s = boxStats(g.values);
    return {
      type: 'box',
      name: g.name,
      x: [g.name],
      q1: [s.q1],
      median: [s.median],
      q3: [s.q3],
      lowerfence: [s.lowerfence],
      upperfence: [s.upperfence],
      mean: [s.mean],
      boxmean: true,
      marker: { color: g.color ?? colors[i] },
    };
  });
  return { data, layout: baseLayout(o, { showlegend: false }) };
}

// ---------- parallel coordinates ----------

export interface ParallelDimension {
  label: string;
  values: ArrayLike<number>;
  range?: [number, number];
  /** Axis ticks at these values with these labels (categories coded 0..k-1, or values on a log axis). */
  tickvals?: readonly number[];
  ticktext?: readonly string[];
}
export interface ParallelOptions extends Common {
  dimensions: ParallelDimension[];
  /** Class index per line, coloured with CLASS_COLORS (or `colors`). */
  classes?: ArrayLike<number>;
  colors?: readonly string[];
  /** Instead of classes: a continuous value per line (e.g. a score) on a colour scale with a colour bar. */
  color?: { values: ArrayLike<number>; title?: string; colorscale?: string | [number, string][]; range?: [number, number] };
}

/** A step colour scale so that class c (0..k-1) maps to colors[c] exactly. */
export function discreteColorscale(colors: readonly string[]): [number, string][] {
  const k = colors.length;
  if (k === 1) return [[0, colors[0]], [1, colors[0]]];
  const out: [number, string][] = [];
  colors.forEach((c, i) => {
    out.push([i / k, c], [(i + 1) / k, c]);
  });
  return out;
}

/** Axes a parallel-coordinates chart labels level; with more, the labels are turned. */
export const PARCOORDS_LEVEL_LABELS = 6;

export function parallelCoordinates(o: ParallelOptions): Figure {
  if ((o.classes === undefined) === (o.color === undefined)) throw new Error('parallel coordinates: give either classes or color');
  const n = (o.classes ?? o.color!.values).length;
  const colors = o.colors ?? CLASS_COLORS;
  const dimensions = o.dimensions.map((d) => {
    checkLength(`parallel coordinates dimension ${d.label}`, d.values.length, n);
    const dim: Record<string, unknown> = { label: d.label, values: toArray(d.values) };
    if (d.range) dim.range = d.range;
    if (d.tickvals || d.ticktext) {
      if (!d.tickvals || !d.ticktext) throw new Error(`parallel coordinates dimension ${d.label}: tickvals and ticktext go together`);
      checkLength(`parallel coordinates dimension ${d.label} ticktext`, d.ticktext.length, d.tickvals.length);
      dim.tickvals = [...d.tickvals];
      dim.ticktext = [...d.ticktext];
    }
    return dim;
  });
  const turn = o.dimensions.length > PARCOORDS_LEVEL_LABELS;
  const line: Record<string, unknown> = o.color
    ? {
      color: toArray(o.color.values),
      colorscale: o.color.colorscale ?? 'Viridis',
      showscale: true,
      colorbar: { title: { text: o.color.title ?? '' } },
      ...(o.color.range ? { cmin: o.color.range[0], cmax: o.color.range[1] } : {}),
    }
    : { color: toArray(o.classes!), colorscale: discreteColorscale(colors), cmin: -0.5, cmax: colors.length - 0.5, showscale: false };
  return {
    // the axis labels go below the axes, where the title (plotly centres it in the top margin) cannot meet them;
    // with more than a few axes they are turned, or neighbours run into each other on a narrow (printed) chart
    data: [{ type: 'parcoords', dimensions, line, labelside: 'bottom', ...(turn ? { labelangle: 30 } : {}) }],
    layout: baseLayout(o, { margin: { l: 60, r: o.color ? 100 : 60, t: titleMargin(o.title) + 30, b: 60 + (turn ? 50 : 0) } }),
  };
}

// ---------- confusion matrix ----------

export interface ConfusionOptions extends Common {
  /** matrix[true][predicted] counts. */
  matrix: ArrayLike<number>[];
  labels: readonly string[];
  /** Colour by row share (recall) instead of raw counts; cells show "count (share%)". */
  normalize?: boolean;
}

export function confusionMatrix(o: ConfusionOptions): Figure {
  const k = o.labels.length;
  checkLength('confusion matrix rows', o.matrix.length, k);
  const counts = o.matrix.map((r, i) => {
    checkLength(`confusion matrix row ${o.labels[i]}`, r.length, k);
    return toArray(r);
  });
  const shares = counts.map((r) => {
    const total = r.reduce((a, b) => a + b, 0);
    return r.map((c) => (total > 0 ? c / total : 0));
  });
  const text = counts.map((r, i) => r.map((c, j) => (o.normalize ? `${c} (${(shares[i][j] * 100).toFixed(0)}%)` : String(c))));
  return heatmap({
    xTitle: 'predicted',
    yTitle: 'true',
    ...o,
    z: o.normalize ? shares : counts,
    x: o.labels,
    y: o.labels,
    colorscale: BLUES,
    darkAt: 'high',
    zmin: 0,
    zmax: o.normalize ? 1 : undefined,
    cellText: text,
  });
}
