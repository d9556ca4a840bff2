import { annualVol, CALENDAR_DAYS, cagr, maxDrawdown, sharpe, sortino, TRADING_DAYS } from '../numerics';
import { round } from './format';

export interface PerformanceMetrics {
  start: string;
  end: string;
  days: number;
  /** calendar years the returns cover: (end − start in days) / 365.25 × days / (days − 1) (see docs/numerics.md) */
  years: number | null;
  /** annualisation factor used for volatility, Sharpe and Sortino: backtest.periodsPerYear when declared, else observed */
  periodsPerYear: number | null;
  /** return periods per calendar year seen in the dates: 365.25 × (days − 1) / (end − start in days) */
  observedPeriodsPerYear: number | null;
  totalReturn: number | null;
  cagr: number | null;
  annualVol: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number | null;
  calmar: number | null;
  bestDay: number | null;
  worstDay: number | null;
  hitRate: number | null;
}

/** Days in a calendar year on average (Julian year), for calendar-time annualisation. */
export const DAYS_PER_YEAR = 365.25;

/** Calendar days from the first to the last YYYY-MM-DD date (0 for fewer than 2 dates). */
export function spanDays(dates: string[]): number {
  if (dates.length < 2) return 0;
  return Math.round((Date.parse(`${dates[dates.length - 1]}T00:00:00Z`) - Date.parse(`${dates[0]}T00:00:00Z`)) / 86_400_000);
}

/**
 * Return periods per calendar year observed in a series' dates: the n − 1 intervals between its first and
 * last date per 365.25 days, P = 365.25 × (n − 1) / span. A weekday calendar gives ~261, an exchange
 * calendar with holidays ~252, a 7-day calendar 365.25. null for fewer than 2 dates (or a zero span).
 */
export function observedPeriodsPerYear(dates: string[]): number | null {
  const span = spanDays(dates);
  return dates.length >= 2 && span > 0 ? (DAYS_PER_YEAR * (dates.length - 1)) / span : null;
}

/** The annualisation factor: `declared` (backtest.periodsPerYear) when given, else the observed one (252 if none). */
export function annualisationFactor(dates: string[], declared?: number): number {
  return declared ?? observedPeriodsPerYear(dates) ?? TRADING_DAYS;
}

/**
 * Calendar-day classifier kept for callers that want "trading-day or 7-day calendar": 365 when at least one
 * date in seven is a Saturday or Sunday, else 252. The reports annualise with `annualisationFactor` instead.
 */
export function periodsPerYear(dates: string[]): number {
  let weekend = 0;
  for (const d of dates) {
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (day === 0 || day === 6) weekend++;
  }
  return weekend > 0 && weekend * 7 >= dates.length ? CALENDAR_DAYS : TRADING_DAYS;
}

/**
 * Metrics of a daily return series (numerics' exact definitions), rounded for byte-stable JSON. CAGR is over
 * calendar time: E^(1/years) − 1 with years = n / observedPeriodsPerYear (so a declared factor does not change
 * it); volatility, Sharpe and Sortino use P = `declaredPeriodsPerYear` ?? observed.
 */
export function performanceMetrics(dates: string[], returns: number[], declaredPeriodsPerYear?: number): PerformanceMetrics {
  const n = returns.length;
  const observed = observedPeriodsPerYear(dates);
  const ppy = declaredPeriodsPerYear ?? observed;
  let eq = 1;
  let best = -Infinity;
  let worst = Infinity;
  let up = 0;
  for (const r of returns) {
    eq *= 1 + r;
    if (r > best) best = r;
    if (r < worst) worst = r;
    if (r > 0) up++;
  }
  const ok = n >= 2 && observed !== null && ppy !== null;
  const safe = (f: () => number) => (ok ? round(f()) : null);
  const growth = () => cagr(returns, observed!); // E^(observed / n) − 1 = E^(1 / years) − 1
  return {
    start: dates[0] ?? '',
    end: dates[n - 1] ?? '',
    days: n,
    years: ok ? round(n / observed!) : null,
    periodsPerYear: ppy === null ? null : round(ppy),
    observedPeriodsPerYear: observed === null ? null : round(observed),
    totalReturn: n ? round(eq - 1) : null,
    cagr: safe(growth),
    annualVol: safe(() => annualVol(returns, ppy!)),
    sharpe: safe(() => sharpe(returns, ppy!)),
    sortino: safe(() => sortino(returns, ppy!)),
    maxDrawdown: safe(() => maxDrawdown(returns)),
    calmar: safe(() => {
      const mdd = maxDrawdown(returns);
      return mdd > 0 ? growth() / mdd : 0;
    }),
    bestDay: n ? round(best) : null,
    worstDay: n ? round(worst) : null,
    hitRate: n ? round(up / n) : null,
  };
}

export function equityCurve(returns: number[]): number[] {
  const out = new Array<number>(returns.length);
  let eq = 1;
  for (let i = 0; i < returns.length; i++) out[i] = eq *= 1 + returns[i];
  return out;
}

export function drawdownCurve(returns: number[]): number[] {
  const out = new Array<number>(returns.length);
  let eq = 1;
  let peak = 1;
  for (let i = 0; i < returns.length; i++) {
    eq *= 1 + returns[i];
    if (eq > peak) peak = eq;
    out[i] = eq / peak - 1;
  }
  return out;
}

/** Compounded return per calendar month: { 'YYYY': [12 entries, null where no data] }. */
export function monthlyReturns(dates: string[], returns: number[]): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {};
  const acc = new Map<string, number>();
  for (let i = 0; i < dates.length; i++) {
    const key = dates[i].slice(0, 7);
    acc.set(key, (acc.get(key) ?? 1) * (1 + returns[i]));
  }
  for (const [key, g] of acc) {
    const [y, m] = key.split('-');
    out[y] ??= new Array<number | null>(12).fill(null);
    out[y][Number(m) - 1] = round(g - 1, 6);
  }
  return out;
}
