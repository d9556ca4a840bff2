import { annualVol, sharpe } from '../numerics';

/** Window of the rolling charts: a quarter of trading days. */
export const ROLLING_WINDOW = 63;

/**
 * Rolling annualised volatility and Sharpe over the trailing `window` returns, the same definitions as the
 * metrics (sample std × √P; mean × P / (std × √P), rf 0, 0 when std is 0), with P the series' annualisation
 * factor. Entry t uses returns[t − window + 1 .. t] (no look-ahead); entries before the first full window are NaN.
 */
export function rollingStats(returns: number[], periodsPerYear: number, window = ROLLING_WINDOW): { vol: number[]; sharpe: number[] } {
  const n = returns.length;
  const vol = new Array<number>(n).fill(NaN);
  const sr = new Array<number>(n).fill(NaN);
  for (let t = window - 1; t < n; t++) {
    const w = returns.slice(t - window + 1, t + 1);
    vol[t] = annualVol(w, periodsPerYear);
    sr[t] = sharpe(w, periodsPerYear);
  }
  return { vol, sharpe: sr };
}
