/** Summary statistics of a daily return stream (annualised with 252 trading days, risk-free rate 0). */
import { TRADING_DAYS, cagr, checkPeriodsPerYear, maxDrawdown } from './returns';
import { checkVector } from './validate';

/** Arithmetic mean; 0 for an empty array. */
export function mean(x: number[]): number {
  checkVector('mean', 'x', x);
  return meanUnchecked(x);
}

/** Sample standard deviation (divides by n − 1); 0 for fewer than 2 values. */
export function std(x: number[]): number {
  checkVector('std', 'x', x);
  return stdUnchecked(x);
}

/** std(r) × √periodsPerYear (252 by default; 365 for returns on a 7-day calendar). */
export function annualVol(r: number[], periodsPerYear: number = TRADING_DAYS): number {
  checkVector('annualVol', 'r', r);
  checkPeriodsPerYear('annualVol', periodsPerYear);
  return stdUnchecked(r) * Math.sqrt(periodsPerYear);
}

/** mean(r) × periodsPerYear / annualVol(r); 0 when the volatility is 0 (or fewer than 2 returns). */
export function sharpe(r: number[], periodsPerYear: number = TRADING_DAYS): number {
  checkVector('sharpe', 'r', r);
  checkPeriodsPerYear('sharpe', periodsPerYear);
  const vol = stdUnchecked(r) * Math.sqrt(periodsPerYear);
  return vol > 0 ? (meanUnchecked(r) * periodsPerYear) / vol : 0;
}

/**
 * Downside deviation: sqrt(mean(min(r, 0)²)) over all n returns (target 0; divides by n, not by the
 * number of negative returns, and not by n − 1 — the usual "lower partial moment of order 2").
 */
export function downsideDeviation(r: number[]): number {
  checkVector('downsideDeviation', 'r', r);
  return downsideUnchecked(r);
}

/** mean(r) × P / (downsideDeviation(r) × √P), P = periodsPerYear (252); 0 when there is no downside (or no returns). */
export function sortino(r: number[], periodsPerYear: number = TRADING_DAYS): number {
  checkVector('sortino', 'r', r);
  checkPeriodsPerYear('sortino', periodsPerYear);
  const dd = downsideUnchecked(r) * Math.sqrt(periodsPerYear);
  return dd > 0 ? (meanUnchecked(r) * periodsPerYear) / dd : 0;
}

/** cagr(r, periodsPerYear) / maxDrawdown(r); 0 when there is no drawdown. */
export function calmar(r: number[], periodsPerYear: number = TRADING_DAYS): number {
  checkVector('calmar', 'r', r);
  checkPeriodsPerYear('calmar', periodsPerYear);
  const mdd = maxDrawdown(r);
  return mdd > 0 ? cagr(r, periodsPerYear) / mdd : 0;
}

function meanUnchecked(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  return s / n;
}

function stdUnchecked(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return 0;
  const m = meanUnchecked(x);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

function downsideUnchecked(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return 0;
  let ss = 0;
  for (let i = 0; i < n; i++) if (x[i] < 0) ss += x[i] * x[i];
  return Math.sqrt(ss / n);
}
