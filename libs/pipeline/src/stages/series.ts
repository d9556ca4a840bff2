import { DAY_MS, dayToMs } from '../lakehouse/dates';
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
  /**
   * 1 where the asset had no usable bar on that row's date although its market traded (its last close is
   * carried: the day's return is 0 and the move shows up on its next bar). Same layout as `values`.
   */
  carried?: Uint8Array;
}

export function at(m: ReturnsMatrix, day: number, asset: number): number {
  return m.values[day * m.ids.length + asset];
}

/** Sorted union of all dates (string compare works for YYYY-MM-DD). */
export function unionDates(series: Iterable<{ dates: string[] }>): string[] {
  const set = new Set<string>();
  for (const s of series) {
    const dates = s.dates;
    for (let i = 0; i < dates.length; i++) set.add(dates[i]);
  }
  return [...set].sort();
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A close that can be a price: finite and > 0 (a blank, 0 or negative close is a missing day). */
export function usablePrice(x: number): boolean {
  return Number.isFinite(x) && x > 0;
}

function isWeekend(day: string): boolean {
  const ms = dayToMs(day); // cached: the same few thousand days come up for every market and stage
  // 1970-01-01 (day 0) was a Thursday (4)
  const wd = Number.isNaN(ms) ? new Date(`${day}T00:00:00Z`).getUTCDay() : (((Math.floor(ms / DAY_MS) + 4) % 7) + 7) % 7;
  return wd === 0 || wd === 6;
}

/**
 * Which of `dates` are trading days of each market. A market's calendar is the union of the bar dates
 * of its symbols in `series` (the sleeve's universe, plus the benchmark), so a crypto weekend is not an
 * equity trading day. After the market's last bar date its calendar is unknown: every later date
 * counts as a trading day if the market has weekend bars, else every later weekday (so data that stops
 * for a whole market is still seen as missing, e.g. a delisted symbol alone in its market).
 */
export function marketOpenMasks(series: PriceSeries[], marketOf: (id: string) => string, dates: string[]): Map<string, Uint8Array> {
  const byMarket = new Map<string, Set<string>>();
  for (const s of series) {
    const m = marketOf(s.id);
    if (!byMarket.has(m)) byMarket.set(m, new Set());
    const set = byMarket.get(m)!;
    const dates = s.dates;
    for (let i = 0; i < dates.length; i++) set.add(dates[i]);
  }
  const out = new Map<string, Uint8Array>();
  for (const [m, set] of byMarket) {
    let last = '';
    let weekends = false;
    set.forEach((d) => {
      if (d > last) last = d;
      if (!weekends && isWeekend(d)) weekends = true;
    });
    const mask = new Uint8Array(dates.length);
    dates.forEach((d, k) => (mask[k] = set.has(d) || (d > last && (weekends || !isWeekend(d))) ? 1 : 0));
    out.set(m, mask);
  }
  return out;
}
