import { cell } from '../report/format';
import { type PriceSeries, type ReturnsMatrix, unionDates } from './series';

/**
 * Simple daily returns of every series on the union calendar of the last `lookbackDays` days.
 * A symbol's close is carried forward over days its market did not trade (so an equity has a 0 return
 * on a crypto weekend) and over short gaps; before its first bar the return is NaN (late listings).
 * Closes that are not a positive finite number (blank, 0, negative) count as missing days.
 */
export function buildReturnsMatrix(series: PriceSeries[], lookbackDays: number): ReturnsMatrix {
  const all = unionDates(series);
  // lookbackDays returns need lookbackDays + 1 prices
  const priceDates = all.slice(Math.max(0, all.length - lookbackDays - 1));
  return returnsOnCalendar(series, priceDates);
}

/**
 * Returns of each series between consecutive `priceDates` (the first one is the base date, so there
 * is one row less than there are price dates). Closes are carried forward; a bar before the first
 * price date seeds it.
 */
export function returnsOnCalendar(series: PriceSeries[], priceDates: string[]): ReturnsMatrix {
  const ids = series.map((s) => s.id);
  const days = Math.max(0, priceDates.length - 1);
  const n = ids.length;
  const values = new Float64Array(days * n).fill(NaN);
  const index = new Map(priceDates.map((d, i) => [d, i]));
  const prices = new Float64Array(priceDates.length);
  for (let a = 0; a < n; a++) {
    const s = series[a];
    prices.fill(NaN);
    for (let i = 0; i < s.dates.length; i++) {
      const k = index.get(s.dates[i]);
      if (k !== undefined && usablePrice(s.close[i])) prices[k] = s.close[i];
    }
    if (Number.isNaN(prices[0])) {
      let j = -1;
      for (let i = 0; i < s.dates.length && s.dates[i] < priceDates[0]; i++) if (usablePrice(s.close[i])) j = i;
      if (j >= 0) prices[0] = s.close[j];
    }
    for (let k = 1; k < prices.length; k++) if (Number.isNaN(prices[k])) prices[k] = prices[k - 1];
    for (let k = 1; k < prices.length; k++) {
      const p0 = prices[k - 1];
      const p1 = prices[k];
      values[(k - 1) * n + a] = p0 > 0 && Number.isFinite(p0) && Number.isFinite(p1) ? p1 / p0 - 1 : NaN;
    }
  }
  return { dates: priceDates.slice(1), ids, values, baseDate: priceDates[0] };
}

/**
 * A close that can be a price: finite and > 0. A blank (NaN), zero, negative or infinite close is a data
 * error, not a −100% day: it is treated as missing, so the last good close is carried over it.
 */
function usablePrice(x: number): boolean {
  return Number.isFinite(x) && x > 0;
}

export function returnsMatrixCsv(m: ReturnsMatrix): string {
  const n = m.ids.length;
  const lines = [['date', ...m.ids].join(',')];
  for (let d = 0; d < m.dates.length; d++) {
    const row = new Array<string>(n + 1);
    row[0] = m.dates[d];
    for (let a = 0; a < n; a++) row[a + 1] = cell(m.values[d * n + a], 8);
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
