import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLASS_COLORS, bar, binValues, box, boxStats, confusionMatrix, correlationHeatmap, discreteColorscale, finiteRange,
  heatmap, histogram, line, parallelCoordinates, quantileSorted, scatter, withAlpha, wrapTitle, TITLE_LINE_CHARS, DEFAULT_HEIGHT,
  PARCOORDS_LEVEL_LABELS,
} from '../../lib/plots/figures';

test('bar: one trace per series, categories on x, axis titles and legend only for several series', () => {
  const fig = bar({ categories: ['a', 'b', 'c'], series: [{ name: 'n', values: new Float32Array([1, 2, 3]) }], title: 'T', xTitle: 'cat', yTitle: 'count' });
  assert.equal(fig.data.length, 1);
  assert.equal(fig.data[0].type, 'bar');
  assert.deepEqual(fig.data[0].x, ['a', 'b', 'c']);
  assert.deepEqual(fig.data[0].y, [1, 2, 3]);
  assert.equal(fig.layout?.xaxis?.title?.text, 'cat');
  assert.equal(fig.layout?.yaxis?.title?.text, 'count');
  assert.equal(fig.layout?.title?.text, 'T');
  assert.equal(fig.layout?.showlegend, false);

  const h = bar({ categories: ['a', 'b'], series: [{ name: 'x', values: [1, 2] }, { name: 'y', values: [3, 4] }], horizontal: true, stacked: true });
  assert.deepEqual(h.data[1].x, [3, 4]);
  assert.deepEqual(h.data[1].y, ['a', 'b']);
  assert.equal(h.data[1].orientation, 'h');
  assert.equal(h.layout?.barmode, 'stack');
  assert.equal(h.layout?.showlegend, true);
  assert.throws(() => bar({ categories: ['a'], series: [{ name: 'bad', values: [1, 2] }] }), /bar series bad: 2 values, expected 1/);
});

test('binValues counts like numpy.histogram (last bin closed) and skips non-finite and out-of-range values', () => {
  // numpy.histogram([0, 0.5, 1, 1.5, 2, 2, NaN], bins=4, range=(0, 2)) → counts [1, 1, 1, 3]
  const { edges, counts } = binValues([0, 0.5, 1, 1.5, 2, 2, NaN, 5, -1], 4, 0, 2);
  assert.deepEqual(Array.from(edges), [0, 0.5, 1, 1.5, 2]);
  assert.deepEqual(Array.from(counts), [1, 1, 1, 3]);
  // A degenerate range puts everything in one bin.
  assert.deepEqual(Array.from(binValues([3, 3, 3], 1, 3, 3).counts), [3]);
  assert.throws(() => binValues([1], 0, 0, 1), /bins must be a positive integer/);
  assert.deepEqual(finiteRange([[3, NaN, -2], new Float32Array([7])]), [-2, 7]);
});

test('histogram: shared bins across series, bar traces of bin centres, probability normalisation sums to 1', () => {
  const fig = histogram({
    series: [{ name: 'a', values: [0, 1, 2, 3] }, { name: 'b', values: [3, 3, 4] }],
    bins: 4,
    normalize: 'probability',
    xTitle: 'value',
  });
  assert.equal(fig.data.length, 2);
  for (const t of fig.data) {
    assert.equal(t.type, 'bar');
    assert.equal((t.x as number[]).length, 4);
    assert.ok(Math.abs((t.y as number[]).reduce((s, v) => s + v, 0) - 1) < 1e-12);
  }
  // range [0, 4] over 4 bins → centres 0.5, 1.5, 2.5, 3.5; b = {3, 3, 4} → bins 3 and 3 and (last, closed) 3
  assert.deepEqual(fig.data[0].x, [0.5, 1.5, 2.5, 3.5]);
  assert.deepEqual(fig.data[1].y, [0, 0, 0, 1]);
  assert.deepEqual(fig.data[0].y, [0.25, 0.25, 0.25, 0.25]);
  assert.equal(fig.layout?.barmode, 'overlay');
  assert.equal(fig.layout?.yaxis?.title?.text, 'fraction');
  assert.equal(fig.layout?.xaxis?.title?.text, 'value');
});

test('heatmap: z/x/y copied, matrix order, one annotation per cell with the formatted value; shape errors name the row', () => {
  const fig = heatmap({ z: [[1, 0.5], [0.25, 0]], x: ['p', 'q'], y: ['r', 's'], annotate: { digits: 1 }, title: 'H' });
  assert.equal(fig.data[0].type, 'heatmap');
  assert.deepEqual(fig.data[0].z, [[1, 0.5], [0.25, 0]]);
  assert.equal(fig.layout?.yaxis?.autorange, 'reversed');
  const ann = fig.layout?.annotations ?? [];
  assert.equal(ann.length, 4);
  assert.deepEqual(ann.map((a) => a.text), ['1.0', '0.5', '0.3', '0.0']);
  assert.deepEqual([ann[1].x, ann[1].y], ['q', 'r']);
  assert.throws(() => heatmap({ z: [[1, 2], [3]], x: ['a', 'b'], y: ['c', 'd'] }), /heatmap row d: 1 values, expected 2/);
  const corr = correlationHeatmap({ z: [[1, -1], [-1, 1]], x: ['a', 'b'], y: ['a', 'b'] });
  assert.equal(corr.data[0].zmin, -1);
  assert.equal(corr.data[0].zmax, 1);
});

test('line: one trace per series plus two band traces, x defaults to 0..n-1', () => {
  const fig = line({
    series: [
      { name: 'm', y: [1, 2, 3], band: { lower: [0, 1, 2], upper: [2, 3, 4] } },
      { name: 'k', y: new Float32Array([3, 2, 1]) },
    ],
    xTitle: 'time',
    yTitle: 'value',
  });
  assert.equal(fig.data.length, 4);
  assert.ok(fig.data.every((t) => t.type === 'scatter'));
  const main = fig.data.filter((t) => t.showlegend !== false);
  assert.deepEqual(main.map((t) => t.name), ['m', 'k']);
  assert.deepEqual(main[0].x, [0, 1, 2]);
  assert.equal(fig.data[1].fill, 'tonexty');
  assert.equal(fig.layout?.xaxis?.title?.text, 'time');
  assert.throws(() => line({ x: [0, 1], series: [{ name: 's', y: [1, 2, 3] }] }), /line series s: 3 values, expected 2/);
  assert.equal(withAlpha('#ff0080', 0.5), 'rgba(255,0,128,0.5)');
});

test('scatter: points split by class, class names and colours from LABELS order', () => {
  const fig = scatter({ x: [1, 2, 3, 4], y: [5, 6, 7, 8], classes: new Uint8Array([0, 2, 0, 2]), text: ['a', 'b', 'c', 'd'] });
  assert.deepEqual(fig.data.map((t) => t.name), ['no_pain', 'high_pain']);
  assert.deepEqual(fig.data[1].x, [2, 4]);
  assert.deepEqual(fig.data[1].y, [6, 8]);
  assert.deepEqual(fig.data[1].text, ['b', 'd']);
  assert.equal((fig.data[1].marker as { color: string }).color, CLASS_COLORS[2]);
  assert.throws(() => scatter({ x: [1], y: [1, 2], classes: [0] }), /scatter y/);
});

test('boxStats: quartiles as numpy (linear), Tukey whiskers at the most extreme values inside the fences', () => {
  // numpy.percentile([1..9, 100], [25, 50, 75]) = [3.25, 5.5, 7.75]; IQR 4.5 → fences [-3.5, 14.5]
  const s = boxStats([100, 9, 8, 7, 6, 5, 4, 3, 2, 1, NaN]);
  assert.equal(s.n, 10);
  assert.equal(s.q1, 3.25);
  assert.equal(s.median, 5.5);
  assert.equal(s.q3, 7.75);
  assert.equal(s.lowerfence, 1);
  assert.equal(s.upperfence, 9);
  assert.equal(s.mean, 14.5);
  assert.equal(quantileSorted([], 0.5), NaN);
  const fig = box({ groups: [{ name: 'g', values: [1, 2, 3] }], yTitle: 'v' });
  assert.equal(fig.data[0].type, 'box');
  assert.deepEqual(fig.data[0].median, [2]);
  assert.equal(fig.layout?.yaxis?.title?.text, 'v');
});

test('parallel coordinates: one parcoords trace, a dimension per column, step colour scale mapping class c to colour c', () => {
  const fig = parallelCoordinates({ dimensions: [{ label: 'a', values: [1, 2] }, { label: 'b', values: [3, 4], range: [0, 5] }], classes: [0, 1] });
  assert.equal(fig.data[0].type, 'parcoords');
  const dims = fig.data[0].dimensions as { label: string; values: number[]; range?: number[] }[];
  assert.deepEqual(dims.map((d) => d.label), ['a', 'b']);
  assert.deepEqual(dims[1].range, [0, 5]);
  assert.deepEqual(discreteColorscale(['r', 'g']), [[0, 'r'], [0.5, 'r'], [0.5, 'g'], [1, 'g']]);
  assert.throws(() => parallelCoordinates({ dimensions: [{ label: 'a', values: [1] }], classes: [0, 1] }), /dimension a/);
});

test('parallel coordinates: a continuous colour per line with a colour bar, category ticks on an axis', () => {
  const fig = parallelCoordinates({
    dimensions: [{ label: 'cell', values: [0, 2, 1], tickvals: [0, 1, 2], ticktext: ['gru', 'lstm', 'rnn'] }, { label: 'f1', values: [0.5, 0.9, 0.7] }],
    color: { values: [0.5, 0.9, 0.7], title: 'val F1', range: [0, 1] },
  });
  const dims = fig.data[0].dimensions as { label: string; tickvals?: number[]; ticktext?: string[] }[];
  assert.deepEqual(dims[0].tickvals, [0, 1, 2]);
  assert.deepEqual(dims[0].ticktext, ['gru', 'lstm', 'rnn']);
  assert.equal(dims[1].tickvals, undefined);
  const line = fig.data[0].line as Record<string, unknown>;
  assert.deepEqual(line.color, [0.5, 0.9, 0.7]);
  assert.equal(line.showscale, true);
  assert.deepEqual([line.cmin, line.cmax], [0, 1]);
  assert.deepEqual(line.colorbar, { title: { text: 'val F1' } });
  assert.throws(() => parallelCoordinates({ dimensions: [], classes: [0], color: { values: [1] } }), /either classes or color/);
  assert.throws(() => parallelCoordinates({ dimensions: [] }), /either classes or color/);
  assert.throws(() => parallelCoordinates({ dimensions: [{ label: 'a', values: [1], tickvals: [0] }], color: { values: [1] } }), /tickvals and ticktext go together/);
  assert.throws(() => parallelCoordinates({ dimensions: [{ label: 'a', values: [1], tickvals: [0, 1], ticktext: ['x'] }], color: { values: [1] } }), /ticktext: 1 values, expected 2/);
});

test('confusion matrix: true on y (top to bottom), predicted on x, counts and row shares written on cells', () => {
  const fig = confusionMatrix({ matrix: [[8, 2], [1, 3]], labels: ['n', 'p'], normalize: true });
  assert.equal(fig.data[0].type, 'heatmap');
  assert.deepEqual(fig.data[0].z, [[0.8, 0.2], [0.25, 0.75]]);
  assert.equal(fig.layout?.xaxis?.title?.text, 'predicted');
  assert.equal(fig.layout?.yaxis?.title?.text, 'true');
  assert.deepEqual(fig.layout?.annotations?.map((a) => a.text), ['8 (80%)', '2 (20%)', '1 (25%)', '3 (75%)']);
  const raw = confusionMatrix({ matrix: [[8, 2], [1, 3]], labels: ['n', 'p'] });
  assert.deepEqual(raw.data[0].z, [[8, 2], [1, 3]]);
  assert.throws(() => confusionMatrix({ matrix: [[1, 2]], labels: ['n', 'p'] }), /confusion matrix rows: 1 values, expected 2/);
});

test('bar: value labels level above the bar and hidden where they do not fit; with error bars only in the hover', () => {
  const labelled = bar({ categories: ['a', 'b'], series: [{ name: 'n', values: [1, 2], text: ['1', '2'] }] });
  assert.deepEqual(labelled.data[0].text, ['1', '2']);
  assert.equal(labelled.data[0].textposition, 'outside');
  assert.equal(labelled.data[0].textangle, 0);
  assert.deepEqual(labelled.layout?.uniformtext, { minsize: 11, mode: 'hide' });
  const withErrors = bar({ categories: ['a'], series: [{ name: 'n', values: [0.5], text: ['0.500'], error: { lo: [0.4], hi: [0.6] } }] });
  assert.equal(withErrors.data[0].text, undefined, 'no label drawn across the error bar');
  assert.deepEqual(withErrors.data[0].hovertext, ['0.500']);
  assert.ok(withErrors.data[0].error_y);
  assert.equal(withErrors.layout?.uniformtext, undefined);
});

test('bar: series of one colour (two figures of one model) are told apart by hatching', () => {
  const fig = bar({
    categories: ['fold 1'],
    series: [{ name: 'lstm: untouched', values: [1] }, { name: 'lstm: optimistic', values: [2] }, { name: 'rnn: untouched', values: [1] }],
  });
  const marker = (i: number) => fig.data[i].marker as { color: string; pattern?: { shape: string } };
  assert.equal(marker(0).color, marker(1).color);
  assert.equal(marker(0).pattern, undefined);
  assert.equal(marker(1).pattern?.shape, '/');
  assert.equal(marker(2).pattern, undefined);
  assert.notEqual(marker(2).color, marker(0).color);
});

test('long titles are broken into lines that fit a printed chart, and the top margin makes room for them', () => {
  assert.equal(wrapTitle('short title'), 'short title');
  const long = 'validation macro-F1: untouched vs optimistic, per fold and mean (error bars: 95 % interval over subjects)';
  const wrapped = wrapTitle(long);
  const lines = wrapped.split('<br>');
  assert.ok(lines.length >= 2 && lines.every((l) => l.length <= TITLE_LINE_CHARS), wrapped);
  assert.equal(lines.join(' '), long, 'no word lost or cut');
  assert.equal(wrapTitle('x'.repeat(100)), 'x'.repeat(100), 'a word longer than a line stays whole');
  const one = bar({ categories: ['a'], series: [{ name: 'n', values: [1] }], title: 'short' });
  const two = bar({ categories: ['a'], series: [{ name: 'n', values: [1] }], title: long });
  assert.equal(two.layout?.title?.text, wrapped);
  assert.ok(two.layout!.margin!.t! > one.layout!.margin!.t!);
});

test('a legend goes below the chart, across its width, and the chart grows by its rows; one series has none', () => {
  const names = ['lstm: untouched', 'lstm: optimistic', 'rnn: untouched'];
  const fig = bar({ categories: ['a'], series: names.map((name) => ({ name, values: [1] })), height: 300 });
  assert.deepEqual(fig.layout?.legend, { orientation: 'h', x: 0, xanchor: 'left', yref: 'container', y: 0, yanchor: 'bottom' });
  assert.equal(fig.layout?.height, 300 + 20 * 2);
  const defaultHeight = line({ series: [{ name: 'a', y: [1] }, { name: 'b', y: [2] }] });
  assert.equal(defaultHeight.layout?.height, DEFAULT_HEIGHT + 20);
  const one = bar({ categories: ['a'], series: [{ name: 'n', values: [1] }], height: 300 });
  assert.equal(one.layout?.legend, undefined);
  assert.equal(one.layout?.height, 300);
});

test('parallel coordinates with many axes turn their labels so neighbours do not run into each other', () => {
  const dims = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `pain_survey_${i}=2`, values: [1, 2] }));
  const few = parallelCoordinates({ dimensions: dims(PARCOORDS_LEVEL_LABELS), classes: [0, 1] });
  const many = parallelCoordinates({ dimensions: dims(PARCOORDS_LEVEL_LABELS + 1), classes: [0, 1] });
  assert.equal(few.data[0].labelangle, undefined);
  assert.equal(many.data[0].labelangle, 30);
  // labels below the axes, away from the title, with room for turned ones
  assert.equal(many.data[0].labelside, 'bottom');
  assert.ok(many.layout!.margin!.b! > few.layout!.margin!.b!);
});
