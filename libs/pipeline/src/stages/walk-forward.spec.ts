import { rebalanceSchedule } from './schedule';
import { selectAt } from './selection';
import type { ReturnsMatrix } from './series';
import { walkForward } from './walk-forward';

const dates = (n: number) => Array.from({ length: n }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`);

describe('rebalanceSchedule', () => {
  it('steps from the end of the first train window and adds a live rebalance', () => {
    expect(rebalanceSchedule(10, 4, 3, 3)).toEqual([
      { t: 4, holdStart: 4, holdEnd: 7, cashEnd: 7, live: false },
      { t: 7, holdStart: 7, holdEnd: 10, cashEnd: 10, live: false },
      { t: 10, holdStart: 10, holdEnd: 10, cashEnd: 10, live: true },
    ]);
    // testWindow shorter than the step: the rows up to the next trade are in cash, never dropped
    expect(rebalanceSchedule(10, 4, 2, 3)[0]).toEqual({ t: 4, holdStart: 4, holdEnd: 6, cashEnd: 7, live: false });
  });
  it('shifts holds by the execution lag: decided at the close of row t − 1, earning from row t + lag', () => {
    expect(rebalanceSchedule(10, 4, 3, 3, 1)).toEqual([
      { t: 4, holdStart: 5, holdEnd: 8, cashEnd: 8, live: false },
      { t: 7, holdStart: 8, holdEnd: 10, cashEnd: 10, live: false },
      { t: 10, holdStart: 10, holdEnd: 10, cashEnd: 10, live: true },
    ]);
    // a rebalance whose weights would start earning after the data is left out (it never trades)
    expect(rebalanceSchedule(9, 4, 4, 4, 1).map((r) => r.t)).toEqual([4, 9]);
    expect(rebalanceSchedule(9, 4, 4, 4, 0).map((r) => r.t)).toEqual([4, 8, 9]);
  });
  it('rejects impossible windows with the values', () => {
    expect(() => rebalanceSchedule(10, 0, 1, 1)).toThrow('walk-forward windows: expected trainWindow >= 2, testWindow >= 1, stepSize >= 1, got 0, 1, 1');
    expect(() => rebalanceSchedule(10, 4, 1, 1, -1)).toThrow('backtest.executionLag: expected an integer >= 0, got -1');
  });
});

describe('selectAt', () => {
  // asset A shines in the train window, B only afterwards (a look-ahead would pick B)
  const m: ReturnsMatrix = {
    dates: dates(6),
    ids: ['A', 'B', 'C'],
    values: Float64Array.from([0.05, 0.0, NaN, 0.05, 0.0, 0.01, 0.05, 0.0, 0.01, 0.0, 0.5, 0.0, 0.0, 0.5, 0.0, 0.0, 0.5, 0.0]),
  };
  it('ranks only on rows before t and skips assets with an incomplete window', () => {
    const s = selectAt(m, 3, 3, { topN: 2, threshold: -1, mode: 'momentum' });
    expect(s.selected.map((a) => m.ids[a])).toEqual(['A', 'B']);
    expect(s.eligible).toBe(2);
    expect(s.scores[0]).toBeCloseTo(1.05 ** 3 - 1, 12);
    expect(s.asOf).toBe('2020-01-03');
  });
  it('applies the threshold (nothing passing means cash)', () => {
    expect(selectAt(m, 3, 3, { topN: 2, threshold: 0.01, mode: 'momentum' }).selected).toEqual([0]);
    expect(selectAt(m, 3, 3, { topN: 2, threshold: 10, mode: 'momentum' }).selected).toEqual([]);
  });
});

describe('walkForward', () => {
  it('charges costs on turnover, drifts weights and holds for the test window', () => {
    const m: ReturnsMatrix = { dates: dates(4), ids: ['A', 'B'], values: Float64Array.from([0, 0, 0, 0, 0.1, -0.1, 0.1, 0]) };
    const schedule = rebalanceSchedule(4, 2, 2, 2);
    const res = walkForward(m, schedule, 100, () => Float64Array.from([0.5, 0.5]));
    expect(res.dates).toEqual(['2020-01-03', '2020-01-04']);
    // day 1: 0.5*0.1 + 0.5*-0.1 - cost(turnover 1 × 1%) = -0.01
    expect(res.returns[0]).toBeCloseTo(-0.01, 15);
    // drifted: A 0.55, B 0.45 → day 2 return 0.055
    expect(res.returns[1]).toBeCloseTo(0.055, 15);
    expect(res.rebalances[0].turnover).toBe(1);
    // live rebalance back to 50/50 from the drifted weights (0.605/1.055, 0.45/1.055)
    expect(res.rebalances[1].live).toBe(true);
    expect(res.rebalances[1].turnover).toBeCloseTo(2 * Math.abs(0.605 / 1.055 - 0.5), 12);
  });
  it('returns 0 on cash rebalances', () => {
    const m: ReturnsMatrix = { dates: dates(3), ids: ['A'], values: Float64Array.from([0.1, 0.2, 0.3]) };
    const res = walkForward(m, rebalanceSchedule(3, 2, 1, 1), 10, () => new Float64Array(1));
    expect(res.returns).toEqual([0]);
  });
});

describe('walkForward cost compounding', () => {
  it('pays the cost out of the portfolio before the first day of the hold earns its return', () => {
    // one asset, +10 % then +10 %; buying it from cash is turnover 1 at 100 bps = 1 % of the portfolio.
    // 1 → 0.99 after the trade → 0.99 × 1.1 = 1.089: first-day return 0.089 (not 0.1 − 0.01 = 0.09)
    const m: ReturnsMatrix = { dates: dates(4), ids: ['A'], values: Float64Array.from([0, 0, 0.1, 0.1]) };
    const res = walkForward(m, rebalanceSchedule(4, 2, 2, 2), 100, () => Float64Array.from([1]));
    expect(res.returns[0]).toBeCloseTo(0.089, 15);
    expect(res.returns[1]).toBeCloseTo(0.1, 15);
    // compounded: 0.99 × 1.1 × 1.1 = 1.1979
    expect((1 + res.returns[0]) * (1 + res.returns[1])).toBeCloseTo(1.1979, 14);
  });
});

describe('walkForward with short weights', () => {
  it('a short of the whole NAV loses as its asset rises, and its weight grows with the asset (drift)', () => {
    // short 1 × NAV of A, A +10 % then +10 %: cash 2, liability 1 → 1.1 → 1.21: NAV 0.9 then 0.79
    const m: ReturnsMatrix = { dates: dates(4), ids: ['A'], values: Float64Array.from([0, 0, 0.1, 0.1]) };
    const res = walkForward(m, rebalanceSchedule(4, 2, 2, 2), 0, () => Float64Array.from([-1]));
    expect(res.returns[0]).toBeCloseTo(-0.1, 15);
    expect((1 + res.returns[0]) * (1 + res.returns[1])).toBeCloseTo(0.79, 14);
    // live rebalance back to −1 from the drifted −1.21/0.79: turnover |−1 + 1.21/0.79|
    expect(res.rebalances[1].turnover).toBeCloseTo(1.21 / 0.79 - 1, 12);
  });
  it('a net-0 long/short book drifts too, and turnover and costs count both sides', () => {
    // long A 0.5, short B 0.5; day 1 A +10 %, B −10 %: +10 %; NAV 1.1, A 0.55/1.1 = 0.5, B −0.45/1.1
    const m: ReturnsMatrix = { dates: dates(4), ids: ['A', 'B'], values: Float64Array.from([0, 0, 0, 0, 0.1, -0.1, 0.1, 0.1]) };
    const res = walkForward(m, rebalanceSchedule(4, 2, 2, 2), 100, () => Float64Array.from([0.5, -0.5]));
    expect(res.rebalances[0].turnover).toBe(1);
    expect(res.returns[0]).toBeCloseTo(0.99 * 1.1 - 1, 15);
    // day 2 on drifted weights 0.55/1.089·… : A and B both +10 %: 0.1 × (wA + wB)
    const wA = (0.5 * 1.1) / 1.1;
    const wB = (-0.5 * 0.9) / 1.1;
    expect(res.returns[1]).toBeCloseTo(0.1 * (wA + wB), 12);
  });
});

describe('walkForward execution lag, slippage, cash gaps and ended data', () => {
  // rows: A returns 0.1, 0.2, 0.3, 0.4, 0.5, 0.6
  const m: ReturnsMatrix = { dates: dates(6), ids: ['A'], values: Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) };
  it('lag 0 earns from row t, lag 1 from row t + 1 (the trade happens one close later)', () => {
    const lag0 = walkForward(m, rebalanceSchedule(6, 2, 4, 4, 0), 0, () => Float64Array.from([1]));
    expect(lag0.dates).toEqual(dates(6).slice(2));
    expect(lag0.returns.map((x) => +x.toFixed(12))).toEqual([0.3, 0.4, 0.5, 0.6]);
    const lag1 = walkForward(m, rebalanceSchedule(6, 2, 4, 4, 1), 0, () => Float64Array.from([1]));
    expect(lag1.dates).toEqual(dates(6).slice(3));
    expect(lag1.returns.map((x) => +x.toFixed(12))).toEqual([0.4, 0.5, 0.6]);
  });
  it('adds slippageBps to costBps on traded notional', () => {
    // buy from cash: turnover 1 × (60 + 40) bps = 1 %: first day (1 − 0.01)(1 + 0.3) − 1
    const r = walkForward(m, rebalanceSchedule(6, 2, 4, 4, 0), 60, () => Float64Array.from([1]), { slippageBps: 40 });
    expect(r.rebalances[0].cost).toBeCloseTo(0.01, 15);
    expect(r.returns[0]).toBeCloseTo(0.99 * 1.3 - 1, 15);
  });
  it('stepSize > testWindow: exits to cash after the test window paying costs, then 0 returns, re-entry pays again', () => {
    // train 2, test 1, step 2: hold row 2, cash row 3, hold row 4, cash row 5
    const r = walkForward(m, rebalanceSchedule(6, 2, 1, 2, 0), 100, () => Float64Array.from([1]));
    expect(r.dates).toEqual(dates(6).slice(2));
    // row 2: buy (1 %), earn 30 %, sell everything at that close (1 % of what is left)
    expect(r.returns[0]).toBeCloseTo(0.99 * 1.3 * 0.99 - 1, 15);
    expect(r.returns[1]).toBe(0);
    expect(r.rebalances[0].exitTurnover).toBeCloseTo(1, 15);
    expect(r.rebalances[0].exitCost).toBeCloseTo(0.01, 15);
    expect(r.rebalances[1].turnover).toBe(1); // re-entry from cash
    expect(r.returns[2]).toBeCloseTo(0.99 * 1.5 * 0.99 - 1, 15);
    expect(r.returns[3]).toBe(0);
  });
  it('moves a holding whose data ended to cash at its last close and counts carried days', () => {
    // A: +10 %, then a carried day (no bar), then its data ends (NaN); B flat
    const m2: ReturnsMatrix = {
      dates: dates(5),
      ids: ['A', 'B'],
      values: Float64Array.from([0, 0, 0, 0, 0.1, 0, 0, 0, NaN, 0]),
      carried: Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 0, 0, 0]),
    };
    const r = walkForward(m2, rebalanceSchedule(5, 2, 3, 3, 0), 0, () => Float64Array.from([0.5, 0.5]));
    expect(r.returns[0]).toBeCloseTo(0.05, 15);
    expect(r.returns.slice(1)).toEqual([0, 0]);
    expect(r.cashOuts).toEqual([{ asset: 0, date: '2020-01-05', weight: 0.55 / 1.05 }]);
    expect(r.heldWithoutBar).toEqual([1, 0]);
    // the live rebalance buys A back from cash: turnover counts A's full 0.5 (it was cash, not A)
    expect(r.rebalances[1].turnover).toBeCloseTo(Math.abs(0.5 - 0) + Math.abs(0.5 - 0.5 / 1.05), 12);
  });
  it('charges each column its own rate when given one per column (meta-portfolio sleeves)', () => {
    const m2: ReturnsMatrix = { dates: dates(3), ids: ['A', 'B'], values: new Float64Array(6) };
    const r = walkForward(m2, rebalanceSchedule(3, 2, 1, 1), [10, 30], () => Float64Array.from([0.25, 0.75]));
    expect(r.rebalances[0].cost).toBeCloseTo((0.25 * 10 + 0.75 * 30) / 10_000, 15);
  });
});
