import type { Rebalance } from './schedule';
import type { ReturnsMatrix } from './series';

export interface RebalanceRecord {
  t: number;
  asOf: string;
  live: boolean;
  /** target weights over all matrix columns (0 = not held); Σ = 1, or 0 for cash */
  weights: Float64Array;
  /** Σ |target − drifted| */
  turnover: number;
  /** turnover × costBps / 10,000 as a fraction of the portfolio, paid when it trades (first day of the hold: (1 − cost)(1 + r) − 1) */
  cost: number;
}

export interface WalkForwardResult {
  rebalances: RebalanceRecord[];
  dates: string[];
  returns: number[];
}

/**
 * Out-of-sample simulation: at each rebalance the target weights (from `targetAt`, which may only
 * look at rows before t) replace the drifted holdings, turnover costs are charged, and the weights
 * then drift with the assets' returns over the hold. Days outside every hold are not part of the
 * out-of-sample series. Unknown returns (NaN) count as 0.
 */
export function walkForward(
  m: ReturnsMatrix,
  schedule: Rebalance[],
  costBps: number,
  targetAt: (r: Rebalance, index: number) => Float64Array,
): WalkForwardResult {
  const n = m.ids.length;
  const held = new Float64Array(n); // current (drifted) weights
  const rebalances: RebalanceRecord[] = [];
  const dates: string[] = [];
  const returns: number[] = [];
  schedule.forEach((r, k) => {
    const target = targetAt(r, k);
    let turnover = 0;
    for (let a = 0; a < n; a++) turnover += Math.abs(target[a] - held[a]);
    const cost = (turnover * costBps) / 10_000;
    rebalances.push({ t: r.t, asOf: m.dates[r.t - 1], live: r.live, weights: target, turnover, cost });
    held.set(target);
    for (let d = r.holdStart; d < r.holdEnd; d++) {
      let gross = 0;
      let invested = 0;
      for (let a = 0; a < n; a++) {
        const w = held[a];
        if (w === 0) continue;
        const x = m.values[d * n + a];
        const ra = Number.isNaN(x) ? 0 : x;
        gross += w * ra;
        invested += Math.abs(w); // gross exposure: a long/short book can be net 0 and still drift
      }
      // costs are paid out of the portfolio when it trades (at the close before the hold), so only
      // (1 − cost) of it earns the first day's return: (1 − cost)(1 + gross) − 1, not gross − cost
      const rp = d === r.holdStart ? (1 - cost) * (1 + gross) - 1 : gross;
      dates.push(m.dates[d]);
      returns.push(rp);
      // drift: each holding grows with its asset (a short's negative weight grows in size when its asset
      // rises); cash (1 − Σw, including short proceeds) stays flat
      const total = 1 + gross;
      if (invested > 0 && total > 0) {
        for (let a = 0; a < n; a++) {
          if (held[a] === 0) continue;
          const x = m.values[d * n + a];
          held[a] = (held[a] * (1 + (Number.isNaN(x) ? 0 : x))) / total;
        }
      }
    }
  });
  return { rebalances, dates, returns };
}
