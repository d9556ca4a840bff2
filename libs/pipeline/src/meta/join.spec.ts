import { joinOnDate } from './join';

describe('joinOnDate', () => {
  it('inner-joins on date and compounds non-common days into the next common date', () => {
    const eq = { id: 'eq', dates: ['2020-01-03', '2020-01-06', '2020-01-07'], returns: [0.01, 0.02, 0.03] };
    const cr = {
      id: 'cr',
      dates: ['2020-01-03', '2020-01-04', '2020-01-05', '2020-01-06', '2020-01-07', '2020-01-08'],
      returns: [0.1, 0.1, 0.1, 0.1, -0.5, 0.9],
    };
    const m = joinOnDate([eq, cr], 3, 'root');
    expect(m.dates).toEqual(['2020-01-03', '2020-01-06', '2020-01-07']);
    expect(m.ids).toEqual(['eq', 'cr']);
    expect(m.values[2 * 0 + 1]).toBeCloseTo(0.1, 15);
    expect(m.values[2 * 1 + 1]).toBeCloseTo(1.1 ** 3 - 1, 15); // weekend compounded into Monday
    expect(m.values[2 * 2 + 0]).toBeCloseTo(0.03, 15);
    expect(m.values[2 * 2 + 1]).toBeCloseTo(-0.5, 15);
  });
  it('needs at least one sleeve; a single sleeve is its own joined series', () => {
    expect(() => joinOnDate([], 1, 'root')).toThrow('meta-portfolio root: needs at least 1 sleeve with out-of-sample returns, got 0');
    const m = joinOnDate([{ id: 'a', dates: ['2020-01-01', '2020-01-02'], returns: [0.01, -0.02] }], 2, 'root');
    expect(m.ids).toEqual(['a']);
    expect(m.values[0]).toBeCloseTo(0.01, 15);
    expect(m.values[1]).toBeCloseTo(-0.02, 15);
  });
  it('rejects sleeves without enough overlapping dates, naming their ranges', () => {
    const a = { id: 'a', dates: ['2020-01-01', '2020-01-02'], returns: [0, 0] };
    const b = { id: 'b', dates: ['2021-01-01'], returns: [0] };
    expect(() => joinOnDate([a, b], 10, 'root')).toThrow(
      'meta-portfolio root: sleeves share 0 dates of out-of-sample returns, expected at least 10: a 2020-01-01..2020-01-02 (2 days), b 2021-01-01..2021-01-01 (1 days)',
    );
  });
});
