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

describe('buildReturnsMatrix with bad closes', () => {
  it('treats a zero, negative or blank close as missing (no fake −100% day, no NaN after it)', () => {
    // A: 100, 0 (bad), 110 → returns 0 on the bad day, then 110/100 − 1 = 0.1 (not −1, then NaN)
    // B: 50, −5 (bad), NaN (blank), 55 → 0, 0, 55/50 − 1 = 0.1
    const a = { id: 'A', dates: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'], close: [100, 0, 110, 121] };
    const b = { id: 'B', dates: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'], close: [50, -5, NaN, 55] };
    const m = buildReturnsMatrix([a, b], 10);
    const col = (k: number) => m.dates.map((_, d) => m.values[d * 2 + k]);
    expect(col(0)[0]).toBe(0);
    expect(col(0)[1]).toBeCloseTo(0.1, 15);
    expect(col(0)[2]).toBeCloseTo(0.1, 15);
    expect(col(1)[0]).toBe(0);
    expect(col(1)[1]).toBe(0);
    expect(col(1)[2]).toBeCloseTo(0.1, 15);
  });
  it('does not seed the window with a bad close before it', () => {
    const a = { id: 'A', dates: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'], close: [80, 0, 100, 120] };
    const m = buildReturnsMatrix([a], 2);
    // price dates 01-02 (bad: seeded by 01-01 = 80), 01-03, 01-04 → 100/80 − 1, 120/100 − 1
    expect(m.dates).toEqual(['2020-01-03', '2020-01-04']);
    expect(m.values[0]).toBeCloseTo(0.25, 15);
    expect(m.values[1]).toBeCloseTo(0.2, 15);
  });
});
