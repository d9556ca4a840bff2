/** The slice of a lakehouse `Bars` record the stages need (keeps the pure stages free of I/O types). */
export interface PriceSeries {
  id: string;
  dates: string[]; // YYYY-MM-DD, ascending
  close: ArrayLike<number>;
}

/** Returns on a shared calendar: row-major `values[day * ids.length + asset]`, NaN where unknown. */
export interface ReturnsMatrix {
  dates: string[];
  ids: string[];
  values: Float64Array;
  /** the price date before dates[0] (returns are measured from it) */
  baseDate?: string;
}

export function at(m: ReturnsMatrix, day: number, asset: number): number {
  return m.values[day * m.ids.length + asset];
}

/** Sorted union of all dates (string compare works for YYYY-MM-DD). */
export function unionDates(series: Iterable<{ dates: string[] }>): string[] {
  const set = new Set<string>();
  for (const s of series) for (const d of s.dates) set.add(d);
  return [...set].sort();
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
