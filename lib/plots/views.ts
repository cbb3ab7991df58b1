// Reference lines drawn across a chart (a threshold, a bar): a dashed line spanning the plot area.
import type { Figure } from './figures';

const RULE = { dash: 'dash', color: '#e63946' };

/** The figure with a dashed horizontal line at y across the whole width. */
export function withHorizontalRule(fig: Figure, y: number): Figure {
  return { ...fig, layout: { ...fig.layout, shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: y, y1: y, line: RULE }] } };
}

/** The figure with a dashed vertical line at x across the whole height. */
export function withVerticalRule(fig: Figure, x: number): Figure {
  return { ...fig, layout: { ...fig.layout, shapes: [{ type: 'line', yref: 'paper', y0: 0, y1: 1, x0: x, x1: x, line: RULE }] } };
}
