import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHorizontalRule, withVerticalRule } from '../../lib/plots/views';

test('rules: a dashed line across the plot at the given value', () => {
  const fig = { data: [], layout: { height: 300 } };
  const h = withHorizontalRule(fig, 0.05);
  assert.deepEqual(h.layout!.shapes, [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 0.05, y1: 0.05, line: { dash: 'dash', color: '#e63946' } }]);
  assert.equal(h.layout!.height, 300);
  assert.deepEqual((withVerticalRule(fig, 2).layout!.shapes as { x0: number; yref: string }[])[0].x0, 2);
  assert.equal(fig.layout.height, 300);
  assert.equal('shapes' in fig.layout, false);
});
