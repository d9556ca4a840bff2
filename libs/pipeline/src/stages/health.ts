import { compareStrings, type PriceSeries, unionDates } from './series';

/** Thresholds of the health audit (in trading days of the symbol's market calendar). */
export interface HealthThresholds {
  /** a run of more missing trading days than this inside a symbol's history fails it */
  maxGapDays: number;
  /** this many or more consecutive unchanged closes fail it (stale prices) */
  maxStaleRun: number;
  /** data ending more than this many trading days before its market's last day fails it */
  maxLagDays: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { maxGapDays: 5, maxStaleRun: 5, maxLagDays: 5 };

export interface SymbolHealth {
  id: string;
  market: string;
  first: string | null;
  last: string | null;
  days: number;
  expectedDays: number;
  coverage: number;
  missingDays: number;
  maxGap: number;
  staleRun: number;
  lagDays: number;
  ok: boolean;
  failures: string[];
  warnings: string[];
}

export interface HealthReport {
  window: { start: string; end: string; lookbackDays: number };
  thresholds: HealthThresholds;
  minDaysFloor: number;
  strictHealth: boolean;
  symbols: SymbolHealth[];
  healthy: string[];
  failed: string[];
}

/**
 * Health audit of a universe over its lookback window. Each symbol is compared with the calendar of
 * its own market (the union of the trading days of that market's symbols), so crypto's weekends are
 * not "gaps" for equities and vice versa. Pure: no I/O.
 */
export function auditHealth(
  series: PriceSeries[],
  marketOf: (id: string) => string,
  opts: { lookbackDays: number; minDaysFloor: number; strictHealth: boolean; thresholds?: HealthThresholds },
): HealthReport {
  const thresholds = opts.thresholds ?? DEFAULT_HEALTH_THRESHOLDS;
  const byMarket = new Map<string, PriceSeries[]>();
  for (const s of series) {
    const m = marketOf(s.id);
    if (!byMarket.has(m)) byMarket.set(m, []);
    byMarket.get(m)!.push(s);
  }
  const calendars = new Map<string, string[]>();
  for (const [m, list] of byMarket) {
    const all = unionDates(list);
    calendars.set(m, all.slice(Math.max(0, all.length - opts.lookbackDays)));
  }
  const symbols: SymbolHealth[] = [];
  for (const s of [...series].sort((a, b) => compareStrings(a.id, b.id))) {
    const calendar = calendars.get(marketOf(s.id))!;
    // a bar whose close is not a positive number is not a price: the returns matrix carries the last good
    // close over it, so here it is a missing day (a run of them is a gap, not "data")
    const good = usableBars(s);
    const h = auditSymbol(good, marketOf(s.id), calendar, thresholds, opts.minDaysFloor);
    const bad = s.dates.filter((d, i) => d >= calendar[0] && d <= calendar[calendar.length - 1] && !(Number.isFinite(s.close[i]) && s.close[i] > 0)).length;
    if (bad > 0) h.warnings.push(`${bad} bar${bad === 1 ? '' : 's'} with a close that is not a positive number (counted as missing days)`);
    symbols.push(h);
  }
  const windowDates = [...calendars.values()].flat().sort();
  return {
    window: { start: windowDates[0] ?? '', end: windowDates[windowDates.length - 1] ?? '', lookbackDays: opts.lookbackDays },
    thresholds,
    minDaysFloor: opts.minDaysFloor,
    strictHealth: opts.strictHealth,
    symbols,
    healthy: symbols.filter((s) => s.ok).map((s) => s.id),
    failed: symbols.filter((s) => !s.ok).map((s) => s.id),
  };
}

function usableBars(s: PriceSeries): PriceSeries {
  const keep: number[] = [];
  for (let i = 0; i < s.dates.length; i++) if (Number.isFinite(s.close[i]) && s.close[i] > 0) keep.push(i);
  if (keep.length === s.dates.length) return s;
  return { id: s.id, dates: keep.map((i) => s.dates[i]), close: keep.map((i) => s.close[i]) };
}

function auditSymbol(s: PriceSeries, market: string, calendar: string[], t: HealthThresholds, minDaysFloor: number): SymbolHealth {
  const start = calendar[0];
  const end = calendar[calendar.length - 1];
  // indices of the symbol's bars inside the window
  let lo = 0;
  while (lo < s.dates.length && s.dates[lo] < start) lo++;
  let hi = s.dates.length;
  while (hi > lo && s.dates[hi - 1] > end) hi--;
  const days = hi - lo;
  const failures: string[] = [];
  const warnings: string[] = [];
  const base = { id: s.id, market, expectedDays: calendar.length };
  if (days === 0) {
    failures.push(`no data in the window ${start}..${end}`);
    return { ...base, first: null, last: null, days: 0, coverage: 0, missingDays: 0, maxGap: 0, staleRun: 0, lagDays: calendar.length, ok: false, failures, warnings };
  }
  const first = s.dates[lo];
  const last = s.dates[hi - 1];
  // walk the market calendar from the symbol's first to last day, counting missing runs
  const have = new Set(s.dates.slice(lo, hi));
  let ci = calendar.indexOf(first);
  const ce = calendar.indexOf(last);
  let missing = 0;
  let run = 0;
  let maxGap = 0;
  let gapEnd = '';
  for (; ci <= ce && ci >= 0; ci++) {
    if (have.has(calendar[ci])) {
      run = 0;
    } else {
      missing++;
      run++;
      if (run > maxGap) {
        maxGap = run;
        gapEnd = calendar[ci];
      }
    }
  }
  let staleRun = 1;
  let bestStale = 1;
  let staleEnd = first;
  for (let i = lo + 1; i < hi; i++) {
    staleRun = s.close[i] === s.close[i - 1] ? staleRun + 1 : 1;
    if (staleRun > bestStale) {
      bestStale = staleRun;
      staleEnd = s.dates[i];
    }
  }
  const lagDays = calendar.length - 1 - calendar.indexOf(last);
  const coverage = days / calendar.length;
  if (days < minDaysFloor) failures.push(`only ${days} days of data in the window, expected at least ${minDaysFloor} (data.minDaysFloor)`);
  if (maxGap > t.maxGapDays) failures.push(`gap of ${maxGap} trading days ending ${gapEnd}, expected at most ${t.maxGapDays}`);
  if (bestStale >= t.maxStaleRun) failures.push(`stale prices: close unchanged for ${bestStale} days ending ${staleEnd}, expected fewer than ${t.maxStaleRun}`);
  if (lagDays > t.maxLagDays) failures.push(`data ends ${last}, ${lagDays} trading days before the market's last day ${end}`);
  if (first > start && failures.length === 0) warnings.push(`listed ${first}, after the window start ${start}`);
  if (missing > 0 && maxGap <= t.maxGapDays) warnings.push(`${missing} missing trading days (longest run ${maxGap})`);
  return { ...base, first, last, days, coverage, missingDays: missing, maxGap, staleRun: bestStale, lagDays, ok: failures.length === 0, failures, warnings };
}

/** One line naming every failed symbol and why (used for strictHealth). */
export function describeHealthFailures(report: HealthReport): string {
  return report.symbols
    .filter((s) => !s.ok)
    .map((s) => `${s.id}: ${s.failures.join('; ')}`)
    .join(' | ');
}
