import { buildReturnsMatrix, returnsMatrixCsv } from './returns-matrix';

describe('buildReturnsMatrix', () => {
  it('aligns on the union calendar, carries closes forward and leaves NaN before listing', () => {
    const a = { id: 'A', dates: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'], close: [100, 110, 99, 99] };
    const b = { id: 'B', dates: ['2020-01-03', '2020-01-05'], close: [50, 55] };
    const m = buildReturnsMatrix([a, b], 10);
    expect(m.dates).toEqual(['2020-01-02', '2020-01-03', '2020-01-04', '2020-01-05']);
    expect(m.baseDate).toBe('2020-01-01');
    const at = (d: number, k: number) => m.values[d * 2 + k];
    expect(at(0, 0)).toBeCloseTo(0.1, 15);
    expect(at(1, 0)).toBeCloseTo(-0.1, 15);
    expect(at(3, 0)).toBe(0); // carried forward
    expect(Number.isNaN(at(1, 1))).toBe(true); // first B price: no return yet
    expect(at(2, 1)).toBe(0);
    expect(at(3, 1)).toBeCloseTo(0.1, 15);
    expect(returnsMatrixCsv(m).split('\n').slice(0, 3)).toEqual(['date,A,B', '2020-01-02,0.10000000,', '2020-01-03,-0.10000000,']);
  });

  it('keeps the last lookbackDays returns, seeded by the bar before the window', () => {
    const a = { id: 'A', dates: ['2020-01-01', '2020-01-02', '2020-01-03'], close: [1, 2, 4] };
    const m = buildReturnsMatrix([a], 1);
    expect(m.dates).toEqual(['2020-01-03']);
    expect(Array.from(m.values)).toEqual([1]);
  });
});
