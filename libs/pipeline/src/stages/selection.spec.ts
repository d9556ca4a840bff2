import { performanceMetrics } from '../report/metrics';
import { selectAt } from './selection';
import type { ReturnsMatrix } from './series';

const ids = (m: ReturnsMatrix, xs: number[]) => xs.map((a) => m.ids[a]);

describe("selectAt sharpe scores use the report's annualisation factor", () => {
  it('observed periods per year of the train window: 365.25 × (rows − 1) / span in days', () => {
    // A: 0.01, 0.03 → mean 0.02, sample std 0.01·√2: Sharpe √2·√P
    const consecutive: ReturnsMatrix = { dates: ['2021-01-02', '2021-01-03', '2021-01-04'], ids: ['A'], values: Float64Array.from([0.01, 0.03, 0]) };
    const s = selectAt(consecutive, 2, 2, { topN: 1, threshold: 25, mode: 'sharpe' });
    expect(s.scores[0]).toBeCloseTo(Math.sqrt(730.5), 10); // P = 365.25: √730.5 ≈ 27.03 > 25
    expect(s.selected).toEqual([0]);
    // Friday → Monday: one interval over 3 days, P = 121.75
    const fridayMonday: ReturnsMatrix = { dates: ['2021-01-08', '2021-01-11', '2021-01-12'], ids: ['A'], values: Float64Array.from([0.01, 0.03, 0]) };
    expect(selectAt(fridayMonday, 2, 2, { topN: 1, threshold: -1, mode: 'sharpe' }).scores[0]).toBeCloseTo(Math.sqrt(243.5), 10);
    // a declared backtest.periodsPerYear wins
    expect(selectAt(fridayMonday, 2, 2, { topN: 1, threshold: -1, mode: 'sharpe', periodsPerYear: 252 }).scores[0]).toBeCloseTo(Math.sqrt(504), 10);
  });
  it("equals the report's Sharpe of the same window (metrics.json definition)", () => {
    const dates: string[] = [];
    for (let t = Date.parse('2021-01-04T00:00:00Z'); dates.length < 61; t += 86_400_000) {
      const d = new Date(t);
      if (d.getUTCDay() % 6 !== 0) dates.push(d.toISOString().slice(0, 10));
    }
    const r = dates.map((_, i) => 0.001 + 0.01 * Math.sin(i * 1.3));
    const m: ReturnsMatrix = { dates, ids: ['A'], values: Float64Array.from(r) };
    const s = selectAt(m, 60, 60, { topN: 1, threshold: -100, mode: 'sharpe' });
    expect(s.scores[0]).toBeCloseTo(performanceMetrics(dates.slice(0, 60), r.slice(0, 60)).sharpe!, 8);
  });
});

describe('selectAt direction', () => {
  // momentum over 2 rows: A +21 %, B +2.01 %, C 0, D −1.99 %, E −19 %
  const m: ReturnsMatrix = {
    dates: ['2021-01-04', '2021-01-05', '2021-01-06'],
    ids: ['A', 'B', 'C', 'D', 'E'],
    values: Float64Array.from([0.1, 0.01, 0, -0.01, -0.1, 0.1, 0.01, 0, -0.01, -0.1, 9, 9, 9, 9, 9]),
  };
  const base = { topN: 2, threshold: 0, mode: 'momentum' as const };
  it('long (default): the top of the ranking with score > threshold; no short book', () => {
    const s = selectAt(m, 2, 2, base);
    expect(ids(m, s.selected)).toEqual(['A', 'B']);
    expect(s.short).toEqual([]);
  });
  it('short: the bottom of the ranking with −score > threshold (score < −threshold), lowest first', () => {
    const s = selectAt(m, 2, 2, { ...base, direction: 'short' });
    expect(s.selected).toEqual([]);
    expect(ids(m, s.short)).toEqual(['E', 'D']);
    expect(s.shortScores[0]).toBeCloseTo(0.9 * 0.9 - 1, 12);
    // threshold 0.05 on the inverse signal: only E (−19 %) has −score > 0.05
    expect(ids(m, selectAt(m, 2, 2, { ...base, direction: 'short', threshold: 0.05 }).short)).toEqual(['E']);
    // nothing falling enough → an empty book (cash)
    expect(selectAt(m, 2, 2, { ...base, direction: 'short', threshold: 0.5 }).short).toEqual([]);
  });
  it('long_short: topN on each side; an asset is never in both books', () => {
    const s = selectAt(m, 2, 2, { ...base, direction: 'long_short' });
    expect(ids(m, s.selected)).toEqual(['A', 'B']);
    expect(ids(m, s.short)).toEqual(['E', 'D']);
    // a negative threshold lets C (0) pass both tests: it stays in the long book only
    const wide = selectAt(m, 2, 2, { ...base, topN: 3, threshold: -0.05, direction: 'long_short' });
    expect(ids(m, wide.selected)).toEqual(['A', 'B', 'C']);
    expect(ids(m, wide.short)).toEqual(['E', 'D']);
  });
});
