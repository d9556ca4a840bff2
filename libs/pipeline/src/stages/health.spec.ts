import { auditHealth, describeHealthFailures, type PointInTimeRule, pointInTimeEligibility, summarizeEligibility } from './health';
import type { PriceSeries } from './series';

function weekdays(start: string, n: number): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (out.length < n) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
const walk = (n: number, seed: number) => Array.from({ length: n }, (_, i) => 100 + Math.sin(i * 0.7 + seed) * 3 + i * 0.01);

describe('auditHealth', () => {
  const cal = weekdays('2020-01-01', 120);
  const good: PriceSeries = { id: 'X_GOOD', dates: cal, close: walk(120, 1) };
  const gappy: PriceSeries = { id: 'X_GAP', dates: [...cal.slice(0, 50), ...cal.slice(60)], close: walk(110, 2) };
  const staleClose = walk(120, 3);
  for (let i = 70; i < 78; i++) staleClose[i] = 55;
  const stale: PriceSeries = { id: 'X_STALE', dates: cal, close: staleClose };
  const late: PriceSeries = { id: 'X_LATE', dates: cal.slice(40), close: walk(80, 4) };
  const ended: PriceSeries = { id: 'X_ENDED', dates: cal.slice(0, 100), close: walk(100, 5) };
  const series = [good, gappy, stale, late, ended];

  it('flags gaps, stale prices, early ends and short histories, and warns on late listings', () => {
    const r = auditHealth(series, () => 'us', { lookbackDays: 120, minDaysFloor: 60, strictHealth: false });
    expect(r.healthy).toEqual(['X_GOOD', 'X_LATE']);
    expect(r.failed).toEqual(['X_ENDED', 'X_GAP', 'X_STALE']);
    const by = Object.fromEntries(r.symbols.map((s) => [s.id, s]));
    expect(by.X_GAP.maxGap).toBe(10);
    expect(by.X_GAP.failures[0]).toBe(`gap of 10 trading days ending ${cal[59]}, expected at most 5`);
    expect(by.X_STALE.staleRun).toBe(8);
    expect(by.X_ENDED.lagDays).toBe(20);
    expect(by.X_LATE.warnings[0]).toBe(`listed ${cal[40]}, after the window start ${cal[0]}`);
    expect(by.X_LATE.coverage).toBeCloseTo(80 / 120, 12);
    expect(describeHealthFailures(r)).toContain('X_STALE: stale prices: close unchanged for 8 days');
  });

  it('fails a late listing with fewer days than minDaysFloor', () => {
    const r = auditHealth([good, late], () => 'us', { lookbackDays: 120, minDaysFloor: 100, strictHealth: true });
    expect(r.failed).toEqual(['X_LATE']);
    expect(r.symbols[1].failures[0]).toBe('only 80 days of data in the window, expected at least 100 (data.minDaysFloor)');
  });

  it('compares each symbol with its own market calendar (crypto weekends are not equity gaps)', () => {
    const all: string[] = [];
    const d = new Date('2020-01-01T00:00:00Z');
    for (let i = 0; i < 168; i++) {
      all.push(d.toISOString().slice(0, 10));
      d.setUTCDate(d.getUTCDate() + 1);
    }
    const crypto: PriceSeries = { id: 'C_BTC', dates: all, close: walk(168, 6) };
    const r = auditHealth([good, crypto], (id) => (id.startsWith('C_') ? 'crypto' : 'us'), { lookbackDays: 120, minDaysFloor: 60, strictHealth: true });
    expect(r.failed).toEqual([]);
    expect(r.symbols.find((s) => s.id === 'X_GOOD')!.missingDays).toBe(0);
  });
});

describe('auditHealth with bad closes', () => {
  it('counts bars whose close is blank, 0 or negative as missing days (a run of them is a gap)', () => {
    const cal = weekdays('2020-01-01', 120);
    const close = walk(120, 7);
    // 8 bars in a row with no usable close: present in the file, but no price → a gap of 8 (> 5)
    for (let i = 60; i < 68; i++) close[i] = i % 2 ? NaN : 0;
    const one = walk(120, 8);
    one[30] = -1; // a single bad close: a 1-day gap, only a warning
    const r = auditHealth(
      [
        { id: 'X_BLANK', dates: cal, close },
        { id: 'X_ONE', dates: cal, close: one },
      ],
      () => 'us',
      { lookbackDays: 120, minDaysFloor: 60, strictHealth: false },
    );
    const by = Object.fromEntries(r.symbols.map((s) => [s.id, s]));
    expect(r.failed).toEqual(['X_BLANK']);
    expect(by.X_BLANK.maxGap).toBe(8);
    expect(by.X_BLANK.days).toBe(112);
    expect(by.X_BLANK.failures[0]).toBe(`gap of 8 trading days ending ${cal[67]}, expected at most 5`);
    expect(by.X_ONE.ok).toBe(true);
    expect(by.X_ONE.missingDays).toBe(1);
    expect(by.X_ONE.warnings).toContain('1 bar with a close that is not a positive number (counted as missing days)');
  });
});

describe('pointInTimeEligibility (survivorship-free universe)', () => {
  // 60 weekdays; rebalances decide at price index t with the train window's prices [t − 10, t]
  const cal = weekdays('2021-01-04', 60);
  const good: PriceSeries = { id: 'X_GOOD', dates: cal, close: walk(60, 1) };
  // delisted: last bar at index 29
  const delisted: PriceSeries = { id: 'X_DELISTED', dates: cal.slice(0, 30), close: walk(30, 2) };
  // a 7-bar gap at indices 20–26, then trading again
  const gappy: PriceSeries = { id: 'X_GAP', dates: [...cal.slice(0, 20), ...cal.slice(27)], close: walk(53, 3) };
  // 6 unchanged closes at indices 40–45
  const staleClose = walk(60, 4);
  for (let i = 40; i < 46; i++) staleClose[i] = 77;
  const stale: PriceSeries = { id: 'X_STALE', dates: cal, close: staleClose };
  // listed at index 15
  const late: PriceSeries = { id: 'X_LATE', dates: cal.slice(15), close: walk(45, 5) };
  const series = [good, delisted, gappy, stale, late];
  const rule: PointInTimeRule = { trainWindow: 10, minDaysFloor: 5, maxGapDays: 5, maxStaleDays: 5 };
  const rows = [12, 24, 28, 32, 36, 48, 59];
  const run = (r = rule) => pointInTimeEligibility(series, () => 'us', cal, rows, r);
  const eligibleAt = (res: ReturnType<typeof run>, t: number) => series.filter((_, a) => res[rows.indexOf(t)].eligible[a]).map((s) => s.id);

  it('judges each rebalance on data up to its decision date only', () => {
    const res = run();
    // before anything happened every listed symbol is eligible; X_LATE is not listed before the window start
    expect(eligibleAt(res, 12)).toEqual(['X_GOOD', 'X_DELISTED', 'X_GAP', 'X_STALE']);
    expect(res[0].reasons[4]).toEqual({ kind: 'listing', detail: `no bar on or before ${cal[12]}` });
    // at t = 24 it has bars, but not over the whole train window
    expect(res[1].reasons[4]).toEqual({ kind: 'listing', detail: `first bar ${cal[15]} after the train window start ${cal[14]}` });
    // the gap (indices 20–26) is in progress at t = 24: no current price; at 28 it is over but was 7 days long
    expect(res[1].reasons[2]).toEqual({
      kind: 'no-price',
      detail: `no bar on its market's last trading day up to ${cal[24]} (last bar ${cal[19]}, 5 trading days without one)`,
    });
    expect(res[2].reasons[2]).toEqual({ kind: 'gap', detail: `gap of 7 trading days ending ${cal[26]}, expected at most 5 (data.maxGapDays)` });
    // the delisted symbol is eligible up to its last bar (a later delisting never excludes it earlier)
    expect(eligibleAt(res, 28)).toContain('X_DELISTED');
    // from the first decision after its last bar it has no current price: never selectable again
    expect(res[3].reasons[1]).toEqual({
      kind: 'no-price',
      detail: `no bar on its market's last trading day up to ${cal[32]} (last bar ${cal[29]}, 3 trading days without one)`,
    });
    for (const t of [32, 36, 48, 59]) expect(eligibleAt(res, t)).not.toContain('X_DELISTED');
    // the gap has left the train window [38, 48] again: X_GAP is back; the stale run is in it
    expect(eligibleAt(res, 48)).toEqual(['X_GOOD', 'X_GAP', 'X_LATE']);
    expect(res[5].reasons[3]).toEqual({ kind: 'stale', detail: `close unchanged for 6 bars ending ${cal[45]}, expected fewer than 5 (data.maxStaleDays)` });
    expect(eligibleAt(res, 59)).toEqual(['X_GOOD', 'X_GAP', 'X_STALE', 'X_LATE']);
  });

  it('counts minDaysFloor and minHistoryDays as bars on or before the decision date', () => {
    const res = run({ ...rule, minDaysFloor: 2, minHistoryDays: 30 });
    // X_LATE has 34 bars up to index 48 (15..48) but only 22 up to index 36
    expect(res[4].reasons[4]).toEqual({ kind: 'history', detail: `22 bars up to ${cal[36]}, expected at least 30 (universe.minHistoryDays)` });
    expect(res[5].eligible[4]).toBe(1);
    expect(run({ ...rule, minDaysFloor: 40 })[5].reasons[4]).toEqual({
      kind: 'history',
      detail: `34 bars up to ${cal[48]}, expected at least 40 (data.minDaysFloor)`,
    });
  });

  it('summarizes exclusions as spans per symbol for health.json', () => {
    const sum = summarizeEligibility(
      series.map((s) => s.id),
      run(),
    );
    expect(sum.rebalances.map((r) => r.eligible)).toEqual([4, 3, 4, 3, 3, 3, 4]);
    expect(sum.exclusions.X_DELISTED).toEqual([
      { from: cal[32], to: cal[59], rebalances: 4, kind: 'no-price', reason: expect.stringContaining(`last bar ${cal[29]}`) },
    ]);
    expect(sum.exclusions.X_GOOD).toBeUndefined();
    expect(sum.neverEligible).toEqual([]);
    expect([sum.eligibleMin, sum.eligibleMax]).toEqual([3, 4]);
  });

  it('uses its own market calendar: a crypto weekend is not an equity gap, and a whole market stopping is', () => {
    const days: string[] = [];
    for (let d = new Date('2021-01-04T00:00:00Z'); days.length < 42; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
    const coin: PriceSeries = { id: 'C_COIN', dates: days, close: walk(42, 6) };
    const eq = days.filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    // the only equity stops after its 20th bar: its market calendar goes on as weekdays
    const stock: PriceSeries = { id: 'S_STOCK', dates: eq.slice(0, 20), close: walk(20, 7) };
    const res = pointInTimeEligibility([coin, stock], (id) => (id.startsWith('C_') ? 'crypto' : 'us'), days, [14, 41], { ...rule, trainWindow: 14 });
    expect(Array.from(res[0].eligible)).toEqual([1, 1]);
    expect(res[1].reasons[1]!.kind).toBe('no-price');
  });
});
