import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { type Trace, bar, box, histogram, line } from '../../lib/plots/figures';
import { CLASS_COLORS, GREY, MODEL_COLORS, OKABE_ITO, PALETTE, modelColor, modelOf, seriesColors } from '../../lib/plots/palette';
import { projectRoot } from '../../lib/paths';

const markerColor = (t: Trace): unknown => (t.marker as { color?: unknown }).color;

test('every model name in notebooks/configs has its own fixed colour from the palette', () => {
  const dir = join(projectRoot(), 'notebooks', 'configs');
  const names = new Set<string>();
  // model names are the keys of `models` maps, at the top or inside a profile's overrides
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'models' && x && typeof x === 'object' && !Array.isArray(x)) Object.keys(x).forEach((n) => names.add(n));
        walk(x);
      }
    }
  };
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json5'))) walk(JSON5.parse(readFileSync(join(dir, f), 'utf8')));
  assert.ok(names.has('lstm') && names.has('forest'), [...names].join(', '));
  for (const n of names) assert.ok(MODEL_COLORS[n] !== undefined, `model ${n} has no colour`);
  // the grid's cells are model names too
  for (const cell of ['lstm', 'rnn', 'gru']) assert.ok(MODEL_COLORS[cell]);
  const colors = Object.values(MODEL_COLORS);
  assert.equal(new Set(colors).size, colors.length, 'two models share a colour');
  const allowed = new Set<string>([...Object.values(OKABE_ITO), GREY]);
  for (const c of [...colors, ...CLASS_COLORS, ...PALETTE]) assert.ok(allowed.has(c), `${c} is not from the colour-blind-safe palette`);
});

test('modelOf reads the model from the leading word of a series name, case-insensitively', () => {
  assert.equal(modelOf('lstm'), 'lstm');
  assert.equal(modelOf('lstm (LSTM 2×256)'), 'lstm');
  assert.equal(modelOf('RNN: optimistic (report\'s procedure)'), 'rnn');
  assert.equal(modelOf('forest 200 trees'), 'forest');
  assert.equal(modelOf('lstmx'), undefined);
  assert.equal(modelOf('lstm_2'), undefined);
  assert.equal(modelOf('joint_00'), undefined);
  assert.equal(modelOf('out of fold'), undefined);
  assert.equal(modelOf('constructor'), undefined, 'no Object.prototype key is a model');
  assert.equal(modelColor('gru bi'), MODEL_COLORS.gru);
});

test('seriesColors: models keep their colour; other series take the colours no model of the chart uses, deterministically', () => {
  assert.deepEqual(seriesColors(['rnn', 'lstm']), [MODEL_COLORS.rnn, MODEL_COLORS.lstm]);
  // lstm holds the palette's first colour, so the other two series take the second and third
  assert.equal(MODEL_COLORS.lstm, PALETTE[0]);
  const mixed = seriesColors(['a', 'lstm', 'b']);
  assert.deepEqual(mixed, [PALETTE[1], MODEL_COLORS.lstm, PALETTE[2]]);
  assert.deepEqual(seriesColors(['a', 'lstm', 'b']), mixed, 'deterministic');
  assert.deepEqual(seriesColors(['x', 'y']), [PALETTE[0], PALETTE[1]]);
  // more series than colours: cycles instead of failing
  const many = seriesColors(Array.from({ length: PALETTE.length + 2 }, (_, i) => `s${i}`));
  assert.equal(many[PALETTE.length], PALETTE[0]);
  assert.deepEqual(seriesColors([undefined]), [PALETTE[0]]);
});

test('figure builders colour a series by its name unless given a colour, the same in every kind of chart', () => {
  const b = bar({ categories: ['f1'], series: [{ name: 'forest', values: [1] }, { name: 'lstm (LSTM 2×256)', values: [2] }] });
  assert.deepEqual(b.data.map(markerColor), [MODEL_COLORS.forest, MODEL_COLORS.lstm]);
  const single = bar({ categories: ['f1'], series: [{ name: 'rnn', values: [1] }] });
  assert.equal(markerColor(single.data[0]), MODEL_COLORS.rnn);
  const l = line({ series: [{ name: 'lstm', y: [1, 2] }, { name: 'other', y: [1, 2] }] });
  assert.equal((l.data[0].line as { color: string }).color, MODEL_COLORS.lstm);
  assert.notEqual((l.data[1].line as { color: string }).color, MODEL_COLORS.lstm);
  const h = histogram({ series: [{ name: 'gru', values: [1, 2, 3] }] });
  assert.equal(markerColor(h.data[0]), MODEL_COLORS.gru);
  const bx = box({ groups: [{ name: 'logreg', values: [1, 2, 3] }] });
  assert.equal(markerColor(bx.data[0]), MODEL_COLORS.logreg);
  const given = bar({ categories: ['a'], series: [{ name: 'lstm', values: [1], color: '#123456' }] });
  assert.equal(markerColor(given.data[0]), '#123456');
});
