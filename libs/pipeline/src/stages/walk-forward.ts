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
  /** Σ |target_a − drifted_a| × (costBps_a + slippageBps) / 10,000 as a fraction of the portfolio, paid when it trades (first day of the hold: (1 − cost)(1 + r) − 1) */
  cost: number;
  /** stepSize > testWindow: Σ |held| sold at the end of the test window, and what that exit cost */
  exitTurnover: number;
  exitCost: number;
}

/** A holding whose asset had no return any more (its data ended): moved to cash at its last close. */
export interface CashOut {
  asset: number;
  /** the first out-of-sample date without a return for it (its value is cash from the previous close) */
  date: string;
  /** its weight in the portfolio at that point */
  weight: number;
}

export interface WalkForwardResult {
  rebalances: RebalanceRecord[];
  dates: string[];
  returns: number[];
  cashOuts: CashOut[];
  /** per matrix column: out-of-sample days it was held while `m.carried` marks its price as carried (no bar) */
  heldWithoutBar: number[];
}

export interface WalkForwardOptions {
  /** charged on traded notional on top of costBps (the same formula, rates added) */
  slippageBps?: number;
}

/**
 * Out-of-sample simulation: at each rebalance the target weights (from `targetAt`, which may only
 * look at rows before t) replace the drifted holdings at the close before `holdStart`, turnover costs
 * are charged, and the weights then drift with the assets' returns over the hold. `costBps` is one rate,
 * or one rate per matrix column (the meta-portfolio charges each sleeve's own rate). Rows between a hold
 * and the next trade (stepSize > testWindow) are in cash after an exit that pays the same costs.
 * A held asset with no return on a day (NaN: its data ended) earns nothing that day and its weight is
 * moved to cash, where it stays until the next rebalance; this is recorded in `cashOuts`.
 */
export function walkForward(
  m: ReturnsMatrix,
  schedule: Rebalance[],
  costBps: number | ArrayLike<number>,
  targetAt: (r: Rebalance, index: number) => Float64Array,
  opts: WalkForwardOptions = {},
): WalkForwardResult {
  const n = m.ids.length;
  const slip = opts.slippageBps ?? 0;
  const rate = (a: number) => ((typeof costBps === 'number' ? costBps : costBps[a]) + slip) / 10_000;
  const held = new Float64Array(n); // current (drifted) weights; cash = 1 − Σ held
  const rebalances: RebalanceRecord[] = [];
  const dates: string[] = [];
  const returns: number[] = [];
  const cashOuts: CashOut[] = [];
  const heldWithoutBar = new Array<number>(n).fill(0);
  schedule.forEach((r, k) => {
    const target = targetAt(r, k);
    let turnover = 0;
    let cost = 0;
    for (let a = 0; a < n; a++) {
      const traded = Math.abs(target[a] - held[a]);
      turnover += traded;
      cost += traded * rate(a);
    }
    const record: RebalanceRecord = { t: r.t, asOf: m.dates[r.t - 1], live: r.live, weights: target, turnover, cost, exitTurnover: 0, exitCost: 0 };
    rebalances.push(record);
    held.set(target);
    for (let d = r.holdStart; d < r.holdEnd; d++) {
      const gross = grossReturn(held, m.values, m.carried, d, n, heldWithoutBar);
      // costs are paid out of the portfolio when it trades (at the close before the hold), so only
      // (1 − cost) of it earns the first day's return: (1 − cost)(1 + gross) − 1, not gross − cost
      let rp = d === r.holdStart ? (1 - cost) * (1 + gross) - 1 : gross;
      // drift: each holding grows with its asset; cash stays flat; an asset without a return goes to cash
      drift(held, m, d, 1 + gross, cashOuts);
      if (d === r.holdEnd - 1 && r.cashEnd > r.holdEnd) {
        // end of the test window before the next trade: sell everything at this close, pay for it
        let exitTurnover = 0;
        let exitCost = 0;
        for (let a = 0; a < n; a++) {
          exitTurnover += Math.abs(held[a]);
          exitCost += Math.abs(held[a]) * rate(a);
        }
        record.exitTurnover = exitTurnover;
        record.exitCost = exitCost;
        rp = (1 + rp) * (1 - exitCost) - 1;
        held.fill(0);
      }
      dates.push(m.dates[d]);
      returns.push(rp);
    }
    for (let d = r.holdEnd; d < r.cashEnd; d++) {
      dates.push(m.dates[d]);
      returns.push(0);
    }
  });
  return { rebalances, dates, returns, cashOuts, heldWithoutBar };
}

// The per-day loops of walkForward, in small functions of their own: called once per out-of-sample day, V8
// optimises them after a few calls (a one-shot sleeve process would otherwise run them mostly interpreted).

/** Σ_a w_a r_a over the held assets with a known return on row d; counts the held days whose price is carried. */
function grossReturn(held: Float64Array, values: Float64Array, carried: Uint8Array | undefined, d: number, n: number, heldWithoutBar: number[]): number {
  let gross = 0;
  for (let a = 0; a < n; a++) {
    const w = held[a];
    if (w === 0) continue;
    const x = values[d * n + a];
    if (Number.isNaN(x)) continue;
    gross += w * x;
    if (carried && carried[d * n + a]) heldWithoutBar[a]++;
  }
  return gross;
}

/** Drift: each holding grows with its asset, cash stays flat; an asset without a return on row d goes to cash. */
function drift(held: Float64Array, m: ReturnsMatrix, d: number, total: number, cashOuts: CashOut[]): void {
  const n = m.ids.length;
  for (let a = 0; a < n; a++) {
    if (held[a] === 0) continue;
    const x = m.values[d * n + a];
    if (Number.isNaN(x)) {
      cashOuts.push({ asset: a, date: m.dates[d], weight: held[a] });
      held[a] = 0;
    } else if (total > 0) {
      held[a] = (held[a] * (1 + x)) / total;
    }
  }
}
