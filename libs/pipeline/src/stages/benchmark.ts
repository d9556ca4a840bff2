import { returnsOnCalendar } from './returns-matrix';
import type { PriceSeries } from './series';

/**
 * The benchmark on the out-of-sample dates, by the same missing-data rule as the assets: its last close
 * is carried over days it has no bar (the move shows up on its next bar), and before its first bar or
 * after its data ended its return is unknown. Its metrics cover only the days with a known return
 * (from its first to its last); the chart draws it flat (0) on the others.
 */
export function benchmarkOnDates(
  b: PriceSeries,
  priceDates: string[],
  oosDates: string[],
  facts: { universe: PriceSeries[]; marketOf: (id: string) => string },
  maxGapDays: number,
) {
  const cal = returnsOnCalendar([b], priceDates, { marketOf: facts.marketOf, calendarFrom: [...facts.universe.filter((s) => s.id !== b.id), b], maxGapDays });
  const row = new Map(cal.dates.map((d, i) => [d, i]));
  const known: number[] = [];
  const returns = oosDates.map((d, i) => {
    const k = row.get(d);
    const v = k === undefined ? NaN : cal.values[k];
    if (!Number.isNaN(v)) known.push(i);
    return v;
  });
  let carriedDays = 0;
  for (const i of known) if (cal.carried![row.get(oosDates[i])!]) carriedDays++;
  const from = known.length ? known[0] : 0;
  const to = known.length ? known[known.length - 1] + 1 : 0;
  return {
    chart: returns.map((v) => (Number.isNaN(v) ? 0 : v)),
    covered: { dates: oosDates.slice(from, to), returns: returns.slice(from, to).map((v) => (Number.isNaN(v) ? 0 : v)) },
    coverage: { from: oosDates[from] ?? null, to: oosDates[to - 1] ?? null, days: to - from, oosDays: oosDates.length, carriedDays },
  };
}
