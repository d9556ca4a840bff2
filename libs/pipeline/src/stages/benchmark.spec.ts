import { benchmarkOnDates } from './benchmark';

describe('benchmarkOnDates', () => {
  const days = ['2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08', '2021-01-11', '2021-01-12'];
  const universe = [{ id: 'S_A', dates: days, close: [1, 1, 1, 1, 1, 1, 1] }];
  const marketOf = () => 'us';

  it('measures a benchmark listed late from its listing, carries a missing bar (counted) without losing its move', () => {
    // listed 2021-01-06; no bar on 2021-01-08; +10 % from 01-07 to 01-11
    const b = { id: 'S_BM', dates: ['2021-01-06', '2021-01-07', '2021-01-11', '2021-01-12'], close: [100, 100, 110, 110] };
    const r = benchmarkOnDates(b, days, days.slice(1), { universe, marketOf }, 5);
    expect(r.coverage).toEqual({ from: '2021-01-07', to: '2021-01-12', days: 4, oosDays: 6, carriedDays: 1 });
    expect(r.covered.dates).toEqual(['2021-01-07', '2021-01-08', '2021-01-11', '2021-01-12']);
    expect(r.covered.returns[1]).toBe(0);
    expect(r.covered.returns[2]).toBeCloseTo(0.1, 15);
    // the chart series is aligned with the strategy's dates, flat before the listing
    expect(r.chart.slice(0, 2)).toEqual([0, 0]);
    expect(r.chart).toHaveLength(6);
  });

  it('stops measuring once its data has ended (more than maxGapDays trading days without a bar)', () => {
    const b = { id: 'S_BM', dates: days.slice(0, 3), close: [100, 101, 102] };
    const r = benchmarkOnDates(b, days, days.slice(1), { universe, marketOf }, 1);
    expect(r.coverage).toMatchObject({ from: '2021-01-05', to: '2021-01-07', days: 3 });
  });
});
