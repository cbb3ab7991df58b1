// Run-table columns as numeric axes for a parallel-coordinates chart of a search: numbers stay numbers (optionally
// on a log10 axis labelled with the original values; a tick at each value when there are few), booleans and strings
// become category codes 0..k-1 with their names as tick labels. Columns that do not vary across the trials carry no information and are left out.

export interface HyperAxis {
  key: string;
  label: string;
  values: number[];
  tickvals?: number[];
  ticktext?: string[];
}

export interface AxesOptions {
  /** numeric columns drawn on a log10 axis (e.g. the learning rate); their values must be > 0 */
  log?: readonly string[];
  /** keep columns with a single value too (default false) */
  keepConstant?: boolean;
  /** axis labels (default: the column name) */
  labels?: Readonly<Record<string, string>>;
}

const fmt = (v: number): string => String(Number(v.toPrecision(4)));
/** numeric columns with at most this many distinct values get a tick at each value */
const MAX_TICKS = 8;

/** One axis per column of `keys`, in that order. */
export function hyperparameterAxes<R extends object>(rows: readonly R[], keys: readonly (keyof R & string)[], o: AxesOptions = {}): HyperAxis[] {
  const axes: HyperAxis[] = [];
  for (const key of keys) {
    const raw = rows.map((r) => (r as Record<string, unknown>)[key]);
    const distinct = [...new Set(raw)];
    if (distinct.length <= 1 && !o.keepConstant) continue;
    const label = o.labels?.[key] ?? key;
    if (raw.every((v) => typeof v === 'number')) {
      const nums = raw as number[];
      if (o.log?.includes(key)) {
        const bad = nums.find((v) => !(v > 0));
        if (bad !== undefined) throw new Error(`hyperparameterAxes: ${key} has ${bad}, which a log axis cannot show`);
        const ticks = (distinct as number[]).sort((a, b) => a - b);
        axes.push({ key, label, values: nums.map(Math.log10), tickvals: ticks.map(Math.log10), ticktext: ticks.map(fmt) });
      } else if (distinct.length <= MAX_TICKS) {
        // a few settings (layers 1/2, stride 2/5): ticks at exactly those values, not plotly's in-between ones
        const ticks = (distinct as number[]).sort((a, b) => a - b);
        axes.push({ key, label, values: nums.slice(), tickvals: ticks, ticktext: ticks.map(fmt) });
      } else {
        axes.push({ key, label, values: nums.slice() });
      }
      continue;
    }
    if (!raw.every((v) => typeof v === 'string' || typeof v === 'boolean')) {
      throw new Error(`hyperparameterAxes: ${key} mixes ${[...new Set(raw.map((v) => typeof v))].join(' and ')} values`);
    }
    const names = distinct.map(String).sort();
    axes.push({ key, label, values: raw.map((v) => names.indexOf(String(v))), tickvals: names.map((_, i) => i), ticktext: names });
  }
  return axes;
}
