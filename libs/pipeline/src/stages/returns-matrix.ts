import { cell } from '../report/format';
import { marketOpenMasks, type PriceSeries, type ReturnsMatrix, unionDates, usablePrice } from './series';

/** The price dates of a sleeve: the last `lookbackDays + 1` dates of the union calendar of `series`. */
export function sleeveCalendar(series: PriceSeries[], lookbackDays: number): string[] {
  const all = unionDates(series);
  // lookbackDays returns need lookbackDays + 1 prices
  return all.slice(Math.max(0, all.length - lookbackDays - 1));
}

/** How missing bars are treated (docs/pipeline.md, "Missing bars and the end of a symbol's data"). */
export interface MissingDataRule {
  /** the market of each series (its trading calendar is the union of its market's bars in `calendarFrom`) */
  marketOf: (id: string) => string;
  /** series the market calendars are built from (default: the series themselves) */
  calendarFrom?: PriceSeries[];
  /** after a series' last bar, its close is carried over at most this many of its market's trading days, then its returns are NaN */
  maxGapDays: number;
}

/**
 * Simple daily returns of every series on the union calendar of the last `lookbackDays` days.
 * A symbol's close is carried forward over days its market did not trade (so an equity has a 0 return
 * on a crypto weekend) and over gaps; before its first bar the return is NaN (late listings).
 * Closes that are not a positive finite number (blank, 0, negative) count as missing days.
 */
export function buildReturnsMatrix(series: PriceSeries[], lookbackDays: number, rule?: MissingDataRule): ReturnsMatrix {
  return returnsOnCalendar(series, sleeveCalendar(series, lookbackDays), rule);
}

/**
 * Returns of each series between consecutive `priceDates` (the first one is the base date, so there
 * is one row less than there are price dates). Closes are carried forward; a bar before the first
 * price date seeds it. With a `rule`: a day on which the symbol's market traded but it has no bar is
 * flagged in `carried`, and once its data has ended — more than `maxGapDays` of its market's trading
 * days after its last bar — its returns are NaN (unknown), never a run of invented 0 returns.
 */
export function returnsOnCalendar(series: PriceSeries[], priceDates: string[], rule?: MissingDataRule): ReturnsMatrix {
  const ids = series.map((s) => s.id);
  const days = Math.max(0, priceDates.length - 1);
  const n = ids.length;
  const values = new Float64Array(days * n).fill(NaN);
  const carried = rule ? new Uint8Array(days * n) : undefined;
  const open = rule ? marketOpenMasks(rule.calendarFrom ?? series, rule.marketOf, priceDates) : undefined;
  const index = new Map(priceDates.map((d, i) => [d, i]));
  const prices = new Float64Array(priceDates.length);
  const hasBar = new Uint8Array(priceDates.length);
  for (let a = 0; a < n; a++) {
    const s = series[a];
    prices.fill(NaN);
    hasBar.fill(0);
    const lastBar = placeCloses(s, index, prices, hasBar);
    if (Number.isNaN(prices[0])) {
      let j = -1;
      for (let i = 0; i < s.dates.length && s.dates[i] < priceDates[0]; i++) if (usablePrice(s.close[i])) j = i;
      if (j >= 0) prices[0] = s.close[j];
    }
    const mask = open?.get(rule!.marketOf(s.id));
    carryForward(prices, priceDates, lastBar, mask, rule?.maxGapDays ?? 0, carried, n, a);
    columnReturns(prices, values, n, a);
  }
  return { dates: priceDates.slice(1), ids, values, baseDate: priceDates[0], ...(carried ? { carried } : {}) };
}

// The per-asset loops of returnsOnCalendar, in functions of their own: called once per asset, V8 optimises them
// after a few calls, where one long loop in a one-shot sleeve process would run mostly interpreted.

/** Puts each usable close of `s` on its price date's row; returns the date of its last usable bar ('' if none). */
function placeCloses(s: PriceSeries, index: Map<string, number>, prices: Float64Array, hasBar: Uint8Array): string {
  let lastBar = '';
  for (let i = 0; i < s.dates.length; i++) {
    if (!usablePrice(s.close[i])) continue;
    lastBar = s.dates[i];
    const k = index.get(s.dates[i]);
    if (k !== undefined) {
      prices[k] = s.close[i];
      hasBar[k] = 1;
    }
  }
  return lastBar;
}

/** Carries the last close over rows without one; with a market `mask`, at most `maxGapDays` open days after `lastBar`. */
function carryForward(
  prices: Float64Array,
  priceDates: string[],
  lastBar: string,
  mask: Uint8Array | undefined,
  maxGapDays: number,
  carried: Uint8Array | undefined,
  n: number,
  a: number,
): void {
  let openSinceEnd = 0;
  for (let k = 1; k < prices.length; k++) {
    if (!Number.isNaN(prices[k])) continue;
    if (mask && priceDates[k] > lastBar && mask[k]) openSinceEnd++;
    if (mask && openSinceEnd > maxGapDays) break; // data ended: the rest stays NaN
    prices[k] = prices[k - 1];
    if (mask && mask[k] && !Number.isNaN(prices[k])) carried![(k - 1) * n + a] = 1;
  }
}

/** Simple returns between consecutive prices into column `a` of the row-major `values`. */
function columnReturns(prices: Float64Array, values: Float64Array, n: number, a: number): void {
  for (let k = 1; k < prices.length; k++) {
    const p0 = prices[k - 1];
    const p1 = prices[k];
    values[(k - 1) * n + a] = p0 > 0 && Number.isFinite(p0) && Number.isFinite(p1) ? p1 / p0 - 1 : NaN;
  }
}

function csvRow(m: ReturnsMatrix, d: number, n: number): string {
  const row = new Array<string>(n + 1);
  row[0] = m.dates[d];
  for (let a = 0; a < n; a++) row[a + 1] = cell(m.values[d * n + a], 8);
  return row.join(',');
}

export function returnsMatrixCsv(m: ReturnsMatrix): string {
  const n = m.ids.length;
  const lines = [['date', ...m.ids].join(',')];
  for (let d = 0; d < m.dates.length; d++) lines.push(csvRow(m, d, n));
  return lines.join('\n') + '\n';
}
