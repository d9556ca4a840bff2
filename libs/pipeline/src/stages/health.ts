import { compareStrings, marketOpenMasks, type PriceSeries, unionDates, usablePrice } from './series';

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
    const bad = countUnusable(s, calendar[0], calendar[calendar.length - 1]);
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

/** Bars dated in [from, to] whose close is not a positive number. */
function countUnusable(s: PriceSeries, from: string, to: string): number {
  let bad = 0;
  for (let i = 0; i < s.dates.length; i++) {
    const d = s.dates[i];
    if (d >= from && d <= to && !(Number.isFinite(s.close[i]) && s.close[i] > 0)) bad++;
  }
  return bad;
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
    return {
      ...base,
      first: null,
      last: null,
      days: 0,
      coverage: 0,
      missingDays: 0,
      maxGap: 0,
      staleRun: 0,
      lagDays: calendar.length,
      ok: false,
      failures,
      warnings,
    };
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

/** Point-in-time health thresholds (profile fields in parentheses). */
export interface PointInTimeRule {
  trainWindow: number;
  /** (data.minDaysFloor) bars a symbol needs on or before the decision date */
  minDaysFloor: number;
  /** (universe.minHistoryDays) the same count, from the universe block; optional */
  minHistoryDays?: number;
  /** (data.maxGapDays) a run of more missing trading days of its market touching the train window fails */
  maxGapDays: number;
  /** (data.maxStaleDays) this many or more consecutive unchanged closes inside the train window fail */
  maxStaleDays: number;
}

export type ExclusionKind = 'listing' | 'history' | 'no-price' | 'gap' | 'stale';

export interface RebalanceEligibility {
  t: number;
  /** the decision date: the close whose data the rebalance uses (price date of row t − 1) */
  asOf: string;
  /** 1 = eligible, per matrix column */
  eligible: Uint8Array;
  /** why each ineligible column is excluded (null when eligible) */
  reasons: ({ kind: ExclusionKind; detail: string } | null)[];
}

function upperBound(sorted: string[], x: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Point-in-time eligibility at each rebalance (survivorship-free universe). `priceDates` are the
 * returns matrix's price dates (`[baseDate, ...dates]`), so a rebalance at row t decides at the close
 * of `priceDates[t]` with the train window's prices `priceDates[t − trainWindow .. t]`. A symbol is
 * eligible when, using only its bars dated on or before the decision date:
 *   - listing: it has a bar on or before the train window's first price date (every return is known);
 *   - history: it has at least `minDaysFloor` (and `minHistoryDays`) usable bars on or before that date;
 *   - no-price: it has a bar on its market's last trading day up to the decision date (no current price,
 *     e.g. its data has stopped: a delisting is never selectable after its last bar);
 *   - gap: no run of more than `maxGapDays` trading days of its market without a bar touches the train
 *     window;
 *   - stale: no `maxStaleDays` or more consecutive bars with the same close inside the train window.
 * Pure; `series[a]` is matrix column a; `calendarFrom` builds the market calendars (the universe).
 */
export function pointInTimeEligibility(
  series: PriceSeries[],
  marketOf: (id: string) => string,
  priceDates: string[],
  rebalanceRows: number[],
  rule: PointInTimeRule,
  calendarFrom: PriceSeries[] = series,
): RebalanceEligibility[] {
  const open = marketOpenMasks(calendarFrom, marketOf, priceDates);
  const cols = series.map((s0) => {
    const s = usableSeries(s0);
    const barAt = barIndexOn(s.dates, priceDates);
    // missRun[k]: trading days of its market without a bar, in a row, ending at k (after its first bar)
    const missRun = missRuns(barAt, open.get(marketOf(s0.id))!, s.dates.length > 0 ? s.dates[0] : undefined, priceDates);
    return { s, barAt, missRun };
  });
  const stale = new Int32Array(2);
  return rebalanceRows.map((t) => {
    const asOf = priceDates[t];
    const startK = Math.max(0, t - rule.trainWindow);
    const start = priceDates[startK];
    const eligible = new Uint8Array(series.length);
    const reasons: RebalanceEligibility['reasons'] = cols.map(({ s, barAt, missRun }) => {
      const bars = upperBound(s.dates, asOf);
      if (s.dates.length === 0 || s.dates[0] > start) {
        return {
          kind: 'listing',
          detail: s.dates.length && s.dates[0] <= asOf ? `first bar ${s.dates[0]} after the train window start ${start}` : `no bar on or before ${asOf}`,
        };
      }
      if (bars < rule.minDaysFloor)
        return { kind: 'history', detail: `${bars} bars up to ${asOf}, expected at least ${rule.minDaysFloor} (data.minDaysFloor)` };
      if (rule.minHistoryDays !== undefined && bars < rule.minHistoryDays) {
        return { kind: 'history', detail: `${bars} bars up to ${asOf}, expected at least ${rule.minHistoryDays} (universe.minHistoryDays)` };
      }
      if (missRun[t] > 0) {
        return {
          kind: 'no-price',
          detail: `no bar on its market's last trading day up to ${asOf} (last bar ${s.dates[bars - 1]}, ${missRun[t]} trading day${missRun[t] === 1 ? '' : 's'} without one)`,
        };
      }
      const gapAt = firstMaxAt(missRun, startK, t);
      const gap = missRun[gapAt];
      if (gap > rule.maxGapDays)
        return { kind: 'gap', detail: `gap of ${gap} trading days ending ${priceDates[gapAt]}, expected at most ${rule.maxGapDays} (data.maxGapDays)` };
      staleRunIn(barAt, s.close, startK, t, stale);
      const best = stale[0];
      const bestAt = stale[1] >= 0 ? s.dates[stale[1]] : '';
      if (best >= rule.maxStaleDays)
        return { kind: 'stale', detail: `close unchanged for ${best} bars ending ${bestAt}, expected fewer than ${rule.maxStaleDays} (data.maxStaleDays)` };
      return null;
    });
    reasons.forEach((r, a) => (eligible[a] = r === null ? 1 : 0));
    return { t, asOf, eligible, reasons };
  });
}

// The loops of pointInTimeEligibility, in small functions of their own: called per symbol and rebalance, V8
// optimises them after a few calls (one long loop in a one-shot sleeve process would run mostly interpreted).

/** missRun[k]: trading days of its market (`mask`) without a bar, in a row, ending at k (0 until its first bar `first`). */
function missRuns(barAt: Int32Array, mask: Uint8Array, first: string | undefined, priceDates: string[]): Int32Array {
  const K = priceDates.length;
  const missRun = new Int32Array(K);
  for (let k = 0; k < K; k++) {
    const prev = k > 0 ? missRun[k - 1] : 0;
    if (barAt[k] >= 0 || !(first !== undefined && first < priceDates[k])) missRun[k] = 0;
    else missRun[k] = mask[k] ? prev + 1 : prev;
  }
  return missRun;
}

/** The first index of the largest value of xs[from..to] when it is > 0, else `from` (xs ≥ 0). */
function firstMaxAt(xs: Int32Array, from: number, to: number): number {
  let best = 0;
  let at = from;
  for (let k = from; k <= to; k++) {
    if (xs[k] > best) {
      best = xs[k];
      at = k;
    }
  }
  return at;
}

/** The longest run of equal consecutive closes among the bars on rows from..to: out[0] its length, out[1] its last bar (−1: none). */
function staleRunIn(barAt: Int32Array, close: ArrayLike<number>, from: number, to: number, out: Int32Array): void {
  let run = 0;
  let best = 0;
  let bestAt = -1;
  let prev = NaN;
  for (let k = from; k <= to; k++) {
    const i = barAt[k];
    if (i < 0) continue;
    const c = close[i];
    run = c === prev ? run + 1 : 1;
    prev = c;
    if (run > best) {
      best = run;
      bestAt = i;
    }
  }
  out[0] = best;
  out[1] = bestAt;
}

/** For each of `days`, the index of the same date in `dates`, or −1 (both ascending: one merge pass; otherwise a map). */
function barIndexOn(dates: string[], days: string[]): Int32Array {
  const out = new Int32Array(days.length).fill(-1);
  if (!isAscending(dates) || !isAscending(days)) {
    const index = new Map(dates.map((d, i) => [d, i]));
    days.forEach((d, k) => {
      const i = index.get(d);
      if (i !== undefined) out[k] = i;
    });
    return out;
  }
  for (let i = 0, k = 0; i < dates.length && k < days.length;) {
    if (dates[i] === days[k]) out[k++] = i++;
    else if (dates[i] < days[k]) i++;
    else k++;
  }
  return out;
}

function isAscending(xs: string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i - 1] < xs[i])) return false;
  return true;
}

function usableSeries(s: PriceSeries): PriceSeries {
  const keep: number[] = [];
  for (let i = 0; i < s.dates.length; i++) if (usablePrice(s.close[i])) keep.push(i);
  if (keep.length === s.dates.length) return s;
  return { id: s.id, dates: keep.map((i) => s.dates[i]), close: keep.map((i) => s.close[i]) };
}

export interface ExclusionSpan {
  from: string;
  to: string;
  rebalances: number;
  kind: ExclusionKind;
  /** the reason at the span's first rebalance */
  reason: string;
}

/** health.json's point-in-time section: per-rebalance counts and, per symbol, its spans of exclusion. */
export function summarizeEligibility(ids: string[], rebalances: RebalanceEligibility[]) {
  const spans: Record<string, ExclusionSpan[]> = {};
  ids.forEach((id, a) => {
    const list: ExclusionSpan[] = [];
    let prevExcluded = false;
    for (const r of rebalances) {
      const why = r.reasons[a];
      if (!why) {
        prevExcluded = false;
        continue;
      }
      const last = list[list.length - 1];
      if (prevExcluded && last.kind === why.kind) {
        last.to = r.asOf;
        last.rebalances++;
      } else {
        list.push({ from: r.asOf, to: r.asOf, rebalances: 1, kind: why.kind, reason: why.detail });
      }
      prevExcluded = true;
    }
    if (list.length) spans[id] = list;
  });
  const counts = rebalances.map((r) => r.eligible.reduce((x, y) => x + y, 0));
  return {
    rebalances: rebalances.map((r, k) => ({ asOf: r.asOf, eligible: counts[k], excluded: ids.length - counts[k] })),
    exclusions: spans,
    neverEligible: ids.filter((_, a) => rebalances.length > 0 && rebalances.every((r) => !r.eligible[a])),
    eligibleMin: counts.length ? Math.min(...counts) : 0,
    eligibleMax: counts.length ? Math.max(...counts) : 0,
  };
}
