import { annualVol, CALENDAR_DAYS, cagr, calmar, maxDrawdown, sharpe, sortino, TRADING_DAYS } from '../numerics';
import { round } from './format';

export interface PerformanceMetrics {
  start: string;
  end: string;
  days: number;
  /** annualisation factor used: 252 (trading-day calendar) or 365 (the dates include weekends) */
  periodsPerYear: number;
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

/**
 * Annualisation factor of a daily series from its dates: 365 when it is on a 7-day calendar (a crypto
 * sleeve, or a union calendar with crypto in it, has a return row for every calendar day: 2 of every 7
 * are weekend days), else 252. The test is "at least 1 date in 7 is a Saturday or Sunday", so an
 * exchange's odd Saturday session does not turn a trading-day series into a calendar-day one. Annualising
 * 365 rows a year with 252 would report a sleeve that doubled in a year with a CAGR of 2^(252/365) − 1 = 61 %.
 */
export function periodsPerYear(dates: string[]): number {
  let weekend = 0;
  for (const d of dates) {
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (day === 0 || day === 6) weekend++;
  }
  return weekend > 0 && weekend * 7 >= dates.length ? CALENDAR_DAYS : TRADING_DAYS;
}

/** Metrics of a daily return series (numerics' exact definitions), rounded for byte-stable JSON. */
export function performanceMetrics(dates: string[], returns: number[]): PerformanceMetrics {
  const n = returns.length;
  const ppy = periodsPerYear(dates);
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
  const safe = (f: () => number) => (n >= 2 ? round(f()) : null);
  return {
    start: dates[0] ?? '',
    end: dates[n - 1] ?? '',
    days: n,
    periodsPerYear: ppy,
    totalReturn: n ? round(eq - 1) : null,
    cagr: safe(() => cagr(returns, ppy)),
    annualVol: safe(() => annualVol(returns, ppy)),
    sharpe: safe(() => sharpe(returns, ppy)),
    sortino: safe(() => sortino(returns, ppy)),
    maxDrawdown: safe(() => maxDrawdown(returns)),
    calmar: safe(() => calmar(returns, ppy)),
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
