import { buildReturnsMatrix, returnsMatrixCsv, returnsOnCalendar } from './returns-matrix';

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

describe('returnsOnCalendar missing-data rule', () => {
  const days: string[] = [];
  for (let d = new Date('2021-01-04T00:00:00Z'); days.length < 21; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10)); // Mon 4 → Sun 24
  const weekday = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
  const eq = days.filter(weekday);
  const price = (n: number) => Array.from({ length: n }, (_, i) => 100 * 1.01 ** i);
  const marketOf = (id: string) => (id.startsWith('C_') ? 'crypto' : 'us');

  it('carries a missing bar (flagged, move kept for the next bar), not a market holiday, and NaN once the data ended', () => {
    const coin = { id: 'C_COIN', dates: days, close: price(21) };
    const other = { id: 'S_OTHER', dates: eq, close: price(15) };
    // S_HOLE misses Wed 6 Jan; S_END stops after Tue 12 Jan (its market keeps trading)
    const hole = { id: 'S_HOLE', dates: eq.filter((d) => d !== '2021-01-06'), close: [100, 101, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114] };
    const end = { id: 'S_END', dates: eq.slice(0, 7), close: price(7) };
    const m = returnsOnCalendar([coin, other, hole, end], days, { marketOf, maxGapDays: 2 });
    const n = 4;
    const row = (d: string) => m.dates.indexOf(d);
    const v = (d: string, a: number) => m.values[row(d) * n + a];
    const c = (d: string, a: number) => m.carried![row(d) * n + a];
    expect(v('2021-01-06', 2)).toBe(0);
    expect(c('2021-01-06', 2)).toBe(1);
    expect(v('2021-01-07', 2)).toBeCloseTo(103 / 101 - 1, 15); // the move over the missing day is not lost
    // weekends: equities carried at 0 but not flagged (their market was closed)
    expect(v('2021-01-09', 1)).toBe(0);
    expect(c('2021-01-09', 1)).toBe(0);
    // S_END: last bar Tue 12; Wed 13 and Thu 14 carried (2 trading days ≤ maxGapDays), NaN from Fri 15
    expect([v('2021-01-13', 3), v('2021-01-14', 3)]).toEqual([0, 0]);
    expect(c('2021-01-13', 3)).toBe(1);
    for (const d of ['2021-01-15', '2021-01-16', '2021-01-20']) expect(Number.isNaN(v(d, 3))).toBe(true);
  });

  it('does not end equities whose data stops with their market before a crypto weekend', () => {
    const coin = { id: 'C_COIN', dates: days, close: price(21) };
    const stock = { id: 'S_STOCK', dates: eq, close: price(15) }; // last bar Fri 22, the calendar ends Sun 24
    const m = returnsOnCalendar([coin, stock], days, { marketOf, maxGapDays: 0 });
    expect(m.values[(m.dates.length - 1) * 2 + 1]).toBe(0);
  });

  it('without a rule, carries forward forever (the benchmark-free, rule-free behaviour of old)', () => {
    const m = returnsOnCalendar([{ id: 'A', dates: days.slice(0, 3), close: [1, 2, 2] }], days.slice(0, 10));
    expect(m.values[8]).toBe(0);
    expect(m.carried).toBeUndefined();
  });
});
