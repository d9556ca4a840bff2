import type { ReturnsMatrix } from '../stages/series';

export interface SleeveSeries {
  id: string;
  dates: string[];
  returns: number[];
}

/**
 * Inner join of sleeve return series on date. A sleeve's returns on dates that are not common to all
 * sleeves (e.g. a crypto sleeve's weekends next to an equity sleeve) are compounded into its next
 * common date rather than dropped, so no return is lost. Throws a clear error when no sleeve is
 * given or they share fewer than `minDays` dates.
 */
export function joinOnDate(series: SleeveSeries[], minDays: number, metaName: string): ReturnsMatrix {
  if (series.length < 1) {
    throw new Error(
      `meta-portfolio ${metaName}: needs at least 1 sleeve with out-of-sample returns, got ${series.length}${series.length ? ` (${series.map((s) => s.id).join(', ')})` : ''}`,
    );
  }
  let common = new Set(series[0].dates);
  for (const s of series.slice(1)) {
    const next = new Set<string>();
    for (const d of s.dates) if (common.has(d)) next.add(d);
    common = next;
  }
  const dates = [...common].sort();
  if (dates.length < minDays) {
    const ranges = series.map((s) => `${s.id} ${s.dates[0] ?? '-'}..${s.dates[s.dates.length - 1] ?? '-'} (${s.dates.length} days)`).join(', ');
    throw new Error(`meta-portfolio ${metaName}: sleeves share ${dates.length} dates of out-of-sample returns, expected at least ${minDays}: ${ranges}`);
  }
  const n = series.length;
  const values = new Float64Array(dates.length * n);
  const first = dates[0];
  series.forEach((s, a) => {
    let row = 0;
    let growth = 1;
    for (let i = 0; i < s.dates.length && row < dates.length; i++) {
      const d = s.dates[i];
      if (d < first) continue;
      growth *= 1 + s.returns[i];
      if (d === dates[row]) {
        values[row * n + a] = growth - 1;
        growth = 1;
        row++;
      }
    }
  });
  return { dates, ids: series.map((s) => s.id), values };
}
