import { rebalanceSchedule } from './schedule';
import { selectAt } from './selection';
import type { ReturnsMatrix } from './series';
import { walkForward } from './walk-forward';

const dates = (n: number) => Array.from({ length: n }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`);

describe('rebalanceSchedule', () => {
  it('steps from the end of the first train window and adds a live rebalance', () => {
    expect(rebalanceSchedule(10, 4, 3, 3)).toEqual([
      { t: 4, holdStart: 4, holdEnd: 7, live: false },
      { t: 7, holdStart: 7, holdEnd: 10, live: false },
      { t: 10, holdStart: 10, holdEnd: 10, live: true },
    ]);
    // testWindow shorter than the step: days between holds are not traded
    expect(rebalanceSchedule(10, 4, 2, 3)[0]).toEqual({ t: 4, holdStart: 4, holdEnd: 6, live: false });
  });
  it('rejects impossible windows with the values', () => {
    expect(() => rebalanceSchedule(10, 0, 1, 1)).toThrow('walk-forward windows: expected trainWindow >= 2, testWindow >= 1, stepSize >= 1, got 0, 1, 1');
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
