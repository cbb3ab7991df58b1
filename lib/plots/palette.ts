// Colours, defined once: the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), one
// fixed colour per model name so a model looks the same in every chart of every notebook, and the order in which
// series that are not models take the colours left over.

/** Okabe & Ito (2008), in the order unnamed series take them; yellow and black last (weak on white, heavy). */
export const OKABE_ITO = {
  blue: '#0072B2',
  orange: '#E69F00',
  bluishGreen: '#009E73',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  skyBlue: '#56B4E9',
  yellow: '#F0E442',
  black: '#000000',
} as const;

/** Neutral grey: the majority-class baseline, and anything set aside (dropped, excluded). */
export const GREY = '#8C8C8C';

/** A categorical palette for series that are not models or classes, in order. */
export const PALETTE: readonly string[] = Object.values(OKABE_ITO);

/** One colour per model name used in notebooks/configs (recurrent cells, baselines); ensembles take their model's. */
export const MODEL_COLORS: Readonly<Record<string, string>> = {
  lstm: OKABE_ITO.blue,
  rnn: OKABE_ITO.orange,
  gru: OKABE_ITO.bluishGreen,
  forest: OKABE_ITO.vermillion,
  logreg: OKABE_ITO.reddishPurple,
  centroid: OKABE_ITO.skyBlue,
  majority: GREY,
};

/** A search's selection rule, by role (above the loss bar, collapsed below it, selected): chosen stands out, set-aside is grey. */
export const SELECTION_COLORS: readonly string[] = [OKABE_ITO.blue, GREY, OKABE_ITO.vermillion];

/** One colour per class, in LABELS order (no_pain, low_pain, high_pain): cold to hot. */
export const CLASS_COLORS: readonly string[] = [OKABE_ITO.skyBlue, OKABE_ITO.orange, OKABE_ITO.vermillion];

/**
 * The model a series name is about: its leading word, when that is a model name ("lstm", "lstm (LSTM 2×256)",
 * "LSTM: untouched", "forest 200 trees"); undefined otherwise ("joint_00", "out of fold").
 */
export function modelOf(seriesName: string): string | undefined {
  const head = /^\s*([A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9_])/.exec(seriesName)?.[1]?.toLowerCase();
  return head !== undefined && Object.prototype.hasOwnProperty.call(MODEL_COLORS, head) ? head : undefined;
}

/** The fixed colour of a model's series, or undefined for a series that is not about a model. */
export function modelColor(seriesName: string): string | undefined {
  const m = modelOf(seriesName);
  return m === undefined ? undefined : MODEL_COLORS[m];
}

/**
 * Colours for the series of one chart: a model's series its model's colour; every other series, in order, the palette
 * colours no model of this chart uses (cycling when there are more series than colours). Deterministic: the same
 * names give the same colours.
 */
export function seriesColors(names: readonly (string | undefined)[]): string[] {
  const fixed = names.map((n) => (n === undefined ? undefined : modelColor(n)));
  const taken = new Set(fixed.filter((c): c is string => c !== undefined));
  const free = PALETTE.filter((c) => !taken.has(c));
  const pool = free.length > 0 ? free : PALETTE;
  let k = 0;
  return fixed.map((c) => c ?? pool[k++ % pool.length]);
}
