/** Return-stream transforms: prices → returns, compounded equity, drawdown, growth and turnover. */
import { checkVector, fail } from './validate';

export const TRADING_DAYS = 252;
/** Periods per year of a calendar that trades every day (crypto, or a union calendar with crypto in it). */
export const CALENDAR_DAYS = 365;

/** Checks an annualisation factor (periods per year): a finite number > 0. */
export function checkPeriodsPerYear(fn: string, periodsPerYear: unknown): void {
  if (typeof periodsPerYear !== 'number' || !Number.isFinite(periodsPerYear) || periodsPerYear <= 0) {
    fail(fn, 'periodsPerYear', periodsPerYear, 'a finite number > 0 (252 for trading days, 365 for a 7-day calendar)');
  }
}

/** r[i] = prices[i+1] / prices[i] − 1; length n − 1 (empty for fewer than 2 prices). Prices must be > 0. */
export function simpleReturns(prices: number[]): number[] {
  checkVector('simpleReturns', 'prices', prices);
  for (let i = 0; i < prices.length; i++) {
    if (prices[i] <= 0) fail('simpleReturns', `prices[${i}]`, prices[i], 'a price > 0');
  }
  const out = new Array<number>(Math.max(0, prices.length - 1));
  for (let i = 1; i < prices.length; i++) out[i - 1] = prices[i] / prices[i - 1] - 1;
  return out;
}

/** Compounded equity after each period, starting from 1 (not included): e[i] = Π_{k≤i} (1 + r[k]). */
export function equityCurve(r: number[]): number[] {
  checkVector('equityCurve', 'r', r);
  const out = new Array<number>(r.length);
  let e = 1;
  for (let i = 0; i < r.length; i++) {
    e *= 1 + r[i];
    out[i] = e;
  }
  return out;
}

/** Drawdown after each period as a positive fraction below the running peak (the start, 1, counts as a peak). */
export function drawdownCurve(r: number[]): number[] {
  checkVector('drawdownCurve', 'r', r);
  const out = new Array<number>(r.length);
  let e = 1;
  let peak = 1;
  for (let i = 0; i < r.length; i++) {
    e *= 1 + r[i];
    if (e > peak) peak = e;
    out[i] = peak > 0 ? 1 - e / peak : 0;
  }
  return out;
}

/**
 * Largest peak-to-trough fall of the compounded equity curve that starts at 1, as a positive fraction
 * (0.25 = a 25% fall); 0 for an empty or never-falling series. A return of −100% gives 1.
 */
export function maxDrawdown(r: number[]): number {
  checkVector('maxDrawdown', 'r', r);
  let e = 1;
  let peak = 1;
  let mdd = 0;
  for (let i = 0; i < r.length; i++) {
    e *= 1 + r[i];
    if (e > peak) peak = e;
    const dd = 1 - e / peak;
    if (dd > mdd) mdd = dd;
  }
  return mdd;
}

/**
 * Compound annual growth: finalEquity^(periodsPerYear/n) − 1 with n = r.length (periodsPerYear 252 by
 * default; 365 for returns on a 7-day calendar). 0 for an empty series; −1 when the equity reached zero
 * or below (a total loss has no real root).
 */
export function cagr(r: number[], periodsPerYear: number = TRADING_DAYS): number {
  checkVector('cagr', 'r', r);
  checkPeriodsPerYear('cagr', periodsPerYear);
  if (r.length === 0) return 0;
  let e = 1;
  for (let i = 0; i < r.length; i++) e *= 1 + r[i];
  if (e <= 0) return -1;
  return Math.pow(e, periodsPerYear / r.length) - 1;
}

/** Σ |next[i] − prev[i]| (a full switch between two disjoint portfolios is 2). */
export function turnover(prev: number[], next: number[]): number {
  checkVector('turnover', 'prev', prev);
  checkVector('turnover', 'next', next);
  if (prev.length !== next.length) fail('turnover', 'next.length', next.length, `${prev.length} (prev.length)`);
  let s = 0;
  for (let i = 0; i < prev.length; i++) s += Math.abs(next[i] - prev[i]);
  return s;
}
